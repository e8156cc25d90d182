"""Hand-computed examples for every indicator in emiskit.indicators.

Each expected value below is worked out by hand (the arithmetic is in the comment), not
copied from the function's own output.
"""

from __future__ import annotations

import doctest
import importlib
import math
import warnings

import numpy as np
import pandas as pd
import pytest

import emiskit.indicators as ind
from emiskit.indicators import (
    adjusted_net_enrolment_rate,
    age_specific_enrolment_rate,
    coefficient_of_efficiency,
    completion_rate,
    disaggregate,
    effect_size_to_months,
    flow_rates,
    flow_rates_by,
    gross_enrolment_ratio,
    gross_intake_ratio,
    gross_intake_ratio_last_grade,
    learning_poverty,
    literacy_rate,
    net_attendance_rate,
    net_enrolment_rate,
    net_intake_rate,
    official_age_in_school,
    out_of_school_rate,
    parity_index,
    percent_trained_teachers,
    percentage_of_repeaters,
    pupil_teacher_ratio,
    school_life_expectancy,
    share_at_or_above_minimum,
    share_below_minimum,
    survey_completion_rate,
    survey_out_of_school_rate,
    survival_rate,
    transition_rate,
    years_input_per_graduate,
)

MODULES = [
    "emiskit.indicators._checks",
    "emiskit.indicators.enrolment",
    "emiskit.indicators.flow",
    "emiskit.indicators.teachers",
    "emiskit.indicators.learning",
    "emiskit.indicators.equity",
    "emiskit.indicators.evidence",
    "emiskit.indicators.disaggregate",
    "emiskit.indicators.tables",
    "emiskit.indicators.household",
]


