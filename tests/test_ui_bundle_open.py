"""Issue 14 §7: double-clicking a bundle (``gui --bundle FILE``) on a regional PC shows
what it is and offers to view it read-only; central mode only when set up or chosen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from sernam_desktop import paths, settings
from sernam_desktop.bundle import read_bundle, write_bundle
from sernam_desktop.ui.bundle_open import CENTRAL, VIEW, BundleDialog
from sernam_desktop.ui.main_window import MainWindow


@pytest.fixture
def bundle_path(demo, tmp_path):
    store, uid = demo
    return write_bundle(store, uid, tmp_path)


@pytest.fixture
def regional_pc(tmp_path, monkeypatch):
    """A fresh user folder: no central database, not marked as central office."""
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    assert not paths.central_db_path().exists()
    return tmp_path / "home"


def test_dialog_says_what_the_bundle_is(qtbot, bundle_path, regional_pc):
    b = read_bundle(bundle_path)
    dlg = BundleDialog(b, bundle_path)
    qtbot.addWidget(dlg)
    from sernam_desktop.regions import by_code

    assert dlg.info["region"].text() == by_code(b.header["region"]).display
    assert dlg.info["servicio"].text() == b.header["servicio"]
    assert dlg.info["anio"].text() == str(b.header["anio"])
    assert dlg.info["revision"].text() == str(b.revision)
    assert dlg.view_button.isDefault()
    assert dlg.central_button.text() == "Abrir en modo oficina central…"


def test_regional_pc_views_read_only_without_creating_a_central_db(
        qtbot, bundle_path, regional_pc, monkeypatch):
    from sernam_desktop.ui.app import AppController

    def pick_by_keyboard(dlg):
        dlg.show()
        QTest.keyClick(dlg, Qt.Key.Key_Return)  # the default button: view
        return 0

    monkeypatch.setattr(BundleDialog, "exec", pick_by_keyboard)
    ctl = AppController(regional_pc / "formularios.sqlite3")
    w = ctl.open_bundle(bundle_path)
    assert isinstance(w, MainWindow)
    qtbot.addWidget(w)
    assert w.session.readonly and w.readonly_banner.isVisibleTo(w)
    b = read_bundle(bundle_path)
    assert w.session.content()["encabezado"]["servicio"] == b.header["servicio"]
    assert not paths.central_db_path().exists()
    w.close()


def test_choosing_central_on_a_regional_pc_asks_first(qtbot, bundle_path, regional_pc, monkeypatch):
    dlg = BundleDialog(read_bundle(bundle_path), bundle_path)
    qtbot.addWidget(dlg)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert dlg.choose(CENTRAL) is False and dlg.choice is None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert dlg.choose(CENTRAL) is True and dlg.choice == CENTRAL


def test_central_pc_offers_to_merge(qtbot, bundle_path, regional_pc, monkeypatch):
    settings.save(settings.Settings(central_office=True))
    dlg = BundleDialog(read_bundle(bundle_path), bundle_path)
    qtbot.addWidget(dlg)
    assert dlg.central_button.text() == "Incorporar en la oficina central"
    assert dlg.central_button.isDefault()
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: pytest.fail("a central PC is not asked again"))
    assert dlg.choose(CENTRAL) and dlg.choice == CENTRAL
    dlg2 = BundleDialog(read_bundle(bundle_path), bundle_path)
    qtbot.addWidget(dlg2)
    assert dlg2.choose(VIEW) and dlg2.choice == VIEW


def test_gui_bundle_alone_is_not_central_mode(monkeypatch, bundle_path, regional_pc):
    import sernam_desktop.ui.app as app_mod
    from sernam_desktop.cli import gui_cmd

    seen = {}
    monkeypatch.setattr(app_mod, "run", lambda db, central=False, bundles=None:
                        seen.update(central=central, bundles=bundles) or 0)
    import argparse
    gui_cmd.run_gui(argparse.Namespace(db=None, central=False, bundle=[str(bundle_path)]))
    assert seen == {"central": False, "bundles": [bundle_path]}
