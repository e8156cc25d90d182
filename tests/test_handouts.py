"""Which pages go into which printed handout, and what the cover and footers say. The
PDFs themselves are printed and looked at in tests/browser/test_handouts.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from emiskit.cli import build_parser
from emiskit.publishing import binding, handouts
from emiskit.publishing.editions import PARTICIPANT, edition_toc, load_toc

TOC = {
    "root": "book/index",
    "parts": [
        {"caption": "Start here", "chapters": [
            {"file": "book/setup/index", "sections": [{"file": "book/setup/linux"}]}]},
        {"caption": "Module 0: Getting started", "chapters": [{"file": "book/m0/a"}]},
        {"caption": "Module 1: Evidence", "chapters": [{"file": "book/m1/a.md"},
                                                       {"file": "notebooks/m1"}]},
        {"caption": "Capstone: a policy brief", "chapters": [{"file": "book/capstone"}]},
        {"caption": "Graded exercises", "chapters": [
            {"file": "exercises/getting-started"}, {"file": "exercises/module1-x"},
            {"file": "exercises/module7-y"}]},
        {"caption": "Reference", "chapters": [{"file": "book/glossary"}]},
    ],
}


def test_modules_follow_the_parts_of_the_table_of_contents() -> None:
    plan = {h.slug: h for h in handouts.plan_handouts(TOC)}
    assert list(plan) == ["module-0", "module-1", "participant-book"]
    assert plan["module-0"].title == "Module 0: Getting started"
    # The front page and "Start here" open module 0; exercises join their module (an
    # exercise of a module that does not exist goes with the first); the capstone ends
    # the last module; the reference part is in the book only.
    assert plan["module-0"].pages == (
        "book/index", "book/setup/index", "book/setup/linux", "book/m0/a",
        "exercises/getting-started", "exercises/module7-y")
    assert plan["module-1"].pages == (
        "book/m1/a", "notebooks/m1", "exercises/module1-x", "book/capstone")
    book = plan["participant-book"].pages
    assert book[0] == "book/index" and book[-1] == "book/glossary" and len(book) == 11


def test_a_table_of_contents_without_modules_is_refused() -> None:
    with pytest.raises(handouts.HandoutError, match="Module N"):
        handouts.plan_handouts({"root": "index", "parts": [{"caption": "Other",
                                                           "chapters": [{"file": "a"}]}]})


def test_the_course_has_four_module_handouts_and_the_book(root: Path) -> None:
    toc = edition_toc(load_toc(root / "_toc.yml"), root, PARTICIPANT)
    plan = {h.slug: h for h in handouts.plan_handouts(toc)}
    assert list(plan) == ["module-0", "module-1", "module-2", "module-3", "participant-book"]
    assert "book/setup/index" in plan["module-0"].pages
    assert "book/capstone/index" in plan["module-3"].pages
    assert "exercises/module2-proficiency-and-impact" in plan["module-2"].pages
    in_modules = {p for slug, h in plan.items() if slug != "participant-book" for p in h.pages}
    book = set(plan["participant-book"].pages)
    assert in_modules < book
    assert not [p for p in book if p.startswith("book/facilitators/")]


def test_cover_names_the_course_module_date_and_licence() -> None:
    cover = binding.Cover(course="Evidence & EMIS", title="Module 1: <Evidence>",
                          day=date(2026, 3, 2))
    html = binding.cover_html(cover, [("What is evidence?", 3), ("A notebook", 9)])
    assert "Evidence &amp; EMIS" in html and "Module 1: &lt;Evidence&gt;" in html
    assert "02 March 2026" in html and "CC BY 4.0" in html
    assert '<span class="t">A notebook</span><span class="n">9</span>' in html


def test_footers_number_every_page_but_the_cover() -> None:
    html = binding.footer_html(["", "Course · Module 1", "Course · Module 1"], 3, "Letter")
    assert html.count('class="sheet"') == 3
    assert "Page 1 of 3" not in html and "Page 3 of 3" in html
    assert "279.4" not in html and "278.9mm" in html  # a sheet is a little short of Letter


def test_the_command_line_offers_handouts() -> None:
    args = build_parser().parse_args(["book", "handouts", "--paper", "Letter",
                                      "--only", "module-1"])
    assert args.paper == "Letter" and args.only == ["module-1"]


def test_handouts_need_the_built_book(tmp_path: Path) -> None:
    with pytest.raises(handouts.HandoutError, match="make book"):
        handouts.make_handouts(tmp_path / "out", root=tmp_path)


def test_the_print_stylesheet_reaches_a_book_with_nothing_to_rebuild(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from emiskit.sphinxext import printstyle

    app = SimpleNamespace(outdir=str(tmp_path), builder=SimpleNamespace(format="html"))
    stale = tmp_path / "_static" / printstyle.STYLESHEET
    stale.parent.mkdir()
    stale.write_text("/* an older stylesheet */", encoding="utf-8")
    printstyle._on_build_finished(app, None)  # type: ignore[arg-type]
    text = stale.read_text(encoding="utf-8")
    assert "@media print" in text and ".bd-sidebar-primary" in text
