"""When the database cannot be opened: say why, in Spanish, and offer a way out.

:func:`offer_recovery` is called by the application with the
:class:`~sernam_desktop.errors.StoreError` raised while opening.  Depending on
its ``kind`` it offers:

* damaged, not a sernam-desktop file, made by a newer version → restore the
  latest good backup (the current file is kept aside, never overwritten), or
  choose another backup;
* read-only file or folder → open it read-only (or, when the folder is
  writable and a backup exists, restore it: the read-only file is kept aside);
* full disk → try again after freeing space, or open read-only;
* anything else → try again.

It returns the opened :class:`~sernam_desktop.store.Store` (for editing, or
read-only when that is what the user chose — check ``store.readonly``), or
None if the user gave up.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from sernam_desktop import APP_DISPLAY_NAME
from sernam_desktop.backup import BackupInfo, latest_good_backup, restore_backup
from sernam_desktop.errors import UserError
from sernam_desktop.store import Store

RESTORE, CHOOSE, READONLY, RETRY, CANCEL = "restore", "choose", "readonly", "retry", "cancel"


def tr(text: str) -> str:
    return QCoreApplication.translate("Recovery", text)


def _headline(kind: str, name: str) -> str:
    # The error's own sentence follows in the informative text: keep this short.
    return {
        "readonly": tr("No se pueden guardar cambios en «{name}»."),
        "in-use": tr("«{name}» está abierta en otra ventana."),
        "full": tr("El disco está lleno."),
    }.get(kind, tr("No se puede abrir «{name}».")).format(name=name)


def _detail(error: Exception, db_path: Path) -> str:
    """The error's own sentence, with the folder shown once instead of in every path."""
    text = str(error)
    full = f"«{db_path}»"
    if full in text:
        text = text.replace(full, f"«{db_path.name}»")
        text += " " + tr("(Carpeta: {folder}.)").format(folder=db_path.parent)
    return text


def build_box(parent: QWidget | None, db_path: Path, error: Exception,
              backup: BackupInfo | None) -> tuple[QMessageBox, dict[str, QPushButton]]:
    """The message box for ``error`` and its buttons by action (for tests and screenshots)."""
    kind = getattr(error, "kind", "other")
    box = QMessageBox(parent)
    box.setObjectName("recoveryBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_DISPLAY_NAME)
    box.setText(_headline(kind, db_path.name))
    box.setStyleSheet(
        "QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 480px; }")
    details = [_detail(error, db_path)]
    buttons: dict[str, QPushButton] = {}
    when = backup.local_when.strftime("%d-%m-%Y %H:%M") if backup is not None else ""

    def add_restore(primary: bool) -> None:
        assert backup is not None
        buttons[RESTORE] = box.addButton(tr("Restaurar la copia del {when}").format(when=when),
                                         QMessageBox.ButtonRole.AcceptRole if primary
                                         else QMessageBox.ButtonRole.ActionRole)
        buttons[CHOOSE] = box.addButton(tr("Elegir otra copia…"),
                                        QMessageBox.ButtonRole.ActionRole)

    kept = tr("Si la restaura, el archivo actual no se borra: queda guardado junto a él como "
              "«{stem}.antes-de-restaurar-…».").format(stem=db_path.stem)
    if kind in ("damaged", "foreign", "newer", "io"):
        if kind == "newer":
            details.append(tr("Lo mejor es instalar la versión más reciente de la aplicación."))
        if backup is not None:
            details.append(tr(
                "Hay una copia de seguridad en buen estado del {when} ({forms} formulario(s))."
            ).format(when=when, forms=backup.forms) + " " + kept)
            add_restore(primary=True)
        else:
            details.append(tr("No hay copias de seguridad en buen estado de esta base de datos. "
                              "El archivo no se modificó."))
    if kind == "full":
        details.append(tr("Libere espacio (por ejemplo, vacíe la papelera) y pulse «Reintentar»."))
        if backup is not None:
            details.append(tr("Sus datos no se han perdido; además, la última copia de seguridad "
                              "es del {when}.").format(when=when))
        buttons[RETRY] = box.addButton(tr("Reintentar"), QMessageBox.ButtonRole.AcceptRole)
    if kind in ("readonly", "full", "in-use"):
        details.append(tr("Puede abrirla solo para lectura: consultar, imprimir y exportar."))
        buttons[READONLY] = box.addButton(tr("Abrir solo para lectura"),
                                          QMessageBox.ButtonRole.AcceptRole)
    if kind == "readonly" and backup is not None and os.access(db_path.parent, os.W_OK):
        details.append(tr(
            "También puede volver a la copia de seguridad del {when} ({forms} formulario(s)), "
            "que sí se podrá modificar."
        ).format(when=when, forms=backup.forms) + " " + kept)
        add_restore(primary=False)
    if kind in ("busy", "io", "other") and RESTORE not in buttons:
        buttons[RETRY] = box.addButton(tr("Reintentar"), QMessageBox.ButtonRole.AcceptRole)
    buttons[CANCEL] = box.addButton(tr("Cancelar"), QMessageBox.ButtonRole.RejectRole)
    box.setInformativeText("\n\n".join(details))
    box.setDefaultButton(buttons.get(READONLY) or buttons.get(RESTORE) or buttons.get(RETRY)
                         or buttons[CANCEL])
    box.setEscapeButton(buttons[CANCEL])
    return box, buttons


def choose(box: QMessageBox, buttons: dict[str, QPushButton]) -> str:
    """Run the box; the chosen action.  (Tests replace this function.)"""
    box.exec()
    clicked = box.clickedButton()
    for action, button in buttons.items():
        if button is clicked:
            return action
    return CANCEL


def _open(db_path: Path, parent: QWidget | None) -> Store | None:
    from sernam_desktop.lock import open_store_for_editing

    store, _reason = open_store_for_editing(db_path)
    return store


def offer_recovery(parent: QWidget | None, db_path: str | Path, error: Exception) -> Store | None:
    """Explain ``error`` and offer a way out; the opened store, or None."""
    db_path = Path(db_path)
    for _attempt in range(20):  # «Reintentar» loops; never forever
        try:
            backup = latest_good_backup(db_path)
        except OSError:
            backup = None
        box, buttons = build_box(parent, db_path, error, backup)
        action = choose(box, buttons)
        box.deleteLater()
        try:
            if action == CANCEL:
                return None
            if action == READONLY:
                return Store(db_path, readonly=True)
            if action == RETRY:
                return _open(db_path, parent)
            if action in (RESTORE, CHOOSE):
                if action == RESTORE:
                    assert backup is not None
                    aside = restore_backup(db_path, backup.path)
                    when = backup.local_when.strftime("%d-%m-%Y %H:%M")
                else:
                    from sernam_desktop.ui.backup_dialog import BackupDialog

                    dlg = BackupDialog(db_path, parent)
                    dlg.exec()
                    if not dlg.restored:
                        continue  # back to the explanation
                    aside, when = dlg.aside, ""
                kept = tr(" El archivo anterior se guardó como «{name}».").format(
                    name=aside.name) if aside else ""
                if when:
                    QMessageBox.information(parent, APP_DISPLAY_NAME, tr(
                        "Se restauró la copia de seguridad del {when}.").format(when=when) + kept)
                return _open(db_path, parent)
        except UserError as exc:
            error = exc  # explain the new problem and offer again
    return None
