"""Opening an application file: a SQLite file in one of our formats.

:class:`AppDatabase` is what the office database (``store.Store``) and the
central database (``central.CentralDatabase``) share: ``PRAGMA
application_id`` marks the file as ours, ``PRAGMA user_version`` is the
schema version (the count of applied sqlite-utils ``Migrations``), WAL journal,
``synchronous=FULL``, a busy timeout, ``integrity_check`` or ``quick_check`` at
every opening, a private copy for reading from a read-only folder, creation
in a temporary file moved into place with a hard link, migrations under
``BEGIN IMMEDIATE``, and :meth:`AppDatabase.write_transaction`.

Why a file cannot be used is a :class:`~sernam_desktop.errors.StoreError`
subclass with a Spanish message (:func:`store_error_for`,
:func:`damaged_message`); the GUI's recovery dialog picks what to offer from
its ``kind``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sernam_desktop.errors import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"


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


if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.migrations import Migrations


class LazyDatabase:
    """sqlite-utils' ``Database`` on one connection, imported when first needed.

    Opening, checking and reading a file, and every cell edit, need only
    ``execute`` and ``conn``: they work without importing sqlite-utils, whose
    import (with pluggy, click and dateutil) was a quarter of the desktop app's
    start-up (issue 17).  Anything else — ``atomic()``, ``db["table"]``,
    ``query``, migrations — builds the real ``sqlite_utils.Database`` on the
    same connection and is answered by it.  The connection gets at once what
    that constructor sets (``recursive_triggers``), so nothing changes when it
    is built.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._full: sqlite_utils.Database | None = None
        conn.execute("PRAGMA recursive_triggers=on;")  # as sqlite_utils.Database(conn) does

    @property
    def full(self) -> sqlite_utils.Database:
        if self._full is None:
            import sqlite_utils

            self._full = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._full

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        if self._full is not None:  # e.g. a tracer set on it
            return self._full.execute(sql, parameters)
        if parameters is not None:
            return self.conn.execute(sql, parameters)
        return self.conn.execute(sql)

    def query(self, sql: str, params: Any = None) -> Iterator[dict[str, Any]]:
        """Rows as dicts, as ``sqlite_utils.Database.query`` gives them."""
        if self._full is not None:
            yield from self._full.query(sql, params)
            return
        cursor = self.execute(sql, params if params is not None else ())
        keys = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(keys, row, strict=True))

    def close(self) -> None:
        self.conn.close()

    def __getitem__(self, name: str) -> Any:
        return self.full[name]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.full, name)


