"""Desktop app speed as a user waits for it: start-up, first visit of each tab, cell edits.

    .venv/bin/python bench/bench_gui.py [--runs 15] [--edits 100] [--visits 3] [--big-rows 500]

1. Start to interactive (separate processes, offscreen): from launching a fresh
   process until its event loop first runs with the window shown — the app on a
   database holding the 2007 example, against an empty PySide6 QMainWindow.
   Pairs interleaved.  Goal (issue 17): ≤ 2× the empty window.  The package's
   bytecode (.pyc) is compiled first, as an installed app (wheel, PyInstaller)
   has it: with PYTHONDONTWRITEBYTECODE set, every run would otherwise compile
   the source of the modules that lack a .pyc, which no user waits for.
2. First visit of each tab: on a freshly opened window (the real AppController, as
   ``sernam-desktop`` opens a database), the time from switching to the tab until
   the event loop is idle (the screen built, laid out and painted), for the seed
   form and a form with ``--big-rows`` table rows.  ``--visits`` fresh windows.
3. A cell edit in a table tab, as typing commits it: ``model.setData`` on the
   table view of «Actividad 1.1» until the event loop is idle (the command, the undo
   stack, autosave bookkeeping, the backup hook, every screen refreshing from
   ``Changed``, repaint).  Paired and interleaved with the baseline: the same
   ``store.execute(SetCell)`` alone on another file (WAL, synchronous=FULL — when it
   returns the edit is on disk).  SQL statements per edit are counted
   (``set_trace_callback``).  Goals (issue 17): ≤ 16 ms p95 and ≤ 15 statements.
   Then, unpaired, edits that change what is missing (a required cell emptied and
   filled again: problems panel, tab badge and lifecycle label change too).
   The backup made 1.5 s after opening is waited for before the samples and timed
   on its own line, so it never lands inside an edit sample.

"Idle" = a zero-delay timer fired twice in a row with nothing else pending
(posted events, deferred layouts and paint requests are all handled first).
"""

from __future__ import annotations

import argparse
import copy
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import HEADER, interleaved, line, machine, ratio_line, summary  # noqa: E402

# Each child prints how long after its launch its event loop first ran with the
# window shown ("interactive").
_MARK = (
    "import os, sys, time\n"
    "def _mark():\n"
    "    print('INTERACTIVE', time.time() - float(os.environ['BENCH_T0']), flush=True)\n"
)
EMPTY_WINDOW = _MARK + (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "from PySide6.QtCore import QTimer\n"
    "app = QApplication([])\n"
    "w = QMainWindow(); w.resize(1093, 614); w.show()\n"
    "QTimer.singleShot(0, _mark)\n"
    "QTimer.singleShot(0, app.quit)\n"
    "app.exec()\n"
)
# The app's modules first, as ``sernam-desktop`` imports them (PySide6's import hook
# reads the source of every module imported after PySide6: the order matters).  The
# Linux-only display probe of cli/gui_cmd.py (a child process) is not included.
APP = _MARK + (
    "from pathlib import Path\n"
    "from sernam_desktop.ui.app import ensure_app, run\n"
    "from PySide6.QtCore import QTimer\n"
    "ensure_app()\n"
    "QTimer.singleShot(0, _mark)  # runs once run() has shown the window and entered the loop\n"
    "sys.exit(run(Path(sys.argv[1])))\n"
)


def interactive_after(code: str, *args: str, env: dict[str, str]) -> float:
    env = dict(env, BENCH_T0=repr(time.time()))
    res = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                         text=True, timeout=120)
    if res.returncode != 0:
        raise SystemExit(f"el proceso falló ({res.returncode}):\n{res.stderr[-2000:]}")
    marks = [ln.split()[1] for ln in res.stdout.splitlines() if ln.startswith("INTERACTIVE")]
    if not marks:
        raise SystemExit("el proceso no llegó a estar interactivo")
    return float(marks[0])


def make_db(path: Path, rows: int | None = None) -> str:
    """A database holding the 2007 example (or it with ``rows`` table rows)."""
    from sernam_desktop.examples import example_document, load_demo
    from sernam_desktop.forms import default_form
    from sernam_desktop.interchange import import_document
    from sernam_desktop.store import Store

    with Store(path) as s:
        if rows is None:
            return load_demo(s)
        doc = example_document()
        tables = default_form().tables
        for t_index, sec in enumerate(tables):
            seed_rows = doc["data"][sec.key]
            n = rows // len(tables) + (1 if t_index < rows % len(tables) else 0)
            doc["data"][sec.key] = [
                dict(copy.deepcopy(seed_rows[i % len(seed_rows)]), id=str(uuid.uuid4()))
                for i in range(n)]
        import_document(s, doc)
        return doc["instance"]["uuid"]


