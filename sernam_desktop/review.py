"""Central review: approve or return a submission, and the receipts it produces.

Every merge outcome about an identifiable bundle (aceptado, duplicado,
anterior, conflicto, retenido) and every review decision (aprobado, devuelto
con observaciones) produces a **receipt** (``.sernam-acuse``, see
:mod:`sernam_desktop.receipts` and docs/bundle-format.md §9), signed with the
central file's own Ed25519 key and numbered (``seq``) so that a region can
refuse a replayed or older receipt.  ``write_receipts`` writes those not yet
written; nothing is ever deleted.

Tables (migration ``m_issue15_review_receipts`` in central.py): ``central_keys``
(the central key pair), ``reviews``, ``receipts``, ``region_contacts``; and for
:mod:`sernam_desktop.trust`: ``pinned_keys``, ``held_bundles``,
``submission_signatures``.  Qt-free.
"""

from __future__ import annotations

import json
import uuid as uuidlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sernam_desktop import signing
from sernam_desktop.errors import UserError
from sernam_desktop.forms import FormDefinition, Section, get_form
from sernam_desktop.store import now_iso

if TYPE_CHECKING:
    from sernam_desktop.central import CentralDB, Outcome

RECEIPT_FORMAT = "sernam-desktop.receipt"
RECEIPT_FORMAT_VERSION = 1
RECEIPT_SUFFIX = ".sernam-acuse"
APPROVED, RETURNED = "aprobado", "devuelto"
OUTCOME_TEXT = {  # receipt outcome → what the region reads
    "aceptado": "recibido e incorporado",
    "duplicado": "ya estaba recibido",
    "anterior": "recibido; es anterior a la versión vigente",
    "conflicto": "recibido; queda un conflicto por resolver en la oficina central",
    "retenido": "retenido: la firma no es la registrada para esta oficina",
    APPROVED: "aprobado",
    RETURNED: "devuelto con observaciones",
}


def create_tables(db: Any) -> None:
    """The migration body (called from central.py's migration list)."""
    db["central_keys"].create({"id": int, "private_key": str, "fingerprint": str,
                               "created_at": str, "retired_at": str}, pk="id")
    db["pinned_keys"].create({"id": int, "region": str, "servicio_key": str, "servicio": str,
                              "public_key": str, "fingerprint": str, "pinned_at": str,
                              "replaced_at": str, "how": str}, pk="id")
    db["pinned_keys"].create_index(["region", "servicio_key"])
    db["held_bundles"].create({"id": int, "received_at": str, "file_name": str,
                               "file_sha256": str, "raw": bytes, "region": str, "servicio": str,
                               "anio": int, "instance_uuid": str, "revision": int,
                               "fingerprint": str, "reason": str, "released_at": str},
                              pk="id")
    db["submission_signatures"].create({"submission_id": int, "fingerprint": str}, pk="submission_id")
    db["reviews"].create({"id": int, "submission_id": int, "decision": str, "comment": str,
                          "comments": str, "at": str}, pk="id")
    db["receipts"].create({"seq": int, "uuid": str, "outcome": str, "submission_id": int,
                           "instance_uuid": str, "revision": int, "region": str,
                           "servicio": str, "anio": int, "bundle_sha256": str,
                           "issued_at": str, "written_at": str, "document": str}, pk="seq")
    db["receipts"].create_index(["bundle_sha256"])
    db["region_contacts"].create({"region": str, "email": str}, pk="region")
    db.execute("CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts "
               "BEGIN SELECT RAISE(ABORT, 'los acuses no se borran'); END")


# ---------------------------------------------------------- central key --
def central_key(central: CentralDB, create: bool = True) -> signing.KeyPair | None:
    cached = getattr(central, "_issue15_key", None)  # one lookup per open central file
    if cached is not None:
        return cached
    key = _load_central_key(central, create)
    if key is not None:
        central._issue15_key = key  # type: ignore[attr-defined]
    return key


def _load_central_key(central: CentralDB, create: bool) -> signing.KeyPair | None:
    r = central.db.execute("SELECT private_key FROM central_keys WHERE retired_at IS NULL "
                           "ORDER BY id DESC LIMIT 1").fetchone()
    if r:
        return signing.KeyPair.from_b64(r[0])
    if not create:
        return None
    key = signing.KeyPair.generate()
    with central.writing():  # BEGIN IMMEDIATE (nested: a savepoint)
        central.db.execute("INSERT INTO central_keys (private_key, fingerprint, created_at) "
                           "VALUES (?,?,?)", [key.to_b64(), key.fingerprint, now_iso()])
    return key


