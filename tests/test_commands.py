"""The command layer: every change, its log entry, undo/redo and the lifecycle."""

from __future__ import annotations

import json

import pytest

from sernam_desktop.commands import (
    Composite,
    CreateInstance,
    DeleteInstance,
    DeleteRow,
    History,
    InsertRow,
    MoveRow,
    SetCell,
    SetField,
    SetState,
    duplicate_row,
    replace_content,
)
from sernam_desktop.errors import UserError
from sernam_desktop.forms import default_form
from sernam_desktop.interchange import export_instance
from sernam_desktop.lifecycle import shown_state


def snapshot(store, uid):
    return json.dumps(export_instance(store, uid)["data"], sort_keys=True)


def table(store, uid, key="actividad_1_1"):
    return store.rows(uid, default_form().section(key))


def test_create_instance_sets_identity_and_logs(store):
    cmd = CreateInstance(default_form(), "Servicio Nacional de la Mujer", "08", 2026)
    changed = store.execute(cmd)
    assert changed.created and changed.meta
    inst = store.instance(cmd.instance_id)
    assert (inst["servicio"], inst["region"], inst["anio"], inst["revision"], inst["state"]) == (
        "Servicio Nacional de la Mujer", "08", 2026, 1, "borrador")
    assert store.fields(cmd.instance_id, default_form().header)["region"] == "08"
    log = store.changes(cmd.instance_id)
    assert [c["command"] for c in log] == ["CreateInstance"]


@pytest.mark.parametrize("args, msg", [(("", "05", 2026), "servicio"),
                                       (("S", "42", 2026), "región"),
                                       (("S", "05", 26), "año")])
def test_create_instance_rejects_bad_input(store, args, msg):
    with pytest.raises(UserError, match=msg):
        store.execute(CreateInstance(default_form(), *args))
    assert store.instances() == []


def test_set_cell_logs_old_and_new_and_undo_restores(demo):
    store, uid = demo
    h = History(store)
    before = snapshot(store, uid)
    rid = store.row_ids(uid, "actividad_1_1")[2]
    old = store.cell(rid, "resultado")
    changed = h.do(SetCell(uid, rid, "resultado", "Cumplido íntegramente ñandú “ok” —"))
    assert changed.cells == {(rid, "resultado")}
    assert store.cell(rid, "resultado") == "Cumplido íntegramente ñandú “ok” —"
    last = store.changes(uid)[-1]
    assert (last["command"], last["row_id"], last["field"], last["old"], last["new"]) == (
        "SetCell", rid, "resultado", old, "Cumplido íntegramente ñandú “ok” —")
    h.undo()
    assert snapshot(store, uid) == before
    h.redo()
    assert store.cell(rid, "resultado").startswith("Cumplido íntegramente")
    # undo and redo went through the same path: both are in the log
    assert [c["command"] for c in store.changes(uid)[-3:]] == ["SetCell"] * 3


def test_set_field_identity_is_mirrored(demo):
    store, uid = demo
    store.execute(SetField(uid, "encabezado", "region", "16"))
    store.execute(SetField(uid, "encabezado", "anio", "2027"))
    inst = store.instance(uid)
    assert (inst["region"], inst["anio"]) == ("16", 2027)
    with pytest.raises(UserError, match="región"):
        store.execute(SetField(uid, "encabezado", "region", "99"))
    with pytest.raises(UserError, match="opción válida"):
        rid = store.row_ids(uid, "actividad_1_1")[0]
        store.execute(SetCell(uid, rid, "estado", "excelente"))
    with pytest.raises(UserError, match="no tiene el campo"):
        store.execute(SetField(uid, "encabezado", "color", "x"))


def test_insert_delete_move_duplicate_keep_positions(demo):
    store, uid = demo
    h = History(store)
    before = snapshot(store, uid)
    ids = store.row_ids(uid, "actividad_1_4")
    ins = InsertRow(uid, "actividad_1_4", 1, {"contribucion": "Nueva"})
    h.do(ins)
    assert store.row_ids(uid, "actividad_1_4") == [ids[0], ins.row_id, *ids[1:]]
    h.do(MoveRow(uid, ins.row_id, 4))
    assert store.row_ids(uid, "actividad_1_4")[4] == ins.row_id
    h.do(duplicate_row(store, uid, ins.row_id))
    now = store.row_ids(uid, "actividad_1_4")
    assert len(now) == 7 and store.cell(now[5], "contribucion") == "Nueva"
    h.do(DeleteRow(uid, ids[0]))
    assert store.row_ids(uid, "actividad_1_4")[0] == ids[1]
    positions = [r["position"] for r in store.db.query(
        "SELECT position FROM rows WHERE instance_id=? AND section=? ORDER BY position",
        [uid, "actividad_1_4"])]
    assert positions == list(range(6))
    while h.undo():
        pass
    assert snapshot(store, uid) == before
    assert store.row_ids(uid, "actividad_1_4") == ids


