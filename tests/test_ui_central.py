"""Central office window (pytest-qt, offscreen): merge, tracker, log, view, resolve, report."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTextBrowser  # noqa: E402
from test_bundle_factory import FACTORY_KEY, region_bundle  # noqa: E402

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
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No))
    w.act_report.trigger()  # 12 regions missing: provisional, and the user says no
    assert "PROVISIONAL" in asked[0] and "Regiones sin envío (12)" in asked[0]
    assert not (tmp_path / "salida").exists()
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
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


# ------------------------------------------------- §5: versions, keyboard --
def two_versions(tmp_path):
    from test_bundle_factory import region_doc, sample_pdf

    from sernam_desktop.bundle import bundle_bytes

    uid = "7b0d4c8e-2f4a-4c3e-9a51-0c1d2e3f4a5b"
    d = tmp_path / "conflicto"
    d.mkdir()
    a = region_doc(region="05", uid=uid)
    b = region_doc(region="05", uid=uid, tweak="Logro escrito en el PC 2")
    b["data"]["actividad_1_1"][2]["estado"] = "no_cumple"
    (d / "valpo-pc1.sernam").write_bytes(bundle_bytes(a, sample_pdf(), signer=FACTORY_KEY))
    (d / "valpo-pc2.sernam").write_bytes(bundle_bytes(b, sample_pdf(), signer=FACTORY_KEY))
    return d


def test_menu_bar_reaches_every_action(qtbot, tmp_path, arrivals):
    from PySide6.QtGui import QAction

    w = CentralWindow(tmp_path / "central.sqlite3", bundles=[arrivals])
    qtbot.addWidget(w)
    menus = [a.text() for a in w.menuBar().actions()]
    assert menus == ["&Archivo", "&Región", "&Conflictos", "&Ver"]
    in_menus = {a for m in w.menuBar().actions() for a in m.menu().actions()}
    for name in dir(w):
        a = getattr(w, name)
        if name.startswith("act_") and isinstance(a, QAction):
            assert a in in_menus, name
    for b in ("btn_compare", "btn_view_a", "btn_view_b", "btn_use_a", "btn_use_b"):
        assert getattr(w, b).focusPolicy() & Qt.FocusPolicy.TabFocus
    shortcuts = [a.shortcut().toString() for a in in_menus if not a.shortcut().isEmpty()]
    assert len(shortcuts) == len(set(shortcuts))  # no ambiguous shortcut


def test_enter_on_a_region_opens_it(qtbot, tmp_path, arrivals):
    from PySide6.QtTest import QTest

    w = CentralWindow(tmp_path / "central.sqlite3", bundles=[arrivals])
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.act_go_regions.trigger()
    row = next(r for r in range(w.tracker.rowCount())
               if w.tracker.item(r, 0).data(CODE_ROLE) == "08")
    w.tracker.setCurrentCell(row, 0)
    QTest.keyClick(w.tracker, Qt.Key.Key_Return)
    dlg = w._last_view
    qtbot.addWidget(dlg)
    assert "Región del Biobío" in dlg.windowTitle()
    assert "Región del Biobío" in dlg.findChild(QTextBrowser).toPlainText()


def test_view_form_opens_the_one_chosen(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    w = CentralWindow(tmp_path / "central.sqlite3")
    qtbot.addWidget(w)
    d = tmp_path / "dos"
    d.mkdir()
    (d / "a.sernam").write_bytes(region_bundle(region="09", tweak="El primero"))
    (d / "b.sernam").write_bytes(region_bundle(region="09", tweak="El segundo"))
    w.merge_paths([d])
    seen = []

    def pick(_parent, _title, _label, names, *_a):
        seen.extend(names)
        return names[1], True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(pick))
    dlg = w.open_region("09")
    qtbot.addWidget(dlg)
    assert len(seen) == 2 and seen[0] != seen[1]  # same service and revision, told apart
    assert "El segundo" in dlg.findChild(QTextBrowser).toPlainText()
    monkeypatch.setattr(QInputDialog, "getItem",
                        staticmethod(lambda _p, _t, _l, names, *_a: (names[0], True)))
    dlg = w.open_region("09")
    qtbot.addWidget(dlg)
    assert "El primero" in dlg.findChild(QTextBrowser).toPlainText()


def test_times_shown_in_local_time(qtbot, tmp_path, arrivals, monkeypatch):
    import time

    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset only on POSIX")
    monkeypatch.setenv("TZ", "America/Santiago")
    time.tzset()
    try:
        from sernam_desktop.central_report import local_time

        w = CentralWindow(tmp_path / "central.sqlite3", bundles=[arrivals])
        qtbot.addWidget(w)
        st = w.central.status()
        utc = next(r["received_at"] for r in st["regions"] if r["code"] == "05")
        shown = tracker_row(w, "05")["Recibido"]
        assert shown == local_time(utc) and shown != utc[:16].replace("T", " ")
        assert log_rows(w) and w.log_table.item(0, 0).text() != \
            w.central.imports(1)[0]["at"][:16].replace("T", " ")
    finally:
        monkeypatch.undo()
        time.tzset()


def test_conflict_side_by_side_and_resolve(qtbot, tmp_path, monkeypatch, shots):
    from PySide6.QtTest import QTest

    from sernam_desktop.ui.central_view import DIFF_BACKGROUND, DIFF_MARK

    w = CentralWindow(tmp_path / "central.sqlite3", bundles=[two_versions(tmp_path)])
    qtbot.addWidget(w)
    w.resize(1093, 614)
    w.show()
    qtbot.waitExposed(w)
    assert w.conflict_table.rowCount() == 1
    w.act_go_conflicts.trigger()
    QTest.keyClick(w.conflict_table, Qt.Key.Key_Return)  # Enter compares
    dlg = w._last_diff
    qtbot.waitExposed(dlg)
    facts = {dlg.facts.item(r, 0).text(): (dlg.facts.item(r, 1).text(),
                                           dlg.facts.item(r, 2).text())
             for r in range(dlg.facts.rowCount())}
    assert facts[f"{DIFF_MARK} Archivo recibido"] == ("valpo-pc1.sernam", "valpo-pc2.sernam")
    assert f"{DIFF_MARK} Hash del contenido" in facts and "Revisión" in facts
    marked = [r for r in range(dlg.table.rowCount()) if dlg.table.item(r, 0).text() == DIFF_MARK]
    assert len(marked) == 2
    for r in marked:
        assert dlg.table.item(r, 4).background().color().name() == DIFF_BACKGROUND
    texts = {dlg.table.item(r, 3).text(): (dlg.table.item(r, 4).text(),
                                           dlg.table.item(r, 5).text()) for r in marked}
    assert texts["1. Principales logros obtenidos"][1] == "Logro escrito en el PC 2"
    assert dlg.table.currentRow() == marked[0]
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow, timeout=10_000)
    QTest.keyClick(dlg.table, Qt.Key.Key_F8)
    assert dlg.table.currentRow() == marked[1]
    dlg.only_diff.setChecked(True)
    shown = [r for r in range(dlg.table.rowCount()) if not dlg.table.isRowHidden(r)]
    assert shown == marked
    dlg.only_diff.setChecked(False)
    dlg.resize(1093, 614)
    assert dlg.grab().save(str(shots / "central-diff.png"))
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    dlg.btn_b.click()
    qtbot.waitUntil(lambda: w.conflict_table.rowCount() == 0, timeout=10_000)
    with CentralDB(tmp_path / "central.sqlite3", readonly=True) as c:
        assert c.conflicts(open_only=False)[0]["official_submission"] == \
            c.conflicts(open_only=False)[0]["submission_b"]
