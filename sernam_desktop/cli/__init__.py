"""Command-line interface (Spanish).  ``main()`` is the console script."""

from sernam_desktop.cli.main import main

__all__ = ["main"]
