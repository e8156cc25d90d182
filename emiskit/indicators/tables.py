"""From the sample tables to indicators in one call: national, by region, district, school.

A notebook should say ``access_indicators(by="region")``, not write a page of pandas.
Each helper sums the census tables into small cubes and breaks them down with
:mod:`emiskit.indicators.cubes` (the same path as the indicator explorer widget, so a
notebook and the explorer show the same figures), then applies the exact indicator
functions of this package (so the definitions live in one place only). Every
helper loads the course's sample tables by default; pass your own DataFrames with the same
columns (see ``datasets/datapackage.json``) to compute the same indicators on your own
ministry's data.

Levels follow the school structure of the data in use (:mod:`emiskit.structure`: the
``school_structure`` of the data package, else of ``emiskit.toml``, else the sample
country's, where primary is grades 1–6 with official ages 6–11 and lower secondary grades
7–9 with ages 12–14). Pass ``structure=`` to use another one with your own DataFrames.
The tables are read through :func:`emiskit.datasets.table`, the cached path the widgets
and the grading references share.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from emiskit.structure import SchoolStructure

from .cubes import (
    BREAKDOWN_COLUMNS,
    ENROLMENT_COUNTS,
    INDICATOR_LEVELS,
    CensusCubes,
    access_by,
    census_cubes,
    grade_flows_by,
    level_flows_by,
    official_age_column,
    teachers_by,
)
from .equity import parity_index
from .flow import survival_rate

Level = Literal["primary", "lower_secondary"]
By = Literal["national", "region", "district", "school", "area", "sector"]

# The column(s) each breakdown groups by, after schools are joined to their district.
GROUP_COLUMNS: dict[str, list[str]] = {
    by: BREAKDOWN_COLUMNS[by]
    for by in ("national", "region", "district", "school", "area", "sector")
}
# Population projections exist by district only, so population-based indicators cannot be
# broken down by school, area or sector.
POPULATION_BREAKDOWNS = ("national", "region", "district")


def _load(name: str, frame: pd.DataFrame | None, scale: str) -> pd.DataFrame:
    if frame is not None:
        return frame
    from emiskit import datasets

    return datasets.table(name, scale=scale)  # the one cached path (see its caching rule)


def _check_choice(value: str, allowed: Sequence[str], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(map(repr, allowed))}, not {value!r}")


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
    structure: SchoolStructure | None = None,
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
    The sums come from :func:`emiskit.indicators.cubes.access_by`, as in the indicator
    explorer.

    Source: UIS glossary (GER, NER, adjusted NER); SDG 4.1.4 metadata (out-of-school rate).

    >>> national = access_indicators()  # the sample country, primary
    >>> national.loc[2024, ["ger", "ner"]].round(1).tolist()
    [101.1, 93.0]
    """
    _check_choice(by, POPULATION_BREAKDOWNS, "by (population is known by district only)")
    _check_choice(level, INDICATOR_LEVELS, "level")
    cubes = census_cubes(
        _load("enrolment", enrolment, scale),
        schools=_load("schools", schools, scale),
        districts=_load("districts", districts, scale),
        population=_load("population", population, scale),
        sex=sex,
        sums=("pupils", official_age_column(level)),
        structure=structure,
    )
    return access_by(cubes, level, by, sex=sex)


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
    structure: SchoolStructure | None = None,
) -> pd.DataFrame:
    """Pupil-teacher ratio and percentage of trained teachers, by group and year.

    Columns: ``pupils``, ``teachers``, ``trained``, ``qualified``, ``ptr``
    (:func:`pupil_teacher_ratio`, head counts), ``pupil_trained_teacher_ratio`` and
    ``percent_trained`` (:func:`percent_trained_teachers`, SDG 4.c.1). Teachers are not
    counted by sex, so there is no breakdown by sex.

    Source: UIS glossary (pupil-teacher ratio); SDG 4.c.1 metadata (trained teachers).

    >>> teacher_indicators().loc[2024, ["ptr", "percent_trained"]].round(1).tolist()
    [25.7, 79.1]
    """
    _check_choice(by, tuple(GROUP_COLUMNS), "by")
    _check_choice(level, INDICATOR_LEVELS, "level")
    cubes = _census_cubes(by, scale, enrolment, schools, districts, sex=False,
                          sums=("pupils",), teachers=_load("teachers", teachers, scale),
                          structure=structure)
    return teachers_by(cubes, level, by)


