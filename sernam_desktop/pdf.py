"""The completed form as a PDF (reportlab), generated from the form definition.

Layout follows the official form: title block, header fields, a summary of the
row statuses (counts and a small bar chart), OBJETIVO N°1 with one table per
Actividad, OBJETIVO N°2, OBJETIVO N°3 (INFORME EJECUTIVO in three parts) and
the notes.  Every page is landscape (Carta by default, A4 on request) and
carries the service, region and year in its header and "Página X de Y" in its
footer.

Details worth knowing:

* Text is set in DejaVu Sans, shipped in ``resources/fonts`` and embedded as
  a subset (Helvetica would not be embedded and lacks “ ” — glyphs on some
  viewers).  ``register_fonts()`` and ``styles()`` are public so that the
  central office's consolidated report uses the same look.
* Table cells may be taller than a page: tables use ``splitInRow=1`` so a row
  continues on the next page instead of being clipped, and ``repeatRows=1``
  repeats the column headings.  A cell keeps its paragraph breaks (a blank
  line starts a new paragraph, a single newline is a line break).
* "Página X de Y" needs the page count, known only at the end: the canvas
  defers each page and stamps the numbers when it saves.
* ``invariant=True`` fixes dates and the document id, so the same data gives
  byte-identical files (tests and bundles rely on it).
* The file is written atomically (temp + rename): never a half-written PDF.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from sernam_desktop import APP_NAME, __version__
from sernam_desktop.errors import UserError
from sernam_desktop.forms import Field, FormDefinition, Section
from sernam_desktop.interchange import export_instance, form_of_document, write_atomic
from sernam_desktop.paths import resources_dir
from sernam_desktop.regions import by_code
from sernam_desktop.store import STATE_COMPLETE, STATE_DRAFT, STATE_LABELS, Store
from sernam_desktop.validation import completeness, status_counts

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
# Emoji and symbols DejaVu Sans lacks (a subset of Symbola, see resources/fonts/).
FONT_SYMBOLS = "SernamSymbols"
_FONT_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf",
               FONT_SYMBOLS: "SernamSymbols.ttf"}

PAPERS = {"letter": LETTER, "a4": A4}
PAPER_LABELS = {"letter": "Carta", "a4": "A4"}
LANG = "es-CL"

# Whole points and two-decimal colours keep the page streams short (the PDF
# travels inside the bundle e-mailed to the central office).
MARGIN = 40  # ≈ 1.4 cm
HEADER_BAND = 24  # space above the frame for the running header
FOOTER_BAND = 24

INK = colors.Color(0.1, 0.1, 0.1)
MUTED = colors.Color(0.36, 0.41, 0.46)
ACCENT = colors.Color(0.12, 0.3, 0.47)  # dark blue for headings and table heads
RULE = colors.Color(0.6, 0.65, 0.7)
LABEL_BG = colors.Color(0.93, 0.95, 0.97)
EMPTY_TEXT = "—"
REGION_COLUMN_LABEL = "Región"
REGION_COLUMN_WIDTH = 1.5  # relative, like the definition's widths

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PARA_SPLIT_RE = re.compile(r"\n[ \t]*\n+")


# ----------------------------------------------------------------- fonts ---
def register_fonts() -> tuple[str, str]:
    """Register the shipped DejaVu Sans faces with reportlab (idempotent).

    Returns the (regular, bold) font names; ``<b>`` in paragraph markup maps
    to the bold face (there is no italic face: it would add ~10 KB to every
    PDF).  Also turns off reportlab's ASCII85 stream encoding, which only
    makes the files 25 % larger.
    """
    rl_config.useA85 = 0
    registered = set(pdfmetrics.getRegisteredFontNames())
    if not all(name in registered for name in _FONT_FILES):
        folder = resources_dir() / "fonts"
        for name, file in _FONT_FILES.items():
            if name in registered:
                continue
            path = folder / file
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except Exception as exc:  # missing or damaged file in an install
                raise UserError(
                    f"No se pudo cargar la fuente «{path}» ({exc}); reinstale la aplicación."
                ) from None
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                      boldItalic=FONT_BOLD)
    return FONT, FONT_BOLD


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK,
                          alignment=TA_LEFT, splitLongWords=1)
    s = {
        "body": base,
        "institution": ParagraphStyle("institution", base, fontName=FONT_BOLD, fontSize=9,
                                      leading=12, textColor=MUTED, alignment=TA_CENTER),
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=18, leading=22,
                                textColor=ACCENT, alignment=TA_CENTER, spaceBefore=2,
                                spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=12.5, leading=16,
                                   alignment=TA_CENTER),
        "program": ParagraphStyle("program", base, fontSize=10, leading=13, textColor=MUTED,
                                  alignment=TA_CENTER, spaceAfter=10),
        "objective": ParagraphStyle("objective", base, fontName=FONT_BOLD, fontSize=13,
                                    leading=17, textColor=ACCENT, spaceBefore=12, spaceAfter=2),
        "objective_title": ParagraphStyle("objective_title", base, fontSize=11, leading=14,
                                          spaceAfter=6),
        "activity": ParagraphStyle("activity", base, fontName=FONT_BOLD, fontSize=10.5,
                                   leading=14, spaceBefore=8, spaceAfter=4),
        "heading": ParagraphStyle("heading", base, fontName=FONT_BOLD, fontSize=11.5,
                                  leading=15, textColor=ACCENT, spaceBefore=8, spaceAfter=4),
        "label": ParagraphStyle("label", base, fontName=FONT_BOLD, fontSize=10, leading=13,
                                spaceBefore=8, spaceAfter=1),
        "help": ParagraphStyle("help", base, fontSize=8, leading=10.5,
                               textColor=MUTED, spaceAfter=3),
        "field": ParagraphStyle("field", base, spaceAfter=4),
        "empty": ParagraphStyle("empty", base, textColor=MUTED),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=11, spaceAfter=3),
        "cell_head": ParagraphStyle("cell_head", base, fontName=FONT_BOLD, fontSize=8.5,
                                    leading=10.5, textColor=colors.white),
        "status": ParagraphStyle("status", base, fontName=FONT_BOLD, fontSize=8.5, leading=11),
        "small": ParagraphStyle("small", base, fontSize=8, leading=10, textColor=MUTED),
    }
    return s


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of the form PDF, keyed by role.

    Each is a fresh child of ours (``ParagraphStyle(name, parent=…)``), so callers
    such as the central report may change sizes or colours without affecting
    the form PDF.  Keys: body, institution, title, subtitle, program, objective,
    objective_title, activity, heading, label, help, field, empty, cell,
    cell_head, status, small.
    """
    return {k: ParagraphStyle(v.name, parent=v) for k, v in _styles().items()}


