"""Opening a regional bundle (``*.sernam``) by double-click.

The installer associates ``.sernam`` files with ``sernam-desktop gui --bundle
FILE``.  On a regional PC that must not drop the user into «Oficina central»
(and create a central database): :class:`BundleDialog` shows what the bundle
is (región, servicio, año, revisión, when it was prepared) and offers the
sensible actions — view it read-only (the default), or, on a PC set up as the
central office (Preferencias, or a central database already there), merge it
into the national consolidation.  Central mode on another PC only when the
user chooses it explicitly and confirms.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop import paths, settings
from sernam_desktop.bundle import Bundle, read_bundle
from sernam_desktop.dates import local_time
from sernam_desktop.errors import UserError
from sernam_desktop.regions import by_code
from sernam_desktop.store import STATE_LABELS

VIEW, CENTRAL = "view", "central"


def central_set_up() -> bool:
    """This PC works as the central office (Preferencias or an existing central DB)."""
    return settings.load().central_office or paths.central_db_path().exists()


class BundleDialog(QDialog):
    """What the bundle is and what to do with it; ``choice`` after it closes."""

    def __init__(self, bundle: Bundle, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("bundleDialog")
        self.bundle, self.path = bundle, path
        self.choice: str | None = None
        self.setWindowTitle(self.tr("Envío regional — {0}").format(path.name))
        lay = QVBoxLayout(self)
        intro = QLabel(self.tr("Este archivo es un envío regional del Formulario Etapa N°4 "
                               "(datos y PDF), preparado para la oficina central."), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        m = bundle.manifest["instance"]
        region = by_code(str(m.get("region", "")))
        form = QFormLayout()
        self.info: dict[str, QLabel] = {}
        state = STATE_LABELS.get(str(m.get("state", "")), str(m.get("state", "")))
        exported = local_time(str(bundle.manifest.get("exported_at", "")))
        for key, label, value in (
                ("region", self.tr("Región:"), region.display if region else m.get("region", "")),
                ("servicio", self.tr("Servicio:"), m.get("servicio", "")),
                ("anio", self.tr("Año:"), m.get("anio", "")),
                ("revision", self.tr("Revisión:"), m.get("revision", "")),
                ("state", self.tr("Estado:"), state),
                ("exported", self.tr("Preparado el:"), exported)):
            lab = QLabel(str(value), self)
            lab.setObjectName(f"bundle_{key}")
            lab.setWordWrap(True)
            form.addRow(label, lab)
            self.info[key] = lab
        lay.addLayout(form)
        self.central_ready = central_set_up()
        buttons = QDialogButtonBox(self)
        self.view_button = QPushButton(self.tr("Ver el formulario (solo lectura)"), self)
        self.view_button.setObjectName("viewBundle")
        buttons.addButton(self.view_button, QDialogButtonBox.ButtonRole.AcceptRole)
        if self.central_ready:
            self.central_button = QPushButton(self.tr("Incorporar en la oficina central"), self)
            self.central_button.setToolTip(self.tr(
                "Agrega este envío a la consolidación nacional de este equipo."))
        else:
            self.central_button = QPushButton(self.tr("Abrir en modo oficina central…"), self)
            self.central_button.setToolTip(self.tr(
                "Solo para la oficina central: este equipo aún no está configurado como tal "
                "(Preferencias)."))
        self.central_button.setObjectName("centralBundle")
        buttons.addButton(self.central_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Cerrar"))
        self.view_button.clicked.connect(lambda: self.choose(VIEW))
        self.central_button.clicked.connect(lambda: self.choose(CENTRAL))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        (self.central_button if self.central_ready else self.view_button).setDefault(True)

    def choose(self, choice: str) -> bool:
        if choice == CENTRAL and not self.central_ready:
            answer = QMessageBox.question(
                self, self.tr("Modo oficina central"),
                self.tr("Este equipo no está configurado como oficina central. El modo oficina "
                        "central crea en este equipo una base de datos nacional para "
                        "consolidar los envíos de todas las regiones.\n\n"
                        "Si usted trabaja en una región, elija «No» y vea el envío en modo "
                        "solo lectura.\n\n¿Abrir el modo oficina central de todos modos?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.choice = choice
        self.accept()
        return True


def load_bundle(path: Path, parent: QWidget | None = None) -> Bundle | None:
    """The checked bundle at ``path``, or None after a Spanish message."""
    try:
        return read_bundle(path)
    except UserError as exc:
        QMessageBox.warning(parent, "Envío regional", str(exc))
        return None


def view_readonly(bundle: Bundle, path: Path):  # noqa: ANN201 - MainWindow (lazy import)
    """A read-only window on the bundle's form (an in-memory copy; nothing is written)."""
    from sernam_desktop.interchange import import_document
    from sernam_desktop.store import Store
    from sernam_desktop.ui.main_window import MainWindow
    from sernam_desktop.ui.session import FormSession

    store = Store(None)
    uid, _, _ = import_document(store, bundle.doc)
    session = FormSession(store, uid, readonly_reason=(
        f"Envío «{path.name}» abierto solo para ver: los cambios no se guardan. "
        "Para editar el formulario, ábralo desde su base de datos."))
    win = MainWindow(session)
    win.bundle_store = store  # type: ignore[attr-defined] - lives as long as the window
    return win
