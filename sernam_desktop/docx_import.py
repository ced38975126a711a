"""Bring a legacy Word form (.docx) of the Etapa N°4 layout into a new form.

Earlier years exist only as Word documents.  :func:`read_docx` reads one with
python-docx — the header (SERVICIO:, REGIÓN:), the Actividad 1.1–1.4 tables
(title row, caption row, column headings, data rows), Objetivo N°2's text,
Objetivo N°3's Informe Ejecutivo parts and the footnotes — into interchange
``data`` with every status left empty.  It is tolerant of what real files
contain: merged cells, empty rows, captions split over paragraphs or rows,
blank paragraphs, tables continued across pages as two tables, «VIII Región» /
«Región del Biobío» / «Biobío», odd spacing, smart quotes, manual line breaks.
Whatever it cannot place is listed (section, row, text) and kept in «Notas»;
nothing is dropped.

The file is untrusted: before python-docx sees it, it must be a zip that
passes :mod:`sernam_desktop.safezip` and whose XML parts declare no DTD or
entity (python-docx's lxml parser also has ``resolve_entities=False``).  An old
binary .doc, a PDF or anything else gets a Spanish :class:`UserError`; nothing
is written until the whole document has been read.  Qt-free.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sernam_desktop import safezip
from sernam_desktop.commands import CreateInstance
from sernam_desktop.errors import UserError, ValidationFailed
from sernam_desktop.forms import FormDefinition, Section, default_form
from sernam_desktop.regions import Region, all_choices, parse_region
from sernam_desktop.store import ORIGIN_IMPORT, Changed, Store
from sernam_desktop.validation import structure_problems

MAX_DOCX_BYTES = 25 * 1024 * 1024  # the .docx file itself
DOCX_LIMITS = safezip.ZipLimits(
    max_entries=1000,
    max_total=100 * 1024 * 1024,
    max_ratio=200,  # Word XML compresses well; same as the xlsx reader
    ratio_floor=1024 * 1024,
    max_member=64 * 1024 * 1024,
    allowed=safezip.OOXML_NAME.match,
    required=("[Content_Types].xml", "word/document.xml"),
    allow_dirs=True,
)
_FORBIDDEN_XML = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Parts of Objetivo N°3 (Informe Ejecutivo): the heading that opens each one,
# and the printed sub-captions inside it that are not content.
_OBJ3_PARTS = (
    ("1 principales logros obtenidos", "logros"),
    ("2 recomendaciones y compromisos futuros", "recomendaciones_compromisos"),
    ("3 recomendaciones para el desarrollo", "recomendaciones_subdere"),
)
_OBJ3_CAPTIONS = (
    "informe ejecutivo",
    "logros objetivos cumplidos y o mejoras efectivas a los productos",
    "contribucion del plan al mejoramiento de gestion",
    "recomendaciones a subdere y comite de ministros",
)


@dataclass
class Unplaced:
    section: str  # where it was found (a section title, or «Documento»)
    row: int | None  # 1-based data row of that table, if any
    text: str

    def describe(self) -> str:
        where = self.section if self.row is None else f"{self.section}, fila {self.row}"
        return f"[{where}] {self.text}"


@dataclass
class DocxForm:
    """What was read from a Word form, ready for ``CreateInstance``."""

    servicio: str
    region: str  # code
    anio: str
    data: dict[str, Any]
    unplaced: list[Unplaced] = field(default_factory=list)
    year_source: str = "argumento"  # where the year came from (for messages)


# ------------------------------------------------------------- helpers ----
def key(text: str) -> str:
    """Comparable form of a heading: no accents, case, punctuation or spacing."""
    t = unicodedata.normalize("NFKD", text or "")
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^a-z0-9]+", " ", t).strip()


def clean(text: str) -> str:
    """Cell text as kept: manual breaks as new lines, line ends trimmed, ≤1 blank line."""
    text = (text or "").replace("\x0b", "\n").replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n").strip()


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


_ROMAN = {r.roman: r for r in all_choices() if r.roman}


def region_from_text(text: str) -> Region:
    """«VIII Región», «Región del Biobío», «Biobío», «08», «Todas las regiones»…"""
    t = _squash(text).strip(" .:;")
    try:
        return parse_region(t)
    except UserError:
        pass
    k = key(t)
    words = [w for w in k.split() if w not in ("region", "regiones", "del", "de", "la", "y")]
    for w in words:
        r = _ROMAN.get(w.upper())
        if r is not None:
            return r
    rest = " ".join(words)
    for r in all_choices():
        names = {key(r.name), key(r.short)}
        names |= {" ".join(w for w in n.split() if w not in ("region", "del", "de", "la"))
                  for n in list(names)}
        if rest and (rest in names or any(n and n in rest for n in names)):
            return r
    if "todas" in k.split() or k in ("nacional", "nivel central"):
        return all_choices()[-1]
    raise UserError(f"No se reconoce la región «{t}» del documento; corríjala en Word "
                    "(p. ej. «REGIÓN: VIII Región») y vuelva a importar.")


_ACT_RE = re.compile(r"^actividad\s*1\s*([1-4])\b")
_OBJ_RE = re.compile(r"^objetivo\s*n\s*o?\s*([1-3])\b")
_ACT_LINE_RE = re.compile(r"^\s*actividad\s*1\s*[.,]?\s*[1-4]\s*[.:\-–]?\s*(.*)$", re.I)


# ------------------------------------------------------ opening safely ----
def load_docx_bytes(path: str | Path) -> bytes:
    """The bytes of an untrusted .docx, checked; UserError (Spanish) otherwise."""
    p = Path(path)
    name = p.name
    try:
        if p.is_dir():
            raise UserError(f"«{p}» es una carpeta, no un documento de Word.")
        size = p.stat().st_size
        if size > MAX_DOCX_BYTES:
            raise UserError(f"«{name}» es demasiado grande para ser un formulario "
                            f"({size // (1024 * 1024)} MB; el máximo es "
                            f"{MAX_DOCX_BYTES // (1024 * 1024)} MB).")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise UserError(f"No existe el archivo «{p}».") from None
    except OSError as exc:
        raise UserError(f"No se pudo leer «{p}»: {exc.strerror or exc}.") from None
    check_docx_bytes(raw, name)
    return raw


def check_docx_bytes(raw: bytes, name: str) -> None:
    if raw.startswith(_OLE2):
        raise UserError(f"«{name}» es un documento de Word antiguo (.doc), que no se puede leer: "
                        "ábralo en Word y guárdelo como .docx desde Word («Archivo › Guardar "
                        "como › Documento de Word»); luego importe ese archivo.")
    if raw.lstrip()[:5] == b"%PDF-":
        raise UserError(f"«{name}» es un PDF, no un documento de Word (.docx): importe el "
                        "documento original de Word.")
    if not raw.startswith(b"PK"):
        raise UserError(f"«{name}» no es un documento de Word (.docx).")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            try:
                infos = safezip.inspect(zf, DOCX_LIMITS)
                for info in infos.values():
                    if (info.filename.endswith((".xml", ".rels"))
                            and safezip.contains_any(zf, info, _FORBIDDEN_XML)):
                        raise UserError(
                            f"«{name}» contiene declaraciones XML no permitidas (entidades "
                            "externas o expansión de entidades: posible archivo malicioso); "
                            "no se importó.")
            except safezip.UnsafeZip as exc:
                if exc.kind == "missing":
                    raise UserError(f"«{name}» no es un documento de Word (.docx): le faltan "
                                    "las partes de un documento.") from None
                if exc.kind in ("ratio", "total", "member_size"):
                    raise UserError(f"«{name}» contiene datos comprimidos de forma anómala "
                                    "(posible bomba zip); no se importó.") from None
                raise UserError(f"«{name}» no es un documento de Word (.docx) válido: "
                                f"{exc.reason}.") from None
    except UserError:
        raise
    except safezip.ZIP_ERRORS:
        raise UserError(f"«{name}» no es un documento de Word (.docx) válido: el archivo "
                        "está dañado o incompleto.") from None


def _open_document(raw: bytes, name: str) -> Any:
    import docx

    try:
        return docx.Document(io.BytesIO(raw))
    except Exception:  # python-docx raises many kinds for non-Word packages
        raise UserError(f"«{name}» no es un documento de Word (.docx) válido.") from None


# ---------------------------------------------------------- the reader ----
class _Reader:
    def __init__(self, form: FormDefinition):
        self.form = form
        self.tables = {s.number: s for s in form.tables}
        self.state: str | None = None  # section key, "objetivo_1", "objetivo_2", "objetivo_3"
        self.rows: dict[str, list[dict[str, str]]] = {s.key: [] for s in form.tables}
        self.servicio = ""
        self.region_text = ""
        self.obj2: list[str] = []
        self.obj3: dict[str, list[str]] = {k: [] for _, k in _OBJ3_PARTS}
        self.obj3_part: str | None = None
        self.unplaced: list[Unplaced] = []
        self.boiler = {key(form.title), key(form.subtitle), key(form.institution)}

    # where we are, for the unplaced list
    def _where(self) -> str:
        if self.state is None:
            return "Documento"
        if self.form.has_section(self.state):
            return self.form.section(self.state).title
        return {"objetivo_1": "Objetivo N°1", "objetivo_2": "Objetivo N°2",
                "objetivo_3": "Objetivo N°3"}.get(self.state, self.state)

    def _section(self) -> Section | None:
        if self.state and self.form.has_section(self.state):
            sec = self.form.section(self.state)
            return sec if sec.is_table else None
        return None

    def _is_caption(self, text: str, sec: Section) -> bool:
        k = key(text)
        return bool(k) and len(k) >= 6 and (k in key(sec.heading) or key(sec.heading) in k)

    # --- lines (paragraphs, or cells outside the activity tables) ---
    def line(self, text: str, row: int | None = None) -> None:
        raw = text.replace("\x0b", "\n")
        for ln in raw.split("\n"):
            self._line(ln, row)

    def _line(self, ln: str, row: int | None) -> None:
        k = key(ln)
        m = re.match(r"^\s*servicio\s*:\s*(.*)$", ln, re.I)
        if m:
            self.servicio = _squash(m.group(1))
            return
        m = re.match(r"^\s*regi[oó]n\s*:\s*(.*)$", ln, re.I)
        if m:
            self.region_text = m.group(1)
            return
        m = _ACT_RE.match(k)
        if m and m.group(1) and f"1.{m.group(1)}" in self.tables:
            self.state = self.tables[f"1.{m.group(1)}"].key
            mr = _ACT_LINE_RE.match(ln)
            rest = mr.group(1) if mr else ""
            if key(rest) and not self._is_caption(rest, self.form.section(self.state)):
                self.unplaced.append(Unplaced(self._where(), None, _squash(rest)))
            return
        m = _OBJ_RE.match(k)
        if m:
            self.state = f"objetivo_{m.group(1)}"
            self.obj3_part = None
            return
        if self.state == "objetivo_2":
            self.obj2.append(ln)
            return
        if self.state == "objetivo_3":
            for prefix, part in _OBJ3_PARTS:
                if k.startswith(prefix):
                    self.obj3_part = part
                    return
            if any(k.startswith(c) for c in _OBJ3_CAPTIONS):
                if self.obj3_part is not None:
                    self.obj3[self.obj3_part].append("")
                return
            if self.obj3_part is None:
                if k:
                    self.unplaced.append(Unplaced(self._where(), None, ln.strip()))
                return
            self.obj3[self.obj3_part].append(ln)
            return
        if not k or k in self.boiler:
            return
        sec = self._section()
        if sec is not None and self._is_caption(ln, sec):
            return
        if self.state is None and any(k == key(o.title) or key(o.title) in k
                                      for o in self.form.objectives):
            return
        self.unplaced.append(Unplaced(self._where(), row, ln.strip()))

    # --- table rows ---
    def table_row(self, cells: list[str]) -> None:
        nonempty = [c for c in cells if c.strip()]
        if not nonempty:
            return
        first = clean(nonempty[0])
        if _ACT_RE.match(key(first.split("\n", 1)[0])):
            self.line(first)  # title (and caption) in one cell
            for c in nonempty[1:]:
                self.line(c)
            return
        sec = self._section()
        if sec is None:
            for c in nonempty:
                self.line(c)
            return
        cols = [c for c in sec.columns if c.kind != "choice"]
        if len(nonempty) == 1 and self._is_caption(nonempty[0], sec):
            return
        if self._is_heading_row(cells, cols):
            return
        values = [clean(c) for c in cells]
        # a leading/trailing empty grid cell from an uneven table: keep positions
        while len(values) > len(cols) and values and not values[-1]:
            values.pop()
        while len(values) > len(cols) and values and not values[0]:
            values.pop(0)
        row = {c.key: "" for c in sec.columns}
        for col, v in zip(cols, values):
            row[col.key] = v
        self.rows[sec.key].append(row)
        n = len(self.rows[sec.key])
        for extra in values[len(cols):]:
            if extra:
                self.unplaced.append(Unplaced(sec.title, n, extra))

    def _is_heading_row(self, cells: list[str], cols: list[Any]) -> bool:
        hits = 0
        for i, c in enumerate(cells):
            k = key(c)
            if not k:
                continue
            if i >= len(cols):
                return False
            label = key(cols[i].label)
            if not (k.startswith(label) or label.startswith(k)):
                return False
            hits += 1
        return hits >= min(2, len(cols))

    # --- result ---
    def data(self) -> dict[str, Any]:
        form = self.form
        out: dict[str, Any] = {}
        for sec in form.sections:
            if sec.is_table:
                out[sec.key] = self.rows[sec.key]
            else:
                out[sec.key] = {f.key: "" for f in sec.fields}
        if form.has_section("objetivo_2"):
            out["objetivo_2"]["sistemas_informacion"] = clean("\n".join(self.obj2))
        if form.has_section("objetivo_3"):
            for part, lines in self.obj3.items():
                out["objetivo_3"][part] = clean("\n".join(lines))
        return out


def _body_blocks(document: Any) -> list[tuple[str, Any]]:
    """("p", text) and ("row", [cell texts]) in document order.

    Each ``w:tc`` is read once (a cell spanning columns is one cell); a
    vertically merged continuation cell reads as empty, so a merged cell's text
    is never repeated in the rows below it.
    """
    from docx.table import Table, _Cell

    blocks: list[tuple[str, Any]] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for tr in item._tbl.tr_lst:
                cells = []
                for tc in tr.tc_lst:
                    if tc.vMerge == "continue":
                        cells.append("")
                    else:
                        cells.append(_Cell(tc, item).text)
                blocks.append(("row", cells))
        else:
            blocks.append(("p", item.text))
    return blocks


def _footnotes(document: Any) -> list[str]:
    """Text of the footnotes and endnotes (not Word's separators)."""
    from docx.oxml.parser import parse_xml

    out: list[str] = []
    for rel in document.part.rels.values():
        if rel.is_external or not rel.reltype.endswith(("/footnotes", "/endnotes")):
            continue
        root = parse_xml(rel.target_part.blob)  # lxml, resolve_entities=False
        for note in root:
            if note.get(f"{_W}type") not in (None, "normal"):
                continue
            paras = []
            for p in note.iter(f"{_W}p"):
                text = []
                for el in p.iter():
                    if el.tag == f"{_W}t" and el.text:
                        text.append(el.text)
                    elif el.tag in (f"{_W}br", f"{_W}cr"):
                        text.append("\n")
                    elif el.tag == f"{_W}tab":
                        text.append("\t")
                paras.append("".join(text))
            t = clean("\n".join(paras))
            if t:
                out.append(t)
    return out


def year_from_name(name: str) -> str | None:
    m = re.search(r"(?<!\d)(20\d\d)(?!\d)", name)
    return m.group(1) if m else None


def read_docx(path: str | Path, year: int | str | None = None,
              form: FormDefinition | None = None) -> DocxForm:
    """Read a legacy Word form; nothing is written anywhere."""
    p = Path(path)
    raw = load_docx_bytes(p)
    document = _open_document(raw, p.name)
    form = form or default_form()
    reader = _Reader(form)
    try:
        blocks = _body_blocks(document)
        notes = _footnotes(document)
    except UserError:
        raise
    except Exception:
        raise UserError(f"«{p.name}» no es un documento de Word (.docx) válido: no se pudo "
                        "leer su contenido.") from None
    for kind, value in blocks:
        if kind == "p":
            reader.line(value)
        else:
            reader.table_row(value)
    if not any(reader.rows.values()):
        raise UserError(f"«{p.name}» no tiene las tablas del Formulario Etapa N°4 "
                        "(Actividad 1.1 a 1.4): no parece un formulario de este tipo.")
    region = region_from_text(reader.region_text) if reader.region_text.strip() else None
    if region is None:
        raise UserError(f"«{p.name}» no indica la región («REGIÓN: …»); agréguela en Word "
                        "y vuelva a importar.")
    servicio = reader.servicio or form.institution
    if not reader.servicio:
        reader.unplaced.append(Unplaced("Encabezado", None,
                                        f"No se encontró «SERVICIO:»; se usó «{servicio}»."))
    source = "argumento"
    if year is None:
        guess = year_from_name(p.name)
        year, source = (guess, "nombre del archivo") if guess else (
            str(date.today().year), "año actual")
    data = reader.data()
    header = form.header.key
    data[header].update({"servicio": servicio, "region": region.code, "anio": str(year)})
    notas = list(notes)
    if reader.unplaced:
        notas.append("Texto del documento Word que no se pudo ubicar al importar:\n\n"
                     + "\n\n".join(u.describe() for u in reader.unplaced))
    if form.has_section("notas"):
        data["notas"]["notas"] = "\n\n".join(notas)
    return DocxForm(servicio, region.code, str(year), data, reader.unplaced, source)


def import_docx(store: Store, path: str | Path,
                year: int | str | None = None) -> tuple[str, DocxForm, Changed]:
    """Read ``path`` and add it to ``store`` as a new form (one undoable command)."""
    form = default_form()
    got = read_docx(path, year, form)
    problems = structure_problems(form, got.data)
    if problems:  # e.g. a cell longer than the form allows
        raise ValidationFailed(problems, f"«{Path(path).name}»")
    cmd = CreateInstance(form, got.servicio, got.region, got.anio, data=got.data)
    cmd.label = "Importar formulario Word"
    changed = store.execute(cmd, origin=ORIGIN_IMPORT)
    return cmd.instance_id, got, changed
