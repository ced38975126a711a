"""Application start-up: QApplication, Spanish translations, the window flow.

``run(db_path)`` opens the office database (read-only with a banner if another
instance is editing it) and shows the form if the database holds exactly one,
otherwise the welcome screen.  ``run(..., central=True)`` opens the central
office window.  ``SERNAM_DESKTOP_QUIT_AFTER_MS=N`` quits N ms after the first
window is shown (start-up benchmark, packaging smoke test).
"""

from __future__ import annotations

import sys
from pathlib import Path

# The Qt-free core first, on purpose (start-up time): once PySide6 is imported, its
# import hook reads the source of every module imported after it (to look for
# ``from __feature__ import``); modules loaded before PySide6 are never read.
from sernam_desktop import APP_DISPLAY_NAME, APP_NAME, __version__
from sernam_desktop.commands import CreateInstance
from sernam_desktop.errors import StoreError, UserError
from sernam_desktop.forms import default_form
from sernam_desktop.paths import resources_dir
from sernam_desktop.store import Store

# isort: split
# QMessageBox and QFileDialog are named through their module, at call time:
# PySide6 sets up each Qt class on first use (about a millisecond each), and
# the window shows without them (start-up time, issue 17).
from PySide6 import QtWidgets
from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from sernam_desktop.ui import import_speed  # noqa: F401 - before the other ui modules (see there)
from sernam_desktop.ui.main_window import MainWindow
from sernam_desktop.ui.session import FormSession
from sernam_desktop.ui.widgets import gui_settings

MAX_RECENT = 8
BACKUP_ON_OPEN_DELAY_MS = 1500
BACKUP_FAILURES_FOR_DIALOG = 2
TRANSLATION_FILE = "sernam_desktop_es.qm"


def translations_dir() -> Path:
    return resources_dir() / "i18n"


def install_translators(app: QApplication) -> list[QTranslator]:
    """es_CL locale, Qt's own Spanish (qtbase_es), then the application's .qm."""
    QLocale.setDefault(QLocale(QLocale.Language.Spanish, QLocale.Country.Chile))
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (("qtbase_es", qt_dir), (TRANSLATION_FILE, str(translations_dir()))):
        t = QTranslator(app)
        if t.load(name, folder):
            app.installTranslator(t)
            installed.append(t)
    app._sernam_translators = installed  # type: ignore[attr-defined]  # keep them alive
    return installed


def app_icon() -> QIcon:
    icon = QIcon()
    folder = resources_dir() / "icons"
    for p in sorted(folder.glob(f"{APP_NAME}-*.png")):
        icon.addFile(str(p))
    return icon


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv)
    assert isinstance(app, QApplication)
    if not getattr(app, "_sernam_ready", False):
        app.setApplicationName(APP_NAME)
        app.setApplicationDisplayName(APP_DISPLAY_NAME)
        app.setApplicationVersion(__version__)
        app.setOrganizationName("SERNAM")
        install_translators(app)
        icon = app_icon()
        if not icon.isNull():
            app.setWindowIcon(icon)
        size = gui_settings().value("font/pointSize")
        if size is not None and str(size).isdigit():
            f = QFont(app.font())
            f.setPointSize(int(size))
            app.setFont(f)
        app._sernam_ready = True  # type: ignore[attr-defined]
    return app


def WelcomeScreenType() -> type:  # noqa: N802 - imported lazily (start-up time)
    from sernam_desktop.ui.welcome import WelcomeWindow

    return WelcomeWindow


def recent_files() -> list[str]:
    v = gui_settings().value("recent/files") or []
    if isinstance(v, str):
        v = [v]
    return [str(p) for p in v if p][:MAX_RECENT]


def add_recent(path: Path) -> None:
    p = str(Path(path).resolve())
    before = recent_files()
    after = [p, *(x for x in before if x != p)][:MAX_RECENT]
    if after != before:  # reopening the last file writes nothing (QSettings syncs the disk)
        gui_settings().setValue("recent/files", after)


