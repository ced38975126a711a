"""Receipts (``.sernam-acuse``) opened at a regional office.

A receipt is a small signed JSON document written by the central office
(:mod:`sernam_desktop.review`; format in docs/bundle-format.md §9).  Opening
one (:func:`open_receipt`) reads it as *untrusted*, checks it completely and
only then applies it in one command (:class:`ApplyReceipt`): the form's state
becomes «Recibido» or «Devuelto con observaciones», the outbox row of that
bundle follows, and a return's comments are stored to be shown on their cells
until marked attended (:class:`MarkCommentAttended`).

Refused, with a Spanish reason and nothing changed: a damaged or tampered
file, a receipt signed by another central key than the pinned one, a receipt
for a form that is not in this file or for another office, a receipt for an
older revision than the form's, and a receipt already opened or older than
one already opened (replay).  The central key is pinned on the first receipt
(or beforehand from Preferencias: ``settings.central_fingerprint``).  Qt-free.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sernam_desktop.commands import Command
from sernam_desktop.errors import UserError
from sernam_desktop.store import Changed, Store, now_iso

RECEIPT_FORMAT = "sernam-desktop.receipt"
RECEIPT_FORMAT_VERSION = 1
SUFFIX = ".sernam-acuse"
MAX_BYTES = 1024 * 1024
RETURNED = "devuelto"
OUTCOMES = ("aceptado", "duplicado", "anterior", "conflicto", "retenido", "aprobado", RETURNED)

if TYPE_CHECKING:
    from sernam_desktop import signing


def _signing():  # noqa: ANN202 - the module
    """sernam_desktop.signing, imported when a receipt is read or a key pinned: the
    desktop app lists observations at start-up without it (issue 17)."""
    from sernam_desktop import signing

    return signing


@dataclass(frozen=True)
class Receipt:
    doc: dict[str, Any]
    signer: signing.Verified
    name: str

    @property
    def id(self) -> str:
        return self.doc["id"]

    @property
    def seq(self) -> int:
        return self.doc["seq"]

    @property
    def outcome(self) -> str:
        return self.doc["outcome"]

    @property
    def instance(self) -> dict[str, Any]:
        return self.doc["instance"]

    @property
    def revision(self) -> int:
        return self.doc["instance"]["revision"]

    @property
    def comments(self) -> list[dict[str, Any]]:
        return self.doc["comments"]


def _bad(name: str, why: str) -> UserError:
    return UserError(f"«{name}» no es un acuse válido: {why}.")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _opt_str(v: Any) -> bool:
    return v is None or (isinstance(v, str) and len(v) <= 20_000)


def parse_receipt(raw: bytes, name: str = "acuse") -> Receipt:
    """Check an untrusted receipt completely (format, fields, signature)."""
    if len(raw) > MAX_BYTES:
        raise _bad(name, "es demasiado grande")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _bad(name, "no es texto UTF-8") from None
    except (json.JSONDecodeError, RecursionError):
        raise _bad(name, "no es JSON válido (archivo dañado o de otro tipo)") from None
    if not isinstance(doc, dict) or doc.get("format") != RECEIPT_FORMAT:
        raise _bad(name, "no es un acuse de sernam-desktop")
    v = doc.get("format_version")
    if v != RECEIPT_FORMAT_VERSION or isinstance(v, bool):
        raise _bad(name, f"usa la versión de formato {v!r}, y esta aplicación lee la versión "
                         f"{RECEIPT_FORMAT_VERSION} (actualice la aplicación)")
    try:
        signer = _signing().verify_object(doc, _signing().RECEIPT_DOMAIN)
    except _signing().SignatureError as exc:
        raise _bad(name, str(exc)) from None
    if signer is None:
        raise _bad(name, "no está firmado por la oficina central")
    inst = doc.get("instance")
    ok = (isinstance(doc.get("id"), str) and 8 <= len(doc["id"]) <= 64
          and _is_int(doc.get("seq")) and doc["seq"] >= 1
          and doc.get("outcome") in OUTCOMES and isinstance(doc.get("issued_at"), str)
          and _opt_str(doc.get("message")) and _opt_str(doc.get("comment"))
          and isinstance(doc.get("bundle"), dict)
          and isinstance(inst, dict) and isinstance(inst.get("uuid"), str)
          and _is_int(inst.get("revision")) and isinstance(inst.get("region"), str)
          and isinstance(inst.get("servicio"), str) and isinstance(doc.get("comments"), list)
          and len(doc["comments"]) <= 2000)
    if ok:
        for c in doc["comments"]:
            ok = ok and isinstance(c, dict) and isinstance(c.get("section"), str) and all(
                _opt_str(c.get(k)) for k in ("row_id", "field", "location")) and isinstance(
                c.get("text"), str) and len(c["text"]) <= 20_000
    if not ok:
        raise _bad(name, "faltan datos o tienen un tipo inválido")
    return Receipt(doc, signer, name)


def read_receipt(path: str | Path) -> Receipt:
    p = Path(path)
    try:
        if p.is_dir():
            raise UserError(f"«{p}» es una carpeta, no un acuse.")
        if p.stat().st_size > MAX_BYTES:
            raise _bad(p.name, "es demasiado grande")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise UserError(f"No existe el archivo «{p}».") from None
    except OSError as exc:
        raise UserError(f"No se pudo leer «{p}»: {exc.strerror or exc}.") from None
    return parse_receipt(raw, p.name)


# ------------------------------------------------------- central pinning --
def pinned_central(store: Store) -> str | None:
    """The pinned central public key (base64), if any."""
    return _signing().meta_value(store.db, _signing().CENTRAL_PIN_META)


def pinned_central_fingerprint(store: Store) -> str | None:
    pub = pinned_central(store)
    return _signing().public_fingerprint(pub) if pub else None


class PinCentralKey(Command):
    content = False

    def __init__(self, instance_id: str, public_key: str):
        super().__init__()
        self.instance_id, self.public_key = instance_id, public_key
        self.label = "Registrar clave de la oficina central"

    def run(self, store: Store) -> Changed:
        old = pinned_central(store)
        store.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO "
                         "UPDATE SET value=excluded.value",
                         [_signing().CENTRAL_PIN_META, self.public_key])
        store._log(self.instance_id, "RegistrarClaveCentral", field_key="clave_central",
                   old=_signing().public_fingerprint(old) if old else None,
                   new=_signing().public_fingerprint(self.public_key))
        return Changed(self.instance_id, meta=True)

    def _inverse(self) -> Command:
        raise UserError("El registro de la clave central no se deshace.")


# -------------------------------------------------------------- applying --
class ApplyReceipt(Command):
    """Record an opened receipt (already checked by :func:`check_receipt`)."""

    content = False

    def __init__(self, receipt: Receipt, pin: bool):
        super().__init__()
        self.receipt, self.pin = receipt, pin
        self.instance_id = receipt.instance["uuid"]
        self.label = "Abrir acuse"

    def run(self, store: Store) -> Changed:
        r = self.receipt
        if self.pin:
            store.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO "
                             "UPDATE SET value=excluded.value",
                             [_signing().CENTRAL_PIN_META, r.signer.public_key])
        ts = now_iso()
        store.db.execute(
            "INSERT INTO receipts (id, instance_id, revision, seq, outcome, bundle_sha256, "
            "central_fingerprint, issued_at, opened_at, message, document) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [r.id, self.instance_id, r.revision, r.seq, r.outcome,
             r.doc["bundle"].get("sha256"), r.signer.fingerprint, r.doc["issued_at"], ts,
             r.doc.get("message") or "", json.dumps(r.doc, ensure_ascii=False)])
        status = RETURNED if r.outcome == RETURNED else "recibido"
        detail = r.doc.get("message") or ""
        sha = r.doc["bundle"].get("sha256")
        store.db.execute(
            "UPDATE outbox SET status=?, status_at=?, detail=? WHERE instance_id=? AND "
            "revision=? AND (sha256=? OR ? IS NULL)",
            [status, ts, detail, self.instance_id, r.revision, sha, sha])
        for c in r.comments:
            store.db.execute(
                "INSERT INTO review_comments (receipt_id, instance_id, revision, section, row_id, "
                "field, location, text) VALUES (?,?,?,?,?,?,?,?)",
                [r.id, self.instance_id, r.revision, c["section"], c.get("row_id"),
                 c.get("field"), c.get("location") or "", c["text"]])
        if r.outcome == RETURNED and (r.doc.get("comment") or "").strip():
            store.db.execute(
                "INSERT INTO review_comments (receipt_id, instance_id, revision, section, "
                "location, text) VALUES (?,?,?,?,?,?)",
                [r.id, self.instance_id, r.revision, "", "Comentario general",
                 r.doc["comment"].strip()])
        store._log(self.instance_id, "AbrirAcuse", field_key="acuse",
                   new={"revision": r.revision, "resultado": r.outcome, "numero": r.seq,
                        "comentarios": len(r.comments),
                        "clave_central": r.signer.fingerprint if self.pin else None})
        return Changed(self.instance_id, meta=True)

    def _inverse(self) -> Command:
        raise UserError("Abrir un acuse no se deshace.")


class MarkCommentAttended(Command):
    content = False

    def __init__(self, instance_id: str, comment_id: int, attended: bool = True):
        super().__init__()
        self.instance_id, self.comment_id, self.attended = instance_id, comment_id, attended
        self.label = "Marcar observación como atendida" if attended else "Reabrir observación"

    def run(self, store: Store) -> Changed:
        r = store.db.execute("SELECT instance_id, attended_at FROM review_comments WHERE id=?",
                             [self.comment_id]).fetchone()
        if r is None or r[0] != self.instance_id:
            raise UserError("Esa observación no existe en este formulario.")
        store.db.execute("UPDATE review_comments SET attended_at=? WHERE id=?",
                         [now_iso() if self.attended else None, self.comment_id])
        store._log(self.instance_id, "ObservacionAtendida", field_key="observacion",
                   old=r[1], new=self.attended)
        return Changed(self.instance_id, meta=True)

    def _inverse(self) -> Command:
        return MarkCommentAttended(self.instance_id, self.comment_id, not self.attended)


def comments(store: Store, instance_id: str, include_attended: bool = False) -> list[dict[str, Any]]:
    sql = "SELECT * FROM review_comments WHERE instance_id=?"
    if not include_attended:
        sql += " AND attended_at IS NULL"
    try:
        return list(store.db.query(sql + " ORDER BY id", [instance_id]))
    except Exception:  # noqa: BLE001 - a read-only file from before the table existed
        return []


def check_receipt(store: Store, r: Receipt, expected_fingerprint: str | None = None) -> bool:
    """Raise UserError (Spanish) if ``r`` must be refused; True if the key is to be pinned."""
    name = r.name
    uid = r.instance["uuid"]
    if not store.has_instance(uid):
        raise UserError(f"«{name}» es un acuse para otro formulario ({r.instance['servicio']}, "
                        f"región {r.instance['region']}, {r.instance.get('anio', '')}), que no "
                        "está en este archivo; no se cambió nada.")
    inst = store.instance(uid)
    if inst["region"] != r.instance["region"]:
        raise UserError(f"«{name}» es un acuse para otra oficina (región {r.instance['region']}); "
                        "no se cambió nada.")
    pinned = pinned_central(store)
    pin = False
    if pinned is None:
        if expected_fingerprint and _signing().normalize_fingerprint(
                expected_fingerprint) != r.signer.fingerprint:
            raise UserError(f"«{name}» está firmado con la clave {r.signer.fingerprint}, que no "
                            f"es la de la oficina central indicada en Preferencias "
                            f"({expected_fingerprint}); no se cambió nada.")
        pin = True
    elif pinned != r.signer.public_key:
        if expected_fingerprint and _signing().normalize_fingerprint(
                expected_fingerprint) == r.signer.fingerprint:
            return _check_rest(store, r, inst) or True  # key rotated: typed in Preferencias
        raise UserError(f"«{name}» está firmado con otra clave ({r.signer.fingerprint}) que la "
                        f"de la oficina central registrada ({_signing().public_fingerprint(pinned)}); "
                        "no se cambió nada. Si la oficina central cambió su clave, escriba la "
                        "huella nueva en Preferencias y vuelva a abrir el acuse.")
    _check_rest(store, r, inst)
    return pin


def _check_rest(store: Store, r: Receipt, inst: dict[str, Any]) -> None:
    name, uid = r.name, r.instance["uuid"]
    if store.db.execute("SELECT 1 FROM receipts WHERE id=?", [r.id]).fetchone():
        raise UserError(f"«{name}» ya se abrió antes; no se cambió nada.")
    last = store.db.execute("SELECT max(seq) FROM receipts WHERE instance_id=?",
                            [uid]).fetchone()[0]
    if last is not None and r.seq <= last:
        raise UserError(f"«{name}» es anterior a un acuse ya abierto para este formulario "
                        f"(n.º {r.seq} ≤ {last}); no se cambió nada.")
    if r.revision < inst["revision"]:
        raise UserError(f"«{name}» es de la revisión {r.revision}, anterior a la actual "
                        f"({inst['revision']}); no se cambió nada.")
    if r.revision > inst["revision"]:
        raise UserError(f"«{name}» es de la revisión {r.revision}, que este archivo nunca "
                        f"preparó (la actual es la {inst['revision']}); no se cambió nada.")


def open_receipt(store: Store, path: str | Path | bytes, *, name: str | None = None,
                 expected_fingerprint: str | None = None) -> Receipt:
    """Read, check and apply a receipt; UserError and nothing changed if refused."""
    r = parse_receipt(path, name or "acuse") if isinstance(path, bytes) else read_receipt(path)
    if expected_fingerprint is None:
        from sernam_desktop import settings

        expected_fingerprint = getattr(settings.load(), "central_fingerprint", "") or None
    pin = check_receipt(store, r, expected_fingerprint)
    store.execute(ApplyReceipt(r, pin))
    return r


def describe(r: Receipt) -> str:
    """One Spanish line about an applied receipt."""
    from sernam_desktop.review import OUTCOME_TEXT

    text = OUTCOME_TEXT.get(r.outcome, r.outcome)
    n = len(r.comments)
    extra = f"; {n} observación(es) en el formulario" if n else ""
    return f"Acuse n.º {r.seq}: revisión {r.revision} {text}{extra}."
