"""``emiskit data import RAW --to FOLDER``: files as ministries export them, made course CSVs.

An EMIS export rarely arrives as UTF-8, comma-separated text: Excel on a Spanish or
Portuguese Windows saves "CSV" in Windows-1252 with semicolons and decimal commas, Excel's
"CSV UTF-8" adds a byte-order mark, and many offices send an .xlsx workbook. Rather than
ask ministry staff to re-save every file by hand, the importer reads each of these and
writes the course's own form (UTF-8, commas, decimal points, one file per table) into
FOLDER, saying exactly what it converted and why, so that the change can be checked.

What it never does: change the raw files (they are only read; FOLDER may not be the raw
folder), guess a decimal mark when the numbers allow two readings (it leaves them, and
says so), or fix values (codes, categories): that is for ``emiskit data validate`` to
report and for the ministry's own fixing script to do. One file that cannot be read does
not stop the others.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import os
import re
import shutil
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from emiskit.data import text_format
from emiskit.data.safe_paths import refusal
from emiskit.data.schema import TABLES, TABLES_BY_NAME, Table

TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
FORMULA_START = ("=", "+", "@")

# How a number may be written. "Ambiguous" forms (1,234 and 1.234) read two ways.
_FORMS = (
    ("plain", re.compile(r"[+-]?\d+")),
    ("comma-decimal", re.compile(r"[+-]?\d+,(\d{1,2}|\d{4,})")),
    ("point-decimal", re.compile(r"[+-]?\d+\.(\d{1,2}|\d{4,})")),
    ("dot-thousands-comma-decimal", re.compile(r"[+-]?\d{1,3}(\.\d{3})+,\d+")),
    ("comma-thousands-point-decimal", re.compile(r"[+-]?\d{1,3}(,\d{3})+\.\d+")),
    ("ambiguous-comma", re.compile(r"[+-]?\d{1,3}(,\d{3})+")),
    ("ambiguous-dot", re.compile(r"[+-]?\d{1,3}(\.\d{3})+")),
    ("comma-decimal-3", re.compile(r"[+-]?\d{4,},\d{3}")),
    ("point-decimal-3", re.compile(r"[+-]?\d{4,}\.\d{3}")),
)
_COMMA_EVIDENCE = {"comma-decimal", "dot-thousands-comma-decimal"}
_POINT_EVIDENCE = {"point-decimal", "comma-thousands-point-decimal"}


class ImportUsageError(Exception):
    """The import could not start (exit code 2)."""


@dataclass
class Conversion:
    """What was done with one file, or one sheet of a workbook."""

    source: str
    table: str | None = None
    matched: str = ""
    output: Path | None = None
    encoding: str = ""
    separator: str = ""
    numbers: list[str] = field(default_factory=list)
    rows: int = 0
    columns: int = 0
    renamed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""
    skipped: bool = False  # not a table file (a README, say): neither done nor failed

    @property
    def converted(self) -> bool:
        return self.output is not None and not self.error


# ---------------------------------------------------------------------------------------
# Which table, which columns


def match_table(name: str, labels: list[str], forced: str | None = None
                ) -> tuple[Table | None, str]:
    """The table a file or sheet holds: as told, by its name, else by its column names."""
    if forced:
        return TABLES_BY_NAME[forced], "as given with --table"
    stem = re.sub(r"[\s-]+", "_", Path(name).stem.strip().lower())
    for t in sorted(TABLES, key=lambda t: -len(t.name)):
        if stem == t.name or re.search(rf"(^|_){t.name}(_|$)", stem):
            return t, f'by its name ("{name}")'
    wanted = {_normal(label) for label in labels}
    best, score = None, 0.0
    for t in TABLES:
        share = len(wanted & set(t.field_names)) / len(t.field_names)
        if share > score:
            best, score = t, share
    if best is not None and score >= 0.5:
        n = len(wanted & set(best.field_names))
        return best, f"by its columns ({n} of the {len(best.field_names)} columns of " \
                     f"{best.name} are there)"
    return None, ""


def _normal(label: str) -> str:
    return re.sub(r"\s+", "_", label.replace("\ufeff", "").strip().lower())


def _rename(labels: list[str], table: Table | None) -> tuple[list[str], list[tuple[str, str]]]:
    """Column names that differ from the schema's only in case or spaces, corrected."""
    if table is None:
        return labels, []
    out, renamed = [], []
    for label in labels:
        name = _normal(label)
        if label not in table.field_names and name in table.field_names and name not in out:
            out.append(name)
            renamed.append((label, name))
        else:
            out.append(label)
    return out, renamed


