"""Ed25519 signatures: who made a bundle, who wrote a receipt (no PKI needed).

Each office file and each central file holds one Ed25519 key pair (created on
first use).  A bundle's manifest and a receipt are signed over their
*canonical bytes*: a domain string, a newline, and the JSON object without its
``signature`` key serialised with sorted keys, ``","``/``":"`` separators and
non-ASCII characters as themselves.  The signature travels in the same JSON
object as ``"signature": {"alg": "ed25519", "public_key": b64, "value": b64}``.

Trust is pinned, not certified: the central office remembers the first key it
sees per (región, servicio) and a region remembers the central key of its
first receipt (trust on first use), see :mod:`sernam_desktop.trust` and
:mod:`sernam_desktop.receipts`.  Fingerprints are the first 10 bytes of the
SHA-256 of the raw public key, as 5 groups of 4 upper-case hex digits, easy
to read aloud on the phone (``3F1C-A0B2-…``).

Qt-free; uses PyNaCl (pyca's binding of libsodium) only here: it verifies an
Ed25519 signature in half the time of ``cryptography``'s OpenSSL binding, and
a national merge verifies thousands (issue 17).  Ed25519 is deterministic, so
the bytes of a key and of a signature do not depend on the library.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nacl.signing import SigningKey, VerifyKey

# PyNaCl is imported by the functions that sign or verify, not here: the
# desktop app reads key fingerprints and receipts at start-up without it
# (issue 17, start-up time).

ALG = "ed25519"
BUNDLE_DOMAIN = b"sernam-desktop.bundle-manifest"
RECEIPT_DOMAIN = b"sernam-desktop.receipt"
SIGNATURE_KEY = "signature"
_FP_RE = re.compile(r"^[0-9A-F]{20}$")


class SignatureError(ValueError):
    """A signature block is malformed or does not verify (Spanish ``str``)."""


# -------------------------------------------------------------- keys --
@dataclass(frozen=True)
class KeyPair:
    private_raw: bytes  # 32 bytes

    @classmethod
    def generate(cls) -> KeyPair:
        from nacl.signing import SigningKey

        return cls(bytes(SigningKey.generate()))  # the 32-byte seed (RFC 8032's private key)

    @classmethod
    def from_b64(cls, text: str) -> KeyPair:
        raw = _b64decode(text)
        if raw is None or len(raw) != 32:
            raise SignatureError("la clave privada guardada está dañada")
        return cls(raw)

    def to_b64(self) -> str:
        return base64.b64encode(self.private_raw).decode("ascii")

    @property
    def _key(self) -> SigningKey:
        key = self.__dict__.get("_cached")
        if key is None:
            from nacl.signing import SigningKey

            key = SigningKey(self.private_raw)
            object.__setattr__(self, "_cached", key)  # frozen dataclass: cache once
        return key

    @property
    def public_raw(self) -> bytes:
        return bytes(self._key.verify_key)

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public_raw).decode("ascii")

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_raw)

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data).signature


def _b64decode(text: Any) -> bytes | None:
    if not isinstance(text, str) or len(text) > 200:
        return None
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None


def fingerprint(public_raw: bytes) -> str:
    """``3F1C-A0B2-77D9-0E41-5C2A``: SHA-256 of the raw key, first 10 bytes."""
    import hashlib  # here: OpenSSL's load is not paid at start-up (issue 17)

    h = hashlib.sha256(public_raw).hexdigest()[:20].upper()
    return "-".join(h[i:i + 4] for i in range(0, 20, 4))


def normalize_fingerprint(text: str) -> str | None:
    """A typed fingerprint (spaces, dashes, lower case allowed) → canonical, or None."""
    t = re.sub(r"[\s\-:]", "", text or "").upper()
    if not _FP_RE.match(t):
        return None
    return "-".join(t[i:i + 4] for i in range(0, 20, 4))


def public_fingerprint(public_b64: str) -> str:
    raw = _b64decode(public_b64)
    if raw is None or len(raw) != 32:
        raise SignatureError("la clave pública de la firma no es válida")
    return fingerprint(raw)


# --------------------------------------------------------- canonical --
def canonical_bytes(obj: dict[str, Any], domain: bytes) -> bytes:
    """What is signed: ``domain + b"\\n" + canonical JSON without "signature"``."""
    body = {k: v for k, v in obj.items() if k != SIGNATURE_KEY}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return domain + b"\n" + text.encode("utf-8")


def sign_object(obj: dict[str, Any], key: KeyPair, domain: bytes) -> dict[str, Any]:
    """A copy of ``obj`` with its ``signature`` block."""
    sig = key.sign(canonical_bytes(obj, domain))
    return {**{k: v for k, v in obj.items() if k != SIGNATURE_KEY},
            SIGNATURE_KEY: {"alg": ALG, "public_key": key.public_b64,
                            "value": base64.b64encode(sig).decode("ascii")}}


@dataclass(frozen=True)
class Verified:
    """A signature that verified: the signer's key."""

    public_key: str  # base64 raw 32 bytes
    fingerprint: str


@lru_cache(maxsize=64)
def _public_key(raw: bytes) -> VerifyKey:
    """The key object of 32 raw bytes; kept: an office signs all its bundles with
    one key, and a merge checks thousands."""
    from nacl.signing import VerifyKey

    return VerifyKey(raw)


def verify_object(obj: dict[str, Any], domain: bytes) -> Verified | None:
    """Check ``obj``'s signature block.

    None when there is none; :class:`SignatureError` when it is malformed or
    does not verify (the content was changed after signing, or the block was
    copied from another file); :class:`Verified` otherwise.
    """
    block = obj.get(SIGNATURE_KEY)
    if block is None:
        return None
    if not isinstance(block, dict) or block.get("alg") != ALG:
        raise SignatureError("la firma no es Ed25519 o está mal formada")
    pub = _b64decode(block.get("public_key"))
    sig = _b64decode(block.get("value"))
    if pub is None or len(pub) != 32:
        raise SignatureError("la clave pública de la firma no es válida")
    if sig is None or len(sig) != 64:
        raise SignatureError("la firma está mal formada")
    from nacl.exceptions import CryptoError

    try:  # libsodium also refuses a non-canonical signature and a small-order key
        _public_key(pub).verify(canonical_bytes(obj, domain), sig)
    except (CryptoError, ValueError):
        raise SignatureError("la firma no corresponde al contenido (archivo alterado)") from None
    return Verified(block["public_key"], fingerprint(pub))


# ------------------------------------------------------- key storage --
# The office file keeps its key pair in its ``meta`` table (written only by
# outbox.CreateOfficeKey through Store.execute); the central file keeps its
# own in ``central_keys`` (review.py).  See docs/data-safety.md.
OFFICE_KEY_META = "signing:office_key"
CENTRAL_PIN_META = "signing:central_key"  # the pinned central public key (base64)


def meta_value(db: Any, key: str) -> str | None:
    """A value of an office file's ``meta`` table (None if missing)."""
    try:
        r = db.execute("SELECT value FROM meta WHERE key=?", [key]).fetchone()
    except Exception:  # noqa: BLE001 - a file without meta: no key
        return None
    return r[0] if r and r[0] else None


def office_key(db: Any) -> KeyPair | None:
    """The office file's own key pair, if it has one yet."""
    v = meta_value(db, OFFICE_KEY_META)
    return KeyPair.from_b64(v) if v else None
