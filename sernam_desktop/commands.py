"""Every change to a form is one of these command objects.

``store.execute(cmd)`` runs ``cmd`` in one transaction, appends what it did to
the change log and returns a :class:`~sernam_desktop.store.Changed`.  Undo is
``store.execute(cmd.inverse())`` — the same path, so the undo stack, autosave
and the change log can never disagree.  A command remembers what it overwrote
when it runs, so ``inverse()`` is only valid after the command has run, and a
command may be run again after its inverse (redo).

Editing the content of a form that was already sent opens the next revision
(state back to *borrador*, ``revision + 1``); undoing that edit restores the
sent state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sernam_desktop.document import content_hash
from sernam_desktop.errors import UserError
from sernam_desktop.forms import FormDefinition, Section
from sernam_desktop.regions import by_code
from sernam_desktop.store import (
    ORIGIN_REDO,
    ORIGIN_UNDO,
    STATE_DRAFT,
    STATE_SENT,
    Changed,
    Store,
    new_id,
    now_iso,
)
from sernam_desktop.validation import value_problem


class Command:
    """Base class.  Subclasses implement :meth:`run` and :meth:`_inverse`."""

    label = "Cambio"
    content = True  # changes form content (reopens a sent form)

    instance_id: str

    def __init__(self) -> None:
        self._reopened: tuple[str, int] | None = None  # (state, revision) before reopening
        self._restore_meta: tuple[str, int] | None = None
        self._inst: dict | None = None  # the instance row read by execute_in (saves re-reading)

    # called by Store.execute inside the transaction
    def execute_in(self, store: Store) -> Changed:
        before = None
        sent_hash = None
        mark = 0
        self._inst = None
        if self.content and self._restore_meta is None:
            before = self._inst = store.instance(self.instance_id)
            if before["state"] == STATE_SENT:
                mark = store.last_change_id()
                sent_hash = content_hash(store.content(self.instance_id))
        try:
            changed = self.run(store)
        finally:
            self._inst = None
        reopened = None
        # Only a command that really changed something reopens a sent form.
        if before is not None and before["state"] == STATE_SENT and store.last_change_id() > mark:
            reopened = (before["state"], before["revision"])
            # lineage: the new revision is edited from the sent one
            store._record_lineage(self.instance_id, before["revision"], sent_hash)
            store._set_meta(self.instance_id, state=STATE_DRAFT, revision=before["revision"] + 1)
            store._log(self.instance_id, "ReabrirRevision", field_key="revision",
                       old=before["revision"], new=before["revision"] + 1)
            changed.meta = True
        if self._restore_meta is not None:
            state, revision = self._restore_meta
            store._set_meta(self.instance_id, state=state, revision=revision)
            store._log(self.instance_id, "RestaurarRevision", field_key="revision", new=revision)
            changed.meta = True
        self._reopened = reopened
        store._touch(self.instance_id)
        return changed

    def run(self, store: Store) -> Changed:  # pragma: no cover - abstract
        raise NotImplementedError

    def _form(self, store: Store) -> FormDefinition:
        """The form's definition, without reading the instance again when execute_in did."""
        return store.form_for(self._inst) if self._inst is not None else store.form_of(
            self.instance_id)

    def _inverse(self) -> Command:  # pragma: no cover - abstract
        raise NotImplementedError

    def inverse(self) -> Command:
        inv = self._inverse()
        inv._restore_meta = self._reopened
        return inv

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.label!r}>"


def _check_value(store: Store, instance_id: str, section: Section, key: str, value: str) -> str:
    if not section.has_field(key):
        raise UserError(f"La sección «{section.title}» no tiene el campo «{key}».")
    f = section.field(key)
    problem = value_problem(f, value)
    if problem:
        raise UserError(f"«{f.label}»: {problem}.")
    return value


