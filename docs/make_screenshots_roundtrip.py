"""Screenshots of the round trip (issue 15) into docs/screenshots/, at the reference
screen: a 1366×768 laptop at 125 % (QT_SCALE_FACTOR=1.25, window 1093×614).

    .venv/bin/python docs/make_screenshots_roundtrip.py

50-envios.png                «Archivo › Envíos…» after a return and a new revision
51-revision-central.png      the central «Revisar envíos y acuses…» dialog
52-devuelto-observaciones.png a returned form: the observations in the problems panel

Runs offscreen on a throw-away user folder.
"""

from __future__ import annotations

from pathlib import Path

import screenshot_kit  # noqa: F401,I001 - first: the reference screen, before Qt
from screenshot_kit import SIZE, Shots


def main() -> int:
    from PySide6.QtWidgets import QMessageBox
    from test_roundtrip import regional_file

    from sernam_desktop import outbox, receipts, review
    from sernam_desktop.central import CentralDB
    from sernam_desktop.paths import user_home
    from sernam_desktop.store import Store
    from sernam_desktop.ui.central_window import CentralWindow
    from sernam_desktop.ui.main_window import MainWindow
    from sernam_desktop.ui.session import FormSession

    shots = Shots()
    shot = shots.shot
    QMessageBox.information = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)

    home = user_home()
    office = home / "oficina-valparaiso.sqlite3"
    uid = regional_file(office, "05")
    cpath = home / "central.sqlite3"
    inbox = home / "acuses"
    with Store(office) as s:
        p = outbox.prepare(s, uid)
        with CentralDB(cpath) as c:
            c.merge_paths([p.path])
            sid = c.db.execute("SELECT max(id) FROM submissions").fetchone()[0]
            review.review(c, sid, approve=False,
                          comment="Faltan cifras en la actividad 1.1; revise también el "
                                  "responsable.",
                          on=[("1.1:2:resultado", "Indique la cifra alcanzada y su fuente."),
                              ("encabezado:responsable", "Indique el cargo completo.")])
            files = review.write_receipts(c, inbox)
        ret = next(f for f in files if f.name.endswith("-devuelto.sernam-acuse"))
        receipts.open_receipt(s, ret)

    # 52: the returned form, observations in the problems panel
    store = Store(office)
    win = MainWindow(FormSession(store, uid))
    win.resize(*SIZE)
    win.show()
    screen = win.show_section("actividad_1_1")
    notes = win.review_notes
    notes.list.setCurrentRow(0)
    notes._go(notes.list.item(0))
    screen.view.scrollToTop()
    shot(win, "52-devuelto-observaciones")

    # 50: the outbox after correcting and preparing revision 2
    row2 = store.row_ids(uid, "actividad_1_1")[1]
    win.session.set_cell(row2, "resultado", "Se alcanzó el 87 % de la meta (fuente: SIG regional).")
    outbox.prepare(store, uid)
    win.findChild(type(win.find_action), "outbox").trigger()
    dlg = win.outbox_dialog
    dlg.resize(SIZE[0] - 80, 330)
    shot(dlg, "50-envios")
    dlg.close()

    # 51: the central review dialog with a new revision to approve
    cw = CentralWindow(cpath)
    cw.merge_paths([Path(outbox.entries(store)[0]["path"])])
    rd = cw.show_review()
    rd.resize(SIZE[0] - 40, SIZE[1] - 40)
    rd.section_box.setCurrentIndex(rd.section_box.findData("1.2"))
    rd.row_spin.setValue(1)
    rd.field_box.setCurrentIndex(rd.field_box.findData("estado"))
    rd.note.setText("Justifique el estado «cumple parcialmente».")
    rd.add_note()
    rd.general.setPlainText("Revisado por el Nivel Central.")
    shot(rd, "51-revision-central")
    rd.close()
    cw.close()
    win.close()
    store.close()
    return shots.finish()


if __name__ == "__main__":
    raise SystemExit(main())