@pytest.fixture
def no_warnings():
    """Turn every warning into an error inside the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# --- documentation ------------------------------------------------------------------------


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples_are_correct(module_name):
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0


PUBLIC_FUNCTIONS = [name for name in ind.__all__ if callable(getattr(ind, name))]


@pytest.mark.parametrize("name", PUBLIC_FUNCTIONS)
def test_public_functions_have_docstrings_with_source_and_example(name):
    doc = getattr(ind, name).__doc__ or ""
    assert ">>>" in doc, f"{name} has no example"
    if name not in {"disaggregate", "flow_rates_by"}:
        assert "Source" in doc, f"{name} does not name its source"


# --- enrolment ----------------------------------------------------------------------------


def test_gross_enrolment_ratio_can_exceed_100():
    # 1,050 pupils of any age for 1,000 children of official age: 105 %
    assert gross_enrolment_ratio(1050, 1000) == pytest.approx(105.0)
    assert isinstance(gross_enrolment_ratio(1050, 1000), float)


def test_net_enrolment_rate_and_cap():
    assert net_enrolment_rate(930, 1000) == pytest.approx(93.0)
    # more official-age pupils than the population estimate: shown, unless capped
    assert net_enrolment_rate(1020, 1000) == pytest.approx(102.0)
    assert net_enrolment_rate(1020, 1000, cap=True) == pytest.approx(100.0)


def test_adjusted_net_enrolment_rate_counts_higher_level():
    # 930 primary-age children in primary + 25 already in secondary, out of 1,000
    assert adjusted_net_enrolment_rate(930 + 25, 1000) == pytest.approx(95.5)
    assert adjusted_net_enrolment_rate(955, 1000) > net_enrolment_rate(930, 1000)


def test_out_of_school_rate_two_definitions():
    # 1,000 primary-age children: 20 in pre-primary, 900 in primary, 30 in secondary
    sdg = official_age_in_school(pre_primary=20, primary=900, secondary=30)
    legacy = official_age_in_school(pre_primary=20, primary=900, secondary=30, definition="legacy")
    assert sdg == 950 and legacy == 930
    assert out_of_school_rate(1000, sdg) == pytest.approx(5.0)  # 50 / 1000
    assert out_of_school_rate(1000, legacy) == pytest.approx(7.0)  # 70 / 1000
    with pytest.raises(ValueError, match="definition"):
        official_age_in_school(primary=1, definition="uis2011")


def test_official_age_in_school_with_series():
    index = pd.Index(["urbano", "rural"], name="area")
    in_school = official_age_in_school(
        pre_primary=pd.Series([5, 15], index=index),
        primary=pd.Series([600, 300], index=index),
        definition="legacy",
    )
    pd.testing.assert_series_equal(
        in_school, pd.Series([600.0, 300.0], index=index, name="official_age_in_school")
    )


def test_out_of_school_rate_is_100_minus_aner_under_sdg_definition():
    in_school = official_age_in_school(primary=900, secondary=30, higher=0, pre_primary=20)
    assert out_of_school_rate(1000, in_school) == pytest.approx(
        100 - adjusted_net_enrolment_rate(in_school, 1000)
    )


def test_out_of_school_rate_negative_unless_capped():
    assert out_of_school_rate(1000, 1020) == pytest.approx(-2.0)
    assert out_of_school_rate(1000, 1020, cap=True) == 0.0


def test_gross_intake_ratio_last_grade():
    # (880 − 40) / 1000 × 100 = 84
    assert gross_intake_ratio_last_grade(880, 40, 1000) == pytest.approx(84.0)
    with pytest.raises(ValueError, match="repeaters_last_grade"):
        gross_intake_ratio_last_grade(40, 880, 1000)


# --- teachers -----------------------------------------------------------------------------


def test_pupil_teacher_ratio():
    # El Salvador census (seed 003): 1,505,182 pupils, 46,981 teachers ≈ 32 per teacher
    assert pupil_teacher_ratio(1_505_182, 46_981) == pytest.approx(32.038, abs=1e-3)
    assert pupil_teacher_ratio(240, 7.5) == pytest.approx(32.0)  # FTE teachers


def test_percent_trained_teachers():
    assert percent_trained_teachers(45, 60) == pytest.approx(75.0)
    with pytest.raises(ValueError, match="trained_teachers"):
        percent_trained_teachers(61, 60)


# --- equity -------------------------------------------------------------------------------


def test_parity_index_uis_example():
    assert parity_index(40, 50) == pytest.approx(0.8)
    assert parity_index(50, 40) == pytest.approx(1.2)  # 2 − 1/1.25
    assert parity_index(50, 40, adjusted=False) == pytest.approx(1.25)
    assert parity_index(40, 50, adjusted=False) == pytest.approx(0.8)
    assert parity_index(30, 30) == pytest.approx(1.0)


def test_parity_index_zero_values():
    assert parity_index(0, 50) == 0.0
    assert math.isnan(parity_index(50, 0))
    assert math.isnan(parity_index(0, 0))


def test_parity_index_by_region_series():
    girls = pd.Series([88.0, 95.0], index=["Norte", "Sur"])
    boys = pd.Series([80.0, 95.0], index=["Norte", "Sur"])
    result = parity_index(girls, boys)
    # Norte: 88/80 = 1.1 → 2 − 1/1.1 = 1.0909…
    assert result["Norte"] == pytest.approx(2 - 80 / 88)
    assert result["Sur"] == pytest.approx(1.0)


# --- flow ---------------------------------------------------------------------------------


def el_salvador_like():
    """Six grades, 1,000 pupils each in year t; next year 947 pupils, 60 of them repeaters.

    promotion = (947 − 60) / 1000 = 88.7 %, repetition = 60 / 1000 = 6.0 %,
    dropout = 100 − 88.7 − 6.0 = 5.3 % (El Salvador 2003, grades 1–6: 88.7, 6.0, 5.3).
    """
    grades = pd.Index(range(1, 7), name="grade")
    enrolment = pd.Series(1000, index=grades)
    enrolment_next = pd.Series(947, index=grades)
    repeaters_next = pd.Series(60, index=grades)
    return enrolment, enrolment_next, repeaters_next


def test_flow_rates_el_salvador_like():
    flow = flow_rates(*el_salvador_like())
    assert list(flow.columns) == ["promotion", "repetition", "dropout"]
    assert list(flow.index) == [1, 2, 3, 4, 5, 6]
    assert flow.index.name == "grade"
    np.testing.assert_allclose(flow.loc[1:5, "promotion"], 88.7)
    np.testing.assert_allclose(flow["repetition"], 6.0)
    np.testing.assert_allclose(flow.loc[1:5, "dropout"], 5.3)
    # no graduates given: the last grade has no promotion or dropout rate
    assert np.isnan(flow.loc[6, "promotion"]) and np.isnan(flow.loc[6, "dropout"])


def test_flow_rates_different_grades():
    grades = pd.Index([1, 2, 3], name="grade")
    enrolment = pd.Series([200, 150, 120], index=grades)
    enrolment_next = pd.Series([210, 160, 130], index=grades)
    repeaters_next = pd.Series([20, 12, 6], index=grades)
    flow = flow_rates(enrolment, enrolment_next, repeaters_next, graduates=100)
    # grade 1: promotion (160 − 12)/200 = 74, repetition 20/200 = 10, dropout 16
    # grade 2: promotion (130 − 6)/150 = 82.67, repetition 12/150 = 8, dropout 9.33
    # grade 3: promotion 100/120 = 83.33, repetition 6/120 = 5, dropout 11.67
    expected = pd.DataFrame(
        {
            "promotion": [74.0, 124 / 1.5, 100 / 1.2],
            "repetition": [10.0, 8.0, 5.0],
            "dropout": [16.0, 100 - 124 / 1.5 - 8, 100 - 100 / 1.2 - 5],
        },
        index=grades,
    )
    pd.testing.assert_frame_equal(flow, expected)


def test_flow_rates_graduates_series_uses_last_grade_only():
    e, e_next, r_next = el_salvador_like()
    graduates = pd.Series([999, 999, 999, 999, 999, 900], index=e.index)
    flow = flow_rates(e, e_next, r_next, graduates=graduates)
    assert flow.loc[6, "promotion"] == pytest.approx(90.0)
    assert flow.loc[6, "dropout"] == pytest.approx(4.0)  # 100 − 90 − 6
    np.testing.assert_allclose(flow.loc[1:5, "promotion"], 88.7)


def test_flow_rates_unsorted_input_is_sorted():
    e, e_next, r_next = el_salvador_like()
    flow = flow_rates(e[::-1], e_next, r_next[::-1])
    assert list(flow.index) == [1, 2, 3, 4, 5, 6]
    np.testing.assert_allclose(flow.loc[1:5, "promotion"], 88.7)


def test_flow_rates_zero_enrolment_gives_nan(no_warnings):
    e, e_next, r_next = el_salvador_like()
    e = e.copy()
    e[3] = 0
    flow = flow_rates(e, e_next, r_next)
    assert flow.loc[3].isna().all()
    assert flow.loc[2].notna().all()


def test_flow_rates_input_errors():
    e, e_next, r_next = el_salvador_like()
    with pytest.raises(ValueError, match="repeaters_next"):
        flow_rates(e, e_next, r_next.where(r_next.index != 2, 2000))
    with pytest.raises(ValueError, match="enrolment_next"):
        flow_rates(e, e_next.where(e_next.index != 4, -1), r_next)
    with pytest.raises(ValueError, match="gaps"):
        flow_rates(e.drop(3), e_next.drop(3), r_next.drop(3))
    with pytest.raises(ValueError, match="repeaters_next has no value"):
        flow_rates(e, e_next, r_next.drop(2))
    with pytest.raises(TypeError, match="whole numbers"):
        flow_rates(e.set_axis(list("abcdef")), e_next, r_next)
    with pytest.raises(TypeError, match="Series"):
        flow_rates([1000, 1000], e_next, r_next)
    with pytest.raises(ValueError, match="graduates"):
        flow_rates(e, e_next, r_next, graduates=1001)
    with pytest.raises(ValueError, match="graduates"):
        flow_rates(e, e_next, r_next, graduates=pd.Series([5], index=[1]))


def test_survival_rate_closed_form_by_hand():
    flow = flow_rates(*el_salvador_like())
    survival = survival_rate(flow)
    # S_k = 100 × (0.887 / 0.94)^(k − 1)
    expected = [100 * (0.887 / 0.94) ** (k - 1) for k in range(1, 7)]
    np.testing.assert_allclose(survival.to_numpy(), expected)
    assert survival.name == "survival"
    assert survival.index.equals(flow.index)


def test_survival_rate_capped_by_hand():
    grades = pd.Index([1, 2, 3], name="grade")
    flow = pd.DataFrame({"promotion": [80.0, 70.0, 90.0], "repetition": [10.0, 20.0, 5.0]}, grades)
    p1, r1, p2, r2 = 0.8, 0.1, 0.7, 0.2
    # no repetition allowed: repeaters drop out, S_3 = p1 p2
    s0 = survival_rate(flow, max_repetitions=0)
    np.testing.assert_allclose(s0, [100, 100 * p1, 100 * p1 * p2])
    # one repetition in the whole cycle: reach grade 3 by 1-1-2-3, 1-2-2-3 or 1-2-3
    s1 = survival_rate(flow, max_repetitions=1)
    np.testing.assert_allclose(
        s1, [100, 100 * p1 * (1 + r1), 100 * (p1 * p2 + r1 * p1 * p2 + p1 * r2 * p2)]
    )
    # unlimited: p / (1 − r)
    s_inf = survival_rate(flow)
    np.testing.assert_allclose(
        s_inf, [100, 100 * p1 / (1 - r1), 100 * p1 / (1 - r1) * p2 / (1 - r2)]
    )


def brute_force_cohort(promotion, repetition, cap):
    """Follow a cohort year by year through (grade, repetitions used) states."""
    n = len(promotion)
    reached = [0.0] * n
    state = {(0, 0): 1.0}
    reached[0] = 1.0
    for _year in range(n * (cap + 1) + 1):
        new_state: dict[tuple[int, int], float] = {}
        for (g, j), mass in state.items():
            if g == n - 1:
                continue  # reaching the last grade is all survival needs
            promoted = mass * promotion[g]
            reached[g + 1] += promoted
            new_state[(g + 1, j)] = new_state.get((g + 1, j), 0.0) + promoted
            if j < cap:
                new_state[(g, j + 1)] = new_state.get((g, j + 1), 0.0) + mass * repetition[g]
        state = new_state
    return [100 * x for x in reached]


@pytest.mark.parametrize("cap", [0, 1, 2, 3, 5])
def test_survival_rate_capped_matches_year_by_year_cohort(cap):
    rng = np.random.default_rng(cap)
    p = rng.uniform(0.6, 0.9, 6)
    r = rng.uniform(0.0, 1 - p)
    flow = pd.DataFrame({"promotion": 100 * p, "repetition": 100 * r}, pd.Index(range(1, 7)))
    np.testing.assert_allclose(
        survival_rate(flow, max_repetitions=cap), brute_force_cohort(p, r, cap), rtol=1e-12
    )


def test_survival_rate_argument_errors():
    flow = flow_rates(*el_salvador_like())
    with pytest.raises(ValueError, match="max_repetitions"):
        survival_rate(flow, max_repetitions=-1)
    with pytest.raises(TypeError, match="max_repetitions"):
        survival_rate(flow, max_repetitions=1.5)
    with pytest.raises(ValueError, match="promotion"):
        survival_rate(flow.drop(columns="promotion"))


def test_survival_rate_nan_propagates_to_later_grades():
    flow = flow_rates(*el_salvador_like())
    flow.loc[3, "promotion"] = np.nan
    survival = survival_rate(flow)
    assert survival.loc[1:3].notna().all()
    assert survival.loc[4:].isna().all()


# --- flow: many schools at once ------------------------------------------------------------


def census_table(n_schools=40, years=(2021, 2022, 2023), grades=range(1, 7), seed=1):
    rng = np.random.default_rng(seed)
    index = pd.MultiIndex.from_product(
        [[f"S{i:03d}" for i in range(n_schools)], years, grades], names=["school", "year", "grade"]
    )
    frame = index.to_frame(index=False)
    frame["region"] = frame["school"].map(lambda s: "Norte" if int(s[1:]) % 2 else "Sur")
    frame["enrolment"] = rng.integers(15, 60, len(frame))
    frame["repeaters"] = rng.binomial(frame["enrolment"], 0.07)
    frame["graduates"] = rng.binomial(frame["enrolment"], 0.9)
    return frame


def test_flow_rates_multiindex_equals_one_school_at_a_time():
    frame = census_table()
    year_t = frame[frame.year == 2022].set_index(["school", "grade"])
    year_next = frame[frame.year == 2023].set_index(["school", "grade"])
    together = flow_rates(
        year_t["enrolment"],
        year_next["enrolment"],
        year_next["repeaters"],
        graduates=year_t["graduates"],
    )
    assert together.index.names == ["school", "grade"]
    for school in ["S000", "S017", "S039"]:
        alone = flow_rates(
            year_t.loc[school, "enrolment"],
            year_next.loc[school, "enrolment"],
            year_next.loc[school, "repeaters"],
            graduates=year_t.loc[school, "graduates"],
        )
        pd.testing.assert_frame_equal(together.loc[school], alone)
        pd.testing.assert_series_equal(survival_rate(together).loc[school], survival_rate(alone))
        pd.testing.assert_series_equal(
            survival_rate(together, max_repetitions=2).loc[school],
            survival_rate(alone, max_repetitions=2),
        )


def test_flow_rates_by_matches_flow_rates_per_school_and_year():
    frame = census_table()
    result = flow_rates_by(frame, by="school", graduates="graduates")
    assert result.index.names == ["school", "year", "grade"]
    assert list(result.columns) == ["promotion", "repetition", "dropout"]
    by_key = frame.set_index(["school", "year", "grade"])
    for school, year in [("S003", 2021), ("S020", 2022)]:
        now, nxt = by_key.loc[(school, year)], by_key.loc[(school, year + 1)]
        expected = flow_rates(now.enrolment, nxt.enrolment, nxt.repeaters, now.graduates)
        pd.testing.assert_frame_equal(result.loc[(school, year)], expected)
    # the last year has no next year: everything needing year t + 1 is NaN, while the
    # last grade's promotion (graduates / enrolment) is still known
    last_year = result.xs(2023, level="year")
    grade = last_year.index.get_level_values("grade")
    assert last_year["repetition"].isna().all()
    assert last_year["dropout"].isna().all()
    assert last_year.loc[grade < 6, "promotion"].isna().all()
    assert last_year.loc[grade == 6, "promotion"].notna().all()


def test_flow_rates_by_adds_up_rows_for_regions_and_nation():
    frame = census_table()
    regional = flow_rates_by(frame, by="region")
    norte = frame[frame.region == "Norte"].groupby(["year", "grade"])[["enrolment", "repeaters"]]
    totals = norte.sum()
    e, nxt = totals.loc[2021], totals.loc[2022]
    # grade 2 promotion, by hand from the summed counts
    expected = 100 * (nxt.loc[3, "enrolment"] - nxt.loc[3, "repeaters"]) / e.loc[2, "enrolment"]
    assert regional.loc[("Norte", 2021, 2), "promotion"] == pytest.approx(expected)
    national = flow_rates_by(frame)
    assert national.index.names == ["year", "grade"]
    all_e = frame.groupby(["year", "grade"])["enrolment"].sum()
    all_r = frame.groupby(["year", "grade"])["repeaters"].sum()
    assert national.loc[(2022, 4), "repetition"] == pytest.approx(
        100 * all_r.loc[(2023, 4)] / all_e.loc[(2022, 4)]
    )


def test_flow_rates_by_incomplete_school_gives_nan_not_error():
    frame = census_table(n_schools=2)
    # school S001 teaches only grades 1-3 (an escuela incompleta)
    frame = frame[~((frame.school == "S001") & (frame.grade > 3))]
    result = flow_rates_by(frame, by="school")
    assert np.isnan(result.loc[("S001", 2021, 3), "promotion"])
    assert not np.isnan(result.loc[("S001", 2021, 2), "promotion"])
    assert not np.isnan(result.loc[("S000", 2021, 3), "promotion"])


def test_flow_rates_by_missing_count_makes_group_missing():
    frame = census_table(n_schools=4).astype({"repeaters": "float64"})
    frame.loc[(frame.region == "Sur") & (frame.year == 2022) & (frame.grade == 2), "repeaters"] = (
        np.nan
    )
    result = flow_rates_by(frame, by="region")
    assert np.isnan(result.loc[("Sur", 2021, 2), "repetition"])
    assert not np.isnan(result.loc[("Norte", 2021, 2), "repetition"])


def test_flow_rates_by_errors():
    frame = census_table(n_schools=3)
    with pytest.raises(ValueError, match="no column"):
        flow_rates_by(frame, by="district")
    bad = frame.copy()
    bad.loc[0, "repeaters"] = -3
    with pytest.raises(ValueError, match="repeaters"):
        flow_rates_by(bad, by="school")
    bad = frame.copy()
    bad.loc[0, "repeaters"] = 500
    with pytest.raises(ValueError, match="larger"):
        flow_rates_by(bad, by="school")


# --- learning -----------------------------------------------------------------------------


def test_share_below_minimum_scores_weights_and_missing():
    scores = [520, 610, 700, 480, np.nan]
    # 2 of the 4 assessed pupils are below 600; the missing score is left out
    assert share_below_minimum(scores, 600) == pytest.approx(50.0)
    # weights 1, 1, 1, 3: (1 + 3) / 6
    assert share_below_minimum(scores[:4], 600, weights=[1, 1, 1, 3]) == pytest.approx(400 / 6)
    # exactly at the minimum is not below it
    assert share_below_minimum([600, 599], 600) == pytest.approx(50.0)
    assert share_at_or_above_minimum(scores, 600) == pytest.approx(50.0)


def test_share_below_minimum_ordered_levels():
    levels = pd.Series(
        pd.Categorical(
            ["I", "I", "II", "III", "IV", None], categories=["I", "II", "III", "IV"], ordered=True
        )
    )
    # below level II: the two pupils at level I, out of 5 with a level
    assert share_below_minimum(levels, "II") == pytest.approx(40.0)
    assert share_at_or_above_minimum(levels, "III") == pytest.approx(40.0)
    with pytest.raises(ValueError, match="not one of the levels"):
        share_below_minimum(levels, "V")
    with pytest.raises(TypeError, match="ordered"):
        share_below_minimum(levels.cat.as_unordered(), "II")


def test_share_below_minimum_weights_aligned_and_checked():
    scores = pd.Series([500, 700], index=["ana", "beto"])
    weights = pd.Series([3, 1], index=["beto", "ana"])  # ana weighs 1, beto 3
    assert share_below_minimum(scores, 600, weights=weights) == pytest.approx(25.0)
    with pytest.raises(ValueError, match="weights"):
        share_below_minimum(scores, 600, weights=[1, -1])
    assert math.isnan(share_below_minimum([np.nan, np.nan], 600))
    assert math.isnan(share_below_minimum([500, 700], 600, weights=[0, 0]))


def test_learning_poverty_formula():
    # LP = 50 × (1 − 0.10) + 10 = 55
    assert learning_poverty(50, 10) == pytest.approx(55.0)
    assert learning_poverty(0, 10) == pytest.approx(10.0)
    assert learning_poverty(50, 0) == pytest.approx(50.0)
    assert learning_poverty(100, 37) == pytest.approx(100.0)
    with pytest.raises(ValueError, match="out_of_school_rate"):
        learning_poverty(50, 120)


# --- evidence -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "months"),
    [
        (0.0, 0),
        (0.01, 0),
        (-0.01, 0),
        (0.02, 1),
        (0.09, 1),
        (0.10, 2),
        (0.14, 2),  # Teaching at the Right Level, Haryana
        (0.18, 2),
        (0.19, 3),
        (0.26, 3),
        (0.27, 4),
        (0.35, 4),
        (0.36, 5),
        (0.44, 5),
        (0.45, 6),
        (0.52, 6),
        (0.53, 7),
        (0.61, 7),
        (0.62, 8),
        (0.69, 8),
        (0.70, 9),  # Teaching at the Right Level, Uttar Pradesh
        (0.78, 9),
        (0.79, 10),
        (0.87, 10),
        (0.88, 11),
        (0.95, 11),
        (0.96, 12),
        (1.50, 12),
        (-0.30, -4),
        (-0.96, -12),
        (0.095, 2),  # between bands: rounds to 0.10
        (0.094, 1),  # rounds to 0.09
    ],
)
def test_effect_size_to_months_eef_table(d, months):
    result = effect_size_to_months(d)
    assert result == months
    assert isinstance(result, int)


def test_effect_size_to_months_series_and_missing():
    d = pd.Series([0.05, 0.3, -0.5], index=["a", "b", "c"])
    months = effect_size_to_months(d)
    pd.testing.assert_series_equal(months, pd.Series([1, 4, -6], index=d.index, name="months"))
    with_nan = effect_size_to_months(pd.Series([0.05, np.nan]))
    assert with_nan.iloc[0] == 1 and np.isnan(with_nan.iloc[1])
    assert math.isnan(effect_size_to_months(np.nan))


# --- disaggregate -------------------------------------------------------------------------


@pytest.fixture
def pupils():
    return pd.DataFrame(
        {
            "sex": ["F"] * 40 + ["M"] * 35 + ["F"] * 3 + [None] * 2,
            "area": ["urbano"] * 40 + ["rural"] * 35 + ["rural"] * 3 + ["urbano"] * 2,
            "score": [650.0] * 20
            + [550.0] * 20
            + [600.0] * 35
            + [500.0, 520.0, np.nan]
            + [700.0] * 2,
        }
    )


def test_disaggregate_column_mean_and_suppression(pupils):
    out = disaggregate(pupils, "score", by="sex", min_group_size=30)
    assert list(out.columns) == ["value", "n", "too_small", "value_unsuppressed"]
    # F: 20 × 650 + 20 × 550 + 500 + 520 over 42 scores (one missing)
    f_mean = (20 * 650 + 20 * 550 + 500 + 520) / 42
    assert out.loc["F", "value"] == pytest.approx(f_mean)
    assert out.loc["F", "n"] == 42
    assert out.loc["M", "value"] == pytest.approx(600.0)
    # the two pupils with no sex recorded form their own, too-small group
    missing_sex = out[out.index.isna()]
    assert len(missing_sex) == 1
    assert bool(missing_sex["too_small"].iloc[0])
    assert np.isnan(missing_sex["value"].iloc[0])
    assert missing_sex["value_unsuppressed"].iloc[0] == pytest.approx(700.0)
    assert out["n"].sum() == pupils["score"].notna().sum()


def test_disaggregate_callable_and_two_keys(pupils):
    out = disaggregate(
        pupils,
        lambda g: share_below_minimum(g["score"], 600),
        by=["area", "sex"],
        min_group_size=30,
    )
    assert out.index.names == ["area", "sex"]
    assert out.loc[("urbano", "F"), "value"] == pytest.approx(50.0)  # 20 of 40 below 600
    assert out.loc[("urbano", "F"), "n"] == 40
    small = out.loc[("rural", "F")]
    assert small["too_small"] and np.isnan(small["value"])
    assert small["value_unsuppressed"] == pytest.approx(100.0)  # 500 and 520; NaN left out
    assert small["n"] == 3  # rows, for a function indicator


def test_disaggregate_min_group_size_zero_keeps_everything(pupils):
    out = disaggregate(pupils, "score", by="area", min_group_size=0)
    assert not out["too_small"].any()
    pd.testing.assert_series_equal(out["value"], out["value_unsuppressed"], check_names=False)


def test_disaggregate_boolean_column_gives_proportion():
    df = pd.DataFrame({"area": ["u", "u", "r", "r"], "dropped": [True, False, False, False]})
    out = disaggregate(df, "dropped", by="area", min_group_size=1)
    assert out.loc["u", "value"] == pytest.approx(0.5)
    assert out.loc["r", "value"] == pytest.approx(0.0)


def test_disaggregate_errors(pupils):
    with pytest.raises(ValueError, match="no column"):
        disaggregate(pupils, "score", by="quintile")
    with pytest.raises(ValueError, match="no column"):
        disaggregate(pupils, "reading", by="sex")
    with pytest.raises(TypeError, match="one number"):
        disaggregate(pupils, lambda g: g["score"], by="sex")
    with pytest.raises(TypeError, match="numbers"):
        disaggregate(pupils, "area", by="sex")
    with pytest.raises(ValueError, match="min_group_size"):
        disaggregate(pupils, "score", by="sex", min_group_size=-1)


# --- shared input rules -------------------------------------------------------------------


def test_series_alignment_by_label():
    enrolment = pd.Series([900, 1100], index=["Norte", "Sur"])
    population = pd.Series([1000, 1000], index=["Sur", "Norte"])  # other order
    ger = gross_enrolment_ratio(enrolment, population)
    assert ger["Norte"] == pytest.approx(90.0) and ger["Sur"] == pytest.approx(110.0)
    assert ger.name == "gross_enrolment_ratio"


def test_series_with_scalar_and_arrays():
    enrolment = pd.Series([900, 1100], index=["Norte", "Sur"])
    assert list(gross_enrolment_ratio(enrolment, 1000)) == pytest.approx([90.0, 110.0])
    result = gross_enrolment_ratio(np.array([900, 1100]), [1000, 0])
    assert isinstance(result, np.ndarray)
    assert result[0] == pytest.approx(90.0) and np.isnan(result[1])
    with pytest.raises(ValueError, match="lengths"):
        gross_enrolment_ratio([1, 2, 3], [1, 2])


def test_missing_values_give_nan_not_errors(no_warnings):
    assert math.isnan(gross_enrolment_ratio(None, 1000))
    assert math.isnan(pupil_teacher_ratio(pd.NA, 10))
    s = pd.Series([900, None], dtype="Int64")
    assert gross_enrolment_ratio(s, 1000).isna().tolist() == [False, True]


def test_text_and_booleans_are_rejected():
    with pytest.raises(TypeError, match="pupils"):
        pupil_teacher_ratio("300", 10)
    with pytest.raises(TypeError, match="teachers"):
        pupil_teacher_ratio(300, True)
    with pytest.raises(TypeError, match="population"):
        gross_enrolment_ratio(1, pd.Series(["a", "b"]))
    with pytest.raises(TypeError, match="DataFrame"):
        gross_enrolment_ratio(pd.DataFrame({"a": [1]}), 1)


def test_infinite_counts_are_rejected():
    with pytest.raises(ValueError, match=r"population.*infinite"):
        gross_enrolment_ratio(1, np.inf)


# --- the rest of the UIS set: intake, age-specific, SLE, transition, repeaters ---------------


def test_gross_and_net_intake():
    # 1,100 new entrants to grade 1 (all ages), 880 of them aged 6; 1,000 six-year-olds
    assert gross_intake_ratio(1_100, 1_000) == pytest.approx(110.0)  # 1100 / 1000
    assert net_intake_rate(880, 1_000) == pytest.approx(88.0)  # 880 / 1000
    # Series aligned by label: Norte 300/250 = 120 %, Sur 180/200 = 90 %
    entrants = pd.Series({"Sur": 180, "Norte": 300})
    pop = pd.Series({"Norte": 250, "Sur": 200})
    gir = gross_intake_ratio(entrants, pop)
    assert gir["Norte"] == pytest.approx(120.0) and gir["Sur"] == pytest.approx(90.0)
    assert np.isnan(net_intake_rate(0, 0))


def test_age_specific_enrolment_rate():
    # 456 of 480 eleven-year-olds enrolled in any level: 456 / 480 = 0.95
    assert age_specific_enrolment_rate(456, 480) == pytest.approx(95.0)


def test_school_life_expectancy_sums_age_specific_rates_as_fractions():
    ages = pd.Index([5, 6, 7, 8], name="age")
    enrolled = pd.Series([50, 90, 100, 75], index=ages)
    pop = pd.Series([100, 100, 100, 100], index=ages)
    # 0.50 + 0.90 + 1.00 + 0.75 = 3.15 years
    assert school_life_expectancy(enrolled, pop) == pytest.approx(3.15)
    # order of the rows does not matter: matched on age
    assert school_life_expectancy(enrolled[::-1], pop) == pytest.approx(3.15)
    # an age with no population makes the sum unknown
    assert np.isnan(school_life_expectancy(enrolled, pop.where(pop.index != 8, 0)))


def test_school_life_expectancy_by_group():
    index = pd.MultiIndex.from_tuples(
        [("N", 6), ("N", 7), ("S", 6), ("S", 7)], names=["region", "age"]
    )
    enrolled = pd.Series([10, 20, 5, 5], index=index)
    pop = pd.Series([20, 20, 10, 20], index=index)
    sle = school_life_expectancy(enrolled, pop)
    # N: 10/20 + 20/20 = 1.5; S: 5/10 + 5/20 = 0.75
    assert sle["N"] == pytest.approx(1.5) and sle["S"] == pytest.approx(0.75)


def test_school_life_expectancy_wants_series():
    with pytest.raises(TypeError, match="enrolment_by_age must be a pandas Series"):
        school_life_expectancy(10, pd.Series([1]))
    with pytest.raises(ValueError, match=r"^population_by_age must not be negative"):
        school_life_expectancy(pd.Series([1]), pd.Series([-1]))


def test_transition_rate():
    # 1,000 in grade 6 in t; grade 7 in t+1 has 870 pupils of whom 40 repeaters:
    # new entrants 830, 830 / 1000 = 83 %
    assert transition_rate(870 - 40, 1_000) == pytest.approx(83.0)
    assert np.isnan(transition_rate(10, 0))


def test_percentage_of_repeaters():
    # 54 repeaters among 1,200 pupils: 54 / 1200 = 4.5 %
    assert percentage_of_repeaters(54, 1_200) == pytest.approx(4.5)
    with pytest.raises(ValueError, match="repeaters cannot be larger than enrolment"):
        percentage_of_repeaters(60, 50)


def test_completion_and_literacy_rates():
    # 372 of 400 people aged 14-16 completed grade 6: 93 %
    assert completion_rate(372, 400) == pytest.approx(93.0)
    # 921 of 1,000 adults literate: 92.1 %
    assert literacy_rate(921, 1_000) == pytest.approx(92.1)
    with pytest.raises(ValueError, match="completed cannot be larger than population_age_group"):
        completion_rate(5, 4)
    with pytest.raises(ValueError, match=r"^literate must not be negative"):
        literacy_rate(-1, 4)


# --- efficiency: the reconstructed cohort ---------------------------------------------------


def _two_grades():
    grades = pd.Index([1, 2], name="grade")
    return pd.DataFrame({"promotion": [80.0, 90.0], "repetition": [10.0, 10.0]}, index=grades)


def test_years_input_and_efficiency_unlimited_repetition_by_hand():
    # A cohort of 1 in grade 1 stays 1 / (1 - 0.1) = 1.1111 years there and leaves it by
    # promotion with probability 0.8 / 0.9 = 0.8889. Those reach grade 2 and stay
    # 0.8889 / 0.9 = 0.9877 years; they graduate with probability 0.9 / 0.9 = 1 (no
    # dropout in grade 2): graduates 0.8889.
    # Pupil-years 1.1111 + 0.9877 = 2.0988; per graduate 2.0988 / 0.8889 = 2.3611.
    # Efficiency: 2 grades × 0.8889 graduates / 2.0988 pupil-years = 84.71 %.
    flow = _two_grades()
    assert years_input_per_graduate(flow) == pytest.approx(2.361111, rel=1e-5)
    assert coefficient_of_efficiency(flow) == pytest.approx(84.70588, rel=1e-5)


def test_years_input_and_efficiency_with_a_repetition_cap_by_hand():
    # max_repetitions=1 (in the whole cycle). Grade 1: 1 first year, 0.1 repeat →
    # 1.1 pupil-years; promoted 0.8 (no repeat used) + 0.08 (one used); the 0.01 who
    # would repeat twice drop out. Grade 2: the 0.8 may still repeat once → 0.8 + 0.08
    # pupil-years, the 0.08 may not → 0.08; total 0.96. Graduates 0.9 × 0.96 = 0.864.
    # Pupil-years 1.1 + 0.96 = 2.06; per graduate 2.06 / 0.864 = 2.3843;
    # efficiency 2 × 0.864 / 2.06 = 83.88 %.
    flow = _two_grades()
    assert years_input_per_graduate(flow, max_repetitions=1) == pytest.approx(2.06 / 0.864)
    assert coefficient_of_efficiency(flow, max_repetitions=1) == pytest.approx(
        100 * 2 * 0.864 / 2.06
    )
    # no repetition allowed: 1 + 0.8 = 1.8 pupil-years, 0.8 × 0.9 = 0.72 graduates
    assert years_input_per_graduate(flow, max_repetitions=0) == pytest.approx(2.5)


def test_efficiency_without_waste_is_100_and_years_equal_grades():
    grades = pd.Index(range(1, 7), name="grade")
    flow = pd.DataFrame({"promotion": 100.0, "repetition": 0.0}, index=grades)
    assert coefficient_of_efficiency(flow) == pytest.approx(100.0)
    assert years_input_per_graduate(flow) == pytest.approx(6.0)


def test_efficiency_needs_graduation_and_gives_nan_when_unknown():
    flow = _two_grades()
    flow.loc[2, "promotion"] = np.nan  # flow_rates without graduates
    assert np.isnan(coefficient_of_efficiency(flow))
    assert np.isnan(years_input_per_graduate(flow))
    nobody = _two_grades()
    nobody["promotion"] = 0.0
    assert np.isnan(years_input_per_graduate(nobody))


def test_efficiency_by_school_from_flow_rates():
    index = pd.MultiIndex.from_product([["A", "B"], [1, 2]], names=["school", "grade"])
    flow = pd.DataFrame(
        {"promotion": [80.0, 90.0, 100.0, 100.0], "repetition": [10.0, 10.0, 0.0, 0.0]},
        index=index,
    )
    ce = coefficient_of_efficiency(flow)
    assert list(ce.index) == ["A", "B"]
    assert ce["A"] == pytest.approx(coefficient_of_efficiency(_two_grades()))
    assert ce["B"] == pytest.approx(100.0)


def test_efficiency_argument_errors():
    with pytest.raises(TypeError, match="flow must be a DataFrame"):
        coefficient_of_efficiency(pd.Series([1.0]))
    with pytest.raises(ValueError, match="max_repetitions must not be negative"):
        years_input_per_graduate(_two_grades(), max_repetitions=-1)


# --- household-survey helpers ---------------------------------------------------------------


@pytest.fixture
def members():
    return pd.DataFrame(
        {
            "age": [5, 6, 8, 11, 11, 12, 14, 15, 16, 17],
            "attending": [True, True, True, False, True, True, True, False, True, False],
            "level_attended": ["pre_primary", "pre_primary", "primary", None, "primary",
                               "lower_secondary", "lower_secondary", None, "lower_secondary",
                               None],
            "grade_attended": [None, None, 3, None, 5, 7, 8, None, 9, None],
            "highest_grade_completed": [0, 0, 2, 3, 4, 6, 7, 5, 8, 6],
            "location": ["urban", "rural", "urban", "rural", "urban", "rural", "urban",
                         "rural", "urban", "rural"],
            "weight": [1.0, 2.0, 1.0, 3.0, 1.0, 1.0, 2.0, 2.0, 1.0, 5.0],
        }
    )


def test_net_attendance_rate_is_weighted(members):
    # ages 6-11: weights 2 (pre-primary), 1 (grade 3), 3 (not attending), 1 (grade 5) = 7;
    # attending grades 1-6: 1 + 1 = 2 → 2 / 7 = 28.57 %
    assert net_attendance_rate(members) == pytest.approx(100 * 2 / 7)
    # unweighted: 2 of 4 people
    assert net_attendance_rate(members, weight=None) == pytest.approx(50.0)
    by = net_attendance_rate(members, by="location")
    # rural 6-11: weights 2 (pre-primary) + 3 (out) = 5, none in grades 1-6 → 0
    # urban 6-11: 1 + 1 = 2, both in primary → 100
    assert by["rural"] == pytest.approx(0.0) and by["urban"] == pytest.approx(100.0)


def test_survey_out_of_school_rate_two_definitions(members):
    # SDG 4.1.4: only the 11-year-old not attending (weight 3) is out: 3 / 7
    assert survey_out_of_school_rate(members) == pytest.approx(100 * 3 / 7)
    # legacy: the 6-year-old in pre-primary (weight 2) is out too: 5 / 7
    legacy = survey_out_of_school_rate(
        members, levels_in_school=["primary", "lower_secondary", "upper_secondary"]
    )
    assert legacy == pytest.approx(100 * 5 / 7)


def test_survey_completion_rate_uses_ages_3_to_5_above_the_last_grade(members):
    # primary (last grade 6 at age 11): ages 14-16, weights 2 (completed 7), 2 (5), 1 (8)
    # completed grade 6: 2 + 1 = 3 of 5 → 60 %
    assert survey_completion_rate(members) == pytest.approx(60.0)
    # lower secondary (grade 9 at age 14): ages 17-19: one person (weight 5), grade 6 → 0
    assert survey_completion_rate(members, last_grade=9, age_last_grade=14) == 0.0
    # another school system: last grade 5 at age 10 → ages 13-15: 2 (7), 2 (5) → 100
    assert survey_completion_rate(members, last_grade=5, age_last_grade=10) == 100.0


def test_survey_helpers_check_their_input(members):
    bad = members.assign(weight=-members["weight"])
    with pytest.raises(ValueError, match=r"^weight must not be negative"):
        net_attendance_rate(bad)
    with pytest.raises(ValueError, match="no column 'peso'"):
        survey_completion_rate(members, weight="peso")
    with pytest.raises(ValueError, match="no column"):
        survey_out_of_school_rate(members.drop(columns="level_attended"))
    assert np.isnan(net_attendance_rate(members, ages=(30, 40)))
