"""Rotating backups of the office database, and restoring one safely.

* Backups are made only with SQLite's online backup API
  (``sqlite3.Connection.backup``), never by copying the live file: a copy of a
  WAL database taken while it is being written can be torn.
* **Backups belong to one database**, not to a file name: every office
  database stores a random ``database_id`` (``meta`` table, migration
  ``m002_database_id``).  Backups live in ``paths.backups_dir() / <id>``; each
  backup carries the same id inside it, and a file ``origen.txt`` in the folder
  remembers where the database was, to find its backups when the database
  itself cannot be read.  Restore refuses a backup of another database.
* Each backup is written to a recognisable temporary name
  (``.<final name>.tmp``, held under a lock file ``….tmp.lock`` while it is
  written), switched to a self-contained rollback-journal file, checked
  (``quick_check``, ``application_id``, id), fsync'ed and only then renamed
  into place.  A crash mid-backup leaves the temporary files; the next backup
  removes those no running process holds.
* Rotation deletes only *verified-good backups of this database* beyond the
  newest ``keep``.  A backup that cannot be verified right now (locked by
  another program, made by a newer version, damaged, of another database) is
  kept and reported (``BackupManager.kept``), never deleted.
* A backup whose content equals the newest existing backup (same last change
  in the change log) is skipped, so opening the application ten times does not
  push ten different older states out of the rotation.
* :func:`restore_backup` never leaves the path without a database: the backup
  is copied next to it (``.<name>.restaurando.tmp``), the current file is kept
  by *copying* it to ``<name>.antes-de-restaurar-<timestamp>.sqlite3``, the
  copy is marked ready (renamed ``.<name>.restaurando.listo``) and then moved
  over the database with one ``os.replace``.  :func:`finish_interrupted_restore`
  (in :mod:`sernam_desktop.restore_recovery`, re-exported here), called by
  ``Store`` before opening, completes or undoes a restore that was killed
  half-way.  A symbolic link is restored through: its target is replaced, the
  link stays.

See docs/data-safety.md.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sernam_desktop import paths
from sernam_desktop.appfile import SQLITE_MAGIC, sqlite_error_kind, store_error_for
from sernam_desktop.errors import StoreError, UserError
from sernam_desktop.files import fsync_dir, fsync_file, human_size
from sernam_desktop.restore_recovery import (
    ASIDE_MARK,
    _connect_ro,
    _crash_point,
    _inspect,
    _move_ready_into_place,
    _real,
    _restore_files,
    _unlink_quietly,
    check_database_file,
    finish_interrupted_restore,
)
from sernam_desktop.store import (
    APPLICATION_ID,
    Changed,
    Store,
    database_id_of,
)

_STAMP = "%Y%m%d-%H%M%S"
_BACKUP_STAMP = "%Y%m%d-%H%M%S-%f"  # microseconds: names never repeat after rotation
_BACKUP_NAME_RE = re.compile(r"^(?P<stem>.+)-(?P<when>\d{8}-\d{6}-\d{6})Z\d*\.sqlite3$")
ORIGIN_FILE = "origen.txt"
TMP_SUFFIX = ".tmp"
LOCK_WAIT_S = 10.0


def database_id(db_path: str | Path) -> str | None:
    """The ``database_id`` stored in a file, or None (missing, unreadable, older file)."""
    p = Path(db_path)
    try:
        with open(p, "rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                return None
        conn = _connect_ro(p)
        try:
            conn.execute("PRAGMA trusted_schema=OFF")
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return None
            return database_id_of(conn)
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return None


def _origin_matches(folder: Path, real: Path) -> bool:
    try:
        text = (folder / ORIGIN_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return str(real) in text.splitlines()


def backup_folder(db_path: str | Path, db_id: str | None = None) -> Path:
    """Where the backups of ``db_path`` live: ``<copias>/<database id>``.

    When the database cannot be read (damaged, missing) the folder is found by
    ``origen.txt`` — the path the database had when it was last backed up.
    Files of earlier versions without an id use ``<copias>/<file stem>``.
    """
    root = paths.backups_dir()
    db_id = db_id or database_id(db_path)
    if db_id:
        return root / db_id
    real = _real(db_path)
    try:
        candidates = [f for f in root.iterdir() if f.is_dir() and _origin_matches(f, real)]
    except OSError:
        candidates = []
    if candidates:
        return max(candidates, key=lambda f: (f / ORIGIN_FILE).stat().st_mtime)
    return root / Path(db_path).stem


def _backup_name(stem: str, when: datetime) -> str:
    return f"{stem}-{when.strftime(_BACKUP_STAMP)}Z.sqlite3"


def _parse_when(path: Path) -> datetime | None:
    m = _BACKUP_NAME_RE.match(path.name)
    if m is None or path.name.startswith("."):
        return None
    try:
        return datetime.strptime(m["when"], _BACKUP_STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    when: datetime  # UTC, aware
    size: int  # bytes
    forms: int | None  # number of form instances; None if unreadable
    ok: bool  # verified: a sernam-desktop database of a known version, of this database
    problem: str = ""  # Spanish, when not ok
    kind: str = "ok"  # ok | damaged | unreadable | newer | foreign | other-database
    database_id: str | None = None

    @property
    def local_when(self) -> datetime:
        return self.when.astimezone()


def list_backups(db_path: str | Path, folder: str | Path | None = None) -> list[BackupInfo]:
    """The backups of ``db_path``, newest first, each checked.

    A backup that belongs to another database (its id differs) is listed as
    not usable (``kind="other-database"``).
    """
    db_path = Path(db_path)
    db_id = database_id(db_path)
    folder = Path(folder) if folder is not None else backup_folder(db_path, db_id)
    if not db_id and folder.parent == paths.backups_dir() and _looks_like_id(folder.name):
        db_id = folder.name  # found through origen.txt: the database cannot say it itself
    if not folder.is_dir():
        return []
    out = []
    for p in folder.glob("*.sqlite3"):
        when = _parse_when(p)
        if when is None or not p.is_file():
            continue
        i = _inspect(p)
        ok, problem, kind = i.forms >= 0, i.problem, i.kind
        if ok and db_id and i.database_id and i.database_id != db_id:
            ok, kind = False, "other-database"
            problem = "es una copia de otra base de datos (otro identificador)"
        try:
            size = p.stat().st_size
        except OSError:
            size = 0
        out.append(BackupInfo(p, when, size, i.forms if i.forms >= 0 else None, ok, problem,
                              kind, i.database_id))
    out.sort(key=lambda b: (b.when, b.path.name), reverse=True)
    return out


_ID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _looks_like_id(name: str) -> bool:
    return bool(_ID_RE.match(name))


def latest_good_backup(db_path: str | Path, folder: str | Path | None = None) -> BackupInfo | None:
    for b in list_backups(db_path, folder):
        if b.ok:
            return b
    return None


# ------------------------------------------------- temporary-file locks --
class _TmpLock:
    """An exclusive lock on ``<tmp>.lock`` held while a temporary backup is written.

    The next backup deletes a leftover temporary file only when it can take
    this lock itself, i.e. when the process that wrote it is gone.
    """

    def __init__(self, tmp: Path):
        self.path = Path(str(tmp) + ".lock")
        self.fd: int | None = None

    def acquire(self) -> bool:
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError:
                return False
            if not _try_lock(fd):
                os.close(fd)
                return False
            try:  # the file may have been removed by a cleaner between open and lock
                if os.name == "posix" and os.fstat(fd).st_ino != os.stat(self.path).st_ino:
                    raise FileNotFoundError
            except FileNotFoundError:
                os.close(fd)
                continue
            self.fd = fd
            return True
        return False

    def release(self, remove: bool = True) -> None:
        fd, self.fd = self.fd, None
        if fd is None:
            return
        if remove and os.name == "posix":
            try:
                self.path.unlink()
            except OSError:
                pass
        try:
            _unlock(fd)
        except OSError:
            pass
        os.close(fd)
        if remove and os.name != "posix":
            try:
                self.path.unlink()
            except OSError:
                pass


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove temporary backups left by a killed process (not those being written)."""
    removed: list[Path] = []
    try:
        names = [p for p in folder.iterdir() if p.name.startswith(".")]
    except OSError:
        return removed
    bases = set()
    for p in names:
        n = p.name
        for suffix in (".lock", "-journal", "-wal", "-shm"):
            if n.endswith(TMP_SUFFIX + suffix):
                n = n[: -len(suffix)]
                break
        if n.endswith(TMP_SUFFIX) and n.endswith(".sqlite3" + TMP_SUFFIX):
            bases.add(folder / n)
    for tmp in sorted(bases):
        lock = _TmpLock(tmp)
        if not lock.acquire():
            continue  # another process is writing it right now
        try:
            for p in (tmp, *(Path(str(tmp) + s) for s in ("-journal", "-wal", "-shm"))):
                if p.exists():
                    try:
                        p.unlink()
                        removed.append(p)
                    except OSError:
                        pass
        finally:
            lock.release(remove=True)
    return removed


