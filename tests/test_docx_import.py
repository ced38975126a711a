"""Legacy Word forms (.docx): layouts, tolerance, unplaced text, hostile files."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest
from docx_factory import LAYOUTS, build

from sernam_desktop.cli import main
from sernam_desktop.docx_import import import_docx, read_docx, region_from_text
from sernam_desktop.errors import UserError
from sernam_desktop.examples import example_document
from sernam_desktop.forms import default_form
from sernam_desktop.store import Store


def run(capsys, *argv):
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def comparable(data: dict, exact: bool = False) -> dict:
    """The content that a Word form carries: no row ids, no statuses."""
    form = default_form()
    norm = (lambda v: v) if exact else ws
    out = {}
    for sec in form.sections:
        if sec.is_table:
            out[sec.key] = [{c.key: norm(r.get(c.key, "")) for c in sec.columns
                             if c.kind != "choice"} for r in data[sec.key]]
        else:
            out[sec.key] = {f.key: norm(v) for f, v in
                            ((f, data[sec.key].get(f.key, "")) for f in sec.fields)}
    return out


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_imports_to_the_example(tmp_path, layout):
    path = build(layout, tmp_path / f"etapa4-2007-{layout}.docx")
    got = read_docx(path)
    expected = example_document()["data"]
    assert got.unplaced == []
    assert comparable(got.data) == comparable(expected)
    assert (got.servicio, got.region, got.anio) == ("Servicio Nacional de la Mujer", "00", "2007")
    assert got.year_source == "nombre del archivo"
    for sec in default_form().tables:
        if sec.status:
            assert all(r[sec.status] == "" for r in got.data[sec.key]), "statuses stay empty"
    assert got.data["notas"]["notas"] == expected["notas"]["notas"]  # the footnote


@pytest.mark.parametrize("layout", ["per_activity", "one_table"])
def test_paragraph_layouts_keep_the_text_exactly(tmp_path, layout):
    got = read_docx(build(layout, tmp_path / "f.docx"), year=2007)
    assert comparable(got.data, exact=True) == comparable(example_document()["data"], exact=True)
    assert got.year_source == "argumento"


def test_manual_line_breaks_and_paragraphs_are_kept_in_cells(tmp_path):
    got = read_docx(build("merged_title", tmp_path / "f.docx"), year=2007)
    first = got.data["actividad_1_1"][0]["indicador"]
    assert first.count("\n") == 2 and "2007\n80%" in first  # breaks, not one long line
    exp = example_document()["data"]["actividad_1_1"][0]["indicador"]
    assert ws(first) == ws(exp)


@pytest.mark.parametrize("text, code", [
    ("Todas las regiones", "00"), ("VIII Región", "08"), ("Región del Biobío", "08"),
    ("Biobío", "08"), ("  Region del  Biobio ", "08"), ("Región de Valparaíso", "05"),
    ("V", "05"), ("XIII Región Metropolitana", "13"), ("Metropolitana", "13"), ("08", "08"),
])
def test_region_as_written_in_word(text, code):
    assert region_from_text(text).code == code


def test_region_unknown_is_a_spanish_error():
    with pytest.raises(UserError, match="No se reconoce la región"):
        region_from_text("Atlántida")


def test_header_variants_odd_spacing_and_region_name(tmp_path):
    path = build("merged_title", tmp_path / "f.docx", region="VIII Región")
    got = read_docx(path, year=2008)
    assert (got.servicio, got.region, got.anio) == ("Servicio Nacional de la Mujer", "08", "2008")
    path = build("per_activity", tmp_path / "g.docx", region="Región del Biobío",
                 servicio="Servicio  Nacional  de la Mujer ")
    assert read_docx(path, year=2008).servicio == "Servicio Nacional de la Mujer"


def test_unplaced_text_is_listed_and_kept_in_notas(tmp_path):
    import docx

    path = build("per_activity", tmp_path / "f.docx")
    d = docx.Document(str(path))
    t12 = next(t for t in d.tables if "Actividad 1.2" in t.rows[0].cells[0].text)
    row = t12.rows[3]
    # a fourth column with text in one row, and a stray paragraph before 1.3
    new_tc = __import__("copy").deepcopy(row._tr.tc_lst[-1])
    row._tr.append(new_tc)
    from docx.table import _Cell

    _Cell(new_tc, t12).text = "Comentario al margen"
    t13 = next(t for t in d.tables if "Actividad 1.3" in t.rows[0].cells[0].text)
    t13._tbl.addprevious(d.add_paragraph("Texto suelto sin lugar")._p)
    d.save(str(path))
    got = read_docx(path, year=2007)
    assert [(u.section, u.row, u.text) for u in got.unplaced] == [
        ("Actividad 1.2", 2, "Comentario al margen"),
        ("Actividad 1.2", None, "Texto suelto sin lugar"),
    ]
    notas = got.data["notas"]["notas"]
    assert "Se mejoró la redacción" in notas
    assert "[Actividad 1.2, fila 2] Comentario al margen" in notas
    assert "[Actividad 1.2] Texto suelto sin lugar" in notas
    # the rest is unaffected
    assert ws(got.data["actividad_1_2"][1]["productos"]) == ws(
        example_document()["data"]["actividad_1_2"][1]["productos"])


def test_import_docx_adds_one_undoable_form(tmp_path):
    path = build("broken", tmp_path / "f.docx")
    with Store(None) as store:
        uid, got, _ = import_docx(store, path, 2007)
        assert store.instance(uid)["anio"] == 2007
        content = store.content(uid)
        assert comparable(content) == comparable(example_document()["data"])
        assert store.instance(uid)["state"] == "borrador"


# ------------------------------------------------------------ hostile files --
def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for n, b in members.items():
            z.writestr(n, b)
    return buf.getvalue()


def _docx_with_document_xml(tmp_path, xml: bytes) -> bytes:
    base = build("per_activity", tmp_path / "base.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(base)) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    members["word/document.xml"] = xml
    return _zip(members)


XXE = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       b'<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>')
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">'
                     % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          b'<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')


def hostile_files(tmp_path):
    bomb = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>",
                 "word/media/pad.bin": b"\0" * (60 * 1024 * 1024)})
    return {
        "antiguo.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000,
                        "guárdelo como .docx desde Word"),
        "renombrado.docx": (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n",
                            "es un PDF"),
        "bomba.docx": (bomb, "bomba zip"),
        "xxe.docx": (_docx_with_document_xml(tmp_path, XXE), "declaraciones XML no permitidas"),
        "risas.docx": (_docx_with_document_xml(tmp_path, LAUGHS),
                       "declaraciones XML no permitidas"),
        "texto.docx": (b"hola, esto no es Word", "no es un documento de Word"),
        "libro.docx": (_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}),
                       "le faltan las partes"),
        "trampa.docx": (_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>",
                              "../../fuera.txt": b"x"}), "sale de la carpeta"),
    }


def test_hostile_files_get_spanish_messages_exit_2_and_nothing_written(tmp_path, capsys):
    existing = tmp_path / "oficina.sqlite3"
    assert run(capsys, "demo", "--db", existing)[0] == 0
    before = hashlib.sha256(existing.read_bytes()).hexdigest()
    for name, (payload, fragment) in hostile_files(tmp_path).items():
        f = tmp_path / name
        f.write_bytes(payload)
        fresh = tmp_path / f"nueva-{name}.sqlite3"
        code, out, err = run(capsys, "import", "docx", f, "--db", fresh, "--year", "2007")
        assert code == 2, name
        assert fragment in err, (name, err)
        assert err.count("\n") == 1 and "Traceback" not in err and out == ""
        assert not fresh.exists(), name
        code, _, err = run(capsys, "import", "docx", f, "--db", existing)
        assert code == 2 and fragment in err
    assert hashlib.sha256(existing.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".sqlite3") == [existing.name]


def test_python_docx_parser_resolves_no_entities():
    """Defence in depth: even if a part slipped past the DTD check, lxml as
    python-docx configures it neither reads external files nor expands entities."""
    from docx.opc.oxml import oxml_parser as opc_parser
    from docx.oxml.parser import oxml_parser, parse_xml

    root = parse_xml(XXE)
    text = "".join(root.itertext())
    assert "root:" not in text
    from lxml import etree

    try:  # libxml2 either refuses the amplification or leaves the entity unexpanded
        root = parse_xml(LAUGHS)
    except etree.XMLSyntaxError as exc:
        assert "amplification" in str(exc) or "entity" in str(exc).lower()
    else:
        assert len("".join(root.itertext())) < 100

    for parser in (oxml_parser, opc_parser):
        assert "".join(etree.fromstring(XXE, parser).itertext()) in ("", "&xxe;")  # unresolved


def test_cli_import_docx_and_unplaced_report(tmp_path, capsys):
    path = build("one_table", tmp_path / "etapa4-2007.docx")
    db = tmp_path / "o.sqlite3"
    code, out, err = run(capsys, "import", "docx", path, "--db", db)
    assert (code, err) == (0, "")
    assert "año 2007, tomado del nombre del archivo" in out
    uid = re.search(r"Formulario ([0-9a-f-]{36})", out).group(1)
    with Store(db) as s:
        assert comparable(s.content(uid)) == comparable(example_document()["data"])
    code, out, err = run(capsys, "import", "docx", path, "--db", db, "--year", "1999")
    assert code == 2 and "año válido" in err


def test_vertically_merged_cells_are_read_once(tmp_path):
    import docx

    path = build("per_activity", tmp_path / "f.docx")
    d = docx.Document(str(path))
    t14 = next(t for t in d.tables if "Actividad 1.4" in t.rows[0].cells[0].text)
    # rows 3 and 4 of the table = data rows 2 and 3: merge their first column
    top, below = t14.cell(3, 0), t14.cell(4, 0)
    below_text = below.text
    for p in list(below.paragraphs):
        p._p.getparent().remove(p._p)
    below.add_paragraph("")
    top.merge(below)
    d.save(str(path))
    got = read_docx(path, year=2007)
    rows = got.data["actividad_1_4"]
    exp = example_document()["data"]["actividad_1_4"]
    assert len(rows) == len(exp) and got.unplaced == []
    assert ws(rows[1]["contribucion"]) == ws(exp[1]["contribucion"])  # not repeated below
    assert rows[2]["contribucion"] == ""
    assert below_text and ws(rows[2]["dificultades"]) == ws(exp[2]["dificultades"])


def test_cli_lists_what_it_could_not_place(tmp_path, capsys):
    import docx

    path = build("one_table", tmp_path / "f.docx")
    d = docx.Document(str(path))
    d.paragraphs[0].insert_paragraph_before("Borrador confidencial")
    d.save(str(path))
    db = tmp_path / "o.sqlite3"
    code, out, err = run(capsys, "import", "docx", path, "--db", db, "--year", "2007")
    assert (code, err) == (0, "")
    assert "1 texto(s) no se pudieron ubicar; quedaron en «Notas»:" in out
    assert "  - [Documento] Borrador confidencial" in out
