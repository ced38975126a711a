"""«Archivo → Restaurar copia de seguridad…»: the list of backups and restoring one.

The dialog lists the automatic backups of the open database (fecha, tamaño,
formularios, estado), newest first.  «Restaurar…» asks for confirmation, calls
``before_restore`` (the controller closes the database and releases its lock)
and runs :func:`sernam_desktop.backup.restore_backup`, which keeps the current
file aside instead of deleting it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop import APP_DISPLAY_NAME
from sernam_desktop.backup import (
    BackupInfo,
    BackupManager,
    backup_folder,
    human_size,
    list_backups,
    restore_backup,
)
from sernam_desktop.errors import UserError
from sernam_desktop.store import Store


def when_text(b: BackupInfo, seconds: bool = False) -> str:
    return b.local_when.strftime("%d-%m-%Y %H:%M:%S" if seconds else "%d-%m-%Y %H:%M")


class BackupDialog(QDialog):
    """Backups of ``db_path``; ``restored`` is True once one was restored."""

    def __init__(self, db_path: str | Path, parent: QWidget | None = None, *,
                 before_restore: Callable[[], None] | None = None,
                 folder: str | Path | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.folder = Path(folder) if folder is not None else backup_folder(self.db_path)
        self.before_restore = before_restore
        self.restored = False
        self.aside: Path | None = None
        self.backups: list[BackupInfo] = []
        self.setWindowTitle(self.tr("Copias de seguridad"))
        self.setObjectName("backupDialog")

        lay = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Copias automáticas de «{name}». Se hace una al abrir la base de datos y otra "
            "cada cierto tiempo mientras trabaja; se conservan las más recientes. Al restaurar "
            "una copia, la base de datos actual no se borra: queda guardada aparte."
        ).format(name=self.db_path.name))
        intro.setWordWrap(True)
        lay.addWidget(intro)

        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Fecha"), self.tr("Tamaño"), self.tr("Formularios"), self.tr("Estado")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _i: self.restore_selected())
        lay.addWidget(self.table, 1)

        self.empty_label = QLabel(self.tr("Todavía no hay copias de seguridad de esta base de datos."))
        self.empty_label.setWordWrap(True)
        lay.addWidget(self.empty_label)

        row = QHBoxLayout()
        self.restore_button = QPushButton(self.tr("Restaurar…"))
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self.restore_selected)
        self.backup_button = QPushButton(self.tr("Hacer copia ahora"))
        self.backup_button.setObjectName("backupNowButton")
        self.backup_button.clicked.connect(self.backup_now)
        self.folder_button = QPushButton(self.tr("Abrir carpeta de copias"))
        self.folder_button.clicked.connect(self.open_folder)
        row.addWidget(self.restore_button)
        row.addWidget(self.backup_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        lay.addLayout(row)

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.resize(640, 380)
        self.refresh()

    # ------------------------------------------------------------------ data --
    def refresh(self) -> None:
        self.backups = list_backups(self.db_path, self.folder)
        self.table.setRowCount(len(self.backups))
        first_good = -1
        for i, b in enumerate(self.backups):
            if b.ok:
                state = self.tr("En buen estado")
            elif b.kind == "damaged":
                state = self.tr("Dañada: {p}").format(p=b.problem)
            else:  # locked right now, newer version, another database: kept, not damaged
                state = self.tr("No se puede usar: {p}").format(p=b.problem)
            cells = [when_text(b, seconds=True), human_size(b.size),
                     str(b.forms) if b.forms is not None else "—", state]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not b.ok:
                    item.setForeground(Qt.GlobalColor.darkRed)
                    item.setToolTip(b.problem)
                self.table.setItem(i, col, item)
            if b.ok and first_good < 0:
                first_good = i
        self.table.setVisible(bool(self.backups))
        self.empty_label.setVisible(not self.backups)
        if first_good >= 0:
            self.table.selectRow(first_good)
        self._update_buttons()

    def selected(self) -> BackupInfo | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) != 1:
            return None
        return self.backups[rows.pop()]

    def _update_buttons(self) -> None:
        b = self.selected()
        self.restore_button.setEnabled(b is not None and b.ok)

    # --------------------------------------------------------------- actions --
    def restore_selected(self) -> bool:
        b = self.selected()
        if b is None or not b.ok:
            return False
        answer = QMessageBox.question(
            self, self.tr("Restaurar copia de seguridad"),
            self.tr(
                "¿Reemplazar la base de datos por la copia del {when} ({forms} formulario(s))?\n\n"
                "La base de datos actual no se borra: se guardará junto a ella como "
                "«{stem}.antes-de-restaurar-…». Los cambios hechos después de la copia quedarán "
                "solo en ese archivo."
            ).format(when=when_text(b), forms=b.forms, stem=self.db_path.stem),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        if self.before_restore is not None:
            self.before_restore()
        try:
            self.aside = restore_backup(self.db_path, b.path)
        except UserError as exc:
            QMessageBox.critical(self, APP_DISPLAY_NAME, str(exc))
            return False
        self.restored = True
        kept = (self.tr(" La base de datos anterior se guardó como «{name}».").format(
            name=self.aside.name) if self.aside else "")
        QMessageBox.information(
            self, self.tr("Copia restaurada"),
            self.tr("Se restauró la copia del {when}.").format(when=when_text(b)) + kept)
        self.accept()
        return True

    def backup_now(self) -> Path | None:
        try:
            with Store(self.db_path, readonly=True) as store:
                made = BackupManager(store, folder=self.folder).backup_now()
        except UserError as exc:
            QMessageBox.critical(self, APP_DISPLAY_NAME, str(exc))
            return None
        self.refresh()
        return made

    def open_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))


def run_restore_dialog(parent: QWidget | None, db_path: str | Path, *,
                       before_restore: Callable[[], None] | None = None) -> bool:
    """Show the dialog modally; True if a backup was restored (reopen the database)."""
    dlg = BackupDialog(db_path, parent, before_restore=before_restore)
    dlg.exec()
    return dlg.restored
