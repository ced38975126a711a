"""The central database: merge outcomes, history, conflicts, status, CLI."""

from __future__ import annotations

import json
import sqlite3

import pytest
from test_bundle_factory import FACTORY_KEY, region_bundle, region_doc, sample_pdf

from sernam_desktop.bundle import bundle_bytes
from sernam_desktop.central import (
    ACCEPTED,
    CENTRAL_APPLICATION_ID,
    CONFLICT,
    DUPLICATE,
    OLDER,
    CentralDB,
)
from sernam_desktop.central_report import consolidated
from sernam_desktop.cli.main import main
from sernam_desktop.errors import StoreError, UserError


@pytest.fixture
def central():
    c = CentralDB(None)
    yield c
    c.close()


def count(c: CentralDB, table: str) -> int:
    return c.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def current_revision(c: CentralDB, uid: str) -> int:
    return c.db.execute(
        "SELECT s.revision FROM instances i JOIN submissions s ON s.id=i.current_submission "
        "WHERE i.uuid=?", [uid]).fetchone()[0]


UID = "5e1f0c1a-0000-4000-8000-00000000aaaa"


def test_accept_duplicate_newer_older(central):
    r1 = region_bundle(uid=UID, revision=1)
    o = central.merge_bytes(r1, "a-r1.sernam")
    assert o.kind == ACCEPTED and o.revision == 1 and o.region == "05"
    assert "Región de Valparaíso" in o.line() and o.line().startswith("a-r1.sernam: aceptado")

    # the very same file again, and a re-export of the same content (other bytes)
    assert central.merge_bytes(r1, "a-r1.sernam").kind == DUPLICATE
    again = bundle_bytes(region_doc(uid=UID, revision=1), sample_pdf(), "2030-01-01T00:00:00Z",
                         signer=FACTORY_KEY)
    assert again != r1
    o = central.merge_bytes(again, "copia.sernam")
    assert o.kind == DUPLICATE and "sin cambios" in o.detail
    assert count(central, "submissions") == 1

    r3 = region_bundle(uid=UID, revision=3, tweak="Logros revisados")
    assert central.merge_bytes(r3, "a-r3.sernam").kind == ACCEPTED
    assert current_revision(central, UID) == 3

    r2 = region_bundle(uid=UID, revision=2, tweak="Logros intermedios")
    o = central.merge_bytes(r2, "a-r2.sernam")
    assert o.kind == OLDER and "historial" in o.detail
    assert current_revision(central, UID) == 3
    assert [h["revision"] for h in central.history(UID)] == [1, 2, 3]
    assert [i["outcome"] for i in reversed(central.imports())] == [
        ACCEPTED, DUPLICATE, DUPLICATE, ACCEPTED, OLDER]


def test_same_revision_other_content_is_a_conflict_keeping_both(central):
    central.merge_bytes(region_bundle(uid=UID, revision=2, tweak="A"), "a.sernam")
    o = central.merge_bytes(region_bundle(uid=UID, revision=2, tweak="B"), "b.sernam")
    assert o.kind == CONFLICT and "revisión 2" in o.detail
    assert count(central, "submissions") == 2
    (c,) = central.conflicts()
    assert c["kind"] == "revision" and c["region"] == "05"
    cur = central.db.execute("SELECT current_submission FROM instances WHERE uuid=?",
                             [UID]).fetchone()[0]
    assert cur == c["submission_a"]  # current unchanged until resolved
    st = central.status()
    reg = next(r for r in st["regions"] if r["code"] == "05")
    assert reg["state"] == "conflicto" and reg["conflicts"] == 1

    central.resolve(c["id"], c["submission_b"])
    assert central.conflicts() == []
    cur = central.db.execute("SELECT current_submission FROM instances WHERE uuid=?",
                             [UID]).fetchone()[0]
    assert cur == c["submission_b"]
    assert central.document(cur)["data"]["objetivo_3"]["logros"] == "B"
    assert count(central, "submissions") == 2  # nothing deleted
    with pytest.raises(UserError, match="ya fue resuelto"):
        central.resolve(c["id"], c["submission_a"])


