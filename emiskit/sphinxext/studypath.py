"""The self-study path: a table of every page with its minutes, and weekly plans, from the book.

Each chapter states its time in its episode front matter (``teaching_minutes``,
``exercise_minutes`` and, when that time is spent in the notebooks, ``exercise_note: the
notebook``; see :mod:`emiskit.episodes`, which also draws the "At a glance" block from it),
each notebook in its ``episode`` metadata or its opening cell (a ``## Time`` section, a
``**Time:** 5 minutes`` line, or a ``| **Time** | about 45 minutes |`` row). Typing those
minutes again on the study page would let the two drift apart, so this extension reads
them from the pages the table of contents lists, at build time:

````md
```{study-path}
:parts: Module
```

```{study-plan}
:parts: Module
:weeks: 10
```
````

``:parts:`` keeps the parts of the table of contents whose caption starts with one of
the comma-separated prefixes (default ``Module``). A listed page that declares no minutes
is reported as a warning naming it (an error under ``-W``); facilitator-only pages
(``audience: facilitator``) are left out. When a chapter's exercise time says it is spent
in the notebook(s) (``Exercises: 50 minutes (the notebook)``), the notebooks that follow
it are shown with their own time in brackets and not added a second time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from emiskit.episodes import Episode, EpisodeError, front_matter, parse_episode, read_episode
from emiskit.publishing.editions import FACILITATOR, page_audience

__all__ = [
    "Minutes",
    "Row",
    "StudyPathError",
    "assemble_rows",
    "chapter_minutes",
    "format_duration",
    "notebook_minutes",
    "page_minutes",
    "parts_from_site_map",
    "plan",
    "study_units",
    "totals",
]

logger = logging.getLogger(__name__)

DEFAULT_PARTS = ("Module",)

# Notebook openings: "## Time" + paragraph, "**Time:** 5 minutes", "| **Time** | about 45 |".
_NB_SECTION = re.compile(r"^#{2,6}\s*Time\s*\n\s*\n(?P<text>.+?)(?:\n\s*\n|\Z)", re.M | re.S)
_NB_INLINE = re.compile(r"\*\*Time:?\*\*:?\s*(?P<text>[^|\n]+)")
_NB_TABLE = re.compile(r"^\|\s*\*\*Time\*\*\s*\|(?P<text>[^|\n]+)\|", re.M)
_FIRST_MINUTES = re.compile(r"(\d+)\s*min")
_PLUS_MINUTES = re.compile(r"\bplus\s+(\d+)\s*min", re.I)


class StudyPathError(ValueError):
    """The study path cannot be assembled; the message says what to change."""


@dataclass(frozen=True)
class Minutes:
    """What one page declares: teaching and exercise minutes.

    ``covers_notebooks`` is true when a chapter says its exercise time is spent in its
    notebooks, so that they are not counted twice.
    """

    teaching: int
    exercises: int
    covers_notebooks: bool = False


@dataclass(frozen=True)
class Row:
    """One page of the path, in reading order."""

    part: str
    docname: str
    kind: str  # "chapter" or "notebook"
    teaching: int
    exercises: int
    counted: bool  # False: its time is already inside the chapter above it

    @property
    def minutes(self) -> int:
        return self.teaching + self.exercises


def _episode_minutes(episode: Episode | None) -> Minutes | None:
    if episode is None:
        return None
    return Minutes(episode.teaching_minutes, episode.exercise_minutes, episode.covers_notebooks)


def chapter_minutes(text: str) -> Minutes | None:
    """Minutes a MyST chapter declares in its episode front matter, or None if it declares none.

    Raises :class:`StudyPathError` when the front matter is there but malformed.
    """
    try:
        return _episode_minutes(parse_episode(front_matter(text)))
    except (EpisodeError, yaml.YAMLError) as error:
        raise StudyPathError(str(error)) from error


def _time_statement(markdown: str) -> str | None:
    for pattern in (_NB_SECTION, _NB_TABLE, _NB_INLINE):
        match = pattern.search(markdown)
        if match:
            return " ".join(match.group("text").split())
    return None


def notebook_minutes(notebook: dict[str, Any]) -> int | None:
    """Minutes a notebook declares in its opening text cells (before the first code cell).

    "About 40 minutes, plus 10 minutes for the questions" counts 50; of alternatives
    ("30 minutes alone, or 60 minutes as a group") the first, the self-study one, counts.
    """
    opening = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            break
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            opening.append(source if isinstance(source, str) else "".join(source))
    statement = _time_statement("\n\n".join(opening))
    if statement is None:
        return None
    first = _FIRST_MINUTES.search(statement)
    if first is None:
        return None
    return int(first.group(1)) + sum(int(m) for m in _PLUS_MINUTES.findall(statement))


def page_minutes(path: Path) -> Minutes | None:
    """Minutes declared by a chapter (``.md``) or a notebook (``.ipynb``; all exercise time).

    Both are read from the episode front matter (:mod:`emiskit.episodes`); a notebook with
    no ``episode`` metadata yet falls back to the time stated in its opening cells.
    """
    try:
        episode = read_episode(path)
    except (EpisodeError, yaml.YAMLError) as error:
        raise StudyPathError(str(error)) from error
    if path.suffix != ".ipynb":
        return _episode_minutes(episode)
    if episode is not None:
        return Minutes(0, episode.teaching_minutes + episode.exercise_minutes)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    minutes = notebook_minutes(notebook)
    return None if minutes is None else Minutes(0, minutes)


def _descendants(site_map: Any, docname: str) -> Iterable[str]:
    yield docname
    document = site_map.get(docname)
    for tree in getattr(document, "subtrees", []):
        for child in tree.files():
            yield from _descendants(site_map, child)


def parts_from_site_map(
    site_map: Any, prefixes: Sequence[str] = DEFAULT_PARTS
) -> list[tuple[str, list[str]]]:
    """The parts (caption, pages in reading order, sections included) whose caption matches.

    ``site_map`` is sphinx-external-toc's ``SiteMap`` (``app.config.external_site_map``).
    """
    parts = []
    for tree in site_map.root.subtrees:
        caption = tree.caption or ""
        if any(caption.startswith(prefix) for prefix in prefixes):
            pages = [page for top in tree.files() for page in _descendants(site_map, top)]
            parts.append((caption, pages))
    return parts


def assemble_rows(
    parts: Sequence[tuple[str, Sequence[str]]],
    source_of: Callable[[str], Path],
) -> tuple[list[Row], list[str]]:
    """Rows of the path, and the pages that declare no minutes.

    Facilitator-only pages are skipped. A notebook whose time the chapter above it (in the
    same part) already counts gets ``counted=False``.
    """
    rows: list[Row] = []
    missing: list[str] = []
    for caption, pages in parts:
        covering = False
        for docname in pages:
            path = source_of(docname)
            if page_audience(path) == FACILITATOR:
                continue
            minutes = page_minutes(path)
            if minutes is None:
                missing.append(docname)
                continue
            if path.suffix == ".ipynb":
                rows.append(
                    Row(caption, docname, "notebook", 0, minutes.exercises, not covering)
                )
            else:
                covering = minutes.covers_notebooks
                rows.append(
                    Row(caption, docname, "chapter", minutes.teaching, minutes.exercises, True)
                )
    return rows, missing


def totals(rows: Iterable[Row]) -> dict[str, tuple[int, int]]:
    """Teaching and exercise minutes per part (counted rows only), in reading order."""
    result: dict[str, tuple[int, int]] = {}
    for row in rows:
        teaching, exercises = result.get(row.part, (0, 0))
        if row.counted:
            teaching, exercises = teaching + row.teaching, exercises + row.exercises
        result[row.part] = (teaching, exercises)
    return result


def study_units(rows: Sequence[Row]) -> list[list[Row]]:
    """Group rows into units to study in one sitting: a chapter with the notebooks it covers."""
    units: list[list[Row]] = []
    for row in rows:
        if row.counted or not units:
            units.append([row])
        else:
            units[-1].append(row)
    return units


def plan(units: Sequence[Sequence[Row]], weeks: int) -> list[list[Sequence[Row]]]:
    """Split the units, in order, into ``weeks`` consecutive groups; the busiest is lightest."""
    if weeks < 1:
        raise StudyPathError(f"A plan needs at least one week (got {weeks}).")
    if weeks > len(units):
        raise StudyPathError(
            f"A plan of {weeks} weeks needs at least {weeks} chapters or notebooks to share "
            f"out, but the path has {len(units)}: choose fewer weeks."
        )
    load = [sum(r.minutes for r in unit if r.counted) for unit in units]
    prefix = [0]
    for minutes in load:
        prefix.append(prefix[-1] + minutes)
    n = len(units)
    inf = float("inf")
    # best[k][i]: the lightest busiest week when the first i units fill k weeks.
    best = [[inf] * (n + 1) for _ in range(weeks + 1)]
    cut = [[0] * (n + 1) for _ in range(weeks + 1)]
    best[0][0] = 0
    for k in range(1, weeks + 1):
        for i in range(k, n + 1):
            for j in range(k - 1, i):
                candidate = max(best[k - 1][j], prefix[i] - prefix[j])
                if candidate < best[k][i]:
                    best[k][i], cut[k][i] = candidate, j
    groups: list[list[Sequence[Row]]] = []
    i = n
    for k in range(weeks, 0, -1):
        j = cut[k][i]
        groups.append(list(units[j:i]))
        i = j
    return groups[::-1]


def format_duration(minutes: int) -> str:
    """Minutes as a reader says them: ``45 min``, ``2 h``, ``2 h 40 min``."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


