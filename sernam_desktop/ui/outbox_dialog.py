"""The «Envíos» dialog: bundles prepared for the central office (issue 15).

Opened from «Archivo › Envíos…» (:func:`sernam_desktop.ui.outbox.install`);
a module of its own so that the desktop app does not set up its Qt classes at
start-up.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QProcess, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop import APP_DISPLAY_NAME, outbox
from sernam_desktop.dates import local_time
from sernam_desktop.errors import UserError
from sernam_desktop.files import human_size
from sernam_desktop.store import Changed
from sernam_desktop.ui.rows import RowsTableModel, rows_view

if TYPE_CHECKING:
    from sernam_desktop.ui.main_window import MainWindow

STATUS_COLORS = {outbox.PREPARED: "#1565c0", outbox.RECEIVED: "#2e7d32",
                 outbox.RETURNED: "#b35c00"}


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
            return [local_time(r["prepared_at"], day_first=True), str(r["revision"]),
                    r["file_name"], human_size(r["size"]), self.status_text(r)][col]
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
def show_outbox(win: MainWindow) -> OutboxDialog:
    from sernam_desktop import settings

    dlg = OutboxDialog(win.session.store, settings.load().central_email, win)
    dlg.open()
    win.outbox_dialog = dlg
    return dlg


