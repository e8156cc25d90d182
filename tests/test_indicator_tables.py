"""Table-level indicator helpers: hand-computed on a tiny country, consistent on the
sample data, and identical to the indicator explorer's figures (one aggregation path)."""

from __future__ import annotations

import doctest
import functools
import math

import pandas as pd
import pytest

from emiskit import datasets
from emiskit.indicators import cubes, tables
from emiskit.widgets.logic import indicators as explorer

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


# --- the by-hand country, features of the shared cubes -----------------------------------

def test_level_flow_indicators_by_hand() -> None:
    flow = tables.level_flow_indicators(**{k: v for k, v in TABLES.items()
                                           if k != "population"})
    level = flow.loc[2023]
    # grade 1: 66 of 80 promoted; grade 6: 27 of 30 graduated: (66 + 27) / (80 + 30)
    assert level["promotion"] == pytest.approx(93 / 110 * 100)
    # grade 6 of 2023 has no repetition rate (no grade 6 in 2024): grade 1 alone, 6 of 80
    assert level["repetition"] == pytest.approx(6 / 80 * 100)
    assert level["dropout"] == pytest.approx(100 - (66 + 6) / 80 * 100)
    assert level["enrolment"] == 110
    assert flow.loc[2024, ["promotion", "repetition", "dropout"]].isna().all()  # last year


def test_flow_indicators_by_sex_by_hand() -> None:
    census = {k: v for k, v in TABLES.items() if k != "population"}
    flow = tables.flow_indicators(sex=True, **census)
    assert list(flow.index.names) == ["year", "sex", "grade"]
    # girls in grade 1, 2023: 40 + 10 = 50; in grade 2, 2024: 42 + 9 = 51 with 3 repeaters;
    # 5 girls repeat grade 1 in 2024. More girls move up than there were: negative dropout.
    girls = flow.loc[(2023, "F", 1)]
    assert girls["promotion"] == pytest.approx((51 - 3) / 50 * 100)
    assert girls["repetition"] == pytest.approx(5 / 50 * 100)
    assert girls["dropout"] == pytest.approx(-6.0)
    # boys: 10 + 20 = 30 in grade 1; 18 in grade 2 the next year, 1 repeater in grade 1
    boys = flow.loc[(2023, "M", 1)]
    assert boys["promotion"] == pytest.approx(18 / 30 * 100)
    assert boys["repetition"] == pytest.approx(1 / 30 * 100)
    level = tables.level_flow_indicators(sex=True, **census)
    assert level.loc[(2023, "M"), "enrolment"] == 30
    survival = tables.survival_indicators(sex=True, **census)
    assert survival.loc[(2023, "M", 1)] == 100


def test_teacher_indicators_by_school_by_hand() -> None:
    staff = pd.DataFrame({"school_id": ["0101001", "0101002", "0201001"], "year": [2023] * 3,
                          "level": ["primary"] * 3, "teachers": [3, 1, 1],
                          "trained": [2, 1, 0], "qualified": [3, 1, 1]})
    result = tables.teacher_indicators(by="school", enrolment=TABLES["enrolment"],
                                       teachers=staff)
    # school 0101001, 2023: 40 + 10 + 30 primary pupils (the grade-7 girls do not count)
    assert result.loc[("0101001", 2023), "ptr"] == pytest.approx(80 / 3)
    assert result.loc[("0201001", 2023), "percent_trained"] == 0
    # 2024 has pupils and no teacher count: 0 teachers, so no ratio
    assert result.loc[("0101001", 2024), "teachers"] == 0
    assert math.isnan(result.loc[("0101001", 2024), "ptr"])
    assert result.index.get_level_values("school_id").dtype == TABLES["enrolment"][
        "school_id"].dtype


def test_a_school_missing_from_the_register_counts_nationally_only() -> None:
    stray = pd.DataFrame([("0999001", 2023, 1, "F", 6, 7, 0, None)],
                         columns=TABLES["enrolment"].columns).astype(
        TABLES["enrolment"].dtypes.to_dict())
    census = dict(TABLES, enrolment=pd.concat([TABLES["enrolment"], stray],
                                              ignore_index=True))
    assert tables.access_indicators(**census).loc[2023, "enrolment"] == 110 + 7
    by_district = tables.access_indicators(by="district", **census)
    assert by_district.xs(2023, level="year")["enrolment"].sum() == 110
    # the indicator explorer follows the same rule
    regions = pd.DataFrame({"region_code": ["01", "02"], "region_name": ["Norte", "Sur"]})
    staff = pd.DataFrame(columns=["school_id", "year", "level", "teachers", "trained"])
    data = explorer.prepare_indicator_data(dict(census, regions=regions, teachers=staff,
                                                districts=DISTRICTS.assign(
                                                    district_name=["Uno", "Dos"])))
    assert explorer.compute(data, "ger", "primary", "national").loc[2023, "enrolment"] == 117


