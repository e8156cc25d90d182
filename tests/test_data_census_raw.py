"""census_raw holds exactly the problems listed in the facilitator's answer sheet.

Each problem is detected here independently, the way a participant would, and the
detected set must equal the planted set: the sheet is complete and nothing else is
wrong.
"""

from __future__ import annotations

import pandas as pd
import pytest

from emiskit import datasets
from emiskit.data.census_raw import PROBLEMS, render_notes
from emiskit.data.generate import NOTES_NAME, build
from emiskit.paths import course_root


@pytest.fixture(scope="module")
def planted():
    return build().planted


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return datasets.load("census_raw")


@pytest.fixture(scope="module")
def register() -> pd.DataFrame:
    return datasets.load("schools")


def schools_with(planted, problem: str) -> set[str]:
    return {p.school_id for p in planted if p.problem == problem}


def rows_with(planted, problem: str) -> set[tuple[str, int, int]]:
    return {(p.school_id, p.grade, p.age) for p in planted if p.problem == problem}


def with_register_id(raw: pd.DataFrame, register: pd.DataFrame) -> pd.DataFrame:
    code = raw["school_code"].where(raw["school_code"].str.len() == 7,
                                    raw["school_code"].str.zfill(7))
    return raw.assign(school_id=code)


def test_answer_sheet_is_up_to_date(planted):
    committed = (course_root() / "facilitator" / NOTES_NAME).read_text(encoding="utf-8")
    assert committed == render_notes(planted, "workshop", 2024)


def test_every_kind_of_problem_is_planted(planted):
    assert {p.problem for p in planted} == set(PROBLEMS)


def test_missing_submissions(planted, raw, register):
    r = with_register_id(raw, register)
    enrolled_2023 = set(datasets.load("enrolment").query("year == 2023")["school_id"])
    absent = enrolled_2023 - set(r["school_id"])
    assert absent == schools_with(planted, "missing_submission")


def test_same_school_under_two_codes(planted, raw, register):
    r = with_register_id(raw, register)
    unknown = set(r["school_id"]) - set(register["school_id"])
    typed = {p.typed_code for p in planted if p.problem == "duplicate_under_two_codes"}
    assert unknown == typed


def test_duplicate_submissions(planted, raw, register):
    r = with_register_id(raw, register)
    dup = r[r.drop(columns="date_submitted").duplicated()]
    assert set(dup["school_id"]) == schools_with(planted, "duplicate_submission")


def test_impossible_ages(planted, raw, register):
    r = with_register_id(raw, register)
    over = r["age"] - r["grade"] - 5
    bad = r[~over.between(-1, 6)]
    found = set(zip(bad["school_id"], bad["grade"], bad["age"], strict=True))
    assert found == rows_with(planted, "impossible_age")


def test_far_above_capacity(planted, raw, register):
    r = with_register_id(raw, register).drop_duplicates(
        subset=["school_id", "grade", "age", "boys", "girls"])
    totals = r.groupby("school_id").agg(total=("total", "sum"), capacity=("capacity", "first"))
    # Capacity counts one shift, so double-shift schools may hold about twice as many.
    far = totals[totals["total"] > 3 * totals["capacity"]]
    assert set(far.index) == schools_with(planted, "above_capacity")


def test_codes_and_spellings(planted, raw, register):
    r = with_register_id(raw, register)
    bad_sector = set(r.loc[~r["sector_code"].isin(["PUB", "SUB", "PRI"]), "school_id"])
    assert bad_sector == schools_with(planted, "sector_code")
    bad_area = set(r.loc[~r["area_code"].isin(["U", "R"]), "school_id"])
    assert bad_area == schools_with(planted, "area_code")
    names = set(datasets.load("districts")["district_name"])
    bad_name = set(r.loc[~r["district_name"].isin(names), "school_id"])
    assert bad_name == schools_with(planted, "district_spelling")
    short = set(raw.loc[raw["school_code"].str.len() != 7, "school_code"])
    assert short == {p.typed_code for p in planted if p.problem == "code_lost_leading_zero"}


def test_totals_that_do_not_add_up(planted, raw, register):
    r = with_register_id(raw, register)
    wrong = r[(r["total"] != r["boys"] + r["girls"]).fillna(False)]
    found = set(zip(wrong["school_id"], wrong["grade"], wrong["age"], strict=True))
    assert found == rows_with(planted, "row_total_wrong")
    blank = r[r["boys"].isna() | r["girls"].isna()]
    found = set(zip(blank["school_id"], blank["grade"], blank["age"], strict=True))
    assert found == rows_with(planted, "blank_cells")
    sums = r.assign(n=r["boys"].fillna(0) + r["girls"].fillna(0)).drop_duplicates(
        subset=["school_id", "grade", "age", "n"])
    per_school = sums.groupby("school_id").agg(n=("n", "sum"),
                                               declared=("school_total_declared", "first"))
    off = set(per_school.index[per_school["n"] != per_school["declared"]])
    expected = (schools_with(planted, "declared_total_wrong")
                | schools_with(planted, "above_capacity")
                | schools_with(planted, "blank_cells"))
    assert off == expected


def test_more_repeaters_than_pupils(planted, raw, register):
    r = with_register_id(raw, register)
    bad = r[(r["repeaters_boys"] > r["boys"]).fillna(False)
            | (r["repeaters_girls"] > r["girls"]).fillna(False)]
    found = set(zip(bad["school_id"], bad["grade"], bad["age"], strict=True))
    assert found == rows_with(planted, "repeaters_above_pupils")


def test_district_that_resubmitted_last_year(planted, raw, register):
    r = with_register_id(raw, register)
    e = datasets.load("enrolment")
    def same_as(year: int) -> set[str]:
        clean = e[e["year"] == year].pivot_table(
            index=["school_id", "grade", "age"], columns="sex", values="pupils",
            aggfunc="sum", fill_value=0, observed=True).rename(columns={"M": "boys",
                                                                        "F": "girls"})
        form = r.set_index(["school_id", "grade", "age"])[["boys", "girls"]]
        out = set()
        for school, rows in form.groupby(level=0):
            if school in clean.index.get_level_values(0):
                ref = clean.loc[[school]][["boys", "girls"]]
                if (len(rows) == len(ref) and rows.sort_index().fillna(-1).values.tolist()
                        == ref.sort_index().values.tolist()):
                    out.add(school)
        return out
    resent = schools_with(planted, "resubmitted_last_year")
    assert resent == same_as(2023)
    assert not (resent & same_as(2024))
    districts = register.set_index("school_id").loc[sorted(resent), "district_code"]
    assert districts.nunique() == 1
