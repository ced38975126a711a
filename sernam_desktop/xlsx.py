"""The form as an Excel workbook (openpyxl): export, and import of an edited copy.

Layout, generated from the form definition:

* one sheet per section, in form order, named after the section's title
  (``Encabezado``, ``Actividad 1.1`` …, ``Objetivo 2``, ``Objetivo 3``, ``Notas``);
* a *fields* section is a label/value sheet: column A «Campo», B «Valor»,
  C «Ayuda» (the help text, ignored on import), one row per field;
* a *table* section has its column labels in row 1 (styled, frozen) and one
  row per form row; a status column offers a drop-down of the choice
  **labels** (``Cumple``, ``Cumple parcialmente`` …) — what people read on the
  paper form.  Import maps a label back to its key (it also accepts the key,
  and ignores case and surrounding spaces);
* the last column of a table sheet, ``id``, is hidden and holds the row's
  identifier, so that a row keeps its identity when the user sorts (the
  AutoFilter range includes it), inserts or deletes rows; a row without one
  (typed in by the user) is a new row;
* text cells and table columns are formatted as text («@»), so Excel keeps
  what is typed; the structure is protected (no sheet added or renamed);
* the very hidden sheet ``_metadatos`` records the format, the instance (uuid,
  revision, state, timestamps), the form id/version, which sheet holds which
  section with which column keys, and the identifiers of the rows as exported
  (an ``id`` not in that list, e.g. a row copied in from another workbook, is
  treated as a new row); the very hidden sheet ``_opciones`` holds the
  drop-down lists (they cover every data row and 500 more).

Import (:func:`read_form_xlsx`) checks the whole workbook before anything is
written: file size, the zip's entry count and declared uncompressed size (zip
bombs), XML entity declarations (billion laughs; openpyxl also parses through
defusedxml), the metadata, the form id/version, every sheet's columns (missing,
moved or renamed columns), every value — all problems at once, by sheet name,
row number and column label — and finally the same structure checks as a JSON
import (:func:`interchange.check_document`).  Rows are streamed and reading
stops at the first row over the limits.  A number, date or boolean found in a
text column becomes the text Excel displayed (:func:`excel_display`) and is
listed.  This module takes documents, never a Store: the store-side entry
points are ``interchange.export_xlsx`` / ``interchange.import_xlsx``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

from sernam_desktop import safezip
from sernam_desktop.errors import UserError, ValidationFailed
from sernam_desktop.forms import Field, Section, get_form
from sernam_desktop.interchange import (
    FORMAT,
    FORMAT_VERSION,
    check_document,
    form_of_document,
    write_atomic,
)
from sernam_desktop.regions import all_choices, by_code
from sernam_desktop.validation import MAX_ROWS, value_problem

XLSX_FORMAT = "sernam-desktop.xlsx"
XLSX_FORMAT_VERSION = 1
META_SHEET = "_metadatos"
LISTS_SHEET = "_opciones"
ID_HEADER = "id"
REGION_HEADER = "Región"
FIELD_HEADERS = ("Campo", "Valor", "Ayuda")

EXCEL_MAX_CELL = 32_767  # characters Excel stores in one cell
MAX_XLSX_BYTES = 25 * 1024 * 1024  # the file itself
MAX_UNCOMPRESSED = 64 * 1024 * 1024  # sum of the zip's declared member sizes (= JSON cap)
MAX_ENTRIES = 500
MAX_RATIO = 200  # declared uncompressed / compressed size of one member
_CHUNK = 1024 * 1024
_FORBIDDEN_XML = (b"<!DOCTYPE", b"<!ENTITY")
TEXT_FORMAT = "@"  # Excel keeps what is typed in a text-formatted cell
MARGIN_ROWS = 500  # empty rows below the data that keep the text format and status lists
# Reading stops at the first sheet row past this (rows + the margin + slack for gaps):
# a huge sheet is refused while streaming, not after reading it all.
MAX_SHEET_ROW = 1 + MAX_ROWS + MARGIN_ROWS + MAX_ROWS

HEAD_FILL = "1F4D78"
HEAD_FONT = "FFFFFF"
LABEL_FILL = "EEF2F7"
HELP_FONT = "5C6975"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _openpyxl():
    import openpyxl  # imported lazily: start-up of the CLI/GUI stays quick

    return openpyxl


# ------------------------------------------------------------------ names ---
def sheet_title(sec: Section, used: set[str]) -> str:
    """A valid, unique Excel sheet name for ``sec`` (≤ 31 chars, no []:*?/\\)."""
    base = _SHEET_BAD.sub("-", sec.title).strip("'") or sec.key
    base = base[:31]
    title, n = base, 2
    while title.lower() in used or title.lower() in (META_SHEET, LISTS_SHEET):
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(title.lower())
    return title


# ---------------------------------------------------------------- writing ---
def _check_length(value: str, where: str) -> None:
    if len(value) > EXCEL_MAX_CELL:
        def n(x: int) -> str:
            return f"{x:,}".replace(",", ".")  # Chilean thousands separator

        raise UserError(
            f"{where} tiene {n(len(value))} caracteres y Excel admite hasta "
            f"{n(EXCEL_MAX_CELL)} por celda; exporte en PDF o JSON, o acorte el texto."
        )


def _put(ws: Any, row: int, col: int, value: str) -> Any:
    """Write ``value`` as text (never as a formula, even if it starts with '='),
    in a text-formatted cell so that Excel keeps what is typed over it."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = ws.cell(row=row, column=col)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value) if value else None
    if value:
        cell.data_type = "s"
    cell.number_format = TEXT_FORMAT
    return cell


