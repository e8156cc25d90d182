"""Check a data file of your own against one of the sample tables' schemas.

A facilitator who brings their own ministry's census extract can check, before a
workshop, that it has the columns, types and values the course's notebooks expect:

    emiskit data validate enrolment_2023.csv
    emiskit data validate mi_censo.csv --table census_raw

Every problem is reported with its row (counted as a spreadsheet does, the header being
row 1), column, value and a hint written for people who are not programmers. The file is
only read, never changed. Exit codes: 0 valid, 1 problems found, 2 the command could not
run (no such file, unknown table).

Why Frictionless: it is already a dependency (the sample data are published as a
Frictionless Data Package, so the very same Table Schemas are checked), it validates the
file as text — types, constraints, primary keys — and reports row and column for every
error, whereas pandera validates a DataFrame after pandas has parsed it, when a wrong
delimiter, an encoding problem or text in a number column has already been turned into
something else. What happens before Frictionless can read the file (an Excel workbook
renamed .csv, an empty file, the wrong encoding or delimiter, missing or extra columns)
is checked here first, so that each gets a plain message and never a traceback.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from emiskit.data.schema import TABLES, TABLES_BY_NAME, Field, Table

SAVE_AS_CSV = (
    'In Excel or LibreOffice choose File > Save As and the type "CSV UTF-8 (comma '
    'delimited)" (.csv).'
)
ROW_NOTE = "Rows are counted as in a spreadsheet: the header (column names) is row 1."


@dataclass
class Problem:
    """One problem found: where, what, and what to do about it."""

    message: str
    hint: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    kind: str = ""


@dataclass
class Report:
    path: Path
    table: Table
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0

    @property
    def valid(self) -> bool:
        return not self.problems


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


def _decode(data: bytes) -> tuple[str, str, Problem | None]:
    """Return the text, the encoding to read it with, and a problem if not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
        return text, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8", None
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
        snippet = text.splitlines()[line - 1][:60] if text.splitlines() else ""
        return text, encoding, Problem(
            "The file is not saved as UTF-8: it looks like Latin-1 / Windows-1252, the "
            "usual Excel encoding on Windows. Accented letters (á, ñ, ü) would be misread.",
            SAVE_AS_CSV + " Or, in a text editor, save with the encoding UTF-8.",
            row=line, value=snippet, kind="encoding",
        )


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    if counts[","] > 0 and counts[","] >= counts[best]:
        return ","
    return best if counts[best] > 0 else ","


def _split_header(header: str, delimiter: str) -> list[str]:
    import csv

    return next(csv.reader([header], delimiter=delimiter))


_NAMES = {";": "semicolons (;)", "\t": "tabs", "|": "vertical bars (|)", ",": "commas"}


def _read_checks(data: bytes) -> tuple[list[Problem], dict | None]:
    """Checks before parsing. Returns problems and reading options (None: stop here)."""
    if not data.strip():
        return [Problem("The file is empty.",
                        "Export the table again, with its column names in the first row.",
                        kind="empty")], None
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        return [Problem(
            "This is an Excel workbook (.xlsx or .xls), not a CSV text file, even though "
            "its name may end in .csv.",
            SAVE_AS_CSV + " Renaming the file is not enough.", kind="excel",
        )], None
    if b"\x00" in data[:4096]:
        return [Problem(
            "This is not a text file (it contains binary data): it may be a spreadsheet, "
            "a database or a file saved as UTF-16.",
            SAVE_AS_CSV, kind="binary",
        )], None
    problems: list[Problem] = []
    text, encoding, problem = _decode(data)
    if problem:
        problems.append(problem)
    lines = text.splitlines()
    header = lines[0] if lines else ""
    delimiter = _delimiter(header)
    if delimiter != ",":
        problems.append(Problem(
            f"Columns are separated by {_NAMES[delimiter]}, not commas.",
            "Spreadsheets set to Spanish or Portuguese often save CSV files with "
            "semicolons. " + SAVE_AS_CSV,
            row=1, value=header[:80], kind="delimiter",
        ))
    labels = _split_header(header, delimiter) if header else []
    if not any(line.strip() for line in lines[1:]):
        problems.append(Problem(
            "The file has a header row but no rows of data.",
            "Export the table again with its data.", kind="no-rows",
        ))
    return problems, {"encoding": encoding, "delimiter": delimiter, "labels": labels}


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


