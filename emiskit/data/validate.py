"""Check data files of your own against the sample tables' schemas, and against each other.

A facilitator who brings their own ministry's census extract can check, before a
workshop, that it has the columns, types and values the course's notebooks expect, and
that its tables join:

    emiskit data validate enrolment_2023.csv
    emiskit data validate mi_censo.csv --table census_raw
    emiskit data validate my-country/ --all-errors problems.csv

Every problem is reported with its row (counted as a spreadsheet does, the header being
row 1), column, value and a hint written for people who are not programmers. Reports
show the first 20 examples of each rule and column and count the rest exactly;
``--all-errors FILE`` writes every one to a CSV file. The files are only read, never
changed. Exit codes: 0 valid, 1 problems found, 2 the command could not run (no such
file, unknown table, a named pipe or device instead of a file).

What happens before the rows can be read (an Excel workbook renamed .csv, an empty file,
the wrong encoding or separator, missing or extra columns) is checked here first, so that
each gets a plain message and never a traceback. The rows are then checked in chunks
against the same Table Schemas that the Data Package publishes
(:mod:`emiskit.data.row_checks`), and, for a folder, the tables against each other
(:mod:`emiskit.data.table_links`). Frictionless was used for the rows until it proved to
take minutes and gigabytes on a national census.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from emiskit.data import text_format
from emiskit.data.problems import AllErrorsWriter, Problem, ProblemLog
from emiskit.data.row_checks import KeyTally, check_rows, iter_frames, key_of
from emiskit.data.safe_paths import refusal
from emiskit.data.schema import TABLES, TABLES_BY_NAME, Table
from emiskit.data.table_links import LinkResult, check_link, link_problem, links_for, tallies_for

__all__ = ["Problem", "Report", "UsageError", "main", "validate_file", "validate_folder"]

SAVE_AS_CSV = (
    'In Excel or LibreOffice choose File > Save As and the type "CSV UTF-8 (comma '
    'delimited)" (.csv). Or let `emiskit data import` convert the file for you.'
)
ROW_NOTE = "Rows are counted as in a spreadsheet: the header (column names) is row 1."


@dataclass
class Report:
    """What was found in one file: the first examples of each problem, and exact counts."""

    path: Path
    table: Table
    problems: list[Problem] = field(default_factory=list)  # errors: the first examples
    warnings: list[Problem] = field(default_factory=list)  # warnings: the first examples
    counts: dict[tuple[str, str, str | None], int] = field(default_factory=dict)
    rows: int = 0
    reading: dict | None = field(default=None, repr=False)  # encoding, separator, columns

    @property
    def problem_count(self) -> int:
        """Errors found, all of them (``problems`` holds only the first examples)."""
        return sum(n for (s, _, _), n in self.counts.items() if s == "error") \
            or len(self.problems)

    @property
    def warning_count(self) -> int:
        return sum(n for (s, _, _), n in self.counts.items() if s == "warning")

    @property
    def valid(self) -> bool:
        return not self.problems and self.problem_count == 0

    def add(self, p: Problem) -> None:
        (self.problems if p.severity == "error" else self.warnings).append(p)
        key = (p.severity, p.kind, p.column)
        self.counts[key] = self.counts.get(key, 0) + 1


class UsageError(Exception):
    """The check could not run (exit code 2)."""


# ---------------------------------------------------------------------------------------
# Choosing the table


def infer_table(path: Path) -> str:
    """Guess the table from the file name (``enrolment_2023.csv`` → ``enrolment``)."""
    stem = path.stem.lower().replace("-", "_").replace(" ", "_")
    if stem in TABLES_BY_NAME:
        return stem
    found = [t.name for t in TABLES if re.search(rf"(^|_){t.name}(_|$)", stem)]
    if found:
        return max(found, key=len)
    close = difflib.get_close_matches(stem, TABLES_BY_NAME, n=1, cutoff=0.7)
    hint = f" Did you mean --table {close[0]}?" if close else ""
    raise UsageError(
        f'Could not tell which table "{path.name}" should match from its name.{hint} '
        f"Say it with --table, one of: {', '.join(TABLES_BY_NAME)}."
    )


# ---------------------------------------------------------------------------------------
# Reading the file as text


def _split_header(header: str, delimiter: str) -> list[str]:
    import csv

    return next(csv.reader([header], delimiter=delimiter))


def _read_checks(path: Path) -> tuple[list[Problem], dict | None]:
    """Checks before the rows. Returns problems and reading options (None: stop here)."""
    head = text_format.read_head(path)
    if not head.strip():
        return [Problem("The file is empty.",
                        "Export the table again, with its column names in the first row.",
                        kind="empty")], None
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return [Problem(
            "This is an Excel workbook (.xlsx or .xls), not a CSV text file, even though "
            "its name may end in .csv.",
            "Renaming the file is not enough. For .xlsx, `emiskit data import` writes each "
            "sheet as a CSV file; or, in Excel or LibreOffice, choose File > Save As and "
            'the type "CSV UTF-8 (comma delimited)" (.csv).', kind="excel",
        )], None
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in head[:4096] and not utf16:  # before reading a big binary file through
        return [Problem(
            "This is not a text file (it contains binary data): it may be a spreadsheet, "
            "a database or a file saved as UTF-16.",
            SAVE_AS_CSV, kind="binary",
        )], None
    encoding = text_format.detect_encoding(path)
    problems: list[Problem] = []
    if not encoding.is_utf8:
        problems.append(Problem(
            f"The file is not saved as UTF-8: it looks like {encoding.words}"
            + (", the usual Excel encoding on Windows" if encoding.codec == "cp1252" else "")
            + ". Accented letters (á, ñ, ü) would be misread.",
            SAVE_AS_CSV + " Or, in a text editor, save with the encoding UTF-8.",
            row=encoding.bad_line, value=encoding.bad_text[:60], kind="encoding",
        ))
    complete = len(head) < text_format.HEAD_BYTES
    lines = text_format.head_lines(head, encoding.codec, complete)
    header = lines[0] if lines else ""
    delimiter = text_format.sniff_separator(lines)
    if delimiter != ",":
        problems.append(Problem(
            f"Columns are separated by {text_format.SEPARATOR_NAMES[delimiter]}, not commas.",
            "Spreadsheets set to Spanish or Portuguese often save CSV files with "
            "semicolons. " + SAVE_AS_CSV,
            row=1, value=header[:80], kind="delimiter",
        ))
    labels = _split_header(header, delimiter) if header else []
    return problems, {"encoding": encoding.codec, "delimiter": delimiter, "labels": labels}


def _header_checks(labels: list[str], table: Table) -> tuple[list[Problem], list[str | None]]:
    """Compare column names with the schema; return problems and each column's field."""
    problems: list[Problem] = []
    expected = table.field_names
    mapped: list[str | None] = []
    seen: set[str] = set()
    for i, label in enumerate(labels, start=1):
        name = label.strip().lower().replace(" ", "_")
        if label in expected and label not in seen:
            mapped.append(label)
        elif name in expected and name not in seen:
            problems.append(Problem(
                f'Column {i} is named "{label}" but should be named exactly "{name}".',
                "Column names are lower case, without spaces at either end.",
                row=1, column=label, value=label, kind="label-case",
            ))
            mapped.append(name)
        elif not label.strip():
            problems.append(Problem(
                f"Column {i} has no name.",
                "Give every column a name in the first row, or delete the empty column.",
                row=1, column=f"column {i}", value="", kind="blank-label",
            ))
            mapped.append(None)
        elif name in seen or label in seen:
            problems.append(Problem(
                f'The column "{label}" appears twice.',
                "Keep one of the two columns.",
                row=1, column=label, value=label, kind="duplicate-label",
            ))
            mapped.append(None)
        else:
            close = difflib.get_close_matches(name, [e for e in expected if e not in seen],
                                              n=1, cutoff=0.75)
            hint = (f'Did you mean "{close[0]}"? Rename the column.' if close else
                    f'The {table.name} table has no such column: delete it, or check that '
                    f"you chose the right table.")
            problems.append(Problem(
                f'Extra column "{label}" (column {i}).', hint,
                row=1, column=label, value=label, kind="extra-label",
            ))
            mapped.append(None)
        if mapped[-1]:
            seen.add(mapped[-1])
    missing = [e for e in expected if e not in seen]
    for name in missing:
        f = table.field(name)
        problems.append(Problem(
            f'Missing column "{name}": {f.description}',
            f"Add a column named {name}" + (f" ({f.allowed()})." if f.allowed() else "."),
            row=1, column=name, kind="missing-label",
        ))
    return problems, mapped


