"""The local SQLite file: one per office, holding one or more form instances.

The file is an application file format: ``PRAGMA application_id`` marks it as
ours, ``PRAGMA user_version`` is the schema version (the count of applied
sqlite-utils ``Migrations``), WAL journal, ``synchronous=FULL`` so that a
command that returned survives a crash or a power cut.

Data only changes through :meth:`Store.execute` with a command object from
:mod:`sernam_desktop.commands`; each runs in one ``write_transaction()`` (``BEGIN IMMEDIATE``),
appends to the change log and tells subscribers what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import uuid as uuidlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from sernam_desktop.errors import StoreError, UserError
from sernam_desktop.forms import FormDefinition, Section, get_form

APPLICATION_ID = 0x534E4D34  # "SNM4"
SQLITE_MAGIC = b"SQLite format 3\x00"

from sernam_desktop.validation import (  # noqa: E402, F401 (re-exported; one lifecycle rule)
    STATE_COMPLETE,
    STATE_DRAFT,
    STATE_LABELS,
    STATE_SENT,
    lifecycle_state,
)

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


@migrations()
def m003_database_id(db: sqlite_utils.Database) -> None:
    """Which database this file is, whatever its name or folder (a random uuid).

    Copies of the file (backups, a restore) keep it; a new database gets its
    own.  Backups are kept and matched by it (backup.py), not by file name.
    """
    db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('database_id', ?)",
               [str(uuidlib.uuid4())])


def database_id_of(conn: sqlite3.Connection) -> str | None:
    """The ``database_id`` stored in an open office database, or None (older file)."""
    try:
        r = conn.execute("SELECT value FROM meta WHERE key = 'database_id'").fetchone()
    except sqlite3.Error:
        return None
    return r[0] if r and isinstance(r[0], str) and r[0] else None


SCHEMA_VERSION = len(migrations._migrations)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_id() -> str:
    """A new instance or row id: a random UUID, always lower-case."""
    return str(uuidlib.uuid4())


def normalise_id(value: str) -> str:
    """Ids from elsewhere (imports) are accepted in any case and kept lower-case."""
    return value.strip().lower()


def content_hash(data: dict[str, Any]) -> str:
    """sha256 of the canonical JSON of a form's ``data`` (sorted keys, no spaces, UTF-8).

    The identity of a version of a form: docs/bundle-format.md §3.1.
    """
    canon = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


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
            f"Error de lectura o escritura del disco en {where} (código SQLite "
            f"{getattr(exc, 'sqlite_errorcode', '?')}).{kept} "
            "Revise el disco o la memoria USB."
        )
    return DatabaseDamaged(f"No se pudo usar {where}: la base de datos está dañada ({exc}).")


# A full ``integrity_check`` at every opening up to this size (file + WAL):
# measured by bench/bench_integrity.py, a few MB take milliseconds (see
# docs/data-safety.md).  Larger files get ``quick_check`` unless the previous
# session ended without closing.
FULL_CHECK_MAX_BYTES = 64 * 1024 * 1024


def damaged_message(path: Path | None, problems: list[str]) -> str:
    """One Spanish sentence for integrity_check/quick_check output (one or many lines)."""
    where = f"«{path}»" if path is not None else "en memoria"
    lines = [" ".join(str(x).split()) for x in problems if str(x).strip()]
    first = lines[0] if lines else "sin detalle"
    if len(first) > 160:
        first = first[:157] + "…"
    if len(lines) > 1:
        more = f"{len(lines)} problemas{'' if len(lines) < 100 else ' o más'}; el primero: {first}"
    else:
        more = f"1 problema: {first}"
    return (f"La base de datos {where} está dañada (la revisión de integridad encontró "
            f"{more}) y no se abrirá para editar.")


def _unlink_db_files(p: Path) -> None:
    for f in (p, *(Path(str(p) + s) for s in ("-journal", "-wal", "-shm"))):
        try:
            f.unlink()
        except OSError:
            pass


def _remove_stale_creations(p: Path) -> None:
    """Remove temporary files of creations killed before they finished."""
    prefix = f".{p.name}.creando-"
    try:
        leftovers = [f for f in p.parent.iterdir() if f.name.startswith(prefix)]
    except OSError:
        return
    for f in leftovers:
        pid_text = f.name[len(prefix):].split(".", 1)[0]
        if pid_text.isdigit() and int(pid_text) != os.getpid() and _process_alive(int(pid_text)):
            continue  # another process is creating it right now
        try:
            f.unlink()
        except OSError:
            pass


def _process_alive(pid: int) -> bool:
    if os.name != "posix":  # Windows: an open file cannot be removed, so try anyway
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _rename_no_clobber(tmp: Path, p: Path) -> None:
    """Move the complete new database into place, never over a real one."""
    try:
        os.link(tmp, p)  # atomic and refuses an existing target
        return
    except FileExistsError:
        if p.stat().st_size > 0:
            return  # another process created it meanwhile: use theirs
    except OSError:
        pass  # no hard links here (FAT/exFAT USB stick): plain rename
    os.replace(tmp, p)


def busy_timeout_from_env(default: float) -> float:
    """Seconds to wait for another process's write lock (env override for tests)."""
    raw = os.environ.get("SERNAM_DESKTOP_BUSY_TIMEOUT", "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        return default
    return value if 0 <= value <= 3600 else default


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
    #: seconds a write waits for another process's write transaction
    #: (``SERNAM_DESKTOP_BUSY_TIMEOUT`` overrides it, e.g. for tests).
    default_busy_timeout = 5.0

    def __init__(self, path: str | Path | None = None, *, readonly: bool = False,
                 full_check: bool = False):
        self.path = Path(path) if path is not None else None
        self.readonly = readonly
        # Run a full integrity_check whatever the size (the caller knows the
        # previous session ended without closing).
        self.full_check = full_check
        # Read-only opening that had to copy the file (and its -wal) to a
        # private folder to see every committed edit: removed on close.
        self.private_copy: Path | None = None
        self.busy_timeout = busy_timeout_from_env(self.default_busy_timeout)
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
        if p.exists() and not p.is_file():
            raise StoreError(f"«{p}» no es un archivo de base de datos (es una carpeta o un dispositivo).")
        exists = p.exists() and p.stat().st_size > 0
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
                from sernam_desktop.fileid import os_reason

                raise StoreError(f"No se pudo crear la carpeta «{p.parent}»: {os_reason(exc)}.") from None
            self._create(p)
        try:
            try:
                conn = self._open_connection(p)
                db = sqlite_utils.Database(conn, execute_plugins=False)
                self._configure(db, fresh=False)
            except sqlite3.OperationalError as exc:
                # Read-only folder: SQLite cannot create the -shm file, so a
                # WAL file cannot be read in place (SQLITE_READONLY_DIRECTORY,
                # 1544, for a normal user; SQLITE_CANTOPEN under root with an
                # immutable folder).  ``immutable=1`` would ignore the WAL and
                # silently miss committed edits: read a private copy instead.
                if not (self.readonly and sqlite_error_kind(exc) in ("cantopen", "readonly")):
                    raise
                try:
                    conn.close()
                except (NameError, sqlite3.Error):
                    pass
                db = self._open_private_copy(p)
        except sqlite3.Error as exc:
            self._drop_private_copy()
            raise store_error_for(exc, p) from None
        except BaseException:
            self._drop_private_copy()
            raise
        return db

    def _create(self, p: Path) -> None:
        """Build a new, complete database in a temporary file beside ``p`` and
        rename it into place: a crash during creation leaves no half-made file
        at ``p`` (only a temporary one, removed by the next creation)."""
        from sernam_desktop.fileid import fsync_dir

        _remove_stale_creations(p)
        tmp = p.with_name(f".{p.name}.creando-{os.getpid()}.tmp")
        _unlink_db_files(tmp)
        try:
            try:
                conn = self._open_connection(tmp)
                try:
                    db = sqlite_utils.Database(conn, execute_plugins=False)
                    self._configure(db, fresh=True, creating=True)
                finally:
                    conn.close()
            except sqlite3.Error as exc:
                raise store_error_for(exc, p) from None
            try:
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
                _rename_no_clobber(tmp, p)
            except OSError as exc:
                from sernam_desktop.fileid import os_reason

                raise StoreError(f"No se pudo crear la base de datos «{p}»: {os_reason(exc)}.") from None
            fsync_dir(p.parent)
        finally:
            _unlink_db_files(tmp)

    def _open_private_copy(self, p: Path) -> sqlite_utils.Database:
        """Copy the file and its -wal/-journal to a private temporary folder and
        open the copy: every committed edit is visible, nothing is written
        beside the original.  The copy is checked like any file."""
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="sernam-lectura-"))
        self.private_copy = folder / p.name
        sides = ("-wal", "-journal")

        def state() -> list[tuple[int, int] | None]:
            out: list[tuple[int, int] | None] = []
            for f in (p, *(Path(str(p) + s) for s in sides)):
                try:
                    st = f.stat()
                    out.append((st.st_size, st.st_mtime_ns))
                except OSError:
                    out.append(None)
            return out

        for _ in range(5):  # a copy taken while nobody wrote (the folder is read-only to us)
            before = state()
            _unlink_db_files(self.private_copy)
            try:
                shutil.copyfile(p, self.private_copy)
                for s in sides:
                    src = Path(str(p) + s)
                    if src.exists():
                        shutil.copyfile(src, Path(str(self.private_copy) + s))
            except OSError as exc:
                from sernam_desktop.fileid import os_reason

                raise DatabaseReadOnly(
                    f"No se pudo leer «{p}» desde su carpeta de solo lectura: {os_reason(exc)}."
                ) from None
            if state() == before:
                break
        else:
            raise DatabaseBusy(
                f"«{p}» cambia mientras se lee y su carpeta es de solo lectura: "
                "espere un momento y vuelva a intentarlo."
            )
        # Opened read-write (it is ours alone) so that SQLite can replay the
        # WAL or roll back a hot journal; Store.readonly still refuses edits.
        conn = sqlite3.connect(str(self.private_copy), isolation_level=None)
        db = sqlite_utils.Database(conn, execute_plugins=False)
        self._configure(db, fresh=False)
        return db

    def _drop_private_copy(self) -> None:
        copy, self.private_copy = self.private_copy, None
        if copy is not None:
            import shutil

            shutil.rmtree(copy.parent, ignore_errors=True)

    def _open_connection(self, p: Path) -> sqlite3.Connection:
        # Autocommit at the driver level (isolation_level=None): Python's
        # sqlite3 must not open deferred transactions behind our back; every
        # write transaction is an explicit BEGIN IMMEDIATE (write_transaction).
        if self.readonly:
            return sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True,
                                   isolation_level=None, timeout=self.busy_timeout)
        return sqlite3.connect(str(p), isolation_level=None, timeout=self.busy_timeout)

    def _needs_full_check(self) -> bool:
        """integrity_check (which also compares every index with its table) when
        the file is small enough for it to take milliseconds, or after an unclean
        shutdown (a -wal file left behind, or the caller says so)."""
        if self.full_check or self.path is None:
            return True
        try:
            size = self.path.stat().st_size
        except OSError:
            return True
        wal = Path(str(self.path) + "-wal")
        try:
            wal_size = wal.stat().st_size
        except OSError:
            wal_size = 0
        return wal_size > 0 or size + wal_size <= FULL_CHECK_MAX_BYTES

    def _configure(self, db: sqlite_utils.Database, fresh: bool, creating: bool = False) -> None:
        self.db = db
        conn = db.conn
        conn.execute("PRAGMA trusted_schema=OFF")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")
        self._check(db, fresh)  # before anything is written: a foreign file stays untouched
        if self.readonly:
            return
        if self.path is not None and not creating:
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if mode.lower() != "wal":  # e.g. a network drive: keep going, but durably
                conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")
        if not self._needs_migration(db):
            return
        # Creating or upgrading: under the write lock, checked again, so two
        # processes creating the same file run one after the other and the
        # second one finds the finished file with nothing left to do.
        try:
            with self.write_transaction():
                self._check(db, fresh, integrity=False)
                if self._needs_migration(db):
                    self.migrations.apply(db)
                    conn.execute(f"PRAGMA application_id={self.application_id}")
                    conn.execute(f"PRAGMA user_version={self.schema_version}")
        except sqlite3.OperationalError as exc:
            if sqlite_error_kind(exc) != "other":
                raise store_error_for(exc, self.path) from None
            raise StoreError(f"No se pudo preparar la base de datos «{self.path}»: {exc}.") from None

    def _needs_migration(self, db: sqlite_utils.Database) -> bool:
        """Pending migrations, or a file an older version left half-created
        (tables made, application id not yet set)."""
        app_id = db.conn.execute("PRAGMA application_id").fetchone()[0]
        return bool(self.migrations.pending(db)) or app_id != self.application_id

    def _check(self, db: sqlite_utils.Database, fresh: bool, integrity: bool = True) -> None:
        conn = db.conn
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table'"
        ).fetchone()[0]
        if has_tables or app_id:
            fresh = False  # another process created it meanwhile: check it like any file
        if not fresh:
            if app_id != self.application_id and (app_id != 0 or has_tables) and not (
                app_id == 0 and self._half_created(conn)
            ):
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
            if integrity:
                pragma = "integrity_check(100)" if self._needs_full_check() else "quick_check(100)"
                problems = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
                if problems != ["ok"]:
                    raise DatabaseDamaged(damaged_message(self.path, problems))

    # --------------------------------------------------------- transactions --
    @contextmanager
    def write_transaction(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction, started as ``BEGIN IMMEDIATE``.

        The write lock is taken before the first read, so a writer waits (up to
        the busy timeout) for another process's transaction instead of failing
        at once with SQLITE_BUSY as a deferred ``BEGIN`` that reads first does.
        Rolled back as a whole on any exception.  Nested, it is a savepoint.
        """
        conn = self.db.conn
        if conn.in_transaction:
            with self.db.atomic():
                yield self.db
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _half_created(self, conn: sqlite3.Connection) -> bool:
        """A file an older version began to create and never finished (killed
        between the tables and the application id): ours, to finish, not foreign."""
        try:
            n = conn.execute(
                "SELECT count(*) FROM _sqlite_migrations WHERE migration_set=?",
                [self.migrations.name],
            ).fetchone()[0]
        except sqlite3.Error:
            return False
        return n > 0

    def close(self) -> None:
        try:
            self.db.close()
        except sqlite3.Error:
            pass
        self._drop_private_copy()

    def __enter__(self):  # noqa: ANN204 - returns the subclass
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Store(AppDatabase):
    """A sernam-desktop office database.  ``Store(None)`` is an in-memory database."""

    application_id = APPLICATION_ID
    migrations = migrations
    schema_version = SCHEMA_VERSION

    def __init__(self, path: str | Path | None = None, *, readonly: bool = False,
                 full_check: bool = False):
        self._subscribers: list[Callable[[Changed], None]] = []
        if path is not None:  # a restore killed half-way: finish or undo it, never start empty
            from sernam_desktop.backup import finish_interrupted_restore as _finish
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

    def lifecycle(self, instance_id: str) -> str:
        """borrador / completo (a draft with nothing missing) / enviado."""
        inst = self.instance(instance_id)
        if inst["state"] == STATE_SENT:
            return STATE_SENT
        return lifecycle_state(self.form_for(inst), self.content(instance_id), inst["state"])

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
