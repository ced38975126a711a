"""PDF (and XLSX) speed and size: the 2007 example form and a 500-row form.

    .venv/bin/python bench/bench_pdf.py [--pairs 5]

For each case and paper size, over ``--pairs`` interleaved pairs (median, p95/p99,
min–max):
  * ours: ``pdf.form_pdf_bytes`` (the whole layout, fonts, page numbering; no disk I/O);
  * baseline: plain reportlab (SimpleDocTemplate, one Paragraph per text and one
    Table per section, ``repeatRows=1``) with the same text and the same embedded
    DejaVu fonts — what any reportlab program pays for this much text;
  * their ratio.
Also the *first* export in a fresh process (imports done, fonts not yet loaded —
what `sernam-desktop export pdf` pays once), the page count and file size, the
seed bundle size (≤ 60 KB) and the XLSX export/import times.
Goals: seed PDF ≤ 0.5 s, 500-row PDF ≤ 5 s (first export included).
"""

from __future__ import annotations

import argparse
import copy
import io
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import HEADER, ROOT, interleaved, line, machine, ratio_line, summary  # noqa: E402

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


def pages(payload: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", payload))


_BASE_FONTS = False


def plain_reportlab(doc: dict, paper: str) -> bytes:
    """The same text with the same fonts, laid out the plainest reportlab way."""
    global _BASE_FONTS
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    if not _BASE_FONTS:
        fonts = ROOT / "resources" / "fonts"
        pdfmetrics.registerFont(TTFont("BenchSans", str(fonts / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("BenchSansBold", str(fonts / "DejaVuSans-Bold.ttf")))
        _BASE_FONTS = True
    body = ParagraphStyle("b", fontName="BenchSans", fontSize=8.5, leading=10.5)
    head = ParagraphStyle("h", fontName="BenchSansBold", fontSize=10, leading=13)

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    buf = io.BytesIO()
    size = A4 if paper == "a4" else LETTER
    tpl = SimpleDocTemplate(buf, pagesize=size, leftMargin=40, rightMargin=40,
                            topMargin=40, bottomMargin=40)
    width = size[0] - 80
    story = []
    form = default_form()
    for sec in form.sections:
        story.append(para(sec.title, head))
        data = doc["data"].get(sec.key)
        if sec.is_table:
            cols = sec.columns
            rows = [[para(c.label, head) for c in cols]]
            rows += [[para(r.get(c.key, "")) for c in cols] for r in data or []]
            story.append(Table(rows, colWidths=[width / len(cols)] * len(cols), repeatRows=1,
                               splitInRow=1))
        else:
            rows = [[para(f.label, head), para((data or {}).get(f.key, ""))] for f in sec.fields]
            story.append(Table(rows, colWidths=[width * 0.3, width * 0.7], splitInRow=1))
    tpl.build(story)
    return buf.getvalue()


FIRST_EXPORT = (
    "import sys, time\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "from sernam_desktop import pdf\n"
    "from sernam_desktop.examples import example_document\n"
    "doc = example_document()\n"
    "t = time.perf_counter()\n"
    "pdf.form_pdf_bytes(doc, paper='letter')\n"
    "print(time.perf_counter() - t)\n"
)


def first_export() -> float:
    res = subprocess.run([sys.executable, "-c", FIRST_EXPORT, str(ROOT)], capture_output=True,
                         text=True, timeout=120, check=True)
    return float(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=5)
    args = ap.parse_args()
    print(f"Máquina: {machine()}")

    firsts = [first_export() for _ in range(args.pairs)]
    print("\nPrimera exportación en un proceso nuevo (formulario 2007, Carta; fuentes incluidas)")
    print(HEADER)
    print(line("form_pdf_bytes, primera llamada", firsts, unit="s"))
    ok = summary(firsts)["median"] <= 0.5
    print(f"  meta ≤ 0,5 s: {'OK' if ok else 'NO'}")

    seed = example_document()
    big = big_document(500)
    for name, doc, target in (("formulario 2007", seed, 0.5), ("formulario de 500 filas", big, 5.0)):
        for paper in ("letter", "a4"):
            out: dict[str, bytes] = {}

            def ours(_i: int, doc=doc, paper=paper, out=out) -> float:
                t = time.perf_counter()
                out["ours"] = pdf.form_pdf_bytes(doc, paper=paper, invariant=True)
                return time.perf_counter() - t

            def base(_i: int, doc=doc, paper=paper, out=out) -> float:
                t = time.perf_counter()
                out["base"] = plain_reportlab(doc, paper)
                return time.perf_counter() - t

            ours(-1), base(-1)  # warm: fonts loaded, caches
            a, b = interleaved(ours, base, args.pairs)
            print(f"\n{name}, {'Carta' if paper == 'letter' else 'A4'} — {args.pairs} pares "
                  "intercalados, en caliente")
            print(HEADER)
            print(line("reportlab simple, mismo texto y fuentes", b, unit="s"))
            print(line("form_pdf_bytes", a, unit="s"))
            print(ratio_line(a, b))
            print(f"  páginas {pages(out['ours'])} (simple: {pages(out['base'])}), "
                  f"{len(out['ours']) / 1024:.1f} KB;  meta ≤ {target:g} s: "
                  f"{'OK' if summary(a)['median'] <= target else 'NO'}")

    try:
        from sernam_desktop.bundle import bundle_bytes

        size = len(bundle_bytes(seed, pdf.form_pdf_bytes(seed)))
        print(f"\nenvío del formulario 2007 (PDF + datos): {size / 1024:.1f} KB (límite 60 KB) "
              f"{'OK' if size <= 60 * 1024 else 'DEMASIADO GRANDE'}")
    except ImportError:
        pass

    with tempfile.TemporaryDirectory() as tmp:
        for name, doc in (("2007", seed), ("500 filas", big)):
            path = Path(tmp) / f"{len(name)}.xlsx"
            w, r = [], []
            for _ in range(args.pairs):
                t = time.perf_counter()
                xlsx.write_form_xlsx(doc, path)
                w.append(time.perf_counter() - t)
                t = time.perf_counter()
                xlsx.read_form_xlsx(path)
                r.append(time.perf_counter() - t)
            print(f"xlsx {name:<10} exportar {summary(w)['median']:.3f} s, leer+revisar "
                  f"{summary(r)['median']:.3f} s (medianas), {path.stat().st_size / 1024:.1f} KB")


if __name__ == "__main__":
    main()
