"""Issue 15: signed bundles, pinned keys, receipts — and the hostile cases."""

from __future__ import annotations

import base64
import email
import email.policy
import io
import json
import zipfile

import pytest
from test_bundle import complete
from test_bundle_factory import region_doc, sample_pdf

from sernam_desktop import bundle, outbox, receipts, review, signing, trust
from sernam_desktop.bundle import bundle_bytes, parse_bundle
from sernam_desktop.central import CentralDB
from sernam_desktop.commands import SetField
from sernam_desktop.errors import UserError
from sernam_desktop.interchange import content_hash
from sernam_desktop.lifecycle import shown_state
from sernam_desktop.store import Store

KEY_A = signing.KeyPair.generate()
KEY_B = signing.KeyPair.generate()


def signed(key: signing.KeyPair | None = KEY_A, fmt: int = 1, **kw) -> bytes:
    """A bundle; version 1 by default (succession by revision numbers, may be unsigned)."""
    return bundle_bytes(region_doc(**kw), sample_pdf(), signer=key, format_version=fmt)


def members(raw: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def rezip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in ("manifest.json", "data.json", "form.pdf"):
            zf.writestr(n, parts[n])
    return buf.getvalue()


def manifest_of(raw: bytes) -> dict:
    return json.loads(members(raw)["manifest.json"])


# ------------------------------------------------------------- signing --
@pytest.mark.parametrize("seed, public, message, signature", [
    # RFC 8032 §7.1, TEST 1 and TEST 2
    ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b4"
     "6bd25bf5f0595bbe24655141438e7a100b"),
    ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d"
     "8c387b2eaeb4302aeeb00d291612bb0c00"),
])
def test_keys_and_signatures_are_rfc_8032_ed25519(seed, public, message, signature):
    """Stored keys and signatures are plain RFC 8032 bytes, whatever library computes them
    (issue 17 moved from cryptography to PyNaCl: files signed before still verify)."""
    key = signing.KeyPair(bytes.fromhex(seed))
    assert key.public_raw.hex() == public
    assert key.sign(bytes.fromhex(message)).hex() == signature
    obj = signing.sign_object({"a": "ñandú", "n": 3}, key, signing.RECEIPT_DOMAIN)
    assert signing.verify_object(obj, signing.RECEIPT_DOMAIN).fingerprint == key.fingerprint
    other = dict(obj, signature=dict(obj["signature"], public_key=base64.b64encode(
        bytes(32)).decode()))  # a small-order key (all zeros): refused
    with pytest.raises(signing.SignatureError):
        signing.verify_object(other, signing.RECEIPT_DOMAIN)


def test_fingerprint_shape_and_normalisation():
    fp = KEY_A.fingerprint
    assert len(fp) == 24 and fp.count("-") == 4 and fp == fp.upper()
    assert signing.normalize_fingerprint(fp.lower().replace("-", " ")) == fp
    assert signing.normalize_fingerprint("12-34") is None
    assert KEY_A.fingerprint != KEY_B.fingerprint
    assert signing.KeyPair.from_b64(KEY_A.to_b64()).public_b64 == KEY_A.public_b64


def test_signed_bundle_reads_back_with_its_key():
    b = parse_bundle(signed(), "x.sernam")
    assert b.signature is not None and b.signature.fingerprint == KEY_A.fingerprint
    assert "signature" in b.manifest
    assert parse_bundle(signed(None), "y.sernam").signature is None  # v1 unsigned: «sin firma»


def test_tampered_data_with_valid_looking_signature_is_refused():
    parts = members(signed(tweak="original"))
    doc = json.loads(parts["data.json"])
    doc["data"]["objetivo_3"]["logros"] = "alterado"
    data = json.dumps(doc, ensure_ascii=False).encode()
    man = json.loads(parts["manifest.json"])
    # the forger fixes every checksum, but cannot re-sign with the office's key
    man["members"]["data.json"] = {"sha256": bundle._sha256(data), "size": len(data)}
    man["content_hash"] = content_hash(doc["data"])
    parts.update({"data.json": data, "manifest.json": json.dumps(man).encode()})
    with pytest.raises(UserError, match="la firma no corresponde al contenido"):
        parse_bundle(rezip(parts), "alterado.sernam")


