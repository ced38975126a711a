"""The completed form as a PDF (reportlab): the ministry's form, word for word.

The PDF prints only the form's *printed wording* (``print`` captions in
``forms/*.toml``, copied from the official form character for character) and
the data: no screen label, help text or app sentence.  Order and places follow
the official form: title block, OBJETIVO N°1 with SERVICIO/REGIÓN and one table
per Actividad, OBJETIVO N°2, OBJETIVO N°3 (INFORME EJECUTIVO), then the
footnote.  An empty cell prints empty; an empty part prints ruled lines to
write on.  The status columns, the «Resumen de estados» and its charts are not
part of the official form: ``anexo=True`` adds them after the form, under
«Anexo: estado de avance».  Every page is landscape (Carta by default, A4 on
request) and carries the service, region and year in its header and
"Página X de Y" in its footer.

Pagination (see :class:`FormTable`): a section heading stays with its table's
header row and first data row; a row is split only when it does not fit on a
page of its own, and then with at least 3 lines on each side; a continued
table repeats its header row under «… (continuación)».  The footnote is never
pushed alone onto a page when it fits on the previous one.

Details worth knowing:

* Text is set in DejaVu Sans, shipped in ``resources/fonts`` and embedded as
  a subset; nothing references an unembedded font (charts too), and each
  embedded subset gets its own tag.  ``register_fonts()`` and ``styles()`` are
  public so that the central office's consolidated report uses the same look.
* "Página X de Y" needs the page count, known only at the end: the canvas
  defers each page and stamps the numbers when it saves.
* ``invariant=True`` fixes dates and the document id, so the same data gives
  byte-identical files (tests and bundles rely on it).
* The renderer takes a document (:func:`interchange.export_instance`'s JSON),
  never a Store.  The file is written atomically: never a half-written PDF.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics import shapes as rl_shapes
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
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
from sernam_desktop.document import form_of_document
from sernam_desktop.errors import UserError
from sernam_desktop.files import write_atomic
from sernam_desktop.forms import Field, FormDefinition, Section
from sernam_desktop.lifecycle import STATE_DRAFT, STATE_LABELS, lifecycle_state
from sernam_desktop.paths import resources_dir
from sernam_desktop.regions import by_code
from sernam_desktop.validation import status_counts

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
EMPTY_TEXT = ""  # an empty cell prints empty (the form is filled in by hand too)
ANNEX_TITLE = "Anexo: estado de avance"
CONTINUED = "(continuación)"
FOOTNOTE_MARK = "1"
MIN_SPLIT_LINES = 3  # a row split across pages keeps at least this many lines each side
WRITE_LINES = 4  # ruled lines printed for an empty part of the form
EMPTY_TABLE_ROWS = 3  # empty rows printed for a table without rows
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
        # No single line of a paragraph alone at a page foot or top.
        "field": ParagraphStyle("field", base, spaceAfter=4, allowWidows=0, allowOrphans=0),
        "empty": ParagraphStyle("empty", base, textColor=MUTED),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=11, spaceAfter=3),
        "cell_head": ParagraphStyle("cell_head", base, fontName=FONT_BOLD, fontSize=8.5,
                                    leading=10.5, textColor=colors.white),
        "status": ParagraphStyle("status", base, fontName=FONT_BOLD, fontSize=8.5, leading=11),
        "small": ParagraphStyle("small", base, fontSize=8, leading=10, textColor=MUTED),
        # The printed wording of the official form.
        "print_objective": ParagraphStyle("print_objective", base, fontName=FONT_BOLD,
                                          fontSize=11, leading=14.5, textColor=ACCENT,
                                          spaceBefore=10, spaceAfter=6),
        "print_section": ParagraphStyle("print_section", base, fontName=FONT_BOLD,
                                        fontSize=10.5, leading=14, spaceBefore=6, spaceAfter=2),
        "print_field": ParagraphStyle("print_field", base, fontName=FONT_BOLD, fontSize=10,
                                      leading=13, spaceBefore=8, spaceAfter=2),
        "print_sub": ParagraphStyle("print_sub", base, fontName=FONT_BOLD, fontSize=9.5,
                                    leading=12.5, spaceBefore=3, spaceAfter=2),
        "continued": ParagraphStyle("continued", base, fontName=FONT_BOLD, fontSize=8.5,
                                    leading=11, textColor=MUTED, spaceAfter=3),
        "footnote": ParagraphStyle("footnote", base, fontSize=8.5, leading=11),
    }
    return s


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of the form PDF, keyed by role.

    Each is a fresh child of ours (``ParagraphStyle(name, parent=…)``), so callers
    such as the central report may change sizes or colours without affecting
    the form PDF.  Keys: body, institution, title, subtitle, program, objective,
    objective_title, activity, heading, label, help, field, empty, cell,
    cell_head, status, small, print_objective, print_section, print_field,
    print_sub, continued, footnote.
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


class CellParagraph(Paragraph):
    """A Paragraph that remembers its wrap at a width: a table cell is wrapped to
    measure its row and again to draw it (the 500-row form wraps ~7000 of them)."""

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._wrapped is not None and self._wrapped[0] == availWidth:
            self.width, self.height = self._wrapped[1]
            return self._wrapped[1]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self._wrapped = None
        return super().split(availWidth, availHeight)


def paragraphs(text: Any, style: ParagraphStyle, empty: str | None = EMPTY_TEXT,
               empty_style: ParagraphStyle | None = None, *,
               cls: type[Paragraph] = Paragraph) -> list[Flowable]:
    """Plain text as a list of Paragraphs, one per blank-line-separated paragraph."""
    t = clean_text(text).strip()
    if not t:
        if not empty:
            return []
        return [Paragraph(escape(empty), empty_style or style)]
    out: list[Flowable] = []
    for chunk in _PARA_SPLIT_RE.split(t):
        chunk = chunk.strip("\n")
        if chunk.strip():
            out.append(cls(markup(chunk), style))
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
        return Paragraph(escape(value), st["status"])
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
            self._marks: list[tuple[str, str, int]] = []

        def outline_mark(self, key: str, title: str, level: int) -> None:
            """A PDF bookmark on this page (added when the page is really written:
            pages are deferred, so a bookmark made now would point at page 1)."""
            self._marks.append((key, title, level))

        def showPage(self) -> None:  # noqa: N802 (reportlab API)
            self._deferred.append(dict(self.__dict__))
            self._marks = []
            self._startPage()

        def save(self) -> None:
            total = len(self._deferred)
            for number, state in enumerate(self._deferred, start=1):
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.setFillColor(MUTED)
                self.drawRightString(self._pagesize[0] - footer_right_margin, footer_y,
                                     f"Página {number} de {total}")
                for key, title, level in state.get("_marks", []):
                    self.bookmarkPage(key)
                    self.addOutlineEntry(title, key, level=level, closed=level < 2)
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


# --------------------------------------------------------- paged tables ---
_CELL_PAD = (3, 1, 4, 4)  # top, bottom, left, right (points)


def _table_style(ncols: int, extra: list[tuple] | None = None) -> TableStyle:
    top, bottom, left, right = _CELL_PAD
    return TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), left),
        ("RIGHTPADDING", (0, 0), (-1, -1), right),
        *(extra or []),
    ])


class FormTable(Flowable):
    """A form table that paginates the way a person would accept.

    * ``lead`` (the section's printed captions) is drawn above the header row and
      never leaves it: the first part holds lead + header row + the first data
      row (or, for a row taller than a page, its first lines), else it moves to
      the next page whole.
    * Rows are kept whole; a row is split only when it does not fit on a page
      of its own (header row included), and then with at least
      ``MIN_SPLIT_LINES`` lines of its tallest cell on each side.
    * Each continued part repeats the header row under «<caption> (continuación)».

    ``page_height`` is the frame height (the room on an empty page).
    """

    def __init__(self, lead: list[Flowable], head: list[Any], rows: list[list[Any]],
                 col_widths: list[float], page_height: float, continued_label: str,
                 *, continued: bool = False, row_heights: list[float] | None = None,
                 min_heights: list[float] | None = None) -> None:
        super().__init__()
        self.lead = lead
        self.head = head
        self.rows = rows
        self._colWidths = col_widths
        self.page_height = page_height
        self.continued_label = continued_label
        self.continued = continued
        self._row_heights = row_heights
        self._min_heights = min_heights or [0.0] * len(rows)
        self._head_height: float | None = None
        self._over: list[tuple[Flowable, float]] | None = None
        self.spaceBefore = 4 if lead else 0

    # -- measuring ---------------------------------------------------------
    def _measure(self, rows: list[list[Any]], mins: list[float]) -> list[float]:
        if not rows:
            return []
        t = Table(rows, colWidths=self._colWidths, rowHeights=None)
        t.setStyle(_table_style(len(self._colWidths)))
        t.wrap(sum(self._colWidths), 1e9)
        return [max(h, m) for h, m in zip(t._rowHeights, mins)]

    def _overhead(self, width: float) -> list[tuple[Flowable, float]]:
        """The flowables drawn above the header row, with the height each takes."""
        if self._over is None:
            items = list(self.lead)
            if self.continued:
                items = [Paragraph(escape(f"{self.continued_label} {CONTINUED}"),
                                   _styles()["continued"])]
            out = []
            for i, f in enumerate(items):
                _, h = f.wrap(width, 1e9)
                before = f.getSpaceBefore() if i else 0
                out.append((f, before + h + f.getSpaceAfter()))
            self._over = out
        return self._over

    def _ensure(self, width: float) -> None:
        if self._row_heights is None:
            self._row_heights = self._measure(self.rows, self._min_heights)
        if self._head_height is None:
            self._head_height = self._measure([self.head], [0.0])[0]
        self._overhead(width)

    def _fixed(self) -> float:
        assert self._over is not None and self._head_height is not None
        return sum(h for _, h in self._over) + self._head_height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._ensure(availWidth)
        assert self._row_heights is not None
        self.width = sum(self._colWidths)
        self.height = self._fixed() + sum(self._row_heights)
        return self.width, self.height

    # -- splitting -----------------------------------------------------------
    def _part(self, rows: list[list[Any]], heights: list[float], mins: list[float], *,
              continued: bool) -> FormTable:
        part = FormTable([] if continued else self.lead, self.head, rows, self._colWidths,
                         self.page_height, self.continued_label,
                         continued=continued or self.continued, row_heights=heights,
                         min_heights=mins)
        part._head_height = self._head_height
        return part

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        assert self._row_heights is not None
        eps = 0.01
        if self.height <= availHeight + eps:
            return [self]
        room = availHeight - self._fixed()
        k, used = 0, 0.0
        for h in self._row_heights:
            if used + h > room + eps:
                break
            used += h
            k += 1
        rows, hs, mins = self.rows, self._row_heights, self._min_heights
        if k >= len(rows):
            return [self]
        own_page = self.page_height - self._fixed()
        if hs[k] <= own_page + eps:  # fits on a page of its own: never split it
            if k == 0:
                return []  # heading + header row + first row go on together
            return [self._part(rows[:k], hs[:k], mins[:k], continued=False),
                    self._part(rows[k:], hs[k:], mins[k:], continued=True)]
        pieces = self._split_row(rows[k], room - used, hs[k])
        if pieces is None:
            if k == 0:
                return []
            return [self._part(rows[:k], hs[:k], mins[:k], continued=False),
                    self._part(rows[k:], hs[k:], mins[k:], continued=True)]
        top, bottom, th, bh = pieces
        return [self._part(rows[:k] + [top], hs[:k] + [th], mins[:k] + [0.0], continued=False),
                self._part([bottom] + rows[k + 1:], [bh] + hs[k + 1:], [0.0] + mins[k + 1:],
                           continued=True)]

    def _split_row(self, row: list[Any], space: float, height: float
                   ) -> tuple[list[Any], list[Any], float, float] | None:
        """Cut ``row`` so its first part fits ``space``, with at least
        MIN_SPLIT_LINES lines of its tallest cell on each side (None: cannot)."""
        top_pad, bottom_pad, left, right = _CELL_PAD
        line = _styles()["cell"].leading
        content = height - top_pad - bottom_pad
        limit = min(space - top_pad - bottom_pad - 1, content - MIN_SPLIT_LINES * line)
        while limit >= MIN_SPLIT_LINES * line:
            top: list[Any] = []
            bottom: list[Any] = []
            for cell, w in zip(row, self._colWidths):
                a, b = _split_cell(cell, w - left - right, limit)
                top.append(a)
                bottom.append(b)
            if not any(top) or not any(bottom):
                return None
            th, bh = self._measure([top, bottom], [0.0, 0.0])
            lines_top = th - top_pad - bottom_pad
            lines_bottom = bh - top_pad - bottom_pad
            if th <= space and lines_top >= MIN_SPLIT_LINES * line - 1 \
                    and lines_bottom >= MIN_SPLIT_LINES * line - 1:
                return top, bottom, th, bh
            limit -= line  # paragraph spacing made the part taller: one line less
        return None

    # -- drawing -------------------------------------------------------------
    def draw(self) -> None:
        assert self._over is not None
        y = self.height
        for f, h in self._over:
            f.wrap(self.width, 1e9)
            top_gap = h - f.height - f.getSpaceAfter()
            f.drawOn(self.canv, 0, y - top_gap - f.height)
            y -= h
        t = Table([self.head] + self.rows, colWidths=self._colWidths,
                  rowHeights=[self._head_height] + list(self._row_heights or []))
        t.setStyle(_table_style(len(self._colWidths)))
        t.wrap(self.width, 1e9)
        t.drawOn(self.canv, 0, y - t._height)


def _split_cell(cell: Any, width: float, limit: float) -> tuple[list[Flowable], list[Flowable]]:
    """A cell's flowables cut at ``limit`` points of content height."""
    flows = cell if isinstance(cell, list) else [cell] if cell else []
    top: list[Flowable] = []
    used = 0.0
    for i, f in enumerate(flows):
        _, h = f.wrap(width, 1e9)
        before = f.getSpaceBefore() if top else 0
        if used + before + h <= limit:
            top.append(f)
            used += before + h + f.getSpaceAfter()
            continue
        parts = f.split(width, limit - used - before) if limit - used - before > 0 else []
        if len(parts) == 2:
            return top + [parts[0]], [parts[1]] + flows[i + 1:]
        return top, flows[i:]
    return top, []


def _cell_style_split() -> ParagraphStyle:
    """The cell style, splittable at any line (the row-level rule counts lines)."""
    st = ParagraphStyle("cell_split", parent=_styles()["cell"])
    st.allowWidows = 1
    st.allowOrphans = 1
    return st


# ---------------------------------------------------------------- blocks ---
def _field_value_text(f: Field, value: str) -> str:
    if f.kind == "region" and value:
        return region_label(value)
    if f.kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or ""):
        y, m, d = value.split("-")
        return f"{d}-{m}-{y}"  # Chilean order
    return value


