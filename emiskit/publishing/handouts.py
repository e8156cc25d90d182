"""Printable handouts: one PDF per module and one for the whole participant book.

Participants on weak connections print. ``emiskit book handouts`` (``make handouts``)
opens every page of the built participant edition in headless Chromium, served from
127.0.0.1 with every other address blocked, waits until its charts, widget snapshots and
math have drawn, and prints it (:mod:`emiskit.publishing.printing`). Each page is printed
once; the handouts are then bound from those page PDFs, each with a cover, a contents list
and numbered pages (:mod:`emiskit.publishing.binding`).

Which pages go into which handout follows the parts of ``_toc.yml`` (as the participant
edition has them), so a new chapter lands in its module's handout with no change here:

- ``module-N.pdf``: the part "Module N: ..."; module 0 opens with the book's front page
  and the "Start here" part (setting up is what the first session does);
- the last module also carries the capstone, which is written after the three modules;
- a graded exercise goes with module N when its name starts with ``moduleN-``, else with
  module 0 (the introductory exercises practise module 0's GER and parity index);
- ``participant-book.pdf``: every page, in the book's order (with the reference part).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from emiskit.paths import course_root
from emiskit.publishing.editions import OUTPUT_DIRS, PARTICIPANT, edition_toc, load_toc

OUTPUT = Path("_build/handouts")
BOOK_SLUG = "participant-book"
BOOK_TITLE = "The participant book"
START_HERE = "Start here"
CAPSTONE = "Capstone"
EXERCISES = "Graded exercises"
_MODULE = re.compile(r"^Module (?P<number>\d+)\b")
_MODULE_EXERCISE = re.compile(r"^module(?P<number>\d+)-")


class HandoutError(RuntimeError):
    """The handouts cannot be made (book not built, a page that would not draw, ...)."""


@dataclass(frozen=True)
class Handout:
    """One PDF to write: its file name (without ``.pdf``), cover title and pages."""

    slug: str
    title: str
    pages: tuple[str, ...]

    @property
    def filename(self) -> str:
        return f"{self.slug}.pdf"


def _docname(entry: str) -> str:
    """A table-of-contents entry without its suffix, as the built page is named."""
    return entry.removesuffix(".md").removesuffix(".ipynb")


def _files(node: dict[str, Any]) -> list[str]:
    out = [_docname(node["file"])] if "file" in node else []
    for key in ("chapters", "sections"):
        for child in node.get(key, []) or []:
            out += _files(child)
    return out


def plan_handouts(toc: dict[str, Any]) -> list[Handout]:
    """The handouts of an edition's table of contents: the modules, then the whole book.

    Raises :class:`HandoutError` when the table of contents has no "Module N" part, since
    handouts without modules would be a sign the parts were renamed.
    """
    modules: dict[int, tuple[str, list[str]]] = {}
    start: list[str] = [_docname(toc["root"])]
    capstone: list[str] = []
    exercises: list[str] = []
    for part in toc.get("parts", []):
        caption = str(part.get("caption", ""))
        files = _files(part)
        if match := _MODULE.match(caption):
            modules[int(match["number"])] = (caption, files)
        elif caption == START_HERE:
            start += files
        elif caption.startswith(CAPSTONE):
            capstone += files
        elif caption == EXERCISES:
            exercises += files
    if not modules:
        raise HandoutError("_toc.yml has no part whose caption starts with 'Module N'.")
    first, last = min(modules), max(modules)
    pages: dict[int, list[str]] = {n: list(files) for n, (_, files) in modules.items()}
    pages[first][:0] = start
    for exercise in exercises:
        match = _MODULE_EXERCISE.match(Path(exercise).name)
        number = int(match["number"]) if match and int(match["number"]) in pages else first
        pages[number].append(exercise)
    pages[last] += capstone
    handouts = [
        Handout(f"module-{n}", modules[n][0], tuple(pages[n])) for n in sorted(modules)
    ]
    everything = [_docname(toc["root"])]
    everything += [f for part in toc.get("parts", []) for f in _files(part)]
    handouts.append(Handout(BOOK_SLUG, BOOK_TITLE, tuple(everything)))
    return handouts


def course_title(root: Path) -> str:
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    return str(config.get("title") or "Course handout")


def make_handouts(
    output: Path | str | None = None,
    root: Path | None = None,
    *,
    paper: str = "A4",
    only: list[str] | None = None,
) -> list[Path]:
    """Print the built participant edition and write the handouts; return their paths.

    ``only`` keeps the handouts whose slug is listed (``module-1``, ``participant-book``),
    to print fewer pages while working on one module.
    """
    from emiskit.publishing.binding import Cover, bind
    from emiskit.publishing.printing import Printer, serve

    root = (root or course_root()).resolve()
    book = root / OUTPUT_DIRS[PARTICIPANT]
    if not (book / "index.html").is_file():
        raise HandoutError(f"The book is not built in {book}: run `make book` first "
                           "(`make handouts` does it).")
    handouts = plan_handouts(edition_toc(load_toc(root / "_toc.yml"), root, PARTICIPANT))
    if only:
        unknown = sorted(set(only) - {h.slug for h in handouts})
        if unknown:
            raise HandoutError(f"No handout called {', '.join(unknown)}; choose from "
                               + ", ".join(h.slug for h in handouts))
        handouts = [h for h in handouts if h.slug in only]
    out = Path(output) if output else root / OUTPUT
    pages_dir = out / ".pages"
    wanted = list(dict.fromkeys(page for h in handouts for page in h.pages))
    title = course_title(root)
    written = []
    with serve(book) as url, Printer(url, paper=paper) as printer:
        started = time.monotonic()
        printed = {}
        for number, docname in enumerate(wanted, 1):
            printed[docname] = printer.print_page(docname, pages_dir / f"{docname}.pdf")
            print(f"[{number}/{len(wanted)}] printed {docname}", flush=True)
        print(f"Printed {len(wanted)} pages in {time.monotonic() - started:.0f} s", flush=True)
        if printer.blocked:
            # The pages printed, but something on them wanted the internet: say what.
            print("Blocked requests to other hosts (the book should not need them): "
                  + ", ".join(sorted(set(printer.blocked))), flush=True)
        for handout in handouts:
            cover = Cover(course=title, title=handout.title)
            target = out / handout.filename
            bind(cover, [printed[p] for p in handout.pages], target, printer)
            written.append(target)
            print(f"Wrote {target} ({target.stat().st_size / 1e6:.1f} MB)", flush=True)
    return written
