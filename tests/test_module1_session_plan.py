"""The session plan of Module 1: agendas whose minutes add up, and what a facilitator needs."""

from __future__ import annotations

import re

import pytest

from emiskit.paths import course_root

PLAN = course_root() / "book" / "facilitators" / "module1-session-plan.md"


def _text() -> str:
    return PLAN.read_text(encoding="utf-8")


def _agendas() -> dict[str, tuple[int, list[tuple[str, int]]]]:
    """Each agenda: its stated total and its rows (start time, minutes)."""
    text = _text()
    agendas = {}
    for match in re.finditer(r"^### (.+ agenda) \((\d+) minutes\)\n", text, flags=re.M):
        rest = text[match.end():]
        lines = []
        for line in rest.lstrip("\n").splitlines():
            if not line.startswith("|"):
                break
            lines.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        header, rows = lines[0], lines[2:]
        start, minutes = header.index("Start"), header.index("Minutes")
        agendas[match.group(1)] = (int(match.group(2)),
                                   [(row[start], int(row[minutes])) for row in rows])
    return agendas


def test_the_plan_is_for_facilitators():
    front = re.match(r"^---\n(.*?)\n---\n", _text(), flags=re.S)
    assert front and re.search(r"^audience: facilitator$", front.group(1), flags=re.M)


def test_there_is_a_webinar_and_a_workshop_agenda():
    assert set(_agendas()) == {"Webinar agenda", "Workshop agenda"}


@pytest.mark.parametrize("name", ["Webinar agenda", "Workshop agenda"])
def test_minutes_add_up_to_the_stated_total(name):
    total, rows = _agendas()[name]
    assert sum(minutes for _, minutes in rows) == total


@pytest.mark.parametrize("name", ["Webinar agenda", "Workshop agenda"])
def test_start_times_follow_the_minutes(name):
    _, rows = _agendas()[name]
    clock = 0
    for start, minutes in rows:
        hours, mins = (int(x) for x in start.split(":"))
        assert hours * 60 + mins == clock, start
        clock += minutes


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
