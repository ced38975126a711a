"""Bundles: writing, reading back, naming, size, and «Enviar a oficina central…»."""

from __future__ import annotations

import email
import email.policy
import hashlib
import io
import json
import zipfile

import pytest
from test_bundle_factory import FACTORY_KEY

from sernam_desktop.bundle import (
    BUNDLE_FORMAT,
    BUNDLE_FORMAT_VERSION,
    bundle_name,
    read_bundle,
    send_to_central,
    slug,
    write_bundle,
)
from sernam_desktop.cli.main import main
from sernam_desktop.commands import SetCell, SetField
from sernam_desktop.errors import UserError
from sernam_desktop.interchange import content_hash, export_instance
from sernam_desktop.store import Store


def complete(store: Store, uid: str) -> None:
    """Fill what the 2007 example leaves empty, so the form can be sent."""
    from sernam_desktop.validation import completeness

    store.execute(SetField(uid, "encabezado", "responsable", "María Pérez, Directora Regional"))
    store.execute(SetField(uid, "encabezado", "fecha", "2007-12-20"))
    form = store.form_of(uid)
    for issue in completeness(form, store.content(uid)):
        if issue.row_id:
            store.execute(SetCell(uid, issue.row_id, issue.field, "Sin observaciones"))
        elif issue.field:
            store.execute(SetField(uid, issue.section, issue.field, "Sin observaciones"))
    assert not completeness(form, store.content(uid))


def test_slug_and_name():
    assert slug("Servicio Nacional de la Mujer") == "servicio-nacional-de-la-mujer"
    assert slug("  Ñuñoa / Región de O'Higgins ") == "nunoa-region-de-o-higgins"
    assert slug("¿?") == "formulario"
    assert bundle_name("SERNAM Ñuble", "16", 2026, 3) == "sernam-nuble-16-2026-r3.sernam"
    # the default name carries the instance's short id (two offices, one inbox folder)
    assert bundle_name("SERNAM Ñuble", "16", 2026, 3, "0B6F3C9E-2f5d-4a51-9d6e-8f0a51c2d7aa") == \
        "sernam-nuble-16-2026-r3-0b6f3c9e.sernam"


def test_write_bundle_members_manifest_and_size(demo, tmp_path):
    store, uid = demo
    path = write_bundle(store, uid, tmp_path)
    assert path.parent == tmp_path
    assert path.name == f"servicio-nacional-de-la-mujer-00-2007-r1-{uid[:8]}.sernam"
    assert path.stat().st_size <= 60 * 1024, path.stat().st_size
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == ["manifest.json", "data.json", "form.pdf"]
        manifest = json.loads(zf.read("manifest.json"))
        data = zf.read("data.json")
        pdf = zf.read("form.pdf")
    assert pdf.startswith(b"%PDF-")
    doc = json.loads(data)
    assert doc == export_instance(store, uid)
    assert manifest["format"] == BUNDLE_FORMAT
    assert manifest["format_version"] == BUNDLE_FORMAT_VERSION
    assert manifest["form"] == {"id": "pmg-gt-etapa4", "version": 1}
    assert manifest["instance"] == {
        "uuid": uid, "servicio": "Servicio Nacional de la Mujer", "region": "00",
        "anio": "2007", "revision": 1, "state": "borrador", "parent": None, "lineage": []}
    assert manifest["content_hash"] == content_hash(store.content(uid))
    assert manifest["members"]["data.json"] == {
        "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    assert manifest["members"]["form.pdf"] == {
        "sha256": hashlib.sha256(pdf).hexdigest(), "size": len(pdf)}
    assert manifest["exported_at"].startswith("20")
    assert manifest["app"]["name"] == "sernam-desktop"

    b = read_bundle(path)
    assert b.uuid == uid and b.revision == 1 and b.doc == doc and b.pdf == pdf
    assert b.header["region"] == "00"
    assert not list(tmp_path.glob(".*.tmp"))


def test_write_bundle_to_file_and_bad_suffix(demo, tmp_path):
    store, uid = demo
    target = tmp_path / "sub" / "mi-envio.sernam"
    assert write_bundle(store, uid, target) == target
    assert read_bundle(target).uuid == uid
    with pytest.raises(UserError, match="«.sernam»"):
        write_bundle(store, uid, tmp_path / "envio.zip")
    assert not (tmp_path / "envio.zip").exists()


