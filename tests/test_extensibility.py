"""Adding a column or a field in a form file needs no code change."""

from __future__ import annotations

import tomllib

import jsonschema
import pytest

from sernam_desktop import forms
from sernam_desktop.commands import CreateInstance, InsertRow, SetCell, SetField
from sernam_desktop.errors import UserError
from sernam_desktop.forms import parse_definition
from sernam_desktop.interchange import export_instance, import_document, json_schema
from sernam_desktop.paths import forms_dir
from sernam_desktop.store import Store
from sernam_desktop.validation import completeness


@pytest.fixture
def extended_form():
    data = tomllib.loads((forms_dir() / "etapa4.toml").read_text(encoding="utf-8"))
    data["form"]["version"] = 99
    data["sections"][3]["columns"].append({
        "key": "responsable_brecha", "kind": "text", "label": "Responsable de la brecha",
        "help": "Quién se hace cargo.", "required": True})
    data["sections"][5]["fields"].append({
        "key": "plazo", "kind": "date", "label": "Plazo comprometido", "required": True})
    form = parse_definition(data, "forms/extendido.toml")
    forms.register(form)
    yield form
    forms._REGISTRY.pop((form.id, form.version), None)


def test_new_column_reaches_store_validation_json_and_schema(extended_form):
    store = Store(None)
    create = CreateInstance(extended_form, "Servicio", "09", 2026)
    store.execute(create)
    uid = create.instance_id
    ins = InsertRow(uid, "actividad_1_3", values={"logros_comprometidos": "Meta"})
    store.execute(ins)

    # validation asks for the new column and the new field
    missing = {(i.section, i.field) for i in completeness(extended_form, store.content(uid))}
    assert ("actividad_1_3", "responsable_brecha") in missing
    assert ("objetivo_2", "plazo") in missing

    # the store keeps them
    store.execute(SetCell(uid, ins.row_id, "responsable_brecha", "Encargada regional"))
    store.execute(SetField(uid, "objetivo_2", "plazo", "2026-12-31"))
    assert store.cell(ins.row_id, "responsable_brecha") == "Encargada regional"
    with pytest.raises(UserError, match="fecha|opción|texto|AAAA"):
        store.execute(SetField(uid, "objetivo_2", "plazo", "mañana"))

    # JSON has them, and they survive a round trip
    doc = export_instance(store, uid)
    assert doc["data"]["actividad_1_3"][0]["responsable_brecha"] == "Encargada regional"
    assert doc["data"]["objetivo_2"]["plazo"] == "2026-12-31"
    other = Store(None)
    import_document(other, doc)
    assert export_instance(other, uid)["data"] == doc["data"]

    # the generated schema describes them
    schema = json_schema(extended_form)
    cols = schema["properties"]["data"]["properties"]["actividad_1_3"]["items"]["properties"]
    assert cols["responsable_brecha"]["title"] == "Responsable de la brecha"
    jsonschema.Draft202012Validator(schema).validate(doc)
