"""Browser fixtures: the built book served on 127.0.0.1 and headless Chromium that may
reach nothing else, so a page that needs the internet fails its test.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags that keep Chromium from phoning home on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _built(root: Path, edition: str) -> Path:
    from emiskit.publishing.build import output_dir

    html = output_dir(edition, root)
    if not (html / "index.html").exists():
        command = "make book" if edition == "participant" else "make facilitator-book"
        pytest.fail(f"The {edition} edition is not built: run `{command}` first "
                    "(`make test` does it).")
    return html


@contextlib.contextmanager
def _serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def built_book(root: Path) -> Path:
    """The participant edition (what `make book` builds)."""
    return _built(root, "participant")


@pytest.fixture(scope="session")
def facilitator_book(root: Path) -> Path:
    return _built(root, "facilitator")


@pytest.fixture(scope="session")
def book_url(built_book: Path) -> Iterator[str]:
    with _serve(built_book) as url:
        yield url


@pytest.fixture(scope="session")
def facilitator_url(facilitator_book: Path) -> Iterator[str]:
    with _serve(facilitator_book) as url:
        yield url


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: install it with `apt-get install chromium`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@dataclass
class PageLog:
    """What a page did that a test may object to."""

    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)


@pytest.fixture
def offline_page(chromium, book_url: str) -> Iterator[tuple[object, PageLog]]:
    """A fresh page whose requests to any host but the book's own are blocked and logged."""
    with _offline_context(chromium, urlparse(book_url).netloc) as result:
        yield result


@pytest.fixture
def offline_page_factory(chromium) -> Iterator[object]:
    """Make offline pages allowed to reach one host (``""`` allows only file://)."""
    with contextlib.ExitStack() as stack:
        yield lambda allowed: stack.enter_context(_offline_context(chromium, allowed))


@contextlib.contextmanager
def _offline_context(chromium, allowed: str) -> Iterator[tuple[object, PageLog]]:
    context = chromium.new_context()
    log = PageLog()

    def route(route, request) -> None:
        parsed = urlparse(request.url)
        if parsed.scheme in ("data", "blob") or (
            parsed.netloc == allowed and (allowed or parsed.scheme == "file")
        ):
            route.continue_()
        else:
            log.outside_requests.append(request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    def on_console(message) -> None:
        if message.type == "error":
            where = (message.location or {}).get("url", "")
            log.console_errors.append(f"{message.text} [{where}]" if where else message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: log.console_errors.append(str(error)))
    try:
        yield page, log
    finally:
        context.close()
