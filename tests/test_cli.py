"""The command line: Spanish messages, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from sernam_desktop.cli import main
from sernam_desktop.store import Store


def run(capsys, *argv):
    """main() as the console script runs it: argparse errors exit via SystemExit."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_new_prints_instance_id(tmp_path, capsys):
    db = tmp_path / "o.sqlite3"
    code, out, err = run(capsys, "new", "--db", str(db), "--service", "Servicio Nacional de la Mujer",
                         "--region", "8", "--year", "2026")
    assert code == 0 and err == ""
    uid = out.strip()
    with Store(db) as s:
        inst = s.instance(uid)
    assert (inst["region"], inst["anio"]) == ("08", 2026)


def test_demo_validate_export_import(tmp_path, capsys):
    db = tmp_path / "o.sqlite3"
    code, out, _ = run(capsys, "demo", "--db", str(db))
    uid = out.strip()
    assert code == 0 and len(uid) == 36
    code, out, _ = run(capsys, "validate", "--db", str(db))
    assert code == 1
    assert "faltan 5 dato(s)" in out and "Actividad 1.3, fila 10: falta «Identificación de Brechas»" in out
    js = tmp_path / "f.json"
    code, out, _ = run(capsys, "export", "json", "--db", str(db), "-o", str(js))
    assert code == 0 and json.loads(js.read_text(encoding="utf-8"))["instance"]["uuid"] == uid

    doc = json.loads(js.read_text(encoding="utf-8"))
    doc["data"]["encabezado"].update(responsable="María Pérez, Directora Regional", fecha="2026-11-25")
    doc["data"]["actividad_1_3"][9]["brechas"] = "No se observan brechas."
    doc["data"]["actividad_1_4"][2]["recomendaciones"] = "Mantener el presupuesto."
    doc["data"]["objetivo_3"]["recomendaciones_subdere"] = "Fortalecer la coordinación."
    js.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    db2 = tmp_path / "otra.sqlite3"
    code, out, _ = run(capsys, "import", "json", str(js), "--db", str(db2))
    assert code == 0 and "importado" in out
    code, out, _ = run(capsys, "validate", "--db", str(db2))
    assert code == 0 and "formulario completo" in out


def test_form_selector_with_several_instances(tmp_path, capsys):
    db = tmp_path / "o.sqlite3"
    _, a, _ = run(capsys, "demo", "--db", str(db))
    _, b, _ = run(capsys, "demo", "--db", str(db))
    code, _, err = run(capsys, "validate", "--db", str(db))
    assert code == 2 and "--form" in err
    code, out, _ = run(capsys, "export", "json", "--db", str(db), "--form", b.strip()[:8], "-o", "-")
    assert code == 0 and json.loads(out)["instance"]["uuid"] == b.strip()


@pytest.mark.parametrize("argv, fragment", [
    (["new", "--db", "{db}", "--service", "S", "--region", "99", "--year", "2026"], "Región «99»"),
    (["new", "--db", "{db}", "--service", "S", "--region", "5", "--year", "dos mil"], "año válido"),
    (["new", "--db", "{db}", "--region", "5", "--year", "2026"], "faltan argumentos obligatorios"),
    (["validate", "--db", "{tmp}/no-existe.sqlite3"], "No existe la base de datos"),
    (["import", "json", "{tmp}/nada.json", "--db", "{db}"], "No existe el archivo"),
    (["export", "json", "--db", "{db}", "-o", "{tmp}/x.json"], "no tiene formularios"),
    (["exportar"], "opción inválida"),
    (["export", "json", "--db", "{db}", "-o", "x.json", "--bogus"], "argumentos no reconocidos"),
])
def test_bad_input_one_spanish_line_exit_2(tmp_path, capsys, argv, fragment):
    db = tmp_path / "o.sqlite3"
    Store(db).close()
    code, _, err = run(capsys, *[a.format(db=db, tmp=tmp_path) for a in argv])
    assert code == 2
    assert fragment in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_not_a_database_file(tmp_path, capsys):
    p = tmp_path / "nota.sqlite3"
    p.write_text("hola", encoding="utf-8")
    code, _, err = run(capsys, "validate", "--db", str(p))
    assert code == 2 and "no es una base de datos de sernam-desktop" in err
    assert p.read_text(encoding="utf-8") == "hola"


def test_subprocess_gui_without_display_explains(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["SERNAM_DESKTOP_HOME"] = str(tmp_path)
    if sys.platform != "linux":
        pytest.skip("display detection is for X11/Wayland systems")
    r = subprocess.run([sys.executable, "-m", "sernam_desktop"], env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2
    assert "No hay pantalla disponible" in r.stderr and "Traceback" not in r.stderr


def test_subprocess_help_and_version_in_spanish():
    r = subprocess.run([sys.executable, "-m", "sernam_desktop", "--help"], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("uso: sernam-desktop")
    assert "comandos:" in r.stdout and "opciones:" in r.stdout
    r = subprocess.run([sys.executable, "-m", "sernam_desktop", "--version"], capture_output=True,
                       text=True, timeout=60)
    from sernam_desktop import __version__
    assert r.stdout.strip() == f"sernam-desktop {__version__}"


def test_list_shows_each_form_with_its_state(tmp_path, capsys):
    db = tmp_path / "o.sqlite3"
    _, a, _ = run(capsys, "demo", "--db", str(db))
    _, b, _ = run(capsys, "new", "--db", str(db), "--service", "SernamEG", "--region", "XVI",
                  "--year", "2026")
    code, out, _ = run(capsys, "list", "--db", str(db))
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 2
    assert lines[0].startswith(a.strip()) and "Nacional — 2007 — revisión 1 — Borrador" in lines[0]
    assert lines[1].startswith(b.strip()) and "SernamEG — Ñuble — 2026" in lines[1]


def test_cli_writer_refuses_while_the_app_edits(tmp_path, capsys):
    from sernam_desktop.lock import open_store_for_editing

    db = tmp_path / "o.sqlite3"
    run(capsys, "demo", "--db", str(db))
    app_store, reason = open_store_for_editing(db)
    try:
        assert reason is None
        code, _, err = run(capsys, "demo", "--db", str(db))
        assert code == 2 and "Ciérrela" in err
        code, out, _ = run(capsys, "list", "--db", str(db))  # readers still work
        assert code == 0 and len(out.strip().splitlines()) == 1
    finally:
        app_store.close()
    code, _, _ = run(capsys, "demo", "--db", str(db))
    assert code == 0


def test_resolve_instance(store):
    from sernam_desktop.cli.main import resolve_instance
    from sernam_desktop.commands import CreateInstance
    from sernam_desktop.errors import UserError
    from sernam_desktop.forms import default_form

    with pytest.raises(UserError, match="no tiene formularios"):
        resolve_instance(store)
    a = CreateInstance(default_form(), "A", "01", 2026)
    b = CreateInstance(default_form(), "B", "02", 2026)
    store.execute(a)
    assert resolve_instance(store) == a.instance_id
    store.execute(b)
    with pytest.raises(UserError, match="--form"):
        resolve_instance(store)
    assert resolve_instance(store, b.instance_id[:8]) == b.instance_id
    with pytest.raises(UserError, match="ningún formulario"):
        resolve_instance(store, "zzzz")
