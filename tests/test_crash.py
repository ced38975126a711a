"""Crash safety: SIGKILL during editing never loses an acknowledged edit.

The full run is ``python tests/crash_harness.py --trials 100``; here a dozen
trials keep the suite fast.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crash_harness  # noqa: E402

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX-only")


def test_sigkill_trials_lose_nothing(tmp_path):
    results = crash_harness.run(12, seed=20261125, folder=tmp_path)
    problems = [(r.trial, r.problems) for r in results if r.problems]
    assert problems == []
    assert sum(r.acked for r in results) > 50  # the children really were editing
    db = tmp_path / "crash.sqlite3"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_verifier_detects_lost_and_half_applied_edits(tmp_path):
    """The harness's checks can fail: doctor a database and see them fire."""
    crash_harness.run(1, seed=7, folder=tmp_path, max_delay=0.2)
    db = tmp_path / "crash.sqlite3"
    conn = sqlite3.connect(db)
    last = conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    conn.close()
    fake = {"edit": "x", "kind": "SetCell", "row": "no-such-row", "log": last + 5}
    assert any("lost acknowledged edit" in p for p in crash_harness.verify(db, [fake]))
    conn = sqlite3.connect(db)
    uid = conn.execute("SELECT uuid FROM instances").fetchone()[0]
    rid = conn.execute("SELECT id FROM rows WHERE instance_id=? AND section=?",
                       [uid, crash_harness.SECTION]).fetchone()
    if rid is None:  # killed before any row: add one the way a buggy writer would
        conn.execute("INSERT INTO rows (id, instance_id, section, position) VALUES ('r', ?, ?, 0)",
                     [uid, crash_harness.SECTION])
    else:
        conn.execute("UPDATE cells SET value = 'cambiado sin registro' WHERE row_id=?", [rid[0]])
        conn.execute("INSERT OR REPLACE INTO cells (row_id, col, value) VALUES (?, 'brechas', 'z')",
                     [rid[0]])
    conn.commit()
    conn.close()
    assert any("change log replay" in p for p in crash_harness.verify(db, []))
    assert json.dumps(fake)
