"""Module 3 follows the course's templates: episode chapters, notebooks that open and close
the same way, a session plan whose minutes add up, and an answer sheet kept out of
learners' pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from emiskit.facilitation.agenda import check_agenda, read_page

CHAPTERS = sorted((Path(__file__).resolve().parent.parent / "book" / "module3").glob("*.md"))
NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("module3-*.ipynb"))
SESSION_PLAN = Path("book") / "facilitators" / "module3-session-plan.md"
PLANTED = "census-raw-planted-problems.md"


def test_module_has_its_chapters_and_notebooks() -> None:
    assert len(CHAPTERS) >= 8
    assert len(NOTEBOOKS) == 7


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_the_module_sections(chapter: Path) -> None:
    # The episode template itself is checked for every chapter in tests/test_episodes.py.
    text = chapter.read_text(encoding="utf-8")
    for heading in ("## Key points", "## Check your understanding", "## Practise, then move on"):
        assert heading in text, f"{chapter.name} lacks {heading!r}"
    assert ":class: facilitator-note dropdown" in text, f"{chapter.name}: no facilitator notes"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_learner_pages_do_not_copy_the_answer_sheet(chapter: Path) -> None:
    text = chapter.read_text(encoding="utf-8")
    assert "{include}" not in text
    assert "0401001" not in text and "0101935" not in text  # schools named in the sheet


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_opens_and_closes_as_the_course_does(notebook: Path) -> None:
    markdown = "\n".join(_source(c) for c in _cells(notebook) if c["cell_type"] == "markdown")
    for heading in ("## Overview", "## Prerequisites", "## Time", "## Summary", "## What's next"):
        assert heading in markdown, f"{notebook.name} lacks {heading!r}"
    assert markdown.index("## Overview") < markdown.index("## Summary")
    assert "fictional" in markdown, f"{notebook.name} does not say the data are fictional"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_with_outputs_and_sets_up_charts(notebook: Path) -> None:
    code = [c for c in _cells(notebook) if c["cell_type"] == "code"]
    assert "charts.setup()" in _source(code[0]) or any(
        "charts.setup()" in _source(c) for c in code[:3])
    assert all(c.get("outputs") is not None for c in code)
    assert any(c.get("outputs") for c in code), f"{notebook.name} was saved without outputs"
    for cell in code:
        text = _source(cell)
        if "alt.Chart(" in text:
            assert "description=" in text, f"{notebook.name}: a chart has no description"
            assert "title" in text, f"{notebook.name}: a chart has no title"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_has_a_knowledge_check_or_self_assessment(notebook: Path) -> None:
    text = "\n".join(_source(c) for c in _cells(notebook) if c["cell_type"] == "code")
    assert re.search(r"single_choice\(|multiple_choice\(|numeric_answer\(|SelfAssessment\(",
                     text) or notebook.stem.endswith("national-scale")


def test_session_plan_minutes_add_up(root: Path) -> None:
    agendas = read_page(root / SESSION_PLAN, SESSION_PLAN.name)
    assert {agenda.name for agenda in agendas} >= {"Webinar", "Workshop"}
    for agenda in agendas:
        assert agenda.footer_total == agenda.total, f"{agenda.name}: no or a different total"
        assert agenda.minutes == agenda.total, f"{agenda.name}: minutes do not add up"
        assert check_agenda(agenda) == []


def test_session_plan_is_for_facilitators_and_shows_the_answer_sheet(root: Path) -> None:
    text = (root / SESSION_PLAN).read_text(encoding="utf-8")
    front = text.split("---")[1]
    assert re.search(r"^audience:\s*facilitator\s*$", front, flags=re.M)
    for part in ("## Goals", "## Materials to prepare", "## Group activities",
                 "## Discussion prompts", "**In person.**", "**Online.**", "**Hybrid.**"):
        assert part in text, part
    include = re.search(r"```\{include\} (\S+)", text)
    assert include and include.group(1).endswith(PLANTED)
    assert (root / SESSION_PLAN).parent.joinpath(include.group(1)).resolve() == (
        root / "facilitator" / PLANTED).resolve()
