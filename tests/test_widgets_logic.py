"""The widgets' pure logic, on tiny tables whose answers are worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from emiskit import i18n
from emiskit.data.schema import TABLES_BY_NAME
from emiskit.datasets import apply_dtypes
from emiskit.widgets.logic import checks, gaps, indicators, quality, rubric, thresholds


@pytest.fixture(autouse=True)
def english():
    before = i18n.get_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def typed(name: str, rows: list[dict]) -> pd.DataFrame:
    """A tiny table with the sample data's columns and dtypes (missing columns empty)."""
    table = TABLES_BY_NAME[name]
    frame = pd.DataFrame(rows)
    for f in table.fields:
        if f.name not in frame.columns:
            frame[f.name] = None
    return apply_dtypes(frame, table)


# ======================================================================================
# Knowledge checks


class TestAnswerKey:
    def test_round_trip(self) -> None:
        payload = {"kind": "single", "correct": [1], "explanation": "Porque sí: ñandú."}
        token = checks.encode_key(payload)
        assert token.startswith("ek1.")
        assert checks.decode_key(token) == payload

    def test_same_payload_same_token(self) -> None:
        payload = {"kind": "numeric", "value": 30.0, "tolerance": 0.5, "explanation": ""}
        assert checks.encode_key(payload) == checks.encode_key(dict(payload))

    @given(st.dictionaries(st.text(min_size=1, max_size=8),
                           st.one_of(st.text(), st.integers(), st.floats(allow_nan=False),
                                     st.lists(st.integers(), max_size=4)), max_size=5))
    def test_any_payload_round_trips(self, payload: dict) -> None:
        assert checks.decode_key(checks.encode_key(payload)) == payload

    def test_the_answer_is_not_readable_in_the_token(self) -> None:
        spec = checks.make_spec("Pupils per teacher?", "numeric", answer=32.5, tolerance=0.5,
                                explanation="Divide 1300 pupils by 40 teachers.")
        for plain in ("32.5", "Divide", "1300", "teachers", "explanation"):
            assert plain not in spec.key

    def test_a_damaged_key_is_refused(self) -> None:
        token = checks.encode_key({"kind": "single", "correct": [0]})
        damaged = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
        with pytest.raises(checks.AnswerKeyError):
            checks.decode_key(damaged)
        with pytest.raises(checks.AnswerKeyError):
            checks.decode_key("not a key")

    def test_a_key_for_other_options_is_refused(self) -> None:
        spec = checks.make_spec("Q?", "single", options=["a", "b"], answer=0)
        wrong = checks.CheckSpec("Q?", "single", spec.key, ("a", "b", "c"))
        with pytest.raises(checks.AnswerKeyError, match="2 options"):
            wrong.answer_key()


class TestMakeSpec:
    @pytest.mark.parametrize("kwargs", [
        {"kind": "single", "options": ["a"], "answer": 0},
        {"kind": "single", "options": ["a", "b"], "answer": 2},
        {"kind": "single", "options": ["a", "b"], "answer": [0, 1]},
        {"kind": "single", "options": ["a", "b"], "answer": None},
        {"kind": "multiple", "options": ["a", "b"], "answer": []},
        {"kind": "numeric", "answer": None},
        {"kind": "numeric", "answer": 3, "tolerance": -1},
        {"kind": "essay", "answer": 1},
    ])
    def test_mistakes_are_reported(self, kwargs: dict) -> None:
        kind = kwargs.pop("kind")
        with pytest.raises(ValueError):
            checks.make_spec("Q?", kind, **kwargs)


class TestParseNumber:
    @pytest.mark.parametrize(("text", "value"), [
        ("12.5", 12.5), ("12,5", 12.5), (" 30 ", 30.0), ("1,234.5", 1234.5),
        ("1.234,5", 1234.5), ("1 234", 1234.0), ("1,234", 1234.0), ("0,25", 0.25),
        ("12.5%", 12.5), ("−3", -3.0), ("-0.5", -0.5), ("1.234.567", 1234567.0),
        ("2e3", 2000.0),
    ])
    def test_numbers_as_learners_type_them(self, text: str, value: float) -> None:
        assert checks.parse_number(text) == pytest.approx(value)

    @pytest.mark.parametrize("text", ["", "abc", "12 pupils", "1..2", "nan", "inf", "%"])
    def test_not_numbers(self, text: str) -> None:
        assert checks.parse_number(text) is None


