"""The tables the widgets read: the data in use, through the course's one cached path."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from emiskit import datasets


def load_tables(names: Iterable[str], scale: str = "workshop",
                tables: Mapping[str, pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
    """The tables ``names``: taken from ``tables`` when given (your own data, or a tiny
    table in a test), otherwise the course's data at ``scale`` through
    :func:`emiskit.datasets.table` (read once per data folder, table and file version,
    shared with the indicator helpers and the grading references). Widgets never change
    the tables they are given."""
    given = dict(tables or {})
    return {n: given[n] if n in given else datasets.table(n, scale) for n in names}
