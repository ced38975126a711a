"""Write PNG screenshots of the desktop app into docs/screenshots/.

    .venv/bin/python docs/make_screenshots.py

Runs offscreen (no display needed) on a throw-away user folder with the 2007
example form loaded, on the regional offices' reference screen: a 1366×768
laptop at 125 % (QT_SCALE_FACTOR=1.25, window 1093×614 logical pixels; the
PNGs are 1366×768).  The welcome screen, every tab, editing a tall cell, the
«Texto de la celda» pane, a pasted block, the date picker, find, the
problems panel, the draft proposal, the lifecycle after sending, a bundle
opened by double-click, and the dialogs.
"""

from __future__ import annotations

import screenshot_kit  # noqa: F401,I001 - first: the reference screen, before Qt
from screenshot_kit import OUT, SIZE, Shots


def main() -> int:
    from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer
    from PySide6.QtGui import QGuiApplication, QPainter
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

    from sernam_desktop.examples import load_demo
    from sernam_desktop.paths import user_home
    from sernam_desktop.store import Store
    from sernam_desktop.ui.app import AppController
    from sernam_desktop.ui.main_window import MainWindow
    from sernam_desktop.ui.screen_table import TableScreen

    shots = Shots(settle_rounds=5)
    app, shot, settle, written = shots.app, shots.shot, shots.settle, shots.written

    # welcome screen on an empty database
    empty = user_home() / "vacia.sqlite3"
    ctl = AppController(empty)
    ctl.open_db(empty)
    ctl.window.resize(*SIZE)
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

    def shot_with_popup(w: QWidget, popup: QWidget, name: str) -> None:
        """The window with a popup (a separate window) painted where it is shown."""
        settle()
        pm = w.grab()
        p = QPainter(pm)
        p.drawPixmap(w.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0))), popup.grab())
        p.end()
        path = OUT / f"{name}.png"
        pm.save(str(path))
        written.append(path.name)

    # editing a tall cell (taller than the table): F2, the editor stays in view
    screen = win.show_section("actividad_1_1")
    view = screen.view
    row = max(range(screen.model.rowCount()), key=view.rowHeight)
    col = screen.section.keys().index("resultado")
    idx = screen.model.index(row, col)
    view.setFocus()
    view.setCurrentIndex(idx)
    view.scrollTo(idx, view.ScrollHint.PositionAtTop)
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 120)
    QTest.keyClick(view, Qt.Key.Key_F2)
    ed = view.indexWidget(idx)
    if ed is not None:
        QTest.keyClicks(ed, " Se agrega una frase al final")
    shot(win, "20-editando-celda")
    if ed is not None:
        QTest.keyClick(ed, Qt.Key.Key_Escape)  # cancel: the cell keeps its text
    settle()

    # the «Texto de la celda» pane (F6)
    screen = win.show_section("actividad_1_2")
    idx = screen.model.index(2, 2)
    screen.view.setFocus()
    screen.view.setCurrentIndex(idx)
    QTest.keyClick(screen.view, Qt.Key.Key_F6)
    shot(win, "28-texto-de-la-celda")
    QTest.keyClick(screen.cell_pane.edit, Qt.Key.Key_F6)

    # a block pasted from Excel/Word at the end of 1.3 (adds rows; one undo step)
    t13 = win.show_section("actividad_1_3")
    last = t13.model.rowCount() - 1
    t13.view.setFocus()
    t13.view.setCurrentIndex(t13.model.index(last, 0))
    mime = QMimeData()
    mime.setText("Difundir el plan en las 16 regiones\tTalleres en 12 regiones\t"
                 "Faltan Aysén, Magallanes, Ñuble y Los Ríos\n"
                 "Capacitar a los equipos regionales\tCapacitación de 80 funcionarias\t"
                 "No se observan brechas.\n")
    QGuiApplication.clipboard().setMimeData(mime)
    QTest.keyClick(t13.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    t13.view.scrollToBottom()
    shot(win, "29-pegar-bloque")
    win.undo()
    win.statusBar().clearMessage()

    # the date picker (F4 on the date)
    hdr = win.show_section("encabezado")
    date_ed = hdr.editors["fecha"]
    date_ed.widget.setFocus()
    QTest.keyClick(date_ed.widget, Qt.Key.Key_F4)
    cal = date_ed.container.calendar
    if cal is not None:
        shot_with_popup(win, cal, "34-calendario")
        cal.hide()
    screen = win.show_section("actividad_1_2")

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
        popup = combo.view().window()
        shot_with_popup(win, popup, "21-estado")
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

    # dialogs: delete confirmation, draft proposal, about
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
    report = win.show_section("objetivo_3")
    dlg = report.generate_draft()
    shot(dlg, "31-borrador-propuesta")
    QTimer.singleShot(200, lambda: grab_box("32-acerca-de"))
    win.show_about()
    from sernam_desktop.ui.preferences import PreferencesDialog

    prefs = PreferencesDialog(win)
    prefs.show()
    shot(prefs, "33-preferencias")
    prefs.reject()

    # part 1 of the proposal inserted (part 3 is never drafted), then the form completed
    # and sent (lifecycle)
    dlg.insert("logros")
    dlg.close()
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
        elif issue.field:  # e.g. part 3 of the executive report, never drafted
            s.set_field(issue.section, issue.field, "Fortalecer la coordinación con SUBDERE.")
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

    # a bundle double-clicked on a regional PC: what it is, view read-only
    from sernam_desktop.bundle import read_bundle, write_bundle
    from sernam_desktop.ui.bundle_open import BundleDialog

    with Store(db) as s3:
        uid = s3.instances()[0]["uuid"]
        bpath = write_bundle(s3, uid, user_home())
    bdlg = BundleDialog(read_bundle(bpath), bpath)
    bdlg.show()
    shot(bdlg, "35-abrir-envio")
    bdlg.close()

    print("\n".join(written))
    print(f"{len(written)} capturas en {OUT}")
    app.clipboard().clear()  # Qt's offscreen platform crashes at exit holding QMimeData
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
