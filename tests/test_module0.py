"""Module 0 (Getting started) keeps its promises: the chapter follows the episode template,
every way of working has a setup page, the notebook opens and closes as the course's
notebooks do, and the answer checks of the notebook and of the graded exercise recognise
the right answer and explain the usual wrong ones in plain words."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest

CHAPTER = Path("book/module0/getting-started.md")
NOTEBOOK = Path("notebooks/module0-getting-started.ipynb")
EXERCISE = Path("exercises/source/getting-started.ipynb")
SETUP_PAGES = {
    "index": "setup-index",
    "windows": "setup-windows",
    "macos": "setup-macos",
    "linux": "setup-linux",
    "conda": "setup-conda",
    "colab": "setup-colab",
    "hub": "setup-hub",
    "offline": "setup-offline",
    "troubleshooting": "setup-troubleshooting",
}
TROUBLES = [
    "trouble-kernel", "trouble-module", "trouble-widget", "trouble-chart", "trouble-trust",
    "trouble-proxy", "trouble-pandas", "trouble-paths", "trouble-memory",
]


def _text(root: Path, path: Path) -> str:
    return (root / path).read_text(encoding="utf-8")


# -- the chapter ---------------------------------------------------------------------------


def test_chapter_links_the_notebook_the_exercise_and_the_next_page(root: Path) -> None:
    # The episode template itself is checked for every chapter in tests/test_episodes.py.
    text = _text(root, CHAPTER)
    assert text.count("```{exercise}") >= 3
    # Links to the notebook, the graded exercise and what comes next.
    assert "{doc}`../../notebooks/module0-getting-started`" in text
    assert "<../../exercises/getting-started.ipynb>" in text
    assert "**Next:**" in text


def test_chapter_facilitator_notes_are_in_a_facilitator_block(root: Path) -> None:
    text = _text(root, CHAPTER)
    block = re.search(r"```\{admonition\} Facilitator notes\n:class: ([^\n]+)", text)
    assert block, "the chapter has facilitator notes"
    assert "facilitator-note" in block.group(1).split()


def test_chapter_links_point_at_files_that_exist(root: Path) -> None:
    assert (root / NOTEBOOK).exists()
    assert (root / "exercises" / "getting-started.ipynb").exists(), (
        "build the learner notebook with `emiskit exercises build getting-started`"
    )


# -- the setup pages -----------------------------------------------------------------------


@pytest.mark.parametrize("page,label", SETUP_PAGES.items())
def test_every_way_of_working_has_a_setup_page(root: Path, page: str, label: str) -> None:
    text = _text(root, Path("book/setup") / f"{page}.md")
    assert text.startswith(f"({label})=\n# "), f"{page}.md starts with its label and title"
    if page not in ("index", "troubleshooting"):
        assert label in _text(root, Path("book/setup/index.md")), f"index links {page}"


def test_troubleshooting_says_what_you_see_why_and_what_to_do(root: Path) -> None:
    text = _text(root, Path("book/setup/troubleshooting.md"))
    sections = re.split(r"\n\((trouble-[a-z]+)\)=\n", text)
    found = dict(zip(sections[1::2], sections[2::2], strict=True))
    assert list(found) == TROUBLES
    for label, body in found.items():
        for part in ("**What you see.**", "**Why.**", "**What to do.**"):
            assert part in body, f"{label}: {part}"


def test_setup_pages_ask_for_a_python_the_pinned_packages_support(root: Path) -> None:
    """pandas 3 and NumPy 2.4 need Python 3.11 or newer: no page may promise 3.10."""
    for page in SETUP_PAGES:
        text = _text(root, Path("book/setup") / f"{page}.md")
        assert "3.10 or newer" not in text, page


def test_offline_install_uses_the_pinned_requirements(root: Path) -> None:
    text = _text(root, Path("book/setup/offline.md"))
    assert "--no-index --find-links" in text
    assert "['project']['dependencies']" in text
    for platform in ("win_amd64", "macosx_12_0_arm64", "macosx_12_0_x86_64",
                     "manylinux2014_x86_64"):
        assert f"--platform {platform}" in text, platform


# -- the notebook --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def notebook(root: Path) -> nbformat.NotebookNode:
    return nbformat.read(root / NOTEBOOK, as_version=4)


def test_notebook_opens_with_overview_prerequisites_and_time(notebook) -> None:
    first = notebook.cells[0]
    assert first.cell_type == "markdown"
    for heading in ("## Overview", "## Prerequisites", "## Time"):
        assert heading in first.source, heading


def test_notebook_ends_with_summary_and_whats_next(notebook) -> None:
    last = notebook.cells[-1]
    assert last.cell_type == "markdown"
    assert "## Summary" in last.source and "## What's next" in last.source


def test_notebook_sets_up_charts_before_any_chart(notebook) -> None:
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    setup = next(i for i, src in enumerate(code) if "charts.setup()" in src)
    first_chart = next(i for i, src in enumerate(code) if "alt.Chart(" in src)
    assert setup < first_chart


def test_every_chart_has_a_title_and_a_description(notebook) -> None:
    charts = [c.source for c in notebook.cells
              if c.cell_type == "code" and "alt.Chart(" in c.source]
    assert len(charts) == 3
    for source in charts:
        assert "title=" in source and "description=" in source, source[:60]
    assert any("alt.binding_select" in source for source in charts)


def test_notebook_teaches_pandas_3_idioms(notebook) -> None:
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    for idiom in (".loc[", ".merge(", ".groupby(", ".pivot_table(", ".str.", 'dtype={'):
        assert idiom in code, idiom
    # No chained assignment in the code learners copy.
    assert not re.search(r"\]\[[^\]]+\]\s*=[^=]", code)


def test_notebook_was_saved_with_its_outputs(notebook) -> None:
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "run it and save it with its outputs"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []


# -- answer checks -------------------------------------------------------------------------


def _tests_from_master(path: Path) -> dict[str, Any]:
    """The test functions of an otter master notebook, by name (hidden ones included)."""
    master = json.loads(path.read_text(encoding="utf-8"))
    functions: dict[str, Any] = {}
    in_tests = False
    for cell in master["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "raw":
            if "# BEGIN TESTS" in source:
                in_tests = True
            elif "# END TESTS" in source:
                in_tests = False
        elif in_tests and cell["cell_type"] == "code":
            env: dict[str, Any] = {}
            exec(source, env)
            functions.update({k: v for k, v in env.items() if k.startswith("test_")})
    return functions


def _hint(test, *args: Any) -> str | None:
    from emiskit.grading.feedback import Hint

    try:
        test(*args)
    except Hint as hint:
        return str(hint)
    return None


@pytest.fixture(scope="module")
def census():
    from emiskit.datasets import load

    schools = load("schools")
    enrolment = load("enrolment").merge(
        schools[["school_id", "district_code", "area"]], on="school_id"
    )
    return schools, enrolment


def test_notebook_practice_check_passes_and_explains(root: Path, census, monkeypatch) -> None:
    from emiskit.grading import Notebook

    schools, _ = census
    alto = schools[schools["district_code"] == "0402"]
    monkeypatch.chdir(root / "notebooks")
    grader = Notebook(NOTEBOOK.name)

    def check(value: Any):
        return grader.check("practice", {"no_water": value})

    assert check((~alto["drinking_water"]).sum()).passed
    assert "not answered yet" in repr(check(...))
    assert "with drinking water" in repr(check(int(alto["drinking_water"].sum())))
    assert "all the schools of Alto Pircas" in repr(check(len(alto)))
    assert "whole country" in repr(check(int((~schools["drinking_water"]).sum())))
    assert not list((root / "notebooks").glob(".OTTER_LOG*"))


def test_exercise_checks_pass_the_right_answers_and_explain_mistakes(root: Path,
                                                                     census) -> None:
    tests = _tests_from_master(root / EXERCISE)
    schools, enrolment = census
    district = schools[schools["district_code"] == "0303"]
    rows = enrolment[enrolment["district_code"] == "0303"]
    rural = district[district["area"] == "rural"]
    by_year = rows.groupby("year")["pupils"].sum()

    right = {
        "n_schools": len(district),
        "grade1_pupils": rows.loc[(rows["year"] == 2024) & (rows["grade"] == 1), "pupils"].sum(),
        "rural_no_sanitation": (~rural["sanitation"]).sum(),
        "pupils_by_year": by_year,
    }
    for name, test in tests.items():
        argument = test.__code__.co_varnames[0]
        assert _hint(test, right[argument]) is None, name
        assert "not answered yet" in _hint(test, ...), name

    assert "rural schools" in _hint(tests["test_n_schools_value"], len(rural))
    assert "every year" in _hint(tests["test_grade1_pupils_value"],
                                 rows.loc[rows["grade"] == 1, "pupils"].sum())
    assert "rows of the table" in _hint(
        tests["test_grade1_pupils_value"],
        len(rows[(rows["year"] == 2024) & (rows["grade"] == 1)]),
    )
    assert "urban ones included" in _hint(tests["test_rural_no_sanitation_value"],
                                          (~district["sanitation"]).sum())
    assert "rows of each year" in _hint(tests["test_pupils_by_year_values"],
                                        rows.groupby("year").size())
    assert "whole country" in _hint(tests["test_pupils_by_year_values"],
                                    enrolment.groupby("year")["pupils"].sum())
    assert "Series" in _hint(tests["test_pupils_by_year_shape"],
                             rows.groupby("year", as_index=False)["pupils"].sum())
