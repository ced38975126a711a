"""Central office window (pytest-qt, offscreen): merge, tracker, log, view, resolve, report."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTextBrowser  # noqa: E402
from test_bundle_factory import region_bundle  # noqa: E402

from sernam_desktop.central import CentralDB  # noqa: E402
from sernam_desktop.ui.central_window import CODE_ROLE, CentralWindow  # noqa: E402

SHOTS_DIR = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
pytestmark = pytest.mark.gui


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where screenshots go: docs/screenshots with SERNAM_DESKTOP_SCREENSHOTS=1, else tmp."""
    import os

    return SHOTS_DIR if os.environ.get("SERNAM_DESKTOP_SCREENSHOTS") else tmp_path


def tracker_row(w: CentralWindow, code: str) -> dict[str, str]:
    t = w.tracker
    for r in range(t.rowCount()):
        if t.item(r, 0).data(CODE_ROLE) == code:
            return {t.horizontalHeaderItem(c).text(): t.item(r, c).text()
                    for c in range(t.columnCount())}
    raise KeyError(code)


def log_rows(w: CentralWindow) -> list[tuple[str, str, str]]:
    t = w.log_table
    return [(t.item(r, 1).text(), t.item(r, 2).text(), t.item(r, 3).text())
            for r in range(t.rowCount())]


@pytest.fixture
def arrivals(tmp_path):
    d = tmp_path / "llegados"
    d.mkdir()
    for code in ("01", "05", "08", "13"):
        (d / f"{code}.sernam").write_bytes(region_bundle(region=code))
    return d


def test_open_with_bundles_fills_tracker_and_log(qtbot, tmp_path, arrivals, shots):
    bad = tmp_path / "roto.sernam"
    bad.write_bytes(b"PK esto no es un zip")
    w = CentralWindow(tmp_path / "central.sqlite3", bundles=[arrivals, bad])
    qtbot.addWidget(w)
    w.show()
    assert w.tracker.rowCount() == 16  # no national form: the 16 regions
    assert tracker_row(w, "05")["Situación"] == "Recibido"
    assert tracker_row(w, "05")["Revisión"] == "1"
    assert tracker_row(w, "05")["Completos"] == "1 de 1"
    assert tracker_row(w, "02")["Situación"] == "Falta"
    assert "4 de 16 regiones" in w.summary.text() and "12 sin envío" in w.summary.text()
    rows = log_rows(w)
    assert sum(r[1] == "Aceptado" for r in rows) == 4
    assert ("roto.sernam", "Rechazado", "no es un archivo .sernam (zip) o está incompleto o "
            "dañado.") in rows
    assert "1 rechazado(s)" in w.statusBar().currentMessage()
    assert w.grab().save(str(shots / "central-tracker.png"))


def test_drop_a_folder_and_choose_files(qtbot, tmp_path, arrivals, monkeypatch):
    w = CentralWindow(tmp_path / "central.sqlite3")
    qtbot.addWidget(w)
    assert w.tracker.rowCount() == 16 and "ningún envío" in w.summary.text()
    assert not w.act_report.isEnabled()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(arrivals))])
    ev = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                    Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    w.dropEvent(ev)
    assert tracker_row(w, "13")["Situación"] == "Recibido"
    assert w.act_report.isEnabled()

    newer = tmp_path / "valpo-r2.sernam"
    with CentralDB(tmp_path / "central.sqlite3", readonly=True) as c:
        uid = c.current(2026, "05")[0]["instance_uuid"]
    newer.write_bytes(region_bundle(region="05", uid=uid, revision=2, tweak="Corregido"))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(newer)], "")))
    w.act_import.trigger()
    assert tracker_row(w, "05")["Revisión"] == "2"
    assert log_rows(w)[0][:2] == ("valpo-r2.sernam", "Aceptado")


def test_view_region_form_read_only(qtbot, tmp_path, arrivals, shots):
    w = CentralWindow(tmp_path / "central.sqlite3", bundles=[arrivals])
    qtbot.addWidget(w)
    dlg = w.open_region("08")
    qtbot.addWidget(dlg)
    browser = dlg.findChild(QTextBrowser)
    text = browser.toPlainText()
    assert browser.isReadOnly()
    assert "Región del Biobío" in text and "Directora Regional" in text
    assert "Cumple parcialmente" in text  # choice labels, not keys
    assert "Actividad 1.2" in text and "INFORME EJECUTIVO" in text
    assert w.open_region("03") is None  # a missing region has nothing to show
    dlg.resize(1000, 700)
    assert dlg.grab().save(str(shots / "central-form-view.png"))


def test_resolve_conflict_by_choosing_official_version(qtbot, tmp_path, arrivals, monkeypatch,
                                                       shots):
    dup = tmp_path / "biobio-bis.sernam"
    dup.write_bytes(region_bundle(region="08", tweak="Versión paralela"))
    w = CentralWindow(tmp_path / "central.sqlite3", bundles=[arrivals, dup])
    qtbot.addWidget(w)
    w.show()
    assert tracker_row(w, "08")["Situación"] == "Conflicto"
    assert w.conflict_table.rowCount() == 1 and w.tabs.currentIndex() == 1
    assert w.tabs.tabText(1) == "Conflictos (1)"
    assert w.grab().save(str(shots / "central-conflict.png"))
    view = w.view_conflict_version(1)
    qtbot.addWidget(view)
    assert "Versión paralela" in view.findChild(QTextBrowser).toPlainText()

    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    w.btn_use_b.click()
    assert w.conflict_table.rowCount() == 1  # declined: nothing changed
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    w.btn_use_b.click()
    assert w.conflict_table.rowCount() == 0
    assert tracker_row(w, "08")["Situación"] == "Recibido"
    assert tracker_row(w, "08")["Formularios"] == "1"
    with CentralDB(tmp_path / "central.sqlite3", readonly=True) as c:
        (row,) = c.current(2026, "08")
        assert c.document(row["id"])["data"]["objetivo_3"]["logros"] == "Versión paralela"
        assert c.status()["submissions"] == 5  # nothing deleted


def test_export_consolidated_report(qtbot, tmp_path, arrivals, monkeypatch):
    w = CentralWindow(tmp_path / "central.sqlite3", bundles=[arrivals])
    qtbot.addWidget(w)
    target = tmp_path / "salida" / "informe"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    w.act_report.trigger()
    pdf, xlsx = target.with_suffix(".pdf"), target.with_suffix(".xlsx")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert xlsx.read_bytes().startswith(b"PK")
    assert "informe.pdf" in w.statusBar().currentMessage()


def test_unusable_central_file_is_a_user_error(tmp_path):
    from sernam_desktop.errors import UserError

    p = tmp_path / "texto.sqlite3"
    p.write_text("no soy una base de datos")
    with pytest.raises(UserError):
        CentralWindow(p)
