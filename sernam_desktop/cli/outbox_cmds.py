"""Regional round trip (issue 15): outbox, signing key, import receipt."""

from __future__ import annotations

import argparse
from pathlib import Path

from sernam_desktop.cli.main import CliGroups, db_argument, form_argument, resolve_instance


def cmd_outbox(args: argparse.Namespace) -> int:
    from sernam_desktop import outbox, settings
    from sernam_desktop.cli.core_cmds import open_db
    from sernam_desktop.dates import local_time
    from sernam_desktop.files import human_size

    acting = args.prepare or args.save_to or args.eml
    with open_db(args.db, must_exist=True, readonly=not acting) as store:
        if args.prepare:
            uid = resolve_instance(store, args.form)
            res = outbox.prepare(store, uid, args.folder)
            if res.new:
                print(f"Envío preparado (revisión {res.revision}): {res.path}")
            else:
                print(f"La revisión {res.revision} ya estaba preparada: {res.path}")
            print("Estado: Listo para enviar. Envíe el archivo por correo o en un pendrive.")
            return 0
        if args.save_to:
            print(f"Copiado en {outbox.save_copy(store, args.number, args.save_to)}")
            return 0
        if args.eml:
            email = args.email or settings.load().central_email
            print(f"Borrador de correo escrito en {outbox.write_eml(store, args.number, email)}")
            return 0
        rows = outbox.entries(store, resolve_instance(store, args.form) if args.form else None)
        if not rows:
            print("No hay envíos preparados en este archivo.")
            return 0
        print(f"{'N.º':>4}  {'Preparado':<16}  {'Rev.':>4}  {'Tamaño':>7}  {'Estado':<9}  Archivo")
        for r in rows:
            missing = "" if r["exists"] else "  (el archivo ya no está)"
            print(f"{r['id']:>4}  {local_time(r['prepared_at']):<16}  {r['revision']:>4}  "
                  f"{human_size(r['size']):>7}  {outbox.STATUS_LABELS.get(r['status'], r['status']):<9}"
                  f"  {r['file_name']}{missing}")
            if r["detail"]:
                print(f"{'':>6}{r['detail']}")
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    from sernam_desktop import outbox, receipts, signing
    from sernam_desktop.cli.core_cmds import open_db
    writing = args.rotate
    with open_db(args.db, must_exist=True, readonly=not writing) as store:
        if args.rotate:
            uid = resolve_instance(store, args.form)
            store.execute(outbox.RotateOfficeKey(uid))
        key = signing.office_key(store.db)
        print("Clave de firma de este archivo: "
              + (key.fingerprint if key else "todavía no tiene (se crea al preparar el "
                 "primer envío)"))
        fp = receipts.pinned_central_fingerprint(store)
        print("Clave registrada de la oficina central: " + (fp or "ninguna (se registra con el "
                                                                 "primer acuse)"))
    return 0


def cmd_import_receipt(args: argparse.Namespace) -> int:
    from sernam_desktop import receipts
    from sernam_desktop.cli.core_cmds import open_db
    from sernam_desktop.lifecycle import shown_state
    from sernam_desktop.store import STATE_LABELS

    with open_db(args.db, must_exist=True) as store:
        r = receipts.open_receipt(store, args.file)
        uid = r.instance["uuid"]
        print(receipts.describe(r))
        inst = store.instance(uid)
        print(f"Estado del formulario: {STATE_LABELS[shown_state(store, uid)]} r{inst['revision']}")
        for c in receipts.comments(store, uid):
            print(f"  - {c['location'] or c['section']}: {c['text']}")
    return 0


def register(cli: CliGroups) -> None:
    p = cli.top.add_parser(
        "outbox", help="envíos preparados para la oficina central («Envíos»)",
        description="Sin opciones lista los envíos preparados desde este archivo (fecha, "
                    "revisión, archivo, tamaño, estado). Nada se borra.")
    db_argument(p)
    form_argument(p)
    act = p.add_mutually_exclusive_group()
    act.add_argument("--prepare", action="store_true",
                     help="prepara (firma y guarda) el envío de la revisión actual: el "
                          "formulario queda «Listo para enviar»")
    act.add_argument("--save-to", metavar="CARPETA_O_ARCHIVO",
                     help="copia un envío (el último, o --number) a un pendrive o carpeta")
    act.add_argument("--eml", action="store_true",
                     help="escribe el borrador de correo (.eml) con el envío adjunto")
    p.add_argument("--number", metavar="N", type=int, help="número del envío (por omisión, el último)")
    p.add_argument("--folder", metavar="CARPETA",
                   help="carpeta de envíos para --prepare (por omisión, la del usuario)")
    p.add_argument("--email", metavar="CORREO", help="destinatario del borrador (--eml)")
    p.set_defaults(func=cmd_outbox)

    p = cli.top.add_parser(
        "keys", help="claves de firma: la de este archivo y la de la oficina central",
        description="Muestra la huella de la clave de firma de este archivo y la de la oficina "
                    "central registrada; --rotate crea una clave nueva (la oficina central "
                    "retendrá el próximo envío hasta aceptarla).")
    db_argument(p)
    form_argument(p)
    p.add_argument("--rotate", action="store_true", help="reemplaza la clave de este archivo")
    p.set_defaults(func=cmd_keys)

    p = cli.import_.add_parser(
        "receipt", help="abre un acuse de la oficina central (.sernam-acuse)",
        description="Abre un acuse de la oficina central: cambia el estado del formulario "
                    "(Recibido / Devuelto con observaciones) y guarda sus observaciones.")
    p.add_argument("file", metavar="ARCHIVO", type=Path, help="archivo .sernam-acuse")
    db_argument(p)
    p.set_defaults(func=cmd_import_receipt)
