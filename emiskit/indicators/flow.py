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

from ._checks import NumberOrSeries, check_counts, percentage, safe_divide, to_float_array

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
    cohort = _reconstruct_cohort(flow, max_repetitions)
    return pd.Series(
        100 * cohort.survival[cohort.group, cohort.position], index=cohort.index, name="survival"
    )


class _Cohort:
    """A reconstructed cohort of 1 pupil entering the first grade (per group).

    ``survival[i, k]`` is the share reaching grade *k*; ``pupil_years[i, k]`` the years
    the cohort spends in grade *k* (repeaters count once per year); ``graduates[i]`` the
    share promoted out of the last grade (graduating).
    """

    def __init__(self, index, group, position, n_groups, survival, pupil_years, graduates):
        self.index = index
        self.group = group
        self.position = position
        self.n_groups = n_groups
        self.survival = survival
        self.pupil_years = pupil_years
        self.graduates = graduates


def _reconstruct_cohort(flow: pd.DataFrame, max_repetitions: int | None) -> _Cohort:
    """Follow a grade-1 cohort through the grades with the rates of ``flow`` (UIS model).

    The one cohort reconstruction behind :func:`survival_rate`,
    :func:`coefficient_of_efficiency` and :func:`years_input_per_graduate`.
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
        empty = np.zeros((0, 0))
        return _Cohort(index, np.zeros(0, np.intp), np.zeros(0, np.intp), 0, empty, empty,
                       np.zeros(0))
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
    years = np.empty((n_groups, n_grades))
    survival[:, 0] = 1.0
    if max_repetitions is None:
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where(r < 1, p / (1 - r), np.where(p == 0, 0.0, np.nan))
            # a pupil in grade g stays there 1 / (1 − r) years on average
            stay = np.where(r < 1, 1 / (1 - r), np.nan)
        survival[:, 1:] = np.cumprod(factor[:, :-1], axis=1)
        with np.errstate(invalid="ignore"):
            years[:] = np.where(survival == 0, 0.0, survival * stay)
        graduates = survival[:, -1] * factor[:, -1]
    else:
        # entering[:, j]: share of the cohort entering the current grade having already
        # used j repetitions. Within a grade, those with j repetitions used are
        # in_grade[j] = entering[j] + r × in_grade[j − 1] (one pupil-year each); each of
        # them is promoted with probability p (keeping j). Repeating at j = K is not
        # allowed: they drop out.
        entering = np.zeros((n_groups, max_repetitions + 1))
        entering[:, 0] = 1.0
        for k in range(n_grades):
            pk, rk = p[:, k : k + 1], r[:, k]
            in_grade = entering.copy()
            for j in range(1, max_repetitions + 1):
                in_grade[:, j] += rk * in_grade[:, j - 1]
            years[:, k] = in_grade.sum(axis=1)
            entering = pk * in_grade
            if k + 1 < n_grades:
                survival[:, k + 1] = entering.sum(axis=1)
        graduates = entering.sum(axis=1)
    return _Cohort(index, group, position, n_groups, survival, years, graduates)


def _per_group(cohort: _Cohort, values: np.ndarray, name: str) -> float | pd.Series:
    """One value per group: a float for one school's table, a Series for many."""
    if cohort.index.nlevels == 1:
        return float(values[0]) if len(values) else float("nan")
    groups = cohort.index.droplevel(-1).unique()
    return pd.Series(values, index=groups, name=name, dtype="float64")


def _efficiency_parts(
    flow: pd.DataFrame, max_repetitions: int | None
) -> tuple[_Cohort, np.ndarray, np.ndarray, np.ndarray]:
    """(cohort, grades in the cycle, total pupil-years, graduates) per group."""
    cohort = _reconstruct_cohort(flow, max_repetitions)
    if cohort.n_groups == 0:
        none = np.zeros(0)
        return cohort, none, none, none
    counted = np.zeros(cohort.pupil_years.shape, dtype=bool)
    counted[cohort.group, cohort.position] = True
    n_grades = counted.sum(axis=1).astype(float)
    years = np.where(counted, cohort.pupil_years, 0.0)
    # a missing rate anywhere in the cycle (or a grade missing for a group) makes the
    # whole cohort unknown
    unknown = np.isnan(years).any(axis=1) | ~counted.all(axis=1) | np.isnan(cohort.graduates)
    unknown |= cohort.graduates == 0  # nobody graduates: no cost per graduate
    total_years = np.where(unknown, np.nan, np.nan_to_num(years).sum(axis=1))
    graduates = np.where(unknown, np.nan, cohort.graduates)
    return cohort, n_grades, total_years, graduates



