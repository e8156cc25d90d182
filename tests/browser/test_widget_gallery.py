"""The widget gallery in the built book, with no internet: every chart draws and its menus
and sliders work, every widget snapshot renders with labelled controls, no console
error, no outside request, and no answer of a knowledge check is in the page."""

from __future__ import annotations

import pytest

GALLERY_PAGE = "notebooks/widget-gallery.html"
CHARTS = 6  # indicators, gaps, thresholds, data quality, self-assessment (en and es)
SNAPSHOTS = 10  # four knowledge checks and six components


@pytest.fixture
def gallery(built_book, book_url: str, offline_page):
    if not (built_book / GALLERY_PAGE).exists():
        pytest.fail(f"{GALLERY_PAGE} is not in the built book: list notebooks/widget-gallery "
                    "in _toc.yml and run `make book`.")
    page, log = offline_page
    page.goto(book_url + GALLERY_PAGE, wait_until="networkidle")
    page.locator(".vega-embed svg, .vega-embed canvas").nth(CHARTS - 1).wait_for(
        state="visible", timeout=20000)
    page.locator(".widget-dropdown select").first.wait_for(state="visible", timeout=20000)
    return page, log


def _bars(page, chart: int) -> int:
    return page.locator(".vega-embed").nth(chart).locator(
        "svg .mark-rect path, svg .mark-rect rect").count()


def test_every_chart_draws(gallery) -> None:
    page, log = gallery
    charts = page.locator(".vega-embed")
    assert charts.count() == CHARTS
    for i in range(CHARTS):
        chart = charts.nth(i)
        assert chart.locator("svg, canvas").count() >= 1, f"chart {i} did not draw"
        assert chart.locator(".vega-bind").count() >= 1, f"chart {i} has no menu or slider"
        assert "Error" not in chart.inner_text()
    assert log.outside_requests == []
    assert log.console_errors == []


def test_indicator_menu_changes_the_bars(gallery) -> None:
    page, log = gallery
    chart = page.locator(".vega-embed").nth(0)
    assert _bars(page, 0) == 6, "one bar per region"
    chart.locator(".vega-bind select").nth(2).select_option(label="District")
    page.wait_for_function(
        "() => document.querySelectorAll('.vega-embed')[0]"
        ".querySelectorAll('svg .mark-rect path').length === 20")
    chart.locator(".vega-bind select").nth(2).select_option(label="Area")
    chart.get_by_text("Not available by Area").wait_for(timeout=5000)
    assert log.console_errors == [] and log.outside_requests == []


def test_threshold_sliders_redo_the_counts(gallery) -> None:
    page, log = gallery
    chart = page.locator(".vega-embed").nth(2)
    texts = chart.locator("svg .mark-text text")
    before = texts.all_inner_texts()
    slider = chart.locator(".vega-bind input[type=range]").first
    slider.fill("95")
    slider.dispatch_event("input")
    page.wait_for_function(
        "(before) => { const t = [...document.querySelectorAll('.vega-embed')[2]"
        ".querySelectorAll('svg .mark-text text')].map(e => e.textContent);"
        " return JSON.stringify(t) !== JSON.stringify(before); }", arg=before)
    assert log.console_errors == [] and log.outside_requests == []


def test_every_widget_snapshot_renders_with_labelled_controls(gallery) -> None:
    page, log = gallery
    page.wait_for_function(
        "(n) => document.querySelectorAll('.jupyter-widgets.widget-vbox').length >= n",
        arg=SNAPSHOTS)
    assert page.locator("text=Error displaying widget").count() == 0
    assert page.locator(".widget-radio-box input[type=radio]").count() == 3
    assert page.locator(".widget-checkbox input[type=checkbox]").count() == 4
    assert page.locator(".widget-text input[type=text]").count() == 2
    assert page.locator(".widget-button").count() == 4
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll(
                '.jupyter-widgets select, .jupyter-widgets input, .jupyter-widgets button')]
            .filter(e => !(e.labels && e.labels.length && e.labels[0].textContent.trim())
                         && !e.getAttribute('aria-label') && !e.textContent.trim()
                         && !e.closest('label'))
            .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert unlabelled == []
    assert log.console_errors == [] and log.outside_requests == []


def test_tables_and_answers(gallery) -> None:
    page, log = gallery
    html = page.content()
    assert "Región Metropolitana de Aurora" in html  # the explorer's table
    # The knowledge checks' explanations travel only inside their coded keys.
    assert "The GER divides enrolment at any age" not in html
    assert "2,400 / 80 = 30" not in html
    assert page.locator("details summary").count() >= 5  # data-quality examples
    assert log.console_errors == [] and log.outside_requests == []

