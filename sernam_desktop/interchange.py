"""JSON interchange of a whole form instance, and its JSON Schema.

The document (``format`` = ``sernam-desktop.instance``, ``format_version`` 1)::

    {
      "format": "sernam-desktop.instance", "format_version": 1,
      "form": {"id": "pmg-gt-etapa4", "version": 1},
      "instance": {"uuid": …, "revision": 1, "state": "borrador",
                   "created_at": …, "updated_at": …, "sent_at": null,
                   "origin": {"uuid": …, "anio": "2007", "revision": 3}},  # optional
      "data": {"encabezado": {"servicio": …, …},
               "actividad_1_1": [{"id": …, "objetivo": …, "estado": "cumple"}, …],
               …}
    }

``instance`` may also carry ``parent`` and ``lineage``: the content hashes of
the versions this content descends from, oldest first (see
docs/bundle-format.md §3.2; :func:`lineage_of`).  Instance and row ids are
accepted in any case and stored lower-case.

Every value in ``data`` is a string.  The schema in ``forms/<file>.schema.json``
is generated from the form definition by :func:`json_schema` (a test keeps the
committed copy current); the importer checks every document against that same
schema with :mod:`sernam_desktop.schema_check` (and with its own Python rules
first, for friendlier messages), so the application needs no schema library at
run time.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

from sernam_desktop.commands import CreateInstance, RecordLineage, replace_content
from sernam_desktop.errors import UserError, ValidationFailed
from sernam_desktop.fileid import fsync_dir, os_reason
from sernam_desktop.forms import Field, FormDefinition, get_form
from sernam_desktop.regions import all_choices
from sernam_desktop.schema_check import schema_problems
from sernam_desktop.store import (  # noqa: F401 - content_hash is part of this API
    ORIGIN_IMPORT,
    STATE_DRAFT,
    STATE_SENT,
    Changed,
    Store,
    content_hash,
    normalise_id,
)
from sernam_desktop.validation import MAX_CELL_CHARS, MAX_ROWS, structure_problems

FORMAT = "sernam-desktop.instance"
FORMAT_VERSION = 1
MAX_JSON_BYTES = 64 * 1024 * 1024
UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_UUID_RE = re.compile(UUID_PATTERN[:-1] + r"\Z", re.ASCII)
# A JSON escape that may decode to a lone surrogate («\ud800»): only then is the
# whole document walked to look for one.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


MAX_LINEAGE = 10_000
_HASH_RE = re.compile(r"^[0-9a-f]{64}$")


def lineage_of(store: Store, instance_id: str, data: dict[str, Any] | None = None,
               revision: int | None = None) -> list[dict[str, Any]]:
    """The ancestors of the form's current content, oldest first (its lineage).

    Every version recorded in the store except the current one itself (same
    revision and content hash); the last entry is the parent.
    """
    if data is None:
        data = store.content(instance_id)
    if revision is None:
        revision = store.instance(instance_id)["revision"]
    own = (revision, content_hash(data))
    return [e for e in store.lineage(instance_id)
            if (e["revision"], e["content_hash"]) != own]


def export_instance(store: Store, instance_id: str) -> dict[str, Any]:
    # One snapshot: another process (the window editing this file) may commit
    # between the queries; the document must be one committed state.
    with store.read_snapshot():
        return _export_instance(store, instance_id)


def _export_instance(store: Store, instance_id: str) -> dict[str, Any]:
    inst = store.instance(instance_id)
    form = store.form_of(instance_id)
    data = store.content(instance_id)
    lineage = lineage_of(store, instance_id, data, inst["revision"])
    instance = {
        "uuid": inst["uuid"],
        "revision": inst["revision"],
        "state": inst["state"],
        "created_at": inst["created_at"],
        "updated_at": inst["updated_at"],
        "sent_at": inst["sent_at"],
        "parent": lineage[-1]["content_hash"] if lineage else None,
        "lineage": lineage,
    }
    origin = store.origin(instance_id)
    if origin:  # optional: the form this one was started from (carry.py)
        instance["origin"] = origin
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "form": {"id": form.id, "version": form.version},
        "instance": instance,
        "data": data,
    }


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def refuse_overwriting_database_file(path: Path) -> None:
    """Exports, bundles and settings never replace an SQLite database or WAL
    file, whatever it is called (the last line of defence behind the CLI's
    and dialogs' own checks)."""
    if not os.path.isfile(path):  # never open a FIFO or a device just to look
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return  # does not exist (or cannot be read: the write will say why)
    if head == b"SQLite format 3\x00" or head[:4] in (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83"):
        raise UserError(
            f"«{path}» es un archivo de base de datos: no se reemplaza por una exportación. "
            "Elija otro nombre para el archivo de salida."
        )


def write_atomic(path: str | Path, payload: bytes | str) -> None:
    """Write a file so that it is either entirely there or not changed at all."""
    path = Path(path)
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    refuse_overwriting_database_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UserError(f"No se pudo escribir «{path}»: {os_reason(exc)}.") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise UserError(f"No se pudo escribir «{path}»: {os_reason(exc)}.") from None
    # The rename is only durable once the folder's entry is on disk: without
    # this a file reported as written can vanish after a power cut.
    fsync_dir(path.parent)


def read_regular_file(path: str | Path, limit: int, too_big: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or a Spanish UserError.

    Input named on the command line (or chosen in a dialog) may be a FIFO, a
    device such as /dev/zero, a folder or a link to one: reading those with
    ``read_bytes()`` hangs for ever or grows memory until it runs out.  Only
    regular files are read (checked before opening and again on the open
    descriptor, opened without blocking), and never more than ``limit + 1``
    bytes.
    """
    p = Path(path)
    big = too_big or f"«{p.name}» es demasiado grande."
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise UserError(f"No existe el archivo «{p}».") from None
    except OSError as exc:
        raise UserError(f"No se pudo leer «{p}»: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(st.st_mode):
        raise UserError(f"«{p}» es una carpeta, no un archivo.")

    def not_regular() -> UserError:
        return UserError(
            f"«{p}» no es un archivo común (es un dispositivo, una tubería u otro archivo "
            "especial): no se puede leer."
        )

    if not stat.S_ISREG(st.st_mode):
        raise not_regular()
    if st.st_size > limit:
        raise UserError(big)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(p, flags)
    except OSError as exc:
        raise UserError(f"No se pudo leer «{p}»: {exc.strerror or exc}.") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a FIFO after the check
            raise not_regular()
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise UserError(f"No se pudo leer «{p}»: {exc.strerror or exc}.") from None
    finally:
        os.close(fd)
    if got > limit:
        raise UserError(big)
    return b"".join(chunks)


def export_json_file(store: Store, instance_id: str, path: str | Path) -> None:
    write_atomic(path, dumps(export_instance(store, instance_id)))


def parse_document(raw: bytes | str, what: str = "El archivo") -> dict[str, Any]:
    if isinstance(raw, bytes):
        if len(raw) > MAX_JSON_BYTES:
            raise UserError(f"{what} es demasiado grande para ser un formulario.")
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserError(f"{what} no es texto UTF-8 válido.") from None
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UserError(
            f"{what} no es JSON válido (línea {exc.lineno}, columna {exc.colno})."
        ) from None
    except RecursionError:
        raise UserError(f"{what} está anidado demasiado profundamente.") from None
    except ValueError:  # e.g. an integer of more than 4,300 digits
        raise UserError(f"{what} contiene un número demasiado largo.") from None
    if not isinstance(doc, dict):
        raise UserError(f"{what} no contiene un formulario (se esperaba un objeto JSON).")
    if _SURROGATE_ESCAPE.search(raw):
        try:
            json.dumps(doc, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise UserError(
                f"{what} contiene un carácter inválido (un «sustituto» UTF-16 suelto, "
                "como \\ud800): no es texto que se pueda guardar."
            ) from None
    return doc


def form_of_document(doc: dict[str, Any]) -> FormDefinition:
    """The form definition a document says it follows (no other checks)."""
    f = doc.get("form") if isinstance(doc, dict) else None
    if not isinstance(f, dict):
        raise UserError("El documento no indica la definición de formulario.")
    form = get_form(f.get("id"), f.get("version"))
    if form is None:
        raise UserError(f"El formulario «{f.get('id')}» versión {f.get('version')} no es "
                        "conocido por esta aplicación.")
    return form


def check_document(doc: dict[str, Any], what: str = "El formulario") -> FormDefinition:
    """Validate a whole interchange document; return its form definition."""
    problems: list[str] = []
    if doc.get("format") != FORMAT:
        raise UserError(f"{what} no es un formulario de sernam-desktop (falta «format»).")
    if doc.get("format_version") != FORMAT_VERSION or isinstance(doc.get("format_version"), bool):
        raise UserError(
            f"{what} usa la versión de formato {doc.get('format_version')!r}; "
            f"esta aplicación lee la versión {FORMAT_VERSION}."
        )
    f = doc.get("form")
    if not isinstance(f, dict) or not isinstance(f.get("id"), str) or not isinstance(
            f.get("version"), int) or isinstance(f.get("version"), bool):
        raise UserError(f"{what} no indica la definición de formulario («form»).")
    form = get_form(f["id"], f["version"])
    if form is None:
        raise UserError(
            f"{what} es del formulario «{f['id']}» versión {f['version']}, "
            "que esta aplicación no conoce."
        )
    inst = doc.get("instance")
    if not isinstance(inst, dict):
        problems.append("falta «instance»")
    else:
        u = inst.get("uuid")
        if not isinstance(u, str) or not _UUID_RE.match(u):
            problems.append("«instance.uuid» no es un UUID")
        rev = inst.get("revision")
        if not isinstance(rev, int) or isinstance(rev, bool) or rev < 1:
            problems.append("«instance.revision» debe ser un entero ≥ 1")
        if inst.get("state") not in (STATE_DRAFT, STATE_SENT, "completo"):
            problems.append("«instance.state» no es un estado válido")
        if "origin" in inst and origin_problem(inst["origin"]):
            problems.append(f"«instance.origin» {origin_problem(inst['origin'])}")
        problems.extend(lineage_problems(inst))
    extra = set(doc) - {"$schema", "format", "format_version", "form", "instance", "data"}
    if extra:
        problems.append("claves desconocidas: " + ", ".join(sorted(extra)))
    problems.extend(structure_problems(form, doc.get("data")))
    if not problems:
        # The whole document against the published schema: whatever the rules
        # above do not spell out (types, patterns, lone surrogates…) is refused.
        problems = schema_problems(_schema_of(form), doc)
    if problems:
        raise ValidationFailed(problems, what)
    return form


def origin_problem(origin: Any) -> str:
    """Why ``instance.origin`` is malformed ("" when it is fine)."""
    if not isinstance(origin, dict) or set(origin) - {"uuid", "anio", "revision"}:
        return "debe ser un objeto con uuid, anio y revision"
    u = origin.get("uuid")
    if not isinstance(u, str) or len(u) != 36 or u.count("-") != 4:
        return "no trae el UUID del formulario de origen"
    a = origin.get("anio")
    if a is not None and not (isinstance(a, str) and a.isdigit() and len(a) == 4):
        return "trae un año inválido"
    r = origin.get("revision")
    if r is not None and (not isinstance(r, int) or isinstance(r, bool) or r < 1):
        return "trae una revisión inválida"
    return ""


def lineage_problems(inst: dict[str, Any]) -> list[str]:
    """Problems of the optional ``instance.lineage`` / ``instance.parent`` keys."""
    lin = inst.get("lineage")
    if lin is None:
        return [] if inst.get("parent") is None else ["«instance.parent» sin «instance.lineage»"]
    if not isinstance(lin, list) or len(lin) > MAX_LINEAGE:
        return ["«instance.lineage» debe ser una lista de versiones"]
    for i, e in enumerate(lin):
        if not (isinstance(e, dict) and set(e) == {"revision", "content_hash"}
                and isinstance(e["revision"], int) and not isinstance(e["revision"], bool)
                and e["revision"] >= 1 and isinstance(e["content_hash"], str)
                and _HASH_RE.match(e["content_hash"])):
            return [f"«instance.lineage», elemento {i + 1}: se esperaba "
                    "{\"revision\": n, \"content_hash\": huella}"]
    parent = inst.get("parent")
    if parent != (lin[-1]["content_hash"] if lin else None):
        return ["«instance.parent» no es la última versión de «instance.lineage»"]
    return []


def normalise_ids(doc: dict[str, Any], form: FormDefinition) -> dict[str, Any]:
    """The document with its instance and row ids lower-cased (ids of any case accepted)."""
    doc = {**doc, "instance": {**doc["instance"], "uuid": normalise_id(doc["instance"]["uuid"])}}
    data = dict(doc["data"])
    for sec in form.tables:
        rows = data.get(sec.key)
        if isinstance(rows, list):
            data[sec.key] = [{**r, "id": normalise_id(r["id"])}
                             if isinstance(r, dict) and isinstance(r.get("id"), str) else r
                             for r in rows]
    doc["data"] = data
    return doc


_SCHEMAS: dict[tuple[str, int, str], dict[str, Any]] = {}


def _schema_of(form: FormDefinition) -> dict[str, Any]:
    key = (form.id, form.version, str(form.source))
    if key not in _SCHEMAS:
        _SCHEMAS[key] = json_schema(form)
    return _SCHEMAS[key]


def import_document(store: Store, doc: dict[str, Any]) -> tuple[str, Changed, bool]:
    """Import a checked-or-not document; nothing is written unless it is valid.

    A new uuid creates the instance; a known uuid replaces its content (one
    undoable command).  Returns (instance id, changed, created).
    """
    try:
        form = form_of_document(doc)
    except UserError:
        form = None  # check_document says what is wrong
    if (form is not None and isinstance(doc.get("instance"), dict)
            and isinstance(doc.get("data"), dict) and isinstance(doc["instance"].get("uuid"), str)):
        doc = normalise_ids(doc, form)
    form = check_document(doc)
    inst = doc["instance"]
    data = doc["data"]
    header = data[form.header.key]
    uid = inst["uuid"]
    # The imported version and its ancestors become this file's lineage: what is
    # edited from here on descends from them.
    versions = [(e["revision"], e["content_hash"]) for e in inst.get("lineage") or []]
    if store.has_instance(uid):
        cur = store.instance(uid)
        if (cur["form_id"], cur["form_version"]) != (form.id, form.version):
            raise UserError("El archivo es de otra versión del formulario que el de la base de datos.")
        cmd = replace_content(store, uid, data, label="Importar formulario")
        changed = store.execute(cmd, origin=ORIGIN_IMPORT)
        _record_imported(store, uid, versions)
        return uid, changed, False
    state = inst["state"] if inst["state"] != "completo" else STATE_DRAFT
    cmd = CreateInstance(form, header["servicio"], header["region"], header["anio"], uid, data,
                         revision=inst["revision"], state=state, origin=inst.get("origin"))
    changed = store.execute(cmd, origin=ORIGIN_IMPORT)
    _record_imported(store, uid, versions)
    return uid, changed, True


def _record_imported(store: Store, uid: str, versions: list[tuple[int, str]]) -> None:
    """The imported version (as stored, i.e. as it would be exported) joins the lineage."""
    inst = store.instance(uid)
    versions.append((inst["revision"], content_hash(store.content(uid))))
    store.execute(RecordLineage(uid, versions), origin=ORIGIN_IMPORT)


def load_json_file(path: str | Path) -> dict[str, Any]:
    """Read, parse and fully check an interchange file (nothing is opened for writing)."""
    p = Path(path)
    raw = read_regular_file(p, MAX_JSON_BYTES,
                            f"«{p.name}» es demasiado grande para ser un formulario.")
    doc = parse_document(raw, f"«{p.name}»")
    check_document(doc)
    return doc


def import_json_file(store: Store, path: str | Path) -> tuple[str, Changed, bool]:
    return import_document(store, load_json_file(path))


# ------------------------------------------------------------- JSON Schema --
def _value_schema(f: Field) -> dict[str, Any]:
    s: dict[str, Any] = {"type": "string", "title": f.label, "maxLength": MAX_CELL_CHARS}
    if f.help:
        s["description"] = f.help
    if f.kind == "choice" and f.choices:
        s["enum"] = ["", *f.choices.keys()]
    elif f.kind == "region":
        s["enum"] = ["", *(r.code for r in all_choices())]
    elif f.kind == "year":
        s["pattern"] = "^(\\d{4})?$"
    elif f.kind == "date":
        s["pattern"] = "^(\\d{4}-\\d{2}-\\d{2})?$"
    elif f.kind == "text":
        s["pattern"] = "^[^\\n]*$"
    return s


def json_schema(form: FormDefinition) -> dict[str, Any]:
    data_props: dict[str, Any] = {}
    for sec in form.sections:
        props = {f.key: _value_schema(f) for f in sec.fields}
        if sec.is_table:
            props = {"id": {"type": "string", "pattern": "^[0-9a-fA-F-]{8,64}$"}, **props}
            data_props[sec.key] = {
                "type": "array",
                "title": sec.title,
                "description": sec.heading,
                "maxItems": MAX_ROWS,
                "items": {"type": "object", "properties": props, "additionalProperties": False},
            }
        else:
            obj: dict[str, Any] = {
                "type": "object",
                "title": sec.title,
                "properties": props,
                "additionalProperties": False,
            }
            ident = [f.key for f in sec.fields if f.identity]
            if ident:
                obj["required"] = ident
                for k in ident:
                    props[k] = {**props[k], "minLength": 1}
            data_props[sec.key] = obj
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:sernam-desktop:{form.id}:v{form.version}",
        "title": f"{form.title} — {form.subtitle}",
        "type": "object",
        "required": ["format", "format_version", "form", "instance", "data"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "format": {"const": FORMAT},
            "format_version": {"const": FORMAT_VERSION},
            "form": {
                "type": "object",
                "required": ["id", "version"],
                "properties": {"id": {"const": form.id}, "version": {"const": form.version}},
            },
            "instance": {
                "type": "object",
                "required": ["uuid", "revision", "state"],
                "properties": {
                    "uuid": {"type": "string", "pattern": UUID_PATTERN},
                    "revision": {"type": "integer", "minimum": 1},
                    "state": {"enum": [STATE_DRAFT, "completo", STATE_SENT]},
                    "created_at": {"type": ["string", "null"]},
                    "updated_at": {"type": ["string", "null"]},
                    "sent_at": {"type": ["string", "null"]},
                    "origin": {
                        "type": "object",
                        "description": "Formulario del que se partió («Nuevo año a partir de…»).",
                        "required": ["uuid"],
                        "additionalProperties": False,
                        "properties": {
                            "uuid": {"type": "string", "pattern": "^[0-9a-fA-F-]{36}$"},
                            "anio": {"type": "string", "pattern": "^\\d{4}$"},
                            "revision": {"type": "integer", "minimum": 1},
                        },
                    },
                    "parent": {"type": ["string", "null"], "pattern": "^[0-9a-f]{64}$"},
                    "lineage": {
                        "type": "array",
                        "maxItems": MAX_LINEAGE,
                        "items": {
                            "type": "object",
                            "required": ["revision", "content_hash"],
                            "additionalProperties": False,
                            "properties": {
                                "revision": {"type": "integer", "minimum": 1},
                                "content_hash": {"type": "string",
                                                 "pattern": "^[0-9a-f]{64}$"},
                            },
                        },
                    },
                },
            },
            "data": {
                "type": "object",
                "required": [s.key for s in form.sections],
                "additionalProperties": False,
                "properties": data_props,
            },
        },
    }


def schema_path(form: FormDefinition) -> Path:
    return Path(form.source).with_suffix(".schema.json")


def write_schema(form: FormDefinition) -> Path:
    p = schema_path(form)
    write_atomic(p, json.dumps(json_schema(form), ensure_ascii=False, indent=2) + "\n")
    return p


# ------------------------------------------------- store → renderers glue --
# The renderers (pdf.py, xlsx.py) take a document, never a Store; these are the
# store-side entry points the CLI and the GUI call.
def export_pdf(store: Store, instance_id: str, path: str | Path, *, paper: str = "letter",
               invariant: bool = False, anexo: bool = False) -> None:
    """Write the PDF of one form instance of ``store`` (``anexo``: status annex)."""
    from sernam_desktop.pdf import write_form_pdf

    write_form_pdf(export_instance(store, instance_id), path, paper=paper,
                   invariant=invariant, anexo=anexo)


def export_xlsx(store: Store, instance_id: str, path: str | Path) -> None:
    from sernam_desktop.xlsx import write_form_xlsx

    write_form_xlsx(export_instance(store, instance_id), path)


class StaleImport(UserError):
    """The file was exported before the form's last change: importing it would
    replace newer data.  ``changes`` lists what would change, in user terms."""

    def __init__(self, message: str, changes: list[str]) -> None:
        super().__init__(message)
        self.changes = changes


def import_differences(store: Store, doc: dict[str, Any]) -> list[str]:
    """What importing ``doc`` would change in the stored form, one line per value."""
    uid = str((doc.get("instance") or {}).get("uuid") or "").lower()
    if not store.has_instance(uid):
        return []
    form = store.form_of(uid)
    current = store.content(uid)
    new = doc.get("data") or {}
    out: list[str] = []
    for sec in form.sections:
        if sec.key not in new:
            continue
        if sec.is_table:
            old_rows = {r.get("id"): (i, r) for i, r in enumerate(current.get(sec.key) or [])}
            new_ids = set()
            for i, row in enumerate(new[sec.key], start=1):
                rid = row.get("id")
                new_ids.add(rid)
                if rid not in old_rows:
                    out.append(f"{sec.title}: fila {i} nueva")
                    continue
                old = old_rows[rid][1]
                for c in sec.columns:
                    if str(old.get(c.key, "")) != str(row.get(c.key, "")):
                        out.append(f"{sec.title}, fila {i}, «{c.label}»: cambia")
            for rid, (i, _) in old_rows.items():
                if rid not in new_ids:
                    out.append(f"{sec.title}: se elimina la fila {i + 1}")
        else:
            old_vals = current.get(sec.key) or {}
            for f in sec.fields:
                if f.key in new[sec.key] and str(old_vals.get(f.key, "")) != str(
                        new[sec.key].get(f.key, "")):
                    out.append(f"{sec.title}, «{f.label}»: cambia")
    return out


def is_older_than_store(store: Store, doc: dict[str, Any]) -> bool:
    """Was the stored form changed after ``doc`` was exported?"""
    inst = doc.get("instance") or {}
    uid = str(inst.get("uuid") or "").lower()
    if not store.has_instance(uid):
        return False
    cur = store.instance(uid)
    exported = str(inst.get("updated_at") or "")
    return not exported or str(cur["updated_at"] or "") > exported


def check_not_stale(store: Store, doc: dict[str, Any], what: str = "El archivo") -> None:
    """Raise :class:`StaleImport` when importing ``doc`` would replace newer data."""
    if not is_older_than_store(store, doc):
        return
    changes = import_differences(store, doc)
    if changes:
        raise StaleImport(f"{what} se exportó antes del último cambio del formulario: "
                          f"importarlo reemplazaría {len(changes)} valor(es) más recientes.",
                          changes)


def import_xlsx(store: Store, path: str | Path, *, replace_newer: bool = False,
                converted: list[str] | None = None) -> tuple[str, Changed, bool]:
    """Import an edited workbook: validated whole first, then one undoable command.

    With ``replace_newer=False`` a workbook older than the data (the form
    changed after the export) is refused with :class:`StaleImport`.
    """
    from sernam_desktop.xlsx import read_form_xlsx

    p = Path(path)
    doc = read_form_xlsx(p, converted)
    if not replace_newer:
        check_not_stale(store, doc, f"«{p.name}»")
    return import_document(store, doc)
