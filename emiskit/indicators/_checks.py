"""Shared input checks and safe arithmetic for the indicator functions.

Every indicator function accepts the same kinds of input and follows the same rules, so the
rules live here once:

* a number (``int``, ``float`` or a NumPy scalar) gives a plain Python ``float``;
* a pandas ``Series`` gives a ``Series`` with the same index (several Series are aligned on
  their index the way pandas aligns them, so a label missing from one of them gives NaN);
* a NumPy array or a list gives a NumPy array;
* a missing value (NaN, ``None``, ``pd.NA``) gives NaN, never an error;
* a zero denominator gives NaN, never an exception and never a ``RuntimeWarning``;
* a negative or infinite count raises ``ValueError`` naming the argument;
* text (or anything else that is not a number) raises ``TypeError`` naming the argument.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import TypeAlias

import numpy as np
import pandas as pd

#: What the indicator functions accept and return: a number, an array or a pandas Series.
NumberOrSeries: TypeAlias = float | np.ndarray | pd.Series

_KIND_SCALAR = 0
_KIND_ARRAY = 1
_KIND_SERIES = 2


def _examples(index: pd.Index, mask: np.ndarray, values: np.ndarray, limit: int = 3) -> str:
    """Describe the first few offending entries, e.g. ``'Norte' (-3.0), 'Sur' (-1.0)``."""
    positions = np.flatnonzero(mask)[:limit]
    parts = [f"{index[i]!r} ({values[i]:g})" for i in positions]
    more = " …" if mask.sum() > limit else ""
    return ", ".join(parts) + more


def to_float_array(value: object, name: str) -> tuple[int, np.ndarray, pd.Index | None]:
    """Convert one argument to a float array; return (kind, array, index or None)."""
    if isinstance(value, pd.DataFrame):
        raise TypeError(
            f"{name} must be a number, a list, an array or a pandas Series (one column), "
            "not a whole DataFrame; pick the column, e.g. df['enrolment']"
        )
    if isinstance(value, pd.Series):
        if pd.api.types.is_bool_dtype(value.dtype):
            raise TypeError(f"{name} must hold numbers, not True/False values")
        if not pd.api.types.is_numeric_dtype(value.dtype):
            try:
                value = pd.to_numeric(value, errors="raise")
            except (TypeError, ValueError) as exc:
                raise TypeError(
                    f"{name} must hold numbers; it has values that are not numbers "
                    f"(dtype {value.dtype})"
                ) from exc
        array = value.to_numpy(dtype="float64", na_value=np.nan)
        return _KIND_SERIES, array, value.index
    if isinstance(value, (np.ndarray, list, tuple)):
        if isinstance(value, np.ndarray) and value.dtype == bool:
            raise TypeError(f"{name} must hold numbers, not True/False values")
        try:
            array = np.asarray(
                [np.nan if v is None or v is pd.NA else v for v in np.ravel(value)],
                dtype="float64",
            ).reshape(np.shape(value))
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} must hold numbers") from exc
        return _KIND_ARRAY, array, None
    if value is None or value is pd.NA:
        return _KIND_SCALAR, np.array(np.nan), None
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a number, not {value!r}")
    if isinstance(value, (numbers.Real, np.number)):
        return _KIND_SCALAR, np.array(float(value)), None
    raise TypeError(
        f"{name} must be a number, a list, an array or a pandas Series, not {type(value).__name__}"
    )


def check_counts(array: np.ndarray, name: str, index: pd.Index | None) -> None:
    """Raise ``ValueError`` naming the argument if a count is negative or infinite."""
    with np.errstate(invalid="ignore"):
        negative = array < 0
        infinite = np.isinf(array)
    for mask, problem in ((negative, "negative"), (infinite, "infinite")):
        if np.any(mask):
            if index is not None:
                where = ": " + _examples(index, np.ravel(mask), np.ravel(array))
            else:
                where = f" (e.g. {np.ravel(array)[np.ravel(mask)][0]:g})"
            raise ValueError(
                f"{name} must not be {problem}; found {int(np.sum(mask))} {problem} value(s){where}"
            )


class Prepared:
    """Arguments converted to aligned float arrays, and how to shape the result."""

    def __init__(self, arrays: dict[str, np.ndarray], kind: int, index: pd.Index | None):
        self.arrays = arrays
        self.kind = kind
        self.index = index

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]

    def wrap(self, result: np.ndarray, name: str) -> NumberOrSeries:
        """Return ``result`` as a float, an array or a Series, like the inputs."""
        if self.kind == _KIND_SERIES:
            return pd.Series(result, index=self.index, name=name, dtype="float64")
        if self.kind == _KIND_ARRAY:
            return np.asarray(result, dtype="float64")
        return float(result)

    def check_not_above(self, part: str, whole: str) -> None:
        """Raise ``ValueError`` if ``part`` exceeds ``whole`` anywhere (NaN is ignored)."""
        a, b = np.broadcast_arrays(self.arrays[part], self.arrays[whole])
        with np.errstate(invalid="ignore"):
            mask = a > b
        if np.any(mask):
            if self.index is not None:
                where = ": " + ", ".join(
                    f"{self.index[i]!r} ({a.ravel()[i]:g} > {b.ravel()[i]:g})"
                    for i in np.flatnonzero(mask.ravel())[:3]
                )
            else:
                where = f" ({a[mask][0]:g} > {b[mask][0]:g})"
            raise ValueError(f"{part} cannot be larger than {whole}; check the data{where}")


def prepare(args: Mapping[str, object], *, counts: bool = True) -> Prepared:
    """Validate and align the named arguments of an indicator function.

    ``counts=True`` (the default) rejects negative and infinite values, naming the argument.
    """
    kinds: dict[str, int] = {}
    arrays: dict[str, np.ndarray] = {}
    indexes: dict[str, pd.Index] = {}
    for name, value in args.items():
        kind, array, index = to_float_array(value, name)
        if counts:
            check_counts(array, name, index)
        kinds[name], arrays[name] = kind, array
        if index is not None:
            indexes[name] = index

    kind = max(kinds.values(), default=_KIND_SCALAR)
    if kind != _KIND_SERIES:
        try:
            np.broadcast_shapes(*(a.shape for a in arrays.values()))
        except ValueError as exc:
            shapes = ", ".join(f"{n} has {a.size}" for n, a in arrays.items() if a.ndim)
            raise ValueError(f"the inputs have different lengths: {shapes}") from exc
        return Prepared(arrays, kind, None)

    # At least one Series: align all Series on their index (the pandas way).
    names = list(indexes)
    index = indexes[names[0]]
    if not all(index.equals(indexes[n]) for n in names[1:]):
        for n in names:
            if not indexes[n].is_unique:
                raise ValueError(
                    f"{n} has repeated index labels, so it cannot be matched with the other "
                    "inputs; give every row a unique label (e.g. one row per region)"
                )
        for n in names[1:]:
            index = index.union(indexes[n], sort=False)
        for n in names:
            series = pd.Series(arrays[n], index=indexes[n])
            arrays[n] = series.reindex(index).to_numpy(dtype="float64")
    for n, k in kinds.items():
        if k == _KIND_ARRAY and arrays[n].shape not in ((len(index),), ()):
            raise ValueError(
                f"{n} has {arrays[n].size} values but the Series inputs have {len(index)} rows"
            )
    return Prepared(arrays, _KIND_SERIES, index)


def safe_divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """Divide element by element; a zero denominator gives NaN, silently."""
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.true_divide(numerator, denominator)
        return np.where(denominator == 0, np.nan, result)


def percentage(name: str, part: tuple[str, object], whole: tuple[str, object], *,
               part_of_whole: bool = False) -> NumberOrSeries:
    """``part / whole × 100`` under the rules above, the result named ``name``.

    ``part`` and ``whole`` are (argument name, value) pairs, so that an error names the
    argument the caller passed. ``part_of_whole=True`` rejects a part larger than its
    whole (the literate cannot outnumber the population).
    """
    (part_name, part_value), (whole_name, whole_value) = part, whole
    p = prepare({part_name: part_value, whole_name: whole_value})
    if part_of_whole:
        p.check_not_above(part_name, whole_name)
    return p.wrap(safe_divide(100 * p[part_name], p[whole_name]), name)
