"""Hostile database files: damaged, foreign, newer, read-only, full disk.

Each gives a clear Spanish error (CLI: one line, exit 2, a hint to
``backup restore`` when a good backup exists) and the file is never touched.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess

import pytest

from sernam_desktop.backup import BackupManager
from sernam_desktop.cli.main import main
from sernam_desktop.commands import SetField
from sernam_desktop.errors import StoreError
from sernam_desktop.interchange import export_json_file
from sernam_desktop.store import (
    SCHEMA_VERSION,
    DatabaseDamaged,
    DatabaseReadOnly,
    DatabaseTooNew,
    DiskFull,
    NotOurDatabase,
    Store,
)


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def _cli(capsys, *argv):
    code = main(list(map(str, argv)))
    out, err = capsys.readouterr()
    return code, out, err


def corrupt_a_page(path):
    """Overwrite the b-tree page header of the cells table's root page."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='cells'").fetchone()[0]
    conn.close()
    assert not os.path.exists(f"{path}-wal") or os.path.getsize(f"{path}-wal") == 0
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xff" * 12)


def test_corrupt_page(demo_file, home, capsys):
    path, _ = demo_file
    corrupt_a_page(path)
    before = path.read_bytes()
    with pytest.raises(DatabaseDamaged, match="dañada"):
        Store(path)
    code, out, err = _cli(capsys, "validate", "--db", path)
    assert code == 2 and out == "" and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and "dañada" in err
    assert "No hay copias de seguridad" in err
    assert path.read_bytes() == before  # never overwritten


def test_corrupt_page_with_backup_hints_restore(demo_file, home, capsys):
    path, uid = demo_file
    with Store(path) as s:
        BackupManager(s, keep=3, every_minutes=10).backup_now()
    corrupt_a_page(path)
    code, _, err = _cli(capsys, "export", "json", "--db", path, "-o", path.parent / "x.json")
    assert code == 2 and "sernam-desktop backup restore --db" in err
    assert len(err.strip().splitlines()) == 1
    damaged = path.read_bytes()
    code, out, err = _cli(capsys, "backup", "restore", "--db", path)
    assert code == 0, err
    aside = [p for p in path.parent.iterdir()
             if ".antes-de-restaurar-" in p.name and p.name.endswith(".sqlite3")]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    with Store(path) as s:
        assert s.has_instance(uid)


@pytest.mark.parametrize("content", [b"PK\x03\x04" + b"x" * 4000, b"\0" * 8192, b"hola"])
def test_not_sqlite(tmp_path, home, capsys, content):
    path = tmp_path / "oficina.sqlite3"
    path.write_bytes(content)
    with pytest.raises(NotOurDatabase, match="no es un archivo SQLite"):
        Store(path)
    code, _, err = _cli(capsys, "import", "json", tmp_path / "nada.json", "--db", path)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert path.read_bytes() == content


def test_other_applications_sqlite(tmp_path, home):
    path = tmp_path / "otra.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE clientes (id, nombre)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotOurDatabase, match="pero no es una base de datos de sernam-desktop"):
        Store(path)
    assert path.read_bytes() == before


def test_newer_version(demo_file, home, capsys):
    path, _ = demo_file
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="versión más reciente"):
        Store(path)
    with pytest.raises(DatabaseTooNew):
        Store(path, readonly=True)
    code, _, err = _cli(capsys, "validate", "--db", path)
    assert code == 2 and "Actualice la aplicación" in err
    assert path.read_bytes() == before


# ------------------------------------------------------------- read-only --
def _chattr_works(tmp_path) -> bool:
    if shutil.which("chattr") is None:
        return False
    probe = tmp_path / "probe"
    probe.write_text("x")
    ok = subprocess.run(["chattr", "+i", probe], capture_output=True).returncode == 0
    if ok:
        subprocess.run(["chattr", "-i", probe], check=True)
    return ok


@pytest.fixture
def make_readonly(tmp_path):
    """Make a file or folder read-only for real: chmod, or chattr +i when running as root."""
    done = []
    as_root = os.geteuid() == 0
    if as_root and not _chattr_works(tmp_path):
        pytest.skip("running as root without chattr: cannot make a file read-only")

    def apply(p):
        if as_root:
            subprocess.run(["chattr", "+i", p], check=True)
        else:
            os.chmod(p, 0o555 if p.is_dir() else 0o444)
        done.append(p)

    yield apply
    for p in reversed(done):
        if as_root:
            subprocess.run(["chattr", "-i", p], check=True)
        else:
            os.chmod(p, 0o755 if p.is_dir() else 0o644)


