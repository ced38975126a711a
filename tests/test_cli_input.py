"""Bad input and hostile consoles on the command line (issue 13 §13 §14 §15, issue 11 §7).

Every test runs the real command in a child process: one Spanish line on
stderr, exit 2, nothing written, no traceback — and output never crashes on a
Windows code page.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import jsonschema
import pytest
from test_bundle_factory import with_value

from sernam_desktop.commands import CreateInstance
from sernam_desktop.errors import UserError
from sernam_desktop.forms import default_form
from sernam_desktop.interchange import (
    export_instance,
    import_document,
    json_schema,
)
from sernam_desktop.schema_check import schema_problems
from sernam_desktop.store import Store

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120  # generous: a loaded machine; the point is "does not hang for ever"


def cli(*argv, env_extra=None, cwd=None, timeout=TIMEOUT):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "sernam_desktop", *map(str, argv)],
                          capture_output=True, env=env, cwd=cwd, timeout=timeout)


def one_spanish_line(r) -> str:
    err = r.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def home(tmp_path, monkeypatch):
    h = tmp_path / "home"
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(h))
    return h


@pytest.fixture
def good_doc(tmp_path):
    with Store(None) as s:
        cmd = CreateInstance(default_form(), "SernamEG", "05", 2026)
        s.execute(cmd)
        return json.loads(json.dumps(export_instance(s, cmd.instance_id)))


def _db_snapshot(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir())


# ------------------------------------------------------------------ §13 --
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_import_json_of_a_fifo_is_refused_without_hanging(tmp_path, home):
    fifo = tmp_path / "formulario.json"
    os.mkfifo(fifo)
    db = tmp_path / "o.sqlite3"
    r = cli("import", "json", fifo, "--db", db)
    assert r.returncode == 2
    line = one_spanish_line(r)
    assert "no es un archivo común" in line
    assert not db.exists()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_import_json_of_dev_zero_is_refused_without_growing_memory(tmp_path, home):
    db = tmp_path / "o.sqlite3"
    r = cli("import", "json", "/dev/zero", "--db", db)
    assert r.returncode == 2
    assert "no es un archivo común" in one_spanish_line(r)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_central_merge_of_a_fifo_or_dev_zero_is_refused(tmp_path, home, special):
    if special == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("FIFOs are POSIX")
        special = tmp_path / "region.sernam"
        os.mkfifo(special)
    elif not os.path.exists(special):
        pytest.skip("needs /dev/zero")
    central = tmp_path / "central.sqlite3"
    r = cli("central", "merge", "--central", central, special)
    assert r.returncode == 2, r.stderr
    assert "no es un archivo común" in one_spanish_line(r)
    assert not central.exists()  # nothing written


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_reached_by_the_merge_itself_is_rejected_not_read(tmp_path):
    """Below the CLI's own check (e.g. the GUI): the merge rejects it and goes on."""
    from sernam_desktop.central import REJECTED, CentralDB

    fifo = tmp_path / "region.sernam"
    os.mkfifo(fifo)
    with CentralDB(None) as c:
        (o,) = c.merge_paths([fifo])
    assert o.kind == REJECTED and "no es un archivo común" in o.detail


def test_a_link_to_a_fifo_is_refused_too(tmp_path, home):
    if not hasattr(os, "mkfifo"):
        pytest.skip("FIFOs are POSIX")
    fifo = tmp_path / "tubo"
    os.mkfifo(fifo)
    link = tmp_path / "formulario.json"
    link.symlink_to(fifo)
    r = cli("import", "json", link, "--db", tmp_path / "o.sqlite3")
    assert r.returncode == 2 and "no es un archivo común" in one_spanish_line(r)


