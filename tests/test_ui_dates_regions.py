"""Issue 14 §4: dates DD-MM-AAAA with a calendar, regions north to south, by keyboard
on the reference screen (1093×614 at 125 %)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_helpers import open_window

from sernam_desktop.dates import DateError, parse_date, show_date
from sernam_desktop.regions import north_to_south, ui_choices
from sernam_desktop.validation import completeness

WAIT = 15000


@pytest.fixture
def win(qtbot, demo_file):
    w = open_window(qtbot, *demo_file)
    yield w
    w.close()
    w.session.store.close()


def stored(win, key: str) -> str:
    s = win.session
    return s.store.field_value(s.instance_id, "encabezado", key)


@pytest.mark.parametrize("text, iso", [("15-01-2008", "2008-01-15"), ("15/01/2008", "2008-01-15"),
                                       ("1/2/2008", "2008-02-01"), ("2008-01-15", "2008-01-15"),
                                       ("29-02-2008", "2008-02-29")])
def test_parse_date(text, iso):
    assert parse_date(text) == iso
    assert show_date(iso) == "-".join(reversed(iso.split("-")))


@pytest.mark.parametrize("text", ["31-02-2008", "45-13-2008", "29-02-2007", "2008-02-30", "ayer",
                                  "15-01-08"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(DateError, match="fecha"):
        parse_date(text)


def test_impossible_iso_date_never_counts_as_complete(demo):
    store, uid = demo
    data = store.content(uid)
    data["encabezado"]["fecha"] = "2008-02-31"
    assert any(i.field == "fecha" for i in completeness(store.form_of(uid), data))


def test_date_typed_as_chileans_write_it(qtbot, win):
    hdr = win.show_section("encabezado")
    ed = hdr.editors["fecha"]
    line = ed.widget
    line.setFocus()
    line.selectAll()
    QTest.keyClicks(line, "31-02-2008")
    QTest.keyClick(line, Qt.Key.Key_Tab)
    QApplication.processEvents()
    assert stored(win, "fecha") != "2008-02-31"
    assert "no es una fecha posible" in line.toolTip()
    assert hdr.unsaved() == [("fecha", "31-02-2008")]
    line.setFocus()
    line.selectAll()
    QTest.keyClicks(line, "15/01/2008")
    QTest.keyClick(line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: stored(win, "fecha") == "2008-01-15", timeout=WAIT)
    assert hdr.unsaved() == []
    win.session.set_field("encabezado", "fecha", "2009-03-07")
    assert line.text() == "07-03-2009"  # shown DD-MM-AAAA


def test_calendar_picker_by_keyboard(qtbot, win):
    hdr = win.show_section("encabezado")
    ed = hdr.editors["fecha"]
    ed.widget.setFocus()
    ed.widget.setText("15-01-2008")
    QTest.keyClick(ed.widget, Qt.Key.Key_F4)
    cal = ed.container.calendar
    assert cal is not None and cal.isVisible()
    assert cal.selectedDate() == QDate(2008, 1, 15)
    QTest.keyClick(cal.focusWidget() or cal, Qt.Key.Key_Right)
    QTest.keyClick(cal.focusWidget() or cal, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(win, "fecha") == "2008-01-16", timeout=WAIT)
    assert ed.widget.text() == "16-01-2008"
    assert not cal.isVisible() and ed.widget.hasFocus()


def test_regions_north_to_south_name_first():
    rs = north_to_south()
    assert rs[0].short == "Arica y Parinacota" and rs[-1].short == "Magallanes"
    assert [r.code for r in rs].index("13") < [r.code for r in rs].index("06")
    assert ui_choices()[-1].name == "Todas las regiones"
    assert next(r for r in rs if r.code == "08").display == "Biobío (VIII)"


@pytest.mark.parametrize("typed, code", [("bio", "08"), ("metro", "13"), ("nub", "16"),
                                         ("los r", "14"), ("ta", "01"), ("to", None)])
def test_region_type_ahead_without_accents(qtbot, win, typed, code):
    hdr = win.show_section("encabezado")
    combo = hdr.editors["region"].widget
    combo.setFocus()
    QTest.keyClicks(combo, typed)
    QApplication.processEvents()
    if code is None:  # «Todas las regiones» is never chosen by typing
        assert stored(win, "region") != "00"
        assert combo.currentData() != "00"
    else:
        qtbot.waitUntil(lambda: stored(win, "region") == code, timeout=WAIT)