def test_tampered_manifest_is_refused():
    parts = members(signed())
    man = json.loads(parts["manifest.json"])
    man["exported_at"] = "2020-01-01T00:00:00+00:00"
    parts["manifest.json"] = json.dumps(man).encode()
    with pytest.raises(UserError, match="firma no corresponde"):
        parse_bundle(rezip(parts), "m.sernam")
    # a signature block moved onto another bundle's manifest
    raw6 = signed(region="06")
    other = manifest_of(raw6)
    other["signature"] = manifest_of(signed())["signature"]
    parts2 = members(raw6)
    parts2["manifest.json"] = json.dumps(other).encode()
    with pytest.raises(UserError, match="firma no corresponde"):
        parse_bundle(rezip(parts2), "m2.sernam")


def test_malformed_signature_block_is_refused():
    parts = members(signed())
    man = json.loads(parts["manifest.json"])
    man["signature"]["public_key"] = base64.b64encode(b"short").decode()
    parts["manifest.json"] = json.dumps(man).encode()
    with pytest.raises(UserError, match="clave pública"):
        parse_bundle(rezip(parts), "s.sernam")


def test_missing_signature_in_a_signed_format_is_refused():
    man = manifest_of(signed())
    del man["signature"]
    man["format_version"] = bundle.SIGNED_SINCE_VERSION
    with pytest.raises(UserError, match="falta la firma"):
        bundle._check_signature(man, "v2.sernam")
    # and through the reader, for the format version this build writes
    raw0 = signed(fmt=bundle.BUNDLE_FORMAT_VERSION)
    parts = members(raw0)
    stripped = manifest_of(raw0)
    del stripped["signature"]
    parts["manifest.json"] = json.dumps(stripped).encode()
    raw = rezip(parts)
    if bundle.BUNDLE_FORMAT_VERSION >= bundle.SIGNED_SINCE_VERSION:
        with pytest.raises(UserError, match="falta la firma"):
            parse_bundle(raw, "sin.sernam")
    else:
        assert parse_bundle(raw, "sin.sernam").signature is None


# ---------------------------------------------------- central pinning --
def test_first_key_is_pinned_another_key_is_held_until_accepted():
    c = CentralDB(None)
    o1 = c.merge_bytes(signed(KEY_A, revision=1, uid="11111111-1111-4111-8111-111111111111"), "a1")
    assert o1.kind == "accepted"
    assert trust.pinned(c, "05", "Servicio Nacional de la Mujer")["fingerprint"] == KEY_A.fingerprint
    assert trust.signature_of(c, o1.submission_id) == KEY_A.fingerprint
    n_sub = c.db.execute("SELECT count(*) FROM submissions").fetchone()[0]
    forged = signed(KEY_B, revision=2, uid="11111111-1111-4111-8111-111111111111", tweak="x")
    o2 = c.merge_bytes(forged, "b2")
    assert o2.kind == "held" and "firma distinta" in o2.detail and KEY_B.fingerprint in o2.detail
    assert c.db.execute("SELECT count(*) FROM submissions").fetchone()[0] == n_sub
    assert c.db.execute("SELECT revision FROM submissions s JOIN instances i ON "
                        "i.current_submission=s.id").fetchone()[0] == 1
    # merging the same held bundle again holds it once, with one receipt
    assert c.merge_bytes(forged, "b2 otra vez").kind == "held"
    assert [r["outcome"] for r in review.receipts(c)] == ["aceptado", "retenido"]
    (h,) = trust.held(c)
    # explicit acceptance (PC replaced): pinned and merged
    o3 = trust.accept_held(c, h["id"])
    assert o3.kind == "accepted" and o3.revision == 2
    assert trust.pinned(c, "05", "Servicio Nacional de la Mujer")["fingerprint"] == KEY_B.fingerprint
    assert trust.held(c) == []
    with pytest.raises(UserError, match="ya fue aceptado"):
        trust.accept_held(c, h["id"])


def test_unsigned_v1_is_accepted_as_sin_firma_unless_the_office_signs():
    c = CentralDB(None)
    o = c.merge_bytes(signed(None, region="07"), "u")
    assert o.kind == "accepted" and trust.signature_of(c, o.submission_id) == "sin firma"
    c.merge_bytes(signed(KEY_A, region="08"), "s")
    o2 = c.merge_bytes(signed(None, region="08", tweak="otro"), "u2")
    assert o2.kind == "held" and "sin firma" in o2.detail