class TestGrade:
    single = checks.make_spec("Which?", "single", options=["a", "b", "c"], answer=1,
                              explanation="b it is.", feedback=["not a", "", "not c"])
    multiple = checks.make_spec("Which?", "multiple", options=["a", "b", "c", "d"],
                                answer=[0, 2], explanation="a and c.")
    numeric = checks.make_spec("How many?", "numeric", answer=30, tolerance=0.5)

    def test_single_choice(self) -> None:
        assert checks.grade(self.single, 1).status == "correct"
        wrong = checks.grade(self.single, 0)
        assert wrong.status == "incorrect" and wrong.feedback == ("not a",)
        assert checks.grade(self.single, None).status == "empty"
        assert checks.grade(self.single, 7).status == "invalid"
        assert checks.grade(self.single, 1).explanation == "b it is."

    def test_multiple_choice(self) -> None:
        assert checks.grade(self.multiple, [2, 0]).status == "correct"
        partial = checks.grade(self.multiple, [0, 1])
        assert (partial.status, partial.right_chosen, partial.n_right,
                partial.wrong_chosen) == ("partial", 1, 2, 1)
        assert checks.grade(self.multiple, [1, 3]).status == "incorrect"
        assert checks.grade(self.multiple, []).status == "empty"

    @pytest.mark.parametrize(("answer", "status"), [
        ("30", "correct"), ("30,5", "correct"), ("29.5", "correct"), (30.4, "correct"),
        ("30.6", "incorrect"), ("29,4", "incorrect"), ("thirty", "invalid"), ("", "empty"),
    ])
    def test_numeric_with_tolerance(self, answer: object, status: str) -> None:
        assert checks.grade(self.numeric, answer).status == status


class TestTextFormat:
    plain = """
    What is the pupil-teacher ratio of 2,400 pupils and 80 teachers?

    answer: 30 ± 0,5
    unit: pupils per teacher
    explanation: 2,400 / 80 = 30.
    """

    def test_numeric(self) -> None:
        spec = checks.parse_check_text(self.plain)
        assert (spec.kind, spec.unit) == ("numeric", "pupils per teacher")
        assert spec.question.startswith("What is the pupil-teacher ratio")
        key = spec.answer_key()
        assert (key["value"], key["tolerance"]) == (30.0, 0.5)

    def test_choices_with_feedback_and_a_long_explanation(self) -> None:
        spec = checks.parse_check_text("""
Which can be above 100?
- [x] The gross enrolment ratio
- [ ] The net enrolment rate
  > Not by definition.
- [x] The pupil-teacher ratio
explanation: Both are not
  percentages of a population.
""")
        assert spec.kind == "multiple"
        assert spec.options == ("The gross enrolment ratio", "The net enrolment rate",
                                "The pupil-teacher ratio")
        key = spec.answer_key()
        assert key["correct"] == [0, 2]
        assert key["feedback"] == ["", "Not by definition.", ""]
        assert key["explanation"] == "Both are not percentages of a population."

    def test_encoded_version_grades_the_same_and_hides_the_answer(self) -> None:
        encoded = checks.encode_check_text(self.plain)
        assert "30" not in encoded.split("key:")[0] and "2,400 / 80" not in encoded
        spec = checks.parse_check_text(encoded)
        assert checks.grade(spec, "30").status == "correct"
        assert checks.grade(spec, "31").status == "incorrect"
        assert checks.grade(spec, "30").explanation == "2,400 / 80 = 30."

    def test_one_marked_option_is_single_choice_unless_told(self) -> None:
        text = "Q?\n- [x] a\n- [ ] b\n"
        assert checks.parse_check_text(text).kind == "single"
        assert checks.parse_check_text(text + "type: multiple\n").kind == "multiple"

    @pytest.mark.parametrize("text", ["Q?\n- [ ] a\n- [ ] b", "Q?", "Q?\nanswer: lots"])
    def test_incomplete_checks_are_reported(self, text: str) -> None:
        with pytest.raises(ValueError):
            checks.parse_check_text(text)


