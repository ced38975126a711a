"""Several years in one database: «Nuevo año a partir de…», «Importar formulario
Word…», the origin banner and the «Año anterior» panel.

The panel shows, read-only, last year's row for the row being filled (the row
it was carried from, see :func:`sernam_desktop.carry.previous_row`), so the
office writes this year's result next to last year's.  It lives in its own
dock; the editor screens know nothing of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop import APP_DISPLAY_NAME
from sernam_desktop.carry import new_year_command, previous_row
from sernam_desktop.errors import UserError
from sernam_desktop.regions import by_code
from sernam_desktop.store import ORIGIN_IMPORT, Changed, Store
from sernam_desktop.ui.widgets import banner, help_label

if TYPE_CHECKING:
    from sernam_desktop.ui.main_window import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("Years", text)


def describe_instance(inst: dict) -> str:
    r = by_code(inst["region"] or "")
    return f"{inst['servicio']} · {r.name if r else inst['region']} · {inst['anio']}"


class NewYearDialog(QDialog):
    """Choose the year of the new form; says what is copied and what is not."""

    def __init__(self, store: Store, source_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("newYearDialog")
        self.setWindowTitle(self.tr("Nuevo año a partir de…"))
        src = store.instance(source_id)
        form = store.form_of(source_id)
        lay = QVBoxLayout(self)
        fl = QFormLayout()
        origin = QLabel(describe_instance(src) + "  " + self.tr("(revisión {0})").format(
            src["revision"]))
        origin.setWordWrap(True)
        fl.addRow(self.tr("A partir de:"), origin)
        self.year = QSpinBox(self)
        self.year.setObjectName("newYearSpin")
        self.year.setRange(2000, 2100)
        self.year.setGroupSeparatorShown(False)
        self.year.setValue(int(src["anio"]) + 1)
        fl.addRow(self.tr("&Año del nuevo formulario:"), self.year)
        lay.addLayout(fl)
        lay.addSpacing(8)
        carried = [f"{s.number or s.title} {f.label}" for s in form.sections for f in s.fields
                   if f.carry]
        lay.addWidget(help_label(
            self.tr("Se copian las columnas que describen el Plan: {0}. Los resultados, los "
                    "estados, la Actividad 1.4 y los Objetivos 2 y 3 quedan vacíos para el año "
                    "nuevo. El formulario de origen no cambia.").format("; ".join(carried))))
        lay.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Crear formulario"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 230)


def new_year_flow(parent: QWidget | None, store: Store, source_id: str) -> str | None:
    """Ask the year, create next year's form; its id (None if cancelled or refused)."""
    dlg = NewYearDialog(store, source_id, parent)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    try:
        cmd = new_year_command(store, source_id, dlg.year.value())
        store.execute(cmd)
    except UserError as exc:
        QMessageBox.warning(parent, APP_DISPLAY_NAME, str(exc))
        return None
    return cmd.instance_id


def import_docx_flow(parent: QWidget | None, store: Store, start: Path) -> str | None:
    """«Importar formulario Word…»: pick, read, ask the year, add; the new form's id."""
    from sernam_desktop.commands import CreateInstance
    from sernam_desktop.docx_import import read_docx, year_from_name
    from sernam_desktop.forms import default_form

    tr = _tr
    path, _ = QFileDialog.getOpenFileName(
        parent, tr("Importar formulario Word"), str(start),
        tr("Documentos de Word (*.docx);;Todos los archivos (*)"))
    if not path:
        return None
    guess = year_from_name(Path(path).name)
    year, ok = QInputDialog.getInt(
        parent, tr("Importar formulario Word"), tr("Año del formulario:"),
        int(guess) if guess else 2007, 2000, 2100)
    if not ok:
        return None
    try:
        got = read_docx(path, year)
        cmd = CreateInstance(default_form(), got.servicio, got.region, got.anio, data=got.data)
        cmd.label = "Importar formulario Word"
        store.execute(cmd, origin=ORIGIN_IMPORT)
    except UserError as exc:
        QMessageBox.warning(parent, APP_DISPLAY_NAME, str(exc))
        return None
    if got.unplaced:
        items = "\n".join(f"• {u.describe()}" for u in got.unplaced[:15])
        more = len(got.unplaced) - 15
        if more > 0:
            items += "\n" + tr("… y {0} más.").format(more)
        QMessageBox.information(parent, APP_DISPLAY_NAME, tr(
            "Se importó el formulario, pero {0} texto(s) no se pudieron ubicar en el "
            "formulario; quedaron en la sección «Notas» para que los revise:\n\n{1}").format(
                len(got.unplaced), items))
    return cmd.instance_id


