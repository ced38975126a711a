"""Merge benchmark: 3,200 bundles (16 regions × 200 services) into a central database.

Prints, in one run:
  * the time to generate the bundles (not part of the comparison);
  * ``central merge`` of all of them into a fresh central file (every check of
    docs/bundle-format.md, one savepoint per bundle, WAL + synchronous=FULL);
  * a raw sqlite-utils insert of the same rows: open each zip, read data.json,
    json.loads, then ``insert_all`` the same columns into a fresh file with the
    same pragmas — no checks, no merge policy (and, separately, the insert
    alone with the rows already in memory);
  * their ratio (target ≤ 3×);
  * a re-merge of the same set (all duplicates; target ≤ 1/3 of the first).

The bundles carry one pre-rendered PDF (the 2007 example's) instead of a PDF
per form: rendering 3,200 PDFs would take ~15 minutes and measures reportlab,
not merging.  Run: ``.venv/bin/python bench/bench_merge.py [--services N]``.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlite_utils  # noqa: E402

from sernam_desktop.bundle import DATA, bundle_bytes, bundle_name  # noqa: E402
from sernam_desktop.central import CentralDB  # noqa: E402
from sernam_desktop.examples import example_document  # noqa: E402
from sernam_desktop.forms import default_form  # noqa: E402
from sernam_desktop.interchange import content_hash  # noqa: E402
from sernam_desktop.pdf import form_pdf_bytes  # noqa: E402
from sernam_desktop.regions import regions  # noqa: E402
from sernam_desktop.validation import completeness  # noqa: E402


def make_bundles(out: Path, services: int) -> int:
    base = example_document(fresh_id=False)
    form = default_form()
    for issue in completeness(form, base["data"]):
        if issue.row is not None:
            base["data"][issue.section][issue.row][issue.field] = "Sin observaciones"
        elif issue.field:
            base["data"][issue.section][issue.field] = "Sin observaciones"
    pdf = form_pdf_bytes(base, invariant=True)
    n = 0
    for reg in regions():
        for s in range(services):
            doc = copy.deepcopy(base)
            doc["instance"].update(uuid=str(uuid.uuid4()), revision=1, state="enviado")
            head = doc["data"]["encabezado"]
            head.update(servicio=f"Servicio {s + 1:03d}", region=reg.code, anio="2026",
                        responsable=f"Encargada {reg.short}", fecha="2026-12-15")
            doc["data"]["objetivo_3"]["logros"] += f"\n\n{reg.name}, servicio {s + 1}."
            name = bundle_name(head["servicio"], reg.code, 2026, 1)
            (out / name).write_bytes(bundle_bytes(doc, pdf))
            n += 1
    return n


def raw_rows(files: list[Path]) -> list[dict]:
    rows = []
    for f in files:
        with zipfile.ZipFile(io.BytesIO(f.read_bytes())) as zf:
            raw = zf.read(DATA)
        doc = json.loads(raw)
        head = doc["data"]["encabezado"]
        rows.append({
            "instance_uuid": doc["instance"]["uuid"], "revision": doc["instance"]["revision"],
            "form_id": doc["form"]["id"], "form_version": doc["form"]["version"],
            "servicio": head["servicio"], "region": head["region"], "anio": int(head["anio"]),
            "state": doc["instance"]["state"], "content_hash": content_hash(doc["data"]),
            "bundle_name": f.name, "document": raw.decode("utf-8"),
        })
    return rows


def raw_db(path: Path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    return db


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--services", type=int, default=200, help="services per region (200)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-merge-") as tmp:
        tmp = Path(tmp)
        bdir = tmp / "bundles"
        bdir.mkdir()
        t = time.perf_counter()
        n = make_bundles(bdir, args.services)
        gen = time.perf_counter() - t
        files = sorted(bdir.glob("*.sernam"))
        size = sum(f.stat().st_size for f in files)
        print(f"bundles: {n} ({len(regions())} regions × {args.services} services), "
              f"{size / n / 1024:.1f} KB each, generated in {gen:.1f} s")

        with CentralDB(tmp / "central.sqlite3") as c:
            t = time.perf_counter()
            outcomes = c.merge_paths([bdir])
            merge = time.perf_counter() - t
            kinds = {o.kind for o in outcomes}
            assert kinds == {"accepted"}, kinds
            t = time.perf_counter()
            again = c.merge_paths([bdir])
            remerge = time.perf_counter() - t
            assert {o.kind for o in again} == {"duplicate"}
            assert c.db.execute("SELECT count(*) FROM submissions").fetchone()[0] == n

        t = time.perf_counter()
        rows = raw_rows(files)
        read = time.perf_counter() - t
        db = raw_db(tmp / "raw.sqlite3")
        t = time.perf_counter()
        with db.conn:
            db["submissions"].insert_all(rows, batch_size=400)
        insert = time.perf_counter() - t
        db.close()
        raw = read + insert

        print(f"central merge:              {merge:7.2f} s  ({merge / n * 1000:.2f} ms/bundle)")
        print(f"raw read + sqlite-utils insert: {raw:7.2f} s  (read {read:.2f} s, "
              f"insert {insert:.2f} s)")
        print(f"ratio merge / raw:          {merge / raw:7.2f}×  (target ≤ 3×)"
              f"   [vs insert alone: {merge / insert:.1f}×]")
        print(f"re-merge (all duplicates):  {remerge:7.2f} s  = {remerge / merge:.2f} of the "
              "first merge (target ≤ 0.33)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
