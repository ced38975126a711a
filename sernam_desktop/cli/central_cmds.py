"""export bundle, and the central office's commands: central merge/status/report/export/resolve."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sernam_desktop.cli.main import CliGroups, db_argument, form_argument, resolve_instance
from sernam_desktop.errors import UserError


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"«{text}» no es un año válido (p. ej. 2026)")
    return int(text)


def _region(text: str) -> str:
    from sernam_desktop.regions import parse_region

    try:
        return parse_region(text).code
    except UserError as exc:
        raise argparse.ArgumentTypeError(str(exc).rstrip(".")) from None


def _central(args: argparse.Namespace, *, readonly: bool = False):  # noqa: ANN202
    from sernam_desktop.central import open_central
    from sernam_desktop.paths import central_db_path

    path = Path(args.central) if args.central else central_db_path()
    return open_central(path, readonly=readonly, must_exist=readonly)


def cmd_export_bundle(args: argparse.Namespace) -> int:
    from sernam_desktop.appfile import DatabaseReadOnly
    from sernam_desktop.bundle import write_bundle
    from sernam_desktop.cli.core_cmds import check_output, open_db, read_db

    check_output(args.output, args.db)
    try:
        # writable: the version that leaves joins the form's lineage, and the office
        # file's signing key is created on first use (issue 15)
        store = open_db(args.db, must_exist=True)
    except DatabaseReadOnly:
        # a read-only file or folder still sends what it holds (no lineage recorded)
        with read_db(args.db, args.output) as ro:
            uid = resolve_instance(ro, args.form)
            path = write_bundle(ro, uid, args.output)
    else:
        with store:
            uid = resolve_instance(store, args.form)
            path = write_bundle(store, uid, args.output)
    print(f"Envío escrito en {path}")
    return 0


def _refuse_special_files(paths: list[str]) -> None:
    """A FIFO or a device named on the command line is a usage error: refuse it (exit 2)
    before the central database is opened or created (issue 13 §13).  Inside a
    folder only regular ``*.sernam`` files are picked up anyway."""
    import os
    import stat

    for name in paths:
        try:
            mode = os.stat(name).st_mode
        except OSError:
            continue  # missing or unreadable: reported per file by the merge
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise UserError(
                f"«{name}» no es un archivo común (es un dispositivo, una tubería u otro archivo "
                "especial): no se puede incorporar."
            )


def cmd_merge(args: argparse.Namespace) -> int:
    from sernam_desktop.central import REJECTED

    def show(o) -> None:  # noqa: ANN001
        print(o.line(), flush=True)

    _refuse_special_files(args.bundles)
    with _central(args) as central:
        outcomes = central.merge_paths(args.bundles, on_outcome=show)
    rejected = sum(o.kind == REJECTED for o in outcomes)
    if len(outcomes) > 1:
        counts: dict[str, int] = {}
        for o in outcomes:
            counts[o.label] = counts.get(o.label, 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        print(f"Total: {len(outcomes)} envío(s): {summary}.")
    return 1 if rejected else 0


def _status_text(status: dict, form) -> str:  # noqa: ANN001
    from sernam_desktop.central_report import local_time, state_label, status_matrix

    lines = []
    if status["anio"] is None:
        return "La base central todavía no tiene formularios.\n"
    years = ", ".join(str(y) for y in status["years"])
    lines.append(f"Año {status['anio']} (años en la base: {years}); "
                 f"{status['submissions']} versión(es) recibida(s) en total.")
    head, matrix = status_matrix(status, form)
    by_short = {row[0]: row for row in matrix}
    lines.append("")
    lines.append(f"{'Región':<22} {'Situación':<10} {'Form.':>5} {'Rev.':>4} "
                 f"{'Recibido':<16} {'Estado':<9} {'Completos':>9} {'Faltan':>6} {'Confl.':>6}  "
                 "Estados (" + " / ".join(head[1:-1]) + ")")
    for r in status["regions"]:
        if r["code"] == "00" and not r["forms"]:
            continue
        rec = local_time(r["received_at"])
        comp = f"{r['complete']}/{r['forms']}" if r["forms"] else ""
        counts = " / ".join(str(n) for n in by_short[r["short"]][1:-1]) if r["forms"] else ""
        lines.append(
            f"{r['short'][:22]:<22} {r['state']:<10} {r['forms']:>5} "
            f"{r['revision'] if r['revision'] is not None else '':>4} {rec:<16} "
            f"{state_label(r['form_state']):<9} {comp:>9} {r['missing'] if r['forms'] else '':>6} "
            f"{r['conflicts'] or '':>6}  {counts}")
    lines.append("")
    if status["missing_regions"]:
        from sernam_desktop.regions import by_code

        names = ", ".join(by_code(c).short for c in status["missing_regions"])
        lines.append(f"Regiones sin envío ({len(status['missing_regions'])}): {names}.")
    else:
        lines.append("Todas las regiones enviaron su formulario.")
    n = status["open_conflicts"]
    lines.append(f"Conflictos por resolver: {n}" + (" (vea «sernam-desktop central resolve»)."
                                                   if n else "."))
    return "\n".join(lines) + "\n"


def cmd_status(args: argparse.Namespace) -> int:
    from sernam_desktop.central_report import status_as_json
    from sernam_desktop.forms import default_form

    with _central(args, readonly=True) as central:
        status = central.status(args.year)
    if args.json:
        sys.stdout.write(status_as_json(status) + "\n")
    else:
        sys.stdout.write(_status_text(status, default_form()))
    return 0


class ProgressLine:
    """A progress line on stderr for work that lasts over a second: rewritten in place
    on a terminal, one line per step otherwise (logs).  Nothing for quick work."""

    AFTER = 1.0  # seconds before the first line

    def __init__(self, stream=None) -> None:  # noqa: ANN001
        import time

        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.shown = False
        self.last_what = ""
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, done: int, total: int, what: str) -> None:
        import time

        if time.monotonic() - self.start < self.AFTER:
            return
        pct = int(100 * done / total) if total else 100
        text = f"{what}: {done} de {total} ({pct} %)" if total > 1 else f"{what}…"
        if self.tty:
            self.stream.write("\r" + text.ljust(70))
        elif what != self.last_what:
            self.stream.write(text + "\n")
        else:
            return
        self.last_what = what
        self.shown = True
        self.stream.flush()

    def end(self) -> None:
        if self.shown and self.tty:
            self.stream.write("\n")
            self.stream.flush()


def cmd_report(args: argparse.Namespace) -> int:
    from sernam_desktop.central_report import report_basis, write_report

    if not args.pdf and not args.xlsx:
        raise UserError("Indique al menos --pdf ARCHIVO o --xlsx ARCHIVO.")
    progress = ProgressLine()
    try:
        with _central(args, readonly=True) as central:
            basis = report_basis(central, args.year, args.service)
            written = write_report(central, pdf_path=args.pdf, xlsx_path=args.xlsx,
                                   anio=args.year, servicio=args.service, textos=args.textos,
                                   on_progress=progress)
    finally:
        progress.end()
    for p in written:
        print(f"Informe consolidado escrito en {p}")
    if basis.provisional:
        print("Atención: el informe es PROVISIONAL (así lo dice cada página).")
        for line in basis.provisional_lines():
            print(f"  {line}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from sernam_desktop.central_report import export_region

    with _central(args, readonly=True) as central:
        path = export_region(central, args.region, args.output, anio=args.year,
                             servicio=args.service)
    print(f"Exportado a {path}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    import json

    from sernam_desktop.central_report import conflict_diff, diff_text

    with _central(args, readonly=True) as central:
        diff = conflict_diff(central, args.conflict)
    if args.json:
        sys.stdout.write(json.dumps(diff, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(diff_text(diff, everything=args.todo))
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    with _central(args, readonly=args.conflict is None) as central:
        if args.conflict is None:
            conflicts = central.conflicts()
            if not conflicts:
                print("No hay conflictos por resolver.")
                return 0
            from sernam_desktop.central_report import local_time

            for c in conflicts:
                print(central.describe_conflict(c))
                for sid in (c["submission_a"], c["submission_b"]):
                    s = central.submission(sid)
                    print(f"  versión {sid}: formulario {s['instance_uuid'][:8]}, revisión "
                          f"{s['revision']}, exportado {local_time(s['exported_at'])}, "
                          f"recibido {local_time(s['received_at'])} ({s['bundle_name']})")
            print("Elija la versión oficial con: sernam-desktop central resolve CONFLICTO "
                  "--official VERSIÓN")
            return 1
        if args.official is None:
            raise UserError("Indique la versión oficial con --official VERSIÓN.")
        done = central.resolve(args.conflict, args.official)
        s = done["official"]
        # printed from what the database holds after the change
        print(f"Conflicto {args.conflict} resuelto: la versión {s['id']} (formulario "
              f"{s['instance_uuid'][:8]}, revisión {s['revision']}) es la oficial; la otra "
              "queda en el historial.")
        for c in done["open"]:
            print(f"Sigue abierto el conflicto {c['id']} (versiones {c['submission_a']} y "
                  f"{c['submission_b']}).")
    return 0


def register(cli: CliGroups) -> None:
    p = cli.export.add_parser(
        "bundle", help="escribe el envío para la oficina central (.sernam)",
        description="Escribe el envío (.sernam) del formulario: datos, PDF y manifiesto.")
    db_argument(p)
    form_argument(p)
    p.add_argument("-o", "--output", metavar="CARPETA_O_ARCHIVO", required=True,
                   help="carpeta (recibe servicio-región-año-rN.sernam) o archivo .sernam")
    p.set_defaults(func=cmd_export_bundle)

    central = cli.top.add_parser(
        "central", help="oficina central: incorpora envíos, estado, informe consolidado",
        description="Comandos de la oficina central (Nivel Central).")
    sub = central.add_subparsers(dest="central_command", metavar="ACCIÓN", title="acciones",
                                 parser_class=type(central), required=True)

    def central_arg(q: argparse.ArgumentParser) -> None:
        q.add_argument("--central", metavar="RUTA",
                       help="base de datos central (por omisión, la del usuario)")

    q = sub.add_parser("merge", help="incorpora envíos regionales (.sernam)",
                       description="Incorpora envíos regionales; una línea por envío. Sale con 0 "
                                   "si ninguno fue rechazado, 1 si no.")
    central_arg(q)
    q.add_argument("bundles", metavar="ENVÍO_O_CARPETA", nargs="+",
                   help="archivos .sernam o carpetas que los contienen")
    q.set_defaults(func=cmd_merge)

    q = sub.add_parser("status", help="estado por región: envíos, revisiones, conflictos",
                       description="Muestra, por región, lo recibido y lo que falta.")
    central_arg(q)
    q.add_argument("--year", metavar="AÑO", type=_year, help="año del Plan (por omisión, el último)")
    q.add_argument("--json", action="store_true", help="salida en JSON")
    q.set_defaults(func=cmd_status)

    q = sub.add_parser("report", help="informe consolidado «Todas las regiones» (PDF y Excel)",
                       description="Escribe el informe consolidado de todas las regiones: en "
                                   "PDF el resumen por región, la matriz región × estado y sus "
                                   "gráficos (con --textos, también cada formulario completo); "
                                   "en Excel todas las filas y textos y el resumen.")
    central_arg(q)
    q.add_argument("--pdf", metavar="ARCHIVO", help="informe en PDF")
    q.add_argument("--xlsx", metavar="ARCHIVO", help="informe en Excel")
    q.add_argument("--year", metavar="AÑO", type=_year, help="año del Plan (por omisión, el último)")
    q.add_argument("--service", metavar="TEXTO", help="solo este servicio")
    q.add_argument("--textos", action="store_true",
                   help="agrega al PDF el anexo de textos: cada formulario completo, región "
                        "por región, con marcadores por región y servicio (lento con muchos "
                        "formularios; sin esta opción el PDF es el resumen)")
    q.set_defaults(func=cmd_report)

    q = sub.add_parser("export", help="exporta el formulario vigente de una región",
                       description="Exporta el formulario vigente de una región; el formato "
                                   "sale de la extensión: .pdf, .xlsx o .json.")
    central_arg(q)
    q.add_argument("--region", metavar="CÓDIGO", required=True, type=_region,
                   help="región: código 01–16 (00 = Todas las regiones) o número romano")
    q.add_argument("-o", "--output", metavar="ARCHIVO", required=True,
                   help="archivo .pdf, .xlsx o .json")
    q.add_argument("--year", metavar="AÑO", type=_year, help="año del Plan (por omisión, el último)")
    q.add_argument("--service", metavar="TEXTO", help="servicio, si la región tiene varios")
    q.set_defaults(func=cmd_export)

    q = sub.add_parser("resolve", help="lista los conflictos o elige la versión oficial",
                       description="Sin argumentos lista los conflictos abiertos (sale con 1 si "
                                   "hay). Con CONFLICTO --official VERSIÓN elige la versión "
                                   "oficial; nada se borra.")
    central_arg(q)
    q.add_argument("conflict", metavar="CONFLICTO", type=int, nargs="?",
                   help="número del conflicto")
    q.add_argument("--official", metavar="VERSIÓN", type=int,
                   help="número de la versión que queda como oficial")
    q.set_defaults(func=cmd_resolve)

    q = sub.add_parser("diff", help="compara las dos versiones de un conflicto",
                       description="Muestra lo que distingue las dos versiones de un conflicto "
                                   "(revisión, fechas en hora local, archivo, hash, formulario) "
                                   "y los campos y celdas que difieren.")
    central_arg(q)
    q.add_argument("conflict", metavar="CONFLICTO", type=int, help="número del conflicto")
    q.add_argument("--todo", action="store_true",
                   help="muestra también los campos y celdas iguales")
    q.add_argument("--json", action="store_true",
                   help="salida en JSON (fechas ISO 8601 con zona horaria)")
    q.set_defaults(func=cmd_diff)
