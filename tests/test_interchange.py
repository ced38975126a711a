"""JSON interchange: round trip, full validation before writing, the schema."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from sernam_desktop.errors import UserError, ValidationFailed
from sernam_desktop.examples import example_document
from sernam_desktop.forms import default_form
from sernam_desktop.interchange import (
    content_hash,
    export_instance,
    export_json_file,
    import_document,
    import_json_file,
    json_schema,
    schema_path,
)
from sernam_desktop.store import Store


def test_round_trip_through_a_file(demo, tmp_path):
    store, uid = demo
    out = tmp_path / "f.json"
    export_json_file(store, uid, out)
    other = Store(None)
    uid2, _, created = import_json_file(other, out)
    assert created and uid2 == uid
    a, b = export_instance(store, uid), export_instance(other, uid2)
    assert a["data"] == b["data"]
    assert content_hash(a["data"]) == content_hash(b["data"])
    assert a["instance"]["revision"] == b["instance"]["revision"]


def test_import_of_known_uuid_replaces_content(demo):
    store, uid = demo
    doc = export_instance(store, uid)
    doc["data"]["actividad_1_1"][0]["resultado"] = "Reemplazado"
    del doc["data"]["actividad_1_1"][5]
    _, changed, created = import_document(store, doc)
    assert not created and "actividad_1_1" in changed.structure
    rows = store.rows(uid, default_form().section("actividad_1_1"))
    assert len(rows) == 10 and rows[0]["resultado"] == "Reemplazado"
    assert len(store.instances()) == 1


def mutations():
    def m(path, value):
        def f(doc):
            target = doc
            for k in path[:-1]:
                target = target[k]
            if value is KeyError:
                del target[path[-1]]
            else:
                target[path[-1]] = value
        return f

    return [
        (m(["format"], "otra-cosa"), "no es un formulario"),
        (m(["format_version"], 7), "versión de formato"),
        (m(["form", "id"], "otro-form"), "no conoce"),
        (m(["instance", "uuid"], "123"), "UUID"),
        (m(["instance", "revision"], 0), "revision"),
        (m(["data", "actividad_1_1", 0, "estado"], "excelente"), "opción válida"),
        (m(["data", "actividad_1_1", 0, "color"], "rojo"), "columna desconocida"),
        (m(["data", "encabezado", "region"], "99"), "código de región"),
        (m(["data", "encabezado", "anio"], 2007), "debe ser texto"),
        (m(["data", "encabezado", "servicio"], ""), "obligatorio"),
        (m(["data", "objetivo_2"], KeyError), "falta la sección"),
        (m(["data", "extra"], {}), "sección desconocida"),
        (m(["data", "actividad_1_2"], {"a": 1}), "lista de filas"),
        (m(["data", "encabezado", "fecha"], "25/11/2026"), "fecha"),
        (m(["data", "encabezado", "servicio"], "Dos\nlíneas"), "saltos de línea"),
    ]


@pytest.mark.parametrize("mutate, message", mutations())
def test_invalid_documents_are_refused_and_nothing_written(mutate, message):
    store = Store(None)
    doc = example_document()
    mutate(doc)
    with pytest.raises(UserError, match=message):
        import_document(store, doc)
    assert store.instances() == [] and store.changes() == []


def test_all_problems_are_collected():
    doc = example_document()
    doc["data"]["actividad_1_1"][0]["estado"] = "x"
    doc["data"]["actividad_1_2"][1]["estado"] = "y"
    doc["data"]["encabezado"]["region"] = "77"
    with pytest.raises(ValidationFailed) as exc:
        import_document(Store(None), doc)
    assert len(exc.value.problems) == 3


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe\x00garbage", "UTF-8"),
    (b"{\"format\": ", "JSON válido"),
    (b"[1, 2, 3]", "objeto JSON"),
    (b"[" * 100000 + b"]" * 100000, "JSON|anidado"),
])
def test_bad_files(tmp_path, content, message):
    p = tmp_path / "x.json"
    p.write_bytes(content)
    store = Store(None)
    with pytest.raises(UserError, match=message):
        import_json_file(store, p)
    assert store.instances() == []


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(UserError, match="No existe"):
        import_json_file(Store(None), tmp_path / "nada.json")
    with pytest.raises(UserError, match="carpeta"):
        import_json_file(Store(None), tmp_path)


def test_committed_schema_is_current():
    form = default_form()
    committed = json.loads(schema_path(form).read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(json_schema(form), ensure_ascii=False))


def test_schema_agrees_with_the_importer():
    schema = json_schema(default_form())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    good = json.loads(json.dumps(example_document()))
    assert list(validator.iter_errors(good)) == []
    for mutate, _ in mutations():
        if mutate.__closure__ and "otro-form" in repr(mutate.__closure__[1].cell_contents):
            continue
        doc = copy.deepcopy(good)
        mutate(doc)
        schema_ok = not list(validator.iter_errors(doc))
        try:
            import_document(Store(None), doc)
            ours_ok = True
        except UserError:
            ours_ok = False
        assert schema_ok == ours_ok, (doc.get("data", {}).get("encabezado"), schema_ok, ours_ok)


def test_export_writes_atomically(demo, tmp_path, monkeypatch):
    store, uid = demo
    out = tmp_path / "f.json"
    out.write_text("previo", encoding="utf-8")

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(UserError, match="No se pudo escribir"):
        export_json_file(store, uid, out)
    assert out.read_text(encoding="utf-8") == "previo"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]
