"""The printed handouts, looked at as a reader would: each PDF has its cover, its
chapters and numbered pages; every chart is drawn, not a blank box; its formulas are
typeset, not raw TeX; and the solutions of the exercises stay out.

The handouts are printed once for the module (about a minute and a half). A chart is found
by its title (Chromium prints a canvas as text and shapes, so the title is in the PDF's
text) and the area under it is turned into an image with poppler's ``pdftoppm``; text is
read with ``pdftotext``
(``apt-get install poppler-utils``; ``.ci/run`` installs it). The same checks are run on
a chart page and a formula page printed *without* letting them draw, and must fail
there: so they would catch handouts printed before the charts or MathJax had rendered.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from html import unescape
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from emiskit.publishing.editions import PARTICIPANT, edition_toc, load_toc
from emiskit.publishing.handouts import Handout, course_title, make_handouts, plan_handouts
from emiskit.publishing.printing import Printer, serve

# Under a drawn chart's title, at DPI: at least this many strongly coloured pixels (its
# marks; a thin line chart has about 120) and this share of inked ones (its axes and
# labels too; at least 3.5% measured on every chart of the course).
MIN_COLOURED = 50
MIN_INKED = 0.02
GREY_INKED = 0.10  # a chart all in grey (the toolkit chart before a choice): 16%
CHART_PT = 200  # how far below its title a chart is looked for, in points
DPI = 50
SPEC = re.compile(r'\}\)\((\{.*?\}), \{"mode": "vega-lite"\}\);', re.S)
RAW_TEX = re.compile(r"\\frac|\\mathrm|\\times|\$\$|\\\[|\\\(")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} is missing: install it with `apt-get install poppler-utils`.")
    return found


def _plan(root: Path) -> dict[str, Handout]:
    toc = edition_toc(load_toc(root / "_toc.yml"), root, PARTICIPANT)
    return {h.slug: h for h in plan_handouts(toc)}


def _apart(work):  # type: ignore[no-untyped-def]
    """Run ``work`` in a thread of its own: the other browser tests' session keeps
    Playwright's event loop running in this one, and the printer uses its own."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()


@pytest.fixture(scope="module")
def handouts(root: Path, built_book: Path,
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("handouts")
    return _apart(lambda: {path.stem: path for path in make_handouts(out, root=root)})


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, ligatures undone and spaces evened out."""
    text = subprocess.run([_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")[: len(PdfReader(pdf).pages)]
    return [re.sub(r"\s+", " ", unicodedata.normalize("NFKC", p)) for p in pages]


def ink(image: Image.Image) -> tuple[int, float]:
    """(pixels in strong colour, share of pixels that are not white) of an image.

    A drawn chart has both: its bars, lines and dots are coloured, its axes and labels
    dark. Text has no colour (links aside), a blank chart has no ink at all.
    """
    pixels = list(image.convert("RGB").get_flattened_data())
    coloured = sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 50)
    inked = sum(1 for r, g, b in pixels if min(r, g, b) < 200)
    return coloured, inked / len(pixels)


def render(pdf: Path, page: int, tmp: Path) -> Image.Image:
    """Page ``page`` (1-based) as ``pdftoppm`` draws it, at DPI dots per inch."""
    prefix = tmp / f"{pdf.stem}-{page}"
    subprocess.run([_tool("pdftoppm"), "-r", str(DPI), "-png", "-singlefile", "-f",
                    str(page), "-l", str(page), str(pdf), str(prefix)], check=True)
    return Image.open(prefix.with_suffix(".png"))


def chart_titles(book: Path, docname: str) -> list[str]:
    """The titles of the Altair charts of a built page, read from their specifications."""
    titles = []
    for match in SPEC.finditer((book / f"{docname}.html").read_text(encoding="utf-8")):
        title = json.loads(match.group(1)).get("title")
        if isinstance(title, dict):
            title = title.get("text")
        if isinstance(title, str) and title:
            titles.append(title)
    return titles


def find_line(pdf: Path, text: str, first: int, last: int) -> tuple[int, float] | None:
    """(page, top in points) of the first line of pages ``first``-``last`` that reads
    exactly ``text``: a chart's title as the chart drew it (a code cell that spells the
    title out holds it inside a longer line)."""
    layout = subprocess.run(
        [_tool("pdftotext"), "-bbox-layout", "-f", str(first), "-l", str(last), str(pdf), "-"],
        capture_output=True, text=True, check=True).stdout
    wanted = _norm(text)
    for number, page in enumerate(layout.split("<page ")[1:], first):
        for line in re.finditer(r'<line xMin="[\d.]+" yMin="([\d.]+)".*?</line>', page, re.S):
            words = re.findall(r">([^<]*)</word>", line.group(0))
            if _norm(unescape(" ".join(words))) == wanted:
                return number, float(line.group(1))
    return None


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def chart_ink(pdf: Path, title: str, first: int, last: int,
              tmp: Path) -> tuple[int, float] | None:
    """:func:`ink` of the area under a chart's title (None when no chart has that title:
    a chart that has not drawn has not drawn its title either)."""
    found = find_line(pdf, title, first, last)
    if found is None:
        return None
    number, top = found
    image = render(pdf, number, tmp)
    scale = DPI / 72
    box = (0, int(top * scale), image.width, min(image.height, int((top + CHART_PT) * scale)))
    return ink(image.crop(box))


def chapters(pdf: Path) -> list[tuple[str, int, int]]:
    """(title, first page, last page) of each chapter, 1-based, from the PDF's outline."""
    reader = PdfReader(pdf)
    starts = [(item.title, reader.get_destination_page_number(item) + 1)
              for item in reader.outline]
    ends = [start - 1 for _, start in starts[1:]] + [len(reader.pages)]
    return [(title, start, end) for (title, start), end in zip(starts, ends, strict=True)]


