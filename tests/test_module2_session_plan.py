"""The session plan of Module 2: agendas whose minutes add up, what a facilitator needs, and
an answer key that agrees with the sample data."""

from __future__ import annotations

import re

import pytest

from emiskit.data.settings import PROGRAMME_TRUE_EFFECT_SD
from emiskit.facilitation.agenda import Agenda, check_agenda, parse_clock, read_page
from emiskit.paths import course_root

PLAN = course_root() / "book" / "facilitators" / "module2-session-plan.md"
SESSIONS = ("Webinar", "Workshop")


def _text() -> str:
    return PLAN.read_text(encoding="utf-8")


def _agenda(session: str) -> Agenda:
    """The session's agenda, read by the course's one agenda parser."""
    agendas = {agenda.name: agenda for agenda in read_page(PLAN, "module2-session-plan.md")}
    assert session in agendas, f"no '## {session} (N minutes)' section with an agenda table"
    return agendas[session]


def test_the_plan_is_for_facilitators():
    front = re.match(r"^---\n(.*?)\n---\n", _text(), flags=re.S)
    assert front and re.search(r"^audience: facilitator$", front.group(1), flags=re.M)


@pytest.mark.parametrize("session", SESSIONS)
def test_minutes_add_up_to_the_stated_total(session):
    agenda = _agenda(session)
    assert agenda.footer_total is not None, f"{session}: no '**Total: N minutes**' line"
    assert agenda.total == agenda.footer_total
    assert agenda.minutes == agenda.total


@pytest.mark.parametrize("session", SESSIONS)
def test_start_times_follow_the_minutes(session):
    agenda = _agenda(session)
    assert [parse_clock(row.start) for row in agenda.rows] == list(agenda.starts)
    assert check_agenda(agenda) == []


def test_the_plan_has_what_a_facilitator_needs():
    text = _text()
    for heading in ("## Goals", "## Before the sessions", "## Adapting the sessions",
                    "### Debriefing the programme estimates"):
        assert re.search(rf"^{re.escape(heading)}$", text, flags=re.M), heading
    assert "**Materials to prepare**" in text
    assert text.count("**Discussion prompts") >= 2
    adapting = text.split("## Adapting the sessions", 1)[1]
    for mode in ("**In person.**", "**Online.**", "**Hybrid.**"):
        assert mode in adapting, mode
    for activity in ("Breakout rooms", "Role play", "Gallery walk", "Build a monitoring"):
        assert activity in text, activity


def test_the_true_effect_is_the_one_the_data_were_made_with():
    text = _text()
    points = round(100 * PROGRAMME_TRUE_EFFECT_SD)
    assert f"**{points} points, {PROGRAMME_TRUE_EFFECT_SD:.2f} standard deviations**" in text
    assert f"`PROGRAMME_TRUE_EFFECT_SD = {PROGRAMME_TRUE_EFFECT_SD:.2f}`" in text
    assert f"`trueEffectPoints: {points}`" in text


def test_the_expected_estimates_match_the_sample_data():
    from emiskit import datasets

    programme = datasets.load("programme")
    means = programme.groupby(["arm", "year"], observed=True)["mean_score"].mean()
    change = {arm: means[(arm, 2022)] - means[(arm, 2019)]
              for arm in ("targeted", "pilot_treatment", "pilot_control", "not_in_programme")}
    expected = {
        "Naive": means[("targeted", 2022)] - means[("not_in_programme", 2022)],
        "Before-after": change["targeted"],
        "Difference-in-differences": change["targeted"] - change["not_in_programme"],
        "Randomised pilot": means[("pilot_treatment", 2022)] - means[("pilot_control", 2022)],
    }
    table = _text().split("### Debriefing the programme estimates", 1)[1]
    for name, value in expected.items():
        row = re.search(rf"^ *\| {re.escape(name)}[^|]*\| ([−+-]?[\d.]+) points", table,
                        flags=re.M)
        assert row, name
        stated = float(row.group(1).replace("−", "-"))
        assert stated == pytest.approx(value, abs=0.05), name