def rotate_central_key(central: CentralDB) -> signing.KeyPair:
    with central.writing():  # BEGIN IMMEDIATE (nested: a savepoint)
        central.db.execute("UPDATE central_keys SET retired_at=? WHERE retired_at IS NULL",
                           [now_iso()])
        key = signing.KeyPair.generate()
        central.db.execute("INSERT INTO central_keys (private_key, fingerprint, created_at) "
                           "VALUES (?,?,?)", [key.to_b64(), key.fingerprint, now_iso()])
    central._issue15_key = key  # type: ignore[attr-defined]
    return key


# ------------------------------------------------------------- receipts --
RECEIPT_INSERT = (
    "INSERT INTO receipts (seq, uuid, outcome, submission_id, instance_uuid, revision, "
    "region, servicio, anio, bundle_sha256, issued_at, document) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")


def next_receipt_seq(central: CentralDB) -> int:
    return (central.db.execute("SELECT max(seq) FROM receipts").fetchone()[0] or 0) + 1


def receipt_row(central: CentralDB, seq: int, outcome: str, message: str,
                inst: dict[str, Any], bundle: dict[str, Any], submission_id: int | None,
                comments: list[dict[str, Any]] | None = None, comment: str = "") -> tuple:
    """The signed receipt number ``seq``, as the row :data:`RECEIPT_INSERT` stores."""
    key = central_key(central)
    assert key is not None
    doc = {
        "format": RECEIPT_FORMAT, "format_version": RECEIPT_FORMAT_VERSION,
        "id": str(uuidlib.uuid4()), "seq": seq, "issued_at": now_iso(),
        "outcome": outcome, "message": message, "comment": comment,
        "bundle": bundle, "instance": inst, "comments": comments or [],
    }
    signed = signing.sign_object(doc, key, signing.RECEIPT_DOMAIN)
    return (seq, doc["id"], outcome, submission_id, inst["uuid"], inst["revision"],
            inst["region"], inst["servicio"], int(inst["anio"]), bundle.get("sha256"),
            doc["issued_at"], json.dumps(signed, ensure_ascii=False, separators=(",", ":")))


def _issue(central: CentralDB, outcome: str, message: str, inst: dict[str, Any],
           bundle: dict[str, Any], submission_id: int | None,
           comments: list[dict[str, Any]] | None = None, comment: str = "") -> int:
    seq = next_receipt_seq(central)
    central.db.execute(RECEIPT_INSERT, receipt_row(central, seq, outcome, message, inst,
                                                   bundle, submission_id, comments, comment))
    return seq


def _inst_of_submission(central: CentralDB, sid: int) -> tuple[dict[str, Any], dict[str, Any]]:
    s = central.db.execute(
        "SELECT instance_uuid, revision, servicio, region, anio, content_hash, bundle_sha256, "
        "bundle_name FROM submissions WHERE id=?", [sid]).fetchone()
    if s is None:
        raise UserError(f"No existe la versión (envío) número {sid} en la base central.")
    inst = {"uuid": s[0], "revision": s[1], "servicio": s[2], "region": s[3], "anio": str(s[4]),
            "content_hash": s[5]}
    return inst, {"sha256": s[6], "name": s[7]}


def receipt_for_outcome(central: CentralDB, o: Outcome, b: Any = None,
                        file_sha: str | None = None) -> int | None:
    """Issue a receipt for a merge outcome (inside the merge's transaction).

    Bundles that could not be read (rejected) have no trustworthy identity and
    get no receipt: the central staff tell the region directly.
    """
    from sernam_desktop.central import OUTCOME_LABELS

    label = OUTCOME_LABELS.get(o.kind, o.kind)
    if o.kind == "rejected" or o.instance_uuid is None:
        return None
    if b is not None:
        if central.db.execute("SELECT 1 FROM receipts WHERE bundle_sha256=? AND outcome=? "
                              "LIMIT 1", [b.sha256, label]).fetchone():
            return None  # e.g. a held file merged again: same answer, already issued
        h = b.header
        inst = {"uuid": b.uuid, "revision": b.revision, "servicio": h["servicio"],
                "region": h["region"], "anio": str(h["anio"]), "content_hash": b.content_hash}
        bundle = {"sha256": b.sha256, "name": b.name}
    elif o.submission_id is not None:
        if file_sha and central.db.execute(
                "SELECT 1 FROM receipts WHERE bundle_sha256=? LIMIT 1", [file_sha]).fetchone():
            return None  # the same file merged again: its receipt exists (central receipts --number)
        inst, bundle = _inst_of_submission(central, o.submission_id)
        bundle = {"sha256": file_sha or bundle["sha256"], "name": o.name}
    else:
        return None
    return _issue(central, label, o.detail, inst, bundle, o.submission_id)


