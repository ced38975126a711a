"""Hostile bundles: each is rejected with a clear Spanish message, the database unchanged."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import warnings
import zipfile

import pytest
from test_bundle_factory import FACTORY_KEY, region_bundle

from sernam_desktop.bundle import read_bundle
from sernam_desktop.central import ACCEPTED, REJECTED, CentralDB
from sernam_desktop.errors import UserError
from sernam_desktop.interchange import content_hash
from sernam_desktop.signing import BUNDLE_DOMAIN, sign_object


def members_of(raw: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def rezip(entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, payload in entries:
                zf.writestr(name, payload)
    return buf.getvalue()


def with_manifest(manifest: dict, data: bytes, pdf: bytes, *, fix_sums: bool = True,
                  extra: list[tuple[str | zipfile.ZipInfo, bytes]] = ()) -> bytes:
    m = json.loads(json.dumps(manifest))
    if fix_sums:
        m["members"] = {"data.json": {"sha256": hashlib.sha256(data).hexdigest(),
                                      "size": len(data)},
                        "form.pdf": {"sha256": hashlib.sha256(pdf).hexdigest(),
                                     "size": len(pdf)}}
    if "signature" in m:  # issue 15: a forger holding the office key, so that every later
        # check is reached (forgeries without the key: tests/test_signing.py)
        m = sign_object(m, FACTORY_KEY, BUNDLE_DOMAIN)
    return rezip([("manifest.json", json.dumps(m).encode()), ("data.json", data),
                  ("form.pdf", pdf), *extra])


@pytest.fixture(scope="module")
def good() -> tuple[bytes, dict, bytes, bytes]:
    raw = region_bundle(region="09")
    parts = members_of(raw)
    return raw, json.loads(parts["manifest.json"]), parts["data.json"], parts["form.pdf"]


def hostile_cases(good):  # noqa: ANN001, ANN201
    raw, manifest, data, pdf = good

    def edited_data(fix_sums: bool) -> bytes:
        d = json.loads(data)
        d["data"]["objetivo_3"]["logros"] = "Texto cambiado a mano"
        return with_manifest(manifest, json.dumps(d).encode(), pdf, fix_sums=fix_sums)

    def manifest_with(**kw) -> dict:  # noqa: ANN003
        m = json.loads(json.dumps(manifest))
        m.update(kw)
        return m

    symlink = zipfile.ZipInfo("form.pdf")
    symlink.create_system = 3
    symlink.external_attr = (stat.S_IFLNK | 0o777) << 16
    other_form = json.loads(data)
    other_form["form"] = {"id": "otro-formulario", "version": 1}
    schema_bad = json.loads(data)
    schema_bad["data"]["actividad_1_1"][0]["estado"] = "excelente"
    bad_manifest_schema = manifest_with(content_hash=content_hash(schema_bad["data"]))
    bomb = b" " * (9 * 1024 * 1024)
    many = [(f"extra{i}.txt", b"x") for i in range(20)]
    yield "truncado", raw[: len(raw) // 2], "no es un archivo .sernam"
    yield "vacío", b"", "no es un archivo .sernam"
    yield "no es zip", b"Hola, esto es texto.", "no es un archivo .sernam"
    yield "suma alterada", with_manifest(manifest, data, pdf + b"%% cola", fix_sums=False), \
        "suma de verificación de «form.pdf»"
    yield "data.json editado", edited_data(False), "suma de verificación de «data.json»"
    yield "data.json editado con sumas rehechas", edited_data(True), "huella del contenido"
    yield "versión de formato desconocida", with_manifest(manifest_with(format_version=3),
                                                          data, pdf), "versión de formato 3"
    yield "otro formato", with_manifest(manifest_with(format="otra.cosa"), data, pdf), \
        "no es de sernam-desktop"
    yield "otro formulario", with_manifest(
        manifest_with(form={"id": "otro-formulario", "version": 1}),
        json.dumps(other_form).encode(), pdf), "no conoce"
    yield "ruta que sale", with_manifest(manifest, data, pdf, extra=[("../../evil.txt", b"x")]), \
        "sale de la carpeta"
    yield "ruta absoluta", with_manifest(manifest, data, pdf, extra=[("/etc/passwd", b"x")]), \
        "ruta absoluta"
    yield "ruta absoluta Windows", with_manifest(
        manifest, data, pdf, extra=[("C:\\Windows\\evil.dll", b"x")]), "ruta absoluta"
    yield "enlace simbólico", rezip([("manifest.json", json.dumps(manifest).encode()),
                                     ("data.json", data), (symlink, b"/etc/passwd")]), \
        "enlace simbólico"
    yield "nombre repetido", with_manifest(manifest, data, pdf, extra=[("data.json", data)]), \
        "«data.json» repetido"
    yield "archivo inesperado", with_manifest(manifest, data, pdf,
                                              extra=[("virus.exe", b"MZ")]), "inesperado"
    yield "demasiados archivos", with_manifest(manifest, data, pdf, extra=many), \
        "demasiados archivos"
    yield "bomba zip", with_manifest(manifest, bomb, pdf), "bomba zip"
    yield "miembro gigante", with_manifest(manifest, b"{" + b" " * (17 * 1024 * 1024), pdf), \
        "demasiado grande"
    yield "falta form.pdf", rezip([("manifest.json", json.dumps(manifest).encode()),
                                   ("data.json", data)]), "le falta «form.pdf»"
    yield "manifiesto no JSON", rezip([("manifest.json", b"{roto"), ("data.json", data),
                                       ("form.pdf", pdf)]), "«manifest.json» no es JSON"
    yield "UTF-8 inválido", with_manifest(manifest, b'{"format": "\xff\xfe"}', pdf), \
        "no es texto UTF-8"
    yield "JSON inválido", with_manifest(manifest, b'{"format": ', pdf), "no es JSON válido"
    yield "no cumple el esquema", with_manifest(bad_manifest_schema,
                                                json.dumps(schema_bad).encode(), pdf), \
        "«excelente» no es una opción válida"
    yield "PDF falso", with_manifest(manifest, data, b"MZ no soy un pdf"), "no es un PDF"
    lone = json.loads(data)
    lone["data"]["objetivo_3"]["logros"] = "MARCA"
    lone_text = json.dumps(lone)
    yield "sustituto suelto en un texto", with_manifest(
        manifest, lone_text.replace("MARCA", "x\\ud800").encode(), pdf), "sustituto"
    yield "sustituto suelto en una clave", with_manifest(
        manifest, lone_text.replace('"logros"', '"logros\\udc00"').encode(), pdf), "sustituto"
    mismatch = manifest_with(instance={**manifest["instance"], "region": "13"})
    yield "manifiesto y datos no coinciden", with_manifest(mismatch, data, pdf), \
        "no coinciden en «region»"


@pytest.fixture(scope="module")
def cases(good) -> dict[str, tuple[bytes, str]]:  # noqa: ANN001
    return {name: (payload, why) for name, payload, why in hostile_cases(good)}


def _cases():
    # materialise lazily inside tests (the fixture builds the base bundle)
    return [
        "truncado", "vacío", "no es zip", "suma alterada", "data.json editado",
        "data.json editado con sumas rehechas", "versión de formato desconocida", "otro formato",
        "otro formulario", "ruta que sale", "ruta absoluta", "ruta absoluta Windows",
        "enlace simbólico", "nombre repetido", "archivo inesperado", "demasiados archivos",
        "bomba zip", "miembro gigante", "falta form.pdf", "manifiesto no JSON", "UTF-8 inválido",
        "JSON inválido", "no cumple el esquema", "PDF falso", "manifiesto y datos no coinciden",
        "sustituto suelto en un texto", "sustituto suelto en una clave",
    ]


@pytest.mark.parametrize("case", _cases())
def test_hostile_bundle_is_rejected_and_db_unchanged(case, cases, good, tmp_path):
    assert set(cases) == set(_cases())
    payload, why = cases[case]
    db = tmp_path / "central.sqlite3"
    with CentralDB(db) as c:
        assert c.merge_bytes(good[0], "bueno.sernam").kind == ACCEPTED
        before = list(c.db.conn.iterdump())
        f = tmp_path / "hostil.sernam"
        f.write_bytes(payload)
        (o,) = c.merge_paths([f])
        assert o.kind == REJECTED, o
        assert why in o.detail, o.detail
        assert o.line().startswith("hostil.sernam: rechazado — ")
        assert "Traceback" not in o.detail
        assert list(c.db.conn.iterdump()) == before
    with pytest.raises(UserError) as err:
        read_bundle(f)
    assert str(err.value).startswith("«hostil.sernam» no es un envío válido: ")
    assert not (tmp_path / "evil.txt").exists() and not list(tmp_path.glob("*/evil*"))


def test_reader_never_extracts(good, tmp_path, monkeypatch):
    """Reading uses allow-listed names only; extract/extractall are never called."""
    def boom(*a, **k):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("extract called")

    monkeypatch.setattr(zipfile.ZipFile, "extractall", boom)
    monkeypatch.setattr(zipfile.ZipFile, "extract", boom)
    assert read_bundle(good[0], "x.sernam").revision == 1


def test_folder_and_missing_file(tmp_path):
    with CentralDB(None) as c:
        with pytest.raises(UserError, match="ningún envío"):
            c.merge_paths([tmp_path])
        (o,) = c.merge_paths([tmp_path / "no-existe.sernam"])
        assert o.kind == REJECTED and "no existe" in o.detail


def _patch_declared_size(raw: bytes, member: bytes, new_size: int) -> bytes:
    """Rewrite the uncompressed size of ``member`` in its local header and central record."""
    import struct

    out = bytearray(raw)
    for sig, size_off, name_len_off, name_off in ((b"PK\x03\x04", 22, 26, 30),
                                                  (b"PK\x01\x02", 24, 28, 46)):
        pos = out.find(sig)
        while pos >= 0:
            (nlen,) = struct.unpack_from("<H", out, pos + name_len_off)
            if bytes(out[pos + name_off: pos + name_off + nlen]) == member:
                struct.pack_into("<I", out, pos + size_off, new_size)
            pos = out.find(sig, pos + 4)
    return bytes(out)


@pytest.mark.parametrize("delta", [-100, +100])
def test_lying_size_headers_are_rejected(good, delta):
    raw = good[0]
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        size = zf.getinfo("data.json").file_size
    bad = _patch_declared_size(raw, b"data.json", size + delta)
    with zipfile.ZipFile(io.BytesIO(bad)) as zf:  # the lie is visible to zipfile
        assert zf.getinfo("data.json").file_size == size + delta
    with CentralDB(None) as c:
        before = list(c.db.conn.iterdump())
        o = c.merge_bytes(bad, "mentiroso.sernam")
        assert o.kind == REJECTED and ("dañado" in o.detail or "declara" in o.detail
                                       or "incompleto" in o.detail), o.detail
        assert list(c.db.conn.iterdump()) == before
