"""Excel export/import: layout, round trip, validation of edited and hostile workbooks."""

from __future__ import annotations

import datetime as dt
import io
import secrets
import shutil
import zipfile

import openpyxl
import pytest

from sernam_desktop import interchange, xlsx
from sernam_desktop.cli.main import main
from sernam_desktop.commands import InsertRow, SetCell
from sernam_desktop.errors import UserError, ValidationFailed
from sernam_desktop.forms import default_form
from sernam_desktop.interchange import export_instance
from sernam_desktop.store import Store


@pytest.fixture
def exported(demo, tmp_path):
    """(store, uid, path of the exported workbook, exported document)."""
    store, uid = demo
    path = tmp_path / "formulario.xlsx"
    interchange.export_xlsx(store, uid, path)
    return store, uid, path, export_instance(store, uid)


def sheet_of(wb, section_key):
    return wb[default_form().section(section_key).title]


def save(wb, path):
    wb.save(path)
    return path


def same_form(a, b):
    assert a["form"] == b["form"]
    for k in ("uuid", "revision", "state"):
        assert a["instance"][k] == b["instance"][k], k
    assert a["data"] == b["data"]


# -------------------------------------------------------------- layout ---
def test_one_sheet_per_section_styled_and_hidden_metadata(exported):
    store, uid, path, doc = exported
    form = default_form()
    wb = openpyxl.load_workbook(path)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == [s.title for s in form.sections]
    meta = wb[xlsx.META_SHEET]
    assert meta.sheet_state == "veryHidden"
    values = {r[0]: r[1] for r in meta.iter_rows(min_row=2, values_only=True)}
    assert values["uuid"] == uid
    assert values["form_id"] == form.id and values["form_version"] == str(form.version)
    assert values["revision"] == str(doc["instance"]["revision"])
    row_ids = [r[1] for r in meta.iter_rows(min_row=2, values_only=True)
               if r[0] == "row:actividad_1_1"]
    assert row_ids == [r["id"] for r in doc["data"]["actividad_1_1"]]

    sec = form.section("actividad_1_1")
    ws = sheet_of(wb, "actividad_1_1")
    assert ws.freeze_panes == "A2"
    head = [c.value for c in ws[1]]
    assert head == [c.label for c in sec.columns] + ["id"]
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith(xlsx.HEAD_FILL)
    assert ws["A2"].alignment.wrap_text
    assert ws["C1"].comment is not None and ws["C1"].comment.text == sec.columns[2].help
    id_letter = openpyxl.utils.get_column_letter(len(head))
    assert ws.column_dimensions[id_letter].hidden
    # wider columns for wider fields of the definition
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width
              for i in range(len(sec.columns))]
    assert widths[2] > widths[0]  # resultado (4) wider than objetivo (3)
    assert ws.max_row == len(doc["data"]["actividad_1_1"]) + 1
    # status: the drop-down lists the choice labels
    status_letter = openpyxl.utils.get_column_letter(sec.keys().index("estado") + 1)
    dvs = ws.data_validations.dataValidation
    dv = next(d for d in dvs if any(str(r).startswith(status_letter) for r in d.sqref.ranges))
    assert dv.type == "list"
    sheet, rng = dv.formula1.lstrip("=").split("!")
    lists = wb[sheet]
    assert lists.sheet_state == "veryHidden"
    labels = [c.value for row in lists[rng.replace("$", "")] for c in row]
    assert labels == [c.label for c in sec.status_field.choices.items]
    # statuses are written as labels
    first = doc["data"]["actividad_1_1"][0]["estado"]
    assert ws[f"{status_letter}2"].value == sec.status_field.choices.label_of(first)
    # fields sheet: label / value / help
    enc = sheet_of(wb, "encabezado")
    assert [c.value for c in enc[1]] == list(xlsx.FIELD_HEADERS)
    assert enc["A2"].value == "Servicio" and enc["B2"].value == "Servicio Nacional de la Mujer"
    assert enc["B3"].value == "Todas las regiones"  # the region by name, not "00"


