"""The quality gates on the real built editions (`make test` builds both first): no
broken internal link or anchor, a text alternative for every image and chart, headings
that nest, no page over 1.5 MB, and each edition showing only what it should."""

from __future__ import annotations

from pathlib import Path

import pytest

from emiskit.publishing.build import output_dir
from emiskit.publishing.quality import book_pages, chart_specs, check_book


@pytest.mark.parametrize("edition", ["participant", "facilitator"])
def test_built_edition_passes_every_gate(root: Path, edition: str) -> None:
    outdir = output_dir(edition, root)
    if not (outdir / "index.html").exists():
        command = "make book" if edition == "participant" else "make facilitator-book"
        pytest.fail(f"The {edition} edition is not built: run `{command}` (`make test` does).")
    pages = book_pages(outdir)
    assert len(pages) >= 50
    # The gates looked at real content: the book has many charts.
    assert sum(len(chart_specs(p.read_text(encoding="utf-8"))) for p in pages) >= 40
    problems = [str(p) for p in check_book(outdir, edition)]
    assert problems == []


def test_execution_status_page_lists_the_notebooks(root: Path) -> None:
    page = output_dir("participant", root) / "book" / "appendix" / "execution-status.html"
    if not page.exists():
        pytest.fail("The book is not built: run `make book` (`make test` does).")
    html = page.read_text(encoding="utf-8")
    for name in ("pipeline-check", "module2-learning-loss", "module3-early-warning"):
        assert name in html, name
