"""Issue 14 §1–§3, driven by keyboard on the reference screen (1093×614 at 125 %).

The long-cell pane, the tall-row editor, fixed toolbar labels, the tab list,
and the Excel habits: typing replaces, F2 appends, Esc restores, Alt+Intro,
Supr, copy/paste of blocks (TSV and HTML) as one undo step, Ctrl+G/Ctrl+S,
Ctrl+Y and Ctrl+Mayús+Z, undo that shows what it changed, status type-ahead.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from ui_helpers import open_window

from sernam_desktop.store import Store
from sernam_desktop.ui.clipboard import parse_html_table, parse_tsv, to_tsv
from sernam_desktop.ui.delegates import CellTextEdit, ChoiceEditor, words_match
from sernam_desktop.ui.main_window import MainWindow
from sernam_desktop.ui.screen_table import TableScreen
from sernam_desktop.ui.session import FormSession

T11, T12 = "actividad_1_1", "actividad_1_2"
REF_SIZE = (1093, 614)
WAIT = 15000


@pytest.fixture
def win(qtbot, demo_file):
    w = open_window(qtbot, *demo_file)
    yield w
    w.close()
    w.session.store.close()


def db_cell(win: MainWindow, row_id: str, col: str) -> str:
    with Store(win.session.store.path, readonly=True) as other:
        return other.cell(row_id, col)


def table(win: MainWindow, key: str = T11) -> TableScreen:
    screen = win.show_section(key)
    assert isinstance(screen, TableScreen)
    QApplication.processEvents()
    return screen


def key(widget, k, mods=Qt.KeyboardModifier.NoModifier, text: str = "") -> None:
    QTest.keyClick(widget, text or k, mods)  # a character (text) or a key
    QApplication.processEvents()


def tallest_row(screen: TableScreen) -> int:
    return max(range(screen.model.rowCount()), key=screen.view.rowHeight)


# ------------------------------------------------------------------ §1 --
def test_reference_screen_is_1366x768_at_125(win):
    assert QGuiApplication.primaryScreen().devicePixelRatio() == 1.25
    assert (win.width(), win.height()) == REF_SIZE


def test_cell_pane_shows_and_edits_the_whole_cell(qtbot, win):
    screen = table(win)
    view = screen.view
    view.setFocus()
    row = tallest_row(screen)
    col = screen.section.keys().index("resultado")
    view.setCurrentIndex(screen.model.index(row, col))
    pane = screen.cell_pane.edit
    full = screen.model.value(row, col)
    assert pane.toPlainText() == full and len(full) > 200
    assert f"fila {row + 1}" in screen.cell_pane.caption.text()
    key(view, Qt.Key.Key_F6)
    assert pane.hasFocus()
    QTest.keyClicks(pane, " Fin.")
    rid = screen.model.row_id(row)
    qtbot.waitUntil(lambda: db_cell(win, rid, "resultado") == full + " Fin.", timeout=WAIT)
    # the pane's cursor is visible and the row stays in view
    assert pane.viewport().rect().contains(pane.cursorRect())
    rect = view.visualRect(screen.model.index(row, col))
    assert rect.intersects(view.viewport().rect())
    # Esc in the pane restores what the cell had when the pane was entered, back to the table
    QTest.keyClicks(pane, " mal")
    key(pane, Qt.Key.Key_Escape)
    assert view.hasFocus()
    qtbot.waitUntil(lambda: db_cell(win, rid, "resultado") == full, timeout=WAIT)


def test_tall_cell_editor_keeps_the_cursor_in_view(qtbot, win):
    screen = table(win)
    view = screen.view
    row = tallest_row(screen)
    assert view.rowHeight(row) > view.viewport().height()  # a row taller than the viewport
    col = screen.section.keys().index("resultado")
    view.setFocus()
    view.setCurrentIndex(screen.model.index(row, col))
    key(view, Qt.Key.Key_F2)
    ed = view.indexWidget(screen.model.index(row, col))
    assert isinstance(ed, CellTextEdit)
    qtbot.waitUntil(lambda: ed.viewport().rect().contains(ed.cursorRect()), timeout=WAIT)
    assert view.viewport().rect().contains(ed.geometry())
    QTest.keyClicks(ed, " zz")
    QApplication.processEvents()
    assert ed.viewport().rect().contains(ed.cursorRect())
    assert ed.toPlainText().endswith(" zz")  # F2 appends


def test_rows_scroll_per_pixel(win):
    screen = table(win)
    from PySide6.QtWidgets import QAbstractItemView
    assert screen.view.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerPixel


# ------------------------------------------------------------------ §2 --
def test_toolbar_keeps_short_labels_and_says_the_detail_in_the_tooltip(qtbot, win):
    screen = table(win)
    rid = screen.model.row_id(0)
    win.session.set_cell(rid, "objetivo", "Nuevo objetivo")
    assert win.undo_action.text() == "Deshacer"
    assert "Objetivo" in win.undo_action.toolTip()
    bar = win.findChild(type(win.addToolBar("x")), "mainToolbar")
    send = next(a for a in bar.actions() if a.objectName() == "sendCentral")
    assert bar.widgetForAction(send).isVisible()  # not pushed into the overflow


def test_every_tab_is_listed_with_its_badge(qtbot, win):
    win._fill_tabs_menu()
    texts = [a.text() for a in win.tabs_menu.actions()]
    assert len(texts) == win.tabs.count()
    assert any(t.endswith(")") for t in texts)  # the badges


def test_problems_panel_is_compact_when_nothing_is_missing(qtbot, win):
    from ui_helpers import fill_everything

    assert win.problems.list.isVisible()
    fill_everything(win.session)
    assert not win.problems.list.isVisible()
    win.problems.toggleViewAction().trigger()
    assert not win.problems.isVisible()


def test_columns_fit_and_headers_are_not_cut(win):
    for key_ in (T11, T12, "actividad_1_3", "actividad_1_4"):
        screen = table(win, key_)
        widths = [screen.view.columnWidth(i) for i in range(screen.model.columnCount())]
        assert sum(widths) <= screen.view.viewport().width()
        for i, col in enumerate(screen.section.columns):
            assert widths[i] >= screen.min_column_width(col)


# ------------------------------------------------------------------ §3 --
def test_typing_replaces_f2_appends_esc_restores(qtbot, win):
    screen = table(win)
    view = screen.view
    view.setFocus()
    idx = screen.model.index(0, 0)
    rid = screen.model.row_id(0)
    before = screen.model.value(0, 0)
    view.setCurrentIndex(idx)
    key(view, Qt.Key.Key_N, text="N")
    ed = view.indexWidget(idx)
    QTest.keyClicks(ed, "uevo")
    key(ed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: db_cell(win, rid, "objetivo") == "Nuevo", timeout=WAIT)
    key(view, Qt.Key.Key_F2)
    ed = view.indexWidget(idx)
    QTest.keyClicks(ed, " texto")
    key(ed, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    QTest.keyClicks(ed, "linea")
    assert ed.toPlainText() == "Nuevo texto\nlinea"
    key(ed, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.indexWidget(idx) is None, timeout=WAIT)
    assert db_cell(win, rid, "objetivo") == "Nuevo"
    assert before != "Nuevo"


def test_esc_restores_even_after_an_idle_commit(qtbot, win):
    screen = table(win)
    view = screen.view
    view.setFocus()
    idx = screen.model.index(1, 1)
    rid, before = screen.model.row_id(1), screen.model.value(1, 1)
    view.setCurrentIndex(idx)
    key(view, Qt.Key.Key_X, text="x")
    ed = view.indexWidget(idx)
    ed.committer.flush()  # as if the user paused: "x" is stored
    assert db_cell(win, rid, "indicador") == "x"
    key(ed, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: db_cell(win, rid, "indicador") == before, timeout=WAIT)


def test_delete_clears_the_selection_in_one_undo_step(qtbot, win):
    screen = table(win)
    view = screen.view
    view.setFocus()
    view.setCurrentIndex(screen.model.index(0, 0))
    key(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    key(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    before = [[screen.model.value(r, c) for c in range(2)] for r in range(2)]
    depth = win.session.undo_stack.count()
    key(view, Qt.Key.Key_Delete)
    assert all(screen.model.value(r, c) == "" for r in range(2) for c in range(2))
    assert win.session.undo_stack.count() == depth + 1
    key(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [[screen.model.value(r, c) for c in range(2)] for r in range(2)] == before


def test_paste_a_tsv_block_from_excel_adds_rows_in_one_undo_step(qtbot, win):
    screen = table(win, "actividad_1_3")
    view = screen.view
    view.setFocus()
    n = screen.model.rowCount()
    last = n - 1
    view.setCurrentIndex(screen.model.index(last, 0))
    mime = QMimeData()
    mime.setText('Uno\tDos\tTres\n"Cuatro\ncon línea"\tCinco\tSeis\nSiete\tOcho\tNueve\n')
    QGuiApplication.clipboard().setMimeData(mime)
    depth = win.session.undo_stack.count()
    key(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert screen.model.rowCount() == n + 2
    assert [screen.model.value(last, c) for c in range(3)] == ["Uno", "Dos", "Tres"]
    assert screen.model.value(last + 1, 0) == "Cuatro\ncon línea"
    assert screen.model.value(last + 2, 2) == "Nueve"
    assert win.session.undo_stack.count() == depth + 1
    assert "Pegadas 3 fila(s)" in win.statusBar().currentMessage()
    key(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screen.model.rowCount() == n


def test_paste_an_html_table_from_word_maps_status_labels(qtbot, win):
    screen = table(win)
    view = screen.view
    view.setFocus()
    view.setCurrentIndex(screen.model.index(0, 0))
    mime = QMimeData()
    mime.setHtml("<html><body><table><tr><td><p>Obj A</p><p>segunda</p></td><td>Ind A</td>"
                 "<td>Res A</td><td>Cumple parcialmente</td></tr>"
                 "<tr><td>Obj B</td><td>Ind B</td><td>Res B</td><td>no m</td></tr>"
                 "</table></body></html>")
    mime.setText("ignored")
    QGuiApplication.clipboard().setMimeData(mime)
    key(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert screen.model.value(0, 0) == "Obj A\nsegunda"
    assert screen.model.value(0, 3) == "cumple_parcialmente"
    assert screen.model.value(1, 3) == "no_medible"


def test_copy_puts_tsv_and_html_on_the_clipboard(qtbot, win):
    screen = table(win)
    view = screen.view
    view.setFocus()
    view.setCurrentIndex(screen.model.index(0, 0))
    key(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    key(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    mime = QGuiApplication.clipboard().mimeData()
    block = parse_tsv(mime.text())
    assert block == [[screen.model.value(0, 0), screen.model.value(0, 1)]]
    assert parse_html_table(mime.html()) == block


def test_clipboard_parsers():
    assert parse_tsv(to_tsv([["a\tb", 'c"d'], ["e\nf", ""]])) == [["a\tb", 'c"d'], ["e\nf", ""]]
    assert parse_html_table("<p>no table</p>") == []
    assert parse_html_table("<table><tr><td>a<br>b</td><td colspan=2>c</td></tr></table>") == \
        [["a\nb", "c", ""]]


def test_ctrl_s_and_ctrl_g_say_everything_is_saved(qtbot, win):
    screen = table(win)
    screen.view.setFocus()
    key(screen.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "Todo está guardado" in win.statusBar().currentMessage()
    win.session.set_cell(screen.model.row_id(0), "objetivo", "Otro")
    win.statusBar().clearMessage()
    key(screen.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    msg = win.statusBar().currentMessage()
    assert "Todo está guardado" in msg and win._last_saved in msg


@pytest.mark.parametrize("redo_keys", [
    (Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)])
def test_redo_keys(qtbot, win, redo_keys):
    screen = table(win)
    view = screen.view
    rid = screen.model.row_id(0)
    win.session.set_cell(rid, "objetivo", "Cambiado")
    view.setFocus()
    key(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screen.model.value(0, 0) != "Cambiado"
    key(view, *redo_keys)
    assert screen.model.value(0, 0) == "Cambiado"
    assert "Rehecho" in win.statusBar().currentMessage()


def test_undo_goes_to_the_tab_and_cell_it_changes(qtbot, win):
    hdr = win.show_section("encabezado")
    win.session.set_field("encabezado", "responsable", "Otra persona")
    screen = table(win, T12)
    rid = screen.model.row_id(2)
    win.session.set_cell(rid, "evaluacion", "Evaluado")
    screen.view.setFocus()
    screen.view.setCurrentIndex(screen.model.index(0, 0))
    key(screen.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    cur = screen.view.currentIndex()
    assert (cur.row(), screen.section.columns[cur.column()].key) == (2, "evaluacion")
    assert "Deshecho" in win.statusBar().currentMessage()
    key(screen.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert win.current_section() == "encabezado"
    assert hdr.editors["responsable"].widget.hasFocus()
    assert "Responsable" in win.statusBar().currentMessage()


def test_status_type_ahead_needs_enter(qtbot, win):
    assert words_match("no m", "No medible aún")
    assert not words_match("no m", "No cumple")
    assert words_match("parc", "Cumple parcialmente")
    screen = table(win)
    view = screen.view
    view.setFocus()
    col = screen.section.keys().index("estado")
    idx = screen.model.index(0, col)
    rid, before = screen.model.row_id(0), screen.model.value(0, col)
    view.setCurrentIndex(idx)
    # a stray letter opens the editor but changes nothing on its own
    key(view, Qt.Key.Key_C, text="c")
    ed = view.indexWidget(idx)
    assert isinstance(ed, ChoiceEditor)
    key(ed, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.indexWidget(idx) is None, timeout=WAIT)
    assert db_cell(win, rid, "estado") == before
    key(view, Qt.Key.Key_N, text="n")
    ed = view.indexWidget(idx)
    QTest.keyClicks(ed, "o m")
    assert ed.currentText() == "No medible aún"
    key(ed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: db_cell(win, rid, "estado") == "no_medible", timeout=WAIT)


def test_a_new_form_starts_with_one_empty_row(qtbot, tmp_path):
    from sernam_desktop.ui.app import AppController

    db = tmp_path / "nuevo.sqlite3"
    ctl = AppController(db)
    ctl.open_db(db)
    ctl.create_form("Servicio de prueba", "08", 2026)
    w = ctl.window
    assert isinstance(w, MainWindow)
    w.resize(*REF_SIZE)
    screen = w.show_section(T11)
    assert screen.model.rowCount() == 1
    screen.view.setFocus()
    key(screen.view, Qt.Key.Key_H, text="H")
    ed = screen.view.indexWidget(screen.model.index(0, 0))
    QTest.keyClicks(ed, "ola")
    key(ed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.model.value(0, 0) == "Hola", timeout=WAIT)
    w.close()
    ctl.shutdown()


def test_no_shortcut_is_bound_twice(win):
    """«Ambiguous shortcut» made Ctrl+Y do nothing: every key is bound once per scope."""
    from PySide6.QtGui import QAction

    table(win)  # build a table screen too
    seen: dict[tuple[int, str], str] = {}
    for a in win.findChildren(QAction):
        if a.shortcutContext() != Qt.ShortcutContext.WindowShortcut:
            continue
        for ks in a.shortcuts():
            k = (id(a.parent()) if a.parent() is not win else 0, ks.toString())
            assert k not in seen, f"{ks.toString()}: {seen.get(k)} y {a.text()}"
            seen[k] = a.text()
    assert {"Ctrl+Y", "Ctrl+Shift+Z", "Ctrl+Z", "Ctrl+S", "Ctrl+G", "F8"} <= {k for _, k in seen}


def test_default_window_size_fits_the_screen(qtbot, demo_file):
    path, uid = demo_file
    store = Store(path)
    w = MainWindow(FormSession(store, uid))
    qtbot.addWidget(w)
    avail = QGuiApplication.primaryScreen().availableGeometry()
    assert w.default_size()[0] <= avail.width() and w.default_size()[1] <= avail.height()
    w.close()
    store.close()
