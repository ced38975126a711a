"""Opening the window on a real Linux desktop (issue 10 §1).

The display check probes Qt's platform plugin in a child process and explains
in Spanish what is missing instead of Qt's «Could not load the Qt platform
plugin… Aborted».  The real-window test runs the application on an X server
(xvfb-run, installed by `bash packaging/dev.sh test` as root) and saves a
screenshot of the screen to look at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sernam_desktop.cli import gui_cmd

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland only")


def test_debian_package_names():
    assert gui_cmd.debian_package("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert gui_cmd.debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert gui_cmd.debian_package("libwayland-cursor.so.0") == "libwayland-cursor0"
    assert gui_cmd.debian_package("libxcb-foo.so.3") == "libxcb-foo3"  # the usual rule
    assert gui_cmd.debian_package("libfoo2.so.1") == "libfoo2-1"


def test_dev_sh_installs_every_library_the_probe_can_name():
    """packaging/dev.sh installs the packages the display check would ask for."""
    script = (Path(__file__).parent.parent / "packaging" / "dev.sh").read_text(encoding="utf-8")
    for soname, package in gui_cmd.DEBIAN_PACKAGES.items():
        if "xcb" in soname or "wayland" in soname or "xkbcommon" in soname:
            assert f" {package}" in script or f"({package}" in script, package


@linux_only
def test_platform_plugins_are_found():
    names = {p.name for p in gui_cmd.platform_plugins()}
    assert "libqxcb.so" in names


def _gui_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["SERNAM_DESKTOP_HOME"] = str(tmp_path / "home")
    env.update(extra)
    return env


@linux_only
@pytest.mark.parametrize("chosen", ["xcb", None])
def test_missing_libraries_are_named_in_spanish_not_qt_abort(tmp_path, chosen):
    """The plugin cannot load (no X server here); a fake ldd reports what is missing."""
    fake = tmp_path / "bin"
    fake.mkdir()
    ldd = fake / "ldd"
    ldd.write_text("#!/bin/sh\necho '\tlibxcb-cursor.so.0 => not found'\n"
                   "echo '\tlibxcb-icccm.so.4 => not found'\necho '\tlibc.so.6 => /lib/libc.so.6'\n",
                   encoding="utf-8")
    ldd.chmod(0o755)
    env = _gui_env(tmp_path, DISPLAY=":97", PATH=f"{fake}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("XDG_SESSION_TYPE", None)
    if chosen:
        env["QT_QPA_PLATFORM"] = chosen
    r = subprocess.run([sys.executable, "-m", "sernam_desktop", "gui", "--db",
                        str(tmp_path / "o.sqlite3")], env=env, capture_output=True,
                       text=True, timeout=180)
    assert r.returncode == 2, r.stderr
    assert "No se pudo abrir la ventana: Qt no logró cargar su módulo de pantalla «xcb»" in r.stderr
    assert "como administrador (root)" in r.stderr
    assert "apt-get install libxcb-cursor0 libxcb-icccm4" in r.stderr
    assert "Could not load" not in r.stderr and "Aborted" not in r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "o.sqlite3").exists()


@linux_only
def test_no_x_server_is_explained_in_spanish(tmp_path):
    """Libraries present or not, a DISPLAY nobody serves ends in Spanish, exit 2."""
    env = _gui_env(tmp_path, DISPLAY=":96", QT_QPA_PLATFORM="xcb")
    r = subprocess.run([sys.executable, "-m", "sernam_desktop", "gui", "--db",
                        str(tmp_path / "o.sqlite3")], env=env, capture_output=True,
                       text=True, timeout=180)
    assert r.returncode == 2
    assert r.stderr.startswith("No se pudo abrir la ventana")
    assert "Traceback" not in r.stderr and "Aborted" not in r.stderr


@linux_only
def test_probe_passes_where_qt_loads(tmp_path):
    env = _gui_env(tmp_path, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, "-c",
                        "from sernam_desktop.cli.gui_cmd import platform_problem as p; "
                        "import sys; sys.exit(0 if p() is None else 1)"],
                       env=env, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr


SCREENSHOT = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from sernam_desktop.ui import app as ui_app

    out = Path(sys.argv[2])
    def shoot():
        qapp = QApplication.instance()
        w = qapp.activeWindow() or next(w for w in qapp.topLevelWidgets() if w.isVisible())
        # What the X server shows (not a widget render): the whole screen.
        shot = qapp.primaryScreen().grabWindow(0)
        shot.save(str(out))
        print("platform", qapp.platformName(), "window", type(w).__name__,
              w.frameGeometry().width(), w.frameGeometry().height(), "title", w.windowTitle())
        sys.stdout.flush()
        qapp.quit()
    ui_app.ensure_app()  # the timer needs the application's event loop
    QTimer.singleShot(3000, shoot)
    sys.exit(ui_app.run(Path(sys.argv[1])))
""")


@pytest.mark.gui
@pytest.mark.slow
@linux_only
def test_real_window_on_an_x_server(tmp_path, demo_file):
    """`sernam-desktop gui` opens its window through the xcb plugin on Xvfb."""
    if shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run no está instalado (bash packaging/dev.sh test lo instala como root)")
    db, _ = demo_file
    env = _gui_env(tmp_path, SERNAM_DESKTOP_QUIT_AFTER_MS="2500", LANG="C.UTF-8")
    # 1. The real command: display check (child probe on xcb) and the window.
    r = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1366x768x24",
                        sys.executable, "-m", "sernam_desktop", "gui", "--db", str(db)],
                       env=env, capture_output=True, text=True, timeout=90)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "No se pudo abrir" not in r.stderr
    # 2. A screenshot of that X screen, for a person to look at.
    shot = Path(os.environ.get("SERNAM_XVFB_SCREENSHOT") or tmp_path / "xvfb-ventana.png")
    script = tmp_path / "shoot.py"
    script.write_text(SCREENSHOT, encoding="utf-8")
    env.pop("SERNAM_DESKTOP_QUIT_AFTER_MS")  # the script quits after its screenshot
    r = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1366x768x24",
                        sys.executable, str(script), str(db), str(shot)],
                       env=env, capture_output=True, text=True, timeout=90)
    assert r.returncode == 0, r.stderr
    assert "platform xcb" in r.stdout and "window MainWindow" in r.stdout, r.stdout + r.stderr
    from PySide6.QtGui import QImage

    img = QImage(str(shot))
    assert (img.width(), img.height()) == (1366, 768)
    # Not a blank screen: the window paints many different colours.
    colours = {img.pixel(x, y) for x in range(0, 1366, 17) for y in range(0, 768, 13)}
    assert len(colours) > 20
