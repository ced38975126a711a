"""``sernam-desktop`` — argument parsing in Spanish and the error policy.

Bad input gives one Spanish line on stderr and exit status 2; never a
traceback.  Feature modules add their subcommands through ``register(cli)``
(see FEATURE_MODULES); each handler takes the parsed args and returns an exit
status.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sqlite3
import sys
from dataclasses import dataclass
from typing import NoReturn

from sernam_desktop import APP_NAME, __version__
from sernam_desktop.errors import UserError

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


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        from sernam_desktop.cli.gui_cmd import run_gui

        func = run_gui
    try:
        return int(func(args) or 0)
    except UserError as exc:
        print(f"{APP_NAME}: error: {exc}{getattr(exc, 'cli_hint', '')}", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:
        print(f"{APP_NAME}: error: la base de datos no se pudo usar ({exc}).", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{APP_NAME}: interrumpido.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
