"""How long the open-time checks take: prints numbers, asserts nothing.

    .venv/bin/python bench/bench_integrity.py [--sizes 1,4,16,64]

Builds office databases of about the given sizes (MB) through ``Store.execute``
(the 2007 example form plus rows with realistic text, like a form typed over
weeks), then times ``PRAGMA quick_check`` and ``PRAGMA integrity_check`` on a
cold connection, and a whole ``Store(path)`` opening.  The result decides
``store.FULL_CHECK_MAX_BYTES`` (see docs/data-safety.md).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sernam_desktop.commands import InsertRow  # noqa: E402
from sernam_desktop.examples import load_demo  # noqa: E402
from sernam_desktop.store import FULL_CHECK_MAX_BYTES, Store  # noqa: E402

SECTION = "actividad_1_3"
TEXT = ("Se realizaron talleres de capacitación con funcionarias y funcionarios del servicio "
        "en las comunas de la región, con participación de organizaciones de mujeres. ") * 4


def build(path: Path, mb: float) -> None:
    with Store(path) as s:
        uid = load_demo(s)
        cols = [c.key for c in s.form_of(uid).section(SECTION).columns if not c.choices]
        conn = s.db.conn
        while os.path.getsize(path) + os.path.getsize(str(path) + "-wal") < mb * 1024 * 1024:
            with s.db.atomic():  # one transaction per 50 rows: fast to build, same file
                for _ in range(50):
                    InsertRow(uid, SECTION, 0, values={c: TEXT for c in cols}).execute_in(s)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def timed(path: Path, pragma: str, runs: int = 5) -> float:
    out = []
    for _ in range(runs):
        conn = sqlite3.connect(path)
        t = time.perf_counter()
        r = conn.execute(f"PRAGMA {pragma}").fetchall()
        out.append(time.perf_counter() - t)
        assert r == [("ok",)], r
        conn.close()
    return statistics.median(out) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,4,16,64")
    args = ap.parse_args()
    print(f"FULL_CHECK_MAX_BYTES = {FULL_CHECK_MAX_BYTES / 1024 / 1024:.0f} MB")
    print(f"{'size':>8}  {'quick_check':>12}  {'integrity_check':>16}  {'Store(path) open':>17}")
    with tempfile.TemporaryDirectory() as tmp:
        for mb in (float(x) for x in args.sizes.split(",")):
            path = Path(tmp) / f"db-{mb:g}.sqlite3"
            build(path, mb)
            size = os.path.getsize(path) / 1024 / 1024
            q = timed(path, "quick_check")
            i = timed(path, "integrity_check")
            t = time.perf_counter()
            Store(path, readonly=True).close()
            o = (time.perf_counter() - t) * 1000
            print(f"{size:6.1f} MB  {q:9.1f} ms  {i:13.1f} ms  {o:14.1f} ms")


if __name__ == "__main__":
    main()
