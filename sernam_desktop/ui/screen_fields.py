"""The screen of a ``fields`` section (Encabezado, Objetivo 2, Notas…).

One editor per field of the definition, chosen by the field's kind: a line
for text/year, a growing text box for longtext, a drop-down for region
(north to south, name first, type-ahead without accents: «bio» → Biobío),
and for a date a DD-MM-AAAA line (also DD/MM/AAAA or ISO) with a calendar
(F4 or Alt+↓).  Dates are stored as ISO; impossible ones are refused.
Typing is committed after a short pause, on leaving the field and on close;
commits of one visit to a field merge into one undo step.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QEvent, QObject, QPoint, QRegularExpression, Qt, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop import regions
from sernam_desktop.dates import DISPLAY_FORMAT, DateError, parse_date, show_date
from sernam_desktop.forms import Field, Section
from sernam_desktop.store import Changed
from sernam_desktop.ui.session import FormSession, new_edit_session
from sernam_desktop.ui.widgets import (
    GrowingTextEdit,
    IdleCommitter,
    fold,
    heading_label,
    help_label,
    words_match,
)
from sernam_desktop.validation import value_problem

_PATTERNS = {"year": r"\d{0,4}", "date": r"[0-9][0-9/.\-]{0,9}"}
_PLACEHOLDERS = {"year": "AAAA", "date": DISPLAY_FORMAT}


class RegionCombo(QComboBox):
    """Region drop-down whose type-ahead ignores accents and matches any word
    («bio» → Biobío, «metro» → Metropolitana, «los r» → Los Ríos); the national
    value («Todas las regiones», last) is never picked by typing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.typed = ""
        self._reset = QTimer(self)
        self._reset.setSingleShot(True)
        self._reset.setInterval(1200)
        self._reset.timeout.connect(lambda: setattr(self, "typed", ""))

    def match(self, typed: str) -> int:
        t = fold(typed).strip()
        if not t:
            return -1
        for i in range(self.count()):
            code = self.itemData(i)
            if not code or code == regions.NATIONAL_CODE:
                continue
            if fold(self.itemText(i)).startswith(t) or words_match(typed, self.itemText(i)):
                return i
        return -1

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        if text and text.isprintable() and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            self._reset.start()
            i = self.match(self.typed + text)
            if i < 0 and not self.typed.endswith(" "):
                i = self.match(text)  # start again with this letter
                if i >= 0:
                    self.typed = ""
            if i >= 0:
                self.typed += text
                if i != self.currentIndex():
                    self.setCurrentIndex(i)
                    self.activated.emit(i)
            return
        super().keyPressEvent(event)


