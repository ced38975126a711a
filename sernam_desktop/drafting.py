"""Propose a draft of the executive report (Objetivo 3) from the activities (1.1–1.4).

Qt-free.  The draft *helps*, it does not fill in the form: :func:`draft_report`
returns ``{field key: proposed text}`` for the parts that the form definition
maps to activities (``[drafting]`` in ``forms/etapa4.toml``); the window shows
each part as a proposal that the user inserts (:func:`insert_command`) and
then edits.  Parts listed in ``never_drafted`` (part 3, recommendations to
SUBDERE) are never drafted, whatever the mapping says.

The text is a readable Spanish summary: per source, the rows grouped by status
(«Objetivos específicos (Actividad 1.1) — Cumple (6):» then one bullet per
row), each row once, its paragraphs joined into sentences, without stray
punctuation; texts that only repeat a status («Cumplido») are left out.
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
# Cell texts that only restate a status, not worth a bullet.
STATUS_WORDS = ("cumplido", "cumple", "cumplida", "incorpora", "incorporado", "si", "no", "ok")


@dataclass(frozen=True)
class Source:
    section: str
    column: str
    heading: str
    statuses: tuple[str, ...] = ()
    skip_prefixes: tuple[str, ...] = ()


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in t if not unicodedata.combining(c))


def _mapping(form: FormDefinition) -> tuple[str, dict[str, tuple[Source, ...]], set[str]]:
    """(report section key, {field: sources}, never drafted) from the definition."""
    d = form.drafting or {}
    report = str(d.get("report", ""))
    never = {str(k) for k in d.get("never_drafted", []) if isinstance(k, str)}
    parts: dict[str, tuple[Source, ...]] = {}
    for part in d.get("parts", []) or []:
        if not isinstance(part, dict) or not isinstance(part.get("field"), str):
            continue
        srcs = []
        for s in part.get("sources", []) or []:
            if not isinstance(s, dict) or not all(isinstance(s.get(k), str)
                                                  for k in ("section", "column")):
                continue
            srcs.append(Source(s["section"], s["column"], str(s.get("heading", "")),
                               tuple(str(x) for x in s.get("statuses", []) or []),
                               tuple(_fold(str(x)) for x in s.get("skip_prefixes", []) or [])))
        if part["field"] not in never:
            parts[part["field"]] = tuple(srcs)
    return report, parts, never


def report_section(form: FormDefinition) -> Section | None:
    """The executive-report section named by ``[drafting] report``."""
    report, _, _ = _mapping(form)
    if report and form.has_section(report) and not form.section(report).is_table:
        return form.section(report)
    return None


def drafted_fields(form: FormDefinition) -> tuple[str, ...]:
    """Keys of the report fields a draft is proposed for (never part 3)."""
    sec = report_section(form)
    if sec is None:
        return ()
    _, parts, _ = _mapping(form)
    return tuple(k for k in parts if sec.has_field(k))


def never_drafted(form: FormDefinition) -> tuple[str, ...]:
    sec = report_section(form)
    _, _, never = _mapping(form)
    return tuple(k for k in (sec.keys() if sec else ()) if k in never)


def sentence(text: str) -> str:
    """A cell as one clean sentence run: paragraphs joined, spaces collapsed,
    list/colon artefacts («medidas:;») removed, one final full stop."""
    paras = [" ".join(p.split()) for p in re.split(r"\n", text)]
    out: list[str] = []
    for p in paras:
        p = p.strip(" ;,:-–—/·•*")
        if not p:
            continue
        if out and not out[-1].endswith((".", "!", "?", ":")):
            out[-1] += "."
        elif out and out[-1].endswith(":"):
            out[-1] = out[-1][:-1] + "."
        out.append(p)
    s = " ".join(out).strip(" ;,:")
    s = re.sub(r"\s+([.;,:])", r"\1", s)
    s = re.sub(r"([.;,:])\1+", r"\1", s)
    if s and not s.endswith((".", "!", "?")):
        s += "."
    return s


def one_line(text: str) -> str:
    """Kept for callers: the cell as one clean sentence run."""
    return sentence(text)


def _items(rows: list[dict[str, Any]], column: str, skip: tuple[str, ...],
           seen: set[str]) -> list[str]:
    out = []
    for row in rows:
        s = sentence(str(row.get(column, "")))
        key = _fold(s).strip(". ")
        if not key or key in seen or key in STATUS_WORDS:
            continue
        if skip and _fold(s).startswith(skip):
            continue
        seen.add(key)
        out.append(s)
    return out


def _block(form: FormDefinition, data: dict[str, Any], src: Source) -> list[str]:
    if not form.has_section(src.section):
        return []
    sec = form.section(src.section)
    if not sec.is_table or not sec.has_field(src.column):
        return []
    rows = list(data.get(sec.key) or [])
    heading = f"{src.heading} ({sec.title})" if src.heading else sec.title
    seen: set[str] = set()
    blocks: list[str] = []
    sf = sec.status_field
    if src.statuses and sf is not None and sf.choices is not None:
        for status in src.statuses:
            if status not in sf.choices.keys():
                continue
            mine = [r for r in rows if r.get(sf.key, "") == status]
            items = _items(mine, src.column, src.skip_prefixes, seen)
            if items:
                label = sf.choices.label_of(status)
                blocks.append("\n".join([f"{heading} — {label} ({len(items)}):"]
                                        + [BULLET + i for i in items]))
    else:
        items = _items(rows, src.column, src.skip_prefixes, seen)
        if items:
            blocks.append("\n".join([f"{heading}:"] + [BULLET + i for i in items]))
    return blocks


def draft_report(form: FormDefinition, data: dict[str, Any]) -> dict[str, str]:
    """``{field key: proposed text}`` for every drafted part ("" = nothing to propose).

    Never contains a part listed in ``never_drafted``."""
    sec = report_section(form)
    if sec is None:
        return {}
    _, parts, _ = _mapping(form)
    out: dict[str, str] = {}
    for key, sources in parts.items():
        if not sec.has_field(key):
            continue
        blocks: list[str] = []
        for src in sources:
            blocks.extend(_block(form, data, src))
        out[key] = "\n\n".join(blocks)
    return out


def insert_command(store: Store, instance_id: str, field_key: str, text: str,
                   label: str = "Insertar borrador") -> Command | None:
    """One undoable step putting a proposal into a report part: an empty part
    gets it; a part with text keeps it and gets the proposal after it.
    None when nothing would change or the part is never drafted."""
    form = store.form_of(instance_id)
    sec = report_section(form)
    if sec is None or not sec.has_field(field_key) or field_key in never_drafted(form):
        return None
    if not text.strip():
        return None
    current = store.fields(instance_id, sec).get(field_key, "")
    if text.strip() in current:
        return None
    new = f"{current.rstrip()}\n\n{text}" if current.strip() else text
    cmd = SetField(instance_id, sec.key, field_key, new)
    cmd.label = label
    return cmd


def draft_command(store: Store, instance_id: str,
                  label: str = "Insertar borrador del informe ejecutivo") -> Composite | None:
    """Insert every drafted part at once (one undo step); None if nothing changes."""
    form = store.form_of(instance_id)
    draft = draft_report(form, store.content(instance_id))
    cmds = [c for k, v in draft.items()
            if (c := insert_command(store, instance_id, k, v)) is not None]
    if not cmds:
        return None
    return Composite(instance_id, label, cmds)