def _table_for(path: Path, table_name: str | None) -> Table:
    name = table_name or infer_table(path)
    if name not in TABLES_BY_NAME:
        close = difflib.get_close_matches(name, TABLES_BY_NAME, n=1)
        hint = f' Did you mean "{close[0]}"?' if close else ""
        raise UsageError(f'There is no table called "{name}".{hint} The tables are: '
                         f"{', '.join(TABLES_BY_NAME)}.")
    return TABLES_BY_NAME[name]


def validate_file(path: Path | str, table_name: str | None = None, *,
                  all_errors: AllErrorsWriter | None = None,
                  tallies: list[KeyTally] | None = None) -> Report:
    """Check ``path`` against a table's schema; raise :class:`UsageError` if impossible.

    Named pipes, devices and sockets are refused without being opened (opening a pipe
    would wait forever). ``all_errors`` receives every problem as it is found;
    ``tallies`` collect codes for the checks between tables of :func:`validate_folder`.
    """
    path = Path(path)
    message = refusal(path)
    if message:
        raise UsageError(message)
    table = _table_for(path, table_name)
    log = ProblemLog(path.name, table.name, sink=all_errors)
    report = Report(path=path, table=table)
    problems, options = _read_checks(path)
    for p in problems:
        log.add(p)
    if options is not None:
        header_problems, mapped = _header_checks(options["labels"], table)
        for p in header_problems:
            log.add(p)
        if any(mapped):
            report.rows = check_rows(path, table, options["encoding"], options["delimiter"],
                                     mapped, log, tallies)
            report.reading = options | {"mapped": mapped}
            if report.rows == 0 and not log.total():
                log.add(Problem("The file has a header row but no rows of data.",
                                "Export the table again with its data.", kind="no-rows"))
    for p in log.examples:
        (report.problems if p.severity == "error" else report.warnings).append(p)
    report.counts = dict(log.counts)
    for tally in tallies or []:
        if options is None or not any(mapped):
            tally.readable = False
    return report


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _format_group(items: list[Problem], total: int, column: str | None) -> list[str]:
    lines = [""]
    if total > 1 and column:
        shown = f" (the first {len(items)} below)" if total > len(items) else ""
        lines.append(f'Column "{column}": {_plural(total, "problem")}{shown}.')
    elif total > len(items):
        lines.append(f"{_plural(total, 'problem')} of this kind (the first {len(items)} "
                     "below).")
    for p in items:
        where = []
        if p.row is not None and not p.message.startswith("Row "):
            where.append(f"row {p.row}")
        if p.column and total == 1 and f'"{p.column}"' not in p.message \
                and p.kind != "foreign-key":
            where.append(f'column "{p.column}"')
        if p.value and p.kind in ("encoding", "delimiter"):
            where.append(f'text "{p.value}"')
        prefix = f"[{', '.join(where)}] " if where else ""
        lines.append(f"  {prefix}{p.message}")
    if total > len(items):
        lines.append(f"  … and {total - len(items):,} more like these "
                     "(--all-errors FILE lists every one).")
    hints = list(dict.fromkeys(p.hint for p in items))
    for hint in hints[:3]:
        lines.append(f"  Hint: {hint}")
    return lines


