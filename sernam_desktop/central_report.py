"""The central office's consolidated report and per-region exports.

Everything the central office prints or exports from :class:`CentralDB`:
the consolidated «Todas las regiones» document, the region × status
matrices, the PDF appendix (through :mod:`sernam_desktop.pdf`) and the
Excel workbook (through :mod:`sernam_desktop.xlsx`, built in memory), and
one region's official form as .json/.pdf/.xlsx.  Qt-free.
"""

from __future__ import annotations

import io
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from sernam_desktop.bundle import slug
from sernam_desktop.central import CentralDB, _region_name
from sernam_desktop.dates import local_time
from sernam_desktop.errors import UserError
from sernam_desktop.forms import FormDefinition, get_form
from sernam_desktop.regions import NATIONAL_CODE, all_choices, by_code
from sernam_desktop.store import STATE_LABELS

PROVISIONAL = "PROVISIONAL"  # the report's state: printed in every page's footer


# ------------------------------------------------------------ identity --
def service_key(name: Any) -> str:
    """A service's identity: NFC, trimmed, case-folded («SernamEG » = «sernameg»)."""
    return unicodedata.normalize("NFC", str(name or "")).strip().casefold()


_OFFICIAL_SQL = (
    "SELECT s.id, s.instance_uuid, s.revision, s.servicio, s.region, s.anio, s.state, "
    "s.received_at, s.exported_at, s.complete, s.missing, s.form_id, s.form_version, "
    "s.bundle_name, s.content_hash, i.first_received, i.servicio_key AS identity "
    "FROM instances i JOIN submissions s ON s.id=i.current_submission "
    "WHERE i.active=1 AND i.anio=? ORDER BY i.first_received, s.id")


