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


def test_launch_buttons_open_notebooks_that_exist(root: Path) -> None:
    """Binder and Colab links sit on notebook pages only and name a committed .ipynb;
    chapters (MyST Markdown, which Colab cannot open) have none; every page offers its
    source for download."""
    import re

    import yaml

    outdir = output_dir("participant", root)
    if not (outdir / "index.html").exists():
        pytest.fail("The book is not built: run `make book` (`make test` does).")
    launch = yaml.safe_load((root / "_config.yml").read_text())["launch_buttons"]
    binder, colab = launch["binderhub_url"], launch["colab_url"]
    prefixes = "|".join(re.escape(url) for url in (binder, colab))
    link = re.compile(f'href="((?:{prefixes})[^"]*)"')
    notebooks = 0
    for page in book_pages(outdir):
        name = page.relative_to(outdir).with_suffix("").as_posix()
        html = page.read_text(encoding="utf-8")
        header = html.split('class="bd-article"')[0]  # the buttons, not links in the text
        links = link.findall(header)
        if (root / f"{name}.ipynb").is_file():
            notebooks += 1
            assert len(links) == 2, f"{name}: expected a Binder and a Colab link, got {links}"
            for url in links:
                assert url.split("urlpath=lab/tree/")[-1].split("/blob/main/")[-1] == \
                    f"{name}.ipynb", url
        else:
            assert links == [], f"{name} is not a notebook but has launch links {links}"
        if (root / f"{name}.md").is_file() or (root / f"{name}.ipynb").is_file():
            assert "_sources/" in html, f"{name}: no download button for its source"
    assert notebooks >= 20