def test_read_regular_file_refuses_a_fifo_swapped_in_after_the_check(tmp_path):
    """A writer keeps the FIFO open: even then the reader neither blocks nor reads it."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("FIFOs are POSIX")
    from sernam_desktop.files import read_regular_file

    fifo = tmp_path / "f.json"
    os.mkfifo(fifo)
    stop = threading.Event()

    def writer():
        fd = os.open(fifo, os.O_RDWR)  # keeps a writer end open without blocking
        stop.wait(60)
        os.close(fd)

    t = threading.Thread(target=writer, daemon=True)
    t.start()
    try:
        with pytest.raises(UserError, match="no es un archivo común"):
            read_regular_file(fifo, 1000)
    finally:
        stop.set()
        t.join(60)


# ------------------------------------------------------------------ §14 --
@pytest.mark.parametrize("mutate, expect", [
    (lambda d: d["instance"].__setitem__("revision", 424242), "número demasiado largo"),
    (lambda d: d["instance"].__setitem__("uuid", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"),
     "no es un UUID"),
    (lambda d: d.__setitem__("format_version", True), "versión de formato"),
    (lambda d: d["form"].__setitem__("version", True), "no indica la definición"),
    (lambda d: d["data"]["encabezado"].__setitem__("servicio", "Servicio \ud800 roto"),
     "sustituto"),
    (lambda d: d["instance"].__setitem__("created_at", "\udfff"), "sustituto"),
    (lambda d: d["data"]["encabezado"].__setitem__("anio", "2026\n"), "no son válidos"),
    (lambda d: d["data"]["encabezado"].__setitem__("anio", "٢٠٢٦"), "no son válidos"),
])
def test_import_json_refuses_what_the_schema_refuses(tmp_path, home, good_doc, mutate, expect):
    doc = copy.deepcopy(good_doc)
    mutate(doc)
    src = tmp_path / "f.json"
    text = json.dumps(doc)  # ensure_ascii: a lone surrogate is written as \ud800
    text = text.replace('"revision": 424242', '"revision": ' + "9" * 5000)  # 5,000 digits
    src.write_text(text, encoding="utf-8")
    db = tmp_path / "o.sqlite3"
    with Store(db) as s:
        before = s.instances()
    r = cli("import", "json", src, "--db", db)
    assert r.returncode == 2, (r.stdout, r.stderr)
    line = one_spanish_line(r)
    assert expect in line, line
    with Store(db) as s:
        assert s.instances() == before


def test_the_good_document_still_imports(tmp_path, home, good_doc):
    src = tmp_path / "f.json"
    src.write_text(json.dumps(good_doc), encoding="utf-8")
    r = cli("import", "json", src, "--db", tmp_path / "o.sqlite3")
    assert r.returncode == 0, r.stderr


def _variants(doc):
    """Documents near the good one, each off in one way the schema decides."""
    def put(path, value):
        return with_value(doc, path, value)

    enc = ("data", "encabezado")
    first_table = next(k for k, v in doc["data"].items() if isinstance(v, list))
    yield doc
    yield put(("format_version",), True)
    yield put(("format_version",), 1.0)
    yield put(("format_version",), 2)
    yield put(("form", "version"), True)
    yield put(("instance", "uuid"), "g" * 8 + "-0000-0000-0000-" + "0" * 12)
    yield put(("instance", "uuid"), "-" * 36)
    yield put(("instance", "revision"), 0)
    yield put(("instance", "revision"), True)
    yield put(("instance", "revision"), 1.0)
    yield put(("instance", "revision"), "1")
    yield put(("instance", "state"), "otro")
    yield put(("instance", "sent_at"), 5)
    yield put((*enc, "anio"), "20x6")
    yield put((*enc, "anio"), 2026)
    yield put((*enc, "region"), "99")
    yield put((*enc, "servicio"), "")
    yield put((*enc, "servicio"), "a" * 100_000)
    yield put((*enc, "desconocido"), "x")
    yield put(("data", first_table), [{"id": "no-hex!!"}])
    yield put(("data", first_table), [{"id": "0123abcd", "columna_falsa": "x"}])
    yield put(("data", first_table), {"no": "lista"})
    yield put(("extra",), 1)


def test_hand_written_checker_agrees_with_jsonschema(good_doc):
    """schema_check is the run-time validator; jsonschema (a test dependency) is the referee."""
    schema = json_schema(default_form())
    referee = jsonschema.Draft202012Validator(schema)
    seen = set()
    for doc in _variants(good_doc):
        ours = not schema_problems(schema, doc)
        theirs = not list(referee.iter_errors(doc))
        if isinstance(doc["instance"].get("revision"), float):
            # JSON Schema calls 1.0 an integer; ours does not, on purpose (stored as INTEGER).
            assert theirs and not ours
            continue
        assert ours == theirs, doc
        seen.add(ours)
    assert seen == {True, False}


def test_checker_is_stricter_than_python_re_on_anchors_and_digits():
    schema = {"type": "string", "pattern": "^(\\d{4})?$"}
    assert schema_problems(schema, "2026") == []
    assert schema_problems(schema, "2026\n")  # Python's $ would accept it
    assert schema_problems(schema, "٢٠٢٦")  # Python's \d would accept Arabic-Indic digits


def test_import_document_refuses_a_lone_surrogate_from_any_caller(good_doc):
    doc = copy.deepcopy(good_doc)
    doc["data"]["encabezado"]["servicio"] = "x\ud800"
    with Store(None) as s, pytest.raises(UserError, match="sustituto"):
        import_document(s, doc)


# ------------------------------------------------------------------ §15 --
SERVICE = "Servicio 🌸 مكتب — Ñuble"


def _bundles(tmp_path, n):
    from sernam_desktop.bundle import write_bundle

    out = tmp_path / "envios"
    out.mkdir()
    for i, region in enumerate(["05", "08", "13"][:n]):
        with Store(tmp_path / f"r{i}.sqlite3") as s:
            cmd = CreateInstance(default_form(), f"{SERVICE} {i}", region, 2026)
            s.execute(cmd)
            write_bundle(s, cmd.instance_id, out)
    return out


@pytest.mark.parametrize("encoding", ["cp1252", "cp850", "ascii"])
def test_list_and_validate_never_crash_on_the_console_code_page(tmp_path, home, encoding):
    db = tmp_path / "o.sqlite3"
    with Store(db) as s:
        s.execute(CreateInstance(default_form(), SERVICE, "05", 2026))
    for argv in (["list", "--db", db], ["validate", "--db", db]):
        r = cli(*argv, env_extra={"PYTHONIOENCODING": encoding})
        assert r.returncode in (0, 1), r.stderr
        assert "Traceback" not in r.stderr.decode(encoding, "replace")
        out = r.stdout.decode(encoding)
        assert "Servicio" in out and "?" in out  # replaced, not dropped nor crashed


def test_errors_never_crash_on_the_console_code_page(tmp_path, home):
    r = cli("import", "json", tmp_path / "no — existe 🌸.json", "--db", tmp_path / "o.sqlite3",
            env_extra={"PYTHONIOENCODING": "cp850"})
    assert r.returncode == 2
    err = r.stderr.decode("cp850")
    assert "Traceback" not in err and "No existe el archivo" in err


def test_central_merge_goes_past_its_first_batch_under_cp850(tmp_path, home):
    """Batches of one bundle: every batch prints, none of them crashes the merge."""
    folder = _bundles(tmp_path, 3)
    central = tmp_path / "central.sqlite3"
    script = (
        "import sys, sernam_desktop.central as c; c.BATCH = 1\n"
        "from sernam_desktop.cli.main import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = dict(os.environ, PYTHONIOENCODING="cp850",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    r = subprocess.run([sys.executable, "-c", script, "central", "merge", "--central",
                        str(central), str(folder)], capture_output=True, env=env,
                       timeout=TIMEOUT)
    err = r.stderr.decode("cp850", "replace")
    assert r.returncode == 0, err
    assert "Traceback" not in err
    out = r.stdout.decode("cp850")
    assert out.count(".sernam:") == 3 and "Total: 3" in out
    from sernam_desktop.central import CentralDB

    with CentralDB(central, readonly=True) as c:
        assert c.db.execute("SELECT count(*) FROM submissions").fetchone()[0] == 3
