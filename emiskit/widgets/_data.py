"""Sample tables for the widgets, loaded once per session and shared between them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

import pandas as pd

from emiskit import datasets


@lru_cache(maxsize=64)
def _load(name: str, scale: str) -> pd.DataFrame:
    return datasets.load(name, scale=scale)


def load_tables(names: Iterable[str], scale: str = "workshop",
                tables: Mapping[str, pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
    """The tables ``names``: taken from ``tables`` when given (your own data, or a tiny
    table in a test), otherwise the course's sample data at ``scale``. Widgets never change
    the tables they are given."""
    given = dict(tables or {})
    return {n: given[n] if n in given else _load(n, scale) for n in names}
