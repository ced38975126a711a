"""Objetivo 3 (Informe Ejecutivo): the fields screen plus a draft *proposal*.

«Proponer borrador…» opens a window with, for each part that the form
definition maps to the activities (``[drafting]`` in forms/etapa4.toml), a
readable summary the user may adjust and then insert into that part — one
undo step per part.  Part 3 (recommendations to SUBDERE) is never drafted:
the window says so, and the person writes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop.drafting import draft_report, insert_command, never_drafted
from sernam_desktop.forms import Section
from sernam_desktop.ui.screen_fields import FieldsScreen
from sernam_desktop.ui.session import FormSession
from sernam_desktop.ui.widgets import help_label


class DraftDialog(QDialog):
    """The proposal, part by part, each with its «Insertar en …» button."""

    def __init__(self, screen: ReportScreen):
        super().__init__(screen)
        self.setObjectName("draftDialog")
        self.screen = screen
        s = screen.session
        self.setWindowTitle(self.tr("Borrador del informe ejecutivo (propuesta)"))
        outer = QVBoxLayout(self)
        outer.addWidget(help_label(self.tr(
            "Resumen de las Actividades 1.1 a 1.4 para ayudarle a redactar. Revise y ajuste el "
            "texto; «Insertar» lo agrega a esa parte del informe (si ya tiene texto, se agrega "
            "a continuación). Ctrl+Z lo deshace.")))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        body = QWidget()
        lay = QVBoxLayout(body)
        draft = draft_report(s.form, s.content())
        self.texts: dict[str, QPlainTextEdit] = {}
        self.buttons: dict[str, QPushButton] = {}
        sec = screen.section
        for key, text in draft.items():
            f = sec.field(key)
            box = QGroupBox(f.label, body)
            bl = QVBoxLayout(box)
            edit = QPlainTextEdit(box)
            edit.setObjectName(f"draft_{key}")
            edit.setPlainText(text or self.tr("(No hay datos en las actividades para esta parte.)"))
            edit.setReadOnly(not text)
            edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 8)
            bl.addWidget(edit)
            row = QHBoxLayout()
            row.addStretch(1)
            number = f.label.split(".", 1)[0].strip()
            b = QPushButton(self.tr("Insertar en la parte {0}").format(number)
                            if number.isdigit() else self.tr("Insertar"))
            b.setObjectName(f"insert_{key}")
            b.setToolTip(self.tr("Agrega este texto a «{0}»").format(f.label))
            b.setEnabled(bool(text) and not s.readonly)
            b.clicked.connect(lambda _=False, k=key: self.insert(k))
            row.addWidget(b)
            bl.addLayout(row)
            lay.addWidget(box)
            self.texts[key] = edit
            self.buttons[key] = b
        for key in never_drafted(s.form):
            f = sec.field(key)
            box = QGroupBox(f.label, body)
            bl = QVBoxLayout(box)
            note = QLabel(self.tr("Esta parte no se propone: la escribe usted. {0}").format(f.help),
                          box)
            note.setObjectName(f"never_{key}")
            note.setWordWrap(True)
            bl.addWidget(note)
            lay.addWidget(box)
        lay.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        win = screen.window()
        self.resize(min(900, max(500, win.width() - 80)), min(640, max(400, win.height() - 40)))

    def insert(self, key: str) -> bool:
        s = self.screen.session
        for ed in self.screen.editors.values():
            if ed.committer.pending:
                ed.commit()
        cmd = insert_command(s.store, s.instance_id, key, self.texts[key].toPlainText(),
                             self.tr("Insertar borrador en «{0}»").format(
                                 self.screen.section.field(key).label))
        if cmd is None or not s.push(cmd):
            return False
        self.buttons[key].setText(self.tr("Insertado"))
        self.buttons[key].setEnabled(False)
        return True


class ReportScreen(FieldsScreen):
    """The executive report, with «Proponer borrador desde las actividades…»."""

    def __init__(self, session: FormSession, section: Section, parent: QWidget | None = None):
        super().__init__(session, section, parent)
        row = QHBoxLayout()
        self.draft_button = QPushButton(self.tr("Proponer borrador desde las actividades…"))
        self.draft_button.setObjectName("draftButton")
        self.draft_button.setToolTip(self.tr(
            "Muestra un resumen de las Actividades 1.1 a 1.4 para las partes 1 y 2, que usted "
            "inserta y corrige. La parte 3 la escribe usted."))
        self.draft_button.clicked.connect(self.generate_draft)
        self.draft_button.setEnabled(not session.readonly)
        row.addWidget(self.draft_button)
        row.addWidget(help_label(self.tr(
            "Propone un texto a partir de las actividades; usted decide qué insertar.")), 1)
        self.extra_layout.addLayout(row)
        self.dialog: DraftDialog | None = None

    def generate_draft(self) -> DraftDialog:
        """Show the proposal (nothing is written until a part is inserted)."""
        self.window().setFocus()  # commit whatever is being typed anywhere
        for ed in self.editors.values():
            if ed.committer.pending:
                ed.commit()
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = DraftDialog(self)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.show()
        return self.dialog
