"""Disaggregation: one indicator per group (sex, area, quintile …) with small-group flags."""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

#: Columns of the table :func:`disaggregate` returns.
DISAGGREGATE_COLUMNS: tuple[str, ...] = ("value", "n", "too_small", "value_unsuppressed")


def disaggregate(
    df: pd.DataFrame,
    indicator: str | Callable[[pd.DataFrame], Any],
    by: str | Sequence[str],
    min_group_size: int = 30,
) -> pd.DataFrame:
    """Compute an indicator for each group, with group sizes and small-group suppression.

    ``indicator`` is either

    * a **column name**: the value is the mean of that column in the group (missing values
      left out; a True/False column gives the proportion of True, between 0 and 1), and
      the group size ``n`` is the number of non-missing values; or
    * a **function** that takes the group's rows (a DataFrame) and returns one number, e.g.
      ``lambda g: share_below_minimum(g["score"], 600)``; ``n`` is then the number of rows
      in the group.

    ``by`` is one column name or a list of them (e.g. ``["area", "sex"]``). Rows with a
    missing group label form their own group (shown as NaN), so the groups always add up
    to the whole table.

    Returns a DataFrame indexed by group with columns:

    * ``value`` — the indicator, **set to NaN when the group is too small to report**;
    * ``n`` — the group size;
    * ``too_small`` — True when ``n < min_group_size``;
    * ``value_unsuppressed`` — the indicator as computed, even for small groups, so a
      facilitator can see it; do not publish it for flagged groups.

    Suppressing estimates from very small groups is usual statistical-disclosure practice:
    they are unreliable and can identify pupils. Set ``min_group_size=0`` to keep all.

    >>> pupils = pd.DataFrame({"sex": ["F", "F", "M", "M", "M"],
    ...                        "score": [620, 580, 540, 610, 590]})
    >>> disaggregate(pupils, "score", by="sex", min_group_size=3)
         value  n  too_small  value_unsuppressed
    sex
    F      NaN  2       True               600.0
    M    580.0  3      False               580.0
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, not {type(df).__name__}")
    by_cols = [by] if isinstance(by, str) else list(by)
    if not by_cols:
        raise ValueError("by must name at least one column")
    missing = [c for c in by_cols if c not in df.columns]
    if missing:
        raise ValueError(f"df has no column(s) {missing}; its columns are {list(df.columns)}")
    if isinstance(min_group_size, bool) or not isinstance(min_group_size, numbers.Integral):
        raise TypeError("min_group_size must be a whole number")
    if min_group_size < 0:
        raise ValueError("min_group_size must not be negative")

    if isinstance(indicator, str):
        if indicator not in df.columns:
            raise ValueError(f"df has no column {indicator!r}; its columns are {list(df.columns)}")
        column = df[indicator]
        if pd.api.types.is_bool_dtype(column.dtype):
            column = column.astype("float64")
        elif not pd.api.types.is_numeric_dtype(column.dtype):
            raise TypeError(
                f"column {indicator!r} does not hold numbers, so it has no mean; pass a "
                "function instead, e.g. lambda g: (g[col] == 'yes').mean()"
            )
        grouped = column.astype("float64").groupby(
            [df[c] for c in by_cols] if len(by_cols) > 1 else df[by_cols[0]],
            sort=True,
            dropna=False,
            observed=True,
        )
        computed = grouped.mean()
        n = grouped.count()
    elif callable(indicator):
        key: str | list[str] = by_cols[0] if len(by_cols) == 1 else by_cols
        labels, values, sizes = [], [], []
        for label, group in df.groupby(key, sort=True, dropna=False, observed=True):
            result = indicator(group)
            labels.append(label)
            values.append(_as_number(result, label))
            sizes.append(len(group))
        if len(by_cols) == 1:
            index = pd.Index(labels, name=by_cols[0])
        elif labels:
            index = pd.MultiIndex.from_tuples(labels, names=by_cols)
        else:
            index = pd.MultiIndex.from_arrays([[] for _ in by_cols], names=by_cols)
        computed = pd.Series(values, index=index, dtype="float64")
        n = pd.Series(sizes, index=index, dtype="int64")
    else:
        raise TypeError(
            "indicator must be a column name or a function that takes a group's rows and "
            f"returns a number, not {type(indicator).__name__}"
        )

    too_small = n < min_group_size
    out = pd.DataFrame(
        {
            "value": computed.where(~too_small),
            "n": n.astype("int64"),
            "too_small": too_small.astype(bool),
            "value_unsuppressed": computed.astype("float64"),
        }
    )
    return out


def _as_number(result: Any, label: Any) -> float:
    if isinstance(result, (pd.Series, pd.DataFrame, np.ndarray, list, tuple)):
        if np.size(result) == 1:
            result = np.ravel(np.asarray(result))[0]
        else:
            raise TypeError(
                f"the indicator function must return one number per group; for group "
                f"{label!r} it returned {type(result).__name__} of size {np.size(result)}"
            )
    if result is None or result is pd.NA:
        return float("nan")
    if isinstance(result, (bool, np.bool_)) or not isinstance(result, (numbers.Real, np.number)):
        raise TypeError(
            f"the indicator function must return a number; for group {label!r} it "
            f"returned {result!r}"
        )
    return float(result)
