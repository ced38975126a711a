"""The form definition: loading, the seed's exact headings, broken files, extension."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sernam_desktop import forms
from sernam_desktop.errors import FormDefinitionError
from sernam_desktop.forms import default_form, load_definition, parse_definition
from sernam_desktop.paths import forms_dir

FORM_FILE = forms_dir() / "etapa4.toml"


def raw() -> dict:
    return tomllib.loads(FORM_FILE.read_text(encoding="utf-8"))


def test_default_form_structure():
    f = default_form()
    assert (f.id, f.version) == ("pmg-gt-etapa4", 1)
    assert [s.key for s in f.sections] == [
        "encabezado", "actividad_1_1", "actividad_1_2", "actividad_1_3", "actividad_1_4",
        "objetivo_2", "objetivo_3", "notas"]
    assert [s.number for s in f.tables] == ["1.1", "1.2", "1.3", "1.4"]
    assert [f.key for f in f.header.fields] == ["servicio", "region", "anio", "responsable", "fecha"]
    assert f.objective(2).title.startswith("Evaluación de las modificaciones incorporadas")
    assert [fl.key for fl in f.section("objetivo_3").fields] == [
        "logros", "recomendaciones_compromisos", "recomendaciones_subdere"]


def test_headings_match_the_seed_form():
    """Column headings and guidance are the official form's words."""
    seed = Path(__file__).resolve().parents[1] / "docs/reference/formulario-etapa4-2007.txt"
    text = " ".join(seed.read_text(encoding="utf-8").split())
    f = default_form()
    for sec in f.tables:
        assert sec.heading in text, sec.heading
        for col in sec.columns:
            if col.kind != "choice":
                assert col.label in text, col.label
    assert "(Cumple, cumple parcialmente o no cumple el objetivo)" in text
    assert f.section("actividad_1_1").field("resultado").help == (
        "(Cumple, cumple parcialmente o no cumple el objetivo)")
    assert f.section("actividad_1_2").field("evaluacion").help == (
        "(Incorpora o no efectivamente la mejora comprometida)")
    for o in f.objectives:
        assert o.title in text


def test_status_choice_lists():
    f = default_form()
    s11 = f.section("actividad_1_1").status_field
    assert [c.label for c in s11.choices.items] == [
        "Cumple", "Cumple parcialmente", "No cumple", "No medible aún"]
    s12 = f.section("actividad_1_2").status_field
    assert [c.label for c in s12.choices.items] == [
        "Incorpora", "Incorpora parcialmente", "No incorpora"]
    assert f.section("actividad_1_3").status_field is None
    assert all(c.color.startswith("#") for c in s11.choices.items)


def test_dataclasses_are_frozen():
    f = default_form()
    with pytest.raises(AttributeError):
        f.sections[0].title = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    "mutate, where",
    [
        (lambda d: d["form"].pop("id"), "«form.id»"),
        (lambda d: d["form"].__setitem__("version", "uno"), "«form.version»"),
        (lambda d: d["sections"][1]["columns"][3].__setitem__("choices", "nada"),
         "«sections[1].columns[3].choices»"),
        (lambda d: d["sections"][2]["columns"][0].__setitem__("kind", "numero"),
         "«sections[2].columns[0].kind»"),
        (lambda d: d["sections"][3].__setitem__("colour", "red"), "«sections[3].colour»"),
        (lambda d: d["sections"][0]["fields"][1].__setitem__("key", "Región"),
         "«sections[0].fields[1].key»"),
        (lambda d: d["sections"][4]["columns"].append(dict(d["sections"][4]["columns"][0])),
         "«sections[4].columns[3].key»"),
        (lambda d: d["choices"]["resultado"]["items"][0].__setitem__("color", "verde"),
         "«choices.resultado.items[0].color»"),
        (lambda d: d["sections"][1].__setitem__("status", "objetivo"), "«sections[1].status»"),
    ],
)
def test_broken_definition_names_file_and_key(tmp_path, mutate, where):
    data = raw()
    mutate(data)
    with pytest.raises(FormDefinitionError) as exc:
        parse_definition(data, "forms/roto.toml")
    msg = str(exc.value)
    assert "forms/roto.toml" in msg and where in msg, msg


