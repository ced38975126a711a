"""PDF (and XLSX) speed and size: the 2007 example form and a 500-row form.

Prints, for each case, the best of N runs of ``form_pdf_bytes`` (the whole
layout, fonts and page numbering; no disk I/O), the page count and the file
size, plus the seed form's bundle size (PDF + data, which must stay ≤ 60 KB)
and the XLSX export/import times.  Targets: seed PDF ≤ 0.5 s, 500-row PDF
≤ 5 s.

Run: ``.venv/bin/python bench/bench_pdf.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sernam_desktop import pdf, xlsx  # noqa: E402
from sernam_desktop.examples import example_document  # noqa: E402
from sernam_desktop.forms import default_form  # noqa: E402


def big_document(rows: int) -> dict:
    """The example with ``rows`` rows spread over the four Actividad tables."""
    doc = example_document()
    form = default_form()
    tables = form.tables
    for t_index, sec in enumerate(tables):
        seed_rows = doc["data"][sec.key]
        n = rows // len(tables) + (1 if t_index < rows % len(tables) else 0)
        doc["data"][sec.key] = [
            dict(copy.deepcopy(seed_rows[i % len(seed_rows)]), id=str(uuid.uuid4()))
            for i in range(n)
        ]
    return doc


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def pages(payload: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", payload))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    pdf.register_fonts()  # one-off font loading, not part of each export

    seed = example_document()
    big = big_document(500)
    print(f"{'case':<34}{'time (s)':>10}{'target':>9}{'pages':>7}{'size (KB)':>11}")
    for name, doc, target in (("seed form (2007 example)", seed, 0.5),
                              ("500-row form", big, 5.0)):
        for paper in ("letter", "a4"):
            t, payload = best_of(lambda: pdf.form_pdf_bytes(doc, paper=paper, invariant=True),
                                 args.repeat)
            ok = "ok" if t <= target else "SLOW"
            print(f"{name + ' ' + paper:<34}{t:>10.3f}{target:>7.1f} {ok:<2}{pages(payload):>6}"
                  f"{len(payload) / 1024:>11.1f}")

    try:
        from sernam_desktop.bundle import bundle_bytes

        seed_pdf = pdf.form_pdf_bytes(seed)
        size = len(bundle_bytes(seed, seed_pdf))
        print(f"seed bundle (PDF + data): {size / 1024:.1f} KB (limit 60 KB) "
              f"{'ok' if size <= 60 * 1024 else 'TOO BIG'}")
    except ImportError:
        pass

    with tempfile.TemporaryDirectory() as tmp:
        for name, doc in (("seed", seed), ("500 rows", big)):
            path = Path(tmp) / f"{name}.xlsx"
            t_w, _ = best_of(lambda: xlsx.write_form_xlsx(doc, path), args.repeat)
            t_r, _ = best_of(lambda: xlsx.read_form_xlsx(path), args.repeat)
            print(f"xlsx {name:<10} export {t_w:.3f} s, read+check {t_r:.3f} s, "
                  f"{path.stat().st_size / 1024:.1f} KB")


if __name__ == "__main__":
    main()
