"""«Envíos» (the regional outbox), «Abrir acuse…» and the central office's observations.

:func:`install` is called once by the main window: it adds «Archivo › Envíos…»
and «Archivo › Abrir acuse…», accepts receipts dropped on the window, and puts
the observations of a returned form (:mod:`sernam_desktop.receipts`) at the
top of the problems panel, each one jumping to its cell, until marked attended.
The «Envíos» dialog itself is in :mod:`sernam_desktop.ui.outbox_dialog`,
imported when it is first opened (start-up time, issue 17: each Qt class a
module names costs PySide6 about a millisecond to set up).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction

from sernam_desktop import APP_DISPLAY_NAME, receipts
from sernam_desktop.errors import UserError
from sernam_desktop.receipts import SUFFIX as RECEIPT_SUFFIX
from sernam_desktop.store import (
    STATE_COMPLETE,
    STATE_DRAFT,
    STATE_RECEIVED,
    STATE_RETURNED,
    STATE_SENT,
)

if TYPE_CHECKING:
    from sernam_desktop.ui.main_window import MainWindow


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
        name, _ = QtWidgets.QFileDialog.getOpenFileName(
            win, win.tr("Abrir acuse de la oficina central"), str(Path.home()),
            win.tr("Acuses de sernam-desktop (*{0});;Todos los archivos (*)").format(RECEIPT_SUFFIX))
        if not name:
            return False
        path = Path(name)
    s = win.session
    if s.readonly:
        QtWidgets.QMessageBox.warning(win, APP_DISPLAY_NAME, s.readonly_reason)
        return False
    try:
        r = receipts.open_receipt(s.store, path)
    except UserError as exc:
        QtWidgets.QMessageBox.warning(win, win.tr("Abrir acuse"), str(exc))
        return False
    if r.instance["uuid"] != s.instance_id and win.controller is not None:
        win.controller.open_instance(r.instance["uuid"])
    QtWidgets.QMessageBox.information(win, win.tr("Abrir acuse"), receipts.describe(r))
    return True


def open_receipt_at_start(controller: Any, path: Path) -> bool:
    """The application was started on a receipt (double-click): apply it, open its form."""
    parent = controller.window
    store = controller.store
    if store is None or store.readonly:
        QtWidgets.QMessageBox.warning(parent, APP_DISPLAY_NAME, QObject.tr(
            parent, "El acuse no se puede abrir: la base de datos no está disponible para "
            "escribir."))
        return False
    try:
        r = receipts.open_receipt(store, path)
    except UserError as exc:
        QtWidgets.QMessageBox.warning(parent, APP_DISPLAY_NAME, str(exc))
        return False
    controller.open_instance(r.instance["uuid"])
    QtWidgets.QMessageBox.information(controller.window, APP_DISPLAY_NAME, receipts.describe(r))
    return True


def show_outbox(win: MainWindow) -> Any:
    from sernam_desktop.ui.outbox_dialog import show_outbox as show

    return show(win)


def install(win: MainWindow, menu: Any) -> None:
    """Menu entries, drag-and-drop of receipts and the observations list."""
    a = QAction(win.tr("Envíos…"), win)
    a.setObjectName("outbox")
    a.setStatusTip(win.tr("Los envíos preparados: guardar en pendrive, abrir carpeta, correo"))
    a.triggered.connect(lambda: show_outbox(win))  # its module is imported then
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
    # The observations list is made when the form has observations (a returned
    # form): most forms never need it, and its Qt classes cost start-up time.
    win.review_notes = None

    def notes_needed(_changed: object = None) -> None:
        s = win.session
        if win.review_notes is not None or s.closed:
            return
        if receipts.comments(s.store, s.instance_id):
            from sernam_desktop.ui.review_notes import ReviewNotes

            notes = ReviewNotes(win)
            win.problems.widget().layout().insertWidget(0, notes, 1)
            notes.reload()  # shown again once in its place (moving a widget hides it)
            win.review_notes = notes

    win.session.changed.connect(notes_needed)
    notes_needed()
