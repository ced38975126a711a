"""Application start-up.  (Minimal until the desktop-app issue lands.)"""

from __future__ import annotations

import sys
from pathlib import Path


def run(db_path: Path, central: bool = False, bundles: list[Path] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv)
    label = QLabel(f"sernam-desktop — {db_path}")
    label.show()
    return app.exec()
