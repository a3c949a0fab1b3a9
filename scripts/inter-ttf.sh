#!/bin/sh
# Makes assets/fonts/Inter-{Regular,SemiBold}.ttf from the OpenType files next to them: the
# PDF writer (fpdf) embeds TrueType outlines only. fontTools (Debian: python3-fonttools)
# converts the cubic outlines to quadratic ones (cu2qu, within 1 font unit) and keeps the
# Latin, punctuation, arrow and symbol blocks, so every Dutch and English letter is there.
set -eu
cd "$(dirname "$0")/../assets/fonts"
for weight in Regular SemiBold; do
	/usr/bin/python3 - "Inter-$weight.otf" "Inter-$weight.full.ttf" <<'PY'
import sys
from fontTools.ttLib import TTFont, newTable
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
src, dst = sys.argv[1], sys.argv[2]
font = TTFont(src)
glyphs = font.getGlyphSet()
glyf = newTable("glyf")
glyf.glyphOrder = font.getGlyphOrder()
glyf.glyphs = {}
for name in font.getGlyphOrder():
    pen = TTGlyphPen(glyphs)
    glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
    glyf[name] = pen.glyph()
font["glyf"] = glyf
font["loca"] = newTable("loca")
maxp = font["maxp"]
maxp.tableVersion = 0x00010000
for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
              "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
    setattr(maxp, field, 0)
maxp.maxZones = 1
font["head"].glyphDataFormat = 0
font["post"].formatType = 3.0
for table in ("CFF ", "VORG"):
    if table in font:
        del font[table]
font.sfntVersion = "\x00\x01\x00\x00"
font.save(dst)
PY
	/usr/bin/python3 -m fontTools.subset "Inter-$weight.full.ttf" \
		--unicodes="U+0000-024F,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-215F,U+2190-21FF,U+2200-22FF,U+25A0-25FF,U+2600-26FF,U+2700-27BF" \
		--layout-features='' --no-hinting --output-file="Inter-$weight.ttf"
	rm "Inter-$weight.full.ttf"
done
