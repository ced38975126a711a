"""Objetivo 3 (Informe Ejecutivo): the fields screen plus draft generation."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QWidget

from sernam_desktop.drafting import draft_command, draft_report, fields_to_overwrite
from sernam_desktop.forms import Section
from sernam_desktop.ui.screen_fields import FieldsScreen
from sernam_desktop.ui.session import FormSession
from sernam_desktop.ui.widgets import help_label


class ReportScreen(FieldsScreen):
    """The executive report, with «Generar borrador desde las actividades»."""

    def __init__(self, session: FormSession, section: Section, parent: QWidget | None = None):
        super().__init__(session, section, parent)
        row = QHBoxLayout()
        self.draft_button = QPushButton(self.tr("Generar borrador desde las actividades"))
        self.draft_button.setObjectName("draftButton")
        self.draft_button.setToolTip(self.tr(
            "Escribe el informe a partir de las Actividades 1.1 a 1.4: logros de las filas que "
            "cumplen o incorporan, recomendaciones y dificultades de la 1.4 y brechas de la 1.3. "
            "Se puede deshacer con Ctrl+Z."))
        self.draft_button.clicked.connect(self.generate_draft)
        self.draft_button.setEnabled(not session.readonly)
        row.addWidget(self.draft_button)
        row.addWidget(help_label(self.tr(
            "Propone un texto a partir de las actividades; revíselo y complételo.")), 1)
        self.extra_layout.addLayout(row)

    def generate_draft(self) -> bool:
        """Fill the report from the activities (asks before overwriting text)."""
        s = self.session
        self.window().setFocus()  # commit whatever is being typed anywhere
        for ed in self.editors.values():
            if ed.committer.pending:
                ed.commit()
        draft = draft_report(s.form, s.content())
        current = s.store.fields(s.instance_id, self.section)
        overwrite = fields_to_overwrite(s.form, current, draft)
        if overwrite:
            answer = QMessageBox.question(
                self, self.tr("Generar borrador"),
                self.tr("El borrador reemplazará el texto que ya escribió en:\n\n{0}\n\n"
                        "¿Continuar? (Puede deshacerlo con Ctrl+Z.)").format(
                    "\n".join(f"• {label}" for label in overwrite)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        cmd = draft_command(s.store, s.instance_id, self.tr("Generar borrador del informe ejecutivo"))
        if cmd is None:
            return False
        return s.push(cmd)
