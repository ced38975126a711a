"""Fuzzing: mutated bundles are either accepted or rejected cleanly, never half-applied."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bundle_factory import region_bundle

from sernam_desktop.central import ACCEPTED, DUPLICATE, REJECTED, CentralDB

BASE = region_bundle(region="11", uid="f0220000-0000-4000-8000-000000000011")
SEED = region_bundle(region="12")


def _central_dir_offset(raw: bytes) -> int:
    return raw.rfind(b"PK\x01\x02", 0, len(raw) - 20) if b"PK\x01\x02" in raw else 0


@pytest.fixture(scope="module")
def central():
    c = CentralDB(None)
    assert c.merge_bytes(SEED, "semilla.sernam").kind == ACCEPTED
    yield c
    c.close()


mutation = st.one_of(
    # flip bytes anywhere
    st.lists(st.tuples(st.integers(0, len(BASE) - 1), st.integers(0, 255)), min_size=1,
             max_size=8).map(lambda edits: ("set", edits)),
    # flip bytes in the headers (local headers and central directory, where it hurts)
    st.lists(st.tuples(st.integers(0, 120), st.integers(0, 255)), min_size=1,
             max_size=6).map(lambda edits: ("head", edits)),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 255)), min_size=1,
             max_size=6).map(lambda edits: ("tail", edits)),
    st.integers(0, len(BASE)).map(lambda n: ("truncate", n)),
    st.tuples(st.integers(0, len(BASE)), st.binary(min_size=1, max_size=64)).map(
        lambda t: ("insert", t)),
)


def mutate(m) -> bytes:  # noqa: ANN001
    kind, arg = m
    raw = bytearray(BASE)
    if kind == "set":
        for i, v in arg:
            raw[i] = v
    elif kind == "head":
        for i, v in arg:
            raw[i] = v
    elif kind == "tail":
        start = _central_dir_offset(bytes(raw))
        for i, v in arg:
            raw[min(start + i, len(raw) - 1)] = v
    elif kind == "truncate":
        raw = raw[:arg]
    else:
        pos, blob = arg
        raw[pos:pos] = blob
    return bytes(raw)


@settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(m=mutation)
def test_mutated_bundle_is_accepted_or_rejected_cleanly(central, m):
    raw = mutate(m)
    before = list(central.db.conn.iterdump())
    sp = central.db.conn.execute("SAVEPOINT fuzz")  # undo accepted ones: keep examples independent
    try:
        o = central.merge_bytes(raw, "mutado.sernam")
        assert o.kind in (ACCEPTED, DUPLICATE, REJECTED)
        if o.kind == REJECTED:
            assert o.detail and "Traceback" not in o.detail
            assert list(central.db.conn.iterdump()) == before
        else:
            # a mutation that survives every check must still be a readable, valid bundle
            with zipfile.ZipFile(io.BytesIO(raw)) as zf:
                assert sorted(zf.namelist()) == ["data.json", "form.pdf", "manifest.json"]
    finally:
        del sp
        central.db.conn.execute("ROLLBACK TO SAVEPOINT fuzz")
        central.db.conn.execute("RELEASE SAVEPOINT fuzz")
    assert list(central.db.conn.iterdump()) == before
