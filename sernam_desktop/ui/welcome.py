"""The welcome screen: first run, an empty database, or «Archivo → Inicio»."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop import APP_DISPLAY_NAME, __version__, regions
from sernam_desktop.forms import default_form
from sernam_desktop.store import STATE_LABELS
from sernam_desktop.ui.widgets import heading_label, help_label

DATA_ROLE = Qt.ItemDataRole.UserRole + 20


class WelcomeWindow(QWidget):
    create_requested = Signal(str, str, int)  # servicio, region code, year
    example_requested = Signal()
    open_file_requested = Signal()
    central_requested = Signal()
    instance_requested = Signal(str)  # uuid in the current database
    recent_requested = Signal(str)  # database path
    new_year_requested = Signal(str)  # uuid of the form to start from
    import_docx_requested = Signal()

    def __init__(self, db_path: Path | None, instances: list[dict], recent: list[str],
                 central_available: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("welcomeWindow")
        self.setWindowTitle(self.tr("Inicio — {0}").format(APP_DISPLAY_NAME))
        self._quit_armed = False
        form = default_form()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        outer.setSpacing(10)
        outer.addWidget(heading_label(APP_DISPLAY_NAME, 6))
        outer.addWidget(help_label(f"{form.title} — {form.subtitle} ({form.program}). "
                                   + self.tr("Versión {0}.").format(__version__)))

        cols = QHBoxLayout()
        cols.setSpacing(16)
        outer.addLayout(cols, 1)
        left = QVBoxLayout()
        right = QVBoxLayout()
        cols.addLayout(left, 3)
        cols.addLayout(right, 2)

        new_box = QGroupBox(self.tr("Nuevo formulario"), self)
        fl = QFormLayout(new_box)
        fl.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.servicio = QLineEdit(new_box)
        self.servicio.setObjectName("newServicio")
        self.servicio.setText(form.institution)
        self.servicio.setPlaceholderText(self.tr("Nombre del servicio"))
        from sernam_desktop.ui.screen_fields import RegionCombo

        self.region = RegionCombo(new_box)
        self.region.setObjectName("newRegion")
        self.region.addItem(self.tr("— elija la región —"), "")
        for r in regions.ui_choices():
            self.region.addItem(r.display, r.code)
        self.year = QSpinBox(new_box)
        self.year.setObjectName("newYear")
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        self.year.setGroupSeparatorShown(False)
        fl.addRow(self.tr("&Servicio:"), self.servicio)
        fl.addRow(self.tr("&Región:"), self.region)
        fl.addRow(self.tr("&Año:"), self.year)
        self.create_button = QPushButton(self.tr("Crear formulario"), new_box)
        self.create_button.setObjectName("createButton")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._create)
        fl.addRow("", self.create_button)
        left.addWidget(new_box)

        other = QGroupBox(self.tr("Otras opciones"), self)
        ol = QVBoxLayout(other)
        self.example_button = QPushButton(self.tr("Abrir el ejemplo (formulario nacional 2007)"), other)
        self.example_button.setObjectName("exampleButton")
        self.example_button.clicked.connect(self.example_requested)
        self.open_button = QPushButton(self.tr("Abrir un archivo…"), other)
        self.open_button.setObjectName("openButton")
        self.open_button.setToolTip(self.tr(
            "Una base de datos de sernam-desktop (.sqlite3) o un formulario exportado (.json)"))
        self.open_button.clicked.connect(self.open_file_requested)
        self.central_button = QPushButton(self.tr("Modo oficina central (consolidar regiones)"), other)
        self.central_button.setObjectName("centralButton")
        self.central_button.clicked.connect(self.central_requested)
        self.central_button.setVisible(central_available)
        self.import_docx_button = QPushButton(self.tr("Importar formulario Word…"), other)
        self.import_docx_button.setObjectName("importDocxButton")
        self.import_docx_button.setToolTip(self.tr(
            "Un Formulario Etapa N°4 de años anteriores escrito en Word (.docx)"))
        self.import_docx_button.clicked.connect(self.import_docx_requested)
        for b in (self.example_button, self.open_button, self.import_docx_button,
                  self.central_button):
            b.setMinimumHeight(32)
            ol.addWidget(b)
        left.addWidget(other)
        left.addStretch(1)

        self.forms_box = QGroupBox(self.tr("Formularios en esta base de datos"), self)
        fb = QVBoxLayout(self.forms_box)
        self.forms_list = QListWidget(self.forms_box)
        self.forms_list.setObjectName("formsList")
        self.forms_list.setWordWrap(True)
        self.forms_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.forms_list.setSpacing(2)
        # by year, newest first (a database may hold several years)
        instances = sorted(instances, key=lambda i: (-(i["anio"] or 0), i["servicio"] or "",
                                                     i["region"] or ""))
        for inst in instances:
            r = regions.by_code(inst["region"] or "")
            text = self.tr("{2} · {0}\n{1} — {3}, revisión {4}").format(
                inst["servicio"], r.name if r else "?", inst["anio"],
                STATE_LABELS.get(inst.get("lifecycle") or inst["state"], inst["state"]),
                inst["revision"])  # issue 15: «lifecycle» (Recibido…) when the caller gives it
            item = QListWidgetItem(text)
            item.setData(DATA_ROLE, inst["uuid"])
            self.forms_list.addItem(item)
        self.forms_list.itemActivated.connect(
            lambda it: self.instance_requested.emit(it.data(DATA_ROLE)))
        fb.addWidget(self.forms_list)
        self.new_year_button = QPushButton(self.tr("Nuevo año a partir del seleccionado…"),
                                           self.forms_box)
        self.new_year_button.setObjectName("newYearButton")
        self.new_year_button.setToolTip(self.tr(
            "Crea el formulario de otro año copiando objetivos, indicadores, productos y "
            "compromisos; los resultados quedan vacíos"))
        self.new_year_button.clicked.connect(self._new_year)
        self.forms_list.currentItemChanged.connect(
            lambda cur, _prev: self.new_year_button.setEnabled(cur is not None))
        if self.forms_list.count():
            self.forms_list.setCurrentRow(0)
        self.new_year_button.setEnabled(self.forms_list.currentItem() is not None)
        fb.addWidget(self.new_year_button)
        if db_path is not None:
            where = help_label(self.tr("Archivo: {0}").format(db_path))
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            fb.addWidget(where)
        self.forms_box.setVisible(bool(instances))
        right.addWidget(self.forms_box)

        self.recent_box = QGroupBox(self.tr("Archivos recientes"), self)
        rb = QVBoxLayout(self.recent_box)
        self.recent_list = QListWidget(self.recent_box)
        self.recent_list.setObjectName("recentList")
        current = str(db_path.resolve()) if db_path is not None else ""
        recent = [p for p in recent if p != current]
        for p in recent:
            item = QListWidgetItem(Path(p).name)
            item.setToolTip(p)
            item.setData(DATA_ROLE, p)
            self.recent_list.addItem(item)
        self.recent_list.itemActivated.connect(
            lambda it: self.recent_requested.emit(it.data(DATA_ROLE)))
        rb.addWidget(self.recent_list)
        self.recent_box.setVisible(bool(recent))
        right.addWidget(self.recent_box)
        if not instances and not recent:
            right.addWidget(help_label(self.tr(
                "Todo lo que escriba se guarda al instante en este equipo; no necesita "
                "conexión a Internet. Cuando el formulario esté completo, use «Enviar a "
                "oficina central» para preparar el archivo de envío.")))
        right.addStretch(1)
        self.resize(860, 520)

    def _create(self) -> None:
        self.create_requested.emit(self.servicio.text().strip(), self.region.currentData(),
                                   self.year.value())

    def _new_year(self) -> None:
        item = self.forms_list.currentItem()
        if item is not None:
            self.new_year_requested.emit(item.data(DATA_ROLE))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._quit_armed:
            self._quit_armed = True
            from sernam_desktop.ui.main_window import quit_after_env

            quit_after_env()