def _caption(text: str, style: ParagraphStyle, mark: bool = False) -> Paragraph:
    sup = f"<super>{FOOTNOTE_MARK}</super>" if mark else ""
    return Paragraph(markup(text) + sup, style)


class WriteLines(Flowable):
    """Ruled lines to write on (an empty part of the form)."""

    def __init__(self, lines: int = WRITE_LINES, gap: float = 20) -> None:
        super().__init__()
        self.lines, self.gap = lines, gap

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = self.lines * self.gap
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        for i in range(1, self.lines + 1):
            y = self.height - i * self.gap + 2
            c.line(0, y, self.width, y)


def _footnote_targets(form: FormDefinition, data: dict[str, Any]) -> set[str]:
    """"section.field" captions that carry the footnote mark (only if the note has text)."""
    out = set()
    for sec in form.field_sections:
        values = data.get(sec.key) or {}
        for f in sec.fields:
            if f.footnote_of and clean_text(values.get(f.key, "")).strip():
                out.add(f.footnote_of)
    return out


def _header_block(sec: Section, values: dict[str, Any], width: float) -> Table | None:
    """SERVICIO: … / REGIÓN: … as on the form: caption, then the value."""
    st = _styles()
    rows = []
    for f in sec.fields:
        if f.print is None:
            continue
        text = _field_value_text(f, clean_text(values.get(f.key, "")))
        cell = paragraphs(text, st["field"], empty=None) or [WriteLines(1, 14)]
        rows.append([_caption(f.print, st["print_field"]), cell])
    if not rows:
        return None
    t = Table(rows, colWidths=split_width(width, [16, 84]))
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT),  # reportlab's default would be Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return t


