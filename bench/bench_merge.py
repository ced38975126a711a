"""Merge benchmark: 3,200 bundles (16 regions × 200 services) into a central database.

    .venv/bin/python bench/bench_merge.py [--services 200] [--pairs 5]

Prints, over ``--pairs`` interleaved pairs (median, p95/p99 and min–max):
  * ``central merge`` of all the bundles into a fresh central file (every check of
    docs/bundle-format.md: zip hardening, checksums, schema, validation, content
    hash, merge policy; one savepoint per bundle; WAL + synchronous=FULL).  The
    bundles are checked in worker processes (``SERNAM_DESKTOP_MERGE_WORKERS``, by
    default one per core but the writer's own, up to 3) while this process writes
    and checks whatever it has time for; the peak memory shown is the writer's;
  * the raw baseline: open each zip, read data.json, ``json.loads``, and
    ``insert_all`` the same columns into a fresh file with the same pragmas in one
    transaction — no checks, no hashing, no merge policy;
  * their ratio (goal of issue 17: ≤ 1.5×; earlier goal ≤ 3×);
  * a re-merge of the same set into the merged file (all duplicates; goal ≤ 1/10
    of the first merge);
  * for reference, the baseline plus recomputing every content hash (work the
    merge does as validation), and peak memory of the process.
Time to generate the bundles is shown but is not part of any comparison.

The bundles carry one pre-rendered PDF (the 2007 example's) instead of a PDF per
form: rendering 3,200 PDFs would take ~15 minutes and measures reportlab, not merging.
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import HEADER, interleaved, line, machine, peak_rss_mib, ratio_line  # noqa: E402

from sernam_desktop.bundle import DATA, bundle_bytes, bundle_name  # noqa: E402
from sernam_desktop.central import CentralDB  # noqa: E402
from sernam_desktop.document import content_hash  # noqa: E402
from sernam_desktop.regions import regions  # noqa: E402

# The merge's worker processes are spawned: each imports this script again (as
# ``__mp_main__``), so what only the bundle generator or the raw baseline needs
# (reportlab, sqlite-utils…) is imported inside them, and the workers start as
# they do under ``sernam-desktop``.


def make_bundles(out: Path, services: int = 0, count: int | None = None) -> int:
    """Write bundles of complete forms into ``out``: ``services`` per region (16 ×
    services), or ``count`` forms spread over the regions; returns how many."""
    from sernam_desktop.examples import example_document
    from sernam_desktop.forms import default_form
    from sernam_desktop.pdf import form_pdf_bytes
    from sernam_desktop.validation import completeness

    base = example_document(fresh_id=False)
    form = default_form()
    for issue in completeness(form, base["data"]):
        if issue.row is not None:
            base["data"][issue.section][issue.row][issue.field] = "Sin observaciones"
        elif issue.field:
            base["data"][issue.section][issue.field] = "Sin observaciones"
    pdf = form_pdf_bytes(base, invariant=True)
    regs = regions()
    total = count if count is not None else len(regs) * services
    from sernam_desktop.signing import KeyPair

    key = KeyPair.generate()  # issue 15: one office key for every bundle
    for k in range(total):
        reg, s = (regs[k % len(regs)], k // len(regs)) if count is not None else \
            (regs[k // services], k % services)
        doc = copy.deepcopy(base)
        doc["instance"].update(uuid=str(uuid.uuid4()), revision=1, state="enviado")
        head = doc["data"]["encabezado"]
        head.update(servicio=f"Servicio {s + 1:03d}", region=reg.code, anio="2026",
                    responsable=f"Encargada {reg.short}", fecha="2026-12-15")
        doc["data"]["objetivo_3"]["logros"] += f"\n\n{reg.name}, servicio {s + 1}."
        name = bundle_name(head["servicio"], reg.code, 2026, 1)
        (out / name).write_bytes(bundle_bytes(doc, pdf, signer=key))  # signed, as the app does
    return total


def raw_rows(files: list[Path], hashing: bool = False) -> list[dict]:
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
            "state": doc["instance"]["state"],
            "content_hash": content_hash(doc["data"]) if hashing else None,
            "bundle_name": f.name, "document": raw.decode("utf-8"),
        })
    return rows


def raw_db(path: Path) -> Any:
    import sqlite_utils  # here: the merge's worker processes import this script again

    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    return db


def raw_baseline(files: list[Path], target: Path, hashing: bool = False) -> float:
    t = time.perf_counter()
    rows = raw_rows(files, hashing)
    db = raw_db(target)
    with db.conn:
        db["submissions"].insert_all(rows, batch_size=400)
    db.close()
    return time.perf_counter() - t


def child_merge(bdir: Path, central: Path, n: int) -> dict:
    """Both merges (first and re-merge) timed inside the child; its peak memory."""
    with CentralDB(central) as c:
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
    return {"merge": merge, "remerge": remerge, "peak_mib": peak_rss_mib()}


def child_raw(bdir: Path, target: Path, hashing: bool) -> dict:
    files = sorted(bdir.glob("*.sernam"))
    return {"raw": raw_baseline(files, target, hashing), "peak_mib": peak_rss_mib()}


def in_child(*args: str) -> dict:
    """Run this script's --child mode in a fresh process: fair memory figures."""
    res = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                         text=True, timeout=3600)
    if res.returncode != 0:
        raise SystemExit(f"el proceso hijo falló:\n{res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--services", type=int, default=200, help="services per region (200)")
    ap.add_argument("--pairs", type=int, default=5, help="interleaved pairs (5)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, bdir, target, extra = args.child
        out = (child_merge(Path(bdir), Path(target), int(extra)) if kind == "merge"
               else child_raw(Path(bdir), Path(target), extra == "hash"))
        print(json.dumps(out))
        return 0
    print(f"Máquina: {machine()}")
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
              f"{size / n / 1024:.1f} KB each, generated in {gen:.1f} s (not compared)")
        in_child("raw", str(bdir), str(tmp / "warm.sqlite3"), "plain")  # warm the file cache

        merges: list[dict] = []
        raws: list[dict] = []

        def ours(i: int) -> float:
            merges.append(in_child("merge", str(bdir), str(tmp / f"central-{i}.sqlite3"), str(n)))
            return merges[-1]["merge"]

        def base(i: int) -> float:
            raws.append(in_child("raw", str(bdir), str(tmp / f"raw-{i}.sqlite3"), "plain"))
            return raws[-1]["raw"]

        merge_s, raw_s = interleaved(ours, base, args.pairs)
        hashed = [in_child("raw", str(bdir), str(tmp / f"rawhash-{i}.sqlite3"), "hash")["raw"]
                  for i in range(args.pairs)]
        remerges = [m["remerge"] for m in merges]

        print(f"\n{args.pairs} pares intercalados (segundos; cada medida en un proceso nuevo)")
        print(HEADER)
        print(line("raw: leer zips + insert_all (referencia)", raw_s, unit="s"))
        print(line("central merge", merge_s, unit="s"))
        print(ratio_line(merge_s, raw_s, goal=1.5))
        print(f"  por envío: {statistics.median(merge_s) / n * 1000:.2f} ms (merge), "
              f"{statistics.median(raw_s) / n * 1000:.2f} ms (raw)")
        print(line("re-merge (todo duplicado)", remerges, unit="s"))
        frac = statistics.median(remerges) / statistics.median(merge_s)
        print(f"  re-merge / primer merge: {frac:.2f}   (meta ≤ 0.10: {'OK' if frac <= 0.10 else 'NO'})")
        print(line("aparte: raw + content_hash de cada envío", hashed, unit="s"))
        print(f"memoria máxima: merge {max(m['peak_mib'] for m in merges):.0f} MiB, "
              f"raw {max(r['peak_mib'] for r in raws):.0f} MiB (todas las filas en memoria)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
