"""A failing automatic backup is shown, not swallowed (issue 10 §4)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from sernam_desktop.ui import app as appmod
from sernam_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def editing(qtbot, demo_file, tmp_path, monkeypatch):
    path, uid = demo_file
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k:
                        shown.append(text) or QMessageBox.StandardButton.Ok)
    ctl = appmod.AppController(path)
    assert ctl.open_db(path)
    assert isinstance(ctl.window, MainWindow)
    qtbot.addWidget(ctl.window)
    yield ctl, shown, tmp_path
    ctl.window.close()
    ctl.shutdown()


def _edit(ctl, n: int) -> None:
    ctl.session.set_field("encabezado", "responsable", f"Encargada {n}")


def test_backup_failures_reach_status_bar_then_a_dialog_once(qtbot, editing):
    ctl, shown, tmp_path = editing
    blocker = tmp_path / "no-es-carpeta"
    blocker.write_text("x", encoding="utf-8")
    ctl.backups.folder = blocker / "copias"  # cannot be created: every backup fails
    ctl.backups.every_seconds = 0
    bar = ctl.window.statusBar()

    _edit(ctl, 1)
    assert ctl.backups.failures == 1
    assert "No se pudo hacer la copia de seguridad automática" in bar.currentMessage()
    assert "copias" in bar.currentMessage()
    qtbot.wait(50)
    assert shown == []  # one failure: the status bar only

    _edit(ctl, 2)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10000)
    assert "fallaron 2 veces seguidas" in shown[0] and "Sus cambios sí se guardan" in shown[0]

    _edit(ctl, 3)
    qtbot.wait(50)
    assert len(shown) == 1  # not once per keystroke
    assert ctl.session.store.field_value(ctl.session.instance_id, "encabezado",
                                         "responsable") == "Encargada 3"  # editing went on

    ctl.backups.folder = tmp_path / "copias-buenas"  # fixed: backups work again
    _edit(ctl, 4)
    assert ctl.backups.failures == 0
    assert "funcionan de nuevo" in bar.currentMessage()


def test_a_failing_hook_is_reported_not_hidden(qtbot, editing):
    ctl, shown, _ = editing

    def broken(_changed):
        raise RuntimeError("falla de prueba")

    ctl.session.after_command.insert(0, broken)
    _edit(ctl, 1)
    msg = ctl.window.statusBar().currentMessage()
    assert "falla de prueba" in msg and "el cambio sí quedó guardado" in msg
    assert ctl.session.store.field_value(ctl.session.instance_id, "encabezado",
                                         "responsable") == "Encargada 1"