def _table_section(sec: Section, rows: list[dict[str, Any]], width: float,
                   region_column: bool, *, lead: list[Flowable] | None = None,
                   page_height: float = 1e9, marks: set[str] | None = None) -> FormTable:
    """The section's printed columns as a :class:`FormTable` (status columns are not printed)."""
    st = _styles()
    cell_style = _cell_style_split()
    cols: list[Field | None] = ([None] if region_column else []) + [
        c for c in sec.columns if c.print is not None]
    widths = split_width(width, [REGION_COLUMN_WIDTH if c is None else c.width for c in cols])
    marks = marks or set()
    head = [Paragraph(escape(REGION_COLUMN_LABEL), st["cell_head"]) if c is None
            else _caption(c.print or "", st["cell_head"], f"{sec.key}.{c.key}" in marks)
            for c in cols]
    data: list[list[Any]] = []
    for row in rows:
        line: list[Any] = []
        for c in cols:
            if c is None:
                line.append([Paragraph(escape(region_label(str(row.get("_region", "")),
                                                          short=True)), st["status"])])
            else:
                text = clean_text(row.get(c.key, ""))
                if c.kind == "choice" and c.choices and text:
                    text = c.choices.label_of(text)
                line.append(paragraphs(text, cell_style, empty=None, cls=CellParagraph))
        data.append(line)
    mins = [0.0] * len(data)
    if not rows:  # room to fill the table in by hand
        data = [[[] for _ in cols] for _ in range(EMPTY_TABLE_ROWS)]
        mins = [5 * st["cell"].leading] * EMPTY_TABLE_ROWS
    label = sec.print[0] if sec.print else sec.title
    return FormTable(list(lead or []), head, data, widths, page_height, label, min_heights=mins)


