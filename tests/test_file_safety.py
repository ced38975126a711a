"""Issue 13 (round 2 of "no data lost"): one writer whatever the name, torn and
damaged files, read-only folders, creation, exports that never overwrite the
database, snapshots, durable renames, Spanish messages, nothing left behind.

Real processes and real files throughout: writers are child processes, crashes
are SIGKILL, read-only folders are really read-only (chmod, or chattr +i as root).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sernam_desktop.appfile import DatabaseDamaged
from sernam_desktop.cli.main import main
from sernam_desktop.commands import SetField
from sernam_desktop.errors import StoreError, UserError
from sernam_desktop.lock import lock_path, open_exclusive, open_store_for_editing
from sernam_desktop.store import Store

POSIX = os.name == "posix"
ROOT = POSIX and os.geteuid() == 0


@pytest.fixture
def home(tmp_path, monkeypatch):
    h = tmp_path / "home"
    monkeypatch.setenv("SERNAM_DESKTOP_HOME", str(h))
    return h


def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_spanish_line(err: str) -> bool:
    lines = err.strip().splitlines()
    return len(lines) == 1 and "Traceback" not in err


class Child:
    """A Python child process that prints one line when ready, then waits."""

    def __init__(self, code: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def readline(self, timeout: float = 60) -> str:
        line = self.proc.stdout.readline().strip()
        if not line:
            raise AssertionError(f"child failed: {self.proc.stderr.read()}")
        return line

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(60)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(60)


HOLDER = """
    import sys
    from sernam_desktop.lock import open_store_for_editing
    store, reason = open_store_for_editing({path!r})
    print("ro" if reason else "rw", flush=True)
    sys.stdin.read()
    store.close()
