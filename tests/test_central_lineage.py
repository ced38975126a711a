"""Lineage (bundle format 2): succession by descent, order independence, resolve."""

from __future__ import annotations

import shutil
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bundle_factory import FACTORY_KEY, region_bundle, region_doc, sample_pdf

from sernam_desktop.bundle import bundle_bytes, read_bundle, write_bundle
from sernam_desktop.central import ACCEPTED, CONFLICT, OLDER, CentralDB
from sernam_desktop.cli.main import main
from sernam_desktop.commands import SetField, SetState
from sernam_desktop.errors import UserError
from sernam_desktop.examples import load_demo
from sernam_desktop.interchange import content_hash
from sernam_desktop.store import Store

A = "5e1f0c1a-0000-4000-8000-00000000000a"
B = "5e1f0c1a-0000-4000-8000-00000000000b"
C = "5e1f0c1a-0000-4000-8000-00000000000c"
D = "5e1f0c1a-0000-4000-8000-00000000000d"


def h(**kw) -> str:  # noqa: ANN003
    kw.pop("lineage", None)
    return content_hash(region_doc(**kw)["data"])


def official(c: CentralDB, uid: str) -> dict:
    sid = c.db.execute("SELECT current_submission FROM instances WHERE uuid=?",
                       [uid]).fetchone()[0]
    return c.submission(sid)


def signature(c: CentralDB) -> tuple:
    q = c.db.execute
    off = {r[0]: tuple(r[1:]) for r in q(
        "SELECT i.uuid, s.revision, s.content_hash, i.active FROM instances i "
        "JOIN submissions s ON s.id = i.current_submission")}
    conf = {(r[0], frozenset({tuple(r[1:4]), tuple(r[4:7])})) for r in q(
        "SELECT c.kind, a.instance_uuid, a.revision, a.content_hash, b.instance_uuid, "
        "b.revision, b.content_hash FROM conflicts c JOIN submissions a "
        "ON a.id = c.submission_a JOIN submissions b ON b.id = c.submission_b "
        "WHERE c.resolved_at IS NULL")}
    return off, conf


# ------------------------------------------------------- issue scenarios --
def test_copy_r1_and_its_r2_give_one_conflict_in_any_order():
    """{region A r1, another copy r1, that copy r2}: the same conflicts whatever the order."""
    r1 = dict(uid=A, tweak="PC1", lineage=[])
    r1b = dict(uid=A, tweak="PC2", lineage=[])
    r2b = dict(uid=A, revision=2, tweak="PC2 corregido", lineage=[h(**r1b)])
    raws = [region_bundle(**kw) for kw in (r1, r1b, r2b)]
    sigs = set()
    for order in ([0, 1, 2], [0, 2, 1], [1, 2, 0], [2, 1, 0], [1, 0, 2], [2, 0, 1]):
        with CentralDB(None) as c:
            for i in order:
                c.merge_bytes(raws[i], f"{i}.sernam")
            sig = signature(c)
            assert len(c.conflicts()) == 1
        sigs.add((frozenset(sig[0].items()), frozenset(sig[1])))
    assert len(sigs) == 1


