"""Rotating backups with the SQLite backup API; restore keeps the current file aside."""

from __future__ import annotations

import os
import sqlite3

import pytest

from sernam_desktop.backup import (
    BackupManager,
    check_database_file,
    database_id,
    latest_good_backup,
    list_backups,
    restore_backup,
    restore_latest,
)
from sernam_desktop.commands import SetField
from sernam_desktop.errors import UserError
from sernam_desktop.lock import DatabaseLock, open_store_for_editing
from sernam_desktop.store import Store


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self):
        return self.t


def _note(store, uid):
    return store.field_value(uid, "notas", "notas")


def test_backup_on_open_then_every_n_minutes_of_editing(demo_file, tmp_path):
    path, uid = demo_file
    clock = Clock()
    folder = tmp_path / "copias"
    with Store(path) as store:
        mgr = BackupManager(store, folder=folder, keep=5, every_minutes=10, clock=clock)
        first = mgr.backup_on_open()
        assert first is not None and first.parent == folder
        # opening again with nothing changed adds no duplicate
        assert mgr.backup_on_open() is None
        assert len(list_backups(path, folder)) == 1
        mgr.attach()
        store.execute(SetField(uid, "notas", "notas", "uno"))
        clock.t += 9 * 60
        store.execute(SetField(uid, "notas", "notas", "dos"))
        assert len(list_backups(path, folder)) == 1  # not yet 10 minutes
        clock.t += 61
        store.execute(SetField(uid, "notas", "notas", "tres"))
        backups = list_backups(path, folder)
        assert len(backups) == 2
        newest = backups[0]
        assert newest.ok and newest.forms == 1 and newest.size > 0
        with Store(newest.path, readonly=True) as b:
            assert _note(b, uid) == "tres"
        with Store(backups[1].path, readonly=True) as b:
            assert _note(b, uid) != "tres"


def test_backup_is_a_self_contained_file_and_rotation_keeps_k(demo_file, tmp_path):
    path, uid = demo_file
    folder = tmp_path / "copias"
    with Store(path) as store:
        mgr = BackupManager(store, folder=folder, keep=3, every_minutes=10)
        made = []
        for i in range(5):
            store.execute(SetField(uid, "notas", "notas", f"versión {i}"))
            made.append(mgr.backup_now())
        names = [b.path for b in list_backups(path, folder)]
        assert names == list(reversed(made[-3:]))
        for p in names:
            assert not os.path.exists(str(p) + "-wal")
            conn = sqlite3.connect(p)
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
            conn.close()
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_damaged_backups_are_flagged_and_skipped(demo_file, tmp_path):
    path, uid = demo_file
    folder = tmp_path / "copias"
    with Store(path) as store:
        mgr = BackupManager(store, folder=folder, keep=5, every_minutes=10)
        older = mgr.backup_now()
        store.execute(SetField(uid, "notas", "notas", "nuevo"))
        newer = mgr.backup_now()
    raw = bytearray(newer.read_bytes())
    raw[:16] = b"\0" * 16
    newer.write_bytes(bytes(raw))
    infos = {b.path: b for b in list_backups(path, folder)}
    assert not infos[newer].ok and "SQLite" in infos[newer].problem and infos[newer].forms is None
    assert infos[older].ok
    assert latest_good_backup(path, folder).path == older
    with pytest.raises(UserError, match="No se puede restaurar"):
        restore_backup(path, newer)


def test_restore_keeps_current_file_aside(demo_file, tmp_path):
    path, uid = demo_file
    folder = tmp_path / "copias"
    with Store(path) as store:
        backup = BackupManager(store, folder=folder, keep=5, every_minutes=10).backup_now()
        store.execute(SetField(uid, "notas", "notas", "trabajo posterior a la copia"))
    aside = restore_backup(path, backup)
    assert aside is not None and aside.parent == path.parent
    assert ".antes-de-restaurar-" in aside.name and aside.name.endswith(".sqlite3")
    with Store(path) as s:
        assert _note(s, uid) != "trabajo posterior a la copia"
    with Store(aside, readonly=True) as s:  # nothing lost: the later work is in the aside file
        assert _note(s, uid) == "trabajo posterior a la copia"
    assert check_database_file(backup)[0] == 1  # the backup itself is untouched


def test_restore_keeps_a_damaged_file_and_its_wal_aside(demo_file, tmp_path):
    path, uid = demo_file
    folder = tmp_path / "copias"
    with Store(path) as store:
        backup = BackupManager(store, folder=folder, keep=5, every_minutes=10).backup_now()
    junk = b"garbage!" * 1000
    path.write_bytes(junk)
    (path.parent / (path.name + "-wal")).write_bytes(b"stale wal")
    info, aside = restore_latest(path, folder)
    assert info.path == backup
    assert aside.read_bytes() == junk
    assert (aside.parent / (aside.name + "-wal")).read_bytes() == b"stale wal"
    assert not (path.parent / (path.name + "-wal")).exists()
    with Store(path) as s:
        assert s.has_instance(uid)


