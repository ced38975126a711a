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

Merging policy (after ODK Central / KoboToolbox; see docs/bundle-format.md):

* **accepted** — new instance, or a newer revision: becomes current.
* **duplicate** — same instance, revision and content hash already here
  (or byte-identical file): nothing changes.
* **older** — a revision below the current one: kept in history only.
* **conflict** — same instance and revision with other content (both kept,
  current unchanged), or another active instance for the same
  servicio/región/año (both kept, both current, flagged).
* **rejected** — the bundle failed a check (see :mod:`sernam_desktop.bundle`).

Each bundle is applied atomically (its own savepoint inside the batch
transaction).  Qt-free.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from sernam_desktop.bundle import MAX_BUNDLE_BYTES, SUFFIX, Bundle, _sha256, parse_bundle, slug
from sernam_desktop.errors import UserError
from sernam_desktop.forms import FormDefinition, get_form
from sernam_desktop.regions import NATIONAL_CODE, all_choices, by_code
from sernam_desktop.store import APPLICATION_ID as OFFICE_APPLICATION_ID
from sernam_desktop.store import STATE_LABELS, AppDatabase, now_iso
from sernam_desktop.validation import completeness, status_counts

CENTRAL_APPLICATION_ID = 0x534E4D43  # "SNMC"
BATCH = 400  # bundles per transaction when merging many (each one in its own savepoint)

ACCEPTED, DUPLICATE, OLDER, CONFLICT, REJECTED = (
    "accepted", "duplicate", "older", "conflict", "rejected")
OUTCOME_LABELS = {
    ACCEPTED: "aceptado", DUPLICATE: "duplicado", OLDER: "anterior",
    CONFLICT: "conflicto", REJECTED: "rechazado",
    "held": "retenido",  # issue 15: signed by another key, see trust.py
}
KIND_REVISION, KIND_IDENTITY = "revision", "identity"

migrations = Migrations("sernam_desktop_central")


@migrations()
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


@migrations()
def m_issue15_review_receipts(db: sqlite_utils.Database) -> None:
    """Issue 15: keys, pinned region keys, held bundles, reviews, receipts (review.py)."""
    from sernam_desktop.review import create_tables

    create_tables(db)


SCHEMA_VERSION = len(migrations._migrations)


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


