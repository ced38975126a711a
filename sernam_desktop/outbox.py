"""The regional outbox («Envíos»): bundles prepared from this office file.

Preparing a bundle (:func:`prepare`) checks the form is complete, creates the
office file's Ed25519 key on first use, marks the form «Listo para enviar» at
its current revision, writes the signed bundle into the outbox folder and
records it in the ``outbox`` table.  Nothing is mailed: the user sends the file
(«Redactar correo» writes an .eml draft; «Guardar en…» copies it to a USB
stick).  Each row's state is *preparado* until a receipt from the central
office for that bundle is opened (:mod:`sernam_desktop.receipts`): *recibido*
or *devuelto*.  Rows are never deleted.

Every change goes through :meth:`Store.execute` (commands below), so the change
log records each step.  Qt-free.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sernam_desktop import signing
from sernam_desktop.commands import Command, RecordLineage, SetState
from sernam_desktop.errors import UserError
from sernam_desktop.store import STATE_SENT, Changed, Store, now_iso

PREPARED, RECEIVED, RETURNED = "preparado", "recibido", "devuelto"
STATUS_LABELS = {PREPARED: "Preparado", RECEIVED: "Recibido", RETURNED: "Devuelto"}


# ----------------------------------------------------------- commands --
class CreateOfficeKey(Command):
    """Give the office file its Ed25519 key pair (first send)."""

    content = False

    def __init__(self, instance_id: str):
        super().__init__()
        self.instance_id = instance_id
        self.key = signing.KeyPair.generate()
        self.label = "Crear clave de firma"

    def run(self, store: Store) -> Changed:
        if signing.office_key(store.db) is not None:
            raise UserError("Este archivo ya tiene su clave de firma.")
        store.db.execute("INSERT INTO meta (key, value) VALUES (?, ?)",
                         [signing.OFFICE_KEY_META, self.key.to_b64()])
        store._log(self.instance_id, "CrearClave", field_key="clave",
                   new=self.key.fingerprint)
        return Changed(self.instance_id, meta=True)

    def _inverse(self) -> Command:
        raise UserError("La creación de la clave de firma no se deshace.")


class RotateOfficeKey(CreateOfficeKey):
    """Replace the office key (docs/data-safety.md: rotating a key)."""

    def run(self, store: Store) -> Changed:
        old = signing.office_key(store.db)
        store.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO "
                         "UPDATE SET value=excluded.value",
                         [signing.OFFICE_KEY_META, self.key.to_b64()])
        store._log(self.instance_id, "RotarClave", field_key="clave",
                   old=old.fingerprint if old else None, new=self.key.fingerprint)
        return Changed(self.instance_id, meta=True)


class RecordPrepared(Command):
    """An outbox row for a bundle just written."""

    content = False

    def __init__(self, instance_id: str, revision: int, path: Path, raw: bytes,
                 content_hash: str):
        super().__init__()
        self.instance_id, self.revision, self.path = instance_id, revision, path
        self.size, self.sha = len(raw), hashlib.sha256(raw).hexdigest()
        self.content_hash = content_hash
        self.row_id: int | None = None
        self.label = "Preparar envío"

    def run(self, store: Store) -> Changed:
        ts = now_iso()
        cur = store.db.execute(
            "INSERT INTO outbox (instance_id, revision, file_name, path, size, sha256, "
            "content_hash, prepared_at, status, status_at, detail) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [self.instance_id, self.revision, self.path.name, str(self.path), self.size,
             self.sha, self.content_hash, ts, PREPARED, ts, ""])
        self.row_id = cur.lastrowid
        store._log(self.instance_id, "PrepararEnvio", field_key="envio",
                   new={"revision": self.revision, "archivo": self.path.name,
                        "sha256": self.sha})
        return Changed(self.instance_id, meta=True)

    def _inverse(self) -> Command:
        raise UserError("Un envío preparado no se deshace; queda en «Envíos».")


# -------------------------------------------------------------- reading --
def entries(store: Store, instance_id: str | None = None) -> list[dict[str, Any]]:
    """Outbox rows, newest first (with ``exists``: the file is still there)."""
    try:
        sql = "SELECT * FROM outbox"
        args: list[Any] = []
        if instance_id:
            sql += " WHERE instance_id=?"
            args.append(instance_id)
        rows = list(store.db.query(sql + " ORDER BY id DESC", args))
    except Exception:  # noqa: BLE001 - a read-only file from before the outbox existed
        return []
    for r in rows:
        r["exists"] = Path(r["path"]).is_file()
    return rows


def entry(store: Store, outbox_id: int | None = None) -> dict[str, Any]:
    rows = entries(store)
    if not rows:
        raise UserError("No hay envíos preparados en este archivo: prepare uno con "
                        "«sernam-desktop outbox --prepare» o «Enviar a oficina central…».")
    if outbox_id is None:
        return rows[0]
    for r in rows:
        if r["id"] == outbox_id:
            return r
    raise UserError(f"No hay ningún envío número {outbox_id} en «Envíos».")


# ------------------------------------------------------------ preparing --
@dataclass(frozen=True)
class Prepared:
    path: Path
    outbox_id: int
    revision: int
    new: bool  # False: the bundle of this revision was already prepared


def ensure_office_key(store: Store, instance_id: str) -> signing.KeyPair:
    key = signing.office_key(store.db)
    if key is None:
        store.execute(CreateOfficeKey(instance_id))
        key = signing.office_key(store.db)
    assert key is not None
    return key


def _free_name(folder: Path, name: str) -> Path:
    p = folder / name
    n = 2
    while p.exists():
        p = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
        n += 1
    return p


def prepare(store: Store, instance_id: str, folder: str | Path | None = None, *,
            pdf_bytes: bytes | None = None) -> Prepared:
    """Prepare (sign and write) the bundle of the current revision into the outbox.

    An incomplete form raises UserError listing what is missing, and nothing
    changes.  Preparing again an unchanged revision returns the bundle already
    in the outbox.  A file is never overwritten.
    """
    from sernam_desktop import bundle, paths
    from sernam_desktop.document import content_hash
    from sernam_desktop.files import write_atomic
    from sernam_desktop.interchange import export_instance
    from sernam_desktop.validation import completeness

    form = store.form_of(instance_id)
    issues = completeness(form, store.content(instance_id))
    if issues:
        shown = "; ".join(i.message for i in issues[:5])
        more = f" (y {len(issues) - 5} más)" if len(issues) > 5 else ""
        raise UserError(f"El formulario no está completo y no se puede enviar. Falta: {shown}{more}.")
    inst = store.instance(instance_id)
    if inst["state"] == STATE_SENT:
        for r in entries(store, instance_id):
            if r["revision"] == inst["revision"] and r["exists"]:
                return Prepared(Path(r["path"]), r["id"], r["revision"], False)
    folder = Path(folder) if folder is not None else paths.outbox_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"No se pudo crear la carpeta de envíos «{folder}»: "
                        f"{exc.strerror or exc}.") from None
    key = ensure_office_key(store, instance_id)
    marked = None
    if inst["state"] != STATE_SENT:
        marked = SetState(instance_id, STATE_SENT)
        store.execute(marked)
        inst = store.instance(instance_id)
    path: Path | None = None
    try:
        doc = export_instance(store, instance_id)  # the PDF shows the new state
        pdf = pdf_bytes if pdf_bytes is not None else bundle.render_pdf(doc)
        raw = bundle.bundle_bytes(doc, pdf, signer=key)
        path = _free_name(folder, bundle.bundle_name(inst["servicio"], inst["region"],
                                                     inst["anio"], inst["revision"],
                                                     inst["uuid"]))
        write_atomic(path, raw)
        rec = RecordPrepared(instance_id, inst["revision"], path, raw, content_hash(doc["data"]))
        store.execute(rec)
        # this version left the file: what is edited next descends from it (lineage)
        store.execute(RecordLineage(instance_id, [(inst["revision"], content_hash(doc["data"]))]))
    except BaseException:
        if path is not None and path.exists():
            path.unlink()
        if marked is not None:  # nothing kept: the form is not «Listo para enviar»
            store.execute(marked.inverse())
        raise
    assert rec.row_id is not None
    return Prepared(path, rec.row_id, inst["revision"], True)


# -------------------------------------------------------------- actions --
def save_copy(store: Store, outbox_id: int | None, dest: str | Path) -> Path:
    """«Guardar en…»: copy a prepared bundle to a folder or file (never overwrites)."""
    r = entry(store, outbox_id)
    src = Path(r["path"])
    if not src.is_file():
        raise UserError(f"El archivo «{src}» ya no está en la carpeta de envíos.")
    dest = Path(dest)
    target = _free_name(dest, r["file_name"]) if dest.is_dir() else dest
    if target.exists():
        raise UserError(f"Ya existe «{target}»; elija otro nombre.")
    try:
        tmp = target.with_name(target.name + ".part")
        shutil.copyfile(src, tmp)
        tmp.replace(target)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise UserError(f"No se pudo copiar a «{target}»: {exc.strerror or exc}.") from None
    return target


def message_text(store: Store, outbox_id: int | None = None) -> tuple[str, str]:
    """(subject, body) of the e-mail, for webmail users (copied to the clipboard)."""
    from email import policy
    from email.parser import BytesParser

    msg = BytesParser(policy=policy.default).parsebytes(_eml_bytes(store, entry(store, outbox_id),
                                                                   "x@y"))
    body = msg.get_body(("plain",))
    return str(msg["Subject"]), body.get_content() if body else ""


def _eml_bytes(store: Store, r: dict[str, Any], central_email: str) -> bytes:
    from sernam_desktop.bundle import _eml

    src = Path(r["path"])
    payload = src.read_bytes() if src.is_file() else b""
    inst = {**store.instance(r["instance_id"]), "revision": r["revision"]}
    return _eml(inst, src, payload, central_email)


def write_eml(store: Store, outbox_id: int | None, central_email: str) -> Path:
    """«Redactar correo»: the .eml draft next to the bundle (bundle attached)."""
    from sernam_desktop.files import write_atomic

    central_email = (central_email or "").strip()
    if "@" not in central_email or " " in central_email:
        raise UserError(f"«{central_email}» no es una dirección de correo válida para la "
                        "oficina central; corríjala en Preferencias.")
    r = entry(store, outbox_id)
    src = Path(r["path"])
    if not src.is_file():
        raise UserError(f"El archivo «{src}» ya no está en la carpeta de envíos.")
    eml = src.with_suffix(".eml")
    write_atomic(eml, _eml_bytes(store, r, central_email))
    return eml
