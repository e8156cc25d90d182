"""Module 2 answers every guiding question of thematic line 2 (seed 004), works through its
sub-themes, and its pages follow the course's episode and notebook templates.

Each guiding question is mapped to the chapter section that answers it: the section's label
must exist in the chapter's source, directly above a heading that names the question, with
several paragraphs (or a table) of answer under it. When the book has been built, the
section must also be in the built page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from emiskit.paths import course_root

ROOT = course_root()
MODULE = ROOT / "book" / "module2"
CHAPTERS = ("assessment-systems", "reading-results", "learning-loss", "learning-gaps",
            "inclusive-assessment", "programme-evaluation", "monitoring-frameworks",
            "using-evidence")
NOTEBOOKS = ("module2-assessment-results", "module2-learning-loss",
             "module2-programme-evaluation", "module2-monitoring-framework")
EXERCISE = "module2-proficiency-and-impact"
SEED = ROOT.parent / "shared" / "seeds" / "004_07bf004114d3860e.txt"

# Thematic line 2 of the KIX LAC cycle (seed 004): question -> the sections that answer it,
# as (chapter, label, words the section heading must contain).
GUIDING_QUESTIONS = {
    "What is meant by student learning monitoring and assessment systems?": [
        ("assessment-systems", "m2-q-what-is", ("monitoring and assessment system",)),
        ("assessment-systems", "m2-architecture", ("architecture",)),
    ],
    "Why evaluate and monitor learning?": [
        ("assessment-systems", "m2-q-why", ("why evaluate and monitor learning",)),
    ],
    "What are the most appropriate methodologies and tools for monitoring and evaluating "
    "learning in the context of the educational crisis?": [
        ("learning-loss", "m2-q-methods", ("methods and tools", "crisis")),
        ("learning-loss", "m2-measuring-loss", ("measuring a loss",)),
    ],
    "How to identify learning gaps and design effective intervention strategies?": [
        ("learning-gaps", "m2-q-gaps", ("identify learning gaps",)),
        ("learning-gaps", "m2-q-interventions", ("design an effective intervention",)),
    ],
    "What are the ways to evaluate the progress and impact of educational policies and "
    "programs in the post-COVID-19 educational transformation?": [
        ("programme-evaluation", "m2-q-impact", ("ways to evaluate", "impact")),
        ("monitoring-frameworks", "m2-q-progress", ("baselines and targets",)),
    ],
    "How to assess and monitor learning in a more inclusive and equitable way for minority "
    "groups and according to different contexts (children with SEN and children outside the "
    "education system, not to fall into the \"average child\")?": [
        ("inclusive-assessment", "m2-q-inclusive", ("more inclusively",)),
        ("inclusive-assessment", "m2-sen", ("special educational needs",)),
        ("inclusive-assessment", "m2-out-of-school", ("outside the education system",)),
        ("inclusive-assessment", "m2-small-groups", ("small groups",)),
    ],
    "How should the use of evidence be supported?": [
        ("using-evidence", "m2-q-use", ("use of evidence be supported",)),
    ],
}

# The sub-themes of the line, each with the sections that work on it.
SUB_THEMES = {
    "needs assessment, inclusion, equity and justice, and bottlenecks": [
        ("learning-gaps", "m2-bottlenecks"), ("inclusive-assessment", "m2-q-inclusive"),
        ("learning-loss", "m2-who-lost")],
    "internal monitoring indicators": [
        ("monitoring-frameworks", "m2-results-chain"), ("monitoring-frameworks", "m2-smart")],
    "framework and architecture of evaluation": [
        ("assessment-systems", "m2-architecture"),
        ("programme-evaluation", "m2-counterfactual")],
    "governance and data management": [
        ("assessment-systems", "m2-governance"), ("using-evidence", "m2-governance-data")],
}

# Topics the module must teach, each with the section that teaches it.
TOPICS = {
    "proficiency levels and SDG 4.1.1": ("reading-results", "m2-sdg411"),
    "learning poverty": ("reading-results", "m2-learning-poverty"),
    "learning loss": ("learning-loss", "m2-measuring-loss"),
    "effect sizes and months of progress": ("learning-loss", "m2-months"),
    "teaching at the right level": ("learning-gaps", "m2-q-interventions"),
    "results chains": ("monitoring-frameworks", "m2-results-chain"),
    "SMART indicators": ("monitoring-frameworks", "m2-smart"),
    "the seed cases": ("programme-evaluation", "m2-cases"),
}


def _source(chapter: str) -> str:
    return (MODULE / f"{chapter}.md").read_text(encoding="utf-8")


def _section(text: str, label: str) -> tuple[str, str]:
    """The heading under ``(label)=`` and the text of its section (to the next heading of
    the same or a higher level)."""
    match = re.search(rf"^\({re.escape(label)}\)=\n(#+) (.+)\n", text, flags=re.M)
    assert match, f"no heading under the label ({label})="
    level, heading = match.group(1), match.group(2)
    body, fenced = [], False
    for line in text[match.end():].splitlines():
        if line.startswith("```"):
            fenced = not fenced  # a comment line in a code cell is not a heading
        elif not fenced and re.match(rf"#{{1,{len(level)}}} ", line):
            break
        body.append(line)
    return heading, "\n".join(body)


def _substantial(body: str) -> bool:
    paragraphs = [p for p in re.split(r"\n\s*\n", body) if len(p.split()) > 25]
    table_rows = [line for line in body.splitlines() if line.startswith("|")]
    return len(paragraphs) >= 2 or (paragraphs and len(table_rows) >= 4)


def test_the_seed_holds_these_questions():
    if not SEED.exists():
        pytest.skip("the seed documents are not next to this copy of the course")
    seed = " ".join(SEED.read_text(encoding="utf-8").split())
    for question in GUIDING_QUESTIONS:
        assert question in seed, question


@pytest.mark.parametrize("question", list(GUIDING_QUESTIONS))
def test_every_guiding_question_has_an_answering_section(question):
    for chapter, label, words in GUIDING_QUESTIONS[question]:
        heading, body = _section(_source(chapter), label)
        for word in words:
            assert word.lower() in heading.lower(), (label, heading, word)
        assert _substantial(body), f"section {label} holds too little answer"


@pytest.mark.parametrize("question", list(GUIDING_QUESTIONS))
def test_the_question_is_asked_in_words_where_it_is_answered(question):
    # The first section listed for a question restates it, so a reader finds the answer.
    chapter, label, _ = GUIDING_QUESTIONS[question][0]
    heading, body = _section(_source(chapter), label)
    key = re.sub(r"\W+", " ", question.split("?")[0].lower()).split()[:4]
    text = re.sub(r"\W+", " ", (heading + " " + body).lower())
    assert " ".join(key[1:]) in text, (label, key)


def test_the_module_map_lists_every_guiding_question():
    text = _source("assessment-systems")
    about = text.split("## About this module", 1)[1].split("\n## ", 1)[0]
    for places in GUIDING_QUESTIONS.values():
        _, label, _ = places[0]
        assert f"{{ref}}`{label}`" in about, label


@pytest.mark.parametrize("theme", list(SUB_THEMES))
def test_every_sub_theme_is_worked_on(theme):
    for chapter, label in SUB_THEMES[theme]:
        _, body = _section(_source(chapter), label)
        assert _substantial(body), (theme, label)


@pytest.mark.parametrize("topic", list(TOPICS))
def test_every_required_topic_is_taught(topic):
    chapter, label = TOPICS[topic]
    _, body = _section(_source(chapter), label)
    assert _substantial(body), (topic, label)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapters_have_three_knowledge_checks(chapter):
    # The episode template itself is checked for every chapter in tests/test_episodes.py.
    assert _source(chapter).count("```{exercise}") >= 3, chapter


def test_every_chapter_links_the_graded_exercise():
    linked = [c for c in CHAPTERS if f"exercises/{EXERCISE}" in _source(c)]
    assert linked == list(CHAPTERS)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_sample_figures_are_flagged_as_fictional(chapter):
    # A sentence quoting a Valdoria figure must say the data are fictional.
    text = _source(chapter)
    for match in re.finditer(r"In Valdoria(?! \(fictional\))[^.\n]*\d", text):
        pytest.fail(f"{chapter}: '{match.group(0)}' does not say '(fictional)'")


def _notebook(name: str) -> dict:
    return json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_follow_the_template(name):
    nb = _notebook(name)
    cells = ["".join(c["source"]) for c in nb["cells"]]
    first, last = cells[0], cells[-1]
    for heading in ("## Overview", "## Prerequisites", "## Time"):
        assert heading in first, (name, heading)
    for heading in ("## Summary", "## What's next"):
        assert heading in last, (name, heading)
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert "charts.setup()" in sources[0], f"{name}: the first code cell must call charts.setup()"
    code = "\n".join(sources)
    assert re.search(r"\b(single_choice|multiple_choice|numeric_answer)\(", code), \
        f"{name}: no knowledge check"
    for chart in re.finditer(r"alt\.(Chart|layer|hconcat)\(", code):
        assert "description=" in code[chart.start():], f"{name}: a chart has no description"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebooks_are_stored_with_outputs(name):
    nb = _notebook(name)
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c.get("execution_count") for c in code), f"{name}: a code cell was not run"
    assert sum(bool(c.get("outputs")) for c in code) >= len(code) - 2, f"{name}: no outputs"
    assert not any(o.get("output_type") == "error" for c in code for o in c["outputs"])


def test_the_gap_explorer_is_used():
    nb = _notebook("module2-assessment-results")
    assert any("GapExplorer(" in "".join(c["source"]) for c in nb["cells"])


def test_the_graded_exercise_has_four_to_six_questions_with_hidden_tests():
    master = json.loads((ROOT / "exercises" / "source" / f"{EXERCISE}.ipynb")
                        .read_text(encoding="utf-8"))
    raw = ["".join(c["source"]) for c in master["cells"]]
    questions = [r for r in raw if r.startswith("# BEGIN QUESTION")]
    assert 4 <= len(questions) <= 6
    hidden = sum("hidden: true" in r for r in raw)
    assert hidden >= len(questions)
    assert (ROOT / "exercises" / f"{EXERCISE}.ipynb").exists()


def test_built_pages_hold_the_answering_sections():
    html = ROOT / "_build" / "html" / "book" / "module2"
    if not html.exists():
        pytest.skip("the book has not been built")
    for places in GUIDING_QUESTIONS.values():
        for chapter, label, _ in places:
            page = Path(html / f"{chapter}.html").read_text(encoding="utf-8")
            assert f'id="{label}"' in page, (chapter, label)