def test_every_identifiable_outcome_gets_a_signed_receipt():
    c = CentralDB(None)
    doc = region_doc(region="09")
    raw = bundle_bytes(doc, sample_pdf(), "2026-01-01T00:00:00+00:00", signer=KEY_A,
                       format_version=1)
    c.merge_bytes(raw, "a")
    c.merge_bytes(raw, "a otra vez")  # the same file again: its receipt already exists
    again = bundle_bytes(doc, sample_pdf(), "2026-02-01T00:00:00+00:00", signer=KEY_A,
                         format_version=1)
    c.merge_bytes(again, "reexportado")  # same content, another file: «duplicado»
    c.merge_bytes(b"not a zip", "basura")  # rejected: no identity, no receipt
    rows = review.receipts(c)
    assert [r["outcome"] for r in rows] == ["aceptado", "duplicado"]
    assert rows[1]["bundle_sha256"] != rows[0]["bundle_sha256"]
    doc = json.loads(rows[0]["document"])
    v = signing.verify_object(doc, signing.RECEIPT_DOMAIN)
    assert v is not None and v.fingerprint == review.central_key(c).fingerprint


def test_review_locations_are_checked_in_spanish():
    c = CentralDB(None)
    o = c.merge_bytes(signed(region="10"), "a")
    for spec, msg in (("9.9", "no es una sección"), ("1.1:99", "no es una fila"),
                      ("1.1:1:nada", "no es un campo"), ("encabezado:1:servicio", "no tiene filas")):
        with pytest.raises(UserError, match=msg):
            review.review(c, o.submission_id, approve=False, comment="x", on=[(spec, "t")])
    with pytest.raises(UserError, match="comentario general"):
        review.review(c, o.submission_id, approve=False, comment=" ")
    with pytest.raises(UserError, match="No existe la versión"):
        review.review(c, 999, approve=True)
    assert [r["outcome"] for r in review.receipts(c)] == ["aceptado"]


# ------------------------------------------------------ region receipts --
@pytest.fixture
def office(tmp_path):
    s = Store(tmp_path / "oficina.sqlite3")
    from sernam_desktop.examples import load_demo

    uid = load_demo(s)
    s.execute(SetField(uid, "encabezado", "region", "05"))
    complete(s, uid)
    yield s, uid, tmp_path
    s.close()


def snapshot(s: Store) -> tuple:
    return (s.last_change_id(), s.db.execute("SELECT count(*) FROM receipts").fetchone()[0],
            s.db.execute("SELECT count(*) FROM review_comments").fetchone()[0],
            s.db.execute("SELECT value FROM meta WHERE key=?",
                         [signing.CENTRAL_PIN_META]).fetchone(),
            [tuple(r) for r in s.db.execute("SELECT status FROM outbox")],
            shown_state(s, s.instances()[0]["uuid"]))


def central_receipt(c: CentralDB, seq: int) -> bytes:
    return review.receipts(c)[seq - 1]["document"].encode()


def sent_to(c: CentralDB, s: Store, uid: str, folder) -> int:
    p = outbox.prepare(s, uid, folder, pdf_bytes=sample_pdf())
    return c.merge_bytes(p.path.read_bytes(), p.path.name).submission_id


