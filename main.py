"""Launcher (and PyInstaller entry): starts the desktop application."""

import sys

from counter_app.app import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
