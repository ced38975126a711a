"""The screen of a table section (Actividad 1.1–1.4): the generic table editor.

Under the table a resizable «Texto de la celda» pane (like Excel's formula
bar, but multi-line) shows and edits the current cell in full; F6 moves
between the table and the pane.  Spreadsheet habits: typing on a cell
replaces its text, F2/Intro edit at the end, Supr clears the selected cells,
Ctrl+C/Ctrl+V copy and paste blocks (tab-separated text or an HTML table
from Excel, LibreOffice or Word) — each paste or clear is one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QStyle,
    QStyleOptionHeader,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop.commands import Command, Composite, DeleteRow, InsertRow, MoveRow, SetCell, duplicate_row
from sernam_desktop.forms import Field, Section
from sernam_desktop.ui.clipboard import Block, parse_html_table, parse_tsv, to_html, to_tsv
from sernam_desktop.ui.delegates import (
    CELL_PADDING,
    ChoiceDelegate,
    TextDelegate,
    fold,
    words_match,
)
from sernam_desktop.ui.session import FormSession, new_edit_session
from sernam_desktop.ui.table_model import EDIT_SESSION_ROLE, FormTableModel
from sernam_desktop.ui.widgets import IdleCommitter, heading_label, help_label

ROW_HEADER_WIDTH = 36


def _paint_empty_section(header: QHeaderView, painter: QPainter, rect: QRect, logical: int) -> None:
    """The section's frame and background as the style draws it, without its text."""
    opt = QStyleOptionHeader()
    header.initStyleOption(opt)
    opt.rect = rect
    opt.section = logical
    opt.text = ""
    painter.save()
    header.style().drawControl(QStyle.ControlElement.CE_Header, opt, painter, header)
    painter.restore()


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
        _paint_empty_section(self, painter, rect, logical)
        painter.save()
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        painter.drawText(rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD),
                         int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
                             | Qt.AlignmentFlag.AlignVCenter), self._label(logical))
        painter.restore()


class RowHeader(QHeaderView):
    """Row numbers that stay in view: in a row taller than the window the
    number is drawn at the top of the row's visible part."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:  # noqa: N802
        _paint_empty_section(self, painter, rect, logical)
        visible = rect.intersected(self.viewport().rect())
        if not visible.isValid():
            return
        painter.save()
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        painter.drawText(visible.adjusted(2, 4, -2, -2),
                         int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                         str(logical + 1))
        painter.restore()


class FormTableView(QTableView):
    """QTableView with spreadsheet keys: typing replaces, Enter/F2 edit at the end."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        editing = self.state() == QAbstractItemView.State.EditingState
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not editing
                and self.currentIndex().isValid()
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.edit(self.currentIndex())
            return
        if (event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not editing
                and not event.modifiers()):
            screen = self.parent()
            while screen is not None and not isinstance(screen, TableScreen):
                screen = screen.parent()
            if screen is not None:
                screen.clear_selected()
                return
        super().keyPressEvent(event)

    def edit(self, index, trigger=None, event=None):  # noqa: ANN001, ANN201
        if trigger is None:
            return super().edit(index)
        # Excel: typing on a cell replaces its text (the delegate empties the
        # new editor before the key reaches it); F2 / Intro keep it and append.
        self.replace_on_open = trigger == QAbstractItemView.EditTrigger.AnyKeyPressed
        try:
            return super().edit(index, trigger, event)
        finally:
            self.replace_on_open = False


