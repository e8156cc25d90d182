"""A household survey of Valdoria, shaped like a MICS or DHS education module.

Households are drawn in two stages, as real surveys draw them: clusters (enumeration
areas) in every district, split into urban and rural strata, then twenty households in each
cluster. Every member of a sampled household is listed with age, sex, date of birth,
school attendance in the current school year, the level and grade attended, the highest
grade completed and (from age 10) whether they can read and write. Households carry a
wealth quintile and a sampling weight.

The children's school careers follow the same grade-by-grade rates as the school census
(:mod:`emiskit.data.flows`: entry, repetition, dropout, transition), made worse for
poorer households and for older generations, so the survey and the census describe the
same country. Three differences are built in on purpose, because real surveys show them:

* interviews take place from September to November, late in the school year, so a
  child's age at the interview is often one year more than at the start of the school
  year (February), the age the census uses;
* about 2.5% of the children the school registers count as enrolled do not in fact
  attend (they stopped coming but stay on the register): the administrative count is a
  little high;
* the survey is a sample, so its estimates carry sampling error.

Weights are calibrated so that the weighted number of children aged 6–11 (at the start
of the school year) in each district and area equals the population table.
Adult schooling and literacy are set to the order of the El Salvador 2017 figures quoted
in the course's reference notes (illiteracy 10.5%: urban 6.7%, rural 16.4%; average
schooling urban 7.9 and rural 5.1 years); everything else follows the sample census.
Every figure is invented.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from emiskit.data import flows
from emiskit.data.schema import HOUSEHOLD_LEVELS, HOUSEHOLDS_PER_CLUSTER, RELATIONSHIPS, SURVEY_YEAR
from emiskit.data.seeds import stream
from emiskit.data.settings import Scale

SCHOOL_YEAR_START_MONTH = 2
"""The school year starts in February; the census counts ages then."""
FIELDWORK = (dt.date(SURVEY_YEAR, 9, 2), dt.date(SURVEY_YEAR, 11, 22))
SCHOOLS_PER_CLUSTER = 4
CLUSTER_RANGE = (30, 600)
"""One cluster per four schools, at least 30 and at most 600 (workshop scale: 150, so about
3,000 households; national scale: 600 clusters, 12,000 households)."""
NOT_ATTENDING_BUT_REGISTERED = 0.025
"""Share of registered pupils who do not attend (the census counts them, the survey not)."""

LEVELS = HOUSEHOLD_LEVELS

# Grades 10-12 (upper secondary) are not in the census: rates for them are assumptions.
_REPEAT = np.concatenate([flows._REPEAT, [0.04, 0.035, 0.03]])
_DROP = np.concatenate([flows._DROP, [0.07, 0.07, 0.06]])
_WEALTH_DROP = np.array([1.9, 1.3, 1.0, 0.7, 0.45])
_WEALTH_REPEAT = np.array([1.3, 1.15, 1.0, 0.85, 0.7])
_PRE_PRIMARY = {3: 0.40, 4: 0.70, 5: 0.88}
_LITERATE_BY_GRADE = np.array([0.30, 0.58, 0.80, 0.91, 0.96, 0.98, 0.995])


def _clusters(rng: np.random.Generator, scale: Scale, districts: pd.DataFrame,
              population: pd.DataFrame) -> pd.DataFrame:
    """Clusters by district and area, more than proportional in small districts."""
    pop = (population.query("year == @SURVEY_YEAR and age >= 6 and age <= 11")
           .groupby("district_code")["population"].sum()
           .reindex(districts["district_code"]).to_numpy(dtype=float))
    n_total = int(np.clip(round(scale.n_schools / SCHOOLS_PER_CLUSTER), *CLUSTER_RANGE))
    share = np.sqrt(pop) / np.sqrt(pop).sum()
    per_district = np.maximum(2, np.round(share * n_total)).astype(int)
    rural = districts["rural_share"].to_numpy() / 100
    rows = []
    for i, code in enumerate(districts["district_code"]):
        n = per_district[i]
        n_rural = int(np.clip(np.round(n * rural[i]), 1 if rural[i] > 0.05 else 0,
                              n - 1 if rural[i] < 0.95 else n))
        for j in range(n):
            rows.append((code, "rural" if j < n_rural else "urban"))
    out = pd.DataFrame(rows, columns=["district_code", "location"])
    out["cluster_id"] = np.arange(1, len(out) + 1)
    days = (FIELDWORK[1] - FIELDWORK[0]).days
    offsets = np.sort(rng.integers(0, days + 1, len(out)))
    out["interview_date"] = [FIELDWORK[0] + dt.timedelta(days=int(d)) for d in offsets]
    return out


def _members(rng: np.random.Generator, households: pd.DataFrame,
             poverty: np.ndarray) -> pd.DataFrame:
    """List the members of every household: head, spouse, children, other relatives."""
    n = len(households)
    rural = (households["location"] == "rural").to_numpy()
    head_age = np.clip(np.round(22 + rng.gamma(3.0, 9.0, n)), 20, 92).astype(int)
    has_spouse = rng.random(n) < np.where(head_age < 70, 0.72, 0.45)
    spouse_age = np.clip(head_age + np.round(rng.normal(-2, 4, n)), 18, 95).astype(int)
    lam = np.where(rural, 2.4, 1.8) + 1.2 * poverty
    lam = lam * np.clip((62 - head_age) / 25, 0.15, 1.0)
    n_children = rng.poisson(lam)
    has_other = rng.random(n) < 0.16
    other_age = rng.integers(50, 91, n)
    head_male = rng.random(n) < 0.68

    parts = []
    hh = np.arange(n)
    parts.append(pd.DataFrame({"h": hh, "relationship": "head", "age": head_age,
                               "male": head_male}))
    parts.append(pd.DataFrame({"h": hh[has_spouse], "relationship": "spouse",
                               "age": spouse_age[has_spouse], "male": ~head_male[has_spouse]}))
    child_h = np.repeat(hh, n_children)
    oldest = np.clip(head_age[child_h] - 17, 0, 26)
    child_age = np.floor(rng.random(len(child_h)) * (oldest + 1)).astype(int)
    parts.append(pd.DataFrame({"h": child_h, "relationship": "child", "age": child_age,
                               "male": rng.random(len(child_h)) < 0.51}))
    parts.append(pd.DataFrame({"h": hh[has_other], "relationship": "other_relative",
                               "age": other_age[has_other],
                               "male": rng.random(int(has_other.sum())) < 0.4}))
    order = {r: i for i, r in enumerate(RELATIONSHIPS)}
    m = pd.concat(parts, ignore_index=True)
    m["rank_"] = m["relationship"].map(order)
    m = m.sort_values(["h", "rank_", "age"], ascending=[True, True, False], kind="stable")
    return m.drop(columns="rank_").reset_index(drop=True)


def _careers(rng: np.random.Generator, birth_year: np.ndarray, start_age_2024: np.ndarray,
             rural: np.ndarray, female: np.ndarray, quintile: np.ndarray,
             entry_hazard: np.ndarray
             ) -> dict[str, np.ndarray]:
    """Follow every person's schooling year by year up to the survey year.

    ``start_age_2024`` is the age at the start of the survey's school year; the age at the
    start of year Y is ``start_age_2024 − (SURVEY_YEAR − Y)``.
    """
    n = len(birth_year)
    rows = np.arange(n)
    grade = np.zeros(n, dtype=int)  # current grade while in school
    completed = np.zeros(n, dtype=int)
    state = np.zeros(n, dtype=int)  # 0 not yet entered, 1 in school, 2 left
    q = quintile - 1
    rep_mult = np.where(rural, 1.35, 1.0) * _WEALTH_REPEAT[q]
    drop_mult = np.where(rural, 2.0, 1.0) * _WEALTH_DROP[q]
    transition = np.where(rural, 0.84, 0.95) * np.array([0.88, 0.95, 1.0, 1.02, 1.04])[q]
    to_upper = np.where(rural, 0.62, 0.82) * np.array([0.7, 0.85, 1.0, 1.1, 1.2])[q]
    first = int(SURVEY_YEAR - start_age_2024.max() + 4)
    for year in range(first, SURVEY_YEAR + 1):
        age = start_age_2024 - (SURVEY_YEAR - year)
        era = np.clip((2000 - year) / 45, 0, 1)  # older generations: later entry, more dropout
        waiting = (state == 0) & (age >= 5) & (age <= 9)
        hazard = entry_hazard[rows, np.clip(age - 5, 0, 4)] * (1 - 0.45 * era * (1 + rural))
        if year == 2021:
            hazard = np.where(age == 6, hazard * 0.85, hazard)
        enter = waiting & (rng.random(n) < hazard)
        state[enter], grade[enter] = 1, 1
        if year == SURVEY_YEAR:
            break
        in_school = state == 1
        g = np.clip(grade - 1, 0, 11)
        rep = np.minimum(_REPEAT[g] * rep_mult * flows._YEAR_REPEAT.get(year, 1.0), 0.5)
        drop = np.minimum(_DROP[g] * drop_mult * flows._YEAR_DROP.get(year, 1.0)
                          * (1 + 7 * era) * (1 + 0.6 * era * female), 0.6)
        u = rng.random(n)
        repeat = in_school & (u < rep)
        leave = in_school & ~repeat & (u < rep + drop)
        promote = in_school & ~repeat & ~leave
        completed[promote] = grade[promote]
        stop = promote & (
            ((grade == 6) & (rng.random(n) >= transition * (1 - 0.5 * era)))
            | ((grade == 9) & (rng.random(n) >= to_upper * (1 - 0.6 * era)))
            | (grade == 12)
        )
        grade[promote] += 1
        state[leave | stop] = 2
        state[(state == 1) & (age >= 24)] = 2
    return {"grade": grade, "completed": completed, "in_school": state == 1,
            "entered": state > 0}


def generate(seed: int, scale: Scale, districts: pd.DataFrame,
             population: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the ``households`` and ``household_members`` tables."""
    rng = stream(seed, "household_survey")
    clusters = _clusters(rng, scale, districts, population)
    households = clusters.loc[clusters.index.repeat(HOUSEHOLDS_PER_CLUSTER)].reset_index(
        drop=True)
    d_index = pd.Index(districts["district_code"]).get_indexer(households["district_code"])
    poverty = districts["poverty_rate"].to_numpy()[d_index] / 100
    rural_share = districts["rural_share"].to_numpy()[d_index] / 100
    rural_hh = (households["location"] == "rural").to_numpy()
    n_hh = len(households)
    households["household_id"] = [f"H{i + 1:05d}" for i in range(n_hh)]

    m = _members(rng, households, poverty)
    h = m["h"].to_numpy()
    date = pd.to_datetime(households["interview_date"]).to_numpy()[h]
    month = pd.DatetimeIndex(date).month.to_numpy()
    birth_month = rng.integers(1, 13, len(m))
    age = m["age"].to_numpy()
    birth_year = SURVEY_YEAR - age - (birth_month > month)
    start_age = SURVEY_YEAR - birth_year - (birth_month >= SCHOOL_YEAR_START_MONTH)

    # Sampling weights: the children aged 6-11 of each stratum match the population table.
    pop = (population.query("year == @SURVEY_YEAR and age >= 6 and age <= 11")
           .groupby("district_code")["population"].sum())
    target = pop.reindex(households["district_code"]).to_numpy(dtype=float) * np.where(
        rural_hh, rural_share, 1 - rural_share)
    stratum = households["district_code"] + "-" + households["location"]
    kids = pd.Series(((start_age >= 6) & (start_age <= 11)).astype(float)).groupby(
        stratum.to_numpy()[h]).sum()
    n_in_stratum = stratum.map(stratum.value_counts())
    sampled_kids = stratum.map(kids).fillna(0).to_numpy()
    fallback = kids.sum() / n_hh * n_in_stratum.to_numpy()  # a stratum without children
    per_child = target / np.where(sampled_kids > 0, sampled_kids, fallback)
    households["weight"] = np.round(per_child, 2)

    # Wealth: an asset score, lower in rural and poorer districts; weighted quintiles.
    score = rng.normal(0, 1, n_hh) - 0.9 * rural_hh - 3.0 * (poverty - 0.3)
    size = np.bincount(h, minlength=n_hh)
    order = np.argsort(score, kind="stable")
    cum = np.cumsum((households["weight"].to_numpy() * size)[order])
    quint = np.empty(n_hh, dtype=int)
    quint[order] = np.minimum(5, 1 + np.floor(5 * (cum - 1e-9) / cum[-1]).astype(int))
    households["wealth_quintile"] = quint
    households["household_size"] = size

    # School careers, then the survey's answers for the current school year.
    hazard = np.where(rural_hh[h][:, None], flows._HAZARD_RURAL, flows._HAZARD_URBAN)
    lives = _careers(rng, birth_year, start_age, rural_hh[h], ~m["male"].to_numpy(),
                     quint[h], hazard)
    grade = lives["grade"]
    in_school = lives["in_school"] & (start_age >= 5)
    stopped = in_school & (grade <= 9) & (rng.random(len(m)) < NOT_ATTENDING_BUT_REGISTERED)
    attending_grade = in_school & ~stopped
    completed = lives["completed"]

    pre_p = np.zeros(len(m))
    for a, p in _PRE_PRIMARY.items():
        pre_p[start_age == a] = p
    pre_p[start_age == 6] = 0.7
    pre_p *= np.where(rural_hh[h], 0.8, 1.0) * np.array([0.8, 0.9, 1.0, 1.05, 1.1])[quint[h] - 1]
    pre = ~lives["entered"] & (rng.random(len(m)) < np.minimum(pre_p, 0.99))
    higher = (~in_school & (completed == 12) & (start_age >= 17) & (start_age <= 24)
              & (rng.random(len(m)) < 0.25 + 0.1 * quint[h]))
    attending = attending_grade | pre | higher
    level = np.full(len(m), None, dtype=object)
    level[pre] = "pre_primary"
    level[attending_grade & (grade <= 6)] = "primary"
    level[attending_grade & (grade >= 7) & (grade <= 9)] = "lower_secondary"
    level[attending_grade & (grade >= 10)] = "upper_secondary"
    level[higher] = "higher"

    asked = age >= 3
    literate_p = _LITERATE_BY_GRADE[np.minimum(completed, 6)]
    literate = rng.random(len(m)) < literate_p
    members = pd.DataFrame(
        {
            "household_id": households["household_id"].to_numpy()[h],
            "line_number": m.groupby("h").cumcount().to_numpy() + 1,
            "relationship": m["relationship"].to_numpy(),
            "sex": np.where(m["male"].to_numpy(), "M", "F"),
            "age": age,
            "birth_year": birth_year,
            "birth_month": birth_month,
            "location": households["location"].to_numpy()[h],
            "wealth_quintile": quint[h],
            "ever_attended": pd.array(np.where(asked, lives["entered"] | pre, pd.NA),
                                      dtype="boolean"),
            "attending": pd.array(np.where(asked, attending, pd.NA), dtype="boolean"),
            "level_attended": level,
            "grade_attended": pd.array(np.where(attending_grade, grade, pd.NA),
                                       dtype="Int64"),
            "highest_grade_completed": pd.array(np.where(asked, completed, pd.NA),
                                                dtype="Int64"),
            "literate": pd.array(np.where(age >= 10, literate, pd.NA), dtype="boolean"),
            "weight": households["weight"].to_numpy()[h],
        }
    )
    households = households[
        ["household_id", "cluster_id", "district_code", "location", "interview_date",
         "household_size", "wealth_quintile", "weight"]
    ].copy()
    households["interview_date"] = pd.to_datetime(households["interview_date"])
    return households, members
