import json

import pytest

from sernam_desktop import settings
from sernam_desktop.errors import UserError


def test_defaults_save_and_load(tmp_path):
    p = tmp_path / "settings.json"
    s = settings.load(p)
    assert s == settings.Settings() and s.paper == "letter"
    s.paper, s.backup_keep = "a4", 3
    settings.save(s, p)
    again = settings.load(p)
    assert (again.paper, again.backup_keep, again.problem) == ("a4", 3, "")


@pytest.mark.parametrize("content", ["{no json", "[1]", json.dumps({"paper": "oficio"}),
                                     json.dumps({"backup_keep": "diez"})])
def test_broken_file_falls_back_to_defaults_with_a_reason(tmp_path, content):
    p = tmp_path / "settings.json"
    p.write_text(content, encoding="utf-8")
    s = settings.load(p)
    assert s.paper == "letter" and "No se pudo leer la configuración" in s.problem


def test_invalid_settings_are_not_saved(tmp_path):
    p = tmp_path / "settings.json"
    with pytest.raises(UserError, match="correo"):
        settings.save(settings.Settings(central_email="nadie"), p)
    assert not p.exists()


def test_default_path_follows_env(tmp_path, monkeypatch):
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(tmp_path))
    assert settings.settings_path() == tmp_path / "settings.json"