# ------------------------------------------------------------------ text ---
def clean_text(text: Any) -> str:
    """A value as plain text: newlines normalised, control characters dropped."""
    t = "" if text is None else str(text)
    t = t.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL_RE.sub("", t)


# Zero-width joiners and emoji variation selectors have no glyph of their own.
_INVISIBLE = {0x200D, 0xFE0E, 0xFE0F}
_MISSING = "\ufffd"  # what prints for a character no shipped font has


@lru_cache(maxsize=1)
def _coverage() -> tuple[frozenset[int], frozenset[int]]:
    register_fonts()
    main = frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)
    symbols = frozenset(pdfmetrics.getFont(FONT_SYMBOLS).face.charToGlyph)
    return main | {0x0A}, symbols


def markup(text: str) -> str:
    """Plain text → Paragraph markup (escaped; single newlines become <br/>).

    Characters DejaVu Sans lacks (emoji, many symbols) are set in the symbols
    face; those no shipped font has print as «�» instead of an empty box.
    """
    main, symbols = _coverage()
    if all(ord(c) in main for c in text):
        return escape(text).replace("\n", "<br/>")
    out: list[str] = []
    run: list[str] = []
    for c in text:
        cp = ord(c)
        if cp in _INVISIBLE:
            continue
        if cp in main:
            if run:
                out.append(f'<font name="{FONT_SYMBOLS}">{escape("".join(run))}</font>')
                run = []
            out.append(escape(c))
        elif cp in symbols:
            run.append(c)
        else:
            if run:
                out.append(f'<font name="{FONT_SYMBOLS}">{escape("".join(run))}</font>')
                run = []
            out.append(_MISSING)
    if run:
        out.append(f'<font name="{FONT_SYMBOLS}">{escape("".join(run))}</font>')
    return "".join(out).replace("\n", "<br/>")


