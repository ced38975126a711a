"""Regenerate the Spanish translation of the interface.

    .venv/bin/python resources/i18n/update_translations.py

1. ``pyside6-lupdate`` collects every ``tr()`` / ``QCoreApplication.translate``
   string of ``sernam_desktop/ui/`` into ``sernam_desktop_es.ts``;
2. the interface is written in Spanish (es-CL) already, so a string without a
   translation gets its source text as translation (a translator can still
   refine any of them in Qt Linguist: those are kept);
3. ``pyside6-lrelease`` compiles ``sernam_desktop_es.qm``, which
   ``sernam_desktop.ui.app`` loads after Qt's own ``qtbase_es``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET  # our own generated file, not untrusted input
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
TS = HERE / "sernam_desktop_es.ts"
QM = HERE / "sernam_desktop_es.qm"


def tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        sys.exit(f"No se encontró {name} (instale PySide6).")
    return found


def fill_identity(ts: Path) -> int:
    tree = ET.parse(ts)
    filled = 0
    for msg in tree.iter("message"):
        src = msg.find("source")
        tr = msg.find("translation")
        if src is None or tr is None:
            continue
        if tr.get("type") in ("unfinished", None) and not (tr.text or "").strip():
            tr.text = src.text
            filled += 1
        if tr.get("type") == "unfinished" and (tr.text or "").strip():
            del tr.attrib["type"]
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    text = ts.read_text(encoding="utf-8")
    if "<!DOCTYPE TS>" not in text:
        text = text.replace("?>\n", "?>\n<!DOCTYPE TS>\n", 1)
        ts.write_text(text, encoding="utf-8")
    return filled


def main() -> int:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "sernam_desktop" / "ui").rglob("*.py"))
    subprocess.run([tool("pyside6-lupdate"), *sources, "-no-obsolete",
                    "-source-language", "es_CL", "-target-language", "es_CL", "-ts", str(TS)],
                   check=True, cwd=ROOT)
    n = fill_identity(TS)
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True, cwd=ROOT)
    print(f"{TS.name}: {n} texto(s) nuevos; {QM.name} compilado.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
