"""Bind printed pages into one handout: a cover with its contents, then the pages, each
with a footer that names the handout and numbers the page.

The pages are printed one book page at a time, so each PDF starts again at page 1;
numbers that run through the whole handout, and a contents list that points at them, can
only be added after the pages are joined. Chromium draws the cover and the footers too
(from HTML made here), so they use the same fonts as the book and any language's
characters; pypdf lays each footer over its page. The PDF also gets an outline (the
bookmarks pane) with one entry per chapter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path
from typing import Protocol

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject

from emiskit.publishing.printing import PrintedPage

LICENCE = ("Course text, notebooks, exercises and sample data: CC BY 4.0. Code: MIT licence. "
           "The sample data describe a fictional country; no figure in them is a real "
           "statistic.")
NOTE = ("Printed from the participant edition of the course book. Charts and widgets are "
        "shown as they first appear on screen; open the book or run the notebooks to "
        "change them.")
# Paper height in millimetres, for sheets that must fill exactly one page each.
PAPER_HEIGHT_MM = {"A4": 297.0, "Letter": 279.4}

_STYLE = """
@page { margin: 0; }
html, body { margin: 0; padding: 0; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #222; }
.sheet { position: relative; box-sizing: border-box; overflow: hidden;
         break-after: page; }
.sheet:last-child { break-after: auto; }
"""


class HtmlPrinter(Protocol):
    """What binding needs from :class:`emiskit.publishing.printing.Printer`."""

    paper: str
    base_url: str

    def print_html(self, html: str, target: Path) -> int: ...


@dataclass(frozen=True)
class Cover:
    """What the first page of a handout says."""

    course: str
    title: str
    day: date = field(default_factory=date.today)
    licence: str = LICENCE


def _sheet_height(paper: str) -> str:
    # Half a millimetre short of the paper, so rounding never spills onto a blank page.
    return f"{PAPER_HEIGHT_MM.get(paper, 297.0) - 0.5}mm"


def cover_html(cover: Cover, contents: Sequence[tuple[str, int]], paper: str = "A4") -> str:
    """The cover and contents list; ``contents`` is (chapter title, first page number)."""
    rows = "\n".join(
        f'<li><span class="t">{escape(title)}</span><span class="n">{number}</span></li>'
        for title, number in contents
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{escape(cover.title)}</title><style>{_STYLE}
.cover {{ height: {_sheet_height(paper)}; padding: 45mm 22mm 20mm; }}
.course {{ font-size: 15pt; color: #0072b2; font-weight: 600; margin: 0 0 6mm; }}
h1 {{ font-size: 28pt; line-height: 1.2; margin: 0 0 10mm; }}
.day {{ font-size: 12pt; margin: 0 0 4mm; }}
.note {{ font-size: 10.5pt; line-height: 1.5; max-width: 140mm; }}
.licence {{ position: absolute; left: 22mm; right: 22mm; bottom: 20mm; font-size: 9pt;
           color: #444; border-top: .4pt solid #999; padding-top: 3mm; line-height: 1.5; }}
.contents {{ padding: 20mm 22mm 22mm; }}
.contents h2 {{ font-size: 16pt; margin: 0 0 6mm; }}
.contents ol {{ list-style: none; padding: 0; margin: 0; font-size: 10.5pt; }}
.contents li {{ display: flex; gap: 4mm; padding: 1.2mm 0; border-bottom: .3pt dotted #bbb;
               break-inside: avoid; }}
.contents .t {{ flex: 1; }}
</style></head><body>
<section class="sheet cover">
<p class="course">{escape(cover.course)}</p>
<h1>{escape(cover.title)}</h1>
<p class="day">Printed on {cover.day:%d %B %Y}</p>
<p class="note">{escape(NOTE)}</p>
<p class="licence">{escape(cover.licence)}</p>
</section>
<section class="contents"><h2>Contents</h2><ol>
{rows}
</ol></section>
</body></html>"""


def footer_html(labels: Sequence[str], total: int, paper: str = "A4") -> str:
    """One sheet per page of the handout, with its footer; the cover's label is empty."""
    sheets = "\n".join(
        f'<section class="sheet">{"" if not label else _footer(label, n, total)}</section>'
        for n, label in enumerate(labels, 1)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>{_STYLE}
.sheet {{ height: {_sheet_height(paper)}; }}
.foot {{ position: absolute; left: 14mm; right: 14mm; bottom: 7mm; display: flex;
        justify-content: space-between; gap: 6mm; font-size: 8pt; color: #555;
        border-top: .3pt solid #aaa; padding-top: 1.5mm; }}
</style></head><body>
{sheets}
</body></html>"""


def _footer(label: str, number: int, total: int) -> str:
    return (f'<div class="foot"><span>{escape(label)}</span>'
            f"<span>Page {number} of {total}</span></div>")


def _drop_local_links(writer: PdfWriter, base_url: str) -> None:
    """Remove links to the print server's address, which means nothing on paper or later."""
    for page in writer.pages:
        annots = page.get("/Annots")
        if not annots:
            continue
        kept = ArrayObject()
        for ref in annots:
            action = ref.get_object().get("/A") or {}
            if not str(action.get("/URI", "")).startswith(base_url):
                kept.append(ref)
        page[NameObject("/Annots")] = kept


def _front_matter(cover: Cover, pages: Sequence[PrintedPage], printer: HtmlPrinter,
                  target: Path) -> int:
    """Print the cover and contents; return how many pages they take."""
    length = 2
    for _ in range(3):  # the contents' page numbers depend on its own length
        starts, number = [], length + 1
        for page in pages:
            starts.append((page.title, number))
            number += page.page_count
        printed = printer.print_html(cover_html(cover, starts, printer.paper), target)
        if printed == length:
            return length
        length = printed
    return length


def bind(cover: Cover, pages: Sequence[PrintedPage], target: Path,
         printer: HtmlPrinter) -> Path:
    """Write the handout ``target`` from the printed ``pages``, in that order."""
    work = target.parent / ".pages" / f"_{target.stem}"
    front = work.with_name(work.name + "-front.pdf")
    _front_matter(cover, pages, printer, front)
    writer = PdfWriter()
    writer.append(str(front))
    for page in pages:
        start = len(writer.pages)
        writer.append(str(page.path), import_outline=False)
        writer.add_outline_item(title=page.title, page_number=start)
    _drop_local_links(writer, printer.base_url)
    total = len(writer.pages)
    label = f"{cover.course} · {cover.title}"
    footers = work.with_name(work.name + "-footers.pdf")
    labels = ["" if n == 0 else label for n in range(total)]
    if printer.print_html(footer_html(labels, total, printer.paper), footers) != total:
        raise RuntimeError(f"The footers of {target.name} did not come out one per page.")
    for page, footer, text in zip(writer.pages, PdfReader(footers).pages, labels, strict=True):
        if text:
            page.merge_page(footer)
            page.compress_content_streams()  # merging leaves the page's drawing unpacked
    writer.add_metadata({"/Title": f"{cover.course}: {cover.title}", "/Author": cover.course})
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    partial = target.with_name(target.name + ".partial")
    with partial.open("wb") as stream:
        writer.write(stream)
    partial.replace(target)  # a half-written PDF never carries the final name
    return target