def paragraphs(text: Any, style: ParagraphStyle, empty: str | None = EMPTY_TEXT,
               empty_style: ParagraphStyle | None = None) -> list[Flowable]:
    """Plain text as a list of Paragraphs, one per blank-line-separated paragraph."""
    t = clean_text(text).strip()
    if not t:
        if empty is None:
            return []
        return [Paragraph(escape(empty), empty_style or style)]
    out: list[Flowable] = []
    for chunk in _PARA_SPLIT_RE.split(t):
        chunk = chunk.strip("\n")
        if chunk.strip():
            out.append(Paragraph(markup(chunk), style))
    return out


def tint(hex_color: str, amount: float = 0.84) -> colors.Color:
    """``hex_color`` mixed with white (for status cell backgrounds)."""
    c = colors.HexColor(hex_color)
    return colors.Color(*(round(v + (1 - v) * amount, 2) for v in (c.red, c.green, c.blue)))


def split_width(width: float, weights: list[float]) -> list[float]:
    """``width`` shared in proportion to ``weights``, in whole points."""
    total = sum(weights)
    out = [float(int(width * w / total)) for w in weights]
    out[-1] += width - sum(out)
    return out


def region_label(code: str, short: bool = False) -> str:
    r = by_code(code) if code else None
    if r is None:
        return code or ""
    return r.short if short else r.name


def status_flowable(f: Field, value: str) -> Paragraph:
    st = _styles()
    c = f.choices.get(value) if f.choices and value else None
    if c is None:
        return Paragraph(escape(value) if value else EMPTY_TEXT, st["empty"] if not value
                         else st["status"])
    return Paragraph(f'<font color="{c.color}">■</font> <font color="{c.color}">'
                     f"{escape(c.label)}</font>", st["status"])


# ----------------------------------------------------------- page layout ---
def page_size(paper: str) -> tuple[float, float]:
    if paper not in PAPERS:
        raise UserError(f"Tamaño de papel «{paper}» desconocido (use letter o a4).")
    return landscape(PAPERS[paper])


