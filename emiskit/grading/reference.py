"""Fresh copies of the sample tables for hidden tests.

A hidden test computes the expected answer from the data at grading time instead of
hard-coding it, so an exercise stays right when the sample data are regenerated. It must
not use the learner's own ``enrolment`` or ``population`` variables (the learner may have
filtered or changed them), so it loads its own copy. Tests of one submission run in one
kernel: the cache reads each file once per submission; every call returns a copy, so that
a test can never change what the next one sees.
"""

from __future__ import annotations

import functools

import pandas as pd

__all__ = ["table"]


@functools.cache
def _cached(name: str) -> pd.DataFrame:
    from emiskit.datasets import load

    return load(name)


def table(name: str) -> pd.DataFrame:
    """Return an unmodified copy of the sample table ``name`` (as ``emiskit.datasets.load``)."""
    return _cached(name).copy()
