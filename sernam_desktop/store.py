"""The local SQLite file: one per office, holding one or more form instances.

The file is an application file format: ``PRAGMA application_id`` marks it as
ours, ``PRAGMA user_version`` is the schema version (the count of applied
sqlite-utils ``Migrations``), WAL journal, ``synchronous=FULL`` so that a
command that returned survives a crash or a power cut.

Data only changes through :meth:`Store.execute` with a command object from
:mod:`sernam_desktop.commands`; each runs in one ``db.atomic()`` transaction,
appends to the change log and tells subscribers what changed.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid as uuidlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from sernam_desktop.errors import StoreError, UserError
from sernam_desktop.forms import FormDefinition, Section, get_form

APPLICATION_ID = 0x534E4D34  # "SNM4"
SQLITE_MAGIC = b"SQLite format 3\x00"

STATE_DRAFT = "borrador"
STATE_COMPLETE = "completo"
STATE_SENT = "enviado"  # stored: a bundle of this revision was prepared (issue 15: «Listo para enviar»)
# Issue 15: shown, never stored — what the central office answered for the
# current revision (from the receipts opened, see receipts.py).
STATE_RECEIVED = "recibido"
STATE_RETURNED = "devuelto"
STATE_LABELS = {STATE_DRAFT: "Borrador", STATE_COMPLETE: "Completo",
                STATE_SENT: "Listo para enviar", STATE_RECEIVED: "Recibido",
                STATE_RETURNED: "Devuelto con observaciones"}

migrations = Migrations("sernam_desktop")


@migrations()
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


@migrations()
def m002_outbox_receipts(db: sqlite_utils.Database) -> None:
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


SCHEMA_VERSION = len(migrations._migrations)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def new_id() -> str:
    return str(uuidlib.uuid4())


@dataclass
class Changed:
    """What one command changed; screens refresh from this and nothing else."""

    instance_id: str
    fields: set[tuple[str, str]] = field(default_factory=set)  # (section, field)
    cells: set[tuple[str, str]] = field(default_factory=set)  # (row_id, column)
    structure: set[str] = field(default_factory=set)  # sections whose rows were added/removed/moved
    meta: bool = False  # revision, state or identity changed
    created: bool = False

    @property
    def sections(self) -> set[str]:
        return {s for s, _ in self.fields} | set(self.structure)

    def merge(self, other: "Changed") -> None:
        self.fields |= other.fields
        self.cells |= other.cells
        self.structure |= other.structure
        self.meta = self.meta or other.meta
        self.created = self.created or other.created


def _is_sqlite_file(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(16) == SQLITE_MAGIC


# Why a database cannot be used, as StoreError subclasses: the GUI's recovery
# dialog (ui/recovery.py) picks what to offer from ``kind``.
class DatabaseDamaged(StoreError):
    kind = "damaged"


class NotOurDatabase(StoreError):
    kind = "foreign"


class DatabaseTooNew(StoreError):
    kind = "newer"


class DatabaseReadOnly(StoreError):
    kind = "readonly"


class DiskFull(StoreError):
    kind = "full"


class DatabaseBusy(StoreError):
    kind = "busy"


class DiskError(StoreError):
    kind = "io"


def sqlite_error_kind(exc: sqlite3.Error) -> str:
    """Classify a sqlite3 error by its primary result code."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        text = str(exc).lower()
        if "full" in text:
            return "full"
        if "readonly" in text or "read-only" in text:
            return "readonly"
        if "malformed" in text or "not a database" in text:
            return "damaged"
        return "other"
    primary = code & 0xFF
    return {
        13: "full",  # SQLITE_FULL
        8: "readonly",  # SQLITE_READONLY
        3: "readonly",  # SQLITE_PERM
        14: "cantopen",  # SQLITE_CANTOPEN
        11: "damaged",  # SQLITE_CORRUPT
        26: "damaged",  # SQLITE_NOTADB
        5: "busy",  # SQLITE_BUSY
        6: "busy",  # SQLITE_LOCKED
        10: "io",  # SQLITE_IOERR
    }.get(primary, "other")


