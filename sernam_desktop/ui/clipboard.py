"""Blocks of cells on the clipboard, as Excel, LibreOffice and Word put them there.

Pure Python (no Qt): :func:`parse_tsv` reads tab-separated text (Excel quotes
a cell holding line breaks, tabs or quotes between double quotes);
:func:`parse_html_table` reads the first ``<table>`` of an HTML fragment
(Excel/LibreOffice copy ``<td>`` cells with ``<br>`` line breaks, Word copies
``<p>`` paragraphs).  :func:`to_tsv` / :func:`to_html` write a block back.
"""

from __future__ import annotations

import csv
import html
import io
import re
from html.parser import HTMLParser

Block = list[list[str]]
_WS = re.compile(r"[ \t\r\f]+")  # HTML white space (not the no-break space)


def parse_tsv(text: str) -> Block:
    """Rows of cells from tab-separated text (trailing empty line ignored)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text:
        return []
    if '"' in text:
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter="\t", quotechar='"', strict=True))
            return [[c for c in r] for r in rows]
        except csv.Error:
            pass
    return [line.split("\t") for line in text.split("\n")]


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: Block = []
        self.depth = 0  # nesting of <table>
        self.done = False
        self.cell: list[str] | None = None
        self.row: list[str] | None = None
        self.skip = 0  # inside <style>/<script>

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if self.done:
            return
        if tag in ("style", "script"):
            self.skip += 1
        elif tag == "table":
            self.depth += 1
        elif self.depth == 1 and tag == "tr":
            self.row = []
        elif self.depth == 1 and tag in ("td", "th") and self.row is not None:
            self.cell = []
            span = dict(attrs).get("colspan")
            self._span = int(span) if span and span.isdigit() else 1
        elif self.cell is not None and tag == "br":
            self.cell.append("\n")
        elif self.cell is not None and tag in ("p", "div", "li") and "".join(self.cell).strip():
            self.cell.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:  # noqa: ANN001
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.done:
            return
        if tag in ("style", "script"):
            self.skip = max(0, self.skip - 1)
        elif tag == "table":
            self.depth -= 1
            if self.depth == 0:
                self.done = True
        elif self.depth == 1 and tag in ("td", "th") and self.cell is not None:
            lines = [_WS.sub(" ", line).strip(" ").replace("\xa0", " ")
                     for line in "".join(self.cell).split("\n")]
            text = "\n".join(lines).strip("\n")
            self.row.append(text)  # type: ignore[union-attr]
            self.row.extend([""] * (getattr(self, "_span", 1) - 1))  # type: ignore[union-attr]
            self.cell = None
        elif self.depth == 1 and tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.skip:
            self.cell.append(data.replace("\n", " "))


def parse_html_table(fragment: str) -> Block:
    """Rows of cells of the first table in ``fragment`` ([] when it has none)."""
    if "<table" not in fragment.lower():
        return []
    p = _TableParser()
    p.feed(fragment)
    p.close()
    return [r for r in p.rows if r]


def to_tsv(block: Block) -> str:
    def cell(v: str) -> str:
        if any(c in v for c in '\t\n"'):
            return '"' + v.replace('"', '""') + '"'
        return v
    return "\n".join("\t".join(cell(v) for v in row) for row in block) + "\n"


def _cell_html(v: str) -> str:
    # runs of spaces survive as no-break spaces, line breaks as <br>
    return html.escape(v).replace("  ", " \xa0").replace("\n", "<br>")


def to_html(block: Block) -> str:
    rows = "".join(
        "<tr>" + "".join(f"<td>{_cell_html(v)}</td>" for v in row)
        + "</tr>" for row in block)
    return f"<html><body><table>{rows}</table></body></html>"
