"""Agendas of the session plans: read them, check that the clock adds up, print a schedule.

Every live session in ``book/facilitators/`` has an agenda table under a heading that
states the session's length::

    ### Workshop agenda (180 minutes)

    | Start | Minutes | Activity | Who |
    |---|---|---|---|
    | 0:00 | 10 | Welcome | facilitator |
    | 0:10 | 15 | My last decision | groups |

Any table whose header has the columns ``Start``, ``Minutes`` and ``Activity`` is an
agenda. Its name and stated total come from the nearest heading above it, which must end
in ``(N minutes)``; a line ``**Total: N minutes**`` after the table, if there is one,
states the total again. Facilitators shorten, swap and add activities when they adapt a
plan, and a plan whose clock drifts costs the last activity of the day: these functions
make such edits safe, for the tests and for ``emiskit schedule``:

    emiskit schedule book/facilitators/*.md [--start 9:30]

prints each agenda with start times computed from the minutes and exits 1 if a page's
stated start times or totals disagree with its minutes.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from emiskit.episodes import front_matter_lines

__all__ = [
    "Agenda",
    "AgendaError",
    "AgendaRow",
    "check_agenda",
    "check_page",
    "format_clock",
    "parse_agendas",
    "parse_clock",
    "read_page",
    "register",
    "schedule",
]

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_STATED = re.compile(r"^(?P<name>.*?)\s*\((?P<total>\d+)\s+minutes\)\.?$", re.IGNORECASE)
_FOOTER = re.compile(r"^\*\*Total:\s*(\d+)\s+minutes\.?\*\*\.?\s*$", re.IGNORECASE)
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_CLOCK = re.compile(r"^(\d+):([0-5]\d)$")
_REQUIRED = ("start", "minutes", "activity")


class AgendaError(ValueError):
    """An agenda table that cannot be read; the message names the page, agenda and line."""

    def __init__(self, page: str, agenda: str | None, line: int, what: str) -> None:
        self.page, self.agenda, self.line = page, agenda, line
        where = f"{page}, agenda '{agenda}'" if agenda else page
        super().__init__(f"{where}, line {line}: {what}")


@dataclass(frozen=True)
class AgendaRow:
    """One activity: its start as written in the plan (``"1:05"``), its minutes, its text."""

    start: str
    minutes: int
    activity: str
    line: int


@dataclass(frozen=True)
class Agenda:
    """One session's agenda: where it is, the total its heading states, and its rows."""

    page: str
    name: str
    total: int
    rows: tuple[AgendaRow, ...]
    line: int
    footer_total: int | None = None
    footer_line: int | None = None
    starts: tuple[int, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(schedule(r.minutes for r in self.rows)))

    @property
    def minutes(self) -> int:
        """Sum of the rows' minutes (what the session really lasts)."""
        return sum(row.minutes for row in self.rows)


def parse_clock(text: str) -> int:
    """Minutes from the start of a session for a time written ``H:MM`` (``"1:05"`` → 65)."""
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a time of the form H:MM (for example 0:05 or 1:30)")
    return int(match.group(1)) * 60 + int(match.group(2))


def format_clock(minutes: int) -> str:
    """``H:MM`` for a number of minutes (65 → ``"1:05"``), the way the plans write times."""
    if minutes < 0:
        raise ValueError(f"a time cannot be negative (got {minutes} minutes)")
    return f"{minutes // 60}:{minutes % 60:02d}"


def schedule(minutes: Iterable[int], start: int = 0) -> list[int]:
    """Start time of each activity (in minutes) when activities follow one another."""
    starts, clock = [], start
    for length in minutes:
        starts.append(clock)
        clock += length
    return starts


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", body)]


def _content_lines(text: str) -> list[tuple[int, str]]:
    """Lines that Markdown renders as text: front matter and literal code blocks removed.

    Directive fences (```` ```{admonition} ````) are kept: their content is Markdown.
    """
    lines = text.splitlines()
    out: list[tuple[int, str]] = []
    start = front_matter_lines(text)  # read the same way as the chapters' episodes
    fences: list[tuple[str, bool]] = []  # (fence marker, literal?)
    for number, line in enumerate(lines[start:], start=start + 1):
        match = _FENCE.match(line)
        if match:
            marker, info = match.group(1), match.group(2).strip()
            closes = (fences and not info and marker[0] == fences[-1][0][0]
                      and len(marker) >= len(fences[-1][0]))
            if closes:
                fences.pop()
                continue
            if not any(literal for _, literal in fences):
                fences.append((marker, not info.startswith("{")))
                continue
        if not any(literal for _, literal in fences):
            out.append((number, line))
    return out


