"""Entry point of the frozen executables (see packaging/sernam-desktop.spec).

Same as the ``sernam-desktop`` console script: the Spanish CLI, which opens the
desktop application when given no command (or ``gui``).
"""

import sys

from sernam_desktop.cli import main

if __name__ == "__main__":
    # `central merge` checks bundles in worker processes (spawned): in a frozen
    # executable a worker must run the worker, not the application again
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