# ------------------------------------------------------------------ fields --
class SetField(Command):
    def __init__(self, instance_id: str, section: str, field_key: str, value: str):
        super().__init__()
        self.instance_id, self.section, self.field_key, self.value = (
            instance_id, section, field_key, value)
        self.old: str | None = None
        self.label = f"Editar {field_key}"

    def run(self, store: Store) -> Changed:
        form = self._form(store)
        sec = form.section(self.section)
        if sec.is_table:
            raise UserError(f"«{sec.title}» es una tabla, no un campo.")
        _check_value(store, self.instance_id, sec, self.field_key, self.value)
        f = sec.field(self.field_key)
        self.label = f"Editar «{f.label}»"
        self.old = store.field_value(self.instance_id, self.section, self.field_key)
        changed = Changed(self.instance_id, fields={(self.section, self.field_key)},
                          field_values={(self.section, self.field_key): self.value})
        if self.old == self.value:
            return changed
        store._write_field(self.instance_id, self.section, self.field_key, self.value)
        if f.identity:
            v: Any = self.value
            if self.field_key == "anio":
                v = int(self.value) if self.value else None
            store._set_meta(self.instance_id, **{self.field_key: v})
            changed.meta = True
        store._log(self.instance_id, "SetField", self.section, None, self.field_key,
                   self.old, self.value)
        return changed

    def _inverse(self) -> Command:
        return SetField(self.instance_id, self.section, self.field_key, self.old or "")


# ------------------------------------------------------------------- cells --
class SetCell(Command):
    def __init__(self, instance_id: str, row_id: str, column: str, value: str):
        super().__init__()
        self.instance_id, self.row_id, self.column, self.value = instance_id, row_id, column, value
        self.old: str | None = None
        self.label = "Editar celda"

    def run(self, store: Store) -> Changed:
        hit = store.cell_in_row(self.instance_id, self.row_id, self.column)
        if hit is None:
            raise UserError("La fila ya no existe.")
        section, self.old = hit
        sec = self._form(store).section(section)
        _check_value(store, self.instance_id, sec, self.column, self.value)
        self.label = f"Editar «{sec.field(self.column).label}» ({sec.title})"
        changed = Changed(self.instance_id, cells={(self.row_id, self.column)},
                          cell_values={(self.row_id, self.column): self.value})
        changed.fields.add((section, self.column))
        if self.old == self.value:
            return changed
        store._write_cell(self.instance_id, self.row_id, self.column, self.value)
        store._log(self.instance_id, "SetCell", section, self.row_id, self.column,
                   self.old, self.value)
        return changed

    def _inverse(self) -> Command:
        return SetCell(self.instance_id, self.row_id, self.column, self.old or "")


# -------------------------------------------------------------------- rows --
class InsertRow(Command):
    """Insert a row at ``position`` (clamped; ``None`` = at the end)."""

    def __init__(self, instance_id: str, section: str, position: int | None = None,
                 values: dict[str, str] | None = None, row_id: str | None = None):
        super().__init__()
        self.instance_id, self.section = instance_id, section
        self.position = position
        self.values = dict(values or {})
        self.row_id = row_id or new_id()
        self.label = "Agregar fila"

    def run(self, store: Store) -> Changed:
        sec = self._form(store).section(self.section)
        if not sec.is_table:
            raise UserError(f"«{sec.title}» no es una tabla.")
        for k, v in self.values.items():
            _check_value(store, self.instance_id, sec, k, v)
        self.label = f"Agregar fila en {sec.title}"
        pos = self.position if self.position is not None else 1 << 30
        self.position = store._insert_row(self.instance_id, self.section, pos, self.row_id,
                                          {k: v for k, v in self.values.items() if v})
        store._log(self.instance_id, "InsertRow", self.section, self.row_id, None, None,
                   {"position": self.position, "cells": self.values})
        return Changed(self.instance_id, structure={self.section})

    def _inverse(self) -> Command:
        return DeleteRow(self.instance_id, self.row_id)