# ----------------------------------------------------------- round trip ---
def test_round_trip_into_a_fresh_store_is_identical(exported):
    store, uid, path, before = exported
    fresh = Store(None)
    got_uid, changed, created = interchange.import_xlsx(fresh, path, replace_newer=True)
    assert created and got_uid == uid
    same_form(export_instance(fresh, uid), before)


def test_round_trip_of_tricky_text(demo, tmp_path):
    store, uid = demo
    rid = store.row_ids(uid, "actividad_1_3")[0]
    tricky = "=1+1 empieza con igual\n\nPárrafo con “comillas”, ñ y <etiquetas> & más\n  sangría"
    store.execute(SetCell(uid, rid, "brechas", tricky))
    store.execute(SetCell(uid, rid, "logros_efectivos", "+56 9 1234 5678"))
    path = tmp_path / "t.xlsx"
    interchange.export_xlsx(store, uid, path)
    cell = openpyxl.load_workbook(path)["Actividad 1.3"]["C2"]
    assert cell.data_type == "s"  # stored as text, not as a formula
    doc = xlsx.read_form_xlsx(path)
    row = doc["data"]["actividad_1_3"][0]
    assert row["brechas"] == tricky and row["logros_efectivos"] == "+56 9 1234 5678"


def test_edited_workbook_updates_the_form(exported, tmp_path):
    store, uid, path, before = exported
    sec = default_form().section("actividad_1_1")
    wb = openpyxl.load_workbook(path)
    ws = sheet_of(wb, "actividad_1_1")
    status_col = sec.keys().index("estado") + 1
    ws.cell(row=2, column=status_col).value = "  no CUMPLE "  # label, any case/spaces
    ws.cell(row=3, column=status_col).value = "no_medible"  # the key works too
    ws.cell(row=2, column=3).value = "Resultado corregido en Excel"
    # a new row typed at the end (no id) and a copy of row 2 (same hidden id)
    last = ws.max_row + 1
    for ci, v in enumerate(["Nuevo objetivo", "Nuevo indicador", "Nuevo resultado", "Cumple"], 1):
        ws.cell(row=last, column=ci).value = v
    for ci in range(1, len(sec.columns) + 2):
        ws.cell(row=last + 1, column=ci).value = ws.cell(row=2, column=ci).value
    enc = sheet_of(wb, "encabezado")
    enc["B4"] = 2008  # año typed as a number
    enc["B5"] = "Ana Pérez, encargada regional"
    enc["B6"] = dt.datetime(2008, 3, 31)  # fecha typed as an Excel date
    save(wb, path)

    uid2, changed, created = interchange.import_xlsx(store, path, replace_newer=True)
    assert uid2 == uid and not created
    rows = store.rows(uid, sec)
    n = len(before["data"]["actividad_1_1"])
    assert len(rows) == n + 2
    assert rows[0]["estado"] == "no_cumple" and rows[1]["estado"] == "no_medible"
    assert rows[0]["resultado"] == "Resultado corregido en Excel"
    assert rows[0]["id"] == before["data"]["actividad_1_1"][0]["id"]
    assert rows[n]["objetivo"] == "Nuevo objetivo" and rows[n]["estado"] == "cumple"
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids)  # the copied row got an identifier of its own
    head = store.fields(uid, default_form().section("encabezado"))
    assert head["anio"] == "2008" and head["fecha"] == "2008-03-31"
    assert head["responsable"] == "Ana Pérez, encargada regional"


# ----------------------------------------------------------- validation ---
def assert_refused(store, uid, path, *needles):
    before = export_instance(store, uid)
    changes = store.last_change_id()
    with pytest.raises(UserError) as err:
        interchange.import_xlsx(store, path, replace_newer=True)
    msg = str(err.value)
    for n in needles:
        assert n in msg, msg
    assert store.last_change_id() == changes
    assert export_instance(store, uid) == before  # nothing written
    return err.value


