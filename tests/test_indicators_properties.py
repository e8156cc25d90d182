"""Property-based tests (hypothesis) for emiskit.indicators."""

from __future__ import annotations

import inspect
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from emiskit.indicators import (
    adjusted_net_enrolment_rate,
    age_specific_enrolment_rate,
    coefficient_of_efficiency,
    completion_rate,
    disaggregate,
    effect_size_to_months,
    flow_rates,
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
    survival_rate,
    transition_rate,
    years_input_per_graduate,
)

settings.register_profile("indicators", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("indicators")

counts = st.integers(min_value=0, max_value=10_000_000)
positive = st.floats(min_value=1e-6, max_value=1e9, allow_nan=False, allow_infinity=False)
percent = st.floats(min_value=0, max_value=100, allow_nan=False)

# (function, the argument that is the denominator) for every element-wise indicator
ELEMENTWISE = [
    (gross_enrolment_ratio, "population"),
    (net_enrolment_rate, "population_official_age"),
    (adjusted_net_enrolment_rate, "population_official_age"),
    (out_of_school_rate, "population_official_age"),
    (gross_intake_ratio_last_grade, "population_entry_age_last_grade"),
    (pupil_teacher_ratio, "teachers"),
    (percent_trained_teachers, "teachers"),
    (parity_index, "advantaged"),
    (gross_intake_ratio, "population_entry_age"),
    (net_intake_rate, "population_entry_age"),
    (age_specific_enrolment_rate, "population_age"),
    (transition_rate, "enrolment_last_grade"),
    (percentage_of_repeaters, "enrolment"),
    (completion_rate, "population_age_group"),
    (literacy_rate, "population"),
]

# (part, whole) of the functions that refuse a part larger than the whole
PARTS = {
    percent_trained_teachers: ("trained_teachers", "teachers"),
    percentage_of_repeaters: ("repeaters", "enrolment"),
    completion_rate: ("completed", "population_age_group"),
    literacy_rate: ("literate", "population"),
}


def count_arguments(func):
    """The positional (count) arguments of an indicator function, in order."""
    return [
        name
        for name, p in inspect.signature(func).parameters.items()
        if p.kind is p.POSITIONAL_OR_KEYWORD and p.default is inspect.Parameter.empty
    ]


def valid_arguments(func, value):
    """Arguments that satisfy every consistency check (parts never above wholes)."""
    names = count_arguments(func)
    args = dict.fromkeys(names, value)
    if func is gross_intake_ratio_last_grade:
        args["repeaters_last_grade"] = 0 * value
    return args


# --- parity -------------------------------------------------------------------------------


@given(positive, positive)
def test_adjusted_parity_index_is_symmetric_around_one(a, b):
    forward, backward = parity_index(a, b), parity_index(b, a)
    assert forward + backward == pytest.approx(2.0, abs=1e-9)
    assert 0 < forward < 2
    assert (forward <= 1) == (a <= b)


@given(positive, positive)
def test_plain_parity_index_is_reciprocal_and_adjusted_agrees_below_one(a, b):
    plain = parity_index(a, b, adjusted=False)
    assert plain * parity_index(b, a, adjusted=False) == pytest.approx(1.0)
    if plain <= 1:
        assert parity_index(a, b) == pytest.approx(plain)
    else:
        # above 1 the adjusted index pulls the value back towards 1
        assert 1 <= parity_index(a, b) <= plain
        if plain > 1 + 1e-9:
            assert parity_index(a, b) < plain


# --- zero denominators, Series in and out, negative counts --------------------------------


@pytest.mark.parametrize(("func", "denominator"), ELEMENTWISE)
@given(value=counts)
def test_zero_denominator_gives_nan_without_warnings(func, denominator, value):
    args = valid_arguments(func, value)
    args[denominator] = 0
    if func in PARTS:
        args[PARTS[func][0]] = 0  # a part cannot exceed a zero whole
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = func(**args)
        assert isinstance(result, float) and np.isnan(result)
        series_args = {k: pd.Series([v, v]) for k, v in args.items()}
        series_args[denominator] = pd.Series([0, 5])
        series_result = func(**series_args)
        assert np.isnan(series_result.iloc[0])


@pytest.mark.parametrize(("func", "denominator"), ELEMENTWISE)
@given(
    data=st.data(),
    labels=st.lists(
        st.one_of(st.integers(), st.text(min_size=1, max_size=5)),
        min_size=1,
        max_size=12,
        unique=True,
    ),
)
def test_series_in_gives_series_out_with_the_same_index(func, denominator, data, labels):
    index = pd.Index(labels, dtype=object)
    args = {}
    for name in count_arguments(func):
        values = data.draw(st.lists(counts, min_size=len(index), max_size=len(index)))
        args[name] = pd.Series(values, index=index)
    if func is gross_intake_ratio_last_grade:
        args["repeaters_last_grade"] = args["enrolment_last_grade"] // 2
    if func in PARTS:
        part, whole = PARTS[func]
        args[part] = args[whole] // 3
    result = func(**args)
    assert isinstance(result, pd.Series)
    assert result.index.equals(index)
    assert result.dtype == np.float64
    # each element equals the scalar computation
    first = {k: v.iloc[0] for k, v in args.items()}
    expected = func(**first)
    assert result.iloc[0] == pytest.approx(expected, nan_ok=True)


NEGATIVE_CASES = [(func, name) for func, _ in ELEMENTWISE for name in count_arguments(func)] + [
    (learning_poverty, "share_below_minimum"),
    (learning_poverty, "out_of_school_rate"),
]


@pytest.mark.parametrize(
    ("func", "name"), NEGATIVE_CASES, ids=[f"{f.__name__}-{n}" for f, n in NEGATIVE_CASES]
)
@given(negative=st.floats(max_value=-1e-9, min_value=-1e9), as_series=st.booleans())
def test_negative_count_raises_value_error_naming_the_argument(func, name, negative, as_series):
    args = valid_arguments(func, 10.0)
    args[name] = negative
    if as_series:
        args = {k: pd.Series([1.0, v], index=["a", "b"]) for k, v in args.items()}
    with pytest.raises(ValueError, match=rf"^{re.escape(name)} must not be negative"):
        func(**args)


@given(negative=st.integers(max_value=-1, min_value=-1000))
def test_negative_counts_raise_in_the_other_functions(negative):
    grades = pd.Index([1, 2, 3])
    ok = pd.Series([10, 10, 10], index=grades)
    bad = pd.Series([10, negative, 10], index=grades)
    with pytest.raises(ValueError, match=r"^enrolment must not be negative"):
        flow_rates(bad, ok, ok)
    with pytest.raises(ValueError, match=r"^enrolment_next must not be negative"):
        flow_rates(ok, bad, ok)
    with pytest.raises(ValueError, match=r"^repeaters_next must not be negative"):
        flow_rates(ok, ok, bad)
    with pytest.raises(ValueError, match=r"^graduates must not be negative"):
        flow_rates(ok, ok, ok, graduates=negative)
    with pytest.raises(ValueError, match=r"^weights must not be negative"):
        share_below_minimum([500, 600, 700], 600, weights=[1, negative, 1])
    with pytest.raises(ValueError, match=r"^secondary must not be negative"):
        official_age_in_school(primary=10, secondary=negative)


# --- flow rates and survival --------------------------------------------------------------


@st.composite
def grade_tables(draw, min_grades=1, max_grades=8):
    n = draw(st.integers(min_value=min_grades, max_value=max_grades))
    first = draw(st.integers(min_value=1, max_value=7))
    grades = pd.Index(range(first, first + n), name="grade")
    size = st.integers(min_value=0, max_value=5000)
    enrolment = pd.Series(draw(st.lists(size, min_size=n, max_size=n)), index=grades)
    enrolment_next = pd.Series(draw(st.lists(size, min_size=n, max_size=n)), index=grades)
    repeaters_next = pd.Series(
        [draw(st.integers(min_value=0, max_value=e)) for e in enrolment_next], index=grades
    )
    graduates = draw(st.integers(min_value=0, max_value=int(enrolment.iloc[-1])))
    return enrolment, enrolment_next, repeaters_next, graduates


@given(grade_tables())
def test_flow_rates_of_a_grade_sum_to_100(tables):
    enrolment, enrolment_next, repeaters_next, graduates = tables
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        flow = flow_rates(enrolment, enrolment_next, repeaters_next, graduates=graduates)
    assert flow.index.equals(enrolment.index)
    defined = enrolment > 0
    totals = flow[defined].sum(axis=1)
    np.testing.assert_allclose(totals, 100.0)
    assert flow[~defined].isna().all().all()  # zero enrolment: NaN, not an error


@st.composite
def cohort_rates(draw, max_repetition=1.0):
    """Promotion and repetition (percent) for 1–10 grades with p + r ≤ 100 (no in-flow).

    Promotion is rounded to six decimals, as no published rate is finer: a subnormal rate
    such as 1e-308 % makes the cohort's graduates underflow to zero in one model and not
    in the other, which says nothing about the indicator.
    """
    n = draw(st.integers(min_value=1, max_value=10))
    p = [round(x, 6) for x in draw(st.lists(st.floats(0, 100), min_size=n, max_size=n))]
    share = st.floats(0, max_repetition)
    r = [draw(share) * (100 - pk) for pk in p]
    return pd.DataFrame({"promotion": p, "repetition": r}, index=pd.Index(range(1, n + 1)))


@given(cohort_rates(), st.one_of(st.none(), st.integers(min_value=0, max_value=6)))
def test_survival_never_rises_with_grade(flow, cap):
    survival = survival_rate(flow, max_repetitions=cap)
    assert survival.iloc[0] == 100
    steps = np.diff(survival.to_numpy())
    assert np.all(np.nan_to_num(steps) <= 1e-9)
    assert np.all(np.nan_to_num(survival.to_numpy()) >= 0)


@given(cohort_rates(max_repetition=0.95), st.integers(min_value=0, max_value=8))
def test_capped_survival_is_never_above_the_closed_form_and_grows_with_the_cap(flow, cap):
    closed = survival_rate(flow).to_numpy()
    lower = survival_rate(flow, max_repetitions=cap).to_numpy()
    higher = survival_rate(flow, max_repetitions=cap + 1).to_numpy()
    ok = ~np.isnan(closed)
    assert np.all(lower[ok] <= higher[ok] + 1e-9)
    assert np.all(higher[ok] <= closed[ok] * (1 + 1e-12) + 1e-9)


@given(cohort_rates(max_repetition=0.5))
def test_capped_survival_approaches_the_closed_form(flow):
    closed = survival_rate(flow).to_numpy()
    capped = survival_rate(flow, max_repetitions=120).to_numpy()
    np.testing.assert_allclose(capped, closed, rtol=1e-9, atol=1e-9)


@given(st.lists(st.integers(1, 4), min_size=1, max_size=6), st.data())
def test_grouped_flow_rates_equal_one_group_at_a_time(sizes, data):
    """A MultiIndex (school, grade) gives the same rates as each school alone."""
    n_grades = data.draw(st.integers(min_value=1, max_value=6))
    index = pd.MultiIndex.from_product(
        [[f"s{i}" for i in range(len(sizes))], range(1, n_grades + 1)], names=["school", "grade"]
    )
    vals = st.lists(st.integers(1, 500), min_size=len(index), max_size=len(index))
    enrolment = pd.Series(data.draw(vals), index=index)
    enrolment_next = pd.Series(data.draw(vals), index=index)
    repeaters_next = (enrolment_next * data.draw(st.floats(0, 1))).astype(int)
    graduates = pd.Series(data.draw(vals), index=index).clip(upper=enrolment)
    together = flow_rates(enrolment, enrolment_next, repeaters_next, graduates)
    survival = survival_rate(together, max_repetitions=2)
    for school in index.get_level_values("school").unique():
        alone = flow_rates(
            enrolment[school], enrolment_next[school], repeaters_next[school], graduates[school]
        )
        pd.testing.assert_frame_equal(together.loc[school], alone)
        pd.testing.assert_series_equal(
            survival.loc[school], survival_rate(alone, max_repetitions=2)
        )


@given(st.integers(min_value=1, max_value=12), st.one_of(st.none(), st.integers(0, 6)))
def test_no_repetition_no_dropout_gives_full_efficiency(n, cap):
    flow = pd.DataFrame(
        {"promotion": 100.0, "repetition": 0.0}, index=pd.Index(range(1, n + 1), name="grade")
    )
    assert coefficient_of_efficiency(flow, max_repetitions=cap) == pytest.approx(100.0)
    assert years_input_per_graduate(flow, max_repetitions=cap) == pytest.approx(n)


@given(cohort_rates(max_repetition=0.95), st.one_of(st.none(), st.integers(0, 6)))
def test_efficiency_never_above_100_and_years_at_least_the_grades(flow, cap):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ce = coefficient_of_efficiency(flow, max_repetitions=cap)
        yig = years_input_per_graduate(flow, max_repetitions=cap)
    n = len(flow)
    if np.isnan(ce):
        assert np.isnan(yig)
        return
    assert 0 <= ce <= 100 * (1 + 1e-9)
    assert yig >= n * (1 - 1e-9)
    if yig < 1e12:
        assert ce == pytest.approx(100 * n / yig)


@given(cohort_rates(max_repetition=0.5))
def test_capped_efficiency_approaches_the_unlimited_model(flow):
    unlimited = years_input_per_graduate(flow)
    capped = years_input_per_graduate(flow, max_repetitions=120)
    assert capped == pytest.approx(unlimited, rel=1e-9, nan_ok=True)


@given(
    st.lists(st.tuples(st.integers(0, 1000), st.integers(1, 1000)), min_size=1, max_size=15)
)
def test_school_life_expectancy_is_the_sum_of_age_specific_rates(rows):
    ages = pd.Index(range(3, 3 + len(rows)), name="age")
    enrolled = pd.Series([min(e, p) for e, p in rows], index=ages)
    population = pd.Series([p for _, p in rows], index=ages)
    sle = school_life_expectancy(enrolled, population)
    rates = age_specific_enrolment_rate(enrolled, population)
    assert sle == pytest.approx(rates.sum() / 100)
    assert 0 <= sle <= len(rows) + 1e-9


@given(
    st.lists(
        st.tuples(st.integers(3, 20), st.booleans(), st.integers(0, 9), st.integers(0, 5)),
        min_size=1,
        max_size=40,
    )
)
def test_integer_survey_weights_equal_repeating_people(rows):
    people = pd.DataFrame(
        {
            "age": [a for a, _, _, _ in rows],
            "attending": [att for _, att, _, _ in rows],
            "grade_attended": [g if att and g else None for _, att, g, _ in rows],
            "highest_grade_completed": [g for _, _, g, _ in rows],
            "weight": [w for _, _, _, w in rows],
        }
    )
    repeated = people.loc[people.index.repeat(people["weight"])].reset_index(drop=True)
    for helper in (net_attendance_rate, survey_completion_rate):
        weighted = helper(people)
        assert weighted == pytest.approx(helper(repeated, weight=None), nan_ok=True)
        assert np.isnan(weighted) or 0 <= weighted <= 100


# --- learning and evidence ----------------------------------------------------------------


@given(percent, percent)
def test_learning_poverty_is_at_least_each_part_and_at_most_100(bmp, oos):
    lp = learning_poverty(bmp, oos)
    assert lp >= max(bmp, oos) - 1e-9
    assert lp <= 100 + 1e-9


@given(
    st.lists(st.one_of(st.floats(0, 1000), st.just(float("nan"))), min_size=1, max_size=50),
    st.floats(0, 1000),
)
def test_shares_below_and_at_or_above_add_to_100(values, minimum):
    below = share_below_minimum(values, minimum)
    above = share_at_or_above_minimum(values, minimum)
    if all(np.isnan(values)):
        assert np.isnan(below) and np.isnan(above)
    else:
        assert below + above == pytest.approx(100.0)
        assert 0 <= below <= 100


@given(
    st.lists(st.tuples(st.floats(0, 1000), st.integers(0, 5)), min_size=1, max_size=30),
    st.floats(0, 1000),
)
def test_integer_weights_equal_repeating_pupils(rows, minimum):
    values = [v for v, _ in rows]
    weights = [w for _, w in rows]
    repeated = [v for v, w in rows for _ in range(w)]
    weighted = share_below_minimum(values, minimum, weights=weights)
    if repeated:
        assert weighted == pytest.approx(share_below_minimum(repeated, minimum))
    else:
        assert np.isnan(weighted)


@given(st.floats(-3, 3, allow_nan=False), st.floats(-3, 3, allow_nan=False))
def test_effect_size_to_months_is_odd_monotone_and_bounded(a, b):
    ma, mb = effect_size_to_months(a), effect_size_to_months(b)
    assert effect_size_to_months(-a) == -ma
    assert -12 <= ma <= 12
    if a <= b:
        assert ma <= mb


@given(st.floats(0, 2, allow_nan=False))
def test_effect_size_to_months_matches_the_eef_bands(d):
    """Every two-decimal effect size falls in exactly the band the EEF table gives."""
    bands = [
        (0.00, 0.01), (0.02, 0.09), (0.10, 0.18), (0.19, 0.26), (0.27, 0.35), (0.36, 0.44),
        (0.45, 0.52), (0.53, 0.61), (0.62, 0.69), (0.70, 0.78), (0.79, 0.87), (0.88, 0.95),
    ]  # fmt: skip
    rounded = round(d, 2)
    expected = next((m for m, (lo, hi) in enumerate(bands) if lo <= rounded <= hi), 12)
    assume(abs(abs(d) * 100 % 1 - 0.5) > 1e-6)  # skip exact halves (rounding convention)
    assert effect_size_to_months(d) == expected


# --- disaggregate -------------------------------------------------------------------------


@given(
    st.lists(
        st.tuples(st.sampled_from(["urbano", "rural", None]), st.floats(0, 1000)),
        min_size=1,
        max_size=60,
    ),
    st.integers(0, 20),
)
def test_disaggregate_sizes_add_up_and_small_groups_are_suppressed(rows, min_size):
    df = pd.DataFrame(rows, columns=["area", "score"])
    out = disaggregate(df, lambda g: g["score"].mean(), by="area", min_group_size=min_size)
    assert out["n"].sum() == len(df)
    assert (out["too_small"] == (out["n"] < min_size)).all()
    assert out.loc[out["too_small"], "value"].isna().all()
    big = ~out["too_small"]
    pd.testing.assert_series_equal(
        out.loc[big, "value"], out.loc[big, "value_unsuppressed"], check_names=False
    )
    for label, row in out.iterrows():
        group = df[df["area"].isna()] if pd.isna(label) else df[df["area"] == label]
        assert row["value_unsuppressed"] == pytest.approx(group["score"].mean())
