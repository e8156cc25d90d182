"""On the pipeline-check page, with no internet: the chart draws and its menu works, the
widget snapshot and the math render. (Every page of both editions: test_book_pages.py.)"""

from __future__ import annotations

import pytest

PIPELINE_PAGE = "notebooks/pipeline-check.html"


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
