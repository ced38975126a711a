"""Single writer: the second opener of a database gets it read-only, with a reason."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from sernam_desktop.commands import SetField
from sernam_desktop.errors import StoreError
from sernam_desktop.lock import (
    DatabaseInUse,
    DatabaseLock,
    LockedStore,
    holder,
    is_in_use,
    lock_path,
    open_store_for_editing,
)


def test_first_opener_writes_second_is_readonly(demo_file):
    path, uid = demo_file
    first, reason1 = open_store_for_editing(path)
    try:
        assert reason1 is None and isinstance(first, LockedStore) and not first.readonly
        second, reason2 = open_store_for_editing(path)
        try:
            assert second.readonly
            assert "ya está abierta" in reason2 and "solo para lectura" in reason2
            # the writer keeps writing and the reader sees it
            first.execute(SetField(uid, "notas", "notas", "escrito por la primera ventana"))
            assert second.field_value(uid, "notas", "notas") == "escrito por la primera ventana"
            with pytest.raises(StoreError, match="solo para lectura"):
                second.execute(SetField(uid, "notas", "notas", "no"))
        finally:
            second.close()
    finally:
        first.close()
    # released on close: the next opener writes again
    third, reason3 = open_store_for_editing(path)
    assert reason3 is None and not third.readonly
    third.close()


def test_lock_file_names_the_holder(demo_file):
    path, _ = demo_file
    with DatabaseLock(path):
        info = holder(path)
        assert info is not None and info["pid"].isdigit()
        assert is_in_use(path)
        with pytest.raises(DatabaseInUse, match="ya está abierta"):
            with DatabaseLock(path):
                pass
    assert not is_in_use(path)
    assert lock_path(path).name == path.name + ".lock"


def test_lock_of_a_killed_process_is_not_stale(demo_file):
    """A process holding the lock dies (SIGKILL): the lock goes with it."""
    path, _ = demo_file
    code = textwrap.dedent(f"""
        import sys, time
        from sernam_desktop.lock import open_store_for_editing
        store, reason = open_store_for_editing({str(path)!r})
        print("ro" if reason else "rw", flush=True)
        time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "rw"
        store, reason = open_store_for_editing(path)
        assert store.readonly and reason
        store.close()
        child.kill()
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(10)
    store, reason = open_store_for_editing(path)
    assert reason is None and not store.readonly
    store.close()


def test_failed_open_releases_the_lock(tmp_path):
    bad = tmp_path / "malo.sqlite3"
    bad.write_bytes(b"esto no es una base de datos" * 50)
    with pytest.raises(StoreError, match="no es un archivo SQLite"):
        open_store_for_editing(bad)
    assert not is_in_use(bad)


def test_open_exclusive_refuses_while_edited(demo_file):
    from sernam_desktop.lock import open_exclusive

    path, uid = demo_file
    first, _ = open_store_for_editing(path)
    try:
        with pytest.raises(DatabaseInUse, match="Ciérrela antes"):
            open_exclusive(path)
    finally:
        first.close()
    with open_exclusive(path) as s:
        s.execute(SetField(uid, "notas", "notas", "desde la línea de comandos"))
        assert is_in_use(path)
    assert not is_in_use(path)