def _col_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def build_workbook(doc: dict[str, Any], *, region_column: bool = False) -> Any:
    """The openpyxl Workbook for an interchange document."""
    op = _openpyxl()
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    form = form_of_document(doc)
    data = doc.get("data") or {}
    inst = doc.get("instance") or {}
    wb = op.Workbook()
    wb.remove(wb.active)
    head_font = Font(bold=True, color=HEAD_FONT)
    head_fill = PatternFill("solid", fgColor=HEAD_FILL)
    label_fill = PatternFill("solid", fgColor=LABEL_FILL)
    wrap_top = Alignment(wrap_text=True, vertical="top")
    head_align = Alignment(wrap_text=True, vertical="center")
    used: set[str] = set()
    meta: list[tuple[str, str, str]] = [
        ("format", XLSX_FORMAT, ""),
        ("format_version", str(XLSX_FORMAT_VERSION), ""),
        ("form_id", form.id, ""),
        ("form_version", str(form.version), ""),
        ("uuid", str(inst.get("uuid") or ""), ""),
        ("revision", str(inst.get("revision") or 1), ""),
        ("state", str(inst.get("state") or "borrador"), ""),
        ("created_at", str(inst.get("created_at") or ""), ""),
        ("updated_at", str(inst.get("updated_at") or ""), ""),
        ("sent_at", str(inst.get("sent_at") or ""), ""),
        ("region_column", "1" if region_column else "0", ""),
    ]
    lists = wb.create_sheet(LISTS_SHEET)
    list_ranges: dict[str, str] = {}
    for i, (ckey, clist) in enumerate(form.choices.items(), start=1):
        _put(lists, 1, i, ckey)
        for r, c in enumerate(clist.items, start=2):
            _put(lists, r, i, c.label)
        letter = _col_letter(i)
        list_ranges[ckey] = f"{LISTS_SHEET}!${letter}$2:${letter}${len(clist.items) + 1}"
    col = len(form.choices) + 1
    _put(lists, 1, col, "regiones")
    region_names = [r.name for r in all_choices()]
    for r, rname in enumerate(region_names, start=2):
        _put(lists, r, col, rname)
    letter = _col_letter(col)
    region_range = f"{LISTS_SHEET}!${letter}$2:${letter}${len(region_names) + 1}"

    for sec in form.sections:
        title = sheet_title(sec, used)
        ws = wb.create_sheet(title)
        meta.append((f"sheet:{sec.key}", title, ""))
        meta.append((f"columns:{sec.key}", json.dumps(list(sec.keys())), ""))
        if sec.is_table:
            rows = list(data.get(sec.key) or [])
            lead = 1 if region_column else 0
            headers = ([REGION_HEADER] if region_column else []) + [c.label for c in sec.columns]
            headers.append(ID_HEADER)
            for ci, text in enumerate(headers, start=1):
                cell = _put(ws, 1, ci, text)
                cell.font, cell.fill, cell.alignment = head_font, head_fill, head_align
            for ci, col in enumerate(sec.columns, start=1 + lead):
                if col.help:  # shown when the pointer rests on the heading
                    note = Comment(col.help, "sernam-desktop", width=260, height=90)
                    ws.cell(row=1, column=ci).comment = note
            for ri, row in enumerate(rows, start=2):
                if region_column:
                    code = str(row.get("_region", ""))
                    reg = by_code(code)
                    _put(ws, ri, 1, reg.name if reg else code).alignment = wrap_top
                for ci, col in enumerate(sec.columns, start=1 + lead):
                    value = str(row.get(col.key, "") or "")
                    _check_length(value, f"«{sec.title}», fila {ri - 1}, «{col.label}»")
                    if col.kind == "choice" and col.choices and value:
                        value = col.choices.label_of(value)
                    _put(ws, ri, ci, value).alignment = wrap_top
                rid = str(row.get("id", "") or "")
                _put(ws, ri, len(headers), rid)
                if rid:
                    meta.append((f"row:{sec.key}", rid, ""))
            # Rows typed below the data keep the text format too: the columns'
            # own format («<col style>») applies to every new cell.
            for ci in range(1, len(headers) + 1):
                ws.column_dimensions[_col_letter(ci)].number_format = TEXT_FORMAT
            for ci, col in enumerate(sec.columns, start=1 + lead):
                ws.column_dimensions[_col_letter(ci)].width = max(14, round(col.width * 13))
                if col.kind == "choice" and col.choices:
                    dv = DataValidation(type="list", formula1=f"={list_ranges[col.choices.key]}",
                                        allow_blank=True, showErrorMessage=True,
                                        errorTitle="Valor no válido",
                                        error=f"Elija una opción de la lista ({col.choices.label}).",
                                        promptTitle=col.label, prompt=col.help[:255] or None,
                                        showInputMessage=bool(col.help))
                    last = len(rows) + 1 + MARGIN_ROWS  # every data row + the margin
                    dv.add(f"{_col_letter(ci)}2:{_col_letter(ci)}{last}")
                    ws.add_data_validation(dv)
            if region_column:
                ws.column_dimensions["A"].width = 22
            id_col = _col_letter(len(headers))
            ws.column_dimensions[id_col].hidden = True
            ws.column_dimensions[id_col].width = 38
            ws.freeze_panes = "A2"
            ws.row_dimensions[1].height = 32
            if rows:
                # The filter (and so Excel's sort) range includes the hidden id
                # column: sorting moves each row's id with it.
                ws.auto_filter.ref = f"A1:{_col_letter(len(headers))}{len(rows) + 1}"
        else:
            values = data.get(sec.key) or {}
            for ci, text in enumerate(FIELD_HEADERS, start=1):
                cell = _put(ws, 1, ci, text)
                cell.font, cell.fill, cell.alignment = head_font, head_fill, head_align
            for ri, f in enumerate(sec.fields, start=2):
                value = str(values.get(f.key, "") or "")
                _check_length(value, f"«{sec.title}», «{f.label}»")
                if f.kind == "region" and value:
                    reg = by_code(value)
                    value = reg.name if reg else value
                if f.kind == "region":
                    dv = DataValidation(type="list", formula1=f"={region_range}",
                                        allow_blank=True, showErrorMessage=True,
                                        errorTitle="Valor no válido",
                                        error="Elija una región de la lista.")
                    dv.add(f"B{ri}")
                    ws.add_data_validation(dv)
                lab = _put(ws, ri, 1, f.label)
                lab.font, lab.fill, lab.alignment = Font(bold=True), label_fill, wrap_top
                _put(ws, ri, 2, value).alignment = wrap_top
                if f.kind in ("year", "date"):  # typed, not text: Excel may keep its own type
                    ws.cell(row=ri, column=2).number_format = "General"
                hc = _put(ws, ri, 3, f.help)
                hc.font, hc.alignment = Font(italic=True, color=HELP_FONT, size=9), wrap_top
            ws.column_dimensions["A"].width = 34
            ws.column_dimensions["B"].width = 90 if any(f.multiline for f in sec.fields) else 50
            ws.column_dimensions["C"].width = 60
            ws.freeze_panes = "A2"
        ws.sheet_view.zoomScale = 100

    ms = wb.create_sheet(META_SHEET)
    _put(ms, 1, 1, "clave")
    _put(ms, 1, 2, "valor")
    for r, (k, v, extra) in enumerate(meta, start=2):
        _put(ms, r, 1, k)
        _put(ms, r, 2, v)
        if extra:
            _put(ms, r, 3, extra)
    # Not listed under «Mostrar» in Excel; sheets cannot be added, removed or renamed.
    ms.sheet_state = "veryHidden"
    lists.sheet_state = "veryHidden"
    wb.security = WorkbookProtection(lockStructure=True)
    # Sheets in form order first; hidden helper sheets last.
    wb.move_sheet(lists, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTS_SHEET))
    wb.active = 0
    props = wb.properties
    head = data.get(form.header.key) or {}
    reg = by_code(str(head.get("region", "")))
    props.title = f"{form.title} — {head.get('servicio', '')} — " \
                  f"{reg.name if reg else head.get('region', '')} {head.get('anio', '')}"
    props.subject = form.subtitle
    props.creator = "sernam-desktop"
    props.language = "es-CL"
    return wb