def years_input_per_graduate(
    flow: pd.DataFrame, max_repetitions: int | None = None
) -> float | pd.Series:
    """Years-input per graduate (reconstructed cohort), in pupil-years.

    The average number of pupil-years a cohort spends in the level for each pupil who
    graduates, counting the years of pupils who repeat and of pupils who drop out.
    ``flow`` is the same table as for :func:`survival_rate` (columns ``promotion`` and
    ``repetition`` in percent, indexed by grade); **promotion out of the last grade is
    graduation**, so it must be given (``flow_rates(..., graduates=...)``).

    Formula (UIS): ``YIG = (Σ_j G_j × j + Σ_j D_j × j) / Σ_j G_j``, where ``G_j`` are the
    cohort's graduates after *j* years and ``D_j`` its dropouts after *j* years; that is,
    all the pupil-years the cohort spends in the level divided by its graduates.

    Source: UIS glossary, "Years-input per graduate" (reconstructed cohort method, UIS
    guidelines); same model and ``max_repetitions`` as :func:`survival_rate`.

    With no repetition and no dropout it equals the number of grades (e.g. 6 for
    primary). It is NaN when nobody graduates or a rate is missing. One table indexed by
    grade gives a number; a MultiIndex (school, grade) gives a Series by school.

    >>> grades = pd.Index([1, 2], name="grade")
    >>> flow = pd.DataFrame({"promotion": [80.0, 90.0],
    ...                      "repetition": [10.0, 10.0]}, index=grades)
    >>> round(years_input_per_graduate(flow), 4)   # (1/0.9 + 0.8889/0.9) / 0.8889
    2.3611
    >>> round(years_input_per_graduate(flow, max_repetitions=0), 4)   # (1 + 0.8) / 0.72
    2.5
    """
    cohort, _, total_years, graduates = _efficiency_parts(flow, max_repetitions)
    with np.errstate(over="ignore"):  # a vanishing share of graduates: infinite years
        years = safe_divide(total_years, graduates)
    return _per_group(cohort, years, "years_input_per_graduate")


def coefficient_of_efficiency(
    flow: pd.DataFrame, max_repetitions: int | None = None
) -> float | pd.Series:
    """Coefficient of efficiency (reconstructed cohort), in percent.

    The pupil-years a cohort's graduates would need if nobody repeated or dropped out,
    as a percentage of the pupil-years the cohort actually spends to produce them
    (repetition and dropout included). ``flow`` is the same table as for
    :func:`survival_rate`; promotion out of the last grade is graduation.

    Formula (UIS): ``CE = (Σ_j G_j × n) / (Σ_j G_j × j + Σ_j D_j × j) × 100``, with *n* the
    number of grades of the level, ``G_j`` the cohort's graduates and ``D_j`` its dropouts
    after *j* years. Equivalently ``CE = n / years-input per graduate × 100``.

    Source: UIS glossary, "Coefficient of efficiency" (reconstructed cohort method, UIS
    guidelines); same model and ``max_repetitions`` as :func:`survival_rate`.

    100 means no pupil-year is wasted; it is never above 100 with valid rates. Its
    inverse shows the waste: a coefficient of 50 means each graduate costs twice the
    ideal number of pupil-years. NaN when nobody graduates or a rate is missing.

    >>> grades = pd.Index([1, 2], name="grade")
    >>> flow = pd.DataFrame({"promotion": [80.0, 90.0],
    ...                      "repetition": [10.0, 10.0]}, index=grades)
    >>> round(coefficient_of_efficiency(flow), 2)   # 2 / 2.3611 × 100
    84.71
    """
    cohort, n_grades, total_years, graduates = _efficiency_parts(flow, max_repetitions)
    ideal = n_grades * graduates
    return _per_group(
        cohort, safe_divide(100 * ideal, total_years), "coefficient_of_efficiency"
    )


def transition_rate(
    new_entrants_next_level: NumberOrSeries, enrolment_last_grade: NumberOrSeries
) -> NumberOrSeries:
    """Transition rate from one level to the next (e.g. primary to lower secondary), in percent.

    Formula: ``TR = N_1,h+1,t+1 / E_last,h,t × 100``: new entrants to the first grade of
    the next level in year *t + 1* (enrolment in that grade minus its repeaters) over
    the enrolment in the last grade of the level in year *t*.

    Source: UIS glossary, "Effective transition rate" / "Transition rate (from primary to
    secondary general education)".

    How to read it: of the pupils in the last grade of primary this year, how many start
    secondary next year. Pupils who repeat the last grade of primary are in the
    denominator but do not move on, so the rate is below 100 even if every graduate
    continues; values above 100 point to pupils arriving from elsewhere (or data that do
    not match).

    >>> transition_rate(820, 1_000)   # 850 in grade 7 in t+1, of whom 30 repeaters
    82.0
    """
    return percentage("transition_rate",
                      ("new_entrants_next_level", new_entrants_next_level),
                      ("enrolment_last_grade", enrolment_last_grade))


def percentage_of_repeaters(
    repeaters: NumberOrSeries, enrolment: NumberOrSeries
) -> NumberOrSeries:
    """Percentage of repeaters, in percent of enrolment.

    Formula: ``%R_h,t = R_h,t / E_h,t × 100``: pupils enrolled in the same grade as the
    year before, over all pupils enrolled, in one year (for a grade or a level).

    Source: UIS glossary, "Percentage of repeaters".

    How to read it: how much of this year's enrolment is pupils doing a grade again. It
    comes from one school census (no second year needed), unlike the repetition rate of
    :func:`flow_rates`, which follows pupils from one year to the next. More repeaters
    than pupils is impossible and raises ``ValueError``.

    >>> percentage_of_repeaters(45, 900)
    5.0
    """
    return percentage("percentage_of_repeaters", ("repeaters", repeaters),
                      ("enrolment", enrolment), part_of_whole=True)