def _fields_section(sec: Section, values: dict[str, Any], lead: list[Flowable]
                    ) -> list[Flowable]:
    """A fields section as printed: captions, sub-headings and text (or lines to write on)."""
    st = _styles()
    out: list[Flowable] = []
    pending = list(lead)  # captions that must stay with the first text that follows
    for f in sec.fields:
        if f.print is None or f.footnote_of:
            continue
        text = _field_value_text(f, clean_text(values.get(f.key, "")))
        caps = list(pending)
        pending = []
        if f.print:
            caps.append(_caption(f.print, st["print_field"]))
        caps.extend(_caption(s, st["print_sub"]) for s in f.print_sub)
        body: list[Flowable] = paragraphs(text, st["field"], empty=None) or [WriteLines()]
        out.append(KeepTogether(caps + body[:1]))  # no caption orphaned at a page foot
        out.extend(body[1:])
    if pending:
        out.append(KeepTogether(pending))
    return out


def _footnotes(form: FormDefinition, data: dict[str, Any], width: float) -> list[Flowable]:
    st = _styles()
    out: list[Flowable] = []
    for sec in form.field_sections:
        values = data.get(sec.key) or {}
        for f in sec.fields:
            if not f.footnote_of:
                continue
            text = clean_text(values.get(f.key, "")).strip()
            if not text:
                continue
            chunks = [c for c in _PARA_SPLIT_RE.split(text) if c.strip()]
            paras = [Paragraph(f"<super>{FOOTNOTE_MARK}</super> " + markup(chunks[0]),
                               st["footnote"])]
            paras += [Paragraph(markup(c), st["footnote"]) for c in chunks[1:]]
            out.extend([Spacer(1, 10), _Rule(width / 4)] + paras)
    return out


