"""Drafting the executive report from the activities (Qt-free)."""

from __future__ import annotations

import dataclasses

from sernam_desktop.commands import History, SetCell
from sernam_desktop.drafting import (
    RULES,
    draft_command,
    draft_report,
    fields_to_overwrite,
    one_line,
    report_section,
)
from sernam_desktop.forms import default_form


def test_report_section_is_objective_3():
    sec = report_section(default_form())
    assert sec is not None and sec.objective == 3
    assert set(RULES) <= set(sec.keys())


def test_logros_take_only_rows_that_comply(demo):
    store, uid = demo
    form = store.form_of(uid)
    data = store.content(uid)
    draft = draft_report(form, data)
    logros = draft["logros"]
    best = {s.key: s.status_field.choices.items[0].key for s in form.tables if s.status_field}
    # every row whose status is the best choice appears (by its first column)...
    for key in ("actividad_1_1", "actividad_1_2"):
        first_col = form.section(key).columns[0].key
        for row in data[key]:
            text = one_line(row[first_col])
            if row["estado"] == best[key]:
                assert text in logros
    # ...and a row that is "no medible" is not mentioned anywhere in the report
    nm = [r for r in data["actividad_1_1"] if r["estado"] == "no_medible"]
    assert nm
    for r in nm:
        assert one_line(r["objetivo"]) not in "".join(draft.values())
    # section headings come from the definition
    assert "Objetivos cumplidos (Actividad 1.1):" in logros
    assert logros.index("Objetivos cumplidos (") < logros.index("Objetivos cumplidos parcialmente")


def test_recommendations_from_1_4_and_gaps_skip_no_gap(demo):
    store, uid = demo
    data = store.content(uid)
    draft = draft_report(store.form_of(uid), data)
    rec = draft["recomendaciones_compromisos"]
    for row in data["actividad_1_4"]:
        if row["recomendaciones"].strip():
            assert one_line(row["recomendaciones"]) in rec
    assert "No se observan brechas" not in rec
    assert any(one_line(r["brechas"]) in rec
               for r in data["actividad_1_3"] if r["brechas"].startswith("Es necesario"))
    subdere = draft["recomendaciones_subdere"]
    assert one_line(data["actividad_1_4"][0]["dificultades"]) in subdere


def test_empty_activities_give_empty_draft(store):
    from sernam_desktop.commands import CreateInstance

    cmd = CreateInstance(default_form(), "Servicio X", "05", 2025)
    store.execute(cmd)
    draft = draft_report(store.form_of(cmd.instance_id), store.content(cmd.instance_id))
    assert draft == {k: "" for k in RULES}
    assert draft_command(store, cmd.instance_id) is None


def test_changing_a_status_changes_the_draft(demo):
    store, uid = demo
    row = store.content(uid)["actividad_1_1"][7]  # "no medible aún"
    before = draft_report(store.form_of(uid), store.content(uid))["logros"]
    store.execute(SetCell(uid, row["id"], "estado", "cumple"))
    after = draft_report(store.form_of(uid), store.content(uid))["logros"]
    assert one_line(row["objetivo"]) not in before
    assert one_line(row["objetivo"]) in after


def test_draft_command_is_one_undoable_step(demo):
    store, uid = demo
    form = store.form_of(uid)
    sec = report_section(form)
    before = store.fields(uid, sec)
    assert fields_to_overwrite(form, before, draft_report(form, store.content(uid)))
    h = History(store)
    cmd = draft_command(store, uid)
    h.do(cmd)
    after = store.fields(uid, sec)
    assert after["logros"] != before["logros"] and after["logros"].startswith("Objetivos")
    assert after["recomendaciones_subdere"]
    h.undo()
    assert store.fields(uid, sec) == before
    h.redo()
    assert store.fields(uid, sec) == after
    # running it again changes nothing
    assert draft_command(store, uid) is None


def test_missing_source_section_is_skipped(demo):
    store, uid = demo
    form = store.form_of(uid)
    slim = dataclasses.replace(
        form, sections=tuple(s for s in form.sections if s.key != "actividad_1_4"))
    draft = draft_report(slim, store.content(uid))
    assert "Actividad 1.4" not in draft["logros"]
    assert draft["recomendaciones_subdere"] == ""


def test_one_line_keeps_paragraph_boundaries():
    assert one_line("Cumplido\n\nCumplido\n\n  Cumplido ") == "Cumplido; Cumplido; Cumplido"
    assert one_line("una  línea\ncontinúa") == "una línea continúa"
    assert one_line("  ") == ""
