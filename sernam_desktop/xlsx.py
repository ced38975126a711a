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
  identifier, so that a row keeps its identity when the user sorts, inserts or
  deletes rows; a row without one (typed in by the user) is a new row;
* the hidden sheet ``_metadatos`` records the format, the instance (uuid,
  revision, state, timestamps), the form id/version, which sheet holds which
  section with which column keys, and the identifiers of the rows as exported
  (an ``id`` not in that list, e.g. a row copied in from another workbook, is
  treated as a new row); the hidden sheet ``_opciones`` holds the drop-down
  lists.

Import (:func:`read_form_xlsx`) checks the whole workbook before anything is
written: file size, the zip's entry count and declared uncompressed size (zip
bombs), XML entity declarations (billion laughs; openpyxl also parses through
defusedxml), the metadata, the form id/version, every sheet's columns (missing,
moved or renamed columns), every status value, and finally the same
structure checks as a JSON import (:func:`interchange.check_document`).
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
    export_instance,
    form_of_document,
    import_document,
    write_atomic,
)
from sernam_desktop.regions import all_choices, by_code
from sernam_desktop.store import Changed, Store

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
    """Write ``value`` as text (never as a formula, even if it starts with '=')."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell = ws.cell(row=row, column=col)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value) if value else None
    if value:
        cell.data_type = "s"
    return cell


def _col_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def build_workbook(doc: dict[str, Any], *, region_column: bool = False) -> Any:
    """The openpyxl Workbook for an interchange document."""
    op = _openpyxl()
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
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
            for ci, col in enumerate(sec.columns, start=1 + lead):
                ws.column_dimensions[_col_letter(ci)].width = max(14, round(col.width * 13))
                if col.kind == "choice" and col.choices:
                    dv = DataValidation(type="list", formula1=f"={list_ranges[col.choices.key]}",
                                        allow_blank=True, showErrorMessage=True,
                                        errorTitle="Valor no válido",
                                        error=f"Elija una opción de la lista ({col.choices.label}).",
                                        promptTitle=col.label, prompt=col.help[:255] or None,
                                        showInputMessage=bool(col.help))
                    last = max(len(rows) + 1, 200)
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
                ws.auto_filter.ref = f"A1:{_col_letter(len(headers) - 1)}{len(rows) + 1}"
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
    ms.sheet_state = "hidden"
    lists.sheet_state = "hidden"
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


def export_xlsx(store: Store, instance_id: str, path: str | Path) -> None:
    write_form_xlsx(export_instance(store, instance_id), path)


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


def _load(path: Path, name: str) -> Any:
    from openpyxl import DEFUSEDXML

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


def _text(value: Any, f: Field | None = None) -> str:
    """A cell value as the form's text (numbers and dates typed by the user too)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, dt.datetime):
        if f is not None and f.kind == "date":
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    if f is not None and f.kind in ("text", "region", "year", "date", "choice"):
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


def read_form_xlsx(path: str | Path) -> dict[str, Any]:
    """Read an exported (and possibly edited) workbook into a checked document.

    Raises :class:`UserError` / :class:`ValidationFailed` with Spanish messages
    naming the sheet, row and column of every problem; writes nothing.
    """
    p = Path(path)
    name = p.name
    check_zip(p, name)
    wb = _load(p, name)
    try:
        return _read_workbook(wb, name)
    except UserError:
        raise
    except Exception as exc:  # sheets are parsed lazily, while reading rows
        raise _unreadable(exc, name) from None
    finally:
        wb.close()


def _read_workbook(wb: Any, name: str) -> dict[str, Any]:
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
            data[sec.key] = _read_table(ws, sec, set(row_ids.get(sec.key, [])), problems)
        else:
            data[sec.key] = _read_fields(ws, sec, problems)
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


def _read_table(ws: Any, sec: Section, known_ids: set[str], problems: list[str]
                ) -> list[dict[str, str]]:
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
    for r, cells in enumerate(ws.iter_rows(min_row=2, max_col=n + 1), start=2):
        values = cells[:n]
        if all(c.value is None or str(c.value).strip() == "" for c in values):
            continue
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
            text = _text(cell.value, col)
            if col.kind == "choice":
                key = _choice_key(col, text)
                if key is None:
                    opts = ", ".join(c.label for c in col.choices.items) if col.choices else ""
                    problems.append(f"{where}: «{text}» no es una opción válida (use {opts})")
                    continue
                text = key
            row[col.key] = text
        rows.append(row)
    return rows


def _read_fields(ws: Any, sec: Section, problems: list[str]) -> dict[str, str]:
    expected_head = list(FIELD_HEADERS[:2])
    header = _first_row(ws)[:2]
    prob = _header_problem(ws.title, expected_head, header)
    if prob:
        problems.append(prob)
        return {}
    values: dict[str, str] = {}
    labels = {" ".join(f.label.split()): f for f in sec.fields}
    for r, cells in enumerate(ws.iter_rows(min_row=2, max_col=2), start=2):
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
        text = _text(value_cell.value if value_cell is not None else None, f)
        if f.kind == "region":
            text = _region_code(text)
        values[f.key] = text
    for f in sec.fields:
        if f.key not in values:
            problems.append(f"hoja «{ws.title}»: falta la fila del campo «{f.label}»")
    return values


def import_xlsx(store: Store, path: str | Path) -> tuple[str, Changed, bool]:
    """Import an edited workbook: validated whole first, then one undoable command."""
    return import_document(store, read_form_xlsx(path))
