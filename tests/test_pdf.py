"""The form PDF: content (pdftotext), layout (pdftoppm pixels), metadata, determinism."""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
import zlib

import pytest
from PIL import Image

from sernam_desktop import interchange, pdf
from sernam_desktop.commands import CreateInstance, SetField
from sernam_desktop.errors import UserError
from sernam_desktop.examples import example_document
from sernam_desktop.forms import default_form
from sernam_desktop.regions import by_code

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
                                reason="poppler-utils (pdftotext, pdftoppm) not installed")


def norm(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path, *args: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


def pdf_info(path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines()
                                              if ":" in line)}


def render(path, tmp_path, first: int, last: int, dpi: int = 60) -> list[Image.Image]:
    prefix = tmp_path / f"{path.stem}-p"
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(first), "-l", str(last),
                    str(path), str(prefix)], check=True)
    files = sorted(tmp_path.glob(f"{path.stem}-p*.png"))
    return [Image.open(f).convert("RGB") for f in files]


@pytest.fixture(scope="module")
def seed_doc():
    doc = example_document(fresh_id=False)
    return doc


@pytest.fixture(scope="module")
def seed_pdf(seed_doc, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "seed.pdf"
    pdf.write_form_pdf(seed_doc, path, invariant=True)
    return path


def opening_words(text: str, n: int = 4) -> str:
    """The first words of the first paragraph (a cell may continue on the next page
    right after its first paragraph, so only these are sure to be contiguous)."""
    first = text.strip().split("\n")[0]
    return " ".join(first.split()[:n])


# ------------------------------------------------------------- content ---
def test_seed_pdf_holds_every_row_and_heading(seed_doc, seed_pdf):
    text = norm(pdf_text(seed_pdf, "-raw"))
    form = default_form()
    # The form prints its official wording, not the screen labels (tests/test_pdf_wording.py).
    headings = [caption for caption, _ in form.print_captions()]
    for h in headings:
        assert norm(h) in text, f"heading missing: {h!r}"
    checked = 0
    words = set(text.split())
    for sec in form.tables:
        for row in seed_doc["data"][sec.key]:
            for col in sec.columns:
                value = row.get(col.key, "")
                if not value.strip():
                    continue
                if col.kind == "choice":
                    continue  # statuses are in the annex only (test_status_is_word_and_colour)
                else:
                    assert opening_words(value) in text, (sec.key, col.key, value[:60])
                    assert set(value.split()) <= words, (sec.key, col.key, value[:60])
                checked += 1
    assert checked > 80  # the seed really has that many filled cells
    for sec in form.field_sections:
        for f in sec.fields:
            value = seed_doc["data"][sec.key].get(f.key, "")
            if value.strip() and f.kind not in ("region", "date"):
                assert opening_words(value) in text, (sec.key, f.key)
    region = by_code(seed_doc["data"]["encabezado"]["region"])
    assert region.name in text


def test_every_page_has_identity_header_and_page_x_of_y(seed_doc, seed_pdf):
    pages = pdf_text(seed_pdf).split("\f")
    pages = [p for p in pages if p.strip()]
    total = int(pdf_info(seed_pdf)["Pages"])
    assert total == len(pages) > 5
    head = seed_doc["data"]["encabezado"]
    region = by_code(head["region"]).name
    for i, page in enumerate(pages, start=1):
        flat = norm(page)
        assert f"Página {i} de {total}" in flat
        for part in (head["servicio"], region, head["anio"]):
            assert part in flat, (i, part)


def test_metadata_language_and_embedded_font(seed_doc, seed_pdf):
    info = pdf_info(seed_pdf)
    assert info["Page size"].startswith("792 x 612")  # Carta, landscape
    assert "Formulario Etapa N°4" in info["Title"]
    assert "Todas las regiones" in info["Title"] and "2007" in info["Title"]
    assert info["Author"] == "Servicio Nacional de la Mujer"
    assert "Presentación Información servicios desconcentrados" in info["Subject"]
    assert info["Creator"].startswith("sernam-desktop")
    raw = seed_pdf.read_bytes()
    assert b"/Lang (es-CL)" in raw
    fonts = subprocess.run(["pdffonts", str(seed_pdf)], capture_output=True, text=True,
                           check=True).stdout
    dejavu = [line for line in fonts.splitlines() if "DejaVuSans" in line]
    assert len(dejavu) == 2
    for line in dejavu:
        assert re.search(r"\byes\s+yes\s+yes\b", line), line  # embedded, subset, unicode


def test_spanish_characters_and_markup_are_text(tmp_path, seed_doc):
    doc = copy.deepcopy(seed_doc)
    special = "á é í ó ú ñ Ñ ü “comillas” — ¿¡ <b>no es negrita</b> & A<B>C"
    doc["data"]["objetivo_2"]["sistemas_informacion"] = special
    doc["data"]["actividad_1_3"][0]["brechas"] = special + "\n\nSegundo párrafo\ncon salto"
    path = tmp_path / "special.pdf"
    pdf.write_form_pdf(doc, path, invariant=True)
    text = pdf_text(path, "-raw")
    assert norm(text).count(special) == 2
    # paragraph and line breaks of a cell are kept
    assert "Segundo párrafo\ncon salto" in text


def test_status_is_word_and_colour(tmp_path, seed_doc):
    """Each status shows its label, and its colour is really painted on the page."""
    form = default_form()
    sec = form.section("actividad_1_1")
    choices = sec.status_field.choices
    doc = copy.deepcopy(seed_doc)
    rows = doc["data"]["actividad_1_1"][:1]
    rows[0] = dict(rows[0], estado=choices.items[2].key)  # "No cumple": red
    for sec_key in ("actividad_1_2", "actividad_1_3", "actividad_1_4"):
        doc["data"][sec_key] = []
    doc["data"]["actividad_1_1"] = rows
    path = tmp_path / "status.pdf"
    pdf.write_form_pdf(doc, path, invariant=True)
    assert choices.items[2].label not in norm(pdf_text(path, "-raw"))  # not in the form
    pdf.write_form_pdf(doc, path, invariant=True, anexo=True)
    pages = pdf_text(path, "-raw").split("\f")
    annex_at = next(i for i, p in enumerate(pages) if pdf.ANNEX_TITLE in p)
    annex = "\n".join(pages[annex_at:])
    assert choices.items[2].label in annex
    assert f"{choices.items[0].label}:" in annex  # the summary counts every status
    img = render(path, tmp_path, annex_at + 1, annex_at + 1, dpi=72)[0]
    want = tuple(int(choices.items[2].color[i:i + 2], 16) for i in (1, 3, 5))
    close = sum(1 for px in img.get_flattened_data() if all(abs(a - b) < 40 for a, b in zip(px, want)))
    assert close > 20, "the status colour does not appear on the page"


def test_summary_counts_and_chart(tmp_path, seed_doc, seed_pdf):
    from sernam_desktop.validation import status_counts

    counts = status_counts(default_form(), seed_doc["data"])
    assert "Resumen de estados" not in pdf_text(seed_pdf)  # by default: the form alone
    path = tmp_path / "anexo.pdf"
    pdf.write_form_pdf(seed_doc, path, invariant=True, anexo=True)
    pages = pdf_text(path, "-raw").split("\f")
    first = next(i for i, p in enumerate(pages) if pdf.ANNEX_TITLE in p)
    assert "OBJETIVO N°3" in "".join(pages[:first])  # the annex comes after the form
    page1 = norm(pages[first])
    assert "Resumen de estados" in page1
    for sec in default_form().tables:
        if sec.key not in counts:
            continue
        for c in sec.status_field.choices.items:
            assert f"{c.label}: {counts[sec.key][c.key]}" in page1
    # the chart's bars: the "cumple" green is painted on the annex's first page
    img = render(path, tmp_path, first + 1, first + 1, dpi=72)[0]
    green = (0x2E, 0x7D, 0x32)
    assert sum(1 for px in img.get_flattened_data() if all(abs(a - b) < 30 for a, b in zip(px, green))) > 200


# --------------------------------------------------------- long cells ---
def numbered_text(n_chars: int, tag: str) -> tuple[str, list[str]]:
    words = []
    i = 0
    total = 0
    while total < n_chars:
        w = f"{tag}{i:05d}ñ"
        words.append(w)
        total += len(w) + 1
        i += 1
    # a few paragraph breaks inside, like a real answer
    text = ""
    for j, w in enumerate(words):
        text += w + ("\n\n" if j % 97 == 96 else " ")
    return text.strip(), words


@pytest.mark.parametrize("size", [5_000, 100_000])
def test_huge_cell_comes_out_whole(tmp_path, seed_doc, size):
    doc = copy.deepcopy(seed_doc)
    text, words = numbered_text(size, "pal")
    doc["data"]["actividad_1_1"][0]["resultado"] = text
    path = tmp_path / f"cell{size}.pdf"
    pdf.write_form_pdf(doc, path, invariant=True)
    found = re.findall(r"pal\d{5}ñ", pdf_text(path, "-raw"))
    assert found == words  # every word, once, in order: nothing clipped or repeated
    assert int(pdf_info(path)["Pages"]) > (16 if size > 50_000 else 1)


def ink_outside_frame(img: Image.Image, page_w_pt: float) -> int:
    """Dark pixels in the left/right margins (where nothing may be drawn)."""
    scale = img.width / page_w_pt
    margin = int((pdf.MARGIN - 4) * scale)
    dark = 0
    for x in list(range(0, margin)) + list(range(img.width - margin, img.width)):
        for y in range(img.height):
            if sum(img.getpixel((x, y))) < 600:
                dark += 1
    return dark


def test_long_cell_and_a4_pages_stay_inside_margins(tmp_path, seed_doc):
    doc = copy.deepcopy(seed_doc)
    text, _ = numbered_text(5_000, "x")
    doc["data"]["actividad_1_1"][0]["resultado"] = text
    doc["data"]["actividad_1_1"][1]["objetivo"] = "unasolapalabrasinespacios" * 40
    for paper, width in (("letter", 792), ("a4", 841.89)):
        path = tmp_path / f"long-{paper}.pdf"
        pdf.write_form_pdf(doc, path, paper=paper, invariant=True)
        info = pdf_info(path)
        assert info["Page size"].startswith(f"{width:g} x")
        images = render(path, tmp_path, 1, 4)
        assert len(images) == 4
        for img in images:
            assert ink_outside_frame(img, width) == 0
        assert "unasolapalabrasinespacios" * 3 in norm(pdf_text(path, "-raw")).replace(" ", "")


# ------------------------------------------------------------ options ---
def test_invariant_output_is_byte_identical(seed_doc):
    a = pdf.form_pdf_bytes(seed_doc, invariant=True)
    b = pdf.form_pdf_bytes(copy.deepcopy(seed_doc), invariant=True)
    assert a == b
    changed = copy.deepcopy(seed_doc)
    changed["data"]["objetivo_2"]["sistemas_informacion"] += " (corregido)"
    assert pdf.form_pdf_bytes(changed, invariant=True) != a
    # … and in another process, with another hash seed (set/dict order) and after a
    # different PDF was made first
    script = (
        "import hashlib, sys\n"
        "from sernam_desktop.examples import example_document\n"
        "from sernam_desktop import pdf\n"
        "d = example_document(fresh_id=False)\n"
        "pdf.form_pdf_bytes(d, paper='a4')\n"
        "sys.stdout.write(hashlib.sha256(pdf.form_pdf_bytes(d, invariant=True)).hexdigest())\n"
    )
    import hashlib
    import os

    for seed in ("1", "12345"):
        r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed})
        assert r.returncode == 0, r.stderr
        assert r.stdout == hashlib.sha256(a).hexdigest()


