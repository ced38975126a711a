"""The «Copias de seguridad» dialog (pytest-qt, QMessageBox patched)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from sernam_desktop.backup import BackupManager, list_backups  # noqa: E402
from sernam_desktop.commands import SetField  # noqa: E402
from sernam_desktop.store import Store  # noqa: E402
from sernam_desktop.ui.backup_dialog import BackupDialog, run_restore_dialog  # noqa: E402


@pytest.fixture
def with_backups(demo_file, tmp_path, monkeypatch):
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(tmp_path / "home"))
    path, uid = demo_file
    with Store(path) as s:
        original = s.field_value(uid, "notas", "notas")
        mgr = BackupManager(s, keep=5, every_minutes=10)
        mgr.backup_now()
        s.execute(SetField(uid, "notas", "notas", "segunda versión"))
        mgr.backup_now()
        s.execute(SetField(uid, "notas", "notas", "trabajo sin copia"))
    return path, uid, original


def test_lists_backups_newest_first(qtbot, with_backups, tmp_path):
    path, _, _ = with_backups
    dlg = BackupDialog(path)
    qtbot.addWidget(dlg)
    dlg.show()
    t = dlg.table
    assert t.rowCount() == 2
    assert [t.horizontalHeaderItem(c).text() for c in range(4)] == [
        "Fecha", "Tamaño", "Formularios", "Estado"]
    assert t.item(0, 2).text() == "1" and "KB" in t.item(0, 1).text()
    assert t.item(0, 3).text() == "En buen estado"
    assert dlg.selected().path == list_backups(path)[0].path
    assert dlg.restore_button.isEnabled()
    dlg.grab().save(str(tmp_path / "backup_dialog.png"))


def test_restore_asks_first_and_keeps_current_file(qtbot, with_backups, monkeypatch):
    path, uid, original = with_backups
    asked, closed, infos = [], [], []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: (asked.append(a[2]), QMessageBox.StandardButton.No)[1])
    dlg = BackupDialog(path, before_restore=lambda: closed.append(True))
    qtbot.addWidget(dlg)
    dlg.table.selectRow(1)  # the older one
    assert dlg.restore_selected() is False  # user said no: nothing happens
    assert "no se borra" in asked[0] and not closed and not dlg.restored
    with Store(path, readonly=True) as s:
        assert s.field_value(uid, "notas", "notas") == "trabajo sin copia"

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: infos.append(a[2]))
    assert dlg.restore_selected() is True
    assert closed == [True] and dlg.restored and dlg.result() == dlg.DialogCode.Accepted
    assert "antes-de-restaurar" in infos[0]
    with Store(path, readonly=True) as s:
        assert s.field_value(uid, "notas", "notas") == original != ""
    with Store(dlg.aside, readonly=True) as s:
        assert s.field_value(uid, "notas", "notas") == "trabajo sin copia"


def test_damaged_backup_cannot_be_restored_and_backup_now(qtbot, with_backups, monkeypatch):
    path, _, _ = with_backups
    newest = list_backups(path)[0].path
    newest.write_bytes(b"\0" * 4096)
    dlg = BackupDialog(path)
    qtbot.addWidget(dlg)
    assert dlg.table.item(0, 3).text().startswith("Dañada")
    assert dlg.selected().path != newest  # the first good one is preselected
    dlg.table.selectRow(0)
    assert not dlg.restore_button.isEnabled()
    made = dlg.backup_now()
    # changed by design (issue 13 §3): rotation keeps what it cannot verify
    assert made is not None and dlg.table.rowCount() == 3 and newest.exists()
    assert dlg.table.item(0, 3).text() == "En buen estado"


def test_empty_list_and_run_restore_dialog(qtbot, demo_file, tmp_path, monkeypatch):
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(tmp_path / "home"))
    path, _ = demo_file
    dlg = BackupDialog(path)
    qtbot.addWidget(dlg)
    assert dlg.table.isHidden() and not dlg.empty_label.isHidden()
    assert not dlg.restore_button.isEnabled()
    monkeypatch.setattr(BackupDialog, "exec", lambda self: 0)
    assert run_restore_dialog(None, path) is False
