"""The main window: one tab per section of the form definition.

Tabs are built from ``session.form.sections`` (a table section gets the
generic table editor, a fields section the fields screen, the executive
report the report screen).  Badges, the problems panel, the lifecycle label
and the "Guardado hh:mm:ss" status all refresh from the session's signals,
which come from the store's ``Changed``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QFont,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sernam_desktop import APP_DISPLAY_NAME, __version__
from sernam_desktop.commands import (
    Command,
    Composite,
    DeleteRow,
    InsertRow,
    MoveRow,
    SetCell,
    SetField,
    SetState,
    replace_content,
)
from sernam_desktop.drafting import report_section
from sernam_desktop.errors import UserError
from sernam_desktop.paths import cache_home, private_temp_dir
from sernam_desktop.regions import by_code
from sernam_desktop.store import (  # issue 15: recibido / devuelto
    ORIGIN_IMPORT,
    STATE_LABELS,
    STATE_RECEIVED,
    STATE_RETURNED,
    STATE_SENT,
    Changed,
)
from sernam_desktop.ui.find import FindBar
from sernam_desktop.ui.problems import ProblemsPanel
from sernam_desktop.ui.session import LIFECYCLE_COLORS, DerivedState, FormSession
from sernam_desktop.ui.widgets import banner, dot_icon, gui_settings
from sernam_desktop.validation import Issue

if TYPE_CHECKING:
    from sernam_desktop.ui.app import AppController

QUIT_AFTER_ENV = "SERNAM_DESKTOP_QUIT_AFTER_MS"
NOTICE_MS = 30000


def quit_after_env() -> None:
    """SERNAM_DESKTOP_QUIT_AFTER_MS=N: quit N ms after the first window is shown."""
    raw = os.environ.get(QUIT_AFTER_ENV, "").strip()
    if raw.isdigit():
        QTimer.singleShot(int(raw), QApplication.quit)


class _LazyScreens(dict):
    """section key -> screen, built on first access."""

    def __init__(self, factory):  # noqa: ANN001
        super().__init__()
        self._factory = factory

    def __missing__(self, key: str) -> QWidget:
        screen = self._factory(key)
        self[key] = screen
        return screen


class MainWindow(QMainWindow):
    def __init__(self, session: FormSession, controller: AppController | None = None):
        super().__init__()
        self.setObjectName("mainWindow")
        self.session = session
        self.controller = controller
        self._quit_armed = False
        form = session.form

        central = QWidget(self)
        lay = QVBoxLayout(central)
        lay.setContentsMargins(6, 6, 6, 0)
        lay.setSpacing(4)
        self.readonly_banner = banner(session.readonly_reason or "")
        self.readonly_banner.setObjectName("readonlyBanner")
        lay.addWidget(self.readonly_banner)
        self.readonly_banner.setVisible(session.readonly)
        self.sent_banner = banner("", background="#e3f0fc", border="#90b8e0")
        self.sent_banner.setObjectName("sentBanner")
        lay.addWidget(self.sent_banner)

        self.tabs = QTabWidget(central)
        self.tabs.setObjectName("sectionTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        # One page per section; its screen is built the first time it is needed
        # (shown, searched, jumped to), which keeps start-up fast.
        self._pages: dict[str, QWidget] = {}
        self._report_key = report.key if (report := report_section(form)) is not None else None
        self.screens: _LazyScreens = _LazyScreens(self._build_screen)
        for sec in form.sections:
            page = QWidget(self.tabs)
            page.setObjectName(f"page_{sec.key}")
            pl = QVBoxLayout(page)
            pl.setContentsMargins(0, 0, 0, 0)
            self._pages[sec.key] = page
            self.tabs.addTab(page, sec.title)
        self.tabs.currentChanged.connect(self._ensure_current)
        # every tab (with its badge) is also reachable from a list, however narrow the window
        self.tabs_button = QToolButton(self.tabs)
        self.tabs_button.setObjectName("tabsMenuButton")
        self.tabs_button.setText(self.tr("Pestañas"))
        self.tabs_button.setToolTip(self.tr("Lista de todas las pestañas con lo que falta en cada una"))
        self.tabs_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.tabs_menu = QMenu(self.tabs_button)
        self.tabs_menu.aboutToShow.connect(self._fill_tabs_menu)
        self.tabs_button.setMenu(self.tabs_menu)
        self.tabs.setCornerWidget(self.tabs_button, Qt.Corner.TopRightCorner)
        lay.addWidget(self.tabs, 1)
        self.find_bar = FindBar(session, central)
        self.find_bar.hide()
        lay.addWidget(self.find_bar)
        self.setCentralWidget(central)

        self.problems = ProblemsPanel(session, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.problems)
        self.problems.go_to.connect(self.go_to)
        self._problem_pos = -1
        self.find_bar.go_to.connect(lambda s, r, f: self.go_to(s, r, f, focus=False))
        self.find_bar.edit.textChanged.connect(self._highlight_found)
        self.find_bar.closed.connect(self._find_closed)

        self.saved_label = QLabel(self.tr("Todos los cambios se guardan automáticamente"))
        self.saved_label.setObjectName("savedLabel")
        self.statusBar().addWidget(self.saved_label, 1)
        self.lifecycle_label = QLabel()
        self.lifecycle_label.setObjectName("lifecycleLabel")
        self.statusBar().addPermanentWidget(self.lifecycle_label)

        self._build_actions()
        self._build_menus()
        # origin banner and «Año anterior» panel: only a form started from another
        # year's has them (the module and its dialogs load only then: start-up time)
        self.origin_banner: QLabel | None = None
        self.previous_year: QWidget | None = None
        if session.store.origin(session.instance_id):
            from sernam_desktop.ui import years

            years.install(self, lay)

        session.saved.connect(self._on_saved)
        session.changed.connect(self._on_changed)
        session.derived.connect(self._on_derived)
        session.error.connect(self.show_error)
        session.notice.connect(self.show_notice)
        self._ensure_current(self.tabs.currentIndex())
        self._badges: dict[int, tuple[str, bool, str]] = {}  # tab -> what it shows
        self._update_badges(session.issues())
        self._update_lifecycle()
        self._update_title()
        self.setWindowIcon(QApplication.windowIcon())
        self.resize(*self.default_size())
        self.resizeDocks([self.problems], [self.fontMetrics().averageCharWidth() * 32],
                         Qt.Orientation.Horizontal)
        self._restore_geometry()

    # ------------------------------------------------------------- actions --
    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None,  # noqa: ANN001
                tip: str = "", name: str = "") -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
            a.setToolTip(tip)
        if name:
            a.setObjectName(name)
        a.triggered.connect(slot)
        self.addAction(a)
        return a

    def _build_actions(self) -> None:
        s = self.session
        # Fixed short labels (the toolbar never grows); what would be undone is in the tooltip.
        self.undo_action = self._action(self.tr("Deshacer"), self.undo, "Ctrl+Z", name="undo")
        self.redo_action = self._action(self.tr("Rehacer"), self.redo, None, name="redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        s.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        s.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        s.undo_stack.undoTextChanged.connect(self._update_undo_tips)
        s.undo_stack.redoTextChanged.connect(self._update_undo_tips)
        self._update_undo_tips()
        self.save_action = self._action(self.tr("Guardar"), self.say_saved, "Ctrl+G",
                                        self.tr("Todo se guarda solo al escribir; esto lo "
                                                "confirma"), "save")
        self.save_action.setShortcuts([QKeySequence("Ctrl+G"), QKeySequence("Ctrl+S")])
        self._last_saved = ""
        self.find_action = self._action(self.tr("Buscar…"), self.find_bar.open,
                                        "Ctrl+F",
                                        self.tr("Busca un texto en todo el formulario"), "find")
        self.find_next_action = self._action(self.tr("Buscar siguiente"), self.find_bar.next,
                                             "F3", name="findNext")
        self.next_problem_action = self._action(
            self.tr("Problema siguiente"), self.next_problem, "F8",
            self.tr("Va al siguiente dato que falta"), "nextProblem")
        self.mark_sent_action = self._action(
            self.tr("Marcar como enviado"), self.mark_sent, None,
            self.tr("Registra que esta revisión fue enviada a la oficina central"), "markSent")
        self.about_action = self._action(self.tr("Acerca de…"), self.show_about, name="about")
        self.quit_action = self._action(self.tr("Salir"), self.close, QKeySequence.StandardKey.Quit)
        self.zoom_in_action = self._action(self.tr("Letra más grande"),
                                           lambda: self.change_font(+1), QKeySequence.StandardKey.ZoomIn)
        self.zoom_out_action = self._action(self.tr("Letra más pequeña"),
                                            lambda: self.change_font(-1), QKeySequence.StandardKey.ZoomOut)
        self.zoom_reset_action = self._action(self.tr("Tamaño de letra normal"),
                                              lambda: self.change_font(0), "Ctrl+0")
        self.next_tab_action = self._action(
            self.tr("Pestaña siguiente"),
            lambda: self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count()),
            "Ctrl+PgDown")
        self.prev_tab_action = self._action(
            self.tr("Pestaña anterior"),
            lambda: self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count()),
            "Ctrl+PgUp")

    def _build_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu(self.tr("&Archivo"))
        if self.controller is not None:
            m.addAction(self._action(self.tr("Inicio (nuevo formulario, ejemplo, recientes)…"),
                                     self.controller.show_welcome, QKeySequence.StandardKey.New,
                                     name="welcome"))
            m.addAction(self._action(self.tr("Abrir archivo…"), self.controller.open_file_dialog,
                                     QKeySequence.StandardKey.Open, name="open"))
            m.addAction(self._action(self.tr("Nuevo año a partir de este formulario…"),
                                     lambda: self.controller.new_year_from(
                                         self.session.instance_id), name="newYear"))
            m.addAction(self._action(self.tr("Importar formulario Word…"),
                                     self.controller.import_docx, name="importDocx"))
        m.addSeparator()
        m.addAction(self._action(self.tr("Exportar PDF…"), self.export_pdf, "Ctrl+P",
                                 self.tr("Guarda el formulario como PDF"), "exportPdf"))
        m.addAction(self._action(self.tr("Abrir PDF"), self.open_pdf, "Ctrl+Shift+P",
                                 self.tr("Abre el PDF del formulario en el visor"), "openPdf"))
        annex = self._action(self.tr("Agregar anexo de estado de avance al PDF"),
                             self._set_pdf_annex, tip=self.tr(
                                 "Agrega al PDF, después del formulario, el estado de cada "
                                 "fila y sus gráficos (no es parte del formulario oficial)"),
                             name="pdfAnnex")
        annex.setCheckable(True)
        annex.setChecked(self._pdf_options()[1])
        m.addAction(annex)
        m.addAction(self._action(self.tr("Exportar Excel…"), self.export_xlsx,
                                 name="exportXlsx"))
        m.addAction(self._action(self.tr("Importar Excel…"), self.import_xlsx,
                                 name="importXlsx"))
        m.addAction(self._action(self.tr("Exportar JSON…"), self.export_json, name="exportJson"))
        m.addSeparator()
        m.addAction(self._action(self.tr("Enviar a oficina central…"), self.send_to_central,
                                 tip=self.tr("Prepara el archivo de envío y un borrador de "
                                             "correo para la oficina central"),
                                 name="sendCentral"))
        from sernam_desktop.ui import outbox as outbox_ui  # issue 15: Envíos, Abrir acuse

        outbox_ui.install(self, m)
        m.addAction(self._action(self.tr("Guardar copia…"), self.save_copy,
                                 tip=self.tr("Guarda una copia completa y revisada de la base de "
                                             "datos en otro archivo (por ejemplo, en un pendrive)"),
                                 name="saveCopy"))
        m.addAction(self._action(self.tr("Restaurar copia de seguridad…"),
                                 self.restore_backup, name="restoreBackup"))
        m.addSeparator()
        m.addAction(self.quit_action)

        e = mb.addMenu(self.tr("&Editar"))
        e.addAction(self.undo_action)
        e.addAction(self.redo_action)
        e.addAction(self.save_action)
        e.addSeparator()
        e.addAction(self.find_action)
        e.addAction(self.find_next_action)
        e.addAction(self.next_problem_action)
        e.addSeparator()
        e.addAction(self._action(self.tr("Preferencias…"), self.show_preferences,
                                 QKeySequence.StandardKey.Preferences, name="preferences"))

        f = mb.addMenu(self.tr("&Formulario"))
        report = report_section(self.session.form)
        if report is not None:
            f.addAction(self._action(self.tr("Proponer borrador del informe ejecutivo…"),
                                     self.generate_draft, name="generateDraft"))

        v = mb.addMenu(self.tr("&Ver"))
        v.addAction(self.problems.toggleViewAction())
        self.problems.toggleViewAction().setText(self.tr("Panel de problemas"))
        self.problems.toggleViewAction().setShortcut(QKeySequence("Ctrl+F8"))
        v.addSeparator()
        v.addAction(self.next_tab_action)
        v.addAction(self.prev_tab_action)
        v.addSeparator()
        v.addAction(self.zoom_in_action)
        v.addAction(self.zoom_out_action)
        v.addAction(self.zoom_reset_action)

        h = mb.addMenu(self.tr("A&yuda"))
        h.addAction(self.about_action)

        tb = self.addToolBar(self.tr("Principal"))
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.addAction(self.undo_action)
        tb.addAction(self.redo_action)
        tb.addSeparator()
        tb.addAction(self.find_action)
        for name in ("exportPdf", "sendCentral"):
            a = self.findChild(QAction, name)
            if a is not None:
                tb.addSeparator()
                tb.addAction(a)

    # ---------------------------------------------------------- undo/redo --
    def _update_undo_tips(self, *_: object) -> None:
        st = self.session.undo_stack
        try:
            u, r = st.undoText(), st.redoText()
        except RuntimeError:  # the stack is being destroyed with the session
            return
        self.undo_action.setToolTip(self.tr("Deshacer: {0} (Ctrl+Z)").format(u) if u
                                    else self.tr("Nada que deshacer (Ctrl+Z)"))
        self.redo_action.setToolTip(self.tr("Rehacer: {0} (Ctrl+Y)").format(r) if r
                                    else self.tr("Nada que rehacer (Ctrl+Y)"))
        self.undo_action.setStatusTip(self.undo_action.toolTip())
        self.redo_action.setStatusTip(self.redo_action.toolTip())
        self.undo_action.setEnabled(st.canUndo())
        self.redo_action.setEnabled(st.canRedo())

    def _locate(self, cmd: Command) -> tuple[str, str | None, str | None] | None:
        """(section, row id, field) a command changed, to show it after undo/redo."""
        if isinstance(cmd, Composite):
            for c in cmd.commands:
                loc = self._locate(c)
                if loc is not None:
                    return loc
            return None
        if isinstance(cmd, SetField):
            return cmd.section, None, cmd.field_key
        if isinstance(cmd, SetCell):
            try:
                return self.session.store.row(cmd.row_id)["section"], cmd.row_id, cmd.column
            except Exception:  # noqa: BLE001 - the row is gone (undone insert)
                return None
        if isinstance(cmd, (InsertRow, DeleteRow, MoveRow)):
            section = getattr(cmd, "section", None)
            if section is None:
                try:
                    section = self.session.store.row(cmd.row_id)["section"]
                except Exception:  # noqa: BLE001
                    return None
            return section, cmd.row_id, None
        return None

    def _undo_redo(self, undo: bool) -> None:
        self.flush()
        st = self.session.undo_stack
        if not (st.canUndo() if undo else st.canRedo()):
            return
        wrapper = st.command(st.index() - 1 if undo else st.index())
        text = st.undoText() if undo else st.redoText()
        st.undo() if undo else st.redo()
        cmd = getattr(wrapper, "cmd", None)
        loc = self._locate(cmd) if cmd is not None else None
        if loc is not None:
            self.go_to(*loc)
        self.statusBar().showMessage(
            (self.tr("Deshecho: {0}") if undo else self.tr("Rehecho: {0}")).format(text), 10000)

    def undo(self) -> None:
        self._undo_redo(True)

    def redo(self) -> None:
        self._undo_redo(False)

    def say_saved(self) -> None:
        """Ctrl+G / Ctrl+S: everything is saved as it is typed; say so (and when)."""
        self.flush()
        if self._last_saved:
            msg = self.tr("Todo está guardado (último cambio guardado a las {0}).").format(
                self._last_saved)
        else:
            msg = self.tr("Todo está guardado (no hay cambios desde que se abrió).")
        self.statusBar().showMessage(msg, 10000)

    # ------------------------------------------------------------ problems --
    def next_problem(self) -> None:
        """F8: go to the next thing that is missing."""
        issues = self.session.issues()
        if not issues:
            self.statusBar().showMessage(self.tr("No falta nada: el formulario está completo."),
                                         8000)
            return
        self._problem_pos = (self._problem_pos + 1) % len(issues)
        issue = issues[self._problem_pos]
        self.go_to(issue.section, issue.row_id, issue.field)
        self.statusBar().showMessage(self.tr("Falta ({0} de {1}): {2}").format(
            self._problem_pos + 1, len(issues), issue.message), 10000)

    # ---------------------------------------------------------------- find --
    def _highlight_found(self, text: str) -> None:
        for screen in list(self.screens.values()):
            if hasattr(screen, "set_highlight"):
                screen.set_highlight(text)  # type: ignore[attr-defined]

    def _find_closed(self) -> None:
        self._highlight_found("")
        m = self.find_bar.current_match()
        if m is not None:
            self.go_to(m.section, m.row_id, m.field)
        else:
            self.current_screen().setFocus()

    # ------------------------------------------------------------- layout --
    def default_size(self) -> tuple[int, int]:
        """1200×800, or less: never larger than the screen's available area."""
        w, h = 1200, 800
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            avail = screen.availableGeometry()
            w, h = min(w, avail.width()), min(h, avail.height() - 32)
        return max(640, w), max(400, h)

    def _fill_tabs_menu(self) -> None:
        self.tabs_menu.clear()
        for i in range(self.tabs.count()):
            a = self.tabs_menu.addAction(self.tabs.tabIcon(i), self.tabs.tabText(i))
            a.setCheckable(True)
            a.setChecked(i == self.tabs.currentIndex())
            a.triggered.connect(lambda _=False, k=i: self.tabs.setCurrentIndex(k))

    # ------------------------------------------------------------ refresh --
    def _on_saved(self, hhmmss: str) -> None:
        self._last_saved = hhmmss
        self.saved_label.setText(self.tr("Guardado {0}").format(hhmmss))

    def _on_changed(self, changed: Changed) -> None:
        if changed.meta:
            self._update_title()

    def _on_derived(self, state: DerivedState) -> None:
        """Badges and the lifecycle label, from the state the session derived once."""
        if state.issues_changed:
            self._update_badges(list(state.issues))
        if state.lifecycle_changed:
            self._update_lifecycle()

    def _update_lifecycle(self) -> None:
        state, revision = self.session.lifecycle()
        steps = []
        from sernam_desktop.ui.outbox import banner_text, lifecycle_keys  # issue 15

        for key in lifecycle_keys(state):
            name = STATE_LABELS[key]
            if key == state:
                steps.append(f"<b style='color:{LIFECYCLE_COLORS[key]}'>{name}</b>")
            else:
                steps.append(f"<span style='color:#9e9e9e'>{name}</span>")
        text = " → ".join(steps)
        text += "&nbsp;&nbsp;·&nbsp;&nbsp;" + self.tr("revisión {0}").format(revision)
        self.lifecycle_label.setText(text)
        self.lifecycle_state = state
        self.lifecycle_label.setToolTip(self.tr(
            "Borrador: falta información. Completo: no falta nada. Listo para enviar: se "
            "preparó el envío de esta revisión. Recibido / Devuelto con observaciones: lo que "
            "respondió la oficina central. Si la edita se abre una nueva revisión."))
        if state in (STATE_SENT, STATE_RECEIVED, STATE_RETURNED):
            self.sent_banner.setText(banner_text(self, state, revision))
            self.sent_banner.show()
        else:
            self.sent_banner.hide()
        self.mark_sent_action.setEnabled(state not in (STATE_SENT, STATE_RECEIVED, STATE_RETURNED)
                                         and not self.session.readonly)

    def _update_title(self) -> None:
        inst = self.session.instance()
        region = by_code(inst["region"] or "")
        parts = [inst["servicio"] or self.tr("(sin servicio)")]
        if region:
            parts.append(region.name)
        if inst["anio"]:
            parts.append(str(inst["anio"]))
        path = self.session.store.path
        where = f" — {path.name}" if path else ""
        self.setWindowTitle(f"{' · '.join(parts)}{where} — {APP_DISPLAY_NAME}")

    def _update_badges(self, issues: list[Issue]) -> None:
        by_section: dict[str, list[Issue]] = {}
        for i in issues:
            by_section.setdefault(i.section, []).append(i)
        for idx, sec in enumerate(self.session.form.sections):
            mine = by_section.get(sec.key, [])
            if mine:
                text = f"{sec.title} ({len(mine)})"
                shown = "\n".join(i.message for i in mine[:8])
                more = len(mine) - 8
                if more > 0:
                    shown += "\n" + self.tr("… y {0} más").format(more)
            else:
                text, shown = sec.title, self.tr("{0}: completo").format(sec.title)
            # only what changed: a new text or icon relays the tab bar out
            old_text, old_missing, old_tip = self._badges.get(idx, (None, None, None))
            if text != old_text:
                self.tabs.setTabText(idx, text)
            if bool(mine) != old_missing:
                self.tabs.setTabIcon(idx, dot_icon("#c62828" if mine else "#2e7d32"))
            if shown != old_tip:
                self.tabs.setTabToolTip(idx, shown)
            self._badges[idx] = (text, bool(mine), shown)

    def badge_counts(self) -> dict[str, int]:
        """{section key: number of missing items} as shown on the tabs."""
        out = {}
        for idx, sec in enumerate(self.session.form.sections):
            text = self.tabs.tabText(idx)
            out[sec.key] = int(text.rsplit("(", 1)[1].rstrip(")")) if text.endswith(")") else 0
        return out

    # ----------------------------------------------------------- screens --
    def _build_screen(self, key: str) -> QWidget:
        # imported here, each only for its own kind of tab: a screen module loads when its
        # first tab is shown (start-up builds only the current tab, the header's fields)
        sec = self.session.form.section(key)
        page = self._pages[key]
        if sec.is_table:
            from sernam_desktop.ui.screen_table import TableScreen

            screen: QWidget = TableScreen(self.session, sec, page)
        elif key == self._report_key:
            from sernam_desktop.ui.screen_report import ReportScreen

            screen = ReportScreen(self.session, sec, page)
        else:
            from sernam_desktop.ui.screen_fields import FieldsScreen

            screen = FieldsScreen(self.session, sec, page)
        page.layout().addWidget(screen)
        if self.find_bar.isVisible() and hasattr(screen, "set_highlight"):
            screen.set_highlight(self.find_bar.edit.text())  # type: ignore[attr-defined]
        screen.show()  # at once, not on the next event-loop turn (focus, find, tests)
        return screen

    def _ensure_current(self, index: int) -> None:
        if 0 <= index < len(self.session.form.sections):
            _ = self.screens[self.session.form.sections[index].key]

    def show_section(self, key: str) -> QWidget:
        """Bring the tab of section ``key`` to the front; its screen."""
        self.tabs.setCurrentWidget(self._pages[key])
        return self.screens[key]

    def current_section(self) -> str:
        return self.session.form.sections[self.tabs.currentIndex()].key

    # ---------------------------------------------------------- locating --
    def go_to(self, section: str, row_id: str | None, field: str | None, focus: bool = True) -> None:
        if section not in self._pages:
            return
        screen = self.show_section(section)
        screen.focus_location(row_id, field)  # type: ignore[attr-defined]
        if not focus:
            self.find_bar.edit.setFocus()

    def current_screen(self) -> QWidget:
        return self.screens[self.current_section()]

    def flush(self) -> None:
        """Commit whatever is being typed, in every screen built so far."""
        for screen in list(self.screens.values()):
            screen.flush()  # type: ignore[attr-defined]

    def _confirm_unsaved(self) -> bool:
        """Before closing: a half-typed date or year cannot be stored; say so
        and let the user go back to it rather than lose it silently."""
        if self.session.readonly or getattr(self, "closing_for_replacement", False):
            return True
        pending = [(key, field, typed) for key, screen in list(self.screens.items())
                   for field, typed in getattr(screen, "unsaved", list)()]
        if not pending:
            return True
        form = self.session.form
        lines = "\n".join(f"• {form.section(k).title}, {form.section(k).field(f).label}: «{t}»"
                          for k, f, t in pending)
        answer = QtWidgets.QMessageBox.question(
            self, self.tr("Datos sin guardar"),
            self.tr("Estos datos no se han guardado porque aún no son válidos:\n{0}\n\n"
                    "¿Cerrar de todos modos? Se perderán.").format(lines),
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            QtWidgets.QMessageBox.StandardButton.No)
        if answer == QtWidgets.QMessageBox.StandardButton.Yes:
            return True
        key, field, _ = pending[0]
        self.go_to(key, None, field)
        return False

    # ------------------------------------------------------------ commands --
    def show_error(self, message: str) -> None:
        QtWidgets.QMessageBox.warning(self, APP_DISPLAY_NAME, message)

    def show_notice(self, message: str) -> None:
        """A passing remark in the status bar (e.g. a failed automatic backup)."""
        self.statusBar().showMessage(message, NOTICE_MS)

    def mark_sent(self) -> None:
        self.flush()
        self.session.push(SetState(self.session.instance_id, STATE_SENT))

    def generate_draft(self) -> None:
        screen = self.show_section(self._report_key)  # type: ignore[arg-type]
        screen.generate_draft()  # type: ignore[attr-defined]

    def change_font(self, delta: int) -> None:
        app = QApplication.instance()
        settings = gui_settings()
        f = app.font()
        if delta == 0:
            settings.remove("font/pointSize")
            default = int(settings.value("font/defaultPointSize", f.pointSize()))
            f.setPointSize(default)
        else:
            if settings.value("font/defaultPointSize") is None:
                settings.setValue("font/defaultPointSize", f.pointSize())
            f.setPointSize(max(7, min(28, f.pointSize() + delta)))
            settings.setValue("font/pointSize", f.pointSize())
        app.setFont(f)
        # headings carry their own (larger) font: scale them with the rest
        for lab in self.findChildren(QLabel):
            d = lab.property("headingDelta")
            if d is not None:
                hf = QFont(f)
                hf.setPointSize(max(8, f.pointSize() + int(d)))
                hf.setBold(True)
                lab.setFont(hf)
        self.statusBar().showMessage(self.tr("Tamaño de letra: {0} puntos").format(
            f.pointSize()), 5000)

    def show_preferences(self) -> None:
        from sernam_desktop.ui.preferences import PreferencesDialog

        PreferencesDialog(self).exec()

    def show_about(self) -> None:
        QtWidgets.QMessageBox.about(self, self.tr("Acerca de {0}").format(APP_DISPLAY_NAME), self.tr(
            "<h3>{0}</h3><p>Versión {1}</p>"
            "<p>Formulario Etapa N°4 — Presentación Información servicios desconcentrados "
            "(PMG Gestión Territorial), Servicio Nacional de la Mujer.</p>"
            "<p>Funciona sin conexión: cada cambio se guarda al instante en el equipo.</p>"
            "<p>Base de datos: {2}</p>").format(
                APP_DISPLAY_NAME, __version__,
                self.session.store.path or self.tr("(en memoria)")))

    def _suggested_name(self, ext: str) -> str:
        inst = self.session.instance()
        region = by_code(inst["region"] or "")
        base = f"etapa4-{region.short if region else 'formulario'}-{inst['anio'] or ''}"
        base = "".join(c if c.isalnum() or c in "-_" else "-" for c in base).strip("-").lower()
        folder = Path.home() / "Documents"
        if not folder.is_dir():
            folder = Path.home()
        return str(folder / f"{base}.{ext}")

    def _save_path(self, title: str, ext: str, filt: str) -> Path | None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, title, self._suggested_name(ext), filt)
        if not path:
            return None
        p = Path(path)
        if p.suffix.lower() != f".{ext}":
            p = p.with_name(p.name + f".{ext}")
        if self.session.store.path is not None:  # never onto the open database or its side files
            from sernam_desktop.fileid import refuse_output_onto_database

            try:
                refuse_output_onto_database(p, self.session.store.path)
            except UserError as exc:
                self.show_error(str(exc))
                return None
        return p

    def _run(self, fn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        """Run a core call; a UserError becomes a dialog, returns None."""
        self.flush()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return fn(*args, **kwargs)
        except UserError as exc:
            QApplication.restoreOverrideCursor()
            self.show_error(str(exc))
            return None
        except OSError as exc:
            QApplication.restoreOverrideCursor()
            from sernam_desktop.fileid import os_reason

            self.show_error(self.tr("No se pudo completar la operación: {0}.").format(
                os_reason(exc)))
            return None
        finally:
            if QApplication.overrideCursor() is not None:
                QApplication.restoreOverrideCursor()

    def _paper(self) -> str:
        return self._pdf_options()[0]

    def _pdf_options(self) -> tuple[str, bool]:
        """(paper, annex) from Preferencias."""
        from sernam_desktop import settings

        s = settings.load()
        return s.paper, s.pdf_annex

    def _set_pdf_annex(self, checked: bool) -> None:
        from dataclasses import replace

        from sernam_desktop import settings

        self._run(lambda: settings.save(replace(settings.load(), pdf_annex=bool(checked),
                                                problem="")))

    def export_pdf(self) -> None:
        from sernam_desktop.interchange import export_pdf

        path = self._save_path(self.tr("Exportar PDF"), "pdf", self.tr("Documentos PDF (*.pdf)"))
        if path is None:
            return
        paper, annex = self._pdf_options()
        ok = self._run(lambda: (export_pdf(self.session.store, self.session.instance_id,
                                           path, paper=paper, anexo=annex), True)[1])
        if ok:
            self.statusBar().showMessage(self.tr("PDF guardado en {0}").format(path), 8000)

    def open_pdf(self) -> None:
        from sernam_desktop.interchange import export_pdf

        try:
            folder = private_temp_dir("abrir")
        except OSError as exc:
            QtWidgets.QMessageBox.warning(self, APP_DISPLAY_NAME, self.tr(
                "No se pudo preparar la carpeta temporal «{0}» ({1}).").format(
                    cache_home() / "abrir", exc.strerror or exc))
            return
        path = folder / Path(self._suggested_name("pdf")).name
        paper, annex = self._pdf_options()
        ok = self._run(lambda: (export_pdf(self.session.store, self.session.instance_id,
                                           path, paper=paper, anexo=annex), True)[1])
        if ok:
            QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(path)))

    def export_xlsx(self) -> None:
        from sernam_desktop.interchange import export_xlsx

        path = self._save_path(self.tr("Exportar Excel"), "xlsx",
                               self.tr("Libros de Excel (*.xlsx)"))
        if path is None:
            return
        ok = self._run(lambda: (export_xlsx(self.session.store, self.session.instance_id,
                                            path), True)[1])
        if ok:
            self.statusBar().showMessage(self.tr("Excel guardado en {0}").format(path), 8000)

    def import_xlsx(self) -> None:
        from sernam_desktop import xlsx  # type: ignore[attr-defined]

        path, _ = QtWidgets.QFileDialog.getOpenFileName(self, self.tr("Importar Excel"), str(Path.home()),
                                              self.tr("Libros de Excel (*.xlsx)"))
        if not path:
            return
        converted: list[str] = []
        doc = self._run(xlsx.read_form_xlsx, path, converted)
        if doc is None:
            return
        if not self._confirm_stale_import(doc):
            return
        other = (doc.get("instance") or {}).get("uuid")
        if other and other != self.session.instance_id:
            answer = QtWidgets.QMessageBox.question(
                self, self.tr("Importar Excel"),
                self.tr("El libro corresponde a otro formulario. ¿Reemplazar igualmente el "
                        "contenido de este formulario con el del libro?\n\n"
                        "Puede deshacerlo con Ctrl+Z."),
                QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
                QtWidgets.QMessageBox.StandardButton.No)
            if answer != QtWidgets.QMessageBox.StandardButton.Yes:
                return
        cmd = self._run(replace_content, self.session.store, self.session.instance_id,
                        doc["data"], self.tr("Importar Excel"))
        if cmd is not None and self.session.push(cmd, origin=ORIGIN_IMPORT):
            self.statusBar().showMessage(self.tr("Contenido importado de {0}").format(path), 8000)
            if converted:
                box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, self.tr("Importar Excel"),
                                  self.tr("Excel había convertido {0} celda(s) en números, "
                                          "fechas o valores lógicos; se importaron como el texto "
                                          "que Excel mostraba. Revíselas:").format(len(converted)),
                                  QtWidgets.QMessageBox.StandardButton.Ok, self)
                box.setObjectName("convertedCells")
                box.setDetailedText("\n".join(converted))
                box.exec()

    def _confirm_stale_import(self, doc: dict) -> bool:
        """A workbook older than the form's last change: show what would change, ask."""
        from sernam_desktop.interchange import import_differences, is_older_than_store

        store, uid = self.session.store, self.session.instance_id
        if (doc.get("instance") or {}).get("uuid") != uid or not is_older_than_store(store, doc):
            return True
        changes = import_differences(store, doc)
        if not changes:
            return True
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Warning, self.tr("Importar Excel"),
                          self.tr("El formulario cambió después de exportar este libro. "
                                  "Importarlo reemplazaría {0} valor(es) más recientes:\n\n{1}"
                                  "\n\n¿Importar igualmente? Puede deshacerlo con Ctrl+Z.").format(
                              len(changes), "\n".join(changes[:8]) + ("\n…" if len(changes) > 8
                                                                      else "")),
                          QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No, self)
        box.setObjectName("staleImport")
        box.setDefaultButton(QtWidgets.QMessageBox.StandardButton.No)
        box.setDetailedText("\n".join(changes))
        return box.exec() == QtWidgets.QMessageBox.StandardButton.Yes

    def export_json(self) -> None:
        from sernam_desktop.interchange import export_json_file

        path = self._save_path(self.tr("Exportar JSON"), "json", self.tr("Archivos JSON (*.json)"))
        if path is None:
            return
        ok = self._run(lambda: (export_json_file(self.session.store, self.session.instance_id,
                                                 path), True)[1])
        if ok:
            self.statusBar().showMessage(self.tr("JSON guardado en {0}").format(path), 8000)

    def send_to_central(self) -> None:
        from sernam_desktop import bundle, paths, settings

        s = settings.load()
        res = self._run(bundle.send_to_central, self.session.store, self.session.instance_id,
                        paths.outbox_dir(), central_email=s.central_email)
        if res is None:
            return
        QtWidgets.QMessageBox.information(self, self.tr("Enviar a oficina central"), self.tr(
            "El formulario quedó «Listo para enviar». Se preparó el envío:\n\n{0}\n\n"
            "Y un borrador de correo para {1}:\n{2}\n\nAdjunte el archivo al correo (o "
            "cópielo en un pendrive). Lo encontrará siempre en «Archivo › Envíos…». "
            "Se abrirá la carpeta.")
            .format(res.bundle_path, s.central_email, res.eml_path))
        QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(Path(res.bundle_path).parent)))

    def save_copy(self) -> None:
        from sernam_desktop.safecopy import save_copy

        path = self._save_path(self.tr("Guardar copia"), "sqlite3",
                               self.tr("Bases de datos de sernam-desktop (*.sqlite3)"))
        if path is None:
            return
        # The file dialog already asked before replacing an existing file.
        done = self._run(save_copy, self.session.store, path, overwrite=True)
        if done is not None:
            self.statusBar().showMessage(self.tr("Copia guardada en {0}").format(done), 8000)

    def restore_backup(self) -> None:
        if self.controller is not None:
            self.controller.restore_backup(self)

    # ------------------------------------------------------------ lifecycle --
    def _restore_geometry(self) -> None:
        s = gui_settings()
        geo = s.value("main/geometry")
        if isinstance(geo, QByteArray):
            self.restoreGeometry(geo)
        state = s.value("main/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_geometry(self) -> None:
        s = gui_settings()
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/state", self.saveState())
        s.sync()

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._quit_armed:
            self._quit_armed = True
            quit_after_env()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802
        self.flush()
        if not self._confirm_unsaved():
            event.ignore()
            return
        self.save_geometry()
        self.session.close()
        super().closeEvent(event)