@dataclass(frozen=True)
class Comment:
    section: str
    row_id: str | None
    row: int | None  # 1-based, as the reviewer saw it
    field: str | None
    text: str
    location: str

    def as_json(self) -> dict[str, Any]:
        return {"section": self.section, "row_id": self.row_id, "row": self.row,
                "field": self.field, "text": self.text, "location": self.location}


def _find_section(form: FormDefinition, text: str) -> Section:
    t = text.strip()
    for s in form.sections:
        if t.lower() in (s.key.lower(), s.number.lower()) and t:
            return s
    names = ", ".join(s.number or s.key for s in form.sections)
    raise UserError(f"«{text}» no es una sección del formulario (use una de: {names}).")


def parse_location(form: FormDefinition, document: dict[str, Any], spec: str) -> tuple[
        Section, str | None, int | None, str | None, str]:
    """``SECCIÓN[:FILA[:CAMPO]]`` (fields sections: ``SECCIÓN[:CAMPO]``) → parts + label."""
    parts = spec.split(":")
    if len(parts) > 3 or not parts[0].strip():
        raise UserError(f"«{spec}» no es una ubicación válida (SECCIÓN[:FILA[:CAMPO]]).")
    sec = _find_section(form, parts[0])
    title = f"{sec.number} {sec.title}".strip() if sec.number and sec.number not in sec.title \
        else sec.title
    row_id = field_key = None
    row = None
    rest = [p.strip() for p in parts[1:] if p.strip()]
    if sec.is_table:
        rows = document["data"].get(sec.key) or []
        if rest:
            if not rest[0].isdigit() or not 1 <= int(rest[0]) <= len(rows):
                raise UserError(f"«{rest[0]}» no es una fila de {sec.title} (tiene "
                                f"{len(rows)} fila(s)).")
            row = int(rest[0])
            row_id = rows[row - 1].get("id")
        if len(rest) > 1:
            field_key = rest[1]
    elif rest:
        if len(rest) > 1:
            raise UserError(f"«{spec}»: {sec.title} no tiene filas; use SECCIÓN:CAMPO.")
        field_key = rest[0]
    label = title
    if row is not None:
        label += f", fila {row}"
    if field_key is not None:
        if not sec.has_field(field_key):
            keys = ", ".join(f.key for f in sec.fields)
            raise UserError(f"«{field_key}» no es un campo de {sec.title} (use uno de: {keys}).")
        label += f", {sec.field(field_key).label}"
    return sec, row_id, row, field_key, label


def review(central: CentralDB, submission_id: int, *, approve: bool, comment: str = "",
           on: list[tuple[str, str]] | None = None) -> int:
    """Approve or return a received submission; returns the receipt's number."""
    if not approve and not (comment or "").strip():
        raise UserError("Para devolver con observaciones escriba un comentario general.")
    if approve and on:
        raise UserError("Los comentarios por celda solo acompañan una devolución (--return).")
    row = central.db.execute("SELECT document FROM submissions WHERE id=?",
                             [submission_id]).fetchone()
    if row is None:
        raise UserError(f"No existe la versión (envío) número {submission_id} en la base central.")
    doc = json.loads(row[0])
    form = get_form(doc["form"]["id"], doc["form"]["version"])
    if form is None:  # pragma: no cover - stored documents passed this check
        raise UserError("El formulario de este envío usa una definición desconocida.")
    comments = []
    for spec, text in on or []:
        if not (text or "").strip():
            raise UserError(f"Falta el texto del comentario para «{spec}».")
        sec, row_id, rown, field_key, label = parse_location(form, doc, spec)
        comments.append(Comment(sec.key, row_id, rown, field_key, text.strip(), label))
    inst, bundle = _inst_of_submission(central, submission_id)
    decision = APPROVED if approve else RETURNED
    with central.writing():  # BEGIN IMMEDIATE (nested: a savepoint)
        central.db.execute(
            "INSERT INTO reviews (submission_id, decision, comment, comments, at) VALUES (?,?,?,?,?)",
            [submission_id, decision, comment.strip(),
             json.dumps([c.as_json() for c in comments], ensure_ascii=False), now_iso()])
        msg = OUTCOME_TEXT[decision].capitalize() + "."
        return _issue(central, decision, msg, inst, bundle, submission_id,
                      [c.as_json() for c in comments], comment.strip())