def format_report(report: Report) -> str:
    """The report as plain text: problems grouped by rule and column, each with a hint."""
    t = report.table
    lines = [f'Checking "{report.path.name}" against the "{t.name}" table ({t.title}).']
    if report.valid:
        lines.append(f"No problems found: {report.rows:,} rows match the {t.name} schema.")
    else:
        n = report.problem_count
        lines.append(f"{_plural(n, 'problem')} found. {ROW_NOTE}")
    for severity, examples in (("error", report.problems), ("warning", report.warnings)):
        if severity == "warning" and examples:
            lines.append("")
            lines.append(f"{_plural(report.warning_count, 'warning')} (the file is still "
                         "valid, but check these):")
        groups: dict[tuple[str, str | None], list[Problem]] = {}
        for p in examples:
            groups.setdefault((p.kind, p.column), []).append(p)
        for (kind, column), items in groups.items():
            total = report.counts.get((severity, kind, column), len(items))
            lines += _format_group(items, max(total, len(items)), column)
    if not report.valid:
        lines.append("")
        lines.append("The file was not changed.")
    return "\n".join(lines) + "\n"


@dataclass
class FolderReport:
    """Every table's report, and the checks between tables."""

    folder: Path
    reports: list[Report]
    links: list[LinkResult]
    note: str = ""

    @property
    def valid(self) -> bool:
        return all(r.valid for r in self.reports) and all(x.ok for x in self.links)


