"""The interchange document of a whole form instance, and its JSON Schema (no store).

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
docs/bundle-format.md §3.2; ``interchange.lineage_of``).  Instance and row ids are
accepted in any case and stored lower-case.

Every value in ``data`` is a string.  The schema in ``forms/<file>.schema.json``
is generated from the form definition by :func:`json_schema` (a test keeps the
committed copy current); the importer checks every document against that same
schema with :mod:`sernam_desktop.schema_check` (and with its own Python rules
first, for friendlier messages), so the application needs no schema library at
run time.

This module knows no :class:`~sernam_desktop.store.Store`: the renderers
(pdf.py, xlsx.py) and the bundle reader use it; :mod:`sernam_desktop.interchange`
moves documents in and out of a store.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sernam_desktop.errors import UserError, ValidationFailed
from sernam_desktop.files import read_regular_file, write_atomic
from sernam_desktop.forms import Field, FormDefinition, get_form
from sernam_desktop.regions import all_choices
from sernam_desktop.schema_check import schema_problems
from sernam_desktop.states import STATE_DRAFT, STATE_SENT
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


def canonical_json(data: dict[str, Any], *, checked: bool = False) -> bytes:
    """The canonical JSON of a form's ``data``: sorted keys, no spaces, UTF-8.

    Exactly the bytes of ``json.dumps(data, ensure_ascii=False, sort_keys=True,
    separators=(",", ":")).encode()``.  orjson writes those same bytes for what
    ``data`` holds — objects, lists and strings (tests/test_canonical_json.py
    compares both on arbitrary text) — five times faster.  Anything else
    (a float, whose text orjson writes differently; a lone surrogate, which it
    refuses) takes the standard library's path, and its behaviour.
    ``checked``: :func:`check_document` accepted ``data`` (only strings, in
    that shape), so it is not walked again to make sure.
    """
    import orjson  # here: importing it imports uuid and platform, not needed at start-up

    if checked or _plain(data):
        try:
            return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:
            pass  # e.g. a lone surrogate: json's own error below
    canon = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return canon.encode("utf-8")


def _plain(data: Any) -> bool:
    """Whether ``data`` is a form's {section: {key: str}} / {section: [{key: str}]}."""
    if type(data) is not dict:
        return False
    for sec in data.values():
        if type(sec) is dict:
            rows = (sec,)
        elif type(sec) is list:
            rows = sec
        else:
            return False
        for row in rows:
            if type(row) is not dict:
                return False
            for v in row.values():
                if type(v) is not str:
                    return False
    return True


def content_hash(data: dict[str, Any], *, checked: bool = False) -> str:
    """sha256 of the canonical JSON of a form's ``data`` (:func:`canonical_json`).

    The identity of a version of a form: docs/bundle-format.md §3.1.
    """
    import hashlib  # here: OpenSSL's load is not paid at start-up (issue 17)

    return hashlib.sha256(canonical_json(data, checked=checked)).hexdigest()


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def document_text(raw: bytes, what: str = "El archivo") -> str:
    """The text of a JSON document file (UTF-8, an optional BOM), bounded in size."""
    if len(raw) > MAX_JSON_BYTES:
        raise UserError(f"{what} es demasiado grande para ser un formulario.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{what} no es texto UTF-8 válido.") from None


def json_body(raw: bytes) -> bytes:
    """A JSON file's bytes without a leading UTF-8 BOM (what is stored as its text)."""
    return raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw


def parse_document(raw: bytes | str, what: str = "El archivo") -> dict[str, Any]:
    """The JSON object in ``raw``, or a Spanish UserError.

    orjson reads it when it can (twice as fast; issue 17): valid UTF-8, strict
    JSON, no lone surrogate, nesting below 1,024.  Anything it refuses is read
    by the standard library as before — same result, same message.  The one
    difference: an integer beyond 64 bits reads as a float, which every check
    of a document refuses (none of its numbers is that large).
    """
    if isinstance(raw, bytes):
        if len(raw) > MAX_JSON_BYTES:
            raise UserError(f"{what} es demasiado grande para ser un formulario.")
        raw = json_body(raw)
    import orjson

    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return _parse_slowly(raw if isinstance(raw, str) else document_text(raw, what), what)
    if not isinstance(doc, dict):
        raise UserError(f"{what} no contiene un formulario (se esperaba un objeto JSON).")
    return doc


def _parse_slowly(raw: str, what: str) -> dict[str, Any]:
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


def check_document(doc: dict[str, Any], what: str = "El formulario", *,
                   parsed: bool = False) -> FormDefinition:
    """Validate a whole interchange document; return its form definition.

    ``parsed``: ``doc`` comes straight from :func:`parse_document`, which has
    refused any lone surrogate already (the schema check need not look again).
    """
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
        problems = schema_problems(_schema_of(form), doc, strings_checked=parsed)
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


_SCHEMAS: dict[tuple[str, int, str], dict[str, Any]] = {}


def _schema_of(form: FormDefinition) -> dict[str, Any]:
    key = (form.id, form.version, str(form.source))
    if key not in _SCHEMAS:
        _SCHEMAS[key] = json_schema(form)
    return _SCHEMAS[key]


def load_json_file(path: str | Path) -> dict[str, Any]:
    """Read, parse and fully check an interchange file (nothing is opened for writing)."""
    p = Path(path)
    raw = read_regular_file(p, MAX_JSON_BYTES,
                            f"«{p.name}» es demasiado grande para ser un formulario.")
    doc = parse_document(raw, f"«{p.name}»")
    check_document(doc)
    return doc


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
