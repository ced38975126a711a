"""The central office's database: every region's bundles merged safely.

Its own SQLite file (default :func:`sernam_desktop.paths.central_db_path`), its
own sqlite-utils ``Migrations`` and ``PRAGMA application_id`` = ``0x534E4D43``
("SNMC"; the regional store is "SNM4"), WAL + ``synchronous=FULL``.

Tables:

``submissions``  every accepted bundle (one form revision, the full interchange
                 document as JSON); triggers refuse DELETE and any change to
                 the received content: history is never lost.
``instances``    one row per form instance (uuid): its current (official)
                 submission and whether it is active (an instance set aside
                 when resolving a duplicate-form conflict is inactive).
``conflicts``    flagged conflicts, both versions kept, until resolved.
``imports``      the import log: one row per bundle merged (accepted,
                 duplicate, older, conflict).  Rejected bundles are reported
                 to the caller but never touch the database.
``ancestors``    the lineage of each version-2 submission (content hashes it
                 descends from).
``regiones``, views ``vigentes``, ``filas_vigentes``: for analysts, see
                 :mod:`sernam_desktop.central_sql` and docs/central-sql.md.

Merging policy (after ODK Central / KoboToolbox; docs/bundle-format.md §7):
a version succeeds the official one only when it descends from it (its
lineage holds the official content hash; version-1 bundles: a higher
revision).  The official version and the open conflicts of an instance are
recomputed after every bundle from the *set* of versions received and the
choices made in :meth:`CentralDB.resolve` — never from the order of arrival.

* **accepted** — new instance, or a successor of the official version.
* **duplicate** — same instance, revision and content hash already here
  (or byte-identical file): nothing changes.
* **older** — a version another stored version supersedes: history only.
* **conflict** — two heads (versions nothing supersedes) of one instance,
  or another active instance for the same servicio/región/año.
* **rejected** — the bundle failed a check (see :mod:`sernam_desktop.bundle`).

Bundles are checked before the write lock is taken; each batch is one
``BEGIN IMMEDIATE`` transaction with a savepoint per bundle, so concurrent
merges wait for each other.  Qt-free.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import sqlite3
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sernam_desktop.appfile import (
    AppDatabase,
    DatabaseBusy,
    MigrationSteps,
    lazy_migrations,
    sqlite_error_kind,
)
from sernam_desktop.bundle import MAX_BUNDLE_BYTES, SUFFIX, Bundle, _sha256, parse_bundle, slug
from sernam_desktop.errors import UserError
from sernam_desktop.files import read_regular_file
from sernam_desktop.forms import FormDefinition, get_form
from sernam_desktop.regions import NATIONAL_CODE, all_choices, by_code
from sernam_desktop.signing import Verified
from sernam_desktop.store import APPLICATION_ID as OFFICE_APPLICATION_ID
from sernam_desktop.store import now_iso
from sernam_desktop.validation import completeness, status_counts

if TYPE_CHECKING:
    import sqlite_utils

CENTRAL_APPLICATION_ID = 0x534E4D43  # "SNMC"
BATCH = 400  # bundles per transaction when merging many (each one in its own savepoint)
PARALLEL_MIN = 48  # unknown bundles left before worker processes are worth starting

ACCEPTED, DUPLICATE, OLDER, CONFLICT, REJECTED = (
    "accepted", "duplicate", "older", "conflict", "rejected")
OUTCOME_LABELS = {
    ACCEPTED: "aceptado", DUPLICATE: "duplicado", OLDER: "anterior",
    CONFLICT: "conflicto", REJECTED: "rechazado",
    "held": "retenido",  # issue 15: signed by another key, see trust.py
}
KIND_REVISION, KIND_IDENTITY = "revision", "identity"
# How a conflict was closed: a person chose a version, or a later version made it moot.
RESOLVED_CHOSEN, RESOLVED_SUPERSEDED = "elegida", "reemplazada"
BUSY_MESSAGE = "la base central está ocupada por otro proceso; reintente."
# Rows written by the merge one bundle at a time and a batch at a time (_BatchWrites).
ANCESTOR_INSERT = "INSERT OR IGNORE INTO ancestors (submission_id, content_hash) VALUES (?, ?)"
INSTANCE_INSERT = (
    "INSERT INTO instances (uuid, servicio, servicio_key, region, anio, current_submission, "
    "active, first_received, last_received) VALUES (?,?,?,?,?,?,?,?,?)")
IMPORT_INSERT = (
    "INSERT INTO imports (at, file_name, file_sha256, outcome, message, submission_id, "
    "instance_uuid, revision, region, anio, servicio) VALUES (?,?,?,?,?,?,?,?,?,?,?)")


class CentralBusy(DatabaseBusy):
    """Another process held the central file's write lock past the busy timeout."""

# sqlite-utils ``Migrations``, built when a file needs them (appfile.MigrationSteps):
# importing this module — e.g. in a merge's worker process — imports no sqlite-utils.
migrations_steps = MigrationSteps("sernam_desktop_central")


@migrations_steps()
def m001_initial(db: sqlite_utils.Database) -> None:
    db["submissions"].create(
        {
            "id": int, "instance_uuid": str, "revision": int, "form_id": str,
            "form_version": int, "servicio": str, "servicio_key": str, "region": str,
            "anio": int, "state": str, "content_hash": str, "exported_at": str,
            "app_version": str, "received_at": str, "bundle_name": str,
            "bundle_sha256": str, "pdf_sha256": str, "complete": int, "missing": int,
            "document": str,
        },
        pk="id",
        not_null={"instance_uuid", "revision", "content_hash", "received_at", "document"},
    )
    db["submissions"].create_index(["instance_uuid", "revision", "content_hash"], unique=True)
    db["submissions"].create_index(["bundle_sha256"])
    db["instances"].create(
        {
            "uuid": str, "servicio": str, "servicio_key": str, "region": str, "anio": int,
            "current_submission": int, "active": int, "first_received": str,
            "last_received": str,
        },
        pk="uuid",
        foreign_keys=[("current_submission", "submissions", "id")],
    )
    db["instances"].create_index(["servicio_key", "region", "anio"])
    db["conflicts"].create(
        {
            "id": int, "kind": str, "region": str, "anio": int, "servicio": str,
            "submission_a": int, "submission_b": int, "opened_at": str,
            "resolved_at": str, "official_submission": int,
        },
        pk="id",
        foreign_keys=[("submission_a", "submissions", "id"),
                      ("submission_b", "submissions", "id")],
    )
    db["imports"].create(
        {
            "id": int, "at": str, "file_name": str, "file_sha256": str, "outcome": str,
            "message": str, "submission_id": int, "instance_uuid": str, "revision": int,
            "region": str, "anio": int, "servicio": str,
        },
        pk="id",
    )
    db.execute(
        "CREATE TRIGGER submissions_no_delete BEFORE DELETE ON submissions "
        "BEGIN SELECT RAISE(ABORT, 'el historial no se borra'); END"
    )
    db.execute(
        "CREATE TRIGGER submissions_no_rewrite BEFORE UPDATE OF instance_uuid, revision, "
        "content_hash, document ON submissions "
        "BEGIN SELECT RAISE(ABORT, 'el historial no se modifica'); END"
    )
    db.execute(
        "CREATE TRIGGER imports_no_delete BEFORE DELETE ON imports "
        "BEGIN SELECT RAISE(ABORT, 'el registro de importaciones no se borra'); END"
    )


@migrations_steps()
def m002_lineage(db: sqlite_utils.Database) -> None:
    """Bundle format 2: the lineage of each version, and how a conflict was closed."""
    db.execute("ALTER TABLE submissions ADD COLUMN bundle_format INTEGER NOT NULL DEFAULT 1")
    db["ancestors"].create({"submission_id": int, "content_hash": str},
                           pk=("submission_id", "content_hash"),
                           foreign_keys=[("submission_id", "submissions", "id")])
    db.execute("ALTER TABLE conflicts ADD COLUMN resolution TEXT")
    db["submissions"].create_index(["instance_uuid"])


@migrations_steps()
def m003_analyst_views(db: sqlite_utils.Database) -> None:
    """Table ``regiones`` and views ``vigentes``/``filas_vigentes`` (docs/central-sql.md)."""
    from sernam_desktop import central_sql

    central_sql.create(db)


