"""Add U+202F (narrow no-break space) to the bundled Noto subsets (templates/fonts/README.md):
French sets it in every number ("1 598"), English figures have it too. An empty glyph half the
width of the space, which is how HarfBuzz drew it while the fonts had none, so the pages are
laid out as before. Usage: python scripts/add_narrow_space.py templates/fonts"""
import sys
from pathlib import Path
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables._g_l_y_f import Glyph

for path in sorted(Path(sys.argv[1]).glob("*.ttf")):
    # no recalculation: the other tables stay as they were (hhea.advanceWidthMax, head.modified)
    font = TTFont(path, recalcBBoxes=False, recalcTimestamp=False)
    cmap = font.getBestCmap()
    if 0x202F in cmap:
        continue
    space = cmap[0x20]
    order = font.getGlyphOrder()
    name = "uni202F"
    font.setGlyphOrder(order + [name])
    font["glyf"].glyphs[name] = Glyph()
    font["glyf"].glyphOrder = font.getGlyphOrder()
    font["hmtx"].metrics[name] = (font["hmtx"].metrics[space][0] // 2, 0)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap[0x202F] = name
    font["maxp"].numGlyphs = len(font.getGlyphOrder())
    font.save(path)
    print(path.name, font["hmtx"].metrics[space][0], font["hmtx"].metrics[name][0])