def test_unparseable_and_missing_files(tmp_path):
    bad = tmp_path / "malo.toml"
    bad.write_text("[form\nid = 1", encoding="utf-8")
    with pytest.raises(FormDefinitionError, match="malo.toml"):
        load_definition(bad)
    with pytest.raises(FormDefinitionError, match="No se encontró"):
        load_definition(tmp_path / "no-existe.toml")


def test_known_forms_registry():
    assert forms.get_form("pmg-gt-etapa4", 1) is not None
    assert forms.get_form("pmg-gt-etapa4", 99) is None


def test_identity_is_declared_in_form():
    f = default_form()
    assert f.identity_fields() == {"servicio": ("encabezado", "servicio"),
                                   "region": ("encabezado", "region"),
                                   "anio": ("encabezado", "anio")}
    assert f.header.key == "encabezado"
    assert not any(fl.identity for s in f.sections for fl in s.fields
                   if fl.key not in ("servicio", "region", "anio"))


@pytest.mark.parametrize(
    "mutate, message",
    [
        # the crash of issue 10: another field marked as identity
        (lambda d: d["sections"][0]["fields"][3].__setitem__("identity", True),
         "se declaran en [form]"),
        (lambda d: d["form"]["identity"].__setitem__(2, "encabezado.responsable"),
         "«responsable» no puede identificar el formulario"),
        (lambda d: d["form"]["identity"].__setitem__(0, "encabezado.servicios"),
         "no tiene el campo «servicios»"),
        (lambda d: d["form"]["identity"].__setitem__(0, "cabecera.servicio"),
         "la sección «cabecera» no existe"),
        (lambda d: d["form"]["identity"].__setitem__(0, "servicio"), "«sección.campo»"),
        (lambda d: d["form"]["identity"].__setitem__(0, "actividad_1_1.servicio"), "es una tabla"),
        (lambda d: d["form"]["identity"].pop(), "falta el campo de identificación «anio»"),
        (lambda d: d["form"]["identity"].append("encabezado.anio"), "«anio» está repetido"),
        (lambda d: d["form"].pop("identity"), "«form.identity»"),
    ],
)
def test_identity_declaration_is_validated_at_load(mutate, message):
    data = raw()
    mutate(data)
    with pytest.raises(FormDefinitionError) as exc:
        parse_definition(data, "forms/roto.toml")
    assert message in str(exc.value) and "forms/roto.toml" in str(exc.value), str(exc.value)


def test_a_definition_is_parsed_from_its_cache_only_while_the_text_is_the_same(
        tmp_path, monkeypatch):
    """issue 17: the TOML's parse is kept as JSON in the user's cache folder (start-up time)."""
    import shutil

    from sernam_desktop import forms as forms_mod

    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(tmp_path / "home"))
    src = tmp_path / "etapa4.toml"
    shutil.copy(forms_mod.forms_dir() / forms_mod.DEFAULT_FORM_FILE, src)
    first = forms_mod.load_definition(src)
    from sernam_desktop.tomlcache import cache_file

    cache = cache_file(src)
    assert cache.exists() and not list(cache.parent.glob(".*.tmp"))
    forms_mod._PARSED.clear()
    calls = []
    import tomllib

    real = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda t: calls.append(1) or real(t))
    again = forms_mod.load_definition(src)
    assert calls == [] and again == first  # from the cache, the same definition
    forms_mod._PARSED.clear()
    src.write_text(src.read_text(encoding="utf-8").replace(
        first.sections[0].title, first.sections[0].title + " (cambiado)", 1), encoding="utf-8")
    changed = forms_mod.load_definition(src)
    assert calls == [1] and changed.sections[0].title.endswith("(cambiado)")
    forms_mod._PARSED.clear()
    cache.write_text("{dañado", encoding="utf-8")  # a damaged cache: the TOML is read
    assert forms_mod.load_definition(src) == changed and calls == [1, 1]
    forms_mod._PARSED.clear()