class DeleteRow(Command):
    def __init__(self, instance_id: str, row_id: str):
        super().__init__()
        self.instance_id, self.row_id = instance_id, row_id
        self.section: str | None = None
        self.position = 0
        self.values: dict[str, str] = {}
        self.label = "Eliminar fila"

    def run(self, store: Store) -> Changed:
        info = store.row(self.row_id, self.instance_id)
        if info["instance_id"] != self.instance_id:
            raise UserError("La fila no pertenece a este formulario.")
        sec = self._form(store).section(info["section"])
        self.label = f"Eliminar fila de {sec.title}"
        store._delete_row(self.instance_id, self.row_id)
        self.section, self.position, self.values = info["section"], info["position"], info["cells"]
        store._log(self.instance_id, "DeleteRow", self.section, self.row_id, None,
                   {"position": self.position, "cells": self.values}, None)
        return Changed(self.instance_id, structure={self.section})

    def _inverse(self) -> Command:
        assert self.section is not None, "inverse() before run()"
        return InsertRow(self.instance_id, self.section, self.position, self.values, self.row_id)


class MoveRow(Command):
    def __init__(self, instance_id: str, row_id: str, new_position: int):
        super().__init__()
        self.instance_id, self.row_id, self.new_position = instance_id, row_id, new_position
        self.old_position = 0
        self.label = "Mover fila"

    def run(self, store: Store) -> Changed:
        info = store.row(self.row_id, self.instance_id)
        if info["instance_id"] != self.instance_id:
            raise UserError("La fila no pertenece a este formulario.")
        self.old_position = info["position"]
        store._delete_row(self.instance_id, self.row_id)
        self.new_position = store._insert_row(
            self.instance_id, info["section"], self.new_position, self.row_id, info["cells"])
        store._log(self.instance_id, "MoveRow", info["section"], self.row_id, "position",
                   self.old_position, self.new_position)
        return Changed(self.instance_id, structure={info["section"]})

    def _inverse(self) -> Command:
        return MoveRow(self.instance_id, self.row_id, self.old_position)


def duplicate_row(store: Store, instance_id: str, row_id: str) -> InsertRow:
    """A command inserting a copy of ``row_id`` right below it."""
    info = store.row(row_id, instance_id)
    cmd = InsertRow(instance_id, info["section"], info["position"] + 1, dict(info["cells"]))
    cmd.label = "Duplicar fila"
    return cmd


# ------------------------------------------------------------- composites --
class Composite(Command):
    """Several commands as one undoable step (one transaction, one undo entry)."""

    def __init__(self, instance_id: str, label: str, commands: list[Command]):
        super().__init__()
        self.instance_id, self.label, self.commands = instance_id, label, list(commands)

    def run(self, store: Store) -> Changed:
        total = Changed(self.instance_id)
        for c in self.commands:
            c._restore_meta = None
            c._inst = self._inst
            try:
                total.merge(c.run(store))
            finally:
                c._inst = None
        return total

    def _inverse(self) -> Command:
        return Composite(self.instance_id, self.label, [c._inverse() for c in reversed(self.commands)])


