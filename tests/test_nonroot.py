"""What must hold for an ordinary user on a shared PC (issue 10 §2)."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from sernam_desktop import paths


def test_private_temp_dir_is_per_user_and_private(tmp_path, monkeypatch):
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(tmp_path / "home"))
    folder = paths.private_temp_dir("abrir")
    assert folder == tmp_path / "home" / "cache" / "abrir" and folder.is_dir()
    if os.name == "posix":
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        folder.chmod(0o755)  # someone loosened it: made private again
        paths.private_temp_dir("abrir")
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_cache_home_without_override_is_the_platform_cache(monkeypatch):
    monkeypatch.delenv("SERNAM_DESKTOP_HOME", raising=False)
    got = paths.cache_home()
    assert "sernam-desktop" in str(got)
    import tempfile

    assert not str(got).startswith(tempfile.gettempdir() + os.sep) or sys.platform == "win32"


@pytest.mark.gui
def test_open_pdf_writes_into_the_private_folder(qtbot, demo_file, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from sernam_desktop.store import Store
    from sernam_desktop.ui.main_window import MainWindow
    from sernam_desktop.ui.session import FormSession

    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(tmp_path / "home"))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    path, uid = demo_file
    store = Store(path)
    w = MainWindow(FormSession(store, uid))
    qtbot.addWidget(w)
    w.open_pdf()
    assert len(opened) == 1
    pdf = tmp_path / "home" / "cache" / "abrir"
    assert os.path.dirname(opened[0]) == str(pdf)
    with open(opened[0], "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    if os.name == "posix":
        assert stat.S_IMODE(pdf.stat().st_mode) == 0o700
    w.close()
    store.close()


@pytest.mark.gui
def test_file_menu_always_has_every_entry(qtbot, demo_file):
    """No entry hides behind an "is this module installed?" guard (issue 10 §4)."""
    from PySide6.QtGui import QAction

    from sernam_desktop.store import Store
    from sernam_desktop.ui.main_window import MainWindow
    from sernam_desktop.ui.session import FormSession

    path, uid = demo_file
    store = Store(path)
    w = MainWindow(FormSession(store, uid))
    qtbot.addWidget(w)
    file_menu = w.menuBar().actions()[0].menu()
    names = {a.objectName() for a in file_menu.actions() if isinstance(a, QAction)}
    assert {"exportPdf", "openPdf", "exportXlsx", "importXlsx", "exportJson", "sendCentral",
            "restoreBackup"} <= names
    w.close()
    store.close()
