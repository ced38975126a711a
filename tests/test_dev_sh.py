"""packaging/dev.sh with fake system tools (issue 10 §1 §2).

Each test copies dev.sh and pyproject.toml into a scratch tree and runs it with
fake ``dpkg``/``id``/``apt-get``/Python on PATH, so no package is installed and
no real .venv is touched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(sys.platform == "win32" or shutil.which("bash") is None,
                                reason="bash script")

# The .venv interpreter: pip and pytest succeed (logged), -c runs real Python.
VENV_PY = f"""#!/bin/sh
echo "venv-python $*" >>"$DEV_LOG"
case "$1" in
  -m) exit 0 ;;
  -c) exec {sys.executable} "$@" ;;
esac
exit 0
"""
# The system Python: real for checks, a fake .venv for `-m venv .venv`.
SYS_PY = f"""#!/bin/sh
if [ "$1" = -m ] && [ "$2" = venv ]; then
  echo "make-venv" >>"$DEV_LOG"
  mkdir -p .venv/bin
  cp "$FAKE_VENV_PY" .venv/bin/python
  printf '#!/bin/sh\\necho "app $*" >>"$DEV_LOG"\\n' >.venv/bin/sernam-desktop
  printf '#!/bin/sh\\necho "ruff $*" >>"$DEV_LOG"\\nexit ${{FAKE_RUFF_STATUS:-0}}\\n' >.venv/bin/ruff
  printf '#!/bin/sh\\necho "lint-imports" >>"$DEV_LOG"\\n' >.venv/bin/lint-imports
  chmod +x .venv/bin/*
  exit 0
fi
if [ "$1" = -c ] && [ -n "$NO_ENSUREPIP" ] && case "$2" in *ensurepip*) true;; *) false;; esac; then
  exit 1
fi
exec {sys.executable} "$@"
"""


@pytest.fixture
def tree(tmp_path):
    repo = tmp_path / "repo"
    (repo / "packaging").mkdir(parents=True)
    shutil.copy(ROOT / "packaging" / "dev.sh", repo / "packaging" / "dev.sh")
    shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    log = tmp_path / "log.txt"
    log.write_text("", encoding="utf-8")

    def tool(name: str, body: str) -> None:
        (bin_ / name).write_text(body, encoding="utf-8")
        (bin_ / name).chmod(0o755)

    tool("id", '#!/bin/sh\nif [ "$1" = -u ]; then echo "$FAKE_UID"; else exec /usr/bin/id "$@"; fi\n')
    tool("dpkg", '#!/bin/sh\nexit "${FAKE_DPKG_STATUS:-0}"\n')
    tool("apt-get", '#!/bin/sh\necho "apt-get $*" >>"$DEV_LOG"\n')
    tool("python3", SYS_PY)
    (tmp_path / "venv-python").write_text(VENV_PY, encoding="utf-8")
    (tmp_path / "venv-python").chmod(0o755)

    def run(*args: str, uid: int = 1000, **env: str) -> subprocess.CompletedProcess:
        full = {"PATH": f"{bin_}:/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8",
                "DEV_LOG": str(log), "FAKE_UID": str(uid), "FAKE_VENV_PY": str(tmp_path / "venv-python"),
                "PYTHON": str(bin_ / "python3"), **env}
        return subprocess.run(["bash", str(repo / "packaging" / "dev.sh"), *args], env=full,
                              capture_output=True, text=True, timeout=120)

    run.repo = repo  # type: ignore[attr-defined]
    run.log = log  # type: ignore[attr-defined]
    return run


def test_nonroot_test_with_missing_packages_stops_before_pytest(tree):
    r = tree("test", FAKE_DPKG_STATUS="1")
    assert r.returncode == 2
    assert "como administrador (root): apt-get install libegl1" in r.stderr
    assert "sudo" not in r.stderr
    assert "poppler-utils" in r.stderr and "libxcb-cursor0" in r.stderr
    assert tree.log.read_text(encoding="utf-8") == ""  # no venv, no pip, no pytest
    assert not (tree.repo / ".venv").exists()


def test_nonroot_run_with_missing_packages_explains_and_goes_on(tree):
    r = tree("run", "--help", FAKE_DPKG_STATUS="1")
    assert r.returncode == 0, r.stderr
    assert "como administrador (root): apt-get install" in r.stderr
    assert "app --help" in tree.log.read_text(encoding="utf-8")


def test_root_installs_the_desktop_and_test_packages(tree):
    r = tree("test", uid=0, FAKE_DPKG_STATUS="1", NO_ENSUREPIP="")
    log = tree.log.read_text(encoding="utf-8")
    install = next(line for line in log.splitlines() if line.startswith("apt-get install"))
    for pkg in ("libxcb-cursor0", "libxkbcommon-x11-0", "libxcb-icccm4", "libxcb-util1",
                "libxcb-image0", "libxcb-keysyms1", "libxcb-render-util0", "libxcb-shape0",
                "libxcb-xkb1", "libwayland-cursor0", "poppler-utils", "xvfb", "xauth"):
        assert f" {pkg}" in install
    assert r.returncode == 0, r.stderr


def test_without_ensurepip_names_python3_venv_and_makes_no_venv(tree):
    r = tree("run", NO_ENSUREPIP="1")
    assert r.returncode == 2
    assert "python3-venv" in r.stderr and "como administrador (root)" in r.stderr
    assert not (tree.repo / ".venv").exists()


def test_incomplete_venv_is_rebuilt(tree):
    bin_ = tree.repo / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "python").write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")  # no pip
    (bin_ / "python").chmod(0o755)
    r = tree("run")
    assert r.returncode == 0, r.stderr
    assert "incompleto" in r.stderr
    log = tree.log.read_text(encoding="utf-8")
    assert "make-venv" in log and "-m pip install" in log and "app" in log


def test_install_stamp_follows_the_content_of_pyproject(tree):
    assert tree("run").returncode == 0
    stamp = tree.repo / ".venv" / ".installed-run"
    pyproject = tree.repo / "pyproject.toml"
    assert stamp.read_text(encoding="utf-8").strip() == hashlib.sha256(pyproject.read_bytes()).hexdigest()

    def installs() -> int:
        return tree.log.read_text(encoding="utf-8").count("-m pip install")

    assert installs() == 1
    tree("run")
    assert installs() == 1  # unchanged: no reinstall
    os.utime(pyproject, (stamp.stat().st_mtime + 100,) * 2)  # newer file, same content
    tree("run")
    assert installs() == 1
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + "\n# cambio\n", encoding="utf-8")
    tree("run")
    assert installs() == 2


def test_static_checks_fail_before_pytest(tree):
    r = tree("test", FAKE_RUFF_STATUS="1")
    assert r.returncode == 1
    log = tree.log.read_text(encoding="utf-8")
    assert "ruff check" in log and "-m pytest" not in log


def test_test_runs_static_checks_then_pytest_with_arguments(tree):
    r = tree("test", "-k", "algo")
    assert r.returncode == 0, r.stderr
    log = tree.log.read_text(encoding="utf-8").splitlines()
    order = [line.split()[0] if not line.startswith("venv-python -m pytest") else "pytest"
             for line in log if line.startswith(("ruff", "lint-imports", "venv-python -m pytest"))]
    assert order == ["ruff", "lint-imports", "pytest"]
    assert "venv-python -m pytest -k algo" in log
