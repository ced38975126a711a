"""«Envíos» (the regional outbox), «Abrir acuse…» and the central office's observations.

:func:`install` is called once by the main window: it adds «Archivo › Envíos…»
and «Archivo › Abrir acuse…», accepts receipts dropped on the window, and puts
the observations of a returned form (:mod:`sernam_desktop.receipts`) at the
top of the problems panel, each one jumping to its cell, until marked attended.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QProcess, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop import APP_DISPLAY_NAME, outbox, receipts
from sernam_desktop.errors import UserError
from sernam_desktop.receipts import SUFFIX as RECEIPT_SUFFIX
from sernam_desktop.store import (
    STATE_COMPLETE,
    STATE_DRAFT,
    STATE_RECEIVED,
    STATE_RETURNED,
    STATE_SENT,
    Changed,
)
from sernam_desktop.ui.widgets import RowsTableModel, rows_view

if TYPE_CHECKING:
    from sernam_desktop.ui.main_window import MainWindow

LOCATION_ROLE = Qt.ItemDataRole.UserRole + 11
ID_ROLE = Qt.ItemDataRole.UserRole + 12
STATUS_COLORS = {outbox.PREPARED: "#1565c0", outbox.RECEIVED: "#2e7d32",
                 outbox.RETURNED: "#b35c00"}


def lifecycle_keys(state: str) -> tuple[str, str, str]:
    """The three steps shown in the status bar; the last is the central office's answer."""
    last = state if state in (STATE_RECEIVED, STATE_RETURNED) else STATE_SENT
    return (STATE_DRAFT, STATE_COMPLETE, last)


def banner_text(owner: QObject, state: str, revision: int) -> str:
    if state == STATE_RECEIVED:
        return owner.tr("La oficina central recibió la revisión {0}. Si modifica el formulario, "
                        "se abrirá la revisión {1}, que deberá enviar de nuevo.").format(
                            revision, revision + 1)
    if state == STATE_RETURNED:
        return owner.tr("La oficina central devolvió la revisión {0} con observaciones (vea el "
                        "panel de problemas). Al corregir se abrirá la revisión {1}.").format(
                            revision, revision + 1)
    return owner.tr("La revisión {0} está lista para enviar (vea «Archivo › Envíos…»). Si la "
                    "modifica, se abrirá la revisión {1}, que deberá preparar de nuevo.").format(
                        revision, revision + 1)


def _when(ts: str | None) -> str:
    if not ts:
        return ""
    try:
        return datetime.fromisoformat(ts).astimezone().strftime("%d-%m-%Y %H:%M")
    except ValueError:
        return ts[:16]


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


def show_in_folder(path: Path) -> None:
    """Open the file's folder, with the file selected where the system allows it."""
    if sys.platform.startswith("win"):
        QProcess.startDetached("explorer", ["/select,", str(path)])
    else:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


