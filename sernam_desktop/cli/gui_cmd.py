"""Launching the desktop application (the default when no command is given)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sernam_desktop.cli.main import CliGroups
from sernam_desktop.errors import UserError
from sernam_desktop.paths import default_db_path

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


def run_gui(args: argparse.Namespace) -> int:
    db = Path(args.db) if getattr(args, "db", None) else default_db_path()
    if not has_display():
        sys.stderr.write(NO_DISPLAY_HELP)
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
    return run(db, central=bool(getattr(args, "central", False)) or bool(bundles), bundles=bundles)


def register(cli: CliGroups) -> None:
    p = cli.top.add_parser("gui", help="abre la aplicación de escritorio",
                           description="Abre la aplicación de escritorio.")
    p.add_argument("--db", metavar="RUTA", help="base de datos a abrir")
    p.add_argument("--central", action="store_true",
                   help="abre el modo oficina central (consolidación de regiones)")
    p.add_argument("--bundle", metavar="ARCHIVO", action="append",
                   help="envío regional (.sernam) a incorporar en el modo oficina central")
    p.add_argument("--receipt", metavar="ARCHIVO",
                   help="acuse de la oficina central (.sernam-acuse) a abrir (doble clic)")
    p.set_defaults(func=run_gui)
