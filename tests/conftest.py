"""Shared test fixtures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Helper modules the tests share (e.g. ``from grading import submissions``).
sys.path.insert(0, str(ROOT / "tests" / "fixtures"))


@pytest.fixture(scope="session")
def root() -> Path:
    """The course repository's top folder."""
    return ROOT
