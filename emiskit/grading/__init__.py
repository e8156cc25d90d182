"""Graded notebooks: author once, release to learners, give immediate feedback, grade a class.

Built on otter-grader; this package adds only what otter leaves open for the course:

* :mod:`~emiskit.grading.feedback` — test-case helpers whose failures are plain-language
  hints for people who are not programmers;
* :mod:`~emiskit.grading.notebook` — the ``grader`` learners use (``grader.check("q1")``),
  which shows those hints instead of tracebacks;
* :mod:`~emiskit.grading.build` — ``emiskit exercises build``: otter assign for every master
  notebook in ``exercises/source/``, deterministic learner notebooks, a check that every
  solution earns full marks and every blank copy earns none;
* :mod:`~emiskit.grading.batch` — ``emiskit grade``: a class graded in parallel without
  Docker, each submission in its own bubblewrap sandbox (:mod:`~emiskit.grading.sandbox`)
  with no check in reach; its answers are taken out as plain data
  (:mod:`~emiskit.grading.answers`) and checked in a separate process
  (:mod:`~emiskit.grading.checks`); a gradebook and one feedback page per learner.

Importing this package is cheap; ``Notebook`` (which imports otter) loads on first use.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Notebook"]


def __getattr__(name: str) -> Any:
    if name == "Notebook":
        import os

        if os.environ.get("EMISKIT_GRADING") == "1":  # inside the grading sandbox
            from emiskit.grading.inert import Notebook as Inert

            return Inert
        from emiskit.grading.notebook import Notebook

        return Notebook
    raise AttributeError(f"module 'emiskit.grading' has no attribute {name!r}")
