"""Re-create the slimmed DejaVu Sans faces shipped here (a one-off developer tool).

reportlab embeds a subset of each TrueType face in every PDF, but copies the
hinting tables, per-glyph instructions and the whole ``name`` table into each
subset.  For the form PDF that roughly doubled the file, so the shipped faces
are DejaVu Sans 2.37 with hinting removed and the ``name`` table reduced to
IDs 0–6 (copyright, family, style, unique id, full name, version, PostScript
name: what fontTools' own subsetter keeps by default).  Glyph outlines and
metrics are unchanged; the full licence is LICENSE-DejaVu.txt beside this file.

Needs fontTools (not an application dependency):

    pip install --target /tmp/ft fonttools
    PYTHONPATH=/tmp/ft python resources/fonts/slim_fonts.py /usr/share/fonts/truetype/dejavu
"""

import sys
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import ttProgram

FACES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
KEEP_NAME_IDS = {0, 1, 2, 3, 4, 5, 6}


def slim(src: Path, dst: Path) -> None:
    font = TTFont(src)
    for tag in ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX", "gasp"):
        if tag in font:
            del font[tag]
    glyf = font["glyf"]
    for glyph in glyf.glyphs.values():
        glyph.expand(glyf)
        if hasattr(glyph, "program"):
            empty = ttProgram.Program()
            empty.fromBytecode(b"")
            glyph.program = empty
    font["maxp"].maxSizeOfInstructions = 0
    font["name"].names = [n for n in font["name"].names if n.nameID in KEEP_NAME_IDS]
    font.save(dst)


if __name__ == "__main__":
    src_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu")
    here = Path(__file__).resolve().parent
    for face in FACES:
        slim(src_dir / face, here / face)
        print(face, (here / face).stat().st_size)