def store_error_for(exc: sqlite3.Error, path: Path | None, saving: bool = False) -> StoreError:
    """A Spanish :class:`StoreError` explaining a sqlite3 error on ``path``."""
    kind = sqlite_error_kind(exc)
    where = f"«{path}»" if path is not None else "la base de datos"
    kept = " El formulario quedó como estaba antes del cambio." if saving else ""
    if kind == "full":
        return DiskFull(
            f"No queda espacio en el disco para {where}: no se pudo guardar.{kept} "
            "Libere espacio y vuelva a intentarlo."
        )
    if kind == "readonly" or (kind == "cantopen" and path is not None and path.exists()):
        return DatabaseReadOnly(
            f"No se puede escribir en {where}: el archivo o su carpeta es de solo lectura.{kept}"
        )
    if kind == "cantopen":
        return DatabaseReadOnly(f"No se pudo abrir ni crear {where}: revise la carpeta y sus permisos.")
    if kind == "busy":
        return DatabaseBusy(
            f"{where[0].upper()}{where[1:]} está ocupada por otro programa; espere un momento y "
            f"vuelva a intentarlo.{kept}"
        )
    if kind == "io":
        return DiskError(
            f"Error de lectura o escritura del disco en {where} ({exc}).{kept} "
            "Revise el disco o la memoria USB."
        )
    return DatabaseDamaged(f"No se pudo usar {where}: la base de datos está dañada ({exc}).")


