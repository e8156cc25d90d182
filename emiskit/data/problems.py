"""Problems found in a data file, kept the way a person can read them.

A file with an error in each of its million rows must not print a million lines (the old
validator printed 112 MB), nor keep a million objects in memory. A :class:`ProblemLog`
therefore counts every problem exactly but keeps only the first examples of each rule and
column; an :class:`AllErrorsWriter`, when asked for (``--all-errors FILE``), streams
every problem to a CSV file as it is found, so the full list never sits in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

EXAMPLES_PER_RULE = 20
"""How many examples of each rule and column a report shows; the rest are counted."""

ALL_ERRORS_COLUMNS = ("file", "table", "severity", "rule", "row", "column", "value",
                      "problem")


@dataclass
class Problem:
    """One problem found: where, what, and what to do about it."""

    message: str
    hint: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    kind: str = ""
    severity: str = "error"  # "error" makes the file invalid; "warning" does not


class AllErrorsWriter:
    """Writes every problem, one CSV row each, as it is found (``--all-errors FILE``)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._file: IO[str] = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._csv = csv.writer(self._file)
        self._csv.writerow(ALL_ERRORS_COLUMNS)
        self.rows = 0

    def write(self, file: str, table: str, p: Problem) -> None:
        self._csv.writerow([file, table, p.severity, p.kind,
                            "" if p.row is None else p.row, p.column or "",
                            "" if p.value is None else p.value, p.message])
        self.rows += 1

    def write_many(self, file: str, table: str, severity: str, kind: str,
                   column: str | None, rows: np.ndarray, values: Sequence[str] | pd.Series,
                   problem: str) -> None:
        frame = pd.DataFrame({
            "file": file, "table": table, "severity": severity, "rule": kind,
            "row": np.asarray(rows), "column": column or "",
            "value": np.asarray(values, dtype=object), "problem": problem,
        })
        self._file.flush()
        frame.to_csv(self._file, header=False, index=False, lineterminator="\r\n")
        self.rows += len(frame)

    def mark(self) -> tuple[int, int]:
        """Where the file stands now, to come back to with :meth:`rewind`."""
        self._file.flush()
        return self._file.tell(), self.rows

    def rewind(self, mark: tuple[int, int]) -> None:
        """Forget everything written since ``mark`` (a file read again from its start)."""
        self._file.flush()
        self._file.seek(mark[0])
        self._file.truncate()
        self.rows = mark[1]

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> AllErrorsWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class ProblemLog:
    """Exact counts of every problem, and the first examples of each rule and column."""

    file: str
    table: str
    examples_per_rule: int = EXAMPLES_PER_RULE
    sink: AllErrorsWriter | None = None
    examples: list[Problem] = field(default_factory=list)
    counts: dict[tuple[str, str, str | None], int] = field(default_factory=dict)

    def _room(self, key: tuple[str, str, str | None]) -> int:
        return self.examples_per_rule - min(self.counts.get(key, 0), self.examples_per_rule)

    def add(self, p: Problem) -> None:
        key = (p.severity, p.kind, p.column)
        if self._room(key) > 0:
            self.examples.append(p)
        self.counts[key] = self.counts.get(key, 0) + 1
        if self.sink is not None:
            self.sink.write(self.file, self.table, p)

    def add_many(self, kind: str, column: str | None, rows: np.ndarray,
                 values: pd.Series | np.ndarray, make: Callable[[int, str], Problem],
                 problem: str, severity: str = "error") -> None:
        """Record one rule's problems on many rows at once (``make`` builds an example)."""
        n = len(rows)
        if n == 0:
            return
        key = (severity, kind, column)
        values = np.asarray(values, dtype=object)
        room = self._room(key)
        for row, value in zip(rows[:room], values[:room], strict=True):
            self.examples.append(make(int(row), str(value)))
        self.counts[key] = self.counts.get(key, 0) + n
        if self.sink is not None:
            self.sink.write_many(self.file, self.table, severity, kind, column, rows, values,
                                 problem)

    def snapshot(self) -> tuple[int, dict, tuple[int, int] | None]:
        return (len(self.examples), dict(self.counts),
                self.sink.mark() if self.sink is not None else None)

    def restore(self, state: tuple[int, dict, tuple[int, int] | None]) -> None:
        """Go back to a :meth:`snapshot`, as if nothing had been found since."""
        del self.examples[state[0]:]
        self.counts = dict(state[1])
        if self.sink is not None and state[2] is not None:
            self.sink.rewind(state[2])

    def total(self, severity: str = "error") -> int:
        return sum(n for (s, _, _), n in self.counts.items() if s == severity)
