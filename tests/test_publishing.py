"""Two editions from one table of contents, and the quality gates, on small books made
in a temporary folder (the real built book is checked in test_book_quality.py)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import yaml

from emiskit.publishing import bundle, editions, quality


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def book(tmp_path: Path) -> Path:
    _write(tmp_path / "intro.md", "# Welcome\n")
    _write(tmp_path / "ch1.md", "---\njupytext: {}\n---\n# One\n")
    _write(tmp_path / "plan.md", "---\naudience: facilitator\n---\n# Plan\n")
    _write(tmp_path / "fac.ipynb", json.dumps(
        {"cells": [], "metadata": {"audience": "facilitator"}, "nbformat": 4,
         "nbformat_minor": 5}))
    _write(tmp_path / "exercises" / "ex1.ipynb", json.dumps(
        {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    toc = {
        "format": "jb-book",
        "root": "intro",
        "parts": [
            {"caption": "Learn", "chapters": [
                {"file": "ch1", "sections": [{"file": "plan"}]},
                {"file": "exercises/ex1"}]},
            {"caption": "For facilitators", "chapters": [{"file": "plan"}, {"file": "fac"}]},
        ],
    }
    _write(tmp_path / "_toc.yml", yaml.safe_dump(toc))
    return tmp_path


def test_page_audience_reads_front_matter_and_notebook_metadata(book: Path) -> None:
    assert editions.page_audience(book / "plan.md") == "facilitator"
    assert editions.page_audience(book / "fac.ipynb") == "facilitator"
    assert editions.page_audience(book / "ch1.md") == "all"
    assert editions.page_audience(book / "intro.md") == "all"


def test_participant_edition_drops_facilitator_pages_and_empty_parts(book: Path) -> None:
    toc = editions.edition_toc(editions.load_toc(book / "_toc.yml"), book, "participant")
    assert editions.toc_files(toc) == ["intro", "ch1", "exercises/ex1"]
    assert [p["caption"] for p in toc["parts"]] == ["Learn"]
    assert "sections" not in toc["parts"][0]["chapters"][0]


def test_facilitator_edition_keeps_everything_and_adds_solutions(book: Path) -> None:
    full = editions.load_toc(book / "_toc.yml")
    with pytest.raises(editions.EditionError, match="make exercises"):
        editions.edition_toc(full, book, "facilitator")
    _write(book / "exercises/autograder/ex1/ex1-solution.ipynb", "{}")
    toc = editions.edition_toc(full, book, "facilitator")
    assert editions.toc_files(toc)[:-1] == editions.toc_files(full)
    assert toc["parts"][-1] == {"caption": editions.SOLUTIONS_CAPTION,
                                "chapters": [{"file": "exercises/autograder/ex1/ex1-solution"}]}


def test_bad_tables_of_contents_get_clear_errors(book: Path) -> None:
    toc = editions.load_toc(book / "_toc.yml")
    toc["parts"][0]["chapters"].append({"file": "missing/page"})
    with pytest.raises(editions.EditionError, match="missing/page"):
        editions.edition_toc(toc, book, "participant")
    with pytest.raises(editions.EditionError, match="Unknown edition"):
        editions.edition_toc(toc, book, "teachers")
    _write(book / "broken.yml", "root: [unclosed")
    with pytest.raises(editions.EditionError, match="Cannot read"):
        editions.load_toc(book / "broken.yml")
    toc = editions.load_toc(book / "_toc.yml")
    toc["root"] = "plan"
    with pytest.raises(editions.EditionError, match="first page"):
        editions.edition_toc(toc, book, "participant")


def test_the_edition_toc_is_rewritten_only_when_it_changes(book: Path, tmp_path: Path) -> None:
    out = tmp_path / "gen"
    first = editions.write_edition_toc(book / "_toc.yml", book, "participant", out)
    stamp = first.stat().st_mtime_ns
    again = editions.write_edition_toc(book / "_toc.yml", book, "participant", out)
    assert again == first and again.stat().st_mtime_ns == stamp
    assert "plan" not in yaml.safe_load(first.read_text())["parts"][0]["chapters"][0]


def test_the_real_toc_gives_two_consistent_editions(root: Path) -> None:
    full = editions.load_toc(root / "_toc.yml")
    participant = editions.toc_files(editions.edition_toc(full, root, "participant"))
    facilitator_only = [f for f in editions.toc_files(full) if f not in participant]
    assert facilitator_only, "the book has facilitator pages"
    assert all(f.startswith("book/facilitators/") for f in facilitator_only), facilitator_only
    assert not [f for f in participant if f.startswith("book/facilitators/")]


# Quality gates --------------------------------------------------------------------------

PAGE = """<html><head><title>T</title></head><body>
<article class="bd-article">{body}</article></body></html>"""


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    for name, body in pages.items():
        _write(tmp_path / name, PAGE.format(body=body))
    return tmp_path


def test_headings_must_nest() -> None:
    assert quality.heading_problems([(1, "A"), (2, "B"), (3, "C"), (2, "D")]) == []
    assert "skipped" in quality.heading_problems([(1, "A"), (3, "C")])[0]
    assert "not h1" in quality.heading_problems([(2, "A")])[0]
    assert "2 h1" in quality.heading_problems([(1, "A"), (1, "B")])[0]
    assert quality.heading_problems([]) == ["the page has no heading"]


def _chart(spec: dict) -> str:
    return ("<script>(function(spec, embedOpt){ vegaEmbed(div, spec); })("
            + json.dumps(spec) + ', {"mode": "vega-lite"});</script>')


def test_every_chart_needs_a_description() -> None:
    schema = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
    good = _chart({"$schema": schema, "description": "Bars of GER by region", "mark": "bar"})
    bad = _chart({"$schema": schema, "title": "Dropout", "mark": "bar"})
    assert len(quality.chart_specs(good + bad)) == 2
    assert quality.chart_description_problems(good) == []
    problems = quality.chart_description_problems(good + bad)
    assert len(problems) == 1 and "chart 2 ('Dropout')" in problems[0]


def test_check_book_finds_each_kind_of_problem(tmp_path: Path) -> None:
    site = _site(tmp_path, {
        "index.html": "<h1>Home</h1><a href='a.html#there'>ok</a>",
        "a.html": "<h1 id='there'>A</h1><a href='b.html'>gone</a><a href='index.html#nope'>x</a>"
                  "<img src='x.png'><a href='https://example.org'>outside is not checked</a>",
        "b2.html": "<h1>B</h1><h3>deep</h3><div class='facilitator-note'>secret</div>",
        "big.html": "<h1>Big</h1>" + "x" * (quality.MAX_PAGE_BYTES + 1),
    })
    problems = {(p.page, p.check) for p in quality.check_book(site, "participant")}
    assert problems == {
        ("a.html", "links"),
        ("a.html", "text alternative"),
        ("b2.html", "headings"),
        ("b2.html", "edition"),
        ("big.html", "page weight"),
    }
    messages = " ".join(str(p) for p in quality.check_book(site, "participant"))
    assert "b.html, which is not in the book" in messages and "#nope" in messages


def test_check_book_on_a_clean_site_and_a_missing_one(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", {"index.html": "<h1>Home</h1><img src='a.png' alt='A map'>"})
    (site / "a.png").write_bytes(b"png")
    assert quality.check_book(site, "participant") == []
    assert quality.check_book(site, "facilitator")[0].check == "edition"  # no solutions
    assert quality.check_book(tmp_path / "nothing")[0].check == "build"


# Bundle ---------------------------------------------------------------------------------

def test_bundle_needs_a_built_book_and_leaves_no_partial_zip(tmp_path: Path) -> None:
    with pytest.raises(bundle.BundleError, match="make book"):
        bundle.make_bundle(tmp_path / "b.zip", root=tmp_path)
    assert not list(tmp_path.glob("*.zip*"))


def test_bundle_contents(tmp_path: Path) -> None:
    root = tmp_path / "course"
    _write(root / "_build/html/index.html", "<h1>x</h1>")
    _write(root / "_build/html/_static/documentation_options.js",
           "const D = {SHOW_SEARCH_SUMMARY: true};")
    for name in ("pyproject.toml", "emiskit/__init__.py", "notebooks/a.ipynb",
                 "datasets/schools.csv", "datasets/national/big.parquet",
                 "exercises/ex.ipynb", "exercises/source/ex.ipynb",
                 "exercises/autograder/ex/ex-solution.ipynb", "emiskit/__pycache__/x.pyc"):
        _write(root / name, "x")
    path = bundle.make_bundle(tmp_path / "out.zip", root=root)
    names = set(zipfile.ZipFile(path).namelist())
    top = bundle.TOP
    assert {f"{top}/START-HERE.html", f"{top}/book/index.html",
            f"{top}/course-kit/pyproject.toml", f"{top}/course-kit/datasets/schools.csv",
            f"{top}/course-kit/exercises/ex.ipynb", f"{top}/course-kit/notebooks/a.ipynb",
            f"{top}/course-kit/emiskit/__init__.py"} <= names
    assert not [n for n in names if "source" in n or "autograder" in n or "national" in n
                or "__pycache__" in n]
    options = zipfile.ZipFile(path).read(f"{top}/book/_static/documentation_options.js")
    assert b"SHOW_SEARCH_SUMMARY: false" in options


# Data fingerprint ----------------------------------------------------------------------

def test_data_fingerprint_follows_contents_and_names_but_not_national_data(
        tmp_path: Path) -> None:
    from emiskit.publishing.build import data_fingerprint, stale

    _write(tmp_path / "schools.csv", "a,b\n1,2\n")
    first = data_fingerprint(tmp_path)
    _write(tmp_path / "national" / "big.parquet", "x")
    assert data_fingerprint(tmp_path) == first
    _write(tmp_path / "schools.csv", "a,b\n1,3\n")
    assert data_fingerprint(tmp_path) != first
    (tmp_path / "schools.csv").rename(tmp_path / "other.csv")
    assert data_fingerprint(tmp_path) not in (first,)
    cache = tmp_path / "cache"
    assert not stale(cache, first)  # nothing cached yet
    cache.mkdir()
    assert stale(cache, first)  # cached results of unknown data
    (cache / "emiskit-data-fingerprint").write_text(first + "\n")
    assert not stale(cache, first) and stale(cache, "other")
