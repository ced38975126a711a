"""PDF pagination a person would accept, fonts and language (Carta and A4)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sernam_desktop import pdf
from sernam_desktop.examples import example_document
from sernam_desktop.forms import default_form

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
                                reason="poppler-utils (pdftotext, pdffonts) not installed")

PAPERS = ["letter", "a4"]


def norm(text: str) -> str:
    return " ".join(text.split())


def body_pages(path: Path, paper: str) -> list[str]:
    """Each page's text inside the frame (running header and footer left out)."""
    w, h = (int(x) for x in pdf.page_size(paper))
    top = pdf.MARGIN + pdf.HEADER_BAND - 4
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-raw", "-x", "0", "-y", str(top), "-W", str(w),
         "-H", str(h - 2 * top), str(path), "-"],
        capture_output=True, text=True, check=True).stdout
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def opening(text: str, n: int = 4) -> str:
    return " ".join(text.strip().split("\n")[0].split()[:n])


@pytest.mark.parametrize("paper", PAPERS)
def test_heading_stays_with_header_row_and_first_row(tmp_path, paper):
    doc = example_document(fresh_id=False)
    path = tmp_path / f"seed-{paper}.pdf"
    pdf.write_form_pdf(doc, path, paper=paper, invariant=True)
    pages = [norm(p) for p in body_pages(path, paper)]
    form = default_form()
    for sec in form.tables:
        heading = norm(sec.print[-1])
        where = [i for i, p in enumerate(pages) if heading in p]
        assert len(where) == 1, (sec.key, where)
        page = pages[where[0]]
        after = page[page.index(heading):]
        first_col = next(c for c in sec.columns if c.print is not None)
        assert norm(first_col.print) in after, (paper, sec.key)
        first_row = doc["data"][sec.key][0]
        assert opening(first_row[first_col.key]) in after, (paper, sec.key)


def tagged_rows(sizes: list[int], tag: str) -> list[dict]:
    """Rows whose first cell has ``n`` lines, each line a unique tag."""
    rows = []
    for r, n in enumerate(sizes):
        lines = [f"{tag}{r:03d}x{i:03d} texto de relleno" for i in range(n)]
        rows.append({"id": f"{r:08x}-0000-4000-8000-{r:012x}", "objetivo": "\n".join(lines),
                     "indicador": f"{tag}{r:03d} indicador", "resultado": "Cumple",
                     "estado": "cumple"})
    return rows


def tag_pages(pages: list[str], tag: str) -> dict[str, dict[int, int]]:
    """row tag → {page index: lines of that row on the page}."""
    out: dict[str, dict[int, int]] = {}
    for i, page in enumerate(pages):
        for m in re.finditer(rf"\b({tag}\d{{3}})x\d{{3}}\b", page):
            out.setdefault(m.group(1), {}).setdefault(i, 0)
            out[m.group(1)][i] += 1
    return out


@pytest.mark.parametrize("paper", PAPERS)
def test_a_row_splits_only_when_taller_than_a_page_and_keeps_three_lines(tmp_path, paper):
    doc = example_document(fresh_id=False)
    sizes = [3, 12, 25, 7, 30, 18, 2, 28, 9, 33, 160, 14, 26, 5, 31, 22, 4]
    giant = sizes.index(160)
    doc["data"]["actividad_1_1"] = tagged_rows(sizes, "RW")
    path = tmp_path / f"rows-{paper}.pdf"
    pdf.write_form_pdf(doc, path, paper=paper, invariant=True)
    pages = body_pages(path, paper)
    found = tag_pages(pages, "RW")
    assert len(found) == len(sizes)
    for r, n in enumerate(sizes):
        spread = found[f"RW{r:03d}"]
        assert sum(spread.values()) == n
        if r != giant:
            assert len(spread) == 1, f"row {r} ({n} lines) was split: {spread}"
    spread = found[f"RW{giant:03d}"]
    assert len(spread) >= 3  # a 160-line cell does not fit on one page
    assert min(spread.values()) >= pdf.MIN_SPLIT_LINES, spread
    heading = default_form().section("actividad_1_1")
    for i in sorted(spread)[1:]:  # every continued part: «(continuación)» and the header row
        page = norm(pages[i])
        assert page.startswith(f"{heading.print[0]} {pdf.CONTINUED}"), page[:80]
        assert norm(heading.columns[0].print) in page