def _census_cubes(
    by: str,
    scale: str,
    enrolment: pd.DataFrame | None,
    schools: pd.DataFrame | None,
    districts: pd.DataFrame | None,
    *,
    sex: bool,
    sums: Sequence[str],
    teachers: pd.DataFrame | None = None,
    structure: SchoolStructure | None = None,
) -> CensusCubes:
    """The cubes a school-or-place breakdown needs (with only the sums the helper uses:
    quicker); by school, no register is needed."""
    if by == "school":
        return census_cubes(_load("enrolment", enrolment, scale), teachers=teachers,
                            grain="school", sex=sex, sums=sums, structure=structure)
    return census_cubes(
        _load("enrolment", enrolment, scale),
        schools=_load("schools", schools, scale),
        districts=_load("districts", districts, scale),
        teachers=teachers,
        sex=sex,
        sums=sums,
        structure=structure,
    )


def _flow_cubes(
    by: str,
    level: str,
    sex: bool,
    scale: str,
    enrolment: pd.DataFrame | None,
    schools: pd.DataFrame | None,
    districts: pd.DataFrame | None,
    structure: SchoolStructure | None,
) -> CensusCubes:
    """The enrolment cube the flow rates need, after checking the choices."""
    _check_choice(by, tuple(GROUP_COLUMNS), "by")
    _check_choice(level, INDICATOR_LEVELS, "level")
    return _census_cubes(by, scale, enrolment, schools, districts, sex=sex,
                         sums=ENROLMENT_COUNTS, structure=structure)


def flow_indicators(
    by: By = "national",
    level: Level = "primary",
    *,
    sex: bool = False,
    scale: str = "workshop",
    enrolment: pd.DataFrame | None = None,
    schools: pd.DataFrame | None = None,
    districts: pd.DataFrame | None = None,
    structure: SchoolStructure | None = None,
) -> pd.DataFrame:
    """Promotion, repetition and dropout rates by group, year and grade (UIS formulas).

    Applies :func:`flow_rates_by` to the census aggregated to ``by``; the last grade's
    promotion uses the level's graduates. Rates of the last year are NaN (there is no
    next year to compare with). Small groups, single schools especially, give noisy rates,
    and transfers between schools can even make a school's dropout negative.
    ``sex=True`` gives girls' and boys' rates, indexed by (group, year, sex, grade).
    For one rate per level, see :func:`level_flow_indicators`.

    Source: UIS glossary (promotion, repetition rates) and UIS guidelines (dropout).

    >>> flow_indicators().loc[(2019, 1)].round(1).tolist()  # grade 1 in 2019
    [87.7, 11.3, 1.0]
    """
    cubes = _flow_cubes(by, level, sex, scale, enrolment, schools, districts, structure)
    return grade_flows_by(cubes, level, by, sex=sex)


def level_flow_indicators(
    by: By = "national",
    level: Level = "primary",
    *,
    sex: bool = False,
    scale: str = "workshop",
    enrolment: pd.DataFrame | None = None,
    schools: pd.DataFrame | None = None,
    districts: pd.DataFrame | None = None,
    structure: SchoolStructure | None = None,
) -> pd.DataFrame:
    """Promotion, repetition and dropout rates of a whole level, by group and year.

    Columns ``promotion``, ``repetition``, ``dropout`` (percent) and ``enrolment`` (the
    level's pupils), indexed by (group, year[, sex]). A level's rate is the
    enrolment-weighted mean of its grades' rates (:func:`flow_indicators`), the same as
    summing numerators and denominators over the grades; the indicator explorer shows
    these. The last year has no rates.

    Source: UIS glossary (promotion, repetition rates) and UIS guidelines (dropout).

    >>> level_flow_indicators().loc[2019, ["promotion", "dropout"]].round(1).tolist()
    [92.1, 1.1]
    """
    cubes = _flow_cubes(by, level, sex, scale, enrolment, schools, districts, structure)
    return level_flows_by(cubes, level, by, sex=sex)


def survival_indicators(
    by: By = "national",
    level: Level = "primary",
    *,
    sex: bool = False,
    max_repetitions: int | None = None,
    scale: str = "workshop",
    enrolment: pd.DataFrame | None = None,
    schools: pd.DataFrame | None = None,
    districts: pd.DataFrame | None = None,
    structure: SchoolStructure | None = None,
) -> pd.Series:
    """Survival rate to each grade (reconstructed cohort) by group and year, in percent.

    The flow rates of year *t* (:func:`flow_indicators`) are applied to a cohort of 100
    pupils entering the level's first grade (:func:`survival_rate`). ``sex=True`` follows
    girls and boys separately.

    Source: UIS, reconstructed cohort method.

    >>> float(survival_indicators().loc[(2019, 6)].round(1))  # reach grade 6, 2019 rates
    94.4
    """
    flow = flow_indicators(
        by, level, sex=sex, scale=scale, enrolment=enrolment, schools=schools,
        districts=districts, structure=structure,
    )
    return survival_rate(flow, max_repetitions=max_repetitions)
