"""Concurrent writers on the central and office files: real processes, real files.

Every write transaction starts with BEGIN IMMEDIATE, so a writer waits for
another one (up to the busy timeout) instead of failing; two or three merges at
once end exactly like the same bundles merged one after another; a lock held
past the timeout is one Spanish line, exit 2, and nothing written.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from test_bundle_factory import region_bundle, region_doc

from sernam_desktop.central import CentralDB
from sernam_desktop.interchange import content_hash
from sernam_desktop.store import Store

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
HELPER = str(HERE / "concurrency_helper.py")
TIMEOUT = 600  # seconds for any child: the machine may be very loaded


def env(**extra: str) -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(REPO) + os.pathsep + e.get("PYTHONPATH", "")
    e.update(extra)
    return e


def cli(*args: str, **kw) -> subprocess.Popen:  # noqa: ANN003
    return subprocess.Popen([sys.executable, "-m", "sernam_desktop", *args], cwd=REPO,
                            env=env(**kw), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8")


def helper(*args: str, **kw) -> subprocess.Popen:  # noqa: ANN003
    return subprocess.Popen([sys.executable, HELPER, *args], cwd=REPO, env=env(**kw),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8")


def finish(p: subprocess.Popen) -> tuple[int, str, str]:
    out, err = p.communicate(timeout=TIMEOUT)
    return p.returncode, out, err


def hold_lock(db: Path, seconds: float) -> subprocess.Popen:
    p = helper("hold", str(db), str(seconds))
    assert p.stdout.readline().strip() == "held"  # the write lock is taken now
    return p


def state(db: Path) -> tuple:
    """What a merge decides: versions stored, official versions, open conflicts."""
    with CentralDB(db, readonly=True) as c:
        q = c.db.execute
        versions = {tuple(r) for r in q(
            "SELECT instance_uuid, revision, content_hash FROM submissions")}
        official = {r[0]: tuple(r[1:]) for r in q(
            "SELECT i.uuid, s.revision, s.content_hash, i.active FROM instances i "
            "JOIN submissions s ON s.id = i.current_submission")}
        conflicts = {(r[0], frozenset({tuple(r[1:4]), tuple(r[4:7])})) for r in q(
            "SELECT c.kind, a.instance_uuid, a.revision, a.content_hash, b.instance_uuid, "
            "b.revision, b.content_hash FROM conflicts c JOIN submissions a "
            "ON a.id = c.submission_a JOIN submissions b ON b.id = c.submission_b "
            "WHERE c.resolved_at IS NULL")}
        logged = q("SELECT count(*) FROM imports").fetchone()[0]
    return versions, official, conflicts, logged


def bundle_sets(tmp: Path) -> list[list[Path]]:
    """Three overlapping sets: revisions, a branch, a rival form, duplicates."""
    out = tmp / "envios"
    out.mkdir()
    files: dict[str, Path] = {}

    def put(key: str, **kw) -> str:  # noqa: ANN003
        raw = region_bundle(**kw)
        files[key] = out / f"{key}.sernam"
        files[key].write_bytes(raw)
        return content_hash(region_doc(**{k: v for k, v in kw.items()})["data"])

    uids = {code: f"5e1f0c1a-0000-4000-8000-0000000000{code}" for code in
            [f"{i:02d}" for i in range(1, 17)]}
    hashes = {}
    for code, uid in uids.items():
        hashes[code] = put(f"r1-{code}", region=code, uid=uid, lineage=[])
        put(f"r2-{code}", region=code, uid=uid, revision=2, tweak=f"Logro {code}",
            lineage=[hashes[code]])
    # a branch of region 05 (another PC edited revision 1 too) and a rival form for 08
    put("r2-05-otro-pc", region="05", uid=uids["05"], revision=2, tweak="Otra oficina",
        lineage=[hashes["05"]])
    put("rival-08", region="08", uid="5e1f0c1a-0000-4000-8000-0000000000aa", lineage=[])
    keys = sorted(files)
    a = [files[k] for k in keys if k.endswith(("01", "02", "03", "04", "05", "06", "07"))]
    b = [files[k] for k in keys if k.endswith(("05", "06", "07", "08", "09", "10", "11", "pc"))]
    c = [files[k] for k in keys if not k.endswith(("01", "02"))]
    return [a, b, c]


def test_every_write_transaction_begins_immediate(tmp_path):
    from sernam_desktop.commands import SetField
    from sernam_desktop.examples import load_demo

    seen: list[str] = []
    with Store(tmp_path / "oficina.sqlite3") as s:
        uid = load_demo(s)
        s.db.conn.set_trace_callback(seen.append)
        s.execute(SetField(uid, "notas", "notas", "hola"))
    begins = [x for x in seen if x.upper().startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE"]
    seen.clear()
    with CentralDB(tmp_path / "central.sqlite3") as c:
        c.db.conn.set_trace_callback(seen.append)
        c.merge_bytes(region_bundle(region="05"), "a.sernam")
    assert [x for x in seen if x.upper().startswith("BEGIN")] == ["BEGIN IMMEDIATE"]


def test_office_file_two_editing_processes_lose_nothing(tmp_path):
    from sernam_desktop.examples import load_demo

    db = tmp_path / "oficina.sqlite3"
    with Store(db) as s:
        uid = load_demo(s)
        before = len(s.changes(uid))
    start = str(time.time() + 3)
    procs = [helper("edit", str(db), start, uid, "40", f"pc{i}") for i in (1, 2)]
    results = [finish(p) for p in procs]
    assert [r[0] for r in results] == [0, 0], results
    with Store(db) as s:
        edits = [c for c in s.changes(uid)[before:] if c["command"] == "SetField"]
    assert len(edits) == 80


def test_concurrent_central_merges_end_like_sequential_ones(tmp_path):
    sets = bundle_sets(tmp_path)
    seq = tmp_path / "secuencial.sqlite3"
    for files in sets:
        with CentralDB(seq) as c:
            c.merge_paths(files)
    expected = state(seq)
    assert expected[2], "the sets must include conflicts"

    db = tmp_path / "central.sqlite3"
    CentralDB(db).close()
    holder = hold_lock(db, 4)  # the merges start while another process writes
    procs = [cli("central", "merge", "--central", str(db), *map(str, sets[0])),
             cli("central", "merge", "--central", str(db), *map(str, sets[1])),
             helper("merge-core", str(db), "0", *map(str, sets[2]))]  # as the GUI does
    results = [finish(p) for p in procs]
    assert finish(holder)[0] == 0
    for code, out, err in results:
        assert code == 0 and err == "", (code, out, err)
    assert "rejected" not in results[2][1]
    got = state(db)
    assert got[:3] == expected[:3]
    assert got[3] == sum(len(s) for s in sets)  # one import-log line per bundle


def test_new_central_file_created_by_several_processes_at_once(tmp_path):
    sets = bundle_sets(tmp_path)
    db = tmp_path / "nueva" / "central.sqlite3"
    start = str(time.time() + 4)
    procs = [helper("open-central", str(db), start) for _ in range(3)]
    procs += [helper("merge-core", str(db), start, *map(str, files)) for files in sets[:2]]
    results = [finish(p) for p in procs]
    for code, out, err in results:
        assert code == 0 and err == "", (code, out, err)
    seq = tmp_path / "secuencial.sqlite3"
    with CentralDB(seq) as c:
        for files in sets[:2]:
            c.merge_paths(files)
    assert state(db)[:3] == state(seq)[:3]


def test_lock_held_past_the_timeout_is_one_spanish_line_and_nothing_merged(tmp_path):
    sets = bundle_sets(tmp_path)
    db = tmp_path / "central.sqlite3"
    with CentralDB(db) as c:
        c.merge_paths(sets[0][:3])
    with CentralDB(db, readonly=True) as c:
        before = list(c.db.conn.iterdump())
    holder = hold_lock(db, 30)
    try:
        code, out, err = finish(cli("central", "merge", "--central", str(db),
                                    *map(str, sets[2]), SERNAM_DESKTOP_BUSY_TIMEOUT="1"))
    finally:
        holder.kill()
        holder.communicate(timeout=TIMEOUT)
    assert code == 2
    assert err.splitlines() == [
        "sernam-desktop: error: la base central está ocupada por otro proceso; reintente."]
    assert out == ""  # no bundle reported as merged
    with CentralDB(db, readonly=True) as c:
        assert list(c.db.conn.iterdump()) == before
    # once the lock is free, the same command merges everything
    code, out, err = finish(cli("central", "merge", "--central", str(db), *map(str, sets[2])))
    assert code == 0 and err == ""


def test_resolve_while_another_process_writes_waits(tmp_path):
    """`central resolve` too waits for the lock instead of failing."""
    db = tmp_path / "central.sqlite3"
    with CentralDB(db) as c:
        c.merge_bytes(region_bundle(region="08"), "uno.sernam")
        c.merge_bytes(region_bundle(region="08"), "dos.sernam")
        (conf,) = c.conflicts()
    holder = hold_lock(db, 3)
    code, out, err = finish(cli("central", "resolve", "--central", str(db), str(conf["id"]),
                                "--official", str(conf["submission_b"])))
    finish(holder)
    assert code == 0, err
    assert f"la versión {conf['submission_b']} " in out
    with CentralDB(db, readonly=True) as c:
        assert c.conflicts() == []


def test_merges_of_many_batches_at_once_end_like_sequential_ones(tmp_path):
    """issue 17: a merge of more than one batch leaves its WAL checkpoints to a thread on
    a connection of its own (AppDatabase.checkpoints_aside); three such merges at once,
    in three processes, still end exactly like the same sets merged one after another."""
    sets = bundle_sets(tmp_path)
    seq = tmp_path / "secuencial.sqlite3"
    for files in sets:
        with CentralDB(seq) as c:
            c.merge_paths(files)
    db = tmp_path / "central.sqlite3"
    CentralDB(db).close()
    start = str(time.time() + 3)
    procs = [helper("merge-core", str(db), start, *map(str, files), SERNAM_TEST_MERGE_BATCH="3")
             for files in sets]
    results = [finish(p) for p in procs]
    for code, out, err in results:
        assert code == 0 and err == "", (code, out, err)
    assert state(db) == state(seq)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_merge_killed_between_batches_keeps_what_it_committed(tmp_path):
    """A merge killed right after a commit (while its checkpoint thread may be copying the
    WAL back) leaves a sound file holding whole batches; merging again completes it."""
    files = bundle_sets(tmp_path)[2]
    expected_db = tmp_path / "esperado.sqlite3"
    with CentralDB(expected_db) as c:
        c.merge_paths(files)
    expected = state(expected_db)
    for trial, after in enumerate((1, 3, 6)):
        db = tmp_path / f"central-{trial}.sqlite3"
        p = helper("merge-progress", str(db), "0", *map(str, files), SERNAM_TEST_MERGE_BATCH="2")
        seen = [p.stdout.readline().strip() for _ in range(after)]
        p.kill()
        p.communicate(timeout=TIMEOUT)
        assert seen[-1] == str(2 * after), seen  # killed after its batch number ``after``
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        logged = conn.execute("SELECT count(*) FROM imports").fetchone()[0]
        conn.close()
        assert 2 * after <= logged < len(files) and logged % 2 == 0, logged  # whole batches
        with CentralDB(db) as c:
            c.merge_paths(files)
        assert state(db)[:3] == expected[:3]