class AppDatabase:
    """A SQLite file in one of our application file formats.

    Subclasses set ``application_id``, ``migrations``, ``schema_version`` and
    ``kind_name`` (for messages: "de sernam-desktop", "central de
    sernam-desktop").  Opening refuses what is not ours, what is newer than
    this version, what fails ``quick_check``, and explains read-only, full and
    damaged files in Spanish; a writable file gets WAL and ``synchronous=FULL``.
    """

    application_id: int
    migrations: Migrations
    schema_version: int
    kind_name = "de sernam-desktop"

    def __init__(self, path: str | Path | None = None, *, readonly: bool = False):
        self.path = Path(path) if path is not None else None
        self.readonly = readonly
        self.db = self._connect()

    def foreign_hint(self, app_id: int) -> str:
        """Extra words when the file belongs to a sibling format."""
        return ""

    # ------------------------------------------------------------ opening --
    def _connect(self) -> sqlite_utils.Database:
        if self.path is None:
            db = sqlite_utils.Database(memory=True)
            self._configure(db, fresh=True)
            return db
        p = self.path
        exists = p.exists() and p.stat().st_size > 0
        if exists and not p.is_file():
            raise StoreError(f"«{p}» no es un archivo.")
        if exists and not _is_sqlite_file(p):
            raise NotOurDatabase(
                f"«{p}» no es una base de datos {self.kind_name} (no es un archivo SQLite; "
                "puede estar dañado o ser otro tipo de archivo)."
            )
        if exists and not self.readonly:
            if not os.access(p, os.W_OK):
                raise DatabaseReadOnly(
                    f"El archivo «{p}» es de solo lectura: no se pueden guardar cambios en él. "
                    "Quite el atributo de solo lectura o copie el archivo a una carpeta propia "
                    "(por ejemplo, Documentos)."
                )
            if not os.access(p.parent, os.W_OK):
                raise DatabaseReadOnly(
                    f"La carpeta «{p.parent}» es de solo lectura: la base de datos no se puede "
                    "modificar allí. Copie el archivo a una carpeta propia (por ejemplo, Documentos)."
                )
        if not exists:
            if self.readonly:
                raise StoreError(f"No existe la base de datos «{p}».")
            try:
                p.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"No se pudo crear la carpeta «{p.parent}»: {exc.strerror}.") from None
        try:
            try:
                conn = self._open_connection(p)
                db = sqlite_utils.Database(conn, execute_plugins=False)
                self._configure(db, fresh=not exists)
            except sqlite3.OperationalError as exc:
                # A WAL file in a read-only folder: without -shm, SQLite cannot
                # open it even read-only; nobody can write there, so it is
                # safe to read it as immutable.
                if not (self.readonly and sqlite_error_kind(exc) == "cantopen"
                        and not os.access(p.parent, os.W_OK)):
                    raise
                conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
                db = sqlite_utils.Database(conn, execute_plugins=False)
                self._configure(db, fresh=False)
        except sqlite3.Error as exc:
            raise store_error_for(exc, p) from None
        return db

    def _open_connection(self, p: Path) -> sqlite3.Connection:
        if self.readonly:
            return sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
        return sqlite3.connect(str(p))

    def _configure(self, db: sqlite_utils.Database, fresh: bool) -> None:
        conn = db.conn
        conn.execute("PRAGMA trusted_schema=OFF")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=5000")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table'"
        ).fetchone()[0]
        if not fresh:
            if app_id != self.application_id and (app_id != 0 or has_tables):
                raise NotOurDatabase(
                    f"«{self.path}» es una base de datos SQLite, pero no es una base de datos "
                    f"{self.kind_name}{self.foreign_hint(app_id)}."
                )
            if user_version > self.schema_version:
                raise DatabaseTooNew(
                    f"«{self.path}» fue creada por una versión más reciente de sernam-desktop "
                    f"(esquema {user_version}, esta versión entiende hasta {self.schema_version}). "
                    "Actualice la aplicación."
                )
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise DatabaseDamaged(f"La base de datos «{self.path}» está dañada: {check}.")
        if self.readonly:
            return
        if self.path is not None:
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if mode.lower() != "wal":  # e.g. a network drive: keep going, but durably
                conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")
        if self.migrations.pending(db):
            try:
                self.migrations.apply(db)
            except sqlite3.OperationalError as exc:
                if sqlite_error_kind(exc) != "other":
                    raise store_error_for(exc, self.path) from None
                raise StoreError(f"No se pudo preparar la base de datos «{self.path}»: {exc}.") from None
            with db.atomic():
                conn.execute(f"PRAGMA application_id={self.application_id}")
                conn.execute(f"PRAGMA user_version={self.schema_version}")

    def close(self) -> None:
        try:
            self.db.close()
        except sqlite3.Error:
            pass

    def __enter__(self):  # noqa: ANN204 - returns the subclass
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Store(AppDatabase):
    """A sernam-desktop office database.  ``Store(None)`` is an in-memory database."""

    application_id = APPLICATION_ID
    migrations = migrations
    schema_version = SCHEMA_VERSION

    def __init__(self, path: str | Path | None = None, *, readonly: bool = False):
        self._subscribers: list[Callable[[Changed], None]] = []
        try:
            super().__init__(path, readonly=readonly)
        except StoreError as exc:
            exc.path = self.path  # type: ignore[attr-defined]
            if getattr(exc, "kind", "") in ("damaged", "foreign", "newer") and self.path is not None:
                from sernam_desktop.backup import restore_hint

                exc.cli_hint = restore_hint(self.path)  # type: ignore[attr-defined]
            raise

    # ---------------------------------------------------------- observing --
    def subscribe(self, fn: Callable[[Changed], None]) -> Callable[[], None]:
        self._subscribers.append(fn)
        return lambda: self._subscribers.remove(fn)

    def execute(self, cmd: "Any") -> Changed:
        """Run one command in its own transaction, log it, notify subscribers."""
        if self.readonly:
            raise StoreError("La base de datos está abierta solo para lectura.")
        try:
            with self.db.atomic():
                changed = cmd.execute_in(self)
        except sqlite3.DatabaseError as exc:
            # Disk full, file turned read-only, I/O error: the transaction was
            # rolled back as a whole; say so in Spanish.
            if sqlite_error_kind(exc) == "other":
                raise
            raise store_error_for(exc, self.path, saving=True) from None
        for fn in list(self._subscribers):
            fn(changed)
        return changed

    # ------------------------------------------------------------- reading --
    def instances(self) -> list[dict]:
        return list(self.db.query("SELECT * FROM instances ORDER BY created_at, uuid"))

    def instance(self, instance_id: str) -> dict:
        rows = list(self.db.query("SELECT * FROM instances WHERE uuid = ?", [instance_id]))
        if not rows:
            raise UserError(f"No existe el formulario «{instance_id}» en esta base de datos.")
        return rows[0]

    def has_instance(self, instance_id: str) -> bool:
        return bool(
            self.db.execute("SELECT 1 FROM instances WHERE uuid = ?", [instance_id]).fetchone()
        )

    def form_of(self, instance_id: str) -> FormDefinition:
        inst = self.instance(instance_id)
        form = get_form(inst["form_id"], inst["form_version"])
        if form is None:
            raise UserError(
                f"El formulario usa la definición «{inst['form_id']}» versión "
                f"{inst['form_version']}, que esta versión de la aplicación no conoce."
            )
        return form

    def resolve_instance(self, selector: str | None = None) -> str:
        """The instance a CLI command means: ``--form`` (uuid or prefix) or the only one."""
        insts = self.instances()
        if selector:
            hits = [i for i in insts if i["uuid"].startswith(selector.strip().lower())]
            if len(hits) == 1:
                return hits[0]["uuid"]
            if not hits:
                raise UserError(f"No hay ningún formulario «{selector}» en esta base de datos.")
            raise UserError(f"«{selector}» coincide con varios formularios; escriba más caracteres.")
        if not insts:
            raise UserError(
                "La base de datos no tiene formularios: cree uno con «sernam-desktop new» o "
                "cargue el ejemplo con «sernam-desktop demo»."
            )
        if len(insts) > 1:
            ids = ", ".join(i["uuid"][:8] for i in insts)
            raise UserError(f"La base de datos tiene varios formularios ({ids}); elija uno con --form.")
        return insts[0]["uuid"]

    def field_value(self, instance_id: str, section: str, field_key: str) -> str:
        row = self.db.execute(
            "SELECT value FROM field_values WHERE instance_id=? AND section=? AND field=?",
            [instance_id, section, field_key],
        ).fetchone()
        return row[0] if row and row[0] is not None else ""

    def fields(self, instance_id: str, section: Section) -> dict[str, str]:
        got = {
            r["field"]: r["value"] or ""
            for r in self.db.query(
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
        for r in self.db.query(
            "SELECT c.row_id, c.col, c.value FROM cells c JOIN rows r ON r.id = c.row_id "
            "WHERE r.instance_id=? AND r.section=?",
            [instance_id, section.key],
        ):
            if r["col"] in index[r["row_id"]]:
                index[r["row_id"]][r["col"]] = r["value"] or ""
        return out

    def row(self, row_id: str) -> dict[str, Any]:
        meta = self.db.execute(
            "SELECT instance_id, section, position FROM rows WHERE id=?", [row_id]
        ).fetchone()
        if meta is None:
            raise UserError("La fila ya no existe.")
        cells = {
            r[0]: r[1] or ""
            for r in self.db.execute("SELECT col, value FROM cells WHERE row_id=?", [row_id])
        }
        return {"instance_id": meta[0], "section": meta[1], "position": meta[2], "cells": cells}

    def cell(self, row_id: str, column: str) -> str:
        r = self.db.execute(
            "SELECT value FROM cells WHERE row_id=? AND col=?", [row_id, column]
        ).fetchone()
        return r[0] if r and r[0] is not None else ""

    def content(self, instance_id: str) -> dict[str, Any]:
        """All data of an instance: {section: {field: value}} / {section: [rows]}."""
        form = self.form_of(instance_id)
        data: dict[str, Any] = {}
        for s in form.sections:
            data[s.key] = self.rows(instance_id, s) if s.is_table else self.fields(instance_id, s)
        return data

    def lifecycle(self, instance_id: str) -> str:
        """borrador / completo (a draft with nothing missing) / enviado («Listo para
        enviar») / recibido / devuelto (the last receipt opened for this revision)."""
        from sernam_desktop.validation import completeness

        inst = self.instance(instance_id)
        state = inst["state"]
        if state == STATE_SENT:
            return self._answered(instance_id, inst["revision"]) or STATE_SENT
        missing = completeness(self.form_of(instance_id), self.content(instance_id))
        return STATE_DRAFT if missing else STATE_COMPLETE

    def _answered(self, instance_id: str, revision: int) -> str | None:
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

    def changes(self, instance_id: str | None = None) -> list[dict]:
        if instance_id is None:
            return list(self.db.query("SELECT * FROM changes ORDER BY id"))
        return list(
            self.db.query("SELECT * FROM changes WHERE instance_id=? ORDER BY id", [instance_id])
        )

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

    def _write_cell(self, row_id: str, column: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO cells (row_id, col, value) VALUES (?, ?, ?) "
            "ON CONFLICT(row_id, col) DO UPDATE SET value=excluded.value",
            [row_id, column, value],
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
            "INSERT INTO rows (id, instance_id, section, position) VALUES (?, ?, ?, ?)",
            [row_id, instance_id, section, position],
        )
        self.db.conn.executemany(
            "INSERT INTO cells (row_id, col, value) VALUES (?, ?, ?)",
            [(row_id, k, v) for k, v in cells.items()],
        )
        return position

    def _delete_row(self, row_id: str) -> dict[str, Any]:
        info = self.row(row_id)
        self.db.execute("DELETE FROM cells WHERE row_id=?", [row_id])
        self.db.execute("DELETE FROM rows WHERE id=?", [row_id])
        self.db.execute(
            "UPDATE rows SET position = position - 1 "
            "WHERE instance_id=? AND section=? AND position > ?",
            [info["instance_id"], info["section"], info["position"]],
        )
        return info

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