@dataclass
class ReportBasis:
    """Which forms a report counts: exactly one official version per (servicio, región, año).

    ``rows`` are the regions' official versions (submission rows, no document)
    in report order; ``national_rows`` the «Todas las regiones» forms, shown
    apart and never counted as a region; ``set_aside`` the rivals not counted
    while their conflict is open (the form received first stays in the report
    until it is resolved).  ``forms``/``national`` pair each row with its
    document, read from the central file the first time they are used (the
    summary never reads the documents).
    """

    anio: int
    form: FormDefinition
    rows: list[dict[str, Any]]
    national_rows: list[dict[str, Any]]
    set_aside: list[dict[str, Any]]
    open_conflicts: list[dict[str, Any]]
    missing_regions: list[str]
    services: list[str]  # one per identity, as typed (first form received)
    central: CentralDB | None = field(default=None, repr=False, compare=False)

    def documents(self, rows: list[dict[str, Any]]
                  ) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """(row, document) for ``rows``, read in chunks (memory stays bounded)."""
        assert self.central is not None
        for i in range(0, len(rows), 200):
            chunk = rows[i:i + 200]
            got = dict(self.central.db.execute(
                f"SELECT id, document FROM submissions WHERE id IN "
                f"({','.join('?' * len(chunk))})", [r["id"] for r in chunk]).fetchall())
            for r in chunk:
                yield r, json.loads(got[r["id"]])

    @cached_property
    def forms(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        return list(self.documents(self.rows))

    @cached_property
    def national(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        return list(self.documents(self.national_rows))

    @property
    def provisional(self) -> bool:
        return bool(self.open_conflicts or self.missing_regions)

    def provisional_lines(self) -> list[str]:
        """Why the report is provisional, one Spanish sentence per reason."""
        out = []
        if self.open_conflicts:
            out.append(f"Conflictos por resolver ({len(self.open_conflicts)}): " + "; ".join(
                f"N° {c['id']} {c['servicio']}, {_region_name(c['region'])}"
                for c in self.open_conflicts) + ".")
        if self.missing_regions:
            out.append(f"Regiones sin envío ({len(self.missing_regions)}): " + ", ".join(
                by_code(c).short for c in self.missing_regions) + ".")
        return out


def report_basis(central: CentralDB, anio: int | None = None,
                 servicio: str | None = None) -> ReportBasis:
    """The forms a consolidated report of ``anio`` (optionally one service) counts."""
    anio = central.default_year(anio)
    if anio is None:
        raise UserError("La base central todavía no tiene formularios.")
    rows = list(central.db.query(_OFFICIAL_SQL, [anio]))
    want = service_key(servicio) if servicio is not None else None
    if want is not None:
        rows = [r for r in rows if service_key(r["servicio"]) == want
                or r["identity"] == slug(servicio, 200)]
    if not rows:
        raise UserError(f"No hay formularios para {anio} en la base central.")
    chosen: dict[tuple[str, str], dict[str, Any]] = {}
    set_aside = []
    for r in rows:  # first received first: it stays official while a conflict is open
        # one (servicio, región) as the merge sees it (the instances' servicio_key, which
        # already equates NFC/case/space variants), or by service_key
        k = (r["identity"] or service_key(r["servicio"]), r["region"])
        if k in chosen:
            set_aside.append(r)
        else:
            chosen[k] = r
    names: dict[str, str] = {}  # the regions' services (the national form is apart)
    regional = {k: r for k, r in chosen.items() if k[1] != NATIONAL_CODE} or chosen
    for (k, _reg), r in regional.items():
        names.setdefault(k, str(r["servicio"]).strip())
    order = {r.code: i for i, r in enumerate(all_choices())}
    picked = sorted(chosen.values(), key=lambda r: (order.get(r["region"], 99),
                                                     service_key(r["servicio"]), r["id"]))
    form = get_form(picked[0]["form_id"], picked[0]["form_version"])
    if form is None:
        raise UserError("La base central tiene formularios de una definición desconocida.")
    have = {r["region"] for r in picked}
    conflicts = [c for c in central.conflicts() if c["anio"] == anio
                 and (want is None or service_key(c["servicio"]) == want
                      or slug(c["servicio"], 200) == slug(servicio or "", 200))]
    return ReportBasis(
        anio=anio, form=form,
        rows=[r for r in picked if r["region"] != NATIONAL_CODE],
        national_rows=[r for r in picked if r["region"] == NATIONAL_CODE],
        set_aside=set_aside, open_conflicts=conflicts,
        missing_regions=[r.code for r in all_choices()
                         if r.code != NATIONAL_CODE and r.code not in have],
        services=sorted(names.values(), key=service_key),
        central=central,
    )


def consolidated_header(basis: ReportBasis) -> dict[str, str]:
    """The consolidated document's header: «Todas las regiones», the service(s), the year."""
    services = basis.services
    sec = basis.form.header
    vals = {f.key: "" for f in sec.fields}
    vals.update({
        "servicio": services[0] if len(services) == 1 else f"Varios servicios ({len(services)})",
        "region": NATIONAL_CODE,
        "anio": str(basis.anio),
        "fecha": date.today().isoformat(),
    })
    if "responsable" in vals:
        vals["responsable"] = f"Nivel Central — consolidado de {len(basis.rows)} formulario(s)"
    return vals


def _consolidated_shell(basis: ReportBasis, data: dict[str, Any]) -> dict[str, Any]:
    form = basis.form
    return {
        "format": "sernam-desktop.instance",
        "format_version": 1,
        "form": {"id": form.id, "version": form.version},
        "instance": {"uuid": "00000000-0000-0000-0000-000000000000", "revision": 1,
                     "state": PROVISIONAL if basis.provisional else "borrador",
                     "created_at": None, "updated_at": None, "sent_at": None},
        "data": data,
    }


def consolidated(central: CentralDB, anio: int | None = None, servicio: str | None = None,
                 *, basis: ReportBasis | None = None) -> dict[str, Any]:
    """The consolidated «Todas las regiones» document; table rows carry ``_region``.

    Counts each (servicio, región, año) once (see :func:`report_basis`); the
    national form is not part of it.
    """
    basis = basis or report_basis(central, anio, servicio)
    form, anio, docs = basis.form, basis.anio, basis.forms
    services = basis.services
    several = len(services) > 1
    data: dict[str, Any] = {}
    for sec in form.sections:
        if sec.is_table:
            out_rows = []
            for r, d in docs:
                for row in d["data"].get(sec.key) or []:
                    out_rows.append({**row, "_region": r["region"],
                                     "_servicio": str(r["servicio"]).strip()})
            data[sec.key] = out_rows
        elif sec.key == form.header.key:
            data[sec.key] = consolidated_header(basis)
        else:
            vals = {}
            for f in sec.fields:
                parts = []
                for r, d in docs:
                    v = str((d["data"].get(sec.key) or {}).get(f.key, "")).strip()
                    if v:
                        who = by_code(r["region"])
                        label = who.short if who else r["region"]
                        if several:
                            label += f" ({str(r['servicio']).strip()})"
                        parts.append(f"{label}: {v}")
                vals[f.key] = "\n\n".join(parts)
            data[sec.key] = vals
    return {
        **_consolidated_shell(basis, data),
        "consolidated": {
            "anio": anio, "forms": len(docs),
            "regions": sorted({r["region"] for r, _d in docs}),
            "services": services,
            "provisional": basis.provisional,
            "open_conflicts": [c["id"] for c in basis.open_conflicts],
            "missing_regions": list(basis.missing_regions),
            "national_forms": len(basis.national),
            # the free-text sections of each form, for layouts that keep them apart
            "texts": [{"region": r["region"], "servicio": str(r["servicio"]).strip(),
                       "values": {sec.key: d["data"].get(sec.key) or {}
                                  for sec in form.field_sections
                                  if sec.key != form.header.key}}
                      for r, d in docs],
        },
    }


def report_status(basis: ReportBasis) -> dict[str, Any]:
    """Per region (the 16, never the national form): what the report counts.

    Same shape as :meth:`CentralDB.status` but built from the official
    versions only, so a region in conflict is counted once.
    """
    assert basis.central is not None
    per_form = basis.central.status_counts(basis.rows)  # stored counts: no document is read
    per_region: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
    for r in basis.rows:
        per_region.setdefault(r["region"], []).append((r, per_form.get(r["id"], {})))
    nconf: dict[str, int] = {}
    for c in basis.open_conflicts:
        nconf[c["region"]] = nconf.get(c["region"], 0) + 1
    regions = []
    for reg in all_choices():
        if reg.code == NATIONAL_CODE:
            continue
        rows = per_region.get(reg.code, [])
        counts: dict[str, dict[str, int]] = {}
        for _r, per_sec in rows:
            for sec, cnt in per_sec.items():
                tgt = counts.setdefault(sec, {})
                for k, n in cnt.items():
                    tgt[k] = tgt.get(k, 0) + n
        latest = max((r for r, _d in rows), key=lambda r: (r["received_at"], r["id"]),
                     default=None)
        n = nconf.get(reg.code, 0)
        regions.append({
            "code": reg.code, "name": reg.name, "short": reg.short,
            "state": "conflicto" if n else ("recibido" if rows else "faltante"),
            "forms": len(rows),
            "services": sorted({str(r["servicio"]).strip() for r, _d in rows}),
            "revision": latest["revision"] if latest else None,
            "received_at": latest["received_at"] if latest else None,
            "form_state": latest["state"] if latest else None,
            "complete": sum(r["complete"] for r, _d in rows),
            "missing": sum(r["missing"] for r, _d in rows),
            "status_counts": counts,
            "conflicts": n,
        })
    return {"anio": basis.anio, "regions": regions,
            "missing_regions": list(basis.missing_regions),
            "open_conflicts": len(basis.open_conflicts)}


def status_matrix(status: dict[str, Any], form: FormDefinition) -> tuple[list[str], list[list[Any]]]:
    """Region × status table: header and rows (region name, count per choice, total).

    Counts are summed over every table with a status column, per choice label.
    """
    labels: dict[str, str] = {}
    for sec in form.tables:
        sf = sec.status_field
        if sf and sf.choices:
            for c in sf.choices.items:
                labels.setdefault(c.key, c.label)
    keys = list(labels)
    header = ["Región", *[labels[k] for k in keys], "Sin estado", "Total"]
    rows = []
    for reg in status["regions"]:
        if reg["forms"] == 0 and reg["code"] == NATIONAL_CODE:
            continue
        tot = {k: 0 for k in [*keys, ""]}
        for cnt in reg["status_counts"].values():
            for k, n in cnt.items():
                tot[k if k in tot else ""] += n
        rows.append([reg["short"], *[tot[k] for k in keys], tot[""], sum(tot.values())])
    return header, rows


# What the central office sees of a received form's stored state: a region's
# «Listo para enviar» (issue 15) is, once here, a form that was sent.
_CENTRAL_LABELS = {**STATE_LABELS, "enviado": "Enviado"}


def state_label(state: str | None) -> str:
    return _CENTRAL_LABELS.get(state or "", state or "")


def status_as_json(status: dict[str, Any]) -> str:
    return json.dumps(status, ensure_ascii=False, indent=2)

def status_matrices(status: dict[str, Any], form: FormDefinition
                    ) -> list[tuple[Any, list[tuple[str, str, str]], list[tuple[str, list[int]]]]]:
    """Per status table: (section, [(choice key, label, colour)…], [(region short, counts)…]).

    The counts follow the choice order, then "Sin estado"; only regions with
    forms (and every one of the 16 regions) are listed.
    """
    out = []
    for sec in form.tables:
        sf = sec.status_field
        if sf is None or sf.choices is None:
            continue
        choices = [(c.key, c.label, c.color) for c in sf.choices.items]
        choices.append(("", "Sin estado", "#9e9e9e"))
        rows = []
        for reg in status["regions"]:
            if reg["code"] == NATIONAL_CODE and not reg["forms"]:
                continue
            cnt = reg["status_counts"].get(sec.key, {})
            rows.append((reg["short"], [int(cnt.get(k, 0)) for k, _, _ in choices]))
        out.append((sec, choices, rows))
    return out


def _summary_rows(status: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    head = ["Región", "Situación", "Formularios", "Revisión", "Recibido", "Completos",
            "Datos faltantes", "Conflictos"]
    rows = []
    for r in status["regions"]:
        if r["code"] == NATIONAL_CODE and not r["forms"]:
            continue
        rows.append([
            r["name"], r["state"].capitalize(), r["forms"],
            r["revision"] if r["revision"] is not None else "",
            local_time(r["received_at"]),
            f"{r['complete']} de {r['forms']}" if r["forms"] else "",
            r["missing"] if r["forms"] else "", r["conflicts"] or "",
        ])
    return head, rows


def _summary_total(status: dict[str, Any]) -> list[Any]:
    """The «Total» row under the summary: forms, complete, missing data, conflicts."""
    regs = [r for r in status["regions"] if r["code"] != NATIONAL_CODE]
    forms = sum(r["forms"] for r in regs)
    with_form = sum(1 for r in regs if r["forms"])
    return ["Total", f"{with_form} de {len(regs)} con envío", forms, "", "",
            f"{sum(r['complete'] for r in regs)} de {forms}",
            sum(r["missing"] for r in regs), sum(r["conflicts"] for r in regs)]


def _pdf_preface(basis: ReportBasis, paper: str) -> list[Any]:
    """First-page box of a provisional report: open conflicts and missing regions."""
    if not basis.provisional:
        return []
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from sernam_desktop import pdf

    st = pdf.styles()
    body = [Paragraph("<b>INFORME PROVISIONAL</b>", st["heading"]),
            Paragraph(pdf.markup(
                "Este informe no es definitivo: cuenta la versión oficial de cada servicio, "
                "región y año que hay hoy en la base central (en un conflicto abierto, la "
                "recibida primero)."), st["cell"])]
    for line in basis.provisional_lines():
        body.append(Paragraph(pdf.markup(line), st["cell"]))
    width = pdf.page_size(paper)[0] - 2 * pdf.MARGIN
    box = Table([[body]], colWidths=[width])
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 1.2, colors.Color(0.78, 0.16, 0.16)),
        ("BACKGROUND", (0, 0), (-1, -1), colors.Color(1, 0.95, 0.93)),
        ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return [box, Spacer(1, 6)]


def _national_rows(basis: ReportBasis) -> list[tuple[str, str, int | None, str, str]]:
    """The national forms as (servicio, section title, row n°, label, value), for the annex."""
    out = []
    form = basis.form
    for r, d in basis.national:
        serv = str(r["servicio"]).strip()
        for sec in form.sections:
            if sec.key == form.header.key:
                continue
            if sec.is_table:
                for i, row in enumerate(d["data"].get(sec.key) or [], start=1):
                    for c in sec.columns:
                        v = row.get(c.key, "")
                        if c.kind == "choice" and c.choices and v:
                            v = c.choices.label_of(v)
                        out.append((serv, sec.title, i, c.label, str(v or "")))
            else:
                for f in sec.fields:
                    v = str((d["data"].get(sec.key) or {}).get(f.key, "") or "")
                    out.append((serv, sec.title, None, f.label, v))
    return out


def _pdf_appendix(status: dict[str, Any], form: FormDefinition, paper: str,
                  basis: ReportBasis | None = None, page_break: bool = True) -> list[Any]:
    from xml.sax.saxutils import escape

    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer, Table, TableStyle

    from sernam_desktop import pdf

    st = pdf.styles()
    font = getattr(pdf, "FONT", "Helvetica")
    bold = getattr(pdf, "FONT_BOLD", "Helvetica-Bold")
    accent = getattr(pdf, "ACCENT", colors.Color(0.12, 0.3, 0.47))
    rule = getattr(pdf, "RULE", colors.Color(0.6, 0.65, 0.7))
    width = pdf.page_size(paper)[0] - 2 * getattr(pdf, "MARGIN", 40)
    cell, head_style = st["cell"], st["cell_head"]

    num = ParagraphStyle("num", cell, alignment=TA_RIGHT)
    head_para = ParagraphStyle("national_head", st["small"], fontName=bold, spaceBefore=4,
                               spaceAfter=2)
    small_head = ParagraphStyle("small_head", head_style, fontSize=7, leading=8.5)

    def table(head: list[str], rows: list[list[Any]], weights: list[float],
              head_colors: list[Any] | None = None, total: bool = False,
              avail: float | None = None, numeric: bool = False) -> Table:
        hs = small_head if numeric else head_style
        data = [[Paragraph(escape(h), hs) for h in head]]
        for r in rows:
            data.append([Paragraph(escape(str(v)), num if numeric and i else cell)
                         for i, v in enumerate(r)])
        total_w = sum(weights)
        t = Table(data, colWidths=[(avail or width) * w / total_w for w in weights],
                  repeatRows=1)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, rule),
            ("BACKGROUND", (0, 0), (-1, 0), accent),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]
        for i, c in enumerate(head_colors or []):
            if c is not None:
                style.append(("BACKGROUND", (i, 0), (i, 0), c))
        if total:
            style.append(("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.93, 0.95, 0.97)))
        if numeric:
            style += [("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
        t.setStyle(TableStyle(style))
        return t

    out: list[Any] = [*([PageBreak()] if page_break else []),
                      _bookmark("Resumen por región", "resumen", 0),
                      Paragraph("Resumen por región", st["objective"]),
                      Paragraph(escape(f"Año {status['anio']}. Situación de cada región en la "
                                       "base central: formularios vigentes, última revisión "
                                       "recibida, completitud y conflictos por resolver."),
                                st["help"])]
    head, rows = _summary_rows(status)
    out.append(table(head, [*rows, _summary_total(status)],
                     [4.2, 1.6, 1.6, 1.3, 2.4, 1.6, 1.7, 1.5], total=True))
    missing = status["missing_regions"]
    if missing:
        names = ", ".join(by_code(c).short for c in missing)
        out.append(Paragraph(escape(f"Regiones sin envío ({len(missing)}): {names}."),
                             st["small"]))
    for sec, choices, mrows in status_matrices(status, form):
        sf = sec.status_field
        what = sf.choices.label if sf.choices else sf.label
        totals = [sum(r[1][i] for r in mrows) for i in range(len(choices))]
        body = [[name, *counts, sum(counts)] for name, counts in mrows]
        body.append(["Total", *totals, sum(totals)])
        hc = [None, *[colors.HexColor(c) for _, _, c in choices], None]
        left_w = width * 0.64
        right_w = width - left_w
        matrix = table(["Región", *[lbl for _, lbl, _ in choices], "Total"], body,
                       [2.0, *[1.7] * len(choices), 1.2], hc, total=True,
                       avail=left_w - 10, numeric=True)
        # stacked bars: one per region, one colour per status; legend below
        names = [r[0] for r in mrows]
        bar = 10
        plot_h = bar * 1.45 * len(names)
        legend_rows = (len(choices) + 1) // 2
        legend_h = 12 * legend_rows + 8
        h = plot_h + legend_h + 42
        d = Drawing(right_w, h)
        d.add(String(0, h - 10, f"Filas por región según {what.lower()}", fontName=bold,
                     fontSize=8.5))
        ch = HorizontalBarChart()
        ch.x, ch.y, ch.width, ch.height = 86, legend_h + 22, right_w - 100, plot_h
        ch.data = [[r[1][i] for r in reversed(mrows)] for i in range(len(choices))]
        ch.categoryAxis.categoryNames = list(reversed(names))
        ch.categoryAxis.style = "stacked"
        pdf.style_bar_axes(ch, max([sum(r[1]) for r in mrows] + [1]), ticks=6, bar=bar,
                           font=font)
        for i, (_, _, color) in enumerate(choices):
            ch.bars[i].fillColor = colors.HexColor(color)
        d.add(ch)
        lg = Legend()
        lg.x, lg.y = 12, legend_h
        lg.fontName, lg.fontSize = font, 7.5
        lg.alignment = "right"
        lg.boxAnchor = "nw"
        lg.columnMaximum = legend_rows
        lg.deltax = (right_w - 24) / 2
        lg.dx = lg.dy = 7
        lg.colorNamePairs = [(colors.HexColor(c), lbl) for _, lbl, c in choices]
        d.add(lg)
        pair = Table([[matrix, d]], colWidths=[left_w, right_w])
        pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        out.append(CondPageBreak(h + 40))
        out.append(Paragraph(escape(f"{sec.title} — {what} por región"), st["heading"]))
        out.append(pair)
        out.append(Spacer(1, 8))
    if basis is not None and basis.national:
        out.append(CondPageBreak(120))
        out.append(Paragraph("Formulario del Nivel Central («Todas las regiones»)",
                             st["heading"]))
        out.append(Paragraph(escape(
            "Enviado por el Nivel Central; se muestra aparte y no se suma a las regiones "
            "en las tablas ni en los totales de este informe."), st["help"]))
        for r, d in basis.national:
            out.append(Paragraph(pdf.markup(
                f"{str(r['servicio']).strip()} — revisión {r['revision']}, recibida "
                f"{local_time(r['received_at'])}"), st["small"]))
            for sec in form.sections:
                if sec.key == form.header.key:
                    continue
                out.append(CondPageBreak(60))
                out.append(Paragraph(escape(sec.title), head_para))
                if sec.is_table:
                    data = [[Paragraph(escape(c.label), head_style) for c in sec.columns]]
                    for row in d["data"].get(sec.key) or []:
                        line = []
                        for c in sec.columns:
                            v = row.get(c.key, "")
                            if c.kind == "choice" and c.choices and v:
                                v = c.choices.label_of(v)
                            line.append(pdf.paragraphs(v, cell))
                        data.append(line)
                    widths = pdf.split_width(width, [c.width for c in sec.columns])
                else:
                    vals = d["data"].get(sec.key) or {}
                    data = [[Paragraph(escape(f.label), cell),
                             pdf.paragraphs(vals.get(f.key), cell)] for f in sec.fields]
                    widths = [width * 0.3, width * 0.7]
                t = Table(data, colWidths=widths, repeatRows=1 if sec.is_table else 0,
                          splitInRow=1, splitByRow=0)  # as pdf.py: no head row mid-page
                t.setStyle(TableStyle([
                    ("GRID", (0, 0), (-1, -1), 0.5, rule),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    *([("BACKGROUND", (0, 0), (-1, 0), accent)] if sec.is_table else []),
                ]))
                out.append(t)
                out.append(Spacer(1, 4))
    return out


XLSX_CELL_MAX = 32_767  # characters (UTF-16 units) Excel stores in one cell
XLSX_TEXTS_NOTE = "El texto de cada región está en la hoja «Textos por región»."
XLSX_CUT_NOTE = (" […] (texto recortado: Excel admite hasta 32.767 caracteres por celda; "
                 "el texto completo está en el anexo de textos del informe PDF)")
XLSX_NOTES_SHEET = "Notas del informe"
# What Excel cannot store: C0 controls but tab/newline/CR, and lone surrogates.
_XLSX_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n"}  # Word's manual line break, page break


def _excel_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class XlsxNotes:
    """What had to change for Excel, cell by cell: listed in the «Notas del informe» sheet."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def safe(self, value: Any, where: str) -> str:
        """``value`` as text Excel can store: bad characters replaced, overlong text cut."""
        v = "" if value is None else str(value)
        if _XLSX_BAD.search(v):
            n = len(_XLSX_BAD.findall(v))
            v = _XLSX_BAD.sub(lambda m: _LINE_BREAKS.get(m.group(), "\ufffd"), v)
            self.items.append((where, f"{n} carácter(es) que Excel no admite reemplazado(s) "
                                      "(salto de línea manual por salto de línea; otros por «�»)."))
        if _excel_len(v) > XLSX_CELL_MAX:
            total = _excel_len(v)
            keep = XLSX_CELL_MAX - _excel_len(XLSX_CUT_NOTE)
            cut = v[:keep]
            while _excel_len(cut) > keep:
                cut = cut[:-1]
            v = cut + XLSX_CUT_NOTE
            what = f"texto de {total:,} caracteres recortado a {XLSX_CELL_MAX:,}"
            self.items.append((where, what.replace(",", ".") + " (el anexo de textos del PDF lo "
                                                               "tiene completo)."))
        return v


def _xlsx_doc(doc: dict[str, Any], form: FormDefinition, notes: XlsxNotes) -> dict[str, Any]:
    """The consolidated doc for Excel: free texts move to their own sheet; every cell storable."""
    data: dict[str, Any] = {}
    for sec in form.sections:
        if sec.is_table:
            rows = []
            for i, row in enumerate(doc["data"].get(sec.key) or [], start=1):
                reg = _region_name(row.get("_region"))
                rows.append({k: (notes.safe(v, f"«{sec.title}», fila {i} ({reg}), "
                                               f"«{sec.field(k).label if sec.has_field(k) else k}»")
                                 if isinstance(v, str) and not k.startswith("_") else v)
                             for k, v in row.items()})
            data[sec.key] = rows
        elif sec.key == form.header.key:
            data[sec.key] = {k: notes.safe(v, f"«{sec.title}», «{k}»")
                             for k, v in doc["data"][sec.key].items()}
        else:
            data[sec.key] = {k: (XLSX_TEXTS_NOTE if v else "")
                             for k, v in doc["data"][sec.key].items()}
    return {**doc, "data": data}


def _head_row(ws: Any) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for c in ws[ws.max_row]:
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = PatternFill("solid", fgColor="1F4D78")
        c.alignment = Alignment(wrap_text=True, vertical="top")


def _text_row(ws: Any, values: list[Any]) -> None:
    from openpyxl.styles import Alignment

    ws.append(values)
    for c in ws[ws.max_row]:
        if isinstance(c.value, str):
            c.data_type = "s"  # never a formula
        c.alignment = Alignment(wrap_text=True, vertical="top")


def _xlsx_texts(wb: Any, doc: dict[str, Any], form: FormDefinition, notes: XlsxNotes) -> None:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet("Textos por región")
    cols = [(sec, f) for sec in form.field_sections if sec.key != form.header.key
            for f in sec.fields]
    ws.append(["Región", "Servicio", *[f"{sec.title}: {f.label}" for sec, f in cols]])
    _head_row(ws)
    for t in doc["consolidated"]["texts"]:
        reg = _region_name(t["region"])
        row = [reg, notes.safe(t["servicio"], f"«Textos por región», {reg}, servicio")]
        for sec, f in cols:
            v = str((t["values"].get(sec.key) or {}).get(f.key, ""))
            row.append(notes.safe(v, f"«Textos por región», {reg}, «{sec.title}: {f.label}»"))
        _text_row(ws, row)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 24
    for i in range(len(cols)):
        ws.column_dimensions[get_column_letter(3 + i)].width = 60
    ws.freeze_panes = "C2"


def _table_sheets(wb: Any, form: FormDefinition) -> list[tuple[Any, Any]]:
    """(section, worksheet) of every table, from the workbook's own metadata sheet."""
    from sernam_desktop import xlsx

    titles = {}
    if xlsx.META_SHEET in wb.sheetnames:
        for k, v in wb[xlsx.META_SHEET].iter_rows(min_row=2, max_col=2, values_only=True):
            if isinstance(k, str) and k.startswith("sheet:"):
                titles[k[len("sheet:"):]] = v
    return [(sec, wb[titles[sec.key]]) for sec in form.tables
            if titles.get(sec.key) in wb.sheetnames]


def _insert_service_column(ws: Any, services: list[str]) -> None:
    """A «Servicio» column B after «Región», keeping widths, lists and the filter in place."""
    from copy import copy

    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

    last = ws.max_column
    dims = {}
    for c in range(2, last + 1):
        d = ws.column_dimensions[get_column_letter(c)]
        dims[c] = (d.width, d.hidden)
    ws.insert_cols(2)
    for c, (w, hidden) in dims.items():
        d = ws.column_dimensions[get_column_letter(c + 1)]
        d.width, d.hidden = w, hidden
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["B"].hidden = False
    for dv in ws.data_validations.dataValidation:
        moved = []
        for rng in dv.sqref.ranges:
            cr = CellRange(rng.coord)
            if cr.min_col >= 2:
                cr.shift(col_shift=1)
            moved.append(cr.coord)
        dv.sqref = MultiCellRange(" ".join(moved))
    if ws.auto_filter.ref:
        cr = CellRange(ws.auto_filter.ref)
        cr.expand(right=1)
        ws.auto_filter.ref = cr.coord
    head, src = ws.cell(row=1, column=2), ws.cell(row=1, column=1)
    head.value = "Servicio"
    head.font, head.fill, head.alignment = copy(src.font), copy(src.fill), copy(src.alignment)
    for i, name in enumerate(services, start=2):
        cell = ws.cell(row=i, column=2)
        cell.value = name or None
        if name:
            cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _xlsx_summary(wb: Any, status: dict[str, Any], form: FormDefinition) -> None:
    """The «Resumen por región» sheet: summary with totals, status matrices with totals, charts."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet("Resumen por región")
    bold = Font(bold=True)
    white = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4D78")
    total_fill = PatternFill("solid", fgColor="EEF2F7")
    ws.append([f"Resumen por región — año {status['anio']}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    head, rows = _summary_rows(status)
    ws.append(head)
    for c in ws[ws.max_row]:
        c.font, c.fill = white, fill
    for r in rows:
        ws.append(r)
    ws.append(_summary_total(status))
    for c in ws[ws.max_row]:
        c.font, c.fill = bold, total_fill
    ws.column_dimensions["A"].width = 34
    for col in "BCDEFGH":
        ws.column_dimensions[col].width = 16
    for sec, choices, mrows in status_matrices(status, form):
        ws.append([])
        sf = sec.status_field
        ws.append([f"{sec.title} — {sf.choices.label if sf.choices else sf.label} por región"])
        ws.cell(ws.max_row, 1).font = bold
        ws.append(["Región", *[lbl for _, lbl, _ in choices], "Total"])
        hrow = ws.max_row
        for i, c in enumerate(ws[hrow]):
            c.font = white
            color = choices[i - 1][2][1:] if 1 <= i <= len(choices) else "1F4D78"
            c.fill = PatternFill("solid", fgColor=color)
            c.alignment = Alignment(wrap_text=True, vertical="center")
        first = hrow + 1
        for name, counts in mrows:
            ws.append([name, *counts, sum(counts)])
        last = ws.max_row
        totals = [sum(r[1][i] for r in mrows) for i in range(len(choices))]
        ws.append(["Total", *totals, sum(totals)])
        for c in ws[ws.max_row]:
            c.font, c.fill = bold, total_fill
        ch = BarChart()
        ch.type = "bar"
        ch.grouping = "stacked"
        ch.overlap = 100
        ch.title = f"{sec.title} · {sf.choices.label if sf.choices else sf.label}"
        ch.y_axis.title = "Filas"
        data = Reference(ws, min_col=2, max_col=1 + len(choices), min_row=hrow, max_row=last)
        cats = Reference(ws, min_col=1, min_row=first, max_row=last)
        ch.add_data(data, titles_from_data=True)
        ch.set_categories(cats)
        for i, (_, _, color) in enumerate(choices):
            ch.series[i].graphicalProperties.solidFill = color[1:]
            ch.series[i].graphicalProperties.line.solidFill = color[1:]
        ch.height, ch.width = 11, 18
        ws.add_chart(ch, f"J{hrow}")
        for _ in range(max(0, 24 - (ws.max_row - hrow))):
            ws.append([])


def _xlsx_national(wb: Any, basis: ReportBasis, notes: XlsxNotes) -> None:
    ws = wb.create_sheet("Nivel Central")
    ws.append(["Formulario del Nivel Central («Todas las regiones»): se muestra aparte y no "
               "se suma a las regiones."])
    ws.append(["Servicio", "Sección", "Fila", "Campo", "Valor"])
    _head_row(ws)
    for serv, sec, n, label, v in _national_rows(basis):
        where = f"«Nivel Central», «{sec}»" + (f", fila {n}" if n else "") + f", «{label}»"
        _text_row(ws, [notes.safe(serv, where), sec, n, label, notes.safe(v, where)])
    for col, w in zip("ABCDE", (26, 20, 6, 30, 90), strict=True):
        ws.column_dimensions[col].width = w
    ws.freeze_panes = "A3"


def _xlsx_notes(wb: Any, basis: ReportBasis, notes: XlsxNotes) -> None:
    """First sheet when the report is provisional or a cell had to change for Excel."""
    from openpyxl.styles import Font

    if not (basis.provisional or notes.items):
        return
    ws = wb.create_sheet(XLSX_NOTES_SHEET, 0)
    if basis.provisional:
        ws.append([f"{PROVISIONAL}: este informe no es definitivo."])
        ws["A1"].font = Font(bold=True, size=13, color="C62828")
        for line in basis.provisional_lines():
            _text_row(ws, [line])
        ws.append([])
    if notes.items:
        ws.append(["Celdas cambiadas para Excel (el anexo de textos del informe PDF tiene el "
                   "texto completo):"])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        ws.append(["Dónde", "Qué"])
        _head_row(ws)
        for where, what in notes.items:
            _text_row(ws, [where, what])
    ws.column_dimensions["A"].width = 80
    ws.column_dimensions["B"].width = 70
    wb.active = 0


def report_xlsx_bytes(basis: ReportBasis, doc: dict[str, Any] | None,
                      status: dict[str, Any]) -> bytes:
    """The consolidated workbook, built in memory through :mod:`sernam_desktop.xlsx`.

    With ``doc`` (the consolidated document: ``--textos``): every table's rows of every
    region and «Textos por región» too; without, the summary sheets only.
    """
    from sernam_desktop import xlsx

    form = basis.form
    notes = XlsxNotes()
    if doc is not None:
        wb = xlsx.build_workbook(_xlsx_doc(doc, form, notes), region_column=True)
        for sec, ws in _table_sheets(wb, form):
            rows = doc["data"].get(sec.key) or []
            _insert_service_column(ws, [notes.safe(r.get("_servicio", ""),
                                                   f"«{sec.title}», fila {i}, servicio")
                                        for i, r in enumerate(rows, start=1)])
        _xlsx_texts(wb, doc, form, notes)
    else:
        from openpyxl import Workbook

        wb = Workbook()
        wb.remove(wb.active)
        wb.properties.title = f"Informe consolidado — Todas las regiones — {basis.anio}"
    _xlsx_summary(wb, status, form)
    if basis.national:
        _xlsx_national(wb, basis, notes)
    _xlsx_notes(wb, basis, notes)
    if basis.provisional:
        for ws in wb.worksheets:
            ws.oddHeader.center.text = PROVISIONAL
            ws.evenHeader.center.text = PROVISIONAL
        wb.properties.title = f"{PROVISIONAL} — {wb.properties.title or ''}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _write_all(payloads: list[tuple[Path, bytes]]) -> None:
    """Write every file or none: each is staged next to its target, then all renamed."""
    from sernam_desktop.interchange import write_atomic

    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in payloads:
            tmp = path.with_name(f".{path.name}.parcial")
            write_atomic(tmp, data)
            staged.append((tmp, path))
        for tmp, path in staged:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise UserError(f"No se pudo escribir «{path}»: {exc.strerror or exc}.") from None
    finally:
        for tmp, _path in staged:
            try:
                tmp.unlink()
            except OSError:
                pass


class Progress:
    """Reports a long task's advance as (done, total, what) to a callback, at most
    every 0.2 s (the CLI's stderr line, the central window's progress bar)."""

    def __init__(self, callback: Callable[[int, int, str], None] | None) -> None:
        self.callback = callback
        self.last = 0.0

    def __call__(self, done: int, total: int, what: str, *, force: bool = False) -> None:
        if self.callback is None:
            return
        import time

        now = time.monotonic()
        if force or now - self.last >= 0.2 or done >= total:
            self.last = now
            self.callback(done, total, what)


def _bookmark(title: str, key: str, level: int) -> Any:
    """A zero-size flowable that adds an outline entry (PDF bookmark) where it lands."""
    from reportlab.platypus import Flowable

    class Bookmark(Flowable):
        def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
            return 0, 0

        def draw(self) -> None:
            mark = getattr(self.canv, "outline_mark", None)
            if mark is not None:  # pdf.py's canvas: pages are written at the end
                mark(key, title, level)
            else:
                self.canv.bookmarkPage(key)
                self.canv.addOutlineEntry(title, key, level=level, closed=level < 2)

    return Bookmark()


def _single_form_doc(basis: ReportBasis, r: dict[str, Any], d: dict[str, Any]) -> dict[str, Any]:
    """One region's form as the annex prints it: its own header and tables, and each
    free text led by who wrote it («Metropolitana: …», as in the consolidated form)."""
    form = basis.form
    who = by_code(r["region"])
    label = who.short if who else r["region"]
    if len(basis.services) > 1:
        label += f" ({str(r['servicio']).strip()})"
    data: dict[str, Any] = {}
    for sec in form.sections:
        value = d["data"].get(sec.key)
        if sec.is_table or sec.key == form.header.key:
            data[sec.key] = value if value is not None else ([] if sec.is_table else {})
        else:
            vals = {}
            for f in sec.fields:
                v = str((value or {}).get(f.key, "")).strip()
                vals[f.key] = f"{label}: {v}" if v else ""
            data[sec.key] = vals
    return {**d, "data": data}


def _texts_annex(basis: ReportBasis, paper: str, progress: Progress) -> Iterator[list[Any]]:
    """«Textos por región»: every official form in full, region by region, with a PDF
    bookmark per region and per service — produced one form at a time, while the PDF
    is written (memory stays bounded)."""
    from xml.sax.saxutils import escape

    from reportlab.platypus import PageBreak, Paragraph

    from sernam_desktop import pdf

    st = pdf.styles()
    yield [PageBreak(), _bookmark("Textos por región", "textos", 0),
           Paragraph("Textos por región", st["objective"]),
           Paragraph(escape("Cada formulario oficial completo, región por región y servicio por "
                            "servicio (marcadores del PDF: región y servicio)."), st["help"])]
    total = len(basis.rows)
    current = None
    for i, (r, d) in enumerate(basis.documents(basis.rows), start=1):
        out: list[Any] = []
        if i > 1:  # each form on its own pages (the first under the annex's title)
            out.append(PageBreak())
        if r["region"] != current:
            current = r["region"]
            out.append(_bookmark(_region_name(current), f"region-{current}", 1))
        serv = str(r["servicio"]).strip() or "(sin servicio)"
        out.append(_bookmark(serv, f"form-{r['id']}", 2))
        out.extend(pdf.form_story(_single_form_doc(basis, r, d), paper=paper))
        progress(i - 1, total, "Escribiendo los textos por región en el PDF")
        yield out
    progress(total, total, "Escribiendo los textos por región en el PDF")


def write_report(central: CentralDB, *, pdf_path: str | Path | None = None,
                 xlsx_path: str | Path | None = None, anio: int | None = None,
                 servicio: str | None = None, paper: str | None = None,
                 textos: bool = False,
                 on_progress: Callable[[int, int, str], None] | None = None) -> list[Path]:
    """The consolidated «Todas las regiones» report as PDF and/or XLSX: both or neither.

    By default the report is the summary: in the PDF the consolidated header, the
    summary by region with totals, the region × status matrices and charts, and the
    national form apart; in the XLSX the same summary and matrices with charts (and
    the national form).  ``textos`` adds everything the regions wrote: to the PDF, every
    official form in full, region by region, with a PDF bookmark per region and per
    service; to the XLSX, a sheet per table with every region's rows (region and
    service columns) and «Textos por región».
    Provisional (open conflicts, missing regions) reports are written too; every
    PDF page footer then says «PROVISIONAL» and the first page says why.
    ``on_progress(done, total, what)`` is told how the work advances.
    """
    from sernam_desktop import settings

    progress = Progress(on_progress)
    progress(0, 1, "Leyendo la base central", force=True)
    basis = report_basis(central, anio, servicio)
    status = report_status(basis)
    paper = paper or settings.load().paper
    payloads: list[tuple[Path, bytes]] = []
    if pdf_path:
        from sernam_desktop import pdf

        appendix = _pdf_appendix(status, basis.form, paper, basis, page_break=False)
        head = _consolidated_shell(basis, {basis.form.header.key: consolidated_header(basis)})
        n = len(appendix)

        def built(kind: str, value: int) -> None:
            if kind == "PROGRESS" and not textos:  # the annex reports form by form
                progress(min(value, n), n, "Escribiendo el PDF")

        payloads.append((Path(pdf_path), pdf.form_pdf_bytes(
            head, paper=paper, region_column=True, preface=_pdf_preface(basis, paper),
            appendix=appendix, header_only=True, on_progress=built,
            more=_texts_annex(basis, paper, progress) if textos else None)))
    if xlsx_path:
        progress(0, 1, "Preparando el Excel", force=True)
        try:
            doc = consolidated(central, basis=basis) if textos else None
            payloads.append((Path(xlsx_path), report_xlsx_bytes(basis, doc, status)))
        except Exception as exc:  # noqa: BLE001 - one region's text must never stop the report
            raise UserError(f"No se pudo preparar el informe en Excel ({exc}); no se escribió "
                            "ningún archivo.") from None
    progress(1, 1, "Escribiendo los archivos", force=True)
    _write_all(payloads)
    return [p for p, _ in payloads]


def export_region(central: CentralDB, region: str, out: str | Path, *, anio: int | None = None,
                  servicio: str | None = None) -> Path:
    """A region's official form as .json, .pdf or .xlsx (by the file's extension)."""
    from sernam_desktop.interchange import dumps, write_atomic

    out = Path(out)
    ext = out.suffix.lower()
    if ext not in (".json", ".pdf", ".xlsx"):
        raise UserError(f"No sé exportar a «{out.suffix or out.name}»: use .pdf, .xlsx o .json.")
    _row, doc = central.region_document(region, anio, servicio)
    if ext == ".json":
        write_atomic(out, dumps(doc))
    elif ext == ".pdf":
        from sernam_desktop import pdf, settings

        pdf.write_form_pdf(doc, out, paper=settings.load().paper)
    else:
        from sernam_desktop import xlsx

        xlsx.write_form_xlsx(doc, out)
    return out


# ----------------------------------------------------------------- diff --
_INSTANCE_STANDARD = ("uuid", "revision", "state", "created_at", "updated_at", "sent_at")
HASH_PREFIX = 12


def version_facts(central: CentralDB, sid: int) -> dict[str, Any]:
    """What tells a version apart: revision, times, bundle file, hash prefix, office form."""
    s = central.submission(sid)
    inst = (central.document(sid).get("instance") or {})
    extra = {k: v for k, v in inst.items() if k not in _INSTANCE_STANDARD}
    return {
        "version": s["id"], "revision": s["revision"], "state": s["state"],
        "received_at": s["received_at"], "exported_at": s["exported_at"],
        "updated_at": inst.get("updated_at"), "bundle_name": s["bundle_name"],
        "content_hash": s["content_hash"], "instance_uuid": s["instance_uuid"],
        "servicio": s["servicio"], "region": s["region"], "anio": s["anio"],
        "app_version": s["app_version"], "complete": bool(s["complete"]),
        "missing": s["missing"], "instance_extra": extra,
    }


def _shown(f: Any, value: Any) -> str:
    v = "" if value is None else str(value)
    if f is not None and f.kind == "choice" and f.choices and v:
        return f.choices.label_of(v)
    if f is not None and f.kind == "region" and v:
        return _region_name(v)
    return v


def compare_documents(form: FormDefinition, a: dict[str, Any], b: dict[str, Any]
                      ) -> list[dict[str, Any]]:
    """Every field and table cell of two documents, side by side, in form order.

    Each item: section, section_title, row (1-based, tables), field, label,
    a, b (as shown to people), differs.  Table rows are paired by row id when
    both versions give ids, else by position; a row only one side has differs.
    """
    out: list[dict[str, Any]] = []
    da, db = a.get("data") or {}, b.get("data") or {}
    for sec in form.sections:
        if not sec.is_table:
            va, vb = da.get(sec.key) or {}, db.get(sec.key) or {}
            for f in sec.fields:
                x, y = str(va.get(f.key, "") or ""), str(vb.get(f.key, "") or "")
                out.append({"section": sec.key, "section_title": sec.title, "row": None,
                            "field": f.key, "label": f.label, "a": _shown(f, x),
                            "b": _shown(f, y), "differs": x.strip() != y.strip()})
            continue
        ra, rb = list(da.get(sec.key) or []), list(db.get(sec.key) or [])
        if ra and rb and all(r.get("id") for r in ra + rb):
            ids = [r["id"] for r in ra] + [r["id"] for r in rb if r["id"] not in
                                           {x["id"] for x in ra}]
            by_a, by_b = {r["id"]: r for r in ra}, {r["id"]: r for r in rb}
            pairs = [(by_a.get(i), by_b.get(i)) for i in ids]
        else:
            n = max(len(ra), len(rb))
            pairs = [(ra[i] if i < len(ra) else None, rb[i] if i < len(rb) else None)
                     for i in range(n)]
        for pos, (x, y) in enumerate(pairs, start=1):
            for c in sec.columns:
                vx = "" if x is None else str(x.get(c.key, "") or "")
                vy = "" if y is None else str(y.get(c.key, "") or "")
                out.append({"section": sec.key, "section_title": sec.title, "row": pos,
                            "field": c.key, "label": c.label,
                            "a": _shown(c, vx) if x is not None else None,
                            "b": _shown(c, vy) if y is not None else None,
                            "differs": (x is None) != (y is None) or vx.strip() != vy.strip()})
    return out


def conflict_diff(central: CentralDB, conflict_id: int) -> dict[str, Any]:
    """A conflict's two versions: facts and every field/cell compared (JSON-ready)."""
    c = central.conflict(conflict_id)
    sa, sb = c["submission_a"], c["submission_b"]
    da, db = central.document(sa), central.document(sb)
    form = get_form(da["form"]["id"], da["form"]["version"])
    if form is None:
        raise UserError("Formulario de una definición desconocida.")
    items = compare_documents(form, da, db)
    return {
        "conflict": {k: c[k] for k in ("id", "kind", "region", "anio", "servicio",
                                       "opened_at", "resolved_at", "official_submission")},
        "description": central.describe_conflict(c),
        "versions": [version_facts(central, sa), version_facts(central, sb)],
        "items": items,
        "differences": sum(1 for i in items if i["differs"]),
    }


def _fact_rows(v: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [
        ("Versión N°", str(v["version"])),
        ("Revisión", str(v["revision"])),
        ("Estado", state_label(v["state"])),
        ("Recibida", local_time(v["received_at"], seconds=True)),
        ("Exportada", local_time(v["exported_at"], seconds=True)),
        ("Última edición", local_time(v["updated_at"], seconds=True)),
        ("Archivo recibido", v["bundle_name"] or ""),
        ("Hash del contenido", (v["content_hash"] or "")[:HASH_PREFIX]),
        ("Formulario (archivo de oficina)", v["instance_uuid"]),
        ("Servicio", v["servicio"]),
        ("Completo", "sí" if v["complete"] else f"no ({v['missing']} dato(s) faltante(s))"),
    ]
    for k, val in v["instance_extra"].items():
        rows.append((k, json.dumps(val, ensure_ascii=False) if not isinstance(val, str) else val))
    return rows


def fact_table(diff: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(label, version A, version B) lines of what tells the two versions apart."""
    a, b = (_fact_rows(v) for v in diff["versions"])
    labels = [lbl for lbl, _ in a] + [lbl for lbl, _ in b if lbl not in dict(a)]
    da, db = dict(a), dict(b)
    return [(lbl, da.get(lbl, ""), db.get(lbl, "")) for lbl in labels]


def diff_text(diff: dict[str, Any], *, everything: bool = False, width: int = 300) -> str:
    """The diff as Spanish text for the terminal (long values cut at ``width``)."""
    def cut(v: str | None) -> str:
        if v is None:
            return "(la fila no existe en esta versión)"
        v = " ".join(v.split()) or "(vacío)"
        return v if len(v) <= width else v[:width - 1] + "…"

    facts = fact_table(diff)
    w = max(len(lbl) for lbl, _, _ in facts) + 2
    col = max(24, max(len(a) for _, a, _ in facts) + 2)
    lines = [diff["description"], "",
             f"  {'':<{w}}{'Versión A':<{col}}Versión B"]
    for lbl, a, b in facts:
        mark = "  " if a == b else "≠ "
        lines.append(f"{mark}{lbl:<{w}}{a:<{col}}{b}".rstrip())
    shown = [i for i in diff["items"] if everything or i["differs"]]
    lines.append("")
    lines.append(f"Campos y celdas distintos: {diff['differences']}."
                 + ("" if everything else " (--todo muestra también los iguales)"))
    for i in shown:
        where = i["section_title"] + (f" · fila {i['row']}" if i["row"] else "") + \
            f" · {i['label']}"
        lines.append("")
        lines.append(("≠ " if i["differs"] else "= ") + where)
        lines.append(f"    A: {cut(i['a'])}")
        lines.append(f"    B: {cut(i['b'])}")
    if any(len(i["a"] or "") > width or len(i["b"] or "") > width for i in shown):
        lines.append("")
        lines.append("Textos largos recortados; --json da el texto completo.")
    return "\n".join(lines) + "\n"
