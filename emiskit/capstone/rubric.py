"""The capstone rubric as data, and the tables made from it.

``rubric.yml`` (next to this file) is the one source of the criteria, their levels and
weights, and the self-check items of each criterion. This module reads it and turns it into
the Markdown table of the book page, the facilitator's scoring sheet (CSV) and a total, so
that the page, the sheet and ``emiskit capstone check`` can never disagree.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "PAGE_BLOCKS",
    "RUBRIC_PATH",
    "CheckItem",
    "Criterion",
    "Rubric",
    "RubricError",
    "find_page_block",
    "load_rubric",
    "page_block",
    "rubric_markdown",
    "scoring_sheet_csv",
    "self_check_markdown",
    "total_points",
]

RUBRIC_PATH = Path(__file__).with_name("rubric.yml")


class RubricError(ValueError):
    """The rubric file or a set of scores does not have the expected shape."""


@dataclass(frozen=True)
class CheckItem:
    id: str
    label: str


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    weight: int
    descriptors: Mapping[int, str]
    checks: tuple[CheckItem, ...]


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    keywords: tuple[str, ...]
    min_words: int


@dataclass(frozen=True)
class Rubric:
    title: str
    levels: tuple[tuple[int, str], ...]  # (score, name), best first
    criteria: tuple[Criterion, ...]
    sections: tuple[Section, ...]
    match_order: tuple[str, ...]
    key_message_word_limit: int
    option_aspects: Mapping[str, tuple[str, ...]]
    synthetic_labels: tuple[str, ...]

    @property
    def max_points(self) -> int:
        top = max(score for score, _ in self.levels)
        return sum(c.weight * top for c in self.criteria)

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise RubricError(f"the rubric has no criterion {criterion_id!r}")


def _require(mapping: Any, key: str, where: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise RubricError(f"{where}: missing {key!r}")
    return mapping[key]


def _parse(raw: Any, source: str) -> Rubric:
    if not isinstance(raw, dict):
        raise RubricError(f"{source}: expected a YAML mapping at the top level")
    levels = tuple(
        (int(_require(lv, "score", f"{source}: levels")), str(_require(lv, "name", "levels")))
        for lv in _require(raw, "levels", source)
    )
    scores = {score for score, _ in levels}
    criteria = []
    for item in _require(raw, "criteria", source):
        cid = str(_require(item, "id", f"{source}: criteria"))
        where = f"{source}: criterion {cid!r}"
        descriptors = {int(k): " ".join(str(v).split()) for k, v in
                       _require(item, "descriptors", where).items()}
        if set(descriptors) != scores:
            raise RubricError(f"{where}: descriptors must cover the levels {sorted(scores)}, "
                              f"found {sorted(descriptors)}")
        limit = _require(raw, "key_message_word_limit", source)
        checks = tuple(CheckItem(str(_require(ch, "id", where)),
                                 str(_require(ch, "label", where)).replace("{limit}", str(limit)))
                       for ch in item.get("checks", []))
        criteria.append(Criterion(cid, str(_require(item, "name", where)),
                                  int(_require(item, "weight", where)), descriptors, checks))
    ids = [c.id for c in criteria]
    if len(set(ids)) != len(ids):
        raise RubricError(f"{source}: criterion ids must be unique, found {ids}")
    sections = tuple(
        Section(str(_require(s, "id", f"{source}: sections")), str(_require(s, "heading", source)),
                tuple(str(k).lower() for k in _require(s, "keywords", source)),
                int(s.get("min_words", 1)))
        for s in _require(raw, "sections", source)
    )
    match_order = tuple(raw.get("match_order") or [s.id for s in sections])
    if sorted(match_order) != sorted(s.id for s in sections):
        raise RubricError(f"{source}: match_order must list every section id once")
    return Rubric(
        title=str(_require(raw, "title", source)),
        levels=levels,
        criteria=tuple(criteria),
        sections=sections,
        match_order=match_order,
        key_message_word_limit=int(_require(raw, "key_message_word_limit", source)),
        option_aspects={k: tuple(str(w).lower() for w in v)
                        for k, v in _require(raw, "option_aspects", source).items()},
        synthetic_labels=tuple(str(w).lower() for w in _require(raw, "synthetic_labels", source)),
    )


def load_rubric(path: Path | str = RUBRIC_PATH) -> Rubric:
    """Read and validate a rubric file (the course's own by default)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RubricError(f"rubric file not found: {path}") from None
    except yaml.YAMLError as error:
        raise RubricError(f"{path} is not valid YAML: {error}") from None
    return _parse(raw, path.name)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def rubric_markdown(rubric: Rubric) -> str:
    """The rubric as a Markdown table (criteria × levels) and a line with the total.

    Each row names the criterion and its maximum points; each level's column heading
    gives the level's points per unit of weight.
    """
    header = ["Criterion"] + [f"{name} ({score})" for score, name in rubric.levels]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    top = max(score for score, _ in rubric.levels)
    for c in rubric.criteria:
        points = c.weight * top
        weight = f", score × {c.weight}" if c.weight != 1 else ""
        first = f"**{_cell(c.name)}** (up to {points} points{weight})"
        cells = [first] + [_cell(c.descriptors[score]) for score, _ in rubric.levels]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(f"Total: {rubric.max_points} points.")
    return "\n".join(lines) + "\n"


def self_check_markdown(rubric: Rubric) -> str:
    """The self-check's items as a Markdown list, grouped by criterion."""
    lines = []
    for c in rubric.criteria:
        if c.checks:
            labels = "; ".join(item.label for item in c.checks)
            lines.append(f"- **{c.name}**: {labels}.")
    return "\n".join(lines) + "\n"


def total_points(rubric: Rubric, levels: Mapping[str, int]) -> int:
    """Points for a brief given the level reached on each criterion.

    ``levels`` maps every criterion id to a level score (0 for a part that is absent).
    """
    missing = [c.id for c in rubric.criteria if c.id not in levels]
    unknown = [k for k in levels if k not in {c.id for c in rubric.criteria}]
    if missing or unknown:
        raise RubricError(
            "scores must give one level per criterion"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; not in the rubric: {', '.join(unknown)}" if unknown else "")
        )
    allowed = {0} | {score for score, _ in rubric.levels}
    total = 0
    for c in rubric.criteria:
        level = levels[c.id]
        if level not in allowed:
            raise RubricError(f"criterion {c.id!r}: level {level!r} is not one of "
                              f"{sorted(allowed)}")
        total += level * c.weight
    return total


#: The parts of the book page made from the rubric, each between two MyST comment lines.
PAGE_BLOCKS = ("rubric table", "self-check list")


def page_block(rubric: Rubric, name: str) -> str:
    """One generated block of ``book/capstone/rubric.md``, with its marker lines."""
    body = {"rubric table": rubric_markdown, "self-check list": self_check_markdown}[name](rubric)
    return (f"% BEGIN {name}: generated from emiskit/capstone/rubric.yml by "
            f"`emiskit capstone rubric`\n{body}% END {name}\n")


def find_page_block(text: str, name: str) -> str | None:
    """The block called ``name`` in a page's text, markers included, or None."""
    start = text.find(f"% BEGIN {name}:")
    end_marker = f"% END {name}\n"
    end = text.find(end_marker, start)
    if start < 0 or end < 0:
        return None
    return text[start:end + len(end_marker)]


def scoring_sheet_csv(rubric: Rubric, learners: Sequence[str] = ()) -> str:
    """A blank scoring sheet: one row per learner, a level and a comment per criterion.

    The ``total`` column holds a spreadsheet formula, so the sheet adds itself up in
    LibreOffice, Excel or Google Sheets.
    """
    columns = ["learner"]
    for c in rubric.criteria:
        columns += [f"{c.id} (level 0-4, x{c.weight})", f"{c.id} comment"]
    columns.append(f"total (of {rubric.max_points})")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    rows = list(learners) or [""]
    for number, learner in enumerate(rows, start=2):
        terms = []
        for i, c in enumerate(rubric.criteria):
            col = _column_letter(1 + 2 * i)
            terms.append(f"{col}{number}*{c.weight}")
        writer.writerow([learner] + [""] * (2 * len(rubric.criteria)) + ["=" + "+".join(terms)])
    return out.getvalue()


def _column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based column index (0 → A, 26 → AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name