def _describe(b: Bundle) -> str:
    h = b.header
    return f"{h['servicio']}, {_region_name(h['region'])}, {h['anio']}, revisión {b.revision}"


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Bundle files named directly, plus every ``*.sernam`` inside named folders."""
    out: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        p = Path(p)
        found = sorted(q for q in p.rglob(f"*{SUFFIX}") if q.is_file()) if p.is_dir() else [p]
        for q in found:
            key = q.resolve()
            if key not in seen:
                seen.add(key)
                out.append(q)
    return out


class CentralDB(AppDatabase):
    """The central database.  ``CentralDB(None)`` is in memory (tests).

    Opening, pragmas and every refusal (not ours, newer, damaged, read-only,
    full disk) are the office store's, from :class:`AppDatabase`.
    """

    application_id = CENTRAL_APPLICATION_ID
    migrations = migrations
    schema_version = SCHEMA_VERSION
    kind_name = "central de sernam-desktop"

    def foreign_hint(self, app_id: int) -> str:
        if app_id == OFFICE_APPLICATION_ID:
            return " (es la base de datos de una oficina regional, no la central)"
        return ""

    # ------------------------------------------------------------ merging --
    def merge_paths(self, paths: Iterable[str | Path],
                    on_outcome: Callable[[Outcome], None] | None = None) -> list[Outcome]:
        """Merge bundle files and folders; outcomes in order (reported after each commit)."""
        files = expand_paths(paths)
        if not files:
            raise UserError("No se indicó ningún envío (.sernam) para incorporar.")
        outcomes: list[Outcome] = []
        for start in range(0, len(files), BATCH):
            batch: list[Outcome] = []
            with self.db.atomic():
                for p in files[start:start + BATCH]:
                    batch.append(self._merge_file(p))
            for o in batch:
                if on_outcome:
                    on_outcome(o)
            outcomes.extend(batch)
        return outcomes

    def merge_bytes(self, raw: bytes, name: str) -> Outcome:
        with self.db.atomic():
            return self._merge_raw(raw, name)

    def _merge_file(self, p: Path) -> Outcome:
        name = p.name
        try:
            if p.is_dir():
                raise UserError(f"«{p}» es una carpeta sin envíos.")
            if p.stat().st_size > MAX_BUNDLE_BYTES:
                raise UserError(f"«{name}» no es un envío válido: es demasiado grande.")
            raw = p.read_bytes()
        except FileNotFoundError:
            return Outcome(REJECTED, name, f"no existe el archivo «{p}».")
        except UserError as exc:
            return Outcome(REJECTED, name, str(exc))
        except OSError as exc:
            return Outcome(REJECTED, name, f"no se pudo leer ({exc.strerror or exc}).")
        return self._merge_raw(raw, name)

    def _merge_raw(self, raw: bytes, name: str) -> Outcome:
        sha = _sha256(raw)
        known = self.db.execute(
            "SELECT id, instance_uuid, revision, region, servicio FROM submissions "
            "WHERE bundle_sha256=? LIMIT 1", [sha]).fetchone()
        if known:  # byte-identical to a bundle already checked and stored
            o = Outcome(DUPLICATE, name, "ya recibido (archivo idéntico); sin cambios.",
                        known[1], known[2], known[3], known[4], known[0])
            with self.db.atomic():
                self._log(o, sha)
                from sernam_desktop import review  # issue 15: the region gets a receipt again

                review.receipt_for_outcome(self, o, file_sha=sha)
            return o
        try:
            b = parse_bundle(raw, name, sha)
        except UserError as exc:
            msg = str(exc)
            prefix = f"«{name}» no es un envío válido: "
            msg = msg[len(prefix):] if msg.startswith(prefix) else msg
            return Outcome(REJECTED, name, msg)
        with self.db.atomic():
            from sernam_desktop import review, trust  # issue 15: signatures and receipts

            o = trust.check(self, b, raw) or self._apply(b)
            self._log(o, sha)
            trust.record_signature(self, b, o.submission_id)
            review.receipt_for_outcome(self, o, b)
        return o

    def _apply(self, b: Bundle) -> Outcome:
        uid, rev, h = b.uuid, b.revision, b.content_hash
        hdr = b.header
        base = dict(instance_uuid=uid, revision=rev, region=hdr["region"],
                    servicio=hdr["servicio"])
        same = self.db.execute(
            "SELECT id, content_hash FROM submissions WHERE instance_uuid=? AND revision=?",
            [uid, rev]).fetchall()
        for sid, ch in same:
            if ch == h:
                return Outcome(DUPLICATE, b.name, f"{_describe(b)}: ya recibido; sin cambios.",
                               submission_id=sid, **base)
        inst = self.db.execute(
            "SELECT current_submission, active FROM instances WHERE uuid=?", [uid]).fetchone()
        sid = self._insert_submission(b)
        if same:
            cid = self._open_conflict(KIND_REVISION, b, same[0][0], sid)
            return Outcome(CONFLICT, b.name,
                           f"{_describe(b)}: ya existe la revisión {rev} de este formulario con "
                           "otro contenido; se guardaron ambas y queda por resolver.",
                           submission_id=sid, conflict_id=cid, **base)
        if inst is not None:
            cur_rev = self.db.execute("SELECT revision FROM submissions WHERE id=?",
                                      [inst[0]]).fetchone()[0]
            if rev < cur_rev:
                self._touch_instance(uid)
                return Outcome(OLDER, b.name,
                               f"{_describe(b)}: revisión anterior a la vigente ({cur_rev}); "
                               "guardada en el historial, sin cambios en la vigente.",
                               submission_id=sid, **base)
        self._set_current(uid, b, sid, new=inst is None)
        rivals = self.db.execute(
            "SELECT i.uuid, i.current_submission FROM instances i "
            "WHERE i.servicio_key=? AND i.region=? AND i.anio=? AND i.active=1 AND i.uuid<>?",
            [slug(hdr["servicio"], 200), hdr["region"], int(hdr["anio"]), uid]).fetchall()
        if rivals:
            cid = None
            for _ruid, rsid in rivals:
                cid = self._open_conflict(KIND_IDENTITY, b, rsid, sid)
            return Outcome(CONFLICT, b.name,
                           f"{_describe(b)}: ya hay otro formulario de este servicio para la "
                           "misma región y año; se guardaron ambos y queda por resolver.",
                           submission_id=sid, conflict_id=cid, **base)
        return Outcome(ACCEPTED, b.name, f"{_describe(b)}.", submission_id=sid, **base)

    def _insert_submission(self, b: Bundle) -> int:
        hdr = b.header
        missing = len(completeness(b.form, b.doc["data"]))
        cur = self.db.execute(
            "INSERT INTO submissions (instance_uuid, revision, form_id, form_version, servicio, "
            "servicio_key, region, anio, state, content_hash, exported_at, app_version, "
            "received_at, bundle_name, bundle_sha256, pdf_sha256, complete, missing, document) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [b.uuid, b.revision, b.form.id, b.form.version, hdr["servicio"],
             slug(hdr["servicio"], 200), hdr["region"], int(hdr["anio"]),
             b.doc["instance"]["state"], b.content_hash, b.manifest["exported_at"],
             str((b.manifest.get("app") or {}).get("version", ""))[:40] if isinstance(
                 b.manifest.get("app"), dict) else "",
             now_iso(), b.name, b.sha256, _sha256(b.pdf), int(missing == 0), missing,
             json.dumps(b.doc, ensure_ascii=False, separators=(",", ":"))])
        return cur.lastrowid

    def _set_current(self, uid: str, b: Bundle, sid: int, new: bool) -> None:
        hdr = b.header
        ts = now_iso()
        if new:
            self.db.execute(
                "INSERT INTO instances (uuid, servicio, servicio_key, region, anio, "
                "current_submission, active, first_received, last_received) "
                "VALUES (?,?,?,?,?,?,1,?,?)",
                [uid, hdr["servicio"], slug(hdr["servicio"], 200), hdr["region"],
                 int(hdr["anio"]), sid, ts, ts])
        else:
            self.db.execute(
                "UPDATE instances SET servicio=?, servicio_key=?, region=?, anio=?, "
                "current_submission=?, active=1, last_received=? WHERE uuid=?",
                [hdr["servicio"], slug(hdr["servicio"], 200), hdr["region"], int(hdr["anio"]),
                 sid, ts, uid])

    def _touch_instance(self, uid: str) -> None:
        self.db.execute("UPDATE instances SET last_received=? WHERE uuid=?", [now_iso(), uid])

    def _open_conflict(self, kind: str, b: Bundle, sid_a: int, sid_b: int) -> int:
        hdr = b.header
        cur = self.db.execute(
            "INSERT INTO conflicts (kind, region, anio, servicio, submission_a, submission_b, "
            "opened_at) VALUES (?,?,?,?,?,?,?)",
            [kind, hdr["region"], int(hdr["anio"]), hdr["servicio"], sid_a, sid_b, now_iso()])
        return cur.lastrowid

    def _log(self, o: Outcome, sha: str) -> None:
        anio = None
        if o.submission_id is not None:
            r = self.db.execute("SELECT anio FROM submissions WHERE id=?",
                                [o.submission_id]).fetchone()
            anio = r[0] if r else None
        self.db.execute(
            "INSERT INTO imports (at, file_name, file_sha256, outcome, message, submission_id, "
            "instance_uuid, revision, region, anio, servicio) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [now_iso(), o.name, sha, o.kind, o.detail, o.submission_id, o.instance_uuid,
             o.revision, o.region, anio, o.servicio])

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
        what = ("misma revisión con distinto contenido" if c["kind"] == KIND_REVISION
                else "dos formularios para el mismo servicio, región y año")
        return (f"Conflicto {c['id']}: {c['servicio']}, {_region_name(c['region'])}, "
                f"{c['anio']} — {what}.")

    def resolve(self, conflict_id: int, official_submission: int) -> None:
        """Choose the official version of a conflict; nothing is deleted."""
        c = self.conflict(conflict_id)
        if c["resolved_at"]:
            raise UserError(f"El conflicto {conflict_id} ya fue resuelto.")
        if official_submission not in (c["submission_a"], c["submission_b"]):
            raise UserError(
                f"La versión {official_submission} no es parte del conflicto {conflict_id} "
                f"(elija {c['submission_a']} o {c['submission_b']}).")
        chosen = self.submission(official_submission)
        other = self.submission(c["submission_b"] if official_submission == c["submission_a"]
                                else c["submission_a"])
        ts = now_iso()
        with self.db.atomic():
            if c["kind"] == KIND_REVISION:
                cur = self.db.execute(
                    "SELECT s.revision FROM instances i JOIN submissions s "
                    "ON s.id=i.current_submission WHERE i.uuid=?",
                    [chosen["instance_uuid"]]).fetchone()
                if cur is None or cur[0] <= chosen["revision"]:
                    self._point_current(chosen)
            else:
                self._point_current(chosen)
                self.db.execute("UPDATE instances SET active=0 WHERE uuid=?",
                                [other["instance_uuid"]])
            self.db.execute("UPDATE conflicts SET resolved_at=?, official_submission=? "
                            "WHERE id=?", [ts, official_submission, conflict_id])

    def _point_current(self, s: dict[str, Any]) -> None:
        self.db.execute(
            "UPDATE instances SET current_submission=?, servicio=?, servicio_key=?, region=?, "
            "anio=?, active=1 WHERE uuid=?",
            [s["id"], s["servicio"], s["servicio_key"], s["region"], s["anio"],
             s["instance_uuid"]])

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

    def status(self, anio: int | None = None) -> dict[str, Any]:
        """Per region (16 + nacional): forms, latest revision/date, completeness, statuses."""
        anio = self.default_year(anio)
        open_conf: dict[str, int] = {}
        for c in self.conflicts():
            if anio is None or c["anio"] == anio:
                open_conf[c["region"]] = open_conf.get(c["region"], 0) + 1
        cur = self.current(anio) if anio is not None else []
        docs: dict[int, dict[str, Any]] = {}
        if cur:
            ids = [r["id"] for r in cur]
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                for sid, d in self.db.execute(
                        f"SELECT id, document FROM submissions WHERE id IN "
                        f"({','.join('?' * len(chunk))})", chunk):
                    docs[sid] = json.loads(d)
        out_regions = []
        for reg in all_choices():
            rows = [r for r in cur if r["region"] == reg.code]
            counts: dict[str, dict[str, int]] = {}
            for r in rows:
                form = get_form(r["form_id"], r["form_version"])
                if form is None:
                    continue
                for sec, cnt in status_counts(form, docs[r["id"]]["data"]).items():
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

    def consolidated(self, anio: int | None = None,
                     servicio: str | None = None) -> dict[str, Any]:
        """The consolidated «Todas las regiones» document; table rows carry ``_region``."""
        anio = self.default_year(anio)
        if anio is None:
            raise UserError("La base central todavía no tiene formularios.")
        rows = self.current(anio, None, servicio)
        if not rows:
            raise UserError(f"No hay formularios para {anio} en la base central.")
        order = {r.code: i for i, r in enumerate(all_choices())}
        rows.sort(key=lambda r: (order.get(r["region"], 99), r["servicio"], r["id"]))
        docs = [(r, self.document(r["id"])) for r in rows]
        form = get_form(rows[0]["form_id"], rows[0]["form_version"])
        if form is None:
            raise UserError("La base central tiene formularios de una definición desconocida.")
        services = sorted({r["servicio"] for r in rows})
        data: dict[str, Any] = {}
        for sec in form.sections:
            if sec.is_table:
                out_rows = []
                for r, d in docs:
                    for row in d["data"].get(sec.key) or []:
                        out_rows.append({**row, "_region": r["region"]})
                data[sec.key] = out_rows
            elif sec.key == form.header.key:
                vals = {f.key: "" for f in sec.fields}
                vals.update({
                    "servicio": services[0] if len(services) == 1
                    else f"Varios servicios ({len(services)})",
                    "region": NATIONAL_CODE,
                    "anio": str(anio),
                    "fecha": date.today().isoformat(),
                })
                if "responsable" in vals:
                    vals["responsable"] = f"Nivel Central — consolidado de {len(rows)} formulario(s)"
                data[sec.key] = vals
            else:
                vals = {}
                for f in sec.fields:
                    parts = []
                    for r, d in docs:
                        v = str((d["data"].get(sec.key) or {}).get(f.key, "")).strip()
                        if v:
                            who = by_code(r["region"])
                            label = who.short if who else r["region"]
                            if len(services) > 1:
                                label += f" ({r['servicio']})"
                            parts.append(f"{label}: {v}")
                    vals[f.key] = "\n\n".join(parts)
                data[sec.key] = vals
        return {
            "format": "sernam-desktop.instance",
            "format_version": 1,
            "form": {"id": form.id, "version": form.version},
            "instance": {"uuid": "00000000-0000-0000-0000-000000000000", "revision": 1,
                         "state": "borrador", "created_at": None, "updated_at": None,
                         "sent_at": None},
            "data": data,
            "consolidated": {
                "anio": anio, "forms": len(rows),
                "regions": sorted({r["region"] for r in rows}),
                # the free-text sections of each form, for layouts that keep them apart
                "texts": [{"region": r["region"], "servicio": r["servicio"],
                           "values": {sec.key: d["data"].get(sec.key) or {}
                                      for sec in form.field_sections
                                      if sec.key != form.header.key}}
                          for r, d in docs],
            },
        }

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


def status_matrix(status: dict[str, Any], form: FormDefinition) -> tuple[list[str], list[list[Any]]]:
    """Region × status table: header and rows (region name, count per choice, total).

    Counts are summed over every table with a status column, per choice label.
    """
    labels: dict[str, str] = {}
    for sec in form.tables:
        sf = sec.status_field
        if sf and sf.choices:
            for c in sf.choices.items:
                labels.setdefault(c.key, c.label)
    keys = list(labels)
    header = ["Región", *[labels[k] for k in keys], "Sin estado", "Total"]
    rows = []
    for reg in status["regions"]:
        if reg["forms"] == 0 and reg["code"] == NATIONAL_CODE:
            continue
        tot = {k: 0 for k in [*keys, ""]}
        for cnt in reg["status_counts"].values():
            for k, n in cnt.items():
                tot[k if k in tot else ""] += n
        rows.append([reg["short"], *[tot[k] for k in keys], tot[""], sum(tot.values())])
    return header, rows


def state_label(state: str | None) -> str:
    return STATE_LABELS.get(state or "", state or "")


def status_as_json(status: dict[str, Any]) -> str:
    return json.dumps(status, ensure_ascii=False, indent=2)

# ------------------------------------------------------------- reporting --
def status_matrices(status: dict[str, Any], form: FormDefinition
                    ) -> list[tuple[Any, list[tuple[str, str, str]], list[tuple[str, list[int]]]]]:
    """Per status table: (section, [(choice key, label, colour)…], [(region short, counts)…]).

    The counts follow the choice order, then "Sin estado"; only regions with
    forms (and every one of the 16 regions) are listed.
    """
    out = []
    for sec in form.tables:
        sf = sec.status_field
        if sf is None or sf.choices is None:
            continue
        choices = [(c.key, c.label, c.color) for c in sf.choices.items]
        choices.append(("", "Sin estado", "#9e9e9e"))
        rows = []
        for reg in status["regions"]:
            if reg["code"] == NATIONAL_CODE and not reg["forms"]:
                continue
            cnt = reg["status_counts"].get(sec.key, {})
            rows.append((reg["short"], [int(cnt.get(k, 0)) for k, _, _ in choices]))
        out.append((sec, choices, rows))
    return out


def _summary_rows(status: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    head = ["Región", "Situación", "Formularios", "Revisión", "Recibido", "Completos",
            "Datos faltantes", "Conflictos"]
    rows = []
    for r in status["regions"]:
        if r["code"] == NATIONAL_CODE and not r["forms"]:
            continue
        rows.append([
            r["name"], r["state"].capitalize(), r["forms"],
            r["revision"] if r["revision"] is not None else "",
            (r["received_at"] or "")[:16].replace("T", " "),
            f"{r['complete']} de {r['forms']}" if r["forms"] else "",
            r["missing"] if r["forms"] else "", r["conflicts"] or "",
        ])
    return head, rows


def _pdf_appendix(status: dict[str, Any], form: FormDefinition, paper: str) -> list[Any]:
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape

    from sernam_desktop import pdf

    st = pdf.styles()
    font = getattr(pdf, "FONT", "Helvetica")
    bold = getattr(pdf, "FONT_BOLD", "Helvetica-Bold")
    accent = getattr(pdf, "ACCENT", colors.Color(0.12, 0.3, 0.47))
    rule = getattr(pdf, "RULE", colors.Color(0.6, 0.65, 0.7))
    width = pdf.page_size(paper)[0] - 2 * getattr(pdf, "MARGIN", 40)
    cell, head_style = st["cell"], st["cell_head"]

    num = ParagraphStyle("num", cell, alignment=TA_RIGHT)
    small_head = ParagraphStyle("small_head", head_style, fontSize=7, leading=8.5)

    def table(head: list[str], rows: list[list[Any]], weights: list[float],
              head_colors: list[Any] | None = None, total: bool = False,
              avail: float | None = None, numeric: bool = False) -> Table:
        hs = small_head if numeric else head_style
        data = [[Paragraph(escape(h), hs) for h in head]]
        for r in rows:
            data.append([Paragraph(escape(str(v)), num if numeric and i else cell)
                         for i, v in enumerate(r)])
        total_w = sum(weights)
        t = Table(data, colWidths=[(avail or width) * w / total_w for w in weights],
                  repeatRows=1)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, rule),
            ("BACKGROUND", (0, 0), (-1, 0), accent),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]
        for i, c in enumerate(head_colors or []):
            if c is not None:
                style.append(("BACKGROUND", (i, 0), (i, 0), c))
        if total:
            style.append(("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.93, 0.95, 0.97)))
        if numeric:
            style += [("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
        t.setStyle(TableStyle(style))
        return t

    out: list[Any] = [PageBreak(),
                      Paragraph("Resumen por región", st["objective"]),
                      Paragraph(escape(f"Año {status['anio']}. Situación de cada región en la "
                                       "base central: formularios vigentes, última revisión "
                                       "recibida, completitud y conflictos por resolver."),
                                st["help"])]
    head, rows = _summary_rows(status)
    out.append(table(head, rows, [4.2, 1.6, 1.6, 1.3, 2.4, 1.6, 1.7, 1.5]))
    missing = status["missing_regions"]
    if missing:
        names = ", ".join(by_code(c).short for c in missing)
        out.append(Paragraph(escape(f"Regiones sin envío ({len(missing)}): {names}."),
                             st["small"]))
    for sec, choices, mrows in status_matrices(status, form):
        sf = sec.status_field
        what = sf.choices.label if sf.choices else sf.label
        totals = [sum(r[1][i] for r in mrows) for i in range(len(choices))]
        body = [[name, *counts, sum(counts)] for name, counts in mrows]
        body.append(["Total", *totals, sum(totals)])
        hc = [None, *[colors.HexColor(c) for _, _, c in choices], None]
        left_w = width * 0.64
        right_w = width - left_w
        matrix = table(["Región", *[lbl for _, lbl, _ in choices], "Total"], body,
                       [2.0, *[1.7] * len(choices), 0.8], hc, total=True,
                       avail=left_w - 10, numeric=True)
        # stacked bars: one per region, one colour per status; legend below
        names = [r[0] for r in mrows]
        bar = 10
        plot_h = bar * 1.45 * len(names)
        legend_rows = (len(choices) + 1) // 2
        legend_h = 12 * legend_rows + 8
        h = plot_h + legend_h + 42
        d = Drawing(right_w, h)
        d.add(String(0, h - 10, f"Filas por región según {what.lower()}", fontName=bold,
                     fontSize=8.5))
        ch = HorizontalBarChart()
        ch.x, ch.y, ch.width, ch.height = 86, legend_h + 22, right_w - 100, plot_h
        ch.data = [[r[1][i] for r in reversed(mrows)] for i in range(len(choices))]
        ch.categoryAxis.categoryNames = list(reversed(names))
        ch.categoryAxis.style = "stacked"
        pdf.style_bar_axes(ch, max([sum(r[1]) for r in mrows] + [1]), ticks=6, bar=bar,
                           font=font)
        for i, (_, _, color) in enumerate(choices):
            ch.bars[i].fillColor = colors.HexColor(color)
        d.add(ch)
        lg = Legend()
        lg.x, lg.y = 12, legend_h
        lg.fontName, lg.fontSize = font, 7.5
        lg.alignment = "right"
        lg.boxAnchor = "nw"
        lg.columnMaximum = legend_rows
        lg.deltax = (right_w - 24) / 2
        lg.dx = lg.dy = 7
        lg.colorNamePairs = [(colors.HexColor(c), lbl) for _, lbl, c in choices]
        d.add(lg)
        pair = Table([[matrix, d]], colWidths=[left_w, right_w])
        pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        out.append(CondPageBreak(h + 40))
        out.append(Paragraph(escape(f"{sec.title} — {what} por región"), st["heading"]))
        out.append(pair)
        out.append(Spacer(1, 8))
    return out


XLSX_CELL_MAX = 32_767
XLSX_TEXTS_NOTE = "El texto de cada región está en la hoja «Textos por región»."


def _xlsx_doc(doc: dict[str, Any], form: FormDefinition) -> dict[str, Any]:
    """The consolidated doc for Excel: free texts move to their own sheet (cell limit)."""
    out = {**doc, "data": dict(doc["data"])}
    for sec in form.field_sections:
        if sec.key == form.header.key:
            continue
        out["data"][sec.key] = {k: (XLSX_TEXTS_NOTE if v else "")
                                for k, v in doc["data"][sec.key].items()}
    return out


def _xlsx_texts(wb: Any, doc: dict[str, Any], form: FormDefinition) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet("Textos por región")
    cols = [(sec, f) for sec in form.field_sections if sec.key != form.header.key
            for f in sec.fields]
    ws.append(["Región", "Servicio", *[f"{sec.title}: {f.label}" for sec, f in cols]])
    for c in ws[1]:
        c.font = Font(bold=True, color="FFFFFF")
        c.fill = PatternFill("solid", fgColor="1F4D78")
        c.alignment = Alignment(wrap_text=True, vertical="top")
    for t in doc["consolidated"]["texts"]:
        row = [_region_name(t["region"]), t["servicio"]]
        for sec, f in cols:
            v = str((t["values"].get(sec.key) or {}).get(f.key, ""))
            if len(v) > XLSX_CELL_MAX:
                v = v[:XLSX_CELL_MAX - 60] + " […] (texto completo en el informe PDF)"
            row.append(v)
        ws.append(row)
        for c in ws[ws.max_row]:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 24
    for i in range(len(cols)):
        ws.column_dimensions[chr(ord("C") + i)].width = 60
    ws.freeze_panes = "C2"


def _xlsx_summary(path: Path, status: dict[str, Any], form: FormDefinition,
                  doc: dict[str, Any]) -> bytes:
    import io

    from openpyxl import load_workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = load_workbook(path)
    _xlsx_texts(wb, doc, form)
    ws = wb.create_sheet("Resumen por región")
    bold = Font(bold=True)
    white = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4D78")
    ws.append([f"Resumen por región — año {status['anio']}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    head, rows = _summary_rows(status)
    ws.append(head)
    for c in ws[ws.max_row]:
        c.font, c.fill = white, fill
    for r in rows:
        ws.append(r)
    ws.column_dimensions["A"].width = 34
    for col in "BCDEFGH":
        ws.column_dimensions[col].width = 16
    for sec, choices, mrows in status_matrices(status, form):
        ws.append([])
        sf = sec.status_field
        ws.append([f"{sec.title} — {sf.choices.label if sf.choices else sf.label} por región"])
        ws.cell(ws.max_row, 1).font = bold
        ws.append(["Región", *[lbl for _, lbl, _ in choices], "Total"])
        hrow = ws.max_row
        for i, c in enumerate(ws[hrow]):
            c.font = white
            color = choices[i - 1][2][1:] if 1 <= i <= len(choices) else "1F4D78"
            c.fill = PatternFill("solid", fgColor=color)
            c.alignment = Alignment(wrap_text=True, vertical="center")
        first = hrow + 1
        for name, counts in mrows:
            ws.append([name, *counts, sum(counts)])
        last = ws.max_row
        ch = BarChart()
        ch.type = "bar"
        ch.grouping = "stacked"
        ch.overlap = 100
        ch.title = f"{sec.title} · {sf.choices.label if sf.choices else sf.label}"
        ch.y_axis.title = "Filas"
        data = Reference(ws, min_col=2, max_col=1 + len(choices), min_row=hrow, max_row=last)
        cats = Reference(ws, min_col=1, min_row=first, max_row=last)
        ch.add_data(data, titles_from_data=True)
        ch.set_categories(cats)
        for i, (_, _, color) in enumerate(choices):
            ch.series[i].graphicalProperties.solidFill = color[1:]
            ch.series[i].graphicalProperties.line.solidFill = color[1:]
        ch.height, ch.width = 11, 18
        ws.add_chart(ch, f"J{hrow}")
        for _ in range(max(0, 24 - (last - hrow))):
            ws.append([])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_report(central: CentralDB, *, pdf_path: str | Path | None = None,
                 xlsx_path: str | Path | None = None, anio: int | None = None,
                 servicio: str | None = None, paper: str | None = None) -> list[Path]:
    """The consolidated «Todas las regiones» report as PDF and/or XLSX."""
    import tempfile

    from sernam_desktop import settings
    from sernam_desktop.interchange import write_atomic

    doc = central.consolidated(anio, servicio)
    form = get_form(doc["form"]["id"], doc["form"]["version"])
    status = central.status(doc["consolidated"]["anio"])
    paper = paper or settings.load().paper
    written = []
    if pdf_path:
        from sernam_desktop import pdf

        pdf.write_form_pdf(doc, pdf_path, paper=paper, region_column=True,
                           appendix=_pdf_appendix(status, form, paper))
        written.append(Path(pdf_path))
    if xlsx_path:
        from sernam_desktop import xlsx

        with tempfile.TemporaryDirectory(prefix="sernam-xlsx-") as tmp:
            tmp_path = Path(tmp) / "informe.xlsx"
            xlsx.write_form_xlsx(_xlsx_doc(doc, form), tmp_path, region_column=True)
            payload = _xlsx_summary(tmp_path, status, form, doc)
        write_atomic(xlsx_path, payload)
        written.append(Path(xlsx_path))
    return written


def export_region(central: CentralDB, region: str, out: str | Path, *, anio: int | None = None,
                  servicio: str | None = None) -> Path:
    """A region's official form as .json, .pdf or .xlsx (by the file's extension)."""
    from sernam_desktop.interchange import dumps, write_atomic

    out = Path(out)
    ext = out.suffix.lower()
    if ext not in (".json", ".pdf", ".xlsx"):
        raise UserError(f"No sé exportar a «{out.suffix or out.name}»: use .pdf, .xlsx o .json.")
    _row, doc = central.region_document(region, anio, servicio)
    if ext == ".json":
        write_atomic(out, dumps(doc))
    elif ext == ".pdf":
        from sernam_desktop import pdf, settings

        pdf.write_form_pdf(doc, out, paper=settings.load().paper)
    else:
        from sernam_desktop import xlsx

        xlsx.write_form_xlsx(doc, out)
    return out
