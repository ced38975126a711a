"""The local SQLite file: one per office, holding one or more form instances.

The file is an application file format (opened by :mod:`sernam_desktop.appfile`):
``PRAGMA application_id`` marks it as ours, ``PRAGMA user_version`` is the schema
version (the count of applied sqlite-utils ``Migrations``), WAL journal,
``synchronous=FULL`` so that a command that returned survives a crash or a power cut.

Data only changes through :meth:`Store.execute` with a command object from
:mod:`sernam_desktop.commands`; each runs in one ``write_transaction()`` (``BEGIN IMMEDIATE``),
appends to the change log and tells subscribers what changed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sernam_desktop.appfile import (
    AppDatabase,
    MigrationSteps,
    lazy_migrations,
    sqlite_error_kind,
    store_error_for,
)
from sernam_desktop.errors import StoreError, UserError
from sernam_desktop.forms import FormDefinition, Section, get_form

if TYPE_CHECKING:
    import sqlite_utils

APPLICATION_ID = 0x534E4D34  # "SNM4"

from sernam_desktop.states import (  # noqa: E402, F401 (re-exported: the state names)
    STATE_COMPLETE,
    STATE_DRAFT,
    STATE_LABELS,
    STATE_RECEIVED,
    STATE_RETURNED,
    STATE_SENT,
)

# The schema's steps, in order: sqlite-utils ``Migrations`` named after each
# function, built only when a file needs them (opening a current file imports no
# sqlite-utils — see appfile.LazyDatabase).
steps = MigrationSteps("sernam_desktop")


@steps()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["instances"].create(
        {
            "uuid": str,
            "form_id": str,
            "form_version": int,
            "servicio": str,
            "region": str,
            "anio": int,
            "revision": int,
            "state": str,
            "created_at": str,
            "updated_at": str,
            "sent_at": str,
        },
        pk="uuid",
        not_null={"form_id", "form_version", "revision", "state", "created_at", "updated_at"},
    )
    db["field_values"].create(
        {"instance_id": str, "section": str, "field": str, "value": str},
        pk=("instance_id", "section", "field"),
        foreign_keys=[("instance_id", "instances", "uuid")],
    )
    db["rows"].create(
        {"id": str, "instance_id": str, "section": str, "position": int},
        pk="id",
        foreign_keys=[("instance_id", "instances", "uuid")],
    )
    db["rows"].create_index(["instance_id", "section", "position"])
    db["cells"].create(
        {"row_id": str, "col": str, "value": str},
        pk=("row_id", "col"),
        foreign_keys=[("row_id", "rows", "id")],
    )
    db["changes"].create(
        {
            "id": int,
            "at": str,
            "instance_id": str,
            "command": str,
            "section": str,
            "row_id": str,
            "field": str,
            "old": str,
            "new": str,
        },
        pk="id",
    )
    db["changes"].create_index(["instance_id", "id"])
    # The change log is append-only: the database itself refuses edits.
    db.execute(
        "CREATE TRIGGER changes_no_update BEFORE UPDATE ON changes "
        "BEGIN SELECT RAISE(ABORT, 'changes is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER changes_no_delete BEFORE DELETE ON changes "
        "BEGIN SELECT RAISE(ABORT, 'changes is append-only'); END"
    )
    db["meta"].create({"key": str, "value": str}, pk="key")


@steps()
def m002_rows_per_form_and_lineage(db: sqlite_utils.Database) -> None:
    """Row ids unique per form (not per file), lower-case ids, and revision lineage.

    ``rows`` and ``cells`` are rebuilt keyed by ``(instance_id, id)``: a second
    form may reuse another form's row ids (last year's JSON imported for the
    new year).  Upper-case row ids are lower-cased where that makes no clash.
    ``lineage`` records every version of a form that left this file (a bundle
    written) or came into it (imported), oldest first: the content hash of the
    revision a later one was edited from (see docs/bundle-format.md).
    """
    conn = db.conn
    conn.execute("ALTER TABLE rows RENAME TO rows_old")
    conn.execute("ALTER TABLE cells RENAME TO cells_old")
    conn.execute("DROP INDEX IF EXISTS idx_rows_instance_id_section_position")
    db["rows"].create(
        {"instance_id": str, "id": str, "section": str, "position": int},
        pk=("instance_id", "id"),
        foreign_keys=[("instance_id", "instances", "uuid")],
    )
    db["rows"].create_index(["instance_id", "section", "position"])
    db["cells"].create(
        {"instance_id": str, "row_id": str, "col": str, "value": str},
        pk=("instance_id", "row_id", "col"),
    )
    # Before this migration a row id was unique in the whole file.
    old_rows = conn.execute("SELECT id, instance_id, section, position FROM rows_old").fetchall()
    taken = {(r[1], r[0]) for r in old_rows if r[0] == r[0].lower()}
    by_id: dict[str, tuple[str, str]] = {}
    for rid, iid, sec, pos in old_rows:
        new = rid.lower()
        if new != rid:
            new = rid if (iid, new) in taken else new  # keep it when lower-casing would clash
            taken.add((iid, new))
        by_id[rid] = (iid, new)
        conn.execute("INSERT INTO rows (instance_id, id, section, position) VALUES (?,?,?,?)",
                     [iid, new, sec, pos])
    for rid, col, value in conn.execute("SELECT row_id, col, value FROM cells_old").fetchall():
        if rid in by_id:
            conn.execute("INSERT INTO cells (instance_id, row_id, col, value) VALUES (?,?,?,?)",
                         [*by_id[rid], col, value])
    conn.execute("DROP TABLE cells_old")
    conn.execute("DROP TABLE rows_old")
    db["lineage"].create(
        {"instance_id": str, "seq": int, "revision": int, "content_hash": str, "at": str},
        pk=("instance_id", "seq"),
    )


@steps()
def m003_database_id(db: sqlite_utils.Database) -> None:
    """Which database this file is, whatever its name or folder (a random uuid).

    Copies of the file (backups, a restore) keep it; a new database gets its
    own.  Backups are kept and matched by it (backup.py), not by file name.
    """
    db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('database_id', ?)",
               [str(_uuid4())])



@steps()
def m004_outbox_receipts(db: sqlite_utils.Database) -> None:
    """Issue 15: bundles prepared (outbox), receipts opened, review comments."""
    db["outbox"].create(
        {"id": int, "instance_id": str, "revision": int, "file_name": str, "path": str,
         "size": int, "sha256": str, "content_hash": str, "prepared_at": str,
         "status": str, "status_at": str, "detail": str},
        pk="id", not_null={"instance_id", "revision", "sha256", "prepared_at", "status"},
    )
    db["outbox"].create_index(["instance_id", "revision"])
    db["receipts"].create(
        {"id": str, "instance_id": str, "revision": int, "seq": int, "outcome": str,
         "bundle_sha256": str, "central_fingerprint": str, "issued_at": str,
         "opened_at": str, "message": str, "document": str},
        pk="id", not_null={"instance_id", "revision", "seq", "outcome", "document"},
    )
    db["receipts"].create_index(["instance_id", "seq"])
    db["review_comments"].create(
        {"id": int, "receipt_id": str, "instance_id": str, "revision": int, "section": str,
         "row_id": str, "field": str, "location": str, "text": str, "attended_at": str},
        pk="id", not_null={"receipt_id", "instance_id", "text"},
    )
    db["review_comments"].create_index(["instance_id"])

def database_id_of(conn: sqlite3.Connection) -> str | None:
    """The ``database_id`` stored in an open office database, or None (older file)."""
    try:
        r = conn.execute("SELECT value FROM meta WHERE key = 'database_id'").fetchone()
    except sqlite3.Error:
        return None
    return r[0] if r and isinstance(r[0], str) and r[0] else None


SCHEMA_VERSION = len(steps)


def _uuid4() -> Any:
    import uuid  # here: uuid imports platform (~2 ms) and no file opening needs it

    return uuid.uuid4()



def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_id() -> str:
    """A new instance or row id: a random UUID, always lower-case."""
    return str(_uuid4())


def normalise_id(value: str) -> str:
    """Ids from elsewhere (imports) are accepted in any case and kept lower-case."""
    return value.strip().lower()


# Who made a change (``Changed.origin``): screens may act on it (e.g. skip
# re-selecting what the user is typing in), never on who called whom.
ORIGIN_EDIT = "edit"  # typed or done in a screen (the default)
ORIGIN_UNDO = "undo"
ORIGIN_REDO = "redo"
ORIGIN_IMPORT = "import"  # JSON, Excel or Word content brought in
ORIGIN_SEND = "send"  # marked sent / lineage written by «Enviar a oficina central»
ORIGIN_MERGE = "merge"  # central office


@dataclass
class Changed:
    """What one command changed; screens refresh from this and nothing else.

    ``field_values`` / ``cell_values`` carry the values the command wrote
    (``(section, field)`` / ``(row id, column)`` → new text), so a listener
    keeping the form in memory need not read them back; a field or cell named
    in ``fields``/``cells`` without a value there must be read from the store.
    ``origin`` says who made the change (``ORIGIN_*``), set by :meth:`Store.execute`.
    """

    instance_id: str
    fields: set[tuple[str, str]] = field(default_factory=set)  # (section, field)
    cells: set[tuple[str, str]] = field(default_factory=set)  # (row_id, column)
    structure: set[str] = field(default_factory=set)  # sections whose rows were added/removed/moved
    meta: bool = False  # revision, state or identity changed
    created: bool = False
    origin: str = ORIGIN_EDIT
    field_values: dict[tuple[str, str], str] = field(default_factory=dict)
    cell_values: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def sections(self) -> set[str]:
        return {s for s, _ in self.fields} | set(self.structure)

    def merge(self, other: Changed) -> None:
        """Add what ``other`` (run after this one) changed: its values win."""
        self.fields |= other.fields
        self.cells |= other.cells
        self.structure |= other.structure
        self.meta = self.meta or other.meta
        self.created = self.created or other.created
        self.field_values.update(other.field_values)
        self.cell_values.update(other.cell_values)


class Store(AppDatabase):
    """A sernam-desktop office database.  ``Store(None)`` is an in-memory database."""

    application_id = APPLICATION_ID
    migrations = lazy_migrations(steps.build)
    schema_version = SCHEMA_VERSION

    def __init__(self, path: str | Path | None = None, *, readonly: bool = False,
                 full_check: bool = False):
        self._subscribers: list[Callable[[Changed], None]] = []
        if path is not None:  # a restore killed half-way: finish or undo it, never start empty
            from sernam_desktop.restore_recovery import finish_interrupted_restore as _finish
            _finish(path, locked=bool(getattr(getattr(self, "lock", None), "held", False)))
        try:
            super().__init__(path, readonly=readonly, full_check=full_check)
        except StoreError as exc:
            exc.path = self.path  # type: ignore[attr-defined]  # the command line's restore hint
            raise

    # ---------------------------------------------------------- observing --
    def subscribe(self, fn: Callable[[Changed], None]) -> Callable[[], None]:
        self._subscribers.append(fn)
        return lambda: self._subscribers.remove(fn)

    def execute(self, cmd: Any, origin: str = ORIGIN_EDIT) -> Changed:
        """Run one command in its own transaction, log it, notify subscribers.

        ``origin`` (``ORIGIN_*``) says who made the change; it is set on the
        returned :class:`Changed` before any subscriber sees it.
        """
        if self.readonly:
            raise StoreError("La base de datos está abierta solo para lectura.")
        try:
            with self.write_transaction():
                changed = cmd.execute_in(self)
        except sqlite3.DatabaseError as exc:
            # Disk full, file turned read-only, I/O error: the transaction was
            # rolled back as a whole; say so in Spanish.
            if sqlite_error_kind(exc) == "other":
                raise
            raise store_error_for(exc, self.path, saving=True) from None
        changed.origin = origin
        for fn in list(self._subscribers):
            fn(changed)
        return changed

    # ------------------------------------------------------------- reading --
    @contextmanager
    def read_snapshot(self):  # noqa: ANN201 - a context manager yielding self
        """Read everything inside one read transaction: one consistent snapshot,
        however another process edits the file meanwhile (exports, bundles)."""
        conn = self.db.conn
        if conn.in_transaction:  # already inside one (a command, an outer snapshot)
            yield self
            return
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # takes the snapshot
            yield self
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")  # nothing was written: just end the snapshot

    def _dicts(self, sql: str, params: Iterable[Any] = ()) -> list[dict]:
        """Rows as dicts, one statement (``db.query`` adds a SAVEPOINT around each)."""
        cur = self.db.execute(sql, list(params))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def instances(self) -> list[dict]:
        return self._dicts("SELECT * FROM instances ORDER BY created_at, uuid")

    def instance(self, instance_id: str) -> dict:
        rows = self._dicts("SELECT * FROM instances WHERE uuid = ?", [instance_id])
        if not rows:
            raise UserError(f"No existe el formulario «{instance_id}» en esta base de datos.")
        return rows[0]

    def has_instance(self, instance_id: str) -> bool:
        return bool(
            self.db.execute("SELECT 1 FROM instances WHERE uuid = ?", [instance_id]).fetchone()
        )

    def form_of(self, instance_id: str) -> FormDefinition:
        return self.form_for(self.instance(instance_id))

    @staticmethod
    def form_for(inst: dict) -> FormDefinition:
        """The definition of an instance row (as :meth:`instance` returns it)."""
        form = get_form(inst["form_id"], inst["form_version"])
        if form is None:
            raise UserError(
                f"El formulario usa la definición «{inst['form_id']}» versión "
                f"{inst['form_version']}, que esta versión de la aplicación no conoce."
            )
        return form

    def field_value(self, instance_id: str, section: str, field_key: str) -> str:
        row = self.db.execute(
            "SELECT value FROM field_values WHERE instance_id=? AND section=? AND field=?",
            [instance_id, section, field_key],
        ).fetchone()
        return row[0] if row and row[0] is not None else ""

    def fields(self, instance_id: str, section: Section) -> dict[str, str]:
        got = {
            r[0]: r[1] or ""
            for r in self.db.execute(
                "SELECT field, value FROM field_values WHERE instance_id=? AND section=?",
                [instance_id, section.key],
            )
        }
        return {f.key: got.get(f.key, "") for f in section.fields}

    def row_ids(self, instance_id: str, section: str) -> list[str]:
        return [
            r[0]
            for r in self.db.execute(
                "SELECT id FROM rows WHERE instance_id=? AND section=? ORDER BY position",
                [instance_id, section],
            )
        ]

    def rows(self, instance_id: str, section: Section) -> list[dict[str, str]]:
        """Rows in order, each ``{"id": …, column: value…}`` with every defined column."""
        out: list[dict[str, str]] = []
        index: dict[str, dict[str, str]] = {}
        for rid in self.row_ids(instance_id, section.key):
            row = {"id": rid, **{c.key: "" for c in section.columns}}
            out.append(row)
            index[rid] = row
        if not out:
            return out
        for rid, col, value in self.db.execute(
            "SELECT c.row_id, c.col, c.value FROM cells c JOIN rows r "
            "ON r.instance_id = c.instance_id AND r.id = c.row_id "
            "WHERE r.instance_id=? AND r.section=?",
            [instance_id, section.key],
        ):
            if col in index[rid]:
                index[rid][col] = value or ""
        return out

    def _row_key(self, row_id: str, instance_id: str | None) -> tuple[str, str] | None:
        """(instance, row id): row ids are unique per form, not per file."""
        if instance_id is not None:
            hit = self.db.execute("SELECT instance_id, id FROM rows WHERE instance_id=? AND id=?",
                                  [instance_id, row_id]).fetchone()
        else:  # callers that know only the row: the first form having it
            hit = self.db.execute("SELECT instance_id, id FROM rows WHERE id=? "
                                  "ORDER BY instance_id LIMIT 1", [row_id]).fetchone()
        return (hit[0], hit[1]) if hit else None

    def row(self, row_id: str, instance_id: str | None = None) -> dict[str, Any]:
        if instance_id is not None:  # one statement fewer: the row is looked up as it is read
            key: tuple[str, str] | None = (instance_id, row_id)
        else:
            key = self._row_key(row_id, instance_id)
        meta = self.db.execute(
            "SELECT instance_id, section, position FROM rows WHERE instance_id=? AND id=?", key
        ).fetchone() if key is not None else None
        if meta is None:
            raise UserError("La fila ya no existe.")
        key = (meta[0], row_id)
        cells = {
            r[0]: r[1] or ""
            for r in self.db.execute(
                "SELECT col, value FROM cells WHERE instance_id=? AND row_id=?", key)
        }
        return {"instance_id": meta[0], "section": meta[1], "position": meta[2], "cells": cells}

    def cell_in_row(self, instance_id: str, row_id: str, column: str) -> tuple[str, str] | None:
        """(section of the row, the cell's value) in one statement; None: no such row."""
        r = self.db.execute(
            "SELECT r.section, c.value FROM rows r LEFT JOIN cells c ON c.instance_id = "
            "r.instance_id AND c.row_id = r.id AND c.col = ? WHERE r.instance_id=? AND r.id=?",
            [column, instance_id, row_id]).fetchone()
        return (r[0], r[1] or "") if r else None

    def cell(self, row_id: str, column: str, instance_id: str | None = None) -> str:
        if instance_id is not None:  # a missing row has no cells either: one statement
            key: tuple[str, str] | None = (instance_id, row_id)
        else:
            key = self._row_key(row_id, instance_id)
        if key is None:
            return ""
        r = self.db.execute(
            "SELECT value FROM cells WHERE instance_id=? AND row_id=? AND col=?", [*key, column]
        ).fetchone()
        return r[0] if r and r[0] is not None else ""

    def content(self, instance_id: str) -> dict[str, Any]:
        """All data of an instance: {section: {field: value}} / {section: [rows]}."""
        form = self.form_of(instance_id)
        data: dict[str, Any] = {}
        for s in form.sections:
            data[s.key] = self.rows(instance_id, s) if s.is_table else self.fields(instance_id, s)
        return data

    def answered(self, instance_id: str, revision: int) -> str | None:
        """Issue 15: recibido/devuelto from the last receipt opened for ``revision``."""
        try:
            r = self.db.execute(
                "SELECT outcome FROM receipts WHERE instance_id=? AND revision=? "
                "ORDER BY seq DESC LIMIT 1", [instance_id, revision]).fetchone()
        except sqlite3.OperationalError:  # a file opened read-only before its migration
            return None
        if r is None:
            return None
        return STATE_RETURNED if r[0] == STATE_RETURNED else STATE_RECEIVED

    def origin(self, instance_id: str) -> dict[str, Any] | None:
        """The form this one was started from («Nuevo año a partir de…»), if any.

        Kept in ``meta`` under ``origin:<uuid>`` as JSON ``{"uuid", "anio", "revision"}``.
        """
        r = self.db.execute("SELECT value FROM meta WHERE key=?", [f"origin:{instance_id}"]).fetchone()
        if not r or not r[0]:
            return None
        try:
            value = json.loads(r[0])
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def lineage(self, instance_id: str) -> list[dict[str, Any]]:
        """Versions of the form that left or entered this file, oldest first.

        Each ``{"revision": n, "content_hash": h}``; the last one whose content
        differs from the form's current content is the parent of the current
        content (the version it was edited from).
        """
        return [
            {"revision": r[0], "content_hash": r[1]}
            for r in self.db.execute(
                "SELECT revision, content_hash FROM lineage WHERE instance_id=? ORDER BY seq",
                [instance_id])
        ]

    def changes(self, instance_id: str | None = None) -> list[dict]:
        if instance_id is None:
            return self._dicts("SELECT * FROM changes ORDER BY id")
        return self._dicts("SELECT * FROM changes WHERE instance_id=? ORDER BY id", [instance_id])

    def last_change_id(self) -> int:
        r = self.db.execute("SELECT max(id) FROM changes").fetchone()
        return r[0] or 0

    # ------------------------------------------------------------ writing --
    # Only commands call these, inside Store.execute's transaction.
    def _log(self, instance_id: str, command: str, section: str | None = None,
             row_id: str | None = None, field_key: str | None = None,
             old: Any = None, new: Any = None) -> None:
        def enc(v: Any) -> str | None:
            if v is None or isinstance(v, str):
                return v
            return json.dumps(v, ensure_ascii=False, sort_keys=True)

        self.db.execute(
            "INSERT INTO changes (at, instance_id, command, section, row_id, field, old, new) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [now_iso(), instance_id, command, section, row_id, field_key, enc(old), enc(new)],
        )

    def _touch(self, instance_id: str) -> None:
        self.db.execute("UPDATE instances SET updated_at=? WHERE uuid=?", [now_iso(), instance_id])

    def _write_field(self, instance_id: str, section: str, field_key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO field_values (instance_id, section, field, value) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(instance_id, section, field) DO UPDATE SET value=excluded.value",
            [instance_id, section, field_key, value],
        )

    def _write_cell(self, instance_id: str, row_id: str, column: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO cells (instance_id, row_id, col, value) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(instance_id, row_id, col) DO UPDATE SET value=excluded.value",
            [instance_id, row_id, column, value],
        )

    def _insert_row(self, instance_id: str, section: str, position: int, row_id: str,
                    cells: dict[str, str]) -> int:
        n = self.db.execute(
            "SELECT count(*) FROM rows WHERE instance_id=? AND section=?", [instance_id, section]
        ).fetchone()[0]
        position = max(0, min(position, n))
        self.db.execute(
            "UPDATE rows SET position = position + 1 "
            "WHERE instance_id=? AND section=? AND position >= ?",
            [instance_id, section, position],
        )
        self.db.execute(
            "INSERT INTO rows (instance_id, id, section, position) VALUES (?, ?, ?, ?)",
            [instance_id, row_id, section, position],
        )
        self.db.conn.executemany(
            "INSERT INTO cells (instance_id, row_id, col, value) VALUES (?, ?, ?, ?)",
            [(instance_id, row_id, k, v) for k, v in cells.items()],
        )
        return position

    def _delete_row(self, instance_id: str, row_id: str) -> dict[str, Any]:
        info = self.row(row_id, instance_id)
        self.db.execute("DELETE FROM cells WHERE instance_id=? AND row_id=?", [instance_id, row_id])
        self.db.execute("DELETE FROM rows WHERE instance_id=? AND id=?", [instance_id, row_id])
        self.db.execute(
            "UPDATE rows SET position = position - 1 "
            "WHERE instance_id=? AND section=? AND position > ?",
            [info["instance_id"], info["section"], info["position"]],
        )
        return info

    def _record_lineage(self, instance_id: str, revision: int, chash: str) -> bool:
        """Append a version to the form's lineage unless it is already there."""
        known = self.db.execute(
            "SELECT 1 FROM lineage WHERE instance_id=? AND revision=? AND content_hash=?",
            [instance_id, revision, chash]).fetchone()
        if known:
            return False
        seq = self.db.execute("SELECT coalesce(max(seq), 0) + 1 FROM lineage WHERE instance_id=?",
                              [instance_id]).fetchone()[0]
        self.db.execute(
            "INSERT INTO lineage (instance_id, seq, revision, content_hash, at) VALUES (?,?,?,?,?)",
            [instance_id, seq, revision, chash, now_iso()])
        return True

    def _set_meta(self, instance_id: str, **values: Any) -> None:
        sets = ", ".join(f"{k}=?" for k in values)
        self.db.execute(f"UPDATE instances SET {sets} WHERE uuid=?", [*values.values(), instance_id])

    def _set_origin(self, instance_id: str, origin: dict[str, Any] | None) -> None:
        key = f"origin:{instance_id}"
        if origin is None:
            self.db.execute("DELETE FROM meta WHERE key=?", [key])
            return
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            [key, json.dumps(origin, ensure_ascii=False, sort_keys=True)],
        )

    def _create_instance(self, row: dict[str, Any]) -> None:
        self.db["instances"].insert(row)


def open_store(path: str | Path | None, *, readonly: bool = False) -> Store:
    return Store(path, readonly=readonly)


def iter_sections(form: FormDefinition, kinds: Iterable[str] = ("fields", "table")) -> list[Section]:
    return [s for s in form.sections if s.kind in kinds]
