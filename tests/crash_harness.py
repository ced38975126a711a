"""Crash-safety harness: SIGKILL a process in the middle of editing, check nothing was lost.

Each trial starts a child process that opens the database for editing (taking
the single-writer lock) and runs random commands — SetCell, InsertRow,
DeleteRow, MoveRow, some with large values — through ``Store.execute``.
After each ``execute`` returns, the child writes an acknowledgement line
(edit id, change-log id, command, row) to a pipe the parent reads.  The
parent kills the child with SIGKILL at a random moment (sometimes during
start-up), then checks the database:

* ``PRAGMA integrity_check`` is ``ok`` and ``foreign_key_check`` is empty;
* every acknowledged edit is in the change log with the values reported;
* the log holds at most one commit beyond the last acknowledgement (the one
  in flight when the child died);
* the table content equals a replay of the change log: data and log were
  always written together (no half-applied command);
* the next trial can open the file for editing (the lock did not go stale).

Run on its own::

    .venv/bin/python tests/crash_harness.py --trials 100

``tests/test_crash.py`` runs a dozen trials as part of the suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SECTION = "actividad_1_3"
COLUMNS = ("logros_comprometidos", "logros_efectivos", "brechas")
REPO = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------------ child --
def child(db: str, seed: int, trial: int) -> None:
    sys.path.insert(0, str(REPO))
    from sernam_desktop.commands import CreateInstance, DeleteRow, InsertRow, MoveRow, SetCell
    from sernam_desktop.forms import default_form
    from sernam_desktop.lock import open_store_for_editing

    rng = random.Random(seed)
    out = sys.stdout
    store, reason = open_store_for_editing(db)
    if reason:
        out.write(f"READONLY {reason}\n")
        out.flush()
        return
    insts = store.instances()
    if insts:
        uid = insts[0]["uuid"]
    else:
        cmd = CreateInstance(default_form(), "Dirección Regional de prueba", "13", 2026)
        store.execute(cmd)
        uid = cmd.instance_id
    out.write("READY\n")
    out.flush()
    n = 0
    while True:
        n += 1
        edit = f"t{trial}-e{n}"
        rows = store.row_ids(uid, SECTION)
        r = rng.random()
        big = rng.random() < 0.15
        payload = f"{edit} ñandú 👩‍👩‍👧 مرحبا " + ("x" * rng.randint(5000, 60000) if big else "")
        if not rows or r < 0.25:
            cmd = InsertRow(uid, SECTION, rng.randint(0, len(rows)),
                            {rng.choice(COLUMNS): payload})
            kind = "InsertRow"
        elif r < 0.70:
            cmd = SetCell(uid, rng.choice(rows), rng.choice(COLUMNS), payload)
            kind = "SetCell"
        elif r < 0.85 and len(rows) > 3:
            cmd = DeleteRow(uid, rng.choice(rows))
            kind = "DeleteRow"
        else:
            cmd = MoveRow(uid, rng.choice(rows), rng.randint(0, len(rows) - 1))
            kind = "MoveRow"
        store.execute(cmd)
        # acknowledged: execute returned
        ack = {"edit": edit, "kind": kind, "row": cmd.row_id, "log": store.last_change_id()}
        if kind == "SetCell":
            ack["col"], ack["value"] = cmd.column, cmd.value
        out.write("ACK " + json.dumps(ack, ensure_ascii=False) + "\n")
        out.flush()


# ----------------------------------------------------------------- parent --
@dataclass
class TrialResult:
    trial: int
    acked: int
    killed_after: float
    problems: list[str] = field(default_factory=list)


def _reader(stream, lines: list[str]) -> None:
    for line in stream:
        lines.append(line)


def replay(conn: sqlite3.Connection, uid: str) -> dict[str, dict[str, str]] | list:
    """Rows of SECTION, in order, rebuilt from the change log alone."""
    order: list[str] = []
    cells: dict[str, dict[str, str]] = {}
    for command, row_id, fld, _old, new in conn.execute(
        "SELECT command, row_id, field, old, new FROM changes "
        "WHERE instance_id=? AND section=? ORDER BY id", [uid, SECTION]
    ):
        if command == "InsertRow":
            info = json.loads(new)
            order.insert(info["position"], row_id)
            cells[row_id] = {k: v for k, v in info["cells"].items() if v}
        elif command == "DeleteRow":
            order.remove(row_id)
            cells.pop(row_id)
        elif command == "MoveRow":
            order.remove(row_id)
            order.insert(int(new), row_id)
        elif command == "SetCell":
            cells[row_id][fld] = new
    return [(rid, cells[rid]) for rid in order]


def actual(conn: sqlite3.Connection, uid: str) -> list:
    out = []
    for (rid,) in conn.execute(
        "SELECT id FROM rows WHERE instance_id=? AND section=? ORDER BY position", [uid, SECTION]
    ):
        vals = {c: v for c, v in conn.execute("SELECT col, value FROM cells WHERE row_id=?", [rid])
                if v}
        out.append((rid, vals))
    return out


def verify(db: Path, acks: list[dict]) -> list[str]:
    problems: list[str] = []
    conn = sqlite3.connect(db)  # read-write: recovers the hot WAL like the app would
    try:
        ic = conn.execute("PRAGMA integrity_check").fetchall()
        if ic != [("ok",)]:
            problems.append(f"integrity_check: {ic[:3]}")
            return problems
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems.append(f"foreign_key_check: {fk[:3]}")
        has_schema = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'instances'").fetchone()[0]
        # killed before the first database was created: nothing to check yet
        insts = conn.execute("SELECT uuid FROM instances").fetchall() if has_schema else []
        if not insts:
            if acks:
                problems.append("acknowledged edits but no form instance")
            return problems
        uid = insts[0][0]
        for a in acks:
            row = conn.execute(
                "SELECT command, row_id, field, new FROM changes WHERE id=?", [a["log"]]
            ).fetchone()
            if row is None or row[0] != a["kind"] or row[1] != a["row"]:
                problems.append(f"lost acknowledged edit {a['edit']} ({a['kind']}): log has {row}")
            elif a["kind"] == "SetCell" and (row[2], row[3]) != (a["col"], a["value"]):
                problems.append(f"edit {a['edit']} logged with other values")
        if acks:
            last = max(a["log"] for a in acks)
            # each harness command logs exactly one change row
            beyond = conn.execute("SELECT count(*) FROM changes WHERE id > ?", [last]).fetchone()[0]
            if beyond > 1:
                problems.append(f"{beyond} unacknowledged commits after the last acknowledgement")
        if replay(conn, uid) != actual(conn, uid):
            problems.append("table content differs from the change log replay (half-applied command)")
    finally:
        conn.close()
    return problems


def run_trial(db: Path, trial: int, rng: random.Random, max_delay: float) -> TrialResult:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(db),
         "--seed", str(rng.randrange(1 << 30)), "--trial", str(trial)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env,
    )
    lines: list[str] = []
    reader = threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True)
    reader.start()
    # One trial in eight is killed during start-up (opening, WAL recovery,
    # locking); the others after the child has started editing.
    if rng.random() < 0.125:
        delay = rng.uniform(0.0, 0.3)
        time.sleep(delay)
    else:
        deadline = time.monotonic() + 30
        while not any(ln.startswith(("READY", "READONLY")) for ln in lines):
            if proc.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.005)
        delay = rng.uniform(0.0, max_delay)
        time.sleep(delay)
    exited_early = proc.poll() is not None
    if not exited_early:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.join(10)
    stderr = proc.stderr.read()
    proc.stderr.close()
    result = TrialResult(trial, 0, delay)
    acks = [json.loads(ln[4:]) for ln in lines if ln.startswith("ACK ") and ln.endswith("\n")]
    result.acked = len(acks)
    if any(ln.startswith("READONLY") for ln in lines):
        result.problems.append("the lock of the previous (killed) child was stale: " + lines[0])
    if exited_early:
        result.problems.append(f"child exited on its own (status {proc.returncode}): {stderr[-500:]}")
    result.problems += verify(db, acks)
    return result


def run(trials: int, seed: int | None = None, max_delay: float = 0.4,
        folder: Path | None = None, verbose: bool = False) -> list[TrialResult]:
    rng = random.Random(seed)
    own = folder is None
    tmp = tempfile.TemporaryDirectory(prefix="sernam-crash-") if own else None
    base = Path(tmp.name) if tmp else Path(folder)
    db = base / "crash.sqlite3"
    results = []
    try:
        for t in range(1, trials + 1):
            r = run_trial(db, t, rng, max_delay)
            results.append(r)
            if verbose:
                status = "OK" if not r.problems else "FALLO: " + "; ".join(r.problems)
                print(f"prueba {t:3}: {r.acked:4} cambios confirmados, SIGKILL a los "
                      f"{r.killed_after * 1000:5.0f} ms — {status}", flush=True)
    finally:
        if tmp:
            tmp.cleanup()
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--max-delay", type=float, default=0.4,
                    help="longest wait (s) before SIGKILL once the child is editing")
    ap.add_argument("--keep", metavar="FOLDER", help="keep the database in FOLDER")
    ap.add_argument("--child", metavar="DB", help=argparse.SUPPRESS)
    ap.add_argument("--trial", type=int, default=0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child, args.seed or 0, args.trial)
        return 0
    if os.name != "posix":
        print("SIGKILL harness: POSIX only.", file=sys.stderr)
        return 2
    folder = Path(args.keep) if args.keep else None
    if folder:
        folder.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    results = run(args.trials, args.seed, args.max_delay, folder, verbose=True)
    failed = [r for r in results if r.problems]
    total = sum(r.acked for r in results)
    print(f"\n{len(results)} pruebas, {total} cambios confirmados, {len(failed)} con fallas "
          f"({time.monotonic() - started:.1f} s).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
