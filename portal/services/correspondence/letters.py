"""Letters as tagged PDFs: complaint responses and refusals (SPEC §2, §4, §6).

    render_pdf("documents/response.html", context)                    # 11.5pt body
    render_pdf("documents/refusal.html", context, large_print=True)   # 18pt body

Call it inside an app context: the template is rendered by Flask's `render_template`
(so the app's `long_date` filter is available) and then laid out by WeasyPrint as an
A4 PDF/UA-1 document: tagged structure, `/Lang en-GB`, the `<title>` as the document
title and the landlord as its author.

- WeasyPrint is imported on the first call, not at import time (the import alone takes
  0.3-0.45 s). One `FontConfiguration` is made on that first call and reused, so the
  embedded font is decoded once per process.
- Atkinson Hyperlegible is embedded from static/build/fonts/ (built by
  scripts/build-assets.sh), with its figures taken from "Portal Digits"
  (static/fonts/, committed), so money and phone numbers have a plain zero. If the
  Atkinson files are missing the letter still renders, in DejaVu Sans, and a warning
  is logged once.
- Only the font files can be fetched while rendering: every other URL (a stray `<img>`,
  a remote stylesheet) is refused, so a letter never reads the network or other files.
- Free text (reasons, apology, detail...) is escaped by Jinja; a blank line in it starts a
  new paragraph. `on_behalf_of` is the resident's name: the letter then says "Written to
  <recipient> on behalf of <resident>".
- Rendering is serialised by a lock: the shared Pango font map is not documented as
  thread-safe, and a warm render takes ~0.1 s (BENCHMARKS.md, "PDF letters").
- WeasyPrint writes the embedded fonts to a folder while the process lives. Left to itself
  it makes a `weasyprint-*` folder in the system's temporary folder and never removes it;
  here it is a folder of the portal's own (`SCRATCH_ROOT`, one per process, named by host
  and process id), removed when the process ends, and any left by a process that died is
  removed by the next process on that host to render a letter.
"""

from __future__ import annotations

import atexit
import logging
import os
import re
import shutil
import socket
import tempfile
import threading
from pathlib import Path
from typing import Any

from flask import render_template

from portal.config import INSTANCE, ROOT

log = logging.getLogger(__name__)

FONT_DIR = ROOT / "static" / "build" / "fonts"
FONT_FAMILY = "Atkinson Hyperlegible"
FALLBACK_FAMILY = "DejaVu Sans"
# Plain (unslashed) figures for money and phone numbers: Atkinson Hyperlegible slashes
# its zero and cannot be told not to, so figures come from "Portal Digits", a font of
# the figures alone (made from Public Sans, OFL, by scripts/build_digits_font.py and
# committed), listed first; every other character falls through to Atkinson.
DIGITS_DIR = ROOT / "static" / "fonts"
DIGITS_FAMILY = "Portal Digits"
DEFAULT_BRAND_COLOUR = "#005a70"
_FACES = ((400, "normal"), (400, "italic"), (700, "normal"), (700, "italic"))
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3}")
SCRATCH_ROOT = INSTANCE / "letter-fonts"

_lock = threading.Lock()
_font_config = None  # weasyprint.text.fonts.FontConfiguration, made on first render
_fetcher = None
_warned_missing_fonts = False


def render_pdf(template: str, context: dict, *, large_print: bool = False) -> bytes:
    """Render a letter template to PDF bytes (A4, tagged PDF/UA-1, en-GB)."""
    return pdf_from_html(render_html(template, context, large_print=large_print))


def render_html(template: str, context: dict, *, large_print: bool = False) -> str:
    """The letter as the HTML WeasyPrint lays out: kept beside the PDF as its web
    version (letter_files.store_letters), so the two cannot say different things."""
    landlord = context["landlord"]
    letter = {
        **context,
        "large_print": large_print,
        "font_faces": font_faces(),
        "font_family": FONT_FAMILY,
        "fallback_family": FALLBACK_FAMILY,
        "font_families": font_families(),
        "brand_colour": safe_colour(getattr(landlord, "brand_colour", "")),
        "paragraphs": paragraphs,
    }
    return render_template(template, **letter)


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML

    with _lock:
        document = HTML(string=html, base_url=ROOT.as_uri() + "/", url_fetcher=_url_fetcher())
        return document.write_pdf(font_config=_font_configuration(), pdf_variant="pdf/ua-1")