class _Rule(Flowable):
    def __init__(self, width: float) -> None:
        super().__init__()
        self.width, self.height = width, 5

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.5)
        self.canv.line(0, self.height - 1, self.width, self.height - 1)


# ----------------------------------------------------------------- annex ---
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
                 fontSize=8.5, fillColor=INK))
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


def _excerpt(text: str, limit: int = 160) -> str:
    t = " ".join(clean_text(text).split())
    return t if len(t) <= limit else t[:limit - 1].rstrip() + "…"


def _status_table(sec: Section, rows: list[dict[str, Any]], width: float,
                  region_column: bool = False) -> Table:
    """N°, (the region,) the row's first printed column (shortened) and its status, coloured."""
    st = _styles()
    sf = sec.status_field
    assert sf is not None
    first = next((c for c in sec.columns if c.print is not None and c.kind != "choice"),
                 sec.columns[0])
    lead = 1 if region_column else 0
    head = [Paragraph("N°", st["cell_head"])]
    if region_column:
        head.append(Paragraph(escape(REGION_COLUMN_LABEL), st["cell_head"]))
    head += [Paragraph(escape(first.print or first.label), st["cell_head"]),
             Paragraph(escape(sf.label), st["cell_head"])]
    data: list[list[Any]] = [head]
    style: list[tuple] = []
    for i, row in enumerate(rows, start=1):
        value = clean_text(row.get(sf.key, ""))
        line = [Paragraph(str(i), st["cell"])]
        if region_column:
            line.append(Paragraph(escape(region_label(str(row.get("_region", "")), short=True)),
                                  st["cell"]))
        line += [Paragraph(markup(_excerpt(row.get(first.key, ""))), st["cell"]),
                 status_flowable(sf, value)]
        data.append(line)
        choice = sf.choices.get(value) if sf.choices and value else None
        if choice is not None:
            style.append(("BACKGROUND", (2 + lead, i), (2 + lead, i), tint(choice.color)))
    weights = [5, 12, 63, 20] if region_column else [5, 75, 20]
    t = Table(data, colWidths=split_width(width, weights), repeatRows=1)
    t.setStyle(_table_style(len(weights), style))
    return t


