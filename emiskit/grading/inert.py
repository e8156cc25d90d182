"""The ``grader`` of a notebook being graded: it checks nothing.

When ``emiskit grade`` runs a submission, the checks are not in the sandbox (they run
later, apart, on the answers), so ``grader.check("q1")`` has nothing to run. This stand-in
keeps the learner's cells working and does not import otter, which makes each submission
start faster.
"""

from __future__ import annotations

from typing import Any

__all__ = ["GRADING_NOTE", "Notebook"]

GRADING_NOTE = "This notebook is being graded: the checks run after it, on your answers."


class _Note:
    def __repr__(self) -> str:
        return GRADING_NOTE


class Notebook:
    """Accepts every call the real ``grader`` does and checks nothing."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def check(self, *args: Any, **kwargs: Any) -> _Note:
        return _Note()

    def check_all(self, *args: Any, **kwargs: Any) -> None:
        return None

    def export(self, *args: Any, **kwargs: Any) -> None:
        return None