class AppController(QObject):
    """Which database is open and which top-level window shows it."""

    def __init__(self, db_path: Path | None):
        super().__init__()
        self.db_path = Path(db_path) if db_path is not None else None
        self.store: Store | None = None
        self.readonly_reason = ""
        self.window: QWidget | None = None
        self.session: FormSession | None = None
        self.backups = None
        self._backup_failures_seen = 0
        self._backup_dialog_shown = False
        self._extra_windows: list[QWidget] = []

    # ------------------------------------------------------------ database --
    def _open_store(self, path: Path | None, parent: QWidget | None) -> tuple[Store, str] | None:
        try:
            if path is not None:
                from sernam_desktop.lock import open_store_for_editing

                store, reason = open_store_for_editing(path)
                return store, reason or ""
            return Store(path), ""
        except StoreError as exc:
            if path is not None:
                from sernam_desktop.ui.recovery import offer_recovery

                store = offer_recovery(parent, path, exc)
                if store is None:
                    return None
                reason = self.tr("La base de datos se abrió solo para lectura.") \
                    if store.readonly else ""
                return store, reason
            QtWidgets.QMessageBox.critical(parent, APP_DISPLAY_NAME, str(exc))
            return None
        except UserError as exc:
            QtWidgets.QMessageBox.critical(parent, APP_DISPLAY_NAME, str(exc))
            return None

    def open_db(self, path: Path | None, parent: QWidget | None = None) -> bool:
        if (path is not None and self.store is not None and self.db_path is not None
                and Path(path).resolve() == Path(self.db_path).resolve()
                and self.store.path is not None):
            # Already open here: opening it again would find our own lock and
            # come up read-only.
            self._show_current()
            return True
        opened = self._open_store(path, parent)
        if opened is None:
            return False
        self._close_db()
        self.store, self.readonly_reason = opened
        self.db_path = path
        if path is not None:
            add_recent(path)
            self._start_backups()
        self._show_current()
        return True

    def _show_current(self) -> None:
        insts = self.store.instances()
        if len(insts) == 1:
            self.open_instance(insts[0]["uuid"])
        else:
            self.show_welcome()

    def _start_backups(self) -> None:
        self.backups = None
        self._backup_failures_seen = 0
        self._backup_dialog_shown = False
        if self.store is None or self.store.readonly:
            return
        try:
            from sernam_desktop.backup import BackupManager

            self.backups = BackupManager(self.store)
        except UserError:
            self.backups = None
            return
        # the backup on open runs once the window is up (it copies the whole file)
        QTimer.singleShot(BACKUP_ON_OPEN_DELAY_MS, self._backup_on_open)

    def _backup_on_open(self) -> None:
        if self.backups is not None and self.store is not None:
            self.backups.backup_on_open()
            self._report_backups()

    def _backup_after_command(self, _changed: object) -> None:
        if self.backups is not None:
            self.backups.maybe_backup()
            self._report_backups()

    def _report_backups(self) -> None:
        """A failed automatic backup goes to the status bar; a dialog once when they
        keep failing (BACKUP_FAILURES_FOR_DIALOG in a row); a note when they work again."""
        b = self.backups
        window = self.window if isinstance(self.window, MainWindow) else None
        if b is None:
            return
        if b.failures == 0:
            if self._backup_failures_seen and window is not None:
                window.show_notice(self.tr("Las copias de seguridad automáticas funcionan de nuevo."))
            self._backup_failures_seen = 0
            self._backup_dialog_shown = False
            return
        if b.failures == self._backup_failures_seen:
            return
        self._backup_failures_seen = b.failures
        if window is not None:
            window.show_notice(self.tr("No se pudo hacer la copia de seguridad automática: {0}")
                               .format(b.last_error))
        if b.failures >= BACKUP_FAILURES_FOR_DIALOG and not self._backup_dialog_shown:
            self._backup_dialog_shown = True
            text = self.tr(
                "Las copias de seguridad automáticas fallaron {0} veces seguidas:\n{1}\n\n"
                "Sus cambios sí se guardan en el formulario, pero no hay una copia reciente. "
                "Revise el espacio libre en el disco y los permisos de la carpeta de copias "
                "«{2}».").format(b.failures, b.last_error, b.folder)
            # after the command that triggered it has finished (never inside an edit)
            QTimer.singleShot(0, lambda: QtWidgets.QMessageBox.warning(self.window, APP_DISPLAY_NAME, text))

    def _close_db(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None
        if self.backups is not None:
            try:
                self.backups.close()
            except Exception:  # noqa: BLE001 - never block closing
                pass
            self.backups = None
        if self.store is not None:
            self.store.close()
            self.store = None

    def shutdown(self) -> None:
        if isinstance(self.window, MainWindow):
            self.window.flush()
        self._close_db()

    # ------------------------------------------------------------ windows --
    def _show(self, w: QWidget) -> None:
        old = self.window
        self.window = w
        if old is not None and isinstance(old, MainWindow) and old.isVisible():
            geo = old.geometry()
            w.show()
            if isinstance(w, MainWindow):
                w.setGeometry(geo)
        else:
            w.show()
        if old is not None and old is not w:
            if isinstance(old, MainWindow):
                old.closing_for_replacement = True  # its session is already closed
            old.close()
            old.deleteLater()

    def _lifecycle(self, inst: dict) -> str:
        """Issue 15: the displayed state; the stored one if the form cannot be read."""
        from sernam_desktop.lifecycle import shown_state

        try:
            return shown_state(self.store, inst["uuid"])
        except UserError:
            return inst["state"]

    def show_welcome(self) -> None:
        from sernam_desktop.ui.welcome import WelcomeWindow

        insts = self.store.instances() if self.store is not None else []
        # issue 15: the list shows «Recibido» / «Devuelto con observaciones»
        insts = [{**i, "lifecycle": self._lifecycle(i)} for i in insts]
        w = WelcomeWindow(self.db_path, insts, recent_files(),
                          central_available=True)
        w.create_requested.connect(self.create_form)
        w.example_requested.connect(self.open_example)
        w.open_file_requested.connect(self.open_file_dialog)
        w.central_requested.connect(self.open_central)
        w.instance_requested.connect(self.open_instance)
        w.recent_requested.connect(lambda p: self.open_db(Path(p), self.window))
        w.new_year_requested.connect(self.new_year_from)
        w.import_docx_requested.connect(self.import_docx)
        if self.store is not None and self.store.readonly:
            w.create_button.setEnabled(False)
            w.example_button.setEnabled(False)
            w.import_docx_button.setEnabled(False)
            w.new_year_button.setEnabled(False)
        self._show(w)

    def open_instance(self, uid: str) -> QWidget | None:
        assert self.store is not None
        if isinstance(self.window, MainWindow):
            self.window.flush()
        if self.session is not None:
            self.session.close()
        try:
            self.session = FormSession(self.store, uid, readonly_reason=self.readonly_reason)
        except UserError as exc:  # e.g. a form definition this version does not know
            self.session = None
            QtWidgets.QMessageBox.warning(self.window, APP_DISPLAY_NAME, str(exc))
            if not isinstance(self.window, WelcomeScreenType()):
                self.show_welcome()
            return self.window  # type: ignore[return-value]
        if self.backups is not None:
            self.session.after_command.append(self._backup_after_command)
        w = MainWindow(self.session, self)
        self._show(w)
        return w

    def create_form(self, servicio: str, region: str, anio: int) -> None:
        if self.store is None:
            return
        if not region:
            QtWidgets.QMessageBox.warning(self.window, APP_DISPLAY_NAME,
                                self.tr("Elija la región del formulario."))
            return
        try:
            form = default_form()
            # every table starts with one empty row, so typing starts at once
            cmd = CreateInstance(form, servicio, region, anio,
                                 data={t.key: [{}] for t in form.tables})
            self.store.execute(cmd)
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self.window, APP_DISPLAY_NAME, str(exc))
            return
        self.open_instance(cmd.instance_id)

    def new_year_from(self, source_id: str) -> None:
        """«Nuevo año a partir de…» (welcome screen and «Archivo»)."""
        if self.store is None or self.store.readonly:
            return
        if isinstance(self.window, MainWindow):
            self.window.flush()
        from sernam_desktop.ui.years import new_year_flow

        uid = new_year_flow(self.window, self.store, source_id)
        if uid is not None:
            self.open_instance(uid)

    def import_docx(self) -> None:
        """«Importar formulario Word…» (welcome screen and «Archivo»)."""
        if self.store is None or self.store.readonly:
            QtWidgets.QMessageBox.warning(self.window, APP_DISPLAY_NAME, self.tr(
                "Abra primero una base de datos en la que se pueda escribir."))
            return
        from sernam_desktop.ui.years import import_docx_flow

        start = self.db_path.parent if self.db_path else Path.home()
        uid = import_docx_flow(self.window, self.store, start)
        if uid is not None:
            self.open_instance(uid)

    def open_example(self) -> None:
        if self.store is None:
            return
        from sernam_desktop.examples import load_demo

        try:
            uid = load_demo(self.store)
        except UserError as exc:
            QtWidgets.QMessageBox.warning(self.window, APP_DISPLAY_NAME, str(exc))
            return
        self.open_instance(uid)

    def open_file_dialog(self) -> None:
        start = str(self.db_path.parent) if self.db_path else str(Path.home())
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self.window, self.tr("Abrir un archivo"), start,
            self.tr("Formularios (*.sqlite3 *.json);;Bases de datos (*.sqlite3);;"
                    "Formularios exportados (*.json);;Todos los archivos (*)"))
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> bool:
        """A .json form is imported into the open database; anything else is opened."""
        if path.suffix.lower() == ".json":
            if self.store is None or self.store.readonly:
                QtWidgets.QMessageBox.warning(self.window, APP_DISPLAY_NAME, self.tr(
                    "Abra primero una base de datos en la que se pueda escribir."))
                return False
            from sernam_desktop.interchange import import_json_file

            try:
                uid, _changed, _created = import_json_file(self.store, path)
            except UserError as exc:
                QtWidgets.QMessageBox.warning(self.window, APP_DISPLAY_NAME, str(exc))
                return False
            self.open_instance(uid)
            return True
        return self.open_db(path, self.window)

    def open_bundle(self, path: Path) -> QWidget | None:
        """A regional bundle opened from the file manager (see ui/bundle_open.py)."""
        from sernam_desktop.ui.bundle_open import CENTRAL, VIEW, BundleDialog, load_bundle, view_readonly

        bundle = load_bundle(path, self.window)
        if bundle is None:
            return None
        dlg = BundleDialog(bundle, path, self.window)
        dlg.exec()
        if dlg.choice == VIEW:
            w = view_readonly(bundle, path)
            self.bundle_windows = [*getattr(self, "bundle_windows", []), w]
            w.show()
            return w
        if dlg.choice == CENTRAL:
            return self.open_central([path])
        return None

    def open_central(self, bundles: list[Path] | None = None) -> QWidget | None:
        from sernam_desktop import paths
        from sernam_desktop.ui.central_window import CentralWindow

        try:
            w = CentralWindow(paths.central_db_path(), bundles=list(bundles or []))
        except UserError as exc:
            QtWidgets.QMessageBox.critical(self.window, APP_DISPLAY_NAME, str(exc))
            return None
        self._show(w)
        return w

    def restore_backup(self, parent: QWidget) -> None:
        if self.db_path is None:
            return
        from sernam_desktop.ui import backup_dialog

        if isinstance(self.window, MainWindow):
            self.window.flush()
        path = self.db_path
        restored = backup_dialog.run_restore_dialog(parent, path, before_restore=self._close_db)
        if restored or self.store is None:
            self.open_db(path)


