"""Where things live: shipped data (forms/, resources/) and per-user files.

Shipped data is found next to the package in a source checkout, inside the
PyInstaller bundle when frozen, or through ``SERNAM_DESKTOP_DATA`` (a folder
holding ``forms/`` and ``resources/``).  Per-user files come from platformdirs,
overridable with ``SERNAM_DESKTOP_HOME`` (tests use it).  A frozen build with a
``portable.txt`` marker next to its executable (the portable zip, see
packaging/make_portable_zip.py) keeps them in a ``datos/`` folder beside it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import PlatformDirs

from sernam_desktop import APP_NAME

_DIRS = PlatformDirs(appname=APP_NAME, appauthor=False, roaming=False)


def data_root() -> Path:
    env = os.environ.get("SERNAM_DESKTOP_DATA")
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    return data_root() / "forms"


def resources_dir() -> Path:
    return data_root() / "resources"


PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA = "datos"


def portable_home() -> Path | None:
    """``<exe folder>/datos`` when running frozen with the portable marker
    beside the executable; None otherwise (source checkouts never are)."""
    if not getattr(sys, "frozen", False):
        return None
    exe_dir = Path(sys.executable).resolve().parent
    if (exe_dir / PORTABLE_MARKER).is_file():
        return exe_dir / PORTABLE_DATA
    return None


def user_home() -> Path:
    """Folder for the user's own files (database, backups, outbox)."""
    env = os.environ.get("SERNAM_DESKTOP_HOME")
    if env:
        return Path(env)
    return portable_home() or Path(_DIRS.user_data_dir)


def default_db_path() -> Path:
    return user_home() / "sernam-desktop.sqlite3"


def backups_dir() -> Path:
    return user_home() / "copias"


def outbox_dir() -> Path:
    return user_home() / "envios"


def central_db_path() -> Path:
    """The central office's merged database (Nivel Central mode)."""
    return user_home() / "central.sqlite3"


def cache_home() -> Path:
    """Per-user cache folder (files that can be thrown away), beside the user's
    files when ``SERNAM_DESKTOP_HOME`` or the portable marker says so."""
    env = os.environ.get("SERNAM_DESKTOP_HOME")
    if env:
        return Path(env) / "cache"
    portable = portable_home()
    return portable / "cache" if portable else Path(_DIRS.user_cache_dir)


def private_temp_dir(name: str) -> Path:
    """``cache_home()/name``, created if needed and readable by this user only.

    For files handed to another program (e.g. «Abrir PDF»): never a fixed,
    shared folder in /tmp that another user could own or read.
    """
    folder = cache_home() / name
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        os.chmod(folder, 0o700)
    return folder
