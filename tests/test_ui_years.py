"""GUI: «Nuevo año a partir de…», «Importar formulario Word…», origin banner,
«Año anterior» panel, welcome list by year."""

from __future__ import annotations

import re

import pytest
from docx_factory import build
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

from sernam_desktop.examples import example_document
from sernam_desktop.ui import app as appmod
from sernam_desktop.ui import years
from sernam_desktop.ui.main_window import MainWindow
from sernam_desktop.ui.welcome import DATA_ROLE, WelcomeWindow

pytestmark = pytest.mark.gui


@pytest.fixture
def controller(qtbot, tmp_path):
    ctl = appmod.AppController(tmp_path / "oficina.sqlite3")
    yield ctl
    if ctl.window is not None:
        ctl.window.close()
    ctl.shutdown()


@pytest.fixture
def accept_year(monkeypatch):
    """NewYearDialog.exec answers «Crear formulario» with the chosen year."""
    chosen = {"year": None}

    def exec_(dlg):  # noqa: ANN001
        if chosen["year"] is not None:
            dlg.year.setValue(chosen["year"])
        chosen["dialog_default"] = dlg.year.value()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(years.NewYearDialog, "exec", exec_)
    return chosen


@pytest.fixture
def messages(monkeypatch):
    shown: list[tuple[str, str]] = []
    for name in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, n=name, **k: shown.append((n, a[2]))
                            or QMessageBox.StandardButton.Ok)
    return shown


def ws(t: str) -> str:
    return re.sub(r"\s+", " ", t).strip()


def test_new_year_from_the_welcome_screen(qtbot, controller, accept_year):
    controller.open_db(controller.db_path)
    controller.window.example_button.click()
    src = controller.window.session.instance_id
    controller.show_welcome()
    w = controller.window
    assert isinstance(w, WelcomeWindow)
    assert w.new_year_button.isEnabled()
    w.new_year_button.click()
    assert accept_year["dialog_default"] == 2008  # the next year is proposed
    main = controller.window
    assert isinstance(main, MainWindow)
    new = main.session.instance_id
    assert new != src and controller.store.origin(new)["uuid"] == src
    # header area: where it came from
    assert main.origin_banner is not None and main.origin_banner.isVisibleTo(main)
    assert "2007" in main.origin_banner.text()
    # carried columns are there, results empty
    screen = main.show_section("actividad_1_1")
    assert screen.model.rowCount() == 11
    assert screen.model.value(0, 0).startswith("Mejorar la  coordinación")
    assert screen.model.value(0, 2) == ""
    # the «Año anterior» panel shows last year's result for the current row
    panel = main.previous_year
    assert panel is not None and panel.isVisibleTo(main)
    assert panel.browser.isReadOnly()
    screen.view.setCurrentIndex(screen.model.index(3, 2))
    old = controller.store.rows(src, screen.section)[3]
    qtbot.waitUntil(lambda: "fila 4" in panel.browser.toPlainText(), timeout=10000)
    text = panel.browser.toPlainText()
    assert ws(old["resultado"]) in ws(text)
    assert "Cumple" in text  # the status label of last year
    # it follows the current row
    screen.view.setCurrentIndex(screen.model.index(0, 2))
    qtbot.waitUntil(lambda: "fila 1" in panel.browser.toPlainText(), timeout=10000)
    assert "Se avanza en la comunicación" in panel.browser.toPlainText()
    # welcome lists both, newest year first
    controller.show_welcome()
    w = controller.window
    years_listed = [controller.store.instance(w.forms_list.item(i).data(DATA_ROLE))["anio"]
                    for i in range(w.forms_list.count())]
    assert years_listed == [2008, 2007]
    assert w.forms_list.item(0).text().startswith("2008")


def test_new_year_from_the_file_menu_and_refusal(qtbot, controller, accept_year, messages):
    controller.open_db(controller.db_path)
    controller.open_example()
    main = controller.window
    assert main.origin_banner is None and main.previous_year is None  # no origin: no panel
    action = main.findChild(QAction, "newYear")
    assert action is not None
    accept_year["year"] = 2007  # the same year: refused with a Spanish message
    action.trigger()
    assert messages and "ya es del año 2007" in messages[-1][1]
    assert len(controller.store.instances()) == 1
    accept_year["year"] = 2009
    action.trigger()
    assert isinstance(controller.window, MainWindow)
    assert controller.store.instance(controller.window.session.instance_id)["anio"] == 2009


def test_import_word_form_from_welcome_and_menu(qtbot, controller, tmp_path, monkeypatch,
                                                messages):
    path = build("broken", tmp_path / "etapa4-2007.docx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    asked = []
    monkeypatch.setattr(QInputDialog, "getInt",
                        lambda *a, **k: asked.append(a[3]) or (a[3], True))
    controller.open_db(controller.db_path)
    controller.window.import_docx_button.click()
    assert asked == [2007]  # proposed from the file name
    main = controller.window
    assert isinstance(main, MainWindow)
    content = controller.store.content(main.session.instance_id)
    expected = example_document()["data"]
    assert [ws(r["productos"]) for r in content["actividad_1_2"]] == [
        ws(r["productos"]) for r in expected["actividad_1_2"]]
    assert all(r["estado"] == "" for r in content["actividad_1_1"])
    assert messages == []  # nothing unplaced: no report
    # again from «Archivo», a document with text it cannot place
    import docx

    d = docx.Document(str(path))
    t13 = next(t for t in d.tables if "Actividad 1.3" in t.rows[0].cells[0].text)
    t13._tbl.addprevious(d.add_paragraph("Texto suelto al final")._p)
    d.save(str(path))
    main.findChild(QAction, "importDocx").trigger()
    assert len(controller.store.instances()) == 2
    assert messages and messages[-1][0] == "information"
    assert "Texto suelto al final" in messages[-1][1]
    notas = controller.store.content(controller.window.session.instance_id)["notas"]["notas"]
    assert "Texto suelto al final" in notas


def test_import_bad_word_files_shows_spanish_message_and_writes_nothing(
        qtbot, controller, tmp_path, monkeypatch, messages):
    controller.open_db(controller.db_path)
    doc = tmp_path / "antiguo.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    pdf = tmp_path / "renombrado.docx"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (2007, True))
    for f, fragment in ((doc, "guárdelo como .docx desde Word"), (pdf, "es un PDF")):
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, f=f, **k: (str(f), ""))
        controller.window.import_docx_button.click()
        assert messages[-1][0] == "warning" and fragment in messages[-1][1]
        assert isinstance(controller.window, WelcomeWindow)
    assert controller.store.instances() == []