def wait_idle(app) -> None:  # noqa: ANN001
    from PySide6.QtCore import QEventLoop, QTimer

    for _ in range(2):
        loop = QEventLoop()
        QTimer.singleShot(0, loop.quit)
        loop.exec()


def _quiet_qt(mode, context, message) -> None:  # noqa: ANN001
    if "propagateSizeHints" not in message:  # the offscreen plugin's harmless notice
        sys.stderr.write(message + "\n")


def open_window(db: Path):  # noqa: ANN201
    from PySide6.QtCore import qInstallMessageHandler

    from sernam_desktop.ui.app import AppController, ensure_app
    from sernam_desktop.ui.main_window import MainWindow

    qInstallMessageHandler(_quiet_qt)
    app = ensure_app()
    ctrl = AppController(db)
    if not ctrl.open_db(db):
        raise SystemExit(f"no se pudo abrir {db}")
    win = ctrl.window
    assert isinstance(win, MainWindow), win
    win.resize(1093, 614)
    wait_idle(app)
    return app, ctrl, win


def close_window(app, ctrl, win) -> None:  # noqa: ANN001
    ctrl.shutdown()
    win.closing_for_replacement = True
    win.close()
    win.deleteLater()
    wait_idle(app)


def bench_tab_visits(db: Path, visits: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for _ in range(visits):
        app, ctrl, win = open_window(db)
        for i in range(win.tabs.count()):
            if i == win.tabs.currentIndex():
                continue  # the first tab is built while opening (start-up)
            t0 = time.perf_counter()
            win.tabs.setCurrentIndex(i)
            wait_idle(app)
            out.setdefault(win.tabs.tabText(i).split(" (")[0], []).append(
                (time.perf_counter() - t0) * 1000)
        close_window(app, ctrl, win)
    return out


class SqlCounter:
    def __init__(self, conn) -> None:  # noqa: ANN001
        self.conn, self.n = conn, 0

    def __enter__(self):  # noqa: ANN204
        self.conn.set_trace_callback(self._count)
        return self

    def _count(self, _sql: str) -> None:
        self.n += 1

    def __exit__(self, *exc: object) -> None:
        self.conn.set_trace_callback(None)


def bench_edits(db: Path, baseline_db: Path, baseline_uid: str, n: int
                ) -> tuple[list[float], list[float], list[int], float | None,
                           tuple[list[float], list[int]]]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    from sernam_desktop.commands import SetCell
    from sernam_desktop.store import Store

    app, ctrl, win = open_window(db)
    # the backup made after opening (BACKUP_ON_OPEN_DELAY_MS): wait for it, time one apart
    from sernam_desktop.ui import app as app_module

    deadline = time.monotonic() + app_module.BACKUP_ON_OPEN_DELAY_MS / 1000 + 1.0
    while time.monotonic() < deadline:
        wait_idle(app)
        time.sleep(0.02)
    backup_ms = None
    if ctrl.backups is not None:
        t0 = time.perf_counter()
        ctrl.backups.backup_now()
        backup_ms = (time.perf_counter() - t0) * 1000

    table_key = win.session.form.tables[0].key
    win.show_section(table_key)
    wait_idle(app)
    page = win._pages[table_key]  # noqa: SLF001 - the bench looks inside on purpose
    view = next(v for v in page.findChildren(QTableView) if v.model() is not None
                and v.model().rowCount() > 0)
    model = view.model()
    col = next(c for c in range(model.columnCount())
               if model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable)
    rows = model.rowCount()
    conn = ctrl.store.db.conn

    base_store = Store(baseline_db)
    base_rows = base_store.row_ids(baseline_uid, table_key)
    base_col = win.session.form.tables[0].columns[0].key
    stmts: list[int] = []

    def ours(i: int) -> float:
        idx = model.index(i % rows, col)
        with SqlCounter(conn) as c:
            t0 = time.perf_counter()
            model.setData(idx, f"Texto medido en la edición {i}", Qt.ItemDataRole.EditRole)
            wait_idle(app)
            dt = time.perf_counter() - t0
        stmts.append(c.n)
        return dt * 1000

    def base(i: int) -> float:
        cmd = SetCell(baseline_uid, base_rows[i % len(base_rows)], base_col, f"Texto {i}")
        t0 = time.perf_counter()
        base_store.execute(cmd)
        return (time.perf_counter() - t0) * 1000

    for i in range(3):  # warm-up: first paint of the edited rows, caches
        ours(10_000 + i)
        base(10_000 + i)
    stmts.clear()
    gui, core = interleaved(ours, base, n)

    # Edits that change what is missing: a required cell emptied, then filled
    # (problems panel, tab badge and lifecycle label all change).
    req = next((c for c in range(model.columnCount())
                if win.session.form.tables[0].columns[c].required), None)
    toggles: list[float] = []
    toggle_stmts: list[int] = []
    if req is not None:
        for i in range(n):
            idx = model.index(i // 2 % rows, req)
            with SqlCounter(conn) as c:
                t0 = time.perf_counter()
                model.setData(idx, "" if i % 2 == 0 else f"Dato {i}", Qt.ItemDataRole.EditRole)
                wait_idle(app)
                toggles.append((time.perf_counter() - t0) * 1000)
            toggle_stmts.append(c.n)
    base_store.close()
    close_window(app, ctrl, win)
    return gui, core, stmts, backup_ms, (toggles, toggle_stmts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15, help="start-up pairs (15)")
    ap.add_argument("--edits", type=int, default=100, help="edit pairs per form (100)")
    ap.add_argument("--visits", type=int, default=3, help="fresh windows for tab visits (3)")
    ap.add_argument("--big-rows", type=int, default=500, help="rows of the big form (500)")
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(f"Máquina: {machine()}")
    import compileall

    import sernam_desktop

    compileall.compile_dir(Path(sernam_desktop.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="sernam-bench-") as tmp:
        home = Path(tmp)
        os.environ["SERNAM_DESKTOP_HOME"] = str(home / "home")
        seed_db, big_db = home / "ejemplo.sqlite3", home / "grande.sqlite3"
        make_db(seed_db)
        make_db(big_db, args.big_rows)
        base_db = home / "referencia.sqlite3"
        base_uid = make_db(base_db)

        env = dict(os.environ, QT_QPA_PLATFORM=os.environ["QT_QPA_PLATFORM"],
                   SERNAM_DESKTOP_QUIT_AFTER_MS="0",
                   SERNAM_DESKTOP_HOME=str(home / "home-arranque"))
        interactive_after(EMPTY_WINDOW, env=env)  # warm the OS file cache for both
        interactive_after(APP, str(seed_db), env=env)
        app_s, empty_s = interleaved(lambda _i: interactive_after(APP, str(seed_db), env=env),
                                     lambda _i: interactive_after(EMPTY_WINDOW, env=env),
                                     args.runs)
        print(f"\n1. Arranque hasta interactivo ({args.runs} pares intercalados, procesos nuevos,"
              " offscreen, 1093×614)")
        print(HEADER)
        print(line("ventana QMainWindow vacía (referencia)", empty_s, scale=1000))
        print(line("app con el ejemplo 2007", app_s, scale=1000))
        print(ratio_line(app_s, empty_s, goal=2))

        for name, db in (("formulario 2007", seed_db),
                         (f"formulario de {args.big_rows} filas", big_db)):
            visits = bench_tab_visits(db, args.visits)
            print(f"\n2. Primera visita de cada pestaña — {name} ({args.visits} ventanas nuevas;"
                  " cambio de pestaña hasta el bucle de eventos ocioso)")
            print(HEADER)
            for tab, vals in visits.items():
                print(line(tab, vals))

        for name, db in (("formulario 2007", seed_db),
                         (f"formulario de {args.big_rows} filas", big_db)):
            gui, core, stmts, backup_ms, (toggles, toggle_stmts) = bench_edits(
                db, base_db, base_uid, args.edits)
            print(f"\n3. Edición de una celda en «Actividad 1.1» — {name} ({args.edits} pares"
                  " intercalados; setData hasta el bucle de eventos ocioso)")
            print(HEADER)
            print(line("store.execute(SetCell) (referencia)", core))
            print(line("edición en la ventana", gui))
            print(ratio_line(gui, core))
            s = summary(gui)
            print(f"  meta p95 ≤ 16 ms: {'OK' if s['p95'] <= 16 else 'NO'} ({s['p95']:.1f} ms)")
            st = summary([float(x) for x in stmts])
            print(f"  sentencias SQL por edición: mediana {st['median']:.0f}, máx {st['max']:.0f}"
                  f"   (meta ≤ 15: {'OK' if st['max'] <= 15 else 'NO'})")
            if toggles:
                print(line("celda obligatoria vaciada/llenada", toggles))
                st = summary([float(x) for x in toggle_stmts])
                print(f"  (cambia lo que falta: panel, pestaña, estado) sentencias SQL: mediana "
                      f"{st['median']:.0f}, máx {st['max']:.0f}")
            if backup_ms is not None:
                print(f"  copia de seguridad (la que se hace al abrir; medida aparte): "
                      f"{backup_ms:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
