"""Central office mode: merge regional bundles, track the 16 regions, resolve, report.

``CentralWindow(central_db_path, bundles=())`` opens (or creates) the central
database; the bundles given are merged at once.  Bundles or folders can be
dropped on the window or chosen with «Incorporar envíos…».  All the work is
done by :mod:`sernam_desktop.central`; this module only shows it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop import APP_DISPLAY_NAME
from sernam_desktop.bundle import SUFFIX
from sernam_desktop.central import (
    ACCEPTED,
    CONFLICT,
    DUPLICATE,
    KIND_REVISION,
    OLDER,
    REJECTED,
    CentralDB,
    Outcome,
)
from sernam_desktop.central_report import (
    conflict_diff,
    report_basis,
    state_label,
    write_report,
)
from sernam_desktop.dates import local_time
from sernam_desktop.errors import UserError
from sernam_desktop.regions import by_code
from sernam_desktop.ui.central_view import ConflictDiffDialog, FormViewDialog
from sernam_desktop.ui.widgets import dot_icon, heading_label, help_label

SITUATION_COLORS = {"faltante": "#9e9e9e", "recibido": "#2e7d32", "conflicto": "#c62828"}
OUTCOME_COLORS = {ACCEPTED: "#2e7d32", DUPLICATE: "#607d8b", OLDER: "#607d8b",
                  CONFLICT: "#c77700", REJECTED: "#c62828"}
CODE_ROLE = Qt.ItemDataRole.UserRole + 31


def _when(ts: str | None) -> str:
    """A stored (UTC) time in this computer's time zone."""
    return local_time(ts)


