"""The self-study path reads every page's declared minutes from the real book."""

from __future__ import annotations

import io
import itertools
import json
import random
import re
from pathlib import Path

import pytest
import yaml
from sphinx_external_toc.parsing import parse_toc_yaml

from emiskit.paths import course_root
from emiskit.publishing.editions import FACILITATOR, page_audience, source_file
from emiskit.sphinxext.studypath import (
    Minutes,
    Row,
    StudyPathError,
    assemble_rows,
    chapter_minutes,
    format_duration,
    notebook_minutes,
    page_minutes,
    parts_from_site_map,
    plan,
    study_units,
    totals,
)

ROOT = course_root()
CHAPTERS = sorted((ROOT / "book").glob("module*/*.md"))


def _source(root: Path):
    def source_of(docname: str) -> Path:
        path = source_file(root, docname)
        assert path is not None, docname
        return path

    return source_of


@pytest.fixture(scope="module")
def real_rows() -> list[Row]:
    parts = parts_from_site_map(parse_toc_yaml(str(ROOT / "_toc.yml")), ("Module", "Graded"))
    rows, missing = assemble_rows(parts, _source(ROOT))
    assert missing == [], f"pages in the study path without declared minutes: {missing}"
    return rows


# --- the real chapters and notebooks --------------------------------------------------


def test_there_are_chapters_to_check():
    assert len(CHAPTERS) >= 10


def test_every_module_chapter_and_notebook_of_the_toc_is_on_the_path(real_rows):
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    listed = [
        chapter["file"]
        for part in toc["parts"]
        if part["caption"].startswith(("Module", "Graded"))
        for chapter in part["chapters"]
    ]
    on_path = {row.docname for row in real_rows}
    assert listed and set(listed) == on_path


def test_notebook_rows_carry_the_minutes_the_notebook_declares(real_rows):
    for row in (r for r in real_rows if r.kind == "notebook"):
        notebook = json.loads(source_file(ROOT, row.docname).read_text(encoding="utf-8"))
        opening = "".join(notebook["cells"][0]["source"])
        numbers = [int(n) for n in re.findall(r"(\d+)\s*min", opening)]
        assert numbers, row.docname
        assert row.teaching == 0
        assert row.exercises in (numbers[0], numbers[0] + (numbers[1] if len(numbers) > 1 else 0))


def test_totals_add_up(real_rows):
    sums = totals(real_rows)
    assert list(sums) == list(dict.fromkeys(row.part for row in real_rows))
    for part, (teaching, exercises) in sums.items():
        counted = [r for r in real_rows if r.part == part and r.counted]
        assert teaching == sum(r.teaching for r in counted)
        assert exercises == sum(r.exercises for r in counted)
    every = sum(r.minutes for r in real_rows if r.counted)
    assert every == sum(t + e for t, e in sums.values())


def test_a_notebook_is_not_counted_twice_when_its_chapter_already_counts_it(real_rows):
    for i, row in enumerate(real_rows):
        if row.kind != "notebook":
            continue
        before = [r for r in real_rows[:i] if r.part == row.part and r.kind == "chapter"]
        chapter = page_minutes(source_file(ROOT, before[-1].docname)) if before else None
        assert row.counted == (chapter is None or not chapter.covers_notebooks), row.docname


def test_a_plan_of_the_real_path_keeps_every_page_once_and_in_order(real_rows):
    modules = [r for r in real_rows if r.part.startswith("Module")]
    weeks = plan(study_units(modules), 10)
    assert len(weeks) == 10
    assert [r for week in weeks for unit in week for r in unit] == modules


# --- parsing rules on small examples --------------------------------------------------

EPISODE = """---
episode:
  questions: ["Why?"]
  objectives: [say why]
  teaching_minutes: {teaching}
  exercise_minutes: {exercises}
{note}  prerequisites: None.
---

# A chapter

Text.
"""