def error_log_path() -> Path:
    from sernam_desktop.paths import user_home

    return user_home() / "errores.log"


def install_excepthook() -> None:
    """An unexpected error: a Spanish dialog (saved data is safe) and the details in a log."""
    import traceback
    from datetime import datetime

    def hook(exc_type, exc, tb) -> None:  # noqa: ANN001
        if issubclass(exc_type, UserError):
            QtWidgets.QMessageBox.warning(QApplication.activeWindow(), APP_DISPLAY_NAME, str(exc))
            return
        log = error_log_path()
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(f"--- {datetime.now().isoformat(timespec='seconds')} {__version__}\n")
                fh.write("".join(traceback.format_exception(exc_type, exc, tb)))
        except OSError:
            pass
        QtWidgets.QMessageBox.critical(
            QApplication.activeWindow(), APP_DISPLAY_NAME,
            QApplication.translate(
                "App", "Ocurrió un error inesperado. Lo que ya estaba guardado no se pierde; "
                "si el problema se repite, envíe a soporte el archivo {0}.").format(log))

    sys.excepthook = hook


def run(db_path: Path, central: bool = False, bundles: list[Path] | None = None,
        receipt: Path | None = None) -> int:
    app = ensure_app()
    install_excepthook()
    controller = AppController(Path(db_path) if db_path is not None else None)
    app.aboutToQuit.connect(controller.shutdown)
    app._sernam_controller = controller  # type: ignore[attr-defined]
    if central:
        if controller.open_central(bundles) is None:
            return 1
    elif bundles:  # double-click on a .sernam: say what it is, offer what makes sense
        if controller.open_bundle(Path(bundles[0])) is None:
            return 0
    elif not controller.open_db(controller.db_path):
        return 1
    if receipt is not None:  # issue 15: «sernam-desktop gui --receipt ARCHIVO»
        from PySide6.QtCore import QTimer

        from sernam_desktop.ui.outbox import open_receipt_at_start

        QTimer.singleShot(0, lambda: open_receipt_at_start(controller, receipt))
    return app.exec()
