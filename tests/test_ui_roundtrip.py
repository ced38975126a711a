"""Issue 15 in the GUI (pytest-qt, offscreen): the same loop as tests/test_roundtrip.py.

region «Enviar a oficina central…» r1 → central window merges, «Revisar envíos y
acuses…» returns with an observation on a cell, saves the receipts → region drops
the return on its window, sees the observation in the problems panel, edits,
sends r2 → central approves → region «Abrir acuse…» → «Recibido», revision 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox  # noqa: E402
from test_roundtrip import regional_file  # noqa: E402

from sernam_desktop import paths, receipts  # noqa: E402
from sernam_desktop.store import Store  # noqa: E402
from sernam_desktop.ui.central_window import CentralWindow  # noqa: E402
from sernam_desktop.ui.main_window import MainWindow  # noqa: E402
from sernam_desktop.ui.session import FormSession  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def quiet(monkeypatch):
    messages: list[tuple[str, str]] = []
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name,
                            lambda *a, _n=name, **k: messages.append((_n, a[2])))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    return messages, opened


def drop(widget, path: Path) -> None:
    """Drag a file onto ``widget`` as Qt delivers it: DragEnter (must be accepted), Drop."""
    md = QMimeData()
    md.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, md,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    ev = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, md,
                    Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, ev)


def newest(folder: Path, pattern: str) -> Path:
    return max(folder.glob(pattern), key=lambda p: p.stat().st_mtime_ns)


def test_gui_loop(qtbot, tmp_path, quiet, monkeypatch):
    messages, opened = quiet
    office = tmp_path / "oficina.sqlite3"
    uid = regional_file(office)
    store = Store(office)
    win = MainWindow(FormSession(store, uid))
    qtbot.addWidget(win)
    win.show()
    central = CentralWindow(tmp_path / "central.sqlite3")
    qtbot.addWidget(central)
    inbox = tmp_path / "acuses"

    # region: «Enviar a oficina central…» → Listo para enviar, listed in «Envíos»
    win.findChild(type(win.find_action), "sendCentral").trigger()
    assert messages[-1][0] == "information", messages
    assert win.lifecycle_state == "enviado"
    assert "Listo para enviar" in win.lifecycle_label.text()
    win.findChild(type(win.find_action), "outbox").trigger()
    dlg = win.outbox_dialog
    assert [r["status"] for r in dlg.model.rows] == ["preparado"]
    assert dlg.model.data(dlg.model.index(0, 4)) == "Preparado"
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    copied = dlg.save_to()
    assert copied is not None and copied.parent == usb
    eml = dlg.compose()
    assert eml is not None and eml.suffix == ".eml"
    assert "Formulario Etapa N°4" in QApplication.clipboard().text()
    dlg.close()
    r1 = Path(win.outbox_dialog.model.rows[0]["path"])

    # central: merge, return with an observation on row 2 «Resultado» of 1.1
    central.merge_paths([r1])
    rd = central.show_review()
    assert rd.model.rows and rd.model.rows[0]["signature"] != "sin firma"
    rd.section_box.setCurrentIndex(rd.section_box.findData("1.1"))
    rd.row_spin.setValue(2)
    rd.field_box.setCurrentIndex(rd.field_box.findData("resultado"))
    rd.note.setText("Indique la cifra alcanzada.")
    assert rd.add_note()
    rd.general.setPlainText("Faltan precisiones en la actividad 1.1.")
    assert rd.decide(False) is not None
    assert rd.model.data(rd.model.index(0, 3)) == "Devuelto"
    assert len(rd.write_receipts(str(inbox))) == 2
    rd.close()

    # region: drop the return on the window
    drop(win, newest(inbox, "*-devuelto.sernam-acuse"))
    assert win.lifecycle_state == "devuelto", messages
    assert "Devuelto con observaciones" in win.lifecycle_label.text()
    notes = win.review_notes
    texts = [notes.list.item(i).text() for i in range(notes.list.count())]
    assert any("fila 2" in t and "Indique la cifra" in t for t in texts), texts
    assert notes.isVisibleTo(win.problems)  # shown in the panel (the dock itself may be closed)
    # clicking the observation goes to its cell
    item = next(notes.list.item(i) for i in range(notes.list.count())
                if "fila 2" in notes.list.item(i).text())
    notes.list.setCurrentItem(item)
    notes._go(item)
    assert win.current_section() == "actividad_1_1"

    # edit the cell: revision 2; the observation stays until attended
    row2 = store.row_ids(uid, "actividad_1_1")[1]
    assert win.session.set_cell(row2, "resultado", "87 % de la meta")
    assert store.instance(uid)["revision"] == 2 and win.lifecycle_state == "completo"
    n = notes.list.count()
    notes.attend()
    assert notes.list.count() == n - 1
    win.findChild(type(win.find_action), "sendCentral").trigger()
    assert win.lifecycle_state == "enviado"
    r2 = newest(paths.outbox_dir(), "*-r2-*.sernam")

    # central: merge r2 and approve it
    central.merge_paths([r2])
    rd = central.show_review()
    assert rd.model.rows[0]["revision"] == 2
    assert rd.decide(True) is not None
    rd.write_receipts(str(inbox))
    rd.close()

    # region: «Abrir acuse…» → Recibido, revisión 2
    approved = newest(inbox, "*-aprobado.sernam-acuse")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(approved), ""))
    win.findChild(type(win.find_action), "openReceipt").trigger()
    assert win.lifecycle_state == "recibido", messages
    assert "Recibido" in win.lifecycle_label.text() and "revisión 2" in win.lifecycle_label.text()
    # and a replay is refused with a Spanish reason, nothing changes
    win.findChild(type(win.find_action), "openReceipt").trigger()
    assert messages[-1][0] == "warning" and "ya se abrió" in messages[-1][1]
    assert win.lifecycle_state == "recibido"
    win.findChild(type(win.find_action), "outbox").trigger()
    assert [r["status"] for r in win.outbox_dialog.model.rows] == ["recibido", "devuelto"]
    win.outbox_dialog.close()
    assert receipts.pinned_central_fingerprint(store)
    # the welcome screen's list shows the same state (AppController passes «lifecycle»)
    from sernam_desktop.ui.app import AppController
    from sernam_desktop.ui.welcome import WelcomeWindow

    ctl = AppController.__new__(AppController)
    ctl.store = store
    insts = [{**i, "lifecycle": ctl._lifecycle(i)} for i in store.instances()]
    welcome = WelcomeWindow(office, insts, [], central_available=False)
    qtbot.addWidget(welcome)
    assert "Recibido, revisión 2" in welcome.forms_list.item(0).text()
    win.close()
    central.close()
    store.close()


def test_started_on_a_receipt_applies_it_and_opens_its_form(qtbot, tmp_path, quiet):
    """«sernam-desktop gui --receipt ARCHIVO» (what a double-click runs)."""
    from test_bundle_factory import sample_pdf

    from sernam_desktop import outbox, review
    from sernam_desktop.central import CentralDB
    from sernam_desktop.ui.app import AppController
    from sernam_desktop.ui.outbox import open_receipt_at_start

    messages, _ = quiet
    office = tmp_path / "oficina.sqlite3"
    uid = regional_file(office)
    with Store(office) as s:
        p = outbox.prepare(s, uid, tmp_path / "envios", pdf_bytes=sample_pdf())
    c = CentralDB(None)
    sid = c.merge_bytes(p.path.read_bytes(), p.path.name).submission_id
    review.review(c, sid, approve=True)
    (rec,) = [f for f in review.write_receipts(c, tmp_path / "a") if "aprobado" in f.name]
    ctl = AppController(office)
    assert ctl.open_db(office)
    try:
        assert open_receipt_at_start(ctl, rec)
        assert isinstance(ctl.window, MainWindow) and ctl.window.lifecycle_state == "recibido"
        assert messages[-1][0] == "information" and "aprobado" in messages[-1][1]
        assert not open_receipt_at_start(ctl, rec)  # replay: refused, with a reason
        assert messages[-1][0] == "warning" and "ya se abrió" in messages[-1][1]
    finally:
        ctl.shutdown()
