"""One open form: the store, the instance, the undo stack and the change signal.

Every edit made in the window goes through :meth:`FormSession.push`, which runs
the core command with ``store.execute`` and puts a :class:`StoreUndoCommand`
on the window's single :class:`QUndoStack` (so undo/redo spans every tab).
Screens never talk to each other: they listen to :attr:`FormSession.changed`,
which re-emits the :class:`~sernam_desktop.store.Changed` of every command the
store runs (``store.subscribe``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from sernam_desktop.commands import Command, SetCell, SetField
from sernam_desktop.errors import UserError
from sernam_desktop.forms import FormDefinition
from sernam_desktop.store import STATE_COMPLETE, STATE_DRAFT, STATE_SENT, Changed, Store
from sernam_desktop.validation import Issue, completeness

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
        self.store.execute(self.cmd)

    def undo(self) -> None:
        self.store.execute(self.cmd.inverse())


class FormSession(QObject):
    """The state shared by every screen of one open form."""

    changed = Signal(object)  # Changed
    saved = Signal(str)  # "hh:mm:ss" of the last durable change
    error = Signal(str)  # a Spanish message for the user
    notice = Signal(str)  # a Spanish remark for the status bar (editing goes on)
    issues_changed = Signal(list)  # list[Issue] after every change (completeness)

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
    def push(self, cmd: Command, edit_session: int | None = None) -> bool:
        """Run ``cmd`` and put it on the undo stack; False (and a message) if refused."""
        if self.closed:
            return False
        if self.readonly:
            self.error.emit(self.readonly_reason)
            return False
        try:
            self.store.execute(cmd)
        except UserError as exc:
            self.error.emit(str(exc))
            return False
        self.undo_stack.push(StoreUndoCommand(self.store, cmd, edit_session))
        return True

    def set_cell(self, row_id: str, column: str, value: str,
                 edit_session: int | None = None) -> bool:
        if self.closed:
            return False
        if self.store.cell(row_id, column) == value:
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
        self.changed.emit(changed)
        self.issues_changed.emit(self.issues())

    # ------------------------------------------------------------ reading --
    def instance(self) -> dict:
        return self.store.instance(self.instance_id)

    def content(self) -> dict:
        return self.store.content(self.instance_id)

    def issues(self) -> list[Issue]:
        return completeness(self.form, self.content())

    def lifecycle(self) -> tuple[str, int]:
        """(displayed state, revision): Completo is a draft with nothing missing."""
        return self.store.lifecycle(self.instance_id), self.instance()["revision"]


LIFECYCLE_COLORS = {STATE_DRAFT: "#8a6d00", STATE_COMPLETE: "#2e7d32", STATE_SENT: "#1565c0",
                    "recibido": "#2e7d32", "devuelto": "#b35c00"}  # issue 15
