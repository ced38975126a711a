"""The screen of a ``fields`` section (Encabezado, Objetivo 2, Notas…).

One editor per field of the definition, chosen by the field's kind: a line
for text/year/date, a growing text box for longtext, a drop-down for region.
Typing is committed after a short pause, on leaving the field and on close;
commits of one visit to a field merge into one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop import regions
from sernam_desktop.forms import Field, Section
from sernam_desktop.store import Changed
from sernam_desktop.ui.session import FormSession, new_edit_session
from sernam_desktop.ui.widgets import GrowingTextEdit, IdleCommitter, heading_label, help_label
from sernam_desktop.validation import value_problem

_PATTERNS = {"year": r"\d{0,4}", "date": r"\d{0,4}(-\d{0,2}(-\d{0,2})?)?"}
_PLACEHOLDERS = {"year": "AAAA", "date": "AAAA-MM-DD"}


class FieldEditor(QObject):
    """Binds one definition field to its widget and to the command layer."""

    def __init__(self, session: FormSession, section: Section, field: Field, parent: QWidget):
        super().__init__(parent)
        self.session, self.section, self.field = session, section, field
        self.edit_session = new_edit_session()
        self.committer = IdleCommitter(self.commit, self)
        value = session.store.field_value(session.instance_id, section.key, field.key)
        if field.kind == "region":
            w = QComboBox(parent)
            w.addItem(self.tr("— elija la región —"), "")
            for r in regions.all_choices():
                w.addItem(r.display, r.code)
            w.setCurrentIndex(max(0, w.findData(value)))
            w.activated.connect(lambda *_: self.commit())
        elif field.kind == "longtext":
            w = GrowingTextEdit(parent)
            w.setPlainText(value)
            w.textChanged.connect(self.committer.poke)
        else:
            w = QLineEdit(parent)
            w.setText(value)
            if field.kind in _PATTERNS:
                w.setValidator(QRegularExpressionValidator(QRegularExpression(_PATTERNS[field.kind]), w))
                w.setPlaceholderText(_PLACEHOLDERS[field.kind])
                w.setMaximumWidth(160)
            w.textEdited.connect(lambda *_: self.committer.poke())
            w.textEdited.connect(lambda *_: self._mark_problem())
            w.editingFinished.connect(self.commit)
        w.setObjectName(f"field_{section.key}_{field.key}")
        w.setToolTip(field.help)
        w.setAccessibleName(field.label)
        self.widget = w
        w.installEventFilter(self)
        if session.readonly:
            if isinstance(w, QComboBox):
                w.setEnabled(False)
            else:
                w.setReadOnly(True)

    def text(self) -> str:
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentData() or ""
        if isinstance(w, GrowingTextEdit):
            return w.toPlainText()
        return w.text()

    def set_text(self, value: str) -> None:
        if self.text() == value:
            return
        w = self.widget
        w.blockSignals(True)
        try:
            if isinstance(w, QComboBox):
                w.setCurrentIndex(max(0, w.findData(value)))
            elif isinstance(w, GrowingTextEdit):
                w.setPlainText(value)
            else:
                w.setText(value)
        finally:
            w.blockSignals(False)

    def _mark_problem(self) -> None:
        """A year/date that is not valid yet gets a red frame and says why."""
        if self.field.kind not in ("year", "date"):
            return
        value = self.text().strip()
        problem = value_problem(self.field, value) if value else None
        self.widget.setStyleSheet("QLineEdit { border: 2px solid #c62828; }" if problem else "")
        self.widget.setToolTip(
            self.tr("Aún no se guarda: {0}").format(problem) if problem else self.field.help)

    def problem(self) -> str | None:
        return value_problem(self.field, self.text().strip() if self.field.kind != "longtext"
                             else self.text())

    def commit(self) -> None:
        self.committer.cancel()
        if self.session.readonly:
            return
        value = self.text()
        if self.field.kind not in ("longtext", "text"):
            value = value.strip()
        if self.field.kind in ("year", "date") and value and value_problem(self.field, value):
            return  # incomplete date/year: keep typing; the field stays as it was stored
        self.session.set_field(self.section.key, self.field.key, value, self.edit_session)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is getattr(self, "widget", None):
            if event.type() == QEvent.Type.FocusIn:
                self.edit_session = new_edit_session()
            elif event.type() == QEvent.Type.FocusOut:
                self.committer.flush()
                if isinstance(self.widget, GrowingTextEdit):
                    self.commit()
        return False

    def refresh(self) -> None:
        self.set_text(self.session.store.field_value(
            self.session.instance_id, self.section.key, self.field.key))


class FieldsScreen(QWidget):
    """Heading, help and one labelled editor per field of a ``fields`` section."""

    def __init__(self, session: FormSession, section: Section, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.section = session, section
        self.setObjectName(f"screen_{section.key}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll)
        body = QWidget()
        self.body_layout = lay = QVBoxLayout(body)
        lay.setContentsMargins(14, 10, 14, 10)
        lay.setSpacing(6)
        form = session.form
        obj = form.objective(section.objective) if section.objective else None
        if obj and obj.title != section.heading:
            lay.addWidget(help_label(self.tr("Objetivo {0}: {1}").format(obj.number, obj.title)))
        lay.addWidget(heading_label(section.heading or section.title))
        if section.help:
            lay.addWidget(help_label(section.help))
        self.extra_layout = QVBoxLayout()
        lay.addLayout(self.extra_layout)
        self.editors: dict[str, FieldEditor] = {}
        for f in section.fields:
            lab = QLabel(f.label + (" *" if f.required else ""))
            lab.setWordWrap(True)
            font = lab.font()
            font.setBold(True)
            lab.setFont(font)
            lay.addSpacing(6)
            lay.addWidget(lab)
            if f.help:
                lay.addWidget(help_label(f.help))
            ed = FieldEditor(session, section, f, body)
            lab.setBuddy(ed.widget)
            lay.addWidget(ed.widget)
            self.editors[f.key] = ed
        lay.addStretch(1)
        self.scroll.setWidget(body)
        session.changed.connect(self._on_changed)

    def _on_changed(self, changed: Changed) -> None:
        for sec, key in changed.fields:
            if sec == self.section.key and key in self.editors:
                self.editors[key].refresh()

    def flush(self) -> None:
        for ed in self.editors.values():
            if ed.committer.pending or ed.widget.hasFocus():
                ed.commit()

    def unsaved(self) -> list[tuple[str, str]]:
        """(field key, typed text) of year/date fields whose text is not valid
        yet, so it is not stored (everything else is saved as it is typed)."""
        out = []
        for key, ed in self.editors.items():
            if ed.field.kind not in ("year", "date"):
                continue
            typed = ed.text().strip()
            # an invalid value can never be the stored one: no need to ask the store
            if typed and value_problem(ed.field, typed):
                out.append((key, typed))
        return out

    def focus_location(self, row_id: str | None, field: str | None) -> bool:
        ed = self.editors.get(field or "") or next(iter(self.editors.values()), None)
        if ed is None:
            return False
        ed.widget.setFocus()
        self.scroll.ensureWidgetVisible(ed.widget)
        return True

    def set_readonly(self, readonly: bool) -> None:
        pass
