"""Cell editors of the generic table.

* :class:`TextDelegate` — wrapped multi-line text: rows grow to fit their
  text; Enter finishes, Alt+Enter / Ctrl+Enter (or Shift+Enter) insert a new
  line, Tab moves on, Escape cancels the edit and restores the text the cell
  had before.  While typing, the cell is committed after a short pause, and
  all commits of one editing session merge into a single undo step.  The
  editor never extends beyond the visible part of the table, so the cursor
  stays visible even in a row taller than the window.
* :class:`ChoiceDelegate` — the column's choice list with the choices'
  coloured marks; typing picks by word prefixes («no m» → «No medible aún»)
  and nothing changes until Enter (or a click in the list) confirms.

Missing required cells get a red dashed frame (not only a tint) and the
words found by Ctrl+F are highlighted inside the cell.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from sernam_desktop.forms import Field
from sernam_desktop.ui.session import new_edit_session
from sernam_desktop.ui.table_model import EDIT_SESSION_ROLE, MISSING_ROLE
from sernam_desktop.ui.widgets import IdleCommitter, dot_icon, fold, words_match  # noqa: F401

MISSING_BORDER = QColor("#c62828")
FIND_HIGHLIGHT = QColor("#ffe066")


def visible_rect(view: QWidget | None, rect: QRect) -> QRect:
    """``rect`` clipped to the visible part of the view's viewport."""
    vp = view.viewport() if isinstance(view, QAbstractItemView) else None
    if vp is None:
        return QRect(rect)
    clipped = rect.intersected(vp.rect())
    return clipped if clipped.isValid() and clipped.height() > 0 else QRect(rect)

CELL_PADDING = 6
EDITOR_MIN_LINES = 4


def wrapped_size(delegate: QStyledItemDelegate, option: QStyleOptionViewItem,
                 index: QModelIndex, reserve: int = 0) -> QSize:
    """Height of the cell's text wrapped to its column's width (rows grow to fit)."""
    text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
    view = delegate.parent()
    width = option.rect.width()
    if hasattr(view, "columnWidth"):
        width = view.columnWidth(index.column())
    width = max(40, width - 2 * CELL_PADDING - reserve)
    fm = QFontMetrics(option.font)
    rect = fm.boundingRect(QRect(0, 0, width, 1 << 20),
                           int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft),
                           text or " ")
    return QSize(width, rect.height() + 2 * CELL_PADDING)


class CellTextEdit(QPlainTextEdit):
    """The in-cell editor (a plain text box that knows its editing session)."""

    def __init__(self, parent: QWidget, multiline: bool):
        super().__init__(parent)
        self.multiline = multiline
        self.edit_session = new_edit_session()
        self.setTabChangesFocus(True)
        self.setFrameShape(QPlainTextEdit.Shape.Box)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setObjectName("cellEditor")
        self.original: str | None = None  # the cell's text when editing started
        self.cancelled = False


