"""One set of checks for every untrusted zip the application reads.

Bundles (``.sernam``), Excel workbooks (``.xlsx``) and Word documents
(``.docx``) are all zips, and ``zipfile`` stops none of the classic attacks.
:func:`inspect` looks only at the central directory and refuses, before a
single byte is inflated:

- more entries than ``max_entries``;
- absolute paths, ``..`` components, NUL bytes, symbolic links, folders
  (unless ``allow_dirs``), duplicate names, names outside the allow-list;
- encrypted members and compression methods other than stored/deflate;
- a member declaring more than its ``max_member`` size, or a compression
  ratio above ``max_ratio`` (for members larger than ``ratio_floor``);
- a sum of declared sizes above ``max_total``;
- a missing ``required`` member.

:func:`read_member` then reads one member counting the bytes as they come
(never more than declared).  Nothing here calls ``extractall``: callers read the
allow-listed members they need directly.

Every refusal is an :class:`UnsafeZip` (a ``UserError``) whose ``reason`` is a
Spanish sentence fragment («contiene demasiados archivos (40)») and whose
``kind`` lets each caller word its own message.  Qt-free.
"""

from __future__ import annotations

import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from sernam_desktop.errors import UserError

_CHUNK = 64 * 1024

# What zipfile/zlib raise on damaged or crafted archives (header fields out of
# range, bad CRC, unsupported methods, undecodable names…).
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
              NotImplementedError, RuntimeError, KeyError, TypeError, OverflowError,
              IndexError, struct.error, zlib.error, UnicodeDecodeError)

# Part names an Office Open XML package may use (OPC: unreserved, pct-encoded,
# sub-delims, ":" and "@", plus "/" and the brackets of "[Content_Types].xml").
OOXML_NAME = re.compile(r"^[A-Za-z0-9\-._~%!$&'()*+,;=:@\[\]/]+$")


class UnsafeZip(UserError):
    """A zip refused by :func:`inspect` or :func:`read_member`."""

    def __init__(self, kind: str, reason: str, member: str | None = None):
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.member = member


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int
    max_total: int  # sum of declared uncompressed sizes
    max_ratio: float  # declared uncompressed / compressed size of one member
    ratio_floor: int  # members at most this big are not ratio-checked
    max_member: int | Mapping[str, int]  # one limit, or one per allowed name
    # The allow-list: exact names, or a predicate on the name; None = any safe name.
    allowed: Collection[str] | Callable[[str], bool] | None = None
    required: Collection[str] = ()
    allow_dirs: bool = False  # skip folder entries instead of refusing them

    def member_limit(self, name: str) -> int:
        if isinstance(self.max_member, Mapping):
            return self.max_member.get(name, 0)
        return self.max_member

    def is_allowed(self, name: str) -> bool:
        if self.allowed is None:
            return True
        if callable(self.allowed):
            return bool(self.allowed(name))
        return name in self.allowed


def _check_name(raw: str) -> None:
    n = raw.replace("\\", "/")
    if n.startswith("/") or re.match(r"^[A-Za-z]:", n):
        raise UnsafeZip("name", f"contiene una ruta absoluta («{raw}»)", raw)
    if ".." in n.split("/"):
        raise UnsafeZip("name", f"contiene una ruta que sale de la carpeta («{raw}»)", raw)
    if "\x00" in raw:
        raise UnsafeZip("name", "contiene un nombre de archivo inválido", raw)


def inspect(zf: zipfile.ZipFile, limits: ZipLimits) -> dict[str, zipfile.ZipInfo]:
    """Check the central directory of ``zf``; return {name: info} of its files."""
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        raise UnsafeZip("entries", f"contiene demasiados archivos ({len(infos)})")
    seen: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        fn = info.filename
        _check_name(fn)
        mode = info.external_attr >> 16
        if info.create_system == 3 and stat.S_ISLNK(mode):
            raise UnsafeZip("symlink", f"contiene un enlace simbólico («{fn}»)", fn)
        if info.is_dir():
            if limits.allow_dirs and info.file_size == 0:
                continue
            raise UnsafeZip("dir", f"contiene una carpeta («{fn}»)", fn)
        if fn in seen:
            raise UnsafeZip("duplicate", f"contiene «{fn}» repetido", fn)
        if not limits.is_allowed(fn):
            raise UnsafeZip("unexpected", f"contiene un archivo inesperado («{fn}»)", fn)
        if info.flag_bits & 0x1:
            raise UnsafeZip("encrypted", "contiene archivos cifrados", fn)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsafeZip("method", "usa un método de compresión no admitido", fn)
        if info.file_size > limits.member_limit(fn):
            raise UnsafeZip("member_size", f"«{fn}» es demasiado grande", fn)
        if (info.file_size > limits.ratio_floor
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)):
            raise UnsafeZip("ratio", f"«{fn}» tiene una compresión sospechosa (bomba zip)", fn)
        total += info.file_size
        seen[fn] = info
    if total > limits.max_total:
        raise UnsafeZip("total", "su contenido descomprimido es demasiado grande")
    for member in limits.required:
        if member not in seen:
            raise UnsafeZip("missing", f"le falta «{member}»", member)
    return seen


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read one member, counting bytes: never more than it declares, nor fewer."""
    limit = info.file_size  # bounded by inspect() before anything is read
    with zf.open(info) as fh:
        out = fh.read(limit + 1)  # one byte more than declared shows a lie
    if len(out) > limit:
        raise UnsafeZip("overflow", f"«{info.filename}» es más grande de lo que declara",
                        info.filename)
    if len(out) != limit:
        raise UnsafeZip("truncated", f"«{info.filename}» está incompleto", info.filename)
    return out


def contains_any(zf: zipfile.ZipFile, info: zipfile.ZipInfo, needles: Collection[bytes]) -> bool:
    """Does this member contain one of ``needles`` (streamed; bytes counted)?"""
    longest = max((len(n) for n in needles), default=1)
    tail = b""
    read = 0
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            read += len(chunk)
            if read > info.file_size:
                raise UnsafeZip("overflow", f"«{info.filename}» es más grande de lo que declara",
                                info.filename)
            window = tail + chunk
            if any(m in window for m in needles):
                return True
            tail = window[-longest:]
    return False