def test_losing_branch_reopens_a_conflict_and_does_not_replace_the_choice():
    base = dict(uid=A, lineage=[])
    h1 = h(**base)
    pc1 = dict(uid=A, revision=2, tweak="PC1", lineage=[h1])
    pc2 = dict(uid=A, revision=2, tweak="PC2", lineage=[h1])
    with CentralDB(None) as c:
        for kw in (base, pc1, pc2):
            c.merge_bytes(region_bundle(**kw), "x.sernam")
        (conf,) = c.conflicts()
        pc2_sid = next(s for s in (conf["submission_a"], conf["submission_b"])
                       if c.submission(s)["content_hash"] == h(**pc2))
        done = c.resolve(conf["id"], pc2_sid)
        assert done["official"]["id"] == pc2_sid and done["open"] == []
        assert official(c, A)["id"] == pc2_sid
        # PC1 goes on editing its own branch: revision 3 descends from PC1's r2
        pc1_r3 = dict(uid=A, revision=3, tweak="PC1 sigue", lineage=[h1, h(**pc1)])
        o = c.merge_bytes(region_bundle(**pc1_r3), "pc1-r3.sernam")
        assert o.kind == CONFLICT and "otra rama" in o.detail
        assert official(c, A)["id"] == pc2_sid  # the chosen version stays official
        (again,) = c.conflicts()
        assert {again["submission_a"], again["submission_b"]} == {pc2_sid, o.submission_id}
        # PC2's next revision descends from the chosen one: it succeeds it
        pc2_r3 = dict(uid=A, revision=3, tweak="PC2 sigue", lineage=[h1, h(**pc2)])
        o2 = c.merge_bytes(region_bundle(**pc2_r3), "pc2-r3.sernam")
        assert official(c, A)["id"] == o2.submission_id
        (still,) = c.conflicts()  # PC1's branch is still open against it
        assert {still["submission_a"], still["submission_b"]} == {o2.submission_id,
                                                                  o.submission_id}
        assert len(c.history(A)) == 5  # nothing deleted


def test_corrected_draft_re_exported_at_the_same_revision_is_not_a_conflict():
    h1 = h(uid=A, lineage=[])
    draft = dict(uid=A, revision=2, state="borrador", tweak="Borrador", lineage=[h1])
    fixed = dict(uid=A, revision=2, state="borrador", tweak="Borrador corregido",
                 lineage=[h1, (2, h(**draft))])
    for order in ((draft, fixed), (fixed, draft)):
        with CentralDB(None) as c:
            c.merge_bytes(region_bundle(uid=A, lineage=[]), "r1.sernam")
            kinds = [c.merge_bytes(region_bundle(**kw), "x.sernam").kind for kw in order]
            assert c.conflicts() == []
            assert official(c, A)["content_hash"] == h(**fixed)
        assert kinds == ([ACCEPTED, ACCEPTED] if order[0] is draft else [ACCEPTED, OLDER])


def test_version_1_bundles_are_read_as_before():
    with CentralDB(None) as c:
        assert c.merge_bytes(region_bundle(uid=A), "r1.sernam").kind == ACCEPTED
        assert c.merge_bytes(region_bundle(uid=A, revision=3, tweak="3"), "r3").kind == ACCEPTED
        assert c.merge_bytes(region_bundle(uid=A, revision=2, tweak="2"), "r2").kind == OLDER
        o = c.merge_bytes(region_bundle(uid=A, revision=3, tweak="otro"), "r3b")
        assert o.kind == CONFLICT and "revisión 3" in o.detail


# ------------------------------------------------------ office to central --
def test_two_pcs_editing_copies_of_one_office_file(tmp_path):
    pdf = sample_pdf()
    pc1 = tmp_path / "pc1.sqlite3"
    with Store(pc1) as s:
        uid = load_demo(s)
        s.execute(SetState(uid, "enviado"))
        first = write_bundle(s, uid, tmp_path / "r1", pdf_bytes=pdf)
    pc2 = tmp_path / "pc2.sqlite3"
    shutil.copy(pc1, pc2)
    out = {}
    for name, path in (("pc1", pc1), ("pc2", pc2)):
        with Store(path) as s:
            s.execute(SetField(uid, "notas", "notas", f"Corregido en {name}"))
            assert s.instance(uid)["revision"] == 2
            s.execute(SetState(uid, "enviado"))
            out[name] = write_bundle(s, uid, tmp_path / name, pdf_bytes=pdf)
    b1 = read_bundle(first)
    assert read_bundle(out["pc1"]).lineage == read_bundle(out["pc2"]).lineage
    assert read_bundle(out["pc1"]).lineage[-1] == b1.content_hash  # parent = the sent r1
    with CentralDB(tmp_path / "central.sqlite3") as c:
        outs = c.merge_paths([first, out["pc1"], out["pc2"]])
        assert [o.kind for o in outs] == [ACCEPTED, ACCEPTED, CONFLICT]
        (conf,) = c.conflicts()
        c.resolve(conf["id"], outs[2].submission_id)  # the office keeps PC2's
        with Store(pc1) as s:  # PC1 edits again: revision 3 of the losing branch
            s.execute(SetField(uid, "notas", "notas", "PC1 otra vez"))
            s.execute(SetState(uid, "enviado"))
            r3 = write_bundle(s, uid, tmp_path / "pc1-r3", pdf_bytes=pdf)
        (o,) = c.merge_paths([r3])
        assert o.kind == CONFLICT
        assert official(c, uid)["id"] == outs[2].submission_id
    # the names never clash: each carries the instance's short id
    assert out["pc1"].name.endswith(f"-r2-{uid[:8]}.sernam")


