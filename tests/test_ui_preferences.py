"""Editar → Preferencias…: the core settings, validated, saved atomically."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from sernam_desktop import settings
from sernam_desktop.ui.preferences import PreferencesDialog


def test_preferences_save_and_reload(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(tmp_path))
    d = PreferencesDialog()
    qtbot.addWidget(d)
    assert d.email.text() == settings.Settings().central_email
    d.email.setText("territorial@sernam.cl")
    d.paper.setCurrentIndex(d.paper.findData("a4"))
    d.every.setValue(5)
    assert d.save()
    s = settings.load()
    assert (s.central_email, s.paper, s.backup_every_minutes) == ("territorial@sernam.cl", "a4", 5)
    d2 = PreferencesDialog()
    qtbot.addWidget(d2)
    assert d2.paper.currentData() == "a4" and d2.email.text() == "territorial@sernam.cl"


def test_bad_email_is_refused_in_spanish(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(tmp_path))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    d = PreferencesDialog()
    qtbot.addWidget(d)
    d.email.setText("no es un correo")
    assert d.save() is False
    assert shown and "correo" in shown[0]
    assert not (tmp_path / "settings.json").exists()
