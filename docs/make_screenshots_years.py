"""Screenshots of «Nuevo año a partir de…» and of a Word form brought in
(«Importar formulario Word…») into docs/screenshots/, at the reference screen:
a 1366×768 laptop at 125 % (QT_SCALE_FACTOR=1.25, window 1093×614).

    .venv/bin/python docs/make_screenshots_years.py

Runs offscreen on a throw-away user folder; the Word document is built with
python-docx from the 2007 example (tests/docx_factory.py).
"""

from __future__ import annotations

import screenshot_kit  # noqa: F401,I001 - first: the reference screen, before Qt
from screenshot_kit import SIZE, Shots


def main() -> int:
    import docx
    from docx_factory import build
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog

    from sernam_desktop.examples import load_demo
    from sernam_desktop.paths import user_home
    from sernam_desktop.store import Store
    from sernam_desktop.ui import years
    from sernam_desktop.ui.app import AppController

    shots = Shots()
    shot = shots.shot

    db = user_home() / "oficina.sqlite3"
    with Store(db) as s:
        load_demo(s)
    ctl = AppController(db)
    ctl.open_db(db)
    ctl.show_welcome()
    ctl.window.resize(*SIZE)
    shot(ctl.window, "40-nuevo-ano-inicio")

    # the dialog, as the user sees it before accepting
    src = ctl.store.instances()[0]["uuid"]
    dlg = years.NewYearDialog(ctl.store, src, ctl.window)
    dlg.show()
    shot(dlg, "41-nuevo-ano-dialogo")
    dlg.close()

    def accept(d: QDialog) -> int:
        d.year.setValue(2008)
        return QDialog.DialogCode.Accepted

    years.NewYearDialog.exec = accept  # type: ignore[method-assign]
    ctl.window.new_year_button.click()
    win = ctl.window
    win.resize(*SIZE)
    win.show()
    screen = win.show_section("actividad_1_1")
    screen.view.setCurrentIndex(screen.model.index(1, 2))
    screen.view.scrollToTop()
    shot(win, "42-nuevo-ano-formulario")
    ctl.show_welcome()
    ctl.window.resize(*SIZE)
    shot(ctl.window, "43-inicio-varios-anos")

    # a Word form brought in (with one paragraph it cannot place)
    path = build("broken", user_home() / "etapa4-2007-biobio.docx", region="VIII Región",
                 servicio="Dirección Regional del Biobío")
    d = docx.Document(str(path))
    t13 = next(t for t in d.tables if "Actividad 1.3" in t.rows[0].cells[0].text)
    t13._tbl.addprevious(d.add_paragraph("Ver anexo enviado por correo.")._p)
    d.save(str(path))
    QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (str(path), ""))
    QInputDialog.getInt = staticmethod(lambda *a, **k: (2007, True))
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
    ctl.window.import_docx_button.click()
    win = ctl.window
    win.resize(*SIZE)
    win.show()
    screen = win.show_section("actividad_1_2")
    screen.view.setCurrentIndex(screen.model.index(0, 0))
    shot(win, "44-word-importado")
    win.show_section("notas")
    shot(win, "45-word-importado-notas")
    return shots.finish()


if __name__ == "__main__":
    raise SystemExit(main())
