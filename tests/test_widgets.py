"""The widget layer: set controls as a learner would and check that tables, charts and
messages follow; knowledge checks give feedback without exposing their answers; the
static view (book builds) uses ordinary outputs."""

from __future__ import annotations

import json

import altair as alt
import ipywidgets as widgets
import pandas as pd
import pytest
from ipywidgets.embed import dependency_state, embed_data
from test_widgets_logic import quality_tables, tiny_students

from emiskit import i18n
from emiskit.widgets import (
    GapExplorer,
    IndicatorExplorer,
    QualityInspector,
    SelfAssessment,
    ThresholdExplorer,
    knowledge_check,
    multiple_choice,
    numeric_answer,
    single_choice,
)
from emiskit.widgets._base import ChartPane
from emiskit.widgets.logic import gaps, indicators, thresholds
from emiskit.widgets.logic.checks import encode_check_text

CDN = ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com")


@pytest.fixture(autouse=True)
def english():
    before = i18n.get_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def chart_rows(chart: alt.TopLevelMixin) -> list[dict]:
    """All data rows of a chart built from pandas frames."""
    datasets = chart.to_dict()["datasets"]
    return [row for rows in datasets.values() for row in rows]


def state_text(widget: widgets.Widget) -> str:
    """Everything a saved notebook would hold about a widget and its children."""
    state = dependency_state(widget)
    return json.dumps(embed_data(views=[widget], state=state)["manager_state"])


# ======================================================================================
# Indicator explorer (sample data)


@pytest.fixture(scope="module")
def explorer() -> IndicatorExplorer:
    return IndicatorExplorer(indicator="ger", level="primary", breakdown="region",
                             year=2023, mode="static")


def test_explorer_year_change_updates_table_and_chart(explorer: IndicatorExplorer) -> None:
    before = explorer.table.copy()
    assert len(before) == 6  # six regions
    explorer.year.value = 2022
    expected = indicators.indicator_table(explorer.data, "ger", "primary", "region", 2022)
    pd.testing.assert_frame_equal(explorer.table, expected)
    assert not explorer.table["value"].equals(before["value"])
    plotted = {r["group"]: r["value"] for r in chart_rows(explorer.chart)}
    assert plotted == {g: round(v, 2) for g, v in zip(expected["group"], expected["value"],
                                                       strict=True)}
    assert "2022" in explorer._table_html()
    explorer.year.value = 2023


def test_explorer_breakdowns_and_unavailable_choices(explorer: IndicatorExplorer) -> None:
    explorer.breakdown.value = "district"
    assert len(explorer.table) == 20 and explorer.message == ""
    explorer.breakdown.value = "area"
    assert explorer.table.empty
    assert "district and sex" in explorer.message
    assert chart_rows(explorer.chart) == []
    explorer.indicator.value = "ptr"
    assert list(explorer.table["group"]) == ["Rural", "Urban"]
    assert explorer.message == ""
    with explorer.hold():
        explorer.indicator.value = "ger"
        explorer.breakdown.value = "region"
    assert len(explorer.table) == 6


def test_explorer_flows_need_the_next_year(explorer: IndicatorExplorer) -> None:
    with explorer.hold():
        explorer.indicator.value = "dropout"
        explorer.year.value = explorer.data.last_year
    assert explorer.table.empty and "following year" in explorer.message
    with explorer.hold():
        explorer.indicator.value = "ger"
        explorer.year.value = 2023


def test_explorer_static_chart_has_menus_and_all_choices(explorer: IndicatorExplorer) -> None:
    spec = explorer.static_chart().to_dict()
    binds = {p["name"]: p["bind"] for p in spec["params"]}
    assert set(binds) == {"indicator", "level", "breakdown", "year"}
    assert binds["breakdown"]["labels"] == ["National", "Region", "District", "Area",
                                            "Sector", "Sex"]
    assert not any(cdn in json.dumps(spec) for cdn in CDN)


# ======================================================================================
# Gap explorer (sample data)


@pytest.fixture(scope="module")
def gap_explorer() -> GapExplorer:
    return GapExplorer(mode="static")


def test_gap_outcome_change_refills_the_years(gap_explorer: GapExplorer) -> None:
    assert [v for _, v in gap_explorer.year.options] == [2019, 2022]
    gap_explorer.outcome.value = "attendance"
    years = [v for _, v in gap_explorer.year.options]
    assert 2018 in years and 2020 not in years  # attendance was not recorded in 2020
    assert gap_explorer.year.value == 2022
    expected = gaps.gap_table(gap_explorer.data, "attendance", "ses_quintile", 2022)
    pd.testing.assert_frame_equal(gap_explorer.table, expected)
    gap_explorer.outcome.value = "reading_below_minimum"
    assert [v for _, v in gap_explorer.year.options] == [2019, 2022]


