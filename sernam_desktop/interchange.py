"""JSON interchange of a whole form instance, and its JSON Schema.

The document (``format`` = ``sernam-desktop.instance``, ``format_version`` 1)::

    {
      "format": "sernam-desktop.instance", "format_version": 1,
      "form": {"id": "pmg-gt-etapa4", "version": 1},
      "instance": {"uuid": …, "revision": 1, "state": "borrador",
                   "created_at": …, "updated_at": …, "sent_at": null},
      "data": {"encabezado": {"servicio": …, …},
               "actividad_1_1": [{"id": …, "objetivo": …, "estado": "cumple"}, …],
               …}
    }

Every value in ``data`` is a string.  The schema in ``forms/<file>.schema.json``
is generated from the form definition by :func:`json_schema` (a test keeps the
committed copy current); the importer checks the same rules in Python, so the
application needs no schema library at run time.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from sernam_desktop.commands import CreateInstance, replace_content
from sernam_desktop.errors import UserError, ValidationFailed
from sernam_desktop.forms import Field, FormDefinition, get_form
from sernam_desktop.regions import all_choices
from sernam_desktop.store import STATE_DRAFT, STATE_SENT, Changed, Store
from sernam_desktop.validation import MAX_CELL_CHARS, MAX_ROWS, structure_problems

FORMAT = "sernam-desktop.instance"
FORMAT_VERSION = 1
MAX_JSON_BYTES = 64 * 1024 * 1024


def export_instance(store: Store, instance_id: str) -> dict[str, Any]:
    inst = store.instance(instance_id)
    form = store.form_of(instance_id)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "form": {"id": form.id, "version": form.version},
        "instance": {
            "uuid": inst["uuid"],
            "revision": inst["revision"],
            "state": inst["state"],
            "created_at": inst["created_at"],
            "updated_at": inst["updated_at"],
            "sent_at": inst["sent_at"],
        },
        "data": store.content(instance_id),
    }


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def content_hash(data: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of ``data`` (sorted keys, no spaces, UTF-8)."""
    canon = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def write_atomic(path: str | Path, payload: bytes | str) -> None:
    """Write a file so that it is either entirely there or not changed at all."""
    path = Path(path)
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise UserError(f"No se pudo escribir «{path}»: {exc.strerror or exc}.") from None
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
        raise UserError(f"No se pudo escribir «{path}»: {exc.strerror or exc}.") from None


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
    if not isinstance(doc, dict):
        raise UserError(f"{what} no contiene un formulario (se esperaba un objeto JSON).")
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
    if doc.get("format_version") != FORMAT_VERSION:
        raise UserError(
            f"{what} usa la versión de formato {doc.get('format_version')!r}; "
            f"esta aplicación lee la versión {FORMAT_VERSION}."
        )
    f = doc.get("form")
    if not isinstance(f, dict) or not isinstance(f.get("id"), str) or not isinstance(
            f.get("version"), int):
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
        if not isinstance(u, str) or len(u) != 36 or u.count("-") != 4:
            problems.append("«instance.uuid» no es un UUID")
        rev = inst.get("revision")
        if not isinstance(rev, int) or isinstance(rev, bool) or rev < 1:
            problems.append("«instance.revision» debe ser un entero ≥ 1")
        if inst.get("state") not in (STATE_DRAFT, STATE_SENT, "completo"):
            problems.append("«instance.state» no es un estado válido")
    extra = set(doc) - {"$schema", "format", "format_version", "form", "instance", "data"}
    if extra:
        problems.append("claves desconocidas: " + ", ".join(sorted(extra)))
    problems.extend(structure_problems(form, doc.get("data")))
    if problems:
        raise ValidationFailed(problems, what)
    return form


def import_document(store: Store, doc: dict[str, Any]) -> tuple[str, Changed, bool]:
    """Import a checked-or-not document; nothing is written unless it is valid.

    A new uuid creates the instance; a known uuid replaces its content (one
    undoable command).  Returns (instance id, changed, created).
    """
    form = check_document(doc)
    inst = doc["instance"]
    data = doc["data"]
    header = data[form.header.key]
    uid = inst["uuid"].lower()
    if store.has_instance(uid):
        cur = store.instance(uid)
        if (cur["form_id"], cur["form_version"]) != (form.id, form.version):
            raise UserError("El archivo es de otra versión del formulario que el de la base de datos.")
        cmd = replace_content(store, uid, data, label="Importar formulario")
        return uid, store.execute(cmd), False
    state = inst["state"] if inst["state"] != "completo" else STATE_DRAFT
    cmd = CreateInstance(form, header["servicio"], header["region"], header["anio"], uid, data,
                         revision=inst["revision"], state=state)
    return uid, store.execute(cmd), True


def import_json_file(store: Store, path: str | Path) -> tuple[str, Changed, bool]:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_JSON_BYTES:
            raise UserError(f"«{p.name}» es demasiado grande para ser un formulario.")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise UserError(f"No existe el archivo «{p}».") from None
    except IsADirectoryError:
        raise UserError(f"«{p}» es una carpeta, no un archivo.") from None
    except OSError as exc:
        raise UserError(f"No se pudo leer «{p}»: {exc.strerror or exc}.") from None
    doc = parse_document(raw, f"«{p.name}»")
    return import_document(store, doc)


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
                    "uuid": {"type": "string", "pattern": "^[0-9a-fA-F-]{36}$"},
                    "revision": {"type": "integer", "minimum": 1},
                    "state": {"enum": [STATE_DRAFT, "completo", STATE_SENT]},
                    "created_at": {"type": ["string", "null"]},
                    "updated_at": {"type": ["string", "null"]},
                    "sent_at": {"type": ["string", "null"]},
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
