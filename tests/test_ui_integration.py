"""The main window's hooks into PDF, Excel, bundles, central mode, backups and recovery."""

from __future__ import annotations

import importlib.util

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox
from ui_helpers import fill_everything

from sernam_desktop.store import Store
from sernam_desktop.ui import app as appmod
from sernam_desktop.ui.main_window import MainWindow
from sernam_desktop.ui.session import FormSession


def has(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


@pytest.fixture
def win(qtbot, demo_file, monkeypatch):
    path, uid = demo_file
    store = Store(path)
    w = MainWindow(FormSession(store, uid))
    qtbot.addWidget(w)
    w.show()
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    w.opened_urls = opened
    messages = []
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name,
                            lambda *a, _n=name, **k: messages.append((_n, a[2])))
    w.messages = messages
    yield w
    w.close()
    store.close()


def action(win: MainWindow, name: str):
    a = win.findChild(type(win.find_action), name)
    assert a is not None, f"menu action {name} missing"
    return a


@pytest.mark.skipif(not has("sernam_desktop.pdf"), reason="PDF module not present")
def test_export_pdf(win, tmp_path, monkeypatch):
    out = tmp_path / "formulario"  # the extension is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    action(win, "exportPdf").trigger()
    pdf = tmp_path / "formulario.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    action(win, "openPdf").trigger()
    assert win.opened_urls and win.opened_urls[-1].toLocalFile().endswith(".pdf")


@pytest.mark.skipif(not has("sernam_desktop.xlsx"), reason="Excel module not present")
def test_excel_round_trip_is_one_undoable_step(win, tmp_path, monkeypatch):
    s = win.session
    before = s.content()
    out = tmp_path / "libro.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    action(win, "exportXlsx").trigger()
    assert out.stat().st_size > 1000
    rid = s.store.row_ids(s.instance_id, "actividad_1_1")[0]
    s.set_cell(rid, "objetivo", "cambiado después de exportar")
    s.set_field("objetivo_2", "sistemas_informacion", "también cambiado")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    asked = []  # the workbook is older than these edits: the window asks first (issue 12)
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda box: asked.append(box.objectName()) or QMessageBox.StandardButton.Yes)
    n = s.undo_stack.count()
    action(win, "importXlsx").trigger()
    assert asked == ["staleImport"]
    assert not [m for m in win.messages if m[0] in ("warning", "critical")], win.messages
    assert s.content() == before
    assert win.screens["objetivo_2"].editors["sistemas_informacion"].text() == \
        before["objetivo_2"]["sistemas_informacion"]
    assert s.undo_stack.count() == n + 1
    win.undo_action.trigger()
    assert s.store.cell(rid, "objetivo") == "cambiado después de exportar"


@pytest.mark.skipif(not has("sernam_desktop.xlsx"), reason="Excel module not present")
def test_import_broken_excel_shows_message(win, tmp_path, monkeypatch):
    bad = tmp_path / "roto.xlsx"
    bad.write_bytes(b"no es un libro")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    before = win.session.content()
    action(win, "importXlsx").trigger()
    assert win.messages and win.messages[-1][0] == "warning"
    assert win.session.content() == before


@pytest.mark.skipif(not has("sernam_desktop.bundle"), reason="bundle module not present")
def test_send_to_central(win, monkeypatch):
    s = win.session
    action(win, "sendCentral").trigger()  # incomplete: refused, nothing changes
    assert win.messages[-1][0] == "warning"
    assert s.instance()["state"] == "borrador"
    fill_everything(s)
    action(win, "sendCentral").trigger()
    assert win.messages[-1][0] == "information", win.messages
    assert win.lifecycle_state == "enviado" and win.sent_banner.isVisible()
    assert win.opened_urls  # the outbox folder
    folder = win.opened_urls[-1].toLocalFile()
    from pathlib import Path

    assert any(p.suffix == ".eml" for p in Path(folder).iterdir())


@pytest.mark.skipif(not has("sernam_desktop.ui.central_window"), reason="central window absent")
def test_central_mode_from_controller(qtbot, tmp_path):
    from sernam_desktop.ui.central_window import CentralWindow

    ctl = appmod.AppController(tmp_path / "x.sqlite3")
    w = ctl.open_central([])
    assert isinstance(w, CentralWindow)
    qtbot.addWidget(w)
    w.close()
    ctl.shutdown()


@pytest.mark.skipif(not has("sernam_desktop.backup"), reason="backup module not present")
def test_backups_run_after_commands(qtbot, demo_file):
    path, uid = demo_file
    ctl = appmod.AppController(path)
    assert ctl.open_db(path)
    assert ctl.backups is not None
    calls = []
    ctl.backups.maybe_backup = lambda: calls.append(1)
    s = ctl.session
    rid = s.store.row_ids(uid, "actividad_1_1")[0]
    s.set_cell(rid, "objetivo", "x")
    s.set_cell(rid, "objetivo", "y")
    assert len(calls) == 2
    ctl.window.close()
    ctl.shutdown()


@pytest.mark.skipif(not has("sernam_desktop.ui.recovery"), reason="recovery module absent")
def test_damaged_database_offers_recovery(qtbot, tmp_path, monkeypatch):
    from sernam_desktop.ui import recovery

    bad = tmp_path / "danada.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    seen = []

    def fake_choose(box, buttons):
        seen.append(box.text())
        return recovery.CANCEL

    monkeypatch.setattr(recovery, "choose", fake_choose)
    ctl = appmod.AppController(bad)
    assert ctl.open_db(bad) is False
    assert seen
    ctl.shutdown()


@pytest.mark.skipif(not has("sernam_desktop.ui.backup_dialog"), reason="backup dialog absent")
def test_restore_backup_menu_reopens(qtbot, demo_file, monkeypatch):
    from sernam_desktop.ui import backup_dialog

    path, uid = demo_file
    ctl = appmod.AppController(path)
    ctl.open_db(path)
    called = []

    def fake(parent, db_path, before_restore=None):
        called.append(db_path)
        before_restore()
        return True

    monkeypatch.setattr(backup_dialog, "run_restore_dialog", fake)
    old = ctl.window
    action(old, "restoreBackup").trigger()
    assert called == [path]
    assert isinstance(ctl.window, MainWindow) and ctl.window is not old
    assert ctl.window.session.instance_id == uid
    ctl.window.close()
    ctl.shutdown()


def test_second_instance_opens_read_only(qtbot, demo_file):
    if not has("sernam_desktop.lock"):
        pytest.skip("lock module absent")
    path, uid = demo_file
    first = appmod.AppController(path)
    assert first.open_db(path)
    second = appmod.AppController(path)
    assert second.open_db(path)
    w = second.window
    assert isinstance(w, MainWindow)
    assert w.session.readonly and w.readonly_banner.isVisible()
    assert not first.window.session.readonly
    for c in (second, first):
        c.window.close()
        c.shutdown()
