"""Rotating backups of the office database, and restoring one safely.

* Backups are made only with SQLite's online backup API
  (``sqlite3.Connection.backup``), never by copying the live file: a copy of a
  WAL database taken while it is being written can be torn.
* Each backup is written to a temporary name, switched to a self-contained
  rollback-journal file, checked (``quick_check`` and ``application_id``),
  fsync'ed and only then renamed into place; the oldest backups are deleted
  only after a new good one exists, keeping the last ``keep``.
* A backup whose content equals the newest existing backup (same last change
  in the change log) is skipped, so opening the application ten times does not
  push ten different older states out of the rotation.
* :func:`restore_backup` verifies the backup, copies it next to the database,
  moves the current file aside as ``<name>.antes-de-restaurar-<timestamp>.sqlite3``
  (never deleting it, damaged or not) and renames the copy into place.

Default folder: ``paths.backups_dir() / <db stem>``.  See docs/data-safety.md.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sernam_desktop import paths
from sernam_desktop.errors import StoreError, UserError
from sernam_desktop.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    SQLITE_MAGIC,
    Changed,
    Store,
    sqlite_error_kind,
    store_error_for,
)

_STAMP = "%Y%m%d-%H%M%S"
_BACKUP_STAMP = "%Y%m%d-%H%M%S-%f"  # microseconds: names never repeat after rotation
ASIDE_MARK = ".antes-de-restaurar-"


def backup_folder(db_path: str | Path) -> Path:
    return paths.backups_dir() / Path(db_path).stem


def _backup_name(stem: str, when: datetime) -> str:
    return f"{stem}-{when.strftime(_BACKUP_STAMP)}Z.sqlite3"


def _parse_when(path: Path, stem: str) -> datetime | None:
    name = path.name
    if not (name.startswith(stem + "-") and name.endswith(".sqlite3")):
        return None
    core = name[len(stem) + 1:-len(".sqlite3")]
    core = core.split("Z", 1)[0]
    try:
        return datetime.strptime(core, _BACKUP_STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    when: datetime  # UTC, aware
    size: int  # bytes
    forms: int | None  # number of form instances; None if unreadable
    ok: bool  # passes quick_check and is a sernam-desktop database of a known version
    problem: str = ""  # Spanish, when not ok

    @property
    def local_when(self) -> datetime:
        return self.when.astimezone()


def _connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def check_database_file(path: str | Path) -> tuple[int, str]:
    """(number of forms, "") for a good sernam-desktop file, else (-1, Spanish problem)."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                return -1, "no es un archivo SQLite"
    except OSError as exc:
        return -1, f"no se pudo leer ({exc.strerror or exc})"
    try:
        conn = _connect_ro(path)
        try:
            conn.execute("PRAGMA trusted_schema=OFF")
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return -1, "no es una base de datos de sernam-desktop"
            if conn.execute("PRAGMA user_version").fetchone()[0] > SCHEMA_VERSION:
                return -1, "fue creada por una versión más reciente de la aplicación"
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                return -1, f"está dañada ({check})"
            return conn.execute("SELECT count(*) FROM instances").fetchone()[0], ""
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return -1, f"está dañada ({exc})"


def list_backups(db_path: str | Path, folder: str | Path | None = None) -> list[BackupInfo]:
    """The backups of ``db_path``, newest first, each checked."""
    db_path = Path(db_path)
    folder = Path(folder) if folder is not None else backup_folder(db_path)
    if not folder.is_dir():
        return []
    out = []
    for p in folder.glob(f"{db_path.stem}-*.sqlite3"):
        when = _parse_when(p, db_path.stem)
        if when is None or not p.is_file():
            continue
        forms, problem = check_database_file(p)
        out.append(BackupInfo(p, when, p.stat().st_size, forms if forms >= 0 else None,
                              forms >= 0, problem))
    out.sort(key=lambda b: (b.when, b.path.name), reverse=True)
    return out


