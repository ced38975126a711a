"""PyInstaller runtime hook: a windowed Windows executable has no console, so
sys.stdout/sys.stderr are None and any write to them (argparse help, a Spanish
error line) would raise.  Send them to the null device instead."""

import os
import sys

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
