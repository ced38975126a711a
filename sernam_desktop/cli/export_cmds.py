"""export pdf, export xlsx, import xlsx."""

from __future__ import annotations

import argparse

from sernam_desktop.cli.core_cmds import open_db, read_db
from sernam_desktop.cli.main import CliGroups, db_argument, form_argument, resolve_instance
from sernam_desktop.settings import PAPERS


def cmd_export_pdf(args: argparse.Namespace) -> int:
    from sernam_desktop.interchange import export_pdf
    from sernam_desktop.pdf import PAPER_LABELS

    paper = args.paper or settings_paper()
    with read_db(args.db, args.output) as store:
        uid = resolve_instance(store, args.form)
        export_pdf(store, uid, args.output, paper=paper, anexo=args.anexo)
    extra = ", con el anexo de estado de avance" if args.anexo else ""
    print(f"Exportado a {args.output} (papel {PAPER_LABELS.get(paper, paper)}{extra}).")
    return 0


def settings_paper() -> str:
    from sernam_desktop import settings

    return settings.load().paper


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    from sernam_desktop.interchange import export_xlsx

    with read_db(args.db, args.output) as store:
        uid = resolve_instance(store, args.form)
        export_xlsx(store, uid, args.output)
    print(f"Exportado a {args.output}")
    return 0


def cmd_import_xlsx(args: argparse.Namespace) -> int:
    import sys

    from sernam_desktop.errors import UserError
    from sernam_desktop.xlsx import read_form_xlsx

    # Read and check the whole workbook before the database is even opened.
    converted: list[str] = []
    doc = read_form_xlsx(args.file, converted)
    from sernam_desktop.interchange import StaleImport, check_not_stale, import_document

    with open_db(args.db) as store:
        if not args.reemplazar:
            try:
                check_not_stale(store, doc, f"«{args.file}»")
            except StaleImport as exc:
                shown = "; ".join(exc.changes[:5]) + ("; …" if len(exc.changes) > 5 else "")
                raise UserError(f"{exc} ({shown}). Para importarlo igualmente, repita con "
                                "--reemplazar.") from None
        uid, _, created = import_document(store, doc)
    verb = "importado" if created else "actualizado"
    print(f"Formulario {uid} {verb} desde {args.file}.")
    if converted:
        print(f"Excel había convertido {len(converted)} celda(s) en números, fechas o valores "
              "lógicos; se importaron como el texto que mostraba. Revíselas:")
        for line in converted:
            print(f"  {line}")
    sys.stdout.flush()
    return 0


def register(cli: CliGroups) -> None:
    p = cli.export.add_parser("pdf", help="exporta el formulario en PDF (para imprimir)",
                              description="Exporta el formulario en PDF, en hojas horizontales.")
    db_argument(p)
    form_argument(p)
    p.add_argument("-o", "--output", metavar="ARCHIVO", required=True, help="archivo .pdf")
    p.add_argument("--paper", choices=PAPERS, default=None,
                   help="tamaño de papel: letter (Carta) o a4; por omisión, el de la "
                        "configuración (Carta)")
    p.add_argument("--anexo", action="store_true",
                   help="agrega, después del formulario, el «Anexo: estado de avance» (estado "
                        "de cada fila, resumen y gráficos; no es parte del formulario oficial)")
    p.set_defaults(func=cmd_export_pdf)

    p = cli.export.add_parser("xlsx", help="exporta el formulario en Excel (.xlsx)",
                              description="Exporta el formulario a un libro Excel: una hoja "
                                          "por sección, que se puede editar e importar de vuelta.")
    db_argument(p)
    form_argument(p)
    p.add_argument("-o", "--output", metavar="ARCHIVO", required=True, help="archivo .xlsx")
    p.set_defaults(func=cmd_export_xlsx)

    p = cli.import_.add_parser("xlsx", help="importa un formulario editado en Excel",
                               description="Importa un libro Excel exportado por sernam-desktop "
                                           "(y quizá editado). Se revisa completo antes de "
                                           "escribir nada.")
    p.add_argument("file", metavar="ARCHIVO", help="archivo .xlsx")
    db_argument(p)
    p.add_argument("--reemplazar", action="store_true",
                   help="importa aunque el formulario haya cambiado después de exportar el "
                        "libro (reemplaza esos cambios más recientes)")
    p.set_defaults(func=cmd_import_xlsx)
