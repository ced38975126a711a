"""Child process for the concurrency tests (run as a script, not collected by pytest).

    python concurrency_helper.py hold DB SECONDS       take the write lock, print "held", wait
    python concurrency_helper.py merge-core DB START FILE...
                                                       at time START (epoch), merge FILEs with
                                                       the core function the central window uses
    python concurrency_helper.py open-central DB START at time START, open/create the central file
    python concurrency_helper.py edit DB START UID N   at time START, N SetField commands
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def wait_until(start: float) -> None:
    delay = start - time.time()
    if delay > 0:
        time.sleep(delay)


def main(argv: list[str]) -> int:
    mode, db = argv[0], argv[1]
    if mode == "hold":
        conn = sqlite3.connect(db, isolation_level=None, timeout=60)
        conn.execute("BEGIN IMMEDIATE")
        print("held", flush=True)
        time.sleep(float(argv[2]))
        conn.execute("ROLLBACK")
        conn.close()
        return 0
    wait_until(float(argv[2]))
    from sernam_desktop.errors import UserError

    try:
        if mode in ("merge-core", "merge-progress"):
            from sernam_desktop import central
            from sernam_desktop.central import CentralDB

            if os.environ.get("SERNAM_TEST_MERGE_BATCH"):  # many transactions for few files
                central.BATCH = int(os.environ["SERNAM_TEST_MERGE_BATCH"])

            def progress(done: int, total: int) -> None:
                print(done, flush=True)  # after the commit: the test may kill us now
                time.sleep(0.2)

            with CentralDB(db) as c:
                outcomes = c.merge_paths(
                    argv[3:], on_progress=progress if mode == "merge-progress" else None)
            print(" ".join(o.kind for o in outcomes), flush=True)
        elif mode == "open-central":
            from sernam_desktop.central import CentralDB

            with CentralDB(db) as c:
                c.status()
            print("ok", flush=True)
        elif mode == "edit":
            from sernam_desktop.commands import SetField
            from sernam_desktop.store import Store

            uid, n = argv[3], int(argv[4])
            with Store(db) as s:
                for i in range(n):
                    s.execute(SetField(uid, "notas", "notas", f"{argv[5]} {i}"))
            print("ok", flush=True)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
