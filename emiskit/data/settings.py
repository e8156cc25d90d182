"""Fixed facts of the sample school system and the sizes it can be generated at.

Kept in one place because every table generator, the schema and the tests must agree on
them (the years covered, the official school ages, the closure years).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

COUNTRY_NAME = "Valdoria"
COUNTRY_OFFICIAL_NAME = "República de Valdoria"

YEARS: tuple[int, ...] = tuple(range(2018, 2025))
"""School years in the tables; a school year runs from February to November."""

BURN_IN_START = 2005
"""The flow simulation starts here so that 2018 already has every grade filled."""

CLOSURE_YEARS: tuple[int, ...] = (2020, 2021)
"""Schools closed in March 2020 and reopened part-time (hybrid) during 2021."""

GRADES: tuple[int, ...] = tuple(range(1, 10))
PRIMARY_GRADES: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
LOWER_SECONDARY_GRADES: tuple[int, ...] = (7, 8, 9)
ENTRY_AGE = 6
"""Official entry age to grade 1: the official age for grade g is g + 5."""

OFFICIAL_AGES: dict[str, tuple[int, int]] = {
    "primary": (6, 11),
    "lower_secondary": (12, 14),
}
POPULATION_AGES: tuple[int, int] = (3, 18)

ASSESSMENT_YEARS: tuple[int, ...] = (2019, 2022)
ASSESSMENT_GRADES: tuple[int, ...] = (3, 6)
MINIMUM_PROFICIENCY: dict[int, str] = {3: "II", 6: "III"}
"""Lowest performance level that counts as minimum proficiency (SDG 4.1.1), by grade."""
LEVEL_CUTS: dict[int, tuple[float, float, float]] = {
    3: (675.0, 750.0, 825.0),
    6: (650.0, 725.0, 800.0),
}
"""Scale scores where levels II, III and IV start, by grade."""

PROGRAMME_START = 2021
PROGRAMME_TRUE_EFFECT_SD = 0.20
"""The tutoring programme's effect on 2022 scores, in standard deviations (20 points)."""

SES_RANGE: tuple[int, int] = (-5, 5)
"""The socio-economic index is standardised (mean 0, SD 1) and recorded within this range;
the rare draws beyond it (a few pupils at national scale) are top- and bottom-coded."""

PASS_MARK = 6.0
"""School marks run from 1 to 10; below 6 is a fail."""

CENSUS_RAW_YEAR = 2024


@dataclass(frozen=True)
class Scale:
    """How big a country to generate and in which file format.

    The workshop scale is small enough to commit and to open on a modest laptop; the
    national scale is the size of a middle-sized Latin American school system and is
    written as Parquet for the performance exercises.
    """

    name: str
    n_districts: int
    n_schools: int
    pupils_per_school: float
    """Target average enrolment in grades 1–9 per school."""
    student_school_share: float
    """Share of primary schools whose pupils are followed in the ``students`` table."""
    survey_respondents: int
    file_format: str  # "csv" or "parquet"
    progress: bool = False

    def resized(self, n_districts: int, n_schools: int) -> Scale:
        """Return the same scale at another size (used to test the national code path)."""
        return replace(self, n_districts=n_districts, n_schools=n_schools)


WORKSHOP = Scale(
    name="workshop",
    n_districts=20,
    n_schools=600,
    pupils_per_school=205.0,
    student_school_share=0.35,
    survey_respondents=1200,
    file_format="csv",
)
NATIONAL = Scale(
    name="national",
    n_districts=200,
    n_schools=16_000,
    pupils_per_school=232.0,
    student_school_share=0.10,
    survey_respondents=6000,
    file_format="parquet",
    progress=True,
)
SCALES: dict[str, Scale] = {s.name: s for s in (WORKSHOP, NATIONAL)}
