"""Screenshots of the round trip (issue 15) into docs/screenshots/, at the reference
screen: a 1366×768 laptop at 125 % (QT_SCALE_FACTOR=1.25, window 1093×614).

    .venv/bin/python docs/make_screenshots_roundtrip.py

50-envios.png                «Archivo › Envíos…» after a return and a new revision
51-revision-central.png      the central «Revisar envíos y acuses…» dialog
52-devuelto-observaciones.png a returned form: the observations in the problems panel

Runs offscreen on a throw-away user folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_SCALE_FACTOR"] = "1.25"
os.environ["SERNAM_DESKTOP_HOME"] = tempfile.mkdtemp(prefix="sernam-shots-")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "docs" / "screenshots"
SIZE = (1093, 614)


def main() -> int:
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
    from test_roundtrip import regional_file

    from sernam_desktop import outbox, receipts, review
    from sernam_desktop.central import CentralDB
    from sernam_desktop.paths import resources_dir, user_home
    from sernam_desktop.store import Store
    from sernam_desktop.ui.app import ensure_app
    from sernam_desktop.ui.central_window import CentralWindow
    from sernam_desktop.ui.main_window import MainWindow
    from sernam_desktop.ui.session import FormSession

    app = ensure_app()
    for ttf in sorted((resources_dir() / "fonts").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(ttf))
    app.setFont(QFont("DejaVu Sans", 9))
    OUT.mkdir(parents=True, exist_ok=True)
    QMessageBox.information = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
    written: list[str] = []

    def settle() -> None:
        for _ in range(8):
            QApplication.processEvents()

    def shot(w: QWidget, name: str) -> None:
        settle()
        path = OUT / f"{name}.png"
        w.grab().save(str(path))
        written.append(path.name)

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
    for name in written:
        print(OUT / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
