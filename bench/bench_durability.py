"""Durability and limits figures: prints numbers, asserts nothing.

    .venv/bin/python bench/bench_durability.py [--edits 500]

* edits per second through ``Store.execute`` with ``synchronous=FULL`` (what
  the app uses) and, for comparison, ``NORMAL`` in WAL mode;
* backup (SQLite backup API + quick_check + fsync) and restore times for the
  2007 example form and for a 2,000-row form;
* command latency on the limits: a 100,000-character cell, a 2,000-row table
  (insert at the top, move a row across the table, delete, undo);
* export times (JSON, XLSX, PDF) for the 2,000-row form.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sernam_desktop.backup import BackupManager, restore_backup  # noqa: E402
from sernam_desktop.commands import (  # noqa: E402
    Composite,
    CreateInstance,
    DeleteRow,
    InsertRow,
    MoveRow,
    SetCell,
)
from sernam_desktop.examples import load_demo  # noqa: E402
from sernam_desktop.forms import default_form  # noqa: E402
from sernam_desktop.store import Store  # noqa: E402

SECTION = "actividad_1_3"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def edits_per_second(folder: Path, synchronous: str, n: int) -> tuple[float, float]:
    path = folder / f"sync-{synchronous}.sqlite3"
    with Store(path) as s:
        s.db.conn.execute(f"PRAGMA synchronous={synchronous}")
        uid = load_demo(s)
        row = s.row_ids(uid, SECTION)[0]
        lat = []
        for i in range(n):
            t = time.perf_counter()
            s.execute(SetCell(uid, row, "brechas", f"valor {i} ñ"))
            lat.append(time.perf_counter() - t)
    return n / sum(lat), statistics.median(lat)


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=500)
    args = ap.parse_args()
    os.environ.setdefault("SERNAM_DESKTOP_HOME", tempfile.mkdtemp(prefix="sernam-bench-"))
    folder = Path(tempfile.mkdtemp(prefix="sernam-bench-db-"))
    print(f"Base de datos en {folder} (el disco importa: pruebe también en el PC de la oficina)\n")

    print("Cambios por segundo (SetCell, WAL):")
    for mode in ("FULL", "NORMAL"):
        rate, median = edits_per_second(folder, mode, args.edits)
        print(f"  synchronous={mode:6} {rate:8.0f} cambios/s   mediana {ms(median)}")

    print("\nCopias de seguridad:")
    demo = folder / "demo.sqlite3"
    with Store(demo) as s:
        load_demo(s)
        mgr = BackupManager(s, folder=folder / "copias-demo", keep=3, every_minutes=10)
        t = timed(mgr.backup_now)
        last = mgr.backup_now()
        print(f"  copia del ejemplo 2007 ({last.stat().st_size / 1024:.0f} KB)        {ms(t)}")
    t = timed(lambda: restore_backup(demo, last), repeat=1)
    print(f"  restaurar esa copia                       {ms(t)}")

    big = folder / "grande.sqlite3"
    with Store(big) as s:
        cmd = CreateInstance(default_form(), "Dirección Regional", "08", 2026)
        s.execute(cmd)
        uid = cmd.instance_id
        t0 = time.perf_counter()
        s.execute(Composite(uid, "filas", [
            InsertRow(uid, SECTION, None, {"logros_comprometidos": f"Fila {i} · ñ 👩‍👩‍👧",
                                           "brechas": "مرحبا " * 20}) for i in range(2000)]))
        t_bulk = time.perf_counter() - t0
        mgr = BackupManager(s, folder=folder / "copias-grande", keep=3, every_minutes=10)
        t = timed(mgr.backup_now)
        size = mgr.backup_now().stat().st_size
        print(f"  copia de un formulario de 2.000 filas ({size / 1024:.0f} KB) {ms(t)}")

        print("\nLímites (una orden cada vez, archivo real, synchronous=FULL):")
        print(f"  agregar 2.000 filas en una orden          {ms(t_bulk)}")
        ids = s.row_ids(uid, SECTION)
        big_text = ("Texto largo con acentos, ñandú y «comillas». " * 2300)[:100_000]
        c = SetCell(uid, ids[10], "logros_efectivos", big_text)
        print(f"  celda de 100.000 caracteres               {ms(timed(lambda: s.execute(c), 1))}")
        for label, make in [
            ("insertar fila arriba (2.000 filas)", lambda: InsertRow(uid, SECTION, 0, {"brechas": "x"})),
            ("mover la fila 1 al final", lambda: MoveRow(uid, ids[1], 1999)),
            ("mover la última fila arriba", lambda: MoveRow(uid, ids[-1], 0)),
            ("eliminar una fila del medio", lambda: DeleteRow(uid, ids[1000])),
        ]:
            cmd = make()
            t = timed(lambda cmd=cmd: s.execute(cmd), 1)
            u = timed(lambda cmd=cmd: s.execute(cmd.inverse()), 1)
            print(f"  {label:40} {ms(t)}   deshacer {ms(u)}")

        s.execute(c.inverse())  # Excel cells hold at most 32,767 characters
        from sernam_desktop.interchange import export_json_file

        print("\nExportar el formulario de 2.000 filas:")
        print(f"  JSON {ms(timed(lambda: export_json_file(s, uid, folder / 'g.json'), 1))}")
        try:
            from sernam_desktop.interchange import export_xlsx

            print(f"  XLSX {ms(timed(lambda: export_xlsx(s, uid, folder / 'g.xlsx'), 1))}")
        except ImportError:
            print("  XLSX (módulo no disponible)")
        try:
            from sernam_desktop.interchange import export_pdf

            print(f"  PDF  {ms(timed(lambda: export_pdf(s, uid, folder / 'g.pdf'), 1))}")
        except ImportError:
            print("  PDF  (módulo no disponible)")


if __name__ == "__main__":
    main()