# ------------------------------------------------------------------ model --
class OutboxModel(RowsTableModel):
    def __init__(self, store: Any, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.headers = [self.tr("Preparado"), self.tr("Revisión"), self.tr("Archivo"),
                        self.tr("Tamaño"), self.tr("Estado")]
        self.reload()

    def load(self) -> list[dict[str, Any]]:
        return outbox.entries(self.store)

    def status_text(self, r: dict[str, Any]) -> str:
        text = {outbox.PREPARED: self.tr("Preparado"), outbox.RECEIVED: self.tr("Recibido"),
                outbox.RETURNED: self.tr("Devuelto")}.get(r["status"], r["status"])
        if not r["exists"]:
            text += self.tr(" (el archivo ya no está)")
        return text

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [_when(r["prepared_at"]), str(r["revision"]), r["file_name"], _size(r["size"]),
                    self.status_text(r)][col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return r["detail"] or r["path"]
        if role == Qt.ItemDataRole.ForegroundRole and col == 4:
            from PySide6.QtGui import QColor

            return QColor(STATUS_COLORS.get(r["status"], "#000000"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class OutboxDialog(QDialog):
    """«Envíos»: the bundles prepared from this file; nothing is deleted here."""

    def __init__(self, store: Any, central_email: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("outboxDialog")
        self.setWindowTitle(self.tr("Envíos a la oficina central"))
        self.store = store
        self.central_email = central_email
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Archivos preparados con «Enviar a oficina central…». Envíe cada uno por correo o "
            "en un pendrive; el estado cambia cuando abra el acuse de la oficina central "
            "(«Archivo › Abrir acuse…»)."), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.model = OutboxModel(store, self)
        self.view = rows_view(self.model, self, "outboxTable")
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.setWordWrap(False)
        lay.addWidget(self.view, 1)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        lay.addWidget(self.detail)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Guardar en…"), self)
        self.save_button.setObjectName("outboxSave")
        self.folder_button = QPushButton(self.tr("Abrir carpeta"), self)
        self.folder_button.setObjectName("outboxFolder")
        self.mail_button = QPushButton(self.tr("Redactar correo"), self)
        self.mail_button.setObjectName("outboxMail")
        for b in (self.save_button, self.folder_button, self.mail_button):
            row.addWidget(b)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        lay.addLayout(row)
        self.save_button.clicked.connect(self.save_to)
        self.folder_button.clicked.connect(self.open_folder)
        self.mail_button.clicked.connect(self.compose)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._unsubscribe = store.subscribe(self._on_changed)
        self.finished.connect(self._unsubscribe)
        if self.model.rows:
            self.view.selectRow(0)
        self._selection_changed()
        self.resize(900, 380)

    def _on_changed(self, _changed: Changed) -> None:
        self.model.reload()
        if self.model.rows:
            self.view.selectRow(0)

    def selected(self) -> dict[str, Any] | None:
        idx = self.view.selectionModel().selectedRows()
        return self.model.rows[idx[0].row()] if idx else None

    def _selection_changed(self, *_: Any) -> None:
        r = self.selected()
        ok = r is not None and r["exists"]
        for b in (self.save_button, self.mail_button):
            b.setEnabled(ok)
        self.folder_button.setEnabled(r is not None)
        self.detail.setText(r["detail"] if r and r["detail"] else "")

    def _fail(self, exc: UserError) -> None:
        QMessageBox.warning(self, APP_DISPLAY_NAME, str(exc))

    def save_to(self) -> Path | None:
        r = self.selected()
        if r is None:
            return None
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Guardar el envío en (pendrive, escritorio…)"), str(Path.home()))
        if not folder:
            return None
        try:
            target = outbox.save_copy(self.store, r["id"], folder)
        except UserError as exc:
            self._fail(exc)
            return None
        QMessageBox.information(self, APP_DISPLAY_NAME,
                                self.tr("Envío copiado en:\n{0}").format(target))
        return target

    def open_folder(self) -> None:
        r = self.selected()
        if r is not None:
            show_in_folder(Path(r["path"]))

    def compose(self) -> Path | None:
        """The .eml draft (opens in Outlook/Thunderbird) + the text for webmail."""
        r = self.selected()
        if r is None:
            return None
        try:
            eml = outbox.write_eml(self.store, r["id"], self.central_email)
            subject, body = outbox.message_text(self.store, r["id"])
        except UserError as exc:
            self._fail(exc)
            return None
        QGuiApplication.clipboard().setText(f"{subject}\n\n{body}")
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(eml)))
        show_in_folder(Path(r["path"]))
        QMessageBox.information(self, self.tr("Redactar correo"), self.tr(
            "Se abrió un borrador de correo para {0} con el envío adjunto.\n\n"
            "Si usa correo web (Gmail, Outlook en la web): el asunto y el texto ya están "
            "copiados; péguelos en un correo nuevo y adjunte «{1}» desde la carpeta que se "
            "abrió.").format(self.central_email, r["file_name"]))
        return eml


# ----------------------------------------------------------- observations --
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


# ------------------------------------------------------------- installing --
class _DropFilter(QObject):
    def __init__(self, win: MainWindow):
        super().__init__(win)
        self.win = win

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        t = event.type()
        if t in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if _receipt_paths(event):
                event.acceptProposedAction()
                return True
        elif t == QEvent.Type.Drop:
            paths = _receipt_paths(event)
            if paths:
                event.acceptProposedAction()
                for p in paths:
                    open_receipt(self.win, p)
                return True
        return False


def _receipt_paths(event: Any) -> list[Path]:
    md = event.mimeData()
    if not md.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in md.urls()
            if u.isLocalFile() and u.toLocalFile().lower().endswith(RECEIPT_SUFFIX)]


def open_receipt(win: MainWindow, path: Path | None = None) -> bool:
    """«Abrir acuse…»: apply a receipt to the open file; a Spanish reason if refused."""
    if path is None:
        name, _ = QFileDialog.getOpenFileName(
            win, win.tr("Abrir acuse de la oficina central"), str(Path.home()),
            win.tr("Acuses de sernam-desktop (*{0});;Todos los archivos (*)").format(RECEIPT_SUFFIX))
        if not name:
            return False
        path = Path(name)
    s = win.session
    if s.readonly:
        QMessageBox.warning(win, APP_DISPLAY_NAME, s.readonly_reason)
        return False
    try:
        r = receipts.open_receipt(s.store, path)
    except UserError as exc:
        QMessageBox.warning(win, win.tr("Abrir acuse"), str(exc))
        return False
    if r.instance["uuid"] != s.instance_id and win.controller is not None:
        win.controller.open_instance(r.instance["uuid"])
    QMessageBox.information(win, win.tr("Abrir acuse"), receipts.describe(r))
    return True


def open_receipt_at_start(controller: Any, path: Path) -> bool:
    """The application was started on a receipt (double-click): apply it, open its form."""
    parent = controller.window
    store = controller.store
    if store is None or store.readonly:
        QMessageBox.warning(parent, APP_DISPLAY_NAME, QObject.tr(
            parent, "El acuse no se puede abrir: la base de datos no está disponible para "
            "escribir."))
        return False
    try:
        r = receipts.open_receipt(store, path)
    except UserError as exc:
        QMessageBox.warning(parent, APP_DISPLAY_NAME, str(exc))
        return False
    controller.open_instance(r.instance["uuid"])
    QMessageBox.information(controller.window, APP_DISPLAY_NAME, receipts.describe(r))
    return True


def show_outbox(win: MainWindow) -> OutboxDialog:
    from sernam_desktop import settings

    dlg = OutboxDialog(win.session.store, settings.load().central_email, win)
    dlg.open()
    win.outbox_dialog = dlg
    return dlg


def install(win: MainWindow, menu: Any) -> None:
    """Menu entries, drag-and-drop of receipts and the observations list."""
    a = QAction(win.tr("Envíos…"), win)
    a.setObjectName("outbox")
    a.setStatusTip(win.tr("Los envíos preparados: guardar en pendrive, abrir carpeta, correo"))
    a.triggered.connect(lambda: show_outbox(win))
    win.addAction(a)
    menu.addAction(a)
    b = QAction(win.tr("Abrir acuse…"), win)
    b.setObjectName("openReceipt")
    b.setStatusTip(win.tr("Abre la respuesta de la oficina central (.sernam-acuse)"))
    b.triggered.connect(lambda: open_receipt(win))
    win.addAction(b)
    menu.addAction(b)
    win.setAcceptDrops(True)
    win.installEventFilter(_DropFilter(win))
    notes = ReviewNotes(win)
    body = win.problems.widget()
    body.layout().insertWidget(0, notes, 1)
    win.review_notes = notes