def test_two_instances_for_the_same_region_are_a_conflict(central):
    assert central.merge_bytes(region_bundle(region="08"), "uno.sernam").kind == ACCEPTED
    o = central.merge_bytes(region_bundle(region="08"), "dos.sernam")
    assert o.kind == CONFLICT and "otro formulario" in o.detail
    # another service or another year is no conflict
    assert central.merge_bytes(region_bundle(region="08", servicio="Otro Servicio"),
                               "tres.sernam").kind == ACCEPTED
    assert central.merge_bytes(region_bundle(region="08", anio="2025"),
                               "cuatro.sernam").kind == ACCEPTED
    (c,) = central.conflicts()
    assert c["kind"] == "identity"
    assert len(central.current(2026, "08")) == 3  # both kept (and the other service)
    with pytest.raises(UserError, match="no es parte"):
        central.resolve(c["id"], 999)
    central.resolve(c["id"], c["submission_a"])
    rows = central.current(2026, "08", "Servicio Nacional de la Mujer")
    assert [r["id"] for r in rows] == [c["submission_a"]]
    assert count(central, "submissions") == 4


def test_history_cannot_be_deleted(central):
    central.merge_bytes(region_bundle(), "a.sernam")
    with pytest.raises(sqlite3.IntegrityError):
        central.db.execute("DELETE FROM submissions")
    with pytest.raises(sqlite3.IntegrityError):
        central.db.execute("UPDATE submissions SET document='{}'")
    with pytest.raises(sqlite3.IntegrityError):
        central.db.execute("DELETE FROM imports")


def test_status_regions_completeness_and_counts(central):
    for code in ("01", "05", "13"):
        central.merge_bytes(region_bundle(region=code), f"{code}.sernam")
    incomplete = region_doc(region="07")
    incomplete["data"]["encabezado"]["responsable"] = ""
    central.merge_bytes(bundle_bytes(incomplete, sample_pdf(), signer=FACTORY_KEY), "07.sernam")
    st = central.status()
    assert st["anio"] == 2026
    assert len(st["regions"]) == 17 and st["regions"][-1]["code"] == "00"
    by = {r["code"]: r for r in st["regions"]}
    assert by["05"]["state"] == "recibido" and by["05"]["revision"] == 1
    assert by["05"]["complete"] == 1 and by["05"]["missing"] == 0
    assert by["07"]["complete"] == 0 and by["07"]["missing"] == 1
    assert by["02"]["state"] == "faltante" and by["02"]["forms"] == 0
    assert set(st["missing_regions"]) == {f"{i:02d}" for i in range(1, 17)} - {
        "01", "05", "07", "13"}
    assert "00" not in st["missing_regions"]
    # status counts are the sums of the forms' own counts
    from sernam_desktop.forms import default_form
    from sernam_desktop.validation import status_counts

    own = status_counts(default_form(), region_doc()["data"])
    assert by["05"]["status_counts"] == own
    assert sum(by["05"]["status_counts"]["actividad_1_1"].values()) > 0


def test_consolidated_document_rows_carry_region(central):
    for code in ("13", "01"):
        central.merge_bytes(region_bundle(region=code, tweak=f"Logro {code}"), f"{code}.sernam")
    doc = consolidated(central)
    rows = doc["data"]["actividad_1_1"]
    n = len(region_doc()["data"]["actividad_1_1"])
    assert len(rows) == 2 * n
    assert [r["_region"] for r in rows] == ["01"] * n + ["13"] * n  # region order
    assert doc["data"]["encabezado"]["region"] == "00"
    logros = doc["data"]["objetivo_3"]["logros"]
    assert logros.index("Tarapacá: Logro 01") < logros.index("Metropolitana: Logro 13")


