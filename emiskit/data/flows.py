"""Pupils flowing through grades 1–9, year by year: the engine behind ``enrolment``.

Each year, every group of pupils (school × sex × grade × age) is split at random into
repeaters, dropouts and pupils promoted, with rates that depend on the grade, the
pupil's age for grade, sex, rurality, sector, district poverty and a hidden school
quality. Children enter grade 1 from the district's birth cohorts, mostly at the official
age of 6; primary graduates move on to lower secondary in their own school or another
school of the district. All of it is vectorised with numpy (no loop over pupils or
schools), so the national scale runs in seconds.

The 2020 and 2021 closures show as automatic promotion (almost no repetition), more
dropout and, in 2021, later entry to grade 1.

Primary lasts ``primary_grades`` of the nine grades (six in the sample country; the
worked example of another country, Marisal, has five): the move to lower secondary, with
its extra dropout, happens after the last grade of primary.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from tqdm import tqdm

from emiskit.data.population import FIRST_BIRTH_YEAR, Cohorts
from emiskit.data.seeds import stream
from emiskit.data.settings import BURN_IN_START, YEARS, Scale

K_MIN, K_MAX = -1, 6
"""Years over the official age for the grade (−1 = a year early)."""
N_K = K_MAX - K_MIN + 1
N_GRADES = 9
ENTRY_AGES = np.arange(5, 10)

_REPEAT = np.array([0.098, 0.064, 0.058, 0.052, 0.046, 0.035, 0.075, 0.055, 0.045])
_DROP = np.array([0.0055, 0.005, 0.005, 0.0055, 0.0065, 0.0075, 0.032, 0.036, 0.030])
_HAZARD_URBAN = np.array([0.10, 0.94, 0.72, 0.55, 0.35])
_HAZARD_RURAL = np.array([0.03, 0.87, 0.68, 0.50, 0.35])
_YEAR_REPEAT = {2020: 0.08, 2021: 0.75, 2022: 0.95}
_YEAR_DROP = {2020: 1.35, 2021: 1.15, 2022: 1.05}
_YEAR_TRANSITION = {2020: -0.04, 2021: -0.02}
STAY_FOR_GRADE_7 = 0.85
"""Share of pupils going on to lower secondary who stay in their school when it teaches it."""
SAMPLE_PRIMARY_GRADES = 6


def level_profile(values: np.ndarray, primary_grades: int) -> np.ndarray:
    """A per-grade profile of the sample (six primary grades, three secondary) stretched
    over ``primary_grades`` primary grades and the rest of the nine grades: each level
    keeps its shape (first grade, last grade and what lies between, interpolated)."""
    out = []
    for part, n in ((values[:SAMPLE_PRIMARY_GRADES], primary_grades),
                    (values[SAMPLE_PRIMARY_GRADES:], N_GRADES - primary_grades)):
        out.append(np.interp(np.linspace(0, len(part) - 1, n), np.arange(len(part)), part))
    return np.concatenate(out)


@dataclass
class Flows:
    """Pupils, repeaters and graduates by year, as arrays (school, sex, grade, k)."""

    pupils: dict[int, np.ndarray] = field(default_factory=dict)
    repeaters: dict[int, np.ndarray] = field(default_factory=dict)
    graduates: dict[int, np.ndarray] = field(default_factory=dict)  # end of each level
    primary_grades: int = SAMPLE_PRIMARY_GRADES

    def totals(self, year: int) -> np.ndarray:
        """Pupils per school and grade in ``year`` (shape schools × 9)."""
        return self.pupils[year].sum(axis=(1, 3))


def _rates(schools: pd.DataFrame, districts: pd.DataFrame, primary_grades: int
           ) -> tuple[np.ndarray, ...]:
    d = schools["d_"].to_numpy()
    pov = districts["poverty_rate"].to_numpy()[d] / 100
    rural = schools["rural_"].to_numpy()
    sector = schools["sector_"].to_numpy()
    quality = schools["quality_"].to_numpy()
    k = np.arange(K_MIN, K_MAX + 1)
    over = np.maximum(k, 0)
    secondary = np.arange(N_GRADES) >= primary_grades

    school_rep = (
        np.where(rural, 1.35, 1.0)
        * (0.75 + 0.9 * pov)
        * np.array([1.0, 0.55, 0.3])[sector]
        * np.exp(-0.25 * quality)
    )
    school_drop = (
        np.where(rural, 2.6, 1.0)
        * (0.5 + 1.7 * pov)
        * np.array([1.0, 0.6, 0.3])[sector]
        * np.exp(-0.25 * quality)
    )
    sex_rep = np.array([0.8, 1.2])
    sex_drop = np.where(secondary[None, :], [[0.8], [1.2]], [[0.9], [1.1]])  # (sex, grade)
    k_rep = np.where(k < 0, 0.8, 1 + 0.12 * over)
    k_drop = 1.4**over
    rep = (
        school_rep[:, None, None, None]
        * sex_rep[None, :, None, None]
        * level_profile(_REPEAT, primary_grades)[None, None, :, None]
        * k_rep[None, None, None, :]
    )
    drop = (
        school_drop[:, None, None, None]
        * sex_drop[None, :, :, None]
        * level_profile(_DROP, primary_grades)[None, None, :, None]
        * k_drop[None, None, None, :]
    )
    transition = np.where(rural, 0.84, 0.95) * (1 - 0.35 * (pov - 0.3))
    transition = np.where(sector == 2, 0.995, transition)
    transition = (
        transition[:, None, None]
        + np.array([0.01, 0.0])[None, :, None]
        - 0.03 * over[None, None, :]
    )
    return rep, drop, np.clip(transition, 0.4, 0.995)


def _padded(members: list[np.ndarray]) -> np.ndarray:
    width = max(len(m) for m in members)
    out = np.full((len(members), width), -1, dtype=np.int64)
    for i, m in enumerate(members):
        out[i, : len(m)] = m
    return out


def _distribute(
    rng: np.random.Generator, counts: np.ndarray, index: np.ndarray, weights: np.ndarray,
    n_schools: int,
) -> np.ndarray:
    """Share district counts (district, …) among the district's schools by weight."""
    w = np.where(index >= 0, weights[np.maximum(index, 0)], 0.0)
    total = w.sum(axis=1, keepdims=True)
    empty = total[:, 0] == 0
    if empty.any():
        counts = counts.copy()
        counts[empty] = 0
    p = w / np.where(total > 0, total, 1.0)
    p[empty, 0] = 1.0
    extra = (1,) * (counts.ndim - 1)
    drawn = rng.multinomial(counts, p.reshape(p.shape[0], *extra, p.shape[1]))
    drawn = np.moveaxis(drawn, -1, 1)  # (district, school slot, …)
    out = np.zeros((n_schools, *counts.shape[1:]), dtype=np.int64)
    valid = index >= 0
    out[index[valid]] = drawn[valid]
    return out


