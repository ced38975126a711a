"""Start-up, welcome screen, translations, settings, SERNAM_DESKTOP_QUIT_AFTER_MS."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from sernam_desktop.examples import example_document
from sernam_desktop.files import write_atomic
from sernam_desktop.interchange import dumps
from sernam_desktop.store import Store
from sernam_desktop.ui import app as appmod
from sernam_desktop.ui.main_window import MainWindow
from sernam_desktop.ui.welcome import WelcomeWindow
from sernam_desktop.ui.widgets import gui_settings


@pytest.fixture
def controller(qtbot, tmp_path):
    ctl = appmod.AppController(tmp_path / "nueva.sqlite3")
    yield ctl
    if ctl.window is not None:
        ctl.window.close()
    ctl.shutdown()


def test_translation_file_exists_and_loads(qapp):
    qm = appmod.translations_dir() / appmod.TRANSLATION_FILE
    assert qm.is_file() and qm.stat().st_size > 1000
    t = QTranslator()
    assert t.load(str(qm))
    assert t.translate("MainWindow", "Buscar…") == "Buscar…"
    assert t.translate("TableScreen", "Agregar fila") == "Agregar fila"


def test_install_translators_spanish_qt_and_locale(qapp):
    installed = appmod.install_translators(qapp)
    assert QLocale().name() == "es_CL"
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    expected = 1 + (qt_dir / "qtbase_es.qm").exists()
    assert len(installed) == expected
    if expected == 2:  # Qt's own dialogs speak Spanish
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"


def test_empty_database_shows_welcome_then_new_form(qtbot, controller):
    assert controller.open_db(controller.db_path)
    w = controller.window
    assert isinstance(w, WelcomeWindow)
    qtbot.addWidget(w)
    w.servicio.setText("Dirección Regional de Valparaíso")
    w.region.setCurrentIndex(w.region.findData("05"))
    w.year.setValue(2026)
    w.create_button.click()
    main = controller.window
    assert isinstance(main, MainWindow)
    inst = controller.store.instance(main.session.instance_id)
    assert (inst["servicio"], inst["region"], inst["anio"]) == (
        "Dirección Regional de Valparaíso", "05", 2026)
    assert "Valparaíso" in main.windowTitle()
    enc = main.screens["encabezado"].editors
    assert enc["region"].text() == "05" and enc["anio"].text() == "2026"
    # the database is remembered among the recent files
    assert str(controller.db_path.resolve()) in appmod.recent_files()


def test_reopening_the_last_file_writes_no_settings(qapp, tmp_path):
    """issue 17: QSettings syncs its file to disk (fdatasync) on every write; opening the
    file that is already first among the recent ones writes nothing at start-up."""
    ini = Path(gui_settings().fileName())
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    appmod.add_recent(a)
    appmod.add_recent(b)
    assert appmod.recent_files()[:2] == [str(b.resolve()), str(a.resolve())]
    stamp = ini.stat().st_mtime_ns, ini.stat().st_ino
    time.sleep(0.01)
    appmod.add_recent(b)  # already first: nothing to write
    assert (ini.stat().st_mtime_ns, ini.stat().st_ino) == stamp
    appmod.add_recent(a)  # moves up: written
    assert appmod.recent_files()[:2] == [str(a.resolve()), str(b.resolve())]
    assert (ini.stat().st_mtime_ns, ini.stat().st_ino) != stamp


def test_welcome_opens_the_example_and_lists_forms(qtbot, controller):
    controller.open_db(controller.db_path)
    controller.window.example_button.click()
    main = controller.window
    assert isinstance(main, MainWindow)
    assert main.screens["actividad_1_1"].model.rowCount() == 11
    # with two forms in the file the welcome screen lists them
    controller.open_example()
    controller.show_welcome()
    w = controller.window
    assert isinstance(w, WelcomeWindow) and w.forms_list.count() == 2
    uid = w.forms_list.item(1).data(Qt_UserRole20())
    w.instance_requested.emit(uid)
    assert controller.window.session.instance_id == uid


def Qt_UserRole20():  # noqa: N802
    from sernam_desktop.ui.welcome import DATA_ROLE

    return DATA_ROLE


def test_open_file_dialog_imports_json(qtbot, controller, tmp_path, monkeypatch):
    controller.open_db(controller.db_path)
    doc = example_document()
    path = tmp_path / "regional.json"
    write_atomic(path, dumps(doc))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    controller.window.open_button.click()
    assert isinstance(controller.window, MainWindow)
    assert controller.window.session.instance_id == doc["instance"]["uuid"]


def test_open_bad_file_shows_spanish_error(qtbot, controller, tmp_path, monkeypatch):
    controller.open_db(controller.db_path)
    bad = tmp_path / "no-es.sqlite3"
    bad.write_bytes(b"esto no es una base de datos" * 10)
    shown = []
    for name in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: shown.append(a[2:3]) or
                            QMessageBox.StandardButton.No)
    import sernam_desktop.ui.recovery as recovery

    # The recovery box explains it (its details carry the Spanish error); «Cancelar».
    monkeypatch.setattr(recovery, "choose", lambda box, buttons: shown.append(
        (box.text() + " " + box.informativeText() + " " + box.detailedText(),))
        or recovery.CANCEL)
    assert controller.open_path(bad) is False
    assert shown and "no es una base de datos de sernam-desktop" in str(shown[0])
    assert isinstance(controller.window, WelcomeWindow)  # still usable


def test_geometry_and_font_size_are_remembered(qtbot, demo_file):
    path, uid = demo_file
    store = Store(path)
    from sernam_desktop.ui.session import FormSession

    w = MainWindow(FormSession(store, uid))
    qtbot.addWidget(w)
    w.show()
    w.resize(761, 533)
    base = QApplication.font().pointSize()
    w.zoom_in_action.trigger()
    assert QApplication.font().pointSize() == base + 1
    assert int(gui_settings().value("font/pointSize")) == base + 1
    w.close()
    w2 = MainWindow(FormSession(store, uid))
    qtbot.addWidget(w2)
    assert (w2.width(), w2.height()) == (761, 533)
    w2.zoom_reset_action.trigger()
    assert QApplication.font().pointSize() == base
    assert gui_settings().value("font/pointSize") is None
    w2.close()
    store.close()


def _run_app(db: Path, home: Path, quit_ms: int = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, SERNAM_DESKTOP_QUIT_AFTER_MS=str(quit_ms), QT_QPA_PLATFORM="offscreen",
               SERNAM_DESKTOP_HOME=str(home))
    code = ("import sys; from pathlib import Path; from sernam_desktop.ui.app import run; "
            "sys.exit(run(Path(sys.argv[1])))")
    return subprocess.run([sys.executable, "-c", code, str(db)], env=env, timeout=90,
                          capture_output=True, text=True)


def test_quit_after_env_var_runs_the_real_app(demo_file, tmp_path):
    path, _ = demo_file
    t0 = time.monotonic()
    res = _run_app(path, tmp_path / "home")
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    assert time.monotonic() - t0 < 60
    # an empty database starts on the welcome screen, and quits the same way
    res = _run_app(tmp_path / "vacia.sqlite3", tmp_path / "home")
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "vacia.sqlite3").exists()


def test_qt_binding_does_not_leak_references(qapp):
    """PySide6-Essentials 6.12.0 drops references to True/None (Signal.emit, overrides
    returning None to C++, QUndoStack commands, sendEvent) and aborts CPython 3.11.
    pyproject.toml excludes it; this fails if an installed binding leaks again, so an
    upgrade stays a deliberate change."""
    import sys as _sys

    from PySide6.QtCore import (
        QAbstractTableModel,
        QCoreApplication,
        QEvent,
        QModelIndex,
        QObject,
        QSortFilterProxyModel,
        Signal,
    )
    from PySide6.QtGui import QUndoCommand, QUndoStack

    class Probe(QObject):
        fired = Signal(str)

    class M(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: B008, N802
            return 1

        def columnCount(self, parent=QModelIndex()):  # noqa: B008, N802
            return 1

        def data(self, index, role=0):
            return None

    class Cmd(QUndoCommand):
        def redo(self):
            return None

        def undo(self):
            return None

    p = Probe()
    got = []
    p.fired.connect(got.append)
    m = M()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(m)
    idx = proxy.index(0, 0)
    stack = QUndoStack()
    n = 500
    before_true, before_none = _sys.getrefcount(True), _sys.getrefcount(None)
    for i in range(n):
        p.fired.emit(str(i))
        proxy.data(idx, 0)
        stack.push(Cmd())
        stack.undo()
        QCoreApplication.sendEvent(p, QEvent(QEvent.Type.User))
    stack.clear()
    del got[:]
    assert abs(_sys.getrefcount(True) - before_true) < n // 10
    assert abs(_sys.getrefcount(None) - before_none) < n // 10


def test_unexpected_error_shows_spanish_dialog_and_logs(qapp, monkeypatch):
    import sys as _sys

    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]))
    old = _sys.excepthook
    try:
        appmod.install_excepthook()
        try:
            raise RuntimeError("fallo interno de prueba")
        except RuntimeError:
            _sys.excepthook(*_sys.exc_info())
    finally:
        _sys.excepthook = old
    assert shown and "error inesperado" in shown[0]
    assert "fallo interno de prueba" in appmod.error_log_path().read_text(encoding="utf-8")


def test_new_form_needs_a_region(qtbot, controller, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    controller.open_db(controller.db_path)
    w = controller.window
    assert w.region.currentData() == ""  # no region preselected by accident
    w.create_button.click()
    assert shown and "región" in shown[0]
    assert controller.store.instances() == [] and controller.window is w


def test_form_of_unknown_definition_is_refused_gracefully(qtbot, controller, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    controller.open_db(controller.db_path)
    controller.open_example()
    uid = controller.session.instance_id
    controller.store.db.execute("UPDATE instances SET form_version = 99 WHERE uuid = ?", [uid])
    controller.open_instance(uid)
    assert shown and "versión 99" in shown[0]
    assert isinstance(controller.window, WelcomeWindow)


def test_reopening_the_open_file_keeps_it_editable(qtbot, controller):
    """Opening the database that is already open (recent files) must not find our
    own lock and fall back to read-only."""
    assert controller.open_db(controller.db_path)
    first = controller.store
    assert controller.open_db(controller.db_path)
    assert controller.store is first and not controller.store.readonly
    assert controller.readonly_reason == ""
