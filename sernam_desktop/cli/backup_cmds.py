"""backup list | restore | now — rotating backups from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from sernam_desktop.cli.main import CliGroups, db_argument
from sernam_desktop.errors import UserError

if TYPE_CHECKING:
    from sernam_desktop.backup import BackupInfo

# The backup code is imported inside the handlers: building the parser stays cheap.


def _when(b: BackupInfo) -> str:
    return b.local_when.strftime("%d-%m-%Y %H:%M:%S")


def cmd_list(args: argparse.Namespace) -> int:
    from sernam_desktop.backup import human_size, list_backups

    db = Path(args.db)
    backups = list_backups(db)
    if not backups:
        print(f"No hay copias de seguridad de «{db.name}».")
        return 0
    print(f"Copias de seguridad de «{db.name}» (la más reciente primero):")
    print(f"{'N.º':>4}  {'fecha':19}  {'tamaño':>10}  {'formularios':>11}  archivo")
    for i, b in enumerate(backups, 1):
        forms = str(b.forms) if b.ok else _not_usable(b)
        print(f"{i:>4}  {_when(b):19}  {human_size(b.size):>10}  {forms:>11}  {b.path}")
    return 0


def _not_usable(b: BackupInfo) -> str:
    """How ``backup list`` shows a backup that cannot be used (kept, never rotated away)."""
    label = "DAÑADA" if b.kind == "damaged" else "NO USABLE"
    return f"{label}: {b.problem}"


def _pick(db: Path, which: str) -> Path:
    if which.isdigit():
        from sernam_desktop.backup import list_backups

        backups = list_backups(db)
        n = int(which)
        if not 1 <= n <= len(backups):
            raise UserError(
                f"No existe la copia N.º {n}: hay {len(backups)} (véalas con «sernam-desktop "
                "backup list»)."
            )
        return backups[n - 1].path
    return Path(which)


def cmd_restore(args: argparse.Namespace) -> int:
    from sernam_desktop.backup import restore_backup, restore_latest

    db = Path(args.db)
    if args.backup:
        backup = _pick(db, args.backup)
        aside = restore_backup(db, backup)
    else:
        info, aside = restore_latest(db)
        backup = info.path
    print(f"Se restauró la copia «{backup.name}» en «{db}».")
    if aside is not None:
        print(f"La base de datos anterior se conservó en «{aside}».")
    return 0


def cmd_now(args: argparse.Namespace) -> int:
    db = Path(args.db)
    if not db.exists():
        raise UserError(f"No existe la base de datos «{db}».")
    # For writing when nobody edits it (a file of an earlier version gets its
    # database id then); read-only while the application has it open.
    from sernam_desktop.appfile import DatabaseReadOnly
    from sernam_desktop.backup import BackupManager
    from sernam_desktop.lock import open_exclusive
    from sernam_desktop.store import Store

    try:
        store = open_exclusive(db)
    except DatabaseReadOnly:  # in use by the application, or a read-only file or folder
        store = Store(db, readonly=True)
    with store:
        mgr = BackupManager(store)
        made = mgr.backup_now()
    print(f"Copia de seguridad creada: {made}")
    for b in mgr.kept:
        print(f"Se conservó «{b.path.name}» sin borrarla: {b.problem}.")
    return 0


def register(cli: CliGroups) -> None:
    p = cli.top.add_parser(
        "backup", help="copias de seguridad: listar, restaurar, crear",
        description="Copias de seguridad automáticas de la base de datos de la oficina.")
    sub = p.add_subparsers(dest="backup_command", metavar="ACCIÓN", title="acciones",
                           parser_class=type(p), required=True)

    q = sub.add_parser("list", help="lista las copias (fecha, tamaño, formularios)",
                       description="Lista las copias de seguridad, la más reciente primero.")
    db_argument(q)
    q.set_defaults(func=cmd_list)

    q = sub.add_parser(
        "restore", help="restaura una copia (por omisión, la última en buen estado)",
        description="Reemplaza la base de datos por una copia de seguridad. La base actual no se "
                    "borra: queda junto a ella como «NOMBRE.antes-de-restaurar-FECHA.sqlite3».")
    db_argument(q)
    q.add_argument("backup", metavar="COPIA", nargs="?",
                   help="archivo de la copia o su número en «backup list» (1 = la más reciente)")
    q.set_defaults(func=cmd_restore)

    q = sub.add_parser("now", help="hace una copia de seguridad ahora",
                       description="Hace una copia de seguridad de la base de datos ahora.")
    db_argument(q)
    q.set_defaults(func=cmd_now)

    register_copy(sub)


# ------------------------------------------------------------- backup copy --
def cmd_copy(args: argparse.Namespace) -> int:
    from sernam_desktop.cli.core_cmds import open_db
    from sernam_desktop.safecopy import save_copy

    # Read-only: works while the application edits the file; the backup API
    # copies one committed state, never a torn file.
    with open_db(args.db, must_exist=True, readonly=True) as store:
        made = save_copy(store, args.output)
    print(f"Copia guardada en «{made}».")
    return 0


def register_copy(sub: argparse._SubParsersAction) -> None:
    q = sub.add_parser(
        "copy", help="guarda una copia segura de la base de datos en otro archivo",
        description="Guarda una copia de la base de datos en un archivo nuevo (por ejemplo, en "
                    "una memoria USB), con la API de copia de SQLite: la copia es un solo archivo "
                    "completo y revisado, aunque la aplicación esté editando la base. No copie "
                    "el archivo .sqlite3 con el explorador mientras la aplicación está abierta.")
    db_argument(q)
    q.add_argument("-o", "--output", metavar="ARCHIVO", required=True,
                   help="archivo nuevo para la copia (no se reemplaza uno existente)")
    q.set_defaults(func=cmd_copy)
