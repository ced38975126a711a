"""«Guardar copia…» / ``sernam-desktop backup copy``: a consistent copy of a database.

A database being edited is a file plus its ``-wal``; copying the file with the
file manager or ``cp`` while the application writes can give a torn or an older
copy.  :func:`save_copy` uses SQLite's online backup API instead: the copy is
one self-contained file (rollback journal, no ``-wal``) holding exactly one
committed state, checked with ``integrity_check`` before it is renamed into
place.  A failed copy leaves nothing behind.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sernam_desktop.errors import UserError
from sernam_desktop.fileid import fsync_dir, os_reason, refuse_output_onto_database
from sernam_desktop.store import AppDatabase, damaged_message, store_error_for


def save_copy(source: AppDatabase, dest: str | Path, *, overwrite: bool = False) -> Path:
    """Copy the open database ``source`` into the new file ``dest``; returns ``dest``.

    Refuses (:class:`UserError`, in Spanish) a destination that is the database
    itself or one of its side files, and an existing file unless ``overwrite``.
    """
    dest = Path(dest)
    if source.path is not None:
        refuse_output_onto_database(dest, source.path)
    if dest.exists() and not dest.is_file():
        raise UserError(f"«{dest}» no es un archivo: elija otro nombre para la copia.")
    if dest.exists() and not overwrite:
        raise UserError(f"Ya existe «{dest}»: elija otro nombre para la copia (no se reemplazó).")
    if not dest.parent.is_dir():
        raise UserError(f"No existe la carpeta «{dest.parent}».")
    tmp = dest.with_name(f".{dest.name}.copiando-{os.getpid()}.tmp")
    _remove(tmp)
    try:
        try:
            target = sqlite3.connect(str(tmp))
            try:
                source.db.conn.backup(target)
                # The copy of a WAL database is marked WAL: make it one plain file.
                target.execute("PRAGMA journal_mode=DELETE")
                target.commit()
                problems = [r[0] for r in target.execute("PRAGMA integrity_check(100)")]
            finally:
                target.close()
        except sqlite3.Error as exc:
            raise store_error_for(exc, dest, saving=False) from None
        if problems != ["ok"]:
            raise UserError(damaged_message(source.path, problems))
        try:
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, dest)
        except OSError as exc:
            raise UserError(f"No se pudo guardar la copia «{dest}»: {os_reason(exc)}.") from None
        fsync_dir(dest.parent)
        return dest
    finally:
        _remove(tmp)


def _remove(p: Path) -> None:
    for f in (p, Path(str(p) + "-journal"), Path(str(p) + "-wal"), Path(str(p) + "-shm")):
        try:
            f.unlink()
        except OSError:
            pass
