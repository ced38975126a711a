"""Bundles: how a regional office's form travels to the central office.

A bundle (``*.sernam``) is a zip holding exactly three members::

    manifest.json   what the bundle is, and the sha256 + size of the others
    data.json       the JSON interchange document (interchange.export_instance)
    form.pdf        the form as printed (sernam_desktop.pdf)

The format is specified in ``docs/bundle-format.md``.  :func:`write_bundle`
writes one (atomically), :func:`read_bundle` reads an *untrusted* one: every
problem (damaged zip, dangerous member names, zip bombs, checksums, schema) is
a :class:`~sernam_desktop.errors.UserError` with a Spanish message, raised
before anything is written anywhere.  :func:`send_to_central` is the regional
"Enviar a oficina central…" action: validate, mark as sent, write the bundle
and an e-mail draft (.eml).

Qt-free.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sernam_desktop import APP_NAME, __version__, safezip, signing
from sernam_desktop.commands import RecordLineage
from sernam_desktop.document import json_body
from sernam_desktop.errors import UserError
from sernam_desktop.files import read_regular_file, write_atomic
from sernam_desktop.forms import FormDefinition, get_form
from sernam_desktop.interchange import (
    check_document,
    content_hash,
    export_instance,
    lineage_problems,
    parse_document,
)
from sernam_desktop.regions import by_code
from sernam_desktop.store import ORIGIN_SEND, Store, now_iso

BUNDLE_FORMAT = "sernam-desktop.bundle"
BUNDLE_FORMAT_VERSION = 2  # written; 1 (no lineage) is still read
READ_VERSIONS = (1, 2)
# Issue 15: from this format version on, a manifest without a signature is
# refused; older (version-1) bundles may be unsigned and are marked «sin firma».
SIGNED_SINCE_VERSION = 2
SUFFIX = ".sernam"
MEDIA_TYPE = "application/vnd.sernam-desktop.bundle+zip"

MANIFEST = "manifest.json"
DATA = "data.json"
PDF = "form.pdf"
MEMBERS = (MANIFEST, DATA, PDF)  # the allow-list, in writing order

# Limits for untrusted bundles (see docs/bundle-format.md, "Reader limits").
MAX_BUNDLE_BYTES = 40 * 1024 * 1024  # the .sernam file itself
MAX_ENTRIES = 16  # zip entries (central directory records) inspected at all
MAX_MEMBER_BYTES = {MANIFEST: 256 * 1024, DATA: 16 * 1024 * 1024, PDF: 24 * 1024 * 1024}
MAX_TOTAL_BYTES = 40 * 1024 * 1024  # sum of declared uncompressed sizes
MAX_RATIO = 100  # uncompressed / compressed, for members above RATIO_FLOOR bytes
RATIO_FLOOR = 64 * 1024
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_ZIP_EPOCH = (2000, 1, 1, 0, 0, 0)


# ------------------------------------------------------------------ naming --
def slug(text: str, max_len: int = 40) -> str:
    """ASCII file-name fragment: «Servicio Nacional de la Mujer» → servicio-nacional-de-la-mujer."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    t = t[:max_len].rstrip("-")
    return t or "formulario"