def _numbered_canvas(footer_right_margin: float, footer_y: float):
    """A canvas class that defers pages and stamps "Página X de Y" at save()."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._deferred: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab API)
            self._deferred.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._deferred)
            for number, state in enumerate(self._deferred, start=1):
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.setFillColor(MUTED)
                self.drawRightString(self._pagesize[0] - footer_right_margin, footer_y,
                                     f"Página {number} de {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


class _FormDocTemplate(BaseDocTemplate):
    def __init__(self, buf: io.BytesIO, *, pagesize: tuple[float, float], title_left: str,
                 header: str, footer: str, **kw: Any) -> None:
        super().__init__(buf, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN + HEADER_BAND, bottomMargin=MARGIN + FOOTER_BAND,
                         initialFontName=FONT, initialFontSize=9, initialLeading=12, **kw)
        self._title_left, self._header, self._footer = title_left, header, footer
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("form", [frame], onPage=self._decorate)])

    def _decorate(self, canv: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
        w, h = self.pagesize
        canv.saveState()
        top = h - MARGIN
        canv.setFont(FONT, 8)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN, top - 8, self._title_left)
        canv.setFont(FONT_BOLD, 8)
        canv.setFillColor(INK)
        canv.drawRightString(w - MARGIN, top - 8, self._header)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN, top - 12, w - MARGIN, top - 12)
        bottom = MARGIN
        canv.line(MARGIN, bottom + 12, w - MARGIN, bottom + 12)
        canv.setFont(FONT, 8)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN, bottom + 2, self._footer)
        canv.restoreState()


# ---------------------------------------------------------------- blocks ---
def _title_block(form: FormDefinition) -> list[Flowable]:
    st = _styles()
    out: list[Flowable] = []
    if form.institution:
        out.append(Paragraph(escape(form.institution.upper()), st["institution"]))
    out.append(Paragraph(escape(form.title), st["title"]))
    if form.subtitle:
        out.append(Paragraph(escape(form.subtitle), st["subtitle"]))
    if form.program:
        out.append(Paragraph(escape(form.program), st["program"]))
    return out


def _field_value_text(f: Field, value: str) -> str:
    if f.kind == "region" and value:
        return region_label(value)
    if f.kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or ""):
        y, m, d = value.split("-")
        return f"{d}-{m}-{y}"  # Chilean order
    return value


def _label_value_table(sec: Section, values: dict[str, Any], width: float) -> Table:
    st = _styles()
    rows = []
    for f in sec.fields:
        text = _field_value_text(f, clean_text(values.get(f.key, "")))
        rows.append([Paragraph(escape(f.label), st["status"]),
                     paragraphs(text, st["cell"], empty_style=st["empty"])])
    t = Table(rows, colWidths=split_width(width, [22, 78]), splitInRow=1)
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]))
    return t


def _table_section(sec: Section, rows: list[dict[str, Any]], width: float,
                   region_column: bool) -> Table:
    st = _styles()
    cols: list[Field | None] = ([None] if region_column else []) + list(sec.columns)
    widths = split_width(width, [REGION_COLUMN_WIDTH if c is None else c.width for c in cols])
    head = [Paragraph(escape(REGION_COLUMN_LABEL if c is None else c.label), st["cell_head"])
            for c in cols]
    data: list[list[Any]] = [head]
    style: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for r, row in enumerate(rows, start=1):
        line: list[Any] = []
        for ci, c in enumerate(cols):
            if c is None:
                line.append(Paragraph(escape(region_label(str(row.get("_region", "")),
                                                          short=True)) or EMPTY_TEXT,
                                      st["status"]))
            elif c.kind == "choice":
                value = clean_text(row.get(c.key, ""))
                line.append(status_flowable(c, value))
                choice = c.choices.get(value) if c.choices and value else None
                if choice is not None:
                    style.append(("BACKGROUND", (ci, r), (ci, r), tint(choice.color)))
            else:
                line.append(paragraphs(row.get(c.key, ""), st["cell"], empty_style=st["empty"]))
        data.append(line)
    if not rows:
        data.append([Paragraph("(sin filas)", st["empty"])] + [""] * (len(cols) - 1))
        style.append(("SPAN", (0, 1), (-1, 1)))
    # splitByRow=0: split *inside* the row that reaches the page foot.  With
    # splitByRow=1 reportlab first splits between rows, then places the rest
    # (repeated head row + part of the next row) in the space left on the same
    # page: a second head row in mid-page.
    t = Table(data, colWidths=widths, repeatRows=1, splitInRow=1, splitByRow=0)
    t.setStyle(TableStyle(style))
    return t


def style_bar_axes(ch: HorizontalBarChart, top: int, *, ticks: int, bar: float,
                   label_size: float = 7, font: str | None = None) -> None:
    """The look shared by every bar chart: category labels right-aligned at the
    axis, integer value axis from 0 to ``top`` in about ``ticks`` steps."""
    font = font or FONT
    ch.categoryAxis.labels.fontName = font
    ch.categoryAxis.labels.fontSize = label_size
    ch.categoryAxis.labels.boxAnchor = "e"
    ch.categoryAxis.labels.dx = -4
    ch.categoryAxis.visibleTicks = 0
    ch.valueAxis.valueMin = 0
    ch.valueAxis.valueMax = top
    ch.valueAxis.valueStep = max(1, -(-top // ticks))
    ch.valueAxis.labels.fontName = font
    ch.valueAxis.labels.fontSize = 7
    ch.valueAxis.labelTextFormat = "%d"
    ch.barWidth = bar
    ch.bars.strokeColor = None


def _status_chart(sec: Section, counts: dict[str, int], width: float) -> Drawing:
    """Horizontal bars, one per status (plus "Sin estado" when some rows lack one)."""
    sf = sec.status_field
    assert sf is not None and sf.choices is not None
    items = [(c.label, counts.get(c.key, 0), c.color) for c in sf.choices.items]
    if counts.get("", 0):
        items.append(("Sin estado", counts[""], "#9e9e9e"))
    bar_h = 13
    height = 26 + bar_h * len(items) * 1.35
    d = Drawing(width, height)
    d.add(String(0, height - 11, f"{sec.title} · {sf.choices.label}", fontName=FONT_BOLD,
                 fontSize=8.5,
                 fillColor=INK))
    ch = HorizontalBarChart()
    ch.x, ch.y = 110, 14
    ch.width, ch.height = width - 140, height - 32
    ch.data = [[n for _, n, _ in reversed(items)]]
    ch.categoryAxis.categoryNames = [label for label, _, _ in reversed(items)]
    style_bar_axes(ch, max([n for _, n, _ in items] + [1]), ticks=5, bar=bar_h,
                   label_size=7.5)
    for i, (_, _, color) in enumerate(reversed(items)):
        ch.bars[(0, i)].fillColor = colors.HexColor(color)
    ch.barLabelFormat = "%d"
    ch.barLabels.fontName = FONT_BOLD
    ch.barLabels.fontSize = 7.5
    ch.barLabels.boxAnchor = "w"
    ch.barLabels.dx = 3
    d.add(ch)
    return d


def _summary(form: FormDefinition, data: dict[str, Any], width: float) -> list[Flowable]:
    st = _styles()
    counts = status_counts(form, data)
    if not counts:
        return []
    out: list[Flowable] = [Paragraph("Resumen de estados", st["heading"])]
    head = [Paragraph("Actividad", st["cell_head"]), Paragraph("Filas", st["cell_head"]),
            Paragraph("Estados", st["cell_head"])]
    rows: list[list[Any]] = [head]
    charts = []
    for sec in form.tables:
        if sec.key not in counts:
            continue
        c = counts[sec.key]
        sf = sec.status_field
        assert sf is not None and sf.choices is not None
        parts = [f'<font color="{ch.color}">■</font> {escape(ch.label)}: <b>{c[ch.key]}</b>'
                 for ch in sf.choices.items]
        if c[""]:
            parts.append(f"Sin estado: <b>{c['']}</b>")
        rows.append([Paragraph(escape(f"{sec.title} — {sf.choices.label}"), st["cell"]),
                     Paragraph(str(sum(c.values())), st["cell"]),
                     Paragraph("   ".join(parts), st["cell"])])
        charts.append(_status_chart(sec, c, width / 2 - 12))
    t = Table(rows, colWidths=split_width(width, [30, 7, 63]))
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    out.append(t)
    out.append(Spacer(1, 6))
    pairs = [charts[i:i + 2] for i in range(0, len(charts), 2)]
    grid = Table([p + [""] * (2 - len(p)) for p in pairs], colWidths=[width / 2] * 2)
    grid.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    out.append(grid)
    return out


def _fields_section(sec: Section, values: dict[str, Any], objective_title: str | None
                    ) -> list[Flowable]:
    st = _styles()
    out: list[Flowable] = []
    if sec.heading and sec.heading != objective_title:
        out.append(Paragraph(escape(sec.heading), st["heading"]))
    for f in sec.fields:
        text = _field_value_text(f, clean_text(values.get(f.key, "")))
        label = [Paragraph(escape(f.label), st["label"])]
        if f.help and f.help != f.label:
            label.append(Paragraph(escape(f.help), st["help"]))
        body = paragraphs(text, st["field"], empty="(sin completar)", empty_style=st["empty"])
        out.append(KeepTogether(label + body[:1]))  # no label orphaned at a page foot
        out.extend(body[1:])
    return out


# ------------------------------------------------------------- document ---
def _story(form: FormDefinition, data: dict[str, Any], width: float, region_column: bool,
           appendix: list[Flowable] | None) -> list[Flowable]:
    st = _styles()
    story: list[Flowable] = _title_block(form)
    header = form.header
    if header.heading:
        story.append(Paragraph(escape(header.heading), st["heading"]))
    story.append(_label_value_table(header, data.get(header.key) or {}, width))
    story.append(Spacer(1, 4))
    story.extend(_summary(form, data, width))
    current_obj: int | None = None
    for sec in form.sections:
        if sec.key == header.key:
            continue
        obj = form.objective(sec.objective) if sec.objective is not None else None
        if sec.objective is not None and sec.objective != current_obj:
            current_obj = sec.objective
            # Objetivo N°1 (the big tables) starts on a fresh page after the
            # summary; the short ones only need room for their first lines.
            story.append(PageBreak() if sec.is_table else CondPageBreak(5 * cm))
            story.append(Paragraph(f"OBJETIVO N°{sec.objective}", st["objective"]))
            if obj is not None:
                story.append(Paragraph(escape(obj.title), st["objective_title"]))
        if sec.is_table:
            heading = f"{sec.title}: {sec.heading}" if sec.heading else sec.title
            title = Paragraph(escape(heading), st["activity"])
            table = _table_section(sec, list(data.get(sec.key) or []), width, region_column)
            if story and not isinstance(story[-1], Paragraph):
                story.append(CondPageBreak(4 * cm))  # heading + head row + some lines
            story.append(title)
            if sec.help:
                story.append(Paragraph(escape(sec.help), st["help"]))
            story.append(table)
        else:
            if sec.objective is None:
                story.append(CondPageBreak(3 * cm))
                current_obj = None
            story.extend(_fields_section(sec, data.get(sec.key) or {},
                                         obj.title if obj else None))
    if appendix:
        story.extend(appendix)
    return story


def _state_label(form: FormDefinition, doc: dict[str, Any]) -> str:
    inst = doc.get("instance") or {}
    # issue 15: «Recibido» / «Devuelto con observaciones» when export_pdf knows it
    state = inst.get("lifecycle") or inst.get("state") or STATE_DRAFT
    if state == STATE_DRAFT and not completeness(form, doc.get("data") or {}):
        state = STATE_COMPLETE
    return STATE_LABELS.get(state, state)


def form_pdf_bytes(doc: dict[str, Any], *, paper: str = "letter", invariant: bool = False,
                   region_column: bool = False, appendix: list[Flowable] | None = None) -> bytes:
    """The PDF of an interchange document, as bytes."""
    register_fonts()
    form = form_of_document(doc)
    size = page_size(paper)
    data = doc.get("data") or {}
    head = data.get(form.header.key) or {}
    servicio = clean_text(head.get("servicio", "")).strip() or form.institution
    region = region_label(str(head.get("region", "")))
    anio = clean_text(head.get("anio", "")).strip()
    inst = doc.get("instance") or {}
    ident = " · ".join(p for p in (servicio, region, anio) if p)
    footer = f"{form.title} — {_state_label(form, doc)}"
    if inst.get("revision"):
        footer += f", revisión {inst['revision']}"
    if not invariant:
        footer += f" · generado el {datetime.now().strftime('%d-%m-%Y %H:%M')}"
    buf = io.BytesIO()
    tpl = _FormDocTemplate(
        buf, pagesize=size, header=ident, footer=footer,
        title_left=f"{form.title} · {form.program}" if form.program else form.title,
        title=f"{form.title} — {ident}",
        author=servicio,
        subject=f"{form.subtitle} ({form.program})" if form.program else form.subtitle,
        creator=f"{APP_NAME} {__version__}",
        keywords=[form.program, form.institution, region, anio],
        lang=LANG,
        invariant=1 if invariant else 0,
    )
    story = _story(form, data, tpl.width, region_column, appendix)
    canvasmaker = _numbered_canvas(MARGIN, MARGIN + 2)
    tpl.build(story, canvasmaker=canvasmaker)
    return buf.getvalue()


def write_form_pdf(doc: dict[str, Any], path: str | Path, *, paper: str = "letter",
                   invariant: bool = False, region_column: bool = False,
                   appendix: list[Flowable] | None = None) -> None:
    """Write the PDF of an interchange document to ``path`` (atomically).

    ``doc`` is as returned by :func:`interchange.export_instance`; table rows
    may carry ``"_region"`` (a region code) shown in a first "Región" column
    when ``region_column`` is true.  ``appendix`` flowables go at the end.
    """
    payload = form_pdf_bytes(doc, paper=paper, invariant=invariant,
                             region_column=region_column, appendix=appendix)
    write_atomic(path, payload)


def export_pdf(store: Store, instance_id: str, path: str | Path, *, paper: str = "letter",
               invariant: bool = False) -> None:
    """Write the PDF of one form instance of ``store``."""
    doc = export_instance(store, instance_id)
    doc["instance"]["lifecycle"] = store.lifecycle(instance_id)  # issue 15: footer state
    write_form_pdf(doc, path, paper=paper, invariant=invariant)
