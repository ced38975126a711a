"""The problems panel: everything still missing, click to jump to it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop.ui.session import DerivedState, FormSession
from sernam_desktop.ui.widgets import dot_icon
from sernam_desktop.validation import Issue

LOCATION_ROLE = Qt.ItemDataRole.UserRole + 10


class _RememberedSizes(QStyledItemDelegate):
    """Item heights remembered per (text, width, font): when one item is added or
    removed the list lays out every item again, and word-wrapping each message
    anew cost milliseconds per change with a few dozen problems."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._sizes: dict[tuple, QSize] = {}

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802 - Qt API
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        key = (index.data(), option.rect.width(), option.font.toString(),
               option.decorationSize.width(), option.decorationSize.height())
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) > 4096:
                self._sizes.clear()
            size = self._sizes[key] = super().sizeHint(option, index)
        return QSize(size)


class ProblemsPanel(QDockWidget):
    """A dock listing :func:`~sernam_desktop.validation.completeness` issues."""

    go_to = Signal(str, object, object)  # section, row_id | None, field | None

    def __init__(self, session: FormSession, parent: QWidget | None = None):
        super().__init__(self.tr("Problemas"), parent)
        self.setObjectName("problemsPanel")
        self.session = session
        body = QWidget(self)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel(body)
        self.summary.setWordWrap(True)
        self.list = QListWidget(body)
        self.list.setObjectName("problemsList")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setItemDelegate(_RememberedSizes(self.list))
        lay.addWidget(self.summary)
        lay.addWidget(self.list, 1)
        self.setWidget(body)
        self.list.itemActivated.connect(self._activate)
        self.list.itemClicked.connect(self._activate)
        session.derived.connect(self._on_derived)
        self.set_issues(session.issues())

    def _on_derived(self, state: DerivedState) -> None:
        if state.issues_changed:  # the list is rebuilt only when what is missing changed
            self.set_issues(list(state.issues))

    def set_issues(self, issues: list[Issue]) -> None:
        """Show ``issues``, touching only the items that differ from those shown
        (one cell filled in is one item removed, not the list rebuilt)."""
        shown: list[Issue] = getattr(self, "_shown", [])
        self.list.setVisible(bool(issues))  # compact when nothing is missing
        if not issues:
            text = self.tr("No falta nada: el formulario está completo.")
            style = "color: #2e7d32; font-weight: bold;"
        else:
            text = self.tr("Falta completar {0} dato(s). Haga clic en uno para ir "
                           "a él (F8: el siguiente).").format(len(issues))
            style = "color: #b71c1c;"  # 6.6:1 on white
        if self.summary.text() != text:
            self.summary.setText(text)
        if self.summary.styleSheet() != style:
            self.summary.setStyleSheet(style)
        # the differing middle part: same issues before it, same issues after it
        start = 0
        while start < min(len(shown), len(issues)) and shown[start] == issues[start]:
            start += 1
        end_old, end_new = len(shown), len(issues)
        while end_old > start and end_new > start and shown[end_old - 1] == issues[end_new - 1]:
            end_old -= 1
            end_new -= 1
        for _ in range(end_old - start):
            self.list.takeItem(start)
        for k, issue in enumerate(issues[start:end_new]):
            item = QListWidgetItem(dot_icon("#c62828"), issue.message)
            item.setData(LOCATION_ROLE, (issue.section, issue.row_id, issue.field))
            item.setToolTip(issue.location(self.session.form))
            self.list.insertItem(start + k, item)
        self._shown = list(issues)

    def _activate(self, item: QListWidgetItem) -> None:
        section, row_id, field = item.data(LOCATION_ROLE)
        self.go_to.emit(section, row_id, field)
