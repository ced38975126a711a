"""The main window (pytest-qt, offscreen): editing, undo, rows, find, problems, lifecycle."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from ui_helpers import fill_everything

from sernam_desktop.commands import SetCell
from sernam_desktop.store import Store
from sernam_desktop.ui.main_window import MainWindow
from sernam_desktop.ui.screen_fields import FieldsScreen
from sernam_desktop.ui.screen_report import ReportScreen
from sernam_desktop.ui.screen_table import TableScreen
from sernam_desktop.ui.session import FormSession

T11 = "actividad_1_1"


@pytest.fixture
def win(qtbot, demo_file):
    path, uid = demo_file
    store = Store(path)
    session = FormSession(store, uid)
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.resize(1300, 850)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
    store.close()


def db_cell(win: MainWindow, row_id: str, col: str) -> str:
    """The value as another connection to the file sees it (i.e. durable)."""
    with Store(win.session.store.path, readonly=True) as other:
        return other.cell(row_id, col)


def type_text(widget, text: str) -> None:
    """Type text including non-ASCII characters (keyClicks aborts on those)."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch,
                           Qt.KeyboardModifier.NoModifier)


def table(win: MainWindow, key: str = T11) -> TableScreen:
    win.show_section(key)
    screen = win.screens[key]
    assert isinstance(screen, TableScreen)
    return screen


def open_editor(qtbot, screen: TableScreen, row: int, col: int):
    view = screen.view
    view.setFocus()
    view.setCurrentIndex(screen.model.index(row, col))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    ed = view.indexWidget(screen.model.index(row, col))
    assert ed is not None, "F2 should open the cell editor"
    return ed


