"""The Module 0 notebook works in a real JupyterLab with no internet.

A participant's first contact with the course is opening a notebook in JupyterLab on a
laptop that may be offline. This test starts a local JupyterLab server on a copy of the
Module 0 notebook, opens it in headless Chromium with every request that does not go to
that server blocked, runs all cells from the menu and checks that:

- every cell runs without an error;
- the Altair charts draw (an SVG or a canvas inside each chart), which proves that the
  offline renderer chosen by ``charts.setup()`` carries its own JavaScript: JupyterLab
  4.6 cannot draw Altair 6's Vega-Lite v6 by itself and would fetch it from a CDN;
- the chart's drop-down menu (an Altair parameter) redraws the chart;
- an ipywidgets drop-down talks to the kernel: choosing another district changes the text
  under it, and the course's knowledge check answers when its Check button is pressed;
- nothing was requested from any host but the local server.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

NOTEBOOK = "module0-getting-started.ipynb"
TOKEN = "emiskit-browser-test"
START_TIMEOUT = 60  # seconds for the server to answer
RUN_TIMEOUT = 90_000  # milliseconds for all cells to run
DRAW_TIMEOUT = 30_000  # milliseconds for a chart or a widget to draw

# JupyterLab settings for a quiet, deterministic session: every cell attached to the page
# (no virtual scrolling, so every output can be found), no news or update checks.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    url: str
    folder: Path
    log: Path

    @property
    def host(self) -> str:
        return urlparse(self.url).netloc

    def wait_for_idle_kernel(self, timeout: float = 60) -> None:
        """Wait until the server has one kernel, idle and with a browser connected."""
        deadline = time.monotonic() + timeout
        kernels: list[dict] = []
        while time.monotonic() < deadline:
            with urllib.request.urlopen(f"{self.url}api/kernels?token={TOKEN}", timeout=5) as r:
                kernels = json.load(r)
            if any(k["execution_state"] == "idle" and k["connections"] > 0 for k in kernels):
                return
            time.sleep(0.25)
        pytest.fail(f"no idle, connected kernel after {timeout} s: {kernels}\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


@pytest.fixture(scope="module")
def lab_server(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """JupyterLab on 127.0.0.1, serving a temporary copy of the Module 0 notebook.

    A copy, because JupyterLab saves the notebook it runs: the committed notebook keeps
    the outputs nbval compares. Settings, runtime files and the notebook-trust database go
    to temporary folders, so the test neither reads nor changes the user's own Jupyter.
    """
    base = tmp_path_factory.mktemp("jupyterlab")
    folder = base / "work"
    folder.mkdir()
    # Execution counts are cleared, so that a numbered prompt proves the cell ran in this
    # session; the stored outputs stay: opening them must not fetch anything either.
    notebook = nbformat.read(root / "notebooks" / NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.execution_count = None
            for output in cell.outputs:
                if "execution_count" in output:
                    output.execution_count = None
    nbformat.write(notebook, folder / NOTEBOOK)
    settings = base / "settings"
    for name, values in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    env = dict(os.environ)
    env.update(
        {
            "JUPYTER_CONFIG_DIR": str(base / "config"),
            "JUPYTER_DATA_DIR": str(base / "data"),
            "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
            "IPYTHONDIR": str(base / "ipython"),
            "EMISKIT_HOME": str(root),
        }
    )
    env.pop("EMISKIT_CHARTS", None)  # let charts.setup() choose as it would for a learner
    port = _free_port()
    log = base / "jupyterlab.log"
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        f"--port={port}", "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={folder}",
        "--ServerApp.allow_root=True",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={base / 'workspaces'}",
        "--LabApp.news_url=None",
        "--LabApp.extension_manager=readonly",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            command, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    server = LabServer(url=f"http://127.0.0.1:{port}/", folder=folder, log=log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterLab exited at start:\n{server.log_tail()}")
            try:
                with urllib.request.urlopen(f"{server.url}api/status?token={TOKEN}", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer in {START_TIMEOUT} s:\n"
                                f"{server.log_tail()}")
                time.sleep(0.25)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@dataclass
class BrowserLog:
    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
def lab_page(chromium, lab_server: LabServer) -> Iterator[tuple[object, BrowserLog]]:
    """A page whose requests to any host but the JupyterLab server are blocked and logged."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    log = BrowserLog()

    def route(route, request) -> None:
        parsed = urlparse(request.url)
        if parsed.scheme in ("data", "blob") or parsed.netloc == lab_server.host:
            route.continue_()
        else:
            log.outside_requests.append(request.url)
            route.abort()

    # Only requests to other hosts are intercepted: the pattern goes to the browser, so
    # JupyterLab's own requests (saving, the kernel's messages) never wait for this Python
    # process to answer them.
    others = re.compile(rf"^(?!https?://{re.escape(lab_server.host)}/)")
    context.route(others, route)
    page = context.new_page()
    page.on(
        "websocket",
        lambda socket: None
        if urlparse(socket.url).netloc == lab_server.host
        else log.outside_requests.append(socket.url),
    )
    page.on(
        "console",
        lambda message: log.console_errors.append(message.text)
        if message.type == "error"
        else None,
    )
    page.on("pageerror", lambda error: log.console_errors.append(str(error)))
    yield page, log
    context.close()


