"""Central window (issue 17 §4): the «con textos» check box chooses the report's full-text
annex, and merges and reports move a progress bar (shown only after a second)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog  # noqa: E402
from test_bundle_factory import region_bundle  # noqa: E402

from sernam_desktop.ui.central_window import CentralWindow  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def arrivals(tmp_path):
    d = tmp_path / "llegados"
    d.mkdir()
    for code in ("01", "05", "13"):
        (d / f"{code}.sernam").write_bytes(region_bundle(region=code, tweak=f"Logro de {code}"))
    return d


def pdf_text(path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext no está instalado")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_texts_check_box_and_menu_item_are_one_setting(qtbot, tmp_path):
    w = CentralWindow(tmp_path / "central.sqlite3")
    qtbot.addWidget(w)
    assert not w.texts_box.isChecked() and not w.act_texts.isChecked()  # summary by default
    w.texts_box.setChecked(True)
    assert w.act_texts.isChecked()
    w.act_texts.trigger()
    assert not w.texts_box.isChecked()
    assert w.act_texts in w.menuBar().actions()[0].menu().actions()


def test_report_with_and_without_texts_moves_the_progress_bar(qtbot, tmp_path, arrivals,
                                                                monkeypatch):
    steps = []
    real = CentralWindow._progress

    def recording(self, title):  # noqa: ANN001, ANN202
        dlg, step = real(self, title)

        def wrapped(done, total, what):  # noqa: ANN001, ANN202
            steps.append((title, done, total, what))
            step(done, total, what)
            assert dlg.maximum() == max(total, 1) and dlg.value() == min(done, max(total, 1))

        return dlg, wrapped

    monkeypatch.setattr(CentralWindow, "_progress", recording)
    w = CentralWindow(tmp_path / "central.sqlite3", bundles=[arrivals])
    qtbot.addWidget(w)
    assert ("Incorporando envíos…", 3, 3, "") in steps  # the merge reported its end
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    short, full = tmp_path / "resumen.pdf", tmp_path / "completo.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(short), "")))
    steps.clear()
    w.act_report.trigger()
    assert steps and steps[-1][1] == steps[-1][2]
    w.texts_box.setChecked(True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(full), "")))
    w.act_report.trigger()
    assert "Logro de 13" not in pdf_text(short)
    assert "Metropolitana: Logro de 13" in " ".join(pdf_text(full).split())
    assert any(what.startswith("Escribiendo los textos") for *_x, what in steps)
    qtbot.waitUntil(lambda: not w.findChildren(QProgressDialog), timeout=10_000)  # none left
