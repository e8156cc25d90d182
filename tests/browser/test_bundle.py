"""The USB-stick bundle, unpacked and opened from file:// with every outside request
blocked: the start page leads to the book, charts draw, widget snapshots render, search
works; the course folder holds what participants need and no solution."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from emiskit.publishing.bundle import TOP, make_bundle


@pytest.fixture(scope="module")
def unpacked(built_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("usb")
    bundle = make_bundle(where / "bundle.zip")
    with zipfile.ZipFile(bundle) as archive:
        assert archive.testzip() is None
        archive.extractall(where / "stick")
    return where / "stick" / TOP


def test_the_course_folder_holds_what_participants_need(unpacked: Path, root: Path) -> None:
    kit = unpacked / "course-kit"
    for name in ("pyproject.toml", "emiskit.toml", "emiskit/__init__.py",
                 "notebooks/pipeline-check.ipynb",
                 "datasets/datapackage.json", "exercises/getting-started.ipynb"):
        assert (kit / name).is_file(), name
    shipped = {p.name for p in (root / "datasets").iterdir() if p.is_file()}
    assert shipped <= {p.name for p in (kit / "datasets").iterdir()}
    assert not (kit / "exercises" / "source").exists()
    assert not (kit / "exercises" / "autograder").exists()
    assert not list(kit.rglob("*-solution.ipynb"))


def test_the_book_works_from_the_stick(unpacked: Path, offline_page_factory) -> None:
    page, log = offline_page_factory("")  # file:// only
    page.goto((unpacked / "START-HERE.html").as_uri())
    page.get_by_role("link", name="Open the book").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("book/book/index.html"), page.url

    page.goto((unpacked / "book" / "notebooks" / "pipeline-check.html").as_uri(),
              wait_until="networkidle")
    page.locator(".vega-embed svg, .vega-embed canvas").first.wait_for(timeout=20000)
    page.locator(".widget-dropdown select").first.wait_for(timeout=20000)
    page.locator("mjx-container").first.wait_for(state="attached", timeout=20000)

    page.goto((unpacked / "book" / "search.html").as_uri() + "?q=dropout",
              wait_until="networkidle")
    page.locator("#search-results ul a").first.wait_for(timeout=20000)
    assert page.locator("#search-results ul a").count() >= 1
    assert log.console_errors == [] and log.outside_requests == []