# ---------------------------------------------------------------------------------------
# Numbers


def _form(value: str) -> str:
    v = value.strip()
    for name, pattern in _FORMS:
        if pattern.fullmatch(v):
            return name
    return "other"


def _decimal_mark(forms: dict[str, Counter]) -> str:
    """The file's decimal mark from its number columns: comma, point, none or mixed."""
    comma = sum(c[f] for c in forms.values() for f in _COMMA_EVIDENCE)
    point = sum(c[f] for c in forms.values() for f in _POINT_EVIDENCE)
    if comma and point:
        return "mixed"
    return "comma" if comma else "point" if point else "none"


_COMMA_FORMS = {"plain", "comma-decimal", "comma-decimal-3", "dot-thousands-comma-decimal",
                "ambiguous-dot", "ambiguous-comma"}
_POINT_FORMS = {"plain", "point-decimal", "point-decimal-3", "comma-thousands-point-decimal",
                "ambiguous-comma", "ambiguous-dot"}


def _plan_numbers(table: Table | None, labels: list[str], forms: dict[int, Counter],
                  mark: str, separator: str) -> tuple[dict[int, str], list[str]]:
    """Which numeric columns to convert and how, with a sentence for each.

    The decimal mark is the file's (from its decimal columns), or, when no value shows
    it, the one that goes with the separator (a comma with semicolons). A column is
    converted only if every value in it is a number written that way, and never when a
    value reads two ways: in a decimal column with no decimal evidence, 1.234 may be
    1234 or 1.234. In a whole-number column 1.234 can only be 1234.
    """
    plan: dict[int, str] = {}
    said: list[str] = []
    if table is None:
        return plan, said
    convention = mark if mark != "none" else ("comma" if separator == ";" else "point")
    for i, counts in forms.items():
        label = labels[i]
        kind = table.field(label).type
        if set(counts) <= {"plain"}:
            continue
        if counts["other"]:
            said.append(f"{label}: not converted: {counts['other']:,} values are not numbers "
                        "(the validator will list them).")
            continue
        if mark == "mixed":
            said.append(f"{label}: not converted: the file writes decimals both with commas "
                        "and with points, so no reading is safe. Fix the export.")
            continue
        ambiguous = counts["ambiguous-dot"] + counts["ambiguous-comma"]
        if kind == "number" and mark == "none" and ambiguous:
            said.append(f"{label}: not converted: {ambiguous:,} values such as 1.234 or 1,234 "
                        "read two ways (one thousand two hundred and thirty-four, or one "
                        "point two three four), and no other value shows the decimal mark. "
                        "Fix the export.")
            continue
        allowed = _COMMA_FORMS if convention == "comma" else _POINT_FORMS
        if kind == "integer":
            allowed = allowed - {"ambiguous-comma" if convention == "comma" else "ambiguous-dot"}
        if not set(counts) <= allowed:
            odd = sorted(set(counts) - allowed)
            said.append(f"{label}: not converted: some values ({', '.join(odd)}) do not follow "
                        f"the file's decimal {convention}. Fix the export.")
            continue
        if convention == "comma":
            n = sum(v for f, v in counts.items() if f != "plain")
            plan[i] = "comma"
            said.append(f"{label}: {_values(n)} written with a decimal comma or points "
                        "between thousands; now with a decimal point and no thousands "
                        "separator (1.234,5 became 1234.5).")
        else:
            n = counts["ambiguous-comma"] + counts["comma-thousands-point-decimal"]
            if n:
                plan[i] = "point"
                said.append(f"{label}: {_values(n)} had commas between thousands; written "
                            "without them (1,234.5 became 1234.5).")
    return plan, said


def _values(n: int) -> str:
    return f"{n:,} value" + ("" if n == 1 else "s")


