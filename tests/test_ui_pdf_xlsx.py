"""GUI bits of issue 12: the PDF annex option and the stale-workbook question."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest
from PySide6.QtWidgets import QCheckBox, QFileDialog, QMessageBox

from sernam_desktop import pdf, settings
from sernam_desktop.store import Store
from sernam_desktop.ui.main_window import MainWindow
from sernam_desktop.ui.preferences import PreferencesDialog
from sernam_desktop.ui.session import FormSession


@pytest.fixture
def clean_settings():
    path = settings.settings_path()
    old = path.read_bytes() if path.exists() else None
    yield
    if old is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(old)


@pytest.fixture
def win(qtbot, demo_file, clean_settings):
    path, uid = demo_file
    store = Store(path)
    w = MainWindow(FormSession(store, uid))
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
    store.close()


def action(win, name):
    a = win.findChild(type(win.find_action), name)
    assert a is not None, name
    return a


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_preferences_remember_the_annex_choice(qtbot, clean_settings):
    settings.save(settings.Settings())
    dlg = PreferencesDialog()
    qtbot.addWidget(dlg)
    box = dlg.findChild(QCheckBox, "pdfAnnex")
    assert box is not None and not box.isChecked()
    box.setChecked(True)
    assert dlg.save()
    assert settings.load().pdf_annex
    again = PreferencesDialog()
    qtbot.addWidget(again)
    assert again.findChild(QCheckBox, "pdfAnnex").isChecked()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_export_pdf_with_and_without_the_annex(win, tmp_path, monkeypatch):
    settings.save(settings.Settings())
    toggle = action(win, "pdfAnnex")
    assert toggle.isCheckable() and not toggle.isChecked()
    plain, annexed = tmp_path / "a.pdf", tmp_path / "b.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(plain), ""))
    action(win, "exportPdf").trigger()
    toggle.trigger()  # checks it, and remembers it in Preferencias
    assert toggle.isChecked() and settings.load().pdf_annex
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(annexed), ""))
    action(win, "exportPdf").trigger()
    assert pdf.ANNEX_TITLE not in pdf_text(plain)
    assert pdf.ANNEX_TITLE in pdf_text(annexed)


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_importing_an_older_workbook_shows_the_changes_and_asks(win, tmp_path, monkeypatch, answer):
    s = win.session
    out = tmp_path / "libro.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    action(win, "exportXlsx").trigger()
    rid = s.store.row_ids(s.instance_id, "actividad_1_1")[0]
    s.set_cell(rid, "indicador", "cambiado en la aplicación")
    wb = openpyxl.load_workbook(out)
    wb["Actividad 1.1"]["C2"] = "cambiado en Excel"
    wb.save(out)
    shown = []

    def fake_exec(box):
        shown.append((box.objectName(), box.text(), box.detailedText()))
        return answer

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    action(win, "importXlsx").trigger()
    assert [n for n, _, _ in shown] == ["staleImport"]
    _, text, detail = shown[0]
    assert "Actividad 1.1, fila 1, «Indicador»" in detail
    assert "Actividad 1.1, fila 1, «Resultado de la medición del indicador»" in detail
    if answer == QMessageBox.StandardButton.No:
        assert s.store.cell(rid, "indicador") == "cambiado en la aplicación"
        assert s.store.cell(rid, "resultado") != "cambiado en Excel"
    else:
        assert s.store.cell(rid, "resultado") == "cambiado en Excel"


def test_converted_cells_are_listed_after_import(win, tmp_path, monkeypatch):
    s = win.session
    out = tmp_path / "libro.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    action(win, "exportXlsx").trigger()
    wb = openpyxl.load_workbook(out)
    wb["Actividad 1.1"]["B2"].value = 0.7
    wb["Actividad 1.1"]["B2"].number_format = "0%"
    wb.save(out)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda box: shown.append((box.objectName(), box.detailedText())) or 0)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    action(win, "importXlsx").trigger()
    assert shown and shown[-1][0] == "convertedCells" and "«70%»" in shown[-1][1]
    rid = s.store.row_ids(s.instance_id, "actividad_1_1")[0]
    assert s.store.cell(rid, "indicador") == "70%"
