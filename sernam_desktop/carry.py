"""«Nuevo año a partir de…»: next year's form from this year's.

What describes the plan (the columns and fields marked ``carry = true`` in the
form definition) is copied; what describes the year's result is left empty.
The new form remembers its origin (``Store.origin``: uuid, year and revision of
the form it came from), which the JSON document and bundles carry as
``instance.origin``.  :func:`previous_row` finds, for a row of the new form,
the row of the origin form it came from, so the editor can show last year's
result beside this year's.  Qt-free.
"""

from __future__ import annotations

import re
from typing import Any

from sernam_desktop.commands import CreateInstance
from sernam_desktop.errors import UserError
from sernam_desktop.forms import FormDefinition, Section
from sernam_desktop.store import Store


def carried_data(form: FormDefinition, content: dict[str, Any]) -> dict[str, Any]:
    """The part of ``content`` marked ``carry``; every other value empty, no row ids."""
    out: dict[str, Any] = {}
    for sec in form.sections:
        if sec.is_table:
            rows = []
            for row in content.get(sec.key) or []:
                new = {c.key: (row.get(c.key, "") if c.carry else "") for c in sec.columns}
                if any(new[c.key].strip() for c in sec.columns if c.carry):
                    rows.append(new)
            out[sec.key] = rows
        elif sec.key != form.header.key:
            values = content.get(sec.key) or {}
            out[sec.key] = {f.key: (values.get(f.key, "") if f.carry else "") for f in sec.fields}
    return out


def new_year_command(store: Store, source_id: str, year: int | str) -> CreateInstance:
    """The command creating next year's form from ``source_id`` (checked, not run)."""
    src = store.instance(source_id)
    form = store.form_of(source_id)
    year = str(year).strip()
    if not (year.isdigit() and len(year) == 4):
        raise UserError(f"«{year}» no es un año válido (AAAA).")
    if int(year) == int(src["anio"]):
        raise UserError(f"El formulario de origen ya es del año {year}: elija otro año.")
    for other in store.instances():
        if (other["servicio"], other["region"], str(other["anio"])) == (
                src["servicio"], src["region"], year):
            raise UserError(
                f"Ya existe un formulario {year} de «{src['servicio']}» para esta región "
                f"({other['uuid'][:8]}); ábralo en lugar de crear otro.")
    data = carried_data(form, store.content(source_id))
    origin = {"uuid": src["uuid"], "anio": str(src["anio"]), "revision": src["revision"]}
    return CreateInstance(form, src["servicio"], src["region"], year, data=data, origin=origin)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def previous_row(store: Store, instance_id: str, section: Section,
                 row: dict[str, str]) -> dict[str, str] | None:
    """The origin form's row that ``row`` (of ``instance_id``) was carried from.

    Rows match on their carried columns (whitespace and case aside), so
    reordering or inserting rows keeps the match; an edited row falls back to
    the first carried column.  None when there is no origin or no match.
    """
    origin = store.origin(instance_id)
    if not origin or not section.is_table or not store.has_instance(origin.get("uuid", "")):
        return None
    carried = [c.key for c in section.columns if c.carry]
    if not carried:
        return None
    old_rows = store.rows(origin["uuid"], section)
    key = tuple(_norm(row.get(k, "")) for k in carried)
    if not any(key):
        return None
    for old in old_rows:
        if tuple(_norm(old.get(k, "")) for k in carried) == key:
            return old
    for old in old_rows:
        if key[0] and _norm(old.get(carried[0], "")) == key[0]:
            return old
    return None
