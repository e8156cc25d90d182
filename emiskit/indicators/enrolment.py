"""Access, participation and completion: intake, enrolment, out-of-school, completion.

All functions follow the UNESCO Institute for Statistics (UIS) definitions and the SDG 4
metadata. Rates are percentages (0–100). A number in gives a float out; a pandas Series in
gives a Series out with the same index; a zero population gives NaN.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ._checks import NumberOrSeries, percentage, prepare, safe_divide

#: The two definitions of "in school" used for the out-of-school rate.
OUT_OF_SCHOOL_DEFINITIONS: tuple[str, ...] = ("sdg", "legacy")


def _clip(values: np.ndarray, cap: bool) -> np.ndarray:
    return np.clip(values, 0.0, 100.0) if cap else values


def gross_enrolment_ratio(enrolment: NumberOrSeries, population: NumberOrSeries) -> NumberOrSeries:
    """Gross enrolment ratio (GER), in percent.

    Formula: ``GER = E_h / P_h × 100``, where ``E_h`` is enrolment in level *h* at **any
    age** and ``P_h`` the population of the official age group for level *h*.

    Source: UIS glossary, "Gross enrolment ratio".

    How to read it: the size of the level compared with the children who should be in it.
    It can exceed 100 because over-age pupils (late entrants, repeaters) and under-age
    pupils are counted in the numerator but not in the denominator; a GER above 100 does
    not mean every child is in school.

    >>> gross_enrolment_ratio(1_050, 1_000)
    105.0
    >>> gross_enrolment_ratio(0, 0)  # no population: undefined, not an error
    nan
    """
    return percentage("gross_enrolment_ratio", ("enrolment", enrolment),
                      ("population", population))


def net_enrolment_rate(
    enrolment_official_age: NumberOrSeries,
    population_official_age: NumberOrSeries,
    *,
    cap: bool = False,
) -> NumberOrSeries:
    """Net enrolment rate (NER), in percent.

    Formula: ``NER = E_h,a / P_a × 100``, where ``E_h,a`` is enrolment in level *h* of
    children of the official age for *h* and ``P_a`` the population of that age group.

    Source: UIS glossary, "Net enrolment rate" (World Bank indicator SE.PRM.NENR for
    primary).

    How to read it: the share of the official-age children who are enrolled in the level
    they should be in. By definition it cannot exceed 100; a computed value above 100 means
    enrolment (from the school census) and population (from census projections) do not
    match — usually an outdated population estimate or misreported ages. The value is
    returned as computed so the problem stays visible; ``cap=True`` clips it to 0–100 for
    a publication that caps (say so in a note when you do).

    >>> net_enrolment_rate(930, 1_000)
    93.0
    >>> net_enrolment_rate(1_020, 1_000), net_enrolment_rate(1_020, 1_000, cap=True)
    (102.0, 100.0)
    """
    p = prepare(
        {
            "enrolment_official_age": enrolment_official_age,
            "population_official_age": population_official_age,
        }
    )
    rate = safe_divide(100 * p["enrolment_official_age"], p["population_official_age"])
    return p.wrap(_clip(rate, cap), "net_enrolment_rate")


def adjusted_net_enrolment_rate(
    enrolled_official_age_level_or_higher: NumberOrSeries,
    population_official_age: NumberOrSeries,
    *,
    cap: bool = False,
) -> NumberOrSeries:
    """Adjusted net enrolment rate (ANER), in percent.

    Formula: ``ANER = (E_h,a + E_h+,a) / P_a × 100``: children of the official age for level
    *h* enrolled in *h* **or a higher level** (for primary: primary or secondary), over the
    population of that age group. Pass the sum of both enrolments as the first argument.

    Source: UIS glossary, "Adjusted net enrolment rate".

    How to read it: like the NER, but a bright 11-year-old who has already moved on to
    secondary school counts as in school instead of being lost. ANER ≥ NER. Values above
    100 signal a mismatch between enrolment and population data (see
    :func:`net_enrolment_rate`); ``cap=True`` clips to 0–100.

    >>> adjusted_net_enrolment_rate(930 + 25, 1_000)
    95.5
    """
    p = prepare(
        {
            "enrolled_official_age_level_or_higher": enrolled_official_age_level_or_higher,
            "population_official_age": population_official_age,
        }
    )
    rate = safe_divide(
        100 * p["enrolled_official_age_level_or_higher"], p["population_official_age"]
    )
    return p.wrap(_clip(rate, cap), "adjusted_net_enrolment_rate")


def official_age_in_school(
    *,
    pre_primary: NumberOrSeries = 0,
    primary: NumberOrSeries = 0,
    secondary: NumberOrSeries = 0,
    higher: NumberOrSeries = 0,
    definition: Literal["sdg", "legacy"] = "sdg",
) -> NumberOrSeries:
    """Count official-age children who are "in school", for :func:`out_of_school_rate`.

    The arguments are enrolments of children **of the official age** for the level you
    study (e.g. primary-age children, 6–11 years), split by the level they attend.

    * ``definition="sdg"`` (SDG 4.1.4, current UIS): enrolment in pre-primary, primary,
      secondary or higher education all count as in school.
    * ``definition="legacy"`` (older UIS definition): a primary-age child still in
      pre-primary counts as **out of school**, so ``pre_primary`` is left out.

    Source: SDG 4.1.4 metadata (UIS), "Out-of-school rate".

    >>> official_age_in_school(pre_primary=20, primary=900, secondary=30)
    950.0
    >>> official_age_in_school(pre_primary=20, primary=900, secondary=30, definition="legacy")
    930.0
    """
    if definition not in OUT_OF_SCHOOL_DEFINITIONS:
        raise ValueError(
            f"definition must be 'sdg' (SDG 4.1.4) or 'legacy' (old UIS), not {definition!r}"
        )
    p = prepare(
        {
            "pre_primary": pre_primary,
            "primary": primary,
            "secondary": secondary,
            "higher": higher,
        }
    )
    total = p["primary"] + p["secondary"] + p["higher"]
    if definition == "sdg":
        total = total + p["pre_primary"]
    return p.wrap(total, "official_age_in_school")


def out_of_school_rate(
    population_official_age: NumberOrSeries,
    enrolled_official_age: NumberOrSeries,
    *,
    cap: bool = False,
) -> NumberOrSeries:
    """Out-of-school rate, in percent.

    Formula: ``OOS = (P_a − E_a) / P_a × 100``, where ``P_a`` is the population of the
    official age for a level and ``E_a`` the official-age children counted as in school.

    Source: UIS glossary; SDG 4.1.4 metadata.

    Two definitions exist and **you choose** through what you pass as
    ``enrolled_official_age``:

    * SDG 4.1.4 (current): children enrolled in pre-primary, primary, secondary or higher
      education are in school;
    * older UIS: children enrolled in pre-primary count as out of school.

    :func:`official_age_in_school` builds the right count for either definition. With the
    SDG definition, ``OOS = 100 − rate of official-age children in school``. A negative
    value means more children enrolled than the population estimate (see
    :func:`net_enrolment_rate`); ``cap=True`` clips to 0–100.

    >>> out_of_school_rate(1_000, 950)
    5.0
    >>> in_school = official_age_in_school(pre_primary=20, primary=900, secondary=30,
    ...                                    definition="legacy")
    >>> out_of_school_rate(1_000, in_school)
    7.0
    """
    p = prepare(
        {
            "population_official_age": population_official_age,
            "enrolled_official_age": enrolled_official_age,
        }
    )
    pop = p["population_official_age"]
    rate = safe_divide(100 * (pop - p["enrolled_official_age"]), pop)
    return p.wrap(_clip(rate, cap), "out_of_school_rate")


def gross_intake_ratio_last_grade(
    enrolment_last_grade: NumberOrSeries,
    repeaters_last_grade: NumberOrSeries,
    population_entry_age_last_grade: NumberOrSeries,
) -> NumberOrSeries:
    """Gross intake ratio to the last grade (a proxy for completion), in percent.

    Formula: ``GIR_last = (E_last − R_last) / P_a × 100``: new entrants to the last grade
    (enrolment minus repeaters) over the population at the theoretical entry age to the
    last grade (e.g. age 11 for grade 6 when school starts at 6).

    Source: UIS glossary, "Gross intake ratio to the last grade" (the SDG 4.1.3 family).

    How to read it: roughly, the share of an age group reaching the end of the level. It
    can exceed 100 (over-age entrants). Repeaters larger than enrolment is impossible and
    raises ``ValueError``.

    >>> gross_intake_ratio_last_grade(880, 40, 1_000)
    84.0
    """
    p = prepare(
        {
            "enrolment_last_grade": enrolment_last_grade,
            "repeaters_last_grade": repeaters_last_grade,
            "population_entry_age_last_grade": population_entry_age_last_grade,
        }
    )
    p.check_not_above("repeaters_last_grade", "enrolment_last_grade")
    new_entrants = p["enrolment_last_grade"] - p["repeaters_last_grade"]
    return p.wrap(
        safe_divide(100 * new_entrants, p["population_entry_age_last_grade"]),
        "gross_intake_ratio_last_grade",
    )


def gross_intake_ratio(
    new_entrants: NumberOrSeries, population_entry_age: NumberOrSeries
) -> NumberOrSeries:
    """Gross intake ratio to the first grade (GIR), in percent.

    Formula: ``GIR = N_1 / P_a × 100``, where ``N_1`` is the number of new entrants to the
    first grade of primary **at any age** (enrolment in grade 1 minus its repeaters) and
    ``P_a`` the population at the official entry age (e.g. age 6).

    Source: UIS glossary, "Gross intake ratio to the first grade of primary education".

    How to read it: how many children start school this year, compared with one age
    group. It can exceed 100 because late (and early) entrants are counted in the
    numerator only; a GIR far above 100 often means a backlog of children who started
    late, or a catch-up campaign.

    >>> gross_intake_ratio(1_080, 1_000)
    108.0
    """
    return percentage("gross_intake_ratio", ("new_entrants", new_entrants),
                      ("population_entry_age", population_entry_age))


def net_intake_rate(
    new_entrants_entry_age: NumberOrSeries, population_entry_age: NumberOrSeries
) -> NumberOrSeries:
    """Net intake rate to the first grade (NIR), in percent.

    Formula: ``NIR = N_1,a / P_a × 100``, where ``N_1,a`` is the number of new entrants to
    the first grade **who are of the official entry age** and ``P_a`` the population of
    that age.

    Source: UIS glossary, "Net intake rate in the first grade of primary education".

    How to read it: the share of the children of the entry age who start school on time.
    It cannot exceed 100 by definition; a computed value above 100 means the enrolment
    and population data disagree (see :func:`net_enrolment_rate`). GIR minus NIR shows
    how many entrants are over- or under-age.

    >>> net_intake_rate(870, 1_000)
    87.0
    """
    return percentage("net_intake_rate", ("new_entrants_entry_age", new_entrants_entry_age),
                      ("population_entry_age", population_entry_age))


def age_specific_enrolment_rate(
    enrolled_age: NumberOrSeries, population_age: NumberOrSeries
) -> NumberOrSeries:
    """Age-specific enrolment rate (ASER), in percent.

    Formula: ``ASER_a = E_a / P_a × 100``: pupils of age *a* enrolled **in any level of
    education**, over the population of age *a*.

    Source: UIS glossary, "Age-specific enrolment rate".

    How to read it: the share of children of one age who are in school, whatever grade
    or level. It shows at which ages children leave school. At most 100 by definition;
    a higher value means enrolment and population data disagree.

    >>> age_specific_enrolment_rate(905, 1_000)
    90.5
    """
    return percentage("age_specific_enrolment_rate", ("enrolled_age", enrolled_age),
                      ("population_age", population_age))


def school_life_expectancy(
    enrolment_by_age: pd.Series, population_by_age: pd.Series
) -> float | pd.Series:
    """School life expectancy (SLE), in years.

    Formula: ``SLE = Σ_a E_a / P_a``: the sum over single ages of the age-specific
    enrolment rates, **as fractions** (not percentages). ``enrolment_by_age`` (pupils of
    each age enrolled in any level) and ``population_by_age`` are Series indexed by age;
    they are matched on the age. With a MultiIndex whose last level is the age (e.g.
    (region, age)) the result is a Series with one value per group.

    Source: UIS glossary, "School life expectancy".

    How to read it: the number of years of schooling a child of the starting age can
    expect to receive if today's enrolment rates by age stay the same. Repeated years
    count, so a high SLE can partly reflect repetition. An age missing from either
    Series (or with no population) gives NaN: the sum is then unknown. Use the same ages
    in both Series (for example 3 to 18 for the sample country's population).

    >>> ages = pd.Index([6, 7, 8], name="age")
    >>> sle = school_life_expectancy(pd.Series([90, 95, 80], index=ages),
    ...                              pd.Series([100, 100, 100], index=ages))
    >>> round(sle, 2)   # 0.9 + 0.95 + 0.8
    2.65
    """
    for name, value in (("enrolment_by_age", enrolment_by_age),
                        ("population_by_age", population_by_age)):
        if not isinstance(value, pd.Series):
            raise TypeError(
                f"{name} must be a pandas Series indexed by age (e.g. ages 3 to 18), "
                f"not {type(value).__name__}"
            )
    p = prepare({"enrolment_by_age": enrolment_by_age, "population_by_age": population_by_age})
    rates = pd.Series(
        safe_divide(p["enrolment_by_age"], p["population_by_age"]), index=p.index
    )
    if rates.index.nlevels == 1:
        return float(rates.sum()) if rates.notna().all() and len(rates) else float("nan")
    levels = list(range(rates.index.nlevels - 1))
    grouped = rates.groupby(level=levels, sort=False)
    total = grouped.sum()
    total[grouped.apply(lambda s: bool(s.isna().any()))] = np.nan
    return total.rename("school_life_expectancy").astype("float64")


def completion_rate(
    completed: NumberOrSeries, population_age_group: NumberOrSeries
) -> NumberOrSeries:
    """Completion rate (SDG 4.1.2), in percent.

    Formula: ``CR = C / P × 100``, where ``P`` is the number of people aged 3 to 5 years
    above the intended age for the **last grade** of the level (for a primary level
    ending in grade 6 at age 11: ages 14 to 16) and ``C`` those of them who completed
    the last grade. Counts come from household surveys or censuses (weighted counts
    for a sample survey).

    Source: SDG 4.1.2 metadata (UIS), "Completion rate (primary education, lower
    secondary education, upper secondary education)".

    How to read it: of the young people who are a few years past the age of finishing
    the level, how many did finish it, on time or late. The 3–5-year window lets late
    finishers count. ``completed`` larger than ``population_age_group`` raises
    ``ValueError``.

    >>> completion_rate(412, 480)   # 412 of 480 people aged 14-16 completed grade 6
    85.83333333333333
    """
    return percentage("completion_rate", ("completed", completed),
                      ("population_age_group", population_age_group), part_of_whole=True)
