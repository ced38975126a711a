"""Packaging checks that need no build: the PyInstaller spec, the Windows
installer script, the Linux desktop files, the icons, the portable zip and the
portable-mode user folder.  (The real build + smoke test is
packaging/build_linux.sh, outside the test suite.)"""

from __future__ import annotations

import ast
import configparser
import os
import re
import stat
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

import sernam_desktop
from sernam_desktop import paths

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "sernam-desktop.spec"
ISS = PACKAGING / "windows" / "sernam-desktop.iss"
PS1 = PACKAGING / "windows" / "build_windows.ps1"
ICONS = ROOT / "resources" / "icons"
LINUX = PACKAGING / "linux"

sys.path.insert(0, str(PACKAGING))
import make_portable_zip  # noqa: E402

sys.path.remove(str(PACKAGING))


# --- the PyInstaller spec --------------------------------------------------------


def spec_namespace():
    """Run the spec's helper definitions (everything before Analysis) with a
    stand-in for PyInstaller's collect_submodules, and return its globals."""
    source = SPEC.read_text(encoding="utf-8")
    head = source.split("\na = Analysis(", 1)[0]
    head = head.replace("from PyInstaller.utils.hooks import collect_submodules\n", "")
    ns = {"SPECPATH": str(PACKAGING), "collect_submodules": lambda name: [name]}
    exec(compile(head, str(SPEC), "exec"), ns)  # noqa: S102 — our own build file
    return ns


def test_spec_is_valid_python_and_onedir():
    source = SPEC.read_text(encoding="utf-8")
    ast.parse(source)
    assert "COLLECT(" in source, "onedir builds end in COLLECT"
    assert "exclude_binaries=True" in source
    assert '"entry.py"' in source
    assert (PACKAGING / "entry.py").is_file()
    assert (PACKAGING / "rthook_streams.py").is_file()


def test_spec_reads_package_version_without_importing():
    ns = spec_namespace()
    assert ns["VERSION"] == sernam_desktop.__version__
    assert "import sernam_desktop" not in SPEC.read_text(encoding="utf-8")


def test_spec_bundles_forms_resources_and_qt_spanish():
    ns = spec_namespace()
    datas = ns["DATAS"]
    qt = {(Path(src).name, dest) for src, dest in datas if "translations" in dest}
    assert all(Path(src).is_file() for src, _ in datas)
    dests = {(Path(src).relative_to(ROOT).as_posix(), dest.replace("\\", "/"))
             for src, dest in datas if "translations" not in dest}
    for rel in ["forms/etapa4.toml", "forms/etapa4.schema.json",
                "forms/examples/etapa4-2007-nacional.json", "resources/regions.toml",
                "resources/icons/sernam-desktop.svg", "resources/icons/sernam-desktop-256.png"]:
        assert (rel, str(Path(rel).parent.as_posix())) in dests, rel
    # Every file of forms/ and resources/ (fonts, i18n … whatever they hold) goes in.
    for folder in ("forms", "resources"):
        on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*")
                   if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
        bundled = {s for s, _ in dests if s.startswith(folder + "/")}
        assert on_disk == bundled, folder
    assert qt == {("qtbase_es.qm", "PySide6/Qt/translations"),
                  ("qt_es.qm", "PySide6/Qt/translations")}


def test_spec_keeps_only_spanish_qt_catalogs():
    source = SPEC.read_text(encoding="utf-8")
    tail = source.split("\na = Analysis(", 1)[1]
    func = re.search(r"\ndef keep\(entry\).*?\n\n\n", tail, re.S).group(0)
    ns: dict = {}
    exec(func, ns)  # noqa: S102
    keep = ns["keep"]
    assert keep(("PySide6/Qt/translations/qtbase_es.qm", "x", "DATA"))
    assert not keep(("PySide6/Qt/translations/qtbase_de.qm", "x", "DATA"))
    assert keep(("resources/i18n/sernam_desktop_es.qm", "x", "DATA"))
    assert keep(("forms/etapa4.toml", "x", "DATA"))