class TestHints:
    """A hint comes after a first wrong answer, before the explanation is revealed."""

    text = """
Which ratio can be above 100?
- [x] The gross enrolment ratio
- [ ] The net enrolment rate
hint: Which of the two counts pupils of any age
  in its numerator?
explanation: Over-age pupils count in the GER but not in its population.
"""

    def test_the_text_format_reads_a_hint_that_runs_on(self) -> None:
        spec = checks.parse_check_text(self.text)
        assert spec.hint == "Which of the two counts pupils of any age in its numerator?"
        assert "hint" not in spec.answer_key()

    def test_the_hint_survives_encoding_and_stays_readable(self) -> None:
        encoded = checks.encode_check_text(self.text)
        assert "hint: Which of the two counts pupils" in encoded
        assert checks.parse_check_text(encoded).hint == checks.parse_check_text(self.text).hint

    def test_make_spec_takes_a_hint(self) -> None:
        spec = checks.make_spec("2 + 2?", "numeric", answer=4, hint="  Count  on fingers. ")
        assert spec.hint == "Count on fingers."
        assert checks.make_spec("2 + 2?", "numeric", answer=4).hint == ""

    def _widget(self, **kwargs):
        from emiskit.widgets import knowledge_check
        return knowledge_check(self.text, mode="live", **kwargs)

    def test_the_widget_shows_the_hint_after_a_first_wrong_answer_only(self) -> None:
        check = self._widget()
        check.answer.value = 1
        check.check()
        assert "Hint:" in check.feedback.value and "numerator" in check.feedback.value
        assert "Explanation:" not in check.feedback.value
        check.check()  # second wrong try: the explanation replaces the hint
        assert "Explanation:" in check.feedback.value and "Hint:" not in check.feedback.value

    def test_a_right_first_answer_shows_no_hint(self) -> None:
        check = self._widget()
        check.answer.value = 0
        check.check()
        assert "Hint:" not in check.feedback.value and "Explanation:" in check.feedback.value

    def test_a_hint_passed_to_the_widget_wins_and_none_means_no_hint(self) -> None:
        from emiskit.widgets import single_choice
        check = self._widget(hint="Think of over-age pupils.")
        check.answer.value = 1
        check.check()
        assert "Think of over-age pupils." in check.feedback.value
        plain = single_choice("Which can pass 100?", ["GER", "NER"], answer=0, mode="live")
        plain.answer.value = 1
        plain.check()
        assert "Hint:" not in plain.feedback.value and "Try again." in plain.feedback.value


# ======================================================================================
# Early-warning thresholds


def tiny_students() -> pd.DataFrame:
    rows = [
        # attendance, language, mathematics, incidents, next year
        (70.0, 7, 7, 0, "dropped_out"),   # low attendance → flagged, dropped: caught
        (90.0, 5, 7, 0, "promoted"),      # failing mark → flagged: false alarm
        (95.0, 8, 8, 3, "dropped_out"),   # incidents → flagged, dropped: caught
        (95.0, 8, 8, 0, "dropped_out"),   # no sign, dropped: missed
        (85.0, 7, 6, 1, "promoted"),      # no sign (a 6 is a pass): rightly not flagged
        (None, 4, 4, 0, "repeated"),      # failing (attendance unknown) → false alarm
        (60.0, 5, 9, 2, "dropped_out"),   # three signs → caught
        (80.0, 9, 9, 0, "graduated"),     # exactly 80% is not below 80 → not flagged
    ]
    return typed("students", [
        {"student_id": f"ST{i:07d}", "year": 2022, "cohort": 2021, "school_id": "0101001",
         "grade": 6, "sex": "F", "age": 11, "ses_index": 0.0, "indigenous": False,
         "special_needs": False, "attendance_rate": a, "mark_language": lang,
         "mark_mathematics": math_, "behaviour_incidents": inc, "next_year_status": status}
        for i, (a, lang, math_, inc, status) in enumerate(rows)
    ])


class TestThresholds:
    def test_confusion_matrix_by_hand(self) -> None:
        data = thresholds.prepare_students(tiny_students())
        c = thresholds.evaluate(data, thresholds.Thresholds(80, 6, 2, 1))
        assert (c.true_positive, c.false_positive, c.false_negative, c.true_negative) == \
            (3, 2, 1, 2)
        assert c.flagged == 5 and c.pupils == 8 and c.dropouts == 4
        assert c.precision == pytest.approx(60.0)
        assert c.recall == pytest.approx(75.0)
        assert c.share_flagged == pytest.approx(62.5)

    def test_two_signs_needed(self) -> None:
        data = thresholds.prepare_students(tiny_students())
        c = thresholds.evaluate(data, thresholds.Thresholds(80, 6, 2, 2))
        assert (c.true_positive, c.false_positive, c.false_negative, c.true_negative) == \
            (1, 0, 3, 4)
        assert (c.precision, c.recall) == (100.0, 25.0)

    def test_nobody_flagged_gives_no_precision(self) -> None:
        data = thresholds.prepare_students(tiny_students())
        c = thresholds.evaluate(data, thresholds.Thresholds(0, 1, 99, 1))
        assert c.flagged == 0 and math.isnan(c.precision) and c.recall == 0

    def test_year_filter(self) -> None:
        data = thresholds.prepare_students(tiny_students())
        assert thresholds.evaluate(data, thresholds.Thresholds(), year=2019).pupils == 0

    def test_binned_counts_give_the_same_answer_on_the_sliders_grid(self) -> None:
        data = thresholds.prepare_students(tiny_students())
        binned = thresholds.binned_counts(data)
        assert binned["n"].sum() == 8
        for th in (thresholds.Thresholds(80, 6, 2, 1), thresholds.Thresholds(95, 8.5, 1, 2)):
            signs = ((binned["a"] < th.attendance).astype(int)
                     + (binned["m"] < th.mark).astype(int)
                     + (binned["i"] >= th.incidents).astype(int))
            flagged = signs >= th.min_signs
            tp = binned.loc[flagged & (binned["d"] == 1), "n"].sum()
            assert tp == thresholds.evaluate(data, th).true_positive

    def test_charts_build(self) -> None:
        data = thresholds.prepare_students(tiny_students())
        c = thresholds.evaluate(data, thresholds.Thresholds())
        spec = thresholds.threshold_chart(c, thresholds.Thresholds(), 2022).to_dict()
        values = spec["datasets"]
        assert any([r["pupils"] for r in v] == [3, 2, 1, 2] for v in values.values())
        binned = thresholds.binned_counts(data)
        static = thresholds.static_threshold_chart(binned, thresholds.Thresholds(), 2022)
        names = {p["name"] for p in static.to_dict()["params"]}
        assert names == {"year", "attendance", "mark", "incidents", "signs"}