def form_xlsx_bytes(doc: dict[str, Any], *, region_column: bool = False) -> bytes:
    wb = build_workbook(doc, region_column=region_column)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_form_xlsx(doc: dict[str, Any], path: str | Path, *, region_column: bool = False) -> None:
    """Write the workbook of an interchange document to ``path`` (atomically).

    Table rows may carry ``"_region"`` (a region code), shown in a first
    «Región» column when ``region_column`` is true (the consolidated report;
    such a workbook cannot be imported back as one form).
    """
    write_atomic(path, form_xlsx_bytes(doc, region_column=region_column))


# ---------------------------------------------------------------- reading ---
def check_zip(path: Path, name: str) -> None:
    """Refuse files that are not sane xlsx zips, before openpyxl sees them."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UserError(f"No existe el archivo «{path}».") from None
    except OSError as exc:
        raise UserError(f"No se pudo leer «{path}»: {exc.strerror or exc}.") from None
    if not path.is_file():
        raise UserError(f"«{path}» no es un archivo.")
    if size > MAX_XLSX_BYTES:
        raise UserError(f"«{name}» es demasiado grande para ser un formulario "
                        f"({size // (1024 * 1024)} MB; el máximo es "
                        f"{MAX_XLSX_BYTES // (1024 * 1024)} MB).")
    bad = f"«{name}» no es un libro Excel (.xlsx) válido: el archivo está dañado o incompleto."
    limits = safezip.ZipLimits(
        max_entries=MAX_ENTRIES, max_total=MAX_UNCOMPRESSED, max_ratio=MAX_RATIO,
        ratio_floor=1_000_000, max_member=MAX_UNCOMPRESSED,
        allowed=safezip.OOXML_NAME.match, allow_dirs=True,
        required=("[Content_Types].xml", "xl/workbook.xml"))
    try:
        with zipfile.ZipFile(path) as zf:
            try:
                infos = safezip.inspect(zf, limits)
                for info in infos.values():
                    if (info.filename.endswith((".xml", ".rels", ".vml"))
                            and safezip.contains_any(zf, info, _FORBIDDEN_XML)):
                        raise UserError(f"«{name}» contiene declaraciones XML no permitidas "
                                        "(posible archivo malicioso); no se importó.")
            except safezip.UnsafeZip as exc:
                raise _zip_refusal(exc, name, len(zf.infolist())) from None
    except UserError:
        raise
    except zipfile.BadZipFile:
        raise UserError(bad) from None
    except OSError as exc:
        raise UserError(f"No se pudo leer «{path}»: {exc.strerror or exc}.") from None
    except safezip.ZIP_ERRORS:
        raise UserError(bad) from None


def _zip_refusal(exc: safezip.UnsafeZip, name: str, entries: int) -> UserError:
    """The xlsx wording for a refusal of the shared zip checks."""
    if exc.kind == "entries":
        return UserError(f"«{name}» tiene demasiados componentes internos "
                         f"({entries}); no parece un formulario exportado.")
    if exc.kind == "ratio":
        return UserError(f"«{name}» contiene datos comprimidos de forma anómala "
                         "(posible archivo malicioso); no se importó.")
    if exc.kind in ("total", "member_size"):
        return UserError(f"«{name}» se descomprime a más de "
                         f"{MAX_UNCOMPRESSED // (1024 * 1024)} MB; no se importó.")
    if exc.kind == "missing":
        return UserError(f"«{name}» no es un libro Excel (.xlsx): "
                         "le faltan las partes de un libro.")
    return UserError(f"«{name}» no es un libro Excel (.xlsx) válido: {exc.reason}.")


def _is_defused(exc: BaseException) -> bool:
    """Is ``exc`` defusedxml refusing a DTD, entity or external reference?"""
    from defusedxml import DefusedXmlException

    return isinstance(exc, DefusedXmlException)


_DIMENSION_RE = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z0-9:$]+)\"")
_HEAD_BYTES = 64 * 1024


def _bounded_get_size(self: Any) -> None:
    """openpyxl's ReadOnlyWorksheet._get_size, without reading the whole sheet.

    openpyxl looks for ``<dimension>`` with an iterparse that only stops at the
    *end* of ``<sheetData>``: a sheet without that element (any program may omit
    it) is parsed entirely when the workbook is opened — 850,000 rows took 18 s
    before a single row was looked at.  The element, when present, comes before
    the data, so reading the first bytes is enough.
    """
    from openpyxl.utils.cell import range_boundaries

    src = self._get_source()
    try:
        head = src.read(_HEAD_BYTES)
    finally:
        src.close()
    m = _DIMENSION_RE.search(head)
    if m is None:
        return
    try:
        bounds = range_boundaries(m.group(1).decode("ascii").replace("$", ""))
    except (ValueError, TypeError):
        return
    if all(b is not None for b in bounds):
        self._min_column, self._min_row, self._max_column, self._max_row = bounds


def _load(path: Path, name: str) -> Any:
    from openpyxl import DEFUSEDXML
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    ReadOnlyWorksheet._get_size = _bounded_get_size  # see there (openpyxl 3.1.x)

    if not DEFUSEDXML:  # never parse untrusted XML without it
        raise UserError("La importación de Excel requiere el paquete defusedxml; "
                        "reinstale la aplicación.")
    op = _openpyxl()
    try:
        # read_only: rows are streamed, so memory stays small whatever the sheet size.
        return op.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except UserError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        raise _unreadable(exc, name) from None


def _unreadable(exc: BaseException, name: str) -> UserError:
    """The Spanish error for anything openpyxl or the XML parser raised."""
    chain: BaseException | None = exc
    while chain is not None and not _is_defused(chain):
        chain = chain.__cause__ or chain.__context__
    if chain is not None:
        return UserError(f"«{name}» contiene declaraciones XML no permitidas "
                         "(posible archivo malicioso); no se importó.")
    return UserError(f"«{name}» no se pudo leer como libro Excel: una de sus partes está "
                     f"dañada ({type(exc).__name__}).")


_MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre")
_DAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_FMT_NOISE = re.compile(r'\[[^\]]*\]|\\.|"[^"]*"|_.|\*.')


def _group(digits: str) -> str:
    """Thousands separated by «.», as Excel shows them in Chile."""
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    return ".".join([digits] + out)


def _number_text(value: float, fmt: str) -> str:
    """``value`` as Excel (es-CL: decimal comma, thousands dot) shows it under ``fmt``."""
    section = fmt.split(";")[0]
    plain = _FMT_NOISE.sub("", section).strip()
    if plain in ("", "General", "@") or not re.search(r"[0#?]", plain):
        if value and (abs(value) >= 1e11 or abs(value) < 1e-9):  # General goes scientific
            mant, exp = f"{value:.5E}".split("E")
            mant = mant.rstrip("0").rstrip(".").replace(".", ",")
            e = int(exp)
            return f"{mant}E{'+' if e >= 0 else '-'}{abs(e):02d}"
        if isinstance(value, int) or float(value).is_integer():
            return str(int(value))
        return f"{value:.10g}".replace(".", ",")
    percent = "%" in plain
    if percent:
        value = value * 100
    decimals = len(plain.split(".", 1)[1].rstrip("%").replace("#", "0").replace("?", "0")
                   .split(" ")[0].rstrip("%")) if "." in plain else 0
    decimals = min(decimals, 15)
    negative = value < 0
    whole, _, frac = f"{abs(value):.{decimals}f}".partition(".")
    if "," in plain.split(".")[0]:
        whole = _group(whole)
    text = whole + ("," + frac if frac else "")
    return ("-" if negative else "") + text + ("%" if percent else "")


_DATE_PART = re.compile(r'"([^"]*)"|\\(.)|\[[^\]]*\]|_.|\*.|'
                        r"(yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm)",
                        re.IGNORECASE)


def _date_text(value: dt.date | dt.datetime | dt.time, fmt: str) -> str:
    """A date/time as Excel shows it under ``fmt`` (Spanish month and day names)."""
    section = fmt.split(";")[0]
    parts = list(_DATE_PART.finditer(section))
    if not any(m.group(3) for m in parts):
        return _date_text(value, "dd-mm-yyyy" if not isinstance(value, dt.time) else "hh:mm")
    tokens = [m.group(3).lower() for m in parts if m.group(3)]
    d = value if not isinstance(value, dt.time) else None
    tm = value if isinstance(value, (dt.datetime, dt.time)) else None
    out: list[str] = []
    pos = ti = 0
    for m in parts:
        out.append(section[pos:m.start()])
        pos = m.end()
        if m.group(1) is not None or m.group(2) is not None:  # "literal" or \x
            out.append(m.group(1) if m.group(1) is not None else m.group(2))
            continue
        if not m.group(3):
            continue  # [$-340A], _x, *x: no text
        tok = tokens[ti]
        prev = tokens[ti - 1] if ti else ""
        nxt = tokens[ti + 1] if ti + 1 < len(tokens) else ""
        ti += 1
        minutes = tok in ("m", "mm") and (prev.startswith("h") or nxt.startswith("s"))
        if tok in ("yyyy", "yy") and d is not None:
            out.append(f"{d.year:04d}" if tok == "yyyy" else f"{d.year % 100:02d}")
        elif minutes and tm is not None:
            out.append(f"{tm.minute:02d}" if tok == "mm" else str(tm.minute))
        elif tok in ("mmmmm", "mmmm", "mmm", "mm", "m") and d is not None:
            name = _MONTHS[d.month - 1]
            out.append({"mmmmm": name[0], "mmmm": name, "mmm": name[:3],
                        "mm": f"{d.month:02d}", "m": str(d.month)}[tok])
        elif tok in ("dddd", "ddd", "dd", "d") and d is not None:
            day = _DAYS[d.weekday()]
            out.append({"dddd": day, "ddd": day[:3], "dd": f"{d.day:02d}", "d": str(d.day)}[tok])
        elif tok in ("hh", "h") and tm is not None:
            out.append(f"{tm.hour:02d}" if tok == "hh" else str(tm.hour))
        elif tok in ("ss", "s") and tm is not None:
            out.append(f"{tm.second:02d}" if tok == "ss" else str(tm.second))
        elif tok == "am/pm" and tm is not None:
            out.append("a. m." if tm.hour < 12 else "p. m.")
    out.append(section[pos:])
    return "".join(out).strip()


def excel_display(value: Any, number_format: str | None = "General") -> str:
    """The text Excel (in Spanish, Chile) displays for a typed cell value.

    ``70%`` typed in a General cell is stored as 0.7 with format ``0%``: this
    gives back «70%»; a date gives its day/month as formatted, a boolean
    «VERDADERO»/«FALSO» — never Python's repr.
    """
    fmt = number_format or "General"
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VERDADERO" if value else "FALSO"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return _date_text(value, fmt)
    if isinstance(value, (int, float)):
        return _number_text(value, fmt)
    return str(value)


def _cell_text(cell: Any, f: Field, where: str, converted: list[str] | None) -> str:
    """A cell as the form's text.

    A date/year field may legitimately hold Excel's own date or number; in a
    text column a number, date or boolean means Excel converted what was typed:
    it becomes the text Excel displayed, and the cell is listed in ``converted``.
    """
    value = cell.value if cell is not None else None
    if value is None:
        return ""
    if f.kind == "date" and isinstance(value, (dt.datetime, dt.date)):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    if f.kind == "year" and isinstance(value, (int, float)) and not isinstance(value, bool) \
            and float(value).is_integer():
        return str(int(value))
    if isinstance(value, (bool, int, float, dt.datetime, dt.date, dt.time)):
        text = excel_display(value, getattr(cell, "number_format", "General"))
        if converted is not None:
            if isinstance(value, bool):
                as_what = "valor lógico"
            elif isinstance(value, (dt.date, dt.time)):
                as_what = "fecha"
            else:
                as_what = "número"
            converted.append(f"{where}: Excel lo guardó como {as_what}; "
                             f"se importó como el texto «{text}»")
        return text
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    if f.kind in ("text", "region", "year", "date", "choice"):
        text = text.strip()
    return text


def _choice_key(f: Field, text: str) -> str | None:
    if not text or f.choices is None:
        return text
    want = " ".join(text.split()).casefold()
    for c in f.choices.items:
        if want in (c.label.casefold(), c.key.casefold()):
            return c.key
    return None


def _region_code(text: str) -> str:
    if not text:
        return ""
    if by_code(text):
        return text
    from sernam_desktop.regions import parse_region

    try:
        return parse_region(text).code
    except UserError:
        return text  # the structure check reports it


def _meta(ws: Any) -> tuple[dict[str, str], dict[str, list[str]]]:
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for row in ws.iter_rows(min_row=2, max_col=2, values_only=True):
        k, v = row[0], row[1]
        if k is None:
            continue
        k, v = str(k), "" if v is None else str(v)
        if k.startswith("row:"):
            multi.setdefault(k[4:], []).append(v)
        else:
            single[k] = v
    return single, multi


def _first_row(ws: Any) -> list[Any]:
    for row in ws.iter_rows(min_row=1, max_row=1, values_only=True):
        return list(row)
    return []


def _is_formula(cell: Any) -> bool:
    return cell.data_type == "f"


def read_form_xlsx(path: str | Path, converted: list[str] | None = None) -> dict[str, Any]:
    """Read an exported (and possibly edited) workbook into a checked document.

    Raises :class:`UserError` / :class:`ValidationFailed` with Spanish messages
    naming the sheet, row number and column label of every problem (all of
    them at once); writes nothing.  Cells of text columns that Excel turned
    into numbers, dates or booleans are imported as the text Excel displayed
    and, if ``converted`` is given, listed there (sheet, row, column).
    """
    p = Path(path)
    name = p.name
    check_zip(p, name)
    wb = _load(p, name)
    try:
        return _read_workbook(wb, name, converted)
    except UserError:
        raise
    except Exception as exc:  # sheets are parsed lazily, while reading rows
        raise _unreadable(exc, name) from None
    finally:
        wb.close()


def _read_workbook(wb: Any, name: str, converted: list[str] | None = None) -> dict[str, Any]:
    what = f"El libro «{name}»"
    if META_SHEET not in wb.sheetnames:
        raise UserError(f"{what} no tiene la hoja de metadatos «{META_SHEET}»: no es un "
                        "formulario exportado por sernam-desktop (o se eliminó esa hoja).")
    meta, row_ids = _meta(wb[META_SHEET])
    if meta.get("format") != XLSX_FORMAT:
        raise UserError(f"{what} no es un formulario exportado por sernam-desktop "
                        "(la hoja de metadatos no lo identifica).")
    if meta.get("format_version") != str(XLSX_FORMAT_VERSION):
        raise UserError(f"{what} usa la versión de formato {meta.get('format_version')!r}; "
                        f"esta aplicación lee la versión {XLSX_FORMAT_VERSION}.")
    try:
        form_version = int(meta.get("form_version", ""))
    except ValueError:
        raise UserError(f"{what}: la versión del formulario en los metadatos no es válida.") from None
    form = get_form(meta.get("form_id", ""), form_version)
    if form is None:
        raise UserError(f"{what} es del formulario «{meta.get('form_id')}» versión "
                        f"{form_version}, que esta aplicación no conoce.")
    if meta.get("region_column") == "1":
        raise UserError(f"{what} es un consolidado de varias regiones; solo se puede importar "
                        "el libro de un formulario.")
    try:
        revision = int(meta.get("revision", ""))
    except ValueError:
        revision = 0  # reported by check_document

    problems: list[str] = []
    data: dict[str, Any] = {}
    for sec in form.sections:
        title = meta.get(f"sheet:{sec.key}") or sec.title
        if title not in wb.sheetnames:
            problems.append(f"falta la hoja «{title}» ({sec.title})")
            continue
        ws = wb[title]
        if sec.is_table:
            data[sec.key] = _read_table(ws, sec, set(row_ids.get(sec.key, [])), problems,
                                        converted)
        else:
            data[sec.key] = _read_fields(ws, sec, problems, converted)
    if problems:
        raise ValidationFailed(problems, f"Los datos del libro «{name}»")
    doc = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "form": {"id": form.id, "version": form.version},
        "instance": {
            "uuid": meta.get("uuid", ""),
            "revision": revision,
            "state": meta.get("state", ""),
            "created_at": meta.get("created_at") or None,
            "updated_at": meta.get("updated_at") or None,
            "sent_at": meta.get("sent_at") or None,
        },
        "data": data,
    }
    check_document(doc, f"Los datos del libro «{name}»")
    return doc


def _header_problem(sheet: str, expected: list[str], found: list[str]) -> str | None:
    norm = [" ".join(str(x or "").split()) for x in found]
    while norm and not norm[-1]:
        norm.pop()
    if norm == expected:
        return None
    for i, label in enumerate(expected):
        got = norm[i] if i < len(norm) else ""
        if got != label:
            col = _col_letter(i + 1)
            if label in norm:
                return (f"hoja «{sheet}»: la columna «{label}» se movió (está en la columna "
                        f"{_col_letter(norm.index(label) + 1)}, debe estar en la {col}); "
                        "no mueva ni renombre columnas")
            if got:
                return (f"hoja «{sheet}»: en la columna {col} se esperaba «{label}» y dice "
                        f"«{got}»; no mueva ni renombre columnas")
            return f"hoja «{sheet}»: falta la columna «{label}» (columna {col})"
    extra = norm[len(expected)]
    return f"hoja «{sheet}»: columna desconocida «{extra}» (columna {_col_letter(len(expected) + 1)})"


def _cell_problem(f: Field, text: str) -> str | None:
    """What is wrong with ``text`` for ``f``, in the words of the workbook's user."""
    if f.kind == "region" and text and by_code(text) is None:
        return f"«{text}» no es una región (elija una de la lista)"
    return value_problem(f, text)


