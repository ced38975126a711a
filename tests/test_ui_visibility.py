"""Issue 14 §5 on the reference screen (1093×614 at 125 %): contrast, missing-cell
marks, zoom of headings and tables together, find highlight, Esc back to the cell, F8."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from ui_helpers import open_window

from sernam_desktop.ui.screen_table import TableScreen
from sernam_desktop.ui.table_model import MISSING_ROLE, contrast

T11 = "actividad_1_1"


@pytest.fixture
def win(qtbot, demo_file):
    w = open_window(qtbot, *demo_file)
    yield w
    w.change_font(0)
    w.close()
    w.session.store.close()


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def test_status_text_meets_contrast(win):
    for sec in win.session.form.tables:
        if sec.status_field is None:
            continue
        screen = win.show_section(sec.key)
        col = sec.keys().index(sec.status)
        for c in sec.status_field.choices.items:
            screen.model._rows[0][sec.status] = c.key
            brush = screen.model.index(0, col).data(Qt.ItemDataRole.ForegroundRole)
            assert contrast(brush.color(), QColor("#ffffff")) >= 4.5, c.label


def _reddish(img, x: int, y: int) -> bool:
    c = img.pixelColor(x, y)
    return c.red() > 150 and c.green() < 90 and c.blue() < 90


def test_missing_required_cell_has_a_red_frame(qtbot, win):
    screen = win.show_section(T11)
    assert isinstance(screen, TableScreen)
    rid = screen.model.row_id(0)
    win.session.set_cell(rid, "indicador", "")
    idx = screen.model.index(0, 1)
    assert idx.data(MISSING_ROLE) is True
    screen.view.setCurrentIndex(screen.model.index(0, 3))  # not selected itself
    screen.view.scrollToTop()
    settle()
    rect = screen.view.visualRect(idx)
    img = screen.view.viewport().grab().toImage()
    dpr = img.devicePixelRatio()
    left = [(rect.left() + 1, y) for y in range(rect.top() + 4, rect.top() + 30)]
    assert any(_reddish(img, int(x * dpr), int(y * dpr)) for x, y in left)


def test_zoom_grows_headings_help_and_tables_together(qtbot, win):
    screen = win.show_section(T11)
    screen.view.setFocus()
    heading = next(lab for lab in screen.findChildren(QLabel)
                   if lab.property("headingDelta") is not None)
    h0, t0 = heading.font().pointSize(), screen.view.font().pointSize()
    row0 = screen.view.rowHeight(0)
    QTest.keyClick(screen.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(screen.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert heading.font().pointSize() == h0 + 2
    assert screen.view.font().pointSize() == t0 + 2
    assert screen.view.rowHeight(0) > row0
    QTest.keyClick(screen.view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert heading.font().pointSize() == h0 + 1


def test_find_highlights_inside_the_cell_and_esc_returns_to_it(qtbot, win):
    screen = win.show_section(T11)
    screen.view.setFocus()
    QTest.keyClick(screen.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert win.find_bar.edit.hasFocus()
    QTest.keyClicks(win.find_bar.edit, "ministerios")
    QTest.keyClick(win.find_bar.edit, Qt.Key.Key_Return)
    settle()
    m = win.find_bar.current_match()
    assert m is not None
    target = win.screens[m.section]
    assert target.text_delegate.highlight == "ministerios"
    idx = target.view.currentIndex()
    rect = target.view.visualRect(idx)
    img = target.view.viewport().grab().toImage()
    dpr = img.devicePixelRatio()
    yellow = QColor("#ffe066")
    found = any(img.pixelColor(int(x * dpr), int(y * dpr)) == yellow
                for x in range(max(0, rect.left()), rect.right(), 2)
                for y in range(max(0, rect.top()), min(rect.bottom(), target.view.viewport().height()), 2))
    assert found
    QTest.keyClick(win.find_bar.edit, Qt.Key.Key_Escape)
    settle()
    assert not win.find_bar.isVisible()
    assert target.view.hasFocus()
    assert target.model.row_id(target.view.currentIndex().row()) == m.row_id
    assert target.text_delegate.highlight == ""


def test_f8_goes_to_the_next_problem(qtbot, win):
    issues = win.session.issues()
    assert issues
    win.show_section("encabezado")
    QTest.keyClick(win.focusWidget() or win, Qt.Key.Key_F8)
    settle()
    first = issues[0]
    assert win.current_section() == first.section
    QTest.keyClick(win.focusWidget() or win, Qt.Key.Key_F8)
    settle()
    assert win.current_section() == issues[1 % len(issues)].section
    assert "Falta (2 de" in win.statusBar().currentMessage()
