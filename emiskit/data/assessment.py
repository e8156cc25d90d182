"""The national assessment (grades 3 and 6, reading and mathematics, 2019 and 2022).

Scores come from a simple model of learning: the family's socio-economic level, the
school (its hidden quality and a year-to-year shock), rurality, Indigenous language,
disability, age for grade and pre-school, plus individual variation. Scores are put on a
scale with mean 700 and standard deviation 100 in 2019; 2022 uses the same scale, so the
learning lost during the closures shows (about 0.4 standard deviations, more for poorer
pupils). Pupils of schools in the tutoring programme gain its known effect in 2022.

The pupils tested are the pupils enrolled: counts come from the enrolment flows, less
the pupils absent on the test day, so assessed pupils always fit within enrolment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from emiskit.data import programme
from emiskit.data.flows import K_MIN, Flows
from emiskit.data.seeds import stream
from emiskit.data.settings import (
    ASSESSMENT_GRADES,
    ASSESSMENT_YEARS,
    LEVEL_CUTS,
    PROGRAMME_TRUE_EFFECT_SD,
    SES_RANGE,
)

SUBJECTS = ("reading", "mathematics")
_SD_E = math.sqrt(0.6)
_COV_E = 0.33
LOSS_SD = 0.42
"""Learning loss 2019 → 2022 for an urban pupil of average background, in SD of the 2019
scores (rural and poorer pupils lose more: about 0.4 SD on average)."""


@dataclass
class Pupils:
    """The pupils of one year and grade, one entry per pupil (arrays of equal length)."""

    school: np.ndarray
    sex: np.ndarray
    age: np.ndarray
    over: np.ndarray
    ses: np.ndarray
    indigenous: np.ndarray
    special: np.ndarray
    preschool: np.ndarray


def _pupils(rng: np.random.Generator, counts: np.ndarray, grade: int,
            schools: pd.DataFrame, districts: pd.DataFrame) -> Pupils:
    """Expand counts (school, sex, k) into pupils and draw their background."""
    s_idx, x_idx, k_idx = np.indices(counts.shape)
    flat = counts.ravel()
    school = np.repeat(s_idx.ravel(), flat)
    sex = np.repeat(x_idx.ravel(), flat)
    k = np.repeat(k_idx.ravel(), flat) + K_MIN
    n = len(school)
    rural = schools["rural_"].to_numpy()[school]
    ind_share = districts["indigenous_language_share"].to_numpy()[
        schools["d_"].to_numpy()[school]
    ] / 100
    ses = schools["ses_"].to_numpy()[school] + rng.normal(0, 0.85, n)
    indigenous = rng.random(n) < np.clip(ind_share * np.where(rural, 1.35, 0.55), 0, 0.95)
    special = rng.random(n) < np.where(sex == 1, 0.055, 0.035)
    preschool = rng.random(n) < 1 / (1 + np.exp(-(0.9 + 0.8 * ses - 0.5 * rural)))
    return Pupils(school, sex, grade + 5 + k, np.maximum(k, 0), ses, indigenous, special,
                  preschool)


def _latent(rng: np.random.Generator, p: Pupils, schools: pd.DataFrame,
            school_effect: np.ndarray, shock: np.ndarray) -> np.ndarray:
    """Latent achievement (in SD units) for reading and mathematics, shape (n, 2)."""
    n = len(p.school)
    rural = schools["rural_"].to_numpy()[p.school]
    girl = p.sex == 0
    common = (
        0.33 * p.ses
        - 0.12 * rural
        - 0.55 * p.special
        - 0.17 * p.over
        + 0.10 * p.preschool
    )
    reading = common + school_effect[p.school, 0] + 0.12 * girl - 0.28 * p.indigenous
    maths = common + school_effect[p.school, 1] - 0.10 * girl - 0.18 * p.indigenous
    # Individual variation, correlated between subjects (variance 0.6, covariance 0.33),
    # drawn by hand rather than with multivariate_normal, whose SVD may differ by machine.
    u = rng.standard_normal((n, 2))
    e_reading = _SD_E * u[:, 0]
    e_maths = _COV_E / _SD_E * u[:, 0] + math.sqrt(_SD_E**2 - (_COV_E / _SD_E) ** 2) * u[:, 1]
    z = np.stack([reading + e_reading, maths + e_maths], axis=1) + shock[p.school]
    return z


def _levels(score: np.ndarray, grade: int) -> np.ndarray:
    cuts = LEVEL_CUTS[grade]
    return np.array(["I", "II", "III", "IV"])[np.searchsorted(cuts, score, side="right")]


def generate(
    seed: int, schools: pd.DataFrame, districts: pd.DataFrame, flows: Flows
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the ``assessment`` and ``programme`` tables."""
    rng = stream(seed, "assessment")
    n_schools = len(schools)
    quality = schools["quality_"].to_numpy()
    rural = schools["rural_"].to_numpy()
    shared = 0.28 * quality + rng.normal(0, 0.18, n_schools)
    school_effect = shared[:, None] + rng.normal(0, 0.08, (n_schools, 2))
    school_loss = rng.normal(0, 0.08, n_schools)
    participation = np.clip(np.where(rural, 0.88, 0.93) + rng.normal(0, 0.03, n_schools),
                            0.6, 0.99)

    raw: dict[tuple[int, int], tuple[Pupils, np.ndarray]] = {}
    for year in ASSESSMENT_YEARS:
        # A good or bad year for the whole school (a new head, a long strike, ...).
        school_year = rng.normal(0, 0.15, n_schools)
        for grade in ASSESSMENT_GRADES:
            enrolled = flows.pupils[year][:, :, grade - 1, :]
            tested = rng.binomial(enrolled, participation[:, None, None])
            p = _pupils(rng, tested, grade, schools, districts)
            shock = (school_year + rng.normal(0, 0.08, n_schools))[:, None]
            raw[year, grade] = (p, _latent(rng, p, schools, school_effect, shock))

    # Standardise on 2019: mean 700 and SD 100 per grade and subject.
    base_year, after_year = ASSESSMENT_YEARS
    centre = {g: raw[base_year, g][1].mean(axis=0) for g in ASSESSMENT_GRADES}
    spread = {g: raw[base_year, g][1].std(axis=0) for g in ASSESSMENT_GRADES}

    def scale(z: np.ndarray, grade: int) -> np.ndarray:
        return 700 + 100 * (z - centre[grade]) / spread[grade]

    baseline_scores = {g: scale(raw[base_year, g][1], g) for g in ASSESSMENT_GRADES}
    arms = programme.assign(
        seed,
        n_schools,
        np.concatenate([raw[base_year, g][0].school for g in ASSESSMENT_GRADES]),
        np.concatenate([baseline_scores[g].mean(axis=1) for g in ASSESSMENT_GRADES]),
    )
    treated = np.isin(arms, ["targeted", "pilot_treatment"])

    frames = []
    for (year, grade), (p, z) in raw.items():
        score = scale(z, grade)
        if year == after_year:
            loss = LOSS_SD - 0.08 * p.ses + 0.06 * rural[p.school] + school_loss[p.school]
            score = score - 100 * loss[:, None]  # in SD of the 2019 scale
            # The programme's effect, exactly PROGRAMME_TRUE_EFFECT_SD on the 2019 scale.
            score += 100 * PROGRAMME_TRUE_EFFECT_SD * treated[p.school][:, None]
        score = np.clip(np.round(score, 1), 200, 1200)
        frames.append(_rows(rng, p, score, year, grade, schools))
    table = pd.concat(frames, ignore_index=True)
    return table, programme.table(table, arms, schools)