@migrations_steps()
def m_issue15_review_receipts(db: sqlite_utils.Database) -> None:
    """Issue 15: keys, pinned region keys, held bundles, reviews, receipts (review.py)."""
    from sernam_desktop.review import create_tables

    create_tables(db)


@migrations_steps()
def m004_status_counts(db: sqlite_utils.Database) -> None:
    """Each version's row-status counts, stored when it is received (issue 17 §4:
    ``central status`` and the report's summary never read the documents)."""
    db.execute("ALTER TABLE submissions ADD COLUMN status_counts TEXT")
    last = 0
    while True:  # in chunks: memory stays bounded on a large central file
        rows = db.execute(
            "SELECT id, form_id, form_version, document FROM submissions WHERE id > ? "
            "ORDER BY id LIMIT 200", [last]).fetchall()
        if not rows:
            break
        for sid, fid, fver, document in rows:
            form = get_form(fid, fver)
            if form is not None:
                db.execute("UPDATE submissions SET status_counts=? WHERE id=?",
                           [_counts_json(form, json.loads(document)["data"]), sid])
            last = sid


def _counts_json(form: FormDefinition, data: dict[str, Any]) -> str:
    return json.dumps(status_counts(form, data), ensure_ascii=False, separators=(",", ":"))


SCHEMA_VERSION = len(migrations_steps)



@dataclass(frozen=True)
class _Version:
    """What the merge policy needs of one received version."""

    id: int
    revision: int
    content_hash: str
    exported_at: str
    ancestors: set[str] | None  # None: a version-1 bundle (no lineage)
    servicio: str
    servicio_key: str
    region: str
    anio: int


def _supersedes(x: _Version, y: _Version) -> bool:
    """Whether ``x`` replaces ``y`` (two versions of one instance).

    Both with lineage: ``x`` descends from ``y`` (``y``'s content hash is one of
    ``x``'s ancestors) and not the other way round.  A version-1 bundle on
    either side: the higher revision replaces the lower one, as before lineage.
    """
    if x.ancestors is not None and y.ancestors is not None:
        return y.content_hash in x.ancestors and x.content_hash not in y.ancestors
    return x.revision > y.revision


@dataclass
class _Ready:
    """A bundle that passed every check, reduced to what the writer stores.

    Small and picklable: built by :func:`_check_raw`, in a worker process when
    many bundles are merged at once.
    """

    name: str
    sha: str
    uuid: str
    revision: int
    content_hash: str
    lineage: list[str] | None  # None: a version-1 bundle
    format_version: int
    form_id: str
    form_version: int
    servicio: str
    region: str
    anio: int
    state: str
    exported_at: str
    app_version: str
    pdf_sha: str
    missing: int
    status_counts: str  # JSON of validation.status_counts
    document: bytes  # the interchange document's JSON (UTF-8): data.json as received
    signature: Verified | None = None  # issue 15: the key that signed it (None: «sin firma»)
    servicio_key: str = ""  # slug(servicio, 200), computed where the bundle is checked

    # what trust.py and review.py read of a bundle (issue 15)
    @property
    def sha256(self) -> str:
        return self.sha

    @property
    def header(self) -> dict[str, Any]:
        return {"servicio": self.servicio, "region": self.region, "anio": self.anio}


@dataclass
class _Prepared:
    """A bundle read and checked before the write lock is taken.

    ``ready`` and ``rejected`` both None: byte-identical to a bundle already
    stored (by ``sha``), so it was not parsed again.  ``raw`` is the file's
    bytes when this process read them; a bundle checked by a worker process
    carries only its ``path`` (its bytes are read again, and their sha256
    compared, in the rare case they must be stored: a held bundle).
    """

    name: str
    sha: str
    ready: _Ready | None = None
    rejected: Outcome | None = None
    raw: bytes = b""  # issue 15: kept for a bundle held for its signature (trust.py)
    path: str = ""

    def file_bytes(self) -> bytes:
        """The bundle's bytes, exactly those that were checked (UserError if the file
        changed since)."""
        if self.raw or not self.path:
            return self.raw
        got = _read_file(Path(self.path))
        if isinstance(got, _Prepared) or got[1] != self.sha:
            raise UserError("el archivo cambió mientras se incorporaba; incorpórelo de nuevo.")
        return got[0]


