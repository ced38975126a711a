"""The core (everything outside sernam_desktop.ui) runs with PySide6 unimportable."""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(r"""
    import importlib, importlib.abc, pkgutil, sys, tempfile, os

    class BlockQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
                raise ImportError(f"blocked for this test: {name}")
            return None

    sys.meta_path.insert(0, BlockQt())
    import sernam_desktop
    names = []
    for info in pkgutil.walk_packages(sernam_desktop.__path__, "sernam_desktop."):
        if info.name.startswith("sernam_desktop.ui") or info.name == "sernam_desktop.__main__":
            continue
        importlib.import_module(info.name)
        names.append(info.name)
    assert not any(m.split(".")[0] in ("PySide6", "shiboken6") for m in sys.modules), "Qt leaked"

    from sernam_desktop.cli import main
    d = os.environ["SERNAM_DESKTOP_HOME"]  # the test's tmp_path: nothing left in /tmp
    db = os.path.join(d, "o.sqlite3")
    assert main(["demo", "--db", db]) == 0
    assert main(["validate", "--db", db]) == 1
    assert main(["export", "json", "--db", db, "-o", os.path.join(d, "f.json")]) == 0
    print("OK", len(names))
""")


def test_core_imports_and_works_without_qt(tmp_path):
    r = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                       timeout=120, env={"SERNAM_DESKTOP_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    assert "OK" in r.stdout
    count = int(r.stdout.split("OK")[1].split()[0])
    assert count >= 10  # forms, regions, store, commands, validation, interchange, cli…


def test_blocker_really_blocks(tmp_path):
    """The guard is meaningful: the same blocker makes a Qt import fail."""
    script = SCRIPT.split("import sernam_desktop")[0] + "import PySide6\n"
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "blocked for this test" in r.stderr