def test_restore_refused_while_another_instance_edits(demo_file, tmp_path):
    path, uid = demo_file
    folder = tmp_path / "copias"
    store, reason = open_store_for_editing(path)
    try:
        backup = BackupManager(store, folder=folder, keep=5, every_minutes=10).backup_now()
        before = path.read_bytes()
        with pytest.raises(UserError, match="ya está abierta"):
            restore_backup(path, backup)
        assert path.read_bytes() == before
    finally:
        store.close()
    assert restore_backup(path, backup) is not None


def test_restore_without_backups_says_so(tmp_path):
    with pytest.raises(UserError, match="No hay copias"):
        restore_latest(tmp_path / "x.sqlite3", tmp_path / "nada")


def test_automatic_backup_failure_never_interrupts_editing(demo_file, tmp_path, monkeypatch):
    path, uid = demo_file
    clock = Clock()
    blocker = tmp_path / "no-es-carpeta"
    blocker.write_text("x")
    with Store(path) as store:
        mgr = BackupManager(store, folder=blocker / "copias", keep=2, every_minutes=1, clock=clock)
        mgr.attach()
        clock.t += 120
        store.execute(SetField(uid, "notas", "notas", "sigue"))  # does not raise
        assert "No se pudo crear la carpeta de copias" in mgr.last_error
        with pytest.raises(UserError, match="carpeta de copias"):
            mgr.backup_now()
        assert _note(store, uid) == "sigue"


def test_full_disk_during_backup_leaves_no_partial_file(demo_file, tmp_path, monkeypatch):
    import sernam_desktop.backup as backup_mod

    path, uid = demo_file
    folder = tmp_path / "copias"

    def full(source, target):
        conn = sqlite3.connect(target)
        conn.execute("CREATE TABLE x (a)")
        conn.commit()
        conn.close()
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorcode = 13
        raise exc

    monkeypatch.setattr(backup_mod, "_copy_with_backup_api", full)
    with Store(path) as store:
        with pytest.raises(UserError, match="espacio en el disco"):
            BackupManager(store, folder=folder, keep=2, every_minutes=1).backup_now()
    assert list(folder.iterdir()) == []


def test_backup_default_folder_is_per_database(demo_file, monkeypatch, tmp_path):
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(tmp_path / "home"))
    path, _ = demo_file
    with Store(path) as store:
        made = BackupManager(store).backup_now()
    # by design (issue 13 §2): keyed by the id stored in the file, not by its name
    assert made.parent == tmp_path / "home" / "copias" / database_id(path)
    assert [b.path for b in list_backups(path)] == [made]


def test_restore_uses_lock_and_backup_api_only(demo_file, tmp_path):
    """The restored file is a fresh copy: later changes to the backup do not leak in."""
    path, uid = demo_file
    folder = tmp_path / "copias"
    with Store(path) as store:
        backup = BackupManager(store, folder=folder, keep=5, every_minutes=10).backup_now()
    restore_backup(path, backup)
    with Store(backup) as b:
        b.execute(SetField(uid, "notas", "notas", "cambio en la copia"))
    with Store(path, readonly=True) as s:
        assert _note(s, uid) != "cambio en la copia"
    with DatabaseLock(path):
        pass


def test_close_takes_a_last_backup_only_if_something_changed(demo_file, tmp_path):
    path, uid = demo_file
    folder = tmp_path / "copias"
    clock = Clock()
    with Store(path) as store:
        mgr = BackupManager(store, folder=folder, keep=5, every_minutes=10, clock=clock)
        mgr.backup_on_open()
        assert mgr.close() is None  # nothing changed
        mgr.attach()
        store.execute(SetField(uid, "notas", "notas", "último cambio antes de cerrar"))
        last = mgr.close()
    assert last is not None and len(list_backups(path, folder)) == 2
    with Store(last, readonly=True) as b:
        assert _note(b, uid) == "último cambio antes de cerrar"


def test_readonly_store_takes_no_automatic_backups(demo_file, tmp_path):
    path, uid = demo_file
    clock = Clock()
    with Store(path, readonly=True) as store:
        mgr = BackupManager(store, folder=tmp_path / "c", keep=2, every_minutes=1, clock=clock)
        clock.t += 3600
        assert mgr.maybe_backup() is None and not (tmp_path / "c").exists()