def test_chapter_minutes_reads_teaching_exercises_and_whether_they_cover_the_notebook():
    text = EPISODE.format(teaching=30, exercises=50, note="  exercise_note: the notebook\n")
    assert chapter_minutes(text) == Minutes(30, 50, covers_notebooks=True)
    text = EPISODE.format(teaching=35, exercises=50, note="")
    assert chapter_minutes(text) == Minutes(35, 50, covers_notebooks=False)


def test_chapter_minutes_reads_only_the_episode_front_matter():
    assert chapter_minutes("# A chapter\n\n**Time.** Teaching: 30 minutes. "
                           "Exercises: 50 minutes.\n") is None
    assert chapter_minutes("---\naudience: participant\n---\n# A chapter\n") is None
    with pytest.raises(StudyPathError, match="teaching_minutes"):
        chapter_minutes(EPISODE.format(teaching="half an hour", exercises=50, note=""))


def _notebook(*markdown: str, code_first: bool = False) -> dict:
    cells = [{"cell_type": "markdown", "source": text} for text in markdown]
    code = {"cell_type": "code", "source": "1 + 1", "outputs": []}
    return {"cells": [code, *cells] if code_first else [*cells, code]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# T\n\n## Time\n\nAbout 40 minutes, plus 10 minutes for the questions.\n", 50),
        ("# T\n\n## Time\n\nAbout 30 minutes alone, or 60 minutes as a group.\n", 30),
        ("# T\n\n**Time:** 5 minutes. **You need:** nothing.\n", 5),
        ("# T\n\n| | |\n|---|---|\n| **Time** | about 45 minutes |\n| **Questions** | 6 |\n", 45),
        ("# T\n\nNo time here, only 12 minutes of fame.\n", None),
    ],
)
def test_notebook_minutes_reads_the_three_ways_notebooks_state_their_time(text, expected):
    assert notebook_minutes(_notebook(text)) == expected


def test_notebook_minutes_only_reads_the_opening_before_the_first_code_cell():
    assert notebook_minutes(_notebook("**Time:** 5 minutes.", code_first=True)) is None


def test_a_page_without_minutes_is_reported_and_a_facilitator_page_is_left_out(tmp_path):
    timed = EPISODE.format(teaching=10, exercises=5, note="")
    (tmp_path / "a.md").write_text(timed)
    (tmp_path / "b.md").write_text("# B\n\nNo time.\n")
    (tmp_path / "plan.md").write_text("---\naudience: facilitator\n---\n# Plan\n\nNo time.\n")
    rows, missing = assemble_rows([("Module 1", ["a", "b", "plan"])], _source(tmp_path))
    assert [r.docname for r in rows] == ["a"]
    assert missing == ["b"]


def test_an_unreadable_notebook_gets_a_clear_error(tmp_path):
    (tmp_path / "broken.ipynb").write_text("{not json")
    with pytest.raises(StudyPathError, match=r"broken\.ipynb is not a readable notebook"):
        page_minutes(tmp_path / "broken.ipynb")


# --- plans -------------------------------------------------------------------------------


def _units(loads: list[int]) -> list[list[Row]]:
    return [[Row("M", f"p{i}", "chapter", load, 0, True)] for i, load in enumerate(loads)]


def _busiest(groups) -> int:
    return max(sum(r.minutes for unit in group for r in unit) for group in groups)


def test_plan_finds_the_lightest_busiest_week_that_keeps_the_order():
    rng = random.Random(4)
    for _ in range(30):
        loads = [rng.randint(10, 120) for _ in range(rng.randint(3, 9))]
        weeks = rng.randint(1, len(loads))
        groups = plan(_units(loads), weeks)
        assert len(groups) == weeks and all(groups)
        assert [u[0].teaching for g in groups for u in g] == loads
        brute = min(
            max(sum(loads[a:b]) for a, b in itertools.pairwise((0, *cuts, len(loads))))
            for cuts in itertools.combinations(range(1, len(loads)), weeks - 1)
        )
        assert _busiest(groups) == brute


