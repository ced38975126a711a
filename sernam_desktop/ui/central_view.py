"""Central office views: a form read-only («Ver formulario»); a conflict's versions compared."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop.forms import FormDefinition, get_form
from sernam_desktop.regions import by_code


def _text(value: Any) -> str:
    t = escape(str(value or "").strip())
    return t.replace("\n", "<br>") if t else '<span style="color:#8a8f94">—</span>'


def document_html(doc: dict[str, Any], form: FormDefinition, title_note: str = "") -> str:
    """The form as simple HTML: headings, label/value tables, data tables with status colours."""
    data = doc.get("data") or {}
    head = data.get(form.header.key) or {}
    region = by_code(str(head.get("region", "")))
    parts = [
        "<html><body style='font-size:10pt'>",
        f"<h2 style='color:#1f4d78;margin-bottom:0'>{escape(form.title)}</h2>",
        f"<p style='margin-top:2px;color:#444'>{escape(form.subtitle)} · "
        f"{escape(form.program)}</p>",
    ]
    ident = " · ".join(x for x in (str(head.get("servicio", "")),
                                   region.name if region else str(head.get("region", "")),
                                   str(head.get("anio", ""))) if x)
    parts.append(f"<p><b>{escape(ident)}</b>{escape(title_note)}</p>")
    for sec in form.sections:
        heading = sec.title if not sec.heading else f"{sec.title} — {sec.heading}"
        parts.append(f"<h3 style='color:#1f4d78;margin-top:14px'>{escape(heading)}</h3>")
        if sec.is_table:
            rows = data.get(sec.key) or []
            parts.append("<table border='1' cellspacing='0' cellpadding='4' "
                         "style='border-color:#b9c2cc;border-collapse:collapse' width='100%'>")
            parts.append("<tr>" + "".join(
                f"<th style='background:#1f4d78;color:white' align='left'>{escape(c.label)}</th>"
                for c in sec.columns) + "</tr>")
            for row in rows:
                cells = []
                for c in sec.columns:
                    v = row.get(c.key, "")
                    if c.kind == "choice" and c.choices and c.choices.get(v):
                        ch = c.choices.get(v)
                        cells.append(f"<td><span style='color:{ch.color}'>■ "
                                     f"<b>{escape(ch.label)}</b></span></td>")
                    else:
                        cells.append(f"<td valign='top'>{_text(v)}</td>")
                parts.append("<tr>" + "".join(cells) + "</tr>")
            if not rows:
                parts.append(f"<tr><td colspan='{len(sec.columns)}'>{_text('')}</td></tr>")
            parts.append("</table>")
        else:
            vals = data.get(sec.key) or {}
            parts.append("<table cellspacing='0' cellpadding='3' width='100%'>")
            for f in sec.fields:
                v = vals.get(f.key, "")
                if f.kind == "region":
                    r = by_code(str(v))
                    v = r.name if r else v
                parts.append(f"<tr><td width='28%' valign='top' style='color:#333'><b>"
                             f"{escape(f.label)}</b></td><td valign='top'>{_text(v)}</td></tr>")
            parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


class FormViewDialog(QDialog):
    """Shows a form document; nothing in it can be edited."""

    def __init__(self, doc: dict[str, Any], title: str, note: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("centralFormView")
        self.setWindowTitle(title)
        form = get_form(doc["form"]["id"], doc["form"]["version"])
        assert form is not None
        self.browser = QTextBrowser(self)
        self.browser.setReadOnly(True)
        self.browser.setOpenLinks(False)
        self.browser.setHtml(document_html(doc, form, note))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser)
        lay.addWidget(buttons)
        self.resize(1000, 720)


DIFF_BACKGROUND = "#fde7c3"  # a field or cell that differs between the two versions
DIFF_MARK = "≠"
CELL_TEXT_MAX = 1500  # characters shown in one cell of the comparison (the rest: «Ver versión»)


def _cell_text(value: str | None, missing: str) -> str:
    if value is None:
        return missing
    v = value.strip()
    if len(v) > CELL_TEXT_MAX:
        return v[:CELL_TEXT_MAX] + f"… ({len(v):,} caracteres)".replace(",", ".")
    return v


class ConflictDiffDialog(QDialog):
    """Both versions of a conflict side by side; what differs is marked ≠ and coloured.

    ``choice`` is 0 (A) or 1 (B) when the user asked to make that version
    official (the caller confirms and resolves), else None.
    """

    def __init__(self, diff: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut

        from sernam_desktop.central_report import fact_table

        self.setObjectName("conflictDiff")
        self.diff = diff
        self.choice: int | None = None
        n = diff["conflict"]["id"]
        self.setWindowTitle(self.tr("Conflicto {0} — comparar versiones").format(n))
        lay = QVBoxLayout(self)
        title = QLabel(diff["description"], self)
        title.setWordWrap(True)
        title.setStyleSheet("font-weight: bold")
        lay.addWidget(title)
        hi = QBrush(QColor(DIFF_BACKGROUND))

        facts = fact_table(diff)
        self.facts = QTableWidget(len(facts), 3, self)
        self.facts.setObjectName("diffFacts")
        self.facts.setHorizontalHeaderLabels(["", self.tr("Versión A"), self.tr("Versión B")])
        for r, (label, a, b) in enumerate(facts):
            differs = a != b
            for c, text in enumerate((label, a, b)):
                it = QTableWidgetItem((f"{DIFF_MARK} " if differs and c == 0 else "") + text)
                it.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                if differs:
                    it.setBackground(hi)
                self.facts.setItem(r, c, it)
        self._table_look(self.facts)
        line = self.facts.fontMetrics().height() + 6
        self.facts.verticalHeader().setDefaultSectionSize(line)
        self.facts.setWordWrap(False)
        self.facts.resizeColumnsToContents()
        h = self.facts.horizontalHeader()
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.facts.setMaximumHeight(line * len(facts) + h.sizeHint().height() + 6)

        bar = QHBoxLayout()
        self.count_label = QLabel(self.tr("{0} campo(s) o celda(s) distintos, marcados {1}.")
                                  .format(diff["differences"], DIFF_MARK), self)
        bar.addWidget(self.count_label, 1)
        self.only_diff = QCheckBox(self.tr("Mostrar &solo lo que difiere"), self)
        self.only_diff.toggled.connect(self._filter)
        bar.addWidget(self.only_diff)

        items = diff["items"]
        self.table = QTableWidget(len(items), 6, self)
        self.table.setObjectName("diffItems")
        self.table.setHorizontalHeaderLabels([
            "", self.tr("Sección"), self.tr("Fila"), self.tr("Campo"), self.tr("Versión A"),
            self.tr("Versión B")])
        missing = self.tr("(la fila no existe en esta versión)")
        for r, i in enumerate(items):
            cells = [DIFF_MARK if i["differs"] else "", i["section_title"],
                     str(i["row"] or ""), i["label"], _cell_text(i["a"], missing),
                     _cell_text(i["b"], missing)]
            for c, text in enumerate(cells):
                it = QTableWidgetItem(text)
                it.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                it.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if i["differs"]:
                    it.setBackground(hi)
                self.table.setItem(r, c, it)
        self._table_look(self.table)
        self.table.setWordWrap(True)
        h = self.table.horizontalHeader()
        for c, w in ((0, 28), (1, 110), (2, 44), (3, 200)):
            self.table.setColumnWidth(c, w)
        h.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.facts)
        box = QWidget(split)
        bl = QVBoxLayout(box)
        bl.setContentsMargins(0, 4, 0, 0)
        bl.addLayout(bar)
        bl.addWidget(self.table, 1)
        split.addWidget(box)
        split.setStretchFactor(1, 1)
        lay.addWidget(split, 1)

        buttons = QDialogButtonBox(self)
        self.btn_a = buttons.addButton(self.tr("Usar versión &A como oficial…"),
                                       QDialogButtonBox.ButtonRole.ActionRole)
        self.btn_b = buttons.addButton(self.tr("Usar versión &B como oficial…"),
                                       QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Cerrar"))
        self.btn_a.clicked.connect(lambda: self._choose(0))
        self.btn_b.clicked.connect(lambda: self._choose(1))
        buttons.rejected.connect(self.reject)
        hint = QLabel(self.tr("F8: siguiente diferencia · Mayús+F8: anterior"), self)
        hint.setStyleSheet("color: #5c6975")
        foot = QHBoxLayout()
        foot.addWidget(hint, 1)
        foot.addWidget(buttons)
        lay.addLayout(foot)
        QShortcut(QKeySequence(Qt.Key.Key_F8), self, activated=lambda: self.next_difference(1))
        QShortcut(QKeySequence(Qt.Modifier.SHIFT | Qt.Key.Key_F8), self,
                  activated=lambda: self.next_difference(-1))
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.setInterval(0)
        self._rows_timer.timeout.connect(self._fit_rows)
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_a: self._rows_timer.start())
        self.resize(1000, 640)
        split.setSizes([line * 8, 400])
        self.table.resizeRowsToContents()
        self.table.setFocus()
        self.next_difference(1)

    @staticmethod
    def _table_look(t: QTableWidget) -> None:
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.verticalHeader().setVisible(False)
        t.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        t.horizontalHeader().setHighlightSections(False)

    def _fit_rows(self) -> None:
        """Row heights follow the column widths; the current row stays in view."""
        self.table.resizeRowsToContents()
        item = self.table.currentItem()
        if item is not None:
            self.table.scrollToItem(item, QAbstractItemView.ScrollHint.PositionAtCenter)

    def differing_rows(self) -> list[int]:
        return [r for r, i in enumerate(self.diff["items"]) if i["differs"]]

    def _filter(self, only: bool) -> None:
        for r, i in enumerate(self.diff["items"]):
            self.table.setRowHidden(r, only and not i["differs"])

    def next_difference(self, step: int) -> None:
        rows = self.differing_rows()
        if not rows:
            return
        cur = self.table.currentRow()
        after = [r for r in rows if (r > cur if step > 0 else r < cur)]
        target = (after[0] if step > 0 else after[-1]) if after else (
            rows[0] if step > 0 else rows[-1])
        self.table.selectRow(target)
        self.table.scrollToItem(self.table.item(target, 0),
                                QAbstractItemView.ScrollHint.PositionAtCenter)

    def _choose(self, which: int) -> None:
        self.choice = which
        self.accept()
