"""The Qt (PySide6) desktop interface.  The only package that imports Qt."""

from sernam_desktop.ui.qtfix import protect_singletons

# Before any widget exists: the Qt binding loses references to None/True/False
# (see qtfix); without this a long editing session ends in a fatal error.
protect_singletons()