class MigrationSteps:
    """A schema's sqlite-utils migrations, declared in order (``@steps()``, as with
    ``Migrations``) without importing sqlite-utils; :meth:`build` makes the
    ``Migrations`` object when a file needs it (see :class:`lazy_migrations`)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.functions: list[Callable[[Any], None]] = []

    def __call__(self) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
        def add(fn: Callable[[Any], None]) -> Callable[[Any], None]:
            self.functions.append(fn)
            return fn

        return add

    def __len__(self) -> int:
        return len(self.functions)

    def build(self) -> Migrations:
        from sqlite_utils.migrations import Migrations

        m = Migrations(self.name)
        for fn in self.functions:
            m()(fn)
        return m


class lazy_migrations:  # noqa: N801 - used as a class attribute, like a property
    """A class attribute holding a sqlite-utils ``Migrations``, built on first use
    (see :class:`LazyDatabase`): a file already at the current schema version
    never needs it."""

    def __init__(self, build: Callable[[], Migrations]) -> None:
        self.build = build
        self.value: Migrations | None = None

    def __get__(self, obj: object, owner: type) -> Migrations:
        if self.value is None:
            self.value = self.build()
        return self.value


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
    def _connect(self) -> LazyDatabase:
        if self.path is None:
            db = LazyDatabase(sqlite3.connect(":memory:"))
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
                db = LazyDatabase(conn)
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
        from sernam_desktop.files import fsync_dir

        _remove_stale_creations(p)
        tmp = p.with_name(f".{p.name}.creando-{os.getpid()}.tmp")
        _unlink_db_files(tmp)
        try:
            try:
                conn = self._open_connection(tmp)
                try:
                    db = LazyDatabase(conn)
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

    def _open_private_copy(self, p: Path) -> LazyDatabase:
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
        db = LazyDatabase(conn)
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

    def _configure(self, db: LazyDatabase, fresh: bool, creating: bool = False) -> None:
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
                    self.migrations.apply(db.full)
                    conn.execute(f"PRAGMA application_id={self.application_id}")
                    conn.execute(f"PRAGMA user_version={self.schema_version}")
        except sqlite3.OperationalError as exc:
            if sqlite_error_kind(exc) != "other":
                raise store_error_for(exc, self.path) from None
            raise StoreError(f"No se pudo preparar la base de datos «{self.path}»: {exc}.") from None

    def _needs_migration(self, db: LazyDatabase) -> bool:
        """Pending migrations, or a file an older version left half-created
        (tables made, application id not yet set)."""
        app_id = db.conn.execute("PRAGMA application_id").fetchone()[0]
        version = db.conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id == self.application_id and version == self.schema_version:
            # user_version is set with the last migration, in its transaction:
            # a file at the current version has them all (no sqlite-utils needed)
            return False
        return bool(self.migrations.pending(db.full)) or app_id != self.application_id

    def _check(self, db: LazyDatabase, fresh: bool, integrity: bool = True) -> None:
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
    def write_transaction(self) -> Iterator[LazyDatabase]:
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

    @contextmanager
    def checkpoints_aside(self) -> Iterator[Callable[[], None]]:
        """For a long run of write transactions (a merge of thousands of bundles):
        the WAL is copied back into the file by a thread on a connection of its
        own, not by each ``COMMIT`` of this one.  Yields the function to call
        after each commit.

        A commit in WAL mode is durable once the WAL is synced; copying it into
        the database (the checkpoint SQLite runs at a commit past 1,000 pages)
        and syncing the database is housekeeping, which a PASSIVE checkpoint on
        another connection does while this one goes on (sqlite.org/wal.html:
        "checkpoints can run concurrently with writers").  On leaving, the last
        checkpoint is waited for and automatic checkpoints are on again, so
        the file is left as after ordinary commits.  Nothing happens for an
        in-memory, read-only or non-WAL file.
        """
        conn = self.db.conn
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        pages = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        if self.path is None or self.readonly or str(mode).lower() != "wal" or pages <= 0:
            yield lambda: None
            return
        helper = _Checkpointer(str(self.path), self.busy_timeout)
        try:
            conn.execute("PRAGMA wal_autocheckpoint=0")
            yield helper.kick
        finally:
            try:
                helper.close()
            finally:
                conn.execute(f"PRAGMA wal_autocheckpoint={int(pages)}")

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


class _Checkpointer:
    """A thread that runs ``PRAGMA wal_checkpoint(PASSIVE)`` on its own connection
    each time it is kicked (see :meth:`AppDatabase.checkpoints_aside`).

    SQLite releases the GIL while it copies and syncs, so the thread costs the
    writer nothing but the kick.  A checkpoint that fails (the file is busy,
    the disk is full) is left to the next one or to the writer's own automatic
    checkpoints: nothing committed depends on it.
    """

    def __init__(self, path: str, timeout: float) -> None:
        import threading

        self.path = path
        self.timeout = timeout
        self.wake = threading.Condition()
        self.pending = False
        self.closing = False
        self.thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
        self.thread.start()

    def kick(self) -> None:
        with self.wake:
            self.pending = True
            self.wake.notify()

    def close(self) -> None:
        """The last checkpoint (of what was committed until now), then the thread ends."""
        with self.wake:
            self.pending = True
            self.closing = True
            self.wake.notify()
        self.thread.join()

    def _run(self) -> None:
        conn = None
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=self.timeout)
            conn.execute("PRAGMA synchronous=FULL")  # the database file synced after each copy
        except sqlite3.Error:
            pass  # no connection: the writer's own checkpoints resume when the merge ends
        try:
            while True:
                with self.wake:
                    while not self.pending:
                        self.wake.wait()
                    self.pending = False
                    last = self.closing
                if conn is not None:
                    try:
                        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    except sqlite3.Error:
                        pass
                if last:
                    return
        finally:
            if conn is not None:
                conn.close()
