"""``python -m insight ...`` runs the command line (see :mod:`insight.cli`)."""

from .cli import main

raise SystemExit(main())