def paint_missing(painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
    """A red dashed frame and a «Falta» mark on a required cell that is empty."""
    if not index.data(MISSING_ROLE):
        return
    painter.save()
    pen = QPen(MISSING_BORDER, 2, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
    painter.setPen(MISSING_BORDER)
    painter.drawText(option.rect.adjusted(CELL_PADDING, CELL_PADDING, -CELL_PADDING, -CELL_PADDING),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                     QCoreApplication.translate("TextDelegate", "Falta"))
    painter.restore()


def paint_highlighted(painter: QPainter, option: QStyleOptionViewItem, text: str,
                      query: str) -> bool:
    """Draw ``text`` wrapped in the cell with every occurrence of ``query`` marked."""
    q = fold(query.strip())
    if not q or not text:
        return False
    hay = fold(text)
    spans = []
    start = hay.find(q)
    while start >= 0:
        spans.append((start, len(q)))
        start = hay.find(q, start + len(q))
    if not spans:
        return False
    doc = QTextDocument()
    doc.setDefaultFont(option.font)
    opt = QTextOption()
    opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(opt)
    doc.setDocumentMargin(0)
    doc.setPlainText(text)
    doc.setTextWidth(max(20, option.rect.width() - 2 * CELL_PADDING))
    fmt = QTextCharFormat()
    fmt.setBackground(FIND_HIGHLIGHT)
    fmt.setFontWeight(700)
    for pos, n in spans:
        cur = QTextCursor(doc)
        cur.setPosition(pos)
        cur.setPosition(pos + n, QTextCursor.MoveMode.KeepAnchor)
        cur.mergeCharFormat(fmt)
    painter.save()
    painter.translate(option.rect.left() + CELL_PADDING - 2, option.rect.top() + CELL_PADDING - 2)
    painter.setClipRect(QRect(0, 0, option.rect.width(), option.rect.height()))
    ctx = QAbstractTextDocumentLayout.PaintContext()
    ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.color(QPalette.ColorRole.Text))
    doc.documentLayout().draw(painter, ctx)
    painter.restore()
    return True


class TextDelegate(QStyledItemDelegate):
    def __init__(self, columns: tuple[Field, ...], parent: QObject | None = None):
        super().__init__(parent)
        self.columns = columns
        self.editors: set[CellTextEdit] = set()
        self.highlight = ""  # the text Ctrl+F is looking for
        self.closeEditor.connect(lambda ed, *_: self.editors.discard(ed))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        if self.highlight and fold(self.highlight.strip()) in fold(text):
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            opt.text = ""
            style = opt.widget.style() if opt.widget else None
            if style is not None:
                style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
            paint_highlighted(painter, option, text, self.highlight)
        else:
            super().paint(painter, option, index)
        paint_missing(painter, option, index)

    # --------------------------------------------------------- painting --
    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        return wrapped_size(self, option, index)

    # ---------------------------------------------------------- editing --
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex) -> QWidget:
        col = self.columns[index.column()]
        ed = CellTextEdit(parent, multiline=col.multiline)
        ed.setToolTip(col.help)
        ed.setProperty("cellIndex", QPersistentModelIndex(index))
        ed.cursorPositionChanged.connect(ed.ensureCursorVisible)
        committer = IdleCommitter(lambda e=ed: self._commit(e), ed)
        ed.textChanged.connect(committer.poke)
        ed.committer = committer  # type: ignore[attr-defined]
        self.editors.add(ed)
        ed.destroyed.connect(lambda *_, e=ed: self.editors.discard(e))
        return ed

    def _commit(self, ed: CellTextEdit) -> None:
        if ed in self.editors:
            self.commitData.emit(ed)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        value = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, CellTextEdit):
            if editor.original is None:
                editor.original = value
                if getattr(self.parent(), "replace_on_open", False):
                    editor.blockSignals(True)
                    editor.setPlainText(value)
                    editor.selectAll()  # the first key typed replaces the text
                    editor.blockSignals(False)
                    return
            if editor.toPlainText() != value:
                editor.blockSignals(True)
                editor.setPlainText(value)
                editor.moveCursor(editor.textCursor().MoveOperation.End)
                editor.blockSignals(False)
                QTimer.singleShot(0, editor.ensureCursorVisible)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: QModelIndex) -> None:
        if isinstance(editor, CellTextEdit):
            editor.committer.cancel()  # type: ignore[attr-defined]
            if editor.cancelled:
                return
            text = editor.toPlainText()
            if not editor.multiline:
                text = " ".join(text.splitlines())
            model.setData(index, (text, editor.edit_session), EDIT_SESSION_ROLE)
            return
        super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                             index: QModelIndex) -> None:
        # Never beyond the visible part of the table: in a row taller than the
        # window the editor scrolls inside itself and its cursor stays in view.
        view = self.parent()
        r = visible_rect(view, QRect(option.rect))
        min_h = editor.fontMetrics().lineSpacing() * EDITOR_MIN_LINES + 2 * CELL_PADDING
        if r.height() < min_h:
            r.setHeight(min_h)
            if isinstance(view, QAbstractItemView):
                vp_h = view.viewport().height()
                if r.bottom() > vp_h:
                    r.moveBottom(max(r.height() - 1, vp_h - 1))
        editor.setGeometry(r)
        if isinstance(editor, QPlainTextEdit):
            QTimer.singleShot(0, editor.ensureCursorVisible)

    def cancel(self, ed: CellTextEdit) -> None:
        """Esc: put back the text the cell had when editing started, close."""
        ed.committer.cancel()  # type: ignore[attr-defined]
        view = self.parent()
        index = ed.property("cellIndex")
        if ed.original is not None and isinstance(index, QPersistentModelIndex) \
                and index.isValid() and isinstance(view, QAbstractItemView):
            if str(index.data(Qt.ItemDataRole.EditRole) or "") != ed.original:
                view.model().setData(QModelIndex(index), (ed.original, ed.edit_session),
                                     EDIT_SESSION_ROLE)
        ed.cancelled = True
        self.closeEditor.emit(ed, QAbstractItemDelegate.EndEditHint.RevertModelCache)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if isinstance(obj, CellTextEdit) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, mods = event.key(), event.modifiers()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
                           | Qt.KeyboardModifier.AltModifier):
                    if obj.multiline:
                        obj.insertPlainText("\n")
                        obj.ensureCursorVisible()
                    return True
                self.commitData.emit(obj)
                self.closeEditor.emit(obj, QAbstractItemDelegate.EndEditHint.NoHint)
                return True
            if key == Qt.Key.Key_Escape:
                self.cancel(obj)
                return True
        return super().eventFilter(obj, event)

    def flush(self) -> None:
        """Commit every open editor now (window closing, tab switching)."""
        for ed in list(self.editors):
            self.commitData.emit(ed)