def _wait_for(page, log: BrowserLog, what: str, script: str, arg: object = None,
              timeout: float = DRAW_TIMEOUT) -> None:
    """Wait until ``script`` is true in the page; on time-out, say what did not happen."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(script, arg=arg, timeout=timeout)
    except PlaywrightTimeout:
        pytest.fail(
            f"{what} (waited {timeout / 1000:.0f} s). Requests to other hosts, blocked: "
            f"{log.outside_requests or 'none'}. Console errors: {log.console_errors or 'none'}."
        )


def _code_cells(path: Path) -> list[nbformat.NotebookNode]:
    notebook = nbformat.read(path, as_version=4)
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_module0_runs_offline_in_jupyterlab(lab_server: LabServer, lab_page) -> None:
    page, log = lab_page
    saved = lab_server.folder / NOTEBOOK
    n_code = len(_code_cells(saved))

    page.goto(f"{lab_server.url}lab/tree/{NOTEBOOK}?token={TOKEN}")
    page.locator(".jp-NotebookPanel").wait_for(state="visible", timeout=60_000)
    # Wait until the kernel has started and the page is connected to it: the toolbar names
    # the kernel and says it is idle (before that it shows "No Kernel" and an idle
    # indicator), and the server counts a connection to an idle kernel.
    _wait_for(
        page, log, "the notebook's kernel did not start",
        """() => {
            const panel = document.querySelector('.jp-NotebookPanel');
            const name = panel && panel.querySelector('[data-jp-item-name="kernelName"]');
            const state = panel && panel.querySelector('.jp-Notebook-ExecutionIndicator');
            return name && name.textContent.includes('ipykernel')
                && state && state.getAttribute('data-status') === 'idle';
        }""",
        timeout=60_000,
    )
    lab_server.wait_for_idle_kernel()

    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()

    # Finished when every code cell shows an execution count and the kernel is idle.
    _wait_for(
        page, log, "not every cell ran",
        """(n) => {
            const prompts = [...document.querySelectorAll(
                '.jp-NotebookPanel .jp-CodeCell .jp-InputArea-prompt')];
            const state = document.querySelector(
                '.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
            return prompts.length === n
                && prompts.every(p => /\\[\\d+\\]/.test(p.textContent))
                && state.getAttribute('data-status') === 'idle';
        }""",
        n_code,
        RUN_TIMEOUT,
    )

    errors = page.locator(
        '.jp-NotebookPanel .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
    )
    assert errors.count() == 0, "a cell wrote an error:\n" + "\n---\n".join(
        errors.all_inner_texts()
    )

    # Every Altair chart drew, with no internet.
    charts = page.locator(".jp-NotebookPanel .jp-OutputArea-output .vega-embed")
    _wait_for(
        page, log, "the Altair charts did not draw",
        """() => {
            const charts = [...document.querySelectorAll(
                '.jp-NotebookPanel .jp-OutputArea-output .vega-embed')];
            return charts.length >= 3
                && charts.every(c => c.querySelector('svg.marks, canvas.marks'));
        }""",
    )

    # The chart with a menu: choosing another district redraws its line.
    menu_chart = charts.filter(has=page.locator(".vega-bind select")).first
    menu = menu_chart.locator(".vega-bind select")
    assert menu.input_value() == "Alto Pircas"
    # (The course's charts draw as SVG, whose marks can be compared before and after.)
    before = menu_chart.locator("svg.marks").inner_html()
    menu.select_option("Yaruní")
    _wait_for(
        page, log, "the chart's district menu did not redraw the chart",
        "([chart, before]) => chart.querySelector('svg.marks').innerHTML !== before",
        [menu_chart.element_handle(), before],
    )

    # The ipywidgets drop-down talks to the kernel.
    dropdown = page.locator(".jp-NotebookPanel .widget-dropdown").filter(has_text="District:")
    dropdown.locator("select").wait_for(state="visible", timeout=DRAW_TIMEOUT)
    summary = page.locator(".jp-NotebookPanel .widget-html-content").filter(
        has_text="children were in grade 1"
    )
    assert "Alto Pircas" in summary.inner_text()
    dropdown.locator("select").select_option("Yaruní")
    _wait_for(
        page, log, "the widget's text did not change when another district was chosen",
        """() => [...document.querySelectorAll('.jp-NotebookPanel .widget-html-content')]
            .some(e => e.textContent.includes('Yaruní has'))""",
    )

    # The course's knowledge check answers in the kernel: the right option, then Check.
    check = page.locator(".jp-NotebookPanel .emiskit-check").filter(
        has_text="Which move does that?"
    )
    check.locator("label", has_text="Group the rows by year").click()
    check.locator("button", has_text="Check").click()
    _wait_for(
        page, log, "the knowledge check gave no feedback",
        """() => [...document.querySelectorAll('.jp-NotebookPanel .emiskit-check')]
            .some(e => e.textContent.includes('A group-by makes one group per year'))""",
    )

    # Save, and check the saved notebook: every code cell ran, none raised an error.
    stored = saved.stat().st_mtime_ns
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^File$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Save Notebook$")).click()
    deadline = time.monotonic() + 30
    while saved.stat().st_mtime_ns == stored:
        assert time.monotonic() < deadline, "the notebook was not saved after running"
        page.wait_for_timeout(250)
    cells = _code_cells(saved)
    assert all(cell.execution_count for cell in cells)
    failed = [
        f"{output.get('ename')}: {output.get('evalue')}"
        for cell in cells
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert failed == []

    assert log.outside_requests == [], "requests left the computer"
    assert log.console_errors == [], log.console_errors
