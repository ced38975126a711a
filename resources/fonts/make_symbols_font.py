"""Re-create SernamSymbols.ttf: the emoji and symbols DejaVu Sans lacks (a one-off
developer tool, like slim_fonts.py).

The form PDF embeds DejaVu Sans, which has no emoji: a cell typed with 😀 or ✅
would print as an empty box.  This file is a subset of Symbola 2.60 (George
Douros, "free for any use"; see LICENSE-Symbola.txt) holding only the
characters of the symbol and emoji blocks that DejaVu Sans does not cover,
without hinting.  pdf.py prints those characters with it; reportlab embeds only
the glyphs a document uses.

Needs fontTools and Debian's fonts-symbola (not application dependencies):

    apt-get download fonts-symbola && dpkg-deb -x fonts-symbola_*.deb /tmp/symbola
    pip install --target /tmp/ft fonttools
    PYTHONPATH=/tmp/ft python resources/fonts/make_symbols_font.py \\
        /tmp/symbola/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
RANGES = [(0x2190, 0x21FF), (0x2300, 0x23FF), (0x2460, 0x24FF), (0x25A0, 0x27BF),
          (0x2900, 0x297F), (0x2B00, 0x2BFF), (0x1F000, 0x1FAFF)]


def main(src: Path) -> None:
    dejavu = set(TTFont(HERE / "DejaVuSans.ttf").getBestCmap())
    symbola = TTFont(src).getBestCmap()
    wanted = sorted(c for c in symbola if c not in dejavu
                    and any(a <= c <= b for a, b in RANGES))
    opts = subset.Options()
    opts.hinting = False
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    opts.layout_features = []
    opts.notdef_outline = True
    font = subset.load_font(str(src), opts)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=wanted)
    sub.subset(font)
    out = HERE / "SernamSymbols.ttf"
    subset.save_font(font, str(out), opts)
    print(out, len(wanted), "characters,", out.stat().st_size // 1024, "KB")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