# ---------------------------------------------------------------------------------------
# Values, with Frictionless

_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "date": "a date",
}


def _type_hint(f: Field, value: str) -> str:
    if f.type == "integer":
        if re.fullmatch(r"-?\d+\.0+", value.strip()):
            return ("Write whole numbers without decimals (12, not 12.0). This often happens "
                    "when a column with empty cells is saved from pandas: use the Int64 dtype.")
        if re.fullmatch(r"-?\d{1,3}([.,\s]\d{3})+", value.strip()):
            return "Do not use thousands separators: write 1200, not 1.200 or 1,200."
        return "Type digits only (for example 12), without words, spaces or symbols."
    if f.type == "number":
        if re.fullmatch(r"-?\d+,\d+", value.strip()):
            return "Use a point as the decimal separator: 12.5, not 12,5."
        return "Type a number with a point for decimals (for example 12.5)."
    if f.type == "boolean":
        return "Write true or false (in lower case)."
    if f.type == "date":
        return "Write dates as YEAR-MONTH-DAY, for example 2024-03-15."
    return ""


def _constraint_problem(f: Field, value: str, note: str, row: int) -> Problem:
    if '"required"' in note:
        return Problem(f'Row {row}: "{f.name}" is empty, but it must always have a value.',
                       f"Fill it in: {f.description}", row, f.name, value, "required")
    if '"minimum"' in note:
        word = "Counts" if f.unit in ("pupils", "teachers", "persons") else "Values"
        kind = "negative" if value.strip().startswith("-") else "minimum"
        return Problem(
            f'Row {row}: "{f.name}" is {value}, below the smallest allowed value '
            f"({f.allowed()}).",
            (f"{word} cannot be negative; check for a typing error or a missing-value code "
             "such as -1 or -9 (leave the cell empty instead)." if kind == "negative" else
             f"Allowed: {f.allowed()}."),
            row, f.name, value, kind,
        )
    if '"maximum"' in note:
        hint = f"Allowed: {f.allowed()}."
        if value.strip() in ("99", "999", "9999"):
            hint += " Codes such as 99 for 'unknown' should be left empty instead."
        return Problem(f'Row {row}: "{f.name}" is {value}, above the largest allowed value '
                       f"({f.allowed()}).", hint, row, f.name, value, "maximum")
    if '"enum"' in note:
        options = list(f.enum or ())
        close = difflib.get_close_matches(value.strip().lower(), options, n=1, cutoff=0.5)
        hint = f'Use one of: {", ".join(options)}.'
        if close:
            hint = f'Did you mean "{close[0]}"? ' + hint
        return Problem(f'Row {row}: "{value}" is not an allowed value for "{f.name}".', hint,
                       row, f.name, value, "enum")
    if '"pattern"' in note:
        hint = f.description
        if f.name in ("school_id", "district_code", "region_code") and value.isdigit():
            hint += (" The code looks shorter than it should: a spreadsheet may have dropped "
                     "the leading zero. Format the column as text before typing or pasting.")
        return Problem(f'Row {row}: "{value}" is not a valid {f.name}.', hint, row, f.name,
                       value, "pattern")
    return Problem(f'Row {row}: "{value}" in "{f.name}" does not meet the rule {note}.',
                   f"Allowed: {f.allowed()}.", row, f.name, value, "constraint")