def _ready(b: Bundle) -> _Ready:
    hdr = b.header
    app = b.manifest.get("app")
    return _Ready(
        name=b.name, sha=b.sha256, uuid=b.uuid, revision=b.revision,
        content_hash=b.content_hash, lineage=b.lineage, format_version=b.format_version,
        form_id=b.form.id, form_version=b.form.version, servicio=hdr["servicio"],
        region=hdr["region"], anio=int(hdr["anio"]), state=b.doc["instance"]["state"],
        exported_at=b.manifest["exported_at"],
        app_version=str(app.get("version", ""))[:40] if isinstance(app, dict) else "",
        # checked equal to the PDF's own sha256 when the bundle was read
        pdf_sha=b.manifest["members"]["form.pdf"]["sha256"],
        missing=len(completeness(b.form, b.doc["data"])),
        status_counts=_counts_json(b.form, b.doc["data"]),
        document=b.data_json or json.dumps(
            b.doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        signature=b.signature, servicio_key=slug(hdr["servicio"], 200))


def _check_raw(raw: bytes, name: str, sha: str) -> _Prepared:
    """Parse and check one bundle (every check of :func:`parse_bundle`); no database."""
    try:
        b = parse_bundle(raw, name, sha)
    except UserError as exc:
        msg = str(exc)
        prefix = f"«{name}» no es un envío válido: "
        msg = msg[len(prefix):] if msg.startswith(prefix) else msg
        return _Prepared(name, sha, rejected=Outcome(REJECTED, name, msg))
    return _Prepared(name, sha, ready=_ready(b))


_KNOWN: frozenset[str] = frozenset()  # in a worker process: files stored when the merge began


def _init_worker(known: frozenset[str]) -> None:
    global _KNOWN
    _KNOWN = known


def _check_paths(paths: list[str], known: frozenset[str] | None = None) -> list[_Prepared]:
    """Worker-process entry point: read, hash and check a few bundle files.

    A file byte-identical to one stored when the merge began is not parsed (the
    writer looks it up again anyway).  No bytes travel back to the writer.
    """
    known = _KNOWN if known is None else known
    out = []
    for p in paths:
        got = _read_file(p)
        if isinstance(got, _Prepared):
            out.append(got)
            continue
        raw, sha = got
        name = os.path.basename(p)
        x = _Prepared(name, sha) if sha in known else _check_raw(raw, name, sha)
        x.path = p
        out.append(x)
    return out


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_plain_file(p: str | Path) -> bytes | None:
    """The bytes of a regular file within the size bound, in three system calls;
    None for anything else (missing, a folder, a FIFO, too big, an error), which
    :func:`_read_file` then reads the careful way, for its message."""
    try:
        fd = os.open(p, _READ_FLAGS)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BUNDLE_BYTES:
            return None
        raw = os.read(fd, st.st_size + 1)  # a short read of a regular file is its end
        if len(raw) != st.st_size:
            return None  # it changed while being read: the careful way decides
        return raw
    except OSError:
        return None
    finally:
        os.close(fd)


def _read_file(path: str | Path) -> tuple[bytes, str] | _Prepared:
    """(contents, sha256) of a bundle file, or its rejection (missing, folder, too big…)."""
    raw = _read_plain_file(path)
    if raw is not None:
        return raw, _sha256(raw)
    p = Path(path)
    name = p.name
    try:
        if p.is_dir():
            raise UserError(f"«{p}» es una carpeta sin envíos.")
        p.stat()  # a missing file keeps its own message (FileNotFoundError below)
        # regular files only, read with a bound (a FIFO or /dev/zero must not hang)
        raw = read_regular_file(
            p, MAX_BUNDLE_BYTES, f"«{name}» no es un envío válido: es demasiado grande.")
    except FileNotFoundError:
        return _Prepared(name, "", rejected=Outcome(REJECTED, name,
                                                    f"no existe el archivo «{p}»."))
    except UserError as exc:
        return _Prepared(name, "", rejected=Outcome(REJECTED, name, str(exc)))
    except OSError as exc:
        return _Prepared(name, "", rejected=Outcome(
            REJECTED, name, f"no se pudo leer ({exc.strerror or exc})."))
    return raw, _sha256(raw)


def merge_workers() -> int:
    """Worker processes that check bundles while this one writes (0: no pool).

    One per core but the writer's own, up to 3: the writer checks bundles too
    whenever it has nothing to write (:class:`_Checker`), so every core works
    and none is shared by two busy processes.  ``SERNAM_DESKTOP_MERGE_WORKERS``
    overrides (0 turns the pool off).
    """
    env = os.environ.get("SERNAM_DESKTOP_MERGE_WORKERS", "").strip()
    if env.isdigit():
        return int(env)
    return max(0, min(3, (os.cpu_count() or 1) - 1))


class _Task:
    """Bundle files handed to the pool: their future, or the results once known."""

    __slots__ = ("paths", "future", "done")

    def __init__(self, paths: list[str], future: Any) -> None:
        self.paths = paths
        self.future = future
        self.done: list[_Prepared] | None = None


def _digests(paths: list[str]) -> list[str | _Prepared]:
    """Thread entry point of :class:`_Digests`: each file's sha256, or its rejection."""
    out: list[str | _Prepared] = []
    for p in paths:
        got = _read_file(p)
        out.append(got if isinstance(got, _Prepared) else got[1])
    return out


class _Digests:
    """The sha256 of the files ahead of the writer, computed in threads.

    A re-merge reads and hashes every file and parses none; ``os.read`` and
    hashlib release the GIL, so threads hash several files at once while the
    writer logs the ones before.  Only digests are kept: a file that turns out
    to be new is read (and hashed) again where it is checked, so what is
    checked is what is stored.  Batches grow from a few files: when a new
    file starts the worker processes, which hash what they check, this stops
    having hashed only a handful of files twice.
    """

    FIRST = 8  # files in the first batch, doubling up to LARGEST
    LARGEST = 64
    AHEAD = 1024  # files hashed ahead of the writer (only digests are kept)

    def __init__(self, files: list[str], threads: int) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.files = files
        self.pool: Any = ThreadPoolExecutor(threads)
        self.jobs: deque[tuple[int, int, Any]] = deque()  # (first, end, future)
        self.end = 0  # files up to here are submitted
        self.size = self.FIRST

    def get(self, i: int) -> str | _Prepared | None:
        """File ``i``'s digest or rejection; None if it was not hashed ahead."""
        got = None
        while self.jobs and self.jobs[0][1] <= i:
            self.jobs.popleft()
        if self.jobs and self.jobs[0][0] <= i:
            first, _, future = self.jobs[0]
            got = future.result()[i - first]
        self._fill(max(self.end, i + 1), i + self.AHEAD)
        return got

    def _fill(self, start: int, until: int) -> None:
        self.end = start
        until = min(until, len(self.files))
        while self.pool is not None and self.end < until:
            first, self.end = self.end, min(len(self.files), self.end + self.size)
            self.jobs.append((first, self.end, self.pool.submit(_digests,
                                                                self.files[first:self.end])))
            self.size = min(self.LARGEST, 2 * self.size)

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.jobs.clear()


class _Checker:
    """Checks bundles in order: in this process, or in a pool of worker processes.

    Until the pool starts, this process reads and hashes each file itself (a
    file already stored is never parsed again, so a re-merge starts no pool).
    The pool starts when enough unknown bundles are left to repay its start;
    from then on the workers get file *paths*: they read, hash and check, and
    only the reduced result comes back.  While the writer has nothing to write
    it takes a queued task back from the pool and checks it itself (a task not
    yet picked by a worker can be cancelled), so no core idles while the
    workers start.  At most ``AHEAD`` bundles are in flight, so memory stays
    bounded whatever the number of files; results come back in file order.
    Before the pool starts, threads hash the files ahead (:class:`_Digests`).
    """

    CHUNK = 8  # bundles per task
    AHEAD = 256  # bundles queued ahead of the writer

    def __init__(self, workers: int, known: set[str], files: list[str]) -> None:
        self.workers = workers
        self.known = frozenset(known)
        self.files = files
        self.pool: Any = None
        self.queue: deque[_Prepared | _Task] = deque()
        self.chunk: list[str] = []
        self.in_flight = 0
        self.digests: _Digests | None = None
        if workers > 0 and self.known and len(files) >= PARALLEL_MIN:
            self.digests = _Digests(files, min(4, os.cpu_count() or 1))

    def _start(self) -> bool:
        if self.pool is None and self.workers > 0:
            try:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                self.pool = ProcessPoolExecutor(
                    self.workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_worker, initargs=(self.known,))
            except (OSError, ImportError, NotImplementedError):
                self.workers = 0
        if self.pool is not None and self.digests is not None:
            self.digests.stop()  # the workers hash what they check
            self.digests = None
        return self.pool is not None

    def flush(self) -> None:
        if not self.chunk:
            return
        paths, self.chunk = self.chunk, []
        task = _Task(paths, None)
        if self.pool is not None:
            try:
                task.future = self.pool.submit(_check_paths, paths)
            except RuntimeError:  # broken pool: go on in this process
                self.pool = None
                self.workers = 0
        if task.future is None:
            task.done = _check_paths(paths, self.known)
        else:
            self.in_flight += len(paths)
        self.queue.append(task)

    def add(self, i: int) -> None:
        """Queue file number ``i``."""
        p = self.files[i]
        if self.pool is not None:
            self.chunk.append(p)
            if len(self.chunk) >= self.CHUNK:
                self.flush()
            return
        left = len(self.files) - i
        ahead = self.digests.get(i) if self.digests is not None else None
        if isinstance(ahead, _Prepared):
            self.queue.append(ahead)
            return
        if ahead in self.known:
            self.queue.append(_Prepared(os.path.basename(p), ahead))
            return
        got = _read_file(p)
        if isinstance(got, _Prepared):
            self.queue.append(got)
            return
        raw, sha = got
        if sha in self.known:
            self.queue.append(_Prepared(os.path.basename(p), sha))
            return
        if self.workers > 0 and left >= PARALLEL_MIN and self._start():
            self.chunk.append(p)  # read again by a worker: no bytes to send
            return
        x = _check_raw(raw, os.path.basename(p), sha)
        x.raw = raw
        self.queue.append(x)

    def steal(self) -> bool:
        """Check here the last queued task no worker has picked yet.

        From the far end of the queue, as in work stealing: the workers go on
        with the tasks the writer needs next, so it never waits for a task it
        took itself.
        """
        for task in reversed(self.queue):
            if isinstance(task, _Task) and task.done is None and task.future.cancel():
                self.in_flight -= len(task.paths)
                task.done = _check_paths(task.paths, self.known)
                return True
        return False

    def ready(self) -> Iterator[_Prepared]:
        """The results at the head of the queue that are known now (never waits)."""
        while self.queue:
            head = self.queue[0]
            if isinstance(head, _Task):
                if head.done is None:
                    if not head.future.done():
                        return
                    self._collect(head)
                self.queue.popleft()
                yield from head.done  # type: ignore[misc]
            else:
                self.queue.popleft()
                yield head

    def _collect(self, task: _Task) -> None:
        try:
            task.done = task.future.result()
        except Exception:  # noqa: BLE001 - a worker died: check these here instead
            task.done = _check_paths(task.paths, self.known)
        self.in_flight -= len(task.paths)

    @property
    def busy(self) -> bool:
        """Whether results are still to come."""
        return bool(self.queue) or bool(self.chunk)

    def wait(self) -> None:
        """Until the head of the queue is known."""
        self.flush()
        head = self.queue[0] if self.queue else None
        if isinstance(head, _Task) and head.done is None:
            self._collect(head)

    def close(self) -> None:
        if self.digests is not None:
            self.digests.stop()
            self.digests = None
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


@dataclass
class Outcome:
    """What happened to one bundle."""

    kind: str
    name: str
    detail: str
    instance_uuid: str | None = None
    revision: int | None = None
    region: str | None = None
    servicio: str | None = None
    submission_id: int | None = None
    conflict_id: int | None = None

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.kind]

    def line(self) -> str:
        """One Spanish line, as printed by ``central merge``."""
        return f"{self.name}: {self.label} — {self.detail}"


