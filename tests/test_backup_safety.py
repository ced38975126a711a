"""Backups that belong to their database, rotation that never deletes what it cannot
read, crash-safe backups and restores, restore through a link (issue 13 §2 §3 §7 §9 §12).

Crash claims are tested with real processes killed by SIGKILL at named steps
(``SERNAM_DESKTOP_CRASH_AT``, see ``backup._crash_point``) and real files.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sernam_desktop.backup import (
    BackupManager,
    _TmpLock,
    clean_leftovers,
    database_id,
    list_backups,
    restore_backup,
)
from sernam_desktop.cli.main import main
from sernam_desktop.commands import CreateInstance, SetField
from sernam_desktop.errors import StoreError, UserError
from sernam_desktop.forms import default_form
from sernam_desktop.store import Store

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 180
posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and symlinks: POSIX")


@pytest.fixture
def home(tmp_path, monkeypatch):
    h = tmp_path / "home"
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(h))
    return h


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def child(*argv, home: Path, crash_at: str | None = None):
    env = dict(os.environ, SERNAM_DESKTOP_HOME=str(home),
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("SERNAM_DESKTOP_CRASH_AT", None)
    if crash_at:
        env["SERNAM_DESKTOP_CRASH_AT"] = crash_at
    return subprocess.run([sys.executable, "-m", "sernam_desktop", *map(str, argv)],
                          capture_output=True, env=env, timeout=TIMEOUT)


def office(path: Path, service: str) -> str:
    with Store(path) as s:
        cmd = CreateInstance(default_form(), service, "05", 2026)
        s.execute(cmd)
        s.execute(SetField(cmd.instance_id, "notas", "notas", f"datos de {service}"))
        return cmd.instance_id


def services(path: Path) -> list[str]:
    with Store(path, readonly=True) as s:
        return [i["servicio"] for i in s.instances()]


def note(path: Path) -> str:
    with Store(path, readonly=True) as s:
        uid = s.instances()[0]["uuid"]
        return s.field_value(uid, "notas", "notas")


# ------------------------------------------------------------------- §2 --
def test_two_offices_with_the_same_file_name_never_share_backups(tmp_path, home, capsys):
    a = tmp_path / "oficina-a" / "sernam.sqlite3"
    b = tmp_path / "oficina-b" / "sernam.sqlite3"
    a.parent.mkdir()
    b.parent.mkdir()
    office(a, "Oficina A")
    office(b, "Oficina B")
    assert database_id(a) and database_id(b) and database_id(a) != database_id(b)
    assert run(capsys, "backup", "now", "--db", a)[0] == 0
    for _ in range(12):  # more than any rotation count
        assert run(capsys, "backup", "now", "--db", b)[0] == 0
    backups_a = list_backups(a)
    assert len(backups_a) == 1 and backups_a[0].ok  # B's rotation did not touch A's backup
    assert all(database_id(x.path) == database_id(b) for x in list_backups(b))
    with Store(a) as s:  # A's data changes; restoring must bring back A's, not B's
        uid = s.instances()[0]["uuid"]
        s.execute(SetField(uid, "encabezado", "servicio", "Oficina A modificada"))
    code, out, err = run(capsys, "backup", "restore", "--db", a)
    assert code == 0, err
    assert services(a) == ["Oficina A"]
    # and B's backup, named explicitly, is refused for A
    other = list_backups(b)[0].path
    code, _, err = run(capsys, "backup", "restore", "--db", a, other)
    assert code == 2 and "es de otra base de datos" in err and len(err.strip().splitlines()) == 1
    assert services(a) == ["Oficina A"]


def test_restore_finds_the_backups_of_a_database_it_cannot_read(tmp_path, home, capsys):
    a = tmp_path / "a" / "sernam.sqlite3"
    b = tmp_path / "b" / "sernam.sqlite3"
    a.parent.mkdir()
    b.parent.mkdir()
    office(a, "Oficina A")
    office(b, "Oficina B")
    run(capsys, "backup", "now", "--db", a)
    run(capsys, "backup", "now", "--db", b)
    a.write_bytes(b"\0" * 4096)  # damaged: its id cannot be read any more
    code, _, err = run(capsys, "backup", "restore", "--db", a)
    assert code == 0, err
    assert services(a) == ["Oficina A"]


def test_files_of_the_previous_version_get_an_id_when_opened(tmp_path):
    paths = [tmp_path / "x" / "sernam.sqlite3", tmp_path / "y" / "sernam.sqlite3"]
    for p in paths:
        p.parent.mkdir()
        office(p, "Oficina")
        conn = sqlite3.connect(p)  # make it look like a file from before the database id
        conn.execute("DELETE FROM meta WHERE key = 'database_id'")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm003_database_id'")
        conn.execute("PRAGMA user_version=2")
        conn.commit()
        conn.close()
        assert database_id(p) is None
        Store(p).close()
    ids = [database_id(p) for p in paths]
    assert all(ids) and ids[0] != ids[1]


# ------------------------------------------------------------------- §3 --
@posix_only
def test_rotation_keeps_backups_it_cannot_verify(tmp_path, home, capsys):
    db = tmp_path / "oficina.sqlite3"
    uid = office(db, "Oficina")
    with Store(db) as s:
        mgr = BackupManager(s, keep=2, every_minutes=10)
        good = mgr.backup_now()
    folder = good.parent
    planted = {}

    def plant(i: int, kind: str) -> Path:
        p = folder / f"oficina-20200101-000000-00000{i}Z.sqlite3"
        shutil.copyfile(good, p)
        planted[kind] = p
        return p

    newer = plant(1, "newer")
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version=99")
    conn.commit()
    conn.close()
    damaged = plant(2, "damaged")
    damaged.write_bytes(b"\0" * 16 + damaged.read_bytes()[16:])
    other = plant(3, "other-database")
    conn = sqlite3.connect(other)
    conn.execute("UPDATE meta SET value = '00000000-0000-4000-8000-000000000000' "
                 "WHERE key = 'database_id'")
    conn.commit()
    conn.close()
    locked = plant(4, "unreadable")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN EXCLUSIVE')\n"
         "c.execute('UPDATE meta SET value = value')\n"
         "print('locked', flush=True)\n"
         "sys.stdin.read()\n", str(locked)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with Store(db) as s:
            mgr = BackupManager(s, keep=2, every_minutes=10)
            for i in range(4):
                s.execute(SetField(uid, "notas", "notas", f"versión {i}"))
                mgr.backup_now()
            kept = {b.path: b for b in mgr.kept}
        for kind, p in planted.items():
            assert p.exists(), kind
            assert p in kept and kept[p].kind == kind and kept[p].problem, (kind, kept.get(p))
        assert "otro programa" in kept[locked].problem
        good_now = [b for b in list_backups(db) if b.ok]
        assert len(good_now) == 2  # verified-good ones beyond the count did go
        # the CLI reports what it kept
        code, out, err = run(capsys, "backup", "now", "--db", db)
        assert code == 0, err
        assert out.count("Se conservó") == 4
    finally:
        holder.stdin.close()
        holder.wait(TIMEOUT)


# ------------------------------------------------------------------- §9 --
@posix_only
@pytest.mark.parametrize("step", ["backup-copying", "backup-copied"])
def test_a_backup_killed_mid_way_leaves_nothing_once_the_next_one_runs(tmp_path, home, step):
    db = tmp_path / "oficina.sqlite3"
    office(db, "Oficina")
    r = child("backup", "now", "--db", db, home=home, crash_at=step)
    assert r.returncode == -signal.SIGKILL, r.stderr
    folder = home / "copias" / database_id(db)
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert any(n.endswith(".sqlite3.tmp") for n in leftovers), leftovers  # recognisable
    r = child("backup", "now", "--db", db, home=home)
    assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert not [n for n in names if n.startswith(".")], names
    assert len([n for n in names if n.endswith(".sqlite3")]) == 1
    assert all(b.ok for b in list_backups(db))


def test_cleanup_spares_a_temporary_backup_being_written(tmp_path):
    tmp = tmp_path / ".oficina-20260101-000000-000000Z.sqlite3.tmp"
    tmp.write_bytes(b"en curso")
    lock = _TmpLock(tmp)
    assert lock.acquire()
    try:
        assert clean_leftovers(tmp_path) == []
        assert tmp.exists()
    finally:
        lock.release()
    assert clean_leftovers(tmp_path) == [tmp]
    assert not list(tmp_path.iterdir())


# ------------------------------------------------------------------- §7 --
RESTORE_STEPS = ["restore-copied", "restore-aside-partial", "restore-kept-aside", "restore-ready",
                 "restore-sidefiles-removed", "restore-replaced"]


def _old_and_new(tmp_path, home):
    db = tmp_path / "oficina.sqlite3"
    uid = office(db, "Oficina")
    with Store(db) as s:
        s.execute(SetField(uid, "notas", "notas", "estado de la copia"))
        backup = BackupManager(s, keep=5, every_minutes=10).backup_now()
        s.execute(SetField(uid, "notas", "notas", "trabajo posterior"))
    return db, backup


@posix_only
@pytest.mark.parametrize("step", RESTORE_STEPS)
def test_a_restore_killed_at_any_step_leaves_a_database_and_opening_recovers(
        tmp_path, home, step):
    db, backup = _old_and_new(tmp_path, home)
    r = child("backup", "restore", "--db", db, backup, home=home, crash_at=step)
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert db.is_file() and db.stat().st_size > 0  # never a moment without a database
    r = child("list", "--db", db, home=home)  # opening finishes or undoes the restore
    assert r.returncode == 0, r.stderr
    committed = RESTORE_STEPS.index(step) >= RESTORE_STEPS.index("restore-ready")
    assert note(db) == ("estado de la copia" if committed else "trabajo posterior")
    assert not [p.name for p in tmp_path.iterdir() if ".restaurando." in p.name
                or p.name.endswith(".parcial")]
    asides = [p for p in tmp_path.iterdir()
              if ".antes-de-restaurar-" in p.name and p.name.endswith(".sqlite3")]
    if RESTORE_STEPS.index(step) >= RESTORE_STEPS.index("restore-kept-aside"):
        assert len(asides) == 1 and note(asides[0]) == "trabajo posterior"  # nothing lost


def test_opening_recovers_what_earlier_versions_left_between_their_two_renames(tmp_path, home):
    """Old restore: database renamed away, crash before the copy was renamed in."""
    db, backup = _old_and_new(tmp_path, home)
    tmp = tmp_path / f".{db.name}.restaurando.tmp"
    shutil.copyfile(backup, tmp)
    os.replace(db, tmp_path / "oficina.antes-de-restaurar-20260101-000000.sqlite3")
    with Store(db) as s:  # not a new empty database: the complete copy
        assert len(s.instances()) == 1
    assert note(db) == "estado de la copia" and not tmp.exists()


def test_opening_refuses_to_start_empty_when_the_leftover_copy_is_incomplete(tmp_path, home):
    db, backup = _old_and_new(tmp_path, home)
    tmp = tmp_path / f".{db.name}.restaurando.tmp"
    tmp.write_bytes(backup.read_bytes()[:1000])
    os.replace(db, tmp_path / "oficina.antes-de-restaurar-20260101-000000.sqlite3")
    with pytest.raises(StoreError, match="antes-de-restaurar"):
        Store(db)
    assert not db.exists()


@posix_only
def test_the_database_path_never_disappears_during_restores(tmp_path, home):
    db, backup = _old_and_new(tmp_path, home)
    missing = []
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            if not os.path.exists(db):
                missing.append(1)

    t = threading.Thread(target=watch, daemon=True)
    t.start()
    try:
        for _ in range(4):
            r = child("backup", "restore", "--db", db, backup, home=home)
            assert r.returncode == 0, r.stderr
    finally:
        stop.set()
        t.join(30)
    assert not missing


# ------------------------------------------------------------------ §12 --
@posix_only
def test_restore_through_a_symlink_restores_its_target(tmp_path, home, capsys):
    real_dir = tmp_path / "datos"
    real_dir.mkdir()
    target = real_dir / "oficina.sqlite3"
    uid = office(target, "Oficina")
    link = tmp_path / "acceso.sqlite3"
    link.symlink_to(target)
    with Store(link) as s:
        s.execute(SetField(uid, "notas", "notas", "estado de la copia"))
        backup = BackupManager(s, keep=5, every_minutes=10).backup_now()
        s.execute(SetField(uid, "notas", "notas", "trabajo posterior"))
    code, out, err = run(capsys, "backup", "restore", "--db", link, backup)
    assert code == 0, err
    assert link.is_symlink() and Path(os.readlink(link)) == target
    assert note(target) == "estado de la copia"
    asides = [p for p in real_dir.iterdir() if ".antes-de-restaurar-" in p.name]
    assert len(asides) == 1 and note(asides[0]) == "trabajo posterior"
    assert not [p for p in tmp_path.iterdir() if ".antes-de-restaurar-" in p.name]


def test_restore_refuses_a_backup_of_another_database_in_the_api_too(tmp_path, home):
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    office(a, "A")
    office(b, "B")
    with Store(b) as s:
        other = BackupManager(s, keep=5, every_minutes=10).backup_now()
    before = a.read_bytes()
    with pytest.raises(UserError, match="otra base de datos"):
        restore_backup(a, other)
    assert a.read_bytes() == before
