"""Consolidated report («Todas las regiones») at growing size: time, pages, peak memory.

    .venv/bin/python bench/bench_report.py [--forms 25,100,200] [--repeat 1]

For each size N, N complete forms (the 2007 example relabelled, spread over the 16
regions, several services each) are merged into a fresh central file; then
``sernam-desktop central report --central C --pdf P --xlsx X`` runs in a fresh
process, which reports its own wall time and peak resident memory.  Printed: time,
pages of the PDF, size of both files, peak memory, and time and pages per form, so
that growth faster than linear is visible at a glance.  Baseline: the first size
(time per form at N divided by time per form at the smallest N — 1.0 means linear).
The sizes run with ``--textos`` (the full-text annex, every form in full), the
report's slow part.  Generation and merging are not timed.

Then, on ``--summary-forms`` forms (3,200 = 16 regions × 200 services; 0 skips it),
paired and interleaved ``--pairs`` times, each run a fresh process:
  * ``central report --pdf --xlsx`` without ``--textos`` (goal of issue 17: the
    summary ≤ 2 s) and the PDF alone (the summary part proper), against a baseline
    process that opens the central file and reads the same official rows
    (``SELECT`` of the current versions: what any report must read);
  * ``central status --json`` (goal ≤ 0.5 s), against the same baseline.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import ROOT, machine  # noqa: E402

CHILD = (
    "import json, resource, sys, time\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "t = time.perf_counter()\n"
    "from sernam_desktop.cli import main\n"
    "rc = main(sys.argv[2:])\n"
    "dt = time.perf_counter() - t\n"
    "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
    "print(json.dumps({'rc': rc, 'seconds': dt, 'peak_mib': rss}))\n"
)


def pages(path: Path) -> int:
    return len(re.findall(rb"/Type /Page\b", path.read_bytes()))


BASELINE = (
    "import json, resource, sys, time\n"
    "t = time.perf_counter()\n"
    "import sqlite3\n"
    "db = sqlite3.connect(sys.argv[1])\n"
    "rows = db.execute('SELECT s.id, s.revision, s.servicio, s.region, s.anio, s.state, "
    "s.received_at, s.complete, s.missing FROM instances i JOIN submissions s "
    "ON s.id = i.current_submission WHERE i.active = 1').fetchall()\n"
    "dt = time.perf_counter() - t\n"
    "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
    "print(json.dumps({'rc': 0, 'seconds': dt, 'peak_mib': rss, 'rows': len(rows)}))\n"
)


PREPARE = (
    "import json, sys\n"
    f"sys.path[:0] = [{str(Path(__file__).resolve().parent)!r}, {str(ROOT)!r}]\n"
    "from pathlib import Path\n"
    "from bench_merge import make_bundles\n"
    "from sernam_desktop.central import CentralDB\n"
    "if __name__ == '__main__':\n"
    "    make_bundles(Path(sys.argv[1]), count=int(sys.argv[3]))\n"
    "    with CentralDB(Path(sys.argv[2])) as c:\n"
    "        kinds = {o.kind for o in c.merge_paths([sys.argv[1]])}\n"
    "    assert kinds == {'accepted'}, kinds\n"
    "    print(json.dumps({'rc': 0}))\n"
)


def run_child(args: list[str], code: str = CHILD, stdout_json: bool = True) -> dict:
    cmd = [sys.executable, "-c", code, *([str(ROOT)] if code is CHILD else []), *args]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
    if res.returncode != 0:
        raise SystemExit(f"el proceso falló:\n{res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def run_report(central: Path, out: Path, textos: bool = True, xlsx_too: bool = True) -> dict:
    pdf, xlsx = out / "informe.pdf", out / "informe.xlsx"
    args = ["central", "report", "--central", str(central), "--pdf", str(pdf)]
    if xlsx_too:
        args += ["--xlsx", str(xlsx)]
    if textos:
        args.append("--textos")
    info = run_child(args)
    info.update(pages=pages(pdf), pdf_kb=pdf.stat().st_size / 1024,
                xlsx_kb=xlsx.stat().st_size / 1024 if xlsx_too else 0)
    return info


def run_status(central: Path) -> dict:
    # the child prints the JSON status first, then its own figures as the last line
    return run_child(["central", "status", "--central", str(central), "--json"])


def summary_at_scale(tmp: Path, n: int, pairs: int) -> None:
    from benchlib import HEADER, interleaved, line, ratio_line

    bdir = tmp / f"bundles-{n}"
    bdir.mkdir()
    central = tmp / f"central-{n}.sqlite3"
    # generated and merged in a child: on Linux a child inherits its parent's peak
    # memory (ru_maxrss), so this process stays small for the figures below
    run_child([str(bdir), str(central), str(n)], PREPARE)
    shutil.rmtree(bdir)
    print(f"\nResumen con {n} formularios ({pairs} pares intercalados, cada medida en un proceso "
          "nuevo; segundos)")
    base = lambda _i: run_child([str(central)], BASELINE)["seconds"]  # noqa: E731
    runs: dict[str, list[dict]] = {"both": [], "pdf": [], "status": []}

    def report(i: int) -> float:
        out = tmp / f"sum-{i}"
        out.mkdir(exist_ok=True)
        runs["both"].append(run_report(central, out, textos=False))
        return runs["both"][-1]["seconds"]

    def pdf_only(i: int) -> float:
        out = tmp / f"sumpdf-{i}"
        out.mkdir(exist_ok=True)
        runs["pdf"].append(run_report(central, out, textos=False, xlsx_too=False))
        return runs["pdf"][-1]["seconds"]

    def status(_i: int) -> float:
        runs["status"].append(run_status(central))
        return runs["status"][-1]["seconds"]

    rep_s, base1 = interleaved(report, base, pairs)
    pdf_s, base2 = interleaved(pdf_only, base, pairs)
    st_s, base3 = interleaved(status, base, pairs)
    print(HEADER)
    print(line("referencia: abrir y leer las filas", base1 + base2 + base3, unit="s"))
    print(line("report --pdf (resumen)", pdf_s, unit="s"))
    print(ratio_line(pdf_s, base2))
    print(f"  meta ≤ 2 s: {'OK' if statistics.median(pdf_s) <= 2 else 'NO'}   "
          f"({runs['pdf'][-1]['pages']} páginas, "
          f"{max(x['peak_mib'] for x in runs['pdf']):.0f} MiB)")
    print(line("report --pdf --xlsx (sin --textos)", rep_s, unit="s"))
    print(ratio_line(rep_s, base1))
    print(f"  (Excel del resumen: {runs['both'][-1]['xlsx_kb']:.0f} KB; "
          f"{max(x['peak_mib'] for x in runs['both']):.0f} MiB)")
    print(line("status --json", st_s, unit="s"))
    print(ratio_line(st_s, base3))
    print(f"  meta ≤ 0.5 s: {'OK' if statistics.median(st_s) <= 0.5 else 'NO'}   "
          f"({max(x['peak_mib'] for x in runs['status']):.0f} MiB)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--forms", default="25,100,200", help="sizes, comma-separated (25,100,200)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per size; the median is shown")
    ap.add_argument("--summary-forms", type=int, default=3200,
                    help="forms for the summary and status figures (3200; 0 skips them)")
    ap.add_argument("--pairs", type=int, default=3, help="interleaved pairs for those (3)")
    args = ap.parse_args()
    sizes = [int(x) for x in args.forms.split(",") if x.strip()]
    print(f"Máquina: {machine()}")
    print("Informe con el anexo de textos (--textos), un proceso por tamaño:")
    print(f"{'formularios':>11}{'tiempo':>10}{'páginas':>9}{'PDF KB':>9}{'XLSX KB':>9}"
          f"{'memoria':>10}{'s/form':>8}{'pág/form':>9}{'vs lineal':>10}")
    first_per_form = None
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        tmp = Path(tmp)
        for n in sizes:
            bdir = tmp / f"bundles-{n}"
            bdir.mkdir()
            central = tmp / f"central-{n}.sqlite3"
            run_child([str(bdir), str(central), str(n)], PREPARE)  # in a child (memory)
            runs = []
            for r in range(args.repeat):
                out = tmp / f"out-{n}-{r}"
                out.mkdir()
                runs.append(run_report(central, out))
            secs = statistics.median(x["seconds"] for x in runs)
            info = runs[-1]
            per_form = secs / n
            first_per_form = first_per_form or per_form
            print(f"{n:>11}{secs:>9.1f}s{info['pages']:>9}{info['pdf_kb']:>9.0f}"
                  f"{info['xlsx_kb']:>9.0f}{max(x['peak_mib'] for x in runs):>7.0f}MiB"
                  f"{per_form:>8.3f}{info['pages'] / n:>9.1f}{per_form / first_per_form:>9.2f}×",
                  flush=True)
        if args.summary_forms:
            summary_at_scale(tmp, args.summary_forms, args.pairs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