def test_file_format_identity(tmp_path):
    path = tmp_path / "central.sqlite3"
    with CentralDB(path) as c:
        c.merge_bytes(region_bundle(), "a.sernam")
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == CENTRAL_APPLICATION_ID
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    with CentralDB(path, readonly=True) as c:
        assert c.status()["submissions"] == 1
    # a regional database is not a central one
    from sernam_desktop.store import Store

    Store(tmp_path / "oficina.sqlite3").close()
    with pytest.raises(StoreError, match="oficina regional"):
        CentralDB(tmp_path / "oficina.sqlite3")
    (tmp_path / "texto.sqlite3").write_text("hola")
    with pytest.raises(StoreError, match="no es una base de datos central"):
        CentralDB(tmp_path / "texto.sqlite3")


def test_cli_merge_status_resolve(tmp_path, capsys):
    d = tmp_path / "llegados"
    d.mkdir()
    (d / "valpo-r1.sernam").write_bytes(region_bundle(region="05", uid=UID))
    (d / "valpo-r2.sernam").write_bytes(region_bundle(region="05", uid=UID, revision=2, tweak="x"))
    (d / "biobio.sernam").write_bytes(region_bundle(region="08"))
    db = str(tmp_path / "central.sqlite3")
    assert main(["central", "merge", "--central", db, str(d)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert sum(": aceptado — " in line for line in out) == 3
    assert out[-1] == "Total: 3 envío(s): 3 aceptado."

    bad = tmp_path / "roto.sernam"
    bad.write_bytes(b"PK\x03\x04 esto no es un zip")
    assert main(["central", "merge", "--central", db, str(bad), str(d / "biobio.sernam")]) == 1
    out = capsys.readouterr().out
    assert "roto.sernam: rechazado — no es un archivo .sernam" in out
    assert "biobio.sernam: duplicado" in out

    assert main(["central", "status", "--central", db, "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    by = {r["code"]: r for r in st["regions"]}
    assert by["05"]["revision"] == 2 and by["08"]["forms"] == 1
    assert len(st["missing_regions"]) == 14
    assert main(["central", "status", "--central", db]) == 0
    text = capsys.readouterr().out
    assert "Regiones sin envío (14)" in text and "Valparaíso" in text

    (tmp_path / "otro.sernam").write_bytes(region_bundle(region="08"))
    assert main(["central", "merge", "--central", db, str(tmp_path / "otro.sernam")]) == 0
    assert ": conflicto — " in capsys.readouterr().out
    assert main(["central", "resolve", "--central", db]) == 1
    listing = capsys.readouterr().out
    assert "Conflicto 1:" in listing and "versión" in listing
    with CentralDB(tmp_path / "central.sqlite3") as c:
        conf = c.conflicts()[0]
    assert main(["central", "resolve", "--central", db, "1", "--official",
                 str(conf["submission_b"])]) == 0
    assert main(["central", "resolve", "--central", db]) == 0
    assert "No hay conflictos" in capsys.readouterr().out
    assert main(["central", "status", "--central", str(tmp_path / "nada.sqlite3")]) == 2
    assert "No existe" in capsys.readouterr().err


def test_cli_export_region(tmp_path, capsys):
    db = tmp_path / "central.sqlite3"
    with CentralDB(db) as c:
        c.merge_bytes(region_bundle(region="05", uid=UID), "v.sernam")
    out = tmp_path / "valpo.json"
    assert main(["central", "export", "--central", str(db), "--region", "V", "-o", str(out)]) == 0
    doc = json.loads(out.read_text())
    assert doc["instance"]["uuid"] == UID and doc["data"]["encabezado"]["region"] == "05"
    pdf = tmp_path / "valpo.pdf"
    assert main(["central", "export", "--central", str(db), "--region", "05", "-o",
                 str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert main(["central", "export", "--central", str(db), "--region", "02", "-o",
                 str(tmp_path / "x.json")]) == 2
    assert "No hay formularios de Región de Antofagasta" in capsys.readouterr().err
    assert main(["central", "export", "--central", str(db), "--region", "05", "-o",
                 str(tmp_path / "x.doc")]) == 2
    assert not (tmp_path / "x.json").exists()


def test_report_pdf_and_xlsx(tmp_path, capsys):
    import shutil
    import subprocess

    from openpyxl import load_workbook

    db = tmp_path / "central.sqlite3"
    with CentralDB(db) as c:
        for code in ("13", "05"):
            c.merge_bytes(region_bundle(region=code, tweak=f"Logro de {code}"), f"{code}.sernam")
    pdf, xlsx = tmp_path / "informe.pdf", tmp_path / "informe.xlsx"
    assert main(["central", "report", "--central", str(db), "--pdf", str(pdf),
                 "--xlsx", str(xlsx), "--textos"]) == 0  # with the full-text annex
    assert capsys.readouterr().out.count("Informe consolidado escrito") == 2
    assert pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "Todas las regiones" in text and "Resumen por región" in text
        assert "Actividad 1.1 — Resultado de la medición por región" in text
        assert "Regiones sin envío (14)" in text
        assert "Metropolitana: Logro de 13" in text

    n11 = sum(region_doc()["data"]["actividad_1_1"][i]["estado"] == "cumple"
              for i in range(len(region_doc()["data"]["actividad_1_1"])))
    wb = load_workbook(xlsx)
    assert "Resumen por región" in wb.sheetnames and "Textos por región" in wb.sheetnames
    ws = wb["Resumen por región"]
    assert len(ws._charts) == 2
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    heads = [i for i, r in enumerate(cells) if r[0] == "Región" and r[1] == "Cumple"]
    assert heads, cells
    block = {r[0]: r for r in cells[heads[0] + 1: heads[0] + 18]}
    assert block["Valparaíso"][1] == n11 and block["Metropolitana"][1] == n11
    assert block["Atacama"][1] == 0
    texts = wb["Textos por región"]
    col = [c.value for c in texts[1]].index("Objetivo 3: 1. Principales logros obtenidos") + 1
    assert {texts.cell(r, col).value for r in (2, 3)} == {"Logro de 05", "Logro de 13"}
    # every consolidated table row carries its region in the first column
    sheet = next(wb[n] for n in wb.sheetnames if "1.1" in n)
    regions = {row[0].value for row in sheet.iter_rows() if row[0].value}
    assert {"Región de Valparaíso", "Región Metropolitana de Santiago"} & regions or \
        {"Valparaíso", "Metropolitana"} & regions, regions

    assert main(["central", "report", "--central", str(db)]) == 2
    assert "--pdf" in capsys.readouterr().err


def test_several_services_and_years(tmp_path, capsys):
    db = tmp_path / "central.sqlite3"
    with CentralDB(db) as c:
        c.merge_bytes(region_bundle(region="05"), "a.sernam")
        c.merge_bytes(region_bundle(region="05", servicio="Servicio de Salud"), "b.sernam")
        c.merge_bytes(region_bundle(region="06", anio="2025"), "c.sernam")
        assert c.years() == [2026, 2025]
        st25 = c.status(2025)
        assert [r["code"] for r in st25["regions"] if r["forms"]] == ["06"]
        by = {r["code"]: r for r in c.status()["regions"]}
        assert by["05"]["forms"] == 2 and by["05"]["state"] == "recibido"
        assert by["05"]["services"] == ["Servicio Nacional de la Mujer", "Servicio de Salud"]
    out = tmp_path / "x.json"
    assert main(["central", "export", "--central", str(db), "--region", "05", "-o",
                 str(out)]) == 2
    assert "--service" in capsys.readouterr().err and not out.exists()
    assert main(["central", "export", "--central", str(db), "--region", "05", "--service",
                 "servicio de salud", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["data"]["encabezado"]["servicio"] == "Servicio de Salud"
    assert "Exportado a" in capsys.readouterr().out
    assert main(["central", "status", "--central", str(db), "--year", "2025", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["anio"] == 2025
