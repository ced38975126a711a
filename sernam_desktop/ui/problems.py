"""The problems panel: everything still missing, click to jump to it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from sernam_desktop.ui.session import DerivedState, FormSession
from sernam_desktop.ui.widgets import dot_icon
from sernam_desktop.validation import Issue

LOCATION_ROLE = Qt.ItemDataRole.UserRole + 10


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
        self.list.clear()
        self.list.setVisible(bool(issues))  # compact when nothing is missing
        if not issues:
            self.summary.setText(self.tr("No falta nada: el formulario está completo."))
            self.summary.setStyleSheet("color: #2e7d32; font-weight: bold;")
        else:
            self.summary.setText(self.tr("Falta completar {0} dato(s). Haga clic en uno para ir "
                                         "a él (F8: el siguiente).").format(len(issues)))
            self.summary.setStyleSheet("color: #b71c1c;")  # 6.6:1 on white
        for issue in issues:
            item = QListWidgetItem(dot_icon("#c62828"), issue.message)
            item.setData(LOCATION_ROLE, (issue.section, issue.row_id, issue.field))
            item.setToolTip(issue.location(self.session.form))
            self.list.addItem(item)

    def _activate(self, item: QListWidgetItem) -> None:
        section, row_id, field = item.data(LOCATION_ROLE)
        self.go_to.emit(section, row_id, field)
