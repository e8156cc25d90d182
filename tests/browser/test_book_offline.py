"""The built book works with no internet: charts draw, their menus work, widget
snapshots and math render, and no page asks any host but its own for anything."""

from __future__ import annotations

from pathlib import Path

import pytest

PIPELINE_PAGE = "notebooks/pipeline-check.html"


def _pages(built_book: Path) -> list[str]:
    # The top-level index.html only redirects to book/index.html.
    skip = {"index.html", "genindex.html", "search.html"}
    return sorted(
        name
        for name in (str(path.relative_to(built_book)) for path in built_book.rglob("*.html"))
        if name not in skip and not name.startswith("_static")
    )


def test_every_page_loads_offline_without_errors(built_book: Path, book_url: str,
                                                 offline_page) -> None:
    page, log = offline_page
    pages = _pages(built_book)
    assert PIPELINE_PAGE in pages and "book/index.html" in pages
    problems = {}
    for name in pages:
        errors_before, requests_before = len(log.console_errors), len(log.outside_requests)
        page.goto(book_url + name, wait_until="networkidle")
        assert page.title(), f"{name} has no title"
        new = log.console_errors[errors_before:] + log.outside_requests[requests_before:]
        if new:
            problems[name] = new
    assert problems == {}, "pages with console errors or outside requests"


@pytest.fixture
def pipeline_page(book_url: str, offline_page):
    page, log = offline_page
    page.goto(book_url + PIPELINE_PAGE, wait_until="networkidle")
    return page, log


def test_altair_chart_draws_and_its_menu_works(pipeline_page) -> None:
    page, log = pipeline_page
    chart = page.locator(".vega-embed").first
    chart.locator("svg, canvas").first.wait_for(state="visible", timeout=15000)
    marks = chart.locator("svg .mark-rect path")
    assert marks.count() == 4, "one bar per region"
    before = [marks.nth(i).get_attribute("aria-label") for i in range(4)]
    assert any("104.2" in (label or "") for label in before), before

    menu = chart.locator(".vega-bind select")
    assert menu.count() == 1
    menu.select_option("2022")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.vega-embed svg .mark-rect path')]"
        ".some(p => (p.getAttribute('aria-label') || '').includes('103'))"
    )
    after = [marks.nth(i).get_attribute("aria-label") for i in range(4)]
    assert after != before
    assert log.outside_requests == [] and log.console_errors == []


def test_widget_snapshot_renders(pipeline_page) -> None:
    page, log = pipeline_page
    dropdown = page.locator(".widget-dropdown select")
    dropdown.wait_for(state="visible", timeout=15000)
    assert dropdown.input_value() == "Altamira"
    html = page.locator(".widget-html-content")
    assert "went from 104.2 in 2019" in html.first.inner_text()
    assert log.outside_requests == [] and log.console_errors == []


def test_math_renders(pipeline_page) -> None:
    page, log = pipeline_page
    page.locator("mjx-container").first.wait_for(state="attached", timeout=15000)
    assert page.locator("mjx-container mjx-math").count() >= 1
    assert log.outside_requests == [] and log.console_errors == []
