"""The shipped example is a faithful transcription of the seed form."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sernam_desktop.examples import example_document
from sernam_desktop.forms import default_form
from sernam_desktop.interchange import check_document
from sernam_desktop.paths import forms_dir
from sernam_desktop.validation import completeness

SEED = Path(__file__).resolve().parents[1] / "docs/reference/formulario-etapa4-2007.txt"


def test_row_counts_and_statuses():
    doc = example_document()
    check_document(doc)
    data = doc["data"]
    assert [len(data[k]) for k in ("actividad_1_1", "actividad_1_2", "actividad_1_3",
                                   "actividad_1_4")] == [11, 10, 10, 5]
    assert all(r["estado"] for r in data["actividad_1_1"] + data["actividad_1_2"])
    assert {r["estado"] for r in data["actividad_1_1"]} == {
        "cumple", "cumple_parcialmente", "no_medible"}


def test_texts_from_the_seed():
    data = example_document()["data"]
    assert data["encabezado"]["servicio"] == "Servicio Nacional de la Mujer"
    assert data["encabezado"]["region"] == "00" and data["encabezado"]["anio"] == "2007"
    assert data["actividad_1_1"][0]["objetivo"].startswith("Mejorar la  coordinación")
    assert data["actividad_1_1"][-1]["resultado"] == "Compromiso para el 2009"
    assert data["actividad_1_2"][0]["productos"].startswith("Coordinación Intersectorial")
    assert data["actividad_1_3"][-1]["brechas"] == ""
    assert data["actividad_1_4"][0]["contribucion"] == (
        "La Comisión PRIO funciona en las 13 regiones del país.")
    assert data["objetivo_2"]["sistemas_informacion"] == (
        "Los compromisos del Sistema de información son para febrero del 2008")
    o3 = data["objetivo_3"]
    assert o3["logros"].startswith("Los NC de los sectores informaron a regiones")
    assert o3["recomendaciones_compromisos"].startswith("Se requiere potenciar la Comisión PRIO")
    assert o3["recomendaciones_subdere"] == ""
    assert data["notas"]["notas"].startswith("Se mejoró la redacción")


def test_example_is_incomplete_exactly_where_the_seed_is():
    doc = example_document()
    missing = {(i.section, i.field, i.row) for i in completeness(default_form(), doc["data"])}
    assert missing == {
        ("encabezado", "responsable", None), ("encabezado", "fecha", None),
        ("actividad_1_3", "brechas", 9), ("actividad_1_4", "recomendaciones", 2),
        ("objetivo_3", "recomendaciones_subdere", None)}


def test_fresh_ids():
    assert example_document()["instance"]["uuid"] != example_document()["instance"]["uuid"]


def test_committed_example_matches_a_fresh_transcription():
    spec = importlib.util.spec_from_file_location(
        "transcribe_seed", forms_dir() / "examples" / "transcribe_seed.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.transcribe(SEED)["data"] == example_document(fresh_id=False)["data"]
