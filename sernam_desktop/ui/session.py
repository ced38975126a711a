"""One open form: the store, the instance, the undo stack and the change signals.

Every edit made in the window goes through :meth:`FormSession.push`, which runs
the core command with ``store.execute`` and puts a :class:`StoreUndoCommand`
on the window's single :class:`QUndoStack` (so undo/redo spans every tab).
Screens never talk to each other: they listen to the session, which hears every
command the store runs (``store.subscribe``) and, once per command:

1. applies the :class:`~sernam_desktop.store.Changed` to the form it keeps in
   memory (:meth:`FormSession.document`) from the values the command reports,
   reading back from SQLite only what a command does not report (rows added,
   removed or moved; the instance row when its state or identity changed);
2. emits :attr:`FormSession.changed` (table models update the cells and rows
   it names);
3. recomputes the derived state — what is missing, per section, only for the
   sections the change touched; the lifecycle label; the badge counts — and
   emits it once as :attr:`FormSession.derived` (a :class:`DerivedState`) for
   the problems panel, the tab badges and the status bar.  No listener reads
   the whole form again.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from sernam_desktop.commands import Command, SetCell, SetField
from sernam_desktop.errors import UserError
from sernam_desktop.forms import FormDefinition
from sernam_desktop.lifecycle import lifecycle_state
from sernam_desktop.store import (
    ORIGIN_EDIT,
    ORIGIN_REDO,
    ORIGIN_UNDO,
    STATE_COMPLETE,
    STATE_DRAFT,
    STATE_RECEIVED,
    STATE_RETURNED,
    STATE_SENT,
    Changed,
    Store,
)
from sernam_desktop.validation import Issue, section_issues

_MERGE_ID = 0x5E7  # QUndoCommand.id() of mergeable single-value edits
_sessions = itertools.count(1)


def new_edit_session() -> int:
    """A token identifying one continuous typing session in one editor."""
    return next(_sessions)


class StoreUndoCommand(QUndoCommand):
    """Wraps a core command: redo = ``store.execute(cmd)``, undo = its inverse.

    The command has already run when the wrapper is pushed (so a refused edit
    never reaches the stack); the first ``redo()`` that QUndoStack.push makes
    is therefore skipped.  Single-value edits (SetCell/SetField) made during
    the same typing session merge into one undo step.
    """

    def __init__(self, store: Store, cmd: Command, edit_session: int | None = None):
        super().__init__(cmd.label)
        self.store, self.cmd = store, cmd
        self.edit_session = edit_session
        self._first = True

    def target(self) -> tuple | None:
        c = self.cmd
        if isinstance(c, SetCell):
            return ("cell", c.row_id, c.column)
        if isinstance(c, SetField):
            return ("field", c.section, c.field_key)
        return None

    def id(self) -> int:  # noqa: A003 - Qt API
        return _MERGE_ID if self.edit_session is not None and self.target() else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if not isinstance(other, StoreUndoCommand):
            return False
        if other.edit_session != self.edit_session or other.target() != self.target():
            return False
        # ``other`` has already run (prev -> new).  Keep our original old value
        # and reopen info (inverse() restores those) and adopt the new value.
        self.cmd.value = other.cmd.value
        return True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.cmd._restore_meta = None
        self.store.execute(self.cmd, origin=ORIGIN_REDO)

    def undo(self) -> None:
        self.store.execute(self.cmd.inverse(), origin=ORIGIN_UNDO)


@dataclass(frozen=True)
class DerivedState:
    """What the screens show about the whole form, computed once per change."""

    issues: tuple[Issue, ...]  # completeness(), in form order
    counts: dict[str, int]  # section key -> number of issues (tab badges)
    lifecycle: str  # the displayed state (lifecycle_state)
    revision: int
    issues_changed: bool = True  # differs from the previous state
    lifecycle_changed: bool = True  # lifecycle or revision differs
    changed: Changed | None = field(default=None, compare=False)  # what caused it
    origin: str = ORIGIN_EDIT


class FormSession(QObject):
    """The state shared by every screen of one open form."""

    changed = Signal(object)  # Changed
    derived = Signal(object)  # DerivedState, once per change, after ``changed``
    saved = Signal(str)  # "hh:mm:ss" of the last durable change
    error = Signal(str)  # a Spanish message for the user
    notice = Signal(str)  # a Spanish remark for the status bar (editing goes on)
    issues_changed = Signal(list)  # list[Issue] when what is missing changed

    def __init__(self, store: Store, instance_id: str, parent: QObject | None = None,
                 readonly_reason: str = ""):
        super().__init__(parent)
        self.store = store
        self.instance_id = instance_id
        self.form: FormDefinition = store.form_of(instance_id)
        self.readonly_reason = readonly_reason or (
            "La base de datos está abierta solo para lectura." if store.readonly else "")
        self.undo_stack = QUndoStack(self)
        self.after_command: list[Callable[[Changed], None]] = []
        self._load()
        self.state: DerivedState = self._derive(None)
        self._unsubscribe = store.subscribe(self._on_store_changed)

    @property
    def readonly(self) -> bool:
        return bool(self.readonly_reason)

    @property
    def closed(self) -> bool:
        return self._unsubscribe is None

    def close(self) -> None:
        if self._unsubscribe is not None:
            try:
                self._unsubscribe()
            except ValueError:
                pass
            self._unsubscribe = None

    # ------------------------------------------------------------ editing --
    def push(self, cmd: Command, edit_session: int | None = None,
             origin: str = ORIGIN_EDIT) -> bool:
        """Run ``cmd`` and put it on the undo stack; False (and a message) if refused."""
        if self.closed:
            return False
        if self.readonly:
            self.error.emit(self.readonly_reason)
            return False
        try:
            self.store.execute(cmd, origin=origin)
        except UserError as exc:
            self.error.emit(str(exc))
            return False
        self.undo_stack.push(StoreUndoCommand(self.store, cmd, edit_session))
        return True

    def set_cell(self, row_id: str, column: str, value: str,
                 edit_session: int | None = None) -> bool:
        if self.closed:
            return False
        if self.store.cell(row_id, column, self.instance_id) == value:
            return True
        return self.push(SetCell(self.instance_id, row_id, column, value), edit_session)

    def set_field(self, section: str, key: str, value: str,
                  edit_session: int | None = None) -> bool:
        if self.closed:
            return False
        if self.store.field_value(self.instance_id, section, key) == value:
            return True
        return self.push(SetField(self.instance_id, section, key, value), edit_session)

    def _on_store_changed(self, changed: Changed) -> None:
        if changed.instance_id != self.instance_id:
            return
        for fn in list(self.after_command):
            try:
                fn(changed)
            except Exception as exc:  # noqa: BLE001 - a hook must never stop editing
                self.notice.emit(self.tr(
                    "Una tarea automática falló después del cambio ({0}); el cambio sí quedó "
                    "guardado.").format(exc))
        self.saved.emit(datetime.now().strftime("%H:%M:%S"))
        alive = self._apply(changed)
        self.changed.emit(changed)
        if not alive:
            return
        state = self._derive(changed)
        self.state = state
        self.derived.emit(state)
        if state.issues_changed:
            self.issues_changed.emit(list(state.issues))

    # --------------------------------------------------- the form in memory --
    def _load(self) -> None:
        """Read the whole form once (opening, or a change that says too little)."""
        self._inst = self.store.instance(self.instance_id)
        self._doc: dict[str, Any] = self.store.content(self.instance_id)
        self._rows_by_id: dict[str, dict[str, str]] = {}
        for sec in self.form.tables:
            self._index_rows(sec.key)
        self._issues = {sec.key: section_issues(sec, self._doc.get(sec.key))
                        for sec in self.form.sections}

    def _index_rows(self, section: str) -> None:
        for row in self._doc[section]:
            self._rows_by_id[row["id"]] = row

    def _apply(self, changed: Changed) -> bool:
        """Bring the in-memory form up to date with ``changed``; False: the form is gone."""
        if changed.created:
            if not self.store.has_instance(self.instance_id):
                return False
            self._load()
            return True
        if changed.meta:
            if not self.store.has_instance(self.instance_id):  # deleted
                return False
            self._inst = self.store.instance(self.instance_id)
        for key in changed.structure:
            sec = self.form.section(key)
            for row in self._doc[key]:
                self._rows_by_id.pop(row["id"], None)
            self._doc[key] = self.store.rows(self.instance_id, sec)
            self._index_rows(key)
        for sec_key, fkey in changed.fields:
            if not self.form.has_section(sec_key) or self.form.section(sec_key).is_table:
                continue  # a table's cells come in ``cells``
            values = self._doc[sec_key]
            if (sec_key, fkey) in changed.field_values:
                values[fkey] = changed.field_values[(sec_key, fkey)]
            else:
                values[fkey] = self.store.field_value(self.instance_id, sec_key, fkey)
        for row_id, col in changed.cells:
            row = self._rows_by_id.get(row_id)
            if row is None or col not in row:
                continue
            if (row_id, col) in changed.cell_values:
                row[col] = changed.cell_values[(row_id, col)]
            else:
                row[col] = self.store.cell(row_id, col, self.instance_id)
        return True

    def _derive(self, changed: Changed | None) -> DerivedState:
        """Derived state after ``changed`` (None: from scratch)."""
        previous = getattr(self, "state", None)
        if changed is not None and not changed.created:  # created: _load did them all
            for key in changed.sections:  # only the sections the change touched
                if self.form.has_section(key):
                    self._issues[key] = section_issues(self.form.section(key), self._doc[key])
        issues = tuple(i for sec in self.form.sections for i in self._issues[sec.key])
        lifecycle = lifecycle_state(self.form, self._doc, self._inst["state"], list(issues))
        revision = self._inst["revision"]
        if lifecycle == STATE_SENT:
            # issue 15: what the central office answered for this revision (a receipt
            # opened is a command that reports ``meta``): read only when it may differ
            if (previous is not None and changed is not None and not changed.meta
                    and previous.revision == revision
                    and previous.lifecycle in (STATE_SENT, STATE_RECEIVED, STATE_RETURNED)):
                lifecycle = previous.lifecycle
            else:
                lifecycle = self.store.answered(self.instance_id, revision) or STATE_SENT
        counts = {sec.key: len(self._issues[sec.key]) for sec in self.form.sections}
        return DerivedState(
            issues=issues, counts=counts, lifecycle=lifecycle, revision=revision,
            issues_changed=previous is None or previous.issues != issues,
            lifecycle_changed=previous is None or (previous.lifecycle, previous.revision)
            != (lifecycle, revision),
            changed=changed, origin=changed.origin if changed is not None else ORIGIN_EDIT)

    # ------------------------------------------------------------ reading --
    def document(self) -> dict[str, Any]:
        """The form as :meth:`Store.content` returns it, kept in memory (do not modify)."""
        return self._doc

    def rows(self, section: str) -> list[dict[str, str]]:
        """The rows of a table section, in memory (do not modify)."""
        return self._doc[section]

    def cell_value(self, row_id: str, column: str) -> str:
        row = self._rows_by_id.get(row_id)
        if row is None:
            return self.store.cell(row_id, column, self.instance_id)
        return row.get(column, "")

    def field_value(self, section: str, key: str) -> str:
        values = self._doc.get(section)
        if isinstance(values, dict) and key in values:
            return values[key]
        return self.store.field_value(self.instance_id, section, key)

    def instance(self) -> dict:
        return self.store.instance(self.instance_id)

    def content(self) -> dict:
        return self.store.content(self.instance_id)

    def issues(self) -> list[Issue]:
        return list(self.state.issues)

    def lifecycle(self) -> tuple[str, int]:
        """(displayed state, revision): Completo is a draft with nothing missing."""
        return self.state.lifecycle, self.state.revision


LIFECYCLE_COLORS = {STATE_DRAFT: "#8a6d00", STATE_COMPLETE: "#2e7d32", STATE_SENT: "#1565c0",
                    "recibido": "#2e7d32", "devuelto": "#b35c00"}  # issue 15
