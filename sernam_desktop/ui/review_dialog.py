"""Central office: «Revisar envíos y acuses…» — approve or return, comments, receipts, keys.

Left: every received version (model/view) with its review and its signature
(short fingerprint, «sin firma»).  Right: the decision for the selected one —
a general comment and comments attached to a section/row/field — then
«Aprobar» or «Devolver con observaciones».  Bottom: receipts not yet written
(«Guardar acuses en…», with an .eml draft to the region's contact when one is
registered), the central key's fingerprint and bundles held for a different
key («Aceptar clave nueva»).  Qt only here; the logic is review.py/trust.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop import APP_DISPLAY_NAME, review, trust
from sernam_desktop.errors import UserError
from sernam_desktop.forms import get_form
from sernam_desktop.regions import by_code
from sernam_desktop.ui.rows import RowsTableModel, rows_view


def submissions(central: Any) -> list[dict[str, Any]]:
    rows = list(central.db.query(
        "SELECT s.id, s.servicio, s.region, s.anio, s.revision, s.received_at, s.document, "
        "i.current_submission = s.id AS official FROM submissions s "
        "JOIN instances i ON i.uuid = s.instance_uuid ORDER BY s.id DESC"))
    for r in rows:
        st = review.review_state(central, r["id"])
        r["decision"] = st["decision"] if st else ""
        r["signature"] = trust.signature_of(central, r["id"])
    return rows


class SubmissionsModel(RowsTableModel):
    def __init__(self, central: Any, parent: QObject | None = None):
        super().__init__(parent)
        self.central = central
        self.headers = [self.tr("N°"), self.tr("Región"), self.tr("Rev."), self.tr("Decisión"),
                        self.tr("Firma")]
        self.reload()

    def load(self) -> list[dict[str, Any]]:
        return submissions(self.central)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            reg = by_code(r["region"])
            decision = {review.APPROVED: self.tr("Aprobado"),
                        review.RETURNED: self.tr("Devuelto")}.get(r["decision"],
                                                                  self.tr("Sin revisar"))
            return [str(r["id"]), reg.short if reg else r["region"], str(r["revision"]),
                    decision, r["signature"]][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{r['servicio']} — {r['anio']}" + (self.tr(" (vigente)") if r["official"]
                                                       else "")
        return None


class ReviewDialog(QDialog):
    def __init__(self, central: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self.setWindowTitle(self.tr("Revisar envíos y acuses"))
        self.central = central
        self.comments: list[tuple[str, str]] = []  # (SECCIÓN[:FILA[:CAMPO]], texto)
        lay = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        # left: submissions
        self.model = SubmissionsModel(central, self)
        self.view = rows_view(self.model, split, "reviewSubmissions")
        self.view.horizontalHeader().setStretchLastSection(True)
        # right: decision
        right = QWidget(split)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(8, 0, 0, 0)
        self.what = QLabel(right)
        self.what.setWordWrap(True)
        self.what.setObjectName("reviewWhat")
        rl.addWidget(self.what)
        rl.addWidget(QLabel(self.tr("Comentario general (obligatorio para devolver):"), right))
        self.general = QPlainTextEdit(right)
        self.general.setObjectName("reviewGeneral")
        self.general.setFixedHeight(54)
        rl.addWidget(self.general)
        box = QGroupBox(self.tr("Observación en una celda o campo"), right)
        fl = QFormLayout(box)
        self.section_box = QComboBox(box)
        self.section_box.setObjectName("reviewSection")
        self.row_spin = QSpinBox(box)
        self.row_spin.setObjectName("reviewRow")
        self.row_spin.setSpecialValueText(self.tr("(toda la sección)"))
        self.field_box = QComboBox(box)
        self.field_box.setObjectName("reviewField")
        self.note = QLineEdit(box)
        self.note.setObjectName("reviewNote")
        add = QPushButton(self.tr("Agregar observación"), box)
        add.setObjectName("reviewAdd")
        fl.addRow(self.tr("Sección:"), self.section_box)
        fl.addRow(self.tr("Fila:"), self.row_spin)
        fl.addRow(self.tr("Campo:"), self.field_box)
        fl.addRow(self.tr("Texto:"), self.note)
        fl.addRow(add)
        rl.addWidget(box)
        self.notes = QListWidget(right)
        self.notes.setObjectName("reviewNotes")
        self.notes.setWordWrap(True)
        rl.addWidget(self.notes, 1)
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("Aprobar"), right)
        self.approve_button.setObjectName("reviewApprove")
        self.return_button = QPushButton(self.tr("Devolver con observaciones"), right)
        self.return_button.setObjectName("reviewReturn")
        buttons.addStretch(1)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.return_button)
        rl.addLayout(buttons)
        split.addWidget(self.view)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.split = split
        lay.addWidget(split, 1)
        # bottom: receipts and keys
        bottom = QHBoxLayout()
        self.receipts_label = QLabel(self)
        self.receipts_label.setObjectName("receiptsLabel")
        self.receipts_label.setWordWrap(True)
        bottom.addWidget(self.receipts_label, 1)
        self.write_button = QPushButton(self.tr("Guardar acuses en…"), self)
        self.write_button.setObjectName("writeReceipts")
        self.accept_key_button = QPushButton(self.tr("Aceptar clave nueva…"), self)
        self.accept_key_button.setObjectName("acceptKey")
        close = QPushButton(self.tr("Cerrar"), self)
        bottom.addWidget(self.write_button)
        bottom.addWidget(self.accept_key_button)
        bottom.addWidget(close)
        lay.addLayout(bottom)

        close.clicked.connect(self.accept)
        add.clicked.connect(self.add_note)
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.return_button.clicked.connect(lambda: self.decide(False))
        self.write_button.clicked.connect(self.write_receipts)
        self.accept_key_button.clicked.connect(self.accept_key)
        self.section_box.currentIndexChanged.connect(self._section_changed)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        if self.model.rows:
            self.view.selectRow(0)
        self._selected()
        self._refresh_bottom()
        self.resize(1060, 580)
        split.setSizes([max(self.view.horizontalHeader().length() + 24, 420), 560])

    # -------------------------------------------------------------- state --
    def selected(self) -> dict[str, Any] | None:
        idx = self.view.selectionModel().selectedRows()
        return self.model.rows[idx[0].row()] if idx else None

    def _doc(self) -> dict[str, Any] | None:
        r = self.selected()
        return json.loads(r["document"]) if r else None

    def _selected(self, *_: Any) -> None:
        r = self.selected()
        self.comments = []
        self.notes.clear()
        self.section_box.clear()
        for w in (self.approve_button, self.return_button, self.section_box, self.note):
            w.setEnabled(r is not None)
        if r is None:
            self.what.setText(self.tr("Todavía no hay envíos recibidos."))
            return
        reg = by_code(r["region"])
        self.what.setText(self.tr("<b>Versión {0}</b>: {1}, {2}, {3}, revisión {4}. Firma: {5}.")
                          .format(r["id"], r["servicio"], reg.name if reg else r["region"],
                                  r["anio"], r["revision"], r["signature"]))
        doc = self._doc()
        form = get_form(doc["form"]["id"], doc["form"]["version"])
        for sec in form.sections if form else ():
            label = f"{sec.number} {sec.title}" if sec.number and sec.number not in sec.title \
                else sec.title
            self.section_box.addItem(label, sec.number or sec.key)
        self._section_changed()

    def _section_changed(self, *_: Any) -> None:
        doc = self._doc()
        self.field_box.clear()
        self.field_box.addItem(self.tr("(toda la fila o sección)"), "")
        if doc is None or self.section_box.currentIndex() < 0:
            return
        form = get_form(doc["form"]["id"], doc["form"]["version"])
        sec = form.sections[self.section_box.currentIndex()] if form else None
        if sec is None:
            return
        for f in sec.fields:
            self.field_box.addItem(f.label, f.key)
        rows = len(doc["data"].get(sec.key) or []) if sec.is_table else 0
        self.row_spin.setRange(0, rows)
        self.row_spin.setEnabled(rows > 0)

    def location(self) -> str:
        parts = [str(self.section_box.currentData())]
        field = self.field_box.currentData()
        if self.row_spin.isEnabled() and self.row_spin.value():
            parts.append(str(self.row_spin.value()))
        if field:
            parts.append(field)
        return ":".join(parts)

    def add_note(self) -> bool:
        text = self.note.text().strip()
        if not text:
            QMessageBox.warning(self, APP_DISPLAY_NAME, self.tr("Escriba el texto de la observación."))
            return False
        doc = self._doc()
        form = get_form(doc["form"]["id"], doc["form"]["version"]) if doc else None
        try:
            *_, label = review.parse_location(form, doc, self.location())
        except UserError as exc:
            QMessageBox.warning(self, APP_DISPLAY_NAME, str(exc))
            return False
        self.comments.append((self.location(), text))
        self.notes.addItem(f"{label}: {text}")
        self.note.clear()
        return True

    def decide(self, approve: bool) -> int | None:
        r = self.selected()
        if r is None:
            return None
        try:
            seq = review.review(self.central, r["id"], approve=approve,
                                comment=self.general.toPlainText(),
                                on=None if approve else self.comments)
        except UserError as exc:
            QMessageBox.warning(self, APP_DISPLAY_NAME, str(exc))
            return None
        self.general.clear()
        self.model.reload()
        self.view.selectRow(0)
        self._refresh_bottom()
        return seq

    def _refresh_bottom(self) -> None:
        pending = review.receipts(self.central, pending_only=True)
        key = review.central_key(self.central, create=False)
        held = trust.held(self.central)
        text = self.tr("Acuses por enviar: {0}.").format(len(pending))
        text += " " + self.tr("Clave de la oficina central: {0}.").format(
            key.fingerprint if key else self.tr("se crea con el primer acuse"))
        if held:
            text += " " + self.tr("Retenidos por firma distinta: {0}.").format(len(held))
        self.receipts_label.setText(text)
        self.write_button.setEnabled(bool(pending))
        self.accept_key_button.setEnabled(bool(held))

    def write_receipts(self, folder: str | None = None) -> list[Path]:
        if not folder:
            folder = QFileDialog.getExistingDirectory(self, self.tr("Guardar los acuses en"),
                                                      str(Path.home()))
        if not folder:
            return []
        try:
            written = review.write_receipts(self.central, folder, eml=True)
            drafts = sum(p.with_suffix(".eml").exists() for p in written)
        except UserError as exc:
            QMessageBox.warning(self, APP_DISPLAY_NAME, str(exc))
            return []
        self._refresh_bottom()
        QMessageBox.information(self, APP_DISPLAY_NAME, self.tr(
            "Se guardaron {0} acuse(s) en {1} ({2} con borrador de correo a la región).")
            .format(len(written), folder, drafts))
        return written

    def accept_key(self) -> bool:
        held = trust.held(self.central)
        if not held:
            return False
        h = held[0]
        ok = QMessageBox.question(self, self.tr("Aceptar clave nueva"), self.tr(
            "El envío «{0}» (región {1}, revisión {2}) está firmado con la clave {3}, distinta "
            "de la registrada. Acéptela solo si la región confirmó por teléfono que cambió de "
            "computador o de clave. ¿Aceptar la clave nueva e incorporar el envío?")
            .format(h["file_name"], h["region"], h["revision"], h["fingerprint"] or "—"))
        if ok != QMessageBox.StandardButton.Yes:
            return False
        try:
            trust.accept_held(self.central, h["id"])
        except UserError as exc:
            QMessageBox.warning(self, APP_DISPLAY_NAME, str(exc))
            return False
        self.model.reload()
        self._refresh_bottom()
        return True
