"""The generic table model: one table section of the form definition.

Rows and columns come from ``session.form`` (never hard-coded); writes go
through the session (command layer); the model refreshes only from the
``Changed`` that the store reports.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from sernam_desktop.forms import Section
from sernam_desktop.store import Changed
from sernam_desktop.ui.session import FormSession
from sernam_desktop.ui.widgets import dot_icon

# setData with this role takes (text, edit session token): typing merges into one undo step
EDIT_SESSION_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 2
MISSING_ROLE = Qt.ItemDataRole.UserRole + 3  # True: a required cell that is empty
MISSING_BRUSH = QBrush(QColor("#fdecea"))


def _luminance(c: QColor) -> float:
    def chan(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * chan(c.redF()) + 0.7152 * chan(c.greenF()) + 0.0722 * chan(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1–21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@lru_cache(maxsize=64)
def _readable_name(color: str, background: str, ratio: float) -> str:
    c, bg = QColor(color), QColor(background)
    while contrast(c, bg) < ratio and (c.red() or c.green() or c.blue()):
        c = c.darker(110)
    return c.name()


def readable(color: str, background: str = "#ffffff", ratio: float = 4.5) -> QColor:
    """``color`` darkened just enough to reach ``ratio`` against ``background``."""
    return QColor(_readable_name(color, background, ratio))

_Index = QModelIndex | QPersistentModelIndex


class FormTableModel(QAbstractTableModel):
    reloaded = Signal()

    def __init__(self, session: FormSession, section: Section, parent=None):  # noqa: ANN001
        super().__init__(parent)
        self.session, self.section = session, section
        self.columns = section.columns
        self._column_of = {c.key: j for j, c in enumerate(self.columns)}
        self._rows: list[dict[str, str]] = []
        self._load()
        session.changed.connect(self._on_changed)

    # ------------------------------------------------------------ loading --
    def _load(self) -> None:
        # a copy of the session's rows (the session changes its own before telling us)
        self._rows = [dict(r) for r in self.session.rows(self.section.key)]
        self._row_index = {r["id"]: i for i, r in enumerate(self._rows)}

    def _on_changed(self, changed: Changed) -> None:
        """Update only the rows and cells ``changed`` names (values from the session)."""
        if self.section.key in changed.structure:
            self.beginResetModel()
            self._load()
            self.endResetModel()
            self.reloaded.emit()
            return
        spans: dict[int, list[int]] = {}  # row -> [first, last] column changed
        for row_id, col in changed.cells:
            i = self._row_index.get(row_id)
            if i is None or not self.section.has_field(col):
                continue
            self._rows[i][col] = self.session.cell_value(row_id, col)
            j = self._column_of[col]
            span = spans.setdefault(i, [j, j])
            span[0], span[1] = min(span[0], j), max(span[1], j)
        for i, (first, last) in sorted(spans.items()):  # one signal per row
            self.dataChanged.emit(self.index(i, first), self.index(i, last))

    # -------------------------------------------------------------- shape --
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def row_id(self, row: int) -> str:
        return self._rows[row]["id"]

    def row_of(self, row_id: str) -> int | None:
        return self._row_index.get(row_id)

    def value(self, row: int, col: int) -> str:
        return self._rows[row].get(self.columns[col].key, "")

    # --------------------------------------------------------------- data --
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        col = self.columns[index.column()]
        value = self._rows[index.row()].get(col.key, "")
        if role == Qt.ItemDataRole.DisplayRole:
            if col.kind == "choice" and col.choices:
                return col.choices.label_of(value) if value else ""
            return value
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.DecorationRole and col.kind == "choice" and col.choices:
            c = col.choices.get(value)
            return dot_icon(c.color) if c else None
        if role == Qt.ItemDataRole.ForegroundRole and col.kind == "choice" and col.choices:
            c = col.choices.get(value)
            return QBrush(readable(c.color)) if c else None
        if role == Qt.ItemDataRole.BackgroundRole and col.required and not value.strip():
            return MISSING_BRUSH
        if role == MISSING_ROLE:
            return bool(col.required and not value.strip())
        if role == Qt.ItemDataRole.ToolTipRole:
            if col.required and not value.strip():
                return self.tr("Falta «%1»").replace("%1", col.label)
            return None
        if role == ROW_ID_ROLE:
            return self._rows[index.row()]["id"]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            col = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return col.label
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"<b>{col.label}</b><br>{col.help}" if col.help else col.label
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.session.readonly:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def setData(self, index: _Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        edit_session = None
        if role == EDIT_SESSION_ROLE:
            value, edit_session = value
        elif role != Qt.ItemDataRole.EditRole:
            return False
        col = self.columns[index.column()]
        text = "" if value is None else str(value)
        if col.kind != "longtext":
            text = text.replace("\r", " ").replace("\n", " ") if col.kind == "text" else text
        return self.session.set_cell(self.row_id(index.row()), col.key, text, edit_session)
