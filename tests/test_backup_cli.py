"""sernam-desktop backup list | restore | now."""

from __future__ import annotations

import pytest

from sernam_desktop.cli.main import main
from sernam_desktop.commands import SetField
from sernam_desktop.lock import open_store_for_editing
from sernam_desktop.store import Store


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(tmp_path / "home"))


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_now_list_restore_by_number(demo_file, capsys):
    path, uid = demo_file
    code, out, _ = run(capsys, "backup", "list", "--db", path)
    assert code == 0 and "No hay copias" in out
    assert run(capsys, "backup", "now", "--db", path)[0] == 0
    with Store(path) as s:
        s.execute(SetField(uid, "notas", "notas", "después de la primera copia"))
    code, out, _ = run(capsys, "backup", "now", "--db", path)
    assert code == 0 and "Copia de seguridad creada" in out
    code, out, _ = run(capsys, "backup", "list", "--db", path)
    lines = [ln for ln in out.splitlines() if ln.strip()[:1].isdigit()]
    assert len(lines) == 2 and "KB" in lines[0] and lines[0].split()[0] == "1"
    code, out, err = run(capsys, "backup", "restore", "--db", path, "2")
    assert code == 0, err
    assert "antes-de-restaurar" in out
    with Store(path) as s:
        assert s.field_value(uid, "notas", "notas") != "después de la primera copia"
    code, _, err = run(capsys, "backup", "restore", "--db", path, "7")
    assert code == 2 and "No existe la copia N.º 7" in err


def test_restore_latest_and_refusals(demo_file, capsys, tmp_path):
    path, uid = demo_file
    code, _, err = run(capsys, "backup", "restore", "--db", path)
    assert code == 2 and "No hay copias" in err
    run(capsys, "backup", "now", "--db", path)
    store, reason = open_store_for_editing(path)  # the GUI has it open
    try:
        code, _, err = run(capsys, "backup", "now", "--db", path)  # backing up is fine
        assert code == 0, err
        code, _, err = run(capsys, "backup", "restore", "--db", path)
        assert code == 2 and "ya está abierta" in err and len(err.strip().splitlines()) == 1
    finally:
        store.close()
    assert run(capsys, "backup", "restore", "--db", path)[0] == 0
    code, _, err = run(capsys, "backup", "restore", "--db", path, tmp_path / "no-existe.sqlite3")
    assert code == 2 and "No existe la copia" in err
    code, _, err = run(capsys, "backup", "now", "--db", tmp_path / "no-existe.sqlite3")
    assert code == 2 and "No existe la base" in err
