"""The child side of the display check (see ``cli.gui_cmd.platform_problem``).

Run as ``SERNAM_DESKTOP_PLATFORM_PROBE=1 sernam-desktop`` (or ``python -m
sernam_desktop``): create a QGuiApplication on the platform Qt would use, print
its name and exit 0.  When the platform plugin cannot load, Qt prints its
English message and aborts this child process, never the application.
"""

from __future__ import annotations

import sys

PROBE_ENV = "SERNAM_DESKTOP_PLATFORM_PROBE"


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(["sernam-desktop"])
    print(app.platformName())
    sys.stdout.flush()
    return 0
