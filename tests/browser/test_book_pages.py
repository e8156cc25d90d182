"""Every page of both editions, in Chromium with no internet: it loads with no console
error and no outside request, every Altair chart draws, every widget snapshot renders.
Search works, each edition shows what it should, and the first page of each module is
photographed into ``_build/screenshots/`` for a person to look at."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from emiskit.publishing.editions import SOLUTIONS_DIR
from emiskit.publishing.quality import book_pages

# Chart containers that have not drawn, and widget views that have not rendered.
UNRENDERED_JS = """() => {
  const charts = [...document.querySelectorAll('div[id^="altair-viz"]')];
  const views = [...document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"]')];
  return {
    charts: charts.length,
    undrawn: charts.filter(d => !d.querySelector('svg, canvas')).map(d => d.id),
    views: views.length,
    unrendered: views.filter(s => {
      const area = s.previousElementSibling;
      return !(area && area.classList.contains('widget-subarea')
               && area.querySelector('.lm-Widget, .jupyter-widgets'));
    }).length,
  };
}"""


def sweep(page, log, base_url: str, outdir: Path) -> tuple[dict[str, list[str]], int, int]:
    """Open every page; return the problems by page and the charts and views seen."""
    problems: dict[str, list[str]] = {}
    charts = views = 0
    for path in book_pages(outdir):
        name = path.relative_to(outdir).as_posix()
        errors, requests = len(log.console_errors), len(log.outside_requests)
        page.goto(base_url + name, wait_until="networkidle")
        found: list[str] = []
        if not page.title():
            found.append("no title")
        with contextlib.suppress(Exception):  # a timeout: report what is still blank
            page.wait_for_function(f"() => ({UNRENDERED_JS})().undrawn.length === 0 && "
                                   f"({UNRENDERED_JS})().unrendered === 0", timeout=20000)
        state = page.evaluate(UNRENDERED_JS)
        charts += state["charts"]
        views += state["views"]
        if state["undrawn"]:
            found.append(f"charts that did not draw: {state['undrawn']}")
        if state["unrendered"]:
            found.append(f"{state['unrendered']} widget snapshot(s) did not render")
        found += log.console_errors[errors:] + log.outside_requests[requests:]
        if found:
            problems[name] = found
    return problems, charts, views


def test_every_participant_page_works_offline(built_book: Path, book_url: str,
                                              offline_page) -> None:
    page, log = offline_page
    problems, charts, views = sweep(page, log, book_url, built_book)
    assert problems == {}, "pages with problems"
    assert charts >= 40 and views >= 40, (charts, views)  # the sweep saw the real book


def test_every_facilitator_page_works_offline(facilitator_book: Path, facilitator_url: str,
                                              offline_page_factory) -> None:
    from urllib.parse import urlparse

    page, log = offline_page_factory(urlparse(facilitator_url).netloc)
    problems, charts, views = sweep(page, log, facilitator_url, facilitator_book)
    assert problems == {}, "pages with problems"
    assert charts >= 40 and views >= 40, (charts, views)


def _search(page, base_url: str, words: str) -> list[str]:
    page.goto(f"{base_url}search.html?q={words.replace(' ', '+')}", wait_until="networkidle")
    page.locator("#search-results p.search-summary").wait_for(timeout=20000)
    return [a.get_attribute("href") or "" for a in page.locator("#search-results ul a").all()]


def test_search_finds_pages(book_url: str, offline_page) -> None:
    page, log = offline_page
    hits = _search(page, book_url, "gross enrolment ratio")
    assert any("book/appendix/indicators" in h for h in hits), hits
    assert _search(page, book_url, "zzqxv unfindable") == []
    assert log.console_errors == [] and log.outside_requests == []


def test_search_keeps_facilitator_pages_out_of_the_participant_edition(
        book_url: str, facilitator_url: str, offline_page_factory) -> None:
    from urllib.parse import urlparse

    participant, _ = offline_page_factory(urlparse(book_url).netloc)
    facilitator, _ = offline_page_factory(urlparse(facilitator_url).netloc)
    words = "session plan agenda"
    assert any("book/facilitators/" in h for h in _search(facilitator, facilitator_url, words))
    assert not any("book/facilitators/" in h for h in _search(participant, book_url, words))


def _solution_lines(root: Path) -> dict[str, list[str]]:
    """Lines only a solution holds, by exercise (from the built solution notebooks).

    Short lines such as `finding = "B"` are left out: the questions show that format.
    """
    lines = {}
    for notebook in sorted((root / SOLUTIONS_DIR).glob("*/*-solution.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        found = [
            line.split("#")[0].strip()
            for cell in cells
            if "otter_assign_solution_cell" in cell.get("metadata", {}).get("tags", [])
            for line in "".join(cell["source"]).splitlines()
            if line.strip().endswith("# SOLUTION") and len(line.split("#")[0].strip()) > 16
        ]
        lines[notebook.parent.name] = found
    return lines


def test_solutions_are_hidden_from_participants_and_shown_to_facilitators(
        root: Path, book_url: str, facilitator_url: str, offline_page_factory) -> None:
    from urllib.parse import urlparse

    solutions = _solution_lines(root)
    assert len(solutions) >= 5 and all(solutions.values()), solutions
    participant, _ = offline_page_factory(urlparse(book_url).netloc)
    facilitator, _ = offline_page_factory(urlparse(facilitator_url).netloc)
    for name, lines in solutions.items():
        participant.goto(f"{book_url}exercises/{name}.html", wait_until="networkidle")
        text = participant.locator("article").inner_text()
        assert not [line for line in lines if line in text], f"{name}: solution shown"
        response = participant.goto(f"{book_url}{SOLUTIONS_DIR}/{name}/{name}-solution.html")
        assert response.status == 404, f"{name}: solution page published to participants"

        facilitator.goto(f"{facilitator_url}{SOLUTIONS_DIR}/{name}/{name}-solution.html",
                         wait_until="networkidle")
        heading = facilitator.locator("article h1").first
        assert heading.inner_text().startswith("Solution"), name
        shown = facilitator.locator("article").inner_text()
        assert all(line in shown for line in lines), f"{name}: solution missing"


def test_facilitator_notes_only_in_the_facilitator_edition(
        book_url: str, facilitator_url: str, offline_page_factory) -> None:
    from urllib.parse import urlparse

    page = "book/module1/what-is-evidence.html"
    participant, _ = offline_page_factory(urlparse(book_url).netloc)
    facilitator, _ = offline_page_factory(urlparse(facilitator_url).netloc)
    participant.goto(book_url + page, wait_until="networkidle")
    assert participant.locator(".facilitator-note").count() == 0
    assert participant.get_by_text("Facilitator notes").count() == 0
    assert participant.locator(".bd-header-announcement").count() == 0
    facilitator.goto(facilitator_url + page, wait_until="networkidle")
    note = facilitator.locator(".facilitator-note").first
    assert note.is_visible() and "Purpose" in note.inner_text()  # shown unfolded
    assert "Facilitator edition" in facilitator.locator(".bd-header-announcement").inner_text()


def _module_first_pages(root: Path) -> dict[str, str]:
    """The first page of each "Module N" part of the table of contents."""
    from emiskit.publishing.editions import load_toc

    pages = {}
    for part in load_toc(root / "_toc.yml")["parts"]:
        caption = part.get("caption", "")
        if caption.startswith("Module "):
            number = caption.split()[1].rstrip(":")
            pages[f"module{number}"] = part["chapters"][0]["file"] + ".html"
    return pages


MODULE_PAGES = _module_first_pages(Path(__file__).resolve().parents[2])


def test_the_modules_are_found() -> None:
    assert sorted(MODULE_PAGES) == ["module0", "module1", "module2", "module3"]


@pytest.mark.parametrize("module", sorted(MODULE_PAGES))
def test_screenshot_of_each_modules_first_page(root: Path, book_url: str, offline_page,
                                               module: str) -> None:
    page, log = offline_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(book_url + MODULE_PAGES[module], wait_until="networkidle")
    assert page.locator("article h1").first.is_visible()
    target = root / "_build" / "screenshots" / f"{module}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=False)
    assert target.stat().st_size > 20_000  # a drawn page, not a blank one
    assert log.console_errors == [] and log.outside_requests == []
