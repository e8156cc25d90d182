"""Every row of a file checked against a table's schema, in chunks, column by column.

The rules are the Table Schema's (type, required, minimum, maximum, enum, pattern,
primary key), applied to whole columns of a chunk at once, so a million rows take
seconds and the memory stays that of one chunk. (Frictionless, which checks row by row
in Python, took three minutes and 4.6 GB on a million rows with errors.)

Files are read with Arrow's CSV reader, as text, so a code keeps its leading zeros and
``12.0`` stays ``12.0`` for the check to see. A file whose rows do not all have as many
cells as the header (or with blank rows, or line breaks inside quoted cells) is read
again with Python's ``csv`` module, slower but able to say which row is which.

Repeated primary keys are found from a 64-bit hash of each row's key, kept with its row
number (16 bytes a row), then sorted; two different keys sharing a hash is a chance of
about one in a million for 10 million rows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from emiskit.data.problems import Problem, ProblemLog
from emiskit.data.schema import Field, Table

BLOCK_BYTES = 8 << 20
CSV_CHUNK_ROWS = 100_000
FORMULA_START = "=+-@"

_TYPE_WORDS = {"integer": "a whole number", "number": "a number", "boolean": "true or false",
               "date": "a date"}
_TYPE_PATTERNS = {
    "integer": r"[+-]?[0-9]+",
    "number": r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?",
    "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
}


class _NeedsExactReader(Exception):
    """Arrow cannot read this file row for row; read it with the csv module instead."""


@dataclass
class KeyTally:
    """Distinct values of some columns: how many rows have each, and the first row."""

    columns: tuple[str, ...]
    counts: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {"rows": pd.Series(dtype="int64"), "first": pd.Series(dtype="int64")}))
    readable: bool = True

    def add(self, keys: pd.Series, rows: np.ndarray) -> None:
        frame = pd.DataFrame({"key": keys.to_numpy(), "row": rows})
        frame = frame[frame["key"] != ""]
        if frame.empty:
            return
        part = frame.groupby("key", sort=False)["row"].agg(rows="size", first="min")
        joined = pd.concat([self.counts, part])
        self.counts = joined.groupby(level=0, sort=False).agg(rows=("rows", "sum"),
                                                              first=("first", "min"))


# ---------------------------------------------------------------------------------------
# Messages


def type_hint(f: Field, value: str) -> str:
    import re

    v = value.strip()
    if f.type == "integer":
        if re.fullmatch(r"-?\d+\.0+", v):
            return ("Write whole numbers without decimals (12, not 12.0). This often happens "
                    "when a column with empty cells is saved from pandas: use the Int64 dtype.")
        if re.fullmatch(r"-?\d{1,3}([.,\s]\d{3})+", v):
            return "Do not use thousands separators: write 1200, not 1.200 or 1,200."
        return "Type digits only (for example 12), without words, spaces or symbols."
    if f.type == "number":
        if re.fullmatch(r"-?\d+,\d+", v):
            return ("Use a point as the decimal separator: 12.5, not 12,5. "
                    "`emiskit data import` converts decimal commas for you.")
        return "Type a number with a point for decimals (for example 12.5)."
    if f.type == "boolean":
        return "Write true or false (in lower case)."
    if f.type == "date":
        return "Write dates as YEAR-MONTH-DAY, for example 2024-03-15."
    return ""


def _type_problem(f: Field, row: int, value: str) -> Problem:
    return Problem(f'Row {row}: "{value}" in "{f.name}" is not '
                   f"{_TYPE_WORDS.get(f.type, f.type)}.", type_hint(f, value), row, f.name,
                   value, "type")


def _required_problem(f: Field, row: int, value: str) -> Problem:
    return Problem(f'Row {row}: "{f.name}" is empty, but it must always have a value.',
                   f"Fill it in: {f.description}", row, f.name, value, "required")


def _minimum_problem(f: Field, row: int, value: str) -> Problem:
    word = "Counts" if f.unit in ("pupils", "teachers", "persons") else "Values"
    kind = "negative" if value.strip().startswith("-") else "minimum"
    return Problem(
        f'Row {row}: "{f.name}" is {value}, below the smallest allowed value ({f.allowed()}).',
        (f"{word} cannot be negative; check for a typing error or a missing-value code "
         "such as -1 or -9 (leave the cell empty instead)." if kind == "negative" else
         f"Allowed: {f.allowed()}."),
        row, f.name, value, kind,
    )


def _maximum_problem(f: Field, row: int, value: str) -> Problem:
    hint = f"Allowed: {f.allowed()}."
    if value.strip() in ("99", "999", "9999"):
        hint += " Codes such as 99 for 'unknown' should be left empty instead."
    return Problem(f'Row {row}: "{f.name}" is {value}, above the largest allowed value '
                   f"({f.allowed()}).", hint, row, f.name, value, "maximum")


def _enum_problem(f: Field, row: int, value: str) -> Problem:
    import difflib

    options = list(f.enum or ())
    close = difflib.get_close_matches(value.strip().lower(), options, n=1, cutoff=0.5)
    hint = f'Use one of: {", ".join(options)}.'
    if close:
        hint = f'Did you mean "{close[0]}"? ' + hint
    return Problem(f'Row {row}: "{value}" is not an allowed value for "{f.name}".', hint,
                   row, f.name, value, "enum")


def _pattern_problem(f: Field, row: int, value: str) -> Problem:
    hint = f.description
    if f.name in ("school_id", "district_code", "region_code") and value.isdigit():
        hint += (" The code looks shorter than it should: a spreadsheet may have dropped "
                 "the leading zero. Format the column as text before typing or pasting.")
    return Problem(f'Row {row}: "{value}" is not a valid {f.name}.', hint, row, f.name,
                   value, "pattern")


def _formula_problem(f: Field, row: int, value: str) -> Problem:
    return Problem(
        f'Row {row}: "{value[:60]}" in "{f.name}" starts with "{value[:1]}", so a '
        "spreadsheet would run it as a formula.",
        "If it is meant as text, remove the sign at the start. Do not open such a file in "
        "a spreadsheet unless you trust where it came from: a formula can change what is "
        "shown or send data elsewhere.",
        row, f.name, value, "formula", "warning",
    )


# ---------------------------------------------------------------------------------------
# Reading in chunks


def _arrow_chunks(path: Path, codec: str, delimiter: str, width: int
                  ) -> Iterator[tuple[np.ndarray, pd.DataFrame]]:
    names = [f"c{i}" for i in range(width)]

    def refuse(_row: object) -> str:
        return "error"

    options = dict(
        read_options=pacsv.ReadOptions(
            skip_rows=1, column_names=names, block_size=BLOCK_BYTES,
            encoding="utf8" if codec in ("utf-8", "utf-8-sig") else codec),
        parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False,
                                         invalid_row_handler=refuse),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False,
            quoted_strings_can_be_null=False),
    )
    start = 2  # the first data row is row 2 in a spreadsheet
    try:
        for batch in pacsv.open_csv(path, **options):
            if batch.num_rows == 0:
                continue
            yield np.arange(start, start + batch.num_rows), batch.to_pandas()
            start += batch.num_rows
    except (pa.ArrowInvalid, UnicodeDecodeError) as err:
        raise _NeedsExactReader(str(err)) from err


def _csv_chunks(path: Path, codec: str, delimiter: str, width: int, log: ProblemLog
                ) -> Iterator[tuple[np.ndarray, pd.DataFrame]]:
    names = [f"c{i}" for i in range(width)]
    buffer: list[list[str]] = []
    numbers: list[int] = []
    row = 1
    with open(path, encoding=codec, newline="", errors="replace") as f:
        reader = csv.reader(f, delimiter=delimiter)
        next(reader, None)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as err:
                log.add(Problem(f"Row {row + 1} cannot be read: {err}.",
                                "Check the quotes in this row: a cell that starts with a "
                                'double quote (") must end with one.', row + 1,
                                kind="unreadable-row"))
                break
            row += 1
            if not cells or not any(c.strip() for c in cells):
                log.add(Problem(f"Row {row} is empty.", "Delete empty rows.", row,
                                kind="blank-row"))
                continue
            if len(cells) > width:
                log.add(Problem(
                    f"Row {row} has more cells than there are column names.",
                    "A value probably contains the separator (a comma, say, in a name). Put "
                    'such values in double quotes ("Escuela 5, turno tarde") or remove the '
                    "separator.", row, kind="extra-cell"))
                cells = cells[:width]
            elif len(cells) < width:
                log.add(Problem(
                    f"Row {row} has fewer cells than there are column names.",
                    "Check that the row was not cut short, and keep empty cells as empty "
                    "values between separators.", row, kind="missing-cell"))
                cells = cells + [""] * (width - len(cells))
            buffer.append(cells)
            numbers.append(row)
            if len(buffer) >= CSV_CHUNK_ROWS:
                yield np.array(numbers), pd.DataFrame(buffer, columns=names, dtype="str")
                buffer, numbers = [], []
    if buffer:
        yield np.array(numbers), pd.DataFrame(buffer, columns=names, dtype="str")


def iter_frames(path: Path, codec: str, delimiter: str, width: int
                ) -> Iterator[tuple[np.ndarray, pd.DataFrame]]:
    """The file's rows as text, in chunks, with their spreadsheet row numbers.

    Problems of shape (ragged or blank rows) are not reported here: :func:`check_rows`
    does that. Used to read a file a second time, e.g. to list the rows of a failed
    check between tables.
    """
    last = 1
    try:
        for rows, frame in _arrow_chunks(path, codec, delimiter, width):
            last = int(rows[-1])
            yield rows, frame
        return
    except _NeedsExactReader:
        pass
    quiet = ProblemLog(path.name, "")
    for rows, frame in _csv_chunks(path, codec, delimiter, width, quiet):
        keep = rows > last
        if keep.any():
            yield rows[keep], frame[keep]


def key_of(frame: pd.DataFrame, columns: list[str]) -> pd.Series:
    """One text key per row from one or more columns (joined with a unit separator)."""
    parts = [frame[c] for c in columns]
    return parts[0] if len(parts) == 1 else parts[0].str.cat(parts[1:], sep="\x1f")


# ---------------------------------------------------------------------------------------
# Checking a chunk


def _mask(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype=bool, na_value=False)


def _as_float(s: pd.Series) -> np.ndarray:
    """Numbers already checked by their pattern, parsed by Arrow (pandas takes 5× longer)."""
    try:
        parsed = pc.cast(pa.array(s, type=pa.string()), pa.float64())
        return parsed.to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)


def _check_field(f: Field, s: pd.Series, rows: np.ndarray, log: ProblemLog) -> None:
    empty = _mask(s == "")
    if f.required and empty.any():
        log.add_many("required", f.name, rows[empty], s[empty],
                     lambda r, v: _required_problem(f, r, v), "empty, but required")
    filled = ~empty
    if not filled.any():
        return
    if f.type == "string":
        ok = filled
        first = s.str.slice(0, 1)
        starts = filled & (_mask(first.isin(list(FORMULA_START))) & ~(
            _mask(first == "-") & _mask(s.str.fullmatch(_TYPE_PATTERNS["number"]))))
        if starts.any():
            log.add_many("formula", f.name, rows[starts], s[starts],
                         lambda r, v: _formula_problem(f, r, v),
                         "starts like a spreadsheet formula", severity="warning")
    else:
        if f.type == "boolean":
            good = _mask(s.isin(["true", "false"]))
        else:
            good = _mask(s.str.fullmatch(_TYPE_PATTERNS[f.type]))
            if f.type == "date" and good.any():
                parsed = pd.to_datetime(s[good], format="%Y-%m-%d", errors="coerce")
                good = good.copy()
                good[np.flatnonzero(good)[parsed.isna().to_numpy()]] = False
        bad = filled & ~good
        if bad.any():
            log.add_many("type", f.name, rows[bad], s[bad], lambda r, v: _type_problem(f, r, v),
                         f"not {_TYPE_WORDS.get(f.type, f.type)}")
        ok = filled & good
    if not ok.any():
        return
    if f.type in ("integer", "number") and (f.minimum is not None or f.maximum is not None):
        values = _as_float(s[ok])
        where = np.flatnonzero(ok)
        if f.minimum is not None:
            below = values < f.minimum
            negative = _mask(s.iloc[where].str.startswith("-"))
            for kind, chosen in (("negative", below & negative), ("minimum", below & ~negative)):
                low = where[chosen]
                if len(low):
                    log.add_many(kind, f.name, rows[low], s.iloc[low],
                                 lambda r, v: _minimum_problem(f, r, v),
                                 f"below the smallest allowed value ({f.allowed()})")
        if f.maximum is not None:
            high = where[values > f.maximum]
            if len(high):
                log.add_many("maximum", f.name, rows[high], s.iloc[high],
                             lambda r, v: _maximum_problem(f, r, v),
                             f"above the largest allowed value ({f.allowed()})")
    if f.enum is not None:
        bad = ok & ~_mask(s.isin(list(f.enum)))
        if bad.any():
            log.add_many("enum", f.name, rows[bad], s[bad], lambda r, v: _enum_problem(f, r, v),
                         f"not one of: {', '.join(f.enum)}")
    if f.pattern is not None:
        pattern = f.pattern.removeprefix("^").removesuffix("$")
        bad = ok & ~_mask(s.str.fullmatch(pattern))
        if bad.any():
            log.add_many("pattern", f.name, rows[bad], s[bad],
                         lambda r, v: _pattern_problem(f, r, v), f"not a valid {f.name}")


@dataclass
class _Keys:
    """Hashes of the primary key of every row read so far, with their row numbers."""

    hashes: list[np.ndarray] = field(default_factory=list)
    rows: list[np.ndarray] = field(default_factory=list)

    def add(self, frame: pd.DataFrame, rows: np.ndarray) -> None:
        complete = ~_mask((frame == "").any(axis=1))
        if not complete.any():
            return
        part = frame[complete]
        self.hashes.append(pd.util.hash_pandas_object(part, index=False).to_numpy())
        self.rows.append(rows[complete])

    def report(self, table: Table, log: ProblemLog) -> None:
        if not self.hashes:
            return
        hashes, rows = np.concatenate(self.hashes), np.concatenate(self.rows)
        self.hashes, self.rows = [], []
        order = np.argsort(hashes, kind="stable")
        hashes, rows = hashes[order], rows[order]
        starts = np.r_[True, hashes[1:] != hashes[:-1]]
        if starts.all():
            return
        first = rows[np.maximum.accumulate(np.where(starts, np.arange(len(rows)), 0))]
        repeat = ~starts
        later, earlier = rows[repeat], first[repeat]
        by_row = np.argsort(later, kind="stable")
        later, earlier = later[by_row], earlier[by_row]
        key = ", ".join(table.primary_key)
        hint = (f"Each combination of {key} must appear only once. Delete the duplicate, or "
                "add the two rows' numbers together if they are two parts of one group.")
        log.add_many(
            "duplicate-key", None, later, np.array([f"same as row {r}" for r in earlier]),
            lambda r, v: Problem(f"Row {r} repeats row {v.removeprefix('same as row ')}: "
                                 f"the same {key}.", hint, r, None, None, "duplicate-key"),
            f"repeats an earlier row's {key}")


def check_rows(path: Path, table: Table, codec: str, delimiter: str,
               mapped: list[str | None], log: ProblemLog,
               tallies: list[KeyTally] | None = None) -> int:
    """Check every row; record problems in ``log``; return the number of data rows.

    ``mapped`` gives, for each column of the file, the schema field it holds (``None``
    for a column the schema does not know). ``tallies`` collect the distinct values of
    columns that other tables refer to or that refer to other tables.
    """
    width = len(mapped)
    state = log.snapshot()
    try:
        return _check_all(_arrow_chunks(path, codec, delimiter, width), table, mapped, log,
                          tallies)
    except _NeedsExactReader:
        pass
    # Start again from the top with the exact reader; forget what the first try found.
    log.restore(state)
    for tally in tallies or []:
        tally.counts = KeyTally(tally.columns).counts
    return _check_all(_csv_chunks(path, codec, delimiter, width, log), table, mapped, log,
                      tallies)


def _check_all(chunks: Iterator[tuple[np.ndarray, pd.DataFrame]], table: Table,
               mapped: list[str | None], log: ProblemLog,
               tallies: list[KeyTally] | None) -> int:
    columns = {name: f"c{i}" for i, name in enumerate(mapped) if name is not None}
    fields = [table.field(name) for name in columns]
    pk = list(table.primary_key)
    keys = _Keys() if pk and all(k in columns for k in pk) else None
    usable = [t for t in tallies or [] if all(c in columns for c in t.columns)]
    for t in tallies or []:
        t.readable = t in usable
    total = 0
    for rows, frame in chunks:
        total += len(rows)
        for f in fields:
            _check_field(f, frame[columns[f.name]], rows, log)
        if keys is not None:
            keys.add(frame[[columns[k] for k in pk]], rows)
        for t in usable:
            t.add(key_of(frame, [columns[c] for c in t.columns]), rows)
    if keys is not None:
        keys.report(table, log)
    return total
