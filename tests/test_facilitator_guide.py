"""The facilitator guide covers the whole KIX LAC cycle and links every facilitator page;
the pages it links have what a facilitator needs."""

from __future__ import annotations

import re

import pytest

from emiskit.paths import course_root

FACILITATORS = course_root() / "book" / "facilitators"
NEW_PAGES = ("guide", "conversations", "campaigns-and-newsletters", "surveys",
             "learner-profiles", "code-of-conduct", "delivery-modes")


def _text(name: str) -> str:
    return (FACILITATORS / f"{name}.md").read_text(encoding="utf-8")


def _section(text: str, heading: str) -> str:
    return text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]


def _calendar() -> list[dict[str, str]]:
    lines = [line for line in _section(_text("guide"), "## The cycle, month by month")
             .splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [dict(zip(header, (c.strip() for c in line.strip("|").split("|")), strict=True))
            for line in lines[2:]]


@pytest.mark.parametrize("name", NEW_PAGES)
def test_page_is_for_facilitators(name: str) -> None:
    front = re.match(r"^---\n(.*?)\n---\n", _text(name), flags=re.S)
    assert front and re.search(r"^audience: facilitator$", front.group(1), flags=re.M)


def test_calendar_covers_every_activity_of_the_cycle() -> None:
    rows = _calendar()
    activities = [row["Activity"] for row in rows]

    def count(pattern: str) -> int:
        return sum(bool(re.match(pattern, activity)) for activity in activities)

    for kind in ("Webinar", "Workshop", "KIX Conversation"):
        for number in (1, 2, 3):
            assert count(rf"{kind} {number}:") == 1, f"{kind} {number}"
    assert count(r"Awareness campaign [12]:") == 2
    assert count(r"Newsletter no\. \d") >= 3
    assert count(r"Leaders") >= 1
    assert "capstone" in " ".join(a for a in activities if a.startswith("Leaders"))
    months = [int(row["Month"].split("–")[0]) for row in rows]
    assert months == sorted(months) and set(range(1, 13)) <= {
        m for row in rows for m in range(int(row["Month"].split("–")[0]),
                                         int(row["Month"].split("–")[-1]) + 1)}
    for row in rows:
        assert row["Session plan"], row["Activity"]


def test_each_line_runs_webinar_workshop_conversation_in_order() -> None:
    rows = _calendar()
    for line in (1, 2, 3):
        mine = [row["Activity"].split(":")[0] for row in rows
                if row["Thematic line / module"].startswith(f"Line {line} ")]
        order = [a for a in mine if a[:-2] in ("Webinar", "Workshop", "KIX Conversation")]
        assert order == [f"Webinar {line}", f"Workshop {line}", f"KIX Conversation {line}"]


def test_guide_links_every_other_facilitator_page() -> None:
    text = _text("guide")
    linked = set(re.findall(r"\{doc\}`([\w-]+)`", text))
    others = {p.stem for p in FACILITATORS.glob("*.md")} - {"guide"}
    assert others <= linked, sorted(others - linked)


def test_conversations_have_what_a_facilitator_needs() -> None:
    text = _text("conversations")
    blocks = re.split(r"\n## Conversation \d: ", text)[1:]
    assert len(blocks) == 3
    for block in blocks:
        for part in ("**Goals.**", "agenda (", "**Structured questions", "**Group activity",
                     "**Discussion prompts.**", "**Materials to prepare.**"):
            assert part in block, part
    adapting = _section(text, "## Adapting the conversations")
    for mode in ("In person", "Online", "Hybrid"):
        assert mode in adapting


def test_learner_profiles_name_four_or_five_people_with_their_constraints() -> None:
    text = _text("learner-profiles")
    profiles = re.split(r"\n## (?!Planning)", text)[1:]
    assert 4 <= len(profiles) <= 5
    for profile in profiles:
        for part in ("**Background.**", "**Goals.**", "**Constraints.**",
                     "**How the course serves"):
            assert part in profile, (profile.splitlines()[0], part)


@pytest.mark.parametrize(("name", "headings"), [
    ("code-of-conduct", ("## How to report", "## How facilitators respond")),
    ("delivery-modes", ("## In person", "## Online", "## Hybrid", "## Weak connections",
                        "## Accessibility", "## Language")),
    ("campaigns-and-newsletters", ("## What to measure",)),
])
def test_page_has_its_sections(name: str, headings: tuple[str, ...]) -> None:
    text = _text(name)
    for heading in headings:
        assert re.search(rf"^{re.escape(heading)}$", text, flags=re.M), heading