def test_unknown_status_is_refused_with_its_place(exported):
    store, uid, path, _ = exported
    wb = openpyxl.load_workbook(path)
    ws = sheet_of(wb, "actividad_1_2")
    ws["D3"] = "Excelente"
    ws["A2"] = "Este cambio válido tampoco se aplica"
    save(wb, path)
    err = assert_refused(store, uid, path, "Actividad 1.2", "fila 3", "Excelente",
                         "Incorpora parcialmente")
    assert isinstance(err, ValidationFailed)


@pytest.mark.parametrize("edit, needles", [
    (lambda ws: ws.delete_cols(2), ["Actividad 1.1", "Indicador"]),
    (lambda ws: ws.move_range("A1:A40", cols=6), ["Actividad 1.1", "Objetivo Específico"]),
    (lambda ws: ws.__setitem__("B1", "Indicadores de gestión"), ["Indicadores de gestión"]),
])
def test_missing_moved_or_renamed_columns_are_refused(exported, edit, needles):
    store, uid, path, _ = exported
    wb = openpyxl.load_workbook(path)
    edit(sheet_of(wb, "actividad_1_1"))
    save(wb, path)
    assert_refused(store, uid, path, *needles)


def test_swapped_columns_are_reported_as_moved(exported):
    store, uid, path, _ = exported
    wb = openpyxl.load_workbook(path)
    ws = sheet_of(wb, "actividad_1_4")
    for r in range(1, ws.max_row + 1):
        a, b = ws.cell(r, 1).value, ws.cell(r, 2).value
        ws.cell(r, 1).value, ws.cell(r, 2).value = b, a
    save(wb, path)
    assert_refused(store, uid, path, "se movió", "Actividad 1.4")


def test_missing_sheet_and_field_rows(exported):
    store, uid, path, _ = exported
    wb = openpyxl.load_workbook(path)
    del wb["Objetivo 2"]
    sheet_of(wb, "encabezado").delete_rows(4)  # the «Año» row
    save(wb, path)
    assert_refused(store, uid, path, "falta la hoja «Objetivo 2»", "Año")


def test_wrong_form_and_missing_metadata(exported, tmp_path):
    store, uid, path, _ = exported
    wb = openpyxl.load_workbook(path)
    meta = wb[xlsx.META_SHEET]
    for row in meta.iter_rows(min_row=2):
        if row[0].value == "form_version":
            row[1].value = "7"
    save(wb, tmp_path / "v7.xlsx")
    assert_refused(store, uid, tmp_path / "v7.xlsx", "versión 7", "no conoce")
    for row in meta.iter_rows(min_row=2):
        if row[0].value == "form_version":
            row[1].value = "1"
        if row[0].value == "form_id":
            row[1].value = "otro-formulario"
    save(wb, tmp_path / "otro.xlsx")
    assert_refused(store, uid, tmp_path / "otro.xlsx", "otro-formulario")
    del wb[xlsx.META_SHEET]
    save(wb, tmp_path / "sin-meta.xlsx")
    assert_refused(store, uid, tmp_path / "sin-meta.xlsx", "metadatos")
    plain = openpyxl.Workbook()
    plain.active["A1"] = "una planilla cualquiera"
    save(plain, tmp_path / "cualquiera.xlsx")
    assert_refused(store, uid, tmp_path / "cualquiera.xlsx", "metadatos")


def test_user_formula_and_bad_values_are_refused(exported):
    store, uid, path, _ = exported
    wb = openpyxl.load_workbook(path)
    sheet_of(wb, "actividad_1_3")["A2"] = "=CONCATENAR(B2;C2)"
    enc = sheet_of(wb, "encabezado")
    enc["B3"] = "Región de la Luna"
    enc["B4"] = "dos mil ocho"
    save(wb, path)
    assert_refused(store, uid, path, "fórmula")
    wb = openpyxl.load_workbook(path)
    sheet_of(wb, "actividad_1_3")["A2"] = "texto"
    save(wb, path)
    err = assert_refused(store, uid, path, "Luna")
    assert any("dos mil ocho" in p for p in err.problems)