def annex(form: FormDefinition, data: dict[str, Any], width: float,
          region_column: bool = False) -> list[Flowable]:
    """«Anexo: estado de avance»: summary, charts and every row's status (not the form)."""
    st = _styles()
    out: list[Flowable] = [PageBreak(), Paragraph(escape(ANNEX_TITLE), st["title"]),
                           Paragraph("Este anexo no forma parte del formulario oficial: resume "
                                     "el estado de avance registrado en cada fila.",
                                     st["program"])]
    out.extend(_summary(form, data, width))
    for sec in form.tables:
        if sec.status_field is None:
            continue
        rows = list(data.get(sec.key) or [])
        title = Paragraph(escape(f"{sec.title}: {sec.status_field.label}"), st["activity"])
        title.keepWithNext = 1
        out.append(title)
        out.append(_status_table(sec, rows, width, region_column))
    return out


# ------------------------------------------------------------- document ---
class _LazyStory(list):
    """A story whose tail is produced while reportlab consumes its head.

    ``platypus`` takes flowables from the front of its list (``flowables[0]``, ``del``)
    and asks for ``len`` at every step; keeping a few dozen flowables ahead bounds the
    memory of a long document (the central report's annex: one form at a time)."""

    AHEAD = 64

    def __init__(self, head: list[Flowable], more: Iterator[list[Flowable]]) -> None:
        super().__init__(head)
        self._more: Iterator[list[Flowable]] | None = more

    def _fill(self) -> None:
        while self._more is not None and list.__len__(self) < self.AHEAD:
            chunk = next(self._more, None)
            if chunk is None:
                self._more = None
            else:
                self.extend(chunk)

    def __len__(self) -> int:
        self._fill()
        return list.__len__(self)

    def __getitem__(self, i: Any) -> Any:
        self._fill()
        return list.__getitem__(self, i)


