"""Session-plan agendas: every agenda of the facilitator pages adds up, and the one parser
behind the tests and ``emiskit schedule`` reads good tables and rejects bad ones clearly."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from emiskit.facilitation.agenda import (
    AgendaError,
    check_agenda,
    check_page,
    format_clock,
    parse_agendas,
    parse_clock,
    read_page,
    register,
    schedule,
)
from emiskit.paths import course_root

FACILITATORS = course_root() / "book" / "facilitators"
PAGES = sorted(FACILITATORS.rglob("*.md"))
# Pages that must hold live-session agendas, and the agendas each must have at least.
EXPECTED = {
    "module1-session-plan.md": {"Webinar agenda", "Workshop agenda"},
    "module2-session-plan.md": {"Webinar", "Workshop"},
    "module3-session-plan.md": {"Webinar", "Workshop"},
    "conversations.md": {"Conversation 1 agenda", "Conversation 2 agenda",
                         "Conversation 3 agenda"},
}


def _name(page: Path) -> str:
    return str(page.relative_to(course_root()))


# --- every agenda of the facilitator pages --------------------------------------------


def test_the_facilitator_pages_are_found() -> None:
    assert {page.name for page in PAGES} >= set(EXPECTED)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_agenda_of_the_page_adds_up(page: Path) -> None:
    assert check_page(page, _name(page)) == []


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_session_pages_have_their_agendas(page: str) -> None:
    agendas = read_page(FACILITATORS / page)
    assert {agenda.name for agenda in agendas} >= EXPECTED[page]
    for agenda in agendas:
        assert len(agenda.rows) >= 3, agenda.name


# --- the parser on small pages ----------------------------------------------------------

GOOD = """\
---
audience: facilitator
---

# A plan

Some text with a | pipe that is not a table.

### Webinar agenda (30 minutes)

| Start | Minutes | Activity | Who |
|---|---|---|---|
| 0:00 | 5 | Welcome | host |
| 0:05 | 20 | **Panel** on a \\| b | panel |
| 0:25 | 5 | Close | host |

## Workshop (70 minutes)

Prose first, then the table.

| Start | Minutes | Activity |
|:---|--:|---|
| 0:00 | 60 | Group work |
| 1:00 | 10 | Close |

**Total: 70 minutes.**

## Calendar