def _table_agenda(page: str, heading: tuple[str, int] | None,
                  table: list[tuple[int, str]]) -> Agenda | None:
    """The agenda in a Markdown table, or None if the table is not an agenda."""
    header = [cell.casefold() for cell in _cells(table[0][1])]
    if not {"start", "minutes"} <= set(header):
        return None
    first = table[0][0]
    if heading is None:
        raise AgendaError(page, None, first,
                          "an agenda table (Start and Minutes columns) has no heading above it; "
                          "put a heading such as '### Workshop agenda (180 minutes)' before it")
    stated = _STATED.match(heading[0])
    if not stated:
        raise AgendaError(page, heading[0], first,
                          f"the heading '{heading[0]}' above this agenda table does not state "
                          f"the session's length; end it with the total, for example "
                          f"'### {heading[0]} (90 minutes)'")
    name, total = stated.group("name"), int(stated.group("total"))
    missing = [col.capitalize() for col in _REQUIRED if col not in header]
    if missing:
        raise AgendaError(page, name, first,
                          f"the table has no {' or '.join(missing)} column; an agenda needs "
                          f"the columns Start, Minutes and Activity")
    if len(table) < 2 or not all(_SEPARATOR_CELL.match(c) for c in _cells(table[1][1])):
        raise AgendaError(page, name, first + 1,
                          "the second line of the table must be the separator row "
                          "(|---|---|...)")
    column = {col: header.index(col) for col in _REQUIRED}
    rows = []
    for number, line in table[2:]:
        cells = _cells(line)
        if len(cells) != len(header):
            raise AgendaError(page, name, number,
                              f"this row has {len(cells)} cells but the header has "
                              f"{len(header)}; write a '|' inside a cell as '\\|'")
        start, minutes = cells[column["start"]], cells[column["minutes"]]
        activity = cells[column["activity"]]
        if not _CLOCK.match(start):
            raise AgendaError(page, name, number,
                              f"the start {start!r} is not a time of the form H:MM; write it "
                              f"like 0:05 or 1:30 (run 'emiskit schedule' to compute them)")
        if not minutes.isdigit() or int(minutes) == 0:
            raise AgendaError(page, name, number,
                              f"the minutes {minutes!r} of '{activity}' are not a whole number "
                              f"greater than 0; write digits only, for example 15")
        rows.append(AgendaRow(start, int(minutes), activity, number))
    if not rows:
        raise AgendaError(page, name, first, "the agenda table has a header but no rows")
    return Agenda(page, name, total, tuple(rows), heading[1])


def parse_agendas(text: str, page: str = "<text>") -> list[Agenda]:
    """Every agenda in a session-plan page, in page order.

    ``page`` names the page in error messages. Raises :class:`AgendaError` for an agenda
    table that cannot be read (a cell that is not a time or a number, a ragged row, a
    table with no stated total above it, a heading that announces an agenda with no table).
    """
    agendas: list[Agenda] = []
    heading: tuple[str, int] | None = None
    in_section: Agenda | None = None  # the agenda of the current heading's section
    footer: tuple[int, int] | None = None
    lines = _content_lines(text)

    def close_section() -> None:
        nonlocal in_section, footer
        announced = heading and _STATED.match(heading[0])
        if in_section is None and announced and re.search(r"\bagenda$", announced["name"],
                                                          flags=re.IGNORECASE):
            raise AgendaError(page, announced["name"], heading[1],
                              "this heading announces an agenda but no agenda table "
                              "(Start, Minutes, Activity) follows it")
        if in_section is not None and footer is not None:
            agendas[-1] = Agenda(in_section.page, in_section.name, in_section.total,
                                 in_section.rows, in_section.line, footer[0], footer[1])
        in_section, footer = None, None

    i = 0
    while i < len(lines):
        number, line = lines[i]
        match = _HEADING.match(line)
        if match:
            close_section()
            heading = (match.group(2), number)
            i += 1
            continue
        if line.lstrip().startswith("|"):
            table = []
            while i < len(lines) and lines[i][1].lstrip().startswith("|"):
                table.append(lines[i])
                i += 1
            agenda = _table_agenda(page, heading, table)
            if agenda is not None:
                if in_section is not None:
                    raise AgendaError(page, agenda.name, table[0][0],
                                      "a second agenda table under the same heading; give "
                                      "each agenda its own heading with its total")
                agendas.append(agenda)
                in_section = agenda
            continue
        total = _FOOTER.match(line.strip())
        if total and in_section is not None:
            if footer is not None:
                raise AgendaError(page, in_section.name, number,
                                  "the total is stated twice after this agenda; keep one "
                                  "'**Total: N minutes**' line")
            footer = (int(total.group(1)), number)
        i += 1
    close_section()
    return agendas