# ======================================================================================
# Gaps


def gap_tables(n_special: int = 29) -> dict[str, pd.DataFrame]:
    regions = typed("regions", [{"region_code": "01", "region_name": "Norte",
                                 "capital_city": "A"},
                                {"region_code": "02", "region_name": "Sur",
                                 "capital_city": "B"}])
    districts = typed("districts", [
        {"district_code": "0101", "district_name": "Uno", "region_code": "01"},
        {"district_code": "0201", "district_name": "Dos", "region_code": "02"}])
    schools = typed("schools", [
        {"school_id": "0101001", "district_code": "0101", "area": "urban"},
        {"school_id": "0201001", "district_code": "0201", "area": "rural"}])
    students = []
    # 40 girls: attendance 80, 90, 80, 90 … (mean 85); 40 boys: 70, 90 … (mean 80).
    for i in range(80):
        girl = i < 40
        value = (80.0 if i % 2 == 0 else 90.0) if girl else (70.0 if i % 2 == 0 else 90.0)
        students.append({
            "student_id": f"ST{i:07d}", "year": 2022, "cohort": 2021,
            "school_id": "0101001" if i % 4 else "0201001", "grade": 6,
            "sex": "F" if girl else "M", "age": 11, "ses_index": i / 80,
            "indigenous": False, "special_needs": i < n_special, "attendance_rate": value,
            "mark_language": 7.0, "mark_mathematics": 7.0, "behaviour_incidents": 0,
            "next_year_status": "promoted"})
    assessment = []
    # 50 grade-3 readers, 20 of them at level I (below the minimum, level II): 40%.
    for i in range(50):
        assessment.append({
            "student_id": f"A22-3-{i:06d}", "subject": "reading", "year": 2022, "grade": 3,
            "school_id": "0101001", "sex": "F", "age": 8, "ses_index": 0.0,
            "indigenous": False, "special_needs": False, "attended_preschool": True,
            "score": 600.0 if i < 20 else 720.0, "level": "I" if i < 20 else "II"})
    return {"regions": regions, "districts": districts, "schools": schools,
            "students": typed("students", students), "assessment": typed("assessment",
                                                                         assessment)}


