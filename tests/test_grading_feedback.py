"""Plain-language checks (``emiskit.grading.feedback``) and how the checker shows them."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from emiskit.grading.feedback import (
    Hint,
    expect_answered,
    expect_choice,
    expect_columns,
    expect_number,
    expect_series,
    expect_table,
    expect_values,
    extract_hint,
)

# otter (imported by the checker) uses a deprecated traitlets idiom; not ours to fix.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Traits should be given as instances:DeprecationWarning"
)


def hint_of(check, *args, **kwargs) -> str:
    with pytest.raises(Hint) as caught:
        check(*args, **kwargs)
    assert isinstance(caught.value, AssertionError)  # otter counts it as a failed test
    return str(caught.value)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (Ellipsis, "You have not answered yet"),
        (None, "has no value yet"),
        ("842", "number written as text"),
        ("many", "should be a number"),
        (True, "yes/no"),
        (np.bool_(False), "yes/no"),
        (pd.Series([1, 2, 3]), "forget to add them up"),
        (pd.Series([5]), "holds one number"),
        (pd.DataFrame({"a": [1, 2]}), "table (DataFrame) with 2 rows"),
        ([1, 2], "a list with 2 items"),
        (float("nan"), "NaN"),
        (pd.NA, "NaN"),
        (np.float64("inf"), "infinite"),
        (len, "a function"),
    ],
)
def test_a_wrong_kind_of_answer_gets_a_hint_that_names_it(value, words) -> None:
    assert words in hint_of(expect_number, value, name="ger")


def test_numbers_of_every_numeric_kind_are_accepted() -> None:
    for value in (98.8, np.float64(98.8), np.int64(99), 99, np.array(98.8)):
        expect_number(value, name="ger", plausible=(30, 200))


def test_factor_of_100_is_recognised_both_ways() -> None:
    assert "share between 0 and 1" in hint_of(
        expect_number, 0.988, name="ger", plausible=(30, 200), percent=True
    )
    assert "100 times too large" in hint_of(
        expect_number, 9881.2, name="ger", plausible=(30, 200), percent=True
    )
    ratio_hint = hint_of(expect_number, 95.3, name="gpi", plausible=(0.3, 1.9))
    assert "plain ratio" in ratio_hint and "do not multiply by 100" in ratio_hint
    # Against an exact expected value, too.
    assert "share between 0 and 1" in hint_of(
        expect_number, 0.98812, 98.812, name="ger", tol=0.01, percent=True
    )


def test_exact_value_known_mistakes_and_advice() -> None:
    expect_number(98.8124, 98.8123, name="ger", tol=0.01)
    assert "net enrolment rate" in hint_of(
        expect_number, 88.0, 98.8, name="ger", tol=0.01, mistakes={88.0: "That is the net "
                                                                   "enrolment rate."}
    )
    message = hint_of(expect_number, 77.0, 98.8, name="ger", tol=0.01, advice="Use the function.")
    assert "not the expected value" in message and "Use the function." in message
    assert "98.8" not in message  # a hint never gives the answer away


def test_counts_zero_and_implausible_values() -> None:
    assert "whole number" in hint_of(expect_number, 832.5, name="primary_pupils", integer=True)
    assert "kept no rows" in hint_of(expect_number, 0, name="n", plausible=(1, 10))
    assert "between 1 and 10" in hint_of(expect_number, 50, name="n", plausible=(1, 10))


def test_series_and_values_by_label() -> None:
    good = pd.Series({"F": 96.39, "M": 101.17})
    expect_values(good, {"F": 96.39, "M": 101.17}, name="ger_by_sex", tol=0.01)
    assert "swapped" in hint_of(expect_values, good[::-1].set_axis(["F", "M"]),
                                {"F": 96.39, "M": 101.17}, name="ger_by_sex", tol=0.01)
    assert "no value for 'F'" in hint_of(expect_series, pd.Series({"girls": 1.0}), "x", ["F"])
    assert "keep just the column" in hint_of(expect_series, pd.DataFrame({"g": [1.0]}), "x")
    assert "share between 0 and 1" in hint_of(
        expect_values, good / 100, {"F": 96.39, "M": 101.17}, name="ger_by_sex", tol=0.01,
        percent=True,
    )
    wrong = pd.Series({"F": 90.0, "M": 95.0})
    assert "grades 1 to 9" in hint_of(
        expect_values, wrong, {"F": 96.39, "M": 101.17}, name="ger_by_sex", tol=0.01,
        mistakes={"all grades": ({"F": 90.0, "M": 95.0}, "You counted grades 1 to 9.")},
    )


def test_tables_and_columns_suggest_the_right_spelling() -> None:
    table = pd.DataFrame({"GER": [1.0], "sex": ["F"]})
    assert "it has `GER`" in hint_of(expect_columns, table, "by_sex", ["ger"])
    assert "Its columns are" in hint_of(expect_columns, table, "by_sex", ["population"])
    assert "no rows" in hint_of(expect_table, table.iloc[0:0], "by_sex", ["sex"])
    assert "should be a table" in hint_of(expect_table, pd.Series([1]), "by_sex")
    expect_table(table, "by_sex", ["GER", "sex"])


def test_multiple_choice() -> None:
    expect_choice("b", "ABCD", "B", name="finding")
    expect_choice(" B. ", "ABCD", name="finding")
    assert "one of the letters" in hint_of(expect_choice, 2, "ABCD", name="finding")
    assert "write just one" in hint_of(expect_choice, "girls", "ABCD", name="finding")
    assert "below 0.97" in hint_of(expect_choice, "A", "ABCD", "B", name="finding",
                                   why_not={"A": "The index is below 0.97."})
    assert "not answered" in hint_of(expect_answered, ..., "finding")


def test_hint_is_extracted_from_otter_failure_messages() -> None:
    message = (
        "❌ Test case failed\nError at line 3 in test q3:\n  expect_number(ger, ...)\n"
        "Hint: `ger` is 0.988, a share.\nMultiply by 100."
    )
    assert extract_hint(message) == "`ger` is 0.988, a share.\nMultiply by 100."
    assert extract_hint("Hint: plain") == "plain"
    assert extract_hint("❌ Test case failed\nTypeError: boom") is None
    assert extract_hint(None) is None


def _test_file(name, results):
    cases = [SimpleNamespace(test_case=SimpleNamespace(failure_message=f, success_message=None,
                                                       hidden=False, points=1),
                             passed=p, message=m) for p, m, f in results]
    return SimpleNamespace(name=name, passed_all=all(p for p, _, _ in results),
                           test_case_results=cases, score=sum(p for p, _, _ in results),
                           possible=len(results))


def test_check_result_shows_the_hint_never_the_test_code() -> None:
    from emiskit.grading.notebook import CheckResult, CheckSummary

    failing = CheckResult(_test_file("q3", [
        (False, "❌ Test case failed\nError at line 2 in test q3:\n  expect_number(ger, "
                "plausible=(30, 200))\nHint: `ger` is NaN.", None),
    ]))
    for text in (repr(failing), failing._repr_html_()):
        assert "NaN" in text and "expect_number" not in text and "line 2" not in text
    assert "<code>ger</code>" in failing._repr_html_()
    broken = CheckResult(_test_file("q4", [
        (False, "❌ Test case failed\nError at line 2 in test q4:\n  x\nKeyError: 'F'", None),
    ]))
    assert "could not read your answer (KeyError: 'F')" in repr(broken)
    passing = CheckResult(_test_file("q1", [(True, "✅ Test case passed", None)]))
    assert repr(passing) == repr(CheckResult(_test_file("q1", [(True, "", None)])))  # stable
    summary = CheckSummary([passing, failing])
    assert "1 of 2 questions" in repr(summary)
    assert "<script" not in summary._repr_html_()


def test_html_of_a_hint_is_escaped() -> None:
    from emiskit.grading.notebook import CheckResult

    evil = CheckResult(_test_file("q2", [(False, "Hint: `<img src=x onerror=alert(1)>`", None)]))
    assert "<img" not in evil._repr_html_()
    assert math.isfinite(evil.score)


def test_a_text_that_claims_to_equal_everything_never_passes_a_choice() -> None:
    class Sly(str):
        __hash__ = str.__hash__

        def __eq__(self, other: object) -> bool:
            return True

        def __ne__(self, other: object) -> bool:
            return False

        def strip(self, *args: object) -> Sly:
            return self

        def upper(self) -> Sly:
            return self

    assert Sly("Z") == "B"  # what it claims
    assert "write just one of the letters" in hint_of(expect_choice, Sly("Z"), "ABCD", "B",
                                                       name="finding")
    assert "best answer" in hint_of(expect_choice, Sly("C"), "ABCD", "B", name="finding")
    expect_choice(Sly("B"), "ABCD", "B", name="finding")  # its real text is right
    expect_choice(np.str_("b"), "ABCD", "B", name="finding")


def test_variant_mistakes_name_the_other_place_and_the_participant() -> None:
    from emiskit.grading.feedback import variant_mistakes

    mistakes = variant_mistakes({"Quimal (0401)": 10.97, "Yaruní (0601)": 11.93},
                                "Yaruní (0601)", kind="district")
    assert list(mistakes) == [10.97]
    hint = hint_of(expect_number, 10.97, 11.93, name="oos_rate", tol=0.01, mistakes=mistakes)
    assert "answer for the district Quimal (0401)" in hint
    assert "your district is Yaruní (0601)" in hint and "`PARTICIPANT`" in hint
    empty = variant_mistakes({"A": 1.0, "B": 2.0}, "B", kind="region", given=False)
    assert "still empty" in empty[1.0]
