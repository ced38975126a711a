"""Write PNG screenshots of the desktop app into docs/screenshots/.

    .venv/bin/python docs/make_screenshots.py

Runs offscreen (no display needed) on a throw-away user folder with the 2007
example form loaded: the welcome screen, every tab, the cell editor, find,
the problems panel, the lifecycle after sending, and the dialogs.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SERNAM_DESKTOP_HOME"] = tempfile.mkdtemp(prefix="sernam-shots-")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
SIZE = (1280, 800)


def main() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

    from sernam_desktop.examples import load_demo
    from sernam_desktop.paths import resources_dir, user_home
    from sernam_desktop.store import Store
    from sernam_desktop.ui.app import AppController, ensure_app
    from sernam_desktop.ui.main_window import MainWindow
    from sernam_desktop.ui.screen_table import TableScreen

    app = ensure_app()
    for ttf in sorted((resources_dir() / "fonts").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(ttf))
    app.setFont(QFont("DejaVu Sans", 9))
    OUT.mkdir(parents=True, exist_ok=True)
    written: list[str] = []

    def settle() -> None:
        for _ in range(5):
            QApplication.processEvents()

    def shot(w: QWidget, name: str) -> None:
        settle()
        path = OUT / f"{name}.png"
        w.grab().save(str(path))
        written.append(path.name)

    # welcome screen on an empty database
    empty = user_home() / "vacia.sqlite3"
    ctl = AppController(empty)
    ctl.open_db(empty)
    ctl.window.resize(900, 560)
    shot(ctl.window, "00-inicio")
    ctl.window.close()
    ctl.shutdown()

    # the example form
    db = user_home() / "ejemplo.sqlite3"
    with Store(db) as s:
        load_demo(s)
    ctl = AppController(db)
    ctl.open_db(db)
    win = ctl.window
    assert isinstance(win, MainWindow)
    win.resize(*SIZE)
    win.show()
    settle()
    for i, sec in enumerate(win.session.form.sections):
        win.tabs.setCurrentIndex(i)
        screen = win.screens[sec.key]
        if isinstance(screen, TableScreen):
            screen.view.setCurrentIndex(screen.model.index(0, 0))
            screen.view.scrollToTop()
        shot(win, f"{i + 1:02d}-{sec.key}")

    # editing a cell (multi-line editor inside the table)
    screen = win.show_section("actividad_1_2")
    idx = screen.model.index(2, 2)
    screen.view.setCurrentIndex(idx)
    screen.view.edit(idx)
    settle()
    shot(win, "20-editando-celda")
    screen.view.setFocus()
    screen.flush()
    QApplication.processEvents()

    # status drop-down
    col = screen.section.keys().index("estado")
    idx = screen.model.index(0, col)
    screen.view.setCurrentIndex(idx)
    screen.view.edit(idx)
    settle()
    combo = screen.view.indexWidget(idx)
    if combo is not None:
        combo.showPopup()
        settle()
        shot(win, "21-estado")
        combo.hidePopup()
    screen.view.setFocus()

    # find across the form
    win.find_bar.open()
    win.find_bar.edit.setText("Comisión PRIO")
    win.find_bar.next()
    win.find_bar.next()
    shot(win, "22-buscar")
    win.find_bar.hide()

    # a problem clicked in the panel
    items = [win.problems.list.item(i) for i in range(win.problems.list.count())]
    target = next(it for it in items if "1.4" in it.text())
    win.problems.list.setCurrentItem(target)
    win.problems._activate(target)
    shot(win, "23-problemas")

    # dialogs: delete confirmation, draft confirmation, about
    def grab_box(name: str) -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible():
                shot(w, name)
                w.done(int(QMessageBox.StandardButton.No))
                return

    t11 = win.show_section("actividad_1_1")
    t11.view.setCurrentIndex(t11.model.index(2, 0))
    QTimer.singleShot(200, lambda: grab_box("30-dialogo-eliminar-fila"))
    t11.delete_row()
    QTimer.singleShot(200, lambda: grab_box("31-dialogo-borrador"))
    win.screens["objetivo_3"].generate_draft()
    QTimer.singleShot(200, lambda: grab_box("32-acerca-de"))
    win.show_about()
    from sernam_desktop.ui.preferences import PreferencesDialog

    prefs = PreferencesDialog(win)
    prefs.show()
    shot(prefs, "33-preferencias")
    prefs.reject()

    # the draft applied, then the form completed and sent (lifecycle)
    orig_q = QMessageBox.question
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    win.screens["objetivo_3"].generate_draft()
    QMessageBox.question = orig_q
    win.show_section("objetivo_3")
    shot(win, "24-borrador-generado")
    s = win.session
    for issue in s.issues():
        if issue.row_id:
            s.set_cell(issue.row_id, issue.field, "No se observan brechas.")
        elif issue.field == "fecha":
            s.set_field(issue.section, issue.field, "2008-01-15")
        elif issue.field == "responsable":
            s.set_field(issue.section, issue.field, "Encargada de Gestión Territorial")
    s.set_field("encabezado", "responsable", "Encargada de Gestión Territorial")
    win.show_section("encabezado")
    shot(win, "25-completo")
    win.mark_sent()
    shot(win, "26-enviado")
    win.close()
    ctl.shutdown()

    # a second window on the same file opens read-only
    first = AppController(db)
    first.open_db(db)
    second = AppController(db)
    second.open_db(db)
    second.window.resize(*SIZE)
    second.window.tabs.setCurrentIndex(1)
    shot(second.window, "27-solo-lectura")
    for c in (second, first):
        c.window.close()
        c.shutdown()

    print("\n".join(written))
    print(f"{len(written)} capturas en {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
