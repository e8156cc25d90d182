"""From the sample tables to indicators in one call: national, by region, district, school.

A notebook should say ``access_indicators(by="region")``, not write a page of pandas.
Each helper aggregates the census tables to the chosen level and then applies the exact
indicator functions of this package (so the definitions live in one place only). Every
helper loads the course's sample tables by default; pass your own DataFrames with the same
columns (see ``datasets/datapackage.json``) to compute the same indicators on your own
ministry's data.

Levels follow the sample country's structure (``emiskit.data.settings``): primary is
grades 1–6 with official ages 6–11, lower secondary grades 7–9 with ages 12–14.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from emiskit.data.settings import LOWER_SECONDARY_GRADES, OFFICIAL_AGES, PRIMARY_GRADES

from .enrolment import (
    adjusted_net_enrolment_rate,
    gross_enrolment_ratio,
    net_enrolment_rate,
    out_of_school_rate,
)
from .equity import parity_index
from .flow import flow_rates_by, survival_rate
from .teachers import percent_trained_teachers, pupil_teacher_ratio

Level = Literal["primary", "lower_secondary"]
By = Literal["national", "region", "district", "school", "area", "sector"]

LEVEL_GRADES: dict[str, tuple[int, ...]] = {
    "primary": PRIMARY_GRADES,
    "lower_secondary": LOWER_SECONDARY_GRADES,
}
# The column(s) each breakdown groups by, after schools are joined to their district.
GROUP_COLUMNS: dict[str, list[str]] = {
    "national": [],
    "region": ["region_code"],
    "district": ["district_code"],
    "school": ["school_id"],
    "area": ["area"],
    "sector": ["sector"],
}
# Population projections exist by district only, so population-based indicators cannot be
# broken down by school, area or sector.
POPULATION_BREAKDOWNS = ("national", "region", "district")


def _load(name: str, frame: pd.DataFrame | None, scale: str) -> pd.DataFrame:
    if frame is not None:
        return frame
    from emiskit import datasets

    return datasets.load(name, scale=scale)


def _check_choice(value: str, allowed: Sequence[str], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(map(repr, allowed))}, not {value!r}")


def _register(schools: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    """Each school's district, region, area and sector."""
    return schools[["school_id", "district_code", "area", "sector"]].merge(
        districts[["district_code", "region_code"]], on="district_code", how="left"
    )


def _plain_integers(column: pd.Series) -> pd.Series:
    """Nullable integers group several times slower than plain ones: convert when no value
    is missing (the same conversion everywhere keeps index dtypes equal for joins)."""
    if pd.api.types.is_integer_dtype(column.dtype) and not column.isna().any():
        return column.astype("int64")
    return column


def _school_totals(
    frame: pd.DataFrame, keys: list[str], columns: dict[str, pd.Series]
) -> pd.DataFrame:
    """Sum ``columns`` (aligned with ``frame``) by school and ``keys``.

    Census tables have millions of rows at national scale; adding them up by school first
    leaves a small table to join to the register, which is much faster than joining the
    register to every census row.
    """
    data = pd.DataFrame({"school_id": frame["school_id"]})
    for key in keys:
        data[key] = _plain_integers(frame[key])
    for name, values in columns.items():
        data[name] = values.astype("float64")
    return data.groupby(["school_id", *keys], observed=True, sort=False).sum()


def _regroup(
    totals: pd.DataFrame,
    by: str,
    schools: pd.DataFrame,
    districts: pd.DataFrame,
    keys: list[str],
) -> pd.DataFrame:
    """Add school totals up to the breakdown ``by`` (kept per ``keys``, e.g. year)."""
    if by == "school":  # already one row per school and key
        return totals.sort_index()
    flat = totals.reset_index().merge(
        _register(schools, districts), on="school_id", how="left", validate="many_to_one"
    )
    return flat.groupby([*GROUP_COLUMNS[by], *keys], observed=True, sort=True)[
        list(totals.columns)
    ].sum()


def _population_totals(
    population: pd.DataFrame, districts: pd.DataFrame, by: str, keys: list[str], ages: tuple
) -> pd.Series:
    low, high = ages
    pop = population[population["age"].between(low, high)]
    pop = pop.merge(districts[["district_code", "region_code"]], on="district_code", how="left")
    pop = pop.assign(**{key: _plain_integers(pop[key]) for key in keys})
    summed = pop.groupby([*GROUP_COLUMNS[by], *keys], observed=True, sort=True)["population"]
    return summed.sum().astype("float64")


