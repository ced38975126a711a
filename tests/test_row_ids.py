"""Row ids are unique per form, not per file; ids are lower-case (issue 11 §7)."""

from __future__ import annotations

import copy
import sqlite3

import sqlite_utils

from sernam_desktop import store as store_mod
from sernam_desktop.commands import SetCell
from sernam_desktop.examples import example_document
from sernam_desktop.interchange import export_instance, import_document
from sernam_desktop.store import Store


def test_last_years_json_imported_for_the_new_year_keeps_its_row_ids(tmp_path):
    with Store(tmp_path / "oficina.sqlite3") as s:
        old_uid, _, _ = import_document(s, example_document())
        last = export_instance(s, old_uid)  # last year's JSON, with its row ids
        this_year = copy.deepcopy(last)
        this_year["instance"]["uuid"] = "0b6f3c9e-2f5d-4a51-9d6e-8f0a51c2d7aa"
        this_year["data"]["encabezado"]["anio"] = "2008"
        new_uid, _, created = import_document(s, this_year)
        assert created and new_uid != old_uid
        old_doc, new_doc = export_instance(s, old_uid), export_instance(s, new_uid)
        ids = [r["id"] for r in old_doc["data"]["actividad_1_1"]]
        assert ids and ids == [r["id"] for r in new_doc["data"]["actividad_1_1"]]
        # editing a row of one form leaves the same row of the other alone
        s.execute(SetCell(new_uid, ids[0], "resultado", "Solo 2008"))
        assert s.cell(ids[0], "resultado", new_uid) == "Solo 2008"
        assert s.cell(ids[0], "resultado", old_uid) != "Solo 2008"
        assert export_instance(s, old_uid)["data"] == old_doc["data"]


def test_ids_of_any_case_are_accepted_and_stored_lower_case():
    doc = example_document()
    doc["instance"]["uuid"] = doc["instance"]["uuid"].upper()
    from sernam_desktop.forms import default_form

    for t, sec in enumerate(default_form().tables):
        for i, r in enumerate(doc["data"][sec.key]):
            r["id"] = f"ABCDEF{i:02d}-AAAA-4BBB-8CCC-DDDDEEEEFF{t:02d}"
    with Store(None) as s:
        uid, _, _ = import_document(s, doc)
        assert uid == doc["instance"]["uuid"].lower()
        ids = s.row_ids(uid, "actividad_1_1")
        assert ids == [f"abcdef{i:02d}-aaaa-4bbb-8ccc-ddddeeeeff00"
                       for i in range(len(ids))]
        # importing the same file again finds the same form and the same rows: no change
        n = len(s.changes(uid))
        _, _, created = import_document(s, doc)
        assert not created
        assert [c for c in s.changes(uid)[n:] if c["command"] not in ("RecordLineage",)] == []


def test_old_office_file_is_migrated(tmp_path):
    """A schema-1 file (row ids unique per file, some upper-case) opens migrated."""
    path = tmp_path / "vieja.sqlite3"
    db = sqlite_utils.Database(path)
    store_mod.Store.migrations.apply(db, stop_before="m002_rows_per_form_and_lineage")
    db.execute(f"PRAGMA application_id={store_mod.APPLICATION_ID}")
    db.execute("PRAGMA user_version=1")
    db["instances"].insert({"uuid": "11111111-2222-4333-8444-555555555555",
                            "form_id": "pmg-gt-etapa4", "form_version": 1,
                            "servicio": "S", "region": "05", "anio": 2026, "revision": 1,
                            "state": "borrador", "created_at": "x", "updated_at": "x"})
    uid = "11111111-2222-4333-8444-555555555555"
    db["rows"].insert_all([
        {"id": "AAAA1111-0000", "instance_id": uid, "section": "actividad_1_1", "position": 0},
        {"id": "bbbb2222-0000", "instance_id": uid, "section": "actividad_1_1", "position": 1},
    ])
    db["cells"].insert_all([
        {"row_id": "AAAA1111-0000", "col": "contribucion", "value": "uno"},
        {"row_id": "bbbb2222-0000", "col": "contribucion", "value": "dos"},
    ])
    db.conn.commit()
    db.close()
    with Store(path) as s:
        assert s.row_ids(uid, "actividad_1_1") == ["aaaa1111-0000", "bbbb2222-0000"]
        assert s.cell("aaaa1111-0000", "contribucion", uid) == "uno"
        assert s.lineage(uid) == []
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == store_mod.SCHEMA_VERSION
    con.close()
