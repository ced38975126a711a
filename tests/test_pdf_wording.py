"""The PDF prints the ministry's wording: every caption from the definition's
``print`` wording, that wording copied from the seed form, nothing else."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sernam_desktop import pdf
from sernam_desktop.examples import example_document
from sernam_desktop.forms import default_form

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) not installed")

# A copy of the official form as text (Word document dumped to text; table cells
# begin with a tab).  Captions are compared with whitespace runs collapsed: the
# form breaks some captions over lines («Objetivo» / «Específico»).
SEED = Path(__file__).resolve().parent / "data" / "seed_etapa4.txt"


def norm(text: str) -> str:
    return " ".join(text.split())


def body_text(path: Path) -> str:
    """pdftotext of the frame only (no running header/footer), page by page."""
    w, h = (int(x) for x in pdf.page_size("letter"))
    top = pdf.MARGIN + pdf.HEADER_BAND - 4
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-raw", "-x", "0", "-y", str(top), "-W", str(w),
         "-H", str(h - 2 * top), str(path), "-"],
        capture_output=True, text=True, check=True).stdout
    return out


def empty_document() -> dict:
    doc = example_document(fresh_id=False)
    form = default_form()
    for sec in form.sections:
        doc["data"][sec.key] = [] if sec.is_table else {f.key: "" for f in sec.fields}
    return doc


def test_official_print_wording_is_copied_from_the_seed():
    """Every official caption is in the seed, character for character, in the form's order."""
    seed = norm(SEED.read_text(encoding="utf-8"))
    form = default_form()
    pos = 0
    official = [c for c, official in form.print_captions() if official]
    assert len(official) >= 30
    for caption in official:
        at = seed.find(norm(caption), pos)
        assert at >= 0, f"not in the seed (or out of order): {caption!r}"
        pos = at + len(norm(caption))
    # The examples the issue quotes, exactly.
    for exact in (
        "OBJETIVO N°1: “Descripción del desarrollo alcanzado en la incorporación de la "
        "perspectiva territorial”.",
        "OBJETIVO N°2: “Evaluación de las modificaciones incorporadas a los Sistemas de "
        "Información por Región o Territorio”.",
        "OBJETIVO N°3: “Informe Ejecutivo al Jefe de Servicio”.",
        "Resultado de la medición del indicador (Cumple, cumple parcialmente o no cumple el "
        "objetivo)",
        "Evaluación del avance (Incorpora o no efectivamente la mejora comprometida)",
        "1. PRINCIPALES LOGROS OBTENIDOS",
        "Logros (Objetivos cumplidos y/o Mejoras efectivas a los productos)",
        "Contribución del plan al mejoramiento de gestión",
        "2. RECOMENDACIONES Y COMPROMISOS FUTUROS PARA MEJORAR GESTIÓN",
        "3. RECOMENDACIONES PARA EL DESARROLLO DEL SISTEMA DE GESTION TERRITORIAL",
        "SERVICIO:", "REGIÓN:", "Actividad 1.1",
    ):
        assert exact in official, exact


def test_only_three_captions_are_not_the_ministrys():
    """Año, Responsable and Fecha are the app's fields: marked, and kept to these three."""
    form = default_form()
    added = [c for c, official in form.print_captions() if not official]
    assert added == ["AÑO:", "RESPONSABLE:", "FECHA:"]


def test_pdf_headings_are_exactly_the_print_wording(tmp_path):
    """An empty form prints its captions and nothing else: the PDF's text, in order,
    is the definition's print wording (running header and footer aside)."""
    path = tmp_path / "vacio.pdf"
    pdf.write_form_pdf(empty_document(), path, invariant=True)
    got = norm(body_text(path))
    want = norm(" ".join(c for c, _ in default_form().print_captions()))
    assert got == want


def test_seed_pdf_captions_and_no_help_text(tmp_path):
    doc = example_document(fresh_id=False)
    path = tmp_path / "seed.pdf"
    pdf.write_form_pdf(doc, path, invariant=True)
    text = norm(body_text(path))
    form = default_form()
    pos = 0
    for caption, _ in form.print_captions():
        at = text.find(norm(caption), pos)
        assert at >= 0, f"caption missing or out of place: {caption!r}"
        pos = at
    # No screen label that differs from the print wording, no help text, no app sentence.
    data_text = norm(str(doc["data"]))
    captions = norm(" ".join(c for c, _ in form.print_captions()))
    for sec in form.sections:
        texts = [sec.help, sec.heading if sec.heading not in captions else ""]
        texts += [f.help for f in sec.fields]
        for t in texts:
            t = norm(t)
            if t and t not in captions and t not in data_text:
                assert t not in text, f"app text printed: {t!r}"
    for app_text in ("Una fila por objetivo específico", "aparecen al final del PDF",
                     "(sin completar)", "(sin filas)", "Resumen de estados", "Estado",
                     "Identificación del servicio", "Notas al pie", pdf.ANNEX_TITLE):
        assert app_text not in text, app_text
    assert "—" not in text  # an empty cell prints empty