def test_region_column_and_appendix(tmp_path, seed_doc):
    from reportlab.platypus import Paragraph

    doc = copy.deepcopy(seed_doc)
    for i, row in enumerate(doc["data"]["actividad_1_1"]):
        row["_region"] = "05" if i % 2 else "13"
    appendix = [Paragraph("Anexo de prueba: matriz región × estado", pdf.styles()["heading"])]
    path = tmp_path / "central.pdf"
    pdf.write_form_pdf(doc, path, region_column=True, appendix=appendix, invariant=True)
    text = norm(pdf_text(path, "-raw"))
    assert by_code("05").short in text and by_code("13").short in text
    assert text.index("Anexo de prueba") > text.index("OBJETIVO N°3")
    first_table = text[text.index("Descripción del cumplimiento"):]
    assert first_table.index("Región") < first_table.index("Objetivo Específico")


def test_styles_are_reusable_copies():
    mine = pdf.styles()
    mine["heading"].fontSize = 40
    assert pdf.styles()["heading"].fontSize < 20
    assert mine["cell"].fontName == pdf.register_fonts()[0]


def test_column_widths_follow_the_definition():
    sec = default_form().section("actividad_1_1")
    table = pdf._table_section(sec, [], 700, region_column=False)
    widths = table._colWidths
    assert sum(widths) == pytest.approx(700)
    printed = [c for c in sec.columns if c.print is not None]  # not the status column
    assert len(widths) == len(printed) == len(sec.columns) - 1
    for w, col in zip(widths, printed):
        assert w == pytest.approx(700 * col.width / sum(c.width for c in printed), abs=len(widths))  # whole points


