"""Start-up stays cheap: what a fresh process imports (issue 17 §3; no timing).

``sernam-desktop --version``/``--help`` build the whole parser but import no
feature code (not even sqlite-utils), and opening the desktop app on a form
imports neither the PDF/Excel/Word libraries nor the screens of tabs not shown.
Each check runs in a fresh process: this test process has imported everything.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = """
import os, sys
from sernam_desktop.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
with open(os.environ["MODULES_OUT"], "w") as fh:
    fh.write("\\n".join(sorted(sys.modules)))
sys.exit(code)
"""

GUI = """
import os, sys
from pathlib import Path
from sernam_desktop.ui.app import ensure_app, run
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

seen = []

def interactive():  # the first event-loop turn with the window shown
    ctl = QApplication.instance()._sernam_controller
    seen.append(type(ctl.window).__name__)
    seen.extend(sorted(sys.modules))
    QApplication.quit()

ensure_app()
QTimer.singleShot(0, interactive)
code = run(Path(sys.argv[1]))
with open(os.environ["MODULES_OUT"], "w") as fh:
    fh.write("\\n".join(seen))
sys.exit(code)
"""

# Feature libraries and code that no start-up needs.
HEAVY = ("reportlab", "openpyxl", "docx", "lxml", "defusedxml", "PIL",
         "sernam_desktop.pdf", "sernam_desktop.xlsx", "sernam_desktop.bundle",
         "sernam_desktop.central", "sernam_desktop.central_report", "sernam_desktop.docx_import",
         "sernam_desktop.interchange", "sernam_desktop.safezip")


def _imported(code: str, args: list[str], tmp_path: Path) -> tuple[subprocess.CompletedProcess, set[str]]:
    out = tmp_path / "modules.txt"
    env = dict(os.environ, MODULES_OUT=str(out), SERNAM_DESKTOP_HOME=str(tmp_path / "home"))
    res = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.exists(), res.stderr[-3000:]
    return res, set(out.read_text(encoding="utf-8").split())


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules for n in names if m == n or m.startswith(n + "."))


@pytest.mark.parametrize("option", ["--version", "--help"])
def test_version_and_help_import_no_feature_code(option, tmp_path):
    res, modules = _imported(CLI, [option], tmp_path)
    assert res.returncode == 0, res.stderr
    assert ("sernam-desktop 0.1.0" in res.stdout) if option == "--version" else (
        "comandos" in res.stdout and "central" in res.stdout and "backup" in res.stdout)
    assert "sernam_desktop.cli.central_cmds" in modules  # the whole parser was built
    assert _loaded(modules, HEAVY + ("PySide6", "sqlite_utils", "sernam_desktop.store",
                                     "sernam_desktop.commands", "sernam_desktop.forms",
                                     "sernam_desktop.backup", "sernam_desktop.ui")) == []


def test_a_subcommand_help_imports_no_feature_code(tmp_path):
    res, modules = _imported(CLI, ["central", "report", "--help"], tmp_path)
    assert res.returncode == 0, res.stderr
    assert "--pdf" in res.stdout
    assert _loaded(modules, HEAVY + ("PySide6", "sqlite_utils")) == []


def test_a_command_still_finds_its_code(demo_file, tmp_path):
    path, _ = demo_file
    res, modules = _imported(CLI, ["validate", "--db", str(path)], tmp_path)
    assert res.returncode in (0, 1), res.stderr
    assert "dato(s)" in res.stdout or "formulario completo" in res.stdout
    assert "sernam_desktop.validation" in modules
    assert _loaded(modules, HEAVY + ("PySide6",)) == []


@pytest.mark.gui
def test_opening_the_form_imports_no_pdf_excel_word_or_hidden_screens(demo_file, tmp_path):
    path, _ = demo_file
    res, seen = _imported(GUI, [str(path)], tmp_path)
    assert res.returncode == 0, res.stderr[-3000:]
    assert "MainWindow" in seen  # the form's window was up
    assert "sernam_desktop.ui.screen_fields" in seen  # the first tab (Encabezado) is built
    assert _loaded(seen, HEAVY + ("sernam_desktop.ui.screen_table", "sernam_desktop.ui.delegates",
                                  "sernam_desktop.ui.screen_report", "sernam_desktop.ui.welcome",
                                  "sernam_desktop.ui.central_window", "sernam_desktop.ui.years",
                                  "sernam_desktop.carry",  # the example has no origin
                                  # issue 17: a current file needs neither (appfile.LazyDatabase)
                                  "sqlite_utils", "nacl", "orjson",
                                  "sernam_desktop.ui.outbox_dialog", "sernam_desktop.ui.rows",
                                  )) == []


def test_lazy_database_answers_like_sqlite_utils(tmp_path):
    """Before and after sqlite-utils is loaded, the office file's ``db`` answers the same:
    ``execute`` and ``query`` natively, the rest by the real Database on the same connection."""
    import sqlite_utils

    from sernam_desktop.appfile import LazyDatabase
    from sernam_desktop.store import Store

    path = tmp_path / "o.sqlite3"
    with Store(path) as s:  # created: migrated with sqlite-utils
        s.db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", ["k", "v"])
    with Store(path) as s:
        assert isinstance(s.db, LazyDatabase) and s.db._full is None  # opened without it
        ours = list(s.db.query("SELECT key, value FROM meta ORDER BY key"))
        assert s.db.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
        assert s.db._full is None
        theirs = list(sqlite_utils.Database(s.db.conn).query(
            "SELECT key, value FROM meta ORDER BY key"))
        assert ours == theirs and {"key": "k", "value": "v"} in ours
        assert s.db["meta"].count == len(ours)  # anything else: the real Database
        assert s.db._full is not None and s.db._full.conn is s.db.conn
        assert list(s.db.query("SELECT key FROM meta WHERE key=?", ["k"])) == [{"key": "k"}]


@pytest.mark.gui
def test_pyside_source_check_gives_pyside6s_own_answers():
    import importlib

    from sernam_desktop.ui import import_speed

    assert import_speed.install()  # PySide6 6.11 has the check: it is replaced, once
    assert import_speed.install()
    feature = sys.modules[import_speed.FEATURE_MODULE]
    fast = feature._mod_uses_pyside
    original = fast.original
    assert not hasattr(original, "original")  # not wrapped twice
    names = ["sernam_desktop.ui.main_window", "sernam_desktop.ui.widgets", "sernam_desktop.store",
             "sernam_desktop.forms", "json", "sys", "PySide6.QtCore", "pytest"]
    answers = {n: fast(importlib.import_module(n)) for n in names}
    assert answers == {n: original(importlib.import_module(n)) for n in names}
    assert answers["sernam_desktop.ui.main_window"] and not answers["sernam_desktop.store"]
