"""Writing and reading files safely (no Qt, no SQLite, no store).

* :func:`write_atomic`: a file is either entirely there or not changed at all
  (temporary file beside it, fsync, one rename, folder fsync'ed), and never
  written over an SQLite database (:func:`refuse_overwriting_database_file`).
* :func:`read_regular_file`: the bytes of a regular file up to a limit (never a
  FIFO, a device or a folder), or a Spanish :class:`UserError`.
* :func:`fsync_dir` / :func:`fsync_file`: make a file's content, or a rename in
  a folder, durable (``fsync_dir`` is a no-op where the OS cannot open a
  folder, i.e. Windows, whose NTFS journals renames).

File identity and Spanish ``OSError`` reasons are in :mod:`sernam_desktop.fileid`.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from sernam_desktop.errors import UserError
from sernam_desktop.fileid import os_reason


def refuse_overwriting_database_file(path: Path) -> None:
    """Exports, bundles and settings never replace an SQLite database or WAL
    file, whatever it is called (the last line of defence behind the CLI's
    and dialogs' own checks)."""
    if not os.path.isfile(path):  # never open a FIFO or a device just to look
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return  # does not exist (or cannot be read: the write will say why)
    if head == b"SQLite format 3\x00" or head[:4] in (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83"):
        raise UserError(
            f"«{path}» es un archivo de base de datos: no se reemplaza por una exportación. "
            "Elija otro nombre para el archivo de salida."
        )


def write_atomic(path: str | Path, payload: bytes | str) -> None:
    """Write a file so that it is either entirely there or not changed at all."""
    path = Path(path)
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    refuse_overwriting_database_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UserError(f"No se pudo escribir «{path}»: {os_reason(exc)}.") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise UserError(f"No se pudo escribir «{path}»: {os_reason(exc)}.") from None
    # The rename is only durable once the folder's entry is on disk: without
    # this a file reported as written can vanish after a power cut.
    fsync_dir(path.parent)


def read_regular_file(path: str | Path, limit: int, too_big: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or a Spanish UserError.

    Input named on the command line (or chosen in a dialog) may be a FIFO, a
    device such as /dev/zero, a folder or a link to one: reading those with
    ``read_bytes()`` hangs for ever or grows memory until it runs out.  Only
    regular files are read (checked before opening and again on the open
    descriptor, opened without blocking), and never more than ``limit + 1``
    bytes.
    """
    p = Path(path)
    big = too_big or f"«{p.name}» es demasiado grande."
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise UserError(f"No existe el archivo «{p}».") from None
    except OSError as exc:
        raise UserError(f"No se pudo leer «{p}»: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(st.st_mode):
        raise UserError(f"«{p}» es una carpeta, no un archivo.")

    def not_regular() -> UserError:
        return UserError(
            f"«{p}» no es un archivo común (es un dispositivo, una tubería u otro archivo "
            "especial): no se puede leer."
        )

    if not stat.S_ISREG(st.st_mode):
        raise not_regular()
    if st.st_size > limit:
        raise UserError(big)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except OSError as exc:
        raise UserError(f"No se pudo leer «{p}»: {exc.strerror or exc}.") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a FIFO after the check
            raise not_regular()
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise UserError(f"No se pudo leer «{p}»: {exc.strerror or exc}.") from None
    finally:
        os.close(fd)
    if got > limit:
        raise UserError(big)
    return b"".join(chunks)


def fsync_dir(folder: str | Path) -> None:
    """Flush a folder's entries (a rename, a new file) to disk where the OS allows it."""
    if os.name != "posix":
        return  # Windows cannot open a folder for fsync; NTFS journals the rename
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (e.g. certain network shares) refuse: nothing more to do
    finally:
        os.close(fd)


def fsync_file(path: str | Path) -> None:
    """Flush a file's content to disk."""
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def human_size(n: int) -> str:
    """Spanish byte sizes: «812 bytes», «1,4 MB»."""
    if n < 1024:
        return f"{n} bytes"
    for unit in ("KB", "MB", "GB"):
        n /= 1024  # type: ignore[assignment]
        if n < 1024 or unit == "GB":
            return f"{n:.1f} {unit}".replace(".", ",")
    return f"{n} bytes"  # pragma: no cover
