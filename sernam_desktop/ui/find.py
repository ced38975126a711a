"""Find (Ctrl+F) across the whole form: every field and every cell."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QToolButton, QWidget

from sernam_desktop.forms import FormDefinition
from sernam_desktop.store import Changed
from sernam_desktop.ui.session import FormSession


@dataclass(frozen=True)
class Match:
    section: str
    row_id: str | None
    field: str


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` (búsqueda ≈ busqueda)."""
    t = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in t if not unicodedata.combining(c))


def find_matches(form: FormDefinition, data: dict, query: str) -> list[Match]:
    q = fold(query.strip())
    if not q:
        return []
    out: list[Match] = []
    for sec in form.sections:
        if sec.is_table:
            for row in data.get(sec.key) or []:
                for col in sec.columns:
                    v = row.get(col.key, "")
                    if col.choices and v:
                        v = col.choices.label_of(v)
                    if q in fold(v):
                        out.append(Match(sec.key, row["id"], col.key))
        else:
            for f in sec.fields:
                if q in fold((data.get(sec.key) or {}).get(f.key, "")):
                    out.append(Match(sec.key, None, f.key))
    return out


class FindBar(QWidget):
    """A bar under the tabs: type, Enter = next, Shift+Enter = previous, Esc closes."""

    go_to = Signal(str, object, object)  # section, row_id, field
    closed = Signal()  # Esc / ✕: focus goes back to the cell that was found

    def __init__(self, session: FormSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("findBar")
        self.session = session
        self.matches: list[Match] = []
        self.pos = -1
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 2, 8, 2)
        lay.addWidget(QLabel(self.tr("Buscar:")))
        self.edit = QLineEdit(self)
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText(self.tr("texto a buscar en todo el formulario"))
        self.edit.setClearButtonEnabled(True)
        lay.addWidget(self.edit, 1)
        self.prev_button = QPushButton(self.tr("Anterior"), self)
        self.next_button = QPushButton(self.tr("Siguiente"), self)
        lay.addWidget(self.prev_button)
        lay.addWidget(self.next_button)
        self.count = QLabel(self)
        self.count.setMinimumWidth(120)
        lay.addWidget(self.count)
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip(self.tr("Cerrar la búsqueda (Esc)"))
        close.clicked.connect(self.close_bar)
        lay.addWidget(close)
        self.edit.textChanged.connect(self._recompute)
        self.edit.returnPressed.connect(self.next)
        self.next_button.clicked.connect(self.next)
        self.prev_button.clicked.connect(self.previous)
        QShortcut(QKeySequence("Shift+Return"), self.edit, self.previous)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        session.changed.connect(self._on_changed)
        self._update_label()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def current_match(self) -> Match | None:
        return self.matches[self.pos] if 0 <= self.pos < len(self.matches) else None

    def open(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def _on_changed(self, changed: Changed) -> None:
        if self.isVisible() and self.edit.text():
            self._recompute(keep_position=True)

    def _recompute(self, *_: object, keep_position: bool = False) -> None:
        old = self.matches[self.pos] if keep_position and 0 <= self.pos < len(self.matches) else None
        self.matches = find_matches(self.session.form, self.session.document(), self.edit.text())
        self.pos = self.matches.index(old) if old in self.matches else -1
        self._update_label()

    def _update_label(self) -> None:
        if not self.edit.text().strip():
            self.count.setText("")
        elif not self.matches:
            self.count.setText(self.tr("Sin resultados"))
        elif self.pos < 0:
            self.count.setText(self.tr("{0} resultado(s)").format(len(self.matches)))
        else:
            self.count.setText(self.tr("{0} de {1}").format(self.pos + 1, len(self.matches)))

    def _go(self, step: int) -> None:
        if not self.matches:
            self._update_label()
            return
        self.pos = (self.pos + step) % len(self.matches) if self.pos >= 0 else (
            0 if step > 0 else len(self.matches) - 1)
        self._update_label()
        m = self.matches[self.pos]
        self.go_to.emit(m.section, m.row_id, m.field)

    def next(self) -> None:  # noqa: A003
        self._go(1)

    def previous(self) -> None:
        self._go(-1)
