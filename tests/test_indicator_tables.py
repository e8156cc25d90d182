"""Table-level indicator helpers: hand-computed on a tiny country, consistent on the
sample data."""

from __future__ import annotations

import pandas as pd
import pytest

from emiskit.indicators import tables

# A tiny country: two districts in two regions, three schools.
DISTRICTS = pd.DataFrame({"district_code": ["0101", "0201"], "region_code": ["01", "02"]})
SCHOOLS = pd.DataFrame(
    {
        "school_id": ["0101001", "0101002", "0201001"],
        "district_code": ["0101", "0101", "0201"],
        "area": ["urban", "rural", "rural"],
        "sector": ["public", "private", "public"],
    }
)


def _enrolment() -> pd.DataFrame:
    rows = [
        # school, year, grade, sex, age, pupils, repeaters, graduates
        ("0101001", 2023, 1, "F", 6, 40, 4, None),
        ("0101001", 2023, 1, "M", 8, 10, 6, None),  # over-age
        ("0101001", 2023, 6, "F", 11, 30, 1, 27),
        ("0101001", 2023, 7, "F", 11, 5, 0, None),  # official primary age, in secondary
        ("0101002", 2023, 1, "M", 6, 20, 2, None),
        ("0201001", 2023, 1, "F", 5, 10, 0, None),  # under-age
        ("0101001", 2024, 1, "F", 6, 38, 5, None),
        ("0101001", 2024, 2, "F", 7, 42, 3, None),
        ("0101002", 2024, 1, "M", 6, 21, 1, None),
        ("0101002", 2024, 2, "M", 7, 18, 0, None),
        ("0201001", 2024, 2, "F", 6, 9, 0, None),
    ]
    frame = pd.DataFrame(
        rows,
        columns=["school_id", "year", "grade", "sex", "age", "pupils", "repeaters",
                 "graduates"],
    )
    return frame.astype({"pupils": "Int64", "repeaters": "Int64", "graduates": "Int64"})


def _population() -> pd.DataFrame:
    rows = []
    for district, size in [("0101", 20), ("0201", 5)]:
        for year in (2023, 2024):
            for age in range(3, 19):
                for sex in ("F", "M"):
                    rows.append((district, year, age, sex, size))
    return pd.DataFrame(rows, columns=["district_code", "year", "age", "sex", "population"])


TABLES = {"enrolment": _enrolment(), "population": _population(), "schools": SCHOOLS,
          "districts": DISTRICTS}


def test_access_indicators_national_by_hand() -> None:
    result = tables.access_indicators(**TABLES).loc[2023]
    # grades 1-6 of 2023: 40 + 10 + 30 + 20 + 10 = 110 pupils, any age
    assert result["enrolment"] == 110
    # official primary age 6-11: 6 ages x 2 sexes x (20 + 5) = 300 children
    assert result["population"] == 300
    # official-age (6-11) pupils in primary: 40 + 10 + 30 + 20 = 100 (not the 5-year-old)
    assert result["enrolment_official_age"] == 100
    assert result["ger"] == pytest.approx(110 / 300 * 100)
    assert result["ner"] == pytest.approx(100 / 300 * 100)
    # the 11-year-old in grade 7 counts for the adjusted NER and as in school
    assert result["adjusted_ner"] == pytest.approx(105 / 300 * 100)
    assert result["out_of_school_rate"] == pytest.approx((300 - 105) / 300 * 100)


def test_access_indicators_by_region_and_sex() -> None:
    result = tables.access_indicators(by="region", sex=True, **TABLES)
    assert result.loc[("02", 2023, "F"), "enrolment"] == 10
    assert result.loc[("02", 2023, "F"), "enrolment_official_age"] == 0  # under-age only
    assert result.loc[("02", 2023, "M"), "enrolment"] == 0  # a population, no pupils
    assert result.loc[("02", 2023, "M"), "ger"] == 0
    gpi = tables.gender_parity(result, "ger", adjusted=False)
    # region 01, 2023: girls 70 pupils / 120, boys 30 / 120
    assert gpi.loc[("01", 2023)] == pytest.approx(70 / 30)


def test_population_indicators_refuse_school_breakdown() -> None:
    with pytest.raises(ValueError, match="district only"):
        tables.access_indicators(by="school", **TABLES)


def test_flow_indicators_by_hand() -> None:
    flow = tables.flow_indicators(by="national", **{k: v for k, v in TABLES.items()
                                                   if k != "population"})
    # grade 1 in 2023: 40 + 10 + 20 + 10 = 80; grade 2 in 2024: 42 + 18 + 9 = 69, 3
    # repeaters; grade 1 repeaters in 2024: 5 + 1 = 6
    grade1 = flow.loc[(2023, 1)]
    assert grade1["promotion"] == pytest.approx((69 - 3) / 80 * 100)
    assert grade1["repetition"] == pytest.approx(6 / 80 * 100)
    assert grade1["dropout"] == pytest.approx(100 - (66 + 6) / 80 * 100)
    # grade 6 (the last primary grade) is promoted by graduating: 27 of 30
    assert flow.loc[(2023, 6), "promotion"] == pytest.approx(90.0)


def test_teacher_indicators_by_hand() -> None:
    staff = pd.DataFrame(
        {
            "school_id": ["0101001", "0101002", "0201001", "0101001"],
            "year": [2023] * 4,
            "level": ["primary", "primary", "primary", "lower_secondary"],
            "teachers": [3, 1, 1, 2],
            "trained": [2, 1, 0, 2],
            "qualified": [3, 1, 1, 2],
        }
    )
    result = tables.teacher_indicators(
        by="area", enrolment=TABLES["enrolment"], teachers=staff, schools=SCHOOLS,
        districts=DISTRICTS,
    )
    rural = result.loc[("rural", 2023)]
    assert rural["pupils"] == 30 and rural["teachers"] == 2
    assert rural["ptr"] == pytest.approx(15.0)
    assert rural["percent_trained"] == pytest.approx(50.0)
    assert result.loc[("urban", 2023), "ptr"] == pytest.approx(80 / 3)


def test_unknown_choices_are_named() -> None:
    with pytest.raises(ValueError, match="level must be one of"):
        tables.flow_indicators(level="tertiary", **{k: v for k, v in TABLES.items()
                                                    if k != "population"})


# --- the sample data ---------------------------------------------------------------------

def test_regions_add_up_to_the_nation_on_the_sample_data() -> None:
    national = tables.access_indicators()
    regional = tables.access_indicators(by="region")
    sums = regional.groupby(level="year")[["enrolment", "population"]].sum()
    pd.testing.assert_frame_equal(sums, national[["enrolment", "population"]])
    assert ((regional["ner"] > 0) & (regional["ner"] <= 100)).all()


def test_survival_on_the_sample_data_never_rises() -> None:
    survival = tables.survival_indicators(by="region").dropna()
    assert not survival.empty
    steps = survival.groupby(level=["region_code", "year"]).diff().dropna()
    assert (steps <= 1e-9).all()
    assert (survival.xs(1, level="grade") == 100).all()
