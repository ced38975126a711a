"""The shared untrusted-zip checks (sernam_desktop.safezip)."""

from __future__ import annotations

import io
import zipfile

import pytest

from sernam_desktop import safezip

LIMITS = safezip.ZipLimits(max_entries=4, max_total=300_000, max_ratio=100, ratio_floor=1024,
                           max_member={"a.txt": 200_000, "b.txt": 200_000},
                           allowed=("a.txt", "b.txt"), required=("a.txt",))


def make(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members:
            z.writestr(name, data)
    return zipfile.ZipFile(io.BytesIO(buf.getvalue()))


def refused(members, limits=LIMITS, method=zipfile.ZIP_DEFLATED) -> safezip.UnsafeZip:
    with pytest.raises(safezip.UnsafeZip) as ei:
        safezip.inspect(make(members, method), limits)
    return ei.value


def test_accepts_allowed_members_and_reads_them():
    zf = make([("a.txt", b"hola" * 10), ("b.txt", b"chao")])
    seen = safezip.inspect(zf, LIMITS)
    assert set(seen) == {"a.txt", "b.txt"}
    assert safezip.read_member(zf, seen["a.txt"]) == b"hola" * 10


@pytest.mark.parametrize("members, kind", [
    ([("a.txt", b"x")] * 1 + [(f"b{i}", b"") for i in range(4)], "entries"),
    ([("a.txt", b"x"), ("../evil", b"")], "name"),
    ([("a.txt", b"x"), ("/etc/passwd", b"")], "name"),
    ([("a.txt", b"x"), ("c.txt", b"")], "unexpected"),
    ([("b.txt", b"x")], "missing"),
    ([("a.txt", b"\0" * 150_000)], "ratio"),
    ([("a.txt", bytes(range(256)) * 900)], "member_size"),
])
def test_refusals(members, kind):
    assert refused(members).kind == kind


def test_total_of_declared_sizes_is_capped():
    data = bytes(range(256)) * 700  # 179 200 bytes each, incompressible enough
    exc = refused([("a.txt", data), ("b.txt", data)], method=zipfile.ZIP_STORED)
    assert exc.kind == "total"


def test_duplicate_names_are_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", b"1")
        with pytest.warns(UserWarning):
            z.writestr("a.txt", b"2")
    with pytest.raises(safezip.UnsafeZip) as ei:
        safezip.inspect(zipfile.ZipFile(io.BytesIO(buf.getvalue())), LIMITS)
    assert ei.value.kind == "duplicate"


def test_read_member_counts_bytes_against_the_declared_size():
    zf = make([("a.txt", b"hola mundo" * 100)], zipfile.ZIP_STORED)
    info = zf.getinfo("a.txt")
    info.file_size = 10  # a header that lies about the size
    with pytest.raises((safezip.UnsafeZip, zipfile.BadZipFile)):
        safezip.read_member(zf, info)


def test_folders_are_refused_or_skipped():
    members = [("a.txt", b"x"), ("dir/", b"")]
    assert refused(members, safezip.ZipLimits(
        max_entries=4, max_total=10, max_ratio=100, ratio_floor=0, max_member=10,
        allowed=lambda n: True)).kind == "dir"
    lenient = safezip.ZipLimits(max_entries=4, max_total=10, max_ratio=100, ratio_floor=0,
                                max_member=10, allowed=lambda n: True, allow_dirs=True)
    assert set(safezip.inspect(make(members), lenient)) == {"a.txt"}


def test_contains_any_finds_needles_across_chunks():
    data = b"a" * (64 * 1024 - 3) + b"<!DOCTYPE x>"
    zf = make([("a.txt", data)])
    assert safezip.contains_any(zf, zf.getinfo("a.txt"), (b"<!DOCTYPE", b"<!ENTITY"))
    zf = make([("a.txt", b"<w:t>hola</w:t>")])
    assert not safezip.contains_any(zf, zf.getinfo("a.txt"), (b"<!DOCTYPE", b"<!ENTITY"))
