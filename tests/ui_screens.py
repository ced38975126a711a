"""Measure the main window on one screen size (run in a subprocess by the tests).

    python tests/ui_screens.py WIDTH HEIGHT SCALE

Opens the 2007 example on an offscreen screen of WIDTH×HEIGHT pixels at
QT_SCALE_FACTOR=SCALE with the window filling the screen, visits every table
and prints one JSON object: per table the column widths, their minimums and
the viewport width, whether header labels fit, and whether the status-bar
labels and toolbar buttons are shown whole.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def main() -> int:
    width, height, scale = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    with tempfile.TemporaryDirectory(prefix="sernam-size-") as d:
        return measure(Path(d), width, height, scale)


def measure(tmp: Path, width: int, height: int, scale: str) -> int:
    screen = tmp / "screen.json"
    screen.write_text(json.dumps({"synchronousWindowSystemEvents": False,
                                  "windowFrameMargins": False,
                                  "screens": [{"name": "s", "x": 0, "y": 0, "width": width,
                                               "height": height, "logicalDpi": 96,
                                               "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    os.environ["QT_SCALE_FACTOR"] = scale
    os.environ["SERNAM_DESKTOP_HOME"] = str(tmp / "home")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

    from PySide6.QtWidgets import QApplication, QToolBar

    from sernam_desktop.examples import load_demo
    from sernam_desktop.store import Store
    from sernam_desktop.ui.app import ensure_app
    from sernam_desktop.ui.main_window import MainWindow
    from sernam_desktop.ui.session import FormSession

    app = ensure_app()
    store = Store(tmp / "f.sqlite3")
    uid = load_demo(store)
    win = MainWindow(FormSession(store, uid))
    avail = app.primaryScreen().availableGeometry()
    win.resize(avail.width(), avail.height())
    win.show()

    def settle() -> None:
        for _ in range(8):
            QApplication.processEvents()

    settle()
    out: dict = {"window": [win.width(), win.height()], "tables": {}}
    for sec in win.session.form.tables:
        screen = win.show_section(sec.key)
        settle()
        v = screen.view
        hh = v.horizontalHeader()
        widths = [v.columnWidth(i) for i in range(screen.model.columnCount())]
        out["tables"][sec.key] = {
            "widths": widths,
            "mins": [screen.min_column_width(c) for c in sec.columns],
            "viewport": v.viewport().width(),
            "hscroll": v.horizontalScrollBar().isVisible(),
            "header_fits": all(hh.height() >= hh._wrapped_height(i, widths[i])
                               for i in range(len(widths))),
        }
    bar = win.findChild(QToolBar, "mainToolbar")
    out["toolbar_hidden"] = [a.text() for a in bar.actions() if not a.isSeparator()
                             and not bar.widgetForAction(a).isVisible()]
    out["status_clipped"] = [lab.objectName() for lab in (win.lifecycle_label,)
                             if lab.width() < lab.sizeHint().width()]
    out["tabs_button"] = win.tabs_button.isVisible()
    print(json.dumps(out))
    win.close()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
