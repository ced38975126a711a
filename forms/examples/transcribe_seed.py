"""Transcribe the 2007 national SERNAM form (Word text, cells start with a tab)
into forms/examples/etapa4-2007-nacional.json, the interchange format.

    python forms/examples/transcribe_seed.py [docs/reference/formulario-etapa4-2007.txt]

The text of every cell is kept as written (typos, double spaces and all); only
trailing spaces of each line and runs of blank lines are normalised.  The
status of each row (not in the original, which states it in prose) is chosen
by hand from the result text, in RESULTADO / AVANCE below.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sernam_desktop.forms import default_form  # noqa: E402
from sernam_desktop.interchange import FORMAT, FORMAT_VERSION, dumps  # noqa: E402

# One status per Actividad 1.1 row, read from "Resultado de la medición".
RESULTADO = [
    "cumple_parcialmente",  # "Se avanza … sin embargo hay que persistir"
    "cumple",               # "Se cumple, sin embargo se requiere fortalecer…"
    "cumple",               # "Se cumple con el indicador"
    "cumple",               # "Cumplido ×3"
    "cumple_parcialmente",  # "Cumple" + two indicators only measurable in 2008
    "cumple",               # "Cumplido ×2"
    "cumple",               # "Cumple 100% actividad comprometida … 2007"
    "no_medible",           # "Estamos en proceso de evaluación… Pendiente hasta diciembre"
    "cumple_parcialmente",  # three "Cumplido", one "Compromiso para el 2009"
    "cumple",               # "Cumplido ×2"
    "no_medible",           # "Compromiso para el 2009"
]
# One status per Actividad 1.2 row, read from "Evaluación del avance".
AVANCE = [
    "incorpora",               # "Se incorpora la mejora comprometida"
    "incorpora",               # "Se capacita… se elabora una Guía…"
    "incorpora_parcialmente",  # "se aspira a que cada comuna ajuste…"
    "incorpora_parcialmente",  # "Se avanza en el conocimiento del territorio…"
    "incorpora_parcialmente",  # "Se está incorporando efectivamente las mejoras hacia 2009"
    "incorpora_parcialmente",  # "Se está en proceso de incorporación…"
    "incorpora",               # "Cada región desarrolló la actividad…"
    "incorpora",               # "Nivel central y DR incorporan la opinión…"
    "incorpora",               # "Se han logrado incorporar las mejoras comprometidas"
    "incorpora",               # "Se ha considerado la variable territorial…"
]


def clean(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def cells_between(lines: list[str], start: int, end: int) -> list[str]:
    """Cells (tab-started runs of lines) in lines[start:end]."""
    cells: list[list[str]] = []
    for line in lines[start:end]:
        if line.startswith("\t"):
            cells.append([line[1:]])
        elif cells:
            cells[-1].append(line)
    return [clean(c) for c in cells]


def find(lines: list[str], prefix: str, start: int = 0) -> int:
    for i in range(start, len(lines)):
        if lines[i].lstrip("\t").startswith(prefix):
            return i
    raise SystemExit(f"not found: {prefix!r}")


def transcribe(seed: Path) -> dict:
    lines = seed.read_text(encoding="utf-8").split("\n")
    form = default_form()
    marks = [find(lines, f"Actividad 1.{n}") for n in (1, 2, 3, 4)]
    obj2 = find(lines, "OBJETIVO N°2")
    obj3 = find(lines, "OBJETIVO N°3")
    bounds = marks + [obj2]
    data: dict = {}
    for n, sec in enumerate(form.tables):
        cells = cells_between(lines, bounds[n] + 1, bounds[n + 1])
        ncols = len([c for c in sec.columns if c.kind != "choice"])
        cells = cells[ncols:]  # drop the column headings
        rows = [cells[i:i + ncols] for i in range(0, len(cells), ncols)]
        text_cols = [c.key for c in sec.columns if c.kind != "choice"]
        statuses = {0: RESULTADO, 1: AVANCE}.get(n)
        data[sec.key] = []
        for i, r in enumerate(rows):
            row = dict(zip(text_cols, r))
            if statuses is not None:
                row[sec.status] = statuses[i]
            data[sec.key].append(row)
    data["encabezado"] = {
        "servicio": lines[find(lines, "SERVICIO:")].split(":", 1)[1].strip(),
        "region": "00",  # "REGIÓN: Todas las regiones"
        "anio": "2007",
        "responsable": "",
        "fecha": "",
    }
    data["objetivo_2"] = {"sistemas_informacion": clean(lines[obj2 + 1:obj3])}
    p1 = find(lines, "1. PRINCIPALES LOGROS OBTENIDOS", obj3)
    p2 = find(lines, "2. RECOMENDACIONES Y COMPROMISOS", p1)
    p3 = find(lines, "3. RECOMENDACIONES PARA EL DESARROLLO", p2)
    note = next(i for i in range(p3, len(lines)) if lines[i].startswith("\ufffd"))
    part1 = [ln for ln in lines[p1 + 1:p2] if not ln.startswith(
        ("Logros (Objetivos cumplidos", "Contribución del plan al mejoramiento de gestión"))]
    part3 = [ln for ln in lines[p3 + 1:note] if not ln.startswith("Recomendaciones a SUBDERE")]
    data["objetivo_3"] = {
        "logros": clean(part1),
        "recomendaciones_compromisos": clean(lines[p2 + 1:p3]),
        "recomendaciones_subdere": clean(part3),
    }
    data["notas"] = {"notas": clean([lines[note].lstrip("\ufffd ")])}
    ordered = {s.key: data[s.key] for s in form.sections}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "form": {"id": form.id, "version": form.version},
        "instance": {
            "uuid": "2007e404-0000-4000-8000-000000000001",
            "revision": 1,
            "state": "borrador",
            "created_at": None,
            "updated_at": None,
            "sent_at": None,
        },
        "data": ordered,
    }


if __name__ == "__main__":
    src = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs/reference/formulario-etapa4-2007.txt")
    out = Path(__file__).with_name("etapa4-2007-nacional.json")
    out.write_text(dumps(transcribe(src)), encoding="utf-8")
    doc = json.loads(out.read_text(encoding="utf-8"))
    print(out, {k: len(v) for k, v in doc["data"].items() if isinstance(v, list)})
