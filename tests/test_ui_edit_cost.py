"""One keystroke commit, one pass (issue 17 §2, issue 10 §4).

A cell edit costs a bounded number of SQL statements (the command itself and
one check), whatever the size of the form: the session keeps the form in
memory and derives what is missing, the lifecycle and the badges once per
change, and no screen reads the whole form again.  The derived state must stay
what a fresh read of the database gives after every kind of change.
"""

from __future__ import annotations

import copy
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_helpers import open_window

from sernam_desktop.commands import (
    DeleteRow,
    InsertRow,
    MoveRow,
    SetCell,
    SetField,
    SetState,
    replace_content,
)
from sernam_desktop.examples import example_document
from sernam_desktop.forms import default_form
from sernam_desktop.interchange import import_document
from sernam_desktop.lifecycle import shown_state
from sernam_desktop.store import (
    ORIGIN_EDIT,
    ORIGIN_IMPORT,
    ORIGIN_REDO,
    ORIGIN_UNDO,
    STATE_SENT,
    Store,
)
from sernam_desktop.ui.main_window import MainWindow
from sernam_desktop.ui.problems import LOCATION_ROLE
from sernam_desktop.ui.screen_table import TableScreen
from sernam_desktop.validation import completeness

T11 = "actividad_1_1"
MAX_STATEMENTS_PER_EDIT = 15  # issue 17 §2


def big_document(rows: int) -> dict:
    """The 2007 example with ``rows`` table rows spread over its tables."""
    doc = example_document()
    tables = default_form().tables
    for t, sec in enumerate(tables):
        seed = doc["data"][sec.key]
        n = rows // len(tables) + (1 if t < rows % len(tables) else 0)
        doc["data"][sec.key] = [dict(copy.deepcopy(seed[i % len(seed)]), id=str(uuid.uuid4()))
                                for i in range(n)]
    return doc


@pytest.fixture
def win(qtbot, demo_file):
    w = open_window(qtbot, *demo_file)
    yield w
    w.close()
    w.session.store.close()


@pytest.fixture
def big_win(qtbot, tmp_path):
    path = tmp_path / "grande.sqlite3"
    with Store(path) as s:
        uid, _, _ = import_document(s, big_document(500))
    w = open_window(qtbot, path, uid)
    yield w
    w.close()
    w.session.store.close()


class Statements:
    """Counts the SQL statements run on a connection (set_trace_callback)."""

    def __init__(self, conn) -> None:  # noqa: ANN001
        self.conn, self.sql = conn, []

    def __enter__(self):  # noqa: ANN204
        self.conn.set_trace_callback(self.sql.append)
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.set_trace_callback(None)


def table_screen(win: MainWindow, key: str = T11) -> TableScreen:
    screen = win.show_section(key)
    assert isinstance(screen, TableScreen)
    QApplication.processEvents()
    return screen


def edit_costs(win: MainWindow, values: list[tuple[int, str, str]]) -> list[int]:
    """Statements of each edit typed into the table (model.setData, as an editor commits)."""
    screen = table_screen(win)
    model = screen.model
    out = []
    for row, col, text in values:
        j = [c.key for c in model.columns].index(col)
        with Statements(win.session.store.db.conn) as st:
            assert model.setData(model.index(row, j), text, Qt.ItemDataRole.EditRole)
            QApplication.processEvents()
        assert win.session.store.cell(model.row_id(row), col) == text
        out.append(len(st.sql))
    return out


@pytest.mark.parametrize("form", ["seed", "500 rows"])
def test_a_cell_edit_costs_at_most_15_statements(qtbot, win, big_win, form):
    w = win if form == "seed" else big_win
    required = next(c.key for c in default_form().section(T11).columns if c.required)
    costs = edit_costs(w, [
        (0, "objetivo", "Texto nuevo"),  # nothing missing changes
        (1, "objetivo", "Otro texto"),
        (0, required, ""),  # now something is missing: panel, badge and lifecycle move
        (0, required, "De nuevo completo"),
    ])
    assert max(costs) <= MAX_STATEMENTS_PER_EDIT, costs
    # and a fields edit
    with Statements(w.session.store.db.conn) as st:
        w.session.set_field("objetivo_2", "sistemas_informacion", "Sistema X")
        QApplication.processEvents()
    assert len(st.sql) <= MAX_STATEMENTS_PER_EDIT, st.sql


def test_the_cost_does_not_grow_with_the_form(qtbot, win, big_win):
    small = edit_costs(win, [(0, "objetivo", "a"), (2, "objetivo", "b")])
    big = edit_costs(big_win, [(0, "objetivo", "a"), (120, "objetivo", "b")])
    assert small == big


def test_every_listener_hears_one_derived_state_per_change(qtbot, win):
    s = win.session
    states, issue_lists = [], []
    s.derived.connect(states.append)
    s.issues_changed.connect(issue_lists.append)
    rid = s.store.row_ids(s.instance_id, T11)[0]
    s.set_cell(rid, "objetivo", "Uno")
    assert len(states) == 1 and not states[0].issues_changed and not issue_lists
    assert states[0].changed.cells == {(rid, "objetivo")}
    s.set_field("encabezado", "responsable", "Ana Pérez")  # one fewer missing
    assert len(states) == 2 and states[1].issues_changed and len(issue_lists) == 1
    assert list(states[1].issues) == issue_lists[0] == s.issues()


def test_changed_says_who_made_it(qtbot, win):
    s = win.session
    seen = []
    s.changed.connect(lambda c: seen.append(c.origin))
    rid = s.store.row_ids(s.instance_id, T11)[0]
    s.set_cell(rid, "objetivo", "Escrito")
    win.undo()
    win.redo()
    data = s.content()
    data[T11][0]["objetivo"] = "Importado"
    assert s.push(replace_content(s.store, s.instance_id, data, "Importar Excel"),
                  origin=ORIGIN_IMPORT)
    assert seen == [ORIGIN_EDIT, ORIGIN_UNDO, ORIGIN_REDO, ORIGIN_IMPORT]


