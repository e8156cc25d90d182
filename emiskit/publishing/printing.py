"""Print pages of the built book to PDF with the system Chromium, offline.

A chart printed before vega has drawn it is a blank box on paper, and a formula printed
before MathJax has typeset it is raw TeX; neither can be fixed by the reader. So each
page is printed only once every chart has marks, every widget snapshot has rendered,
every formula is typeset and every image has loaded, within a bounded wait; a page that
does not get there stops the run with its name rather than printing blank.

Pages are loaded from a server on 127.0.0.1; every other address is refused (and
counted), so what is printed is what a participant with no connection sees. The browser
uses the print stylesheet of the book (``emiskit/sphinxext/print``) from the start, so
charts are laid out at the width of the paper, not of a screen.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlparse

from pypdf import PdfReader

# Flags that keep Chromium from phoning home on a closed network (as the browser tests).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Page margins; the bottom one leaves room for the footer the binding adds.
MARGINS = {"top": "14mm", "bottom": "18mm", "left": "14mm", "right": "14mm"}
# About the width of the printable area of A4 or Letter, at 96 CSS pixels an inch.
VIEWPORT = {"width": 720, "height": 1000}

# What on the page is not yet drawn; an empty list means the page is ready to print.
PENDING_JS = """() => {
  const pending = [];
  if (document.readyState !== 'complete') pending.push('the page is still loading');
  for (const div of document.querySelectorAll('div[id^="altair-viz"]')) {
    const svg = div.querySelector('svg');
    const canvas = div.querySelector('canvas');
    let drawn = false;
    if (svg) drawn = svg.querySelector('g[class*="mark-"] > *') !== null;
    else if (canvas && canvas.width > 0 && canvas.height > 0) {
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < data.length && !drawn; i += 4 * 37) drawn = data[i] !== 0;
    }
    if (!drawn) pending.push(`chart ${div.id}`);
  }
  for (const s of document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"]')) {
    const area = s.previousElementSibling;
    if (!(area && area.classList.contains('widget-subarea')
          && area.querySelector('.lm-Widget, .jupyter-widgets')))
      pending.push('a widget snapshot');
  }
  const math = [...document.querySelectorAll('.math')].filter(
      m => !m.querySelector('mjx-container') && !m.closest('mjx-container'));
  if (math.length) pending.push(`${math.length} formula(s)`);
  const images = [...document.images].filter(i => !i.complete);
  if (images.length) pending.push(`${images.length} image(s)`);
  return pending;
}"""

# Wait for MathJax's own promises and the fonts, then let two frames paint.
SETTLE_JS = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  await document.fonts.ready;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
}"""

# Unfold what a reader would click open: dropdowns, toggled notes and hints. Solutions
# (and facilitator notes, absent from the participant edition anyway) stay folded, and so
# does code the chapter hides (the print stylesheet leaves it out).
UNFOLD_JS = r"""() => {
  const keep = el => el.closest('.solution, .facilitator-note, .vega-embed, details.hide');
  for (const d of document.querySelectorAll('details')) if (!keep(d)) d.open = true;
  for (const el of document.querySelectorAll('.toggle-hidden')) {
    if (!keep(el)) el.classList.remove('toggle-hidden');
  }
  for (const b of document.querySelectorAll('button.toggle-button')) {
    if (!keep(b)) b.classList.remove('toggle-button-hidden');
  }
  // A link whose text is its address needs it written out only once.
  const bare = s => s.trim().replace(/^https?:\/\//, '').replace(/\/$/, '');
  for (const a of document.querySelectorAll('a.reference.external')) {
    if (bare(a.textContent) === bare(a.href)) a.classList.add('print-no-href');
  }
}"""

TITLE_JS = """() => {
  const h = document.querySelector('article h1, main h1, h1');
  return (h ? h.innerText : document.title).replace(/[#¶]\\s*$/, '').trim();
}"""


def chromium_path() -> str:
    """The system Chromium (``EMISKIT_CHROMIUM`` overrides): Playwright's own browser
    download does not work offline."""
    found = os.environ.get("EMISKIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        from emiskit.publishing.handouts import HandoutError

        raise HandoutError("Chromium is missing: install it with `apt-get install chromium`.")
    return found


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) while the block runs; yield its URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class PrintedPage:
    """One page of the book printed to its own PDF."""

    docname: str
    path: Path
    title: str
    page_count: int


class Printer:
    """Headless Chromium that prints pages of the book served at ``base_url``.

    ``render=False`` prints with JavaScript off and without waiting: no chart, widget or
    formula draws. It exists so that tests can show their checks catch a blank chart.
    """

    def __init__(self, base_url: str, *, paper: str = "A4", timeout: float = 60.0,
                 render: bool = True) -> None:
        self.base_url = base_url
        self.paper = paper
        self.timeout_ms = timeout * 1000
        self.render = render
        self.blocked: list[str] = []
        self._stack = contextlib.ExitStack()
        self._page: Any = None

    def __enter__(self) -> Printer:
        try:
            self._start()
        except BaseException:
            self._stack.close()  # no browser left running when the start fails
            raise
        return self

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        playwright = self._stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        self._stack.callback(browser.close)
        context = browser.new_context(viewport=VIEWPORT, java_script_enabled=self.render)
        allowed = urlparse(self.base_url).netloc

        def route(route: Any, request: Any) -> None:
            parsed = urlparse(request.url)
            if parsed.scheme in ("data", "blob", "about") or parsed.netloc == allowed:
                route.continue_()
            else:
                self.blocked.append(request.url)
                route.abort()

        context.route("**/*", route)
        self._page = context.new_page()
        self._page.emulate_media(media="print")

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stack.close()

    def _wait_until_drawn(self, docname: str) -> None:
        from playwright.sync_api import Error as PlaywrightError

        page = self._page
        try:
            page.wait_for_function(f"() => ({PENDING_JS})().length === 0",
                                   timeout=self.timeout_ms, polling=200)
            page.evaluate(SETTLE_JS)
        except PlaywrightError as error:
            from emiskit.publishing.handouts import HandoutError

            pending = page.evaluate(PENDING_JS)
            raise HandoutError(
                f"{docname}: not drawn after {self.timeout_ms / 1000:.0f} s, so it was not "
                f"printed (still waiting for: {', '.join(pending) or error})"
            ) from error

    def print_page(self, docname: str, target: Path) -> PrintedPage:
        """Print the book page ``docname`` (e.g. ``book/module1/what-is-evidence``)."""
        page = self._page
        page.goto(f"{self.base_url}{docname}.html", wait_until="load")
        title = docname
        if self.render:
            self._wait_until_drawn(docname)
            page.evaluate(UNFOLD_JS)
            title = page.evaluate(TITLE_JS) or docname
        self._pdf(target)
        return PrintedPage(docname, target, title, len(PdfReader(target).pages))

    def print_html(self, html: str, target: Path) -> int:
        """Print a page made here (the cover, the footers) with no margins; return its
        number of pages. Its own ``@page`` rule sets the paper."""
        page = self._page
        page.set_content(html, wait_until="load")
        if self.render:
            page.evaluate("async () => { await document.fonts.ready; }")
        self._pdf(target, margins={k: "0" for k in MARGINS})
        return len(PdfReader(target).pages)

    def _pdf(self, target: Path, margins: dict[str, str] | None = None) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        self._page.pdf(path=str(target), format=self.paper, print_background=True,
                       margin=margins or MARGINS)