class DateEdit(QWidget):
    """A DD-MM-AAAA line with a calendar button (F4 / Alt+↓ open the calendar)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        self.line = QLineEdit(self)
        self.button = QToolButton(self)
        self.button.setObjectName("calendarButton")
        self.button.setText(self.tr("Calendario…"))
        self.button.setToolTip(self.tr("Elegir la fecha en un calendario (F4)"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        lay.addWidget(self.line)
        lay.addWidget(self.button)
        lay.addStretch(1)
        self.calendar: QtWidgets.QCalendarWidget | None = None  # made when first opened
        self.button.clicked.connect(self.open_calendar)
        self.on_picked = None  # callable(iso) set by the field editor

    def open_calendar(self) -> QtWidgets.QCalendarWidget:
        cal = self.calendar
        if cal is None:  # built once, then shown and hidden
            cal = QtWidgets.QCalendarWidget(self)
            cal.setWindowFlags(Qt.WindowType.Popup)
            cal.setObjectName("datePicker")
            cal.setGridVisible(True)
            cal.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            cal.activated.connect(self._pick)
            cal.clicked.connect(self._pick)
            self.calendar = cal
        try:
            iso = parse_date(self.line.text())
            cal.setSelectedDate(QtCore.QDate.fromString(iso, Qt.DateFormat.ISODate))
        except DateError:
            cal.setSelectedDate(QtCore.QDate.currentDate())
        cal.adjustSize()
        # below the line, or above it when the screen has no room below
        below = self.line.mapToGlobal(QPoint(0, self.line.height()))
        screen = self.screen()
        if screen is not None and below.y() + cal.height() > screen.availableGeometry().bottom():
            below = self.line.mapToGlobal(QPoint(0, -cal.height()))
        cal.move(below)
        cal.show()
        cal.setFocus()
        return cal

    def _pick(self, d: QtCore.QDate) -> None:
        iso = d.toString(Qt.DateFormat.ISODate)
        self.line.setText(show_date(iso))
        if self.calendar is not None:
            self.calendar.hide()
        self.line.setFocus()
        if self.on_picked is not None:
            self.on_picked(iso)


class FieldEditor(QObject):
    """Binds one definition field to its widget and to the command layer."""

    def __init__(self, session: FormSession, section: Section, field: Field, parent: QWidget):
        super().__init__(parent)
        self.session, self.section, self.field = session, section, field
        self.edit_session = new_edit_session()
        self.committer = IdleCommitter(self.commit, self)
        value = session.store.field_value(session.instance_id, section.key, field.key)
        self.container: QWidget | None = None  # what goes in the layout, when not the widget
        if field.kind == "region":
            w = RegionCombo(parent)
            w.addItem(self.tr("— elija la región —"), "")
            for r in regions.ui_choices():
                w.addItem(r.display, r.code)
            w.setCurrentIndex(max(0, w.findData(value)))
            w.activated.connect(lambda *_: self.commit())
        elif field.kind == "longtext":
            w = GrowingTextEdit(parent)
            w.setPlainText(value)
            w.textChanged.connect(self.committer.poke)
        else:
            if field.kind == "date":
                box = DateEdit(parent)
                box.on_picked = lambda _iso: (self._mark_problem(), self.commit())
                self.container = box
                w = box.line
                value = show_date(value)
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
            if isinstance(self.container, DateEdit):
                self.container.button.setEnabled(False)

    def stored_form(self, typed: str) -> tuple[str, str | None]:
        """(value to store, problem) for what is typed: dates become ISO."""
        if self.field.kind == "date" and typed:
            try:
                typed = parse_date(typed)
            except DateError as exc:
                return typed, str(exc)
        if typed:
            return typed, value_problem(self.field, typed)
        return typed, None

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
        self._mark_problem()

    def _mark_problem(self) -> None:
        """A year/date that is not valid yet gets a red frame and says why."""
        if self.field.kind not in ("year", "date"):
            return
        value = self.text().strip()
        problem = self.stored_form(value)[1] if value else None
        self.widget.setStyleSheet("QLineEdit { border: 2px solid #c62828; }" if problem else "")
        self.widget.setToolTip(
            self.tr("Aún no se guarda: {0}").format(problem) if problem else self.field.help)

    def problem(self) -> str | None:
        if self.field.kind in ("year", "date"):
            return self.stored_form(self.text().strip())[1]
        return value_problem(self.field, self.text().strip() if self.field.kind != "longtext"
                             else self.text())

    def commit(self) -> None:
        self.committer.cancel()
        if self.session.readonly:
            return
        value = self.text()
        if self.field.kind not in ("longtext", "text"):
            value = value.strip()
        if self.field.kind in ("year", "date") and value:
            value, problem = self.stored_form(value)
            if problem:
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
            elif (event.type() == QEvent.Type.KeyPress and isinstance(self.container, DateEdit)
                  and not self.session.readonly):
                assert isinstance(event, QtGui.QKeyEvent)
                if event.key() == Qt.Key.Key_F4 or (
                        event.key() == Qt.Key.Key_Down
                        and event.modifiers() & Qt.KeyboardModifier.AltModifier):
                    self.container.open_calendar()
                    return True
        return False

    def refresh(self) -> None:
        value = self.session.field_value(self.section.key, self.field.key)
        if self.field.kind == "date":
            typed = self.text().strip()
            if typed and self.stored_form(typed) == (value, None):
                return  # «1/2/2008» stays as typed while it means the stored date
            value = show_date(value)
        self.set_text(value)


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
            lay.addWidget(ed.container or ed.widget)
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
            if typed and ed.stored_form(typed)[1]:
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