def test_split_keeps_three_lines_at_a_page_foot_and_top(tmp_path):
    """Squeeze the giant row against the page foot in many positions: never fewer
    than three of its lines on either side of a page break."""
    for lead in range(0, 9):
        doc = example_document(fresh_id=False)
        doc["data"]["actividad_1_1"] = tagged_rows([lead + 1, 90], "SQ")
        path = tmp_path / f"squeeze-{lead}.pdf"
        pdf.write_form_pdf(doc, path, invariant=True)
        spread = tag_pages(body_pages(path, "letter"), "SQ")["SQ001"]
        assert min(spread.values()) >= pdf.MIN_SPLIT_LINES, (lead, spread)


@pytest.mark.parametrize("paper", PAPERS)
def test_no_page_holds_only_the_trailing_note(tmp_path, paper):
    """Whatever the length of the form, the footnote never sits alone on a last page
    when it would fit on the one before (it goes right after the form's text)."""
    note = example_document()["data"]["notas"]["notas"]
    for extra in range(0, 36, 3):
        doc = example_document(fresh_id=False)
        doc["data"]["objetivo_3"]["recomendaciones_subdere"] = "\n".join(
            f"Recomendación número {i}" for i in range(extra))
        path = tmp_path / f"note-{paper}-{extra}.pdf"
        pdf.write_form_pdf(doc, path, paper=paper, invariant=True)
        pages = body_pages(path, paper)
        last = norm(pages[-1])
        assert last.endswith(norm(note))
        rest = last[: -len(norm(note))].strip()
        assert rest not in ("", "1"), f"a page with only the note ({paper}, {extra})"


@pytest.mark.parametrize("anexo", [False, True])
def test_every_font_embedded_with_its_own_subset_tag_and_spanish_language(tmp_path, anexo):
    doc = example_document(fresh_id=False)
    doc["data"]["objetivo_2"]["sistemas_informacion"] += " ✅ 🤝"  # the symbols face too
    path = tmp_path / "fonts.pdf"
    pdf.write_form_pdf(doc, path, invariant=True, anexo=anexo)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    assert len(out) >= 3
    tags = []
    for line in out:
        assert "Helvetica" not in line, line
        assert re.search(r"\byes\s+yes\s+yes\b", line), line  # embedded, subset, unicode
        tags.append(line.split("+")[0])
    assert len(set(tags)) == len(tags), tags
    assert b"/Lang (es-CL)" in path.read_bytes()


def test_empty_table_prints_rows_to_write_in(tmp_path):
    doc = example_document(fresh_id=False)
    doc["data"]["actividad_1_2"] = []
    table = pdf._table_section(default_form().section("actividad_1_2"), [], 700, False)
    assert len(table.rows) == pdf.EMPTY_TABLE_ROWS
    _, h = table.wrap(700, 1000)
    assert h > pdf.EMPTY_TABLE_ROWS * 40  # room to write by hand
    path = tmp_path / "vacia.pdf"
    pdf.write_form_pdf(doc, path, invariant=True)
    assert "Modificaciones o mejoras comprometidas" in norm(" ".join(body_pages(path, "letter")))


def test_page_count_stays_reasonable():
    """The rules cost some blank space, not pages: the seed stays within 14 pages."""
    raw = pdf.form_pdf_bytes(example_document(fresh_id=False), invariant=True)
    assert raw.count(b"/Type /Page\n") <= 14 or len(re.findall(rb"/Type /Page\b", raw)) <= 14


def test_no_single_line_of_a_text_part_alone_at_a_page_foot_or_top(tmp_path):
    for extra in range(0, 40, 4):
        doc = example_document(fresh_id=False)
        doc["data"]["objetivo_2"]["sistemas_informacion"] = "\n".join(
            f"TX{i:03d}x000 línea del texto" for i in range(40 + extra))
        path = tmp_path / f"widow-{extra}.pdf"
        pdf.write_form_pdf(doc, path, invariant=True)
        counts = [len(re.findall(r"\bTX\d{3}x000\b", p)) for p in body_pages(path, "letter")]
        assert 1 not in counts, (extra, counts)