def test_consolidated_workbook_cannot_be_imported(demo, tmp_path):
    store, uid = demo
    doc = export_instance(store, uid)
    for row in doc["data"]["actividad_1_1"]:
        row["_region"] = "05"
    path = tmp_path / "nacional.xlsx"
    xlsx.write_form_xlsx(doc, path, region_column=True)
    ws = openpyxl.load_workbook(path)["Actividad 1.1"]
    assert ws["A1"].value == "Región" and ws["A2"].value == "Región de Valparaíso"
    assert_refused(store, uid, path, "consolidado")


def test_cell_too_long_for_excel_is_a_clear_error(demo, tmp_path):
    store, uid = demo
    rid = store.row_ids(uid, "actividad_1_4")[0]
    store.execute(SetCell(uid, rid, "dificultades", "x" * 40_000))
    path = tmp_path / "largo.xlsx"
    with pytest.raises(UserError, match="32.767") as exc:
        interchange.export_xlsx(store, uid, path)
    assert "«Actividad 1.4», fila 1, «Principales dificultades" in str(exc.value)
    assert "40.000 caracteres" in str(exc.value)
    assert not path.exists()


def test_defusedxml_protects_openpyxl():
    import defusedxml  # noqa: F401  (installed: a runtime dependency)

    assert openpyxl.DEFUSEDXML is True
    from openpyxl.xml import functions

    assert functions.iterparse.__module__.startswith("defusedxml")


# ------------------------------------------------------- hostile files ---
def rewrite_member(src, dst, member, transform):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member:
                data = transform(data)
            zout.writestr(info, data)


BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
               for i in range(1, 10))
    + b"]>\n"
)


def test_entity_expansion_is_refused(exported, tmp_path, monkeypatch):
    store, uid, path, _ = exported
    bomb = tmp_path / "bomba.xlsx"

    def inject(xml: bytes) -> bytes:
        body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
        return BILLION_LAUGHS + body.replace(b"<sheetData>", (b'<sheetData><row r="900"><c r="A900" t="inlineStr">'
                                                      b"<is><t>&lol9;</t></is></c></row>"), 1)

    rewrite_member(path, bomb, "xl/worksheets/sheet2.xml", inject)
    assert_refused(store, uid, bomb, "declaraciones XML no permitidas")
    # even past our own pre-check, openpyxl (through defusedxml) refuses it
    monkeypatch.setattr(xlsx, "check_zip", lambda *a: None)
    assert_refused(store, uid, bomb, "declaraciones XML no permitidas")
    # and a DOCTYPE hidden behind a long prolog is still found by the pre-check
    monkeypatch.undo()
    padded = tmp_path / "relleno.xlsx"
    pad = b"<!-- " + secrets.token_hex(1_500_000).encode() + b" -->\n"
    rewrite_member(path, padded, "xl/worksheets/sheet2.xml",
                   lambda x: inject(x).replace(b"?>\n", b"?>\n" + pad, 1))
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("parsed"))
    assert_refused(store, uid, padded, "declaraciones XML no permitidas")


def test_not_a_zip_truncated_and_empty_files(exported, tmp_path):
    store, uid, path, _ = exported
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"Esto no es un libro de Excel\n" * 100)
    assert_refused(store, uid, junk, "no es un libro Excel")
    cut = tmp_path / "cortado.xlsx"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert_refused(store, uid, cut, "dañado o incompleto")
    empty = tmp_path / "vacio.xlsx"
    empty.write_bytes(b"")
    assert_refused(store, uid, empty, "no es un libro Excel")
    assert_refused(store, uid, tmp_path / "no-existe.xlsx", "No existe")
    assert_refused(store, uid, tmp_path, "no es un archivo")
    # a zip that is not a workbook
    other = tmp_path / "otro.xlsx"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("hola.txt", "hola")
    assert_refused(store, uid, other, "faltan las partes")


