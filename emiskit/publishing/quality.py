"""Quality gates on a built edition of the book, read from its HTML files.

Sphinx (run with ``-W -n``) already fails on warnings and on cross-references that do
not resolve. These checks cover what it cannot see, page by page:

- every internal link and anchor points at a file and an ``id`` that exist (outside
  links are left to ``make linkcheck``: CI has no internet);
- every image has a text alternative, and every Altair chart a ``description`` (which
  vega-embed gives the drawn chart as its accessible name);
- headings nest: one ``h1``, and no level skipped on the way down;
- no page weighs more than :data:`MAX_PAGE_BYTES` (its HTML, which carries the inline
  chart data; the shared scripts under ``_static`` are not counted);
- the participant edition holds no facilitator note and no solution page; the
  facilitator edition holds the solution of every graded exercise.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from emiskit.publishing.editions import FACILITATOR_NOTE_CLASS, PARTICIPANT, SOLUTIONS_DIR

MAX_PAGE_BYTES = 1_500_000
# Sphinx's own generated pages are not book pages.
GENERATED = {"genindex.html", "search.html", "py-modindex.html"}
# Altair's HTML output ends its script with ``})(SPEC, EMBED_OPTIONS);``.
_SPEC_START = re.compile(r"\}\)\((?=\{)")


@dataclass(frozen=True)
class Problem:
    page: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}: [{self.check}] {self.message}"


class _PageParser(HTMLParser):
    """Collect what the checks need from one page in one pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.images: list[tuple[str, str | None, bool]] = []  # src, alt, hidden
        self.headings: list[tuple[int, str]] = []
        self.classes: set[str] = set()
        self.in_article = 0
        self._heading: int | None = None
        self._heading_text: list[str] = []
        self._depth = 0
        self._article_depth: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self._depth += 1
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key] or "")
        self.classes.update((a.get("class") or "").split())
        if tag == "article" and "bd-article" in (a.get("class") or ""):
            self._article_depth = self._depth
        if tag in ("a", "link") and a.get("href"):
            self.links.append(a["href"] or "")
        if tag in ("img", "script", "iframe", "source") and a.get("src"):
            self.links.append(a["src"] or "")
        if tag == "img":
            hidden = a.get("aria-hidden") == "true" or a.get("role") == "presentation"
            self.images.append((a.get("src") or "", a.get("alt"), hidden))
        if self._article_depth is not None and re.fullmatch(r"h[1-6]", tag):
            self._heading = int(tag[1])
            self._heading_text = []

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == f"h{self._heading}":
            text = " ".join("".join(self._heading_text).split()).rstrip("#").strip()
            self.headings.append((self._heading, text))
            self._heading = None
        depth = self._article_depth
        if depth is not None and tag == "article" and self._depth <= depth:
            self._article_depth = None
        self._depth -= 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading_text.append(data)