def body_size(paper: str) -> tuple[float, float]:
    """Width and height of the frame a form's story flows into."""
    w, h = page_size(paper)
    return w - 2 * MARGIN, h - 2 * MARGIN - HEADER_BAND - FOOTER_BAND


def form_story(doc: dict[str, Any], *, paper: str = "letter",
               region_column: bool = False) -> list[Flowable]:
    """The flowables of one document's form (title, sections, notes), to be placed in
    another story (the central report's annex, one form after another)."""
    register_fonts()
    width, height = body_size(paper)
    return _story(form_of_document(doc), doc.get("data") or {}, width, height, region_column,
                  False, None)


def _story(form: FormDefinition, data: dict[str, Any], width: float, page_height: float,
           region_column: bool, anexo: bool, appendix: list[Flowable] | None,
           preface: list[Flowable] | None = None, header_only: bool = False) -> list[Flowable]:
    st = _styles()
    story: list[Flowable] = []
    for i, line in enumerate(form.print):
        story.append(_caption(line, st["title"] if i == 0 else st["subtitle"]))
    story.extend(preface or [])  # e.g. the consolidated report's PROVISIONAL box
    marks = _footnote_targets(form, data)
    seen_obj: set[int] = set()
    for sec in form.sections:
        if header_only and sec.key != form.header.key:
            continue
        lead: list[Flowable] = []
        number = sec.printed_objective
        if number is not None and number not in seen_obj:
            seen_obj.add(number)
            obj = form.objective(number)
            if obj is not None and obj.print:
                lead.append(_caption(obj.print, st["print_objective"]))
        lead.extend(_caption(p, st["print_section"]) for p in sec.print)
        if sec.is_table:
            story.append(_table_section(sec, list(data.get(sec.key) or []), width,
                                        region_column, lead=lead, page_height=page_height,
                                        marks=marks))
        elif sec.key == form.header.key:
            block = _header_block(sec, data.get(sec.key) or {}, width)
            for f in lead:
                f.keepWithNext = 1
            story.extend(lead)
            if block is not None:
                story.append(block)
        else:
            story.extend(_fields_section(sec, data.get(sec.key) or {}, lead))
    notes = [] if header_only else _footnotes(form, data, width)
    if notes and story:
        # The note and the form's last block stay together: never a page holding
        # only a note (when the last block does not fit, both move on together).
        last = story.pop()
        content = list(last._content) if isinstance(last, KeepTogether) else [last]
        tail = _last_lines(content[-1], width) if content else None
        if tail is not None:  # a long last paragraph: only its last lines go with the note
            head_part, tail_part = tail
            story.append(KeepTogether(content[:-1] + [head_part]) if len(content) > 1
                         else head_part)
            story.append(KeepTogether([tail_part] + notes))
        else:
            story.append(KeepTogether(content + notes))
    else:
        story.extend(notes)
    if anexo:
        story.extend(annex(form, data, width, region_column))
    if appendix:
        story.extend(appendix)
    return story


def _last_lines(f: Flowable, width: float, keep: int = MIN_SPLIT_LINES
                ) -> tuple[Flowable, Flowable] | None:
    """A long paragraph cut so that its last ``keep`` lines are a paragraph of their own."""
    if not isinstance(f, Paragraph):
        return None
    f.wrap(width, 1e9)
    lines = len(getattr(f.blPara, "lines", []))
    if lines < 3 * keep:
        return None
    parts = f.split(width, (lines - keep) * f.style.leading + 0.5)
    return (parts[0], parts[1]) if len(parts) == 2 else None