def _row_checks(path: Path, table: Table, options: dict, mapped: list[str | None]
                ) -> tuple[list[Problem], int]:
    import frictionless
    from frictionless import formats, system

    fields = []
    for i, name in enumerate(mapped, start=1):
        if name is None:
            fields.append({"name": f"_ignored_{i}", "type": "any"})
        else:
            fields.append(table.field(name).descriptor() | {"name": name})
    descriptor = {"fields": fields, "missingValues": [""]}
    if table.primary_key and all(k in mapped for k in table.primary_key):
        descriptor["primaryKey"] = list(table.primary_key)
    schema = frictionless.Schema.from_descriptor(descriptor)
    dialect = frictionless.Dialect(
        controls=[formats.CsvControl(delimiter=options["delimiter"])]
    )
    with system.use_context(trusted=True):
        resource = frictionless.Resource(
            path=str(path.resolve()), format="csv", encoding=options["encoding"],
            dialect=dialect, schema=schema,
        )
        report = resource.validate(limit_errors=10_000_000)
    task = report.tasks[0]
    rows = int(task.stats.get("rows") or 0)
    problems = []
    for err in task.errors:
        kind = err.type
        row = getattr(err, "row_number", None)
        name = getattr(err, "field_name", None)
        value = getattr(err, "cell", None)
        if name and name.startswith("_ignored_"):
            continue
        f = table.field(name) if name and name in table.field_names else None
        if kind == "type-error" and f is not None:
            problems.append(Problem(
                f'Row {row}: "{value}" in "{f.name}" is not {_TYPE_WORDS.get(f.type, f.type)}.',
                _type_hint(f, value or ""), row, f.name, value, "type",
            ))
        elif kind == "constraint-error" and f is not None:
            problems.append(_constraint_problem(f, value or "", err.note, row))
        elif kind == "primary-key":
            other = re.search(r"position (\d+)", err.note)
            key = ", ".join(table.primary_key)
            problems.append(Problem(
                f"Row {row} repeats row {other.group(1) if other else '?'}: the same {key}.",
                f"Each combination of {key} must appear only once. Delete the duplicate, or "
                "add the two rows' numbers together if they are two parts of one group.",
                row, None, None, "duplicate-key",
            ))
        elif kind == "blank-row":
            problems.append(Problem(f"Row {row} is empty.", "Delete empty rows.", row,
                                    kind="blank-row"))
        elif kind == "extra-cell":
            problems.append(Problem(
                f"Row {row} has more cells than there are column names.",
                "A value probably contains the separator (a comma, say, in a name). Put "
                'such values in double quotes ("Escuela 5, turno tarde") or remove the '
                "separator.", row, kind="extra-cell",
            ))
        elif kind == "missing-cell":
            if name and name.startswith("_ignored_"):
                continue
            problems.append(Problem(
                f"Row {row} has fewer cells than there are column names"
                + (f' (no value for "{name}").' if name else "."),
                "Check that the row was not cut short, and keep empty cells as empty "
                "values between separators.", row, name, None, "missing-cell",
            ))
        elif kind in ("type-error", "constraint-error"):
            continue
        else:
            problems.append(Problem(err.message, "Check this part of the file.", row, name,
                                    value, kind))
    return problems, rows


def validate_file(path: Path | str, table_name: str | None = None) -> Report:
    """Check ``path`` against a table's schema; raise :class:`UsageError` if impossible."""
    path = Path(path)
    if not path.exists():
        raise UsageError(f'There is no file "{path}".')
    if path.is_dir():
        raise UsageError(f'"{path}" is a folder; give the path of a file.')
    name = table_name or infer_table(path)
    if name not in TABLES_BY_NAME:
        close = difflib.get_close_matches(name, TABLES_BY_NAME, n=1)
        hint = f' Did you mean "{close[0]}"?' if close else ""
        raise UsageError(f'There is no table called "{name}".{hint} The tables are: '
                         f"{', '.join(TABLES_BY_NAME)}.")
    table = TABLES_BY_NAME[name]
    data = path.read_bytes()
    report = Report(path=path, table=table)
    problems, options = _read_checks(data)
    report.problems += problems
    if options is None:
        return report
    header_problems, mapped = _header_checks(options["labels"], table)
    report.problems += header_problems
    if any(mapped) and not any(p.kind == "no-rows" for p in problems):
        row_problems, report.rows = _row_checks(path, table, options, mapped)
        report.problems += row_problems
    return report


