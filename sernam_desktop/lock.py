"""One writer per database: an OS-level lock on a side file ``<db>.lock``.

The first instance of the application that opens a database for editing takes
an exclusive, non-blocking lock on ``<db>.lock`` (``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows).  The operating system drops the lock when the
process ends, however it ends — a crash or a power cut never leaves a stale
lock behind, so there is nothing to "unlock" by hand.  The side file holds a
line of text saying who holds it (computer, process, since when), shown to the
second instance, and is removed when the lock is released normally.

The lock is keyed on the file, not on the name used to open it: the side file
sits beside the database's *real* path (symlinks resolved), so a symlink, a
relative path or another spelling of the same folder (case and drive/UNC on
Windows, bind mounts) all meet the same lock.  The only other way to reach the
same file under another name is a hard link; a database with more than one
hard link is never opened for editing (read-only, saying why).

A second instance opens the database read-only (``Store(path, readonly=True)``)
and gets a Spanish reason to show.  See docs/data-safety.md.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

from sernam_desktop.appfile import DatabaseReadOnly
from sernam_desktop.fileid import hard_link_count
from sernam_desktop.store import Store

# Windows locks are mandatory: lock a byte far beyond the text we write so the
# second instance can still read who holds the lock.  (SQLite does the same.)
_WIN_LOCK_OFFSET = 1 << 30


def lock_path(db_path: str | Path) -> Path:
    """``<real path of the database>.lock``: one lock per file, whatever its spelling."""
    p = Path(os.path.realpath(os.path.abspath(os.fspath(db_path))))
    return p.with_name(p.name + ".lock")


def hard_link_reason(db_path: str | Path) -> str | None:
    """A Spanish reason when the database has other names (hard links), else None."""
    n = hard_link_count(db_path)
    if n <= 1:
        return None
    return (
        f"El archivo «{Path(db_path).name}» tiene {n} nombres en el disco (enlaces duros): "
        "otra ventana podría estar modificándolo con otro nombre sin que esta lo sepa, así que "
        "no se modificará por este nombre. Guarde una copia («Archivo → Guardar copia…» o "
        "«sernam-desktop backup copy») y trabaje en ella."
    )


class DatabaseLock:
    """An exclusive lock on ``<db>.lock``; ``acquire()`` never waits."""

    def __init__(self, db_path: str | Path):
        self.db_path = Path(db_path)
        self.path = lock_path(db_path)
        self._fd: int | None = None
        self.unclean = False  # set by acquire(): the previous holder did not release

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
        for _ in range(50):
            existed = self.path.exists()
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            except OSError as exc:
                from sernam_desktop.fileid import os_reason

                raise DatabaseReadOnly(
                    f"La carpeta «{self.path.parent}» es de solo lectura o no se puede escribir "
                    f"en ella ({os_reason(exc)}): la base de datos no se puede modificar allí."
                ) from None
            if not _try_lock(fd):
                os.close(fd)
                return False
            if _still_named(fd, self.path):
                break
            # The previous holder removed the side file while we were opening
            # it: our lock is on an orphan.  Start again with the current one.
            _unlock(fd)
            os.close(fd)
        else:  # pragma: no cover - would need 50 lost races in a row
            return False
        self._fd = fd
        # A side file left by a holder that never released it: the previous
        # session ended without closing (crash, kill, power cut).
        self.unclean = existed
        try:  # who holds it: informative only, never needed for correctness
            info = f"{_host_name()}\t{os.getpid()}\t{datetime.now().isoformat(timespec='seconds')}\n"
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
        if sys.platform != "win32":
            # Remove the side file while still holding the lock; a process
            # that opened it meanwhile notices (``_still_named``) and retries.
            try:
                if _still_named(fd, self.path):
                    os.unlink(self.path)
            except OSError:
                pass
        try:
            _unlock(fd)
        except OSError:
            pass
        finally:
            os.close(fd)
        if sys.platform == "win32":  # pragma: no cover - fails while another process has it open
            try:
                os.unlink(self.path)
            except OSError:
                pass

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


def _host_name() -> str:
    """This computer's name, as ``socket.gethostname()`` gives it — through ``os.uname()``
    where that is the same call (POSIX): importing socket is ~7 ms of the GUI start-up."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


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
    """A writable :class:`Store` holding the database's lock until closed.

    When the previous holder never released the lock (crash, kill, power cut)
    the file gets a full ``integrity_check`` whatever its size.
    """

    def __init__(self, path: str | Path, lock: DatabaseLock):
        self.lock = lock
        super().__init__(path, full_check=lock.unclean)

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.lock.release()


class DatabaseHasLinks(DatabaseReadOnly):
    """The database has more than one hard link: never opened for editing."""


def _refuse_non_file(path: Path) -> None:
    """Refuse a path that exists but is not a regular file, before any lock
    file or journal could be created beside it (e.g. ``/dev/null``)."""
    if os.path.exists(path) and not os.path.isfile(path):
        from sernam_desktop.errors import StoreError

        raise StoreError(f"«{path}» no es un archivo de base de datos (es una carpeta o un dispositivo).")


def _open_locked(path: Path, lock: DatabaseLock) -> LockedStore:
    try:
        store = LockedStore(path, lock)
    except BaseException:
        lock.release()
        raise
    reason = hard_link_reason(path)  # created meanwhile? (checked before locking too)
    if reason:
        store.close()
        raise DatabaseHasLinks(reason)
    return store


def open_store_for_editing(path: str | Path) -> tuple[Store, str | None]:
    """Open ``path`` for editing, or read-only if another instance is editing it.

    Returns ``(store, readonly_reason)``: ``readonly_reason`` is None for the
    writer, a Spanish sentence for a read-only second instance (or for a file
    with several hard links).  Errors opening the file (damaged, newer version,
    read-only, full disk) raise :class:`~sernam_desktop.errors.StoreError`
    subclasses, for :func:`sernam_desktop.ui.recovery.offer_recovery` to handle.
    """
    path = Path(path)
    _refuse_non_file(path)
    links = hard_link_reason(path)
    if links:
        return Store(path, readonly=True), links + " Se abrió solo para lectura."
    lock = DatabaseLock(path)
    if lock.acquire():
        try:
            return _open_locked(path, lock), None
        except DatabaseHasLinks as exc:
            return Store(path, readonly=True), str(exc) + " Se abrió solo para lectura."
    store = Store(path, readonly=True)
    reason = (
        in_use_message(path) + " Se abrió solo para lectura: puede consultar, imprimir y "
        "exportar, pero no modificar. Para editar, cierre la otra ventana y vuelva a abrir el "
        "archivo."
    )
    return store, reason


def open_exclusive(path: str | Path) -> LockedStore:
    """Open ``path`` for writing or refuse (for the CLI): raises :class:`DatabaseInUse`
    while the application has it open for editing, :class:`DatabaseHasLinks` for a
    file with several hard links."""
    path = Path(path)
    _refuse_non_file(path)
    links = hard_link_reason(path)
    if links:
        raise DatabaseHasLinks(links)
    lock = DatabaseLock(path)
    if not lock.acquire():
        raise DatabaseInUse(
            in_use_message(path) + " Ciérrela antes de modificar la base de datos desde la "
            "línea de comandos."
        )
    return _open_locked(path, lock)


def _still_named(fd: int, path: Path) -> bool:
    """True when ``path`` still names the file open as ``fd``."""
    if sys.platform == "win32":  # pragma: no cover - an open file cannot be removed there
        return True
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


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