| Month | Activity |
|---|---|
| 1 | Webinar |
"""


def test_parse_reads_names_totals_rows_and_lines() -> None:
    webinar, workshop = parse_agendas(GOOD, "plan.md")
    assert (webinar.page, webinar.name, webinar.total, webinar.line) == (
        "plan.md", "Webinar agenda", 30, 9)
    assert [(r.start, r.minutes, r.activity, r.line) for r in webinar.rows] == [
        ("0:00", 5, "Welcome", 13),
        ("0:05", 20, "**Panel** on a \\| b", 14),
        ("0:25", 5, "Close", 15),
    ]
    assert webinar.starts == (0, 5, 25)
    assert webinar.footer_total is None
    assert (workshop.name, workshop.total, workshop.minutes) == ("Workshop", 70, 70)
    assert (workshop.footer_total, workshop.footer_line) == (70, 26)
    assert check_agenda(webinar) == check_agenda(workshop) == []


def test_tables_in_code_blocks_are_examples_but_directives_count() -> None:
    text = (
        "## Example (10 minutes)\n\n```markdown\n| Start | Minutes | Activity |\n|---|---|---|\n"
        "| 0:00 | ten | Oops |\n```\n\n"
        "## Inside a note (10 minutes)\n\n````{admonition} Plan\n"
        "| Start | Minutes | Activity |\n|---|---|---|\n| 0:00 | 10 | Talk |\n````\n"
    )
    [agenda] = parse_agendas(text)
    assert agenda.name == "Inside a note" and agenda.rows[0].activity == "Talk"


def test_a_page_without_agendas_gives_none() -> None:
    assert parse_agendas("# Title\n\n| Month | Activity |\n|---|---|\n| 1 | Webinar |\n") == []


TABLE = "| Start | Minutes | Activity |\n|---|---|---|\n"


@pytest.mark.parametrize(
    ("text", "agenda", "line", "says"),
    [
        ("## Webinar agenda (20 minutes)\n\n" + TABLE + "| 0:00 | ten | Welcome |\n",
         "Webinar agenda", 5, "the minutes 'ten' of 'Welcome' are not a whole number"),
        ("## Webinar agenda (20 minutes)\n\n" + TABLE + "| 0:00 | 0 | Welcome |\n",
         "Webinar agenda", 5, "greater than 0"),
        ("## Webinar agenda (20 minutes)\n\n" + TABLE + "| 0.05 | 5 | Welcome |\n",
         "Webinar agenda", 5, "the start '0.05' is not a time of the form H:MM"),
        ("## Webinar agenda (20 minutes)\n\n" + TABLE + "| 0:00 | 5 | A | extra |\n",
         "Webinar agenda", 5, "this row has 4 cells but the header has 3"),
        ("## Webinar agenda (20 minutes)\n\n| Start | Minutes | Who |\n|---|---|---|\n"
         "| 0:00 | 5 | host |\n", "Webinar agenda", 3, "no Activity column"),
        ("## Webinar agenda (20 minutes)\n\n| Start | Minutes | Activity |\n"
         "| 0:00 | 5 | Welcome |\n", "Webinar agenda", 4, "separator row"),
        ("## Webinar agenda (20 minutes)\n\n" + TABLE,
         "Webinar agenda", 3, "header but no rows"),
        ("## The webinar\n\n" + TABLE + "| 0:00 | 5 | Welcome |\n",
         "The webinar", 3, "does not state the session's length"),
        ("### Webinar agenda (20 minutes)\n\nThe table went missing.\n\n## Next\n",
         "Webinar agenda", 1, "no agenda table"),
        ("## Webinar agenda (5 minutes)\n\n" + TABLE + "| 0:00 | 5 | A |\n\n" + TABLE
         + "| 0:00 | 5 | B |\n", "Webinar agenda", 7, "a second agenda table"),
        ("## Webinar (5 minutes)\n\n" + TABLE + "| 0:00 | 5 | A |\n\n**Total: 5 minutes**\n"
         "**Total: 5 minutes**\n", "Webinar", 8, "stated twice"),
    ],
    ids=["words-for-minutes", "zero-minutes", "bad-start", "ragged-row", "no-activity",
         "no-separator", "no-rows", "no-total", "no-table", "two-tables", "two-totals"],
)
def test_malformed_agendas_are_rejected_naming_page_agenda_and_line(
        text: str, agenda: str, line: int, says: str) -> None:
    with pytest.raises(AgendaError) as caught:
        parse_agendas(text, "plans/webinar.md")
    error = caught.value
    assert (error.page, error.agenda, error.line) == ("plans/webinar.md", agenda, line)
    assert str(error).startswith(f"plans/webinar.md, agenda '{agenda}', line {line}: ")
    assert says in str(error)


def test_a_table_with_no_heading_at_all_is_rejected() -> None:
    with pytest.raises(AgendaError, match=r"^p\.md, line 1: .*has no heading above it"):
        parse_agendas(TABLE + "| 0:00 | 5 | A |\n", "p.md")


# --- the checks -------------------------------------------------------------------------


def _one(text: str):
    [agenda] = parse_agendas(text, "p.md")
    return agenda


def test_minutes_that_do_not_add_up_are_reported() -> None:
    agenda = _one("## Talk agenda (30 minutes)\n\n" + TABLE
                  + "| 0:00 | 10 | A |\n| 0:10 | 15 | B |\n")
    assert check_agenda(agenda) == [
        "p.md, agenda 'Talk agenda' (line 1): the minutes add up to 25, but the heading says "
        "30; change a row's minutes or the heading"]


def test_a_wrong_start_is_reported_once_at_its_row() -> None:
    agenda = _one("## Talk agenda (30 minutes)\n\n" + TABLE
                  + "| 0:00 | 10 | A |\n| 0:15 | 10 | B |\n| 0:25 | 10 | C |\n")
    problems = check_agenda(agenda)
    # B starts 5 minutes late; C follows B correctly, so only B is reported.
    assert problems == [
        "p.md, agenda 'Talk agenda' (line 6): 'B' starts at 0:15, but the row before starts "
        "at 0:00 and lasts 10 minutes, so it should start at 0:10"]


def test_a_first_row_not_at_zero_is_reported() -> None:
    agenda = _one("## Talk agenda (10 minutes)\n\n" + TABLE + "| 0:05 | 10 | A |\n")
    assert check_agenda(agenda) == [
        "p.md, agenda 'Talk agenda' (line 5): 'A' starts at 0:05, but the first activity "
        "starts at 0:00, so it should start at 0:00"]


def test_a_total_line_that_disagrees_is_reported() -> None:
    agenda = _one("## Talk (10 minutes)\n\n" + TABLE + "| 0:00 | 10 | A |\n\n"
                  "**Total: 15 minutes**\n")
    assert check_agenda(agenda) == [
        "p.md, agenda 'Talk' (line 7): the line 'Total: 15 minutes' disagrees with the "
        "heading's 10 minutes"]


def test_check_page_turns_an_unreadable_table_into_one_problem(tmp_path: Path) -> None:
    page = tmp_path / "plan.md"
    page.write_text("## Talk agenda (10 minutes)\n\n" + TABLE + "| 0:00 | x | A |\n",
                    encoding="utf-8")
    [problem] = check_page(page, "plan.md")
    assert problem.startswith("plan.md, agenda 'Talk agenda', line 5: the minutes 'x'")


# --- clock helpers ----------------------------------------------------------------------


def test_schedule_follows_the_minutes() -> None:
    assert schedule([10, 15, 30]) == [0, 10, 25]
    assert schedule([10, 15], start=9 * 60 + 30) == [570, 580]
    assert schedule([]) == []


@pytest.mark.parametrize(("text", "minutes"), [("0:00", 0), ("0:05", 5), ("1:30", 90),
                                               ("12:59", 779)])
def test_clock_round_trip(text: str, minutes: int) -> None:
    assert parse_clock(text) == minutes
    assert format_clock(minutes) == text


@pytest.mark.parametrize("text", ["1:5", "0:60", "90", "1h30", ""])
def test_parse_clock_rejects_other_formats(text: str) -> None:
    with pytest.raises(ValueError, match="is not a time of the form H:MM"):
        parse_clock(text)


def test_format_clock_rejects_negative_minutes() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        format_clock(-5)


# --- emiskit schedule -------------------------------------------------------------------


def _schedule(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="emiskit")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["schedule", *argv])
    return args.func(args)


def test_schedule_command_prints_computed_times(tmp_path: Path, capsys) -> None:
    page = tmp_path / "plan.md"
    page.write_text("## Talk agenda (40 minutes)\n\n" + TABLE
                    + "| 0:00 | 10 | **Welcome** |\n| 0:10 | 30 | Panel |\n", encoding="utf-8")
    assert _schedule(str(page), "--start", "9:30") == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [str(page), "  Talk agenda (40 minutes)",
                   "     9:30   10  Welcome", "     9:40   30  Panel", "    10:10  end"]


def test_schedule_command_fails_on_a_drifting_plan(tmp_path: Path, capsys) -> None:
    good, bad = tmp_path / "good.md", tmp_path / "bad.md"
    good.write_text("## A agenda (5 minutes)\n\n" + TABLE + "| 0:00 | 5 | A |\n",
                    encoding="utf-8")
    bad.write_text("## B agenda (20 minutes)\n\n" + TABLE
                   + "| 0:00 | 5 | A |\n| 0:10 | 10 | B |\n", encoding="utf-8")
    assert _schedule(str(good), str(bad)) == 1
    captured = capsys.readouterr()
    assert "     0:05   10  B [plan says 0:10]" in captured.out
    assert "  ! " + str(bad) + ", agenda 'B agenda' (line 6): 'B' starts at 0:10" in captured.out
    assert "minutes add up to 15, but the heading says 20" in captured.out
    assert "1 agenda(s) need fixing" in captured.err


def test_schedule_command_fails_on_an_unreadable_table(tmp_path: Path, capsys) -> None:
    page = tmp_path / "plan.md"
    page.write_text("## A agenda (5 minutes)\n\n" + TABLE + "| 0:00 | five | A |\n",
                    encoding="utf-8")
    assert _schedule(str(page)) == 1
    assert "the minutes 'five' of 'A' are not a whole number" in capsys.readouterr().out


def test_schedule_command_usage_errors(tmp_path: Path, capsys) -> None:
    assert _schedule(str(tmp_path / "missing.md")) == 2
    assert "no such file" in capsys.readouterr().err
    page = tmp_path / "plan.md"
    page.write_text("# Nothing to see\n", encoding="utf-8")
    assert _schedule(str(page), "--start", "half past nine") == 2
    assert "--start" in capsys.readouterr().err


def test_schedule_command_passes_on_the_course_pages(capsys) -> None:
    assert _schedule(*(str(page) for page in PAGES)) == 0
    out = capsys.readouterr().out
    assert out.count("  end") >= sum(len(names) for names in EXPECTED.values())