def test_cube_errors_say_what_to_do() -> None:
    with pytest.raises(ValueError, match="needs the schools and districts"):
        cubes.census_cubes(TABLES["enrolment"])
    twice = pd.concat([SCHOOLS, SCHOOLS.iloc[:1]])
    with pytest.raises(ValueError, match="'0101001' more than once"):
        cubes.census_cubes(TABLES["enrolment"], schools=twice, districts=DISTRICTS)
    built = cubes.census_cubes(TABLES["enrolment"], schools=SCHOOLS, districts=DISTRICTS,
                               population=TABLES["population"], sex=False)
    with pytest.raises(ValueError, match="population cube cannot be broken down by 'area'"):
        cubes.access_by(built, "primary", "area")
    with pytest.raises(ValueError, match="not kept by sex"):
        cubes.level_flows_by(built, "primary", sex=True)
    with pytest.raises(ValueError, match="no teachers cube"):
        cubes.teachers_by(built, "primary")
    with pytest.raises(ValueError, match="cannot sum"):
        cubes.census_cubes(TABLES["enrolment"], grain="school", sums=["age"])


def test_cube_docstring_examples_are_correct() -> None:
    result = doctest.testmod(cubes, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


# --- one aggregation path: the indicator explorer and the table helpers agree ------------

# Where each explorer figure is in the table helpers' output: the value's column, and the
# detail columns. The explorer's "sex" breakdown is the helpers' national one with sex=True.
_ACCESS = {"ger": "ger", "ner": "ner", "out_of_school": "out_of_school_rate"}
_DETAILS = {"in_school": "in_school_official_age", "trained": "trained", "teachers": "teachers",
            "pupils": "pupils", "enrolment": "enrolment", "population": "population",
            "enrolment_official_age": "enrolment_official_age"}


@functools.cache
def _helper(name: str, by: str, level: str, sex: bool) -> pd.DataFrame:
    if name == "teacher":
        return tables.teacher_indicators(by, level)
    if name == "level_flow":
        return tables.level_flow_indicators(by, level, sex=sex)
    return tables.access_indicators(by, level, sex=sex)


@functools.cache
def _explorer_data() -> explorer.IndicatorData:
    return explorer.prepare_indicator_data({name: datasets.load(name)
                                            for name in explorer.TABLES_NEEDED})


def _by_text(values: pd.Series, order: list[str]) -> pd.Series:
    """Values indexed by ``order`` with group codes as text, sorted: the explorer shows
    codes as text, the helpers keep the census's types."""
    index = values.index
    arrays = [index.get_level_values(n) if n == "year" else index.get_level_values(n)
              .astype("str") for n in order]
    new = pd.MultiIndex.from_arrays(arrays) if len(order) > 1 else pd.Index(arrays[0])
    return pd.Series(values.to_numpy(), index=new.set_names(order)).sort_index()


CASES = [(i, lv, b) for i in explorer.INDICATORS for lv in explorer.LEVELS
         for b in explorer.AVAILABLE[i]]


@pytest.mark.parametrize(("indicator", "level", "breakdown"), CASES)
def test_explorer_and_table_helpers_give_identical_figures(indicator, level, breakdown) -> None:
    shown = explorer.compute(_explorer_data(), indicator, level, breakdown)
    by, sex = ("national", True) if breakdown == "sex" else (breakdown, False)
    order = [*explorer.BREAKDOWN_COLUMNS[breakdown], "year"]
    if indicator == "gpi":
        expected = {"value": tables.gender_parity(_helper("access", by, level, True), "ger")}
    else:
        if indicator in _ACCESS:
            table, value = _helper("access", by, level, sex), _ACCESS[indicator]
        elif indicator in ("ptr", "trained"):
            table = _helper("teacher", by, level, sex)
            value = "ptr" if indicator == "ptr" else "percent_trained"
        else:
            table, value = _helper("level_flow", by, level, sex), indicator
        expected = {"value": table[value]}
        expected.update({c: table[_DETAILS[c]] for c in explorer.DETAIL_COLUMNS[indicator]})
    assert not shown.empty
    for column, values in expected.items():
        pd.testing.assert_series_equal(_by_text(shown[column], order),
                                       _by_text(values, order), check_exact=True,
                                       check_names=False)
