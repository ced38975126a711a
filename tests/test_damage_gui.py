"""ui/recovery.py: a database that cannot be opened gets a clear message and a way out."""

from __future__ import annotations

import sqlite3

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from sernam_desktop.appfile import (  # noqa: E402
    DatabaseDamaged,
    DatabaseReadOnly,
    DiskFull,
)
from sernam_desktop.backup import BackupManager  # noqa: E402
from sernam_desktop.commands import SetField  # noqa: E402
from sernam_desktop.errors import StoreError  # noqa: E402
from sernam_desktop.lock import LockedStore, open_store_for_editing  # noqa: E402
from sernam_desktop.store import SCHEMA_VERSION, Store  # noqa: E402
from sernam_desktop.ui import recovery  # noqa: E402


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(tmp_path / "home"))


class Chooser:
    """Stands in for the user: records each box shown, answers from a script."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.boxes = []

    def __call__(self, box, buttons):
        self.boxes.append({"text": box.text(), "info": box.informativeText(),
                           "buttons": {k: b.text() for k, b in buttons.items()}})
        return self.answers.pop(0)


def _open_error(path):
    try:
        open_store_for_editing(path)
    except StoreError as exc:
        return exc
    raise AssertionError("opened")


def test_damaged_file_offers_latest_backup_and_keeps_it_aside(qtbot, demo_file, home,
                                                               monkeypatch):
    path, uid = demo_file
    with Store(path) as s:
        BackupManager(s, keep=3, every_minutes=10).backup_now()
    damaged = b"\0" * 8192
    path.write_bytes(damaged)
    err = _open_error(path)
    chooser = Chooser(recovery.RESTORE)
    infos = []
    monkeypatch.setattr(recovery, "choose", chooser)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: infos.append(a[2]))
    store = recovery.offer_recovery(None, path, err)
    try:
        shown = chooser.boxes[0]
        assert shown["text"] == f"No se puede abrir «{path.name}»."
        assert "no es una base de datos de sernam-desktop" in shown["info"]
        assert "copia de seguridad en buen estado" in shown["info"]
        assert "no se borra" in shown["info"]
        assert shown["buttons"][recovery.RESTORE].startswith("Restaurar la copia del ")
        assert isinstance(store, LockedStore) and not store.readonly and store.has_instance(uid)
        assert "antes-de-restaurar" in infos[0]
    finally:
        store.close()
    aside = [p for p in path.parent.iterdir()
             if ".antes-de-restaurar-" in p.name and p.name.endswith(".sqlite3")]
    assert [p.read_bytes() for p in aside] == [damaged]


def test_no_backup_means_no_overwrite(qtbot, tmp_path, home, monkeypatch):
    path = tmp_path / "oficina.sqlite3"
    path.write_bytes(b"Documento de Word" * 100)
    err = _open_error(path)
    chooser = Chooser(recovery.CANCEL)
    monkeypatch.setattr(recovery, "choose", chooser)
    assert recovery.offer_recovery(None, path, err) is None
    assert "No hay copias de seguridad" in chooser.boxes[0]["info"]
    assert set(chooser.boxes[0]["buttons"]) == {recovery.CANCEL}
    assert path.read_bytes() == b"Documento de Word" * 100


def test_newer_version_recommends_updating(qtbot, demo_file, home, monkeypatch):
    path, _ = demo_file
    with Store(path) as s:
        BackupManager(s, keep=3, every_minutes=10).backup_now()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 3}")
    conn.close()
    chooser = Chooser(recovery.CANCEL)
    monkeypatch.setattr(recovery, "choose", chooser)
    assert recovery.offer_recovery(None, path, _open_error(path)) is None
    box = chooser.boxes[0]
    assert "versión más reciente" in box["info"]
    assert "instalar la versión más reciente" in box["info"]
    assert recovery.RESTORE in box["buttons"]


def test_readonly_offers_readonly_open(qtbot, demo_file, home, monkeypatch):
    path, uid = demo_file
    err = DatabaseReadOnly(f"El archivo «{path}» es de solo lectura.")
    chooser = Chooser(recovery.READONLY)
    monkeypatch.setattr(recovery, "choose", chooser)
    store = recovery.offer_recovery(None, path, err)
    try:
        assert store.readonly and store.has_instance(uid)
        assert "solo lectura" in chooser.boxes[0]["info"]
        assert recovery.RESTORE not in chooser.boxes[0]["buttons"]
    finally:
        store.close()


def test_full_disk_retry_then_opens(qtbot, demo_file, home, monkeypatch):
    path, uid = demo_file
    err = DiskFull("No queda espacio en el disco.")
    chooser = Chooser(recovery.RETRY)
    monkeypatch.setattr(recovery, "choose", chooser)
    store = recovery.offer_recovery(None, path, err)
    try:
        assert not store.readonly
        store.execute(SetField(uid, "notas", "notas", "ya hay espacio"))
        assert "Libere espacio" in chooser.boxes[0]["info"]
        assert {recovery.RETRY, recovery.READONLY, recovery.CANCEL} <= set(chooser.boxes[0]["buttons"])
    finally:
        store.close()


def test_restore_failure_is_explained_again(qtbot, demo_file, home, monkeypatch):
    """If the restore itself fails (here: the file is in use), the box comes back with why."""
    path, _ = demo_file
    with Store(path) as s:
        BackupManager(s, keep=3, every_minutes=10).backup_now()
    holder, _ = open_store_for_editing(path)
    try:
        chooser = Chooser(recovery.RESTORE, recovery.CANCEL)
        monkeypatch.setattr(recovery, "choose", chooser)
        assert recovery.offer_recovery(None, path, DatabaseDamaged("dañada")) is None
        assert "ya está abierta" in chooser.boxes[1]["info"]
    finally:
        holder.close()


def test_box_looks_right(qtbot, demo_file, home, tmp_path):
    path, _ = demo_file
    with Store(path) as s:
        BackupManager(s, keep=3, every_minutes=10).backup_now()
    path.write_bytes(b"\0" * 100)
    err = _open_error(path)
    from sernam_desktop.backup import latest_good_backup

    box, buttons = recovery.build_box(None, path, err, latest_good_backup(path))
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    assert box.defaultButton() is buttons[recovery.RESTORE]
    assert box.escapeButton() is buttons[recovery.CANCEL]
    box.grab().save(str(tmp_path / "recovery.png"))


def test_readonly_file_with_backup_can_also_restore(qtbot, demo_file, home, monkeypatch):
    path, uid = demo_file
    with Store(path) as s:
        BackupManager(s, keep=3, every_minutes=10).backup_now()
        s.execute(SetField(uid, "notas", "notas", "en el archivo de solo lectura"))
    err = DatabaseReadOnly(f"El archivo «{path}» es de solo lectura.")
    chooser = Chooser(recovery.RESTORE)
    monkeypatch.setattr(recovery, "choose", chooser)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    store = recovery.offer_recovery(None, path, err)
    try:
        box = chooser.boxes[0]
        assert list(box["buttons"])[:1] == [recovery.READONLY]  # the first offer
        assert "que sí se podrá modificar" in box["info"] and "no se borra" in box["info"]
        assert not store.readonly
        assert store.field_value(uid, "notas", "notas") != "en el archivo de solo lectura"
    finally:
        store.close()
    aside = [p for p in path.parent.iterdir()
             if ".antes-de-restaurar-" in p.name and p.name.endswith(".sqlite3")]
    with Store(aside[0], readonly=True) as s:
        assert s.field_value(uid, "notas", "notas") == "en el archivo de solo lectura"
