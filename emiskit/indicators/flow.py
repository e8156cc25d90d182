"""Internal efficiency: promotion, repetition and dropout rates, and cohort survival.

Flow rates follow the UIS glossary and guidelines (reconstructed cohort method): from
enrolment by grade in year *t*, and enrolment and repeaters by grade in year *t + 1*,

* promotion  ``p_g = (E_g+1,t+1 − R_g+1,t+1) / E_g,t × 100``
* repetition ``r_g = R_g,t+1 / E_g,t × 100``
* dropout    ``d_g = 100 − p_g − r_g``

Each function works for one school (or district, or country) — Series indexed by grade — and
for thousands at once — Series with a MultiIndex whose **last level is the grade**, e.g.
(school, year, grade) — without a Python loop per school. :func:`flow_rates_by` takes a long
table (one row per school, year and grade) straight to flow rates.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._checks import check_counts, safe_divide, to_float_array

FLOW_COLUMNS: tuple[str, str, str] = ("promotion", "repetition", "dropout")


def _count_series(value: object, name: str) -> pd.Series:
    """Validate a Series of counts indexed by grade; return it as float64."""
    if not isinstance(value, pd.Series):
        raise TypeError(
            f"{name} must be a pandas Series indexed by grade (e.g. grades 1 to 6), "
            f"not {type(value).__name__}"
        )
    _, array, index = to_float_array(value, name)
    check_counts(array, name, index)
    _check_grade_index(value.index, name)
    return pd.Series(array, index=value.index, name=value.name)


def _check_grade_index(index: pd.Index, name: str) -> None:
    grades = index.get_level_values(-1)
    if not pd.api.types.is_integer_dtype(grades.dtype):
        raise TypeError(
            f"the grades in the index of {name} must be whole numbers (1, 2, 3 …); "
            f"found {grades.dtype} values such as {list(grades[:3])}"
        )
    if not index.is_unique:
        raise ValueError(
            f"{name} has repeated index labels; each grade (per school, year …) must appear "
            "once — add the rows up first, e.g. with groupby(...).sum()"
        )


def _check_consecutive(grades: np.ndarray, name: str) -> None:
    if not np.array_equal(grades, np.arange(grades[0], grades[0] + len(grades))):
        raise ValueError(
            f"the grades of {name} must follow each other without gaps (e.g. 1, 2, 3, 4, 5, "
            f"6); found {list(grades)}"
        )


def _shift_grade(index: pd.Index, step: int) -> pd.Index:
    """The same labels with the grade (last level) moved by ``step``."""
    grades = index.get_level_values(-1).to_numpy() + step
    if index.nlevels == 1:
        return pd.Index(grades, name=index.name)
    arrays = [index.get_level_values(i) for i in range(index.nlevels - 1)]
    return pd.MultiIndex.from_arrays([*arrays, grades], names=index.names)


def flow_rates(
    enrolment: pd.Series,
    enrolment_next: pd.Series,
    repeaters_next: pd.Series,
    graduates: float | pd.Series | None = None,
) -> pd.DataFrame:
    """Promotion, repetition and dropout rates by grade, in percent (UIS).

    Arguments (Series indexed by grade, ascending whole numbers):

    * ``enrolment`` — enrolment by grade in year *t*, ``E_g,t``;
    * ``enrolment_next`` — enrolment by grade in year *t + 1*, ``E_g,t+1``;
    * ``repeaters_next`` — repeaters by grade in year *t + 1*, ``R_g,t+1``;
    * ``graduates`` (optional) — pupils who completed the last grade at the end of year
      *t*: a number, or a Series indexed like ``enrolment`` of which **only the value at
      the last grade is used** (values for other grades are ignored).

    Formulas (UIS glossary): ``promotion_g = (E_g+1,t+1 − R_g+1,t+1) / E_g,t × 100``,
    ``repetition_g = R_g,t+1 / E_g,t × 100``, ``dropout_g = 100 − promotion_g −
    repetition_g``. For the last grade, promotion is ``graduates / E_last,t × 100`` when
    ``graduates`` is given; otherwise promotion and dropout are NaN there.

    Source: UIS glossary, "Promotion rate", "Repetition rate" and "Dropout rate" (UIS
    guidelines for the reconstructed cohort method).

    Returns a DataFrame indexed by grade with columns ``promotion``, ``repetition``,
    ``dropout``. A grade with zero enrolment gives NaN.

    Many schools at once: give Series with a MultiIndex whose last level is the grade,
    e.g. (school, grade) or (school, year, grade). The last grade is then the highest grade
    in the index, and a missing row gives NaN rather than an error — for example an
    incomplete rural school that teaches only grades 1–3 has no grade-3 promotion rate,
    because its grade-3 pupils continue elsewhere. For a plain grade index the grades must
    follow each other without gaps and the three Series must cover the same grades.

    Reading the results: at national level the three rates normally lie between 0 and 100.
    For one school, pupils who transfer in or out look like promotion or dropout, so a
    school's dropout can be negative; that is information about mobility, not an error.

    >>> grades = pd.Index([1, 2, 3], name="grade")
    >>> e = pd.Series([1000, 1000, 1000], index=grades)
    >>> e_next = pd.Series([947, 947, 947], index=grades)
    >>> r_next = pd.Series([60, 60, 60], index=grades)
    >>> flow_rates(e, e_next, r_next, graduates=900).round(1)
           promotion  repetition  dropout
    grade
    1           88.7         6.0      5.3
    2           88.7         6.0      5.3
    3           90.0         6.0      4.0
    """
    e = _count_series(enrolment, "enrolment").sort_index()
    e_next = _count_series(enrolment_next, "enrolment_next")
    r_next = _count_series(repeaters_next, "repeaters_next")
    index = e.index
    for s, name in ((e_next, "enrolment_next"), (r_next, "repeaters_next")):
        if s.index.nlevels != index.nlevels:
            raise ValueError(
                f"{name} has {s.index.nlevels} index level(s) but enrolment has "
                f"{index.nlevels}; index them the same way"
            )
    with np.errstate(invalid="ignore"):
        both = e_next.index.intersection(r_next.index)
        too_many = r_next.reindex(both) > e_next.reindex(both)
    if too_many.any():
        raise ValueError(
            "repeaters_next cannot be larger than enrolment_next; check the data at "
            f"{list(too_many.index[too_many.to_numpy()][:3])}"
        )

    grades = index.get_level_values(-1).to_numpy()
    if index.nlevels == 1 and len(index):
        _check_consecutive(grades, "enrolment")
        for s, name in ((e_next, "enrolment_next"), (r_next, "repeaters_next")):
            missing = index.difference(s.index)
            if len(missing):
                raise ValueError(f"{name} has no value for grade(s) {list(missing)}")

    up = _shift_grade(index, 1)
    e_arr = e.to_numpy()
    promotion = safe_divide(
        100 * (e_next.reindex(up).to_numpy() - r_next.reindex(up).to_numpy()), e_arr
    )
    repetition = safe_divide(100 * r_next.reindex(index).to_numpy(), e_arr)

    is_last = grades == grades.max() if len(grades) else np.zeros(0, dtype=bool)
    promotion[is_last] = _last_grade_promotion(graduates, index[is_last], e_arr[is_last])
    dropout = 100 - promotion - repetition

    names = list(index.names)
    if names[-1] is None:
        names[-1] = "grade"
    out = pd.DataFrame(
        {"promotion": promotion, "repetition": repetition, "dropout": dropout},
        index=index.copy(),
    )
    out.index.names = names
    return out


def _last_grade_promotion(
    graduates: float | pd.Series | None, last_index: pd.Index, enrolment: np.ndarray
) -> np.ndarray:
    if graduates is None:
        return np.full(len(last_index), np.nan)
    if isinstance(graduates, pd.Series):
        _, array, _ = to_float_array(graduates, "graduates")
        check_counts(array, "graduates", graduates.index)
        series = pd.Series(array, index=graduates.index)
        if not series.index.is_unique:
            raise ValueError("graduates has repeated index labels")
        missing = last_index.difference(series.index)
        if len(missing):
            raise ValueError(
                f"graduates has no value for the last grade at {list(missing[:3])}; give it "
                "a Series indexed like enrolment (only the last grade is used)"
            )
        values = series.reindex(last_index).to_numpy()
    else:
        _, array, _ = to_float_array(graduates, "graduates")
        if array.ndim:
            raise TypeError("graduates must be a number or a pandas Series indexed by grade")
        check_counts(array, "graduates", None)
        values = np.full(len(last_index), float(array))
    with np.errstate(invalid="ignore"):
        too_many = values > enrolment
    if too_many.any():
        raise ValueError(
            "graduates cannot be larger than the enrolment of the last grade; check the "
            f"data at {list(last_index[too_many][:3])}"
        )
    return safe_divide(100 * values, enrolment)


def flow_rates_by(
    frame: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    *,
    grade: str = "grade",
    year: str = "year",
    enrolment: str = "enrolment",
    repeaters: str = "repeaters",
    graduates: str | None = None,
) -> pd.DataFrame:
    """Flow rates for every group and year of a long table, without a loop per group.

    ``frame`` has one row per (group …, year, grade) — for example a school census table
    with columns ``school_id``, ``year``, ``grade``, ``enrolment``, ``repeaters``. Rows that
    share the same ``by``, ``year`` and ``grade`` values are **added up** first, so
    ``by="region"`` on a school table gives regional rates and ``by=None`` national rates.
    A missing count makes the sum for its group missing (NaN), rather than silently
    undercounting; drop or fill such rows first if you prefer.

    For each group and year *t*, enrolment and repeaters of year *t + 1* (the row with
    ``year + 1``) give the rates of year *t*, as in :func:`flow_rates`; rates of the last
    year in the table are NaN because its next year is not there. ``graduates``, if given,
    names a column holding on the last-grade row of year *t* the pupils who completed that
    grade at the end of year *t*. The last grade is the highest grade in the table. Years
    and grades must be whole numbers.

    Returns a DataFrame indexed by (``by`` …, year, grade) with columns ``promotion``,
    ``repetition`` and ``dropout`` in percent.

    >>> census = pd.DataFrame({
    ...     "school": ["A"] * 4 + ["B"] * 4,
    ...     "year": [2023, 2023, 2024, 2024] * 2,
    ...     "grade": [1, 2, 1, 2] * 2,
    ...     "enrolment": [100, 90, 95, 92, 50, 40, 48, 45],
    ...     "repeaters": [10, 5, 8, 6, 5, 2, 4, 3],
    ... })
    >>> flow_rates_by(census, by="school").loc[("A", 2023)].round(1)
           promotion  repetition  dropout
    grade
    1           86.0         8.0      6.0
    2            NaN         6.7      NaN
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, not {type(frame).__name__}")
    by_cols = [] if by is None else [by] if isinstance(by, str) else list(by)
    keys = [*by_cols, year, grade]
    values = [enrolment, repeaters] + ([graduates] if graduates is not None else [])
    missing = [c for c in keys + values if c not in frame.columns]
    if missing:
        raise ValueError(f"frame has no column(s) {missing}; its columns are {list(frame.columns)}")
    for col in (year, grade):
        if frame[col].isna().any() or not pd.api.types.is_integer_dtype(frame[col].dtype):
            raise TypeError(f"column {col!r} must hold whole numbers with no missing values")
    for col in values:
        _, array, _ = to_float_array(frame[col], f"column {col!r}")
        check_counts(array, f"column {col!r}", frame.index)

    table = frame[keys + values].groupby(keys, sort=True, dropna=False).sum(skipna=False)
    table = table.astype("float64")
    with np.errstate(invalid="ignore"):
        bad = table[repeaters] > table[enrolment]
    if bad.any():
        raise ValueError(
            f"column {repeaters!r} cannot be larger than column {enrolment!r}; check the "
            f"data at {list(table.index[bad.to_numpy()][:3])}"
        )
    next_year = table.reset_index()
    next_year[year] = next_year[year] - 1
    next_year = next_year.set_index(keys)
    result = flow_rates(
        table[enrolment],
        next_year[enrolment],
        next_year[repeaters],
        graduates=table[graduates] if graduates is not None else None,
    )
    return result


