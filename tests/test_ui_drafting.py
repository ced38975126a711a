"""Drafting the executive report from the activities (Qt-free).

Issue 14 §6 changed the design: the draft is a proposal per part, read from
``[drafting]`` in forms/etapa4.toml, and part 3 is never drafted."""

from __future__ import annotations

import dataclasses
import re

from sernam_desktop.commands import History, SetCell
from sernam_desktop.drafting import (
    draft_command,
    draft_report,
    drafted_fields,
    insert_command,
    never_drafted,
    report_section,
    sentence,
)
from sernam_desktop.forms import default_form


def test_mapping_lives_in_the_form_definition():
    form = default_form()
    sec = report_section(form)
    assert sec is not None and sec.objective == 3
    assert drafted_fields(form) == ("logros", "recomendaciones_compromisos")
    assert never_drafted(form) == ("recomendaciones_subdere",)
    # change the mapping in the definition, the draft follows
    d = dict(form.drafting)
    d["parts"] = [p for p in d["parts"] if p["field"] == "logros"]
    assert drafted_fields(dataclasses.replace(form, drafting=d)) == ("logros",)


def test_part_3_is_never_drafted_even_if_mapped(demo):
    store, uid = demo
    form = store.form_of(uid)
    d = dict(form.drafting)
    d["parts"] = list(d["parts"]) + [{"field": "recomendaciones_subdere", "sources": [
        {"section": "actividad_1_4", "column": "dificultades", "heading": "X"}]}]
    draft = draft_report(dataclasses.replace(form, drafting=d), store.content(uid))
    assert "recomendaciones_subdere" not in draft
    assert insert_command(store, uid, "recomendaciones_subdere", "texto") is None


def test_logros_group_rows_by_status_without_repetition(demo):
    store, uid = demo
    form = store.form_of(uid)
    data = store.content(uid)
    logros = draft_report(form, data)["logros"]
    for row in data["actividad_1_1"]:
        text = sentence(row["objetivo"])
        if row["estado"] in ("cumple", "cumple_parcialmente"):
            assert logros.count(text) == 1
        elif row["estado"] == "no_medible":
            assert text not in logros
    assert "Objetivos específicos (Actividad 1.1) — Cumple (6):" in logros
    assert logros.index("— Cumple (") < logros.index("— Cumple parcialmente (")
    # no artefacts: no «:;», no doubled punctuation, no status echoes
    assert not re.search(r"[:;,]\s*[;.]|\.\.|;;", logros)
    assert "Cumplido" not in logros
    lines = [ln for ln in logros.splitlines() if ln.startswith("• ")]
    assert len(lines) == len(set(lines))


def test_recommendations_from_1_4_and_gaps_skip_no_gap(demo):
    store, uid = demo
    data = store.content(uid)
    rec = draft_report(store.form_of(uid), data)["recomendaciones_compromisos"]
    for row in data["actividad_1_4"]:
        if row["recomendaciones"].strip():
            assert sentence(row["recomendaciones"]) in rec
    assert "No se observan brechas" not in rec
    assert any(sentence(r["brechas"]) in rec
               for r in data["actividad_1_3"] if r["brechas"].startswith("Es necesario"))


def test_empty_activities_give_empty_draft(store):
    from sernam_desktop.commands import CreateInstance

    cmd = CreateInstance(default_form(), "Servicio X", "05", 2025)
    store.execute(cmd)
    draft = draft_report(store.form_of(cmd.instance_id), store.content(cmd.instance_id))
    assert draft == {"logros": "", "recomendaciones_compromisos": ""}
    assert draft_command(store, cmd.instance_id) is None


def test_changing_a_status_changes_the_draft(demo):
    store, uid = demo
    row = store.content(uid)["actividad_1_1"][7]  # "no medible aún"
    before = draft_report(store.form_of(uid), store.content(uid))["logros"]
    store.execute(SetCell(uid, row["id"], "estado", "cumple"))
    after = draft_report(store.form_of(uid), store.content(uid))["logros"]
    assert sentence(row["objetivo"]) not in before
    assert sentence(row["objetivo"]) in after


def test_insert_keeps_what_the_person_wrote_and_is_one_undo_step(demo):
    store, uid = demo
    form = store.form_of(uid)
    sec = report_section(form)
    before = store.fields(uid, sec)
    assert before["logros"].strip()
    h = History(store)
    proposal = draft_report(form, store.content(uid))["logros"]
    h.do(insert_command(store, uid, "logros", proposal))
    after = store.fields(uid, sec)
    assert after["logros"].startswith(before["logros"].rstrip())
    assert after["logros"].endswith(proposal)
    assert after["recomendaciones_subdere"] == before["recomendaciones_subdere"]
    h.undo()
    assert store.fields(uid, sec) == before
    h.redo()
    assert store.fields(uid, sec) == after
    assert insert_command(store, uid, "logros", proposal) is None  # already there


def test_missing_source_section_is_skipped(demo):
    store, uid = demo
    form = store.form_of(uid)
    slim = dataclasses.replace(
        form, sections=tuple(s for s in form.sections if s.key != "actividad_1_4"))
    draft = draft_report(slim, store.content(uid))
    assert "Actividad 1.4" not in draft["logros"]
    assert draft["logros"]


def test_sentence_joins_paragraphs_without_artefacts():
    assert sentence("medidas:\n;\nCumplido;") == "medidas. Cumplido."
    assert sentence("Uno\n\nDos.\n  · Tres ") == "Uno. Dos. Tres."
