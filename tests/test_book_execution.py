"""A notebook that fails or never ends stops the book build with a message naming it,
instead of publishing a page with an error in it (or hanging the build forever)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml


def _notebook(path: Path, source: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {path.stem}"),
                nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)


@pytest.mark.slow
def test_broken_and_endless_notebooks_fail_the_build(root: Path, tmp_path: Path) -> None:
    book = tmp_path / "book"
    book.mkdir()
    config = yaml.safe_load((root / "_config.yml").read_text())
    config["execute"]["timeout"] = 5
    config["execute"]["cache"] = str(tmp_path / "cache")
    config.pop("logo", None)
    config["html"].pop("favicon", None)
    config["bibtex_bibfiles"] = ["refs.bib"]
    (book / "refs.bib").write_text("@misc{x, title={X}, year={2026}}\n")
    (book / "_config.yml").write_text(yaml.safe_dump(config))
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: broken\n  - file: endless\n"
    )
    (book / "intro.md").write_text("# Intro\n")
    _notebook(book / "broken.ipynb", "1 / 0")
    _notebook(book / "endless.ipynb", "while True:\n    pass")
    (book / "node_modules").symlink_to(root / "node_modules")

    jupyter_book = shutil.which("jupyter-book", path=str(Path(sys.executable).parent))
    done = subprocess.run(
        [jupyter_book, "build", str(book), "-W", "-n", "--keep-going"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "broken" in output and "ZeroDivisionError" in output
    assert "endless" in output and "timed out" in output.lower()
