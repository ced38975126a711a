"""File identity and durability helpers (no Qt, no SQLite).

* :func:`identity_key` / :func:`same_file`: two spellings of a path name the
  same file when their resolved paths match (symlinks followed; on Windows
  case, drive letter and separators normalised) or, for existing files, when
  device and inode match (hard links, bind mounts, UNC vs mapped drive).
* :func:`database_companions` / :func:`refuse_output_onto_database`: an output
  file must never be a database, its ``-wal``/``-shm``/``-journal``/``.lock``,
  or one of its backups.
* :func:`fsync_dir`: make a rename in a folder durable (POSIX; a no-op where
  the OS cannot open a folder, i.e. Windows, whose NTFS journals renames).
* :func:`os_reason`: a Spanish phrase for an :class:`OSError` (never
  «No space left on device» in English).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from sernam_desktop.errors import UserError

COMPANION_SUFFIXES = ("-wal", "-shm", "-journal", ".lock")


def real_path(path: str | Path) -> Path:
    """The path with every symlink resolved, absolute and normalised.

    On Windows ``realpath`` also turns a mapped drive into its UNC form and
    fixes the case of existing parts; ``normcase`` lower-cases the rest.
    """
    p = os.path.realpath(os.path.abspath(os.fspath(path)))
    return Path(os.path.normcase(p))


def identity_key(path: str | Path) -> tuple:
    """A hashable identity: ``("ino", dev, ino)`` for an existing file, else its real path."""
    try:
        st = os.stat(path)
    except OSError:
        return ("path", str(real_path(path)))
    if st.st_ino:
        return ("ino", st.st_dev, st.st_ino)
    return ("path", str(real_path(path)))


def same_file(a: str | Path, b: str | Path) -> bool:
    """True when ``a`` and ``b`` are (or, once created, would be) the same file."""
    if real_path(a) == real_path(b):
        return True
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:
        return False
    return bool(sa.st_ino) and (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


def hard_link_count(path: str | Path) -> int:
    """How many names the file has (1 for a normal file; 0 when it does not exist)."""
    try:
        return os.stat(path).st_nlink
    except OSError:
        return 0


def database_companions(db_path: str | Path) -> list[Path]:
    """The database and the files that belong to it, under its given and its real name."""
    out: list[Path] = []
    for base in (Path(db_path), real_path(db_path)):
        out.append(base)
        out.extend(base.with_name(base.name + s) for s in COMPANION_SUFFIXES)
    return out


def refuse_output_onto_database(output: str | Path, db_path: str | Path,
                                backup_dir: str | Path | None = None) -> None:
    """Raise :class:`UserError` when writing ``output`` would overwrite the
    database ``db_path``, one of its side files, or a file in ``backup_dir``."""
    out = Path(output)
    for p in database_companions(db_path):
        if same_file(out, p):
            raise UserError(
                f"«{out}» es la base de datos «{Path(db_path).name}» o uno de sus archivos: "
                "elija otro nombre para el archivo de salida (no se escribió nada)."
            )
    if backup_dir is not None:
        try:
            folder = real_path(backup_dir)
            if real_path(out).parent == folder or (
                out.parent.exists() and same_file(out.parent, backup_dir)
            ):
                raise UserError(
                    f"«{out}» está en la carpeta de copias de seguridad de la base de datos: "
                    "elija otra carpeta para el archivo de salida (no se escribió nada)."
                )
        except OSError:
            pass


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


_REASONS = {
    errno.ENOSPC: "no queda espacio en el disco",
    errno.EACCES: "no tiene permiso",
    errno.EPERM: "la operación no está permitida",
    errno.EROFS: "el disco es de solo lectura",
    errno.ENOENT: "no existe el archivo o la carpeta",
    errno.ENOTDIR: "una parte de la ruta no es una carpeta",
    errno.EISDIR: "es una carpeta",
    errno.EIO: "error de lectura o escritura del disco",
    errno.EFBIG: "el archivo es demasiado grande",
    errno.ENAMETOOLONG: "el nombre es demasiado largo",
    errno.EEXIST: "ya existe",
    errno.EBUSY: "está ocupado por otro programa",
    errno.EXDEV: "está en otro disco",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "se agotó la cuota de disco del usuario"


def os_reason(exc: OSError) -> str:
    """A short Spanish reason for ``exc`` (lower case, no final period)."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    winerror = getattr(exc, "winerror", None)
    if winerror in (112, 39):  # ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL
        return "no queda espacio en el disco"
    if winerror in (32, 33):  # sharing / lock violation
        return "otro programa tiene el archivo abierto"
    code = exc.errno if exc.errno is not None else winerror
    return f"error del sistema {code}" if code is not None else "error del sistema"
