"""Fresh copies of the sample tables for hidden tests.

A hidden test computes the expected answer from the data at grading time instead of
hard-coding it, so an exercise stays right when the sample data are regenerated. It must
not use the learner's own ``enrolment`` or ``population`` variables (the learner may have
filtered or changed them), so it loads its own copy. Tests of one submission run in one
kernel. The tables come through :func:`emiskit.datasets.table`, the cached path the
indicator helpers and the widgets use too (one caching rule: data folder, table, file
modification time); every call returns a copy, so that a test can never change what the
next one sees.
"""

from __future__ import annotations

import pandas as pd

from emiskit import datasets

__all__ = ["table"]


def table(name: str) -> pd.DataFrame:
    """Return an unmodified copy of the table ``name`` of the data in use (as
    ``emiskit.datasets.load`` reads it)."""
    return datasets.table(name)
