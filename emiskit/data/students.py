"""Pupil-level records of two cohorts, for the early-warning exercise.

All grade-5 pupils of a sample of schools in 2018 and in 2021 are followed each year.
Each pupil has a hidden engagement with school that drives attendance, marks and
behaviour, and — together with poverty, age for grade, rurality, Indigenous language and
disability — the risk of dropping out. So the classic warning flags (attendance below
80%, failing mathematics or language, behaviour incidents) predict dropout well but far
from perfectly, as they do in real systems.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from emiskit.data.flows import K_MIN, N_GRADES, STAY_FOR_GRADE_7, Flows
from emiskit.data.seeds import stream
from emiskit.data.settings import PASS_MARK, SES_RANGE, Scale

COHORTS = (2018, 2021)
LAST_YEAR = 2023
"""Last year with a record: the status in the following year (2024) is then known."""
START_GRADE = 5
_BASE_LOGIT = np.array([0, 0, 0, 0, 0, -5.6, -3.9, -4.6, -4.5, -4.8])
"""Dropout log-odds by grade (index = grade) in the sample's structure: grade 6, the last of
primary, includes not going on to lower secondary (see :func:`_base_logit`)."""


def _base_logit(primary_grades: int) -> np.ndarray:
    """:data:`_BASE_LOGIT` for a primary of ``primary_grades`` grades: earlier primary
    grades, then the last one (with the transition), then lower secondary's, stretched."""
    secondary = _BASE_LOGIT[7:]
    n = N_GRADES - primary_grades
    stretched = np.interp(np.linspace(0, len(secondary) - 1, n), np.arange(len(secondary)),
                          secondary)
    return np.concatenate([[0.0], np.full(primary_grades - 1, _BASE_LOGIT[5]),
                           [_BASE_LOGIT[6]], stretched])
STATUS = np.array(["promoted", "repeated", "dropped_out", "transferred", "graduated"])


def _next_school(rng: np.random.Generator, school: np.ndarray, schools: pd.DataFrame,
                 primary_grades: int) -> np.ndarray:
    """School for lower secondary: the same if it teaches it, else one in the district."""
    offers7 = schools["highest_grade"].to_numpy() == 9
    district = schools["d_"].to_numpy()
    size = schools["size_"].to_numpy() * np.where(
        schools["lowest_grade"].to_numpy() == primary_grades + 1, 2.0, 1.0)
    weight = np.where(offers7, size, 0.0)
    out = school.copy()
    move = ~offers7[school] | (rng.random(len(school)) >= STAY_FOR_GRADE_7)
    order = np.lexsort((np.arange(len(district)), district))
    cum = np.cumsum(weight[order])
    start = np.searchsorted(district[order], district, side="left")
    stop = np.searchsorted(district[order], district, side="right")
    base = np.where(start > 0, cum[np.maximum(start - 1, 0)], 0.0)
    for_pupil = move.nonzero()[0]
    d_start = base[school[for_pupil]]
    d_total = cum[stop[school[for_pupil]] - 1] - d_start
    u = d_start + rng.random(len(for_pupil)) * d_total
    out[for_pupil] = order[np.searchsorted(cum, u, side="right")]
    return out


