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


@pytest.fixture(scope="session")
def autograder(root: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The GER exercise's autograder (``autograder.zip``), made once by otter assign.

    Made in a temporary folder: the tests do not rely on ``exercises/autograder/``
    (git-ignored, so absent from a fresh clone until ``emiskit exercises build`` has run).
    """
    import json
    import shutil

    from grading import submissions as S

    from emiskit.grading.build import assign

    work = tmp_path_factory.mktemp("assign")
    built = assign(root / "exercises" / "source" / f"{S.ASSIGNMENT}.ipynb", work / "otter")
    folder = work / "autograder"
    folder.mkdir()
    shutil.copy2(built.autograder, folder / "autograder.zip")
    meta = {"name": built.name, "title": built.title, "questions": built.questions}
    (folder / "questions.json").write_text(json.dumps(meta), encoding="utf-8")
    return str(folder / "autograder.zip")