def test_hostile_receipts_are_refused_and_change_nothing(office, tmp_path):
    s, uid, _ = office
    c = CentralDB(None)
    sid = sent_to(c, s, uid, tmp_path / "envios")
    review.review(c, sid, approve=False, comment="Revise", on=[("1.1:1:resultado", "cifra")])
    accepted, returned = central_receipt(c, 1), central_receipt(c, 2)

    # a receipt for a form that is not in this file
    c2 = CentralDB(None)
    c2.merge_bytes(signed(region="05"), "otro")
    before = snapshot(s)
    with pytest.raises(UserError, match="otro formulario"):
        receipts.open_receipt(s, central_receipt(c2, 1), name="otro.sernam-acuse",
                              expected_fingerprint="")
    assert snapshot(s) == before

    # tampered: outcome changed after signing
    doc = json.loads(returned)
    doc["outcome"] = "aprobado"
    with pytest.raises(UserError, match="firma no corresponde"):
        receipts.open_receipt(s, json.dumps(doc).encode(), name="t", expected_fingerprint="")
    # unsigned
    del doc["signature"]
    with pytest.raises(UserError, match="no está firmado"):
        receipts.open_receipt(s, json.dumps(doc).encode(), name="t", expected_fingerprint="")
    # garbage
    with pytest.raises(UserError, match="no es JSON"):
        receipts.open_receipt(s, b"\x00PK garbage", name="g", expected_fingerprint="")
    # the fingerprint typed in Preferencias does not match
    with pytest.raises(UserError, match="Preferencias"):
        receipts.open_receipt(s, returned, name="r", expected_fingerprint=KEY_B.fingerprint)
    assert snapshot(s) == before

    # the real one: pinned on first sight
    receipts.open_receipt(s, accepted, name="a", expected_fingerprint="")
    assert shown_state(s, uid) == "recibido"
    assert receipts.pinned_central_fingerprint(s) == review.central_key(c).fingerprint
    receipts.open_receipt(s, returned, name="r", expected_fingerprint="")
    assert shown_state(s, uid) == "devuelto"
    before = snapshot(s)
    # replayed: the same receipt again, and an older one after a newer one
    with pytest.raises(UserError, match="ya se abrió"):
        receipts.open_receipt(s, returned, name="r", expected_fingerprint="")
    with pytest.raises(UserError, match="ya se abrió"):
        receipts.open_receipt(s, accepted, name="a", expected_fingerprint="")
    # signed by another central key (a forged central office)
    forged = signing.sign_object({k: v for k, v in json.loads(returned).items()
                                  if k != "signature"} | {"id": "f" * 36, "seq": 99},
                                 KEY_B, signing.RECEIPT_DOMAIN)
    with pytest.raises(UserError, match="otra clave"):
        receipts.open_receipt(s, json.dumps(forged).encode(), name="f", expected_fingerprint="")
    assert snapshot(s) == before

    # the form moves on to revision 2; a late receipt for revision 1 is refused
    s.execute(SetField(uid, "notas", "notas", "corregido"))
    review.review(c, sid, approve=True)
    before = snapshot(s)
    with pytest.raises(UserError, match="anterior a la actual"):
        receipts.open_receipt(s, central_receipt(c, 3), name="late", expected_fingerprint="")
    assert snapshot(s) == before


def test_comments_are_attended_through_a_command(office, tmp_path):
    s, uid, _ = office
    c = CentralDB(None)
    sid = sent_to(c, s, uid, tmp_path / "envios")
    review.review(c, sid, approve=False, comment="General",
                  on=[("1.2:1:estado", "Revise el estado"), ("notas:notas", "Amplíe")])
    receipts.open_receipt(s, central_receipt(c, 2), name="r", expected_fingerprint="")
    notes = receipts.comments(s, uid)
    assert len(notes) == 3
    s.execute(receipts.MarkCommentAttended(uid, notes[0]["id"]))
    assert len(receipts.comments(s, uid)) == 2
    assert len(receipts.comments(s, uid, include_attended=True)) == 3
    assert "ObservacionAtendida" in [ch["command"] for ch in s.changes(uid)]


# ---------------------------------------------------------------- outbox --
def test_outbox_prepare_is_idempotent_and_never_overwrites(office, tmp_path):
    s, uid, _ = office
    folder = tmp_path / "envios"
    p1 = outbox.prepare(s, uid, folder, pdf_bytes=sample_pdf())
    assert p1.new and s.instance(uid)["state"] == "enviado"
    assert shown_state(s, uid) == "enviado"
    p2 = outbox.prepare(s, uid, folder, pdf_bytes=sample_pdf())
    assert not p2.new and p2.path == p1.path and len(outbox.entries(s)) == 1
    b = bundle.read_bundle(p1.path)
    assert b.signature.fingerprint == signing.office_key(s.db).fingerprint

    usb = tmp_path / "usb"
    usb.mkdir()
    c1 = outbox.save_copy(s, None, usb)
    c2 = outbox.save_copy(s, None, usb)
    assert c1.read_bytes() == c2.read_bytes() == p1.path.read_bytes() and c1 != c2
    with pytest.raises(UserError, match="Ya existe"):
        outbox.save_copy(s, None, c1)

    eml = outbox.write_eml(s, None, "central@sernam.cl")
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert msg["X-Unsent"] == "1"
    (att,) = list(msg.iter_attachments())
    assert att.get_content() == p1.path.read_bytes()
    subject, body = outbox.message_text(s)
    assert "revisión 1" in subject and "Adjunto" in body
    # the user deleted the file: preparing again writes a new one, the row stays
    p1.path.unlink()
    p3 = outbox.prepare(s, uid, folder, pdf_bytes=sample_pdf())
    assert p3.new and p3.path.exists() and len(outbox.entries(s)) == 2


