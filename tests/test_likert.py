"""Survey shares and charts on ordered scales (emiskit.likert)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from emiskit import datasets, i18n, likert

ROLES = {"ministry_staff": "Ministry staff", "district_officer": "District officers",
         "school_leader": "School leaders", "teacher": "Teachers"}
FREQUENCY = {"never": "Never", "once_a_year": "Once a year", "each_term": "Each term",
             "monthly": "Monthly", "weekly": "Weekly"}
AGREEMENT = {"strongly_disagree": "Strongly disagree", "disagree": "Disagree",
             "neutral": "Neutral", "agree": "Agree", "strongly_agree": "Strongly agree"}
SOURCES = {"use_school_census": "School census", "use_research_studies": "Research"}
BARRIERS = {"barrier_no_time": "No time", "barrier_data_late": "Data late"}


@pytest.fixture(autouse=True)
def _english():
    with i18n.using("en"):
        yield


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return datasets.load("evidence_survey")


def _text(chart) -> str:
    spec = chart.to_dict()
    spec.pop("$schema")
    return json.dumps(spec, ensure_ascii=False)


def test_frequency_shares_add_up_to_100(survey: pd.DataFrame) -> None:
    shares = likert.frequency_shares(survey, SOURCES, FREQUENCY, ROLES)
    totals = shares.groupby(["country", "role_label", "source_label"])["percent"].sum()
    assert totals.between(99.5, 100.5).all()
    assert shares["country"].iloc[0] == "All countries"
    everyone = shares[shares["country"] == "All countries"]["n"].sum()
    assert everyone == shares[shares["country"] != "All countries"]["n"].sum()
    answered = survey["use_school_census"].notna().sum()
    census = shares[(shares["country"] == "All countries")
                    & (shares["source_label"] == "School census")]
    assert census["n"].sum() == answered


def test_segments_centre_the_neutral_answers(survey: pd.DataFrame) -> None:
    rows = likert.segments(survey, BARRIERS, "role", AGREEMENT)
    for _, bar in rows.groupby(["role", "item"]):
        bar = bar.sort_values("step")
        neutral = bar[bar["answer"] == "neutral"].iloc[0]
        assert neutral["start"] + neutral["end"] == pytest.approx(0, abs=0.02)
        assert bar["end"].iloc[-1] - bar["start"].iloc[0] == pytest.approx(100, abs=0.02)
        agree = bar[bar["answer"].isin(["agree", "strongly_agree"])]["percent"].sum()
        assert bar["agree_total"].iloc[0] == pytest.approx(agree, abs=0.11)


def test_frequency_chart(survey: pd.DataFrame) -> None:
    shares = likert.frequency_shares(survey, SOURCES, FREQUENCY, ROLES)
    spec = likert.frequency_chart(shares, list(SOURCES.values()), list(ROLES.values()),
                                  list(FREQUENCY.values())).to_dict()
    assert spec["facet"]["field"] == "source_label"
    enc = spec["spec"]["encoding"]
    assert enc["x"]["title"] == "Share of those who answered"
    assert enc["color"]["title"] == "How often"
    param = spec["params"][0]
    assert param["bind"]["options"][0] == "All countries" and param["bind"]["name"] == "Country "
    with i18n.using("es"):
        spanish = _text(likert.frequency_chart(
            likert.frequency_shares(survey, SOURCES, FREQUENCY, ROLES),
            list(SOURCES.values()), list(ROLES.values()), list(FREQUENCY.values())))
    assert "Todos los países" in spanish and "Con qué frecuencia" in spanish
    assert "cdn" not in spanish.lower() and "http" not in spanish


def test_diverging_and_naive_charts(survey: pd.DataFrame) -> None:
    rows = likert.segments(survey, BARRIERS, "role", AGREEMENT)
    rows["role"] = rows["role"].map(ROLES)
    chart = likert.diverging_chart(rows, list(ROLES.values()), list(AGREEMENT.values()),
                                   start="School leaders")
    spec = chart.to_dict()
    bars = spec["layer"][0]["encoding"]
    assert (bars["x"]["field"], bars["x2"]["field"]) == ("start", "end")
    assert spec["params"][0]["bind"]["name"] == "Who answered "
    assert spec["description"].endswith("school leaders are shown first.")
    with i18n.using("es"):
        spanish = _text(likert.diverging_chart(rows, list(ROLES.values()),
                                               list(AGREEMENT.values()), "School leaders"))
        naive = likert.naive_chart(pd.DataFrame({"statement": ["a"], "answer": ["x"],
                                                 "n": [1]})).to_dict()
    assert "¿Qué impide usar la evidencia?" in spanish
    assert naive["encoding"]["x"]["title"] == "Número"


def test_share_of_leaves_skipped_answers_out() -> None:
    answers = pd.Series(["weekly", "never", None, "monthly"])
    assert likert.share_of(answers, ["monthly", "weekly"]) == pytest.approx(200 / 3)
