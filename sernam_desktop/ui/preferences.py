"""«Editar → Preferencias…»: the settings the core uses (sernam_desktop.settings)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop import APP_DISPLAY_NAME, settings
from sernam_desktop.errors import UserError


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferencias"))
        self.current = settings.load()
        lay = QVBoxLayout(self)
        if self.current.problem:
            warn = QLabel(self.current.problem)
            warn.setWordWrap(True)
            warn.setStyleSheet("color: #b71c1c;")
            lay.addWidget(warn)
        form = QFormLayout()
        self.email = QLineEdit(self.current.central_email, self)
        self.email.setObjectName("centralEmail")
        self.email.setToolTip(self.tr("A quién se dirige el correo de «Enviar a oficina central»."))
        self.paper = QComboBox(self)
        self.paper.setObjectName("paper")
        self.paper.addItem(self.tr("Carta"), "letter")
        self.paper.addItem(self.tr("A4"), "a4")
        self.paper.setCurrentIndex(max(0, self.paper.findData(self.current.paper)))
        self.annex = QCheckBox(self.tr("Agregar el «Anexo: estado de avance» al exportar PDF"),
                               self)
        self.annex.setObjectName("pdfAnnex")
        self.annex.setToolTip(self.tr("El anexo no forma parte del formulario oficial: resume el "
                                      "estado de cada fila, con gráficos."))
        self.annex.setChecked(self.current.pdf_annex)
        self.every = QSpinBox(self)
        self.every.setObjectName("backupEvery")
        self.every.setRange(1, 24 * 60)
        self.every.setSuffix(self.tr(" min"))
        self.every.setValue(self.current.backup_every_minutes)
        self.keep = QSpinBox(self)
        self.keep.setObjectName("backupKeep")
        self.keep.setRange(1, 1000)
        self.keep.setValue(self.current.backup_keep)
        form.addRow(self.tr("Correo de la oficina central:"), self.email)
        form.addRow(self.tr("Tamaño de papel del PDF:"), self.paper)
        form.addRow("", self.annex)
        form.addRow(self.tr("Copia de seguridad cada:"), self.every)
        form.addRow(self.tr("Copias que se conservan:"), self.keep)
        self.central = QCheckBox(self.tr("Este equipo es de la oficina central (al abrir un envío "
                                         "regional, ofrecer incorporarlo)"), self)
        self.central.setObjectName("centralOffice")
        self.central.setChecked(self.current.central_office)
        form.addRow("", self.central)
        # issue 15: the central office's key, as dictated by the central office
        self.central_fp = QLineEdit(self.current.central_fingerprint, self)
        self.central_fp.setObjectName("centralFingerprint")
        self.central_fp.setPlaceholderText(self.tr("p. ej. 3F1C-A0B2-77D9-0E41-5C2A"))
        self.central_fp.setToolTip(self.tr(
            "Huella de la clave de la oficina central. Si la escribe, solo se aceptan acuses "
            "firmados con esa clave; si la deja vacía, se registra la del primer acuse."))
        form.addRow(self.tr("Huella de la oficina central:"), self.central_fp)
        session = getattr(parent, "session", None)
        if session is not None and not session.closed:
            from sernam_desktop.receipts import pinned_central_fingerprint
            from sernam_desktop.signing import office_key

            pinned = pinned_central_fingerprint(session.store)
            own = office_key(session.store.db)
            self.keys_label = QLabel(self.tr(
                "Clave registrada de la oficina central: {0}\nClave de firma de este archivo: {1}"
            ).format(pinned or self.tr("ninguna todavía"),
                     own.fingerprint if own else self.tr("se crea con el primer envío")), self)
            self.keys_label.setObjectName("keysLabel")
            self.keys_label.setTextInteractionFlags(
                self.keys_label.textInteractionFlags()
                | Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(self.keys_label)
        lay.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def values(self) -> settings.Settings:
        return replace(self.current, central_email=self.email.text().strip(),
                       paper=self.paper.currentData(), pdf_annex=self.annex.isChecked(),
                       backup_every_minutes=self.every.value(),
                       backup_keep=self.keep.value(), central_office=self.central.isChecked(),
                       problem="", central_fingerprint=self._fingerprint())

    def _fingerprint(self) -> str:
        from sernam_desktop.signing import normalize_fingerprint

        text = self.central_fp.text().strip()
        return normalize_fingerprint(text) or text

    def save(self) -> bool:
        try:
            settings.save(self.values())
        except UserError as exc:
            QMessageBox.warning(self, APP_DISPLAY_NAME, str(exc))
            return False
        self.accept()
        return True
