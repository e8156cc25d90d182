"""Module 1 answers every guiding question of thematic line 1 (seed 004), and its pages
follow the course's episode template.

Each guiding question is mapped to the chapter section that answers it: the section's label
must exist in the chapter's source, directly above a heading that names the question, with
a few paragraphs of answer under it. When the book has been built, the section must also
be in the built page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from emiskit.paths import course_root

ROOT = course_root()
MODULE = ROOT / "book" / "module1"
CHAPTERS = ("what-is-evidence", "culture-and-change", "access-and-co-production",
            "reading-evidence")
NOTEBOOKS = ("module1-who-uses-evidence", "module1-reading-a-toolkit",
             "module1-question-to-evidence")

# Thematic line 1 of the KIX LAC cycle (seed 004): question -> (chapter, label, words the
# section heading must contain).
GUIDING_QUESTIONS = {
    "What is the role of evidence in the education system, what is it, what is it for and "
    "who uses evidence?": [
        ("what-is-evidence", "m1-q-what-is", ("role of evidence", "what is it")),
        ("what-is-evidence", "m1-q-what-for", ("what is evidence for",)),
        ("what-is-evidence", "m1-q-who-uses", ("who uses evidence",)),
    ],
    "How can institutional change be brought about by a culture of evidence use?": [
        ("culture-and-change", "m1-q-institutional-change",
         ("culture of evidence use", "institutional change")),
    ],
    "Why is it important to support the generation and use of evidence?": [
        ("culture-and-change", "m1-q-why-support", ("generation", "use of evidence")),
    ],
    "How to promote a culture of the use of evidence at all levels of the educational "
    "system (more reflective systems) and the generation of cooperation networks among the "
    "different actors?": [
        ("culture-and-change", "m1-q-all-levels", ("promote", "every level")),
        ("culture-and-change", "m1-q-networks", ("cooperation networks",)),
    ],
    "How to ensure that educational stakeholders have equitable access to relevant and "
    "up-to-date information to inform their decisions?": [
        ("access-and-co-production", "m1-q-equitable-access",
         ("equitable access", "up-to-date information")),
    ],
    "How does a better distribution of knowledge influence institutional capacity for "
    "action?": [
        ("access-and-co-production", "m1-q-distribution",
         ("distribution of knowledge", "institutional capacity")),
    ],
    "What strategies can be implemented to foster the co-production and sharing of "
    "evidence among the different actors in the educational ecosystem?": [
        ("access-and-co-production", "m1-q-co-production",
         ("co-production", "sharing of evidence")),
    ],
}

SUB_THEMES = ("Structures and processes", "Relationships", "Quality and relevance",
              "Culture and mindset", "Skills and capabilities")


def _source(chapter: str) -> str:
    return (MODULE / f"{chapter}.md").read_text(encoding="utf-8")


def _section(text: str, label: str) -> tuple[str, str]:
    """The heading under ``(label)=`` and the text of its section (to the next ## heading)."""
    match = re.search(rf"^\({re.escape(label)}\)=\n(#+) (.+)\n", text, flags=re.M)
    assert match, f"no heading under the label ({label})="
    level, heading = match.group(1), match.group(2)
    rest = text[match.end():]
    end = re.search(rf"^#{{1,{len(level)}}} ", rest, flags=re.M)
    return heading, rest[: end.start()] if end else rest


@pytest.mark.parametrize("question", list(GUIDING_QUESTIONS))
def test_every_guiding_question_has_an_answering_section(question):
    for chapter, label, words in GUIDING_QUESTIONS[question]:
        heading, body = _section(_source(chapter), label)
        for word in words:
            assert word.lower() in heading.lower(), (label, heading, word)
        paragraphs = [p for p in re.split(r"\n\s*\n", body) if len(p.split()) > 25]
        assert len(paragraphs) >= 2, f"section {label} holds too little answer"


def test_the_module_map_lists_every_guiding_question():
    text = _source("what-is-evidence")
    _, about = _section_by_heading(text, "About this module")
    for places in GUIDING_QUESTIONS.values():
        for _, label, _ in places:
            assert f"{{ref}}`{label}`" in about, label
    for theme in SUB_THEMES:
        assert theme in about, theme


def _section_by_heading(text: str, heading: str) -> tuple[str, str]:
    match = re.search(rf"^## {re.escape(heading)}\n", text, flags=re.M)
    assert match, heading
    rest = text[match.end():]
    end = re.search(r"^## ", rest, flags=re.M)
    return heading, rest[: end.start()] if end else rest


def test_every_sub_theme_is_worked_on_in_the_chapters():
    text = "\n".join(_source(c) for c in CHAPTERS)
    for theme in SUB_THEMES:
        assert text.count(theme) + text.count(theme.lower()) >= 2, theme


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_knowledge_checks_are_labelled_and_chapters_cite(chapter):
    # The episode template itself is checked for every chapter in tests/test_episodes.py.
    text = _source(chapter)
    checks = re.findall(r"```\{exercise\}\n:label: (m1-check-[\w-]+)", text)
    assert len(checks) >= 3
    for label in checks:
        assert f"```{{solution}} {label}\n:class: dropdown" in text, label
    assert "```{admonition} Facilitator notes\n:class: facilitator-note dropdown" in text
    assert "{cite:p}" in text


def test_chapters_link_the_notebooks_and_the_graded_exercise():
    text = "\n".join(_source(c) for c in CHAPTERS)
    for notebook in NOTEBOOKS:
        assert f"notebooks/{notebook}" in text, notebook
    assert "exercises/module1-evidence-use.ipynb" in text


def test_fictional_figures_are_labelled():
    for chapter in CHAPTERS:
        text = _source(chapter).lower()
        assert "fictional" in text or "synthetic" in text, chapter


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebooks_open_and_close_as_the_course_requires(notebook):
    nb = json.loads((ROOT / "notebooks" / f"{notebook}.ipynb").read_text(encoding="utf-8"))
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"]
                         if c["cell_type"] == "markdown")
    for heading in ("## Overview", "## Prerequisites", "## Time", "## Summary",
                    "## What's next"):
        assert heading in markdown, heading
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "charts.setup()" in code
    assert "key=(" in code, "no knowledge check"
    assert "answer=" not in code.replace("numeric_answer", ""), "a check shows its answer"
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    with_outputs = [c for c in cells if c.get("outputs")]
    assert len(with_outputs) >= 0.6 * len(cells), "notebooks are committed with their outputs"
    for cell in with_outputs:
        for output in cell["outputs"]:
            assert output["output_type"] != "error"


def _built(chapter: str) -> Path:
    return ROOT / "_build" / "html" / "book" / "module1" / f"{chapter}.html"


@pytest.mark.parametrize("question", list(GUIDING_QUESTIONS))
def test_answering_sections_are_in_the_built_book(question):
    for chapter, label, _ in GUIDING_QUESTIONS[question]:
        page = _built(chapter)
        if not page.exists():
            pytest.skip("the book has not been built with module 1")
        assert f'id="{label}"' in page.read_text(encoding="utf-8"), label