def latest_good_backup(db_path: str | Path, folder: str | Path | None = None) -> BackupInfo | None:
    for b in list_backups(db_path, folder):
        if b.ok:
            return b
    return None


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _unlink_quietly(path: Path) -> None:
    for p in (path, Path(str(path) + "-journal"), Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        try:
            p.unlink()
        except OSError:
            pass


def _copy_with_backup_api(source: sqlite3.Connection, target: Path) -> None:
    """Copy ``source`` into a new self-contained file ``target`` (raises sqlite3.Error)."""
    dest = sqlite3.connect(str(target))
    try:
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


class BackupManager:
    """Rotating backups of one open store.

    Call :meth:`backup_on_open` once after opening, :meth:`maybe_backup` after
    every command (cheap: it only looks at the clock), :meth:`backup_now` for
    "Hacer copia ahora", and :meth:`close` when the database is closed.
    ``maybe_backup`` and ``close`` never raise: a failed automatic backup must
    not get in the way of editing; its Spanish reason is kept in
    ``last_error`` and ``failures`` counts failures in a row (for the GUI).
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
        self.folder = Path(folder) if folder is not None else backup_folder(self.db_path)
        self.keep = max(1, int(keep))
        self.every_seconds = float(every_minutes) * 60
        self._clock = clock
        self._last_backup_at = clock()
        self._dirty = False
        self.last_error = ""
        self.failures = 0  # automatic backups failed in a row (the GUI shows them)
        self.last_backup: Path | None = None

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
        now = datetime.now(UTC)
        final = self.folder / _backup_name(self.db_path.stem, now)
        n = 2
        while final.exists():
            final = self.folder / f"{self.db_path.stem}-{now.strftime(_BACKUP_STAMP)}Z{n}.sqlite3"
            n += 1
        tmp = self.folder / f".{final.name}.tmp"
        try:
            _copy_with_backup_api(conn, tmp)
            forms, problem = check_database_file(tmp)
            if forms < 0:
                raise UserError(
                    f"La copia de seguridad no se guardó: la base de datos {problem}."
                )
            _fsync_file(tmp)
            os.replace(tmp, final)
            _fsync_dir(self.folder)
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
        self._dirty = False
        self._last_backup_at = self._clock()
        self.last_backup = final
        self._rotate()
        return final

    def _rotate(self) -> None:
        backups = list_backups(self.db_path, self.folder)
        good = [b for b in backups if b.ok]
        # Keep the newest `keep` good ones; damaged ones never count and go.
        doomed = good[self.keep:] + [b for b in backups if not b.ok]
        for b in doomed:
            _unlink_quietly(b.path)


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
    """Fold a healthy database's WAL into the main file so it moves as one file.

    A damaged or foreign file is not touched at all (SQLite could discard a
    WAL it does not understand): it is moved aside with its -wal and -shm.
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
        pass  # damaged: its -wal/-shm are moved along with it below


def restore_backup(db_path: str | Path, backup_path: str | Path) -> Path | None:
    """Replace ``db_path`` by the backup ``backup_path``; return where the old file went.

    The backup is verified first (``quick_check``, ``application_id``, known
    schema version) and copied next to the database with the backup API; then
    the current file (with its ``-wal``/``-shm``) is renamed to
    ``<name>.antes-de-restaurar-<timestamp>.sqlite3`` — kept, never deleted —
    and the copy renamed into place.  Returns the set-aside path, or None when
    there was no current file.  Refuses while another instance has the
    database open for editing.
    """
    from sernam_desktop.lock import DatabaseLock

    db_path = Path(db_path)
    backup_path = Path(backup_path)
    if not backup_path.is_file():
        raise UserError(f"No existe la copia de seguridad «{backup_path}».")
    forms, problem = check_database_file(backup_path)
    if forms < 0:
        raise UserError(f"No se puede restaurar «{backup_path.name}»: la copia {problem}.")
    if db_path.exists() and db_path.resolve() == backup_path.resolve():
        raise UserError("La copia de seguridad es la misma base de datos que se quiere reemplazar.")
    with DatabaseLock(db_path):
        tmp = db_path.with_name(f".{db_path.name}.restaurando.tmp")
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
            _fsync_file(tmp)
        except sqlite3.Error as exc:
            _unlink_quietly(tmp)
            raise UserError(f"No se pudo restaurar la copia: {store_error_for(exc, db_path)}") from None
        except OSError as exc:
            _unlink_quietly(tmp)
            raise UserError(
                f"No se pudo restaurar la copia junto a «{db_path}» ({exc.strerror or exc})."
            ) from None
        except BaseException:
            _unlink_quietly(tmp)
            raise
        aside: Path | None = None
        try:
            if db_path.exists():
                _checkpoint(db_path)
                aside = aside_path(db_path)
                os.replace(db_path, aside)
            for suffix in ("-wal", "-shm", "-journal"):
                side = Path(str(db_path) + suffix)
                if side.exists():
                    target = Path(str(aside) + suffix) if aside else Path(str(side) + ".viejo")
                    os.replace(side, target)
            os.replace(tmp, db_path)
            _fsync_dir(db_path.parent)
        except OSError as exc:
            _unlink_quietly(tmp)
            where = f" La base anterior quedó en «{aside}»." if aside and aside.exists() else ""
            raise UserError(
                f"No se pudo restaurar la copia en «{db_path}» ({exc.strerror or exc}).{where}"
            ) from None
    return aside


def restore_latest(db_path: str | Path, folder: str | Path | None = None) -> tuple[BackupInfo, Path | None]:
    """Restore the newest good backup; (the backup used, where the old file went)."""
    best = latest_good_backup(db_path, folder)
    if best is None:
        raise UserError(f"No hay copias de seguridad en buen estado de «{Path(db_path).name}».")
    return best, restore_backup(db_path, best.path)


def human_size(n: int) -> str:
    """Spanish byte sizes: «812 bytes», «1,4 MB»."""
    if n < 1024:
        return f"{n} bytes"
    for unit in ("KB", "MB", "GB"):
        n /= 1024  # type: ignore[assignment]
        if n < 1024 or unit == "GB":
            return f"{n:.1f} {unit}".replace(".", ",")
    return f"{n} bytes"  # pragma: no cover


__all__ = [
    "BackupInfo", "BackupManager", "backup_folder", "check_database_file", "human_size",
    "latest_good_backup", "list_backups", "restore_backup", "restore_latest", "StoreError",
    "sqlite_error_kind",
]
