"""The screen of a table section (Actividad 1.1–1.4): the generic table editor."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, Qt
from PySide6.QtGui import QAction, QFontMetrics, QKeyEvent, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QMessageBox,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop.commands import DeleteRow, InsertRow, MoveRow, duplicate_row
from sernam_desktop.forms import Section
from sernam_desktop.ui.delegates import ChoiceDelegate, TextDelegate
from sernam_desktop.ui.session import FormSession
from sernam_desktop.ui.table_model import FormTableModel
from sernam_desktop.ui.widgets import heading_label, help_label

ROW_HEADER_WIDTH = 36


class WrappingHeader(QHeaderView):
    """A horizontal header whose labels wrap onto several lines instead of being clipped."""

    PAD = 5

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(False)

    def _label(self, logical: int) -> str:
        m = self.model()
        return str(m.headerData(logical, self.orientation(), Qt.ItemDataRole.DisplayRole) or "") \
            if m is not None else ""

    def _wrapped_height(self, logical: int, width: int) -> int:
        fm = QFontMetrics(self.font())
        r = fm.boundingRect(QRect(0, 0, max(20, width - 2 * self.PAD), 10000),
                            int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft),
                            self._label(logical))
        return r.height() + 2 * self.PAD

    def sizeHint(self) -> QSize:  # noqa: N802
        base = super().sizeHint()
        m = self.model()
        if m is None:
            return base
        h = max([base.height()] + [self._wrapped_height(i, self.sectionSize(i))
                                   for i in range(m.columnCount())])
        return QSize(base.width(), h)

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:  # noqa: N802
        opt = QStyleOptionHeader()
        self.initStyleOption(opt)
        opt.rect = rect
        opt.section = logical
        opt.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, opt, painter, self)
        painter.restore()
        painter.save()
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        painter.drawText(rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD),
                         int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
                             | Qt.AlignmentFlag.AlignVCenter), self._label(logical))
        painter.restore()


class FormTableView(QTableView):
    """QTableView with spreadsheet keys: Enter/F2 edit, Tab moves, Delete clears nothing."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.state() != QAbstractItemView.State.EditingState
                and self.currentIndex().isValid()
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.edit(self.currentIndex())
            return
        super().keyPressEvent(event)