def bundle_name(servicio: str, region: str, anio: int | str, revision: int,
                instance_uuid: str = "") -> str:
    """``{servicio}-{región}-{año}-r{revisión}-{id}.sernam``; ``id`` = the instance's first
    8 hex digits, so two offices' bundles never overwrite each other in one folder."""
    short = re.sub(r"[^0-9a-f]", "", instance_uuid.lower())[:8]
    tail = f"-{short}" if short else ""
    return f"{slug(servicio)}-{region}-{anio}-r{revision}{tail}{SUFFIX}"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _json_bytes(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# ----------------------------------------------------------------- writing --
def render_pdf(doc: dict[str, Any]) -> bytes:
    """The form as printed (PDF bytes; paper from the user's settings)."""
    from sernam_desktop import pdf, settings

    paper = settings.load().paper
    direct = getattr(pdf, "form_pdf_bytes", None)
    if direct is not None:
        return direct(doc, paper=paper)
    with tempfile.TemporaryDirectory(prefix="sernam-pdf-") as tmp:
        out = Path(tmp) / PDF
        pdf.write_form_pdf(doc, out, paper=paper)
        return out.read_bytes()


def build_manifest(doc: dict[str, Any], members: dict[str, bytes],
                   exported_at: str | None = None, format_version: int = BUNDLE_FORMAT_VERSION
                   ) -> dict[str, Any]:
    form = get_form(doc["form"]["id"], doc["form"]["version"])
    header = doc["data"][form.header.key if form else "encabezado"]
    inst = doc["instance"]
    manifest: dict[str, Any] = {
        "format": BUNDLE_FORMAT,
        "format_version": format_version,
        "form": {"id": doc["form"]["id"], "version": doc["form"]["version"]},
        "instance": {
            "uuid": inst["uuid"],
            "servicio": header["servicio"],
            "region": header["region"],
            "anio": header["anio"],
            "revision": inst["revision"],
            "state": inst["state"],
        },
        "exported_at": exported_at or now_iso(),
        "app": {"name": APP_NAME, "version": __version__},
        "content_hash": content_hash(doc["data"]),
        "members": {
            name: {"sha256": _sha256(payload), "size": len(payload)}
            for name, payload in members.items()
        },
    }
    if format_version >= 2:
        lineage = list(inst.get("lineage") or [])
        manifest["instance"]["parent"] = lineage[-1]["content_hash"] if lineage else None
        manifest["instance"]["lineage"] = lineage
    return manifest


def bundle_bytes(doc: dict[str, Any], pdf_bytes: bytes, exported_at: str | None = None, *,
                 format_version: int = BUNDLE_FORMAT_VERSION,
                 signer: signing.KeyPair | None = None) -> bytes:
    """The bytes of a bundle for interchange document ``doc`` and its PDF.

    ``format_version=1`` writes the old format without lineage (tests of the
    version-1 reading rules); ``doc`` then must not carry lineage either.
    With ``signer`` the manifest carries an Ed25519 ``signature`` (issue 15);
    a version-2 bundle without one is refused by readers.
    """
    if format_version == 1 and ("lineage" in doc["instance"] or "parent" in doc["instance"]):
        doc = {**doc, "instance": {k: v for k, v in doc["instance"].items()
                                   if k not in ("lineage", "parent")}}
    data = _json_bytes(doc)
    manifest = build_manifest(doc, {DATA: data, PDF: pdf_bytes}, exported_at, format_version)
    if signer is not None:  # issue 15: signed manifest
        manifest = signing.sign_object(manifest, signer, signing.BUNDLE_DOMAIN)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, payload, method in (
            (MANIFEST, _json_bytes(manifest), zipfile.ZIP_DEFLATED),
            (DATA, data, zipfile.ZIP_DEFLATED),
            # the PDF is compressed already (deflating it again saves ~13 % and costs the
            # central office a decompression per bundle): stored
            (PDF, pdf_bytes, zipfile.ZIP_STORED),
        ):
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = method
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            zf.writestr(info, payload, compresslevel=9)
    return buf.getvalue()


def _resolve_out(out: str | Path, name: str) -> Path:
    out = Path(out)
    if out.is_dir() or str(out).endswith(("/", "\\")) or out.suffix == "":
        return out / name
    if out.suffix.lower() != SUFFIX:
        raise UserError(f"El archivo de envío debe terminar en «{SUFFIX}» (se indicó «{out.name}»).")
    return out


def write_bundle(store: Store, instance_id: str, out: str | Path, *,
                 pdf_bytes: bytes | None = None) -> Path:
    """Write the bundle of ``instance_id``; ``out`` is a folder or a ``.sernam`` file.

    A folder (existing, or a path without suffix) receives
    ``{servicio}-{región}-{año}-r{revisión}.sernam``.  ``pdf_bytes`` replaces
    the PDF rendering (the merge benchmark uses it); normally leave it out.
    """
    key = signing.office_key(store.db)  # issue 15: created on first use (writable file)
    if key is None and not store.readonly:
        from sernam_desktop.outbox import ensure_office_key

        key = ensure_office_key(store, instance_id)
    doc = export_instance(store, instance_id)
    inst = store.instance(instance_id)
    path = _resolve_out(out, bundle_name(inst["servicio"], inst["region"], inst["anio"],
                                         inst["revision"], inst["uuid"]))
    if pdf_bytes is None:
        pdf_bytes = render_pdf(doc)
    # issue 15: signed; a read-only file without a key can neither sign nor record
    # lineage, so it writes an unsigned version-1 bundle (accepted as «sin firma»)
    write_atomic(path, bundle_bytes(doc, pdf_bytes, signer=key,
                                    format_version=BUNDLE_FORMAT_VERSION if key else 1))
    if not store.readonly:
        # This version left the file: what is edited next descends from it.
        store.execute(RecordLineage(instance_id, [(inst["revision"], content_hash(doc["data"]))]),
                      origin=ORIGIN_SEND)
    return path


# ----------------------------------------------------------------- sending --
@dataclass(frozen=True)
class SendResult:
    bundle_path: Path
    eml_path: Path


def draft_email(to: str, subject: str, body: str, filename: str, payload: bytes) -> bytes:
    """An unsent e-mail (.eml) with one attachment, for the user's mail program:
    the bundle a region sends, the receipt the central office answers."""
    from email.message import EmailMessage  # here: a merge worker imports this module
    from email.utils import formatdate

    msg = EmailMessage()
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["X-Unsent"] = "1"
    msg.set_content(body)
    msg.add_attachment(payload, maintype="application", subtype="octet-stream",
                       filename=filename)
    return bytes(msg)


def _eml(inst: dict[str, Any], bundle_path: Path, payload: bytes, central_email: str) -> bytes:
    region = by_code(inst["region"])
    rname = region.name if region else inst["region"]
    return draft_email(
        central_email,
        f"PMG Gestión Territorial {inst['anio']} — Formulario Etapa N°4 — "
        f"{rname} (revisión {inst['revision']})",
        "Estimados/as:\n\n"
        f"Adjunto el Formulario Etapa N°4 del PMG Gestión Territorial {inst['anio']} de "
        f"{inst['servicio']}, {rname}, revisión {inst['revision']}.\n\n"
        f"El archivo «{bundle_path.name}» se incorpora en la aplicación sernam-desktop "
        "(modo oficina central); contiene además el formulario en PDF.\n\n"
        "Saludos cordiales.\n",
        bundle_path.name, payload)


def send_to_central(store: Store, instance_id: str, out_dir: str | Path, *,
                    central_email: str) -> SendResult:
    """«Enviar a oficina central…»: prepare the signed bundle in the outbox + .eml draft.

    Issue 15: nothing is mailed here, so the form becomes «Listo para enviar»
    (stored state ``enviado`` at its current revision; editing it afterwards
    opens the next revision), and the bundle is recorded in «Envíos»
    (:mod:`sernam_desktop.outbox`).  An incomplete form raises UserError
    listing what is missing, and nothing changes.
    """
    from sernam_desktop import outbox

    central_email = (central_email or "").strip()
    if "@" not in central_email or " " in central_email:
        raise UserError(f"«{central_email}» no es una dirección de correo válida para la "
                        "oficina central; corríjala en Preferencias.")
    prepared = outbox.prepare(store, instance_id, out_dir)
    eml_path = outbox.write_eml(store, prepared.outbox_id, central_email)
    return SendResult(prepared.path, eml_path)


# ----------------------------------------------------------------- reading --
@dataclass(frozen=True)
class Bundle:
    """A bundle that passed every check."""

    manifest: dict[str, Any]
    doc: dict[str, Any]
    form: FormDefinition
    pdf: bytes
    sha256: str  # of the whole .sernam file
    name: str
    signature: signing.Verified | None = None  # issue 15: None = «sin firma»
    # data.json as received, without a BOM (checked: its sha256 is the manifest's,
    # it is UTF-8 and parses to ``doc``); the central office stores this text
    # instead of encoding the document again (issue 17)
    data_json: bytes = b""

    @property
    def uuid(self) -> str:
        return self.doc["instance"]["uuid"].lower()

    @property
    def revision(self) -> int:
        return int(self.doc["instance"]["revision"])

    @property
    def content_hash(self) -> str:
        return self.manifest["content_hash"]

    @property
    def format_version(self) -> int:
        return int(self.manifest["format_version"])

    @property
    def lineage(self) -> list[str] | None:
        """Ancestor content hashes, oldest first; ``None`` for a version-1 bundle."""
        if self.format_version < 2:
            return None
        return [e["content_hash"] for e in self.manifest["instance"]["lineage"]]

    @property
    def header(self) -> dict[str, str]:
        return self.doc["data"][self.form.header.key]


def _reject(name: str, why: str) -> UserError:
    return UserError(f"«{name}» no es un envío válido: {why}.")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    try:
        return safezip.read_member(zf, info)
    except safezip.UnsafeZip as exc:
        raise _reject(name, exc.reason) from None


def _loads(raw: bytes, name: str, member: str) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _reject(name, f"«{member}» no es texto UTF-8 válido") from None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _reject(name, f"«{member}» no es JSON válido (línea {exc.lineno})") from None
    except RecursionError:
        raise _reject(name, f"«{member}» está anidado demasiado profundamente") from None
    except ValueError:  # e.g. an integer of more than 4,300 digits
        raise _reject(name, f"«{member}» contiene un número demasiado largo") from None
    if not isinstance(obj, dict):
        raise _reject(name, f"«{member}» no es un objeto JSON")
    return obj


def _check_manifest(m: dict[str, Any], name: str) -> FormDefinition:
    if m.get("format") != BUNDLE_FORMAT:
        raise _reject(name, "el manifiesto no es de sernam-desktop")
    v = m.get("format_version")
    if v not in READ_VERSIONS or isinstance(v, bool):
        raise _reject(name, f"usa la versión de formato {v!r}, y esta aplicación lee las "
                            f"versiones 1 y {BUNDLE_FORMAT_VERSION} (actualice la aplicación)")
    f = m.get("form")
    if not (isinstance(f, dict) and isinstance(f.get("id"), str)
            and isinstance(f.get("version"), int) and not isinstance(f.get("version"), bool)):
        raise _reject(name, "el manifiesto no indica el formulario")
    form = get_form(f["id"], f["version"])
    if form is None:
        raise _reject(name, f"es del formulario «{f['id']}» versión {f['version']}, que esta "
                            "aplicación no conoce")
    inst = m.get("instance")
    if not isinstance(inst, dict):
        raise _reject(name, "el manifiesto no identifica el formulario enviado")
    if v >= 2:
        if "lineage" not in inst:
            raise _reject(name, "el manifiesto no trae el linaje del formulario")
        problems = lineage_problems(inst)
        if problems:
            raise _reject(name, f"el manifiesto describe mal el linaje ({problems[0]})")
    ch = m.get("content_hash")
    if not isinstance(ch, str) or not _SHA_RE.match(ch):
        raise _reject(name, "el manifiesto no trae la huella del contenido")
    members = m.get("members")
    if not isinstance(members, dict) or set(members) != {DATA, PDF}:
        raise _reject(name, "el manifiesto no lista exactamente data.json y form.pdf")
    for k, spec in members.items():
        if not (isinstance(spec, dict) and isinstance(spec.get("sha256"), str)
                and _SHA_RE.match(spec["sha256"]) and isinstance(spec.get("size"), int)
                and not isinstance(spec.get("size"), bool)):
            raise _reject(name, f"el manifiesto describe mal «{k}»")
    return form


def read_bundle(source: str | Path | bytes, name: str | None = None) -> Bundle:
    """Read and check an untrusted bundle; UserError (Spanish) on any problem."""
    if isinstance(source, (bytes, bytearray)):
        raw = bytes(source)
        name = name or "envío"
    else:
        p = Path(source)
        name = name or p.name
        if p.is_dir():
            raise UserError(f"«{p}» es una carpeta, no un envío.")
        # regular files only, read with a bound (a FIFO or /dev/zero must not hang)
        raw = read_regular_file(p, MAX_BUNDLE_BYTES, str(_reject(name, "es demasiado grande")))
    return parse_bundle(raw, name)


_ZIP_ERRORS = safezip.ZIP_ERRORS


def parse_bundle(raw: bytes, name: str, sha256: str | None = None) -> Bundle:
    if len(raw) > MAX_BUNDLE_BYTES:
        raise _reject(name, "es demasiado grande")
    sha = sha256 or _sha256(raw)
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except _ZIP_ERRORS:
        raise _reject(name, "no es un archivo .sernam (zip) o está incompleto o dañado") from None
    try:
        return _parse_zip(zf, raw, name, sha)
    except UserError:
        raise
    except _ZIP_ERRORS as exc:
        # zlib errors, bad CRC, unsupported compression or encryption, odd headers…
        raise _reject(name, f"el archivo está dañado ({type(exc).__name__})") from None
    finally:
        zf.close()


def _parse_zip(zf: zipfile.ZipFile, raw: bytes, name: str, sha: str) -> Bundle:
    limits = safezip.ZipLimits(
        max_entries=MAX_ENTRIES, max_total=MAX_TOTAL_BYTES, max_ratio=MAX_RATIO,
        ratio_floor=RATIO_FLOOR, max_member=MAX_MEMBER_BYTES, allowed=MEMBERS,
        required=MEMBERS)
    try:
        seen = safezip.inspect(zf, limits)
    except safezip.UnsafeZip as exc:
        raise _reject(name, exc.reason) from None

    manifest = _loads(_read_member(zf, seen[MANIFEST], name), name, MANIFEST)
    form = _check_manifest(manifest, name)
    signature = _check_signature(manifest, name)  # issue 15
    payloads = {m: _read_member(zf, seen[m], name) for m in (DATA, PDF)}
    for m, payload in payloads.items():
        spec = manifest["members"][m]
        if spec["size"] != len(payload) or spec["sha256"] != _sha256(payload):
            raise _reject(name, f"la suma de verificación de «{m}» no coincide (archivo alterado "
                                "o dañado)")
    if not payloads[PDF].startswith(b"%PDF-"):
        raise _reject(name, "«form.pdf» no es un PDF")

    try:
        doc = parse_document(payloads[DATA], "«data.json»")
    except UserError as exc:
        raise _reject(name, str(exc).rstrip(".")) from None
    try:
        doc_form = check_document(doc, "«data.json»", parsed=True)
    except UserError as exc:
        raise _reject(name, str(exc).rstrip(".")) from None
    if doc_form is not form:
        raise _reject(name, "el manifiesto y data.json indican formularios distintos")
    if content_hash(doc["data"], checked=True) != manifest["content_hash"]:
        raise _reject(name, "la huella del contenido no coincide con data.json (datos alterados)")
    mi = manifest["instance"]
    header = doc["data"][form.header.key]
    expected = {
        "uuid": doc["instance"]["uuid"], "revision": doc["instance"]["revision"],
        "state": doc["instance"]["state"], "servicio": header.get("servicio"),
        "region": header.get("region"), "anio": header.get("anio"),
    }
    if manifest["format_version"] >= 2:
        expected["lineage"] = doc["instance"].get("lineage") or []
        expected["parent"] = doc["instance"].get("parent")
    for k, v in expected.items():
        if mi.get(k) != v:
            raise _reject(name, f"el manifiesto y data.json no coinciden en «{k}»")
    if not isinstance(manifest.get("exported_at"), str):
        raise _reject(name, "el manifiesto no trae la fecha de exportación")
    return Bundle(manifest=manifest, doc=doc, form=form, pdf=payloads[PDF], sha256=sha,
                  name=name, signature=signature,
                  data_json=json_body(payloads[DATA]))


def _check_signature(manifest: dict[str, Any], name: str) -> signing.Verified | None:
    """Issue 15: a signed manifest must verify; a signed format must be signed."""
    try:
        verified = signing.verify_object(manifest, signing.BUNDLE_DOMAIN)
    except signing.SignatureError as exc:
        raise _reject(name, str(exc)) from None
    if verified is None and manifest.get("format_version", 0) >= SIGNED_SINCE_VERSION:
        raise _reject(name, "falta la firma del manifiesto (obligatoria desde la versión "
                            f"{SIGNED_SINCE_VERSION} del formato)")
    return verified
