"""Draft the executive report (Objetivo 3) from the activities (1.1–1.4).

Qt-free.  :func:`draft_report` returns ``{field key: text}`` for the report
section; :func:`draft_command` wraps it into one undoable
:class:`~sernam_desktop.commands.Composite`.

What goes where (the official form's own guidance for each part):

* **1. Principales logros** — "Objetivos cumplidos y/o Mejoras efectivas a los
  productos. Contribución del plan al mejoramiento de gestión": rows of every
  table with a status column whose status is the *first* (best) choice
  (Cumple / Incorpora), then the partial ones, then the contributions (1.4).
* **2. Recomendaciones y compromisos futuros** — the recommendations of 1.4
  and the gaps (brechas) of 1.3 that still need work.
* **3. Recomendaciones para el Sistema de Gestión Territorial** — the
  difficulties of 1.4, to be turned into recommendations to SUBDERE.

Sections and columns are looked up by key in the form definition; a rule whose
section or column does not exist is skipped, so a changed form degrades
gracefully instead of failing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sernam_desktop.commands import Command, Composite, SetField
from sernam_desktop.forms import FormDefinition, Section
from sernam_desktop.store import Store

BULLET = "• "
# Gaps that mean "nothing to do" are left out of the recommendations.
NO_GAP_PHRASES = ("no se observan brechas", "no hay brechas", "sin brechas", "no existen brechas")


@dataclass(frozen=True)
class Source:
    """Take ``columns`` of ``section`` (joined with " — ") as bullet items."""

    section: str
    columns: tuple[str, ...]
    heading: str  # Spanish, "{title}" is replaced by the section title
    status_rank: int | None = None  # only rows whose status is choice number N (0 = best)
    skip_no_gap: bool = False


# target field (in the report section) -> sources, in order
RULES: dict[str, tuple[Source, ...]] = {
    "logros": (
        Source("actividad_1_1", ("objetivo", "resultado"),
               "Objetivos cumplidos ({title}):", status_rank=0),
        Source("actividad_1_2", ("productos", "evaluacion"),
               "Mejoras efectivas a los productos ({title}):", status_rank=0),
        Source("actividad_1_1", ("objetivo", "resultado"),
               "Objetivos cumplidos parcialmente ({title}):", status_rank=1),
        Source("actividad_1_2", ("productos", "evaluacion"),
               "Mejoras incorporadas parcialmente ({title}):", status_rank=1),
        Source("actividad_1_4", ("contribucion",),
               "Contribución del plan al mejoramiento de la gestión ({title}):"),
    ),
    "recomendaciones_compromisos": (
        Source("actividad_1_4", ("recomendaciones",),
               "Recomendaciones y compromisos ({title}):"),
        Source("actividad_1_3", ("brechas",),
               "Brechas por subsanar ({title}):", skip_no_gap=True),
    ),
    "recomendaciones_subdere": (
        Source("actividad_1_4", ("dificultades",),
               "Dificultades que el Sistema de Gestión Territorial debería abordar ({title}):"),
    ),
}


def report_section(form: FormDefinition) -> Section | None:
    """The executive-report section: the field section holding the rules' targets."""
    for sec in form.field_sections:
        if any(sec.has_field(k) for k in RULES):
            return sec
    return None


def one_line(text: str) -> str:
    """A cell as one bullet line: paragraphs joined with "; ", spaces collapsed."""
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    paras = [p.rstrip(";") for p in paras if p]
    return "; ".join(paras)


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in t if not unicodedata.combining(c))


def _items(form: FormDefinition, data: dict[str, Any], src: Source) -> list[str]:
    if not form.has_section(src.section):
        return []
    sec = form.section(src.section)
    if not sec.is_table:
        return []
    cols = [c for c in src.columns if sec.has_field(c)]
    if not cols:
        return []
    wanted_status: str | None = None
    if src.status_rank is not None:
        sf = sec.status_field
        if sf is None or sf.choices is None or src.status_rank >= len(sf.choices.items):
            return []
        wanted_status = sf.choices.items[src.status_rank].key
    out: list[str] = []
    seen: set[str] = set()
    for row in data.get(sec.key) or []:
        if wanted_status is not None and row.get(sec.status or "", "") != wanted_status:
            continue
        parts = [one_line(str(row.get(c, ""))) for c in cols]
        parts = [p for p in parts if p]
        if not parts:
            continue
        if src.skip_no_gap and any(_fold(p).startswith(NO_GAP_PHRASES) for p in parts):
            continue
        item = " — ".join(parts)
        if _fold(item) in seen:
            continue
        seen.add(_fold(item))
        out.append(item)
    return out


def draft_report(form: FormDefinition, data: dict[str, Any]) -> dict[str, str]:
    """``{field key: drafted text}`` for the report fields that have rules.

    A field with nothing to draw from gets an empty string.
    """
    sec = report_section(form)
    if sec is None:
        return {}
    out: dict[str, str] = {}
    for key, sources in RULES.items():
        if not sec.has_field(key):
            continue
        blocks = []
        for src in sources:
            items = _items(form, data, src)
            if not items:
                continue
            title = form.section(src.section).title
            lines = [src.heading.format(title=title)] + [BULLET + i for i in items]
            blocks.append("\n".join(lines))
        out[key] = "\n\n".join(blocks)
    return out


def fields_to_overwrite(form: FormDefinition, current: dict[str, str],
                        draft: dict[str, str]) -> list[str]:
    """Labels of report fields that hold text the draft would replace."""
    sec = report_section(form)
    if sec is None:
        return []
    return [
        sec.field(k).label
        for k, v in draft.items()
        if current.get(k, "").strip() and current.get(k, "") != v
    ]


def draft_command(store: Store, instance_id: str,
                  label: str = "Generar borrador del informe ejecutivo") -> Composite | None:
    """One undoable command writing the draft into the report (None: nothing changes)."""
    form = store.form_of(instance_id)
    sec = report_section(form)
    if sec is None:
        return None
    draft = draft_report(form, store.content(instance_id))
    current = store.fields(instance_id, sec)
    cmds: list[Command] = [
        SetField(instance_id, sec.key, k, v) for k, v in draft.items() if current.get(k, "") != v
    ]
    if not cmds:
        return None
    return Composite(instance_id, label, cmds)
