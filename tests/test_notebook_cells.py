"""Notebooks a non-programmer can read: no code cell a participant must read is long.

The course's learners are ministry staff who met Python an hour earlier. A code cell they
read is at most :data:`MAX_READ` lines; longer work (charts, dashboards, rubrics) lives in
``emiskit`` functions and data files. A cell that only builds a display (a quiz, a
widget) may be hidden in the book with the cell tag ``hide-input``, but even then it
stays short enough to skim (:data:`MAX_HIDDEN` lines): it should call a function.

:data:`NOT_YET_SHORT` lists the cells still waiting for that work, by notebook and cell
id. It may only shrink: a cell that becomes short must leave the list (the test says so),
and a new long cell fails the test.
"""

from __future__ import annotations

import json
from pathlib import Path

from emiskit.paths import course_root

ROOT = course_root()
MAX_READ = 15
MAX_HIDDEN = 40
HIDE_TAGS = frozenset({"hide-input", "remove-input", "remove-cell"})

# (notebook path relative to the course root, cell id): cells still too long to read.
NOT_YET_SHORT: frozenset[tuple[str, str]] = frozenset({
    ("book/facilitators/capstone/brief-strong.ipynb", "4cf9a4a9"),
    ("book/facilitators/capstone/brief-strong.ipynb", "b4f977f4"),
    ("notebooks/module0-getting-started.ipynb", "447cfc47"),
    ("notebooks/module0-getting-started.ipynb", "6a968a17"),
    ("notebooks/module3-census-to-indicators.ipynb", "m3-census-to-indicators-02"),
    ("notebooks/module3-census-to-indicators.ipynb", "m3-census-to-indicators-06"),
    ("notebooks/module3-census-to-indicators.ipynb", "m3-census-to-indicators-14"),
    ("notebooks/module3-census-to-indicators.ipynb", "m3-census-to-indicators-27"),
    ("notebooks/module3-national-scale.ipynb", "m3-national-scale-02"),
    ("notebooks/module3-national-scale.ipynb", "m3-national-scale-08"),
    ("notebooks/module3-national-scale.ipynb", "m3-national-scale-11"),
})


def notebooks() -> list[Path]:
    """Every notebook participants or facilitators read in the book."""
    found = [*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("book/**/*.ipynb")]
    return sorted(p for p in found if "_build" not in p.parts
                  and ".ipynb_checkpoints" not in p.parts)


def _lines(cell: dict) -> int:
    source = cell["source"]
    text = "".join(source) if isinstance(source, list) else source
    return len(text.rstrip("\n").splitlines())


def long_cells() -> dict[tuple[str, str], str]:
    """(notebook, cell id) -> a description, for every code cell over its limit."""
    problems: dict[tuple[str, str], str] = {}
    for path in notebooks():
        name = path.relative_to(ROOT).as_posix()
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells, start=1):
            if cell["cell_type"] != "code":
                continue
            hidden = bool(HIDE_TAGS & set(cell.get("metadata", {}).get("tags", [])))
            limit = MAX_HIDDEN if hidden else MAX_READ
            lines = _lines(cell)
            if lines > limit:
                problems[(name, cell.get("id", f"#{number}"))] = (
                    f"{name}, cell {number} (id {cell.get('id')}): {lines} lines, "
                    f"limit {limit}{' (hide-input)' if hidden else ''}"
                )
    return problems


def test_there_are_notebooks() -> None:
    assert len(notebooks()) >= 10


def test_no_code_cell_a_participant_reads_is_longer_than_15_lines() -> None:
    problems = long_cells()
    new = sorted(msg for key, msg in problems.items() if key not in NOT_YET_SHORT)
    assert not new, (
        f"{len(new)} code cell(s) too long to read: move the work into an emiskit function "
        "or a data file, or tag a display-only cell 'hide-input':\n" + "\n".join(new)
    )


def test_the_list_of_cells_not_yet_short_only_shrinks() -> None:
    fixed = sorted(f"{nb} {cell}" for nb, cell in NOT_YET_SHORT - long_cells().keys())
    assert not fixed, "Short now (or gone): remove from NOT_YET_SHORT:\n" + "\n".join(fixed)