class ChoiceEditor(QComboBox):
    """The status editor: typing picks by word prefixes; Enter confirms.

    Nothing is written unless the choice is confirmed (Enter, Tab or a click in
    the list): a stray key never changes a status on its own.
    """

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("choiceEditor")
        self.typed = ""
        self.confirmed = False
        self._reset = QTimer(self)
        self._reset.setSingleShot(True)
        self._reset.setInterval(1500)
        self._reset.timeout.connect(self.clear_typed)

    def clear_typed(self) -> None:
        self.typed = ""

    def type_ahead(self, text: str) -> bool:
        """Add ``text`` to what was typed; select the first matching choice."""
        self._reset.start()
        candidate = (self.typed + text).lstrip()
        for i in range(1, self.count()):
            if words_match(candidate, self.itemText(i)):
                self.typed = candidate
                self.setCurrentIndex(i)
                return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        text = event.text()
        if text and text.isprintable() and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            self.type_ahead(text)
            return
        if event.key() == Qt.Key.Key_Backspace:
            self.typed = self.typed[:-1]
            return
        super().keyPressEvent(event)


class ChoiceDelegate(QStyledItemDelegate):
    """A drop-down editor for a ``choice`` column, with the coloured marks."""

    def __init__(self, columns: tuple[Field, ...], parent: QObject | None = None):
        super().__init__(parent)
        self.columns = columns

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        option.decorationAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        return wrapped_size(self, option, index, reserve=24)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex) -> QWidget:
        col = self.columns[index.column()]
        combo = ChoiceEditor(parent)
        combo.addItem(self.tr("— sin estado —"), "")
        if col.choices:
            for c in col.choices.items:
                combo.addItem(dot_icon(c.color), c.label, c.key)
        combo.setToolTip(self.tr("{0}\nEscriba el comienzo de las palabras («no m») y pulse "
                                 "Intro; Esc cancela.").format(col.help).strip())
        combo.activated.connect(lambda *_: self._finish(combo))
        return combo

    def _finish(self, combo: ChoiceEditor) -> None:
        combo.confirmed = True
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        if isinstance(editor, ChoiceEditor) and editor.typed:
            return  # keep what the type-ahead picked
        i = editor.findData(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.setCurrentIndex(max(0, i))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        if isinstance(editor, ChoiceEditor) and not editor.confirmed:
            return
        model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if isinstance(obj, ChoiceEditor) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab,
                               Qt.Key.Key_Backtab):
                obj.confirmed = True
            elif event.key() == Qt.Key.Key_Escape:
                obj.confirmed = False
        return super().eventFilter(obj, event)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        paint_missing(painter, option, index)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                             index: QModelIndex) -> None:
        r = QRect(option.rect)
        r.setHeight(max(editor.sizeHint().height(), min(r.height(), editor.sizeHint().height())))
        r.setWidth(max(r.width(), editor.sizeHint().width()))
        editor.setGeometry(r)