def parse_page(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser


def heading_problems(headings: list[tuple[int, str]]) -> list[str]:
    """Headings must start at one ``h1`` and go down one level at a time."""
    if not headings:
        return ["the page has no heading"]
    problems = []
    if headings[0][0] != 1:
        problems.append(f"the first heading ({headings[0][1]!r}) is h{headings[0][0]}, not h1")
    ones = [text for level, text in headings if level == 1]
    if len(ones) > 1:
        problems.append(f"the page has {len(ones)} h1 headings ({', '.join(map(repr, ones))}); "
                        "keep one title and make the others ## sections")
    for (before, _), (level, text) in itertools.pairwise(headings):
        if level > before + 1:
            problems.append(f"heading {text!r} is h{level} right after an h{before}: "
                            f"a level is skipped")
    return problems


def chart_specs(html: str) -> list[dict]:
    """The Vega-Lite specifications of the Altair charts embedded in a page."""
    decoder = json.JSONDecoder()
    specs = []
    for match in _SPEC_START.finditer(html):
        try:
            spec, _ = decoder.raw_decode(html, match.end())
        except json.JSONDecodeError:
            continue
        if isinstance(spec, dict) and "vega-lite" in str(spec.get("$schema", "")):
            specs.append(spec)
    return specs


def chart_description_problems(html: str) -> list[str]:
    """Every Altair chart on the page must carry a non-empty ``description``."""
    problems = []
    for number, spec in enumerate(chart_specs(html), start=1):
        if not str(spec.get("description", "")).strip():
            title = spec.get("title")
            if isinstance(title, dict):
                title = title.get("text")
            named = f" ({title!r})" if title else ""
            problems.append(
                f"chart {number}{named} has no text alternative: add "
                ".properties(description=\"...\") saying what the chart shows"
            )
    return problems


def _is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith(("mailto:", "//"))


def link_problems(
    page: Path, links: list[str], outdir: Path, ids_of: dict[Path, set[str]]
) -> list[str]:
    """Internal links from ``page`` that lead to no file, or to no such anchor."""
    problems = []
    for url in links:
        if not _is_internal(url):
            continue
        parts = urlsplit(url)
        target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
        inside = outdir in (target, *target.parents)
        if parts.path and (not target.exists() or not inside):
            problems.append(f"links to {url}, which is not in the book")
            continue
        if target.is_dir():
            target = target / "index.html"
        fragment = unquote(parts.fragment)
        if fragment and target.suffix == ".html":
            if target not in ids_of:
                ids_of[target] = parse_page(target.read_text(encoding="utf-8")).ids
            if fragment not in ids_of[target]:
                problems.append(f"links to {url}, but that page has no anchor #{fragment}")
    return problems


def book_pages(outdir: Path) -> list[Path]:
    return sorted(
        p for p in outdir.rglob("*.html")
        if not p.relative_to(outdir).parts[0].startswith("_") and p.name not in GENERATED
    )


def check_book(outdir: Path, edition: str = PARTICIPANT) -> list[Problem]:
    """Run every gate on the built edition in ``outdir``; return the problems found."""
    if not (outdir / "index.html").is_file():
        return [Problem(str(outdir), "build", "no built book here: run `make book` first")]
    outdir = outdir.resolve()
    problems: list[Problem] = []
    ids_of: dict[Path, set[str]] = {}
    pages = book_pages(outdir)
    for page in pages:
        name = page.relative_to(outdir).as_posix()
        html = page.read_text(encoding="utf-8")
        parsed = parse_page(html)
        ids_of[page.resolve()] = parsed.ids

        def add(check: str, message: str, name: str = name) -> None:
            problems.append(Problem(name, check, message))

        if page.name == "index.html" and page.parent == outdir and "Refresh" in html:
            continue  # the redirect to the first page
        for message in link_problems(page.resolve(), parsed.links, outdir, ids_of):
            add("links", message)
        for src, alt, hidden in parsed.images:
            if not hidden and not (alt or "").strip():
                add("text alternative", f"image {src} has no alt text")
        for message in chart_description_problems(html):
            add("text alternative", message)
        for message in heading_problems(parsed.headings):
            add("headings", message)
        size = page.stat().st_size
        if size > MAX_PAGE_BYTES:
            add("page weight", f"{size / 1e6:.2f} MB, over the {MAX_PAGE_BYTES / 1e6:.1f} MB "
                "limit: show less data per chart (aggregate first) or split the page")
        if edition == PARTICIPANT:
            if FACILITATOR_NOTE_CLASS in parsed.classes:
                add("edition", "a facilitator note is shown in the participant edition")
            if name.startswith(SOLUTIONS_DIR):
                add("edition", "a solution page is in the participant edition")
    if edition != PARTICIPANT and not any(
        p.relative_to(outdir).as_posix().startswith(SOLUTIONS_DIR) for p in pages
    ):
        problems.append(Problem(str(outdir), "edition",
                                "the facilitator edition has no solution pages"))
    return problems


def page_weights(outdir: Path) -> list[tuple[str, int]]:
    """Each book page and its size in bytes, heaviest first."""
    return sorted(
        ((p.relative_to(outdir).as_posix(), p.stat().st_size) for p in book_pages(outdir)),
        key=lambda item: -item[1],
    )


def print_report(problems: list[Problem], outdir: Path) -> None:
    pages = len(book_pages(outdir)) if outdir.is_dir() else 0
    if not problems:
        print(f"All quality gates pass on {pages} pages in {outdir}.")
        return
    print(f"{len(problems)} problem(s) in {outdir}:")
    for problem in problems:
        print(f"  {problem}")