class TestGaps:
    def test_means_intervals_and_gap_by_hand(self) -> None:
        data = gaps.prepare_gap_data(gap_tables())
        table = gaps.gap_table(data, "attendance", "sex", 2022).set_index("code")
        sd_girls = 5 * math.sqrt(40 / 39)  # deviations of ±5 around 85, n − 1 = 39
        sd_boys = 10 * math.sqrt(40 / 39)
        se_girls, se_boys = sd_girls / math.sqrt(40), sd_boys / math.sqrt(40)
        girls = table.loc["F"]
        assert girls["value"] == pytest.approx(85.0)
        assert girls["ci_high"] - girls["value"] == pytest.approx(1.959964 * se_girls,
                                                                  rel=1e-6)
        assert girls["gap"] == pytest.approx(5.0)  # boys are the reference group
        half = 1.959964 * math.sqrt(se_girls**2 + se_boys**2)
        assert (girls["gap_low"], girls["gap_high"]) == (pytest.approx(5 - half),
                                                          pytest.approx(5 + half))
        boys = table.loc["M"]
        assert bool(boys["reference"]) and boys["gap"] == 0 and math.isnan(boys["gap_low"])

    def test_share_below_minimum_interval(self) -> None:
        data = gaps.prepare_gap_data(gap_tables())
        row = gaps.gap_table(data, "reading_below_minimum", "sex", 2022).iloc[0]
        assert row["n"] == 50 and row["value"] == pytest.approx(40.0)
        half = 1.959964 * math.sqrt(40 * 60 / 50)
        assert row["ci_low"] == pytest.approx(40 - half, rel=1e-6)
        assert row["ci_high"] == pytest.approx(40 + half, rel=1e-6)

    def test_small_groups_are_suppressed_with_a_note(self) -> None:
        data = gaps.prepare_gap_data(gap_tables(n_special=29))
        table = gaps.gap_table(data, "attendance", "special_needs", 2022)
        small = table[table["code"] == "True"].iloc[0]
        assert bool(small["too_small"]) and small["n"] == 29
        assert all(math.isnan(small[c]) for c in ("value", "ci_low", "ci_high", "gap"))
        note = gaps.suppressed_note(table)
        assert "Special educational needs" in note and "30" in note
        data30 = gaps.prepare_gap_data(gap_tables(n_special=30))
        table30 = gaps.gap_table(data30, "attendance", "special_needs", 2022)
        assert not table30["too_small"].any() and gaps.suppressed_note(table30) == ""

    def test_reference_falls_back_to_the_largest_group(self) -> None:
        data = gaps.prepare_gap_data(gap_tables())
        table = gaps.gap_table(data, "attendance", "region", 2022)
        assert table.loc[table["reference"], "group"].tolist() == ["Norte"]  # 60 of 80

    def test_place_filter_and_quintiles(self) -> None:
        data = gaps.prepare_gap_data(gap_tables())
        assert gaps.gap_table(data, "attendance", "sex", 2022, place="0201")["n"].sum() == 20
        assert gaps.gap_table(data, "attendance", "sex", 2022, place="01")["n"].sum() == 60
        quint = gaps.gap_table(data, "attendance", "ses_quintile", 2022, min_group_size=0)
        assert quint["n"].tolist() == [16] * 5
        assert quint["reference"].tolist() == [False] * 4 + [True]

    def test_no_pupils(self) -> None:
        data = gaps.prepare_gap_data(gap_tables())
        assert gaps.gap_table(data, "attendance", "sex", 2019).empty


# ======================================================================================
# Indicators


def indicator_tables(enrolment: list[dict], population: list[dict],
                     teachers: list[dict] | None = None) -> dict[str, pd.DataFrame]:
    return {
        "regions": typed("regions", [
            {"region_code": "01", "region_name": "Norte", "capital_city": "A"},
            {"region_code": "02", "region_name": "Sur", "capital_city": "B"}]),
        "districts": typed("districts", [
            {"district_code": "0101", "district_name": "Uno", "region_code": "01"},
            {"district_code": "0201", "district_name": "Dos", "region_code": "02"}]),
        "schools": typed("schools", [
            {"school_id": "0101001", "district_code": "0101", "area": "urban",
             "sector": "public"},
            {"school_id": "0201001", "district_code": "0201", "area": "rural",
             "sector": "private"}]),
        "enrolment": typed("enrolment", enrolment),
        "population": typed("population", population),
        "teachers": typed("teachers", teachers or []),
    }


def e(school: str, year: int, grade: int, sex: str, age: int, pupils: int,
      repeaters: int = 0, graduates: int | None = None) -> dict:
    return {"school_id": school, "year": year, "grade": grade, "sex": sex, "age": age,
            "pupils": pupils, "repeaters": repeaters, "graduates": graduates}


