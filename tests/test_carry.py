"""«Nuevo año a partir de…»: carry-over declared in the form, origin remembered."""

from __future__ import annotations

import json

import pytest

from sernam_desktop.bundle import parse_bundle, write_bundle
from sernam_desktop.carry import carried_data, new_year_command, previous_row
from sernam_desktop.cli import main
from sernam_desktop.commands import SetCell
from sernam_desktop.errors import UserError
from sernam_desktop.forms import default_form
from sernam_desktop.interchange import check_document, export_instance, import_document
from sernam_desktop.store import STATE_DRAFT, Store


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_carry_columns_are_declared_in_the_form_file():
    form = default_form()
    carried = {(s.key, f.key) for s in form.sections for f in s.fields if f.carry}
    assert carried == {
        ("actividad_1_1", "objetivo"), ("actividad_1_1", "indicador"),
        ("actividad_1_2", "productos"), ("actividad_1_2", "modificaciones"),
        ("actividad_1_3", "logros_comprometidos"),
    }
    text = (form.source and open(form.source, encoding="utf-8").read())
    assert text.count("\ncarry = true\n") == len(carried)


def test_new_year_copies_the_plan_and_leaves_results_empty(demo):
    store, src = demo
    form = default_form()
    cmd = new_year_command(store, src, 2008)
    store.execute(cmd)
    new = cmd.instance_id
    inst, old_inst = store.instance(new), store.instance(src)
    assert new != src
    assert (inst["revision"], inst["state"], inst["anio"]) == (1, STATE_DRAFT, 2008)
    assert (inst["servicio"], inst["region"]) == (old_inst["servicio"], old_inst["region"])
    assert store.origin(new) == {"uuid": src, "anio": "2007", "revision": old_inst["revision"]}
    old, got = store.content(src), store.content(new)
    for sec in form.tables:
        carried = [c.key for c in sec.columns if c.carry]
        old_rows = [r for r in old[sec.key] if any(r[k].strip() for k in carried)]
        assert len(got[sec.key]) == len(old_rows), sec.key
        for o, n in zip(old_rows, got[sec.key]):
            assert n["id"] != o["id"]
            for c in sec.columns:
                assert n[c.key] == (o[c.key] if c.carry else ""), (sec.key, c.key)
    assert got["actividad_1_4"] == []  # nothing of 1.4 carries
    assert got["actividad_1_1"] and got["actividad_1_2"] and got["actividad_1_3"]
    for key in ("objetivo_2", "objetivo_3"):
        assert all(v == "" for v in got[key].values())
    assert got["encabezado"]["anio"] == "2008"
    assert got["encabezado"]["responsable"] == ""


def test_new_year_refuses_same_year_and_duplicates(demo):
    store, src = demo
    with pytest.raises(UserError, match="ya es del año 2007"):
        new_year_command(store, src, 2007)
    store.execute(new_year_command(store, src, 2008))
    with pytest.raises(UserError, match="Ya existe un formulario 2008"):
        new_year_command(store, src, 2008)


def test_origin_travels_in_json_and_bundles_and_survives_undo(demo, tmp_path):
    store, src = demo
    cmd = new_year_command(store, src, 2008)
    store.execute(cmd)
    doc = export_instance(store, cmd.instance_id)
    assert doc["instance"]["origin"]["uuid"] == src
    check_document(doc)
    schema = json.loads(open(default_form().source.replace(".toml", ".schema.json"),
                             encoding="utf-8").read())
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(doc, schema)
    bad = json.loads(json.dumps(doc))
    bad["instance"]["origin"] = {"uuid": "x"}
    with pytest.raises(UserError):
        check_document(bad)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    # into another database: the origin comes along
    with Store(None) as other:
        uid, _, _ = import_document(other, doc)
        assert other.origin(uid) == doc["instance"]["origin"]
    # undo removes it with the form; redo brings both back
    inverse = cmd.inverse()
    store.execute(inverse)
    assert store.origin(cmd.instance_id) is None
    store.execute(inverse.inverse())
    assert store.origin(cmd.instance_id)["uuid"] == src
    # a bundle of the new form carries it in data.json
    path = tmp_path / "f.sernam"
    write_bundle(store, cmd.instance_id, path)
    b = parse_bundle(path.read_bytes(), "f.sernam")
    assert b.doc["instance"]["origin"]["uuid"] == src


def test_previous_row_matches_on_carried_columns(demo):
    store, src = demo
    form = default_form()
    cmd = new_year_command(store, src, 2008)
    store.execute(cmd)
    sec = form.section("actividad_1_1")
    new_rows = store.rows(cmd.instance_id, sec)
    old_rows = store.rows(src, sec)
    assert previous_row(store, cmd.instance_id, sec, new_rows[2])["id"] == old_rows[2]["id"]
    # edit the indicator: the objective still finds last year's row
    store.execute(SetCell(cmd.instance_id, new_rows[2]["id"], "indicador", "Meta nueva 2008"))
    row = store.rows(cmd.instance_id, sec)[2]
    assert previous_row(store, cmd.instance_id, sec, row)["resultado"] == old_rows[2]["resultado"]
    # a brand-new row has nothing last year; a form without origin neither
    assert previous_row(store, cmd.instance_id, sec, {"objetivo": "Otro", "indicador": ""}) is None
    assert previous_row(store, src, sec, old_rows[0]) is None


def test_carried_data_uses_only_the_definition(demo):
    store, src = demo
    data = carried_data(default_form(), store.content(src))
    assert "encabezado" not in data
    assert all("id" not in r for rows in data.values() if isinstance(rows, list) for r in rows)


def test_cli_new_from(tmp_path, capsys):
    db = tmp_path / "o.sqlite3"
    assert run(capsys, "demo", "--db", str(db))[0] == 0
    with Store(db) as s:
        src = s.instances()[0]["uuid"]
    code, out, err = run(capsys, "new", "--from", src[:8], "--year", "2008", "--db", str(db))
    assert (code, err) == (0, "")
    new = out.strip()
    with Store(db) as s:
        assert s.origin(new)["uuid"] == src
        assert s.instance(new)["anio"] == 2008
    code, out, err = run(capsys, "new", "--from", src[:8], "--year", "2008", "--db", str(db))
    assert code == 2 and "Ya existe" in err and err.count("\n") == 1
    code, _, err = run(capsys, "new", "--from", "ffffffff", "--year", "2009", "--db", str(db))
    assert code == 2 and "No hay ningún formulario" in err
    code, _, err = run(capsys, "new", "--from", src[:8], "--year", "2009", "--region", "8",
                       "--db", str(db))
    assert code == 2 and "--from" in err
    code, _, err = run(capsys, "new", "--year", "2009", "--db", str(db))
    assert code == 2 and "--service" in err
    missing = tmp_path / "no.sqlite3"
    code, _, err = run(capsys, "new", "--from", src[:8], "--year", "2009", "--db", str(missing))
    assert code == 2 and not missing.exists()
