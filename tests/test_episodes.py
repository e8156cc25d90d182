"""Every episode of the course follows the one template, read once (emiskit.episodes).

One parametrised test per chapter of the table of contents (the modules and the
capstone) checks its episode front matter: complete, minutes that are whole numbers above
zero, questions and objectives that say something, prerequisites that point to pages that
exist. The same chapter must end as the template says (key points, knowledge checks with
a hint before each solution, a link to its module's graded exercise and to what comes
next), and, once the book is built, its page must show the "At a glance" block drawn from
the front matter. Every notebook of the modules carries the same episode in its metadata
(teaching minutes may be left out), in agreement with its opening cell (Overview, Time).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sphinx_external_toc.parsing import parse_toc_yaml

from emiskit.episodes import Episode, EpisodeError, parse_episode, read_episode, render_glance
from emiskit.publishing.editions import FACILITATOR, page_audience, source_file
from emiskit.sphinxext.episode import with_glance
from emiskit.sphinxext.studypath import notebook_minutes, page_minutes, parts_from_site_map

ROOT = Path(__file__).resolve().parent.parent
PARTS = parts_from_site_map(parse_toc_yaml(str(ROOT / "_toc.yml")), ("Module",))
#: Outside the modules, the capstone's opening page is an episode too (its rubric and its
#: notebook template are reference material).
PAGES = [(caption, docname) for caption, pages in PARTS for docname in pages
         if page_audience(source_file(ROOT, docname)) != FACILITATOR]
PAGES.append(("Capstone: a policy brief", "book/capstone/index"))
CHAPTERS = [(c, d) for c, d in PAGES if source_file(ROOT, d).suffix == ".md"]
NOTEBOOKS = [(c, d) for c, d in PAGES if source_file(ROOT, d).suffix == ".ipynb"]

#: Each module's graded exercise, which every chapter of the module links.
GRADED_EXERCISE = {
    "Module 0": "getting-started",
    "Module 1": "module1-evidence-use",
    "Module 2": "module2-proficiency-and-impact",
    "Module 3": "module3-emis-data",
}
LABELS = {
    label
    for path in (ROOT / "book").rglob("*.md")
    for label in re.findall(r"^\(([\w-]+)\)=\s*$", path.read_text(encoding="utf-8"), re.M)
}
_REF = re.compile(r"\{ref\}`(?:[^`<]*<)?([\w-]+)>?`")
_DOC = re.compile(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`")
_SOLUTION = re.compile(r"^```\{solution\}", re.M)
_HINT_THEN_SOLUTION = re.compile(
    r"^```\{hint\}\n:class: dropdown\n\n(?:(?!```).)+?\n```\n\n```\{solution\}", re.M | re.S)

_WIDGET_CHECK = re.compile(r"\b(?:knowledge_check|single_choice|multiple_choice|numeric_answer)\(")


def _episode(docname: str) -> Episode:
    episode = read_episode(source_file(ROOT, docname))
    assert episode is not None, f"{docname} has no 'episode:' front matter"
    return episode


def test_the_toc_has_episodes_to_check() -> None:
    assert len(CHAPTERS) >= 20 and len(NOTEBOOKS) >= 15


@pytest.mark.parametrize(("part", "docname"), CHAPTERS, ids=[d for _, d in CHAPTERS])
def test_chapter_front_matter_is_complete_and_valid(part: str, docname: str) -> None:
    episode = _episode(docname)
    assert episode.teaching_minutes > 0 and episode.exercise_minutes > 0
    assert all(q.endswith("?") for q in episode.questions), "a question ends with '?'"
    assert len(episode.objectives) >= 2, "at least two objectives"
    refs = _REF.findall(episode.prerequisites)
    assert all(ref in LABELS for ref in refs), f"unknown label in prerequisites: {refs}"
    base = source_file(ROOT, docname).parent
    for target in _DOC.findall(episode.prerequisites):
        assert source_file(ROOT, str((base / target).resolve().relative_to(ROOT))), target


@pytest.mark.parametrize(("part", "docname"), CHAPTERS, ids=[d for _, d in CHAPTERS])
def test_chapter_follows_the_episode_template(part: str, docname: str) -> None:
    text = source_file(ROOT, docname).read_text(encoding="utf-8")
    assert "At a glance" not in text.split("\n# ", 1)[1][:400], (
        "the 'At a glance' block is drawn from the front matter; do not write it by hand")
    assert re.search(r"^## Key points$", text, re.M)
    assert re.search(r"^## Check your understanding$", text, re.M)
    assert text.count("```{exercise}") >= 2
    assert text.count("```{exercise}") == len(_SOLUTION.findall(text))
    assert ":class: facilitator-note dropdown" in text or part.startswith("Capstone")
    if part.startswith("Module"):
        assert "## Practise, then move on" in text
        assert "**Next:**" in text.split("## Practise, then move on", 1)[1]
        exercise = GRADED_EXERCISE[part.split(":")[0]]
        assert f"exercises/{exercise}" in text, f"no link to the graded exercise {exercise}"


@pytest.mark.parametrize(("part", "docname"), CHAPTERS, ids=[d for _, d in CHAPTERS])
def test_every_knowledge_check_offers_a_hint_before_its_solution(part: str,
                                                                 docname: str) -> None:
    text = source_file(ROOT, docname).read_text(encoding="utf-8")
    solutions = len(_SOLUTION.findall(text))
    hinted = len(_HINT_THEN_SOLUTION.findall(text))
    assert hinted == solutions, (
        f"{solutions - hinted} of {solutions} solutions have no '```{{hint}}' dropdown "
        "right before them")
    # A knowledge-check widget in a chapter's code gives its hint (hint= or a hint: line).
    for call in _WIDGET_CHECK.finditer(text):
        cell = text[call.start():text.find("```", call.start())]
        assert re.search(r"\bhint\s*[=:]", cell), f"the check at {call.group(0)!r} has no hint"


def _titles() -> list[str]:
    titles = []
    for path in [*(ROOT / "book").rglob("*.md"), *(ROOT / "notebooks").glob("*.ipynb")]:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            text = "".join(json.loads(text)["cells"][0]["source"])
        title = re.search(r"^# (.+)$", text, re.M)
        if title:
            titles.append(title.group(1).strip())
    return titles


TITLES = _titles()


def _opening(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return " ".join("".join(c["source"]) for c in cells[:2] if c["cell_type"] == "markdown")


@pytest.mark.parametrize(("part", "docname"), NOTEBOOKS, ids=[d for _, d in NOTEBOOKS])
def test_notebook_metadata_is_complete_and_agrees_with_its_opening(part: str,
                                                                   docname: str) -> None:
    path = source_file(ROOT, docname)
    episode = _episode(docname)
    assert all(q.endswith("?") for q in episode.questions)
    opening = " ".join(_opening(path).split())
    for objective in episode.objectives:
        assert objective in opening, f"objective not in the Overview: {objective!r}"
    stated = page_minutes(path)
    assert stated is not None and stated.exercises == episode.exercise_minutes
    assert notebook_minutes(json.loads(path.read_text(encoding="utf-8"))) == \
        episode.exercise_minutes, "the '## Time' section and the metadata disagree"
    for title in re.findall(r"(?:[Cc]hapter|[Nn]otebook) \(?\*([^*]+)\*", episode.prerequisites):
        assert any(t.startswith(title) for t in TITLES), f"no page is titled {title!r}"
    for link in re.findall(r"\]\(([^)]+\.(?:md|ipynb))\)", episode.prerequisites):
        assert (path.parent / link).resolve().is_file(), link


@pytest.mark.parametrize(("part", "docname"), CHAPTERS, ids=[d for _, d in CHAPTERS])
def test_the_built_page_shows_the_block(part: str, docname: str) -> None:
    page = ROOT / "_build" / "html" / f"{docname}.html"
    if not page.exists():
        pytest.skip("the book has not been built")
    html = page.read_text(encoding="utf-8")
    episode = _episode(docname)
    assert "episode-overview" in html and "At a glance" in html
    first_question = re.sub(r"\{\w+\}`[^`]*`|[*`]", "", episode.questions[0]).split()[:4]
    assert " ".join(first_question) in re.sub(r"<[^>]+>", "", html)


# --- the parser and the renderer on small examples -----------------------------------

GOOD = {"episode": {"questions": ["Why?"], "objectives": ["say why", "say how"],
                    "teaching_minutes": 20, "exercise_minutes": 30,
                    "exercise_note": "the notebook", "prerequisites": "None."}}


def test_the_parser_reads_an_episode_and_the_block_says_the_same() -> None:
    episode = parse_episode(GOOD)
    assert episode is not None and episode.covers_notebooks
    block = render_glance(episode)
    assert block.startswith("```{admonition} At a glance\n:class: episode-overview\n")
    assert "**Time.** Teaching: 20 minutes. Exercises: 30 minutes (the notebook)." in block
    assert "- say why\n- say how" in block
    assert parse_episode({"audience": "participant"}) is None


@pytest.mark.parametrize(("key", "value", "message"), [
    ("teaching_minutes", 0, "above 0"),
    ("exercise_minutes", "30", "whole number"),
    ("questions", [], "non-empty"),
    ("objectives", [""], "non-empty"),
    ("prerequisites", "", "prerequisites"),
    ("minutes", 5, "unknown episode key"),
])
def test_the_parser_says_what_is_wrong(key: str, value: object, message: str) -> None:
    data = {"episode": {**GOOD["episode"], key: value}}
    with pytest.raises(EpisodeError, match=message):
        parse_episode(data, "page.md")


def test_the_block_goes_under_the_title() -> None:
    text = ("---\nepisode:\n  questions: ['Why?']\n  objectives: [a, b]\n"
            "  teaching_minutes: 5\n  exercise_minutes: 5\n  prerequisites: None.\n---\n\n"
            "(label)=\n# Title\n\nBody.\n")
    out = with_glance(text)
    assert out.index("# Title") < out.index("At a glance") < out.index("Body.")
    assert with_glance("# Title\n\nBody.\n") == "# Title\n\nBody.\n"
