"""Cell editors of the generic table.

* :class:`TextDelegate` — wrapped multi-line text: rows grow to fit their
  text; Enter finishes, Ctrl+Enter (or Shift+Enter) inserts a new line, Tab
  moves on, Escape closes keeping what was typed.  While typing, the cell is
  committed after a short pause, and all commits of one editing session
  merge into a single undo step.
* :class:`ChoiceDelegate` — a drop-down of the column's choice list with the
  choices' coloured marks.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from sernam_desktop.forms import Field
from sernam_desktop.ui.session import new_edit_session
from sernam_desktop.ui.table_model import EDIT_SESSION_ROLE
from sernam_desktop.ui.widgets import IdleCommitter, dot_icon

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


class TextDelegate(QStyledItemDelegate):
    def __init__(self, columns: tuple[Field, ...], parent: QObject | None = None):
        super().__init__(parent)
        self.columns = columns
        self.editors: set[CellTextEdit] = set()
        self.closeEditor.connect(lambda ed, *_: self.editors.discard(ed))

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
            if editor.toPlainText() != value:
                editor.blockSignals(True)
                editor.setPlainText(value)
                editor.moveCursor(editor.textCursor().MoveOperation.End)
                editor.blockSignals(False)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: QModelIndex) -> None:
        if isinstance(editor, CellTextEdit):
            editor.committer.cancel()  # type: ignore[attr-defined]
            text = editor.toPlainText()
            if not editor.multiline:
                text = " ".join(text.splitlines())
            model.setData(index, (text, editor.edit_session), EDIT_SESSION_ROLE)
            return
        super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                             index: QModelIndex) -> None:
        r = QRect(option.rect)
        min_h = editor.fontMetrics().lineSpacing() * EDITOR_MIN_LINES + 2 * CELL_PADDING
        if r.height() < min_h:
            r.setHeight(min_h)
        editor.setGeometry(r)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if isinstance(obj, CellTextEdit) and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, mods = event.key(), event.modifiers()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
                    if obj.multiline:
                        obj.insertPlainText("\n")
                    return True
                self.commitData.emit(obj)
                self.closeEditor.emit(obj, QAbstractItemDelegate.EndEditHint.NoHint)
                return True
            if key == Qt.Key.Key_Escape:
                self.commitData.emit(obj)
                self.closeEditor.emit(obj, QAbstractItemDelegate.EndEditHint.NoHint)
                return True
        return super().eventFilter(obj, event)

    def flush(self) -> None:
        """Commit every open editor now (window closing, tab switching)."""
        for ed in list(self.editors):
            self.commitData.emit(ed)


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
        combo = QComboBox(parent)
        combo.addItem(self.tr("— sin estado —"), "")
        if col.choices:
            for c in col.choices.items:
                combo.addItem(dot_icon(c.color), c.label, c.key)
        combo.setToolTip(col.help)
        combo.activated.connect(lambda *_: self._finish(combo))
        return combo

    def _finish(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QAbstractItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        i = editor.findData(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.setCurrentIndex(max(0, i))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: QModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                             index: QModelIndex) -> None:
        r = QRect(option.rect)
        r.setHeight(max(editor.sizeHint().height(), min(r.height(), editor.sizeHint().height())))
        r.setWidth(max(r.width(), editor.sizeHint().width()))
        editor.setGeometry(r)
