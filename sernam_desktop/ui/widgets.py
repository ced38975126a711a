"""Small shared widgets and helpers of the desktop interface."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

from PySide6.QtCore import QObject, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from sernam_desktop.paths import user_home

IDLE_COMMIT_MS = 800  # "never lose a keystroke": commit after this much idle typing


def gui_settings() -> QSettings:
    """Window geometry, recent files, font size: an INI file in the user folder."""
    return QSettings(str(user_home() / "interfaz.ini"), QSettings.Format.IniFormat)


@lru_cache(maxsize=64)
def dot_icon(color: str, size: int = 12) -> QIcon:
    """A filled circle: the coloured mark of a status or a badge."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(color))
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.end()
    return QIcon(pm)


class IdleCommitter(QObject):
    """Calls ``fn`` once typing has paused for IDLE_COMMIT_MS (or on flush())."""

    def __init__(self, fn: Callable[[], None], parent: QObject | None = None,
                 ms: int = IDLE_COMMIT_MS):
        super().__init__(parent)
        self._fn = fn
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(ms)
        self._timer.timeout.connect(self._fire)

    def poke(self) -> None:
        self._timer.start()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def cancel(self) -> None:
        self._timer.stop()

    def flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._fn()

    def _fire(self) -> None:
        self._fn()


class GrowingTextEdit(QPlainTextEdit):
    """A multi-line text box that grows with its text (no inner scrollbar)."""

    def __init__(self, parent: QWidget | None = None, min_lines: int = 3, max_lines: int = 40):
        super().__init__(parent)
        self._min_lines, self._max_lines = min_lines, max_lines
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_: object) -> None:
        line = self.fontMetrics().lineSpacing()
        lines = max(self._min_lines, min(self._max_lines, int(self.document().size().height())))
        margins = self.contentsMargins()
        doc_margin = self.document().documentMargin()
        h = int(lines * line + 2 * doc_margin + margins.top() + margins.bottom() + 4)
        if self.height() != h:
            self.setFixedHeight(h)

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt API
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(400, self.height())


def heading_label(text: str, size_delta: int = 3) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    f = lab.font()
    f.setPointSize(max(8, f.pointSize() + size_delta))
    f.setBold(True)
    lab.setFont(f)
    lab.setProperty("headingDelta", size_delta)  # Ver → Letra más grande scales it too
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


def help_label(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setStyleSheet("color: #555555;")
    return lab


def banner(text: str, background: str = "#fff4cc", border: str = "#e0c060") -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setStyleSheet(
        f"QLabel {{ background: {background}; border: 1px solid {border}; "
        "border-radius: 4px; padding: 6px 10px; color: #333333; }")
    return lab


def fold(text: str) -> str:
    """Case- and accent-insensitive form (one character per character of ``text``)."""
    out = []
    for c in text:
        d = unicodedata.normalize("NFKD", c.casefold())
        base = "".join(x for x in d if not unicodedata.combining(x))
        out.append(base[:1] if base else c)
    return "".join(out)


def words_match(typed: str, label: str) -> bool:
    """Type-ahead: each typed word is the start of a later word of ``label``
    («no m» → «No medible aún», «parc» → «Cumple parcialmente»)."""
    t = fold(typed).split()
    words = fold(label).replace("(", " ").replace(")", " ").split()
    if not t:
        return False
    i = 0
    for w in words:
        if i < len(t) and w.startswith(t[i]):
            i += 1
    # a trailing space only means "the word is finished"
    return i == len(t)
