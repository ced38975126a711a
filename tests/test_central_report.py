"""The consolidated report (§4 of issue 11): one official form per (servicio, región, año),
the national form apart, service identity, PROVISIONAL, Excel-safe cells, both files or none."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from openpyxl import load_workbook
from test_bundle_factory import FACTORY_KEY, region_bundle, region_doc, sample_pdf

from sernam_desktop.bundle import bundle_bytes
from sernam_desktop.central import CentralDB
from sernam_desktop.central_report import (
    PROVISIONAL,
    XLSX_CELL_MAX,
    XLSX_NOTES_SHEET,
    consolidated,
    report_basis,
    service_key,
    write_report,
)
from sernam_desktop.cli.main import main
from sernam_desktop.errors import UserError
from sernam_desktop.forms import default_form

N11 = len(region_doc()["data"]["actividad_1_1"])
ALL16 = [f"{i:02d}" for i in range(1, 17)]


def pdf_pages(path) -> list[str]:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext no está instalado")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [p for p in out.split("\f") if p.strip()]


@pytest.fixture
def central():
    c = CentralDB(None)
    yield c
    c.close()


def test_service_key_is_nfc_trimmed_casefolded():
    nfd = unicodedata.normalize("NFD", "Subsecretaría")
    assert nfd != "Subsecretaría"
    assert service_key(nfd) == service_key(" subsecretaría ") == service_key("SUBSECRETARÍA")
    assert service_key("SernamEG") != service_key("Sernam")


def test_open_identity_conflict_counts_the_region_once(central):
    central.merge_bytes(region_bundle(region="05", tweak="Primero"), "a.sernam")
    central.merge_bytes(region_bundle(region="08"), "b.sernam")
    o = central.merge_bytes(region_bundle(region="05", tweak="Segundo"), "c.sernam")
    assert o.kind == "conflict"
    assert len(central.current(2026, "05")) == 2  # both still current in the database
    doc = consolidated(central)
    rows = doc["data"]["actividad_1_1"]
    assert [r["_region"] for r in rows].count("05") == N11  # not 2 × N11
    assert len(rows) == 2 * N11
    # the form received first stays in the report while the conflict is open
    assert "Valparaíso: Primero" in doc["data"]["objetivo_3"]["logros"]
    assert "Segundo" not in doc["data"]["objetivo_3"]["logros"]
    basis = report_basis(central)
    assert basis.provisional and len(basis.open_conflicts) == 1 and len(basis.set_aside) == 1
    assert doc["instance"]["state"] == PROVISIONAL
    # resolving for the second one switches the report to it
    c = central.conflicts()[0]
    central.resolve(c["id"], c["submission_b"])
    logros = consolidated(central)["data"]["objetivo_3"]["logros"]
    assert "Valparaíso: Segundo" in logros and "Primero" not in logros


def test_national_form_is_shown_apart_and_not_counted(central, tmp_path):
    central.merge_bytes(region_bundle(region="05"), "v.sernam")
    central.merge_bytes(region_bundle(region="00", tweak="Logro nacional",
                                      servicio="Ministerio de la Mujer"), "n.sernam")
    basis = report_basis(central)
    assert basis.services == ["Servicio Nacional de la Mujer"]  # the national one is apart
    assert [r["region"] for r, _d in basis.forms] == ["05"]
    assert [r["region"] for r, _d in basis.national] == ["00"]
    assert len(basis.missing_regions) == 15  # the national form is not a region
    doc = consolidated(central, basis=basis)
    assert {r["_region"] for r in doc["data"]["actividad_1_1"]} == {"05"}
    assert "Logro nacional" not in doc["data"]["objetivo_3"]["logros"]
    assert doc["data"]["encabezado"]["responsable"].endswith("consolidado de 1 formulario(s)")
    pdf, xlsx = tmp_path / "i.pdf", tmp_path / "i.xlsx"
    write_report(central, pdf_path=pdf, xlsx_path=xlsx)
    text = "\n".join(pdf_pages(pdf))
    assert "Formulario del Nivel Central («Todas las regiones»)" in text
    assert "Logro nacional" in text
    wb = load_workbook(xlsx)
    nat = wb["Nivel Central"]
    assert "Logro nacional" in [c.value for c in nat["E"]]
    summary = [[c.value for c in r] for r in wb["Resumen por región"].iter_rows()]
    assert not any(r[0] in ("Todas las regiones", "Nacional") for r in summary)


def test_service_names_compared_by_identity_shown_as_typed(central):
    nfd = unicodedata.normalize("NFD", "Subsecretaría de la Mujer")
    for code, name in (("01", "SernamEG"), ("02", "sernameg "), ("03", "Subsecretaría de la Mujer"),
                       ("04", nfd)):
        central.merge_bytes(region_bundle(region=code, servicio=name), f"{code}.sernam")
    doc = consolidated(central)
    assert doc["data"]["encabezado"]["servicio"] == "Varios servicios (2)"
    assert doc["consolidated"]["services"] == ["SernamEG", "Subsecretaría de la Mujer"]
    # --service matches whatever the spelling
    one = consolidated(central, servicio="  SERNAMEG")
    assert one["data"]["encabezado"]["servicio"] == "SernamEG"
    assert {r["_region"] for r in one["data"]["actividad_1_1"]} == {"01", "02"}
    # shown as typed in each row
    assert {r["_servicio"] for r in one["data"]["actividad_1_1"]} == {"SernamEG", "sernameg"}


def test_provisional_report_says_so_on_every_page(central, tmp_path):
    central.merge_bytes(region_bundle(region="05"), "a.sernam")
    central.merge_bytes(region_bundle(region="05", tweak="otro"), "b.sernam")  # conflict
    pdf, xlsx = tmp_path / "i.pdf", tmp_path / "i.xlsx"
    assert write_report(central, pdf_path=pdf, xlsx_path=xlsx) == [pdf, xlsx]
    pages = pdf_pages(pdf)
    assert len(pages) > 3
    assert all(PROVISIONAL in p for p in pages), [i for i, p in enumerate(pages)
                                                  if PROVISIONAL not in p]
    first = " ".join(pages[0].split())
    assert "INFORME PROVISIONAL" in first
    assert "Conflictos por resolver (1): N° 1 Servicio Nacional de la Mujer, Región de " \
           "Valparaíso." in first
    assert "Regiones sin envío (15):" in first
    wb = load_workbook(xlsx)
    assert wb.sheetnames[0] == XLSX_NOTES_SHEET
    notes = [c.value for c in wb[XLSX_NOTES_SHEET]["A"] if c.value]
    assert notes[0].startswith("PROVISIONAL") and any("Conflictos por resolver (1)" in n
                                                      for n in notes)
    assert all(ws.oddHeader.center.text == PROVISIONAL for ws in wb.worksheets)


def test_complete_report_is_not_provisional(central, tmp_path):
    for code in ALL16:
        central.merge_bytes(region_bundle(region=code), f"{code}.sernam")
    basis = report_basis(central)
    assert not basis.provisional and basis.missing_regions == []
    pdf, xlsx = tmp_path / "i.pdf", tmp_path / "i.xlsx"
    write_report(central, pdf_path=pdf, xlsx_path=xlsx)
    assert not any(PROVISIONAL in p for p in pdf_pages(pdf))
    wb = load_workbook(xlsx)
    assert XLSX_NOTES_SHEET not in wb.sheetnames
    # totals: the summary and each status matrix end with a «Total» row
    ws = wb["Resumen por región"]
    cells = [[c.value for c in r] for r in ws.iter_rows()]
    totals = [r for r in cells if r[0] == "Total"]
    assert totals[0][1] == "16 de 16 con envío" and totals[0][2] == 16
    n_cumple = sum(r["estado"] == "cumple" for r in region_doc()["data"]["actividad_1_1"])
    assert totals[1][1] == 16 * n_cumple  # Actividad 1.1, «Cumple», all regions
    assert len(totals) == 3  # summary + two status tables


def hostile_doc(region: str, text: str) -> dict:
    doc = region_doc(region=region)
    doc["data"]["actividad_1_1"][0]["objetivo"] = text
    doc["data"]["objetivo_3"]["logros"] = text
    return doc


def test_xlsx_survives_overlong_and_control_characters(central, tmp_path):
    huge = "Inicio " + "a" * 40_000 + " FINAL-DEL-TEXTO"
    central.merge_bytes(bundle_bytes(hostile_doc("05", huge), sample_pdf(), signer=FACTORY_KEY), "a.sernam")
    central.merge_bytes(bundle_bytes(hostile_doc("08", "línea uno\x0blínea dos\x01fin"),
                                     sample_pdf(), signer=FACTORY_KEY), "b.sernam")
    central.merge_bytes(region_bundle(region="13", servicio="Servicio\x0bcon salto"),
                        "c.sernam")
    pdf, xlsx = tmp_path / "i.pdf", tmp_path / "i.xlsx"
    # the full-text annex (--textos) is where the PDF keeps every text whole
    assert write_report(central, pdf_path=pdf, xlsx_path=xlsx, textos=True) == [pdf, xlsx]
    wb = load_workbook(xlsx)
    sheet = next(wb[n] for n in wb.sheetnames if "1.1" in n)
    head = [c.value for c in sheet[1]]
    assert head[:2] == ["Región", "Servicio"]
    col = head.index(default_form().section("actividad_1_1").field("objetivo").label) + 1
    values = [sheet.cell(r, col).value or "" for r in range(2, sheet.max_row + 1)]
    cut = next(v for v in values if v.startswith("Inicio "))
    assert len(cut) == XLSX_CELL_MAX and "texto recortado" in cut
    assert "línea uno\nlínea dos\ufffdfin" in values
    servicios = {sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1)}
    assert "Servicio\ncon salto" in servicios
    notes = [[c.value for c in r] for r in wb[XLSX_NOTES_SHEET].iter_rows()]
    assert any("recortado" in str(r[1]) for r in notes)
    assert any("no admite" in str(r[1]) for r in notes)
    texts = wb["Textos por región"]
    assert any(len(c.value or "") == XLSX_CELL_MAX for row in texts.iter_rows() for c in row)
    # the PDF keeps the whole text
    assert "FINAL-DEL-TEXTO" in "".join(pdf_pages(pdf))


def test_both_files_or_neither(central, tmp_path):
    central.merge_bytes(region_bundle(region="05"), "a.sernam")
    blocker = tmp_path / "soy-un-archivo"
    blocker.write_text("x")
    pdf = tmp_path / "i.pdf"
    with pytest.raises(UserError, match="No se pudo escribir"):
        write_report(central, pdf_path=pdf, xlsx_path=blocker / "i.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["soy-un-archivo"]


def test_cli_report_provisional_note(tmp_path, capsys):
    db = tmp_path / "central.sqlite3"
    with CentralDB(db) as c:
        c.merge_bytes(region_bundle(region="05"), "a.sernam")
    assert main(["central", "report", "--central", str(db), "--pdf",
                 str(tmp_path / "i.pdf")]) == 0
    out = capsys.readouterr().out
    assert "PROVISIONAL" in out and "Regiones sin envío (15)" in out


# ---------------------------------------------------------------- §5 diff --
UID = "7b0d4c8e-2f4a-4c3e-9a51-0c1d2e3f4a5b"


@pytest.fixture
def chile(monkeypatch):
    import time

    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset only on POSIX")
    monkeypatch.setenv("TZ", "America/Santiago")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_local_time_for_screens_and_lines(chile):
    """dates.local_time: one way to show a stored time (the outbox, the central window,
    reports); the desktop app's screens put the day first."""
    from sernam_desktop.dates import local_time

    utc = "2026-07-10T15:00:00+00:00"
    assert local_time(utc) == "2026-07-10 11:00"
    assert local_time(utc, day_first=True) == "10-07-2026 11:00"
    assert local_time(utc, seconds=True, day_first=True) == "10-07-2026 11:00:00"
    assert local_time("2026-07-10T15:00:00") == "2026-07-10 11:00"  # no zone: UTC
    assert local_time("") == "" and local_time("ayer") == "ayer"