# --- Sphinx layer --------------------------------------------------------------------


class study_path_node(nodes.General, nodes.Element):
    """Placeholder, replaced by a table once every page's title is known."""


def _prefixes(argument: str | None) -> tuple[str, ...]:
    if not argument:
        return DEFAULT_PARTS
    return tuple(p.strip() for p in argument.split(",") if p.strip())


class _StudyDirective(SphinxDirective):
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"parts": directives.unchanged}

    def rows(self) -> list[Row] | None:
        env = self.env
        site_map = getattr(env.config, "external_site_map", None)
        if site_map is None:
            logger.warning(
                f"{self.name}: the book has no external table of contents (_toc.yml read "
                "by sphinx-external-toc); build it with Jupyter Book.",
                location=self.get_location(),
            )
            return None
        env.note_dependency(str(Path(env.srcdir, env.config.external_toc_path)))
        prefixes = _prefixes(self.options.get("parts"))
        parts = parts_from_site_map(site_map, prefixes)
        if not parts:
            logger.warning(
                f"{self.name}: no part of the table of contents has a caption starting with "
                f"{' or '.join(repr(p) for p in prefixes)}; check the :parts: option.",
                location=self.get_location(),
            )
            return None

        def source_of(docname: str) -> Path:
            path = Path(env.doc2path(docname))
            env.note_dependency(str(path))
            return path

        try:
            rows, missing = assemble_rows(parts, source_of)
        except (StudyPathError, OSError) as error:
            logger.warning(f"{self.name}: {error}", location=self.get_location())
            return None
        for docname in missing:
            logger.warning(
                f"{self.name}: the page {docname} ({env.doc2path(docname, False)}) is in the "
                "study path but declares no minutes. A chapter needs 'teaching_minutes' and "
                "'exercise_minutes' in its 'episode' front matter; a notebook the same in "
                "its 'episode' metadata, or a '## Time' section (or '**Time:** N minutes') "
                "in its opening cell.",
                location=self.get_location(),
            )
        return rows