def _region_name(code: str | None) -> str:
    r = by_code(code or "")
    return r.name if r else (code or "?")


def _describe(b: _Ready) -> str:
    return f"{b.servicio}, {_region_name(b.region)}, {b.anio}, revisión {b.revision}"


_BUNDLE_NAME = re.compile(fnmatch.translate(f"*{SUFFIX}"),
                          re.IGNORECASE if os.name == "nt" else 0)


def _listed(folder: str) -> list[tuple[str, bool, str]]:
    """``(path, is a symbolic link, its folder)`` of each ``*.sernam`` file inside
    ``folder`` (a normalized path) and its subfolders, in the order of
    ``sorted(folder.rglob("*.sernam"))``: pathlib compares parts (case-folded on
    Windows), and every path here shares ``folder``'s, so the parts below it decide.
    Linked folders are not entered; names are matched as pathlib does.  Strings
    from ``os.scandir``'s entries: no system call and no ``Path`` per file."""
    fold = str.lower if os.name == "nt" else None
    found: list[tuple[tuple[str, ...], str, bool, str]] = []
    stack: list[tuple[str, tuple[str, ...]]] = [(folder, ())]
    while stack:
        d, rel = stack.pop()
        try:
            with os.scandir(d) as it:
                entries = list(it)
        except OSError:
            continue
        for e in entries:
            try:
                part = fold(e.name) if fold else e.name
                if e.is_dir(follow_symlinks=False):
                    stack.append((e.path, (*rel, part)))
                elif _BUNDLE_NAME.match(e.name) and e.is_file():
                    found.append(((*rel, part), e.path, e.is_symlink(), d))
            except OSError:
                continue
    found.sort(key=lambda x: x[0])
    return [(path, link, d) for _, path, link, d in found]


def _expand(paths: Iterable[str | Path]) -> list[str]:
    """:func:`expand_paths`, as normalized path strings (what a merge works with)."""
    out: list[str] = []
    seen: set[str] = set()  # resolved paths
    real_dirs: dict[str, str] = {}  # a folder resolved once, not once per file in it
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = _listed(str(p))
        else:
            found = [(str(p), p.is_symlink(), os.path.dirname(str(p)))]
        for q, link, folder in found:
            if link:
                key = str(Path(q).resolve())
            else:
                real = real_dirs.get(folder)
                if real is None:
                    real = real_dirs[folder] = str(Path(folder or ".").resolve())
                key = os.path.join(real, os.path.basename(q))
            if key not in seen:
                seen.add(key)
                out.append(q)
    return out


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Bundle files named directly, plus every ``*.sernam`` inside named folders."""
    return [Path(q) for q in _expand(paths)]


class _BatchFacts:
    """What the database says, before a run of bundles, about what decides whether
    each one is a plain case (see :meth:`CentralDB._apply_batch`); kept current
    with what the run itself adds."""

    def __init__(self, central: CentralDB, batch: list[_Prepared]) -> None:
        self.central = central
        db = central.db
        self.known: dict[str, tuple] = {}  # file sha256 → the first submission of it
        self.receipted: set[str] = set()  # file sha256 with a receipt
        self.uuids: set[str] = set()  # instances with a version
        self.groups: set[tuple[str, str, int]] = set()  # (servicio_key, región, año) used
        self.pins: dict[tuple[str, str], str] = {}  # (región, servicio_key) → public key
        shas = sorted({x.sha for x in batch if x.sha})
        uuids = sorted({x.ready.uuid for x in batch if x.ready is not None})
        keys = sorted({x.ready.servicio_key for x in batch if x.ready is not None})
        for part, marks in _chunks(shas):
            for r in db.execute(
                    "SELECT bundle_sha256, id, instance_uuid, revision, region, servicio, anio "
                    f"FROM submissions WHERE bundle_sha256 IN ({marks}) ORDER BY id", part):
                self.known.setdefault(r[0], r[1:])  # the first, as _known_file's LIMIT 1
            self.receipted.update(r[0] for r in db.execute(
                f"SELECT DISTINCT bundle_sha256 FROM receipts WHERE bundle_sha256 IN ({marks})",
                part))
        for part, marks in _chunks(uuids):
            self.uuids.update(r[0] for r in db.execute(
                f"SELECT DISTINCT instance_uuid FROM submissions WHERE instance_uuid IN ({marks})",
                part))
        for part, marks in _chunks(keys):
            self.groups.update((r[0], r[1], r[2]) for r in db.execute(
                f"SELECT servicio_key, region, anio FROM instances WHERE servicio_key IN ({marks})",
                part))
            for r in db.execute(  # the latest pin of each pair, as trust.pinned
                    "SELECT region, servicio_key, public_key FROM pinned_keys WHERE "
                    f"replaced_at IS NULL AND servicio_key IN ({marks}) ORDER BY id", part):
                self.pins[(r[0], r[1])] = r[2]
        self.answered = self.receipted & set(self.known)  # a re-merged file: nothing to add

    def simple_new(self, x: _Prepared) -> bool | None:
        """For a new form nothing stored or seen before touches: whether its key is
        to be pinned (the first of its pair); None for anything else.  Marks it seen."""
        b = x.ready
        assert b is not None
        group = (b.servicio_key, b.region, b.anio)
        pair = (b.region, b.servicio_key)
        pin = self.pins.get(pair)
        if (x.sha in self.known or x.sha in self.receipted or b.uuid in self.uuids
                or group in self.groups):
            return None
        if b.signature is None and pin is not None:
            return None  # held: «sin firma»
        if b.signature is not None and pin is not None and pin != b.signature.public_key:
            return None  # held: «firma distinta»
        self.known[x.sha] = ()
        self.uuids.add(b.uuid)
        self.groups.add(group)
        if b.signature is not None and pin is None:
            self.pins[pair] = b.signature.public_key
            return True
        return False

    def after_single(self, x: _Prepared) -> None:
        """What a bundle applied on its own may have changed, taken as used: its file,
        receipt, instance, every group of that instance's versions and its key pair."""
        self.known.setdefault(x.sha, ())
        self.receipted.add(x.sha)
        self.answered.discard(x.sha)
        b = x.ready
        if b is None:
            return
        self.uuids.add(b.uuid)
        self.groups.add((b.servicio_key, b.region, b.anio))
        self.groups.update((r[0], r[1], r[2]) for r in self.central.db.execute(
            "SELECT servicio_key, region, anio FROM submissions WHERE instance_uuid=?",
            [b.uuid]))
        self.pins[(b.region, b.servicio_key)] = "?"  # not a key: the next one goes alone


def _chunks(values: list[str], size: int = 500) -> Iterator[tuple[list[str], str]]:
    for i in range(0, len(values), size):
        part = values[i:i + size]
        yield part, ",".join("?" * len(part))


class _BatchWrites:
    """The rows of a run of plain cases, written one statement per table (in order)."""

    def __init__(self, central: CentralDB, review: Any) -> None:
        self.central = central
        self.review = review
        self.imports: list[tuple] = []
        self.instances: list[tuple] = []
        self.pins: list[tuple] = []
        self.signatures: list[tuple] = []
        self.receipts: list[tuple] = []
        self.seq: int | None = None

    def accept_new(self, x: _Prepared, pin: bool) -> Outcome:
        """What trust.check, _apply, _log, trust.record_signature and
        review.receipt_for_outcome write for a new form with no rival; ``pin``:
        its key is the first of its pair (trust: «primer envío»)."""
        c, b = self.central, x.ready
        assert b is not None
        ts = now_iso()
        sig = b.signature
        if pin and sig is not None:
            self.pins.append((b.region, b.servicio_key, b.servicio, sig.public_key,
                              sig.fingerprint, ts, "primer envío"))
        sid = c._insert_submission(b)
        if b.lineage:
            c.db.conn.executemany(
                ANCESTOR_INSERT,
                [(sid, h) for h in b.lineage])
        self.instances.append((b.uuid, b.servicio, b.servicio_key, b.region, b.anio, sid, 1, ts,
                               ts))
        o = Outcome(ACCEPTED, x.name, f"{_describe(b)}.", b.uuid, b.revision, b.region,
                    b.servicio, sid)
        self.imports.append((now_iso(), o.name, x.sha, o.kind, o.detail, sid, b.uuid,
                             b.revision, b.region, b.anio, b.servicio))
        self.signatures.append((sid, sig.fingerprint if sig else None))
        if self.seq is None:
            self.seq = self.review.next_receipt_seq(c)
        inst = {"uuid": b.uuid, "revision": b.revision, "servicio": b.servicio,
                "region": b.region, "anio": str(b.anio), "content_hash": b.content_hash}
        self.receipts.append(self.review.receipt_row(
            c, self.seq, OUTCOME_LABELS[ACCEPTED], o.detail, inst,
            {"sha256": x.sha, "name": x.name}, sid))
        self.seq += 1
        return o

    def flush(self) -> None:
        conn = self.central.db.conn
        from sernam_desktop.trust import PIN_INSERT, SIGNATURE_INSERT

        for sql, rows in ((PIN_INSERT, self.pins), (INSTANCE_INSERT, self.instances),
                          (IMPORT_INSERT, self.imports), (SIGNATURE_INSERT, self.signatures),
                          (self.review.RECEIPT_INSERT, self.receipts)):
            if rows:
                conn.executemany(sql, rows)
        for rows in (self.pins, self.instances, self.imports, self.signatures, self.receipts):
            rows.clear()
        self.seq = None