def _item(text: Any, align_right: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem("" if text is None else str(text))
    it.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if align_right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return it


class CentralWindow(QMainWindow):
    def __init__(self, central_db_path: Path, bundles: tuple | list = (),
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("centralWindow")
        self.central = CentralDB(Path(central_db_path))  # UserError if unusable
        self.path = Path(central_db_path)
        self.session_log: list[tuple[str, Outcome]] = []  # (time, outcome), this session
        self._quit_armed = False
        self.setWindowTitle(self.tr("Oficina central — {0}").format(APP_DISPLAY_NAME))
        self.setAcceptDrops(True)
        self._build()
        self.refresh()
        self.resize(1180, 760)
        if bundles:
            self.merge_paths([Path(b) for b in bundles])

    # ------------------------------------------------------------ layout --
    def _build(self) -> None:
        tb = QToolBar(self.tr("Acciones"), self)
        tb.setObjectName("centralToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(tb)
        def action(text: str, slot: Any, shortcut: Any = None) -> QAction:
            a = QAction(text, self)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(lambda _checked=False: slot())
            return a

        self.act_import = action(self.tr("&Incorporar envíos…"), self.choose_bundles,
                                 QKeySequence.StandardKey.Open)
        self.act_folder = action(self.tr("Incorporar &carpeta…"), self.choose_folder,
                                 "Ctrl+Shift+O")
        self.act_view = action(self.tr("&Ver formulario"), self.view_selected, "Ctrl+Return")
        self.act_report = action(self.tr("&Exportar informe consolidado…"), self.export_report,
                                 "Ctrl+E")
        # the PDF's full-text annex (every form in full, region by region): optional,
        # slow with many forms; the toolbar's check box and this menu item are one setting
        self.act_texts = QAction(self.tr("Informe con los &textos completos"), self)
        self.act_texts.setCheckable(True)
        self.act_texts.setToolTip(self.tr(
            "Agrega al PDF del informe cada formulario completo, región por región, con "
            "marcadores por región y servicio. Sin esto, el PDF es el resumen por región; el "
            "Excel trae siempre todas las filas y textos."))
        self.act_close = action(self.tr("C&errar"), self.close, "Ctrl+Q")
        self.act_compare = action(self.tr("&Comparar versiones…"), self.compare_selected,
                                  "Ctrl+D")
        self.act_view_a = action(self.tr("Ver versión &A"), lambda: self.view_conflict_version(0))
        self.act_view_b = action(self.tr("Ver versión &B"), lambda: self.view_conflict_version(1))
        self.act_use_a = action(self.tr("&Usar versión A como oficial…"),
                                lambda: self.resolve_selected(0))
        self.act_use_b = action(self.tr("Usar versión B como &oficial…"),
                                lambda: self.resolve_selected(1))
        self.act_go_regions = action(self.tr("&Regiones"), self.focus_regions, "Ctrl+1")
        self.act_go_log = action(self.tr("Registro de &importaciones"),
                                 lambda: self.focus_tab(0), "Ctrl+2")
        self.act_go_conflicts = action(self.tr("&Conflictos"), lambda: self.focus_tab(1),
                                       "Ctrl+3")
        self.act_go_year = action(self.tr("&Año…"), lambda: self.year_box.setFocus(), "Ctrl+Y")
        self.act_refresh = action(self.tr("Ac&tualizar"), self.refresh,
                                  QKeySequence.StandardKey.Refresh)
        mb = self.menuBar()
        m = mb.addMenu(self.tr("&Archivo"))
        m.addActions([self.act_import, self.act_folder])
        m.addSeparator()
        m.addAction(self.act_report)
        m.addAction(self.act_texts)
        m.addSeparator()
        m.addAction(self.act_close)
        m = mb.addMenu(self.tr("&Región"))
        m.addAction(self.act_view)
        self._review_menu = m  # issue 15: «Revisar envíos y acuses…» goes here too
        m = mb.addMenu(self.tr("&Conflictos"))
        m.addAction(self.act_compare)
        m.addActions([self.act_view_a, self.act_view_b])
        m.addSeparator()
        m.addActions([self.act_use_a, self.act_use_b])
        m = mb.addMenu(self.tr("&Ver"))
        m.addActions([self.act_go_regions, self.act_go_log, self.act_go_conflicts,
                      self.act_go_year])
        m.addSeparator()
        m.addAction(self.act_refresh)
        for a in (self.act_import, self.act_folder, self.act_view, self.act_report):
            tb.addAction(a)
        self.texts_box = QCheckBox(self.tr("con textos"), self)
        self.texts_box.setObjectName("reportTexts")
        self.texts_box.setToolTip(self.act_texts.toolTip())
        self.texts_box.toggled.connect(self.act_texts.setChecked)
        self.act_texts.toggled.connect(self.texts_box.setChecked)
        tb.addWidget(self.texts_box)
        # issue 15: approve / return, receipts, keys (ui/review_dialog.py)
        self.act_review = QAction(self.tr("Revisar envíos y acuses…"), self)
        self.act_review.setObjectName("reviewSubmissions")
        self.act_review.setShortcut("Ctrl+R")
        self.act_review.triggered.connect(self.show_review)
        tb.addAction(self.act_review)
        self._review_menu.addAction(self.act_review)
        tb.addSeparator()
        year_label = QLabel(self.tr("  Año: "))
        tb.addWidget(year_label)
        self.year_box = QComboBox(self)
        self.year_box.setObjectName("yearBox")
        year_label.setBuddy(self.year_box)
        self.year_box.setMinimumWidth(90)
        self.year_box.currentIndexChanged.connect(lambda _i: self.refresh_tracker())
        tb.addWidget(self.year_box)

        root = QWidget(self)
        lay = QVBoxLayout(root)
        lay.setContentsMargins(14, 10, 14, 8)
        self.title = heading_label(self.tr("Seguimiento de las regiones"), 4)
        lay.addWidget(self.title)
        self.summary = help_label("")
        self.summary.setObjectName("centralSummary")
        lay.addWidget(self.summary)

        split = QSplitter(Qt.Orientation.Vertical, root)
        self.tracker = QTableWidget(0, 9, split)
        self.tracker.setObjectName("regionTracker")
        self.tracker.setHorizontalHeaderLabels([
            self.tr("Región"), self.tr("Situación"), self.tr("Formularios"),
            self.tr("Revisión"), self.tr("Recibido"), self.tr("Estado"),
            self.tr("Completos"), self.tr("Datos faltantes"), self.tr("Conflictos")])
        self._table_defaults(self.tracker)
        self.tracker.doubleClicked.connect(lambda _i: self.view_selected())
        self.tracker.installEventFilter(self)
        self.tracker.itemSelectionChanged.connect(self._update_actions)
        split.addWidget(self.tracker)

        self.tabs = QTabWidget(split)
        # import log
        self.log_table = QTableWidget(0, 4)
        self.log_table.setObjectName("importLog")
        self.log_table.setHorizontalHeaderLabels([
            self.tr("Fecha"), self.tr("Archivo"), self.tr("Resultado"), self.tr("Detalle")])
        self._table_defaults(self.log_table)
        self.log_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.log_table, self.tr("Registro de importaciones"))
        # conflicts
        conf = QWidget()
        cl = QVBoxLayout(conf)
        cl.setContentsMargins(6, 6, 6, 6)
        self.conflict_table = QTableWidget(0, 6)
        self.conflict_table.setObjectName("conflicts")
        self.conflict_table.setHorizontalHeaderLabels([
            self.tr("N°"), self.tr("Región"), self.tr("Servicio"), self.tr("Tipo"),
            self.tr("Versión A"), self.tr("Versión B")])
        self._table_defaults(self.conflict_table)
        self.conflict_table.horizontalHeader().setStretchLastSection(True)
        self.conflict_table.itemSelectionChanged.connect(self._update_actions)
        self.conflict_table.doubleClicked.connect(lambda _i: self.compare_selected())
        self.conflict_table.installEventFilter(self)
        cl.addWidget(self.conflict_table)
        row = QHBoxLayout()
        self.btn_compare = QPushButton(self.tr("Comparar versiones…"))
        self.btn_compare.clicked.connect(self.compare_selected)
        row.addWidget(self.btn_compare)
        self.btn_view_a = QPushButton(self.tr("Ver versión A"))
        self.btn_view_b = QPushButton(self.tr("Ver versión B"))
        self.btn_use_a = QPushButton(self.tr("Usar versión A como oficial"))
        self.btn_use_b = QPushButton(self.tr("Usar versión B como oficial"))
        self.btn_view_a.clicked.connect(lambda: self.view_conflict_version(0))
        self.btn_view_b.clicked.connect(lambda: self.view_conflict_version(1))
        self.btn_use_a.clicked.connect(lambda: self.resolve_selected(0))
        self.btn_use_b.clicked.connect(lambda: self.resolve_selected(1))
        for b in (self.btn_view_a, self.btn_view_b):
            row.addWidget(b)
        row.addStretch(1)
        for b in (self.btn_use_a, self.btn_use_b):
            row.addWidget(b)
        cl.addLayout(row)
        self.tabs.addTab(conf, self.tr("Conflictos"))
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([470, 230])
        lay.addWidget(split, 1)

        hint = help_label(self.tr(
            "Arrastre aquí los envíos (.sernam) o una carpeta que los contenga. "
            "Doble clic o Intro en una región para ver su formulario. Nada se borra: "
            "cada revisión recibida queda en el historial."))
        lay.addWidget(hint)
        self.setCentralWidget(root)
        self.statusBar().showMessage(self.tr("Base central: {0}").format(self.path))

    def _table_defaults(self, t: QTableWidget) -> None:
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.verticalHeader().setVisible(False)
        t.setAlternatingRowColors(True)
        t.setWordWrap(False)
        t.horizontalHeader().setHighlightSections(False)
        t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 10)

    # ---------------------------------------------------------- refresh --
    def refresh(self) -> None:
        years = self.central.years()
        cur = self.year_box.currentData()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for y in years:
            self.year_box.addItem(str(y), y)
        if cur in years:
            self.year_box.setCurrentIndex(years.index(cur))
        self.year_box.blockSignals(False)
        self.refresh_tracker()
        self.refresh_log()
        self.refresh_conflicts()

    def selected_year(self) -> int | None:
        return self.year_box.currentData()

    def refresh_tracker(self) -> None:
        st = self.central.status(self.selected_year())
        self.status = st
        regions = [r for r in st["regions"] if r["code"] != "00" or r["forms"]]
        t = self.tracker
        t.setRowCount(len(regions))
        situation = {"faltante": self.tr("Falta"), "recibido": self.tr("Recibido"),
                     "conflicto": self.tr("Conflicto")}
        for i, r in enumerate(regions):
            name = _item(r["short"])  # short names fit a 1024-pixel screen; full in the tip
            name.setToolTip(r["name"])
            name.setData(CODE_ROLE, r["code"])
            t.setItem(i, 0, name)
            s = _item(situation[r["state"]])
            s.setIcon(dot_icon(SITUATION_COLORS[r["state"]]))
            t.setItem(i, 1, s)
            t.setItem(i, 2, _item(r["forms"] or "", True))
            t.setItem(i, 3, _item(r["revision"] if r["revision"] is not None else "", True))
            t.setItem(i, 4, _item(_when(r["received_at"])))
            t.setItem(i, 5, _item(state_label(r["form_state"])))
            t.setItem(i, 6, _item(self.tr("{0} de {1}").format(r["complete"], r["forms"])
                                  if r["forms"] else ""))
            t.setItem(i, 7, _item(r["missing"] if r["forms"] else "", True))
            t.setItem(i, 8, _item(r["conflicts"] or "", True))
        t.resizeColumnsToContents()
        t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        received = sum(1 for r in st["regions"] if r["code"] != "00" and r["forms"])
        if st["anio"] is None:
            self.summary.setText(self.tr(
                "Todavía no se ha incorporado ningún envío. Arrastre aquí los archivos "
                ".sernam que enviaron las regiones."))
        else:
            self.summary.setText(self.tr(
                "Año {0}: {1} de 16 regiones con formulario · {2} sin envío · "
                "{3} conflicto(s) por resolver · {4} versión(es) en el historial.").format(
                    st["anio"], received, len(st["missing_regions"]), st["open_conflicts"],
                    st["submissions"]))
        self._update_actions()

    def refresh_log(self) -> None:
        rows: list[tuple[str, str, str, str]] = []
        for ts, o in reversed(self.session_log):
            if o.kind == REJECTED:  # rejected bundles never reach the database
                rows.append((ts, o.name, o.kind, o.detail))
        rows.sort(key=lambda r: r[0], reverse=True)
        db_rows = [(r["at"], r["file_name"], r["outcome"], r["message"])
                   for r in self.central.imports(500)]
        merged = sorted(rows + db_rows, key=lambda r: r[0], reverse=True)
        labels = {ACCEPTED: self.tr("Aceptado"), DUPLICATE: self.tr("Duplicado"),
                  OLDER: self.tr("Anterior"), CONFLICT: self.tr("Conflicto"),
                  REJECTED: self.tr("Rechazado")}
        t = self.log_table
        t.setRowCount(len(merged))
        for i, (ts, name, kind, detail) in enumerate(merged):
            t.setItem(i, 0, _item(_when(ts)))
            t.setItem(i, 1, _item(name))
            res = _item(labels.get(kind, kind))
            res.setIcon(dot_icon(OUTCOME_COLORS.get(kind, "#607d8b")))
            t.setItem(i, 2, res)
            d = _item(detail)
            d.setToolTip(detail)
            t.setItem(i, 3, d)
        t.resizeColumnsToContents()
        t.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def refresh_conflicts(self) -> None:
        self.conflicts = self.central.conflicts()
        t = self.conflict_table
        t.setRowCount(len(self.conflicts))
        for i, c in enumerate(self.conflicts):
            r = by_code(c["region"])
            kind, kind_tip = ((self.tr("Misma revisión, otro contenido"),
                               self.tr("Misma revisión con distinto contenido"))
                              if c["kind"] == KIND_REVISION else
                              (self.tr("Dos formularios"),
                               self.tr("Dos formularios del mismo servicio, región y año")))
            t.setItem(i, 0, _item(c["id"], True))
            t.setItem(i, 1, _item(r.short if r else c["region"]))
            t.setItem(i, 2, _item(c["servicio"]))
            k = _item(kind)
            k.setToolTip(kind_tip)
            t.setItem(i, 3, k)
            for col, sid in ((4, c["submission_a"]), (5, c["submission_b"])):
                s = self.central.submission(sid)
                v = _item(self.tr("rev. {0} · {1}").format(s["revision"], _when(s["received_at"])))
                v.setToolTip(self.tr("Archivo «{0}», formulario {1}, exportado {2}").format(
                    s["bundle_name"], s["instance_uuid"][:8], _when(s["exported_at"])))
                t.setItem(i, col, v)
        t.resizeColumnsToContents()
        n = len(self.conflicts)
        self.tabs.setTabText(1, self.tr("Conflictos ({0})").format(n) if n
                             else self.tr("Conflictos"))
        if n and self.conflict_table.currentRow() < 0:
            self.conflict_table.selectRow(0)
        self._update_actions()

    def _update_actions(self) -> None:
        code = self.selected_region()
        has_form = False
        if code is not None and getattr(self, "status", None):
            has_form = any(r["code"] == code and r["forms"] for r in self.status["regions"])
        self.act_view.setEnabled(has_form)
        self.act_report.setEnabled(bool(getattr(self, "status", None)
                                        and self.status["anio"] is not None))
        on = self.selected_conflict() is not None
        for b in (self.btn_compare, self.btn_view_a, self.btn_view_b, self.btn_use_a,
                  self.btn_use_b, self.act_compare, self.act_view_a, self.act_view_b,
                  self.act_use_a, self.act_use_b):
            b.setEnabled(on)

    # ---------------------------------------------------------- merging --
    def merge_paths(self, paths: list[Path]) -> list[Outcome]:
        from sernam_desktop.store import now_iso

        error = ""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        dlg, step = self._progress(self.tr("Incorporando envíos…"))
        try:
            outcomes = self.central.merge_paths(
                paths, on_progress=lambda done, total: step(done, total, ""))
        except UserError as exc:
            outcomes, error = [], str(exc)
        finally:
            dlg.reset()
            dlg.deleteLater()
            QApplication.restoreOverrideCursor()
        if error:
            QMessageBox.warning(self, APP_DISPLAY_NAME, error)
            return []
        ts = now_iso()
        self.session_log.extend((ts, o) for o in outcomes)
        self.refresh()
        counts: dict[str, int] = {}
        for o in outcomes:
            counts[o.kind] = counts.get(o.kind, 0) + 1
        labels = {ACCEPTED: self.tr("aceptado(s)"), DUPLICATE: self.tr("duplicado(s)"),
                  OLDER: self.tr("anterior(es)"), CONFLICT: self.tr("en conflicto"),
                  REJECTED: self.tr("rechazado(s)")}
        msg = ", ".join(f"{n} {labels[k]}" for k, n in counts.items())
        self.statusBar().showMessage(self.tr("Envíos incorporados: {0}.").format(msg))
        self.tabs.setCurrentIndex(1 if counts.get(CONFLICT) else 0)
        return outcomes

    def choose_bundles(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Incorporar envíos regionales"), str(Path.home()),
            self.tr("Envíos de sernam-desktop (*{0});;Todos los archivos (*)").format(SUFFIX))
        if files:
            self.merge_paths([Path(f) for f in files])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Carpeta con envíos regionales"), str(Path.home()))
        if folder:
            self.merge_paths([Path(folder)])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.merge_paths(paths)

    def show_review(self) -> QDialog:
        """Issue 15: the review dialog; the tracker refreshes when it closes."""
        from sernam_desktop.ui.review_dialog import ReviewDialog

        dlg = ReviewDialog(self.central, self)
        dlg.finished.connect(lambda _r: self.refresh())
        dlg.open()
        self.review_dialog = dlg
        return dlg

    # ---------------------------------------------------------- viewing --
    def selected_region(self) -> str | None:
        row = self.tracker.currentRow()
        if row < 0 or not self.tracker.item(row, 0):
            return None
        return self.tracker.item(row, 0).data(CODE_ROLE)

    def view_selected(self) -> FormViewDialog | None:
        code = self.selected_region()
        return self.open_region(code) if code else None

    def open_region(self, code: str) -> FormViewDialog | None:
        """Show the official form of a region (asks which one if there are several)."""
        rows = self.central.current(self.selected_year(), code)
        if not rows:
            return None
        row = rows[0]
        if len(rows) > 1:
            from PySide6.QtWidgets import QInputDialog

            # one distinct line per form (two forms may share service and revision)
            names = [self.tr("{0} — revisión {1}, recibida {2} (versión {3}, formulario {4})")
                     .format(r["servicio"], r["revision"], _when(r["received_at"]), r["id"],
                             r["instance_uuid"][:8]) for r in rows]
            choice, ok = QInputDialog.getItem(
                self, self.tr("Ver formulario"), self.tr("Esta región tiene varios formularios:"),
                names, 0, False)
            if not ok or choice not in names:
                return None
            row = rows[names.index(choice)]
        return self._show_submission(row["id"])

    def _show_submission(self, sid: int, note: str = "") -> FormViewDialog:
        s = self.central.submission(sid)
        region = by_code(s["region"])
        title = self.tr("{0} — {1}, revisión {2} (solo lectura)").format(
            region.name if region else s["region"], s["servicio"], s["revision"])
        if not note:
            note = self.tr(" · revisión {0}, recibida {1}").format(
                s["revision"], _when(s["received_at"]))
        dlg = FormViewDialog(self.central.document(sid), title, note, self)
        dlg.setModal(False)
        dlg.show()
        self._last_view = dlg
        return dlg

    def focus_regions(self) -> None:
        self.tracker.setFocus()
        if self.tracker.currentRow() < 0 and self.tracker.rowCount():
            self.tracker.selectRow(0)

    def focus_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        t = (self.log_table, self.conflict_table)[index]
        t.setFocus()
        if t.currentRow() < 0 and t.rowCount():
            t.selectRow(0)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Enter on a region opens its form; Enter on a conflict compares its versions."""
        if event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            if obj is self.tracker:
                self.view_selected()
                return True
            if obj is self.conflict_table:
                self.compare_selected()
                return True
        return super().eventFilter(obj, event)

    # -------------------------------------------------------- conflicts --
    def compare_selected(self) -> ConflictDiffDialog | None:
        """Both versions of the selected conflict side by side; may resolve it."""
        c = self.selected_conflict()
        if c is None:
            return None
        try:
            diff = conflict_diff(self.central, c["id"])
        except UserError as exc:
            QMessageBox.warning(self, APP_DISPLAY_NAME, str(exc))
            return None
        dlg = ConflictDiffDialog(diff, self)
        self._last_diff = dlg
        dlg.finished.connect(lambda _r: self._after_diff(dlg))
        dlg.open()
        return dlg

    def _after_diff(self, dlg: ConflictDiffDialog) -> None:
        if dlg.choice is not None:
            self.resolve_selected(dlg.choice)

    def selected_conflict(self) -> dict[str, Any] | None:
        row = self.conflict_table.currentRow()
        conflicts = getattr(self, "conflicts", [])
        if 0 <= row < len(conflicts):
            return conflicts[row]
        return None

    def view_conflict_version(self, which: int) -> FormViewDialog | None:
        c = self.selected_conflict()
        if c is None:
            return None
        sid = (c["submission_a"], c["submission_b"])[which]
        return self._show_submission(sid, self.tr(" · versión {0} del conflicto {1}").format(
            "AB"[which], c["id"]))

    def resolve_selected(self, which: int) -> bool:
        c = self.selected_conflict()
        if c is None:
            return False
        sid = (c["submission_a"], c["submission_b"])[which]
        s = self.central.submission(sid)
        answer = QMessageBox.question(
            self, self.tr("Elegir versión oficial"),
            self.tr("¿Usar la versión {0} (revisión {1}, archivo «{2}») como la oficial de "
                    "{3}? La otra versión se conserva en el historial.").format(
                        "AB"[which], s["revision"], s["bundle_name"],
                        by_code(c["region"]).name if by_code(c["region"]) else c["region"]))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.central.resolve(c["id"], sid)
        except UserError as exc:
            QMessageBox.warning(self, APP_DISPLAY_NAME, str(exc))
            return False
        self.refresh()
        self.statusBar().showMessage(self.tr("Conflicto {0} resuelto.").format(c["id"]))
        return True

    # -------------------------------------------------------- progress --
    def _progress(self, title: str) -> tuple[QProgressDialog, Any]:
        """A progress bar for work that lasts over a second (shown only then), and the
        ``(done, total, what)`` callback that moves it."""
        dlg = QProgressDialog(title, "", 0, 100, self)
        dlg.setObjectName("progress")
        dlg.setWindowTitle(APP_DISPLAY_NAME)
        dlg.setCancelButton(None)  # each batch is all-or-nothing: nothing to cancel half-way
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(1000)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)

        def step(done: int, total: int, what: str) -> None:
            if what:
                dlg.setLabelText(what + "…")
            dlg.setMaximum(max(total, 1))
            dlg.setValue(min(done, max(total, 1)))  # a modal dialog processes events here

        return dlg, step

    # ---------------------------------------------------------- report --
    def export_report(self) -> list[Path]:
        anio = self.selected_year()
        if anio is None:
            return []
        try:
            basis = report_basis(self.central, anio)
        except UserError as exc:
            QMessageBox.warning(self, APP_DISPLAY_NAME, str(exc))
            return []
        if basis.provisional:
            reasons = "\n\n".join(basis.provisional_lines())
            answer = QMessageBox.question(
                self, self.tr("Informe provisional"),
                self.tr("El informe saldrá marcado PROVISIONAL en cada página:\n\n{0}\n\n"
                        "La primera página lo explica. ¿Exportarlo de todos modos?")
                .format(reasons))
            if answer != QMessageBox.StandardButton.Yes:
                return []
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Exportar informe consolidado"),
            str(Path.home() / f"informe-consolidado-{anio}.pdf"), self.tr("PDF (*.pdf)"))
        if not path:
            return []
        pdf = Path(path)
        if pdf.suffix.lower() != ".pdf":
            pdf = pdf.with_suffix(".pdf")
        xlsx = pdf.with_suffix(".xlsx")
        error = ""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        dlg, step = self._progress(self.tr("Preparando el informe consolidado…"))
        try:
            written = write_report(self.central, pdf_path=pdf, xlsx_path=xlsx, anio=anio,
                                   textos=self.act_texts.isChecked(), on_progress=step)
        except UserError as exc:
            written, error = [], str(exc)
        finally:
            dlg.reset()
            dlg.deleteLater()
            QApplication.restoreOverrideCursor()
        if error:
            QMessageBox.warning(self, APP_DISPLAY_NAME, error)
            return []
        self.statusBar().showMessage(self.tr("Informe consolidado escrito: {0} y {1}.").format(
            pdf.name, xlsx.name))
        return written

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._quit_armed:  # SERNAM_DESKTOP_QUIT_AFTER_MS smoke tests
            self._quit_armed = True
            try:
                from sernam_desktop.ui.main_window import quit_after_env
            except ImportError:
                return
            quit_after_env()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.central.close()
        super().closeEvent(event)