def test_empty_new_form_and_export_from_store(tmp_path, store):
    cmd = CreateInstance(default_form(), "Servicio de Prueba", "09", 2026)
    store.execute(cmd)
    store.execute(SetField(cmd.instance_id, "encabezado", "fecha", "2026-03-31"))
    path = tmp_path / "nuevo.pdf"
    interchange.export_pdf(store, cmd.instance_id, path, paper="a4")
    text = norm(pdf_text(path, "-raw"))
    for filler in ("(sin filas)", "(sin completar)"):
        assert filler not in text  # empty prints empty (and ruled lines to write on)
    assert text.count("—") == int(pdf_info(path)["Pages"])  # only the footer's «título — estado»
    assert "31-03-2026" in text  # dates in Chilean order
    assert by_code("09").name in text
    assert "Borrador" in text
    assert "generado el" in text  # not invariant: the print date is shown


def test_bad_paper_and_unknown_form_are_user_errors(tmp_path, seed_doc):
    with pytest.raises(UserError, match="papel"):
        pdf.write_form_pdf(seed_doc, tmp_path / "x.pdf", paper="legal")
    doc = copy.deepcopy(seed_doc)
    doc["form"]["version"] = 99
    with pytest.raises(UserError, match="no es conocido"):
        pdf.write_form_pdf(doc, tmp_path / "y.pdf")
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_seed_pdf_is_small(seed_pdf):
    """The PDF travels in the bundle (≤ 60 KB with the data): keep it lean."""
    assert seed_pdf.stat().st_size < 56_000