def _rows(rng: np.random.Generator, p: Pupils, score: np.ndarray, year: int, grade: int,
          schools: pd.DataFrame) -> pd.DataFrame:
    n = len(p.school)
    order = np.lexsort((p.age, p.sex, p.school))
    ids = np.empty(n, dtype=object)
    running = np.strings.zfill(np.arange(1, n + 1).astype("U6"), 6)
    ids[order] = np.strings.add(f"A{year % 100:02d}-{grade}-", running)
    base = {
        "student_id": ids,
        "year": year,
        "grade": grade,
        "school_id": schools["school_id"].to_numpy()[p.school],
        "sex": np.array(["F", "M"])[p.sex],
        "age": p.age,
        "ses_index": np.round(np.clip(p.ses, SES_RANGE[0], SES_RANGE[1]), 2),
        "indigenous": p.indigenous,
        "special_needs": p.special,
        "attended_preschool": p.preschool,
    }
    parts = []
    for j, subject in enumerate(SUBJECTS):
        present = rng.random(n) >= 0.02  # a few pupils miss one of the two tests
        part = pd.DataFrame({k: (v[present] if isinstance(v, np.ndarray) else v)
                             for k, v in base.items()})
        part.insert(1, "subject", subject)
        part["score"] = score[present, j]
        part["level"] = _levels(score[present, j], grade)
        part["_order"] = np.argsort(order)[present] * 2 + j
        parts.append(part)
    out = pd.concat(parts, ignore_index=True).sort_values("_order", ignore_index=True)
    return out.drop(columns="_order")