"""


# ------------------------------------------------- 1. one writer, any name --
@pytest.mark.skipif(not hasattr(os, "link"), reason="no hard links")
def test_hard_link_is_never_a_second_writer(demo_file, capsys, home, tmp_path):
    path, uid = demo_file
    child = Child(HOLDER.format(path=str(path)))
    try:
        assert child.readline() == "rw"
        other = tmp_path / "otro-nombre.sqlite3"
        os.link(path, other)
        store, reason = open_store_for_editing(other)
        try:
            assert store.readonly and "enlaces duros" in reason
            with pytest.raises(StoreError):
                store.execute(SetField(uid, "notas", "notas", "segundo escritor"))
        finally:
            store.close()
        code, _, err = cli(capsys, "demo", "--db", other)
        assert code == 2 and "enlaces duros" in err and one_spanish_line(err)
        with pytest.raises(StoreError, match="enlaces duros"):
            open_exclusive(other)
    finally:
        child.stop()
    # even with nobody else editing, a file with two names is not edited through either
    store, reason = open_store_for_editing(path)
    assert store.readonly and "enlaces duros" in reason
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_and_other_spellings_share_the_lock(demo_file, capsys, home, tmp_path,
                                                    monkeypatch):
    path, uid = demo_file
    link = tmp_path / "enlace.sqlite3"
    link.symlink_to(path)
    folder_link = tmp_path / "carpeta-enlace"
    folder_link.symlink_to(path.parent, target_is_directory=True)
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    spellings = [link, folder_link / path.name, Path("..") / path.name,
                 Path(f"../sub/../{path.name}")]
    # the writer comes through the symlink; every other spelling is a second instance
    child = Child(HOLDER.format(path=str(link)))
    try:
        assert child.readline() == "rw"
        for name in [path, *spellings]:
            store, reason = open_store_for_editing(name)
            try:
                assert store.readonly and "ya está abierta" in reason, name
            finally:
                store.close()
            code, _, err = cli(capsys, "demo", "--db", name)
            assert code == 2 and "ya está abierta" in err and one_spanish_line(err)
    finally:
        child.stop()
    assert child.proc.returncode == 0
    # released: the lock file is gone and any spelling writes again
    assert not lock_path(path).exists()
    store, reason = open_store_for_editing(spellings[-1])
    assert reason is None and not store.readonly
    store.close()


# ------------------------------------------- 4. outputs that are the database --
def _outputs(path: Path, tmp_path: Path) -> list[Path]:
    hard = tmp_path / f"alias-duro{path.suffix}"
    os.link(path, hard)
    soft = tmp_path / f"alias{path.suffix}"
    soft.symlink_to(path)
    return [path, Path(str(path) + "-wal"), Path(str(path) + "-shm"), lock_path(path),
            hard, soft, path.parent / ".." / path.parent.name / path.name]


@pytest.mark.parametrize("fmt", ["json", "pdf", "xlsx", "bundle"])
def test_export_onto_the_database_is_refused(tmp_path, capsys, home, fmt):
    from sernam_desktop.examples import load_demo

    # named like the export, so that no suffix rule hides the problem
    path = tmp_path / f"oficina.{'sernam' if fmt == 'bundle' else fmt}"
    with Store(path) as s:
        load_demo(s)
    outputs = _outputs(path, tmp_path)
    before = path.read_bytes()
    for out in outputs:
        code, _, err = cli(capsys, "export", fmt, "--db", path, "-o", out)
        assert code == 2 and one_spanish_line(err), (out, err)
        assert path.read_bytes() == before
    with Store(path, readonly=True) as s:
        assert s.instances()
        assert s.db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_export_onto_a_backup_is_refused(demo_file, capsys, home, tmp_path):
    path, _ = demo_file
    code, out, _ = cli(capsys, "backup", "now", "--db", path)
    assert code == 0
    made = Path(out.strip().split(": ", 1)[1])
    before = made.read_bytes()
    code, _, err = cli(capsys, "export", "json", "--db", path, "-o", made)
    assert code == 2 and one_spanish_line(err)
    assert made.read_bytes() == before
    # and an unrelated database somewhere else is never replaced by an export either
    other = tmp_path / "otra.sqlite3"
    shutil.copyfile(made, other)
    code, _, err = cli(capsys, "export", "json", "--db", path, "-o", other)
    assert code == 2 and "base de datos" in err and one_spanish_line(err)
    assert other.read_bytes() == before


# --------------------------------------------------- 5. damaged and torn files --
def _break_an_index(path: Path) -> None:
    """Make an index disagree with its table: quick_check does not notice, integrity_check does."""
    conn = sqlite3.connect(path)
    name, sql = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='rows' "
        "AND sql IS NOT NULL").fetchone()
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("UPDATE sqlite_master SET sql=? WHERE name=?",
                 [f'CREATE INDEX "{name}" ON "rows" ("id", "position", "section")', name])
    conn.commit()
    conn.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"  # the trap
    assert len(conn.execute("PRAGMA integrity_check").fetchall()) > 1  # many lines
    conn.close()


def test_index_damage_that_quick_check_misses_goes_to_recovery(demo_file, capsys, home):
    path, _ = demo_file
    _break_an_index(path)
    before = path.read_bytes()
    with pytest.raises(DatabaseDamaged) as info:
        open_store_for_editing(path)
    msg = str(info.value)
    assert "dañada" in msg and "\n" not in msg and "problemas" in msg
    with pytest.raises(DatabaseDamaged):
        Store(path, readonly=True)
    code, _, err = cli(capsys, "validate", "--db", path)
    assert code == 2 and "dañada" in err and one_spanish_line(err)
    code, _, err = cli(capsys, "demo", "--db", path)
    assert code == 2 and "dañada" in err and one_spanish_line(err)
    assert path.read_bytes() == before
    assert not lock_path(path).exists()


def test_large_file_gets_full_check_after_an_unclean_shutdown(demo_file, monkeypatch):
    """Above the size limit only quick_check runs, unless the last session was killed."""
    import sernam_desktop.appfile as appfile_mod

    path, uid = demo_file
    child = Child(f"""
        import sys
        from sernam_desktop.lock import open_store_for_editing
        store, reason = open_store_for_editing({str(path)!r})
        print("rw" if reason is None else "ro", flush=True)
        sys.stdin.read()
    """)
    assert child.readline() == "rw"
    child.kill()  # unclean shutdown: the lock file is left behind
    assert lock_path(path).exists()
    _break_an_index(path)  # (closed cleanly: no -wal is left)
    assert not Path(str(path) + "-wal").exists()
    monkeypatch.setattr(appfile_mod, "FULL_CHECK_MAX_BYTES", 0)  # every file counts as large
    Store(path, readonly=True).close()  # quick_check only: the documented limit for large files
    with pytest.raises(DatabaseDamaged):
        open_store_for_editing(path)  # the killed session's lock file triggers integrity_check
    assert not lock_path(path).exists()


def test_backup_copy_while_another_process_edits(demo_file, capsys, home, tmp_path):
    path, uid = demo_file
    writer = Child(f"""
        import sys, threading
        from sernam_desktop.lock import open_store_for_editing
        from sernam_desktop.commands import SetField
        store, reason = open_store_for_editing({str(path)!r})
        # one edit committed before the copies start: each copy then holds an edit
        store.execute(SetField({uid!r}, "notas", "notas", "edición 0 " + "x" * 3000))
        print("rw" if reason is None else "ro", flush=True)
        stop = threading.Event()
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
        i = 1
        store.execute(SetField({uid!r}, "notas", "notas", "edición 1 " + "x" * 3000))
        print("editing", flush=True)  # the copies below are made while edits go on
        while not stop.is_set():
            i += 1
            store.execute(SetField({uid!r}, "notas", "notas", "edición %d " % i + "x" * 3000))
        store.close()
    """)
    try:
        assert writer.readline() == "rw"
        assert writer.readline() == "editing"
        copies = []
        for n in range(4):
            out = tmp_path / f"copia-{n}.sqlite3"
            code, printed, err = cli(capsys, "backup", "copy", "--db", path, "-o", out)
            assert code == 0, err
            assert not Path(str(out) + "-wal").exists()
            copies.append(out)
    finally:
        writer.stop()
    with sqlite3.connect(path) as conn:
        final_log = conn.execute("SELECT id, new FROM changes ORDER BY id").fetchall()
    for out in copies:
        conn = sqlite3.connect(out)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        log = conn.execute("SELECT id, new FROM changes ORDER BY id").fetchall()
        assert log == final_log[:len(log)]  # an acknowledged state, never a torn one
        value = conn.execute("SELECT value FROM field_values WHERE section='notas' "
                             "AND field='notas'").fetchone()
        conn.close()
        last = [new for _, new in log if new is not None][-1]
        assert value[0] == last
    # never onto the database itself or an existing file
    for bad in (path, Path(str(path) + "-wal"), copies[0]):
        code, _, err = cli(capsys, "backup", "copy", "--db", path, "-o", bad)
        assert code == 2 and one_spanish_line(err)
    assert not list(tmp_path.glob(".*copiando*"))


def test_save_copy_menu(qtbot, demo_file, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from sernam_desktop.ui.main_window import MainWindow
    from sernam_desktop.ui.session import FormSession

    path, uid = demo_file
    store = Store(path)
    w = MainWindow(FormSession(store, uid))
    qtbot.addWidget(w)
    try:
        store.execute(SetField(uid, "notas", "notas", "recién escrito"))
        out = tmp_path / "pendrive" / "copia"
        out.parent.mkdir()
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
        action = w.findChild(type(w.quit_action), "saveCopy")
        assert action is not None and action.text() == "Guardar copia…"
        assert action in w.menuBar().actions()[0].menu().actions()
        action.trigger()
        made = out.with_name("copia.sqlite3")
        with Store(made, readonly=True) as copy:
            assert copy.field_value(uid, "notas", "notas") == "recién escrito"
    finally:
        w.close()
        store.close()


# ------------------------------------------ 6. read-only folder after a crash --
def _crash_with_edits_in_wal(path: Path, uid: str, n: int) -> list[str]:
    child = Child(f"""
        from sernam_desktop.lock import open_store_for_editing
        from sernam_desktop.commands import SetField
        store, reason = open_store_for_editing({str(path)!r})
        store.db.conn.execute("PRAGMA wal_autocheckpoint=0")  # keep every edit in the -wal
        for i in range({n}):
            store.execute(SetField({uid!r}, "notas", "notas", "confirmado %d" % i))
        print("done", flush=True)
        import time; time.sleep(120)
    """)
    assert child.readline() == "done"
    child.kill()
    wal = Path(str(path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    Path(str(path) + "-shm").unlink(missing_ok=True)
    lock_path(path).unlink(missing_ok=True)
    return [f"confirmado {i}" for i in range(n)]


@pytest.fixture
def readonly_folder(tmp_path):
    """Make a folder really read-only: chmod for a user, chattr +i for root."""
    done = []

    def apply(folder: Path) -> None:
        if ROOT:
            if shutil.which("chattr") is None or subprocess.run(
                    ["chattr", "+i", folder], capture_output=True).returncode != 0:
                pytest.skip("running as root without chattr: cannot make a folder read-only")
        else:
            os.chmod(folder, 0o555)
        done.append(folder)

    yield apply
    for f in done:
        if ROOT:
            subprocess.run(["chattr", "-i", f], check=True)
        else:
            os.chmod(f, 0o755)


def test_readonly_folder_after_crash_sees_every_committed_edit(tmp_path, capsys, home,
                                                               readonly_folder):
    from sernam_desktop.examples import load_demo

    folder = tmp_path / "compartida"
    folder.mkdir()
    path = folder / "oficina.sqlite3"
    with Store(path) as s:
        uid = load_demo(s)
    values = _crash_with_edits_in_wal(path, uid, 25)
    listing = sorted(p.name for p in folder.iterdir())
    readonly_folder(folder)
    with Store(path, readonly=True) as s:
        assert s.field_value(uid, "notas", "notas") == values[-1]
        assert len([c for c in s.changes() if c["command"] == "SetField"]) >= 25
    out = tmp_path / "salida.json"
    code, _, err = cli(capsys, "export", "json", "--db", path, "-o", out)
    assert code == 0, err
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["data"]["notas"]["notas"] == values[-1]
    bundle_out = tmp_path / "envio.sernam"
    code, _, err = cli(capsys, "export", "bundle", "--db", path, "-o", bundle_out)
    assert code == 0, err
    from sernam_desktop.bundle import read_bundle

    assert read_bundle(bundle_out).doc["data"]["notas"]["notas"] == values[-1]
    assert sorted(p.name for p in folder.iterdir()) == listing  # nothing written there


# ------------------------------------------------------- 8. kill during creation --
CREATE_AND_DIE = """
    import os, signal, sqlite3
    from sernam_desktop.store import Store
    n = {n}
    seen = [0]
    original = Store._open_connection
    def traced(self, p):
        conn = original(self, p)
        def hook(sql):
            seen[0] += 1
            if seen[0] == n:
                os.kill(os.getpid(), signal.SIGKILL)
        conn.set_trace_callback(hook)
        return conn
    Store._open_connection = traced
    Store({path!r}).close()
    print("finished", flush=True)
