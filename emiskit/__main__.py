"""Allow ``python -m emiskit ...`` (the same as the ``emiskit`` command)."""

from emiskit.cli import main

raise SystemExit(main())