def _too_many_rows(sheet: str) -> UserError:
    def n(x: int) -> str:
        return f"{x:,}".replace(",", ".")

    return UserError(f"La hoja «{sheet}» tiene demasiadas filas (se dejó de leer al pasar "
                     f"la fila {n(MAX_SHEET_ROW)}); una tabla admite hasta {n(MAX_ROWS)} filas. "
                     "No se importó nada.")


def _read_table(ws: Any, sec: Section, known_ids: set[str], problems: list[str],
                converted: list[str] | None = None) -> list[dict[str, str]]:
    expected = [c.label for c in sec.columns] + [ID_HEADER]
    header = _first_row(ws)
    # The hidden id column may have been dropped by another program: accept that.
    prob = _header_problem(ws.title, expected, header)
    has_id = True
    if prob and _header_problem(ws.title, expected[:-1], header) is None:
        prob, has_id = None, False
    if prob:
        problems.append(prob)
        return []
    n = len(sec.columns)
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    # Streamed: stop at the first row past the limits, before reading the rest.
    for r, cells in enumerate(ws.iter_rows(min_row=2, max_col=n + 1), start=2):
        if r > MAX_SHEET_ROW:
            raise _too_many_rows(ws.title)
        values = cells[:n]
        if all(c.value is None or str(c.value).strip() == "" for c in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise _too_many_rows(ws.title)
        row: dict[str, str] = {}
        rid = str(cells[n].value or "").strip() if has_id and len(cells) > n else ""
        if rid and rid in known_ids and rid not in seen:
            row["id"] = rid
            seen.add(rid)
        for col, cell in zip(sec.columns, values):
            where = f"hoja «{ws.title}», fila {r}, «{col.label}»"
            if _is_formula(cell):
                problems.append(f"{where}: contiene una fórmula; escriba el texto directamente")
                continue
            text = _cell_text(cell, col, where, converted)
            if col.kind == "choice":
                key = _choice_key(col, text)
                if key is None:
                    opts = ", ".join(c.label for c in col.choices.items) if col.choices else ""
                    problems.append(f"{where}: «{text}» no es una opción válida (use {opts})")
                    continue
                text = key
            p = _cell_problem(col, text)
            if p:
                problems.append(f"{where}: {p}")
                continue
            row[col.key] = text
        rows.append(row)
    return rows


def _read_fields(ws: Any, sec: Section, problems: list[str],
                 converted: list[str] | None = None) -> dict[str, str]:
    expected_head = list(FIELD_HEADERS[:2])
    header = _first_row(ws)[:2]
    prob = _header_problem(ws.title, expected_head, header)
    if prob:
        problems.append(prob)
        return {}
    values: dict[str, str] = {}
    labels = {" ".join(f.label.split()): f for f in sec.fields}
    for r, cells in enumerate(ws.iter_rows(min_row=2, max_col=2), start=2):
        if r > len(sec.fields) + MARGIN_ROWS:
            raise _too_many_rows(ws.title)
        label_cell, value_cell = cells[0], cells[1] if len(cells) > 1 else None
        label = " ".join(str(label_cell.value or "").split())
        if not label:
            if value_cell is not None and value_cell.value not in (None, ""):
                problems.append(f"hoja «{ws.title}», fila {r}: hay un valor sin el nombre del "
                                "campo en la columna A")
            continue
        f = labels.get(label)
        if f is None:
            problems.append(f"hoja «{ws.title}», fila {r}: campo desconocido «{label}»")
            continue
        if f.key in values:
            problems.append(f"hoja «{ws.title}», fila {r}: el campo «{label}» está repetido")
            continue
        if value_cell is not None and _is_formula(value_cell):
            problems.append(f"hoja «{ws.title}», fila {r}, «{label}»: contiene una fórmula; "
                            "escriba el texto directamente")
            continue
        where = f"hoja «{ws.title}», fila {r}, «{label}»"
        text = _cell_text(value_cell, f, where, converted)
        if f.kind == "region":
            text = _region_code(text)
        p = _cell_problem(f, text) or ("es obligatorio" if f.identity and not text else None)
        if p:
            problems.append(f"{where}: {p}")
            values[f.key] = ""
            continue
        values[f.key] = text
    for f in sec.fields:
        if f.key not in values:
            problems.append(f"hoja «{ws.title}»: falta la fila del campo «{f.label}»")
    return values
