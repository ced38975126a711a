"""new, demo, validate, import json, export json."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sernam_desktop.cli.main import CliGroups, db_argument, form_argument, resolve_instance
from sernam_desktop.errors import UserError

if TYPE_CHECKING:
    from sernam_desktop.store import Store

# Feature code (store, commands, validation, interchange…) is imported inside the
# handlers: building the parser must stay cheap (`--version`, `--help`, issue 17 §3).


def year_arg(text: str) -> int:
    if not (text.isdigit() and len(text) == 4 and 2000 <= int(text) <= 2100):
        raise argparse.ArgumentTypeError(f"«{text}» no es un año válido (p. ej. 2026)")
    return int(text)


def region_arg(text: str) -> str:
    from sernam_desktop.regions import parse_region

    try:
        return parse_region(text).code
    except UserError as exc:
        raise argparse.ArgumentTypeError(str(exc).rstrip(".")) from None


def open_db(path: str, *, must_exist: bool = False, readonly: bool = False) -> Store:
    from sernam_desktop.store import Store

    p = Path(path)
    if must_exist and not p.exists():
        raise UserError(f"No existe la base de datos «{p}».")
    if readonly:
        return Store(p, readonly=True)
    # Writers take the same lock as the desktop app: never two writers.
    from sernam_desktop.lock import open_exclusive

    return open_exclusive(p)


def check_output(output: str | Path, db: str | Path) -> None:
    """Refuse an output file that is the database, one of its side files or a
    backup — by file identity (links, other spellings), not only by name."""
    if str(output) == "-":
        return
    from sernam_desktop.fileid import refuse_output_onto_database

    try:
        from sernam_desktop.backup import backup_folder

        backups = backup_folder(db)
    except Exception:  # noqa: BLE001 - no backup folder known: the other checks still apply
        backups = None
    refuse_output_onto_database(output, db, backups)


@contextmanager
def read_db(path: str, output: str | Path | None = None) -> Iterator[Store]:
    """Open an existing database read-only and read it in one snapshot; first
    refuse ``output`` when writing it would overwrite the database."""
    if output is not None:
        check_output(output, path)
    with open_db(path, must_exist=True, readonly=True) as store, store.read_snapshot():
        yield store


def cmd_new(args: argparse.Namespace) -> int:
    if args.origin:
        if args.service or args.region:
            raise UserError("Con --from, el servicio y la región se copian del formulario de "
                            "origen: no use --service ni --region.")
        from sernam_desktop.carry import new_year_command

        with open_db(args.db, must_exist=True) as store:
            cmd = new_year_command(store, resolve_instance(store, args.origin), args.year)
            store.execute(cmd)
            print(cmd.instance_id)
        return 0
    missing = [o for o, v in (("--service", args.service), ("--region", args.region)) if not v]
    if missing:
        raise UserError(f"faltan argumentos obligatorios: {', '.join(missing)} "
                        "(o --from ID para partir de otro formulario)")
    from sernam_desktop.commands import CreateInstance
    from sernam_desktop.forms import default_form

    with open_db(args.db) as store:
        cmd = CreateInstance(default_form(), args.service, args.region, args.year)
        store.execute(cmd)
        print(cmd.instance_id)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from sernam_desktop.examples import load_demo

    with open_db(args.db) as store:
        uid = load_demo(store)
        print(uid)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from sernam_desktop.regions import by_code
    from sernam_desktop.validation import completeness

    with read_db(args.db) as store:
        uid = resolve_instance(store, args.form)
        form = store.form_of(uid)
        inst = store.instance(uid)
        issues = completeness(form, store.content(uid))
        region = by_code(inst["region"])
        title = f"{inst['servicio']} — {region.name if region else inst['region']} — {inst['anio']}"
        if not issues:
            print(f"{title}: formulario completo.")
            return 0
        print(f"{title}: faltan {len(issues)} dato(s):")
        for issue in issues:
            print(f"  - {issue.message}")
        return 1


def cmd_list(args: argparse.Namespace) -> int:
    from sernam_desktop.lifecycle import shown_state
    from sernam_desktop.regions import by_code
    from sernam_desktop.store import STATE_LABELS

    with read_db(args.db) as store:
        insts = store.instances()
        if not insts:
            print("La base de datos no tiene formularios.")
            return 0
        for inst in insts:
            region = by_code(inst["region"])
            state = STATE_LABELS[shown_state(store, inst["uuid"])]
            print(f"{inst['uuid']}  {inst['servicio']} — {region.short if region else inst['region']}"
                  f" — {inst['anio']} — revisión {inst['revision']} — {state}")
    return 0


def cmd_import_json(args: argparse.Namespace) -> int:
    from sernam_desktop.interchange import import_document, load_json_file

    doc = load_json_file(args.file)  # bad input is refused before the database is touched
    with open_db(args.db) as store:
        uid, _, created = import_document(store, doc)
        verb = "importado" if created else "actualizado"
        print(f"Formulario {uid} {verb}.")
    return 0


def cmd_export_json(args: argparse.Namespace) -> int:
    from sernam_desktop.interchange import export_json_file

    with read_db(args.db, args.output) as store:
        uid = resolve_instance(store, args.form)
        if args.output == "-":
            from sernam_desktop.interchange import dumps, export_instance

            sys.stdout.write(dumps(export_instance(store, uid)))
        else:
            export_json_file(store, uid, args.output)
            print(f"Exportado a {args.output}")
    return 0


def register(cli: CliGroups) -> None:
    p = cli.top.add_parser("new", help="crea un formulario nuevo e imprime su identificador",
                           description="Crea un formulario nuevo en la base de datos; con "
                                       "--from, el del año siguiente a partir de otro (copia "
                                       "objetivos, indicadores, productos y compromisos).")
    db_argument(p)
    p.add_argument("--from", dest="origin", metavar="ID",
                   help="formulario de origen (uuid o sus primeros caracteres): copia lo que "
                        "describe el Plan y deja vacíos los resultados")
    p.add_argument("--service", metavar="TEXTO", help="nombre del servicio")
    p.add_argument("--region", metavar="CÓDIGO", type=region_arg,
                   help="región: código 01–16 (00 = Todas las regiones) o número romano")
    p.add_argument("--year", metavar="AÑO", required=True, type=year_arg, help="año del Plan")
    p.set_defaults(func=cmd_new)

    p = cli.top.add_parser("demo", help="carga el formulario de ejemplo (SERNAM 2007)",
                           description="Carga el formulario nacional 2007 de ejemplo.")
    db_argument(p)
    p.set_defaults(func=cmd_demo)

    p = cli.top.add_parser("list", help="lista los formularios de la base de datos",
                           description="Lista los formularios guardados en la base de datos.")
    db_argument(p)
    p.set_defaults(func=cmd_list)

    p = cli.top.add_parser("validate", help="lista lo que falta (sale con 0 si está completo)",
                           description="Revisa el formulario y lista lo que falta.")
    db_argument(p)
    form_argument(p)
    p.set_defaults(func=cmd_validate)

    p = cli.import_.add_parser("json", help="importa un formulario en JSON",
                               description="Importa un formulario completo desde JSON.")
    p.add_argument("file", metavar="ARCHIVO", help="archivo .json")
    db_argument(p)
    p.set_defaults(func=cmd_import_json)

    p = cli.export.add_parser("json", help="exporta el formulario en JSON",
                              description="Exporta el formulario completo en JSON.")
    db_argument(p)
    form_argument(p)
    p.add_argument("-o", "--output", metavar="ARCHIVO", required=True,
                   help="archivo de salida (- para la salida estándar)")
    p.set_defaults(func=cmd_export_json)