def replace_content(store: Store, instance_id: str, data: dict[str, Any],
                    label: str = "Reemplazar contenido") -> Composite:
    """A command replacing every field and row of an instance with ``data``.

    ``data`` is ``{section: {field: value}}`` / ``{section: [row dicts]}`` as
    produced by :meth:`Store.content`; sections absent from ``data`` are left
    as they are.  Rows keep their ``id`` when given.
    """
    form = store.form_of(instance_id)
    cmds: list[Command] = []
    for sec in form.sections:
        if sec.key not in data:
            continue
        if sec.is_table:
            current_rows = store.rows(instance_id, sec)
            new_rows = data[sec.key]
            if [r["id"] for r in current_rows] == [r.get("id") for r in new_rows]:
                # Same rows in the same order: change only the cells that differ,
                # so re-importing an unchanged file is a no-op.
                for cur, new in zip(current_rows, new_rows):
                    for k, v in new.items():
                        if k != "id" and cur.get(k, "") != v:
                            cmds.append(SetCell(instance_id, cur["id"], k, v))
                continue
            for row in current_rows:
                cmds.append(DeleteRow(instance_id, row["id"]))
            for i, row in enumerate(new_rows):
                vals = {k: v for k, v in row.items() if k != "id"}
                cmds.append(InsertRow(instance_id, sec.key, i, vals, row.get("id") or None))
        else:
            current = store.fields(instance_id, sec)
            for k, v in data[sec.key].items():
                if current.get(k, "") != v:
                    cmds.append(SetField(instance_id, sec.key, k, v))
    return Composite(instance_id, label, cmds)


# ------------------------------------------------------- instance lifecycle --
class CreateInstance(Command):
    """Create a form instance; ``data`` optionally fills it in the same step."""

    content = False

    def __init__(self, form: FormDefinition, servicio: str, region: str, anio: int | str,
                 instance_id: str | None = None, data: dict[str, Any] | None = None,
                 revision: int = 1, state: str = STATE_DRAFT,
                 origin: dict[str, Any] | None = None):
        super().__init__()
        self.origin = origin  # the form this one was started from (carry-over)
        self.form = form
        self.instance_id = instance_id or new_id()
        self.servicio, self.region, self.anio = servicio.strip(), region, str(anio)
        self.data = data
        self.revision, self.state = revision, state
        self.label = "Crear formulario"

    def run(self, store: Store) -> Changed:
        if not self.servicio:
            raise UserError("El nombre del servicio no puede quedar vacío.")
        if by_code(self.region) is None:
            raise UserError(f"«{self.region}» no es un código de región válido.")
        if not (self.anio.isdigit() and len(self.anio) == 4):
            raise UserError(f"«{self.anio}» no es un año válido (AAAA).")
        if store.has_instance(self.instance_id):
            raise UserError(f"Ya existe un formulario con el identificador {self.instance_id}.")
        ts = now_iso()
        store._create_instance({
            "uuid": self.instance_id, "form_id": self.form.id,
            "form_version": self.form.version, "servicio": self.servicio,
            "region": self.region, "anio": int(self.anio), "revision": self.revision,
            "state": self.state, "created_at": ts, "updated_at": ts, "sent_at": None,
        })
        header = self.form.header
        for key, value in (("servicio", self.servicio), ("region", self.region),
                           ("anio", self.anio)):
            store._write_field(self.instance_id, header.key, key, value)
        store._log(self.instance_id, "CreateInstance", None, None, None, None,
                   {"form_id": self.form.id, "form_version": self.form.version,
                    "servicio": self.servicio, "region": self.region, "anio": self.anio})
        if self.origin:
            store._set_origin(self.instance_id, self.origin)
        changed = Changed(self.instance_id, meta=True, created=True)
        if self.data:
            changed.merge(replace_content(store, self.instance_id, self.data).run(store))
        return changed

    def _inverse(self) -> Command:
        return DeleteInstance(self.instance_id)


