"""Render the application icon from resources/icons/sernam-desktop.svg.

Writes ``resources/icons/sernam-desktop-<N>.png`` for N in SIZES and a
multi-size ``resources/icons/sernam-desktop.ico`` (for the Windows executable,
the installer and the .sernam file type).  The generated files are committed;
run this again after editing the SVG:

    .venv/bin/python packaging/make_icons.py

Rendering uses Qt's SVG renderer (PySide6, a build-time tool here, not part of
the Qt-free core).  The .ico container is written by hand because Qt's ico
image plugin stores one image per file: entries below 256 px are 32-bit DIBs
(what every Windows version reads, and what Explorer prefers for small sizes),
the 256 px entry is PNG-compressed, as the ICO format allows since Vista.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "sernam-desktop.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int):
    """The SVG rendered as a premultiplied-free ARGB32 QImage of size×size."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"SVG no válido: {SVG}")
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    painter = QPainter(img)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return img


def png_bytes(img) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not img.save(buf, "PNG"):
        raise SystemExit("no se pudo codificar PNG")
    buf.close()
    return bytes(data)


def dib_bytes(img) -> bytes:
    """An ICO image entry as a 32-bit BGRA DIB: BITMAPINFOHEADER (height
    doubled: colour rows then the 1-bit AND mask), rows stored bottom-up."""
    w, h = img.width(), img.height()
    header = struct.pack("<IiiHHIIiiII", 40, w, h * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    mask_stride = ((w + 31) // 32) * 4
    mask_rows = []
    for y in range(h - 1, -1, -1):
        row = bytearray()
        mask = bytearray(mask_stride)
        for x in range(w):
            argb = img.pixel(x, y)  # non-premultiplied 0xAARRGGBB
            a = (argb >> 24) & 0xFF
            row += struct.pack("<BBBB", argb & 0xFF, (argb >> 8) & 0xFF, (argb >> 16) & 0xFF, a)
            if a == 0:  # transparent in the AND mask too (for old renderers)
                mask[x // 8] |= 0x80 >> (x % 8)
        rows.append(bytes(row))
        mask_rows.append(bytes(mask))
    return header + b"".join(rows) + b"".join(mask_rows)


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """An ICO file holding the given {size: encoded image} entries."""
    count = len(images)
    out = struct.pack("<HHH", 0, 1, count)
    offset = 6 + 16 * count
    entries, blobs = [], []
    for size, blob in sorted(images.items()):
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return out + b"".join(entries) + b"".join(blobs)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    ico_entries: dict[int, bytes] = {}
    for size in sorted(set(SIZES) | set(ICO_SIZES)):
        img = render(size)
        png = png_bytes(img)
        if size in SIZES:
            (ICONS / f"sernam-desktop-{size}.png").write_bytes(png)
        if size in ICO_SIZES:
            ico_entries[size] = png if size >= 256 else dib_bytes(img)
    (ICONS / "sernam-desktop.ico").write_bytes(ico_bytes(ico_entries))
    print(f"Iconos escritos en {ICONS.relative_to(ROOT)}: "
          f"PNG {', '.join(map(str, SIZES))}; ICO {', '.join(map(str, ICO_SIZES))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