class TableScreen(QWidget):
    """Heading, help line, row toolbar and the table of one table section."""

    def __init__(self, session: FormSession, section: Section, parent: QWidget | None = None):
        super().__init__(parent)
        self.session, self.section = session, section
        self.setObjectName(f"screen_{section.key}")
        form = session.form
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 6)
        lay.setSpacing(6)
        obj = form.objective(section.objective) if section.objective else None
        if obj:
            o = help_label(self.tr("Objetivo {0}: {1}").format(obj.number, obj.title))
            lay.addWidget(o)
        title = f"{section.number}  {section.heading}" if section.number else section.heading
        lay.addWidget(heading_label(title))
        if section.help:
            lay.addWidget(help_label(section.help))

        self.model = FormTableModel(session, section, self)
        self.view = FormTableView(self)
        self.view.setHorizontalHeader(WrappingHeader(self.view))
        self.view.setObjectName(f"table_{section.key}")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(False)
        self.view.setTabKeyNavigation(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # columns are fitted to the width (relative widths from the definition)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked)
        self.text_delegate = TextDelegate(section.columns, self.view)
        self.choice_delegate = ChoiceDelegate(section.columns, self.view)
        for i, col in enumerate(section.columns):
            d = self.choice_delegate if col.kind == "choice" else self.text_delegate
            self.view.setItemDelegateForColumn(i, d)
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        hh.setStretchLastSection(True)
        hh.setHighlightSections(False)
        vh = self.view.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        vh.setMinimumWidth(ROW_HEADER_WIDTH)
        vh.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignTop)
        self.view.viewport().installEventFilter(self)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName(f"rows_{section.key}")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_by_name: dict[str, QAction] = {}
        self._add_action("add", self.tr("Agregar fila"), "Ctrl+Shift+A", self.add_row,
                         self.tr("Agrega una fila al final de la tabla"))
        self._add_action("insert", self.tr("Insertar fila arriba"), "Ctrl+Shift+I",
                         self.insert_row, self.tr("Inserta una fila sobre la fila actual"))
        self._add_action("duplicate", self.tr("Duplicar"), "Ctrl+Shift+D", self.duplicate_row,
                         self.tr("Copia la fila actual debajo de ella"))
        self._add_action("up", self.tr("Subir"), "Ctrl+Shift+Up", lambda: self.move_row(-1),
                         self.tr("Mueve la fila actual hacia arriba"))
        self._add_action("down", self.tr("Bajar"), "Ctrl+Shift+Down", lambda: self.move_row(1),
                         self.tr("Mueve la fila actual hacia abajo"))
        self.toolbar.addSeparator()
        self._add_action("delete", self.tr("Eliminar fila…"), "Ctrl+Delete", self.delete_row,
                         self.tr("Elimina la fila actual (pide confirmación)"))
        lay.addWidget(self.toolbar)
        lay.addWidget(self.view, 1)
        hint = help_label(self.tr(
            "Escriba directamente en la celda; Intro termina, Ctrl+Intro agrega una línea, "
            "Tab pasa a la celda siguiente. Los cambios se guardan solos."))
        hint.setObjectName("keyboardHint")
        lay.addWidget(hint)  # parent it before setVisible (else it would be a window)
        hint.setVisible(not session.readonly)

        self._pending_row: str | None = None
        self._pending_col = 0
        self.model.reloaded.connect(self._after_reload)
        self.model.modelReset.connect(self._update_actions)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self._update_actions()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))

    def _add_action(self, name: str, text: str, shortcut: str, slot, tip: str) -> None:  # noqa: ANN001
        a = QAction(text, self)
        a.setShortcut(QKeySequence(shortcut))
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.setToolTip(f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})")
        a.setStatusTip(tip)
        a.triggered.connect(slot)
        self.addAction(a)
        self.toolbar.addAction(a)
        self.actions_by_name[name] = a

    # ------------------------------------------------------------ layout --
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(obj, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # Ver → Letra más grande/pequeña
            self._fit_columns()

    def _fit_columns(self) -> None:
        total = sum(c.width for c in self.section.columns)
        avail = max(300, self.view.viewport().width() - 1)
        for i, c in enumerate(self.section.columns):
            self.view.setColumnWidth(i, max(90, int(avail * c.width / total)))
        self.view.horizontalHeader().updateGeometry()
        self.view.updateGeometries()
        self.view.resizeRowsToContents()

    # -------------------------------------------------------------- rows --
    def current_row(self) -> int | None:
        idx = self.view.currentIndex()
        return idx.row() if idx.isValid() else None

    def _update_actions(self) -> None:
        row = self.current_row()
        n = self.model.rowCount()
        editable = not self.session.readonly
        a = self.actions_by_name
        a["add"].setEnabled(editable)
        a["insert"].setEnabled(editable)
        a["duplicate"].setEnabled(editable and row is not None)
        a["delete"].setEnabled(editable and row is not None)
        a["up"].setEnabled(editable and row is not None and row > 0)
        a["down"].setEnabled(editable and row is not None and row < n - 1)

    def flush(self) -> None:
        self.text_delegate.flush()

    def _push(self, cmd, select_row: str | None) -> None:  # noqa: ANN001
        self.flush()
        col = self.view.currentIndex().column() if self.view.currentIndex().isValid() else 0
        self._pending_row, self._pending_col = select_row, max(0, col)
        if not self.session.push(cmd):
            self._pending_row = None

    def add_row(self) -> None:
        cmd = InsertRow(self.session.instance_id, self.section.key, None)
        self._push(cmd, cmd.row_id)
        self._pending_col = 0

    def insert_row(self) -> None:
        row = self.current_row()
        cmd = InsertRow(self.session.instance_id, self.section.key, row if row is not None else 0)
        self._push(cmd, cmd.row_id)

    def duplicate_row(self) -> None:
        row = self.current_row()
        if row is None:
            return
        self.flush()
        cmd = duplicate_row(self.session.store, self.session.instance_id, self.model.row_id(row))
        self._push(cmd, cmd.row_id)

    def move_row(self, delta: int) -> None:
        row = self.current_row()
        if row is None or not 0 <= row + delta < self.model.rowCount():
            return
        rid = self.model.row_id(row)
        self._push(MoveRow(self.session.instance_id, rid, row + delta), rid)

    def delete_row(self) -> None:
        row = self.current_row()
        if row is None:
            return
        self.flush()
        answer = QMessageBox.question(
            self, self.tr("Eliminar fila"),
            self.tr("¿Eliminar la fila {0} de {1}?\n\nPuede deshacerlo con Ctrl+Z.").format(
                row + 1, self.section.title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        rid = self.model.row_id(row)
        after = None
        if self.model.rowCount() > 1:
            after = self.model.row_id(row + 1 if row + 1 < self.model.rowCount() else row - 1)
        self._push(DeleteRow(self.session.instance_id, rid), after)

    def _after_reload(self) -> None:
        target = self._pending_row
        self._pending_row = None
        row = self.model.row_of(target) if target else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            col = min(self._pending_col, self.model.columnCount() - 1)
            self.view.setCurrentIndex(self.model.index(row, col))
            self.view.scrollTo(self.model.index(row, col))
        self.view.resizeRowsToContents()
        self._update_actions()

    def context_menu_at(self, pos) -> QMenu:  # noqa: ANN001
        """The row menu for a right click at ``pos`` (viewport coordinates)."""
        idx = self.view.indexAt(pos)
        if idx.isValid():
            self.view.setCurrentIndex(idx)
        menu = QMenu(self)
        for name in ("add", "insert", "duplicate", "up", "down"):
            menu.addAction(self.actions_by_name[name])
        menu.addSeparator()
        menu.addAction(self.actions_by_name["delete"])
        return menu

    def _context_menu(self, pos) -> None:  # noqa: ANN001
        menu = self.context_menu_at(pos)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # --------------------------------------------------------- locating --
    def focus_location(self, row_id: str | None, field: str | None) -> bool:
        row = self.model.row_of(row_id) if row_id else None
        if row is None:
            row = 0 if self.model.rowCount() else None
        if row is None:
            self.view.setFocus()
            return False
        col = self.section.keys().index(field) if field and self.section.has_field(field) else 0
        idx: QModelIndex = self.model.index(row, col)
        self.view.setCurrentIndex(idx)
        self.view.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtTop)
        self.view.setFocus()
        return True

    def set_readonly(self, readonly: bool) -> None:
        self._update_actions()
        if readonly:
            self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
