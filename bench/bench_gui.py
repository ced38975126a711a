"""Desktop app speed: start-up vs an empty PySide6 window, and edit-to-durable latency.

    .venv/bin/python bench/bench_gui.py [--runs 5] [--edits 200]

1. Start-to-interactive: time from launching a fresh process until its event
   loop first runs with the main window shown (app opened on a database
   holding the 2007 example), against the same for an empty PySide6 window;
   the whole process (including exit, SERNAM_DESKTOP_QUIT_AFTER_MS=0) is shown
   too.  Median of several runs, offscreen.  Target: ≤ 3× the empty window.
2. Edit-to-durable: SetCell through ``store.execute`` on a file database
   (WAL, synchronous=FULL: when it returns the edit is on disk); and the same
   edit through the window (command + undo stack + every screen refreshing
   from ``Changed``).  Median and p95.  Target: ≤ 20 ms median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Each child prints how long after its launch its event loop first ran with the
# window shown ("interactive"); the parent also times the whole process.
_MARK = (
    "import os, sys, time\n"
    "def _mark():\n"
    "    print('INTERACTIVE', time.time() - float(os.environ['BENCH_T0']), flush=True)\n"
)
EMPTY_WINDOW = _MARK + (
    "from PySide6.QtWidgets import QApplication, QWidget\n"
    "from PySide6.QtCore import QTimer\n"
    "app = QApplication([])\n"
    "w = QWidget(); w.resize(1200, 800); w.show()\n"
    "QTimer.singleShot(0, _mark)\n"
    "QTimer.singleShot(0, app.quit)\n"
    "app.exec()\n"
)
APP = _MARK + (
    "from pathlib import Path\n"
    "from PySide6.QtCore import QTimer\n"
    "from sernam_desktop.ui.app import ensure_app, run\n"
    "ensure_app()\n"
    "QTimer.singleShot(0, _mark)  # runs once run() has shown the window and entered the loop\n"
    "sys.exit(run(Path(sys.argv[1])))\n"
)


def timed_process(code: str, *args: str, env: dict[str, str]) -> tuple[float, float]:
    """(seconds until interactive, seconds for the whole process)."""
    env = dict(env, BENCH_T0=repr(time.time()))
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                         text=True, timeout=120)
    dt = time.perf_counter() - t0
    if res.returncode != 0:
        raise SystemExit(f"el proceso falló ({res.returncode}):\n{res.stderr[-2000:]}")
    marks = [line.split()[1] for line in res.stdout.splitlines() if line.startswith("INTERACTIVE")]
    if not marks:
        raise SystemExit("el proceso no llegó a estar interactivo")
    return float(marks[0]), dt


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    k = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
    return s[k]


def bench_startup(runs: int, home: Path) -> tuple[list[tuple[float, float]],
                                                   list[tuple[float, float]]]:
    from sernam_desktop.examples import load_demo
    from sernam_desktop.store import Store

    db = home / "ejemplo.sqlite3"
    with Store(db) as s:
        load_demo(s)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               SERNAM_DESKTOP_HOME=str(home), SERNAM_DESKTOP_QUIT_AFTER_MS="0")
    # warm the OS file cache once for both
    timed_process(EMPTY_WINDOW, env=env)
    timed_process(APP, str(db), env=env)
    empty, app = [], []
    for _ in range(runs):  # interleaved so both see the same machine load
        empty.append(timed_process(EMPTY_WINDOW, env=env))
        app.append(timed_process(APP, str(db), env=env))
    return empty, app


def bench_edits(n: int, home: Path) -> tuple[list[float], list[float]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from sernam_desktop.commands import SetCell
    from sernam_desktop.examples import load_demo
    from sernam_desktop.store import Store
    from sernam_desktop.ui.main_window import MainWindow
    from sernam_desktop.ui.session import FormSession

    db = home / "edicion.sqlite3"
    store = Store(db)
    uid = load_demo(store)
    rows = store.row_ids(uid, "actividad_1_1")
    core = []
    for i in range(n):
        cmd = SetCell(uid, rows[i % len(rows)], "resultado", f"Resultado medido {i}")
        t0 = time.perf_counter()
        store.execute(cmd)
        core.append((time.perf_counter() - t0) * 1000)

    app = QApplication.instance() or QApplication([])
    session = FormSession(store, uid)
    win = MainWindow(session)
    win.resize(1200, 800)
    win.show()
    app.processEvents()
    gui = []
    for i in range(n):
        t0 = time.perf_counter()
        session.set_cell(rows[i % len(rows)], "indicador", f"Meta {i} %")
        gui.append((time.perf_counter() - t0) * 1000)
    win.close()
    store.close()
    return core, gui


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--edits", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="sernam-bench-") as tmp:
        home = Path(tmp)
        os.environ["SERNAM_DESKTOP_HOME"] = str(home)
        empty, app = bench_startup(args.runs, home)
        core, gui = bench_edits(args.edits, home)
    print(f"Arranque (mediana de {args.runs} procesos, offscreen)")
    print(f"  {'':<34}{'ventana PySide6 vacía':>22}{'app con el ejemplo 2007':>25}{'razón':>8}")
    for i, name in ((0, "hasta interactivo"), (1, "proceso completo (con cierre)")):
        me = statistics.median(x[i] for x in empty)
        ma = statistics.median(x[i] for x in app)
        goal = f"   (meta ≤ 3×: {'OK' if ma / me <= 3 else 'NO'})" if i == 0 else ""
        print(f"  {name:<34}{me * 1000:>19.0f} ms{ma * 1000:>22.0f} ms{ma / me:>7.2f}×{goal}")
    print(f"  hasta interactivo, todas: vacía {', '.join(f'{x[0] * 1000:.0f}' for x in empty)} ms;"
          f" app {', '.join(f'{x[0] * 1000:.0f}' for x in app)} ms")
    print(f"Edición hasta disco ({args.edits} ediciones de celda, archivo WAL synchronous=FULL)")
    print(f"  {'':<34}{'mediana':>10}{'p95':>10}{'máx':>10}")
    for name, vals in (("store.execute(SetCell)", core),
                       ("ventana (comando + refresco)", gui)):
        print(f"  {name:<34}{statistics.median(vals):>8.2f}ms{pct(vals, 95):>8.2f}ms"
              f"{max(vals):>8.2f}ms")
    print(f"  meta ≤ 20 ms de mediana: {'OK' if statistics.median(core) <= 20 else 'NO'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
