"""Read-only lists of dict rows (the outbox and the central review lists).

Apart from :mod:`sernam_desktop.ui.widgets` so that the desktop app does not set
up these Qt classes before a dialog that shows such a list opens (start-up
time, issue 17).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class RowsTableModel(QAbstractTableModel):
    """A read-only table of dict rows with fixed column headers: subclasses set
    ``headers``, implement :meth:`load` (the rows) and ``data``."""

    headers: list[str]

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def load(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = self.load()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def rows_view(model: QAbstractTableModel, parent: QWidget, name: str) -> QTableView:
    """A table of whole rows (one selected at a time), columns sized to their
    contents: the outbox and the central review lists."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view