def test_office_draft_exported_twice_at_one_revision(tmp_path):
    pdf = sample_pdf()
    with Store(tmp_path / "o.sqlite3") as s:
        uid = load_demo(s)
        one = write_bundle(s, uid, tmp_path / "uno", pdf_bytes=pdf)
        s.execute(SetField(uid, "notas", "notas", "Errata corregida"))
        two = write_bundle(s, uid, tmp_path / "dos", pdf_bytes=pdf)
    assert read_bundle(one).revision == read_bundle(two).revision == 1
    assert read_bundle(one).content_hash in read_bundle(two).lineage
    with CentralDB(None) as c:
        outs = c.merge_paths([two, one])
        assert [o.kind for o in outs] == [ACCEPTED, OLDER] and c.conflicts() == []
        assert official(c, uid)["content_hash"] == read_bundle(two).content_hash


# ------------------------------------------------------ order independence --
@lru_cache(maxsize=1)
def pool() -> tuple[bytes, ...]:
    """Several instances, revisions, branches, a rival form, v1 bundles and duplicates."""
    a1 = dict(uid=A, lineage=[])
    a2 = dict(uid=A, revision=2, tweak="A2", lineage=[h(**a1)])
    a2b = dict(uid=A, revision=2, tweak="A2 otra rama", lineage=[h(**a1)])
    a3 = dict(uid=A, revision=3, tweak="A3", lineage=[h(**a1), h(**a2)])
    a2x = dict(uid=A, revision=2, state="borrador", tweak="A2 corregido",
               lineage=[h(**a1), h(**a2b)])
    b1 = dict(uid=B, lineage=[])  # a rival form for the same region, service and year
    b2 = dict(uid=B, revision=2, tweak="B2", lineage=[h(**b1)])
    c1 = dict(uid=C, region="08")  # version-1 bundles
    c2 = dict(uid=C, region="08", revision=2, tweak="C2")
    c2b = dict(uid=C, region="08", revision=2, tweak="C2 otra")
    d1 = dict(uid=D, region="13", lineage=[])
    d1_again = dict(uid=D, region="13", lineage=[(1, h(**d1))])  # same version, more lineage
    kws = [a1, a2, a2b, a3, a2x, b1, b2, c1, c2, c2b, d1, d1_again]
    raws = [region_bundle(**kw) for kw in kws]
    # a duplicate with other bytes (another export time) of a2
    raws.append(bundle_bytes(region_doc(**a2), sample_pdf(), "2030-01-01T00:00:00+00:00", signer=FACTORY_KEY))
    return tuple(raws)


def merged(order: list[int]) -> tuple:
    raws = pool()
    with CentralDB(None) as c:
        for i in order:
            c.merge_bytes(raws[i], f"{i}.sernam")
        return signature(c)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_merge_order_does_not_matter(data):
    n = len(pool())
    subset = sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=1), label="bundles"))
    first = data.draw(st.permutations(subset), label="order 1")
    second = data.draw(st.permutations(subset), label="order 2")
    assert merged(first) == merged(second)