def _convert_number(value: str, how: str) -> str:
    v = value.strip()
    if how == "comma":
        return v.replace(".", "").replace(",", ".") if v else value
    return v.replace(",", "") if v else value


# ---------------------------------------------------------------------------------------
# Text files


def _text_rows(path: Path, codec: str, separator: str) -> Iterator[list[str]]:
    with open(path, encoding=codec, newline="") as f:
        yield from csv.reader(f, delimiter=separator)


def _write(out: Path, rows: Iterable[list[str]]) -> int:
    """Write rows as UTF-8, comma-separated CSV (via a temporary file); return data rows."""
    part = out.with_name(out.name + ".part")
    n = -1
    try:
        with open(part, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            for row in rows:
                writer.writerow(row)
                n += 1
        os.replace(part, out)
    finally:
        part.unlink(missing_ok=True)
    return max(n, 0)


def _formula_cells(row: list[str], text_columns: set[int]) -> int:
    return sum(1 for i in text_columns if i < len(row) and looks_like_formula(row[i]))


def looks_like_formula(value: str) -> bool:
    """A cell a spreadsheet would run: starting with = + @, or - not followed by a number."""
    return value[:1] in FORMULA_START or (
        value[:1] == "-" and _form(value[1:]) == "other" and len(value) > 1)


def import_text(path: Path, out_dir: Path, forced: str | None, taken: set[str]
                ) -> Conversion:
    """Convert one CSV or text file."""
    c = Conversion(path.name)
    head = text_format.read_head(path)
    if not head.strip():
        c.error = "the file is empty"
        return c
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        c.error = ("this is an Excel workbook with a text file's name; rename it to .xlsx "
                   "and import it again")
        return c
    encoding = text_format.detect_encoding(path)
    c.encoding = f"{encoding.words}: {encoding.reason}" + (
        "; converted to UTF-8" if encoding.codec != "utf-8" else "; kept")
    lines = text_format.head_lines(head, encoding.codec, len(head) < text_format.HEAD_BYTES)
    separator = text_format.sniff_separator(lines)
    c.separator = text_format.SEPARATOR_NAMES[separator] + (
        "; written with commas" if separator != "," else "; kept")
    rows = _text_rows(path, encoding.codec, separator)
    labels = [label.replace("\ufeff", "") for label in next(rows, [])]
    table, c.matched = match_table(path.name, labels, forced)
    names, c.renamed = _rename(labels, table)
    c.table = table.name if table else None
    c.columns = len(names)
    numeric = {i: table.field(n).type for i, n in enumerate(names)
               if table and n in table.field_names
               and table.field(n).type in ("integer", "number")}
    text_columns = set(range(len(names))) - set(numeric)
    forms: dict[int, Counter] = {i: Counter() for i in numeric}
    formulas = 0
    for row in rows:  # first reading: how the numbers are written
        for i, counts in forms.items():
            if i < len(row) and row[i].strip():
                counts[_form(row[i])] += 1
        formulas += _formula_cells(row, text_columns)
    mark = _decimal_mark({names[i]: f for i, f in forms.items()
                          if numeric[i] == "number"}) if forms else "none"
    plan, c.numbers = _plan_numbers(table, names, forms, mark, separator)
    if formulas:
        c.notes.append(f"{formulas:,} text cells start like a spreadsheet formula (=, +, -, "
                       "@): copied unchanged; `emiskit data validate` lists them.")
    c.output = _output(out_dir, table, path.stem, taken, c, path)

    def converted() -> Iterator[list[str]]:
        body = _text_rows(path, encoding.codec, separator)
        next(body, None)
        yield names
        for row in body:
            for i, how in plan.items():
                if i < len(row):
                    row[i] = _convert_number(row[i], how)
            yield row

    c.rows = _write(c.output, converted())
    return c


def _output(out_dir: Path, table: Table | None, stem: str, taken: set[str],
            c: Conversion, source: Path) -> Path:
    base = table.name if table else re.sub(r"[^\w.-]+", "_", stem)
    name = f"{base}.csv"
    k = 2
    while name in taken:
        name = f"{base}-{k}.csv"
        k += 1
    if table and name != f"{table.name}.csv":
        c.notes.append(f"another file was already imported as {table.name}.csv, so this one "
                       f"was written as {name}: keep the one you want and name it "
                       f"{table.name}.csv.")
    if not table:
        close = difflib.get_close_matches(stem.lower(), TABLES_BY_NAME, n=1, cutoff=0.6)
        c.notes.append("not matched to any of the course's tables (by its name or its "
                       f"columns), so it was written as {name}"
                       + (f'; did you mean "{close[0]}"?' if close else ".")
                       + " Rename it, or import it alone with --table NAME.")
    taken.add(name)
    out = out_dir / name
    if out.exists() and os.path.samefile(out, source):
        raise OSError(f"{out} is the raw file itself (through a link); it was not touched")
    return out


# ---------------------------------------------------------------------------------------
# Excel workbooks


def _cell(value: object, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and kind != "number":
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else \
            value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def import_workbook(path: Path, out_dir: Path, forced: str | None, taken: set[str]
                    ) -> list[Conversion]:
    """Convert each sheet of an .xlsx workbook that holds a table."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # a damaged or protected workbook: say so, go on
        return [Conversion(path.name, error=f"the workbook could not be opened ({err})")]
    out = []
    try:
        for sheet in book.worksheets:
            out.append(_import_sheet(path, sheet, out_dir, forced if len(book.worksheets) == 1
                                     else None, taken))
    finally:
        book.close()
    return out


def _import_sheet(path: Path, sheet, out_dir: Path, forced: str | None, taken: set[str]
                  ) -> Conversion:
    c = Conversion(f'{path.name}, sheet "{sheet.title}"')
    rows = sheet.iter_rows(values_only=True)
    header: list[str] = []
    for values in rows:
        if any(v not in (None, "") for v in values):
            header = [_cell(v, "string") for v in values]
            break
    while header and not header[-1].strip():
        header.pop()
    if not header:
        c.error = "the sheet is empty: not written"
        return c
    table, c.matched = match_table(sheet.title, header, forced)
    if table is None:
        c.error = ("the sheet does not look like any of the course's tables (neither its "
                   "name nor its column names match): not written")
        return c
    names, c.renamed = _rename(header, table)
    kinds = [table.field(n).type if n in table.field_names else "string" for n in names]
    c.table, c.columns = table.name, len(names)
    c.encoding = "Excel workbook (.xlsx); written as UTF-8"
    c.separator = "cells; written with commas"
    width = len(names)
    codes_as_numbers = Counter()
    formulas = 0

    def body() -> Iterator[list[str]]:
        nonlocal formulas
        yield names
        for values in rows:
            cells = [_cell(v, kinds[i]) for i, v in enumerate(values[:width])]
            cells += [""] * (width - len(cells))
            if not any(cells):
                continue
            for i, v in enumerate(values[:width]):
                if kinds[i] == "string" and isinstance(v, int | float) \
                        and not isinstance(v, bool):
                    codes_as_numbers[names[i]] += 1
                elif kinds[i] == "string" and isinstance(v, str) and looks_like_formula(v):
                    formulas += 1
            yield cells

    c.output = _output(out_dir, table, f"{path.stem}-{sheet.title}", taken, c, path)
    c.rows = _write(c.output, body())
    c.numbers.append("numbers were stored as numbers in the workbook: written with a "
                     "decimal point, whole numbers without decimals, dates as YYYY-MM-DD.")
    for name, n in codes_as_numbers.items():
        c.notes.append(f'{name}: {n:,} cells were stored as numbers, not text, so any '
                       "leading zero was already lost in Excel; the validator will show "
                       "which codes are too short.")
    if formulas:
        c.notes.append(f"{formulas:,} text cells start like a spreadsheet formula: copied "
                       "unchanged; `emiskit data validate` lists them.")
    return c


# ---------------------------------------------------------------------------------------
# The command


def _inputs(raw: Path) -> list[Path]:
    if raw.is_dir():
        return sorted(p for p in raw.iterdir() if not p.name.startswith("."))
    return [raw]


def import_raw(raw: Path | str, to: Path | str, table: str | None = None
               ) -> list[Conversion]:
    """Convert every file in ``raw`` (a file or a folder) into FOLDER ``to``."""
    raw, to = Path(raw), Path(to)
    if not raw.exists():
        raise ImportUsageError(f'There is no file or folder "{raw}".')
    if table is not None and table not in TABLES_BY_NAME:
        close = difflib.get_close_matches(table, TABLES_BY_NAME, n=1)
        hint = f' Did you mean "{close[0]}"?' if close else ""
        raise ImportUsageError(f'There is no table called "{table}".{hint} The tables are: '
                               f"{', '.join(TABLES_BY_NAME)}.")
    source_dir = raw if raw.is_dir() else raw.parent
    if to.exists() and to.resolve() == source_dir.resolve():
        raise ImportUsageError(
            f'--to "{to}" is the folder of the raw files. Give another folder, so that the '
            "files as exported are kept unchanged next to the converted ones.")
    if to.exists() and not to.is_dir():
        raise ImportUsageError(f'--to "{to}" is a file; give a folder.')
    to.mkdir(parents=True, exist_ok=True)
    inputs = _inputs(raw)
    forced = table if len(inputs) == 1 else None
    taken: set[str] = set()
    results: list[Conversion] = []
    for path in inputs:
        message = refusal(path)
        if message:
            if path.is_dir():
                continue
            results.append(Conversion(path.name, error=message))
            continue
        suffix = path.suffix.lower()
        try:
            if suffix in EXCEL_SUFFIXES:
                results.extend(import_workbook(path, to, forced, taken))
            elif suffix in TEXT_SUFFIXES:
                results.append(import_text(path, to, forced, taken))
            elif path.name == "datapackage.json":
                shutil.copyfile(path, to / path.name)
                results.append(Conversion(path.name, output=to / path.name, notes=[
                    "copied unchanged (its foreign keys are checked between tables)"]))
            elif suffix == ".xls":
                results.append(Conversion(path.name, error=(
                    "this is the old Excel format (.xls): open it in Excel or LibreOffice "
                    "and save it as .xlsx (Excel Workbook), then import again")))
            else:
                results.append(Conversion(path.name, skipped=True, error=(
                    f'not a table file ("{suffix or "no extension"}"; the importer reads '
                    ".csv, .txt, .tsv and .xlsx)")))
        except (OSError, UnicodeDecodeError, csv.Error) as err:
            results.append(Conversion(path.name, error=f"it could not be read ({err})"))
    return results


def format_conversions(results: list[Conversion], to: Path) -> str:
    lines = []
    for c in results:
        lines.append("")
        if c.error:
            word = "SKIPPED" if c.skipped else "NOT CONVERTED"
            lines.append(f"{word}  {c.source}: {c.error.rstrip('.')}.")
            continue
        target = c.output.name if c.output else "?"
        lines.append(f"CONVERTED  {c.source} → {to / target}"
                     + (f" (table {c.table}, matched {c.matched})" if c.table else ""))
        if c.encoding:
            lines.append(f"  encoding: {c.encoding}")
        if c.separator:
            lines.append(f"  separator: {c.separator}")
        for line in c.numbers:
            lines.append(f"  numbers: {line}")
        if c.table:
            lines.append(f"  rows: {c.rows:,}; columns: {c.columns}")
            if c.renamed:
                lines.append("  columns renamed: " + ", ".join(
                    f'"{a}" → "{b}"' for a, b in c.renamed))
            else:
                lines.append("  columns renamed: none")
        for note in c.notes:
            lines.append(f"  note: {note}")
    done = sum(c.converted for c in results)
    tables = [c for c in results if not c.skipped]
    lines.append("")
    lines.append(f"{done} of {len(tables)} files or sheets converted into {to}. The raw "
                 "files were not changed.")
    lines.append(f'Next, check the result:  emiskit data validate "{to}"')
    return "\n".join(lines).lstrip("\n") + "\n"


def main(raw: Path | str, to: Path | str, table: str | None = None) -> int:
    """Run the import and print what was converted; 0 all converted, 1 some not, 2 usage."""
    try:
        results = import_raw(raw, to, table)
    except ImportUsageError as err:
        print(f"emiskit data import: {err}", file=sys.stderr)
        return 2
    print(format_conversions(results, Path(to)), end="")
    tables = [c for c in results if not c.skipped]
    return 0 if tables and all(c.converted for c in tables) else 1