class TestIndicators:
    @pytest.fixture
    def access(self) -> indicators.IndicatorData:
        enrolment = [
            e("0101001", 2022, 1, "F", 6, 40), e("0101001", 2022, 1, "M", 6, 40),
            e("0101001", 2022, 1, "M", 12, 10, repeaters=5),  # over-age: GER, not NER
            e("0201001", 2022, 1, "F", 6, 20),
        ]
        population = [
            {"district_code": d, "year": 2022, "age": 6, "sex": s, "population": n}
            for d, n in (("0101", 50), ("0201", 25)) for s in ("F", "M")
        ]
        teachers = [
            {"school_id": "0101001", "year": 2022, "level": "primary", "teachers": 4,
             "female": 3, "male": 1, "qualified": 4, "trained": 3},
            {"school_id": "0201001", "year": 2022, "level": "primary", "teachers": 2,
             "female": 2, "male": 0, "qualified": 2, "trained": 1},
        ]
        return indicators.prepare_indicator_data(indicator_tables(enrolment, population,
                                                                  teachers))

    def value(self, data, indicator, breakdown, group=None) -> float:
        table = indicators.indicator_table(data, indicator, "primary", breakdown, 2022)
        row = table.iloc[0] if group is None else table.set_index("group").loc[group]
        return float(row["value"])

    def test_access_indicators_by_hand(self, access) -> None:
        assert self.value(access, "ger", "national") == pytest.approx(110 / 150 * 100)
        assert self.value(access, "ner", "national") == pytest.approx(100 / 150 * 100)
        assert self.value(access, "out_of_school", "national") == pytest.approx(50 / 150
                                                                                * 100)
        assert self.value(access, "ger", "region", "Norte") == pytest.approx(90.0)
        assert self.value(access, "ger", "region", "Sur") == pytest.approx(40.0)
        assert self.value(access, "ger", "sex", "Girls") == pytest.approx(80.0)
        assert self.value(access, "ger", "sex", "Boys") == pytest.approx(50 / 75 * 100)
        # GER girls / GER boys = 1.2 > 1: adjusted parity index 2 − 1/1.2.
        assert self.value(access, "gpi", "national") == pytest.approx(2 - 1 / 1.2)

    def test_teacher_indicators_by_hand(self, access) -> None:
        assert self.value(access, "ptr", "national") == pytest.approx(110 / 6)
        assert self.value(access, "ptr", "area", "Urban") == pytest.approx(22.5)
        assert self.value(access, "ptr", "area", "Rural") == pytest.approx(10.0)
        assert self.value(access, "trained", "sector", "Private") == pytest.approx(50.0)
        assert self.value(access, "trained", "national") == pytest.approx(4 / 6 * 100)

    def test_flow_rates_of_a_level_weight_grades_by_enrolment(self) -> None:
        enrolment = [
            e("0101001", 2022, 1, "F", 6, 100), e("0101001", 2022, 2, "F", 7, 80,
                                                   graduates=70),
            e("0101001", 2023, 1, "F", 6, 110, repeaters=10),
            e("0101001", 2023, 2, "F", 7, 95, repeaters=5),
        ]
        data = indicators.prepare_indicator_data(indicator_tables(enrolment, []))
        # Grade 1: promotion 90, repetition 10; grade 2: promotion 70/80, repetition 5/80.
        table = {f: indicators.indicator_table(data, f, "primary", "national", 2022)
                 for f in indicators.FLOWS}
        assert table["promotion"]["value"].iloc[0] == pytest.approx((90 * 100 + 87.5 * 80)
                                                                    / 180)
        assert table["repetition"]["value"].iloc[0] == pytest.approx(1500 / 180)
        assert table["dropout"]["value"].iloc[0] == pytest.approx(500 / 180)
        assert table["dropout"]["enrolment"].iloc[0] == 180

    def test_unavailable_choices_say_why(self, access) -> None:
        assert indicators.indicator_table(access, "ger", "primary", "area", 2022).empty
        reason = indicators.unavailable_reason("ger", "area", 2022, 2022)
        assert "district and sex" in reason
        assert "sex" in indicators.unavailable_reason("ptr", "sex", 2022, 2022)
        assert "following year" in indicators.unavailable_reason("dropout", "region",
                                                                 2022, 2022)
        assert indicators.unavailable_reason("ger", "region", 2022, 2022) is None
        with pytest.raises(ValueError):
            indicators.compute(access, "gpi", "primary", "sex")

    def test_charts(self, access) -> None:
        table = indicators.indicator_table(access, "ger", "primary", "region", 2022)
        spec = indicators.indicator_chart(table, "ger", "primary", "region", 2022).to_dict()
        rows = next(iter(spec["datasets"].values()))
        assert {r["group"]: r["value"] for r in rows} == {"Norte": 90.0, "Sur": 40.0}
        long = indicators.indicator_long_table(access)
        static = indicators.static_indicator_chart(long, access, indicator="ger",
                                                   level="primary", breakdown="region",
                                                   year=2022).to_dict()
        assert {p["name"] for p in static["params"]} == {"indicator", "level", "breakdown",
                                                          "year"}


# ======================================================================================
# Data quality


def census_row(code: str, grade: int, age: int | None, boys: int | None,
               girls: int | None, total: int | None = None, **cover) -> dict:
    row = {"school_code": code, "school_name": cover.pop("name", f"School {code}"),
           "district_name": cover.pop("district", "Uno"), "sector_code": "PUB",
           "area_code": "U", "year": 2024, "grade": grade, "age": age, "boys": boys,
           "girls": girls,
           "total": total if total is not None else (boys or 0) + (girls or 0),
           "repeaters_boys": 0, "repeaters_girls": 0, "capacity": 100, "teachers": 5,
           "school_total_declared": None, "date_submitted": "2024-03-01"}
    row.update(cover)
    return row


