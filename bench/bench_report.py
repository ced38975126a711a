"""Consolidated report («Todas las regiones») at growing size: time, pages, peak memory.

    .venv/bin/python bench/bench_report.py [--forms 25,100,200] [--repeat 1]

For each size N, N complete forms (the 2007 example relabelled, spread over the 16
regions, several services each) are merged into a fresh central file; then
``sernam-desktop central report --central C --pdf P --xlsx X`` runs in a fresh
process, which reports its own wall time and peak resident memory.  Printed: time,
pages of the PDF, size of both files, peak memory, and time and pages per form, so
that growth faster than linear is visible at a glance.  Baseline: the first size
(time per form at N divided by time per form at the smallest N — 1.0 means linear).
Goal (issue 17): the summary part ≤ 2 s for 3,200 forms.  Generation and merging are
not timed.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_merge import make_bundles  # noqa: E402
from benchlib import ROOT, machine  # noqa: E402

from sernam_desktop.central import CentralDB  # noqa: E402

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


def run_report(central: Path, out: Path) -> dict:
    pdf, xlsx = out / "informe.pdf", out / "informe.xlsx"
    args = ["central", "report", "--central", str(central), "--pdf", str(pdf), "--xlsx", str(xlsx)]
    res = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), *args], capture_output=True,
                         text=True, timeout=3600)
    if res.returncode != 0:
        raise SystemExit(f"el informe falló:\n{res.stderr[-2000:]}")
    info = json.loads(res.stdout.strip().splitlines()[-1])
    info.update(pages=pages(pdf), pdf_kb=pdf.stat().st_size / 1024,
                xlsx_kb=xlsx.stat().st_size / 1024)
    return info


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--forms", default="25,100,200", help="sizes, comma-separated (25,100,200)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per size; the median is shown")
    args = ap.parse_args()
    sizes = [int(x) for x in args.forms.split(",") if x.strip()]
    print(f"Máquina: {machine()}")
    print(f"{'formularios':>11}{'tiempo':>10}{'páginas':>9}{'PDF KB':>9}{'XLSX KB':>9}"
          f"{'memoria':>10}{'s/form':>8}{'pág/form':>9}{'vs lineal':>10}")
    first_per_form = None
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        tmp = Path(tmp)
        for n in sizes:
            bdir = tmp / f"bundles-{n}"
            bdir.mkdir()
            make_bundles(bdir, count=n)
            central = tmp / f"central-{n}.sqlite3"
            with CentralDB(central) as c:
                kinds = {o.kind for o in c.merge_paths([bdir])}
                assert kinds == {"accepted"}, kinds
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