def conflict_file(tmp_path):
    db = tmp_path / "central.sqlite3"
    a = region_doc(region="05", uid=UID)
    b = region_doc(region="05", uid=UID, tweak="Logro escrito en el PC 2")
    b["data"]["actividad_1_1"][2]["estado"] = "no_cumple"
    with CentralDB(db) as c:
        c.merge_bytes(bundle_bytes(a, sample_pdf(), exported_at="2026-03-10T15:00:00+00:00", signer=FACTORY_KEY),
                      "valpo-pc1.sernam")
        c.merge_bytes(bundle_bytes(b, sample_pdf(), exported_at="2026-03-11T16:30:00+00:00", signer=FACTORY_KEY),
                      "valpo-pc2.sernam")
        assert len(c.conflicts()) == 1
    return db, a, b


def test_central_diff_cli(tmp_path, capsys, chile):
    from sernam_desktop.central_report import local_time

    db, a, _b = conflict_file(tmp_path)
    assert main(["central", "diff", "--central", str(db), "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Conflicto 1: Servicio Nacional de la Mujer, Región de Valparaíso, 2026")
    lines = out.splitlines()
    assert any(ln.startswith("≠ Archivo recibido") and "valpo-pc1.sernam" in ln
               and "valpo-pc2.sernam" in ln for ln in lines)
    assert any(ln.startswith("≠ Hash del contenido") for ln in lines)
    assert any(ln.startswith("  Revisión") for ln in lines)  # same revision: not marked
    # exported 15:00 UTC = 12:00 in Santiago (UTC-3 in March)
    assert any(ln.startswith("≠ Exportada") and "2026-03-10 12:00:00" in ln
               and "2026-03-11 13:30:00" in ln for ln in lines)
    assert local_time("2026-07-10T15:00:00+00:00") == "2026-07-10 11:00"  # winter: UTC-4
    assert "Campos y celdas distintos: 2." in out
    assert "≠ Objetivo 3 · 1. Principales logros obtenidos" in out
    assert "B: Logro escrito en el PC 2" in out
    estado = default_form().section("actividad_1_1").field("estado")
    assert f"≠ Actividad 1.1 · fila 3 · {estado.label}" in out
    assert f"B: {estado.choices.label_of('no_cumple')}" in out
    assert not any(ln.startswith("= ") for ln in lines)  # equal cells only with --todo
    assert main(["central", "diff", "--central", str(db), "1", "--todo"]) == 0
    full = capsys.readouterr().out
    assert full.count("\n= ") > 30
    assert main(["central", "diff", "--central", str(db), "1", "--json"]) == 0
    import json

    d = json.loads(capsys.readouterr().out)
    assert d["differences"] == 2
    assert d["versions"][0]["exported_at"] == "2026-03-10T15:00:00+00:00"
    assert d["versions"][0]["received_at"].endswith("+00:00")
    assert {i["field"] for i in d["items"] if i["differs"]} == {"logros", "estado"}
    assert main(["central", "diff", "--central", str(db), "9"]) == 2
    err = capsys.readouterr().err
    assert "No existe el conflicto 9." in err
    assert len(err.strip().splitlines()) == 1


def test_compare_documents_pairs_rows_by_id():
    from sernam_desktop.central_report import compare_documents

    form = default_form()
    a = region_doc()
    for i, r in enumerate(a["data"]["actividad_1_2"]):
        r["id"] = f"{i:08d}-0000-4000-8000-000000000000"
    import copy

    b = copy.deepcopy(a)
    moved = b["data"]["actividad_1_2"].pop(0)  # same rows, one moved to the end, one new
    b["data"]["actividad_1_2"].append(moved)
    b["data"]["actividad_1_2"].append({**moved, "id": "ffffffff-0000-4000-8000-000000000000"})
    items = [i for i in compare_documents(form, a, b) if i["section"] == "actividad_1_2"]
    diffs = [i for i in items if i["differs"]]
    assert diffs and all(i["a"] is None for i in diffs)  # only the new row differs
    assert {i["row"] for i in diffs} == {len(a["data"]["actividad_1_2"]) + 1}


@pytest.mark.parametrize("text, cut", [
    ("a" * XLSX_CELL_MAX, False),
    ("a" * (XLSX_CELL_MAX + 1), True),
    ("😀" * (XLSX_CELL_MAX // 2), False),  # 2 UTF-16 units each: exactly the limit
    ("😀" * (XLSX_CELL_MAX // 2 + 1), True),  # under the limit in len(), over it for Excel
])
def test_xlsx_cell_limit_counts_like_excel(text, cut):
    from sernam_desktop.central_report import XLSX_CUT_NOTE, XlsxNotes, _excel_len

    notes = XlsxNotes()
    out = notes.safe(text, "aquí")
    assert _excel_len(out) <= XLSX_CELL_MAX
    assert out.endswith(XLSX_CUT_NOTE) == cut and bool(notes.items) == cut
    if not cut:
        assert out == text


def test_xlsx_bad_characters_replaced_and_noted():
    from openpyxl import Workbook

    from sernam_desktop.central_report import XlsxNotes

    notes = XlsxNotes()
    out = notes.safe("a\x0bb\x0cc\x00d\x1fe\ud800f\tg\nh", "celda X")
    assert out == "a\nb\nc\ufffdd\ufffde\ufffdf\tg\nh"
    assert notes.items == [("celda X", "5 carácter(es) que Excel no admite reemplazado(s) "
                                       "(salto de línea manual por salto de línea; otros por «�»).")]
    ws = Workbook().active
    ws["A1"] = out  # openpyxl accepts it (it raises IllegalCharacterError otherwise)
