"""Excel round trip that cannot corrupt data: text format, typed values, sorting,
streamed limits, protection, problems in the user's terms, stale workbooks."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from sernam_desktop import interchange, xlsx
from sernam_desktop.cli.main import main
from sernam_desktop.commands import SetCell
from sernam_desktop.errors import UserError, ValidationFailed
from sernam_desktop.forms import default_form
from sernam_desktop.interchange import export_instance
from sernam_desktop.store import Store

T11 = "actividad_1_1"


@pytest.fixture
def exported(demo, tmp_path):
    store, uid = demo
    path = tmp_path / "formulario.xlsx"
    interchange.export_xlsx(store, uid, path)
    return store, uid, path, export_instance(store, uid)


def sheet(wb, key):
    return wb[default_form().section(key).title]


def test_text_columns_are_formatted_as_text(exported):
    _, _, path, doc = exported
    wb = openpyxl.load_workbook(path)
    sec = default_form().section(T11)
    ws = sheet(wb, T11)
    n = len(doc["data"][T11])
    for ci, col in enumerate(sec.columns, start=1):
        letter = get_column_letter(ci)
        assert ws.column_dimensions[letter].number_format == "@", col.key  # new rows too
        for r in range(2, n + 2):
            assert ws[f"{letter}{r}"].number_format == "@", (col.key, r)


@pytest.mark.parametrize("value, fmt, shown, kind", [
    (0.7, "0%", "70%", "número"),
    (0.125, "0.0%", "12,5%", "número"),
    (dt.datetime(2026, 2, 1), "d-mmm", "1-feb", "fecha"),
    (dt.datetime(2026, 2, 1), "dd/mm/yyyy", "01/02/2026", "fecha"),
    (123, "General", "123", "número"),
    (1234.56, "#,##0.00", "1.234,56", "número"),
    (1234567, "#,##0", "1.234.567", "número"),
    (0.5, "General", "0,5", "número"),
    (True, "General", "VERDADERO", "valor lógico"),
    (False, "General", "FALSO", "valor lógico"),
])
def test_values_excel_typed_come_back_as_the_text_it_displayed(exported, tmp_path, value, fmt,
                                                              shown, kind):
    """Simulates Excel storing what a person typed into a General cell as a typed value."""
    _, _, path, _ = exported
    wb = openpyxl.load_workbook(path)
    ws = sheet(wb, T11)
    ws["B3"].value = value
    ws["B3"].number_format = fmt
    wb.save(path)
    converted: list[str] = []
    doc = xlsx.read_form_xlsx(path, converted)
    assert doc["data"][T11][1]["indicador"] == shown
    assert converted == [f"hoja «{ws.title}», fila 3, «Indicador»: Excel lo guardó como {kind}; "
                         f"se importó como el texto «{shown}»"]


def test_excel_display_helper_never_gives_python_repr():
    assert xlsx.excel_display(0.7, "0%") == "70%"
    assert xlsx.excel_display(dt.date(2026, 3, 9), "d \"de\" mmmm") == "9 de marzo"
    assert xlsx.excel_display(-1234.5, "#,##0.00") == "-1.234,50"
    assert xlsx.excel_display(1e20, "General") == "1E+20"


def test_date_and_year_fields_accept_excels_own_types(exported):
    _, _, path, _ = exported
    wb = openpyxl.load_workbook(path)
    ws = sheet(wb, "encabezado")
    rows = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    ws.cell(row=rows["Año"], column=2).value = 2008
    ws.cell(row=rows["Fecha"], column=2).value = dt.datetime(2008, 3, 31)
    wb.save(path)
    converted: list[str] = []
    doc = xlsx.read_form_xlsx(path, converted)
    assert doc["data"]["encabezado"]["anio"] == "2008"
    assert doc["data"]["encabezado"]["fecha"] == "2008-03-31"
    assert converted == []  # the proper type for these fields, not a conversion


def test_sorting_from_the_autofilter_keeps_every_rows_id(exported, tmp_path):
    """Sort the data rows the way Excel sorts a filter range, then import."""
    store, uid, path, before = exported
    wb = openpyxl.load_workbook(path)
    ws = sheet(wb, T11)
    ref = ws.auto_filter.ref
    first, last = ref.split(":")
    last_col = "".join(ch for ch in last if ch.isalpha())
    ncols = len(default_form().section(T11).columns) + 1
    assert first == "A1" and last_col == get_column_letter(ncols)  # the id column is inside
    assert ws.cell(row=1, column=ncols).value == xlsx.ID_HEADER
    last_row = int("".join(ch for ch in last if ch.isdigit()))
    # Excel reorders only the columns inside the filter range: emulate exactly that.
    rows = [[ws.cell(row=r, column=c).value for c in range(1, ncols + 1)]
            for r in range(2, last_row + 1)]
    rows.sort(key=lambda r: str(r[1] or ""), reverse=True)  # by «Indicador», Z→A
    for r, values in enumerate(rows, start=2):
        for c, v in enumerate(values, start=1):
            ws.cell(row=r, column=c).value = v
    wb.save(path)
    interchange.import_xlsx(store, path, replace_newer=True)
    after = {r["id"]: r for r in export_instance(store, uid)["data"][T11]}
    original = {r["id"]: r for r in before["data"][T11]}
    assert after == original  # every id still holds its own row's text


def test_structure_protected_and_metadata_very_hidden(exported):
    _, _, path, doc = exported
    wb = openpyxl.load_workbook(path)
    assert wb.security is not None and wb.security.lockStructure
    assert wb[xlsx.META_SHEET].sheet_state == "veryHidden"
    assert wb[xlsx.LISTS_SHEET].sheet_state == "veryHidden"
    sec = default_form().section(T11)
    ws = sheet(wb, T11)
    letter = get_column_letter(sec.keys().index("estado") + 1)
    dv = next(d for d in ws.data_validations.dataValidation
              if any(str(r).startswith(letter) for r in d.sqref.ranges))
    rng = str(dv.sqref)
    assert rng == f"{letter}2:{letter}{len(doc['data'][T11]) + 1 + xlsx.MARGIN_ROWS}"


def test_every_problem_reported_at_once_in_the_users_terms(exported):
    _, _, path, _ = exported
    wb = openpyxl.load_workbook(path)
    ws = sheet(wb, T11)
    ws["D2"] = "Quizás"
    ws["D5"] = "Tal vez"
    ws12 = sheet(wb, "actividad_1_2")
    ws12["A3"] = "=1+1"
    enc = sheet(wb, "encabezado")
    rows = {enc.cell(row=r, column=1).value: r for r in range(2, enc.max_row + 1)}
    enc.cell(row=rows["Año"], column=2).value = "20x7"
    enc.cell(row=rows["Región"], column=2).value = "Narnia"
    enc.cell(row=rows["Fecha"], column=2).value = "mañana"
    enc.cell(row=rows["Servicio"], column=2).value = None
    wb.save(path)
    with pytest.raises(ValidationFailed) as info:
        xlsx.read_form_xlsx(path)
    problems = info.value.problems
    assert len(problems) == 7, problems
    expect = [("Actividad 1.1", 2, "Estado", "Quizás"), ("Actividad 1.1", 5, "Estado", "Tal vez"),
              ("Actividad 1.2", 3, "Productos", "fórmula"),
              ("Encabezado", rows["Año"], "Año", "20x7"),
              ("Encabezado", rows["Región"], "Región", "Narnia"),
              ("Encabezado", rows["Fecha"], "Fecha", "mañana"),
              ("Encabezado", rows["Servicio"], "Servicio", "obligatorio")]
    for sheet_name, row, label, needle in expect:
        assert any(p.startswith(f"hoja «{sheet_name}», fila {row}, «{label}»") and needle in p
                   for p in problems), (sheet_name, row, label, problems)
    text = " ".join(problems)
    for internal in ("encabezado.", "anio", "actividad_1_1", "estado»:", "«region"):
        assert internal not in text, internal


def test_a_huge_sheet_is_refused_while_streaming(exported, monkeypatch):
    """Reading stops at the first row past the limit (it never reads the rest)."""
    _, _, path, _ = exported
    monkeypatch.setattr(xlsx, "MAX_ROWS", 50)
    monkeypatch.setattr(xlsx, "MAX_SHEET_ROW", 1 + 50 + 20)
    wb = openpyxl.load_workbook(path)
    ws = sheet(wb, "actividad_1_3")
    for r in range(2, 2000):
        ws.cell(row=r, column=1).value = f"fila {r}"
    wb.save(path)
    seen = []
    real = xlsx._read_table

    def spy(ws, sec, *a, **k):
        rows = ws.iter_rows

        def counting(*aa, **kk):
            for row in rows(*aa, **kk):
                seen.append(sec.key)
                yield row

        ws.iter_rows = counting
        return real(ws, sec, *a, **k)

    monkeypatch.setattr(xlsx, "_read_table", spy)
    with pytest.raises(UserError, match="demasiadas filas") as info:
        xlsx.read_form_xlsx(path)
    assert "Actividad 1.3" in str(info.value)
    # the header row, 50 rows, and the first row over the limit: nothing more
    assert seen.count("actividad_1_3") == 1 + 50 + 1


def test_gaps_of_empty_rows_within_the_margin_are_fine(exported):
    store, uid, path, before = exported
    wb = openpyxl.load_workbook(path)
    ws = sheet(wb, "actividad_1_4")
    far = ws.max_row + 300
    ws.cell(row=far, column=1).value = "Fila escrita más abajo"
    wb.save(path)
    doc = xlsx.read_form_xlsx(path)
    assert doc["data"]["actividad_1_4"][-1]["contribucion"] == "Fila escrita más abajo"


def stale_setup(demo_file, tmp_path, capsys):
    db, uid = demo_file
    out = tmp_path / "f.xlsx"
    assert main(["export", "xlsx", "--db", str(db), "-o", str(out)]) == 0
    with Store(db) as s:
        row = s.content(uid)[T11][0]
        s.execute(SetCell(uid, row["id"], "indicador", "cambiado en la aplicación"))
    wb = openpyxl.load_workbook(out)
    sheet(wb, T11)["C2"] = "cambiado en Excel"
    wb.save(out)
    capsys.readouterr()
    return db, uid, out, row["id"]


def test_cli_refuses_a_workbook_older_than_the_data_without_reemplazar(demo_file, tmp_path,
                                                                      capsys):
    db, uid, out, rid = stale_setup(demo_file, tmp_path, capsys)
    assert main(["import", "xlsx", str(out), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--reemplazar" in err and "Actividad 1.1, fila 1" in err
    with Store(db) as s:
        assert s.cell(rid, "indicador") == "cambiado en la aplicación"  # untouched
    assert main(["import", "xlsx", str(out), "--db", str(db), "--reemplazar"]) == 0
    with Store(db) as s:
        assert s.cell(rid, "resultado") == "cambiado en Excel"
        assert s.cell(rid, "indicador") != "cambiado en la aplicación"


def test_reimporting_the_same_workbook_after_import_is_not_stale(demo_file, tmp_path, capsys):
    db, uid, out, _ = stale_setup(demo_file, tmp_path, capsys)
    assert main(["import", "xlsx", str(out), "--db", str(db), "--reemplazar"]) == 0
    assert main(["import", "xlsx", str(out), "--db", str(db)]) == 0  # nothing newer is lost


def test_cli_lists_converted_cells(demo_file, tmp_path, capsys):
    db, uid = demo_file
    out = tmp_path / "f.xlsx"
    assert main(["export", "xlsx", "--db", str(db), "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    ws = sheet(wb, T11)
    ws["B2"].value = 0.7
    ws["B2"].number_format = "0%"
    wb.save(out)
    assert main(["import", "xlsx", str(out), "--db", str(db)]) == 0
    printed = capsys.readouterr().out
    assert "convertido 1 celda" in printed and "fila 2, «Indicador»" in printed
    assert "«70%»" in printed


def test_a_sheet_without_dimension_is_not_parsed_whole_on_opening(exported, tmp_path,
                                                                  monkeypatch):
    """openpyxl scanned a sheet lacking <dimension> to its end when opening the workbook."""
    import re
    import zipfile

    from openpyxl.worksheet import _reader

    store, uid, path, before = exported
    stripped = tmp_path / "sin-dimension.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(stripped, "w",
                                                       zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            raw = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                raw = re.sub(rb"<dimension [^>]*/>", b"", raw)
            zout.writestr(info, raw)
    calls = []
    monkeypatch.setattr(_reader.WorkSheetParser, "parse_dimensions",
                        lambda self: calls.append(1))
    doc = xlsx.read_form_xlsx(stripped)
    assert calls == []  # the size probe reads only the sheet's first bytes
    assert doc["data"] == before["data"]