def test_whole_pool_in_two_orders_has_the_expected_conflicts():
    forward = merged(list(range(len(pool()))))
    assert forward == merged(list(reversed(range(len(pool())))))
    off, conf = forward
    kinds = sorted(k for k, _ in conf)
    # A: a3 (branch a2) against a2x (branch a2b); C: r2 against r2'; A and B rivals
    assert kinds == ["identity", "revision", "revision"]


# ---------------------------------------------------------------- resolve --
def test_resolve_refuses_a_conflict_made_moot_by_a_newer_revision(tmp_path, capsys):
    db = tmp_path / "central.sqlite3"
    with CentralDB(db) as c:
        c.merge_bytes(region_bundle(uid=A, revision=2, tweak="x"), "a.sernam")
        c.merge_bytes(region_bundle(uid=A, revision=2, tweak="y"), "b.sernam")
        (conf,) = c.conflicts()
        newest = c.merge_bytes(region_bundle(uid=A, revision=3, tweak="z"), "c.sernam")
        assert newest.kind == ACCEPTED and c.conflicts() == []
    assert main(["central", "resolve", "--central", str(db), str(conf["id"]), "--official",
                 str(conf["submission_a"])]) == 2
    err = capsys.readouterr().err
    assert "ya no está abierto" in err and len(err.splitlines()) == 1
    with CentralDB(db, readonly=True) as c:
        assert official(c, A)["id"] == newest.submission_id  # never an older revision


def test_resolve_prints_what_happened_and_keeps_the_loser(tmp_path, capsys):
    db = tmp_path / "central.sqlite3"
    with CentralDB(db) as c:
        c.merge_bytes(region_bundle(uid=A, revision=3, tweak="uno"), "a.sernam")
        c.merge_bytes(region_bundle(uid=A, revision=3, tweak="dos"), "b.sernam")
        (conf,) = c.conflicts()
    assert main(["central", "resolve", "--central", str(db), str(conf["id"]), "--official",
                 str(conf["submission_b"])]) == 0
    out = capsys.readouterr().out
    with CentralDB(db, readonly=True) as c:
        cur = official(c, A)
        assert cur["id"] == conf["submission_b"]
        assert f"la versión {cur['id']} (formulario {A[:8]}, revisión 3) es la oficial" in out
        assert [s["id"] for s in c.history(A)] == sorted([conf["submission_a"],
                                                          conf["submission_b"]])
    # resolving it again, or with a version outside it, changes nothing
    assert main(["central", "resolve", "--central", str(db), str(conf["id"]), "--official",
                 str(conf["submission_a"])]) == 2
    assert "ya fue resuelto" in capsys.readouterr().err


def test_resolve_three_way_leaves_the_rest_open_and_says_so():
    with CentralDB(None) as c:
        for t in ("uno", "dos", "tres"):
            c.merge_bytes(region_bundle(uid=A, revision=2, tweak=t), f"{t}.sernam")
        first = c.conflicts()[0]
        assert len(c.conflicts()) == 3
        done = c.resolve(first["id"], first["submission_b"])
        assert done["official"]["id"] == first["submission_b"] == official(c, A)["id"]
        assert len(done["open"]) == 1 and len(c.conflicts()) == 1
        try:
            c.resolve(first["id"], first["submission_a"])
        except UserError as exc:
            assert "ya fue resuelto" in str(exc)
        else:
            raise AssertionError("resolved twice")


def test_duplicate_with_another_export_time_does_not_change_precedence():
    """Found by the property test: two sibling branches plus a re-export of one of
    them (same content, later export time) — the earliest export time counts,
    whichever copy arrived first."""
    assert merged([1, 2, 12]) == merged([2, 12, 1]) == merged([12, 2, 1])