def state_label(form: FormDefinition, doc: dict[str, Any]) -> str:
    """Borrador / Completo / Enviado for a document (see lifecycle.lifecycle_state)."""
    inst = doc.get("instance") or {}
    stored = inst.get("state") or STATE_DRAFT
    if stored not in STATE_LABELS:  # not a form's state, e.g. the consolidated report's «PROVISIONAL»
        return stored
    # issue 15: «Recibido» / «Devuelto con observaciones» when the caller knows it
    if inst.get("lifecycle") in STATE_LABELS:
        return STATE_LABELS[inst["lifecycle"]]
    state = lifecycle_state(form, doc.get("data") or {}, stored)
    return STATE_LABELS.get(state, state)


_SUBSET_TAG_RE = re.compile(rb"/([A-Z]{6})\+([A-Za-z0-9_.-]+)")


def _distinct_subset_tags(payload: bytes) -> bytes:
    """Give every embedded font subset its own tag (reportlab names the first
    subset of every font «AAAAAA+»).  Same length, so offsets stay valid."""
    def tag(m: re.Match[bytes]) -> bytes:
        digest = hashlib.sha256(m.group(1) + b"+" + m.group(2)).digest()
        letters = bytes(65 + b % 26 for b in digest[:6])
        return b"/" + letters + b"+" + m.group(2)

    return _SUBSET_TAG_RE.sub(tag, payload)


def form_pdf_bytes(doc: dict[str, Any], *, paper: str = "letter", invariant: bool = False,
                   region_column: bool = False, appendix: list[Flowable] | None = None,
                   anexo: bool = False, preface: list[Flowable] | None = None,
                   header_only: bool = False,
                   on_progress: Callable[[str, int], None] | None = None,
                   more: Iterator[list[Flowable]] | None = None) -> bytes:
    """The PDF of an interchange document, as bytes.

    ``anexo`` adds «Anexo: estado de avance» after the form; ``appendix``
    flowables (the central report's) go at the very end; ``preface`` goes under
    the title block.  ``header_only``: of the form, only its title and header
    block (the central report's summary).  ``on_progress`` receives reportlab's
    progress events (``"SIZE_EST"``/``"PROGRESS"``, flowables).  ``more`` yields further
    flowables after the appendix, produced only as the document is built.
    """
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
    footer = f"{form.title} — {state_label(form, doc)}"
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
    story = _story(form, data, tpl.width, tpl.height, region_column, anexo and not header_only,
                   appendix, preface, header_only)
    if more is not None:
        story = _LazyStory(story, more)
    if on_progress is not None:
        tpl.setProgressCallBack(on_progress)
    canvasmaker = _numbered_canvas(MARGIN, MARGIN + 2)
    # Charts start from reportlab's default state (Helvetica, never embedded):
    # draw them from DejaVu Sans so that every font in the file is embedded.
    saved = rl_shapes.STATE_DEFAULTS["fontName"]
    rl_shapes.STATE_DEFAULTS["fontName"] = FONT
    try:
        tpl.build(story, canvasmaker=canvasmaker)
    finally:
        rl_shapes.STATE_DEFAULTS["fontName"] = saved
    return _distinct_subset_tags(buf.getvalue())


def write_form_pdf(doc: dict[str, Any], path: str | Path, *, paper: str = "letter",
                   invariant: bool = False, region_column: bool = False,
                   appendix: list[Flowable] | None = None, anexo: bool = False) -> None:
    """Write the PDF of an interchange document to ``path`` (atomically).

    ``doc`` is as returned by :func:`interchange.export_instance`; table rows
    may carry ``"_region"`` (a region code) shown in a first "Región" column
    when ``region_column`` is true.  ``anexo`` adds the status annex;
    ``appendix`` flowables go at the end.
    """
    payload = form_pdf_bytes(doc, paper=paper, invariant=invariant,
                             region_column=region_column, appendix=appendix, anexo=anexo)
    write_atomic(path, payload)
