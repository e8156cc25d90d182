"""Teachers by school, year and level: counts by sex, qualified and trained.

Class sizes follow the usual pattern: crowded urban public schools, small rural schools
where one or two teachers teach several grades, and smaller classes in private schools.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from emiskit.data.flows import Flows
from emiskit.data.seeds import stream
from emiskit.data.settings import YEARS

LEVELS = ("primary", "lower_secondary")


def teachers_table(seed: int, schools: pd.DataFrame, flows: Flows) -> pd.DataFrame:
    """School × year × level, only where the level has pupils (so every class has a teacher)."""
    rng = stream(seed, "teachers")
    n = len(schools)
    rural = schools["rural_"].to_numpy()
    sector = schools["sector_"].to_numpy()
    private = sector == 2
    base_ptr = np.where(rural, 21.0, np.array([31.0, 27.0, 19.0])[sector])
    school_factor = np.exp(rng.normal(0, 0.15, (n, 2)))
    ptr = base_ptr[:, None] * school_factor * np.array([1.0, 0.8])[None, :]
    minimum = np.array([1, 3])
    female_share = np.array([0.78, 0.57])
    qualified_p = np.where(rural, 0.82, np.where(private, 0.88, 0.93))
    trained_p = np.where(rural, 0.64, 0.78)

    parts = []
    for year in YEARS:
        by_grade = flows.totals(year)
        p = flows.primary_grades
        pupils = np.stack([by_grade[:, :p].sum(axis=1), by_grade[:, p:].sum(axis=1)], axis=1)
        noise = np.exp(rng.normal(0, 0.05, (n, 2)))
        teachers = np.maximum(minimum[None, :], np.rint(pupils / ptr * noise)).astype(np.int64)
        teachers = np.where(pupils > 0, teachers, 0)
        female = rng.binomial(teachers, female_share[None, :])
        qualified = rng.binomial(teachers, qualified_p[:, None])
        trained = rng.binomial(teachers, np.minimum(trained_p + 0.012 * (year - YEARS[0]), 0.95)[
            :, None
        ])
        s, lv = np.nonzero(teachers)
        parts.append(
            pd.DataFrame(
                {
                    "school_id": schools["school_id"].to_numpy()[s],
                    "year": year,
                    "level": np.array(LEVELS)[lv],
                    "teachers": teachers[s, lv],
                    "female": female[s, lv],
                    "male": teachers[s, lv] - female[s, lv],
                    "qualified": qualified[s, lv],
                    "trained": trained[s, lv],
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["school_id", "year", "level"], ignore_index=True)
