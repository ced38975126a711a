"""The form as data: load ``forms/*.toml`` into frozen dataclasses.

A broken definition raises :class:`FormDefinitionError` naming the file and the
key (``forms/etapa4.toml: sections[2].columns[1].kind: …``).  Nothing else in
the application hard-codes a section, column or label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from sernam_desktop.errors import FormDefinitionError
from sernam_desktop.paths import forms_dir
from sernam_desktop.tomlcache import load_toml

DEFAULT_FORM_FILE = "etapa4.toml"

FIELD_KINDS = {"text", "longtext", "region", "year", "date"}
COLUMN_KINDS = {"text", "longtext", "choice"}
SECTION_KINDS = {"fields", "table"}
# The columns of a form's instance record that name it; [form] identity maps them to fields.
IDENTITY_FIELDS = ("servicio", "region", "anio")
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Choice:
    key: str
    label: str
    color: str


@dataclass(frozen=True)
class ChoiceList:
    key: str
    label: str
    items: tuple[Choice, ...]

    @cached_property
    def _keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.items)

    @cached_property
    def by_key(self) -> dict[str, Choice]:
        by: dict[str, Choice] = {}
        for c in self.items:
            by.setdefault(c.key, c)  # the first, as the scan did
        return by

    def keys(self) -> tuple[str, ...]:
        return self._keys

    def get(self, key: str) -> Choice | None:
        return self.by_key.get(key)

    def label_of(self, key: str) -> str:
        c = self.get(key)
        return c.label if c else key


@dataclass(frozen=True)
class Field:
    """One input: a header/free-text field or a table column."""

    key: str
    kind: str
    label: str
    help: str = ""
    required: bool = True
    choices: ChoiceList | None = None
    width: float = 1.0
    identity: bool = False  # named in [form] identity; mirrored into the instance record
    carry: bool = False  # copied into next year's form by «Nuevo año a partir de…»
    # Printed wording (the PDF): None = not printed in the form, "" = no caption.
    print: str | None = None
    print_sub: tuple[str, ...] = ()  # sub-headings printed under the caption
    print_official: bool = True  # False: a caption the ministry's form lacks
    footnote_of: str = ""  # "section.column" this field is a footnote to

    @property
    def multiline(self) -> bool:
        return self.kind == "longtext"


@dataclass(frozen=True)
class Section:
    key: str
    kind: str  # "fields" | "table"
    title: str
    heading: str
    help: str = ""
    objective: int | None = None
    number: str = ""
    fields: tuple[Field, ...] = ()  # the fields, or the table's columns
    min_rows: int = 0
    status: str | None = None  # key of the column that carries the row status
    print: tuple[str, ...] = ()  # caption lines printed before the section
    print_objective: int | None = None  # printed under this objective (the header: N°1)

    @property
    def printed_objective(self) -> int | None:
        return self.objective if self.objective is not None else self.print_objective

    @property
    def is_table(self) -> bool:
        return self.kind == "table"

    @property
    def columns(self) -> tuple[Field, ...]:
        return self.fields if self.is_table else ()

    @cached_property
    def _by_key(self) -> dict[str, Field]:
        # a frozen dataclass: cached_property writes the instance's __dict__ directly
        return {f.key: f for f in self.fields}

    def field(self, key: str) -> Field:
        return self._by_key[key]

    def has_field(self, key: str) -> bool:
        return key in self._by_key

    @property
    def status_field(self) -> Field | None:
        return self.field(self.status) if self.status else None

    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)


@dataclass(frozen=True)
class Objective:
    number: int
    title: str
    print: str = ""  # «OBJETIVO N°n: “…”.» as printed


@dataclass(frozen=True)
class FormDefinition:
    id: str
    version: int
    title: str
    subtitle: str
    program: str
    institution: str
    objectives: tuple[Objective, ...]
    choices: dict[str, ChoiceList]
    sections: tuple[Section, ...]
    source: str = field(default="", compare=False)
    # [drafting]: which activities feed the executive-report draft (see drafting.py)
    drafting: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    print: tuple[str, ...] = ()  # the title block as printed

    def print_captions(self) -> list[tuple[str, bool]]:
        """Every printed caption of the form, in print order, with its «official» flag."""
        out: list[tuple[str, bool]] = [(p, True) for p in self.print]
        seen_obj: set[int] = set()
        for sec in self.sections:
            number = sec.printed_objective
            if number is not None and number not in seen_obj:
                seen_obj.add(number)
                obj = self.objective(number)
                if obj is not None and obj.print:
                    out.append((obj.print, True))
            out.extend((p, True) for p in sec.print)
            for f in sec.fields:
                if f.print:
                    out.append((f.print, f.print_official))
                out.extend((p, f.print_official) for p in f.print_sub)
        return out

    @cached_property
    def _by_key(self) -> dict[str, Section]:
        return {s.key: s for s in self.sections}

    def section(self, key: str) -> Section:
        return self._by_key[key]

    def has_section(self, key: str) -> bool:
        return key in self._by_key

    @property
    def tables(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.is_table)

    @property
    def field_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if not s.is_table)

    def objective(self, number: int) -> Objective | None:
        for o in self.objectives:
            if o.number == number:
                return o
        return None

    def identity_fields(self) -> dict[str, tuple[str, str]]:
        """identity field key -> (section key, field key)."""
        out = {}
        for s in self.field_sections:
            for f in s.fields:
                if f.identity:
                    out[f.key] = (s.key, f.key)
        return out

    @property
    def header(self) -> Section:
        """The section holding the identity fields (servicio, región, año)."""
        for s in self.field_sections:
            if any(f.identity for f in s.fields):
                return s
        raise KeyError("header")


class _Reader:
    """Type-checked access to a TOML table, with error paths for messages."""

    def __init__(self, source: str, data: dict[str, Any], path: str):
        self.source = source
        self.data = data
        self.path = path

    def fail(self, key: str, problem: str) -> FormDefinitionError:
        where = f"{self.path}.{key}" if self.path else key
        return FormDefinitionError(
            f"Definición de formulario inválida en {self.source}: «{where}»: {problem}"
        )

    def get(self, key: str, typ: type | tuple[type, ...], default: Any = ...) -> Any:
        if key not in self.data:
            if default is ...:
                raise self.fail(key, "falta este campo obligatorio")
            return default
        value = self.data[key]
        if typ is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
            names = typ.__name__ if isinstance(typ, type) else "/".join(t.__name__ for t in typ)
            raise self.fail(key, f"debe ser de tipo {names}, no {type(value).__name__}")
        return value

    def key(self, name: str = "key") -> str:
        value = self.get(name, str)
        if not _KEY_RE.match(value):
            raise self.fail(
                name,
                f"«{value}» no es una clave válida (minúsculas, dígitos y _, empieza con letra)",
            )
        return value

    def child(self, key: str, index: int | None = None) -> _Reader:
        value = self.data[key] if index is None else self.data[key][index]
        sub = key if index is None else f"{key}[{index}]"
        path = f"{self.path}.{sub}" if self.path else sub
        if not isinstance(value, dict):
            raise self.fail(sub, "debe ser una tabla")
        return _Reader(self.source, value, path)

    def children(self, key: str, required: bool = True) -> list[_Reader]:
        if key not in self.data:
            if required:
                raise self.fail(key, "falta esta lista obligatoria")
            return []
        if not isinstance(self.data[key], list):
            raise self.fail(key, "debe ser una lista de tablas ([[...]])")
        return [self.child(key, i) for i in range(len(self.data[key]))]

    def check_unknown(self, allowed: set[str]) -> None:
        for k in self.data:
            if k not in allowed:
                raise self.fail(k, "clave desconocida")


def _parse_choices(root: _Reader) -> dict[str, ChoiceList]:
    out: dict[str, ChoiceList] = {}
    if "choices" not in root.data:
        return out
    table = root.child("choices")
    for ckey in table.data:
        if not _KEY_RE.match(ckey):
            raise table.fail(ckey, "nombre de lista de opciones inválido")
        r = table.child(ckey)
        r.check_unknown({"label", "items"})
        items = []
        seen = set()
        for ir in r.children("items"):
            ir.check_unknown({"key", "label", "color"})
            k = ir.key()
            if k in seen:
                raise ir.fail("key", f"opción «{k}» repetida")
            seen.add(k)
            color = ir.get("color", str, "#607d8b")
            if not _COLOR_RE.match(color):
                raise ir.fail("color", f"«{color}» no es un color #rrggbb")
            items.append(Choice(k, ir.get("label", str), color))
        if not items:
            raise r.fail("items", "la lista de opciones está vacía")
        out[ckey] = ChoiceList(ckey, r.get("label", str, ckey), tuple(items))
    return out


def _str_list(r: _Reader, key: str) -> tuple[str, ...]:
    value = r.get(key, list, [])
    if not all(isinstance(v, str) for v in value):
        raise r.fail(key, "debe ser una lista de textos")
    return tuple(value)


def _parse_field(r: _Reader, kinds: set[str], choices: dict[str, ChoiceList]) -> Field:
    if "identity" in r.data:
        raise r.fail("identity", "los campos de identificación se declaran en [form]: "
                                 'identity = ["sección.campo", …]')
    r.check_unknown({"key", "kind", "label", "help", "required", "choices", "width",
                     "carry",
                     "print", "print_sub", "print_official", "footnote_of"})
    kind = r.get("kind", str)
    if kind not in kinds:
        raise r.fail("kind", f"tipo «{kind}» desconocido (use {', '.join(sorted(kinds))})")
    clist = None
    if kind == "choice":
        cname = r.get("choices", str)
        if cname not in choices:
            raise r.fail("choices", f"la lista de opciones «{cname}» no está definida")
        clist = choices[cname]
    elif "choices" in r.data:
        raise r.fail("choices", "solo las columnas de tipo choice llevan opciones")
    width = r.get("width", float, 1.0)
    if not 0.2 <= width <= 20:
        raise r.fail("width", "el ancho relativo debe estar entre 0.2 y 20")
    return Field(
        key=r.key(),
        kind=kind,
        label=r.get("label", str),
        help=r.get("help", str, ""),
        required=r.get("required", bool, True),
        choices=clist,
        width=width,
        carry=r.get("carry", bool, False),
        print=r.get("print", str, None),
        print_sub=_str_list(r, "print_sub"),
        print_official=r.get("print_official", bool, True),
        footnote_of=r.get("footnote_of", str, ""),
    )


def _mark_identity(fr: _Reader, sections: list[Section]) -> list[Section]:
    """Check ``[form] identity`` and flag those fields (``Field.identity``).

    The identity is what names a form everywhere (instance record, bundles,
    central merge): exactly the fields ``IDENTITY_FIELDS`` of one fields
    section, each written «sección.campo»."""
    refs = fr.get("identity", list)
    by_key = {s.key: s for s in sections}
    chosen: dict[str, tuple[str, str]] = {}
    for i, ref in enumerate(refs):
        where = f"identity[{i}]"
        if not isinstance(ref, str) or ref.count(".") != 1:
            raise fr.fail(where, f"«{ref}» debe tener la forma «sección.campo»")
        skey, fkey = ref.split(".")
        sec = by_key.get(skey)
        if sec is None:
            raise fr.fail(where, f"la sección «{skey}» no existe")
        if sec.is_table:
            raise fr.fail(where, f"«{skey}» es una tabla; la identificación va en una sección de campos")
        if not sec.has_field(fkey):
            raise fr.fail(where, f"la sección «{skey}» no tiene el campo «{fkey}»")
        if fkey not in IDENTITY_FIELDS:
            raise fr.fail(where, f"«{fkey}» no puede identificar el formulario: solo "
                                 f"{', '.join(IDENTITY_FIELDS)} (se guardan con cada formulario)")
        if fkey in chosen:
            raise fr.fail(where, f"«{fkey}» está repetido")
        chosen[fkey] = (skey, fkey)
    for needed in IDENTITY_FIELDS:
        if needed not in chosen:
            raise fr.fail("identity", f"falta el campo de identificación «{needed}»")
    if len({skey for skey, _ in chosen.values()}) != 1:
        raise fr.fail("identity", "los campos de identificación deben estar en la misma sección")
    out = []
    for sec in sections:
        if any(skey == sec.key for skey, _ in chosen.values()):
            sec = replace(sec, fields=tuple(replace(f, identity=f.key in chosen) for f in sec.fields))
        out.append(sec)
    return out


def parse_definition(data: dict[str, Any], source: str) -> FormDefinition:
    root = _Reader(source, data, "")
    root.check_unknown({"form", "objectives", "choices", "sections", "drafting"})
    fr = root.child("form") if "form" in data else None
    if fr is None:
        raise root.fail("form", "falta la tabla [form]")
    fr.check_unknown({"id", "version", "title", "subtitle", "program", "institution", "identity",
                      "print"})
    form_id = fr.get("id", str)
    if not re.match(r"^[a-z0-9][a-z0-9._-]{0,63}$", form_id):
        raise fr.fail("id", f"«{form_id}» no es un identificador válido")
    version = fr.get("version", int)
    if version < 1:
        raise fr.fail("version", "debe ser un entero ≥ 1")

    objectives = []
    for orr in root.children("objectives", required=False):
        orr.check_unknown({"number", "title", "print"})
        objectives.append(Objective(orr.get("number", int), orr.get("title", str),
                                    orr.get("print", str, "")))
    obj_numbers = {o.number for o in objectives}

    choices = _parse_choices(root)

    sections = []
    seen_sections: set[str] = set()
    for sr in root.children("sections"):
        sr.check_unknown(
            {"key", "kind", "title", "heading", "help", "objective", "number",
             "fields", "columns", "min_rows", "status", "print", "print_objective"}
        )
        skey = sr.key()
        if skey in seen_sections:
            raise sr.fail("key", f"sección «{skey}» repetida")
        seen_sections.add(skey)
        kind = sr.get("kind", str)
        if kind not in SECTION_KINDS:
            raise sr.fail("kind", f"tipo de sección «{kind}» desconocido (use fields o table)")
        list_key = "columns" if kind == "table" else "fields"
        other = "fields" if kind == "table" else "columns"
        if other in sr.data:
            raise sr.fail(other, f"una sección de tipo {kind} usa «{list_key}»")
        kinds = COLUMN_KINDS if kind == "table" else FIELD_KINDS
        flds = [_parse_field(r, kinds, choices) for r in sr.children(list_key)]
        if not flds:
            raise sr.fail(list_key, "la sección no define ningún campo")
        seen = set()
        for i, f in enumerate(flds):
            if f.key in seen or f.key == "id":
                raise sr.fail(f"{list_key}[{i}].key", f"clave «{f.key}» repetida o reservada")
            seen.add(f.key)
        objective = sr.get("objective", int, None)
        if objective is not None and objective not in obj_numbers:
            raise sr.fail("objective", f"el objetivo {objective} no está definido en [[objectives]]")
        status = sr.get("status", str, None)
        if status is not None:
            if kind != "table" or status not in seen:
                raise sr.fail("status", f"«{status}» no es una columna de esta tabla")
            if next(f for f in flds if f.key == status).kind != "choice":
                raise sr.fail("status", "la columna de estado debe ser de tipo choice")
        min_rows = sr.get("min_rows", int, 0)
        if kind != "table" and "min_rows" in sr.data:
            raise sr.fail("min_rows", "solo las tablas tienen filas")
        sections.append(
            Section(
                key=skey,
                kind=kind,
                title=sr.get("title", str),
                heading=sr.get("heading", str, ""),
                help=sr.get("help", str, ""),
                objective=objective,
                number=sr.get("number", str, ""),
                fields=tuple(flds),
                min_rows=min_rows,
                status=status,
                print=_str_list(sr, "print"),
                print_objective=sr.get("print_objective", int, None),
            )
        )
    for si, s in enumerate(sections):
        for f in s.fields:
            if f.footnote_of:
                sk, _, fk = f.footnote_of.partition(".")
                if not any(x.key == sk and x.has_field(fk) for x in sections):
                    raise root.fail(f"sections[{si}].{f.key}.footnote_of",
                                    f"«{f.footnote_of}» no es sección.campo de este formulario")
    sections = _mark_identity(fr, sections)
    return FormDefinition(
        id=form_id,
        version=version,
        title=fr.get("title", str),
        subtitle=fr.get("subtitle", str, ""),
        program=fr.get("program", str, ""),
        institution=fr.get("institution", str, ""),
        objectives=tuple(objectives),
        choices=choices,
        sections=tuple(sections),
        source=source,
        print=_str_list(fr, "print"),
        drafting=root.get("drafting", dict, {}),  # read (leniently) by drafting.py
    )


# Parsed definitions by path, with the text they were parsed from: the same
# file read again with the same text is not parsed again (the desktop app asked
# for etapa4.toml twice at start-up, 7 ms each; issue 17).
_PARSED: dict[str, tuple[str, FormDefinition]] = {}


def load_definition(path: str | Path) -> FormDefinition:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FormDefinitionError(f"No se encontró la definición de formulario {path}.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FormDefinitionError(f"No se pudo leer la definición {path}: {exc}.") from None
    hit = _PARSED.get(str(path))
    if hit is not None and hit[0] == text:
        return hit[1]
    try:
        data = load_toml(path, text)
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise FormDefinitionError(f"Definición de formulario inválida en {path}: {exc}.") from None
    form = parse_definition(data, str(path))
    _PARSED[str(path)] = (text, form)
    return form


@cache
def default_form() -> FormDefinition:
    return load_definition(forms_dir() / DEFAULT_FORM_FILE)


_REGISTRY: dict[tuple[str, int], FormDefinition] = {}


def register(form: FormDefinition) -> None:
    """Make ``form`` known to :func:`get_form` (tests use this for variants)."""
    _REGISTRY[(form.id, form.version)] = form


def known_forms() -> list[FormDefinition]:
    if not _REGISTRY:
        for p in sorted(forms_dir().glob("*.toml")):
            register(load_definition(p))
    return list(_REGISTRY.values())


def get_form(form_id: str, version: int) -> FormDefinition | None:
    known_forms()
    return _REGISTRY.get((form_id, version))