def simulate(
    seed: int, scale: Scale, schools: pd.DataFrame, districts: pd.DataFrame, cohorts: Cohorts,
    primary_grades: int = SAMPLE_PRIMARY_GRADES,
) -> Flows:
    """Run the flows from ``BURN_IN_START`` to the last year of the tables."""
    last = primary_grades - 1  # index of the last grade of primary
    rng = stream(seed, "enrolment")
    n_schools = len(schools)
    n_districts = len(districts)
    d = schools["d_"].to_numpy()
    lowest = schools["lowest_grade"].to_numpy()
    highest = schools["highest_grade"].to_numpy()
    opened = schools["year_opened"].to_numpy()
    size = schools["size_"].to_numpy()
    offers1 = lowest == 1
    offers7 = highest == 9
    first_schools = _padded([np.flatnonzero(offers1 & (d == i)) for i in range(n_districts)])
    seventh_schools = _padded([np.flatnonzero(offers7 & (d == i)) for i in range(n_districts)])
    size7 = np.where(lowest == primary_grades + 1, 2.0 * size, size)

    rho = districts["rural_share"].to_numpy() / 100
    indigenous = districts["indigenous_language_share"].to_numpy() / 100
    hazard = rho[:, None] * _HAZARD_RURAL + (1 - rho[:, None]) * _HAZARD_URBAN
    hazard[:, 1:] *= 1 - 0.15 * indigenous[:, None]
    rep_base, drop_base, transition_base = _rates(schools, districts, primary_grades)

    pool = cohorts.sizes.copy()  # children who never entered school, by birth year
    pupils = np.zeros((n_schools, 2, N_GRADES, N_K), dtype=np.int64)
    repeaters = np.zeros_like(pupils)
    to_seventh = np.zeros((n_districts, 2, N_K), dtype=np.int64)
    flows = Flows(primary_grades=primary_grades)
    years = range(BURN_IN_START, YEARS[-1] + 1)
    for year in tqdm(years, desc="  enrolment flows", unit="year", leave=False,
                     disable=not scale.progress):
        is_open = opened <= year
        # Entry to grade 1, from the district's birth cohorts.
        births = year - ENTRY_AGES
        h = hazard.copy()
        if year == 2021:
            h[:, 1] *= 0.85
        waiting = pool[:, :, births - FIRST_BIRTH_YEAR]  # (district, sex, entry age)
        entrants = rng.binomial(waiting, h[:, None, :])
        pool[:, :, births - FIRST_BIRTH_YEAR] -= entrants
        by_school = _distribute(rng, entrants, first_schools, size * is_open, n_schools)
        pupils[:, :, 0, ENTRY_AGES - 6 - K_MIN] += by_school
        # Entry to lower secondary of primary graduates who changed school.
        pupils[:, :, last + 1, :] += _distribute(rng, to_seventh, seventh_schools, size7 * is_open,
                                          n_schools)
        if year in YEARS:
            flows.pupils[year] = pupils.astype(np.int32)
            flows.repeaters[year] = repeaters.astype(np.int32)

        # End of the school year: repeat, drop out or be promoted.
        rep_rate = np.minimum(rep_base * _YEAR_REPEAT.get(year, 1.0), 0.5)
        drop_rate = np.minimum(drop_base * _YEAR_DROP.get(year, 1.0), 0.6)
        rep = rng.binomial(pupils, rep_rate)
        drop = rng.binomial(pupils - rep, np.minimum(drop_rate / (1 - rep_rate), 0.95))
        promoted = pupils - rep - drop
        if year in YEARS:
            flows.graduates[year] = promoted[:, :, [last, 8], :].astype(np.int32)
        transition = np.clip(transition_base + _YEAR_TRANSITION.get(year, 0.0), 0.3, 0.995)
        continuing = rng.binomial(promoted[:, :, last, :], transition)
        stay = np.where(offers7[:, None, None], rng.binomial(continuing, STAY_FOR_GRADE_7), 0)
        moving = continuing - stay
        to_seventh = np.zeros((n_districts, 2, N_K), dtype=np.int64)
        np.add.at(to_seventh, d, moving)

        nxt = np.zeros_like(pupils)
        nxt[:, :, 1:last + 1, :] = promoted[:, :, 0:last, :]
        nxt[:, :, last + 1, :] = stay
        nxt[:, :, last + 2:9, :] = promoted[:, :, last + 1:8, :]
        # Repeaters stay in their grade, a year older; the oldest leave instead.
        repeaters = np.zeros_like(pupils)
        repeaters[:, :, :, 1:] = rep[:, :, :, :-1]
        pupils = nxt + repeaters
    return flows