"""


def test_kill_at_every_step_of_creation_never_leaves_a_refused_file(tmp_path):
    statements = 0
    probe = tmp_path / "probe.sqlite3"
    r = subprocess.run([sys.executable, "-c", textwrap.dedent(CREATE_AND_DIE.format(
        n=10**9, path=str(probe)))], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    # count the statements of one creation
    conn_count = subprocess.run([sys.executable, "-c", textwrap.dedent("""
        import sys
        from sernam_desktop.store import Store
        count = [0]
        original = Store._open_connection
        def traced(self, p):
            conn = original(self, p)
            conn.set_trace_callback(lambda s: count.__setitem__(0, count[0] + 1))
            return conn
        Store._open_connection = traced
        Store(sys.argv[1]).close()
        print(count[0])
    """), str(tmp_path / "count.sqlite3")], capture_output=True, text=True, timeout=120)
    statements = int(conn_count.stdout.strip())
    assert statements > 10
    killed = 0
    for n in sorted(set(range(1, statements + 1, max(1, statements // 24))) | {statements}):
        folder = tmp_path / f"t{n}"
        folder.mkdir()
        path = folder / "nueva.sqlite3"
        r = subprocess.run([sys.executable, "-c", textwrap.dedent(CREATE_AND_DIE.format(
            n=n, path=str(path)))], capture_output=True, text=True, timeout=120)
        killed += r.returncode == -signal.SIGKILL
        with Store(path) as s:  # never "no es una base de datos de sernam-desktop"
            assert s.instances() == []
        assert sorted(p.name for p in folder.iterdir()) == ["nueva.sqlite3"], n
    assert killed >= 10


# -------------------------------------------------- 10. durable rename (fsync) --
@pytest.mark.skipif(shutil.which("strace") is None or not POSIX, reason="needs strace")
def test_write_atomic_fsyncs_the_folder_after_the_rename(tmp_path):
    out = tmp_path / "salida" / "envio.json"
    out.parent.mkdir()
    trace = tmp_path / "trace.txt"
    code = (f"from sernam_desktop.files import write_atomic; "
            f"write_atomic({str(out)!r}, 'hola')")
    r = subprocess.run(["strace", "-f", "-o", str(trace), "-e",
                        "trace=openat,open,rename,renameat,renameat2,fsync,fdatasync,close",
                        sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    if r.returncode != 0 and "ptrace" in r.stderr:
        pytest.skip("ptrace not permitted here")
    assert r.returncode == 0, r.stderr
    lines = trace.read_text().splitlines()
    renames = [i for i, ln in enumerate(lines) if "rename" in ln and str(out) in ln]
    assert renames, "write_atomic did not rename"
    after = lines[renames[-1]:]
    import re

    dir_fd = None
    for ln in after:
        m = re.search(r'open(?:at)?\(.*"' + re.escape(str(out.parent)) + r'".*O_DIRECTORY.*= (\d+)', ln)
        if m:
            dir_fd = m.group(1)
        if dir_fd and re.search(rf"fsync\({dir_fd}\)\s+= 0", ln):
            break
    else:
        raise AssertionError("no fsync of the folder after the rename:\n" + "\n".join(after[:20]))


# --------------------------------------------- 11. exports read one snapshot --
def test_export_json_while_another_process_edits(demo_file, capsys, home, tmp_path):
    path, uid = demo_file
    with Store(path) as s:
        table = next(sec for sec in s.form_of(uid).sections if sec.is_table)
        key = table.key
        col = next(c.key for c in table.columns if not c.choices)
    writer = Child(f"""
        import sys, threading
        from sernam_desktop.lock import open_store_for_editing
        from sernam_desktop.commands import InsertRow, DeleteRow
        store, reason = open_store_for_editing({str(path)!r})
        print("rw" if reason is None else "ro", flush=True)
        stop = threading.Event()
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
        while not stop.is_set():
            cmds = [InsertRow({uid!r}, {key!r}, 0, values={{{col!r}: "fila nueva"}})
                    for _ in range(3)]
            for c in cmds:
                store.execute(c)
            for c in cmds:
                store.execute(DeleteRow({uid!r}, c.row_id))
        store.close()
    """)
    try:
        assert writer.readline() == "rw"
        out = tmp_path / "f.json"
        for _ in range(150):
            code, _, err = cli(capsys, "export", "json", "--db", path, "-o", out)
            assert code == 0 and err == "", err
            doc = json.loads(out.read_text(encoding="utf-8"))
            ids = [r["id"] for r in doc["data"][key]]
            assert len(ids) == len(set(ids))
    finally:
        writer.stop()
    assert writer.proc.returncode == 0, writer.proc.stderr.read()


# ------------------------------------------------------------ 16. messages --
@pytest.fixture
def tiny_disk(tmp_path):
    """A real, nearly full file system: a small tmpfs (needs root)."""
    if not ROOT or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    mnt = tmp_path / "disco"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", mnt],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount tmpfs here")
    yield mnt
    subprocess.run(["umount", "-l", mnt], check=False)


def _fill(folder: Path, leave: int = 0) -> None:
    """Fill the file system to the last byte (unbuffered writes), then free ``leave`` bytes."""
    fd = os.open(folder / "relleno", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
        if leave:
            os.ftruncate(fd, max(0, os.fstat(fd).st_size - leave))
    finally:
        os.close(fd)


def test_no_space_left_is_spanish(tiny_disk, demo_file, capsys, home):
    path, _ = demo_file
    _fill(tiny_disk)
    code, _, err = cli(capsys, "export", "json", "--db", path, "-o", tiny_disk / "f.json")
    assert code == 2 and one_spanish_line(err)
    assert "no queda espacio en el disco" in err and "No space" not in err
    assert not [p for p in tiny_disk.iterdir() if p.name != "relleno"]


def test_central_disk_full_is_spanish(tiny_disk, demo_file, capsys, home, tmp_path):
    path, uid = demo_file
    bundles = tmp_path / "envios"
    bundles.mkdir()
    from sernam_desktop.bundle import write_bundle
    from sernam_desktop.commands import SetState

    big = "texto largo " * 4000
    with Store(path) as s:
        for i in range(6):
            s.execute(SetField(uid, "notas", "notas", f"{i} {big}"))
            s.execute(SetState(uid, "enviado", revision=i + 2))
            write_bundle(s, uid, bundles / f"e{i}.sernam", pdf_bytes=b"%PDF-1.4 x")
    central = tiny_disk / "central.sqlite3"
    from sernam_desktop.central import open_central

    open_central(central).close()
    _fill(tiny_disk, leave=96 * 1024)  # room to open, not to store every bundle
    code, out, err = cli(capsys, "central", "merge", "--central", central, bundles)
    assert code == 2, (out, err)
    assert one_spanish_line(err) and "espacio" in err and "disk is full" not in err


def test_os_reasons_are_spanish():
    import errno

    from sernam_desktop.fileid import os_reason

    for e in (errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EIO):
        text = os_reason(OSError(e, os.strerror(e)))
        assert text and text == text.lower() and os.strerror(e).lower() not in text


# ------------------------------------------------- 17. nothing left behind --
def test_refused_writes_leave_nothing_behind(tmp_path, capsys, home, demo_file):
    folder = tmp_path / "cosas"
    folder.mkdir()
    foreign = folder / "notas.sqlite3"
    foreign.write_text("no soy una base de datos")
    sub = folder / "carpeta.sqlite3"
    sub.mkdir()
    targets = [foreign, sub]
    if hasattr(os, "mkfifo"):
        fifo = folder / "tubo.sqlite3"
        os.mkfifo(fifo)
        targets.append(fifo)
    listing = sorted(p.name for p in folder.iterdir())
    for t in targets:
        for argv in (["demo", "--db", t], ["new", "--db", t, "--service", "S", "--region", "13",
                                           "--year", "2026"]):
            started = time.monotonic()
            code, _, err = cli(capsys, *argv)
            assert code == 2 and one_spanish_line(err), (t, err)
            assert time.monotonic() - started < 60  # never hangs on a FIFO
            assert sorted(p.name for p in folder.iterdir()) == listing, t
    # refused because another process is editing: its lock stays, nothing else appears
    path, _ = demo_file
    child = Child(HOLDER.format(path=str(path)))
    try:
        assert child.readline() == "rw"
        names = sorted(p.name for p in path.parent.iterdir())
        code, _, err = cli(capsys, "demo", "--db", path)
        assert code == 2 and one_spanish_line(err)
        assert sorted(p.name for p in path.parent.iterdir()) == names
    finally:
        child.stop()
    assert not lock_path(path).exists()


def test_character_device_is_refused_without_side_files(capsys, home):
    dev = Path("/dev/null")
    if not dev.exists() or not ROOT:
        pytest.skip("needs /dev/null and root (a user cannot write in /dev anyway)")
    code, _, err = cli(capsys, "demo", "--db", dev)
    assert code == 2 and one_spanish_line(err)
    assert not Path("/dev/null.lock").exists() and not Path("/dev/null-journal").exists()


def test_user_error_message_for_foreign_output(tmp_path):
    from sernam_desktop.fileid import refuse_output_onto_database

    db = tmp_path / "a.sqlite3"
    db.write_bytes(b"")
    with pytest.raises(UserError, match="elija otro nombre"):
        refuse_output_onto_database(tmp_path / "." / "a.sqlite3", db)
    refuse_output_onto_database(tmp_path / "b.json", db)


AS_USER = """
    import json, os, pwd, shutil, sqlite3, sys, tempfile
    import sernam_desktop.cli.core_cmds, sernam_desktop.cli.export_cmds  # everything first:
    import sernam_desktop.interchange, sernam_desktop.fileid, sernam_desktop.lock  # the user
    import sernam_desktop.store, sernam_desktop.backup  # cannot read root's Python (handlers
    from sernam_desktop.cli.main import build_parser, main  # import their code when run)
    import hashlib, tomllib, uuid, orjson, sqlite_utils  # imported where used (issue 17)
    build_parser()
    user = pwd.getpwnam("nobody")
    os.setgroups([])
    os.setgid(user.pw_gid)
    os.setuid(user.pw_uid)
    code = main(["export", "json", "--db", sys.argv[1], "-o", sys.argv[2]])
    sys.exit(code)
