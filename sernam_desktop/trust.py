"""Central office: which key may sign for each (región, servicio) — trust on first use.

The first signed bundle of a (región, servicio) pins its key.  Later bundles
signed by another key, or unsigned bundles for a pair that has a pinned key,
are **held** («retenido: firma distinta» / «sin firma») in ``held_bundles``:
nothing is merged until someone accepts them explicitly
(:func:`accept_held`, e.g. after a PC replacement); accepting a new key pins
it in place of the old one (the old pin stays, marked replaced).  Unsigned
version-1 bundles of a pair without a pinned key are merged as today and
shown «sin firma».  Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sernam_desktop.bundle import Bundle, parse_bundle, slug
from sernam_desktop.errors import UserError
from sernam_desktop.store import now_iso

if TYPE_CHECKING:
    from sernam_desktop.central import CentralDB, Outcome

HELD = "held"
PIN_INSERT = ("INSERT INTO pinned_keys (region, servicio_key, servicio, public_key, fingerprint, "
              "pinned_at, how) VALUES (?,?,?,?,?,?,?)")
SIGNATURE_INSERT = ("INSERT OR IGNORE INTO submission_signatures (submission_id, fingerprint) "
                    "VALUES (?,?)")
DIFFERENT_KEY, UNSIGNED = "firma distinta", "sin firma"


def pinned(central: CentralDB, region: str, servicio: str) -> dict[str, Any] | None:
    rows = list(central.db.query(
        "SELECT * FROM pinned_keys WHERE region=? AND servicio_key=? AND replaced_at IS NULL "
        "ORDER BY id DESC LIMIT 1", [region, slug(servicio, 200)]))
    return rows[0] if rows else None


def pins(central: CentralDB) -> list[dict[str, Any]]:
    return list(central.db.query("SELECT * FROM pinned_keys ORDER BY region, servicio_key, id"))


def _pin(central: CentralDB, b: Bundle, how: str) -> None:
    h = b.header
    ts = now_iso()
    assert b.signature is not None
    central.db.execute("UPDATE pinned_keys SET replaced_at=? WHERE region=? AND servicio_key=? "
                       "AND replaced_at IS NULL", [ts, h["region"], slug(h["servicio"], 200)])
    central.db.execute(
        PIN_INSERT,
        [h["region"], slug(h["servicio"], 200), h["servicio"], b.signature.public_key,
         b.signature.fingerprint, ts, how])


def check(central: CentralDB, b: Bundle, raw: Callable[[], bytes]) -> Outcome | None:
    """Inside the merge transaction: None = go ahead; else the «retenido» outcome.

    ``raw()`` gives the bundle's bytes, stored whole when it is held (it may
    raise UserError: the file changed since it was checked)."""
    from sernam_desktop.central import Outcome

    h = b.header
    pin = pinned(central, h["region"], h["servicio"])
    if b.signature is not None:
        if pin is None:
            _pin(central, b, "primer envío")
            return None
        if pin["public_key"] == b.signature.public_key:
            return None
        reason = DIFFERENT_KEY
        detail = (f"firmado con la clave {b.signature.fingerprint}, distinta de la registrada "
                  f"para esta oficina ({pin['fingerprint']}); retenido hasta que se acepte la "
                  "clave nueva («sernam-desktop central keys --accept N»).")
    else:
        if pin is None:
            return None
        reason = UNSIGNED
        detail = (f"sin firma, pero esta oficina firma sus envíos (clave {pin['fingerprint']}); "
                  "retenido hasta que alguien lo acepte («sernam-desktop central keys --accept N»).")
    hid = central.db.execute(
        "SELECT id FROM held_bundles WHERE file_sha256=? AND released_at IS NULL",
        [b.sha256]).fetchone()
    if hid is None:
        hid = (central.db.execute(
            "INSERT INTO held_bundles (received_at, file_name, file_sha256, raw, region, servicio, "
            "anio, instance_uuid, revision, fingerprint, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [now_iso(), b.name, b.sha256, raw(), h["region"], h["servicio"], int(h["anio"]),
             b.uuid, b.revision, b.signature.fingerprint if b.signature else None, reason]
        ).lastrowid,)
    return Outcome(HELD, b.name, f"retenido n.º {hid[0]} ({reason}): {detail}",
                   b.uuid, b.revision, h["region"], h["servicio"])


def record_signature(central: CentralDB, b: Bundle, submission_id: int | None) -> None:
    if submission_id is None:
        return
    central.db.execute(
        SIGNATURE_INSERT,
        [submission_id, b.signature.fingerprint if b.signature else None])


def signature_of(central: CentralDB, submission_id: int) -> str:
    """The short fingerprint a submission was signed with, or «sin firma»."""
    r = central.db.execute("SELECT fingerprint FROM submission_signatures WHERE submission_id=?",
                           [submission_id]).fetchone()
    return r[0] if r and r[0] else UNSIGNED


def held(central: CentralDB, include_released: bool = False) -> list[dict[str, Any]]:
    sql = ("SELECT id, received_at, file_name, region, servicio, anio, instance_uuid, revision, "
           "fingerprint, reason, released_at FROM held_bundles")
    if not include_released:
        sql += " WHERE released_at IS NULL"
    return list(central.db.query(sql + " ORDER BY id"))


def accept_held(central: CentralDB, held_id: int) -> Outcome:
    """Accept a held bundle explicitly: pin its key (if signed) and merge it."""
    from sernam_desktop import review

    r = central.db.execute("SELECT raw, file_name, released_at FROM held_bundles WHERE id=?",
                           [held_id]).fetchone()
    if r is None:
        raise UserError(f"No hay ningún envío retenido número {held_id}.")
    if r[2]:
        raise UserError(f"El envío retenido número {held_id} ya fue aceptado.")
    b = parse_bundle(r[0], r[1])
    with central.writing():  # BEGIN IMMEDIATE (nested: a savepoint)
        if b.signature is not None:
            _pin(central, b, f"aceptada a mano (retenido n.º {held_id})")
        central.db.execute("UPDATE held_bundles SET released_at=? WHERE id=?", [now_iso(), held_id])
        from sernam_desktop.central import _ready

        o = central._apply(_ready(b))
        central._log(o, b.sha256, int(b.header["anio"]))
        record_signature(central, b, o.submission_id)
        review.receipt_for_outcome(central, o, b)
    return o