def test_prepare_failure_leaves_nothing(office, tmp_path):
    s, uid, _ = office
    blocker = tmp_path / "archivo"
    blocker.write_text("x")
    with pytest.raises(UserError):
        outbox.prepare(s, uid, blocker / "sub", pdf_bytes=sample_pdf())
    assert s.instance(uid)["state"] != "enviado" and outbox.entries(s) == []


def test_cli_refusals_are_one_spanish_line(office, tmp_path, capsys):
    from sernam_desktop.cli.main import main

    s, uid, _ = office
    s.close()
    bad = tmp_path / "malo.sernam-acuse"
    bad.write_text("{}", encoding="utf-8")
    assert main(["import", "receipt", str(bad), "--db", str(tmp_path / "oficina.sqlite3")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no es un acuse de sernam-desktop" in err
    assert main(["central", "review", "--central", str(tmp_path / "c.sqlite3"), "1"]) == 2
    assert "--approve o --return" in capsys.readouterr().err


def test_rotated_central_key_is_accepted_only_with_the_typed_fingerprint(office, tmp_path):
    s, uid, _ = office
    c = CentralDB(None)
    sent_to(c, s, uid, tmp_path / "envios")
    receipts.open_receipt(s, central_receipt(c, 1), name="a", expected_fingerprint="")
    old = receipts.pinned_central_fingerprint(s)
    new_key = review.rotate_central_key(c)
    review.review(c, 1, approve=True)
    before = snapshot(s)
    with pytest.raises(UserError, match="otra clave"):
        receipts.open_receipt(s, central_receipt(c, 2), name="b", expected_fingerprint=old)
    assert snapshot(s) == before
    receipts.open_receipt(s, central_receipt(c, 2), name="b",
                          expected_fingerprint=new_key.fingerprint.lower().replace("-", " "))
    assert receipts.pinned_central_fingerprint(s) == new_key.fingerprint != old


def test_export_bundle_signs_with_the_office_key_created_on_first_use(tmp_path, capsys):
    from sernam_desktop.cli.main import main
    from sernam_desktop.examples import load_demo

    db = tmp_path / "o.sqlite3"
    with Store(db) as s:
        load_demo(s)
    assert main(["export", "bundle", "--db", str(db), "-o", str(tmp_path / "out")]) == 0
    (f,) = (tmp_path / "out").glob("*.sernam")
    with Store(db, readonly=True) as s:
        key = signing.office_key(s.db)
    assert key is not None and bundle.read_bundle(f).signature.fingerprint == key.fingerprint
    capsys.readouterr()
    assert main(["keys", "--db", str(db)]) == 0
    assert key.fingerprint in capsys.readouterr().out


def test_pdf_footer_and_list_show_the_answer(office, tmp_path, capsys):
    import shutil
    import subprocess

    from sernam_desktop import pdf
    from sernam_desktop.interchange import export_pdf

    s, uid, _ = office
    c = CentralDB(None)
    sid = sent_to(c, s, uid, tmp_path / "envios")
    review.review(c, sid, approve=False, comment="Corrija")
    receipts.open_receipt(s, central_receipt(c, 2), name="r", expected_fingerprint="")
    out = tmp_path / "f.pdf"
    export_pdf(s, uid, out)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                              text=True).stdout
        assert "Devuelto con observaciones" in text
    else:  # the footer text is what pdf.py renders
        doc = {"instance": {"state": "enviado", "lifecycle": shown_state(s, uid)}, "data": {}}
        assert pdf._state_label(s.form_of(uid), doc) == "Devuelto con observaciones"


def test_settings_refuse_a_malformed_central_fingerprint(tmp_path):
    from sernam_desktop import settings

    good = settings.Settings(central_fingerprint="3f1c a0b2 77d9 0e41 5c2a")
    assert good.validate() == []
    bad = settings.Settings(central_fingerprint="3F1C-A0B2")
    assert any("huella" in p for p in bad.validate())
    with pytest.raises(UserError, match="huella"):
        settings.save(bad, tmp_path / "s.json")