"""


@pytest.mark.skipif(not ROOT, reason="needs root to run a child as an ordinary user")
def test_readonly_folder_as_an_ordinary_user(tmp_path):
    """SQLITE_READONLY_DIRECTORY (1544): what a normal user really gets for a WAL
    file in a folder she cannot write to; root never sees it."""
    import pwd
    import tempfile

    from sernam_desktop.examples import load_demo

    try:
        pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("no 'nobody' user")
    folder = Path(tempfile.mkdtemp(prefix="sernam-ro-"))
    outdir = Path(tempfile.mkdtemp(prefix="sernam-out-"))
    try:
        os.chmod(folder, 0o755)  # the user may read, not write
        os.chmod(outdir, 0o777)
        path = folder / "oficina.sqlite3"
        with Store(path) as s:
            uid = load_demo(s)
        values = _crash_with_edits_in_wal(path, uid, 12)
        for p in folder.iterdir():
            os.chmod(p, 0o644)
        listing = sorted(p.name for p in folder.iterdir())
        out = outdir / "salida.json"
        r = subprocess.run([sys.executable, "-c", textwrap.dedent(AS_USER), str(path), str(out)],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert doc["data"]["notas"]["notas"] == values[-1]
        assert sorted(p.name for p in folder.iterdir()) == listing
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(outdir, ignore_errors=True)


def test_gui_export_onto_the_open_database_is_refused(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from sernam_desktop.examples import load_demo
    from sernam_desktop.ui.main_window import MainWindow
    from sernam_desktop.ui.session import FormSession

    path = tmp_path / "oficina.json"  # named like the export: no suffix rule helps
    store = Store(path)
    uid = load_demo(store)
    w = MainWindow(FormSession(store, uid))
    qtbot.addWidget(w)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    try:
        alias = tmp_path / "alias.json"
        alias.symlink_to(path)
        # (a "-wal" or ".lock" name gets ".json" added by the dialog: another file)
        for target in (path, alias, tmp_path / "x" / ".." / path.name):
            monkeypatch.setattr(QFileDialog, "getSaveFileName",
                                lambda *a, t=target, **k: (str(t), ""))
            shown.clear()
            w.export_json()
            assert shown and "elija otro nombre" in shown[0], target
        assert store.db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.instances()
    finally:
        w.close()
        store.close()
