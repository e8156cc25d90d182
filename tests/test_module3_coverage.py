"""Module 3 answers every guiding question of thematic line 3 of the KIX LAC cycle (seed 004).

Each guiding question, and each sub-theme of the line, is mapped to the chapter section
that answers it. The test checks that the section exists in the chapter's source, that
it says something (not an empty heading), that it mentions the words a reader would look
for, and — when the book has been built — that the heading reached the published page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CHAPTERS = Path("book") / "module3"

#: Guiding question (as in seed 004) → (chapter file, section heading, words the section uses).
GUIDING_QUESTIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "What is the purpose of data systems and EMIS?": (
        "purpose-of-emis.md",
        "What is the purpose of data systems and an EMIS?",
        ("decisions", "equity", "school census"),
    ),
    "What are the current challenges in the implementation and effective use of these "
    "systems in the region?": (
        "purpose-of-emis.md",
        "What are the current challenges in implementing and using these systems in the "
        "region?",
        ("coverage", "quality", "Google Spreadsheets", "comparab"),
    ),
    "How to increase the interest and sense of need for EMIS systems by the different "
    "actors of the educational system?": (
        "demand-and-capacity.md",
        "How to increase the interest in, and sense of need for, EMIS among actors?",
        ("users", "report card", "decisions"),
    ),
    "How to strengthen the capacities of the actors involved in the development and use "
    "of data systems?": (
        "demand-and-capacity.md",
        "How to strengthen the capacities of actors who develop and use data systems?",
        ("district officers", "routines", "turnover"),
    ),
    "What are the best practices for managing educational programs and institutions "
    "through data systems?": (
        "early-warning.md",
        "What are the best practices for managing programmes and schools through data "
        "systems?",
        ("indicators", "routine", "Evaluate"),
    ),
    "How to reduce the gap between data production and data use in educational "
    "management?": (
        "closing-the-gap.md",
        "How to reduce the gap between data production and data use in educational "
        "management?",
        ("users", "meetings", "schools"),
    ),
    "How and why is it relevant to integrate data from different sectors (e.g. poverty, "
    "health) with data from the education sector (e.g. infrastructure, costs)?": (
        "joining-sectors.md",
        "How and why is it relevant to integrate data from different sectors?",
        ("poverty", "health", "infrastructure", "costs", "codes"),
    ),
    "How to develop EMIS systems that work in a sustainable way?": (
        "sustainable-emis.md",
        "How to develop EMIS that work in a sustainable way?",
        ("mandate", "budget", "open source"),
    ),
}

#: Sub-themes of thematic line 3 → (chapter file, section heading, words the section uses).
SUB_THEMES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "Availability and use of data": (
        "purpose-of-emis.md",
        "What are the current challenges in implementing and using these systems in the "
        "region?",
        ("Availability", "Use"),
    ),
    "Financing for systems": ("sustainable-emis.md", "Financing", ("recurrent", "budget")),
    "Policies and institutional organization for the use of data in education": (
        "sustainable-emis.md", "Policies and institutional organisation",
        ("mandate", "governance")),
    "International cooperation and knowledge sharing for EMIS": (
        "sustainable-emis.md", "International cooperation and knowledge sharing",
        ("OpenEMIS", "DHIS2", "South-South")),
    "Past and future challenges of EMIS": (
        "purpose-of-emis.md", "Past and future challenges", ("past", "future")),
    "Optimization of existing systems": (
        "sustainable-emis.md", "Past and future challenges; optimising existing systems",
        ("optimised", "shared school code")),
    "Integrated solutions and technological innovations": (
        "sustainable-emis.md", "Integrated solutions and technological innovations",
        ("Interoperability", "DuckDB", "Offline-first")),
}


def _sections(text: str) -> dict[str, str]:
    """Heading text → the section's text up to the next heading of the same or higher
    level (code blocks are skipped when looking for headings)."""
    lines = text.splitlines()
    headings: list[tuple[int, int, str]] = []
    fence = False
    for number, line in enumerate(lines):
        if line.startswith("```"):
            fence = not fence
            continue
        match = re.match(r"^(#{1,6})\s+(.*?)\s*$", line)
        if match and not fence:
            headings.append((number, len(match.group(1)), match.group(2)))
    out = {}
    for i, (start, level, title) in enumerate(headings):
        end = next((n for n, lv, _ in headings[i + 1:] if lv <= level), len(lines))
        out[title] = "\n".join(lines[start + 1:end])
    return out


ALL = {**GUIDING_QUESTIONS, **SUB_THEMES}


@pytest.mark.parametrize("question", list(ALL), ids=lambda q: q[:50])
def test_question_has_an_answering_section(root: Path, question: str) -> None:
    chapter, heading, words = ALL[question]
    path = root / CHAPTERS / chapter
    assert path.exists(), f"{chapter} is missing"
    sections = _sections(path.read_text(encoding="utf-8"))
    assert heading in sections, f"{chapter} has no section {heading!r} for {question!r}"
    body = " ".join(sections[heading].split())  # line breaks do not split phrases
    assert len(body.split()) >= 80, f"the section {heading!r} is too short to answer it"
    for word in words:
        assert word.lower() in body.lower(), f"the section {heading!r} never mentions {word!r}"


def test_every_guiding_question_of_line_3_is_mapped() -> None:
    assert len(GUIDING_QUESTIONS) == 8
    assert len(SUB_THEMES) == 7


@pytest.mark.parametrize("question", list(GUIDING_QUESTIONS), ids=lambda q: q[:50])
def test_answer_reaches_the_built_book(root: Path, question: str) -> None:
    chapter, heading, _ = GUIDING_QUESTIONS[question]
    page = root / "_build" / "html" / "book" / "module3" / chapter.replace(".md", ".html")
    if not page.exists():
        pytest.skip("the book has not been built")
    html = page.read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html).replace("&#8217;", "'").replace("&amp;", "&")
    assert heading in text, f"{heading!r} is not on the built page {page.name}"