def assert_derived_matches_a_fresh_read(win: MainWindow) -> None:
    s = win.session
    store, uid = s.store, s.instance_id
    data = store.content(uid)
    assert s.document() == data
    issues = completeness(s.form, data)
    assert s.issues() == issues
    assert s.lifecycle() == (shown_state(store, uid), store.instance(uid)["revision"])
    assert win.lifecycle_state == shown_state(store, uid)
    expected = {sec.key: 0 for sec in s.form.sections}
    for i in issues:
        expected[i.section] += 1
    assert win.badge_counts() == expected
    assert s.state.counts == expected
    items = [win.problems.list.item(i) for i in range(win.problems.list.count())]
    assert [it.text() for it in items] == [i.message for i in issues]
    assert [it.data(LOCATION_ROLE) for it in items] == [(i.section, i.row_id, i.field)
                                                        for i in issues]
    for key, screen in list(win.screens.items()):
        if isinstance(screen, TableScreen):
            m = screen.model
            shown = [{"id": m.row_id(r), **{c.key: m.value(r, j) for j, c in enumerate(m.columns)}}
                     for r in range(m.rowCount())]
            assert shown == data[key], key


def test_derived_state_stays_right_through_every_kind_of_change(qtbot, win, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    s = win.session
    uid = s.instance_id
    screen = table_screen(win)
    table_screen(win, "actividad_1_3")
    check = lambda: assert_derived_matches_a_fresh_read(win)  # noqa: E731
    check()
    required = next(c.key for c in s.form.section(T11).columns if c.required)
    rid = s.store.row_ids(uid, T11)[0]
    # edits: a required cell emptied and filled, a field, a date
    s.set_cell(rid, required, "")
    check()
    s.set_cell(rid, required, "Vuelve")
    check()
    s.set_field("encabezado", "responsable", "Ana Pérez")
    check()
    s.set_field("encabezado", "responsable", "")
    check()
    # undo / redo
    win.undo()
    check()
    win.undo()
    check()
    win.redo()
    check()
    # rows: insert (empty: its required cells are missing), move, delete
    screen.view.setCurrentIndex(screen.model.index(0, 0))
    screen.add_row()
    check()
    new_rid = screen.model.row_id(screen.model.rowCount() - 1)
    s.push(MoveRow(uid, new_rid, 0))
    check()
    s.push(InsertRow(uid, T11, 1, {required: "Con dato"}))
    check()
    screen.view.setCurrentIndex(screen.model.index(0, 0))
    screen.delete_row()
    check()
    win.undo()  # the deleted row comes back
    check()
    s.push(DeleteRow(uid, new_rid))
    check()
    # a block paste: one command, many cells and a new row
    screen.view.setCurrentIndex(screen.model.index(screen.model.rowCount() - 1, 0))
    assert screen.paste_block([["a", "b"], ["c", "d"]])
    check()
    win.undo()
    check()
    # an import replacing the content (rows replaced), through the store directly
    doc = example_document(fresh_id=False)
    doc["instance"]["uuid"] = uid
    doc["data"][T11] = doc["data"][T11][:2]
    doc["data"]["actividad_1_3"][0]["brechas"] = ""
    import_document(s.store, doc)
    check()
    win.undo()  # the last step on the undo stack (the row deletion), over the imported rows
    check()
    # sent, then edited (reopens revision 2), then undone (sent again)
    s.push(SetState(uid, STATE_SENT))
    check()
    s.set_cell(s.store.row_ids(uid, T11)[0], "objetivo", "Después del envío")
    assert s.lifecycle()[1] == 2
    check()
    win.undo()
    assert s.lifecycle() == (STATE_SENT, 1)
    check()


def test_a_command_made_elsewhere_reaches_the_session(qtbot, win):
    """A command run straight on the store (as «Enviar a oficina central» does) is seen."""
    s = win.session
    rid = s.store.row_ids(s.instance_id, T11)[0]
    s.store.execute(SetCell(s.instance_id, rid, "objetivo", "Desde otro lado"))
    s.store.execute(SetField(s.instance_id, "encabezado", "responsable", "Ana"))
    assert_derived_matches_a_fresh_read(win)
    assert s.cell_value(rid, "objetivo") == "Desde otro lado"
    assert s.field_value("encabezado", "responsable") == "Ana"


def test_rows_grow_with_their_text_and_with_narrower_columns(qtbot, win):
    """Rows are measured when their text changes (only those rows) and when the
    columns get narrower (a narrower window): as tall as their wrapped text."""
    screen = table_screen(win)
    view, model = screen.view, screen.model
    before = [view.rowHeight(r) for r in range(model.rowCount())]
    long = " ".join(["palabra"] * 200)
    model.setData(model.index(0, 0), long, Qt.ItemDataRole.EditRole)
    QApplication.processEvents()
    assert view.rowHeight(0) > before[0]
    assert [view.rowHeight(r) for r in range(1, model.rowCount())] == before[1:]
    grown = view.rowHeight(0)
    width = view.columnWidth(0)
    win.resize(800, win.height())
    qtbot.waitUntil(lambda: view.columnWidth(0) < width, timeout=5000)
    qtbot.waitUntil(lambda: view.rowHeight(0) > grown, timeout=5000)
    assert view.rowHeight(0) >= view.sizeHintForRow(0)
    model.setData(model.index(0, 0), "corto", Qt.ItemDataRole.EditRole)
    QApplication.processEvents()
    assert view.rowHeight(0) < grown