def quality_tables() -> dict[str, pd.DataFrame]:
    good = [census_row("0101001", 1, 6, 10, 12), census_row("0101001", 2, 7, 9, 9)]
    resent = [dict(r, date_submitted="2024-03-20") for r in good]  # planted: sent twice
    rows = good + resent + [
        # 0101002: one problem per row.
        census_row("0101002", 1, 45, 5, 5),                          # impossible age
        census_row("0101002", 2, 7, 3, 4, total=8),                  # total ≠ boys + girls
        census_row("0101002", 3, 8, 2, None, total=4),               # blank count
        census_row("0101002", 4, 9, 1, 1, repeaters_boys=3),         # repeaters > boys
        # 0101003 typed without its leading zero, district misspelt, far above capacity.
        census_row("101003", 1, 6, 10, 10, capacity=5, district="uno", sector_code="PRI"),
        # The first school's form again under a code the register does not know.
        census_row("0101999", 1, 6, 10, 12), census_row("0101999", 2, 7, 9, 9),
        # 0101005 resent last year's numbers; its sector code is not on the list.
        census_row("0101005", 1, 6, 7, 8, sector_code="Pública"),
    ]
    totals = {"0101001": 40, "0101002": 23, "101003": 99, "0101999": 40, "0101005": 15}
    for row in rows:
        row["school_total_declared"] = totals[row["school_code"]]
    schools = typed("schools", [
        {"school_id": f"010100{i}", "school_name": f"School 010100{i}",
         "district_code": "0101", "area": "urban",
         "sector": "private" if i == 3 else "public", "capacity": 100}
        for i in range(1, 6)])
    enrolment = typed("enrolment", [
        e("0101001", 2023, 1, "F", 6, 11), e("0101001", 2023, 1, "M", 6, 11),
        e("0101003", 2023, 1, "F", 6, 9),
        e("0101004", 2023, 1, "F", 6, 20),                            # sent no form
        e("0101005", 2023, 1, "F", 6, 8), e("0101005", 2023, 1, "M", 6, 7),
    ])
    districts = typed("districts", [{"district_code": "0101", "district_name": "Uno",
                                     "region_code": "01"}])
    return {"census_raw": typed("census_raw", rows), "schools": schools,
            "enrolment": enrolment, "districts": districts}


@pytest.fixture(scope="module")
def found() -> dict[str, pd.DataFrame]:
    return {r.rule.key: r.rows for r in quality.inspect("census_raw", quality_tables())}


class TestQuality:
    def codes(self, found, key) -> list[str]:
        return sorted(found[key]["school_code"].astype(str).unique())

    def test_a_form_sent_twice(self, found) -> None:
        assert self.codes(found, "form_sent_twice") == ["0101001"]
        assert found["form_sent_twice"]["repeated_rows"].tolist() == [4]

    def test_the_same_form_under_two_codes(self, found) -> None:
        assert self.codes(found, "same_form_two_codes") == ["0101001", "0101999"]
        assert self.codes(found, "unknown_code") == ["0101999"]

    def test_codes_and_names(self, found) -> None:
        assert self.codes(found, "malformed_code") == ["101003"]
        assert self.codes(found, "district_name") == ["101003"]
        assert self.codes(found, "sector_code") == ["0101005"]
        assert found["sector_code"]["sector_code"].tolist() == ["Pública"]
        assert self.codes(found, "area_code") == []
        assert self.codes(found, "codes_disagree") == []

    def test_row_problems(self, found) -> None:
        assert found["impossible_age"]["age"].tolist() == [45]
        assert found["row_total"]["grade"].tolist() == [2]
        assert found["blank_counts"]["grade"].tolist() == [3]
        assert found["repeaters_above_pupils"]["grade"].tolist() == [4]

    def test_school_totals(self, found) -> None:
        assert self.codes(found, "above_capacity") == ["101003"]
        assert found["above_capacity"]["times_capacity"].tolist() == [4.0]
        # 0101002 declared 23 but its typed totals add up to 10 + 8 + 4 + 2 = 24.
        assert self.codes(found, "declared_total") == ["0101002", "101003"]

    def test_submissions_compared_with_last_year(self, found) -> None:
        assert self.codes(found, "missing_submission") == ["0101004"]
        assert self.codes(found, "same_as_last_year") == ["0101005"]
        assert found["wrong_year"].empty

    def test_schema_rules_find_a_repeated_id_and_a_value_out_of_range(self) -> None:
        schools = typed("schools", [
            {"school_id": "0101001", "district_code": "0101", "area": "urban",
             "capacity": 100},
            {"school_id": "0101001", "district_code": "0101", "area": "rural",
             "capacity": 0},
        ])
        found = {r.rule.key: r.rows for r in quality.inspect("schools",
                                                              {"schools": schools})}
        assert len(found["duplicate_key"]) == 2
        assert found["outside_allowed"]["capacity"].tolist() == [0]
        assert len(found["missing_required"]) == 2  # the other columns are empty

    def test_summary_and_charts(self) -> None:
        results = quality.inspect("census_raw", quality_tables())
        summary = quality.summary(results)
        assert summary.set_index("key").loc["impossible_age", "problems"] == 1
        quality.quality_chart(results, "census_raw").to_dict()
        quality.static_quality_chart({"census_raw": summary}, "census_raw").to_dict()