def built_title(book: Path, docname: str) -> str:
    html = (book / f"{docname}.html").read_text(encoding="utf-8")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert h1, docname
    text = re.sub(r"<a class=\"headerlink\".*?</a>|<[^>]+>", "", h1.group(1), flags=re.S)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", unescape(text))).strip()


def has(book: Path, docname: str, marker: str) -> bool:
    return marker in (book / f"{docname}.html").read_text(encoding="utf-8")


def test_every_handout_is_written(root: Path, handouts: dict[str, Path]) -> None:
    assert sorted(handouts) == sorted(_plan(root))
    assert sorted(handouts) == ["module-0", "module-1", "module-2", "module-3",
                                "participant-book"]


@pytest.mark.parametrize("slug", ["module-0", "module-1", "module-2", "module-3",
                                  "participant-book"])
def test_cover_chapters_and_page_numbers(root: Path, built_book: Path,
                                         handouts: dict[str, Path], slug: str) -> None:
    handout = _plan(root)[slug]
    pdf = handouts[slug]
    texts = page_texts(pdf)
    found = chapters(pdf)
    front = found[0][1] - 1  # cover and contents come before the first chapter
    assert len(texts) > front >= 2
    assert course_title(root) in texts[0] and handout.title in texts[0]
    assert "CC BY 4.0" in texts[0]
    assert len(found) == len(handout.pages), "one bookmark per chapter"
    body = " ".join(texts[front:])
    missing = [d for d in handout.pages if built_title(built_book, d) not in body]
    assert missing == [], "chapter titles not printed"
    for number in (2, len(texts)):
        assert f"Page {number} of {len(texts)}" in texts[number - 1]
    assert "Page 1 of" not in texts[0]
    footer = re.compile(re.escape(f"{course_title(root)} · {handout.title}") + r"|Page \d+ of \d+")
    blank = [n for n, text in enumerate(texts, 1) if not footer.sub("", text).strip()]
    assert blank == [], "blank pages (something too tall for a sheet that would not break)"
    # No link written out with the address of the server the pages were printed from.
    assert not re.search(r"127\.0\.0\.1:\d+/\S*\.html", " ".join(texts))


def drawn(found: tuple[int, float] | None) -> bool:
    """Whether :func:`chart_ink` found a drawn chart: its title, then axes and labels,
    and marks in colour (or, for a chart drawn in grey until the reader picks something,
    grey marks over a large area)."""
    if found is None:
        return False
    coloured, inked = found
    return inked >= MIN_INKED and (coloured >= MIN_COLOURED or inked >= GREY_INKED)