class StudyPathDirective(_StudyDirective):
    """``{study-path}``: a table of the pages with their teaching and exercise minutes."""

    def run(self) -> list[nodes.Node]:
        rows = self.rows()
        if rows is None:
            return []
        return [study_path_node(kind="path", rows=rows)]


class StudyPlanDirective(_StudyDirective):
    """``{study-plan}``: the same pages shared out over ``:weeks:`` consecutive weeks."""

    option_spec: ClassVar[dict[str, Any]] = {
        "parts": directives.unchanged,
        "weeks": directives.positive_int,
        "unit": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        weeks = self.options.get("weeks")
        if weeks is None:
            logger.warning(
                f"{self.name}: say how many weeks to plan for, e.g. ':weeks: 10'.",
                location=self.get_location(),
            )
            return []
        rows = self.rows()
        if rows is None:
            return []
        try:
            groups = plan(study_units(rows), weeks)
        except StudyPathError as error:
            logger.warning(f"{self.name}: {error}", location=self.get_location())
            return []
        return [study_path_node(kind="plan", groups=groups, unit=self.options.get("unit", "Week"))]


def _table(header: Sequence[str], body: Sequence[Sequence[nodes.Node | str]]) -> nodes.table:
    table = nodes.table(classes=["study-path"])
    group = nodes.tgroup(cols=len(header))
    table += group
    for _ in header:
        group += nodes.colspec(colwidth=1)
    thead, tbody = nodes.thead(), nodes.tbody()
    group += thead
    group += tbody
    for target, cells in ((thead, [header]), (tbody, body)):
        for cells_of_row in cells:
            row = nodes.row()
            for cell in cells_of_row:
                entry = nodes.entry()
                entry += cell if isinstance(cell, nodes.Node) else nodes.paragraph(text=cell)
                row += entry
            target += row
    return table


def _strong(text: str) -> nodes.paragraph:
    para = nodes.paragraph()
    para += nodes.strong(text=text)
    return para


def _link(app: Sphinx, fromdocname: str, row: Row) -> nodes.paragraph:
    title_node = app.env.titles.get(row.docname)
    title = title_node.astext() if title_node is not None else row.docname
    para = nodes.paragraph()
    reference = nodes.reference("", "", internal=True)
    reference["refuri"] = app.builder.get_relative_uri(fromdocname, row.docname)
    reference += nodes.Text(title)
    para += reference
    if row.kind == "notebook":
        para += nodes.Text(" (notebook)")
    return para


def _path_table(app: Sphinx, fromdocname: str, rows: Sequence[Row]) -> nodes.Node:
    body: list[list[nodes.Node | str]] = []
    sums = totals(rows)
    for part, (teaching, exercises) in sums.items():
        first = True
        for row in (r for r in rows if r.part == part):
            exercises_cell = str(row.exercises) if row.counted else f"({row.exercises})"
            teaching_cell = str(row.teaching) if row.kind == "chapter" else "–"
            body.append([part if first else "", _link(app, fromdocname, row), teaching_cell,
                         exercises_cell])
            first = False
        body.append(["", _strong(f"Total: {format_duration(teaching + exercises)}"),
                     _strong(str(teaching)), _strong(str(exercises))])
    if len(sums) > 1:
        teaching = sum(t for t, _ in sums.values())
        exercises = sum(e for _, e in sums.values())
        body.append([_strong("All"), _strong(f"Total: {format_duration(teaching + exercises)}"),
                     _strong(str(teaching)), _strong(str(exercises))])
    return _table(("Part", "Page", "Teaching (min)", "Exercises (min)"), body)


def _plan_table(
    app: Sphinx, fromdocname: str, groups: Sequence[Sequence[Sequence[Row]]], unit: str
) -> nodes.Node:
    body: list[list[nodes.Node | str]] = []
    for number, group in enumerate(groups, start=1):
        pages = nodes.bullet_list()
        for row in (r for unit_rows in group for r in unit_rows):
            item = nodes.list_item()
            item += _link(app, fromdocname, row)
            pages += item
        minutes = sum(r.minutes for unit_rows in group for r in unit_rows if r.counted)
        body.append([f"{unit} {number}", pages, format_duration(minutes)])
    return _table((unit, "Pages", "Time"), body)


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    for node in list(doctree.findall(study_path_node)):
        if node["kind"] == "path":
            node.replace_self(_path_table(app, fromdocname, node["rows"]))
        else:
            node.replace_self(_plan_table(app, fromdocname, node["groups"], node["unit"]))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(study_path_node)
    app.add_directive("study-path", StudyPathDirective)
    app.add_directive("study-plan", StudyPlanDirective)
    app.connect("doctree-resolved", _on_doctree_resolved)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
