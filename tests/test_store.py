"""The SQLite file as an application file format, and what opening refuses."""

from __future__ import annotations

import sqlite3

import pytest

from sernam_desktop.commands import CreateInstance, SetCell
from sernam_desktop.errors import StoreError
from sernam_desktop.forms import default_form
from sernam_desktop.store import APPLICATION_ID, SCHEMA_VERSION, Store


def pragma(path, name):
    with sqlite3.connect(path) as c:
        return c.execute(f"PRAGMA {name}").fetchone()[0]


def test_file_format_pragmas(tmp_path):
    path = tmp_path / "o.sqlite3"
    with Store(path) as s:
        assert s.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert s.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.db.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    assert pragma(path, "application_id") == APPLICATION_ID
    assert pragma(path, "user_version") == SCHEMA_VERSION >= 1
    assert pragma(path, "journal_mode") == "wal"
    with sqlite3.connect(path) as c:
        names = {r[0] for r in c.execute("SELECT name FROM _sqlite_migrations")}
    assert "m001_initial" in names


def test_reopen_keeps_data_and_does_not_remigrate(tmp_path, demo_file):
    path, uid = demo_file
    with Store(path) as s:
        assert s.instance(uid)["servicio"] == "Servicio Nacional de la Mujer"
        assert len(s.rows(uid, default_form().section("actividad_1_1"))) == 11
        n = s.db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert n == SCHEMA_VERSION


def test_refuses_non_sqlite_file(tmp_path):
    p = tmp_path / "carta.sqlite3"
    p.write_bytes(b"Estimada directora: " * 100)
    with pytest.raises(StoreError, match="no es un archivo SQLite"):
        Store(p)
    assert p.read_bytes().startswith(b"Estimada")  # untouched


def test_refuses_foreign_sqlite_database(tmp_path):
    p = tmp_path / "otra.db"
    with sqlite3.connect(p) as c:
        c.execute("CREATE TABLE clientes (id INTEGER)")
    with pytest.raises(StoreError, match="pero no es una base de datos de sernam-desktop"):
        Store(p)
    with sqlite3.connect(p) as c:
        assert c.execute("PRAGMA user_version").fetchone()[0] == 0


def test_refuses_newer_schema(tmp_path, demo_file):
    path, _ = demo_file
    with sqlite3.connect(path) as c:
        c.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    with pytest.raises(StoreError, match="versión más reciente"):
        Store(path)


def test_readonly_store_refuses_commands(demo_file):
    path, uid = demo_file
    with Store(path, readonly=True) as s:
        rid = s.row_ids(uid, "actividad_1_1")[0]
        with pytest.raises(StoreError, match="solo para lectura"):
            s.execute(SetCell(uid, rid, "resultado", "x"))
    with Store(path) as s:
        assert s.cell(rid, "resultado").startswith("Se avanza")


def test_changes_log_is_append_only(store):
    store.execute(CreateInstance(default_form(), "Servicio", "05", 2026))
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("UPDATE changes SET new = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("DELETE FROM changes")