def survival_rate(flow: pd.DataFrame, max_repetitions: int | None = None) -> pd.Series:
    """Survival rate by grade (reconstructed cohort), in percent of a grade-1 cohort.

    ``flow`` is a DataFrame like the output of :func:`flow_rates` (columns ``promotion``
    and ``repetition`` in percent, indexed by grade, or by (school, …, grade) for many
    schools at once). Returns a Series with the same index: the percent of pupils who
    enter the first grade and eventually reach each grade, **regardless of repetition**.
    The first grade is 100.

    Source: UIS glossary, "Survival rate by grade" (reconstructed cohort method); UN MDG
    indicators handbook.

    Assumptions of the reconstructed cohort model: pupils who drop
    out never come back; the flow rates stay the same throughout the cohort's life; and
    repeaters have the same rates as pupils in the grade for the first time.

    * ``max_repetitions=None`` — unlimited repetition. Closed form:
      ``S_k = 100 × ∏_{g<k} p_g / (1 − r_g)`` (a pupil in grade *g* eventually leaves it
      by promotion with probability ``p / (p + d)``).
    * ``max_repetitions=K`` — as in cohort tools that cap repetition, each pupil may repeat
      at most *K* times **in the whole cycle** (not per grade). A pupil who has already
      repeated *K* times and would repeat again drops out instead. The cohort is followed
      exactly, grade by grade and by number of repetitions used (a deterministic
      calculation, not a random simulation). The result is never above the closed form
      and approaches it as *K* grows; ``K=0`` gives ``∏ p_g``.

    If a grade has a repetition rate of 100 % and some promotion (impossible unless
    pupils arrive from elsewhere, so dropout is negative) the unlimited model breaks down
    and gives NaN. Where dropout is negative (a school receiving transfers) survival can
    rise from one grade to the next or exceed 100: the cohort model does not suit that
    school. Missing rates give NaN for the following grades.

    >>> grades = pd.Index([1, 2, 3], name="grade")
    >>> flow = pd.DataFrame({"promotion": [88.7, 88.7, 90.0],
    ...                      "repetition": [6.0, 6.0, 6.0]}, index=grades)
    >>> survival_rate(flow).round(2)
    grade
    1    100.00
    2     94.36
    3     89.04
    Name: survival, dtype: float64
    >>> survival_rate(flow, max_repetitions=1).round(2)   # 88.7 × 1.06 = 94.02
    grade
    1    100.00
    2     94.02
    3     88.12
    Name: survival, dtype: float64
    """
    if not isinstance(flow, pd.DataFrame):
        raise TypeError(f"flow must be a DataFrame like flow_rates() returns, not {type(flow)}")
    missing = [c for c in ("promotion", "repetition") if c not in flow.columns]
    if missing:
        raise ValueError(f"flow has no column(s) {missing}; use the output of flow_rates()")
    if max_repetitions is not None and (
        isinstance(max_repetitions, bool) or not isinstance(max_repetitions, numbers.Integral)
    ):
        raise TypeError(f"max_repetitions must be a whole number or None, not {max_repetitions!r}")
    if max_repetitions is not None and max_repetitions < 0:
        raise ValueError("max_repetitions must not be negative")
    _check_grade_index(flow.index, "flow")

    index = flow.index
    grades = index.get_level_values(-1).to_numpy()
    if len(grades) == 0:
        return pd.Series([], index=index, name="survival", dtype="float64")
    if index.nlevels == 1:
        _check_consecutive(np.sort(grades), "flow")
        group = np.zeros(len(index), dtype=np.intp)
        n_groups = 1
    else:
        codes, uniques = index.droplevel(-1).factorize(use_na_sentinel=False)
        group, n_groups = codes, len(uniques)
    first = grades.min()
    position = grades - first
    n_grades = int(position.max()) + 1

    p = np.full((n_groups, n_grades), np.nan)
    r = np.full((n_groups, n_grades), np.nan)
    _, p_values, _ = to_float_array(flow["promotion"], "flow['promotion']")
    _, r_values, _ = to_float_array(flow["repetition"], "flow['repetition']")
    p[group, position] = p_values / 100
    r[group, position] = r_values / 100

    survival = np.empty((n_groups, n_grades))
    survival[:, 0] = 1.0
    if max_repetitions is None:
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where(r < 1, p / (1 - r), np.where(p == 0, 0.0, np.nan))
        survival[:, 1:] = np.cumprod(factor[:, :-1], axis=1)
    else:
        # entering[:, j]: share of the cohort entering the current grade having already
        # used j repetitions. Within a grade, those with j repetitions used are
        # in_grade[j] = entering[j] + r × in_grade[j − 1]; each of them is promoted with
        # probability p (keeping j). Repeating at j = K is not allowed: they drop out.
        entering = np.zeros((n_groups, max_repetitions + 1))
        entering[:, 0] = 1.0
        for k in range(n_grades - 1):
            pk, rk = p[:, k : k + 1], r[:, k]
            in_grade = entering.copy()
            for j in range(1, max_repetitions + 1):
                in_grade[:, j] += rk * in_grade[:, j - 1]
            entering = pk * in_grade
            survival[:, k + 1] = entering.sum(axis=1)
    return pd.Series(100 * survival[group, position], index=index, name="survival")
