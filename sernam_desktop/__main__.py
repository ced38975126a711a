import sys

from sernam_desktop.cli import main

# guarded: `central merge` spawns worker processes, which import the main module again
if __name__ == "__main__":
    sys.exit(main())
