"""Word forms (.docx) built with python-docx from the 2007 example, in the
layouts real offices produce, for the docx import tests and screenshots.

The text is the example's (forms/examples/etapa4-2007-nacional.json, itself a
transcription of the ministry's Word document); the printed headings are the
official form's, character for character.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from sernam_desktop.examples import example_document
from sernam_desktop.forms import default_form

SUBTITLE = "Presentación Información servicios desconcentrados "
OBJ1 = ("OBJETIVO N°1: “Descripción del desarrollo alcanzado en la incorporación de la "
        "perspectiva territorial”. ")
OBJ2 = ("OBJETIVO N°2: “Evaluación de las modificaciones incorporadas a los Sistemas de "
        "Información por Región o Territorio”. ")
OBJ3 = "OBJETIVO N°3: “Informe Ejecutivo al Jefe de Servicio”. "
INFORME = (
    "INFORME EJECUTIVO\n\n1. PRINCIPALES LOGROS OBTENIDOS\n\n"
    "Logros (Objetivos cumplidos y/o Mejoras efectivas a los productos)\n\n"
    "Contribución del plan al mejoramiento de gestión\n\n{logros}\n\n"
    "2. RECOMENDACIONES Y COMPROMISOS FUTUROS PARA MEJORAR GESTIÓN  \n\n{rec}\n\n"
    "3. RECOMENDACIONES PARA EL DESARROLLO DEL SISTEMA DE GESTION TERRITORIAL \n\n"
    "Recomendaciones a SUBDERE y Comité de Ministros para mejorar desarrollo del sistema \n\n"
    "{subdere}\n\n\n"
)
# Column headings as printed (label, then the printed hint where there is one).
HEADINGS = {
    "actividad_1_1": ["Objetivo\n\nEspecífico", "Indicador\n\n  ",
                      "Resultado de la medición del indicador\n\n(Cumple, cumple parcialmente o "
                      "no cumple el objetivo)"],
    "actividad_1_2": ["Productos", "Modificaciones o mejoras comprometidas",
                      "Evaluación del avance\n\n(Incorpora o no efectivamente la mejora "
                      "comprometida)"],
}

LAYOUTS = ("per_activity", "one_table", "merged_title", "broken")


def _fill(cell_or_doc: Any, text: str, breaks: bool = False, first: bool = True) -> None:
    """Write ``text`` as paragraphs (one per line), or paragraphs with manual breaks."""
    if breaks:
        paras = [p.split("\n") for p in text.split("\n\n")]
    else:
        paras = [[line] for line in text.split("\n")]
    for i, lines in enumerate(paras):
        if i == 0 and first and cell_or_doc.paragraphs and not cell_or_doc.paragraphs[0].text:
            p = cell_or_doc.paragraphs[0]
        else:
            p = cell_or_doc.add_paragraph()
        run = p.add_run()
        for j, line in enumerate(lines):
            if j:
                run.add_break()
            run.add_text(line)


def _footnote(document: Any, paragraph: Any, text: str) -> None:
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml.parser import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    esc = text.replace("&", "&amp;").replace("<", "&lt;")
    xml = (f'<w:footnotes xmlns:w="{w}">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
           '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
           '<w:continuationSeparator/></w:r></w:p></w:footnote>'
           f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r>'
           f'<w:t xml:space="preserve"> {esc}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"),
                document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:footnoteReference xmlns:w="{w}" w:id="1"/>'))


def _headings(sec: Any) -> list[str]:
    return HEADINGS.get(sec.key) or [c.label + " " for c in sec.columns if c.kind != "choice"]


def _table(document: Any, ncols: int) -> Any:
    t = document.add_table(rows=0, cols=ncols)
    t.style = "Table Grid"
    return t


def _row(table: Any, values: list[str], breaks: bool = False) -> Any:
    row = table.add_row()
    for cell, v in zip(row.cells, values):
        _fill(cell, v, breaks)
    return row


def build(layout: str, path: Path, data: dict[str, Any] | None = None, *,
          servicio: str = "Servicio Nacional de la Mujer",
          region: str = "Todas las regiones") -> Path:
    """Write the example (or ``data``) as a Word form in ``layout``."""
    import docx
    from docx.enum.text import WD_BREAK

    form = default_form()
    data = copy.deepcopy(data or example_document()["data"])
    d = docx.Document()
    breaks = layout in ("merged_title", "broken")
    d.add_paragraph(form.title)
    d.add_paragraph(SUBTITLE)
    if layout == "merged_title":
        d.add_paragraph(OBJ1.replace("“", '"').replace("”", '"').replace("N°", "Nº"))
        d.add_paragraph(f"SERVICIO:   {servicio.replace(' ', '  ')} ")
        d.add_paragraph(f"REGIÓN:  {region}")
    else:
        d.add_paragraph(OBJ1)
        head = _table(d, 1)
        _row(head, [f"SERVICIO: {servicio}"])
        _row(head, [f"REGIÓN: {region}"])
    d.add_paragraph("")
    big = _table(d, 3) if layout == "one_table" else None
    footnote_at = None
    for n, sec in enumerate(form.tables):
        cols = [c.key for c in sec.columns if c.kind != "choice"]
        rows = [[r[c] for c in cols] for r in data[sec.key]]
        title = f"Actividad {sec.number}"
        if layout == "broken" and sec.number == "1.4":
            # title and a caption split over two paragraphs, outside the table
            d.add_paragraph(title)
            words = sec.heading.split(" ")
            d.add_paragraph(" ".join(words[:4]))
            d.add_paragraph(" ".join(words[4:]) + " ")
            t = _table(d, 3)
        else:
            t = big if big is not None else _table(d, 3)
            if layout == "one_table":
                r = _row(t, [title, "", ""])
                cap = t.add_row()
                words = sec.heading.split(" ")
                _fill(cap.cells[0], " ".join(words[:3]) + "\n" + " ".join(words[3:]) + " ")
            elif layout == "merged_title":
                r = t.add_row()
                cell = r.cells[0].merge(r.cells[2])
                _fill(cell, title)
                cap = t.add_row()
                _fill(cap.cells[0].merge(cap.cells[2]), sec.heading + " ")
            else:
                r = t.add_row()
                cell = r.cells[0].merge(r.cells[2])
                _fill(cell, f"{title}\n\n{sec.heading} \n\n")
            if n == 0:
                footnote_at = r.cells[0].paragraphs[0]
        _row(t, _headings(sec))
        split = len(rows) // 2 if layout == "broken" and sec.number in ("1.1", "1.2") else None
        for i, values in enumerate(rows):
            if split is not None and i == split:
                # continued on the next page as a second table (headings repeated)
                d.add_paragraph("")
                d.add_paragraph("").add_run().add_break(WD_BREAK.PAGE)
                t = _table(d, 3)
                _row(t, _headings(sec))
            _row(t, values, breaks)
        if layout in ("per_activity", "one_table"):
            _row(t, ["", "", ""])  # empty trailing rows
            _row(t, ["", "", ""])
        if big is None:
            d.add_paragraph("")
            d.add_paragraph("")
    d.add_paragraph("")
    d.add_paragraph(OBJ2 if layout != "merged_title" else OBJ2.replace("“", '"').replace("”", '"'))
    d.add_paragraph("")
    _fill(d, data["objetivo_2"]["sistemas_informacion"], first=False)
    d.add_paragraph("")
    d.add_paragraph(OBJ3)
    informe = _table(d, 1)
    o3 = data["objetivo_3"]
    _row(informe, [INFORME.format(logros=o3["logros"], rec=o3["recomendaciones_compromisos"],
                                  subdere=o3["recomendaciones_subdere"])], breaks)
    if data["notas"]["notas"] and footnote_at is not None:
        _footnote(d, footnote_at, data["notas"]["notas"])
    d.save(str(path))
    return path