def test_failed_command_writes_nothing(demo):
    store, uid = demo
    before = snapshot(store, uid)
    n = len(store.changes(uid))
    rid = store.row_ids(uid, "actividad_1_1")[0]
    bad = Composite(uid, "mezcla", [SetCell(uid, rid, "resultado", "cambiado"),
                                    SetCell(uid, rid, "estado", "inventado")])
    with pytest.raises(UserError):
        store.execute(bad)
    assert snapshot(store, uid) == before and len(store.changes(uid)) == n


def test_subscribers_see_what_changed(demo):
    store, uid = demo
    seen = []
    unsubscribe = store.subscribe(seen.append)
    store.execute(InsertRow(uid, "actividad_1_3"))
    assert seen[-1].structure == {"actividad_1_3"}
    unsubscribe()
    store.execute(InsertRow(uid, "actividad_1_3"))
    assert len(seen) == 1


def test_editing_a_sent_form_opens_the_next_revision(demo):
    store, uid = demo
    h = History(store)
    h.do(SetState(uid, "enviado"))
    assert (store.instance(uid)["state"], store.instance(uid)["revision"]) == ("enviado", 1)
    rid = store.row_ids(uid, "actividad_1_1")[0]
    changed = h.do(SetCell(uid, rid, "resultado", "Corregido"))
    assert changed.meta
    assert (store.instance(uid)["state"], store.instance(uid)["revision"]) == ("borrador", 2)
    h.do(SetCell(uid, rid, "resultado", "Corregido otra vez"))
    assert store.instance(uid)["revision"] == 2  # still the same open revision
    h.undo()
    h.undo()
    assert (store.instance(uid)["state"], store.instance(uid)["revision"]) == ("enviado", 1)
    h.redo()
    assert (store.instance(uid)["state"], store.instance(uid)["revision"]) == ("borrador", 2)


def test_replace_content_and_delete_instance_are_undoable(demo):
    store, uid = demo
    h = History(store)
    before = snapshot(store, uid)
    data = export_instance(store, uid)["data"]
    data["actividad_1_2"] = data["actividad_1_2"][:2]
    data["objetivo_2"]["sistemas_informacion"] = "Nuevo texto"
    h.do(replace_content(store, uid, data))
    assert len(store.row_ids(uid, "actividad_1_2")) == 2
    h.undo()
    assert snapshot(store, uid) == before
    h.do(DeleteInstance(uid))
    assert not store.has_instance(uid)
    assert store.db.execute("SELECT count(*) FROM cells").fetchone()[0] == 0
    h.undo()
    assert snapshot(store, uid) == before


def test_table_command_on_fields_section_is_refused(demo):
    store, uid = demo
    with pytest.raises(UserError, match="no es una tabla"):
        store.execute(InsertRow(uid, "objetivo_2"))
    with pytest.raises(UserError, match="es una tabla"):
        store.execute(SetField(uid, "actividad_1_1", "objetivo", "x"))


def test_lifecycle_is_derived_from_completeness_and_state(demo):
    store, uid = demo
    assert shown_state(store, uid) == "borrador"
    data = export_instance(store, uid)["data"]
    data["encabezado"].update(responsable="R", fecha="2026-11-25")
    data["actividad_1_3"][9]["brechas"] = "Ninguna"
    data["actividad_1_4"][2]["recomendaciones"] = "Ninguna"
    data["objetivo_3"]["recomendaciones_subdere"] = "Ninguna"
    store.execute(replace_content(store, uid, data))
    assert shown_state(store, uid) == "completo"
    store.execute(SetState(uid, "enviado"))
    assert shown_state(store, uid) == "enviado"


def test_reimporting_unchanged_content_changes_nothing(demo):
    store, uid = demo
    store.execute(SetState(uid, "enviado"))
    n = len(store.changes(uid))
    data = export_instance(store, uid)["data"]
    changed = store.execute(replace_content(store, uid, data))
    assert len(store.changes(uid)) == n and not changed.meta
    assert (store.instance(uid)["state"], store.instance(uid)["revision"]) == ("enviado", 1)
    # one edited cell: one SetCell, and the sent form opens revision 2
    data["actividad_1_2"][3]["evaluacion"] = "Revisado"
    store.execute(replace_content(store, uid, data))
    kinds = [c["command"] for c in store.changes(uid)[n:]]
    assert kinds == ["SetCell", "ReabrirRevision"]
    assert (store.instance(uid)["state"], store.instance(uid)["revision"]) == ("borrador", 2)


def test_setting_the_same_value_does_not_reopen_a_sent_form(demo):
    store, uid = demo
    store.execute(SetState(uid, "enviado"))
    rid = store.row_ids(uid, "actividad_1_1")[0]
    store.execute(SetCell(uid, rid, "estado", store.cell(rid, "estado")))
    assert store.instance(uid)["state"] == "enviado"
