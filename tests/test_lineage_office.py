"""Lineage on the office side: recorded, exported in JSON, checked on import."""

from __future__ import annotations

import copy

import pytest
import sqlite_utils

from sernam_desktop import central as central_mod
from sernam_desktop.central import ACCEPTED, CentralDB
from sernam_desktop.commands import SetField, SetState
from sernam_desktop.errors import UserError
from sernam_desktop.examples import load_demo
from sernam_desktop.interchange import content_hash, export_instance, import_document
from sernam_desktop.store import Store


def test_a_new_revision_records_the_sent_one_as_parent():
    with Store(None) as s:
        uid = load_demo(s)
        s.execute(SetState(uid, "enviado"))
        sent = content_hash(s.content(uid))
        s.execute(SetField(uid, "notas", "notas", "cambio"))
        doc = export_instance(s, uid)
        assert doc["instance"]["revision"] == 2
        assert doc["instance"]["parent"] == sent
        assert doc["instance"]["lineage"][-1] == {"revision": 1, "content_hash": sent}


def test_json_carries_the_lineage_to_another_file():
    with Store(None) as one, Store(None) as two:
        uid = load_demo(one)
        one.execute(SetState(uid, "enviado"))
        one.execute(SetField(uid, "notas", "notas", "r2"))
        doc = export_instance(one, uid)
        import_document(two, doc)
        two.execute(SetField(uid, "notas", "notas", "r2 seguido en otra PC"))
        moved = export_instance(two, uid)
        hashes = [e["content_hash"] for e in moved["instance"]["lineage"]]
        # the other file knows everything the first one knew, and the imported version
        assert hashes[:len(doc["instance"]["lineage"])] == [
            e["content_hash"] for e in doc["instance"]["lineage"]]
        assert content_hash(doc["data"]) in hashes


@pytest.mark.parametrize("bad, why", [
    ({"lineage": "x"}, "lista"),
    ({"lineage": [{"revision": 0, "content_hash": "a" * 64}], "parent": "a" * 64}, "elemento 1"),
    ({"lineage": [{"revision": 1, "content_hash": "A" * 64}], "parent": "A" * 64}, "elemento 1"),
    ({"lineage": [{"revision": 1, "content_hash": "a" * 64}], "parent": None}, "parent"),
])
def test_bad_lineage_is_a_spanish_error_and_nothing_written(bad, why):
    with Store(None) as s:
        uid = load_demo(s)
        doc = copy.deepcopy(export_instance(s, uid))
        doc["instance"]["uuid"] = "0b6f3c9e-2f5d-4a51-9d6e-8f0a51c2d7aa"
        doc["instance"].update(bad)
        with pytest.raises(UserError, match=why):
            import_document(s, doc)
        assert len(s.instances()) == 1


def test_old_central_file_is_migrated(tmp_path):
    path = tmp_path / "central.sqlite3"
    db = sqlite_utils.Database(path)
    central_mod.CentralDB.migrations.apply(db, stop_before="m002_lineage")
    db.execute(f"PRAGMA application_id={central_mod.CENTRAL_APPLICATION_ID}")
    db.execute("PRAGMA user_version=1")
    db.close()
    from test_bundle_factory import region_bundle

    with CentralDB(path) as c:
        assert c.merge_bytes(region_bundle(region="05", lineage=[]), "a.sernam").kind == ACCEPTED
        assert c.db.execute("PRAGMA user_version").fetchone()[0] == central_mod.SCHEMA_VERSION
