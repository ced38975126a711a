"""How fast, and in how much memory, a huge workbook is refused on import.

Builds two 850,000-row workbooks from the exported example (the «Actividad 1.3»
sheet replaced by generated rows, everything else as exported):

* ``issue``  — rows of varied text, like the 63 MB file of issue 12 (refused by
  the file-size check before anything is parsed);
* ``small``  — tiny rows, within the file/zip size limits (so the rows are
  streamed: the import must stop at the first row past the row limit).

Each import runs in a fresh process; prints the time until refusal, the peak
memory (max RSS) of that process, and the message.  Target: < 3 s, small memory.

Run: ``.venv/bin/python bench/bench_xlsx_limits.py [--rows 850000]``.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sernam_desktop import xlsx  # noqa: E402
from sernam_desktop.examples import example_document  # noqa: E402
from sernam_desktop.forms import default_form  # noqa: E402

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORDS = ("plan regional territorial comisión género agenda servicios asesoría mujeres "
         "cobertura convenio programa ministerio capacitación diagnóstico").split()


def sheet_member(path: Path, title: str) -> str:
    with zipfile.ZipFile(path) as zf:
        wb = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet[^>]*name="{re.escape(title)}"[^>]*r:id="([^"]+)"', wb) or \
        re.search(rf'<sheet[^>]*r:id="([^"]+)"[^>]*name="{re.escape(title)}"', wb)
    assert rid, title
    target = re.search(rf'<Relationship[^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    assert target
    t = target.group(1).lstrip("/")
    return t if t.startswith("xl/") else "xl/" + t


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def build(src: Path, dst: Path, rows: int, varied: bool) -> None:
    sec = default_form().section("actividad_1_3")
    member = sheet_member(src, sec.title)
    heads = [c.label for c in sec.columns] + [xlsx.ID_HEADER]
    rnd = random.Random(12)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != member:
                zout.writestr(info, zin.read(info.filename))
        with zout.open(member, "w", force_zip64=True) as fh:
            fh.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">'
                     "<sheetData>".encode())
            letters = "ABCD"
            fh.write(("<row r=\"1\">" + "".join(cell(f"{letters[i]}1", h)
                                                for i, h in enumerate(heads)) + "</row>").encode())
            buf = []
            for r in range(2, rows + 2):
                if varied:
                    texts = [" ".join(rnd.choices(WORDS, k=4)) + f" {rnd.random():.6f}"
                             for _ in range(3)]
                    buf.append(f'<row r="{r}">' + "".join(
                        cell(f"{letters[i]}{r}", t) for i, t in enumerate(texts)) + "</row>")
                else:
                    buf.append(f'<row r="{r}">{cell(f"A{r}", "x")}</row>')
                if len(buf) >= 5000:
                    fh.write("".join(buf).encode())
                    buf = []
            fh.write(("".join(buf) + "</sheetData></worksheet>").encode())


CHILD = r"""
import resource, sys, time
from sernam_desktop import xlsx
from sernam_desktop.errors import UserError
t = time.perf_counter()
try:
    xlsx.read_form_xlsx(sys.argv[1])
    outcome = "ACEPTADO (no debería)"
except UserError as exc:
    outcome = str(exc)
dt = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{dt:.2f}\t{rss:.0f}\t{outcome[:150]}")
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=850_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "export.xlsx"
        xlsx.write_form_xlsx(example_document(), src)
        base = subprocess.run([sys.executable, "-c", CHILD.replace(
            "xlsx.read_form_xlsx(sys.argv[1])", "pass"), str(src)],
            capture_output=True, text=True, cwd=ROOT).stdout.split("\t")[1]
        print(f"baseline process (imports only): max RSS {base} MB")
        print(f"{'case':8} {'rows':>8} {'file MB':>8} {'time s':>7} {'maxRSS MB':>9}  outcome")
        for name, varied in (("issue", True), ("small", False)):
            path = Path(tmp) / f"{name}.xlsx"
            build(src, path, args.rows, varied)
            mb = path.stat().st_size / 1e6
            out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                                 text=True, cwd=ROOT)
            if out.returncode:
                print(out.stderr)
                continue
            t, rss, outcome = out.stdout.rstrip("\n").split("\t")
            ok = "ok" if float(t) < 3 else "SLOW"
            print(f"{name:8} {args.rows:>8} {mb:>8.1f} {t:>7} {rss:>9}  {ok}  {outcome}")


if __name__ == "__main__":
    main()
