"""Where the course's files live, found the same way from any working directory.

The package sits at the top of the course repository (installed in editable mode), so the
repository root is the package's parent folder. ``EMISKIT_HOME`` overrides it, for a
facilitator who keeps the course files somewhere else.
"""

from __future__ import annotations

import os
from pathlib import Path


def course_root() -> Path:
    """Return the folder that holds ``datasets/``, ``notebooks/`` and ``exercises/``."""
    override = os.environ.get("EMISKIT_HOME")
    if override:
        return Path(override).expanduser().resolve()
    return Path(__file__).resolve().parent.parent


def datasets_dir() -> Path:
    """Return the folder of the committed workshop-scale sample datasets."""
    return course_root() / "datasets"