def test_gap_small_groups_are_suppressed_in_table_chart_and_message(
        gap_explorer: GapExplorer) -> None:
    data = gap_explorer.data
    small = next(code for code in data.places["district_code"]
                 if gaps.gap_table(data, "reading_below_minimum", "indigenous", 2022,
                                   code)["too_small"].any())
    with gap_explorer.hold():
        gap_explorer.grouping.value = "indigenous"
        gap_explorer.place.value = small
    table = gap_explorer.table
    assert table["too_small"].any()
    assert "Not shown" in gap_explorer.message
    shown = {r["group"] for r in chart_rows(gap_explorer.chart) if "group" in r}
    assert shown == set(table.loc[~table["too_small"], "group"])
    with gap_explorer.hold():
        gap_explorer.grouping.value = "ses_quintile"
        gap_explorer.place.value = ""


# ======================================================================================
# Threshold explorer


def test_threshold_controls_update_the_counts() -> None:
    students = tiny_students()
    explorer = ThresholdExplorer(tables={"students": students}, mode="static")
    assert explorer.year.value == 2022
    c = explorer.confusion
    assert (c.true_positive, c.false_positive, c.false_negative, c.true_negative) == \
        (3, 2, 1, 2)
    explorer.min_signs.value = 2
    assert explorer.confusion.flagged == 1
    assert "flags 1 of 8 pupils" in explorer.message
    explorer.min_signs.value = 1
    explorer.attendance.value = 100
    expected = thresholds.evaluate(thresholds.prepare_students(students),
                                   thresholds.Thresholds(100, 6, 2, 1), 2022)
    assert explorer.confusion == expected
    rows = chart_rows(explorer.chart)
    assert {r["pupils"] for r in rows if "pupils" in r} == {
        expected.true_positive, expected.false_positive, expected.false_negative,
        expected.true_negative}


# ======================================================================================
# Data-quality inspector


def test_inspector_lists_rules_and_switches_tables() -> None:
    inspector = QualityInspector(table="census_raw", table_names=("census_raw", "schools"),
                                 tables=quality_tables(), mode="static")
    summary = inspector.table.set_index("key")["problems"]
    assert summary["form_sent_twice"] == 1 and summary["impossible_age"] == 1
    rules = [v for _, v in inspector.rule.options]
    assert "impossible_age" in rules and "wrong_year" not in rules  # only rules that found
    inspector.rule.value = "impossible_age"
    assert "45" in inspector._table_html()
    inspector.table_menu.value = "schools"
    assert inspector.results[0].rule.key == "duplicate_key"
    # The tiny register leaves most required columns empty.
    assert [v for _, v in inspector.rule.options] == ["missing_required"]
    assert inspector.message == "Rules with problems: 1. Problems found: 5."
    clean = QualityInspector(table="schools", table_names=("schools",),
                             tables={"schools": quality_tables()["schools"].fillna(
                                 {"school_name": "x"}).iloc[:0]}, mode="static")
    assert clean.rule.options == ((i18n.t("quality.none_found"), ""),)
    assert "No rule found a problem" in clean.message


# ======================================================================================
# Self-assessment


def test_self_assessment_follows_the_ratings() -> None:
    sa = SelfAssessment(mode="static")
    assert all(menu.value == "latent" for menu in sa.menus.values())
    sa.menus["utilization"].value = "advanced"
    assert sa.table.set_index("area").loc["Utilization for decision making", "level"] == \
        "Advanced"
    assert not any(a.startswith("Utilization") for a in sa.actions)
    rows = {r["area"]: r["score"] for r in chart_rows(sa.chart)}
    assert rows["Utilization for decision making"] == 4
    assert "1.8 out of 4" in sa.message


def test_a_widget_keeps_the_language_it_was_created_in() -> None:
    with i18n.using("es"):
        sa = SelfAssessment(mode="static")
    assert sa.menus["quality_data"].description == "Calidad de los datos"
    sa.menus["quality_data"].value = "emerging"  # redraws while the notebook speaks English
    assert sa.message.startswith("Nivel promedio")
    assert "Próximos pasos" in sa._table_html() or "Autoevaluación" in sa._table_html()


# ======================================================================================
# Knowledge checks


def test_single_choice_feedback_and_no_answer_in_the_state() -> None:
    explanation = "Over-age pupils count in the numerator only."
    check = single_choice("Which ratio can pass 100?", ["GER", "NER", "OOS rate"], answer=0,
                          explanation=explanation, feedback=["", "Never above 100.", ""],
                          mode="live")
    before = state_text(check.widget)
    assert explanation not in before and "Never above 100" not in before
    check.answer.value = 1
    verdict = check.check()
    assert verdict.status == "incorrect"
    assert "Never above 100." in check.feedback.value
    assert explanation not in check.feedback.value  # not yet: one try so far
    assert explanation not in state_text(check.widget)
    check.check()  # a second wrong try reveals the explanation
    assert explanation in check.feedback.value
    check.answer.value = 0
    assert check.check().correct and "Correct" in check.feedback.value