def test_every_tab_renders_the_seed_example(win):
    s = win.session
    data = s.content()
    assert win.tabs.count() == len(s.form.sections)
    for i, sec in enumerate(s.form.sections):
        win.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        screen = win.screens[sec.key]
        assert win.tabs.tabText(i).startswith(sec.title)
        assert not screen.grab().isNull()
        if sec.is_table:
            assert isinstance(screen, TableScreen)
            assert screen.model.rowCount() == len(data[sec.key]) > 0
            assert screen.model.columnCount() == len(sec.columns)
            for c, col in enumerate(sec.columns):
                assert screen.model.headerData(c, Qt.Orientation.Horizontal) == col.label
                assert col.help in screen.model.headerData(
                    c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            first = data[sec.key][0]
            for c, col in enumerate(sec.columns):
                shown = screen.model.index(0, c).data()
                expect = col.choices.label_of(first[col.key]) if col.choices else first[col.key]
                assert shown == expect
            # rows grew to fit their wrapped text: a long paragraph is taller than one line
            line = screen.view.fontMetrics().lineSpacing()
            assert max(screen.view.rowHeight(r) for r in range(screen.model.rowCount())) > 3 * line
        else:
            assert isinstance(screen, FieldsScreen)
            for f in sec.fields:
                assert screen.editors[f.key].text() == data[sec.key][f.key]
    assert isinstance(win.screens["objetivo_3"], ReportScreen)


def test_typing_into_a_cell_lands_in_sqlite_and_undo_restores(qtbot, win):
    screen = table(win)
    rid = screen.model.row_id(1)
    old = db_cell(win, rid, "resultado")
    ed = open_editor(qtbot, screen, 1, 2)
    ed.selectAll()
    qtbot.keyClicks(ed, "Logrado en ")
    type_text(ed, "región")
    qtbot.keyClick(ed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: db_cell(win, rid, "resultado") == "Logrado en región")
    assert screen.model.index(1, 2).data() == "Logrado en región"
    assert win.saved_label.text().startswith("Guardado ")
    win.undo_action.trigger()
    assert db_cell(win, rid, "resultado") == old
    assert screen.model.index(1, 2).data() == old
    win.redo_action.trigger()
    assert db_cell(win, rid, "resultado") == "Logrado en región"


def test_idle_commit_while_typing_merges_into_one_undo_step(qtbot, win):
    screen = table(win)
    rid = screen.model.row_id(0)
    old = db_cell(win, rid, "indicador")
    n0 = win.session.undo_stack.count()
    ed = open_editor(qtbot, screen, 0, 1)
    ed.selectAll()
    qtbot.keyClicks(ed, "Meta")
    # nothing pressed: the editor is still open, yet the text reaches the database
    qtbot.waitUntil(lambda: db_cell(win, rid, "indicador") == "Meta", timeout=3000)
    assert screen.view.indexWidget(screen.model.index(0, 1)) is ed
    qtbot.keyClicks(ed, " 90")
    qtbot.waitUntil(lambda: db_cell(win, rid, "indicador") == "Meta 90", timeout=3000)
    qtbot.keyClick(ed, Qt.Key.Key_Return)
    assert win.session.undo_stack.count() == n0 + 1
    win.undo_action.trigger()
    assert db_cell(win, rid, "indicador") == old


def test_ctrl_enter_newline_and_tab_moves(qtbot, win):
    screen = table(win)
    rid = screen.model.row_id(2)
    ed = open_editor(qtbot, screen, 2, 0)
    ed.selectAll()
    qtbot.keyClicks(ed, "uno")
    qtbot.keyClick(ed, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(ed, "dos")
    qtbot.keyClick(ed, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: db_cell(win, rid, "objetivo") == "uno\ndos")
    assert screen.view.currentIndex().column() == 1
    # Enter on a cell that is not being edited opens the editor
    qtbot.keyClick(screen.view, Qt.Key.Key_Return)
    assert screen.view.indexWidget(screen.view.currentIndex()) is not None


def test_status_dropdown_writes_choice_key(qtbot, win):
    screen = table(win)
    col = screen.section.keys().index("estado")
    rid = screen.model.row_id(0)
    screen.view.setCurrentIndex(screen.model.index(0, col))
    screen.view.edit(screen.model.index(0, col))
    combo = screen.view.indexWidget(screen.model.index(0, col))
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert "No cumple" in labels and not combo.itemIcon(combo.findData("no_cumple")).isNull()
    combo.setCurrentIndex(combo.findData("no_cumple"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: db_cell(win, rid, "estado") == "no_cumple")
    assert screen.model.index(0, col).data() == "No cumple"


def test_row_shortcuts(qtbot, win):
    screen = table(win)
    view, model = screen.view, screen.model
    n = model.rowCount()
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert model.rowCount() == n + 1
    assert view.currentIndex().row() == n  # the new row is selected
    new_id = model.row_id(n)
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert model.row_id(n - 1) == new_id and view.currentIndex().row() == n - 1
    view.setCurrentIndex(model.index(0, 0))
    first = win.session.store.row(model.row_id(0))["cells"]
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert model.rowCount() == n + 2
    assert win.session.store.row(model.row_id(1))["cells"] == first
    qtbot.keyClick(view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert model.rowCount() == n + 3 and model.value(1, 0) == ""
    for _ in range(4):
        win.undo_action.trigger()
    assert model.rowCount() == n
    assert [model.row_id(i) for i in range(n)] == win.session.store.row_ids(
        win.session.instance_id, T11)


def test_delete_row_asks_first(qtbot, win, monkeypatch):
    screen = table(win)
    model = screen.model
    n = model.rowCount()
    rid = model.row_id(3)
    screen.view.setCurrentIndex(model.index(3, 0))
    asked = []

    def answer(value):
        def fake(*args, **kwargs):
            asked.append(args[2] if len(args) > 2 else "")
            return value
        return fake

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    screen.actions_by_name["delete"].trigger()
    assert asked and "fila 4" in asked[0]
    assert model.rowCount() == n
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    screen.view.setFocus()
    qtbot.keyClick(screen.view, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert model.rowCount() == n - 1
    assert rid not in win.session.store.row_ids(win.session.instance_id, T11)
    win.undo_action.trigger()
    assert model.row_id(3) == rid


def test_typing_into_a_field_is_saved(qtbot, win):
    win.show_section("encabezado")
    ed = win.screens["encabezado"].editors["responsable"]
    ed.widget.setFocus()
    qtbot.keyClicks(ed.widget, "Ana ")
    type_text(ed.widget, "Núñez")
    s = win.session
    qtbot.waitUntil(lambda: s.store.field_value(s.instance_id, "encabezado", "responsable")
                    == "Ana Núñez", timeout=3000)
    # a date is only stored once it is a valid date
    date = win.screens["encabezado"].editors["fecha"]
    date.widget.setFocus()
    qtbot.keyClicks(date.widget, "2025-03")
    date.commit()
    assert s.store.field_value(s.instance_id, "encabezado", "fecha") == ""
    assert "Aún no se guarda" in date.widget.toolTip()
    qtbot.keyClicks(date.widget, "-31")
    date.commit()
    assert s.store.field_value(s.instance_id, "encabezado", "fecha") == "2025-03-31"
    assert "Aún no se guarda" not in date.widget.toolTip()


def test_undo_spans_tabs_and_views_refresh_from_changes(qtbot, win):
    s = win.session
    rid = s.store.row_ids(s.instance_id, T11)[0]
    s.set_cell(rid, "objetivo", "A")
    s.set_field("objetivo_2", "sistemas_informacion", "B")
    fields = win.screens["objetivo_2"]
    assert fields.editors["sistemas_informacion"].text() == "B"
    assert win.screens[T11].model.index(0, 0).data() == "A"
    win.undo_action.trigger()
    assert fields.editors["sistemas_informacion"].text() != "B"
    win.undo_action.trigger()
    assert win.screens[T11].model.index(0, 0).data() != "A"


def test_find_across_the_form(qtbot, win):
    s = win.session
    win.tabs.setCurrentIndex(0)
    qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = win.find_bar
    assert bar.isVisible() and bar.edit.hasFocus()
    type_text(bar.edit, "comision prio")  # accent- and case-insensitive
    assert len(bar.matches) >= 3
    sections = {m.section for m in bar.matches}
    assert {"actividad_1_3", "actividad_1_4", "objetivo_3"} <= sections
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    m = bar.matches[0]
    assert win.current_section() == m.section
    screen = win.screens[m.section]
    assert screen.model.row_id(screen.view.currentIndex().row()) == m.row_id
    assert "1 de" in bar.count.text()
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert "2 de" in bar.count.text()
    # a change is found at once
    rid = s.store.row_ids(s.instance_id, "actividad_1_2")[0]
    before = len(bar.matches)
    s.set_cell(rid, "productos", "Comisión PRIO ampliada")
    assert len(bar.matches) == before + 1


def test_problems_panel_jumps_to_the_cell(qtbot, win):
    panel = win.problems
    items = [panel.list.item(i) for i in range(panel.list.count())]
    assert len(items) == len(win.session.issues()) == 5
    target = next(it for it in items if "Actividad 1.3" in it.text())
    rect = panel.list.visualItemRect(target)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    screen = win.screens["actividad_1_3"]
    assert win.current_section() == "actividad_1_3"
    idx = screen.view.currentIndex()
    assert (idx.row(), screen.section.columns[idx.column()].key) == (9, "brechas")
    # badges: the tab shows how many are missing and updates on change
    assert win.badge_counts()["actividad_1_3"] == 1
    s = win.session
    s.set_cell(screen.model.row_id(9), "brechas", "No se observan brechas.")
    assert win.badge_counts()["actividad_1_3"] == 0
    assert panel.list.count() == 4
    # fields issues jump to the field editor
    target = next(panel.list.item(i) for i in range(panel.list.count())
                  if "Responsable" in panel.list.item(i).text())
    panel._activate(target)
    assert win.screens["encabezado"].editors["responsable"].widget.hasFocus()


def test_lifecycle_display(qtbot, win):
    s = win.session
    label = win.lifecycle_label
    assert win.lifecycle_state == "borrador" and "revisión 1" in label.text()
    fill_everything(s)
    assert win.lifecycle_state == "completo"
    assert not s.issues() and win.problems.list.count() == 0
    win.mark_sent_action.trigger()
    assert win.lifecycle_state == "enviado"
    assert win.sent_banner.isVisible() and "revisión 2" in win.sent_banner.text()
    assert not win.mark_sent_action.isEnabled()
    # editing after sending opens revision 2
    rid = s.store.row_ids(s.instance_id, T11)[0]
    s.set_cell(rid, "objetivo", "Cambio posterior al envío")
    assert win.lifecycle_state == "completo" and "revisión 2" in label.text()
    assert not win.sent_banner.isVisible()
    win.undo_action.trigger()  # undoing that edit restores "enviado 1"
    assert win.lifecycle_state == "enviado" and "revisión 1" in label.text()


def test_draft_is_a_proposal_inserted_per_part(qtbot, win):
    """Issue 14 §6 (design change): nothing is written until a part is inserted;
    each insertion is one undo step; part 3 is never drafted."""
    s = win.session
    screen = win.screens["objetivo_3"]
    before = s.store.fields(s.instance_id, screen.section)
    n = s.undo_stack.count()
    qtbot.mouseClick(screen.draft_button, Qt.MouseButton.LeftButton)
    dlg = screen.dialog
    assert dlg is not None and dlg.isVisible()
    assert s.store.fields(s.instance_id, screen.section) == before
    assert set(dlg.texts) == {"logros", "recomendaciones_compromisos"}
    assert dlg.findChild(QLabel, "never_recomendaciones_subdere") is not None
    qtbot.mouseClick(dlg.buttons["logros"], Qt.MouseButton.LeftButton)
    after = s.store.fields(s.instance_id, screen.section)
    assert "Objetivos específicos (Actividad 1.1) — Cumple" in after["logros"]
    assert after["logros"].startswith(before["logros"].rstrip())
    assert after["recomendaciones_compromisos"] == before["recomendaciones_compromisos"]
    assert screen.editors["logros"].text() == after["logros"]
    assert s.undo_stack.count() == n + 1
    dlg.close()
    win.undo_action.trigger()
    assert s.store.fields(s.instance_id, screen.section) == before
    assert screen.editors["recomendaciones_subdere"].text() == before["recomendaciones_subdere"]


def test_readonly_session_shows_banner_and_refuses_edits(qtbot, demo_file, monkeypatch):
    path, uid = demo_file
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    store = Store(path, readonly=True)
    session = FormSession(store, uid, readonly_reason="Otra ventana está editando este archivo.")
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.show()
    assert w.readonly_banner.isVisible() and "Otra ventana" in w.readonly_banner.text()
    screen = w.screens[T11]
    assert not screen.model.flags(screen.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not screen.actions_by_name["add"].isEnabled()
    assert w.screens["encabezado"].editors["responsable"].widget.isReadOnly()
    errors = []
    session.error.connect(errors.append)
    assert session.set_cell(screen.model.row_id(0), "objetivo", "x") is False
    assert errors and shown == errors
    w.close()
    store.close()


def test_refused_command_shows_message_and_leaves_no_undo_step(qtbot, win, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    s = win.session
    n = s.undo_stack.count()
    rid = s.store.row_ids(s.instance_id, T11)[0]
    assert s.push(SetCell(s.instance_id, rid, "estado", "quizas")) is False
    assert shown and "no es una opción válida" in shown[0]
    assert s.undo_stack.count() == n


def test_close_commits_the_open_editor(qtbot, win):
    screen = table(win)
    rid = screen.model.row_id(4)
    ed = open_editor(qtbot, screen, 4, 0)
    ed.selectAll()
    qtbot.keyClicks(ed, "ultimo")
    win.close()  # before the idle commit fired
    assert db_cell(win, rid, "objetivo") == "ultimo"


def test_typing_on_a_selected_cell_starts_editing(qtbot, win):
    screen = table(win, "actividad_1_3")
    rid = screen.model.row_id(9)
    col = screen.section.keys().index("brechas")
    screen.view.setFocus()
    screen.view.setCurrentIndex(screen.model.index(9, col))
    QTest.keyClick(screen.view, "N")
    ed = screen.view.indexWidget(screen.model.index(9, col))
    assert ed is not None
    qtbot.keyClicks(ed, "inguna")
    qtbot.keyClick(ed, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: db_cell(win, rid, "brechas") == "Ninguna")


def test_context_menu_offers_the_row_actions(qtbot, win):
    screen = table(win)
    rect = screen.view.visualRect(screen.model.index(1, 1))
    menu = screen.context_menu_at(rect.center())
    seen = [act.text() for act in menu.actions() if act.text()]
    assert screen.view.currentIndex().row() == 1
    assert "Agregar fila" in seen and "Eliminar fila…" in seen and "Duplicar" in seen
    n = screen.model.rowCount()
    next(a for a in menu.actions() if a.text() == "Duplicar").trigger()
    assert screen.model.rowCount() == n + 1


def test_window_is_built_from_the_form_definition(qtbot, store):
    """A variant definition (extra column, extra table) shows up without code changes."""
    import dataclasses

    from sernam_desktop.commands import CreateInstance, InsertRow
    from sernam_desktop.forms import Field, default_form, register

    base = default_form()
    t11 = base.section("actividad_1_1")
    extra_col = Field("responsable_fila", "text", "Responsable de la acción", "Quién la ejecuta.")
    t11b = dataclasses.replace(t11, fields=t11.fields + (extra_col,))
    t15 = dataclasses.replace(t11, key="actividad_1_5", number="1.5", title="Actividad 1.5",
                              heading="Actividad adicional de prueba")
    sections = tuple(t11b if s.key == "actividad_1_1" else s for s in base.sections)
    variant = dataclasses.replace(base, version=base.version + 100, sections=sections + (t15,))
    register(variant)
    cmd = CreateInstance(variant, "Servicio", "13", 2026)
    store.execute(cmd)
    uid = cmd.instance_id
    store.execute(InsertRow(uid, "actividad_1_1", None, {"responsable_fila": "Ana"}))
    w = MainWindow(FormSession(store, uid))
    qtbot.addWidget(w)
    w.show()
    assert [w.tabs.tabText(i).split(" (")[0] for i in range(w.tabs.count())] == \
        [s.title for s in variant.sections]
    screen = w.show_section("actividad_1_1")
    assert screen.model.columnCount() == 5
    assert screen.model.headerData(4, Qt.Orientation.Horizontal) == "Responsable de la acción"
    assert screen.model.index(0, 4).data() == "Ana"
    extra = w.show_section("actividad_1_5")
    assert isinstance(extra, TableScreen)
    labels = [lab.text() for lab in extra.findChildren(type(w.saved_label))]
    assert any("Actividad adicional de prueba" in t for t in labels)
    assert w.badge_counts()["actividad_1_5"] == 1  # empty table: "la tabla no tiene filas"
    w.close()


def test_bigger_font_makes_rows_taller(qtbot, win):
    screen = table(win)
    QApplication.processEvents()
    before = screen.view.rowHeight(0)
    try:
        for _ in range(3):
            win.zoom_in_action.trigger()
        QApplication.processEvents()
        assert screen.view.rowHeight(0) > before
    finally:
        win.zoom_reset_action.trigger()


def test_closing_with_a_half_typed_date_asks_first(qtbot, win, monkeypatch):
    """A date that is not valid yet cannot be stored: closing says so instead of
    losing it silently, and «No» goes back to the field."""
    win.show_section("encabezado")
    date = win.screens["encabezado"].editors["fecha"]
    date.widget.setFocus()
    qtbot.keyClicks(date.widget, "2025-03")
    asked = []

    def answer(reply):
        def fake(parent, title, text, *args, **kwargs):
            asked.append(text)
            return reply
        return fake

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert not win.close()
    assert win.isVisible() and "Fecha: «2025-03»" in asked[-1]
    assert win.current_section() == "encabezado"
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    assert win.close()
    assert len(asked) == 2
    s = win.session
    assert s.store.field_value(s.instance_id, "encabezado", "fecha") == ""


def test_closing_with_everything_saved_does_not_ask(qtbot, win, monkeypatch):
    win.show_section("encabezado")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    assert win.close()