# ======================================================================================
# Rubric


class TestRubric:
    def test_saber_emis_has_four_areas_and_four_levels(self) -> None:
        saber = rubric.saber_emis()
        assert [a.title for a in saber.areas] == [
            "Enabling environment", "System soundness", "Quality data",
            "Utilization for decision making"]
        assert [(lv.label, lv.score) for lv in saber.levels] == [
            ("Latent", 1), ("Emerging", 2), ("Established", 3), ("Advanced", 4)]
        with i18n.using("es"):
            assert rubric.saber_emis().levels[0].label == "Latente"

    def test_actions_start_with_the_weakest_areas(self) -> None:
        saber = rubric.saber_emis()
        actions = rubric.action_list(saber, rubric.EXAMPLE_RATINGS, limit=3)
        assert actions[0].startswith("Utilization for decision making (Latent)")
        assert actions[1].startswith("Enabling environment (Emerging)")
        assert actions[2].startswith("Quality data (Emerging)")
        assert rubric.overall_score(saber, rubric.EXAMPLE_RATINGS) == pytest.approx(2.0)

    def test_top_level_areas_only_when_nothing_else_needs_doing(self) -> None:
        saber = rubric.saber_emis()
        ratings = dict.fromkeys(rubric.SABER_AREAS, "advanced")
        assert len(rubric.action_list(saber, ratings, limit=3)) == 1
        ratings["quality_data"] = "established"
        actions = rubric.action_list(saber, ratings, limit=3)
        assert len(actions) == 1 and actions[0].startswith("Quality data")

    def test_other_rubrics_as_data(self) -> None:
        data = {
            "key": "dqaf", "title": "Data quality (Ed-DQAF)",
            "levels": [{"key": "not_observed", "label": "Not observed", "score": 1},
                       {"key": "largely", "label": "Largely observed", "score": 3},
                       {"key": "observed", "label": "Observed", "score": 4}],
            "areas": [{"key": "integrity", "title": "Integrity",
                       "next_steps": {"not_observed": "Publish a code of conduct."}},
                      {"key": "accuracy", "title": "Accuracy",
                       "next_steps": {"largely": "Audit a sample of schools."}}],
        }
        custom = rubric.Rubric.from_dict(data)
        assert rubric.Rubric.from_dict(custom.to_dict()) == custom
        ratings = {"integrity": "not_observed", "accuracy": "largely"}
        assert rubric.action_list(custom, ratings) == [
            "Integrity (Not observed): Publish a code of conduct.",
            "Accuracy (Largely observed): Audit a sample of schools."]
        assert rubric.check_ratings(custom, {}) == {"integrity": "not_observed",
                                                    "accuracy": "not_observed"}
        with pytest.raises(ValueError):
            rubric.check_ratings(custom, {"speed": "observed"})
        with pytest.raises(KeyError):
            rubric.check_ratings(custom, {"integrity": "excellent"})
        spec = rubric.static_rubric_chart(custom, ratings).to_dict()
        assert [p["name"] for p in spec["params"]] == ["area0", "area1"]


# ======================================================================================
# Shared helpers


def test_table_html_is_deterministic_and_escaped() -> None:
    from emiskit.widgets.logic.common import fmt_number, table_html

    frame = pd.DataFrame({"a": ["<b>", "x"], "b": [1234.5, np.nan]})
    html = table_html(frame, {"a": "A & B", "b": "B"}, caption="Cap")
    assert html == table_html(frame, {"a": "A & B", "b": "B"}, caption="Cap")
    assert "&lt;b&gt;" in html and "A &amp; B" in html and "1,234.5" in html and "—" in html
    with i18n.using("es"):
        assert fmt_number(1234.5) == "1\u202f234,5"
        assert fmt_number(np.int64(12000)) == "12\u202f000"
