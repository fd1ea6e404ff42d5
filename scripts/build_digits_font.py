"""Build the letters' digits font: plain (unslashed) figures for money and phone numbers.

    .venv/bin/python scripts/build_digits_font.py [path/to/@fontsource/public-sans]

Atkinson Hyperlegible, the letters' font, draws zero with a slash and has no feature
to turn it off (its successors, Atkinson Hyperlegible Next and Mono, slash it too), so
"£1,050.00" and "0300 123 4567" read oddly in a letter (issue 15, item 13). This takes
Public Sans (SIL Open Font License 1.1, no reserved font name; npm
@fontsource/public-sans), keeps only the figures 0-9 (and the space), scales them to Atkinson
Hyperlegible's cap height, names the result "Portal Digits" (a Modified Version under
the OFL, which travels with it as OFL-portal-digits.txt) and writes it to
static/fonts/. Letters list "Portal Digits" before Atkinson Hyperlegible, so figures come
from it and every other character, which it does not have, from Atkinson.

The output is committed (four small files), so rendering never depends on this script;
run it again only to change what it makes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "static" / "fonts"
FAMILY = "Portal Digits"
# The figures, and the spaces between them: Pango keeps a space between two figures in
# the figures' font, which must therefore have one (else it draws a missing-glyph box).
DIGITS = [0x30 + n for n in range(10)] + [0x20, 0xA0]
# Atkinson Hyperlegible's figures stand 0.680 em tall, Public Sans's 0.733 em: scale the
# figures (and their advance widths) so a phone number sits level with the words around it.
SCALE = 0.680 / 0.733
FACES = [(400, "normal"), (400, "italic"), (700, "normal"), (700, "italic")]


def build(source: Path, weight: int, style: str) -> Path:
    font = TTFont(source / "files" / f"public-sans-latin-{weight}-{style}.woff")
    options = subset.Options()
    options.layout_features = ["tnum", "pnum", "lnum"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=DIGITS)
    subsetter.subset(font)
    _scale(font)
    _rename(font, weight, style)
    font.flavor = "woff"
    target = OUT / f"portal-digits-{weight}-{style}.woff"
    font.save(target)
    return target


def _scale(font: TTFont) -> None:
    glyf, hmtx = font["glyf"], font["hmtx"]
    glyphs = font.getGlyphSet()
    for name in font.getGlyphOrder():
        pen = DecomposingRecordingPen(glyphs)
        glyphs[name].draw(pen)
        out = TTGlyphPen(None)
        pen.replay(TransformPen(out, (SCALE, 0, 0, SCALE, 0, 0)))
        glyf[name] = out.glyph()
        width, _lsb = hmtx[name]
        glyph = glyf[name]
        glyph.recalcBounds(glyf)
        hmtx[name] = (round(width * SCALE), getattr(glyph, "xMin", 0))


def _rename(font: TTFont, weight: int, style: str) -> None:
    sub = {(400, "normal"): "Regular", (400, "italic"): "Italic",
           (700, "normal"): "Bold", (700, "italic"): "Bold Italic"}[(weight, style)]
    names = font["name"]
    postscript = f"PortalDigits-{sub.replace(' ', '')}"
    for record in list(names.names):
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID in (2, 17):
            record.string = sub
        elif record.nameID == 4:
            record.string = f"{FAMILY} {sub}"
        elif record.nameID == 6:
            record.string = postscript
        elif record.nameID == 3:
            record.string = f"{postscript}; derived from Public Sans"
        elif record.nameID == 5:
            record.string = f"{record.toUnicode()}; figures only, scaled to {SCALE:.3f}"


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else (
        ROOT / "node_modules" / "@fontsource" / "public-sans")
    OUT.mkdir(parents=True, exist_ok=True)
    for weight, style in FACES:
        print(f"wrote {build(source, weight, style).relative_to(ROOT)}")
    licence = (source / "LICENSE").read_text(encoding="utf-8")
    (OUT / "OFL-portal-digits.txt").write_text(
        f"{FAMILY} is a Modified Version of Public Sans: the figures 0-9 only, scaled by "
        f"{SCALE:.3f} (made by scripts/build_digits_font.py).\n\n{licence}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