def read_page(path: Path | str, name: str | None = None) -> list[Agenda]:
    """Every agenda of a session-plan file; ``name`` (default: the path) labels the page."""
    path = Path(path)
    return parse_agendas(path.read_text(encoding="utf-8"), name or str(path))


def check_agenda(agenda: Agenda) -> list[str]:
    """What is wrong with an agenda's clock, one sentence per problem (empty: all good).

    Checks that the minutes add up to the total in the heading (and in the
    ``**Total: N minutes**`` line, if any) and that each start time is the previous
    start plus the previous activity's minutes, beginning at 0:00.
    """
    where = f"{agenda.page}, agenda '{agenda.name}'"
    problems = []
    if agenda.minutes != agenda.total:
        problems.append(f"{where} (line {agenda.line}): the minutes add up to "
                        f"{agenda.minutes}, but the heading says {agenda.total}; change a "
                        f"row's minutes or the heading")
    if agenda.footer_total is not None and agenda.footer_total != agenda.total:
        problems.append(f"{where} (line {agenda.footer_line}): the line "
                        f"'Total: {agenda.footer_total} minutes' disagrees with the heading's "
                        f"{agenda.total} minutes")
    previous: AgendaRow | None = None
    for row in agenda.rows:
        expected = 0 if previous is None else parse_clock(previous.start) + previous.minutes
        if parse_clock(row.start) != expected:
            because = ("the first activity starts at 0:00" if previous is None else
                       f"the row before starts at {previous.start} and lasts "
                       f"{previous.minutes} minutes")
            problems.append(f"{where} (line {row.line}): '{row.activity}' starts at "
                            f"{row.start}, but {because}, so it should start at "
                            f"{format_clock(expected)}")
        previous = row
    return problems


def check_page(path: Path | str, name: str | None = None) -> list[str]:
    """Problems of every agenda in a page; a table that cannot be read is one problem."""
    try:
        agendas = read_page(path, name)
    except AgendaError as error:
        return [str(error)]
    return [problem for agenda in agendas for problem in check_agenda(agenda)]


def _plain(text: str, width: int) -> str:
    text = re.sub(r"\*\*|__|`", "", text).replace("\\|", "|")
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _run(args: argparse.Namespace) -> int:
    try:
        offset = parse_clock(args.start)
    except ValueError as error:
        print(f"emiskit schedule: --start: {error}", file=sys.stderr)
        return 2
    missing = [page for page in args.pages if not Path(page).is_file()]
    if missing:
        print(f"emiskit schedule: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    failed = 0
    for page in args.pages:
        print(page)
        try:
            agendas = read_page(page)
        except AgendaError as error:
            print(f"  ! {error}")
            failed += 1
            continue
        if not agendas:
            print("  (no agenda tables on this page)")
        for agenda in agendas:
            print(f"  {agenda.name} ({agenda.total} minutes)")
            for row, start in zip(agenda.rows, agenda.starts, strict=True):
                clock = format_clock(offset + start)
                note = "" if parse_clock(row.start) == start else f" [plan says {row.start}]"
                print(f"    {clock:>5}  {row.minutes:>3}  {_plain(row.activity, 70)}{note}")
            print(f"    {format_clock(offset + agenda.minutes):>5}  end")
            problems = check_agenda(agenda)
            for problem in problems:
                print(f"  ! {problem}")
            failed += bool(problems)
    if failed:
        print(f"{failed} agenda(s) need fixing (see the lines marked '!').", file=sys.stderr)
    return 1 if failed else 0


def register(subparsers: Any) -> None:
    """Add ``emiskit schedule`` to the command line."""
    parser = subparsers.add_parser(
        "schedule",
        help="print the agendas of session plans with start times computed from the minutes",
        description="Read the agenda tables of session-plan pages (Markdown), print each "
                    "agenda with start times computed from its minutes, and exit 1 if a "
                    "page's stated start times or totals disagree with its minutes.",
    )
    parser.add_argument("pages", nargs="+", metavar="PAGE",
                        help="session-plan page(s), e.g. book/facilitators/*.md")
    parser.add_argument("--start", default="0:00", metavar="H:MM",
                        help="clock time of the session's start, e.g. 9:30 (default 0:00, "
                             "times from the start as in the plans)")
    parser.set_defaults(func=_run)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``emiskit schedule`` on its own (``python -m emiskit.facilitation.agenda``)."""
    parser = argparse.ArgumentParser(prog="emiskit")
    register(parser.add_subparsers(dest="command", required=True))
    args = sys.argv[1:] if argv is None else list(argv)
    return int(_run(parser.parse_args(["schedule", *args])))


if __name__ == "__main__":
    raise SystemExit(main())