def _copy_with_backup_api(source: sqlite3.Connection, target: Path) -> None:
    """Copy ``source`` into a new self-contained file ``target`` (raises sqlite3.Error)."""
    dest = sqlite3.connect(str(target))
    try:
        if os.environ.get("SERNAM_DESKTOP_CRASH_AT") == "backup-copying":
            source.backup(dest, pages=1, progress=lambda *_: _crash_point("backup-copying"))
        else:
            source.backup(dest)
        # A backup of a WAL database is marked WAL too; make it one plain file.
        dest.execute("PRAGMA journal_mode=DELETE")
        dest.commit()
    finally:
        dest.close()


def _last_change(conn: sqlite3.Connection) -> tuple[int, str] | None:
    try:
        r = conn.execute("SELECT id, at FROM changes ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    return (r[0], r[1]) if r else (0, "")


def _write_origin(folder: Path, real: Path) -> None:
    """Remember where the database is (to find its backups when it cannot be read)."""
    target = folder / ORIGIN_FILE
    try:
        lines = target.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines = []
    if lines[:1] == [str(real)]:
        return
    lines = [str(real)] + [ln for ln in lines if ln and ln != str(real)][:9]
    tmp = folder / f".{ORIGIN_FILE}.{os.getpid()}.txt"
    try:
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


class BackupManager:
    """Rotating backups of one open store.

    Call :meth:`backup_on_open` once after opening, :meth:`maybe_backup` after
    every command (cheap: it only looks at the clock), :meth:`backup_now` for
    "Hacer copia ahora", and :meth:`close` when the database is closed.
    ``maybe_backup`` and ``close`` never raise: a failed automatic backup must
    not get in the way of editing; its Spanish reason is kept in
    ``last_error`` and ``failures`` counts failures in a row (for the GUI).
    Backups that rotation kept because they could not be verified are in
    ``kept`` (with their reason).
    """

    def __init__(self, store: Store, *, folder: str | Path | None = None,
                 keep: int | None = None, every_minutes: float | None = None,
                 clock: Callable[[], float] = time.monotonic):
        if store.path is None:
            raise UserError("Una base de datos en memoria no tiene copias de seguridad.")
        if keep is None or every_minutes is None:
            from sernam_desktop.settings import load

            s = load()
            keep = s.backup_keep if keep is None else keep
            every_minutes = s.backup_every_minutes if every_minutes is None else every_minutes
        self.store = store
        self.db_path = Path(store.path)
        self.database_id = database_id_of(store.db.conn)
        default = (paths.backups_dir() / self.database_id if self.database_id
                   else backup_folder(self.db_path))
        self.folder = Path(folder) if folder is not None else default
        # the dialog passes the default folder explicitly: still the default (origen.txt)
        self._default_folder = folder is None or self.folder == default
        self.keep = max(1, int(keep))
        self.every_seconds = float(every_minutes) * 60
        self._clock = clock
        self._last_backup_at = clock()
        self._dirty = False
        self.last_error = ""
        self.failures = 0  # automatic backups failed in a row (the GUI shows them)
        self.last_backup: Path | None = None
        self.kept: list[BackupInfo] = []

    # -- hooks --------------------------------------------------------------
    def attach(self) -> Callable[[], None]:
        """Call :meth:`maybe_backup` after every command of the store."""
        return self.store.subscribe(self._on_changed)

    def _on_changed(self, changed: Changed) -> None:
        self.maybe_backup()

    def backup_on_open(self) -> Path | None:
        """A backup right after opening (skipped if the newest one has the same content)."""
        self._last_backup_at = self._clock()
        return self._quietly(self._backup, skip_if_same=True)

    def maybe_backup(self) -> Path | None:
        """Note an edit; back up if ``every_minutes`` have passed since the last backup."""
        if self.store.readonly:
            return None
        self._dirty = True
        if self._clock() - self._last_backup_at < self.every_seconds:
            return None
        return self._quietly(self._backup, skip_if_same=True)

    def close(self) -> Path | None:
        """A last backup if anything changed since the previous one."""
        if not self._dirty:
            return None
        return self._quietly(self._backup, skip_if_same=True)

    def backup_now(self) -> Path:
        """Back up now (raises :class:`UserError` in Spanish if it fails)."""
        made = self._backup(skip_if_same=False)
        assert made is not None
        return made

    # -- work ---------------------------------------------------------------
    def _quietly(self, fn: Callable[..., Path | None], **kw: bool) -> Path | None:
        try:
            made = fn(**kw)
        except UserError as exc:
            self.last_error = str(exc)
            self.failures += 1
            self._last_backup_at = self._clock()  # do not retry after every keystroke
            return None
        self.last_error = ""
        self.failures = 0
        return made

    def _backup(self, skip_if_same: bool) -> Path | None:
        conn = self.store.db.conn
        if self._default_folder and not self.database_id:
            raise UserError(
                f"La base de datos «{self.db_path.name}» es de una versión anterior y aún no "
                "tiene identificador: ábrala una vez para editar y vuelva a intentarlo."
            )
        if skip_if_same:
            newest = latest_good_backup(self.db_path, self.folder)
            if newest is not None:
                current = _last_change(conn)
                try:
                    bconn = _connect_ro(newest.path)
                    try:
                        theirs = _last_change(bconn)
                    finally:
                        bconn.close()
                except sqlite3.Error:
                    theirs = None
                if current is not None and current == theirs:
                    self._dirty = False
                    self._last_backup_at = self._clock()
                    return None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                f"No se pudo crear la carpeta de copias «{self.folder}» ({exc.strerror or exc})."
            ) from None
        clean_leftovers(self.folder)
        if self._default_folder:
            _write_origin(self.folder, _real(self.db_path))
        now = datetime.now(UTC)
        stem = self.db_path.stem
        final = self.folder / _backup_name(stem, now)
        n = 2
        while final.exists():
            final = self.folder / f"{stem}-{now.strftime(_BACKUP_STAMP)}Z{n}.sqlite3"
            n += 1
        tmp = self.folder / f".{final.name}{TMP_SUFFIX}"
        lock = _TmpLock(tmp)
        lock.acquire()  # best effort: without it a leftover is simply cleaned next time
        try:
            _copy_with_backup_api(conn, tmp)
            _crash_point("backup-copied")
            i = _inspect(tmp)
            if i.forms < 0:
                raise UserError(
                    f"La copia de seguridad no se guardó: la base de datos {i.problem}."
                )
            fsync_file(tmp)
            os.replace(tmp, final)
            fsync_dir(self.folder)
        except sqlite3.Error as exc:
            _unlink_quietly(tmp)
            err = store_error_for(exc, tmp)
            raise UserError(f"No se pudo hacer la copia de seguridad: {err}") from None
        except OSError as exc:
            _unlink_quietly(tmp)
            raise UserError(
                f"No se pudo hacer la copia de seguridad en «{self.folder}» "
                f"({exc.strerror or exc})."
            ) from None
        except BaseException:
            _unlink_quietly(tmp)
            raise
        finally:
            lock.release(remove=True)
        self._dirty = False
        self._last_backup_at = self._clock()
        self.last_backup = final
        self.kept = self._rotate()
        return final

    def _rotate(self) -> list[BackupInfo]:
        """Delete verified-good backups of this database beyond ``keep``; return the
        backups kept because they could not be verified (never deleted)."""
        backups = list_backups(self.db_path, self.folder)
        mine = [b for b in backups if b.ok
                and (self.database_id is None or b.database_id == self.database_id)]
        for b in mine[self.keep:]:
            _unlink_quietly(b.path)
        return [b for b in backups if not b.ok]