def generate(seed: int, scale: Scale, schools: pd.DataFrame, districts: pd.DataFrame,
             flows: Flows) -> pd.DataFrame:
    """The ``students`` table: one row per pupil and year, cohorts taken from enrolment."""
    rng = stream(seed, "students")
    p = flows.primary_grades
    base_logit = _base_logit(p)
    n_schools = len(schools)
    primary = np.flatnonzero(schools["lowest_grade"].to_numpy() == 1)
    sample = np.sort(rng.choice(primary, round(scale.student_school_share * len(primary)),
                                replace=False))
    in_sample = np.zeros(n_schools, bool)
    in_sample[sample] = True
    rural_s = schools["rural_"].to_numpy()
    quality_s = schools["quality_"].to_numpy()
    ind_share = districts["indigenous_language_share"].to_numpy()[schools["d_"].to_numpy()]

    sizes = [int((flows.pupils[c][:, :, START_GRADE - 1, :] * in_sample[:, None, None]).sum())
             for c in COHORTS]
    # Pseudonyms: random seven-digit numbers, unique across both cohorts.
    pseudonyms = rng.choice(9_000_000, sum(sizes), replace=False) + 1_000_000
    frames = []
    for c_index, cohort in enumerate(COHORTS):
        counts = flows.pupils[cohort][:, :, START_GRADE - 1, :] * in_sample[:, None, None]
        s_idx, x_idx, k_idx = np.indices(counts.shape)
        flat = counts.ravel()
        school = np.repeat(s_idx.ravel(), flat)
        sex = np.repeat(x_idx.ravel(), flat)
        over = np.repeat(k_idx.ravel(), flat) + K_MIN
        n = len(school)
        age = START_GRADE + 5 + over
        ses = schools["ses_"].to_numpy()[school] + rng.normal(0, 0.85, n)
        rural = rural_s[school]
        indigenous = rng.random(n) < np.clip(ind_share[school] / 100
                                             * np.where(rural, 1.35, 0.55), 0, 0.95)
        special = rng.random(n) < np.where(sex == 1, 0.055, 0.035)
        engagement = rng.normal(0, 1, n)
        achievement = (0.35 * ses + 0.3 * quality_s[school] - 0.17 * np.maximum(over, 0)
                       - 0.5 * special + rng.normal(0, 0.8, n))
        first = sum(sizes[:c_index])
        ids = np.strings.add("ST", pseudonyms[first: first + n].astype("U7"))
        grade = np.full(n, START_GRADE)
        active = np.arange(n)
        for year in range(cohort, LAST_YEAR + 1):
            i = active
            m = len(i)
            girl = sex[i] == 0
            boy = ~girl
            overage = np.maximum(age[i] - grade[i] - 5, 0)
            secondary = grade[i] > p
            eng = engagement[i] + rng.normal(0, 0.5, m)
            attendance = (92.0 + 5.5 * eng - 1.5 * overage + 1.0 * ses[i] - 1.5 * rural[i]
                          + rng.normal(0, 4.0, m) - (7.0 if year == 2021 else 0.0))
            attendance = np.clip(np.round(attendance, 1), 25, 100)
            if year == 2020:
                attendance = np.full(m, np.nan)
            mark_l = (7.3 + 0.85 * (0.55 * achievement[i] + 0.45 * eng) + 0.3 * girl
                      - 0.3 * secondary + rng.normal(0, 0.8, m))
            mark_m = (7.3 + 0.9 * (0.6 * achievement[i] + 0.4 * eng) - 0.1 * girl
                      - 0.35 * secondary + rng.normal(0, 0.85, m))
            mark_l = np.clip(np.round(mark_l, 1), 1, 10)
            mark_m = np.clip(np.round(mark_m, 1), 1, 10)
            incidents = rng.poisson(np.exp(-1.7 - 0.55 * eng + 0.5 * boy + 0.15 * overage
                                           + 0.2 * secondary))
            fail_l = mark_l < PASS_MARK
            fail_m = mark_m < PASS_MARK
            absent = np.nan_to_num(attendance, nan=100.0) < 80
            logit = (
                base_logit[grade[i]] - 1.1 * eng - 0.25 * ses[i] + 0.35 * overage
                + 0.6 * rural[i] + 0.25 * indigenous[i] + 0.4 * special[i] + 0.2 * boy
                + {2020: 0.4, 2021: 0.2}.get(year, 0.0)
                + 0.6 * fail_m + 0.4 * fail_l + 0.5 * absent
            )
            dropped = rng.random(m) < 1 / (1 + np.exp(-logit))
            p_repeat = np.select([fail_l & fail_m, fail_l | fail_m], [0.55, 0.2], 0.015)
            p_repeat *= {2020: 0.05, 2021: 0.7}.get(year, 1.0)
            repeated = ~dropped & (rng.random(m) < p_repeat)
            transferred = ~dropped & ~repeated & (rng.random(m) < np.where(rural[i], 0.015,
                                                                            0.03))
            passed = ~dropped & ~repeated & ~transferred
            graduated = passed & (grade[i] == 9)
            status = np.select([dropped, repeated, transferred, graduated],
                               [2, 1, 3, 4], 0)
            frames.append(pd.DataFrame({
                "student_id": ids[i],
                "year": year,
                "cohort": cohort,
                "school_id": schools["school_id"].to_numpy()[school[i]],
                "grade": grade[i],
                "sex": np.array(["F", "M"])[sex[i]],
                "age": age[i],
                "ses_index": np.round(np.clip(ses[i], SES_RANGE[0], SES_RANGE[1]), 2),
                "indigenous": indigenous[i],
                "special_needs": special[i],
                "attendance_rate": attendance,
                "mark_language": mark_l,
                "mark_mathematics": mark_m,
                "behaviour_incidents": incidents,
                "next_year_status": STATUS[status],
            }))
            promoted = status == 0
            to_seventh = promoted & (grade[i] == p)
            school[i[to_seventh]] = _next_school(rng, school[i[to_seventh]], schools, p)
            grade[i[promoted]] += 1
            age[i] += 1
            active = i[(status == 0) | (status == 1)]
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["cohort", "student_id", "year"], ignore_index=True)