def test_plan_refuses_more_weeks_than_pages():
    with pytest.raises(StudyPathError, match="choose fewer weeks"):
        plan(_units([30, 40]), 3)
    with pytest.raises(StudyPathError, match="at least one week"):
        plan(_units([30]), 0)


def test_study_units_keep_a_chapter_with_the_notebooks_it_counts():
    rows = [
        Row("M", "c1", "chapter", 30, 50, True),
        Row("M", "n1", "notebook", 0, 50, False),
        Row("M", "c2", "chapter", 30, 20, True),
        Row("M", "n2", "notebook", 0, 40, True),
    ]
    assert [[r.docname for r in u] for u in study_units(rows)] == [["c1", "n1"], ["c2"], ["n2"]]


@pytest.mark.parametrize(("minutes", "text"), [(45, "45 min"), (120, "2 h"), (160, "2 h 40 min")])
def test_format_duration(minutes, text):
    assert format_duration(minutes) == text


# --- the directives in a real (tiny) Sphinx build -------------------------------------------


def _tiny_book(tmp_path: Path, pages: dict[str, str], directive: str) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx_external_toc', 'emiskit.sphinxext.studypath',\n"
        "              'emiskit.sphinxext.episode']\n"
        "external_toc_path = '_toc.yml'\n"
    )
    chapters = "\n".join(f"      - file: {name}" for name in pages)
    (src / "_toc.yml").write_text(
        f"format: jb-book\nroot: index\nparts:\n  - caption: 'Module 1: Test'\n"
        f"    chapters:\n{chapters}\n"
    )
    (src / "index.md").write_text(f"# Study on your own\n\n{directive}\n")
    for name, text in pages.items():
        (src / f"{name}.md").write_text(text)
    return src


def _build(src: Path) -> tuple[str, str]:
    from sphinx.application import Sphinx

    warnings = io.StringIO()
    out = src.parent / "html"
    app = Sphinx(str(src), str(src), str(out), str(src.parent / "doctrees"), "html",
                 status=None, warning=warnings, freshenv=True)
    app.build()
    return (out / "index.html").read_text(encoding="utf-8"), warnings.getvalue()


def test_the_directives_render_linked_titles_and_totals(tmp_path):
    pages = {
        "one": EPISODE.replace("# A chapter", "# First steps").format(
            teaching=30, exercises=20, note=""),
        "two": EPISODE.replace("# A chapter", "# Second steps").format(
            teaching=25, exercises=40, note=""),
    }
    directive = "```{study-path}\n```\n\n```{study-plan}\n:weeks: 2\n```\n"
    html, warnings = _build(_tiny_book(tmp_path, pages, directive))
    assert "WARNING" not in warnings, warnings
    assert re.search(r'<a class="reference internal" href="one.html">First steps</a>', html)
    assert "Total: 1 h 55 min" in html
    assert "Week 2" in html and "1 h 5 min" in html
    first = (tmp_path / "html" / "one.html").read_text(encoding="utf-8")
    assert "episode-overview" in first and "Teaching: 30 minutes. Exercises: 20 minutes." in first


def test_a_page_without_minutes_makes_a_warning_that_names_it(tmp_path):
    pages = {"one": EPISODE.format(teaching=30, exercises=20, note=""),
             "untimed": "# Untimed\n\nNo minutes here.\n"}
    _, warnings = _build(_tiny_book(tmp_path, pages, "```{study-path}\n```\n"))
    assert "the page untimed (untimed.md) is in the study path but declares no minutes" in warnings


def test_the_real_facilitator_pages_are_never_on_the_path():
    parts = parts_from_site_map(parse_toc_yaml(str(ROOT / "_toc.yml")), ("",))
    facilitator_only = {
        page for _, pages in parts for page in pages
        if page_audience(source_file(ROOT, page)) == FACILITATOR
    }
    rows, missing = assemble_rows(parts, _source(ROOT))
    assert facilitator_only, "the book has facilitator pages to leave out"
    assert facilitator_only.isdisjoint({r.docname for r in rows} | set(missing))
