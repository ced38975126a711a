"""The central office's observations on a returned form, in the problems panel (issue 15).

Made by :func:`sernam_desktop.ui.outbox.install` when the open form has
observations not yet attended; each one jumps to its cell until marked attended.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from sernam_desktop import receipts

if TYPE_CHECKING:
    from sernam_desktop.ui.main_window import MainWindow

LOCATION_ROLE = Qt.ItemDataRole.UserRole + 11
ID_ROLE = Qt.ItemDataRole.UserRole + 12


class ReviewNotes(QGroupBox):
    """The central office's observations not yet attended; click one to go to its cell."""

    def __init__(self, win: MainWindow):
        super().__init__(win.tr("Observaciones de la oficina central"), win.problems)
        self.setObjectName("reviewNotes")
        self.win = win
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.list = QListWidget(self)
        self.list.setObjectName("reviewNotesList")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        lay.addWidget(self.list, 1)
        self.attend_button = QPushButton(self.tr("Marcar como atendida"), self)
        self.attend_button.setObjectName("attendNote")
        lay.addWidget(self.attend_button)
        self.list.itemActivated.connect(self._go)
        self.list.itemClicked.connect(self._go)
        self.attend_button.clicked.connect(self.attend)
        win.session.changed.connect(lambda _c: self.reload())
        self.reload()

    def reload(self) -> None:
        s = self.win.session
        notes = [] if s.closed else receipts.comments(s.store, s.instance_id)
        self.list.clear()
        for n in notes:
            where = n["location"] or n["section"]
            item = QListWidgetItem(f"{where}: {n['text']}")
            item.setData(LOCATION_ROLE, (n["section"], n["row_id"], n["field"]))
            item.setData(ID_ROLE, n["id"])
            item.setToolTip(self.tr("Revisión {0}. Haga clic para ir a la celda.").format(
                n["revision"]))
            item.setForeground(Qt.GlobalColor.darkRed)
            self.list.addItem(item)
        self.setVisible(bool(notes))
        self.attend_button.setEnabled(bool(notes) and not s.readonly)

    def _go(self, item: QListWidgetItem) -> None:
        section, row_id, field = item.data(LOCATION_ROLE)
        if section:
            self.win.go_to(section, row_id, field)

    def attend(self) -> None:
        item = self.list.currentItem() or self.list.item(0)
        if item is None:
            return
        s = self.win.session
        s.push(receipts.MarkCommentAttended(s.instance_id, item.data(ID_ROLE)))
