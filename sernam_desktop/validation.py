"""Two kinds of checks, both driven by the form definition.

* :func:`structure_problems` — is this *data* acceptable at all (types, keys,
  choice values, region codes)?  Used before anything is imported; a single
  problem means nothing is written.
* :func:`completeness` — what is still missing in a form (required fields and
  cells, tables without rows).  Drives ``validate``, the GUI badges and the
  lifecycle (a complete draft is shown as *Completo*).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sernam_desktop.dates import is_iso_date
from sernam_desktop.forms import Field, FormDefinition, Section
from sernam_desktop.regions import by_code

MAX_CELL_CHARS = 200_000
MAX_ROWS = 10_000
_YEAR_RE = re.compile(r"^\d{4}$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID_RE = re.compile(r"^[0-9a-fA-F-]{8,64}$")


@dataclass(frozen=True)
class Issue:
    section: str
    field: str | None
    row: int | None  # 0-based row index in a table
    row_id: str | None
    message: str

    def location(self, form: FormDefinition) -> str:
        sec = form.section(self.section)
        parts = [sec.title]
        if self.row is not None:
            parts.append(f"fila {self.row + 1}")
        if self.field:
            parts.append(f"«{sec.field(self.field).label}»")
        return ", ".join(parts)


def value_problem(f: Field, value: Any) -> str | None:
    """Why ``value`` cannot be stored in ``f`` (None when it can)."""
    if not isinstance(value, str):
        return "debe ser texto"
    if len(value) > MAX_CELL_CHARS:
        return f"supera {MAX_CELL_CHARS:,} caracteres".replace(",", ".")
    if "\x00" in value:
        return "contiene caracteres nulos"
    if not value:
        return None
    if f.kind == "choice" and f.choices and value not in f.choices.keys():
        opts = ", ".join(c.key for c in f.choices.items)
        return f"«{value}» no es una opción válida (use {opts})"
    if f.kind == "region" and by_code(value) is None:
        return f"«{value}» no es un código de región (01 a 16, o 00)"
    if f.kind == "year" and not _YEAR_RE.match(value):
        return f"«{value}» no es un año (AAAA)"
    if f.kind == "date" and not (_DATE_RE.match(value) and is_iso_date(value)):
        return f"«{value}» no es una fecha posible (AAAA-MM-DD)"
    if f.kind == "text" and "\n" in value:
        return "no admite saltos de línea"
    return None


# Kinds whose every string is storable once it is short enough, has no NUL and
# (for "text") no line break: the common case, tested inline by the rows loop below
# before asking :func:`value_problem` (issue 17: a merge checks ~140 cells per form).
_FREE_TEXT = frozenset({"longtext", "text"})


def structure_problems(form: FormDefinition, data: Any) -> list[str]:
    """Problems with ``data`` ({section: {…}} / {section: [rows]}) as Spanish text."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return ["«data» debe ser un objeto"]
    for key in data:
        if not form.has_section(key):
            problems.append(f"sección desconocida «{key}»")
    for sec in form.sections:
        if sec.key not in data:
            problems.append(f"falta la sección «{sec.key}»")
            continue
        value = data[sec.key]
        if sec.is_table:
            problems.extend(_table_problems(sec, value))
        else:
            problems.extend(_fields_problems(sec, value))
    return problems


def _fields_problems(sec: Section, value: Any) -> list[str]:
    if not isinstance(value, dict):
        return [f"«{sec.key}» debe ser un objeto con sus campos"]
    out = []
    fields = sec._by_key
    for k, v in value.items():
        f = fields.get(k)
        if f is None:
            out.append(f"«{sec.key}.{k}»: campo desconocido")
            continue
        p = value_problem(f, v)
        if p:
            out.append(f"«{sec.key}.{k}»: {p}")
    for f in sec.fields:
        if f.identity and not value.get(f.key):
            out.append(f"«{sec.key}.{f.key}»: es obligatorio")
    return out


def _table_problems(sec: Section, value: Any) -> list[str]:
    if not isinstance(value, list):
        return [f"«{sec.key}» debe ser una lista de filas"]
    if len(value) > MAX_ROWS:
        return [f"«{sec.key}» tiene más de {MAX_ROWS} filas"]
    out = []
    seen: set[str] = set()
    fields = sec._by_key
    id_ok = _ID_RE.match
    for i, row in enumerate(value):
        if not isinstance(row, dict):
            out.append(f"«{sec.key}», fila {i + 1}: debe ser un objeto")
            continue
        for k, v in row.items():
            if k == "id":
                if not isinstance(v, str) or not id_ok(v):
                    out.append(f"«{sec.key}», fila {i + 1}: identificador de fila inválido")
                elif v.lower() in seen:
                    out.append(f"«{sec.key}», fila {i + 1}: identificador de fila repetido")
                else:
                    seen.add(v.lower())
                continue
            f = fields.get(k)
            if f is None:
                out.append(f"«{sec.key}», fila {i + 1}: columna desconocida «{k}»")
                continue
            if type(v) is str:  # the common cases of value_problem, inline (every cell)
                if f.kind in _FREE_TEXT:
                    if (len(v) <= MAX_CELL_CHARS and "\x00" not in v
                            and (f.kind != "text" or "\n" not in v)):
                        continue
                elif f.kind == "choice" and f.choices is not None and v in f.choices.by_key:
                    continue  # one of the list's keys: short, no NUL
            p = value_problem(f, v)
            if p:
                out.append(f"«{sec.key}», fila {i + 1}, «{k}»: {p}")
    return out


def completeness(form: FormDefinition, data: dict[str, Any]) -> list[Issue]:
    """What is missing, in form order.  Empty list = complete."""
    issues: list[Issue] = []
    for sec in form.sections:
        issues.extend(section_issues(sec, data.get(sec.key)))
    return issues


def section_issues(sec: Section, value: Any) -> list[Issue]:
    """What is missing in one section (``value``: its fields dict or its rows).

    :func:`completeness` is these, section after section; the GUI recomputes
    only the sections a change touched.
    """
    issues: list[Issue] = []
    if sec.is_table:
        rows = value or []
        if len(rows) < sec.min_rows:
            issues.append(Issue(sec.key, None, None, None,
                                f"{sec.title}: la tabla no tiene filas"))
        required = [col for col in sec.columns if col.required]
        for i, row in enumerate(rows):
            for col in required:
                if not str(row.get(col.key, "")).strip():
                    issues.append(Issue(
                        sec.key, col.key, i, row.get("id"),
                        f"{sec.title}, fila {i + 1}: falta «{col.label}»"))
    else:
        vals = value or {}
        for f in sec.fields:
            v = str(vals.get(f.key, "")).strip()
            if f.required and not v:
                issues.append(Issue(sec.key, f.key, None, None,
                                    f"{sec.title}: falta «{f.label}»"))
            elif f.kind == "date" and v and not is_iso_date(v):
                # an impossible date (e.g. from an old file) never counts as complete
                issues.append(Issue(sec.key, f.key, None, None,
                                    f"{sec.title}: «{f.label}» no es una fecha posible"))
    return issues


def status_counts(form: FormDefinition, data: dict[str, Any]) -> dict[str, dict[str, int]]:
    """{section: {choice key or "": count}} for tables with a status column."""
    out: dict[str, dict[str, int]] = {}
    for sec in form.tables:
        sf = sec.status_field
        if sf is None or sf.choices is None:
            continue
        counts = {c.key: 0 for c in sf.choices.items}
        counts[""] = 0
        for row in data.get(sec.key) or []:
            v = row.get(sf.key, "")
            counts[v if v in counts else ""] += 1
        out[sec.key] = counts
    return out
