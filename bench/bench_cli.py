"""Command-line start-up as a user waits for it: a fresh process per command.

    .venv/bin/python bench/bench_cli.py [--runs 15]

Each figure is a fresh process, launched the way a user launches it (the
``sernam-desktop`` console script next to this interpreter, or
``python -m sernam_desktop`` when there is none), from start to exit, paired and
interleaved with its baseline:

1. ``sernam-desktop --version`` and ``sernam-desktop --help`` against
   ``python -c "import sqlite_utils"`` (the one library every command needs).
   Goal (issue 17): ≤ 2×.  Building the parser must import no feature code.
2. ``sernam-desktop validate --db`` on a database holding the 2007 example (opens
   the database, reads the form, checks it, prints what is missing) against
   ``python -c pass`` (the bare interpreter).  No goal: the figure says what
   a real command costs above the interpreter.

The package's bytecode (.pyc) is compiled first, as an installed app has it.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import HEADER, ROOT, interleaved, line, machine, ratio_line  # noqa: E402


def app_command() -> list[str]:
    """How a user starts the command line: the console script of this environment."""
    folder = Path(sys.executable).parent
    for name in ("sernam-desktop", "sernam-desktop.exe"):
        if (folder / name).is_file():
            return [str(folder / name)]
    return [sys.executable, "-m", "sernam_desktop"]


def timed(cmd: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> float:
    """Seconds from launching ``cmd`` until it exited."""
    t0 = time.perf_counter()
    res = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True, timeout=120)
    dt = time.perf_counter() - t0
    if res.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} falló ({res.returncode}):\n{res.stderr[-2000:]}")
    return dt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15, help="pairs per figure (15)")
    args = ap.parse_args()
    print(f"Máquina: {machine()}")
    compileall.compile_dir(ROOT / "sernam_desktop", quiet=1)
    app = app_command()
    py = [sys.executable]
    with tempfile.TemporaryDirectory(prefix="sernam-bench-") as tmp:
        env = dict(os.environ, SERNAM_DESKTOP_HOME=str(Path(tmp) / "home"))
        db = Path(tmp) / "ejemplo.sqlite3"
        from sernam_desktop.examples import load_demo
        from sernam_desktop.store import Store

        with Store(db) as s:
            load_demo(s)

        figures = [
            ("1", "sernam-desktop --version", [*app, "--version"], (0,),
             'import sqlite_utils', [*py, "-c", "import sqlite_utils"], 2.0),
            ("1", "sernam-desktop --help", [*app, "--help"], (0,),
             'import sqlite_utils', [*py, "-c", "import sqlite_utils"], 2.0),
            # validate exits 1 when something is missing (the 2007 example is not complete)
            ("2", "sernam-desktop validate --db (2007)", [*app, "validate", "--db", str(db)], (0, 1),
             'python -c pass', [*py, "-c", "pass"], None),
        ]
        print(f"Orden: {' '.join(app)} (proceso nuevo por muestra; {args.runs} pares intercalados)")
        for section, name, cmd, ok, base_name, base_cmd, goal in figures:
            timed(cmd, env, ok)  # warm the OS file cache for both
            timed(base_cmd, env)
            ours, base = interleaved(lambda _i: timed(cmd, env, ok), lambda _i: timed(base_cmd, env),
                                     args.runs)
            print(f"\n{section}. {name} — del lanzamiento a la salida")
            print(HEADER)
            print(line(f"{base_name} (referencia)", base, scale=1000))
            print(line(name.removeprefix("sernam-desktop "), ours, scale=1000))
            print(ratio_line(ours, base, goal=goal))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
