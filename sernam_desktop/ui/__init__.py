"""The Qt (PySide6) desktop interface.  The only package that imports Qt."""