def origin_text(store: Store, instance_id: str) -> str:
    origin = store.origin(instance_id)
    if not origin:
        return ""
    rev = _tr(" (revisión {0})").format(origin["revision"]) if origin.get("revision") else ""
    if store.has_instance(origin["uuid"]):
        src = store.instance(origin["uuid"])
        r = by_code(src["region"] or "")
        return _tr("Formulario iniciado a partir del formulario {0}{1} de {2} · {3}. Lo "
                   "informado ese año se ve en el panel «Año anterior».").format(
            origin.get("anio", "?"), rev, src["servicio"], r.name if r else src["region"])
    return _tr("Formulario iniciado a partir del formulario {0}{1} (ese formulario no está en "
               "esta base de datos).").format(origin.get("anio", "?"), rev)


class PreviousYearPanel(QDockWidget):
    """Read-only: last year's row for the row being filled."""

    def __init__(self, window: MainWindow):
        super().__init__(self.tr("Año anterior"), window)
        self.setObjectName("previousYearPanel")
        self.window_ = window
        self.session = window.session
        self.origin = self.session.store.origin(self.session.instance_id)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("previousYearText")
        self.browser.setOpenLinks(False)
        self.setWidget(self.browser)
        self._hooked: set[int] = set()
        window.tabs.currentChanged.connect(lambda *_: self.refresh())
        self.session.changed.connect(self._on_changed)

    def _on_changed(self, changed: Changed) -> None:
        """Only a change to the row shown (or to its table's rows) changes what is shown."""
        screen = self._screen()
        section = getattr(screen, "section", None)
        if section is None or not section.is_table:
            return
        if section.key not in changed.structure:
            row_i = screen.current_row()
            if row_i is None or row_i >= screen.model.rowCount():
                return
            rid = screen.model.row_id(row_i)
            if not any(r == rid for r, _ in changed.cells):
                return
        self.refresh()

    def _screen(self):  # noqa: ANN202
        try:
            return self.window_.current_screen()
        except (KeyError, IndexError):
            return None

    def refresh(self) -> None:
        screen = self._screen()
        view = getattr(screen, "view", None)
        if view is not None and id(view) not in self._hooked:
            self._hooked.add(id(view))
            view.selectionModel().currentChanged.connect(lambda *_: self.refresh())
        self.browser.setHtml(self._html(screen))

    def _html(self, screen) -> str:  # noqa: ANN001
        import html

        esc = html.escape
        store, uid = self.session.store, self.session.instance_id
        year = esc(str((self.origin or {}).get("anio", "")))
        section = getattr(screen, "section", None)
        if section is None or not section.is_table:
            return "<p style='color:#555'>" + esc(self.tr(
                "Elija una fila de una actividad para ver lo que se informó el año anterior."
            )) + "</p>"
        row_i = screen.current_row()
        if row_i is None or row_i >= screen.model.rowCount():
            return "<p style='color:#555'>" + esc(self.tr("Elija una fila.")) + "</p>"
        row = dict(store.row(screen.model.row_id(row_i))["cells"])
        old = previous_row(store, uid, section, row)
        if old is None:
            return (f"<p><b>{esc(section.title)}, {esc(self.tr('fila'))} {row_i + 1}</b></p>"
                    "<p style='color:#555'>" + esc(self.tr(
                        "Esta fila no estaba en el formulario {0}.").format(year)) + "</p>")
        parts = [f"<p><b>{esc(self.tr('{0}, fila {1}: lo informado en {2}').format(section.title, row_i + 1, year))}</b></p>"]  # noqa: E501
        for col in section.columns:
            value = old.get(col.key, "")
            if col.carry:
                continue
            if col.choices is not None:
                value = col.choices.label_of(value) if value else ""
            shown = esc(value).replace("\n", "<br>") if value else \
                f"<i style='color:#777'>{esc(self.tr('(vacío)'))}</i>"
            parts.append(f"<p><b>{esc(col.label)}</b><br>{shown}</p>")
        return "".join(parts)


def install(window: MainWindow, layout: QVBoxLayout) -> None:
    """Origin banner in the header area and the «Año anterior» dock, when the form has an origin."""
    store, uid = window.session.store, window.session.instance_id
    text = origin_text(store, uid)
    if not text:
        window.origin_banner = None
        window.previous_year = None
        return
    b = banner(text, background="#eef6ea", border="#a5c99a")
    b.setObjectName("originBanner")
    b.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    layout.insertWidget(2, b)
    window.origin_banner = b
    origin = store.origin(uid)
    if origin and store.has_instance(origin["uuid"]):
        panel = PreviousYearPanel(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
        panel.show()
        # give last year's text more room than the problem list, once laid out
        QTimer.singleShot(0, lambda: window.resizeDocks(
            [window.problems, panel], [2, 3], Qt.Orientation.Vertical))
        panel.refresh()
        window.previous_year = panel
    else:
        window.previous_year = None
