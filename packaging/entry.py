"""Entry point of the frozen executables (see packaging/sernam-desktop.spec).

Same as the ``sernam-desktop`` console script: the Spanish CLI, which opens the
desktop application when given no command (or ``gui``).
"""

import sys

from sernam_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
