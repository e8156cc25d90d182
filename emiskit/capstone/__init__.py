"""The capstone of the course: an evidence-based policy brief written as a notebook.

* :mod:`emiskit.capstone.rubric` — the rubric (``rubric.yml``) and the tables made from it;
* :mod:`emiskit.capstone.check` — ``check_brief(path)``, the self-check of a saved brief;
* :mod:`emiskit.capstone.cli` — ``emiskit capstone check`` and ``emiskit capstone rubric``.
"""

from emiskit.capstone.check import BriefError, BriefReport, Finding, check_brief, current_notebook
from emiskit.capstone.rubric import (
    Rubric,
    RubricError,
    load_rubric,
    rubric_markdown,
    scoring_sheet_csv,
    self_check_markdown,
    total_points,
)

__all__ = [
    "BriefError",
    "BriefReport",
    "Finding",
    "Rubric",
    "RubricError",
    "check_brief",
    "current_notebook",
    "load_rubric",
    "rubric_markdown",
    "scoring_sheet_csv",
    "self_check_markdown",
    "total_points",
]
