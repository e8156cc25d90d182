"""The household survey: deterministic, consistent with the census, calibrated.

Calibration targets: adult literacy and schooling of the order of El Salvador 2017
(illiteracy 10.5%: urban 6.7%, rural 16.4%; average schooling urban 7.9, rural 5.1
years; domain-facts.md, section 2); children's attendance follows the sample census.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from emiskit import datasets
from emiskit.data import country, household_survey
from emiskit.data.generate import _csv_text
from emiskit.data.settings import WORKSHOP
from emiskit.indicators import (
    access_indicators,
    net_attendance_rate,
    survey_completion_rate,
    survey_out_of_school_rate,
)


@pytest.fixture(scope="module")
def survey() -> tuple[pd.DataFrame, pd.DataFrame]:
    return datasets.load("households"), datasets.load("household_members")


def _weighted_share(frame: pd.DataFrame, flag: pd.Series) -> float:
    return 100 * frame["weight"].where(flag.fillna(False).astype(bool), 0.0).sum() / frame[
        "weight"].sum()


def _start_age(members: pd.DataFrame) -> pd.Series:
    return household_survey.SURVEY_YEAR - members["birth_year"] - (members["birth_month"] >= 2)


def test_same_seed_same_bytes_other_seed_other_data():
    districts = country.districts_frame(2024, WORKSHOP)
    population = datasets.load("population")
    a = household_survey.generate(2024, WORKSHOP, districts, population)
    b = household_survey.generate(2024, WORKSHOP, districts, population)
    c = household_survey.generate(7, WORKSHOP, districts, population)
    for x, y in zip(a, b, strict=True):
        assert _csv_text(x) == _csv_text(y)
    assert not a[1]["age"].equals(c[1]["age"])


def test_sizes_are_modest_and_households_match_members(survey):
    households, members = survey
    assert 2_500 <= len(households) <= 3_500
    sizes = members.groupby("household_id", observed=True).size()
    assert (households.set_index("household_id")["household_size"] == sizes).all()
    assert set(members["household_id"]) == set(households["household_id"])
    assert (members.groupby("household_id", observed=True)["relationship"]
            .apply(lambda r: (r == "head").sum()) == 1).all()


def test_answers_are_consistent(survey):
    _, m = survey
    attending = m["attending"].fillna(False).astype(bool)
    assert m.loc[~attending, "level_attended"].isna().all()
    assert m.loc[~attending, "grade_attended"].isna().all()
    grade, level = m["grade_attended"], m["level_attended"]
    assert grade[level == "primary"].between(1, 6).all()
    assert grade[level == "lower_secondary"].between(7, 9).all()
    assert grade[level == "upper_secondary"].between(10, 12).all()
    has_grade = grade.notna()
    assert (m.loc[has_grade, "highest_grade_completed"] == grade[has_grade] - 1).all()
    assert m.loc[m["age"] < 3, "attending"].isna().all()
    assert m.loc[m["age"] < 10, "literate"].isna().all()
    # age at the interview is the age at the start of the school year, or one more
    gap = m["age"] - _start_age(m)
    assert gap.isin([0, 1]).all()


def test_weights_reproduce_the_population_table(survey):
    _, m = survey
    population = datasets.load("population").query("year == 2024")
    census = population.loc[population["age"].between(6, 11), "population"].sum()
    children = m[_start_age(m).between(6, 11)]
    assert children["weight"].sum() == pytest.approx(census, rel=0.01)


def test_attendance_sits_just_below_the_census_ner(survey):
    _, m = survey
    ner = access_indicators(by="national", level="primary").loc[2024, "ner"]
    nar_february = net_attendance_rate(m.assign(age=_start_age(m)))
    nar_interview = net_attendance_rate(m)
    # registered-but-not-attending children and sampling error: a little below the NER
    assert ner - 5 <= nar_february <= ner + 1
    # ages at the interview, late in the school year: clearly lower
    assert nar_interview < nar_february - 5


def test_survey_rates_are_plausible_and_ordered_by_wealth(survey):
    _, m = survey
    assert 3 <= survey_out_of_school_rate(m.assign(age=_start_age(m))) <= 12
    primary = survey_completion_rate(m)
    lower = survey_completion_rate(m, last_grade=9, age_last_grade=14)
    assert 85 <= primary <= 97 and 55 <= lower <= 85 and lower < primary
    by_wealth = survey_completion_rate(m, by="wealth_quintile")
    assert by_wealth[1] < by_wealth[5] - 10
    by_place = survey_completion_rate(m, by="location")
    assert by_place["rural"] < by_place["urban"]


def test_adult_literacy_and_schooling_near_el_salvador_2017(survey):
    _, m = survey
    adults = m[m["age"] >= 15]
    illiterate = ~adults["literate"].astype(bool)
    overall = _weighted_share(adults, illiterate)
    urban = _weighted_share(adults[adults["location"] == "urban"],
                            illiterate[adults["location"] == "urban"])
    rural = _weighted_share(adults[adults["location"] == "rural"],
                            illiterate[adults["location"] == "rural"])
    assert 6 <= overall <= 14  # El Salvador 2017: 10.5
    assert 3 <= urban <= 10  # 6.7
    assert 12 <= rural <= 21  # 16.4
    women = _weighted_share(adults[adults["sex"] == "F"], illiterate[adults["sex"] == "F"])
    men = _weighted_share(adults[adults["sex"] == "M"], illiterate[adults["sex"] == "M"])
    assert women >= men
    older = m[m["age"] >= 25]
    years = (older["highest_grade_completed"] * older["weight"]).groupby(
        older["location"], observed=True).sum() / older.groupby(
        "location", observed=True)["weight"].sum()
    assert years["urban"] == pytest.approx(7.9, abs=1.0)
    assert years["rural"] == pytest.approx(5.1, abs=1.0)


def test_wealth_quintiles_hold_a_fifth_of_the_people_each(survey):
    _, m = survey
    shares = m.groupby("wealth_quintile", observed=True)["weight"].sum() / m["weight"].sum()
    np.testing.assert_allclose(shares.to_numpy(), 0.2, atol=0.03)