@pytest.mark.parametrize("slug", ["module-0", "module-1", "module-2", "module-3",
                                  "participant-book"])
def test_charts_are_drawn(root: Path, built_book: Path, handouts: dict[str, Path],
                          slug: str, tmp_path: Path) -> None:
    """Every chart of a module's handout (the first ones of the whole book)."""
    pdf = handouts[slug]
    charts = [(title, first, last)
              for docname, (_, first, last) in zip(_plan(root)[slug].pages, chapters(pdf),
                                                   strict=True)
              for title in chart_titles(built_book, docname)]
    if slug == "participant-book":
        charts = charts[:6]
    assert len(charts) >= 3, f"{slug}: too few charts to look at"
    blank = [title for title, first, last in charts
             if not drawn(chart_ink(pdf, title, first, last, tmp_path))]
    assert blank == [], f"{slug}: charts not drawn"


@pytest.mark.parametrize("slug", ["module-0", "module-2", "participant-book"])
def test_formulas_are_typeset(root: Path, built_book: Path, handouts: dict[str, Path],
                              slug: str) -> None:
    pdf = handouts[slug]
    texts = page_texts(pdf)
    handout = _plan(root)[slug]
    with_math = [(d, chapter) for d, chapter in zip(handout.pages, chapters(pdf), strict=True)
                 if has(built_book, d, 'class="math')]
    assert with_math, f"{slug} has no formula to look at"
    for docname, (_, first, last) in with_math:
        raw = RAW_TEX.findall(" ".join(texts[first - 1:last]))
        assert raw == [], f"{docname}: raw TeX printed"


def solution_openings(book: Path, docname: str) -> list[str]:
    """The first words of each worked solution (sphinx-exercise) on a built page."""
    html = (book / f"{docname}.html").read_text(encoding="utf-8")
    openings = []
    for block in re.split(r'<div class="solution[ "]', html)[1:]:
        paragraphs = re.findall(r"<p>(.*?)</p>", block, re.S)
        if paragraphs:
            text = _norm(unescape(re.sub(r"<[^>]+>", "", paragraphs[0])))
            openings.append(" ".join(text.split()[:8]))
    return openings


def test_solutions_stay_out_of_the_handouts(root: Path, built_book: Path,
                                             handouts: dict[str, Path]) -> None:
    pages = _plan(root)["module-1"].pages
    openings = [o for d in pages for o in solution_openings(built_book, d) if len(o) > 30]
    assert len(openings) >= 5, "the module has worked solutions to look for"
    text = " ".join(page_texts(handouts["module-1"]))
    assert [o for o in openings if o in text] == [], "solutions printed"
    assert "Exercise 5" in text  # the exercises themselves are printed


@pytest.fixture(scope="module")
def unrendered(built_book: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A chart page and a formula page printed without letting them draw."""
    out = tmp_path_factory.mktemp("unrendered")
    pages = {"chart": "notebooks/pipeline-check", "math": "book/appendix/indicators"}

    def work() -> dict[str, Path]:
        with serve(built_book) as url, Printer(url, render=False) as printer:
            return {kind: printer.print_page(doc, out / f"{kind}.pdf").path
                    for kind, doc in pages.items()}

    return _apart(work)


def test_the_checks_see_a_chart_printed_before_it_drew(built_book: Path,
                                                       handouts: dict[str, Path],
                                                       unrendered: dict[str, Path],
                                                       tmp_path: Path) -> None:
    doc = "notebooks/pipeline-check"
    (title,) = chart_titles(built_book, doc)
    blank = unrendered["chart"]
    assert not drawn(chart_ink(blank, title, 1, len(PdfReader(blank).pages), tmp_path))
    # The same chart in the module 0 handout passes the same check.
    _, first, last = next(c for c in chapters(handouts["module-0"])
                          if c[0] == built_title(built_book, doc))
    assert drawn(chart_ink(handouts["module-0"], title, first, last, tmp_path))


def test_the_checks_see_formulas_printed_before_mathjax(unrendered: dict[str, Path]) -> None:
    assert RAW_TEX.search(" ".join(page_texts(unrendered["math"])))
