"""Children by district, single year of age and sex: the denominators of coverage rates.

The population is built from birth cohorts, so a cohort keeps its size as it ages (no
deaths, almost no migration at these ages) and enrolment drawn from it can never exceed
it. Births fall about 1.2% a year, as they did across most of the region.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from emiskit.data.seeds import stream
from emiskit.data.settings import POPULATION_AGES, YEARS, Scale

FIRST_BIRTH_YEAR = 1985
LAST_BIRTH_YEAR = YEARS[-1] - POPULATION_AGES[0]
PUPILS_PER_COHORT = 8.7
"""Pupils in grades 1–9 per single-year birth cohort (from the flow rates; calibration)."""
MALE_SHARE = 0.512
BIRTH_DECLINE = 0.012
CAPITAL_IN_MIGRATION = 0.004
"""Yearly growth of the capital's child population after 2018 (families moving in)."""


@dataclass
class Cohorts:
    """Birth-cohort sizes by district, sex (0 girls, 1 boys) and birth year."""

    sizes: np.ndarray  # shape (districts, 2, birth years)
    migration: np.ndarray  # yearly growth factor per district, applied from 2018

    def size(self, birth_year: int | np.ndarray) -> np.ndarray:
        return self.sizes[:, :, np.asarray(birth_year) - FIRST_BIRTH_YEAR]


def cohorts(seed: int, scale: Scale, districts: pd.DataFrame) -> Cohorts:
    """Birth cohorts sized so that the country fills ``scale.n_schools`` schools."""
    rng = stream(seed, "population")
    weights = districts["weight_"].to_numpy()
    total = scale.n_schools * scale.pupils_per_school / PUPILS_PER_COHORT
    years = np.arange(FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR + 1)
    trend = (1 - BIRTH_DECLINE) ** (years - 2012)
    base = total * weights / weights.sum()
    sex = np.array([1 - MALE_SHARE, MALE_SHARE])
    noise = np.exp(rng.normal(0, 0.025, (len(weights), 2, len(years))))
    sizes = np.rint(base[:, None, None] * sex[None, :, None] * trend[None, None, :] * noise)
    migration = np.where(districts["region_code"].to_numpy() == "01", 1 + CAPITAL_IN_MIGRATION, 1.0)
    return Cohorts(sizes=sizes.astype(np.int64), migration=migration)


def population_table(districts: pd.DataFrame, cohort: Cohorts) -> pd.DataFrame:
    """District × year × single age × sex, ages 3–18, for the years of the tables."""
    ages = np.arange(POPULATION_AGES[0], POPULATION_AGES[1] + 1)
    frames = []
    for year in YEARS:
        growth = cohort.migration ** (year - YEARS[0])
        pop = cohort.size(year - ages) * growth[:, None, None]  # (d, sex, age)
        d_idx, s_idx, a_idx = np.meshgrid(
            np.arange(len(districts)), np.arange(2), np.arange(len(ages)), indexing="ij"
        )
        frames.append(
            pd.DataFrame(
                {
                    "district_code": districts["district_code"].to_numpy()[d_idx.ravel()],
                    "year": year,
                    "age": ages[a_idx.ravel()],
                    "sex": np.array(["F", "M"])[s_idx.ravel()],
                    "population": np.rint(pop.ravel()).astype(np.int64),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["district_code", "year", "age", "sex"], ignore_index=True)
