"""The book page about the sample country runs cleanly and covers every table."""

from __future__ import annotations

import os
import re

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from emiskit.datasets import list_datasets
from emiskit.paths import course_root

PAGE = course_root() / "book" / "data" / "sample-country.md"


def test_page_has_a_section_per_table():
    text = PAGE.read_text(encoding="utf-8")
    sections = re.findall(r"^### (\w+)$", text, flags=re.M)
    assert sections == list_datasets()
    for name in list_datasets():
        assert f'dictionary("{name}")' in text


def test_page_says_the_data_are_synthetic():
    text = PAGE.read_text(encoding="utf-8").lower()
    assert "synthetic" in text
    assert "does not exist" in text or "fictional" in text
    assert "{term}" not in text and "{cite}" not in text


@pytest.mark.slow
def test_page_executes_without_errors_or_warnings(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(course_root()) + os.pathsep
                       + os.environ.get("PYTHONPATH", ""))
    notebook = jupytext.read(PAGE)
    # Any warning raised by the page's code fails the test, as the book build would.
    notebook.cells.insert(0, nbformat.v4.new_code_cell(
        "import warnings\nwarnings.simplefilter('error')"))
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(PAGE.parent)}})
    client.execute()
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert len(code_cells) >= 14
    for cell in code_cells:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", output
            assert output.get("name") != "stderr", output
        if "dictionary(" in cell.source and "def " not in cell.source:
            assert len(cell["outputs"]) == 2  # description and table
