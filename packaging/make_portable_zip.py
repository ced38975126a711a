"""Build the portable zip from a PyInstaller one-folder build.

For PCs where installers are blocked: unzip anywhere the user can write (the
Documents folder, a USB stick) and run ``sernam-desktop.exe``.  The zip holds

    sernam-desktop-<versión>/
        sernam-desktop(.exe), sernam-desktop-cli.exe (Windows), _internal/…
        portable.txt      marker: user data goes to datos/ beside the program
        datos/            (empty) database, backups and bundles of this copy

sernam_desktop.paths.user_home() switches to ``datos/`` when the frozen
executable finds ``portable.txt`` beside it (SERNAM_DESKTOP_HOME still wins).

    python packaging/make_portable_zip.py dist/sernam-desktop -o dist/sernam-desktop-0.1.0-windows-portable.zip

Standard library only (no Qt): it runs in any Python 3.11.  A ``datos/`` folder
or marker already inside the one-folder build (left by a test run) is never
copied, so no user data can end up in the zip.  The zip is written to a
temporary file and renamed into place.
"""

from __future__ import annotations

import argparse
import ast
import os
import stat
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = "sernam-desktop"
MARKER = "portable.txt"  # keep in sync with sernam_desktop.paths.PORTABLE_MARKER
DATA_DIR = "datos"  # keep in sync with sernam_desktop.paths.PORTABLE_DATA

MARKER_TEXT = """\
SERNAM Gestión Territorial — copia portátil
============================================

Este archivo activa el modo portátil: mientras esté junto al programa, los
formularios, las copias de seguridad y los envíos se guardan en la carpeta
«datos» de esta misma carpeta, y no en el perfil del usuario.

- Para usar el programa, abra sernam-desktop.exe (no hace falta instalar nada).
- Para llevarse o respaldar el trabajo, copie la carpeta completa, con «datos».
- No borre este archivo ni la carpeta «datos»: allí está su trabajo.
- Descomprima la carpeta en un lugar donde pueda escribir (Documentos, un
  pendrive); no en «Archivos de programa».
- Para actualizar a una versión nueva, descomprímala en otra carpeta y copie
  dentro la carpeta «datos» de la versión anterior.
"""


class UsageError(Exception):
    """Bad input: reported as one Spanish line, exit status 2."""


def package_version() -> str:
    tree = ast.parse((ROOT / "sernam_desktop" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                getattr(t, "id", None) == "__version__" for t in node.targets):
            return ast.literal_eval(node.value)
    raise UsageError("sernam_desktop/__init__.py no define __version__")


def find_executable(onedir: Path) -> Path:
    for name in (f"{APP}.exe", APP):
        if (onedir / name).is_file():
            return onedir / name
    raise UsageError(
        f"{onedir} no parece una compilación de PyInstaller: no contiene {APP}.exe ni {APP}.")


def _entries(onedir: Path):
    """(path, archive name below the top folder) of every file and folder, sorted;
    the portable marker and datos/ of the source folder are left out."""
    for dirpath, dirnames, filenames in os.walk(onedir):
        here = Path(dirpath)
        rel = here.relative_to(onedir)
        if rel == Path("."):
            dirnames[:] = [d for d in dirnames if d != DATA_DIR]
            filenames = [f for f in filenames if f != MARKER]
        dirnames.sort()
        for d in dirnames:
            yield here / d, (rel / d).as_posix()  # from_file adds the "/"
        for f in sorted(filenames):
            yield here / f, (rel / f).as_posix()


def make_zip(onedir: Path, output: Path, version: str | None = None) -> Path:
    """Write the portable zip of ``onedir`` to ``output``; returns output."""
    onedir = Path(onedir)
    if not onedir.is_dir():
        raise UsageError(f"No existe la carpeta {onedir}.")
    find_executable(onedir)
    version = version or package_version()
    top = f"{APP}-{version}"
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.resolve().is_relative_to(onedir.resolve()):
        raise UsageError("El zip no puede quedar dentro de la carpeta que se comprime.")
    now = time.localtime()[:6]
    fd, tmp = tempfile.mkstemp(prefix=output.name + ".", suffix=".tmp", dir=output.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            dir_info = zipfile.ZipInfo(top + "/", now)
            dir_info.external_attr = (stat.S_IFDIR | 0o755) << 16 | 0x10
            zf.writestr(dir_info, b"")
            for path, name in _entries(onedir):
                # from_file keeps Unix permissions (the executable bit on Linux).
                info = zipfile.ZipInfo.from_file(path, f"{top}/{name}")
                if info.is_dir():
                    zf.writestr(info, b"")
                else:
                    info.compress_type = zipfile.ZIP_DEFLATED
                    with open(path, "rb") as src, zf.open(info, "w") as dst:
                        while chunk := src.read(1 << 20):
                            dst.write(chunk)
            marker = zipfile.ZipInfo(f"{top}/{MARKER}", now)
            marker.external_attr = (stat.S_IFREG | 0o644) << 16
            marker.compress_type = zipfile.ZIP_DEFLATED
            # CRLF so that Notepad on old Windows shows the lines.
            zf.writestr(marker, MARKER_TEXT.replace("\n", "\r\n").encode("utf-8"))
            data = zipfile.ZipInfo(f"{top}/{DATA_DIR}/", now)
            data.external_attr = (stat.S_IFDIR | 0o755) << 16 | 0x10
            zf.writestr(data, b"")
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return output


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="make_portable_zip.py",
        description="Crea el zip portátil a partir de la carpeta de PyInstaller.")
    p.add_argument("onedir", type=Path, help="carpeta dist/sernam-desktop")
    p.add_argument("-o", "--output", type=Path, required=True, help="zip a crear")
    p.add_argument("--version", help="versión (por omisión, la del paquete)")
    args = p.parse_args(argv)
    try:
        out = make_zip(args.onedir, args.output, args.version)
    except UsageError as exc:
        print(f"make_portable_zip: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"make_portable_zip: error: no se pudo escribir el zip ({exc}).", file=sys.stderr)
        return 2
    size = out.stat().st_size / 2**20
    print(f"Zip portátil: {out} ({size:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