def check_folder(folder: Path | str, *, all_errors: AllErrorsWriter | None = None
                 ) -> FolderReport:
    """Check every table of a data folder, then the codes that join them.

    A folder meant to replace the sample data (see ``data_dir`` in :mod:`emiskit.paths`)
    must hold every table, so a missing file is reported as a problem of its table. A
    file that cannot be checked (a named pipe, say) is reported, and the others are
    checked all the same.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f'There is no folder "{folder}".')
    names = {t.name: folder / f"{t.name}.csv" for t in TABLES}
    if not any(p.exists() for p in names.values()):
        raise UsageError(
            f'"{folder}" is a folder with none of the tables\' files (such as schools.csv). '
            "Give the path of a file, or of a folder holding the course's tables."
        )
    links, note = links_for(folder)
    tallies = tallies_for(links)
    reports, present = [], set()
    for t in TABLES:
        file = names[t.name]
        mine = [tally for (name, _), tally in tallies.items() if name == t.name]
        if not file.exists() and not file.is_symlink():
            reports.append(_missing(file, t, folder, all_errors))
            continue
        try:
            reports.append(validate_file(file, t.name, all_errors=all_errors, tallies=mine))
            present.add(t.name)
        except UsageError as err:
            report = Report(path=file, table=t)
            report.add(Problem(str(err), "Replace it with the table saved as a file.",
                               kind="not-a-file"))
            if all_errors is not None:
                all_errors.write(file.name, t.name, report.problems[0])
            reports.append(report)
    results = [check_link(link, tallies, present) for link in links]
    by_name = {r.table.name: r for r in reports}
    for result in results:
        if result.checked and not result.ok:
            problem = link_problem(result)
            by_name[result.link.table].add(problem)
            if all_errors is not None:
                _list_orphans(by_name[result.link.table], result, all_errors)
    return FolderReport(folder, reports, results, note)


def _list_orphans(report: Report, result: LinkResult, sink: AllErrorsWriter) -> None:
    """Write every row of a failed check between tables to the full list (a second read)."""
    link, reading = result.link, report.reading or {}
    mapped = reading.get("mapped") or []
    where = {name: f"c{i}" for i, name in enumerate(mapped) if name is not None}
    missing = set(result.missing)
    problem = f"not in {link.ref_table}.csv ({link.rule()})"
    for rows, frame in iter_frames(report.path, reading["encoding"], reading["delimiter"],
                                   len(mapped)):
        key = key_of(frame, [where[c] for c in link.fields])
        hit = key.isin(missing).to_numpy(dtype=bool)
        if hit.any():
            sink.write_many(report.path.name, link.table, "error", "foreign-key",
                            ", ".join(link.fields), rows[hit],
                            key[hit].str.replace("\x1f", ", ", regex=False), problem)


def _missing(file: Path, t: Table, folder: Path, sink: AllErrorsWriter | None) -> Report:
    report = Report(path=file, table=t)
    report.add(Problem(
        f'The folder has no "{file.name}" ({t.title}).',
        f"Export the {t.name} table in this schema and save it as {file.name} in "
        f"{folder}.", kind="missing-file",
    ))
    if sink is not None:
        sink.write(file.name, t.name, report.problems[0])
    return report


def validate_folder(folder: Path | str) -> list[Report]:
    """Every table's report; failed checks between tables are problems of the referring
    table (so a folder whose enrolment names unknown schools is not valid)."""
    return check_folder(folder).reports


def format_links(results: list[LinkResult]) -> str:
    lines = ["Checks between tables (the codes the course joins on):"]
    for r in results:
        if not r.checked:
            lines.append(f"  SKIPPED  {r.link.rule()}: {r.note}.")
        elif r.ok:
            lines.append(f"  OK       {r.link.rule()} ({r.rows:,} rows).")
        else:
            lines.append(f"  FAILED   {r.link.rule()}: {r.orphan_rows:,} rows, "
                         f"{r.orphan_keys:,} different values are missing.")
    return "\n".join(lines) + "\n"


def _main_folder(folder: Path, all_errors: AllErrorsWriter | None) -> int:
    result = check_folder(folder, all_errors=all_errors)
    reports = result.reports
    for report in reports:
        if report.valid:
            extra = (f" ({_plural(report.warning_count, 'warning')} below)"
                     if report.warning_count else "")
            print(f"OK       {report.path.name}: {report.rows:,} rows match the "
                  f"{report.table.name} schema{extra}.")
    bad = [r for r in reports if not r.valid]
    for report in [r for r in reports if not r.valid or r.warnings]:
        print()
        print(format_report(report), end="")
    print()
    print(format_links(result.links), end="")
    if result.note:
        print(result.note)
    failed = [x for x in result.links if not x.ok]
    print()
    summary = f"{len(reports) - len(bad)} of {len(reports)} tables are valid"
    if failed:
        summary += (f"; {len(failed)} of {len(result.links)} checks between tables failed, "
                    "so joining these tables would lose rows")
    print(summary + ".")
    return 0 if result.valid else 1


def main(path: Path | str, table_name: str | None = None,
         all_errors: Path | str | None = None) -> int:
    """Run the check and print the report; return the exit code (0, 1 or 2).

    ``path`` may be a folder: then every table in it is checked, and the tables against
    each other (``table_name`` unused). ``all_errors`` names a CSV file to write every
    problem to.
    """
    path = Path(path)
    sink = None
    try:
        if all_errors is not None:
            target = Path(all_errors)
            if target.exists() and target.resolve() == path.resolve():
                raise UsageError("--all-errors must name a new file, not the file checked.")
            try:
                sink = AllErrorsWriter(target)
            except OSError as err:
                raise UsageError(f'Cannot write "{target}": {err.strerror or err}.') from err
        if path.is_dir() and table_name is None:
            code = _main_folder(path, sink)
        else:
            report = validate_file(path, table_name, all_errors=sink)
            print(format_report(report), end="")
            code = 0 if report.valid else 1
    except UsageError as err:
        print(f"emiskit data validate: {err}", file=sys.stderr)
        return 2
    except Exception as err:  # a last resort: never a traceback for a user's file
        print(f'Could not read "{path}": {err}. Is it a CSV text file?', file=sys.stderr)
        return 1
    finally:
        if sink is not None:
            sink.close()
    if sink is not None:
        print(f"Every problem ({sink.rows:,} rows) was written to {sink.path}.")
    return code
