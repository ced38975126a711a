"""Helpers shared by the GUI tests (not a test module)."""

from __future__ import annotations

from pathlib import Path

from sernam_desktop.ui.session import FormSession

REF_SIZE = (1093, 614)  # a 1366×768 laptop at 125 % (tests/conftest.py)


def open_window(qtbot, path: str | Path, uid: str, size: tuple[int, int] = REF_SIZE):  # noqa: ANN001, ANN201
    """The main window on the form ``uid`` of the database ``path``, shown and
    active at the reference size; close it and ``w.session.store`` when done."""
    from sernam_desktop.store import Store
    from sernam_desktop.ui.main_window import MainWindow

    w = MainWindow(FormSession(Store(path), uid))
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    return w


def fill_everything(s: FormSession) -> None:
    for issue in s.issues():
        if issue.row_id:
            s.set_cell(issue.row_id, issue.field, "Completado")
        elif issue.field == "fecha":
            s.set_field(issue.section, issue.field, "2008-01-15")
        else:
            s.set_field(issue.section, issue.field, "Completado")
