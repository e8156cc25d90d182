"""Indicators from a household survey: attendance, out-of-school and completion, weighted.

A household survey (MICS, DHS or a national survey) asks, for every member of the sampled
households, their age, whether they attend school this year and which grade, and the
highest grade they completed. Each member carries a **sampling weight**: the number of
people in the country that member stands for. Every helper here sums weights, never
counts rows, so the result estimates the whole population, not the sample.

The ages and grades of the level are arguments (the sample country's are the defaults:
primary is grades 1–6 for ages 6–11), so the same helpers work for any school system.
The members table needs the columns ``age``, ``attending`` (true/false),
``grade_attended`` (the grade attended this year, empty if not attending),
``level_attended`` (``pre_primary``, ``primary``, ``lower_secondary``, ``upper_secondary``
or ``higher``), ``highest_grade_completed`` (0 if none) and the weight column.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._checks import check_counts, to_float_array
from .enrolment import completion_rate

LEVELS_IN_SCHOOL: tuple[str, ...] = (
    "pre_primary", "primary", "lower_secondary", "upper_secondary", "higher",
)
"""Every level that counts as "in school" for SDG 4.1.4 (pre-primary included)."""


def _weights(members: pd.DataFrame, weight: str | None) -> pd.Series:
    if not isinstance(members, pd.DataFrame):
        raise TypeError(f"members must be a DataFrame (one row per person), not "
                        f"{type(members).__name__}")
    if weight is None:
        return pd.Series(1.0, index=members.index)
    if weight not in members.columns:
        raise ValueError(f"members has no column {weight!r} (the sampling weights); pass "
                         "weight=None to count every person once")
    _, array, index = to_float_array(members[weight], weight)
    check_counts(array, weight, index)
    return pd.Series(np.nan_to_num(array), index=members.index)


def _need(members: pd.DataFrame, *columns: str) -> None:
    missing = [c for c in columns if c not in members.columns]
    if missing:
        raise ValueError(f"members has no column(s) {missing}; see the household_members "
                         "table for the expected columns")


def _ages(ages: Sequence[int]) -> tuple[int, int]:
    low, high = (int(a) for a in ages)
    if low > high:
        raise ValueError(f"ages must be (youngest, oldest), got {tuple(ages)}")
    return low, high


def _by(members: pd.DataFrame, numerator: pd.Series, denominator: pd.Series,
        by: str | list[str] | None, func) -> float | pd.Series:
    if by is None:
        return func(float(numerator.sum()), float(denominator.sum()))
    keys = [members[c] for c in ([by] if isinstance(by, str) else by)]
    num = numerator.groupby(keys, observed=True, sort=True).sum()
    den = denominator.groupby(keys, observed=True, sort=True).sum()
    return func(num.reindex(den.index, fill_value=0.0), den)


def net_attendance_rate(
    members: pd.DataFrame,
    *,
    ages: Sequence[int] = (6, 11),
    grades: Sequence[int] = (1, 6),
    weight: str | None = "weight",
    by: str | list[str] | None = None,
) -> float | pd.Series:
    """Net attendance rate (NAR) from a household survey, in percent.

    Formula: ``NAR = Σ w [age in ages and attending a grade in grades] / Σ w [age in
    ages] × 100``: people of the official age for the level who attend that level, over
    all people of that age, with sampling weights ``w``.

    Source: UIS glossary, "Net attendance rate"; MICS and DHS survey indicator
    definitions (the survey counterpart of the net enrolment rate).

    ``by`` names column(s) to break the rate down by (e.g. ``"location"``); a group with
    no one of that age gives NaN.

    >>> people = pd.DataFrame({"age": [6, 8, 10, 12], "attending": [True, True, False, True],
    ...                        "grade_attended": [1, 3, None, 7], "weight": [2, 1, 1, 5]})
    >>> net_attendance_rate(people)   # (2 + 1) / (2 + 1 + 1)
    75.0
    """
    _need(members, "age", "attending", "grade_attended")
    w = _weights(members, weight)
    low, high = _ages(ages)
    first, last = (int(g) for g in grades)
    in_ages = members["age"].between(low, high).fillna(False).astype(bool)
    attending = members["attending"].fillna(False).astype(bool)
    in_level = members["grade_attended"].between(first, last).fillna(False).astype(bool)
    numerator = w.where(in_ages & attending & in_level, 0.0)
    denominator = w.where(in_ages, 0.0)
    return _by(members, numerator, denominator, by, _percent)


def survey_out_of_school_rate(
    members: pd.DataFrame,
    *,
    ages: Sequence[int] = (6, 11),
    levels_in_school: Sequence[str] = LEVELS_IN_SCHOOL,
    weight: str | None = "weight",
    by: str | list[str] | None = None,
) -> float | pd.Series:
    """Out-of-school rate from a household survey, in percent (SDG 4.1.4).

    Formula: ``OOS = Σ w [age in ages, not attending a level in levels_in_school] /
    Σ w [age in ages] × 100``. By default (SDG 4.1.4) a child attending pre-primary,
    primary, secondary or higher education is in school; drop ``"pre_primary"`` from
    ``levels_in_school`` for the older UIS definition.

    Source: SDG 4.1.4 metadata (UIS), "Out-of-school rate"; UIS glossary.

    >>> people = pd.DataFrame({"age": [6, 7, 9, 11], "attending": [True, False, True, True],
    ...                        "level_attended": ["pre_primary", None, "primary", "primary"],
    ...                        "weight": [1, 1, 1, 1]})
    >>> survey_out_of_school_rate(people)            # only the 7-year-old: 1 of 4
    25.0
    >>> survey_out_of_school_rate(people, levels_in_school=["primary", "lower_secondary"])
    50.0
    """
    _need(members, "age", "attending", "level_attended")
    w = _weights(members, weight)
    low, high = _ages(ages)
    in_ages = members["age"].between(low, high).fillna(False).astype(bool)
    attending = members["attending"].fillna(False).astype(bool)
    in_school = attending & members["level_attended"].isin(list(levels_in_school))
    numerator = w.where(in_ages & ~in_school, 0.0)
    denominator = w.where(in_ages, 0.0)
    return _by(members, numerator, denominator, by, _percent)


def survey_completion_rate(
    members: pd.DataFrame,
    *,
    last_grade: int = 6,
    age_last_grade: int = 11,
    weight: str | None = "weight",
    by: str | list[str] | None = None,
) -> float | pd.Series:
    """Completion rate (SDG 4.1.2) from a household survey, in percent.

    The people aged ``age_last_grade + 3`` to ``age_last_grade + 5`` (for a primary level
    ending in grade 6 at the intended age 11: ages 14 to 16) who have completed
    ``last_grade``, over all people of those ages, weighted; computed with
    :func:`~emiskit.indicators.completion_rate`.

    Source: SDG 4.1.2 metadata (UIS), "Completion rate".

    >>> people = pd.DataFrame({"age": [13, 14, 15, 16, 17],
    ...                        "highest_grade_completed": [6, 6, 5, 9, 2],
    ...                        "weight": [9, 1, 1, 2, 9]})
    >>> survey_completion_rate(people)   # ages 14-16: (1 + 2) / (1 + 1 + 2)
    75.0
    """
    _need(members, "age", "highest_grade_completed")
    w = _weights(members, weight)
    low, high = int(age_last_grade) + 3, int(age_last_grade) + 5
    in_ages = members["age"].between(low, high).fillna(False).astype(bool)
    completed = members["highest_grade_completed"].fillna(0) >= int(last_grade)
    numerator = w.where(in_ages & completed, 0.0)
    denominator = w.where(in_ages, 0.0)
    return _by(members, numerator, denominator, by, completion_rate)


def _percent(numerator, denominator):
    from ._checks import percentage

    return percentage("rate", ("numerator", numerator), ("denominator", denominator))
