"""National indicators computed from the committed sample data land near regional figures.

Indicators are computed here directly with pandas, following the UIS formulas (see
domain-facts.md, section 1), so these tests do not depend on ``emiskit.indicators``.
The target ranges are the calibration figures of domain-facts.md, section 2.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from emiskit import datasets

YEARS = range(2018, 2025)


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    names = ["population", "schools", "enrolment", "teachers", "students", "assessment",
             "programme", "evidence_survey", "toolkit"]
    return {name: datasets.load(name) for name in names}


def _level(grade: pd.Series) -> pd.Series:
    return np.where(grade <= 6, "primary", "lower_secondary")


def coverage(data: dict[str, pd.DataFrame], year: int) -> dict[str, float]:
    e = data["enrolment"].query("year == @year")
    p = data["population"].query("year == @year")
    pop_primary = p.loc[p["age"].between(6, 11), "population"].sum()
    primary = e[e["grade"] <= 6]
    return {
        "ger": 100 * primary["pupils"].sum() / pop_primary,
        "ner": 100 * primary.loc[primary["age"].between(6, 11), "pupils"].sum() / pop_primary,
    }


def flow_rates(enrolment: pd.DataFrame, year: int, by: list[str] | None = None) -> pd.DataFrame:
    """Promotion, repetition and dropout rates by grade (UIS reconstructed cohort)."""
    by = by or []
    g = enrolment.groupby([*by, "year", "grade"], observed=True)[["pupils", "repeaters"]].sum()
    now = g.xs(year, level="year")
    nxt = g.xs(year + 1, level="year")
    nxt_up = nxt.rename(index=lambda gr: gr - 1, level="grade")
    rep = nxt["repeaters"].reindex(now.index) / now["pupils"]
    prom = (nxt_up["pupils"] - nxt_up["repeaters"]).reindex(now.index) / now["pupils"]
    return pd.DataFrame({"promotion": prom, "repetition": rep, "dropout": 1 - prom - rep})


@pytest.mark.parametrize("year", YEARS)
def test_primary_ger_and_ner(data, year):
    c = coverage(data, year)
    assert 100 <= c["ger"] <= 110, c
    assert 90 <= c["ner"] <= 97, c


def test_ner_never_above_100_in_any_district(data):
    e = data["enrolment"]
    e = e[(e["grade"] <= 6) & e["age"].between(6, 11)]
    schools = data["schools"].set_index("school_id")["district_code"]
    enrolled = e.assign(district_code=e["school_id"].map(schools)).groupby(
        ["district_code", "year", "age", "sex"], observed=True)["pupils"].sum()
    pop = data["population"].set_index(["district_code", "year", "age", "sex"])["population"]
    assert (enrolled <= pop.reindex(enrolled.index)).all()


@pytest.mark.parametrize("year", YEARS)
def test_pupil_teacher_ratio(data, year):
    e = data["enrolment"].query("year == @year")
    t = data["teachers"].query("year == @year")
    pupils = e.groupby(_level(e["grade"]))["pupils"].sum()
    teachers = t.groupby("level", observed=True)["teachers"].sum()
    ptr = pupils / teachers
    assert 20 <= ptr["primary"] <= 30
    assert 12 <= ptr["lower_secondary"] <= 30


@pytest.mark.parametrize("year", [2018, 2019, 2022, 2023])
def test_repetition_and_dropout_in_primary(data, year):
    e = data["enrolment"]
    primary = e[e["grade"] <= 6]
    rates = flow_rates(primary, year)
    weights = primary.query("year == @year").groupby("grade")["pupils"].sum()
    rep = np.average(rates["repetition"].loc[1:6], weights=weights.loc[1:6])
    drop = np.average(rates["dropout"].loc[1:5], weights=weights.loc[1:5])
    assert 0.03 <= rep <= 0.08
    assert 0.002 <= drop <= 0.03


def test_closure_shows_in_repetition(data):
    rates_2020 = flow_rates(data["enrolment"], 2020)
    assert rates_2020["repetition"].loc[1:6].max() < 0.02  # automatic promotion


def test_dropout_higher_in_rural_schools(data):
    e = data["enrolment"]
    area = data["schools"].set_index("school_id")["area"]
    e = e.assign(area=e["school_id"].map(area).astype(str))
    for year in (2018, 2019, 2022):
        rates = flow_rates(e[e["grade"] <= 6], year, by=["area"])
        drop = rates["dropout"].unstack("area").loc[1:5].mean()
        assert drop["rural"] > 1.5 * drop["urban"], drop


def test_national_totals_look_like_a_small_country(data):
    e = data["enrolment"]
    assert 110_000 <= e.query("year == 2024")["pupils"].sum() <= 140_000
    assert len(data["schools"]) == 600


# --- Learning --------------------------------------------------------------------------

def _below_minimum(a: pd.DataFrame) -> pd.Series:
    minimum = np.where(a["grade"] == 3, 1, 2)  # level II (grade 3), III (grade 6)
    return a["level"].cat.codes < minimum


def test_2019_scale_is_mean_700_sd_100(data):
    a = data["assessment"].query("year == 2019")
    stats = a.groupby(["grade", "subject"], observed=True)["score"].agg(["mean", "std"])
    assert np.allclose(stats["mean"], 700, atol=2)
    assert np.allclose(stats["std"], 100, atol=3)


def test_share_below_minimum_proficiency_2019(data):
    a = data["assessment"].query("year == 2019")
    share = _below_minimum(a).groupby(a["grade"]).mean()
    assert 0.35 <= share[3] <= 0.45
    assert 0.55 <= share[6] <= 0.65


def test_learning_loss_2019_to_2022(data):
    a = data["assessment"]
    untreated = ~a["school_id"].isin(
        data["programme"].query("treated")["school_id"]
    )
    means = a[untreated].groupby(["grade", "subject", "year"], observed=True)["score"].mean()
    loss = (means.xs(2019, level="year") - means.xs(2022, level="year")) / 100
    assert ((loss >= 0.3) & (loss <= 0.5)).all(), loss


@pytest.mark.parametrize(
    "column, low, high",
    [("indigenous", 20, 70), ("special_needs", 30, 80), ("attended_preschool", -70, -15)],
)
def test_gaps_for_groups(data, column, low, high):
    a = data["assessment"].query("year == 2019")
    means = a.groupby(column)["score"].mean()
    gap = means[False] - means[True]
    assert low <= gap <= high, gap


def test_gaps_by_ses_rurality_and_sex(data):
    a = data["assessment"].query("year == 2019")
    area = data["schools"].set_index("school_id")["area"]
    rural_gap = a.groupby(a["school_id"].map(area).astype(str))["score"].mean()
    assert 20 <= rural_gap["urban"] - rural_gap["rural"] <= 70
    quintile = pd.qcut(a["ses_index"], 5, labels=False)
    by_q = a.groupby(quintile)["score"].mean()
    assert by_q.is_monotonic_increasing
    assert 70 <= by_q[4] - by_q[0] <= 160  # richest vs poorest fifth
    sex = a.groupby(["subject", "sex"], observed=True)["score"].mean().unstack()
    assert 5 <= sex.loc["reading", "F"] - sex.loc["reading", "M"] <= 25
    assert -15 <= sex.loc["mathematics", "F"] - sex.loc["mathematics", "M"] < 0


def test_loss_larger_for_poorer_pupils(data):
    a = data["assessment"]
    poor = a["ses_index"] < a["ses_index"].quantile(0.25)
    rich = a["ses_index"] > a["ses_index"].quantile(0.75)
    def loss(mask):
        m = a[mask].groupby("year")["score"].mean()
        return m[2019] - m[2022]
    assert loss(poor) > loss(rich)


# --- Programme -------------------------------------------------------------------------

def test_programme_estimates_disagree_as_the_chapter_explains(data):
    p = data["programme"]
    wide = p.pivot_table(index=["school_id", "arm"], columns="year", values="mean_score",
                         observed=True).reset_index()
    wide["gain"] = wide[2022] - wide[2019]
    m = wide.groupby("arm", observed=True)[[2019, 2022, "gain"]].mean()
    true_effect = datasets.package()["resources"][8]["trueEffectPoints"]
    naive = m.loc["targeted", 2022] - m.loc["not_in_programme", 2022]
    did = m.loc["targeted", "gain"] - m.loc["not_in_programme", "gain"]
    rct = m.loc["pilot_treatment", 2022] - m.loc["pilot_control", 2022]
    assert true_effect == 20
    assert naive < -30  # targeted schools were weaker to begin with
    assert did > true_effect + 10  # regression to the mean inflates it
    assert abs(rct - true_effect) < 6  # the randomised pilot gets it about right
    # Targeted schools really were the lowest in 2019.
    assert m.loc["targeted", 2019] < m.drop(index="targeted")[2019].min() - 50
    # Randomisation balanced the pilot at baseline.
    assert abs(m.loc["pilot_treatment", 2019] - m.loc["pilot_control", 2019]) < 5


# --- Early warning ---------------------------------------------------------------------

def test_early_warning_flags_predict_dropout(data):
    s = data["students"]
    dropped = s["next_year_status"] == "dropped_out"
    flag = (
        (s["attendance_rate"] < 80).fillna(False)
        | (s["mark_mathematics"] < 6)
        | (s["mark_language"] < 6)
        | (s["behaviour_incidents"] >= 2)
    )
    recall = (flag & dropped).sum() / dropped.sum()
    precision = (flag & dropped).sum() / flag.sum()
    assert 0.03 <= dropped.mean() <= 0.09
    assert 0.55 <= recall <= 0.85
    assert 0.08 <= precision <= 0.35
    assert precision > 1.8 * dropped.mean()  # flags at least double the hit rate


def test_student_dropout_higher_in_rural_schools(data):
    s = data["students"]
    area = data["schools"].set_index("school_id")["area"]
    rate = (s["next_year_status"] == "dropped_out").groupby(
        s["school_id"].map(area).astype(str)).mean()
    assert rate["rural"] > 1.3 * rate["urban"]


def test_attendance_is_realistic(data):
    s = data["students"]
    assert s.loc[s["year"] == 2020, "attendance_rate"].isna().all()
    other = s.loc[s["year"] != 2020, "attendance_rate"]
    assert 85 <= other.mean() <= 92  # Chile 2024: 89%
    assert 0.05 <= (other < 80).mean() <= 0.20


def test_survey_school_leaders_rarely_change_practice_with_data(data):
    v = data["evidence_survey"]
    share = v.groupby("role", observed=True)["changed_practice_with_data"].mean()
    assert share["school_leader"] < 0.2
    assert share["ministry_staff"] > share["teacher"]


def test_toolkit_is_marked_illustrative(data):
    t = data["toolkit"]
    assert t["illustrative"].all()
    desc = next(r for r in datasets.package()["resources"] if r["name"] == "toolkit")
    assert "ILLUSTRATIVE SYNTHETIC" in desc["description"]
