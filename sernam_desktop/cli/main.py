"""``sernam-desktop`` — argument parsing in Spanish and the error policy.

Bad input gives one Spanish line on stderr and exit status 2; never a
traceback.  Feature modules add their subcommands through ``register(cli)``
(see FEATURE_MODULES); each handler takes the parsed args and returns an exit
status.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sqlite3
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from sernam_desktop import APP_NAME, __version__
from sernam_desktop.errors import UserError

if TYPE_CHECKING:
    from sernam_desktop.store import Store

# Each module has register(cli: CliGroups).  Order = order in --help.
FEATURE_MODULES = [
    "sernam_desktop.cli.core_cmds",
    "sernam_desktop.cli.docx_cmds",
    "sernam_desktop.cli.gui_cmd",
    "sernam_desktop.cli.export_cmds",
    "sernam_desktop.cli.central_cmds",
    "sernam_desktop.cli.outbox_cmds",  # issue 15
    "sernam_desktop.cli.review_cmds",  # issue 15 (after central_cmds: adds central actions)
    "sernam_desktop.cli.backup_cmds",
]

_ARGPARSE_ES = [
    (r"the following arguments are required: (.*)", r"faltan argumentos obligatorios: \1"),
    (r"unrecognized arguments: (.*)", r"argumentos no reconocidos: \1"),
    (r"argument (.*?): invalid choice: '?(.*?)'? \(choose from (.*)\)",
     r"argumento \1: opción inválida «\2» (elija entre \3)"),
    (r"argument (.*?): invalid (\w+) value: (.*)", r"argumento \1: valor inválido \3"),
    (r"argument (.*?): expected one argument", r"argumento \1: falta su valor"),
    (r"argument (.*?): expected at least one argument", r"argumento \1: falta al menos un valor"),
    (r"argument (.*?): not allowed with argument (.*)", r"argumento \1: no se puede usar con \2"),
    (r"argument (.*?): (.*)", r"argumento \1: \2"),
    (r"ambiguous option: (.*?) could match (.*)", r"opción ambigua: \1 (podría ser \2)"),
    (r"invalid choice: '?(.*?)'? \(choose from (.*)\)", r"opción inválida «\1» (elija entre \2)"),
]


def spanish(message: str) -> str:
    for pat, repl in _ARGPARSE_ES:
        if re.fullmatch(pat, message, flags=re.S):
            return re.sub(pat, repl, message, flags=re.S)
    return message


class SpanishHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001
        return super().add_usage(usage, actions, groups, "uso: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with Spanish headings and errors (one line, exit 2)."""

    def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        kwargs.setdefault("formatter_class", SpanishHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumentos"
        self._optionals.title = "opciones"
        self.add_argument("-h", "--help", action="help", help="muestra esta ayuda y termina")

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {spanish(message)}\n")
        sys.exit(2)


@dataclass
class CliGroups:
    top: argparse._SubParsersAction
    export: argparse._SubParsersAction
    import_: argparse._SubParsersAction


def db_argument(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument("--db", metavar="RUTA", required=required,
                   help="archivo de base de datos de la oficina (.sqlite3)")


def form_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--form", metavar="ID",
                   help="formulario a usar si la base tiene varios (uuid o sus primeros caracteres)")


def build_parser() -> Parser:
    parser = Parser(
        prog=APP_NAME,
        description=(
            "Formulario Etapa N°4 del PMG Gestión Territorial (SERNAM): llenado sin conexión\n"
            "en las Direcciones Regionales y consolidación en el Nivel Central.\n"
            "Sin argumentos abre la aplicación de escritorio."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help="muestra la versión y termina")
    parser.add_argument("--db", metavar="RUTA",
                        help="base de datos a abrir en la aplicación (por omisión, la del usuario)")
    top = parser.add_subparsers(dest="command", metavar="COMANDO", title="comandos",
                                parser_class=Parser)
    exp = top.add_parser("export", help="exporta el formulario (json, pdf, xlsx, bundle)",
                         description="Exporta el formulario a un archivo.")
    exp_sub = exp.add_subparsers(dest="what", metavar="FORMATO", title="formatos",
                                 parser_class=Parser, required=True)
    imp = top.add_parser("import", help="importa un formulario (json, xlsx, docx)",
                         description="Importa un formulario desde un archivo.")
    imp_sub = imp.add_subparsers(dest="what", metavar="FORMATO", title="formatos",
                                 parser_class=Parser, required=True)
    groups = CliGroups(top, exp_sub, imp_sub)
    for name in FEATURE_MODULES:
        importlib.import_module(name).register(groups)
    return parser


def resolve_instance(store: Store, selector: str | None = None) -> str:
    """The instance a command means: ``--form`` (uuid or prefix) or the only one."""
    insts = store.instances()
    if selector:
        hits = [i for i in insts if i["uuid"].startswith(selector.strip().lower())]
        if len(hits) == 1:
            return hits[0]["uuid"]
        if not hits:
            raise UserError(f"No hay ningún formulario «{selector}» en esta base de datos.")
        raise UserError(f"«{selector}» coincide con varios formularios; escriba más caracteres.")
    if not insts:
        raise UserError(
            "La base de datos no tiene formularios: cree uno con «sernam-desktop new» o "
            "cargue el ejemplo con «sernam-desktop demo»."
        )
    if len(insts) > 1:
        ids = ", ".join(i["uuid"][:8] for i in insts)
        raise UserError(f"La base de datos tiene varios formularios ({ids}); elija uno con --form.")
    return insts[0]["uuid"]


def error_hint(exc: UserError) -> str:
    """What to add to an error line: how to restore a backup of a damaged,
    foreign or too new office database."""
    path = getattr(exc, "path", None)
    if getattr(exc, "kind", "") not in ("damaged", "foreign", "newer") or path is None:
        return ""
    from sernam_desktop.backup import latest_good_backup

    try:
        best = latest_good_backup(path)
    except OSError:
        return ""
    if best is None:
        return " No hay copias de seguridad de esta base de datos."
    when = best.local_when.strftime("%d-%m-%Y %H:%M")
    return (
        f" Hay una copia de seguridad del {when}; para recuperarla: sernam-desktop backup "
        f"restore --db \"{path}\" (el archivo actual se conserva aparte)."
    )


def safe_streams() -> None:
    """Never crash on output encoding (issue 13 §15).

    A Windows console or a redirected file may use a code page (cp1252,
    cp850) that has no emoji, Arabic letters or even «—»; a service name is
    user text and may contain any of them.  Keep the stream's encoding but
    replace what it cannot show, instead of raising UnicodeEncodeError in the
    middle of a listing or of a central merge.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:  # replaced by a test harness or an embedding application
            continue
        try:
            reconfigure(errors="replace")
        except (ValueError, OSError):  # closed or detached stream: nothing to protect
            pass


def main(argv: list[str] | None = None) -> int:
    if argv is None and os.environ.get("SERNAM_DESKTOP_PLATFORM_PROBE") == "1":
        # The display check's child process (cli/gui_cmd.py): Qt may abort here.
        from sernam_desktop.ui.platform_probe import main as probe

        return probe()
    safe_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        from sernam_desktop.cli.gui_cmd import run_gui

        func = run_gui
    try:
        return int(func(args) or 0)
    except UserError as exc:
        print(f"{APP_NAME}: error: {exc}{error_hint(exc)}", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:
        from sernam_desktop.appfile import sqlite_error_kind, store_error_for

        # Disk full, read-only, busy, I/O: one Spanish sentence, never SQLite's English.
        msg = (str(store_error_for(exc, None)) if sqlite_error_kind(exc) != "other"
               else f"la base de datos no se pudo usar ({exc}).")
        print(f"{APP_NAME}: error: {msg}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{APP_NAME}: interrumpido.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