def font_faces() -> list[dict[str, Any]]:
    """The Atkinson Hyperlegible faces present on disk, as `@font-face` data.

    Each is {"family": "Atkinson Hyperlegible", "weight": 400, "style": "normal",
    "url": "file:///.../x.woff"}, then the same for "Portal Digits". An empty list (fonts
    not built) makes the letter fall back to DejaVu Sans.
    """
    global _warned_missing_fonts
    faces = []
    for weight, style in _FACES:
        path = FONT_DIR / f"atkinson-hyperlegible-latin-{weight}-{style}.woff"
        if path.is_file():
            faces.append({"family": FONT_FAMILY, "weight": weight, "style": style,
                          "url": path.as_uri()})
    for weight, style in _FACES:
        path = DIGITS_DIR / f"portal-digits-{weight}-{style}.woff"
        if faces and path.is_file():
            faces.append({"family": DIGITS_FAMILY, "weight": weight, "style": style,
                          "url": path.as_uri()})
    if not faces and not _warned_missing_fonts:
        _warned_missing_fonts = True
        log.warning(
            "Letter font missing in %s: letters fall back to %s. "
            "Run `sh scripts/build-assets.sh` to build it.",
            FONT_DIR,
            FALLBACK_FAMILY,
        )
    return faces


def font_families() -> list[str]:
    """The letters' font-family list, first choice first: the figures font (when there is
    one), Atkinson Hyperlegible, then DejaVu Sans (present wherever Pango is)."""
    families = {face["family"] for face in font_faces()}
    return [f for f in (DIGITS_FAMILY, FONT_FAMILY) if f in families] + [FALLBACK_FAMILY]


def safe_colour(value: str) -> str:
    """The brand colour if it is a plain hex colour, else the default (it goes into CSS)."""
    value = (value or "").strip()
    return value if _HEX_COLOUR.fullmatch(value) else DEFAULT_BRAND_COLOUR


def paragraphs(text: str | None) -> list[str]:
    """Free text split into paragraphs at blank lines; empty and None give []."""
    if not text:
        return []
    parts = re.split(r"\n\s*\n", str(text).replace("\r\n", "\n").strip())
    return [part.strip() for part in parts if part.strip()]


def _font_configuration():
    global _font_config
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        config = FontConfiguration()
        # Where WeasyPrint keeps the fonts it embeds (else a weasyprint-* folder in /tmp,
        # never removed): tests/unit/test_letter_files.py checks it still reads this.
        config._folder = _scratch_folder()
        _font_config = config
    return _font_config


def _scratch_folder() -> Path:
    """This process's own folder under SCRATCH_ROOT, removed when the process ends."""
    SCRATCH_ROOT.mkdir(mode=0o700, parents=True, exist_ok=True)
    _remove_orphans(SCRATCH_ROOT)
    folder = Path(tempfile.mkdtemp(prefix=f"{socket.gethostname()}.{os.getpid()}.",
                                   dir=SCRATCH_ROOT))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _remove_orphans(root: Path) -> None:
    """Remove the folders of processes on this host that are no longer running."""
    host = socket.gethostname()
    for folder in root.iterdir():
        name_host, _, rest = folder.name.rpartition(".")[0].rpartition(".")
        pid = int(rest) if rest.isdigit() else None
        if name_host != host or pid is None or _running(pid):
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _url_fetcher():
    """A fetcher that serves the font files and refuses every other URL."""
    global _fetcher
    if _fetcher is None:
        from urllib.request import url2pathname

        from weasyprint.urls import URLFetcher, URLFetcherResponse

        class FontsOnly(URLFetcher):
            def fetch(self, url, headers=None):
                if url.startswith("file:"):
                    path = Path(url2pathname(url.split("?")[0].removeprefix("file:")))
                    path = path.resolve()
                    in_font_dir = path.parent in (FONT_DIR.resolve(), DIGITS_DIR.resolve())
                    if in_font_dir and path.suffix in (".woff", ".woff2"):
                        return URLFetcherResponse(url, path.read_bytes())
                raise ValueError(f"letters may only load their own fonts, not {url}")

        _fetcher = FontsOnly()
    return _fetcher