def test_footnote_keeps_its_mark_where_it_refers(tmp_path):
    doc = example_document(fresh_id=False)
    note = doc["data"]["notas"]["notas"]
    assert note.startswith("Se mejoró la redacción")
    path = tmp_path / "nota.pdf"
    pdf.write_form_pdf(doc, path, invariant=True)
    raw = body_text(path)
    target = default_form().section("actividad_1_3").field("logros_comprometidos").print
    # The mark follows the caption it refers to, and opens the note at the end.
    assert re.search(re.escape(norm(target)) + r" 1 ", norm(raw))
    assert norm(raw).endswith("1 " + norm(note))
    # Without a note there is no mark.
    doc2 = copy.deepcopy(doc)
    doc2["data"]["notas"]["notas"] = ""
    pdf.write_form_pdf(doc2, path, invariant=True)
    assert not re.search(re.escape(norm(target)) + r" 1 ", norm(body_text(path)))


def test_annex_is_optional_titled_and_after_the_form(tmp_path):
    doc = example_document(fresh_id=False)
    path = tmp_path / "anexo.pdf"
    pdf.write_form_pdf(doc, path, invariant=True, anexo=True)
    text = norm(body_text(path))
    at = text.index(pdf.ANNEX_TITLE)
    assert text.index("3. RECOMENDACIONES PARA EL DESARROLLO") < at
    annex = text[at:]
    assert "Resumen de estados" in annex
    for sec in default_form().tables:
        if sec.status_field is not None:
            assert f"{sec.title}: {sec.status_field.label}" in annex


def test_cli_export_pdf_anexo(tmp_path, demo_file, capsys):
    from sernam_desktop.cli.main import main

    db, uid = demo_file
    plain, with_annex = tmp_path / "f.pdf", tmp_path / "f-anexo.pdf"
    assert main(["export", "pdf", "--db", str(db), "--form", uid, "-o", str(plain)]) == 0
    assert main(["export", "pdf", "--db", str(db), "--form", uid, "-o", str(with_annex),
                 "--anexo"]) == 0
    assert "anexo" in capsys.readouterr().out
    assert pdf.ANNEX_TITLE not in body_text(plain)
    assert pdf.ANNEX_TITLE in body_text(with_annex)


def test_annex_of_a_consolidated_report_names_each_rows_region(tmp_path):
    from sernam_desktop.regions import by_code

    doc = example_document(fresh_id=False)
    for i, row in enumerate(doc["data"]["actividad_1_1"]):
        row["_region"] = "05" if i % 2 else "13"
    path = tmp_path / "central.pdf"
    pdf.write_form_pdf(doc, path, invariant=True, anexo=True, region_column=True)
    annex = norm(body_text(path).split(pdf.ANNEX_TITLE, 1)[1])
    assert f"1 {by_code('13').short} Mejorar la coordinación" in annex
    assert f"2 {by_code('05').short} Incorporar las variables" in annex


@pytest.mark.parametrize("mutate, where", [
    (lambda d: d["sections"][1]["columns"][0].__setitem__("print", 3),
     "«sections[1].columns[0].print»"),
    (lambda d: d["sections"][1].__setitem__("print", ["Actividad", 1]), "«sections[1].print»"),
    (lambda d: d["form"].__setitem__("print", "Formulario"), "«form.print»"),
    (lambda d: d["sections"][-1]["fields"][0].__setitem__("footnote_of", "actividad_9.x"),
     "footnote_of"),
    (lambda d: d["objectives"][0].__setitem__("print", ["OBJETIVO"]), "«objectives[0].print»"),
])
def test_broken_print_wording_names_the_key(mutate, where):
    import tomllib

    from sernam_desktop.errors import FormDefinitionError
    from sernam_desktop.forms import parse_definition
    from sernam_desktop.paths import forms_dir

    data = tomllib.loads((forms_dir() / "etapa4.toml").read_text(encoding="utf-8"))
    mutate(data)
    with pytest.raises(FormDefinitionError) as exc:
        parse_definition(data, "forms/roto.toml")
    assert where in str(exc.value), str(exc.value)
