"""Central office round trip (issue 15): review, receipts, keys, region contacts."""

from __future__ import annotations

import argparse
from pathlib import Path

from sernam_desktop.cli.main import CliGroups
from sernam_desktop.errors import UserError


def _central(args: argparse.Namespace, *, readonly: bool = False):  # noqa: ANN202
    from sernam_desktop.cli.central_cmds import _central as open_central

    return open_central(args, readonly=readonly)


def cmd_review(args: argparse.Namespace) -> int:
    from sernam_desktop import review, trust

    if args.submission is None:
        with _central(args, readonly=True) as central:
            rows = list(central.db.query(
                "SELECT s.id, s.servicio, s.region, s.anio, s.revision, s.received_at, "
                "i.current_submission = s.id AS official FROM submissions s "
                "JOIN instances i ON i.uuid = s.instance_uuid ORDER BY s.id"))
            if not rows:
                print("La base central no tiene envíos.")
                return 0
            for r in rows:
                st = review.review_state(central, r["id"])
                what = st["decision"] if st else "sin revisar"
                print(f"versión {r['id']}: {r['servicio']}, región {r['region']}, {r['anio']}, "
                      f"revisión {r['revision']}{' (vigente)' if r['official'] else ''} — "
                      f"{what} — firma {trust.signature_of(central, r['id'])}")
        return 0
    if args.approve == (args.return_text is not None):
        raise UserError("Indique --approve o --return TEXTO (uno de los dos).")
    with _central(args) as central:
        seq = review.review(central, args.submission, approve=args.approve,
                            comment=args.return_text or "", on=[tuple(x) for x in args.on or []])
    what = "aprobada" if args.approve else "devuelta con observaciones"
    print(f"Versión {args.submission} {what}; acuse n.º {seq} por enviar "
          "(«sernam-desktop central receipts -o CARPETA»).")
    return 0


def cmd_receipts(args: argparse.Namespace) -> int:
    from sernam_desktop import review

    with _central(args) as central:
        if not args.output:
            rows = review.receipts(central)
            if not rows:
                print("No hay acuses.")
            for r in rows:
                sent = "escrito" if r["written_at"] else "por enviar"
                print(f"acuse {r['seq']}: región {r['region']}, revisión {r['revision']}, "
                      f"{r['outcome']} — {sent}")
            return 0
        written = review.write_receipts(central, args.output, only=args.number, eml=args.eml)
    if not written:
        print("No hay acuses por enviar.")
    for p in written:
        print(f"Acuse escrito en {p}")
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    from sernam_desktop import review, trust

    with _central(args, readonly=args.accept is None and not args.rotate) as central:
        if args.rotate:
            review.rotate_central_key(central)
        if args.accept is not None:
            o = trust.accept_held(central, args.accept)
            print(o.line())
        key = review.central_key(central, create=False) if central.readonly else \
            review.central_key(central)
        print("Clave de la oficina central: " + (key.fingerprint if key else
                                                 "todavía no tiene (se crea con el primer acuse)"))
        for p in trust.pins(central):
            if p["replaced_at"]:
                continue
            print(f"  región {p['region']}, {p['servicio']}: {p['fingerprint']} ({p['how']})")
        for h in trust.held(central):
            print(f"retenido {h['id']}: {h['file_name']} — región {h['region']}, revisión "
                  f"{h['revision']}, {h['reason']} ({h['fingerprint'] or 'sin firma'}); "
                  f"acéptelo con --accept {h['id']}")
    return 0


def cmd_contact(args: argparse.Namespace) -> int:
    from sernam_desktop import review

    with _central(args) as central:
        review.set_contact(central, args.region, args.email)
    print(f"Contacto de la región {args.region}: {args.email}")
    return 0


def register(cli: CliGroups) -> None:
    from sernam_desktop.cli.central_cmds import _region

    central = cli.top.choices["central"]
    sub = next(a for a in central._actions if isinstance(a, argparse._SubParsersAction))

    def central_arg(q: argparse.ArgumentParser) -> None:
        q.add_argument("--central", metavar="RUTA",
                       help="base de datos central (por omisión, la del usuario)")

    q = sub.add_parser("review", help="aprueba o devuelve con observaciones un envío recibido",
                       description="Sin ENVÍO lista las versiones recibidas y su revisión. Con "
                                   "ENVÍO --approve o --return TEXTO [--on SECCIÓN[:FILA[:CAMPO]] "
                                   "TEXTO …] registra la decisión y prepara su acuse.")
    central_arg(q)
    q.add_argument("submission", metavar="ENVÍO", type=int, nargs="?",
                   help="número de la versión (como en «central resolve»)")
    q.add_argument("--approve", action="store_true", help="aprueba el envío")
    q.add_argument("--return", dest="return_text", metavar="TEXTO",
                   help="devuelve con observaciones (comentario general)")
    q.add_argument("--on", nargs=2, action="append", metavar=("UBICACIÓN", "TEXTO"),
                   help="observación en SECCIÓN[:FILA[:CAMPO]] (p. ej. 1.1:2:responsable)")
    q.set_defaults(func=cmd_review)

    q = sub.add_parser("receipts", help="escribe los acuses por enviar (.sernam-acuse)",
                       description="Con -o CARPETA escribe los acuses aún no escritos (o los "
                                   "indicados con --number); sin -o, los lista.")
    central_arg(q)
    q.add_argument("-o", "--output", metavar="CARPETA", type=Path, help="carpeta de salida")
    q.add_argument("--number", metavar="N", type=int, action="append",
                   help="escribe (de nuevo) el acuse N")
    q.add_argument("--eml", action="store_true",
                   help="además, un borrador de correo por acuse al contacto de la región")
    q.set_defaults(func=cmd_receipts)

    q = sub.add_parser("keys", help="claves: la central, las registradas y los envíos retenidos",
                       description="Muestra la huella de la clave central, la clave registrada "
                                   "de cada oficina y los envíos retenidos por firma distinta; "
                                   "--accept N acepta uno (registra su clave nueva).")
    central_arg(q)
    q.add_argument("--accept", metavar="N", type=int, help="acepta el envío retenido N")
    q.add_argument("--rotate", action="store_true", help="reemplaza la clave de la oficina central")
    q.set_defaults(func=cmd_keys)

    q = sub.add_parser("contact", help="correo de contacto de una región (para los acuses)",
                       description="Registra el correo al que se dirigen los acuses de una región.")
    central_arg(q)
    q.add_argument("--region", metavar="CÓDIGO", required=True, type=_region)
    q.add_argument("--email", metavar="CORREO", required=True)
    q.set_defaults(func=cmd_contact)
