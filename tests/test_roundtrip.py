"""Issue 15: the whole round trip through the CLI, with real files.

region prepares r1 → central merges and returns with comments → region opens
the return, sees the comments on the cells, edits, prepares r2 → central merges
and approves → region opens the receipt and shows «Recibido r2».
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_bundle import complete

from sernam_desktop.cli.main import main
from sernam_desktop.commands import SetField
from sernam_desktop.examples import load_demo
from sernam_desktop.store import Store


def regional_file(path: Path, region: str = "05") -> str:
    """An office file with one complete regional form (the 2007 example, moved to ``region``)."""
    with Store(path) as s:
        uid = load_demo(s)
        s.execute(SetField(uid, "encabezado", "region", region))
        complete(s, uid)
    return uid


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def only(folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    assert len(found) == 1, found
    return found[0]


def test_full_loop_through_the_cli(tmp_path, capsys):
    office = tmp_path / "oficina.sqlite3"
    central = tmp_path / "central.sqlite3"
    outbox1 = tmp_path / "envios"
    inbox = tmp_path / "acuses"
    uid = regional_file(office)

    # --- region prepares r1 -------------------------------------------------
    code, out, err = run(capsys, "outbox", "--db", office, "--prepare", "--folder", outbox1)
    assert code == 0, err
    assert "revisión 1" in out and "Listo para enviar" in out
    code, out, _ = run(capsys, "list", "--db", office)
    assert "revisión 1 — Listo para enviar" in out
    code, out, _ = run(capsys, "outbox", "--db", office)
    assert "Preparado" in out and "-r1-" in out
    r1 = only(outbox1, "*-r1-*.sernam")

    # --- central merges and returns with comments ---------------------------
    code, out, err = run(capsys, "central", "merge", "--central", central, r1)
    assert code == 0, err
    assert "aceptado" in out
    code, out, _ = run(capsys, "central", "review", "--central", central)
    assert "versión 1:" in out and "sin revisar" in out
    fp_line = [ln for ln in out.splitlines() if "firma" in ln][0]
    assert "sin firma" not in fp_line  # the bundle was signed
    code, out, err = run(capsys, "central", "review", "--central", central, "1",
                         "--return", "Falta precisar los responsables.",
                         "--on", "1.1:2:resultado", "El resultado no indica la cifra.",
                         "--on", "encabezado:responsable", "Indique el cargo completo.")
    assert code == 0, err
    assert "devuelta con observaciones" in out
    code, out, err = run(capsys, "central", "receipts", "--central", central, "-o", inbox)
    assert code == 0, err
    acuses = sorted(inbox.glob("*.sernam-acuse"))
    assert len(acuses) == 2  # the merge's «aceptado» and the return
    ret = only(inbox, "*-devuelto.sernam-acuse")
    # written receipts are not written again
    code, out, _ = run(capsys, "central", "receipts", "--central", central, "-o", inbox)
    assert "No hay acuses por enviar" in out

    # --- region opens the return and sees the comments on the cells ---------
    code, out, err = run(capsys, "import", "receipt", ret, "--db", office)
    assert code == 0, err
    assert "Devuelto con observaciones r1" in out
    assert "fila 2" in out and "El resultado no indica la cifra." in out
    code, out, _ = run(capsys, "list", "--db", office)
    assert "revisión 1 — Devuelto con observaciones" in out
    from sernam_desktop import receipts

    with Store(office, readonly=True) as s:
        row2 = s.row_ids(uid, "actividad_1_1")[1]
        notes = receipts.comments(s, uid)
        on_cells = {(c["section"], c["row_id"], c["field"]) for c in notes}
        assert ("actividad_1_1", row2, "resultado") in on_cells
        assert ("encabezado", None, "responsable") in on_cells
        assert any(c["location"] == "Comentario general" for c in notes)
        # the change log records each step
        steps = [c["command"] for c in s.changes(uid)]
        assert {"CrearClave", "SetState", "PrepararEnvio", "AbrirAcuse"} <= set(steps)

    # --- region edits (through export/import json) and prepares r2 ----------
    doc_path = tmp_path / "form.json"
    assert run(capsys, "export", "json", "--db", office, "-o", doc_path)[0] == 0
    doc = json.loads(doc_path.read_text(encoding="utf-8"))
    doc["data"]["actividad_1_1"][1]["resultado"] = "Se alcanzó el 87 % de la meta."
    doc_path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "import", "json", doc_path, "--db", office)[0] == 0
    code, out, _ = run(capsys, "list", "--db", office)
    assert "revisión 2 — Completo" in out
    code, out, err = run(capsys, "outbox", "--db", office, "--prepare", "--folder", outbox1)
    assert code == 0, err and "revisión 2" in out
    r2 = only(outbox1, "*-r2-*.sernam")
    code, out, _ = run(capsys, "outbox", "--db", office)
    assert "Devuelto" in out and "Preparado" in out  # r1 stays listed, never deleted

    # --- central merges and approves ----------------------------------------
    code, out, err = run(capsys, "central", "merge", "--central", central, r2)
    assert code == 0 and "aceptado" in out, (out, err)
    code, out, err = run(capsys, "central", "review", "--central", central, "2", "--approve")
    assert code == 0, err
    code, out, err = run(capsys, "central", "receipts", "--central", central, "-o", inbox)
    assert code == 0, err
    approved = only(inbox, "*-r2-*-aprobado.sernam-acuse")

    # --- region opens the receipt: «Recibido r2» ----------------------------
    code, out, err = run(capsys, "import", "receipt", approved, "--db", office)
    assert code == 0, err
    assert "Recibido r2" in out
    code, out, _ = run(capsys, "list", "--db", office)
    assert "revisión 2 — Recibido" in out
    code, out, _ = run(capsys, "outbox", "--db", office)
    assert "Recibido" in out

    # an old receipt (the r1 return) opened again: refused, nothing changes
    code, out, err = run(capsys, "import", "receipt", ret, "--db", office)
    assert code == 2 and "no se cambió nada" in err and "Traceback" not in err
    code, out, _ = run(capsys, "list", "--db", office)
    assert "revisión 2 — Recibido" in out


@pytest.mark.slow
def test_cli_loop_in_real_processes(tmp_path):
    """The same commands as separate processes (exit codes and files only)."""
    office = tmp_path / "oficina.sqlite3"
    central = tmp_path / "central.sqlite3"
    regional_file(office)

    def cli(*argv: object) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "sernam_desktop", *map(str, argv)],
                              capture_output=True, text=True, encoding="utf-8", timeout=300)

    p = cli("outbox", "--db", office, "--prepare", "--folder", tmp_path / "envios")
    assert p.returncode == 0, p.stderr
    r1 = only(tmp_path / "envios", "*.sernam")
    assert cli("central", "merge", "--central", central, r1).returncode == 0
    assert cli("central", "review", "--central", central, "1", "--approve").returncode == 0
    assert cli("central", "receipts", "--central", central, "-o", tmp_path / "a").returncode == 0
    rec = only(tmp_path / "a", "*-aprobado.sernam-acuse")
    p = cli("import", "receipt", rec, "--db", office)
    assert p.returncode == 0 and "Recibido r1" in p.stdout, p.stderr