# ---------------------------------------------------------------- CLI ---
def test_cli_export_pdf_uses_paper_setting(tmp_path, demo_file, monkeypatch, capsys):
    from sernam_desktop import settings
    from sernam_desktop.cli.main import main

    db, _ = demo_file
    home = tmp_path / "home"
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(home))
    settings.save(settings.Settings(paper="a4"))
    out = tmp_path / "f.pdf"
    assert main(["export", "pdf", "--db", str(db), "-o", str(out)]) == 0
    assert pdf_info(out)["Page size"].startswith("841.89 x 595.276")
    assert main(["export", "pdf", "--db", str(db), "-o", str(out), "--paper", "letter"]) == 0
    assert pdf_info(out)["Page size"].startswith("792 x 612")
    capsys.readouterr()
    assert main(["export", "pdf", "--db", str(tmp_path / "nada.sqlite3"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No existe la base de datos" in err


def test_pdf_export_works_without_qt(tmp_path, demo_file):
    db, _ = demo_file
    script = (
        "import importlib.abc, sys\n"
        "class B(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, B())\n"
        "from sernam_desktop.cli.main import main\n"
        f"assert main(['export', 'pdf', '--db', {str(db)!r}, '-o', {str(tmp_path / 'q.pdf')!r}]) == 0\n"
        f"assert main(['export', 'xlsx', '--db', {str(db)!r}, '-o', {str(tmp_path / 'q.xlsx')!r}]) == 0\n"
    )
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                       env={"SERNAM_DESKTOP_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "q.pdf").read_bytes()[:5] == b"%PDF-"


def test_page_streams_are_not_ascii85(seed_pdf):
    """Plain Flate streams (ASCII85 would make the bundle 25 % larger)."""
    raw = seed_pdf.read_bytes()
    assert b"ASCII85Decode" not in raw
    streams = re.findall(rb"stream\r?\n(.*?)endstream", raw, re.S)
    assert streams and all(zlib.decompress(s) for s in streams[:3])


def test_header_row_repeats_only_at_the_top_of_pages(seed_pdf):
    """A table continued on a new page repeats its column headings once, at the top —
    never a second heading row in the middle of a page."""
    form = default_form()
    firsts = {sec.columns[0].label for sec in form.tables}
    pages = [p for p in pdf_text(seed_pdf, "-raw").split("\f") if p.strip()]
    continued = 0
    for i, page in enumerate(pages, start=1):
        flat = norm(page)
        for label in firsts:
            assert flat.count(label) <= 1, (i, label)
        continued += any(label in flat for label in firsts)
    assert continued >= 5  # the seed's tables do run over several pages


def test_emoji_and_symbols_print_with_the_symbols_face(tmp_path, seed_doc, seed_pdf):
    """DejaVu has no emoji: they are set in the shipped symbols face, not as boxes."""
    pdf.register_fonts()
    face = pdfmetrics_face(pdf.FONT)
    assert ord("✅") not in face and ord("🤝") not in face
    doc = copy.deepcopy(seed_doc)
    doc["data"]["objetivo_2"]["sistemas_informacion"] = "Meta ✅ lograda ☎ y 🤝 fin"
    path = tmp_path / "emoji.pdf"
    pdf.write_form_pdf(doc, path, invariant=True)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    symbols = [line for line in fonts.splitlines() if "Symbola" in line]
    assert symbols and re.search(r"\byes\s+yes\s+yes\b", symbols[0])
    assert "Meta ✅ lograda ☎" in norm(pdf_text(path))
    # the seed form itself needs no symbols face: nothing extra in every PDF
    plain = subprocess.run(["pdffonts", str(seed_pdf)], capture_output=True, text=True,
                           check=True).stdout
    assert "Symbola" not in plain


def pdfmetrics_face(name: str) -> set[int]:
    from reportlab.pdfbase import pdfmetrics

    return set(pdfmetrics.getFont(name).face.charToGlyph)


def test_markup_falls_back_per_character():
    m = pdf.markup("a 👩\u200d👩 <b> \U00013000 ñ")
    assert f'<font name="{pdf.FONT_SYMBOLS}">👩👩</font>' in m  # joiner dropped, one run
    assert "&lt;b&gt;" in m and "\ufffd" in m and m.endswith(" ñ")
    assert pdf.markup("línea\nsiguiente") == "línea<br/>siguiente"
