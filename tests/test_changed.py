"""What a command reports: who made it (origin) and the values it wrote."""

from __future__ import annotations

from sernam_desktop.commands import Composite, History, InsertRow, SetCell, SetField
from sernam_desktop.examples import example_document
from sernam_desktop.interchange import import_document
from sernam_desktop.lifecycle import lifecycle_state
from sernam_desktop.store import ORIGIN_EDIT, ORIGIN_IMPORT, ORIGIN_REDO, ORIGIN_UNDO
from sernam_desktop.validation import completeness

T11 = "actividad_1_1"


def test_origin_is_set_by_execute_and_seen_by_subscribers(demo):
    store, uid = demo
    seen = []
    store.subscribe(lambda c: seen.append(c.origin))
    rid = store.row_ids(uid, T11)[0]
    h = History(store)
    assert h.do(SetCell(uid, rid, "objetivo", "x")).origin == ORIGIN_EDIT
    assert h.undo().origin == ORIGIN_UNDO
    assert h.redo().origin == ORIGIN_REDO
    doc = example_document(fresh_id=False)
    doc["instance"]["uuid"] = uid
    _, changed, created = import_document(store, doc)
    assert not created and changed.origin == ORIGIN_IMPORT
    assert seen[:3] == [ORIGIN_EDIT, ORIGIN_UNDO, ORIGIN_REDO]
    assert set(seen[3:]) == {ORIGIN_IMPORT}  # the content, then its lineage


def test_changed_carries_the_values_written(demo):
    store, uid = demo
    rid = store.row_ids(uid, T11)[0]
    c = store.execute(SetCell(uid, rid, "objetivo", "Nuevo"))
    assert c.cell_values == {(rid, "objetivo"): "Nuevo"}
    assert store.cell(rid, "objetivo", uid) == "Nuevo"
    f = store.execute(SetField(uid, "encabezado", "responsable", "Ana"))
    assert f.field_values == {("encabezado", "responsable"): "Ana"}
    # a composite: the last value written wins, rows added are a structure change
    comp = Composite(uid, "varios", [SetCell(uid, rid, "objetivo", "a"),
                                     SetCell(uid, rid, "objetivo", "b"),
                                     InsertRow(uid, T11, 0, {"objetivo": "c"})])
    total = store.execute(comp)
    assert total.cell_values == {(rid, "objetivo"): "b"} and T11 in total.structure
    assert store.cell(rid, "objetivo", uid) == "b"


def test_a_cell_edit_is_a_handful_of_statements(demo):
    """The command path of a keystroke commit (the GUI adds one check): bounded."""
    store, uid = demo
    rid = store.row_ids(uid, T11)[0]
    sql: list[str] = []
    store.db.conn.set_trace_callback(sql.append)
    try:
        store.execute(SetCell(uid, rid, "objetivo", "Texto"))
    finally:
        store.db.conn.set_trace_callback(None)
    assert len(sql) <= 10, sql
    assert not any("SAVEPOINT" in s for s in sql), sql


def test_lifecycle_from_known_issues_is_the_same_rule(demo):
    store, uid = demo
    form, data = store.form_of(uid), store.content(uid)
    issues = completeness(form, data)
    assert issues  # the example misses a few things
    for state in ("borrador", "enviado"):
        assert lifecycle_state(form, data, state, issues) == lifecycle_state(form, data, state)
    assert lifecycle_state(form, data, "borrador", []) == "completo"
