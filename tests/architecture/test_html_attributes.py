"""Every page validates as HTML: htmx's attributes are written in their `data-hx-*` form,
which the HTML standard allows (the W3C Nu checker reports a bare `hx-get` as an error).
htmx reads both forms."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
BARE = re.compile(r"(?<![-\w])hx-[a-z-]+\s*=")


def test_no_template_uses_a_bare_hx_attribute():
    found = [f"{path.relative_to(TEMPLATES)}:{n}: {line.strip()[:80]}"
             for path in sorted(TEMPLATES.rglob("*.html"))
             for n, line in enumerate(path.read_text().splitlines(), 1) if BARE.search(line)]
    assert not found, "use data-hx-* (valid HTML):\n" + "\n".join(found)


def test_the_check_finds_a_bare_attribute():
    assert BARE.search('<div hx-get="/x">') and not BARE.search('<div data-hx-get="/x">')
