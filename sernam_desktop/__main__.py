import sys

from sernam_desktop.cli import main

sys.exit(main())
