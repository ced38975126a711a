"""Launching the desktop application (the default when no command is given)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from sernam_desktop.cli.main import CliGroups
from sernam_desktop.errors import UserError

NO_DISPLAY_HELP = (
    "No hay pantalla disponible para abrir la aplicación de escritorio.\n"
    "  - En un equipo con escritorio, ejecute «sernam-desktop» desde su sesión gráfica.\n"
    "  - En un servidor sin pantalla use los comandos (vea «sernam-desktop --help»),\n"
    "    o pruebe la interfaz con QT_QPA_PLATFORM=offscreen.\n"
)


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


PROBE_ENV = "SERNAM_DESKTOP_PLATFORM_PROBE"  # same name as ui/platform_probe.py
PROBE_TIMEOUT_S = 60

# Debian/Ubuntu package of each library Qt's xcb and wayland platform plugins
# load (packaging/dev.sh installs the same list).  Others: libfoo.so.N → libfooN.
DEBIAN_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}


def debian_package(soname: str) -> str:
    """The Debian package that usually ships library ``soname``."""
    if soname in DEBIAN_PACKAGES:
        return DEBIAN_PACKAGES[soname]
    m = re.fullmatch(r"(lib[\w+.-]*?)\.so\.(\d+).*", soname)
    if not m:
        return soname
    name, major = m.group(1).lower(), m.group(2)
    return f"{name}-{major}" if name[-1].isdigit() else f"{name}{major}"


def platform_plugins() -> list[Path]:
    """Qt's xcb and wayland platform plugins in the installed PySide6 (may be empty)."""
    try:
        spec = importlib.util.find_spec("PySide6")  # finds, does not import Qt
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.submodule_search_locations:
        return []
    folder = Path(list(spec.submodule_search_locations)[0]) / "Qt" / "plugins" / "platforms"
    return [p for p in (folder / "libqxcb.so", folder / "libqwayland.so") if p.is_file()]


def missing_libraries(plugins: list[Path]) -> list[str]:
    """Shared libraries ``ldd`` cannot find for ``plugins`` (sorted, no repeats)."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    missing: set[str] = set()
    for plugin in plugins:
        try:
            out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True,
                                 timeout=PROBE_TIMEOUT_S).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        for line in out.splitlines():
            if "not found" in line:
                missing.add(line.split("=>")[0].strip())
    return sorted(missing)


def probe_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "sernam_desktop"]


def platform_problem() -> str | None:
    """None when Qt's platform plugin loads (probed in a child process, which Qt
    may abort); otherwise a Spanish explanation naming the missing packages."""
    if not (sys.platform.startswith("linux") or "bsd" in sys.platform):
        return None
    env = dict(os.environ)
    env[PROBE_ENV] = "1"
    try:
        r = subprocess.run(probe_command(), env=env, capture_output=True, text=True,
                           timeout=PROBE_TIMEOUT_S, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None  # slow, not broken: let the application try
    except OSError as exc:
        return f"No se pudo comprobar la pantalla ({exc.strerror})."
    if r.returncode == 0:
        return None
    chosen = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]
    wayland = os.environ.get("XDG_SESSION_TYPE") == "wayland" and os.environ.get("WAYLAND_DISPLAY")
    platform = chosen or ("wayland" if wayland else "xcb")
    # Qt chose the plugin itself: the libraries of both (it falls back from one to the other).
    plugins = [p for p in platform_plugins() if not chosen or chosen in p.name] or platform_plugins()
    packages = sorted({debian_package(lib) for lib in missing_libraries(plugins)})
    lines = [f"No se pudo abrir la ventana: Qt no logró cargar su módulo de pantalla «{platform}»."]
    if packages:
        lines.append("  Faltan bibliotecas del sistema. Instálelas como administrador (root):")
        lines.append(f"    apt-get install {' '.join(packages)}")
    else:
        detail = [ln for ln in (r.stderr or "").splitlines() if ln.strip()][:3]
        lines.append("  Revise que la sesión gráfica esté abierta y que DISPLAY o WAYLAND_DISPLAY "
                     "sean correctos.")
        lines.extend(f"  (Qt: {ln.strip()})" for ln in detail)
    lines.append("  Mientras tanto, los comandos funcionan sin ventana (vea «sernam-desktop --help»).")
    return "\n".join(lines) + "\n"


def run_gui(args: argparse.Namespace) -> int:
    from sernam_desktop.paths import default_db_path

    db = Path(args.db) if getattr(args, "db", None) else default_db_path()
    if not has_display():
        sys.stderr.write(NO_DISPLAY_HELP)
        return 2
    problem = platform_problem()
    if problem:
        sys.stderr.write(problem)
        return 2
    try:
        from sernam_desktop.ui.app import run
    except ImportError as exc:
        raise UserError(
            f"No se pudo cargar la interfaz gráfica (¿falta PySide6?): {exc}."
        ) from None
    bundles = [Path(b) for b in (getattr(args, "bundle", None) or [])]
    receipt = getattr(args, "receipt", None)  # issue 15: double-click on a .sernam-acuse
    if receipt:
        return run(db, receipt=Path(receipt))
    # --bundle alone (a double-click on a .sernam) shows what it is and asks; only
    # --central goes straight to the central office's consolidation
    return run(db, central=bool(getattr(args, "central", False)), bundles=bundles)


def register(cli: CliGroups) -> None:
    p = cli.top.add_parser("gui", help="abre la aplicación de escritorio",
                           description="Abre la aplicación de escritorio.")
    p.add_argument("--db", metavar="RUTA", help="base de datos a abrir")
    p.add_argument("--central", action="store_true",
                   help="abre el modo oficina central (consolidación de regiones)")
    p.add_argument("--bundle", metavar="ARCHIVO", action="append",
                   help="envío regional (.sernam) a abrir: muestra qué es y ofrece verlo; con "
                        "--central lo incorpora en el modo oficina central")
    p.add_argument("--receipt", metavar="ARCHIVO",
                   help="acuse de la oficina central (.sernam-acuse) a abrir (doble clic)")
    p.set_defaults(func=run_gui)