class CentralDB(AppDatabase):
    """The central database.  ``CentralDB(None)`` is in memory (tests).

    Opening, pragmas and every refusal (not ours, newer, damaged, read-only,
    full disk) are the office store's, from :class:`AppDatabase`.
    """

    application_id = CENTRAL_APPLICATION_ID
    migrations = lazy_migrations(migrations_steps.build)
    schema_version = SCHEMA_VERSION
    kind_name = "central de sernam-desktop"

    default_busy_timeout = 30.0  # a merge waits for another merge's batch

    def __init__(self, path: str | Path | None = None, *, readonly: bool = False):
        try:
            super().__init__(path, readonly=readonly)
        except DatabaseBusy:
            raise CentralBusy(BUSY_MESSAGE) from None

    def foreign_hint(self, app_id: int) -> str:
        if app_id == OFFICE_APPLICATION_ID:
            return " (es la base de datos de una oficina regional, no la central)"
        return ""

    # ------------------------------------------------------------ merging --
    @contextmanager
    def writing(self) -> Iterator[sqlite_utils.Database]:
        """A write transaction (BEGIN IMMEDIATE); a lock held by another process
        past the busy timeout is one Spanish sentence, and nothing is written."""
        try:
            with self.write_transaction() as db:
                yield db
        except sqlite3.OperationalError as exc:
            if sqlite_error_kind(exc) == "busy":
                raise CentralBusy(BUSY_MESSAGE) from None
            raise

    def merge_paths(self, paths: Iterable[str | Path],
                    on_outcome: Callable[[Outcome], None] | None = None,
                    on_progress: Callable[[int, int], None] | None = None) -> list[Outcome]:
        """Merge bundle files and folders; outcomes in order (reported after each commit).

        Bundles are read and checked before the write lock is taken — in worker
        processes when there are many (:func:`merge_workers`) — and each batch is
        then applied in one ``BEGIN IMMEDIATE`` transaction (a savepoint per
        bundle), so concurrent merges wait for each other instead of failing.
        With more than one batch, WAL checkpoints run in a thread
        (:meth:`checkpoints_aside`) instead of inside the commits.
        ``on_progress(done, total)`` is called after each batch.
        """
        files = _expand(paths)
        if not files:
            raise UserError("No se indicó ningún envío (.sernam) para incorporar.")
        known = {r[0] for r in self.db.execute(
            "SELECT DISTINCT bundle_sha256 FROM submissions WHERE bundle_sha256 IS NOT NULL")}
        outcomes: list[Outcome] = []
        checker = _Checker(merge_workers(), known, files)
        pending: list[_Prepared] = []
        aside = self.checkpoints_aside() if len(files) > BATCH else nullcontext(lambda: None)

        def apply(batch: list[_Prepared]) -> None:
            with self.writing():
                done = self._apply_batch(batch)
            checkpoint()
            for o in done:
                if on_outcome:
                    on_outcome(o)
            outcomes.extend(done)
            if on_progress:
                on_progress(len(outcomes), len(files))

        def collect() -> None:
            nonlocal pending
            for x in checker.ready():
                pending.append(x)
                if len(pending) >= BATCH:
                    apply(pending)
                    pending = []

        def work(last: bool) -> None:
            """Something useful while the head is not known: check a task the
            workers have not picked; at the end (all handed out), write what is
            here; else wait for the head."""
            nonlocal pending
            if checker.steal():
                return
            if last and pending:
                apply(pending)
                pending = []
                return
            checker.wait()

        with aside as checkpoint:
            try:
                for i in range(len(files)):
                    checker.add(i)
                    collect()
                    while checker.in_flight > checker.AHEAD:  # memory stays bounded
                        work(last=False)
                        collect()
                checker.flush()
                collect()
                while checker.busy:
                    work(last=True)
                    collect()
                if pending:
                    apply(pending)
            finally:
                checker.close()
        return outcomes

    def merge_bytes(self, raw: bytes, name: str) -> Outcome:
        prepared = self._prepare_raw(raw, name)
        with self.writing():
            return self._apply_prepared(prepared)

    def _prepare_raw(self, raw: bytes, name: str) -> _Prepared:
        """Check a bundle (no lock held); a byte-identical known file is not parsed again."""
        sha = _sha256(raw)
        if self._known_file(sha) is not None:
            return _Prepared(name, sha)
        prepared = _check_raw(raw, name, sha)
        prepared.raw = raw  # issue 15: a held bundle is stored whole
        return prepared

    def _known_file(self, sha: str) -> tuple | None:
        return self.db.execute(
            "SELECT id, instance_uuid, revision, region, servicio, anio FROM submissions "
            "WHERE bundle_sha256=? LIMIT 1", [sha]).fetchone()

    def _apply_batch(self, batch: list[_Prepared]) -> list[Outcome]:
        """Each bundle in order, with the outcome and the rows :meth:`_apply_prepared`
        gives it; the two common cases are written a few hundred at a time:

        * a file already received whose receipt exists (the whole of a re-merge):
          looked up and logged;
        * a new form (its file, its instance, its servicio/región/año and its
          receipt all unknown; its key pinned or first seen): accepted — stored,
          logged, pinned, signed and answered with one statement per table.

        Anything else goes through :meth:`_apply_prepared`, one bundle at a time,
        after what came before it is written; the facts are then read again.
        ``tests/test_central_scale.py`` checks both ways end in the same rows.
        """
        from sernam_desktop import review  # issue 15: receipts

        out: list[Outcome] = []
        facts = _BatchFacts(self, batch)
        w = _BatchWrites(self, review)
        i = 0
        while i < len(batch):
            while i < len(batch):
                x = batch[i]
                if x.rejected is not None:
                    out.append(x.rejected)
                elif x.ready is None and x.sha in facts.answered:
                    k = facts.known[x.sha]
                    o = Outcome(DUPLICATE, x.name, "ya recibido (archivo idéntico); sin cambios.",
                                k[1], k[2], k[3], k[4], k[0])
                    w.imports.append((now_iso(), o.name, x.sha, o.kind, o.detail,
                                      o.submission_id, o.instance_uuid, o.revision, o.region,
                                      k[5], o.servicio))
                    out.append(o)
                elif x.ready is not None and (pin := facts.simple_new(x)) is not None:
                    out.append(w.accept_new(x, pin))
                else:
                    break
                i += 1
            w.flush()
            if i < len(batch):
                out.append(self._apply_prepared(batch[i]))
                facts.after_single(batch[i])
                i += 1
        return out

    def _apply_prepared(self, x: _Prepared) -> Outcome:
        if x.rejected is not None:
            return x.rejected
        known = self._known_file(x.sha)
        if known:  # byte-identical to a bundle already checked and stored
            o = Outcome(DUPLICATE, x.name, "ya recibido (archivo idéntico); sin cambios.",
                        known[1], known[2], known[3], known[4], known[0])
            self._log(o, x.sha, known[5])
            from sernam_desktop import review  # issue 15: a receipt unless the file has one

            review.receipt_for_outcome(self, o, file_sha=x.sha)
            return o
        assert x.ready is not None
        from sernam_desktop import review, trust  # issue 15: signatures and receipts

        try:
            with self.db.atomic():
                o = trust.check(self, x.ready, x.file_bytes) or self._apply(x.ready)
                self._log(o, x.sha, x.ready.anio)
                trust.record_signature(self, x.ready, o.submission_id)
                review.receipt_for_outcome(self, o, x.ready)
        except UserError as exc:  # a held file changed on disk: nothing of it was kept
            return Outcome(REJECTED, x.name, str(exc))
        return o

    def _apply(self, b: _Ready) -> Outcome:
        uid, rev, h = b.uuid, b.revision, b.content_hash
        base = dict(instance_uuid=uid, revision=rev, region=b.region, servicio=b.servicio)
        versions = self.db.execute(
            "SELECT id, revision, content_hash FROM submissions WHERE instance_uuid=?",
            [uid]).fetchall()
        same = next((v for v in versions if v[1] == rev and v[2] == h), None)
        if same:
            # The same version again; a lineage it did not bring before joins it
            # and the earliest export time is kept (a union and a minimum: the
            # result does not depend on the order of arrival).
            grew = bool(b.lineage) and self._add_ancestors(same[0], b.lineage)
            earlier = self.db.execute(
                "UPDATE submissions SET exported_at=? WHERE id=? AND exported_at > ?",
                [b.exported_at, same[0], b.exported_at]).rowcount
            if grew or earlier:
                self._settle(uid)
            return Outcome(DUPLICATE, b.name, f"{_describe(b)}: ya recibido; sin cambios.",
                           submission_id=same[0], **base)
        if not versions:
            # A new instance: its only version is official (what _settle would
            # decide, in a handful of statements); identity conflicts as usual.
            sid = self._insert_submission(b)
            if b.lineage:
                self.db.conn.executemany(
                    ANCESTOR_INSERT,
                    [(sid, x) for x in b.lineage])
            key = b.servicio_key or slug(b.servicio, 200)
            ts = now_iso()
            self.db.execute(INSTANCE_INSERT, [uid, b.servicio, key, b.region, b.anio, sid, 1, ts, ts])
            rival = self.db.execute(
                "SELECT 1 FROM instances WHERE servicio_key=? AND region=? AND anio=? AND uuid<>? "
                "LIMIT 1", [key, b.region, b.anio, uid]).fetchone()
            if rival is None:
                return Outcome(ACCEPTED, b.name, f"{_describe(b)}.", submission_id=sid, **base)
            self._settle_group((key, b.region, b.anio), uid)
            before = None
        else:
            before = self._official(uid)
            sid = self._insert_submission(b)
            if b.lineage is not None:
                self._add_ancestors(sid, b.lineage)
            self._settle(uid)
        conflict = self.db.execute(
            "SELECT id, kind FROM conflicts WHERE resolved_at IS NULL AND "
            "(submission_a=? OR submission_b=?) ORDER BY id DESC LIMIT 1", [sid, sid]).fetchone()
        if conflict and conflict[1] == KIND_IDENTITY:
            return Outcome(CONFLICT, b.name,
                           f"{_describe(b)}: ya hay otro formulario de este servicio para la "
                           "misma región y año; se guardaron ambos y queda por resolver.",
                           submission_id=sid, conflict_id=conflict[0], **base)
        if conflict:
            other = self.db.execute(
                "SELECT s.revision FROM conflicts c JOIN submissions s ON s.id = "
                "CASE WHEN c.submission_a=? THEN c.submission_b ELSE c.submission_a END "
                "WHERE c.id=?", [sid, conflict[0]]).fetchone()
            if other and other[0] == rev:
                why = (f"ya existe la revisión {rev} de este formulario con otro contenido y "
                       "ninguna de las dos desciende de la otra")
            else:
                why = (f"no desciende de la versión vigente (revisión {other[0] if other else '?'}"
                       "): es otra rama del mismo formulario")
            return Outcome(CONFLICT, b.name,
                           f"{_describe(b)}: {why}; se guardaron ambas y queda por resolver.",
                           submission_id=sid, conflict_id=conflict[0], **base)
        now = self._official(uid)
        if now is not None and now[0] == sid:
            extra = ""
            if before is not None and before[1] == rev:
                extra = " (reemplaza la versión de la misma revisión de la que desciende)"
            return Outcome(ACCEPTED, b.name, f"{_describe(b)}{extra}.", submission_id=sid, **base)
        cur_rev = now[1] if now is not None else "?"
        return Outcome(OLDER, b.name,
                       f"{_describe(b)}: versión anterior a la vigente (revisión {cur_rev}); "
                       "guardada en el historial, sin cambios en la vigente.",
                       submission_id=sid, **base)

    def _official(self, uid: str) -> tuple[int, int] | None:
        """(submission id, revision) of the instance's official version."""
        r = self.db.execute(
            "SELECT s.id, s.revision FROM instances i JOIN submissions s "
            "ON s.id = i.current_submission WHERE i.uuid=?", [uid]).fetchone()
        return (r[0], r[1]) if r else None

    def _add_ancestors(self, sid: int, hashes: list[str]) -> bool:
        before = self.db.execute("SELECT count(*) FROM ancestors WHERE submission_id=?",
                                 [sid]).fetchone()[0]
        self.db.conn.executemany(
            ANCESTOR_INSERT,
            [(sid, h) for h in hashes])
        after = self.db.execute("SELECT count(*) FROM ancestors WHERE submission_id=?",
                                [sid]).fetchone()[0]
        return after > before

    def _insert_submission(self, b: _Ready) -> int:
        cur = self.db.execute(
            "INSERT INTO submissions (instance_uuid, revision, form_id, form_version, servicio, "
            "servicio_key, region, anio, state, content_hash, exported_at, app_version, "
            "received_at, bundle_name, bundle_sha256, pdf_sha256, complete, missing, document, "
            "bundle_format, status_counts) "
            # the document travels as UTF-8 bytes (a plain copy between processes),
            # stored as TEXT: its bytes were checked to be UTF-8 JSON
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,CAST(? AS TEXT),?,?)",
            [b.uuid, b.revision, b.form_id, b.form_version, b.servicio,
             b.servicio_key or slug(b.servicio, 200), b.region, b.anio, b.state, b.content_hash,
             b.exported_at,
             b.app_version, now_iso(), b.name, b.sha, b.pdf_sha, int(b.missing == 0),
             b.missing, b.document, b.format_version, b.status_counts])
        return cur.lastrowid

    # ------------------------------------------------- the merge policy --
    # The state of an instance (its official version, its open conflicts) is a
    # function of the set of versions received and of the choices made in
    # ``resolve`` — never of the order in which bundles arrived.  See the table
    # in docs/bundle-format.md §7.
    def _versions(self, uid: str) -> list[_Version]:
        rows = self.db.execute(
            "SELECT id, revision, content_hash, exported_at, bundle_format, servicio, "
            "servicio_key, region, anio FROM submissions WHERE instance_uuid=?",
            [uid]).fetchall()
        anc: dict[int, set[str]] = {}
        for sid, h in self.db.execute(
                "SELECT a.submission_id, a.content_hash FROM ancestors a JOIN submissions s "
                "ON s.id = a.submission_id WHERE s.instance_uuid=?", [uid]):
            anc.setdefault(sid, set()).add(h)
        return [_Version(r[0], r[1], r[2], r[3] or "", anc.get(r[0], set()) if (r[4] or 1) >= 2
                         else None, r[5], r[6], r[7], r[8]) for r in rows]

    def _losers(self, kind: str) -> set[int]:
        """Versions that lost a conflict resolved by a person."""
        out: set[int] = set()
        for a, b, off in self.db.execute(
                "SELECT submission_a, submission_b, official_submission FROM conflicts "
                "WHERE kind=? AND resolved_at IS NOT NULL AND official_submission IS NOT NULL "
                "AND coalesce(resolution, ?) = ?", [kind, RESOLVED_CHOSEN, RESOLVED_CHOSEN]):
            out |= {a, b} - {off}
        return out

    def _winners(self, uid: str) -> set[int]:
        return {r[0] for r in self.db.execute(
            "SELECT c.official_submission FROM conflicts c JOIN submissions s "
            "ON s.id = c.official_submission WHERE c.kind=? AND s.instance_uuid=? "
            "AND coalesce(c.resolution, ?) = ?",
            [KIND_REVISION, uid, RESOLVED_CHOSEN, RESOLVED_CHOSEN])}

    def _candidates(self, uid: str) -> tuple[list[_Version], list[_Version]]:
        """(heads, candidates in order of precedence) of an instance's versions.

        Heads: versions no other version supersedes.  Candidates: the heads that
        did not lose a resolution; the first is the official version.
        """
        vs = self._versions(uid)
        heads = [x for x in vs if not any(_supersedes(z, x) for z in vs if z is not x)]
        losers = self._losers(KIND_REVISION)
        cands = [x for x in heads if x.id not in losers] or heads
        won = [x for x in vs if x.id in self._winners(uid)]

        def blessed(x: _Version) -> bool:
            return any(x is w or _supersedes(x, w) for w in won)

        cands.sort(key=lambda x: (not blessed(x), x.exported_at, x.content_hash))
        return heads, cands

    def _settle(self, uid: str) -> None:
        """Recompute an instance's official version and its open conflicts."""
        _heads, cands = self._candidates(uid)
        official = cands[0]
        old = self.db.execute("SELECT servicio_key, region, anio FROM instances WHERE uuid=?",
                              [uid]).fetchone()
        ts = now_iso()
        active = int(official.id not in self._losers(KIND_IDENTITY))
        if old is None:
            self.db.execute(
                INSTANCE_INSERT, [uid, official.servicio, official.servicio_key, official.region,
                                  official.anio, official.id, active, ts, ts])
        else:
            self.db.execute(
                "UPDATE instances SET servicio=?, servicio_key=?, region=?, anio=?, "
                "current_submission=?, active=?, last_received=? WHERE uuid=?",
                [official.servicio, official.servicio_key, official.region, official.anio,
                 official.id, active, ts, uid])
        want = {frozenset((a.id, b.id)): (a, b)
                for i, a in enumerate(cands) for b in cands[i + 1:]}
        self._sync_conflicts(KIND_REVISION, want, self.db.execute(
            "SELECT c.id, c.submission_a, c.submission_b FROM conflicts c JOIN submissions s "
            "ON s.id = c.submission_a WHERE c.kind=? AND c.resolved_at IS NULL AND "
            "s.instance_uuid=?", [KIND_REVISION, uid]).fetchall())
        groups = {(official.servicio_key, official.region, official.anio)}
        if old is not None:
            groups.add((old[0], old[1], old[2]))
        for g in groups:
            self._settle_group(g, uid)

    def _settle_group(self, key: tuple[str, str, int], uid: str) -> None:
        """Identity conflicts: every pair of active instances of one servicio/región/año."""
        members = self.db.execute(
            "SELECT i.uuid, i.active, s.id, s.exported_at, s.content_hash FROM instances i "
            "JOIN submissions s ON s.id = i.current_submission "
            "WHERE i.servicio_key=? AND i.region=? AND i.anio=?", list(key)).fetchall()
        active = sorted((m for m in members if m[1]), key=lambda m: (m[3] or "", m[4]))
        vs = {m[2]: _Version(m[2], 0, m[4], m[3] or "", None, "", "", key[1], key[2])
              for m in active}
        want = {frozenset((a[2], b[2])): (vs[a[2]], vs[b[2]])
                for i, a in enumerate(active) for b in active[i + 1:]}
        uuids = sorted({m[0] for m in members} | {uid})
        marks = ",".join("?" * len(uuids))
        current = self.db.execute(
            "SELECT c.id, c.submission_a, c.submission_b FROM conflicts c "
            "JOIN submissions sa ON sa.id = c.submission_a "
            "JOIN submissions sb ON sb.id = c.submission_b "
            f"WHERE c.kind=? AND c.resolved_at IS NULL AND (sa.instance_uuid IN ({marks}) "
            f"OR sb.instance_uuid IN ({marks}))", [KIND_IDENTITY, *uuids, *uuids]).fetchall()
        if not want and not current:
            return
        # only conflicts of this group (a pair whose both sides are members) or
        # involving ``uid`` (which may have left the group)
        self._sync_conflicts(KIND_IDENTITY, want, current)

    def _sync_conflicts(self, kind: str, want: dict[frozenset, tuple[_Version, _Version]],
                        current: list[tuple[int, int, int]]) -> None:
        ts = now_iso()
        have: set[frozenset] = set()
        for cid, a, b in current:
            pair = frozenset((a, b))
            if pair in want and pair not in have:
                have.add(pair)
                continue
            # no longer a conflict: a later version superseded a side, or a side
            # lost elsewhere — closed without a person's choice
            self.db.execute("UPDATE conflicts SET resolved_at=?, resolution=? WHERE id=?",
                            [ts, RESOLVED_SUPERSEDED, cid])
        for pair, (a, b) in want.items():
            if pair in have:
                continue
            row = self.db.execute("SELECT servicio, region, anio FROM submissions WHERE id=?",
                                  [a.id]).fetchone()
            self.db.execute(
                "INSERT INTO conflicts (kind, region, anio, servicio, submission_a, "
                "submission_b, opened_at) VALUES (?,?,?,?,?,?,?)",
                [kind, row[1], row[2], row[0], a.id, b.id, ts])

    def _log(self, o: Outcome, sha: str, anio: int | None = None) -> None:
        if anio is None and o.submission_id is not None:
            r = self.db.execute("SELECT anio FROM submissions WHERE id=?",
                                [o.submission_id]).fetchone()
            anio = r[0] if r else None
        self.db.execute(IMPORT_INSERT, [now_iso(), o.name, sha, o.kind, o.detail, o.submission_id,
                                        o.instance_uuid, o.revision, o.region, anio, o.servicio])

    # ---------------------------------------------------------- conflicts --
    def conflicts(self, open_only: bool = True) -> list[dict[str, Any]]:
        q = "SELECT * FROM conflicts" + (" WHERE resolved_at IS NULL" if open_only else "")
        return list(self.db.query(q + " ORDER BY id"))

    def conflict(self, conflict_id: int) -> dict[str, Any]:
        rows = list(self.db.query("SELECT * FROM conflicts WHERE id=?", [conflict_id]))
        if not rows:
            raise UserError(f"No existe el conflicto {conflict_id}.")
        return rows[0]

    def describe_conflict(self, c: dict[str, Any]) -> str:
        what = ("dos versiones del mismo formulario, ninguna desciende de la otra"
                if c["kind"] == KIND_REVISION
                else "dos formularios para el mismo servicio, región y año")
        return (f"Conflicto {c['id']}: {c['servicio']}, {_region_name(c['region'])}, "
                f"{c['anio']} — {what}.")

    def resolve(self, conflict_id: int, official_submission: int) -> dict[str, Any]:
        """Choose the official version of an open conflict; nothing is deleted.

        Either the chosen version is the official one afterwards (and the other
        one stays in the history), or UserError says in Spanish why not and
        nothing changes.  Returns ``{"official": submission row, "open":
        [conflicts still open for the same form(s)]}`` read back after the change.
        """
        with self.writing():
            c = self.conflict(conflict_id)
            if c["resolved_at"]:
                if c.get("resolution") == RESOLVED_SUPERSEDED:
                    raise UserError(
                        f"El conflicto {conflict_id} ya no está abierto: una versión recibida "
                        "después lo dejó sin efecto. Vea los conflictos abiertos con "
                        "«sernam-desktop central resolve».")
                raise UserError(f"El conflicto {conflict_id} ya fue resuelto.")
            if official_submission not in (c["submission_a"], c["submission_b"]):
                raise UserError(
                    f"La versión {official_submission} no es parte del conflicto {conflict_id} "
                    f"(elija {c['submission_a']} o {c['submission_b']}).")
            chosen = self.submission(official_submission)
            other = self.submission(c["submission_b"] if official_submission == c["submission_a"]
                                    else c["submission_a"])
            uid = chosen["instance_uuid"]
            if c["kind"] == KIND_REVISION:
                heads, _ = self._candidates(uid)
                if all(h.id != chosen["id"] for h in heads):
                    newer = self._superseding(uid, chosen["id"])
                    raise UserError(
                        f"La versión {chosen['id']} (revisión {chosen['revision']}) ya fue "
                        f"reemplazada por la versión {newer[0]} (revisión {newer[1]}), que "
                        "desciende de ella: no puede quedar como oficial.")
            elif self._official(uid) is None or self._official(uid)[0] != chosen["id"]:
                cur = self._official(uid)
                raise UserError(
                    f"La versión {chosen['id']} ya no es la vigente de su formulario (la vigente "
                    f"es la versión {cur[0] if cur else '?'}, revisión {cur[1] if cur else '?'}).")
            self.db.execute(
                "UPDATE conflicts SET resolved_at=?, official_submission=?, resolution=? "
                "WHERE id=?", [now_iso(), chosen["id"], RESOLVED_CHOSEN, conflict_id])
            self._settle(uid)
            if other["instance_uuid"] != uid:
                self._settle(other["instance_uuid"])
            got = self._official(uid)
            active = self.db.execute("SELECT active FROM instances WHERE uuid=?",
                                     [uid]).fetchone()[0]
            if got is None or got[0] != chosen["id"] or not active:
                # cannot happen by the rules above; never report what did not happen
                raise UserError(
                    f"No se pudo dejar la versión {chosen['id']} como oficial: la vigente "
                    f"sería la versión {got[0] if got else '?'}. No se cambió nada.")
            pair = [uid, other["instance_uuid"]]
            still = list(self.db.query(
                "SELECT c.* FROM conflicts c JOIN submissions sa ON sa.id = c.submission_a "
                "JOIN submissions sb ON sb.id = c.submission_b WHERE c.resolved_at IS NULL "
                "AND (sa.instance_uuid IN (?, ?) OR sb.instance_uuid IN (?, ?)) ORDER BY c.id",
                pair + pair))
            return {"official": self.submission(chosen["id"]), "open": still}

    def _superseding(self, uid: str, sid: int) -> tuple[int, int]:
        vs = self._versions(uid)
        me = next(v for v in vs if v.id == sid)
        newer = [v for v in vs if v is not me and _supersedes(v, me)]
        best = max(newer, key=lambda v: (v.revision, v.exported_at, v.content_hash))
        return best.id, best.revision

    # ------------------------------------------------------------ reading --
    def submission(self, sid: int) -> dict[str, Any]:
        rows = list(self.db.query("SELECT * FROM submissions WHERE id=?", [sid]))
        if not rows:
            raise UserError(f"No existe la versión {sid} en la base central.")
        return rows[0]

    def document(self, sid: int) -> dict[str, Any]:
        return json.loads(self.submission(sid)["document"])

    def history(self, instance_uuid: str) -> list[dict[str, Any]]:
        return list(self.db.query(
            "SELECT id, revision, state, content_hash, exported_at, received_at, bundle_name "
            "FROM submissions WHERE instance_uuid=? ORDER BY revision, id", [instance_uuid]))

    def imports(self, limit: int | None = None) -> list[dict[str, Any]]:
        q = "SELECT * FROM imports ORDER BY id DESC"
        if limit:
            q += f" LIMIT {int(limit)}"
        return list(self.db.query(q))

    def years(self) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT anio FROM instances ORDER BY anio DESC")]

    def default_year(self, anio: int | None) -> int | None:
        if anio is not None:
            return anio
        ys = self.years()
        return ys[0] if ys else None

    def current(self, anio: int | None = None, region: str | None = None,
                servicio: str | None = None) -> list[dict[str, Any]]:
        """Current submissions of active instances (no document), by region and service."""
        where, args = ["i.active=1"], []
        if anio is not None:
            where.append("i.anio=?")
            args.append(anio)
        if region is not None:
            where.append("i.region=?")
            args.append(region)
        if servicio is not None:
            where.append("i.servicio_key=?")
            args.append(slug(servicio, 200))
        return list(self.db.query(
            "SELECT s.id, s.instance_uuid, s.revision, s.servicio, s.region, s.anio, s.state, "
            "s.received_at, s.exported_at, s.complete, s.missing, s.form_id, s.form_version "
            "FROM instances i JOIN submissions s ON s.id=i.current_submission "
            f"WHERE {' AND '.join(where)} ORDER BY s.region, s.servicio_key, s.id", args))

    def status_counts(self, rows: list[dict[str, Any]]) -> dict[int, dict[str, dict[str, int]]]:
        """{submission id: :func:`validation.status_counts` of its document}, for ``rows``
        (dicts with ``id``), from the counts stored when each version was received
        (no document is read, unless a count is missing)."""
        out: dict[int, dict[str, dict[str, int]]] = {}
        ids = [r["id"] for r in rows]
        # a file not yet migrated (opened read-only by this version): count from documents
        stored = "status_counts" if any(
            c[1] == "status_counts" for c in self.db.execute("PRAGMA table_info(submissions)")
        ) else "NULL"
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for sid, counts, fid, fver in self.db.execute(
                    f"SELECT id, {stored}, form_id, form_version FROM submissions "
                    f"WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                if counts is None:
                    form = get_form(fid, fver)
                    if form is None:
                        continue
                    counts = _counts_json(form, self.document(sid)["data"])
                out[sid] = json.loads(counts)
        return out

    def status(self, anio: int | None = None) -> dict[str, Any]:
        """Per region (16 + nacional): forms, latest revision/date, completeness, statuses."""
        anio = self.default_year(anio)
        open_conf: dict[str, int] = {}
        for c in self.conflicts():
            if anio is None or c["anio"] == anio:
                open_conf[c["region"]] = open_conf.get(c["region"], 0) + 1
        cur = self.current(anio) if anio is not None else []
        per_form = self.status_counts(cur)  # stored per version: no document is read
        by_region: dict[str, list[dict[str, Any]]] = {}
        for r in cur:
            by_region.setdefault(r["region"], []).append(r)
        out_regions = []
        for reg in all_choices():
            rows = by_region.get(reg.code, [])
            counts: dict[str, dict[str, int]] = {}
            for r in rows:
                if r["id"] not in per_form:
                    continue
                for sec, cnt in per_form[r["id"]].items():
                    tgt = counts.setdefault(sec, {})
                    for k, n in cnt.items():
                        tgt[k] = tgt.get(k, 0) + n
            latest = max(rows, key=lambda r: (r["received_at"], r["id"])) if rows else None
            nconf = open_conf.get(reg.code, 0)
            state = "conflicto" if nconf else ("recibido" if rows else "faltante")
            out_regions.append({
                "code": reg.code,
                "name": reg.name,
                "short": reg.short,
                "state": state,
                "forms": len(rows),
                "services": sorted({r["servicio"] for r in rows}),
                "revision": latest["revision"] if latest else None,
                "received_at": latest["received_at"] if latest else None,
                "form_state": latest["state"] if latest else None,
                "complete": sum(r["complete"] for r in rows),
                "missing": sum(r["missing"] for r in rows),
                "status_counts": counts,
                "conflicts": nconf,
            })
        missing = [r["code"] for r in out_regions if r["forms"] == 0 and r["code"] != NATIONAL_CODE]
        return {
            "anio": anio,
            "years": self.years(),
            "regions": out_regions,
            "missing_regions": missing,
            "open_conflicts": sum(open_conf.values()),
            "submissions": self.db.execute("SELECT count(*) FROM submissions").fetchone()[0],
        }

    def region_document(self, region: str, anio: int | None = None,
                        servicio: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
        """(current row, document) of a region's official form; UserError if none/ambiguous."""
        anio = self.default_year(anio)
        rows = self.current(anio, region, servicio)
        rname = _region_name(region)
        if not rows:
            raise UserError(f"No hay formularios de {rname} para {anio} en la base central.")
        if len(rows) > 1:
            names = "; ".join(sorted({r["servicio"] for r in rows}))
            raise UserError(f"{rname} tiene {len(rows)} formularios vigentes para {anio} "
                            f"({names}); elija uno con --service.")
        return rows[0], self.document(rows[0]["id"])

    def form_for(self, row: dict[str, Any]) -> FormDefinition:
        form = get_form(row["form_id"], row["form_version"])
        if form is None:
            raise UserError("Formulario de una definición desconocida.")
        return form


def open_central(path: str | Path | None, *, readonly: bool = False,
                 must_exist: bool = False) -> CentralDB:
    if must_exist and path is not None and not Path(path).exists():
        raise UserError(f"No existe la base de datos central «{path}».")
    return CentralDB(path, readonly=readonly)
