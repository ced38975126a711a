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
from datetime import date
from pathlib import Path
from typing import Any

from sernam_desktop.central import CentralDB, _region_name
from sernam_desktop.errors import UserError
from sernam_desktop.forms import FormDefinition, get_form
from sernam_desktop.regions import NATIONAL_CODE, all_choices, by_code
from sernam_desktop.store import STATE_LABELS


def consolidated(central: CentralDB, anio: int | None = None,
                 servicio: str | None = None) -> dict[str, Any]:
    """The consolidated «Todas las regiones» document; table rows carry ``_region``."""
    anio = central.default_year(anio)
    if anio is None:
        raise UserError("La base central todavía no tiene formularios.")
    rows = central.current(anio, None, servicio)
    if not rows:
        raise UserError(f"No hay formularios para {anio} en la base central.")
    order = {r.code: i for i, r in enumerate(all_choices())}
    rows.sort(key=lambda r: (order.get(r["region"], 99), r["servicio"], r["id"]))
    docs = [(r, central.document(r["id"])) for r in rows]
    form = get_form(rows[0]["form_id"], rows[0]["form_version"])
    if form is None:
        raise UserError("La base central tiene formularios de una definición desconocida.")
    services = sorted({r["servicio"] for r in rows})
    data: dict[str, Any] = {}
    for sec in form.sections:
        if sec.is_table:
            out_rows = []
            for r, d in docs:
                for row in d["data"].get(sec.key) or []:
                    out_rows.append({**row, "_region": r["region"]})
            data[sec.key] = out_rows
        elif sec.key == form.header.key:
            vals = {f.key: "" for f in sec.fields}
            vals.update({
                "servicio": services[0] if len(services) == 1
                else f"Varios servicios ({len(services)})",
                "region": NATIONAL_CODE,
                "anio": str(anio),
                "fecha": date.today().isoformat(),
            })
            if "responsable" in vals:
                vals["responsable"] = f"Nivel Central — consolidado de {len(rows)} formulario(s)"
            data[sec.key] = vals
        else:
            vals = {}
            for f in sec.fields:
                parts = []
                for r, d in docs:
                    v = str((d["data"].get(sec.key) or {}).get(f.key, "")).strip()
                    if v:
                        who = by_code(r["region"])
                        label = who.short if who else r["region"]
                        if len(services) > 1:
                            label += f" ({r['servicio']})"
                        parts.append(f"{label}: {v}")
                vals[f.key] = "\n\n".join(parts)
            data[sec.key] = vals
    return {
        "format": "sernam-desktop.instance",
        "format_version": 1,
        "form": {"id": form.id, "version": form.version},
        "instance": {"uuid": "00000000-0000-0000-0000-000000000000", "revision": 1,
                     "state": "borrador", "created_at": None, "updated_at": None,
                     "sent_at": None},
        "data": data,
        "consolidated": {
            "anio": anio, "forms": len(rows),
            "regions": sorted({r["region"] for r in rows}),
            # the free-text sections of each form, for layouts that keep them apart
            "texts": [{"region": r["region"], "servicio": r["servicio"],
                       "values": {sec.key: d["data"].get(sec.key) or {}
                                  for sec in form.field_sections
                                  if sec.key != form.header.key}}
                      for r, d in docs],
        },
    }


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


def state_label(state: str | None) -> str:
    return STATE_LABELS.get(state or "", state or "")


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
            (r["received_at"] or "")[:16].replace("T", " "),
            f"{r['complete']} de {r['forms']}" if r["forms"] else "",
            r["missing"] if r["forms"] else "", r["conflicts"] or "",
        ])
    return head, rows


