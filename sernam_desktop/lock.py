"""One writer per database: an OS-level lock on a side file ``<db>.lock``.

The first instance of the application that opens a database for editing takes
an exclusive, non-blocking lock on ``<db>.lock`` (``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows).  The operating system drops the lock when the
process ends, however it ends — a crash or a power cut never leaves a stale
lock behind, so there is nothing to "unlock" by hand.  The side file itself
stays; only the lock on it matters.  It also holds a line of text saying who
holds it (computer, process, since when), shown to the second instance.

A second instance opens the database read-only (``Store(path, readonly=True)``)
and gets a Spanish reason to show.  See docs/data-safety.md.
"""

from __future__ import annotations

import os
import socket
import sys
from datetime import datetime
from pathlib import Path

from sernam_desktop.store import DatabaseReadOnly, Store

# Windows locks are mandatory: lock a byte far beyond the text we write so the
# second instance can still read who holds the lock.  (SQLite does the same.)
_WIN_LOCK_OFFSET = 1 << 30


def lock_path(db_path: str | Path) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + ".lock")


class DatabaseLock:
    """An exclusive lock on ``<db>.lock``; ``acquire()`` never waits."""

    def __init__(self, db_path: str | Path):
        self.db_path = Path(db_path)
        self.path = lock_path(db_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock; False if another process (or handle) holds it.

        Raises :class:`DatabaseReadOnly` when the lock file cannot be created
        (read-only folder).
        """
        if self._fd is not None:
            return True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise DatabaseReadOnly(
                f"La carpeta «{self.path.parent}» es de solo lectura o no se puede escribir en ella "
                f"({exc.strerror or exc}): la base de datos no se puede modificar allí."
            ) from None
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        try:  # who holds it: informative only, never needed for correctness
            info = f"{socket.gethostname()}\t{os.getpid()}\t{datetime.now().isoformat(timespec='seconds')}\n"
            os.lseek(fd, 0, os.SEEK_SET)
            if sys.platform != "win32":
                os.ftruncate(fd, 0)
            os.write(fd, info.encode("utf-8"))
        except OSError:
            pass
        return True

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        except OSError:
            pass
        finally:
            os.close(fd)

    def __del__(self) -> None:  # a forgotten lock object must not keep the file locked
        try:
            self.release()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass

    def __enter__(self) -> DatabaseLock:
        if not self.acquire():
            raise DatabaseInUse(in_use_message(self.db_path))
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class DatabaseInUse(DatabaseReadOnly):
    """Another instance holds the database's lock."""

    kind = "in-use"


def holder(db_path: str | Path) -> dict[str, str] | None:
    """Who wrote the lock file last (host, pid, since) — may be stale: only a hint."""
    try:
        text = lock_path(db_path).read_bytes()[:500].decode("utf-8", "replace")
    except OSError:
        return None
    parts = text.strip().split("\t")
    if len(parts) != 3:
        return None
    return {"host": parts[0], "pid": parts[1], "since": parts[2]}


def in_use_message(db_path: str | Path) -> str:
    who = holder(db_path)
    detail = ""
    if who:
        since = who["since"]
        try:
            since = datetime.fromisoformat(since).strftime("%d-%m-%Y %H:%M")
        except ValueError:
            pass
        detail = f" (en el equipo «{who['host']}», desde el {since})"
    return (
        f"La base de datos «{Path(db_path).name}» ya está abierta para edición en otra ventana "
        f"de sernam-desktop{detail}."
    )


def is_in_use(db_path: str | Path) -> bool:
    """True when another process or handle holds the lock right now."""
    lock = DatabaseLock(db_path)
    try:
        if lock.acquire():
            lock.release()
            return False
    except DatabaseReadOnly:
        return False
    return True


class LockedStore(Store):
    """A writable :class:`Store` holding the database's lock until closed."""

    def __init__(self, path: str | Path, lock: DatabaseLock):
        self.lock = lock
        super().__init__(path)

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.lock.release()


def open_store_for_editing(path: str | Path) -> tuple[Store, str | None]:
    """Open ``path`` for editing, or read-only if another instance is editing it.

    Returns ``(store, readonly_reason)``: ``readonly_reason`` is None for the
    writer, a Spanish sentence for a read-only second instance.  Errors opening
    the file (damaged, newer version, read-only, full disk) raise
    :class:`~sernam_desktop.errors.StoreError` subclasses, for
    :func:`sernam_desktop.ui.recovery.offer_recovery` to handle.
    """
    path = Path(path)
    lock = DatabaseLock(path)
    if lock.acquire():
        try:
            return LockedStore(path, lock), None
        except BaseException:
            lock.release()
            raise
    store = Store(path, readonly=True)
    reason = (
        in_use_message(path) + " Se abrió solo para lectura: puede consultar, imprimir y "
        "exportar, pero no modificar. Para editar, cierre la otra ventana y vuelva a abrir el "
        "archivo."
    )
    return store, reason


def open_exclusive(path: str | Path) -> LockedStore:
    """Open ``path`` for writing or refuse (for the CLI): raises :class:`DatabaseInUse`
    while the application has it open for editing."""
    lock = DatabaseLock(path)
    if not lock.acquire():
        raise DatabaseInUse(
            in_use_message(path) + " Ciérrela antes de modificar la base de datos desde la "
            "línea de comandos."
        )
    try:
        return LockedStore(path, lock)
    except BaseException:
        lock.release()
        raise


# ------------------------------------------------------------- platform --
if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        # flock (not lockf): the lock belongs to this open file, so a second
        # open() in the same process conflicts too, and closing some other
        # descriptor of the file never drops it.
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:  # e.g. a file system without locks: do not block the user
            import errno

            if exc.errno in (errno.EAGAIN, errno.EACCES):
                return False
            return True
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