def test_readonly_file(demo_file, home, capsys, make_readonly, tmp_path):
    path, uid = demo_file
    make_readonly(path)
    with pytest.raises(DatabaseReadOnly, match="solo lectura"):
        Store(path)
    with Store(path, readonly=True) as s:  # still readable
        assert s.has_instance(uid)
    export_json_file(Store(path, readonly=True), uid, tmp_path / "f.json")
    code, _, err = _cli(capsys, "import", "json", tmp_path / "f.json", "--db", path)
    assert code == 2 and "solo lectura" in err and len(err.strip().splitlines()) == 1
    code, out, _ = _cli(capsys, "validate", "--db", path)
    assert code in (0, 1) and "2007" in out


def test_readonly_folder(demo_file, home, capsys, make_readonly):
    path, uid = demo_file
    make_readonly(path.parent)
    with pytest.raises(DatabaseReadOnly, match="solo lectura"):
        Store(path)
    # read-only viewing still works although SQLite cannot create its -shm file there
    with Store(path, readonly=True) as s:
        assert s.has_instance(uid)
    code, _, err = _cli(capsys, "demo", "--db", path)
    assert code == 2 and "solo lectura" in err
    from sernam_desktop.lock import open_store_for_editing

    with pytest.raises(DatabaseReadOnly, match="carpeta"):
        open_store_for_editing(path)  # not even the lock file can be created there
    code, _, err = _cli(capsys, "demo", "--db", path.parent / "nueva.sqlite3")
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1


# ----------------------------------------------------------------- full disk --
def _fill_disk(store: Store) -> None:
    """Simulate a full disk: the file may not grow by a single page."""
    pages = store.db.conn.execute("PRAGMA page_count").fetchone()[0]
    store.db.conn.execute(f"PRAGMA max_page_count={pages}")


def test_full_disk_while_editing_rolls_back_whole_command(demo_file, home):
    path, uid = demo_file
    with Store(path) as store:
        before = store.content(uid)
        log = len(store.changes())
        _fill_disk(store)
        with pytest.raises(DiskFull, match="No queda espacio") as info:
            store.execute(SetField(uid, "notas", "notas", "texto largo " * 15000))
        assert "quedó como estaba" in str(info.value)
        assert store.content(uid) == before and len(store.changes()) == log
        assert store.db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # after freeing space, editing works again
        store.db.conn.execute("PRAGMA max_page_count=1073741823")
        store.execute(SetField(uid, "notas", "notas", "ya hay espacio"))
    with Store(path) as store:
        assert store.field_value(uid, "notas", "notas") == "ya hay espacio"


def test_full_disk_in_cli_is_one_line(demo_file, home, capsys, monkeypatch, tmp_path):
    path, uid = demo_file
    with Store(path) as s:
        export_json_file(s, uid, tmp_path / "f.json")
    doc = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    doc["data"]["notas"]["notas"] = "x" * 200000
    (tmp_path / "f.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = path.read_bytes()
    original = Store._open_connection

    def tiny(self, p):
        conn = original(self, p)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")
        return conn

    monkeypatch.setattr(Store, "_open_connection", tiny)
    code, _, err = _cli(capsys, "import", "json", tmp_path / "f.json", "--db", path)
    assert code == 2 and "No queda espacio" in err and len(err.strip().splitlines()) == 1
    monkeypatch.setattr(Store, "_open_connection", original)
    with Store(path) as s:
        assert s.field_value(uid, "notas", "notas") != "x" * 200000
    assert isinstance(DiskFull("x"), StoreError)
    assert len(before) > 0


def test_full_disk_when_creating_a_database(tmp_path, home, monkeypatch):
    original = Store._open_connection

    def tiny(self, p):
        conn = original(self, p)
        conn.execute("PRAGMA max_page_count=2")
        return conn

    monkeypatch.setattr(Store, "_open_connection", tiny)
    with pytest.raises(DiskFull, match="No queda espacio"):
        Store(tmp_path / "nueva.sqlite3")


def test_readonly_folder_reading_commands_work(demo_file, home, capsys, make_readonly,
                                                tmp_path_factory):
    """chmod 555 as a user gives SQLITE_READONLY_DIRECTORY (not CANTOPEN): still readable."""
    path, uid = demo_file
    make_readonly(path.parent)
    code, out, err = _cli(capsys, "validate", "--db", path)
    assert code in (0, 1) and "Traceback" not in err and "solo lectura" not in err
    code, out, err = _cli(capsys, "list", "--db", path)
    assert code == 0 and uid in out
    target = tmp_path_factory.mktemp("salida") / "exportado.json"
    code, out, err = _cli(capsys, "export", "json", "--db", path, "-o", target)
    assert code == 0, err
    assert json.loads(target.read_text(encoding="utf-8"))["instance"]["uuid"] == uid
    code, _, err = _cli(capsys, "new", "--db", path, "--service", "S", "--region", "XVI",
                        "--year", "2020")
    assert code == 2 and "solo lectura" in err