def _pdf_appendix(status: dict[str, Any], form: FormDefinition, paper: str) -> list[Any]:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape

    from sernam_desktop import pdf

    st = pdf.styles()
    font = getattr(pdf, "FONT", "Helvetica")
    bold = getattr(pdf, "FONT_BOLD", "Helvetica-Bold")
    accent = getattr(pdf, "ACCENT", colors.Color(0.12, 0.3, 0.47))
    rule = getattr(pdf, "RULE", colors.Color(0.6, 0.65, 0.7))
    width = pdf.page_size(paper)[0] - 2 * getattr(pdf, "MARGIN", 40)
    cell, head_style = st["cell"], st["cell_head"]

    num = ParagraphStyle("num", cell, alignment=TA_RIGHT)
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

    out: list[Any] = [PageBreak(),
                      Paragraph("Resumen por región", st["objective"]),
                      Paragraph(escape(f"Año {status['anio']}. Situación de cada región en la "
                                       "base central: formularios vigentes, última revisión "
                                       "recibida, completitud y conflictos por resolver."),
                                st["help"])]
    head, rows = _summary_rows(status)
    out.append(table(head, rows, [4.2, 1.6, 1.6, 1.3, 2.4, 1.6, 1.7, 1.5]))
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
                       [2.0, *[1.7] * len(choices), 0.8], hc, total=True,
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
    return out


XLSX_CELL_MAX = 32_767
XLSX_TEXTS_NOTE = "El texto de cada región está en la hoja «Textos por región»."


def _xlsx_doc(doc: dict[str, Any], form: FormDefinition) -> dict[str, Any]:
    """The consolidated doc for Excel: free texts move to their own sheet (cell limit)."""
    out = {**doc, "data": dict(doc["data"])}
    for sec in form.field_sections:
        if sec.key == form.header.key:
            continue
        out["data"][sec.key] = {k: (XLSX_TEXTS_NOTE if v else "")
                                for k, v in doc["data"][sec.key].items()}
    return out


def _xlsx_texts(wb: Any, doc: dict[str, Any], form: FormDefinition) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet("Textos por región")
    cols = [(sec, f) for sec in form.field_sections if sec.key != form.header.key
            for f in sec.fields]
    ws.append(["Región", "Servicio", *[f"{sec.title}: {f.label}" for sec, f in cols]])
    for c in ws[1]:
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = PatternFill("solid", fgColor="1F4D78")
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for t in doc["consolidated"]["texts"]:
        row = [_region_name(t["region"]), t["servicio"]]
        for sec, f in cols:
            v = str((t["values"].get(sec.key) or {}).get(f.key, ""))
            if len(v) > XLSX_CELL_MAX:
                v = v[:XLSX_CELL_MAX - 60] + " […] (texto completo en el informe PDF)"
            row.append(v)
        ws.append(row)
        for c in ws[ws.max_row]:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 24
    for i in range(len(cols)):
        ws.column_dimensions[chr(ord("C") + i)].width = 60
    ws.freeze_panes = "C2"


def _xlsx_summary(wb: Any, status: dict[str, Any], form: FormDefinition,
                  doc: dict[str, Any]) -> bytes:
    """Add the texts and summary sheets to the workbook ``wb``; the file's bytes."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill

    _xlsx_texts(wb, doc, form)
    ws = wb.create_sheet("Resumen por región")
    bold = Font(bold=True)
    white = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4D78")
    ws.append([f"Resumen por región — año {status['anio']}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    head, rows = _summary_rows(status)
    ws.append(head)
    for c in ws[ws.max_row]:
        c.font, c.fill = white, fill
    for r in rows:
        ws.append(r)
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
        for _ in range(max(0, 24 - (last - hrow))):
            ws.append([])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_report(central: CentralDB, *, pdf_path: str | Path | None = None,
                 xlsx_path: str | Path | None = None, anio: int | None = None,
                 servicio: str | None = None, paper: str | None = None) -> list[Path]:
    """The consolidated «Todas las regiones» report as PDF and/or XLSX."""
    from sernam_desktop import settings
    from sernam_desktop.interchange import write_atomic

    doc = consolidated(central, anio, servicio)
    form = get_form(doc["form"]["id"], doc["form"]["version"])
    status = central.status(doc["consolidated"]["anio"])
    paper = paper or settings.load().paper
    written = []
    if pdf_path:
        from sernam_desktop import pdf

        pdf.write_form_pdf(doc, pdf_path, paper=paper, region_column=True,
                           appendix=_pdf_appendix(status, form, paper))
        written.append(Path(pdf_path))
    if xlsx_path:
        from sernam_desktop import xlsx

        wb = xlsx.build_workbook(_xlsx_doc(doc, form), region_column=True)
        payload = _xlsx_summary(wb, status, form, doc)
        write_atomic(xlsx_path, payload)
        written.append(Path(xlsx_path))
    return written


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