def _timestamp() -> str:
    return datetime.now().strftime(_STAMP)


def aside_path(db_path: Path) -> Path:
    base = db_path.with_name(f"{db_path.stem}{ASIDE_MARK}{_timestamp()}.sqlite3")
    n = 2
    p = base
    while p.exists():
        p = base.with_name(f"{db_path.stem}{ASIDE_MARK}{_timestamp()}-{n}.sqlite3")
        n += 1
    return p


def _checkpoint(db_path: Path) -> None:
    """Fold a healthy database's WAL into the main file.

    A damaged or foreign file is not touched at all (SQLite could discard a
    WAL it does not understand): it is copied aside with its -wal as it is.
    """
    forms, problem = check_database_file(db_path)
    if forms < 0:
        return
    try:
        conn = sqlite3.connect(str(db_path))
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # its -wal is copied along with it below


def _copy_file_durably(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` through a partial name: ``dst`` appears only complete."""
    part = dst.with_name(f".{dst.name}.parcial")
    try:
        shutil.copyfile(src, part)
        fsync_file(part)
        _crash_point("restore-aside-partial")
        os.replace(part, dst)
    except BaseException:
        try:
            part.unlink()
        except OSError:
            pass
        raise


def _keep_aside(db_path: Path) -> Path:
    """Copy the current database (with its -wal/-journal) to an «antes de restaurar» file."""
    aside = aside_path(db_path)
    for suffix in ("-wal", "-journal"):
        side = Path(str(db_path) + suffix)
        if side.exists() and side.stat().st_size > 0:
            _copy_file_durably(side, Path(str(aside) + suffix))
    _copy_file_durably(db_path, aside)
    fsync_dir(db_path.parent)
    return aside


def restore_backup(db_path: str | Path, backup_path: str | Path) -> Path | None:
    """Replace ``db_path`` by the backup ``backup_path``; return where the old file was kept.

    The backup is verified first (``quick_check``, ``application_id``, known
    schema version) and refused if it belongs to another database.  Then, under
    the database's lock: the backup is copied next to the database with the
    backup API and checked; the current file (with its ``-wal``) is *copied* to
    ``<name>.antes-de-restaurar-<timestamp>.sqlite3`` — kept, never deleted —;
    the copy is marked ready and moved over the database with one rename.  At
    every instant the path holds either the old or the new database.  A
    symbolic link is followed: its target is restored, the link stays.
    Returns the kept path, or None when there was no current file.
    """
    from sernam_desktop.lock import DatabaseLock

    given = Path(db_path)
    db_path = _real(given)
    backup_path = Path(backup_path)
    if not backup_path.is_file():
        raise UserError(f"No existe la copia de seguridad «{backup_path}».")
    info = _inspect(backup_path)
    if info.forms < 0:
        raise UserError(f"No se puede restaurar «{backup_path.name}»: la copia {info.problem}.")
    if db_path.exists() and db_path == _real(backup_path):
        raise UserError("La copia de seguridad es la misma base de datos que se quiere reemplazar.")
    with DatabaseLock(db_path):
        finish_interrupted_restore(db_path, locked=True)
        ours = database_id(db_path) if db_path.exists() else None
        if ours and info.database_id and ours != info.database_id:
            raise UserError(
                f"La copia «{backup_path.name}» es de otra base de datos, no de «{given}»: no se "
                "restaura. Elija una copia de esta base de datos (vea «sernam-desktop backup "
                "list»)."
            )
        tmp, ready = _restore_files(db_path)
        _unlink_quietly(tmp)
        try:
            src = _connect_ro(backup_path)
            try:
                _copy_with_backup_api(src, tmp)
            finally:
                src.close()
            forms2, problem2 = check_database_file(tmp)
            if forms2 < 0:
                raise UserError(f"No se pudo restaurar: la copia {problem2}.")
            fsync_file(tmp)
            _crash_point("restore-copied")
            aside: Path | None = None
            if db_path.exists():
                _checkpoint(db_path)
                aside = _keep_aside(db_path)
                _crash_point("restore-kept-aside")
            os.replace(tmp, ready)  # the commit point: from here on, finishing is the way
            fsync_dir(db_path.parent)
            _crash_point("restore-ready")
        except sqlite3.Error as exc:
            _unlink_quietly(tmp)
            raise UserError(f"No se pudo restaurar la copia: {store_error_for(exc, db_path)}") from None
        except OSError as exc:
            _unlink_quietly(tmp)
            raise UserError(
                f"No se pudo restaurar la copia junto a «{db_path}» ({exc.strerror or exc}). "
                "La base de datos no se modificó."
            ) from None
        except BaseException:
            _unlink_quietly(tmp)
            raise
        try:
            _move_ready_into_place(db_path, ready)
        except OSError as exc:
            where = f" La base anterior se conserva en «{aside}»." if aside else ""
            raise UserError(
                f"No se pudo terminar de restaurar la copia en «{db_path}» "
                f"({exc.strerror or exc}); se terminará al abrirla.{where}"
            ) from None
    return aside


def restore_latest(db_path: str | Path, folder: str | Path | None = None) -> tuple[BackupInfo, Path | None]:
    """Restore the newest good backup; (the backup used, where the old file went)."""
    best = latest_good_backup(db_path, folder)
    if best is None:
        raise UserError(f"No hay copias de seguridad en buen estado de «{Path(db_path).name}».")
    return best, restore_backup(db_path, best.path)


# ------------------------------------------------------------- platform --
if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


__all__ = [
    "BackupInfo", "BackupManager", "backup_folder", "check_database_file", "clean_leftovers",
    "database_id", "finish_interrupted_restore", "human_size",
    "latest_good_backup", "list_backups", "restore_backup", "restore_latest", "StoreError",
    "sqlite_error_kind",
]