def format_report(report: Report) -> str:
    """The report as plain text, problems grouped by kind and column, each with a hint."""
    t = report.table
    lines = [f'Checking "{report.path.name}" against the "{t.name}" table ({t.title}).']
    if report.valid:
        lines.append(f"No problems found: {report.rows} rows match the {t.name} schema.")
        return "\n".join(lines) + "\n"
    n = len(report.problems)
    lines.append(f"{n} problem{'s' if n != 1 else ''} found. {ROW_NOTE}")
    groups: dict[tuple[str, str | None, str], list[Problem]] = {}
    for p in report.problems:
        groups.setdefault((p.kind, p.column, p.hint), []).append(p)
    for (_, column, hint), items in groups.items():
        lines.append("")
        if len(items) > 1 and column:
            lines.append(f'Column "{column}": {len(items)} problems.')
        for p in items:
            where = []
            if p.row is not None and not p.message.startswith("Row "):
                where.append(f"row {p.row}")
            if p.column and len(items) == 1 and f'"{p.column}"' not in p.message:
                where.append(f'column "{p.column}"')
            if p.value and p.kind in ("encoding", "delimiter"):
                where.append(f'text "{p.value}"')
            prefix = f"[{', '.join(where)}] " if where else ""
            lines.append(f"  {prefix}{p.message}")
        lines.append(f"  Hint: {hint}")
    lines.append("")
    lines.append("The file was not changed.")
    return "\n".join(lines) + "\n"


def validate_folder(folder: Path | str) -> list[Report]:
    """Check every table of a data folder (``NAME.csv`` for each sample table).

    A folder meant to replace the sample data (see ``data_dir`` in :mod:`emiskit.paths`)
    must hold every table, so a missing file is reported as a problem of its table.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f'There is no folder "{folder}".')
    if not any((folder / f"{t.name}.csv").is_file() for t in TABLES):
        raise UsageError(
            f'"{folder}" is a folder with none of the tables\' files (such as schools.csv). '
            "Give the path of a file, or of a folder holding the course's tables."
        )
    reports = []
    for t in TABLES:
        file = folder / f"{t.name}.csv"
        if file.is_file():
            reports.append(validate_file(file, t.name))
        else:
            reports.append(Report(path=file, table=t, problems=[Problem(
                f'The folder has no "{file.name}" ({t.title}).',
                f"Export the {t.name} table in this schema and save it as {file.name} in "
                f"{folder}.", kind="missing-file",
            )]))
    return reports


def _main_folder(folder: Path) -> int:
    reports = validate_folder(folder)
    for report in reports:
        if report.valid:
            print(f"OK       {report.path.name}: {report.rows} rows match the "
                  f"{report.table.name} schema.")
    bad = [r for r in reports if not r.valid]
    for report in bad:
        print()
        print(format_report(report), end="")
    print()
    print(f"{len(reports) - len(bad)} of {len(reports)} tables are valid.")
    return 0 if not bad else 1


def main(path: Path | str, table_name: str | None = None) -> int:
    """Run the check and print the report; return the exit code (0, 1 or 2).

    ``path`` may be a folder: then every table in it is checked (``table_name`` unused).
    """
    try:
        if Path(path).is_dir() and table_name is None:
            return _main_folder(Path(path))
        report = validate_file(path, table_name)
    except UsageError as err:
        print(f"emiskit data validate: {err}", file=sys.stderr)
        return 2
    except Exception as err:  # a last resort: never a traceback for a user's file
        print(f'Could not read "{path}": {err}. Is it a CSV text file?', file=sys.stderr)
        return 1
    print(format_report(report), end="")
    return 0 if report.valid else 1
