"""The analysts' SQL views of the central file (§6 of issue 11), read with sqlite3."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import pytest
from test_bundle_factory import FACTORY_KEY, region_bundle, region_doc

from sernam_desktop.central import CentralDB
from sernam_desktop.central_report import report_basis
from sernam_desktop.forms import default_form

UID = "7b0d4c8e-2f4a-4c3e-9a51-0c1d2e3f4a5b"


@pytest.fixture
def central_file(tmp_path):
    path = tmp_path / "central.sqlite3"
    with CentralDB(path) as c:
        c.merge_bytes(region_bundle(region="05", uid=UID), "v1.sernam")
        c.merge_bytes(region_bundle(region="05", uid=UID, revision=2, tweak="r2"), "v2.sernam")
        c.merge_bytes(region_bundle(region="08", tweak="Primero"), "b1.sernam")
        c.merge_bytes(region_bundle(region="08", tweak="Segundo"), "b2.sernam")  # conflict
        c.merge_bytes(region_bundle(region="08", servicio="Servicio de Salud"), "s.sernam")
        c.merge_bytes(region_bundle(region="00"), "n.sernam")
        c.merge_bytes(region_bundle(region="13", anio="2025"), "y.sernam")
    return path


def rows(path, sql, args=()):
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql, args)]
    finally:
        con.close()


def test_vigentes_one_official_version_per_service_region_year(central_file):
    got = rows(central_file, "SELECT * FROM vigentes ORDER BY anio, region, servicio")
    key = [(r["anio"], r["region"], r["servicio"]) for r in got]
    assert key == [(2025, "13", "Servicio Nacional de la Mujer"),
                   (2026, "00", "Servicio Nacional de la Mujer"),
                   (2026, "05", "Servicio Nacional de la Mujer"),
                   (2026, "08", "Servicio Nacional de la Mujer"),
                   (2026, "08", "Servicio de Salud")]
    valpo = got[2]
    assert valpo["revision"] == 2 and valpo["formulario"] == UID
    assert valpo["region_nombre"] == "Región de Valparaíso"
    assert valpo["estado"] == "enviado" and valpo["recibido"].endswith("+00:00")
    assert valpo["completo"] == 1 and valpo["datos_faltantes"] == 0
    assert valpo["archivo"] == "v2.sernam" and len(valpo["hash"]) == 64
    assert got[1]["nacional"] == 1 and valpo["nacional"] == 0
    biobio = got[3]
    assert biobio["conflictos_abiertos"] == 1 and biobio["archivo"] == "b1.sernam"
    assert got[4]["conflictos_abiertos"] == 0
    # the same forms as the consolidated report counts
    with CentralDB(central_file, readonly=True) as c:
        basis = report_basis(c, 2026)
        assert sorted(r["id"] for r, _d in basis.forms + basis.national) == sorted(
            r["version"] for r in got if r["anio"] == 2026)
        # and the views work through the application's own connection (trusted_schema=OFF)
        assert c.db.execute("SELECT count(*) FROM filas_vigentes").fetchone()[0] > 0


def test_filas_vigentes_long_form(central_file):
    form = default_form()
    doc = region_doc()
    sec = form.section("actividad_1_1")
    got = rows(central_file, "SELECT * FROM filas_vigentes WHERE region='05' AND "
                             "seccion='actividad_1_1' ORDER BY posicion, columna")
    n = len(doc["data"]["actividad_1_1"])
    assert len(got) == n * len(sec.columns)
    assert {r["columna"] for r in got} == set(sec.keys())
    first = {r["columna"]: r["valor"] for r in got if r["posicion"] == 1}
    assert first == {k: doc["data"]["actividad_1_1"][0][k] for k in sec.keys()}
    assert {r["region_nombre"] for r in got} == {"Región de Valparaíso"}
    assert {r["anio"] for r in got} == {2026}
    # every table of every official form, once: the rival in conflict is not there
    per = rows(central_file, "SELECT region, servicio, anio, seccion, count(DISTINCT posicion) AS n "
                             "FROM filas_vigentes GROUP BY 1, 2, 3, 4")
    tables = [s.key for s in form.tables]
    assert len(per) == 5 * len(tables)
    assert all(r["n"] == len(doc["data"][r["seccion"]]) for r in per)
    # status counts straight from SQL
    cumple = rows(central_file, "SELECT count(*) AS n FROM filas_vigentes WHERE anio=2026 "
                                "AND region<>'00' AND seccion='actividad_1_1' "
                                "AND columna='estado' AND valor='cumple'")[0]["n"]
    assert cumple == 3 * sum(r["estado"] == "cumple" for r in doc["data"]["actividad_1_1"])


def test_regiones_table(central_file):
    got = rows(central_file, "SELECT * FROM regiones ORDER BY orden")
    assert len(got) == 17 and got[0]["codigo"] == "00" or got[-1]["codigo"] == "00"
    assert {r["codigo"] for r in got} == {f"{i:02d}" for i in range(17)}


@pytest.mark.skipif(not shutil.which("sqlite3"), reason="sqlite3 shell not installed")
def test_views_from_the_sqlite3_shell(central_file):
    out = subprocess.run(
        ["sqlite3", "-readonly", str(central_file),
         "SELECT region, revision FROM vigentes WHERE anio=2026 AND region='05';"
         "SELECT count(*) FROM filas_vigentes WHERE anio=2025;"],
        capture_output=True, text=True, check=True).stdout.split()
    n25 = sum(len(region_doc()["data"][s.key]) * len(s.columns) for s in default_form().tables)
    assert out == ["05|2", str(n25)]


def test_filas_vigentes_row_ids(tmp_path):
    doc = region_doc(region="07")
    for i, row in enumerate(doc["data"]["actividad_1_2"]):
        row["id"] = f"0000000{i}-aaaa-4bbb-8ccc-dddddddddddd"
    from test_bundle_factory import sample_pdf

    from sernam_desktop.bundle import bundle_bytes

    path = tmp_path / "c.sqlite3"
    with CentralDB(path) as c:
        c.merge_bytes(bundle_bytes(doc, sample_pdf(), signer=FACTORY_KEY), "m.sernam")
    got = rows(path, "SELECT DISTINCT posicion, fila_id FROM filas_vigentes "
                     "WHERE seccion='actividad_1_2' ORDER BY posicion")
    assert [(r["posicion"], r["fila_id"]) for r in got] == [
        (i + 1, f"0000000{i}-aaaa-4bbb-8ccc-dddddddddddd")
        for i in range(len(doc["data"]["actividad_1_2"]))]
    assert not rows(path, "SELECT * FROM filas_vigentes WHERE columna='id'")


def test_documented_examples_run(central_file):
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "central-sql.md").read_text()
    blocks = re.findall(r"```sql\n(.*?)```", doc, re.S)
    statements = [s.strip() for b in blocks for s in b.split(";") if s.strip()]
    assert len(statements) >= 3
    for sql in statements:
        sql = "\n".join(line for line in sql.splitlines() if not line.startswith("--"))
        assert rows(central_file, sql), sql
