"""What every docs/make_screenshots*.py script shares: the reference screen, a
throw-away user folder, the app with the shipped fonts, and ``shot()``.

The reference screen of the regional offices is a 1366×768 laptop at 125 %: an
offscreen screen of 1366×768 pixels (tests/offscreen-laptop.json, the one the
test suite uses) with QT_SCALE_FACTOR=1.25, i.e. windows of 1093×614 logical
pixels.  Import this module before anything imports Qt.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SIZE = (1093, 614)

_TMP = tempfile.TemporaryDirectory(prefix="sernam-shots-")  # removed at exit
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={ROOT / 'tests' / 'offscreen-laptop.json'}"
os.environ["QT_SCALE_FACTOR"] = "1.25"
os.environ["SERNAM_DESKTOP_HOME"] = os.path.join(_TMP.name, "home")
for p in (ROOT, ROOT / "tests"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))


class Shots:
    """The running app (shipped fonts, DejaVu Sans 9) and the PNGs written."""

    def __init__(self, settle_rounds: int = 8) -> None:
        from PySide6.QtGui import QFont, QFontDatabase

        from sernam_desktop.paths import resources_dir
        from sernam_desktop.ui.app import ensure_app

        self.app = ensure_app()
        for ttf in sorted((resources_dir() / "fonts").glob("*.ttf")):
            QFontDatabase.addApplicationFont(str(ttf))
        self.app.setFont(QFont("DejaVu Sans", 9))
        OUT.mkdir(parents=True, exist_ok=True)
        self.settle_rounds = settle_rounds
        self.written: list[str] = []

    def settle(self) -> None:
        from PySide6.QtWidgets import QApplication

        for _ in range(self.settle_rounds):
            QApplication.processEvents()

    def shot(self, w, name: str) -> None:  # noqa: ANN001 - a QWidget
        self.settle()
        path = OUT / f"{name}.png"
        w.grab().save(str(path))
        self.written.append(path.name)

    def finish(self) -> int:
        """Print what was written; empty the clipboard (Qt's offscreen platform
        crashes at exit while it holds Python-set QMimeData)."""
        for name in self.written:
            print(OUT / name)
        self.app.clipboard().clear()
        return 0