def test_multiple_choice_partial_feedback() -> None:
    check = multiple_choice("Pick the errors", ["age 45", "12 pupils", "total wrong"],
                            answers=[0, 2], mode="live")
    assert check.check().status == "empty"
    check.boxes[0].value = True
    assert check.check().status == "partial"
    assert "1 of the 2" in check.feedback.value
    check.boxes[2].value = True
    assert check.check().correct


def test_numeric_answer_accepts_a_decimal_comma_and_hides_the_answer() -> None:
    text = encode_check_text("Pupils per teacher?\nanswer: 32.5 ± 0.5\nunit: pupils\n"
                             "explanation: 1,300 / 40 = 32.5")
    assert "32.5" not in text
    check = knowledge_check(text, mode="live")
    assert "32.5" not in state_text(check.widget)
    check.answer.value = "treinta"
    assert check.check().status == "invalid" and "not a number" in check.feedback.value
    check.answer.value = "32,9"
    assert check.check().correct
    assert "1,300 / 40 = 32.5" in check.feedback.value


def test_keyed_checks_match_their_options() -> None:
    spec_text = encode_check_text("Q?\n- [ ] a\n- [x] b\n")
    key = spec_text.split("key: ")[1].strip()
    assert single_choice("Q?", ["a", "b"], key=key).check().status == "empty"
    with pytest.raises(ValueError, match="options"):
        single_choice("Q?", ["a", "b", "c"], key=key)
    with pytest.raises(ValueError):
        numeric_answer("Q?", key=key)


def test_check_in_spanish() -> None:
    with i18n.using("es"):
        check = numeric_answer("¿Cuántos?", answer=3, mode="live")
    assert check.button.description == "Comprobar"
    check.answer.value = "3"
    check.check()
    assert "Correcto" in check.feedback.value


def test_gallery_notebook_keeps_answers_coded() -> None:
    from pathlib import Path

    text = (Path(__file__).parent.parent / "notebooks" / "widget-gallery.ipynb").read_text(
        encoding="utf-8")
    assert "key=" in text
    for answer in ("The GER divides enrolment", "2,400 / 80 = 30", "(1,000 − 950)",
                   "[x]", "answer: "):
        assert answer not in text


# ======================================================================================
# Live and static views


def test_live_view_updates_in_place() -> None:
    explorer = IndicatorExplorer(mode="live", year=2023)
    box = explorer.widget
    assert isinstance(box, widgets.VBox)
    table_widget, pane = explorer._table_widget, explorer._pane
    assert pane is not None and pane.kind == "output"  # the tests run outside JupyterLab
    first = table_widget.value
    explorer.year.value = 2019
    assert table_widget.value != first and "2019" in table_widget.value
    assert explorer.widget is box  # the same box, updated in place
    assert pane.widget.outputs and "text/html" in pane.widget.outputs[-1]["data"]


def test_jupyterchart_pane_replaces_its_spec() -> None:
    first = alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q")
    second = alt.Chart(pd.DataFrame({"x": [2]})).mark_bar().encode(x="x:Q")
    pane = ChartPane(first, kind="jupyterchart")
    widget = pane.widget
    assert isinstance(widget, alt.JupyterChart)
    pane.update(second)
    assert pane.widget is widget
    values = [r for rows in widget.spec["datasets"].values() for r in rows]
    assert values == [{"x": 2}]


def test_static_view_uses_ordinary_outputs_without_cdn_in_widget_state() -> None:
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.display import display
    from IPython.utils.capture import capture_output

    InteractiveShell.instance()
    alt.renderers.enable("html")
    sa = SelfAssessment(mode="static")
    with capture_output() as captured:
        display(sa)
    kinds = [list(out.data) for out in captured.outputs]
    assert "application/vnd.jupyter.widget-view+json" in kinds[0]
    assert "text/html" in kinds[1] and "text/html" in kinds[2]
    assert "vegaEmbed" in captured.outputs[2].data["text/html"]  # the chart, as output
    snapshot = sa._snapshot
    assert snapshot is not None and captured.outputs[0].data[
        "application/vnd.jupyter.widget-view+json"]["model_id"] == snapshot.model_id
    assert not any(cdn in state_text(snapshot) for cdn in CDN)
    with capture_output() as updated:
        sa.menus["quality_data"].value = "advanced"
    assert updated.outputs  # the table and the chart were redrawn through their handles