def access_indicators(
    by: By = "national",
    level: Level = "primary",
    *,
    sex: bool = False,
    scale: str = "workshop",
    enrolment: pd.DataFrame | None = None,
    population: pd.DataFrame | None = None,
    schools: pd.DataFrame | None = None,
    districts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Enrolment ratios and the out-of-school rate of a level, by group and year.

    Returns a DataFrame indexed by (group, year[, sex]) with the counts and the indicators:

    * ``enrolment`` (all ages) and ``population`` (official age) → ``ger``
      (:func:`gross_enrolment_ratio`);
    * ``enrolment_official_age`` (official-age pupils in this level) → ``ner``;
    * ``enrolled_official_age_level_or_higher`` → ``adjusted_ner``;
    * ``in_school_official_age`` (official-age children in any grade of the census, the
      SDG 4.1.4 definition; the sample data have no pre-primary) → ``out_of_school_rate``.

    ``by`` is ``"national"``, ``"region"`` or ``"district"``: the population is projected by
    district only. ``sex=True`` adds sex to the index (use :func:`gender_parity` next).

    Source: UIS glossary (GER, NER, adjusted NER); SDG 4.1.4 metadata (out-of-school rate).

    >>> national = access_indicators()  # the sample country, primary
    >>> national.loc[2024, ["ger", "ner"]].round(1).tolist()
    [101.1, 93.0]
    """
    _check_choice(by, POPULATION_BREAKDOWNS, "by (population is known by district only)")
    _check_choice(level, tuple(LEVEL_GRADES), "level")
    enrolment = _load("enrolment", enrolment, scale)
    population = _load("population", population, scale)
    schools = _load("schools", schools, scale)
    districts = _load("districts", districts, scale)

    low, high = OFFICIAL_AGES[level]
    grades = LEVEL_GRADES[level]
    pupils = enrolment["pupils"].astype("float64").fillna(0.0)
    official = enrolment["age"].between(low, high)
    in_level = enrolment["grade"].isin(grades)
    keys = ["year", *(["sex"] if sex else [])]
    totals = _school_totals(
        enrolment,
        keys,
        {
            "enrolment": pupils.where(in_level, 0.0),
            "enrolment_official_age": pupils.where(in_level & official, 0.0),
            "enrolled_official_age_level_or_higher": pupils.where(
                official & (enrolment["grade"] >= min(grades)), 0.0
            ),
            "in_school_official_age": pupils.where(official, 0.0),
        },
    )
    counts = _regroup(totals, by, schools, districts, keys)
    population_totals = _population_totals(population, districts, by, keys, (low, high))
    table = counts.join(population_totals, how="outer").fillna(
        {name: 0.0 for name in counts.columns}
    )
    table = table[["enrolment", "population", "enrolment_official_age",
                   "enrolled_official_age_level_or_higher", "in_school_official_age"]]
    table["ger"] = gross_enrolment_ratio(table["enrolment"], table["population"])
    table["ner"] = net_enrolment_rate(table["enrolment_official_age"], table["population"])
    table["adjusted_ner"] = adjusted_net_enrolment_rate(
        table["enrolled_official_age_level_or_higher"], table["population"]
    )
    table["out_of_school_rate"] = out_of_school_rate(
        table["population"], table["in_school_official_age"]
    )
    return table


def gender_parity(table: pd.DataFrame, column: str, *, adjusted: bool = True) -> pd.Series:
    """Gender parity index (female / male) of one column of a table indexed by sex.

    ``table`` is e.g. ``access_indicators(by="region", sex=True)``; the result keeps the
    other index levels. Uses :func:`parity_index` (UIS adjusted by default).

    Source: SDG 4.5.1 metadata (UIS), "Parity indices".

    >>> by_sex = access_indicators(by="region", sex=True)
    >>> float(gender_parity(by_sex, "ger").loc[("01", 2024)].round(3))
    0.982
    """
    if "sex" not in (table.index.names or []):
        raise ValueError("the table has no 'sex' index level: compute it with sex=True")
    values = table[column].unstack("sex")
    return parity_index(values["F"], values["M"], adjusted=adjusted).rename(f"gpi_{column}")


def teacher_indicators(
    by: By = "national",
    level: Level = "primary",
    *,
    scale: str = "workshop",
    enrolment: pd.DataFrame | None = None,
    teachers: pd.DataFrame | None = None,
    schools: pd.DataFrame | None = None,
    districts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Pupil-teacher ratio and percentage of trained teachers, by group and year.

    Columns: ``pupils``, ``teachers``, ``trained``, ``qualified``, ``ptr``
    (:func:`pupil_teacher_ratio`, head counts), ``pupil_trained_teacher_ratio`` and
    ``percent_trained`` (:func:`percent_trained_teachers`, SDG 4.c.1).

    Source: UIS glossary (pupil-teacher ratio); SDG 4.c.1 metadata (trained teachers).

    >>> teacher_indicators().loc[2024, ["ptr", "percent_trained"]].round(1).tolist()
    [25.7, 79.1]
    """
    _check_choice(by, tuple(GROUP_COLUMNS), "by")
    _check_choice(level, tuple(LEVEL_GRADES), "level")
    enrolment = _load("enrolment", enrolment, scale)
    teachers = _load("teachers", teachers, scale)
    schools = _load("schools", schools, scale)
    districts = _load("districts", districts, scale)

    in_level = enrolment["grade"].isin(LEVEL_GRADES[level])
    pupils = _school_totals(
        enrolment,
        ["year"],
        {"pupils": enrolment["pupils"].astype("float64").fillna(0.0).where(in_level, 0.0)},
    )
    staff = teachers[teachers["level"] == level]
    staff_totals = _school_totals(
        staff, ["year"], {name: staff[name] for name in ("teachers", "trained", "qualified")}
    )
    totals = pupils.join(staff_totals, how="outer").fillna(0.0)
    table = _regroup(totals, by, schools, districts, ["year"])
    table["ptr"] = pupil_teacher_ratio(table["pupils"], table["teachers"])
    table["pupil_trained_teacher_ratio"] = pupil_teacher_ratio(table["pupils"], table["trained"])
    table["percent_trained"] = percent_trained_teachers(table["trained"], table["teachers"])
    return table


def _grade_counts(
    by: str,
    level: str,
    scale: str,
    enrolment: pd.DataFrame | None,
    schools: pd.DataFrame | None,
    districts: pd.DataFrame | None,
) -> pd.DataFrame:
    _check_choice(by, tuple(GROUP_COLUMNS), "by")
    _check_choice(level, tuple(LEVEL_GRADES), "level")
    enrolment = _load("enrolment", enrolment, scale)
    schools = _load("schools", schools, scale)
    districts = _load("districts", districts, scale)
    rows = enrolment[enrolment["grade"].isin(LEVEL_GRADES[level])]
    totals = _school_totals(
        rows,
        ["year", "grade"],
        {
            "enrolment": rows["pupils"].astype("float64").fillna(0.0),
            "repeaters": rows["repeaters"].astype("float64").fillna(0.0),
            "graduates": rows["graduates"].astype("float64").fillna(0.0),
        },
    )
    counts = _regroup(totals, by, schools, districts, ["year", "grade"]).reset_index()
    counts["year"] = counts["year"].astype("int64")
    counts["grade"] = counts["grade"].astype("int64")
    return counts


def flow_indicators(
    by: By = "national",
    level: Level = "primary",
    *,
    scale: str = "workshop",
    enrolment: pd.DataFrame | None = None,
    schools: pd.DataFrame | None = None,
    districts: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Promotion, repetition and dropout rates by group, year and grade (UIS formulas).

    Applies :func:`flow_rates_by` to the census aggregated to ``by``; the last grade's
    promotion uses the level's graduates. Rates of the last year are NaN (there is no
    next year to compare with). Small groups, single schools especially, give noisy rates,
    and transfers between schools can even make a school's dropout negative.

    Source: UIS glossary (promotion, repetition rates) and UIS guidelines (dropout).

    >>> flow_indicators().loc[(2019, 1)].round(1).tolist()  # grade 1 in 2019
    [87.7, 11.3, 1.0]
    """
    counts = _grade_counts(by, level, scale, enrolment, schools, districts)
    return flow_rates_by(counts, by=GROUP_COLUMNS[by] or None, graduates="graduates")


def survival_indicators(
    by: By = "national",
    level: Level = "primary",
    *,
    max_repetitions: int | None = None,
    scale: str = "workshop",
    enrolment: pd.DataFrame | None = None,
    schools: pd.DataFrame | None = None,
    districts: pd.DataFrame | None = None,
) -> pd.Series:
    """Survival rate to each grade (reconstructed cohort) by group and year, in percent.

    The flow rates of year *t* (:func:`flow_indicators`) are applied to a cohort of 100
    pupils entering the level's first grade (:func:`survival_rate`).

    Source: UIS, reconstructed cohort method.

    >>> float(survival_indicators().loc[(2019, 6)].round(1))  # reach grade 6, 2019 rates
    94.4
    """
    flow = flow_indicators(
        by, level, scale=scale, enrolment=enrolment, schools=schools, districts=districts
    )
    return survival_rate(flow, max_repetitions=max_repetitions)
