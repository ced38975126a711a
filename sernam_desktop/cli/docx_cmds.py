"""import docx: a legacy Word form into a new form."""

from __future__ import annotations

import argparse
from pathlib import Path

from sernam_desktop.cli.core_cmds import open_db, year_arg
from sernam_desktop.cli.main import CliGroups, db_argument


def cmd_import_docx(args: argparse.Namespace) -> int:
    from sernam_desktop.commands import CreateInstance
    from sernam_desktop.docx_import import read_docx
    from sernam_desktop.forms import default_form

    got = read_docx(args.file, args.year)  # all checks before the database is touched
    with open_db(args.db) as store:
        cmd = CreateInstance(default_form(), got.servicio, got.region, got.anio, data=got.data)
        cmd.label = "Importar formulario Word"
        store.execute(cmd)
    year = f"año {got.anio}" + ("" if got.year_source == "argumento"
                                else f", tomado del {got.year_source}; use --year si no es ese")
    print(f"Formulario {cmd.instance_id} importado desde «{Path(args.file).name}» "
          f"({year}); los estados quedaron vacíos.")
    if got.unplaced:
        print(f"{len(got.unplaced)} texto(s) no se pudieron ubicar; quedaron en «Notas»:")
        for u in got.unplaced:
            print(f"  - {u.describe()}")
    return 0


def register(cli: CliGroups) -> None:
    p = cli.import_.add_parser(
        "docx", help="importa un formulario de Word (.docx) de años anteriores",
        description="Lee un Formulario Etapa N°4 escrito en Word (.docx) y lo agrega como un "
                    "formulario nuevo, con los estados vacíos. Lo que no se pueda ubicar queda "
                    "en «Notas».")
    p.add_argument("file", metavar="ARCHIVO", help="documento de Word (.docx)")
    db_argument(p)
    p.add_argument("--year", metavar="AÑO", type=year_arg,
                   help="año del formulario (por omisión, el que indique el nombre del archivo)")
    p.set_defaults(func=cmd_import_docx)