def review_state(central: CentralDB, submission_id: int) -> dict[str, Any] | None:
    r = central.db.execute("SELECT decision, comment, comments, at FROM reviews WHERE "
                           "submission_id=? ORDER BY id DESC LIMIT 1", [submission_id]).fetchone()
    if r is None:
        return None
    return {"decision": r[0], "comment": r[1], "comments": json.loads(r[2] or "[]"), "at": r[3]}


def receipts(central: CentralDB, pending_only: bool = False) -> list[dict[str, Any]]:
    sql = "SELECT * FROM receipts"
    if pending_only:
        sql += " WHERE written_at IS NULL"
    return list(central.db.query(sql + " ORDER BY seq"))


def receipt_file_name(r: dict[str, Any]) -> str:
    from sernam_desktop.bundle import slug

    return (f"acuse-{slug(r['servicio'] or '')}-{r['region']}-{r['anio']}-r{r['revision']}-"
            f"{r['seq']:05d}-{slug(r['outcome'])}{RECEIPT_SUFFIX}")


def write_receipts(central: CentralDB, out_dir: str | Path, *,
                   only: list[int] | None = None, eml: bool = False) -> list[Path]:
    """Write the receipts not yet written (or ``only`` these numbers) into ``out_dir``.

    With ``eml``, each receipt whose region has a contact also gets an .eml
    draft next to it (same name, ``.eml``).
    """
    from sernam_desktop.files import write_atomic

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UserError(f"«{out}» no es una carpeta.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"No se pudo crear la carpeta «{out}»: {exc.strerror or exc}.") from None
    rows = receipts(central) if only else receipts(central, pending_only=True)
    if only:
        rows = [r for r in rows if r["seq"] in set(only)]
    written = []
    for r in rows:
        p = out / receipt_file_name(r)
        write_atomic(p, r["document"].encode("utf-8") + b"\n")
        if eml and contact(central, r["region"]):
            write_atomic(p.with_suffix(".eml"), receipt_eml(central, r["seq"], p))
        written.append(p)
        with central.writing():  # BEGIN IMMEDIATE (nested: a savepoint)
            central.db.execute("UPDATE receipts SET written_at=? WHERE seq=?", [now_iso(), r["seq"]])
    return written


# ------------------------------------------------------------- contacts --
def set_contact(central: CentralDB, region: str, email: str) -> None:
    email = (email or "").strip()
    if "@" not in email or " " in email:
        raise UserError(f"«{email}» no es una dirección de correo válida.")
    with central.writing():  # BEGIN IMMEDIATE (nested: a savepoint)
        central.db.execute("INSERT INTO region_contacts (region, email) VALUES (?,?) "
                           "ON CONFLICT(region) DO UPDATE SET email=excluded.email", [region, email])


def contact(central: CentralDB, region: str) -> str | None:
    r = central.db.execute("SELECT email FROM region_contacts WHERE region=?", [region]).fetchone()
    return r[0] if r else None


def receipt_eml(central: CentralDB, seq: int, receipt_path: Path) -> bytes:
    """An .eml draft with the receipt attached, to the region's contact."""
    from sernam_desktop.bundle import draft_email
    from sernam_desktop.regions import by_code

    r = central.db.execute("SELECT region, anio, revision, outcome FROM receipts WHERE seq=?",
                           [seq]).fetchone()
    if r is None:
        raise UserError(f"No existe el acuse número {seq}.")
    to = contact(central, r[0])
    if not to:
        raise UserError(f"No hay correo de contacto para la región {r[0]}; regístrelo con "
                        "«sernam-desktop central contact».")
    reg = by_code(r[0])
    return draft_email(
        to,
        f"PMG Gestión Territorial {r[1]} — acuse de la oficina central — "
        f"{reg.name if reg else r[0]} (revisión {r[2]}: {r[3]})",
        "Estimados/as:\n\nAdjunto el acuse de la oficina central para su formulario "
        f"(revisión {r[2]}): {OUTCOME_TEXT.get(r[3], r[3])}.\n\nÁbralo en "
        "sernam-desktop con «Archivo › Abrir acuse…».\n\nSaludos cordiales.\n",
        receipt_path.name, receipt_path.read_bytes())