def enrolment_table(flows: Flows, schools: pd.DataFrame) -> pd.DataFrame:
    """Long table: school × year × grade × sex × age, only groups with pupils."""
    parts = []
    for year in YEARS:
        e = flows.pupils[year]
        s, x, g, k = np.nonzero(e)
        grads = np.full(len(s), -1, dtype=np.int64)
        last = (g == flows.primary_grades - 1) | (g == 8)
        which = np.where(g == 8, 1, 0)
        grads[last] = flows.graduates[year][s[last], x[last], which[last], k[last]]
        parts.append(
            pd.DataFrame(
                {
                    "s": s, "year": year, "grade": g + 1, "x": x, "age": g + 1 + 5 + k + K_MIN,
                    "pupils": e[s, x, g, k], "repeaters": flows.repeaters[year][s, x, g, k],
                    "graduates": grads,
                }
            )
        )
    df = pd.concat(parts, ignore_index=True)
    df = df.sort_values(["s", "year", "grade", "x", "age"], ignore_index=True)
    return pd.DataFrame(
        {
            "school_id": schools["school_id"].to_numpy()[df["s"].to_numpy()],
            "year": df["year"].to_numpy(),
            "grade": df["grade"].to_numpy(),
            "sex": np.array(["F", "M"])[df["x"].to_numpy()],
            "age": df["age"].to_numpy(),
            "pupils": df["pupils"].to_numpy(),
            "repeaters": df["repeaters"].to_numpy(),
            "graduates": df["graduates"].astype("Int64").mask(df["graduates"] < 0).array,
        }
    )
