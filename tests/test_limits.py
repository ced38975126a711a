"""Limits: 100,000-character cells, emoji (ZWJ sequences), RTL text, 2,000-row tables.

All stay editable through commands (with undo) and exportable (JSON, PDF,
XLSX).  Speed figures for these cases: ``bench/bench_durability.py``.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from sernam_desktop.commands import (
    Composite,
    CreateInstance,
    DeleteRow,
    InsertRow,
    MoveRow,
    SetCell,
    SetField,
)
from sernam_desktop.errors import UserError
from sernam_desktop.forms import default_form
from sernam_desktop.interchange import export_instance, export_json_file, import_json_file
from sernam_desktop.store import Store

SECTION = "actividad_1_3"

HOSTILE = [
    "👩‍👩‍👧‍👦 familia (ZWJ) · 🏳️‍🌈 · 👍🏽 · 🇨🇱 · 1️⃣ · 🧑🏾‍⚕️",
    "مرحبا بالعالم — ١٢٣ — الأهداف المحققة",
    "שלום עולם 2026 (עברית)",
    "Mixto: Región 13 \u200fمرحبا\u200f y luego español; \u202bRLE\u202c \u2067aislado\u2069",
    "Acentos combinados: e\u0301 n\u0303 · ideogramas astrales 𠜎𠜱 · tab\tfin",
    "Varias\r\nlíneas\nde texto\n\n  con sangría",
]

BIG = ("Párrafo con acentos, ñandú y comillas «»; " * 3000)[:99_990] + " fin 👩‍👩‍👧"


def _new(store: Store) -> str:
    cmd = CreateInstance(default_form(), "Dirección Regional de Los Lagos", "10", 2026)
    store.execute(cmd)
    return cmd.instance_id


def _pdftotext(pdf, first=1, last=None):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    args = ["pdftotext", "-f", str(first)] + (["-l", str(last)] if last else []) + [pdf, "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def file_store(tmp_path):
    s = Store(tmp_path / "limites.sqlite3")
    yield s
    s.close()


def test_100k_character_cells(file_store, tmp_path):
    s = file_store
    uid = _new(s)
    ins = InsertRow(uid, SECTION, None, {"brechas": "corto"})
    s.execute(ins)
    set_cell = SetCell(uid, ins.row_id, "logros_efectivos", BIG)
    s.execute(set_cell)
    s.execute(SetField(uid, "notas", "notas", BIG))
    assert len(BIG) >= 100_000
    assert s.cell(ins.row_id, "logros_efectivos") == BIG
    assert s.field_value(uid, "notas", "notas") == BIG
    # edit again and undo: exact texts come back
    s.execute(SetCell(uid, ins.row_id, "logros_efectivos", BIG[:-1] + "!"))
    s.execute(SetCell(uid, ins.row_id, "logros_efectivos", BIG))
    s.execute(set_cell.inverse())
    assert s.cell(ins.row_id, "logros_efectivos") == ""
    s.execute(set_cell)
    # JSON round trip into another database
    export_json_file(s, uid, tmp_path / "f.json")
    with Store(None) as other:
        got, _, created = import_json_file(other, tmp_path / "f.json")
        assert created and other.content(got) == s.content(uid)
    # PDF: the text flows over pages instead of being cut
    from sernam_desktop.interchange import export_pdf

    export_pdf(s, uid, tmp_path / "f.pdf")
    text = _pdftotext(tmp_path / "f.pdf")
    assert text.count("Página") >= 3
    assert "fin" in text and text.count("ñandú") > 1000
    # XLSX: Excel holds at most 32,767 characters per cell — a clear Spanish refusal
    from sernam_desktop.interchange import export_xlsx

    with pytest.raises(UserError, match="32.767"):
        export_xlsx(s, uid, tmp_path / "f.xlsx")
    assert not (tmp_path / "f.xlsx").exists()  # nothing half-written


def test_longest_excel_cell_round_trips(tmp_path):
    from sernam_desktop.interchange import export_xlsx
    from sernam_desktop.xlsx import read_form_xlsx

    with Store(None) as s:
        uid = _new(s)
        longest = "ñandú " * 5461 + "a"  # exactly 32,767 characters
        assert len(longest) == 32_767
        s.execute(InsertRow(uid, SECTION, None, {"brechas": longest}))
        export_xlsx(s, uid, tmp_path / "f.xlsx")
        doc = read_form_xlsx(tmp_path / "f.xlsx")
        assert doc["data"][SECTION][0]["brechas"] == longest


def test_emoji_and_rtl_text_round_trip_everywhere(tmp_path):
    from sernam_desktop.interchange import export_pdf, export_xlsx
    from sernam_desktop.xlsx import read_form_xlsx

    with Store(tmp_path / "t.sqlite3") as s:
        uid = _new(s)
        cmds = [InsertRow(uid, SECTION, None, {"logros_comprometidos": t, "brechas": t[::-1]})
                for t in HOSTILE]
        for c in cmds:
            s.execute(c)
        s.execute(SetField(uid, "objetivo_3", "logros", "\n".join(HOSTILE)))
        s.execute(SetCell(uid, cmds[0].row_id, "logros_efectivos", HOSTILE[1]))
        rows = s.rows(uid, s.form_of(uid).section(SECTION))
        assert [r["logros_comprometidos"] for r in rows] == HOSTILE
        assert [r["brechas"] for r in rows] == [t[::-1] for t in HOSTILE]
        content = s.content(uid)
        export_json_file(s, uid, tmp_path / "f.json")
        export_xlsx(s, uid, tmp_path / "f.xlsx")
        export_pdf(s, uid, tmp_path / "f.pdf")
    with Store(None) as other:
        got, _, _ = import_json_file(other, tmp_path / "f.json")
        assert other.content(got) == content
    doc = read_form_xlsx(tmp_path / "f.xlsx")

    def norm(t: str) -> str:  # Excel stores line breaks as \n
        return t.replace("\r\n", "\n")

    assert [norm(r["logros_comprometidos"]) for r in doc["data"][SECTION]] == [
        norm(t) for t in HOSTILE]
    text = _pdftotext(tmp_path / "f.pdf")
    assert "familia (ZWJ)" in text and "español" in text and "ideogramas" in text
    assert "Región 13" in text


def test_2000_row_table_stays_editable_and_exportable(tmp_path):
    from sernam_desktop.interchange import export_pdf, export_xlsx
    from sernam_desktop.xlsx import read_form_xlsx

    n = 2000
    with Store(tmp_path / "grande.sqlite3") as s:
        uid = _new(s)
        s.execute(Composite(uid, "Agregar filas", [
            InsertRow(uid, SECTION, None, {"logros_comprometidos": f"Fila {i:04d} · ñ 👩‍👩‍👧",
                                           "brechas": "برنامج الدعم"})
            for i in range(n)]))
        sec = s.form_of(uid).section(SECTION)
        ids = s.row_ids(uid, SECTION)
        assert len(ids) == n
        # single edits on the big table, each undone
        edits = [
            InsertRow(uid, SECTION, 0, {"brechas": "nueva primera fila"}),
            MoveRow(uid, ids[0], n - 1),
            MoveRow(uid, ids[-1], 0),
            SetCell(uid, ids[-1], "logros_efectivos", "editada al final"),
            DeleteRow(uid, ids[n // 2]),
        ]
        for cmd in edits:
            s.execute(cmd)
        order = s.row_ids(uid, SECTION)
        assert order[0] == ids[-1] and order[1] == edits[0].row_id and order[-1] == ids[0]
        assert ids[n // 2] not in order and len(order) == n
        positions = [r[0] for r in s.db.execute(
            "SELECT position FROM rows WHERE instance_id=? AND section=? ORDER BY position",
            [uid, SECTION])]
        assert positions == list(range(n))
        for cmd in reversed(edits):
            s.execute(cmd.inverse())
        assert s.row_ids(uid, SECTION) == ids
        assert s.cell(ids[-1], "logros_efectivos") == ""
        doc = export_instance(s, uid)
        assert len(doc["data"][SECTION]) == n
        export_xlsx(s, uid, tmp_path / "g.xlsx")
        export_pdf(s, uid, tmp_path / "g.pdf")
        assert len(s.rows(uid, sec)) == n
    back = read_form_xlsx(tmp_path / "g.xlsx")
    assert [r["logros_comprometidos"] for r in back["data"][SECTION]] == [
        f"Fila {i:04d} · ñ 👩‍👩‍👧" for i in range(n)]
    text = _pdftotext(tmp_path / "g.pdf")
    assert "Fila 0000" in text and "Fila 1999" in text