class CellPane(QWidget):
    """«Texto de la celda»: the current cell in full, editable (like a formula bar)."""

    def __init__(self, screen: TableScreen):
        super().__init__(screen)
        self.screen = screen
        self.setObjectName("cellPane")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 2, 0, 0)
        lay.setSpacing(2)
        self.caption = QLabel(self)
        self.caption.setObjectName("cellPaneCaption")
        self.caption.setWordWrap(True)
        lay.addWidget(self.caption)
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("cellPaneEdit")
        self.edit.setTabChangesFocus(True)
        self.edit.setAccessibleName(self.tr("Texto de la celda"))
        lay.addWidget(self.edit, 1)
        self.index = QModelIndex()
        self.edit_session = new_edit_session()
        self.original = ""
        self.committer = IdleCommitter(self.commit, self)
        self.edit.textChanged.connect(self._typed)
        self.edit.cursorPositionChanged.connect(self.edit.ensureCursorVisible)
        self.edit.installEventFilter(self)

    def show_index(self, index: QModelIndex) -> None:
        if self.committer.pending:
            self.commit()
        self.index = index
        model = self.screen.model
        if not index.isValid():
            self.caption.setText(self.tr("Texto de la celda"))
            self._set_text("")
            self.edit.setReadOnly(True)
            return
        col = model.columns[index.column()]
        self.caption.setText(self.tr("Texto de la celda — fila {0}, «{1}»").format(
            index.row() + 1, col.label))
        choice = col.kind == "choice"
        self.edit.setReadOnly(choice or self.screen.session.readonly)
        self.edit.setToolTip(self.tr("El estado se elige en la tabla (escriba su comienzo).")
                             if choice else self.tr("F6 vuelve a la tabla; Esc deshace lo "
                                                    "escrito aquí."))
        self._set_text(str(index.data(Qt.ItemDataRole.DisplayRole if choice
                                      else Qt.ItemDataRole.EditRole) or ""))
        self.original = self.edit.toPlainText()
        self.edit_session = new_edit_session()

    def refresh(self) -> None:
        """The cell changed in the store (typing in the cell, undo…)."""
        if self.index.isValid() and not self.committer.pending:
            col = self.screen.model.columns[self.index.column()]
            role = Qt.ItemDataRole.DisplayRole if col.kind == "choice" else Qt.ItemDataRole.EditRole
            value = str(self.index.data(role) or "")
            if value != self.edit.toPlainText():
                self._set_text(value)

    def _set_text(self, text: str) -> None:
        self.edit.blockSignals(True)
        self.edit.setPlainText(text)
        self.edit.blockSignals(False)

    def _typed(self) -> None:
        if self.edit.isReadOnly():
            return
        self.committer.poke()
        if self.index.isValid():
            self.screen.view.scrollTo(self.index)

    def commit(self) -> None:
        self.committer.cancel()
        if not self.index.isValid() or self.edit.isReadOnly():
            return
        self.screen.model.setData(self.index, (self.edit.toPlainText(), self.edit_session),
                                  EDIT_SESSION_ROLE)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.edit:
            if event.type() == QEvent.Type.FocusIn:
                self.edit_session = new_edit_session()
                self.original = self.edit.toPlainText()
            elif event.type() == QEvent.Type.FocusOut:
                self.committer.flush()
            elif event.type() == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                if event.key() == Qt.Key.Key_Escape:
                    if self.edit.toPlainText() != self.original and not self.edit.isReadOnly():
                        self._set_text(self.original)
                        self.commit()
                    self.screen.view.setFocus()
                    return True
                if event.key() == Qt.Key.Key_F6:
                    self.committer.flush()
                    self.screen.view.setFocus()
                    return True
        return False


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
        self.view.setVerticalHeader(RowHeader(self.view))
        self.view.setObjectName(f"table_{section.key}")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(False)
        self.view.setTabKeyNavigation(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # columns are fitted to the width (relative widths from the definition);
        # when their minimum widths cannot fit, a horizontal scrollbar appears
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
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
        hh.setStretchLastSection(False)
        hh.setHighlightSections(False)
        vh = self.view.verticalHeader()
        # Rows fit their wrapped text, but are measured only when something can
        # change a height (not ResizeToContents: that re-measures every row of the
        # table at each edit — 100 ms on a 500-row form): the edited row, all rows
        # after a reload, a column width or a font change.
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fitting = False
        self._refit_rows_pending = False
        hh.sectionResized.connect(self._column_resized)
        vh.setMinimumWidth(ROW_HEADER_WIDTH)
        vh.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignTop)
        self.view.viewport().installEventFilter(self)
        self.view.verticalScrollBar().installEventFilter(self)
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
        self.toolbar.addSeparator()
        self._add_action("copy", self.tr("Copiar"), "Ctrl+C", self.copy_cells,
                         self.tr("Copia las celdas seleccionadas"), in_toolbar=False)
        self._add_action("paste", self.tr("Pegar"), "Ctrl+V", self.paste_cells,
                         self.tr("Pega un bloque copiado de Excel, LibreOffice o una tabla de "
                                 "Word desde la celda actual (agrega filas si hace falta)"),
                         in_toolbar=False)
        self._add_action("clear", self.tr("Borrar celdas"), "Del", self.clear_selected,
                         self.tr("Vacía las celdas seleccionadas"), in_toolbar=False)
        self._add_action("pane", self.tr("Texto de la celda"), "F6", self.toggle_pane_focus,
                         self.tr("Pasa de la tabla al texto completo de la celda y vuelve"),
                         in_toolbar=False)
        for name in ("copy", "paste", "clear"):
            # the keys stay with the focused table/editor (copy inside a cell editor)
            self.actions_by_name[name].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.view.addAction(self.actions_by_name[name])
            self.removeAction(self.actions_by_name[name])
        lay.addWidget(self.toolbar)
        self.cell_pane = CellPane(self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("cellSplitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.cell_pane)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        line = self.fontMetrics().lineSpacing()
        self.splitter.setSizes([14 * line, 4 * line])
        lay.addWidget(self.splitter, 1)
        hint = help_label(self.tr(
            "Escriba sobre la celda para reemplazarla · F2 la edita · Alt+Intro: nueva línea · "
            "Esc cancela · F6: texto completo · Se guarda solo."))
        hint.setObjectName("keyboardHint")
        lay.addWidget(hint)  # parent it before setVisible (else it would be a window)
        hint.setVisible(not session.readonly)

        self._pending_row: str | None = None
        self._pending_col = 0
        self.model.reloaded.connect(self._after_reload)
        self.model.modelReset.connect(self._update_actions)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.view.selectionModel().currentChanged.connect(
            lambda cur, _prev: self.cell_pane.show_index(cur))
        self.model.dataChanged.connect(self._rows_changed)
        self.model.dataChanged.connect(lambda *_: self.cell_pane.refresh())
        self.model.modelReset.connect(lambda: self.cell_pane.show_index(self.view.currentIndex()))
        self._update_actions()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))

    def _add_action(self, name: str, text: str, shortcut: str, slot, tip: str,  # noqa: ANN001
                    in_toolbar: bool = True) -> None:
        a = QAction(text, self)
        a.setShortcut(QKeySequence(shortcut))
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.setToolTip(f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})")
        a.setStatusTip(tip)
        a.triggered.connect(slot)
        self.addAction(a)
        if in_toolbar:
            self.toolbar.addAction(a)
        self.actions_by_name[name] = a

    # ------------------------------------------------------------ layout --
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        elif obj is self.view.verticalScrollBar() and event.type() in (
                QEvent.Type.Show, QEvent.Type.Hide):
            # the viewport narrows/widens once the layout settles: fit again then
            QTimer.singleShot(0, self._refit_if_needed)
        return super().eventFilter(obj, event)

    def _rows_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, *_: object) -> None:
        for row in range(top_left.row(), bottom_right.row() + 1):
            self.view.resizeRowToContents(row)

    def _column_resized(self, *_: object) -> None:
        """A column dragged wider or narrower: its text wraps anew (once per burst)."""
        if self._fitting or self._refit_rows_pending:
            return
        self._refit_rows_pending = True
        QTimer.singleShot(0, self._refit_rows)

    def _refit_rows(self) -> None:
        self._refit_rows_pending = False
        self.view.resizeRowsToContents()

    def _refit_if_needed(self) -> None:
        widths = sum(self.view.columnWidth(i) for i in range(self.model.columnCount()))
        vp = self.view.viewport().width()
        if widths > vp or (widths < vp and self.view.horizontalScrollBar().isVisible()) \
                or widths < vp - 2:
            self._fit_columns()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # Ver → Letra más grande/pequeña
            self._fit_columns()

    def min_column_width(self, col: Field) -> int:
        """Narrowest width showing the header's longest word and, for a status
        column, the longest choice on one line (nothing cut or elided)."""
        fm = QFontMetrics(self.view.font())
        hfm = QFontMetrics(self.view.horizontalHeader().font())
        pad = 2 * WrappingHeader.PAD + 6
        w = max((hfm.horizontalAdvance(word) for word in col.label.split()), default=0) + pad
        if col.kind == "choice" and col.choices:
            w = max(w, max(fm.horizontalAdvance(c.label) for c in col.choices.items)
                    + 24 + 2 * CELL_PADDING + 8)
        else:
            w = max(w, fm.averageCharWidth() * 16)
        return w

    def _fit_columns(self) -> None:
        cols = self.section.columns
        total = sum(c.width for c in cols)
        avail = self.view.viewport().width()
        mins = [self.min_column_width(c) for c in cols]
        widths = [max(m, int(avail * c.width / total)) for m, c in zip(mins, cols)]
        excess = sum(widths) - avail
        if excess > 0:  # take it from the columns wider than their minimum
            slack = [w - m for w, m in zip(widths, mins)]
            total_slack = sum(slack)
            if total_slack > 0:
                cut = min(excess, total_slack)
                widths = [w - -(-cut * s // total_slack) if s else w for w, s in zip(widths, slack)]
                widths = [max(m, w) for m, w in zip(mins, widths)]
        # what rounding leaves goes to the widest column, never past the viewport
        spare = avail - sum(widths)
        if spare > 0:
            i = max(range(len(widths)), key=lambda k: cols[k].width)
            widths[i] += spare
        self._fitting = True
        try:
            for i, w in enumerate(widths):
                self.view.setColumnWidth(i, w)
        finally:
            self._fitting = False
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
        if self.cell_pane.committer.pending:
            self.cell_pane.commit()

    def toggle_pane_focus(self) -> None:
        if self.cell_pane.edit.hasFocus():
            self.cell_pane.committer.flush()
            self.view.setFocus()
        else:
            if self.view.state() == QAbstractItemView.State.EditingState:
                self.text_delegate.flush()
                self.view.setFocus()  # closes the in-cell editor (its text is kept)
            self.cell_pane.show_index(self.view.currentIndex())
            self.cell_pane.edit.setFocus()
            self.cell_pane.edit.moveCursor(self.cell_pane.edit.textCursor().MoveOperation.End)

    # ------------------------------------------------------- cell blocks --
    def selected_range(self) -> tuple[int, int, int, int] | None:
        """(top, left, bottom, right) of the selected cells (or the current cell)."""
        sel = self.view.selectionModel().selectedIndexes()
        if not sel:
            cur = self.view.currentIndex()
            if not cur.isValid():
                return None
            sel = [cur]
        rows = [i.row() for i in sel]
        cols = [i.column() for i in sel]
        return min(rows), min(cols), max(rows), max(cols)

    def _push_block(self, cmds: list[Command], label: str) -> bool:
        cmds = [c for c in cmds if c is not None]
        if not cmds:
            return False
        self.flush()
        return self.session.push(Composite(self.session.instance_id, label, cmds))

    def clear_selected(self) -> bool:
        """Supr: empty every selected cell — one undo step."""
        if self.session.readonly:
            return False
        r = self.selected_range()
        if r is None:
            return False
        top, left, bottom, right = r
        cmds: list[Command] = []
        for row in range(top, bottom + 1):
            for col in range(left, right + 1):
                if self.model.value(row, col):
                    cmds.append(SetCell(self.session.instance_id, self.model.row_id(row),
                                        self.model.columns[col].key, ""))
        n = len(cmds)
        ok = self._push_block(cmds, self.tr("Borrar {0} celda(s)").format(n))
        if ok:
            self._status(self.tr("Se vaciaron {0} celda(s). Ctrl+Z lo deshace.").format(n))
        return ok

    def copy_cells(self) -> None:
        r = self.selected_range()
        if r is None:
            return
        self.flush()
        top, left, bottom, right = r
        block = [[str(self.model.index(row, col).data(Qt.ItemDataRole.DisplayRole) or "")
                  for col in range(left, right + 1)] for row in range(top, bottom + 1)]
        mime = QMimeData()
        mime.setText(to_tsv(block))
        mime.setHtml(to_html(block))
        QGuiApplication.clipboard().setMimeData(mime)
        self._status(self.tr("Copiadas {0} celda(s).").format(
            (bottom - top + 1) * (right - left + 1)))

    def _choice_key(self, col: Field, text: str) -> str | None:
        if not text.strip():
            return ""
        assert col.choices is not None
        for c in col.choices.items:
            if fold(text.strip()) in (fold(c.label), fold(c.key)):
                return c.key
        for c in col.choices.items:
            if words_match(text, c.label):
                return c.key
        return None

    def paste_block(self, block: Block) -> bool:
        """Fill cells from the current one with ``block``; add rows as needed.

        One undo step.  Columns beyond the table's last one and status texts
        that match no choice are left out (the status bar says so)."""
        if self.session.readonly or not block:
            return False
        cur = self.view.currentIndex()
        top = cur.row() if cur.isValid() else self.model.rowCount()
        left = cur.column() if cur.isValid() else 0
        if self.view.selectionModel().selectedIndexes():
            r = self.selected_range()
            assert r is not None
            top, left = r[0], r[1]
        cols = self.model.columns
        uid = self.session.instance_id
        cmds: list[Command] = []
        skipped = dropped = 0
        added: list[str] = []
        for i, values in enumerate(block):
            cells: dict[str, str] = {}
            for j, raw in enumerate(values):
                c = left + j
                if c >= len(cols):
                    dropped += bool(raw.strip())
                    continue
                col = cols[c]
                value = raw
                if col.kind == "choice":
                    key = self._choice_key(col, raw)
                    if key is None:
                        skipped += 1
                        continue
                    value = key
                elif col.kind == "text":
                    value = " ".join(raw.split())
                cells[col.key] = value
            row = top + i
            if row < self.model.rowCount():
                rid = self.model.row_id(row)
                for k, v in cells.items():
                    if self.session.store.cell(rid, k) != v:
                        cmds.append(SetCell(uid, rid, k, v))
            else:
                ins = InsertRow(uid, self.section.key, None, cells)
                added.append(ins.row_id)
                cmds.append(ins)
        n = sum(len(v) for v in block)
        self._pending_row = self.model.row_id(top) if top < self.model.rowCount() else (
            added[0] if added else None)
        self._pending_col = left
        if not self._push_block(cmds, self.tr("Pegar {0} celda(s)").format(n)):
            self._pending_row = None
            return False
        msg = self.tr("Pegadas {0} fila(s) desde la fila {1}").format(len(block), top + 1)
        if added:
            msg += self.tr("; {0} fila(s) nueva(s)").format(len(added))
        if skipped:
            msg += self.tr("; {0} estado(s) no reconocido(s) quedaron sin cambiar").format(skipped)
        if dropped:
            msg += self.tr("; {0} celda(s) fuera de la tabla no se pegaron").format(dropped)
        self._status(msg + ".")
        self.view.resizeRowsToContents()
        return True

    def paste_cells(self) -> bool:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return False
        block: Block = []
        if mime.hasHtml():
            block = parse_html_table(mime.html())
        if not block and mime.hasText():
            block = parse_tsv(mime.text())
        if not block:
            return False
        return self.paste_block(block)

    def _status(self, text: str) -> None:
        win = self.window()
        bar = getattr(win, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 10000)

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
        self.cell_pane.show_index(self.view.currentIndex())
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
        for name in ("copy", "paste", "clear"):
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

    def set_highlight(self, text: str) -> None:
        """Mark ``text`` inside the cells (Ctrl+F); "" removes the marks."""
        if self.text_delegate.highlight != text:
            self.text_delegate.highlight = text
            self.view.viewport().update()

    def set_readonly(self, readonly: bool) -> None:
        self._update_actions()
        if readonly:
            self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