class DeleteInstance(Command):
    """Remove an instance (its change log stays: the log is append-only)."""

    content = False
    label = "Eliminar formulario"

    def __init__(self, instance_id: str):
        super().__init__()
        self.instance_id = instance_id
        self.snapshot: dict[str, Any] | None = None

    def run(self, store: Store) -> Changed:
        inst = store.instance(self.instance_id)
        self.snapshot = {"meta": inst, "data": store.content(self.instance_id),
                         "origin": store.origin(self.instance_id)}
        for sec in store.form_of(self.instance_id).tables:
            for rid in store.row_ids(self.instance_id, sec.key):
                store._delete_row(self.instance_id, rid)
        store.db.execute("DELETE FROM field_values WHERE instance_id=?", [self.instance_id])
        store.db.execute("DELETE FROM instances WHERE uuid=?", [self.instance_id])
        store._set_origin(self.instance_id, None)
        store._log(self.instance_id, "DeleteInstance", old=inst)
        return Changed(self.instance_id, meta=True)

    def execute_in(self, store: Store) -> Changed:  # no touch: the row is gone
        return self.run(store)

    def _inverse(self) -> Command:
        assert self.snapshot is not None
        m = self.snapshot["meta"]
        from sernam_desktop.forms import get_form

        form = get_form(m["form_id"], m["form_version"])
        return CreateInstance(form, m["servicio"], m["region"], m["anio"], m["uuid"],
                              self.snapshot["data"], m["revision"], m["state"],
                              origin=self.snapshot.get("origin"))


class SetState(Command):
    """Lifecycle: mark sent (``enviado`` at the current revision) or back to draft."""

    content = False

    def __init__(self, instance_id: str, state: str, revision: int | None = None):
        super().__init__()
        self.instance_id, self.state, self.revision = instance_id, state, revision
        self.old: tuple[str, int, str | None] | None = None
        self.label = "Marcar como enviado" if state == STATE_SENT else "Cambiar estado"

    def run(self, store: Store) -> Changed:
        inst = store.instance(self.instance_id)
        self.old = (inst["state"], inst["revision"], inst["sent_at"])
        rev = self.revision if self.revision is not None else inst["revision"]
        sent_at = now_iso() if self.state == STATE_SENT else inst["sent_at"]
        store._set_meta(self.instance_id, state=self.state, revision=rev, sent_at=sent_at)
        store._log(self.instance_id, "SetState", field_key="state",
                   old={"state": inst["state"], "revision": inst["revision"]},
                   new={"state": self.state, "revision": rev})
        return Changed(self.instance_id, meta=True)

    def _inverse(self) -> Command:
        assert self.old is not None
        inv = SetState(self.instance_id, self.old[0], self.old[1])
        return inv


class RecordLineage(Command):
    """Remember that a version of the form left or entered this file (lineage).

    Written when a bundle is written and when a form is imported; not an edit
    of the form (no undo entry: its inverse records nothing new).
    """

    content = False
    label = "Registrar versión"

    def __init__(self, instance_id: str, versions: list[tuple[int, str]]):
        super().__init__()
        self.instance_id = instance_id
        self.versions = [(int(r), h) for r, h in versions]

    def run(self, store: Store) -> Changed:
        for rev, h in self.versions:
            if store._record_lineage(self.instance_id, rev, h):
                store._log(self.instance_id, "RecordLineage", field_key="lineage",
                           new={"revision": rev, "content_hash": h})
        return Changed(self.instance_id)

    def execute_in(self, store: Store) -> Changed:  # not an edit: updated_at unchanged
        return self.run(store)

    def _inverse(self) -> Command:
        return RecordLineage(self.instance_id, [])


# ---------------------------------------------------------------- history --
@dataclass
class History:
    """A plain undo/redo stack over a store (the GUI uses QUndoStack the same way)."""

    store: Store
    done: list[Command] = field(default_factory=list)
    undone: list[Command] = field(default_factory=list)

    def do(self, cmd: Command) -> Changed:
        changed = self.store.execute(cmd)
        self.done.append(cmd)
        self.undone.clear()
        return changed

    def undo(self) -> Changed | None:
        if not self.done:
            return None
        cmd = self.done.pop()
        changed = self.store.execute(cmd.inverse(), origin=ORIGIN_UNDO)
        self.undone.append(cmd)
        return changed

    def redo(self) -> Changed | None:
        if not self.undone:
            return None
        cmd = self.undone.pop()
        cmd._restore_meta = None
        changed = self.store.execute(cmd, origin=ORIGIN_REDO)
        self.done.append(cmd)
        return changed


def describe(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