def test_send_incomplete_is_refused_and_changes_nothing(demo, tmp_path):
    store, uid = demo
    before = store.instance(uid)
    with pytest.raises(UserError) as err:
        send_to_central(store, uid, tmp_path, central_email="central@sernam.cl")
    msg = str(err.value)
    assert "no está completo" in msg and "Responsable" in msg and "Fecha" in msg
    assert store.instance(uid)["state"] == before["state"] == "borrador"
    assert list(tmp_path.iterdir()) == []


def test_send_marks_sent_writes_bundle_and_eml(demo, tmp_path):
    store, uid = demo
    complete(store, uid)
    res = send_to_central(store, uid, tmp_path, central_email="gestion.territorial@sernam.cl")
    inst = store.instance(uid)
    assert inst["state"] == "enviado" and inst["revision"] == 1 and inst["sent_at"]
    assert res.bundle_path.name == f"servicio-nacional-de-la-mujer-00-2007-r1-{uid[:8]}.sernam"
    b = read_bundle(res.bundle_path)
    assert b.doc["instance"]["state"] == "enviado"

    msg = email.message_from_bytes(res.eml_path.read_bytes(), policy=email.policy.default)
    assert res.eml_path.suffix == ".eml"
    assert msg["X-Unsent"] == "1"
    assert msg["To"] == "gestion.territorial@sernam.cl"
    assert "Formulario Etapa N°4" in msg["Subject"] and "revisión 1" in msg["Subject"]
    body = msg.get_body(("plain",)).get_content()
    assert "Adjunto el Formulario" in body and "Todas las regiones" in body
    atts = list(msg.iter_attachments())
    assert len(atts) == 1 and atts[0].get_filename() == res.bundle_path.name
    assert atts[0].get_content() == res.bundle_path.read_bytes()

    # editing a sent form opens revision 2; sending again names the file r2
    store.execute(SetField(uid, "notas", "notas", "Corrección posterior"))
    assert store.instance(uid)["revision"] == 2
    res2 = send_to_central(store, uid, tmp_path, central_email="gestion.territorial@sernam.cl")
    assert res2.bundle_path.name.endswith(f"-r2-{uid[:8]}.sernam")
    b2 = read_bundle(res2.bundle_path)
    assert b2.revision == 2
    # lineage: revision 2 was edited from the revision 1 that was sent
    assert b2.lineage[-1] == b.content_hash and b2.doc["instance"]["parent"] == b.content_hash
    assert res.bundle_path.exists()


def test_send_rejects_bad_address(demo, tmp_path):
    store, uid = demo
    complete(store, uid)
    with pytest.raises(UserError, match="correo"):
        send_to_central(store, uid, tmp_path, central_email="no es correo")
    assert store.instance(uid)["state"] == "borrador"


def test_send_failure_leaves_form_unsent(demo, tmp_path):
    store, uid = demo
    complete(store, uid)
    blocker = tmp_path / "archivo"
    blocker.write_text("x")
    with pytest.raises(UserError):
        send_to_central(store, uid, blocker / "sub", central_email="c@sernam.cl")
    assert store.instance(uid)["state"] == "borrador"


def test_cli_export_bundle(demo_file, tmp_path, capsys):
    path, uid = demo_file
    out = tmp_path / "salida"
    assert main(["export", "bundle", "--db", str(path), "-o", str(out)]) == 0
    files = list(out.glob("*.sernam"))
    assert len(files) == 1 and read_bundle(files[0]).uuid == uid
    assert "Envío escrito en" in capsys.readouterr().out
    assert main(["export", "bundle", "--db", str(tmp_path / "no.sqlite3"), "-o", str(out)]) == 2
    assert "No existe" in capsys.readouterr().err


def test_bundle_bytes_are_a_plain_zip(demo):
    """Any zip tool can open a bundle: stored names, no directories, regular files."""
    store, uid = demo
    from sernam_desktop.bundle import bundle_bytes

    raw = bundle_bytes(export_instance(store, uid), b"%PDF-1.4\n%%EOF\n", signer=FACTORY_KEY)
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        assert zf.testzip() is None
        for info in zf.infolist():
            assert not info.is_dir() and (info.external_attr >> 16) & 0o170000 == 0o100000