def test_corrupt_member_is_refused(exported, tmp_path):
    store, uid, path, _ = exported
    bad = tmp_path / "xml-roto.xlsx"
    rewrite_member(path, bad, "xl/worksheets/sheet2.xml", lambda x: x[: len(x) // 2])
    assert_refused(store, uid, bad, "no se pudo leer")


def test_huge_file_and_zip_bombs_are_refused_before_parsing(exported, tmp_path, monkeypatch):
    store, uid, path, _ = exported
    huge = tmp_path / "enorme.xlsx"
    shutil.copy(path, huge)
    with open(huge, "r+b") as fh:
        fh.truncate(xlsx.MAX_XLSX_BYTES + 1)  # sparse: cheap to make
    assert_refused(store, uid, huge, "demasiado grande")

    def boom(*a, **k):  # the checks must refuse before openpyxl is involved
        raise AssertionError("openpyxl was called")

    monkeypatch.setattr(openpyxl, "load_workbook", boom)
    ratio = tmp_path / "bomba-zip.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(ratio, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            z.writestr(info, zin.read(info))
        z.writestr("xl/media/relleno.bin", b"\0" * (20 * 1024 * 1024))
    assert ratio.stat().st_size < 1024 * 1024
    assert_refused(store, uid, ratio, "anómala")

    many = tmp_path / "muchas.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(many, "w") as z:
        for info in zin.infolist():
            z.writestr(info, zin.read(info))
        for i in range(xlsx.MAX_ENTRIES + 1):
            z.writestr(f"xl/extra/{i}.txt", b"")
    assert_refused(store, uid, many, "demasiados componentes")

    # a declared total above the cap (each member small and well compressed)
    monkeypatch.setattr(xlsx, "MAX_UNCOMPRESSED", 300_000)
    big = tmp_path / "grande.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            z.writestr(info, zin.read(info))
        for i in range(4):
            z.writestr(f"xl/extra/{i}.bin", bytes(range(256)) * 400)
    assert_refused(store, uid, big, "se descomprime")


# ------------------------------------------------------------------ CLI ---
def test_cli_export_and_import_xlsx(demo_file, tmp_path, capsys):
    db, uid = demo_file
    out = tmp_path / "f.xlsx"
    assert main(["export", "xlsx", "--db", str(db), "-o", str(out)]) == 0
    other = tmp_path / "otra.sqlite3"
    assert main(["import", "xlsx", str(out), "--db", str(other)]) == 0
    assert "importado" in capsys.readouterr().out
    with Store(db) as a, Store(other) as b:
        same_form(export_instance(b, uid), export_instance(a, uid))

    wb = openpyxl.load_workbook(out)
    wb["Actividad 1.1"]["D2"] = "Quizás"
    wb.save(out)
    assert main(["import", "xlsx", str(out), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Quizás" in err and "Traceback" not in err


def test_import_into_store_with_rows_added_meanwhile_replaces_content(exported):
    """Import is a whole-form replacement, done as one undoable command."""
    store, uid, path, before = exported
    store.execute(InsertRow(uid, "actividad_1_3", 0, {"brechas": "fila agregada después"}))
    changes = store.last_change_id()
    _, changed, _ = interchange.import_xlsx(store, path, replace_newer=True)
    assert store.last_change_id() > changes
    assert export_instance(store, uid)["data"] == before["data"]
    assert "actividad_1_3" in changed.structure


def test_form_xlsx_bytes_is_a_workbook(demo):
    store, uid = demo
    raw = xlsx.form_xlsx_bytes(export_instance(store, uid))
    wb = openpyxl.load_workbook(io.BytesIO(raw))
    assert xlsx.META_SHEET in wb.sheetnames