def test_spec_collects_feature_modules_imported_by_name():
    # cli.main imports FEATURE_MODULES with importlib: PyInstaller needs them listed.
    source = SPEC.read_text(encoding="utf-8")
    assert 'collect_submodules("sernam_desktop")' in source
    assert "hiddenimports=HIDDEN" in source


def test_runtime_hook_gives_windowed_app_streams(tmp_path):
    script = (f"import sys; sys.stdout = None; sys.stderr = None\n"
              f"exec(open({str(PACKAGING / 'rthook_streams.py')!r}, encoding='utf-8').read())\n"
              "sys.stderr.write('x'); print('y'); sys.__stdout__.write('ok')\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout == "ok"


# --- version consistency ----------------------------------------------------------


def test_pyproject_version_and_package_extra():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["dynamic"] == ["version"]
    assert data["tool"]["setuptools"]["dynamic"]["version"]["attr"] == "sernam_desktop.__version__"
    extra = data["project"]["optional-dependencies"]["package"]
    assert any(re.match(r"pyinstaller\s*(==|>=)", d, re.I) for d in extra)
    runtime = " ".join(data["project"]["dependencies"]).lower()
    assert "pyinstaller" not in runtime


def test_installer_takes_version_from_build_script():
    iss = ISS.read_text(encoding="utf-8-sig")
    assert "AppVersion={#AppVersion}" in iss
    assert "#error" in iss.split("#ifndef AppVersion", 1)[1].split("#endif", 1)[0]
    assert not re.search(r"^AppVersion=\d", iss, re.M), "no hard-coded version"
    ps1 = PS1.read_text(encoding="utf-8-sig")
    assert "sernam_desktop\\__init__.py" in ps1
    assert "/DAppVersion=$Version" in ps1
    # The pattern the PowerShell script uses matches the real __init__.py line.
    pattern = re.search(r"-Pattern '([^']+)'", ps1).group(1)
    init = (ROOT / "sernam_desktop" / "__init__.py").read_text(encoding="utf-8")
    m = re.search(pattern, init, re.M)
    assert m and m.group(1) == sernam_desktop.__version__


def test_linux_build_script_reads_same_version():
    sh = (PACKAGING / "build_linux.sh").read_text(encoding="utf-8")
    sed = re.search(r"sed -n '([^']+)' sernam_desktop/__init__.py", sh).group(1)
    out = subprocess.run(["sed", "-n", sed, str(ROOT / "sernam_desktop" / "__init__.py")],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == sernam_desktop.__version__


# --- the Windows installer ---------------------------------------------------------


def iss_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith(";") or s.startswith("#"):
            continue
        m = re.fullmatch(r"\[(\w+)\]", s)
        if m:
            current = m.group(1)
            sections.setdefault(current, [])
        elif current:
            sections[current].append(s)
    return sections


def test_installer_is_per_user_with_association_and_keeps_data():
    text = ISS.read_text(encoding="utf-8-sig")
    sec = iss_sections(text)
    setup = dict(line.split("=", 1) for line in sec["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"] == r"{localappdata}\Programs\sernam-desktop"
    assert setup["ChangesAssociations"] == "yes"
    assert "sernam-desktop.ico" in setup["SetupIconFile"]
    # The install folder is not the user-data folder (which uninstall must keep).
    assert setup["DefaultDirName"] != r"{localappdata}\sernam-desktop"
    reg = sec["Registry"]
    assert all(line.startswith("Root: HKCU;") for line in reg), "per-user registry only"
    assert any(r'Subkey: "Software\Classes\.sernam"' in line for line in reg)
    command = [line for line in reg if line.endswith("Tasks: asociar")
               and r"shell\open\command" in line]
    # the bundle type, and (issue 15) the receipt type «gui --receipt»
    assert len(command) == 2
    assert r'ValueData: """{app}\{#AppExe}"" gui --bundle ""%1"""' in command[0]
    assert r'ValueData: """{app}\{#AppExe}"" gui --receipt ""%1"""' in command[1]
    assert any(r'Subkey: "Software\Classes\.sernam-acuse"' in line for line in reg)
    assert '#define AppExe "sernam-desktop.exe"' in text
    assert any(line.startswith('Name: "{autoprograms}\\{#AppName}"') for line in sec["Icons"])
    # Nothing the uninstaller deletes points at the user's data.
    for line in sec.get("UninstallDelete", []) + sec.get("InstallDelete", []):
        assert line.startswith('Type: filesandordirs; Name: "{app}\\'), line
        assert "datos" not in line and "{localappdata}\\sernam-desktop" not in line
    # A test run's portable marker/data never reach the installer.
    files = " ".join(sec["Files"])
    assert r"\portable.txt" in files and r"\datos" in files
    assert 'Excludes:' in files
    assert "Spanish.isl" in " ".join(sec["Languages"])


# --- Linux desktop integration ------------------------------------------------------


def read_desktop(path: Path) -> dict[str, str]:
    cp = configparser.ConfigParser(interpolation=None, strict=True)
    cp.optionxform = str  # keys are case-sensitive
    cp.read(path, encoding="utf-8")
    assert cp.sections() == ["Desktop Entry"], path
    return dict(cp["Desktop Entry"])


def test_desktop_files_have_the_required_keys():
    main = read_desktop(LINUX / "sernam-desktop.desktop")
    opener = read_desktop(LINUX / "sernam-desktop-envio.desktop")
    receipt = read_desktop(LINUX / "sernam-desktop-acuse.desktop")  # issue 15
    for entry in (main, opener, receipt):
        assert entry["Type"] == "Application"
        assert entry["Icon"] == "sernam-desktop"
        assert entry["Exec"].split()[0] == "sernam-desktop"
        assert entry["Terminal"] == "false"
        assert re.search(r"[áéíóúñ°]", entry["Name"] + entry["Comment"]), "Spanish text"
        # Only the field codes the spec allows.
        assert not re.findall(r"%[^fFuUick%]", entry["Exec"])
    assert main["Exec"] == "sernam-desktop gui"
    assert main["Categories"].endswith(";")
    # The bundle type opens through the central-office import, one file at a time.
    assert opener["Exec"] == "sernam-desktop gui --bundle %f"
    assert opener["MimeType"] == "application/x-sernam-bundle;"
    assert opener["NoDisplay"] == "true"
    # Issue 15: a central office receipt opens in the regional editor and is applied.
    assert receipt["Exec"] == "sernam-desktop gui --receipt %f"
    assert receipt["MimeType"] == "application/x-sernam-receipt;"
    assert receipt["NoDisplay"] == "true"


def test_mime_type_xml_matches_desktop_entry():
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(LINUX / "sernam-desktop-mime.xml").getroot()
    types = root.findall("m:mime-type", ns)
    # issue 15 adds the receipt type after the bundle type
    assert [t.get("type") for t in types] == ["application/x-sernam-bundle",
                                              "application/x-sernam-receipt"]
    assert [g.get("pattern") for g in types[0].findall("m:glob", ns)] == ["*.sernam"]
    assert [g.get("pattern") for g in types[1].findall("m:glob", ns)] == ["*.sernam-acuse"]
    assert types[0].find("m:sub-class-of", ns).get("type") == "application/zip"
    langs = {c.get("{http://www.w3.org/XML/1998/namespace}lang") for c in
             types[0].findall("m:comment", ns)}
    assert "es" in langs


# --- icons ------------------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256])
def test_png_icons_have_their_size(size):
    assert png_size(ICONS / f"sernam-desktop-{size}.png") == (size, size)


def test_svg_icon_is_valid_xml():
    root = ET.parse(ICONS / "sernam-desktop.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"


def test_ico_lists_several_sizes_with_valid_images():
    data = (ICONS / "sernam-desktop.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = set()
    for i in range(count):
        w, h, _colors, _r, _planes, bpp, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i: 22 + 16 * i])
        w, h = w or 256, h or 256
        assert w == h and bpp == 32
        blob = data[offset: offset + length]
        assert len(blob) == length
        if blob[:8] == b"\x89PNG\r\n\x1a\n":
            assert struct.unpack(">II", blob[16:24]) == (w, h)
        else:  # BITMAPINFOHEADER: height counts the colour rows and the AND mask
            size, bw, bh = struct.unpack("<Iii", blob[:12])
            assert (size, bw, bh) == (40, w, 2 * h)
            mask_stride = ((w + 31) // 32) * 4
            assert length == 40 + w * h * 4 + mask_stride * h
        sizes.add(w)
    assert {16, 32, 48, 256} <= sizes


@pytest.mark.gui
def test_make_icons_writes_a_readable_ico(tmp_path, qapp):
    """The hand-written ICO container round-trips through Qt's ico reader
    (qapp: pytest-qt's QApplication, so no bare QGuiApplication is left behind)."""
    sys.path.insert(0, str(PACKAGING))
    try:
        import make_icons
    finally:
        sys.path.remove(str(PACKAGING))
    from PySide6.QtGui import QImageReader

    images = {s: make_icons.dib_bytes(make_icons.render(s)) for s in (16, 32)}
    images[256] = make_icons.png_bytes(make_icons.render(256))
    ico = tmp_path / "t.ico"
    ico.write_bytes(make_icons.ico_bytes(images))
    reader = QImageReader(str(ico))
    assert reader.imageCount() == 3
    seen = []
    for i in range(3):
        reader.jumpToImage(i)
        img = reader.read()
        assert not img.isNull(), reader.errorString()
        seen.append(img.width())
        # The badge's teal and the sheet's white are where the SVG puts them.
        centre = img.pixelColor(img.width() * 184 // 256, img.height() * 148 // 256)
        assert centre.green() > centre.red() + 60 and centre.alpha() == 255
        corner = img.pixelColor(0, 0)
        assert corner.alpha() == 0
    assert sorted(seen) == [16, 32, 256]


# --- portable mode ----------------------------------------------------------------------


@pytest.fixture
def frozen_exe(tmp_path, monkeypatch):
    """A fake frozen executable in tmp_path/app, without SERNAM_DESKTOP_HOME."""
    app = tmp_path / "app"
    app.mkdir()
    exe = app / "sernam-desktop.exe"
    exe.write_bytes(b"")
    monkeypatch.delenv("SERNAM_DESKTOP_HOME", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    return app


def test_portable_marker_moves_user_data_beside_the_program(frozen_exe):
    (frozen_exe / "portable.txt").write_text("x", encoding="utf-8")
    assert paths.user_home() == frozen_exe.resolve() / "datos"
    assert paths.default_db_path() == frozen_exe.resolve() / "datos" / "sernam-desktop.sqlite3"
    assert paths.backups_dir().parent == frozen_exe.resolve() / "datos"


def test_frozen_without_marker_uses_platform_folder(frozen_exe):
    assert paths.portable_home() is None
    assert paths.user_home() == Path(paths._DIRS.user_data_dir)


def test_env_home_wins_over_portable_marker(frozen_exe, tmp_path, monkeypatch):
    (frozen_exe / "portable.txt").write_text("x", encoding="utf-8")
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(tmp_path / "otra"))
    assert paths.user_home() == tmp_path / "otra"


def test_marker_ignored_when_not_frozen(tmp_path, monkeypatch):
    monkeypatch.delenv("SERNAM_DESKTOP_HOME", raising=False)
    monkeypatch.delattr(sys, "frozen", raising=False)
    (tmp_path / "portable.txt").write_text("x", encoding="utf-8")
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    assert paths.portable_home() is None
    assert paths.user_home() == Path(paths._DIRS.user_data_dir)


def test_marker_names_agree():
    assert make_portable_zip.MARKER == paths.PORTABLE_MARKER
    assert make_portable_zip.DATA_DIR == paths.PORTABLE_DATA


# --- the portable zip ----------------------------------------------------------------------


@pytest.fixture
def fake_onedir(tmp_path):
    d = tmp_path / "dist" / "sernam-desktop"
    (d / "_internal" / "forms").mkdir(parents=True)
    exe = d / "sernam-desktop"
    exe.write_bytes(b"\x7fELF fake")
    exe.chmod(0o755)
    (d / "_internal" / "forms" / "etapa4.toml").write_text("[form]\n", encoding="utf-8")
    (d / "_internal" / "empty").mkdir()
    # Left by a test run: must not travel.
    (d / "portable.txt").write_text("viejo", encoding="utf-8")
    (d / "datos").mkdir()
    (d / "datos" / "sernam-desktop.sqlite3").write_bytes(b"SQLite format 3\x00secret")
    return d


def test_portable_zip_layout(fake_onedir, tmp_path):
    out = make_portable_zip.make_zip(fake_onedir, tmp_path / "out" / "p.zip", version="9.8.7")
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None
        names = set(zf.namelist())
        top = "sernam-desktop-9.8.7/"
        assert {n.split("/", 1)[0] + "/" for n in names} == {top}
        assert top + "sernam-desktop" in names
        assert top + "_internal/forms/etapa4.toml" in names
        assert top + "_internal/empty/" in names
        assert top + "datos/" in names
        assert not any(n.startswith(top + "datos/") and n != top + "datos/" for n in names)
        marker = zf.read(top + "portable.txt").decode("utf-8")
        assert "datos" in marker and "viejo" not in marker
        assert zf.read(top + "_internal/forms/etapa4.toml") == b"[form]\n"
        mode = zf.getinfo(top + "sernam-desktop").external_attr >> 16
        assert mode & stat.S_IXUSR, "the Linux executable keeps its x bit"
    assert not list((tmp_path / "out").glob("*.tmp")), "no temporary file left"


def test_portable_zip_extracts_to_a_working_portable_layout(fake_onedir, tmp_path, monkeypatch):
    out = make_portable_zip.make_zip(fake_onedir, tmp_path / "p.zip", version="1.0")
    dest = tmp_path / "pendrive"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(dest)
    app = dest / "sernam-desktop-1.0"
    monkeypatch.delenv("SERNAM_DESKTOP_HOME", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "sernam-desktop"))
    assert paths.user_home() == app.resolve() / "datos"
    assert (app / "datos").is_dir()


def test_portable_zip_defaults_to_package_version(fake_onedir, tmp_path):
    out = make_portable_zip.make_zip(fake_onedir, tmp_path / "p.zip")
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist()[0] == f"sernam-desktop-{sernam_desktop.__version__}/"


def test_portable_zip_refuses_bad_input_in_spanish(tmp_path, capsys):
    (tmp_path / "vacia").mkdir()
    assert make_portable_zip.main([str(tmp_path / "vacia"), "-o", str(tmp_path / "p.zip")]) == 2
    err = capsys.readouterr().err
    assert "no parece una compilación" in err and "Traceback" not in err
    assert make_portable_zip.main([str(tmp_path / "nada"), "-o", str(tmp_path / "p.zip")]) == 2
    assert "No existe la carpeta" in capsys.readouterr().err
    assert not (tmp_path / "p.zip").exists()


def test_portable_zip_refuses_output_inside_onedir(fake_onedir):
    with pytest.raises(make_portable_zip.UsageError):
        make_portable_zip.make_zip(fake_onedir, fake_onedir / "p.zip", version="1")
    assert not (fake_onedir / "p.zip").exists()


def test_make_portable_zip_is_qt_free():
    tree = ast.parse((PACKAGING / "make_portable_zip.py").read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)
                for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree)
                 if isinstance(n, ast.ImportFrom) and n.module}
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}


def test_build_scripts_are_executable_shell():
    for script in (PACKAGING / "build_linux.sh", LINUX / "install_user.sh"):
        assert script.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
        assert os.stat(script).st_mode & stat.S_IXUSR, script
        subprocess.run(["bash", "-n", str(script)], check=True)
