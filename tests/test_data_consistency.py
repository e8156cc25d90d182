"""The committed sample tables agree with each other, as a clean EMIS extract should.

(``census_raw`` is the exception by design: its planted problems are checked in
test_data_census_raw.py.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from emiskit import datasets
from emiskit.data.schema import TABLES, TABLES_BY_NAME


@pytest.fixture(scope="module")
def data() -> dict[str, pd.DataFrame]:
    return {name: datasets.load(name) for name in datasets.list_datasets()}


@pytest.mark.parametrize("table", [t for t in TABLES if t.primary_key], ids=lambda t: t.name)
def test_primary_keys_are_unique_and_complete(data, table):
    frame = data[table.name]
    key = list(table.primary_key)
    assert not frame[key].isna().any().any()
    assert not frame.duplicated(key).any()


@pytest.mark.parametrize(
    "table, fk",
    [(t, fk) for t in TABLES for fk in t.foreign_keys],
    ids=lambda x: getattr(x, "name", None) or getattr(x, "resource", ""),
)
def test_foreign_keys_hold(data, table, fk):
    child = data[table.name][list(fk.fields)].drop_duplicates()
    parent = data[fk.resource][list(fk.reference)].drop_duplicates()
    merged = child.merge(parent, left_on=list(fk.fields), right_on=list(fk.reference),
                         how="left", indicator=True)
    assert (merged["_merge"] == "both").all()


def test_columns_match_the_schema(data):
    for name, frame in data.items():
        assert list(frame.columns) == TABLES_BY_NAME[name].field_names


def test_population_is_complete(data):
    p = data["population"]
    assert len(p) == 20 * 7 * 16 * 2
    assert (p["population"] > 0).all()


def test_repeaters_and_graduates_fit_within_pupils(data):
    e = data["enrolment"]
    assert (e["pupils"] >= 1).all()
    assert (e["repeaters"] <= e["pupils"]).all()
    has_grads = e["graduates"].notna()
    assert set(e.loc[has_grads, "grade"].unique()) == {6, 9}
    assert e.loc[e["grade"].isin([6, 9]), "graduates"].notna().all()
    assert (e.loc[has_grads, "graduates"] <= e.loc[has_grads, "pupils"]).all()


def test_ages_are_plausible_for_the_grade(data):
    e = data["enrolment"]
    over = e["age"] - e["grade"] - 5
    assert over.between(-1, 6).all()
    # Most pupils are at the official age or one year over.
    share = e.loc[over.between(0, 1), "pupils"].sum() / e["pupils"].sum()
    assert share > 0.8


def test_grades_offered_and_opening_year(data):
    e = data["enrolment"].merge(data["schools"], on="school_id")
    assert e["grade"].between(e["lowest_grade"], e["highest_grade"]).all()
    assert (e["year"] >= e["year_opened"]).all()


def test_enrolment_by_age_sums_to_the_census_grade_totals(data):
    """Schools whose census form has no planted count problem match enrolment exactly."""
    from emiskit.data.census_raw import COUNT_PROBLEMS
    from emiskit.data.generate import build

    planted = build().planted
    spoiled = {p.school_id for p in planted if p.problem in COUNT_PROBLEMS}
    lost_zero = {p.typed_code: p.school_id for p in planted
                 if p.problem == "code_lost_leading_zero"}
    raw = data["census_raw"]
    raw = raw.assign(school_id=raw["school_code"].replace(lost_zero))
    raw = raw[~raw["school_id"].isin(spoiled) & raw["school_id"].isin(data["schools"]["school_id"])]
    form = raw.groupby(["school_id", "grade"])[["boys", "girls"]].sum()
    e = data["enrolment"].query("year == 2024")
    e = e[~e["school_id"].isin(spoiled)]
    clean = e.pivot_table(index=["school_id", "grade"], columns="sex", values="pupils",
                          aggfunc="sum", fill_value=0, observed=True)
    clean = clean.rename(columns={"M": "boys", "F": "girls"})[["boys", "girls"]]
    pd.testing.assert_frame_equal(form.sort_index(), clean.sort_index(), check_dtype=False,
                                  check_names=False)
    declared = raw.groupby("school_id")["school_total_declared"].first()
    assert (declared == clean.sum(axis=1).groupby(level=0).sum().reindex(declared.index)).all()


def test_schools_with_pupils_have_teachers(data):
    e = data["enrolment"]
    level = np.where(e["grade"] <= 6, "primary", "lower_secondary")
    taught = e.assign(level=level).groupby(["school_id", "year", "level"])["pupils"].sum()
    t = data["teachers"].set_index(["school_id", "year", "level"])["teachers"]
    t.index = t.index.set_levels(t.index.levels[2].astype(str), level=2)
    assert set(taught.index) == set(t.index)
    assert (t >= 1).all()


def test_teacher_counts_add_up(data):
    t = data["teachers"]
    assert (t["female"] + t["male"] == t["teachers"]).all()
    assert (t["qualified"] <= t["teachers"]).all()
    assert (t["trained"] <= t["teachers"]).all()


def test_assessed_pupils_fit_within_enrolment(data):
    a = data["assessment"]
    tested = a.groupby(["school_id", "year", "grade", "sex", "age"], observed=True)[
        "student_id"].nunique()
    e = data["enrolment"].set_index(["school_id", "year", "grade", "sex", "age"])["pupils"]
    e.index = e.index.set_levels(e.index.levels[3].astype(str), level=3)
    tested.index = tested.index.set_levels(tested.index.levels[3].astype(str), level=3)
    enrolled = e.reindex(tested.index)
    assert enrolled.notna().all()
    assert (tested <= enrolled).all()
    share = tested.sum() / e.reindex(tested.index).sum()
    assert 0.85 <= share <= 0.97


def test_enrolment_flows_from_one_year_to_the_next(data):
    """Nationally, new pupils in grade g+1 at age a+1 come from grade g at age a."""
    e = data["enrolment"]
    g = e.groupby(["year", "grade", "age"])[["pupils", "repeaters"]].sum()
    for year in range(2018, 2024):
        before = g.xs(year, level="year")["pupils"]
        after = g.xs(year + 1, level="year")
        new = (after["pupils"] - after["repeaters"]).drop(index=1, level="grade")
        source = before.rename(index=lambda x: x + 1, level="grade").rename(
            index=lambda x: x + 1, level="age")
        assert (new <= source.reindex(new.index).fillna(0)).all()
        repeaters = after["repeaters"]
        same = before.rename(index=lambda x: x + 1, level="age").reindex(repeaters.index)
        assert (repeaters <= same.fillna(0)).all()


def test_school_enrolment_changes_smoothly(data):
    e = data["enrolment"].groupby(["school_id", "year"])["pupils"].sum().unstack()
    big = e[(e > 100).all(axis=1)]
    change = (big.diff(axis=1).abs() / big.shift(axis=1)).iloc[:, 1:]
    assert change.stack().quantile(0.95) < 0.15


def test_student_records_follow_each_pupil(data):
    s = data["students"].sort_values(["student_id", "year"])
    nxt = s.groupby("student_id").shift(-1)
    has_next = nxt["year"].notna()
    assert (nxt.loc[has_next, "year"] == s.loc[has_next, "year"] + 1).all()
    assert (nxt.loc[has_next, "age"] == s.loc[has_next, "age"] + 1).all()
    status = s["next_year_status"].astype(str)
    promoted = has_next & (status == "promoted")
    repeated = has_next & (status == "repeated")
    assert (nxt.loc[promoted, "grade"] == s.loc[promoted, "grade"] + 1).all()
    assert (nxt.loc[repeated, "grade"] == s.loc[repeated, "grade"]).all()
    assert set(status[has_next]) <= {"promoted", "repeated"}
    last = ~has_next
    open_ended = last & status.isin(["promoted", "repeated"])
    assert (s.loc[open_ended, "year"] == 2023).all()
    assert (s.loc[status == "graduated", "grade"] == 9).all()
    # Pupils change school only when moving up to grade 7.
    moved = has_next & (nxt["school_id"] != s["school_id"])
    assert (nxt.loc[moved, "grade"] == 7).all()
    # Pupils are in schools that teach their grade.
    sch = s.merge(data["schools"], on="school_id")
    assert sch["grade"].between(sch["lowest_grade"], sch["highest_grade"]).all()


def test_students_start_from_enrolled_pupils(data):
    s = data["students"]
    first = s[s["year"] == s["cohort"]]
    assert (first["grade"] == 5).all()
    counts = first.groupby(["school_id", "year", "sex", "age"], observed=True).size()
    e = data["enrolment"].query("grade == 5").groupby(
        ["school_id", "year", "sex", "age"], observed=True)["pupils"].sum()
    assert (counts == e.reindex(counts.index)).all()


def test_programme_matches_the_assessment(data):
    p = data["programme"]
    a = data["assessment"]
    means = a.groupby(["school_id", "year"])["score"].agg(["size", "mean"])
    joined = p.join(means, on=["school_id", "year"])
    assert (joined["size"] == joined["pupils_assessed"]).all()
    assert np.allclose(joined["mean"], joined["mean_score"], atol=0.051)
    assert (p.groupby("school_id")["arm"].nunique() == 1).all()
    treated_arm = p["arm"].isin(["targeted", "pilot_treatment"])
    assert (p["treated"] == (treated_arm & (p["period"] == "after"))).all()
    arms = p.drop_duplicates("school_id")["arm"].value_counts()
    assert arms["pilot_treatment"] == arms["pilot_control"]
