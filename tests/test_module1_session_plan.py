"""The session plan of Module 1: agendas whose minutes add up, and what a facilitator needs."""

from __future__ import annotations

import re

import pytest

from emiskit.facilitation.agenda import Agenda, check_agenda, parse_clock, read_page
from emiskit.paths import course_root

PLAN = course_root() / "book" / "facilitators" / "module1-session-plan.md"


def _text() -> str:
    return PLAN.read_text(encoding="utf-8")


def _agendas() -> dict[str, Agenda]:
    """Each agenda of the plan by name, read by the course's one agenda parser."""
    return {agenda.name: agenda for agenda in read_page(PLAN, "module1-session-plan.md")}


def test_the_plan_is_for_facilitators():
    front = re.match(r"^---\n(.*?)\n---\n", _text(), flags=re.S)
    assert front and re.search(r"^audience: facilitator$", front.group(1), flags=re.M)


def test_there_is_a_webinar_and_a_workshop_agenda():
    assert set(_agendas()) == {"Webinar agenda", "Workshop agenda"}


@pytest.mark.parametrize(("name", "total"), [("Webinar agenda", 90), ("Workshop agenda", 180)])
def test_minutes_add_up_to_the_stated_total(name, total):
    agenda = _agendas()[name]
    assert agenda.total == total
    assert agenda.minutes == total


@pytest.mark.parametrize("name", ["Webinar agenda", "Workshop agenda"])
def test_start_times_follow_the_minutes(name):
    agenda = _agendas()[name]
    assert [parse_clock(row.start) for row in agenda.rows] == list(agenda.starts)
    assert check_agenda(agenda) == []


def test_the_plan_has_what_a_facilitator_needs():
    text = _text()
    for heading in ("## Goals", "## Group activities in detail", "## Discussion prompts",
                    "## What to prepare", "## Adapting to in-person, online and hybrid groups"):
        assert re.search(rf"^{re.escape(heading)}$", text, flags=re.M), heading
    adapting = text.split("## Adapting to in-person, online and hybrid groups", 1)[1]
    for mode in ("In person", "Online", "Hybrid"):
        assert mode in adapting, mode
    for activity in range(1, 7):
        assert f"**Activity {activity}." in text, activity
