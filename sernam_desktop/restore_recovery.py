"""Finishing a restore that was killed half-way, before a database is opened.

:func:`finish_interrupted_restore` is called by ``Store`` before every opening
of a file and by :func:`sernam_desktop.backup.restore_backup` under the lock it
already holds.  It lives here, not in backup.py, so that the store does not
depend on backups: this module knows the restore's file names
(``.<name>.restaurando.tmp`` / ``.listo``, ``<name>.antes-de-restaurar-…``),
how to check a candidate file (:func:`check_database_file`) and the last,
atomic step of a restore (:func:`_move_ready_into_place`); backup.py imports
them.  See backup.py's docstring and docs/data-safety.md.
"""

from __future__ import annotations

import glob
import os
import signal
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sernam_desktop.appfile import SQLITE_MAGIC, sqlite_error_kind
from sernam_desktop.errors import StoreError
from sernam_desktop.files import fsync_dir
from sernam_desktop.store import APPLICATION_ID, SCHEMA_VERSION, database_id_of

ASIDE_MARK = ".antes-de-restaurar-"
# How long a backup may be locked by another program before it counts as
# "cannot be read now" (it is then kept, never deleted).
READ_TIMEOUT_S = 1.0


# -------------------------------------------------------- crash points --
def _crash_point(name: str) -> None:
    """Tests only: ``SERNAM_DESKTOP_CRASH_AT=<name>`` kills this process here (SIGKILL).

    Lets tests/test_backup_crash.py stop a real process at each step of a
    backup or a restore and check what the next run finds.
    """
    if os.environ.get("SERNAM_DESKTOP_CRASH_AT") == name:
        sys.stdout.flush()
        sys.stderr.flush()
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
        time.sleep(60)  # pragma: no cover - the signal arrives first


# ---------------------------------------------------------- identity --
def _real(path: str | Path) -> Path:
    """The file a path names, through symbolic links (absolute)."""
    return Path(os.path.realpath(path))


def _connect_ro(path: Path, timeout: float = READ_TIMEOUT_S) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)


# ------------------------------------------------- checking a file --
@dataclass(frozen=True)
class _Inspection:
    forms: int
    problem: str
    kind: str
    database_id: str | None = None


def _inspect(path: Path) -> _Inspection:
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                return _Inspection(-1, "no es un archivo SQLite", "damaged")
    except OSError as exc:
        return _Inspection(-1, f"no se pudo leer ahora ({exc.strerror or exc})", "unreadable")
    try:
        conn = _connect_ro(path)
        try:
            conn.execute("PRAGMA trusted_schema=OFF")
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return _Inspection(-1, "no es una base de datos de sernam-desktop", "foreign")
            if conn.execute("PRAGMA user_version").fetchone()[0] > SCHEMA_VERSION:
                return _Inspection(-1, "fue creada por una versión más reciente de la aplicación",
                                   "newer")
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                return _Inspection(-1, f"está dañada ({check.splitlines()[0]})", "damaged")
            forms = conn.execute("SELECT count(*) FROM instances").fetchone()[0]
            return _Inspection(forms, "", "ok", database_id_of(conn))
        finally:
            conn.close()
    except sqlite3.Error as exc:
        if sqlite_error_kind(exc) in ("busy", "cantopen", "io", "readonly"):
            return _Inspection(-1, f"no se pudo leer ahora: otro programa la tiene abierta o "
                                   f"el disco no responde ({exc})", "unreadable")
        return _Inspection(-1, f"está dañada ({exc})", "damaged")


def check_database_file(path: str | Path) -> tuple[int, str]:
    """(number of forms, "") for a good sernam-desktop file, else (-1, Spanish problem)."""
    i = _inspect(Path(path))
    return i.forms, i.problem


def _unlink_quietly(path: Path) -> None:
    for p in (path, Path(str(path) + "-journal"), Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        try:
            p.unlink()
        except OSError:
            pass


# ------------------------------------------------ interrupted restore --
def _restore_files(db_path: Path) -> tuple[Path, Path]:
    """(copy being written, copy ready to move into place) next to ``db_path``."""
    return (db_path.with_name(f".{db_path.name}.restaurando.tmp"),
            db_path.with_name(f".{db_path.name}.restaurando.listo"))


def _move_ready_into_place(db_path: Path, ready: Path) -> None:
    """The last step: drop the old file's -wal/-shm/-journal, then one atomic rename.

    The old file and its side files were already copied aside; a stale -wal
    left next to the restored file would be replayed into it.
    """
    for suffix in ("-wal", "-shm", "-journal"):
        try:
            Path(str(db_path) + suffix).unlink()
        except FileNotFoundError:
            pass
    _crash_point("restore-sidefiles-removed")
    os.replace(ready, db_path)
    fsync_dir(db_path.parent)
    _crash_point("restore-replaced")


def finish_interrupted_restore(db_path: str | Path, *, locked: bool = False) -> str | None:
    """Complete or undo a restore that was killed half-way; called before opening.

    * ``.<name>.restaurando.listo`` (the copy was complete and the old file
      kept aside): finish — move it into place.
    * ``.<name>.restaurando.tmp`` with the database still there: the restore
      had not started replacing anything — remove the copy.
    * ``.<name>.restaurando.tmp`` and *no* database (left by earlier versions,
      which renamed the database away first): the copy was complete before
      that rename — move it into place; if it is not a good database, refuse
      to open rather than create an empty one.

    Takes the database's lock (skipped if another process holds it: that one
    may be restoring right now).  Returns a Spanish note of what was done, or None.
    """
    real = _real(db_path)
    tmp, ready = _restore_files(real)
    if not (tmp.exists() or ready.exists()):  # the usual case: two stat calls
        return None
    # a kept-aside copy cut short exists only while the .tmp does
    partials = list(real.parent.glob(f".{glob.escape(real.stem)}{ASIDE_MARK}*.parcial"))
    lock = None
    if not locked:
        from sernam_desktop.lock import DatabaseLock

        lock = DatabaseLock(real)
        try:
            if not lock.acquire():
                return None
        except StoreError:
            return None
    try:
        note = None
        if ready.exists():
            _move_ready_into_place(real, ready)
            note = f"Se completó la restauración interrumpida de «{real.name}»."
        if tmp.exists():
            if real.exists():
                _unlink_quietly(tmp)
                note = note or f"Se descartó una restauración interrumpida de «{real.name}»."
            elif check_database_file(tmp)[0] >= 0:
                os.replace(tmp, real)
                fsync_dir(real.parent)
                note = f"Se completó la restauración interrumpida de «{real.name}»."
            else:
                raise StoreError(
                    f"No existe «{real}»: una restauración se interrumpió y su copia está "
                    f"incompleta. La base anterior se conserva junto a ella como "
                    f"«{real.stem}{ASIDE_MARK}…»; restáurela con «sernam-desktop backup restore "
                    f"--db \"{real}\" ARCHIVO»."
                )
        for p in partials:
            try:
                p.unlink()
            except OSError:
                pass
        return note
    except OSError as exc:
        raise StoreError(
            f"No se pudo completar una restauración interrumpida de «{real}» "
            f"({exc.strerror or exc})."
        ) from None
    finally:
        if lock is not None:
            lock.release()
