"""``python -m derive`` kept for version-1 users: the same command line as ``python -m handgrad``.
(Run as a script only; no module of ``derive`` imports it.)"""
import sys

from handgrad.cli import main

sys.exit(main())
