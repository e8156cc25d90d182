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


def _small_book(root: Path, tmp_path: Path, chapters: list[str]) -> Path:
    """A book with the course's configuration and the given notebook chapters."""
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
    toc = "".join(f"  - file: {name}\n" for name in chapters)
    (book / "_toc.yml").write_text(f"format: jb-book\nroot: intro\nchapters:\n{toc}")
    (book / "intro.md").write_text("# Intro\n")
    (book / "node_modules").symlink_to(root / "node_modules")
    return book


@pytest.mark.slow
def test_broken_and_endless_notebooks_fail_the_build(root: Path, tmp_path: Path) -> None:
    book = _small_book(root, tmp_path, ["broken", "endless"])
    _notebook(book / "broken.ipynb", "1 / 0")
    _notebook(book / "endless.ipynb", "while True:\n    pass")

    jupyter_book = shutil.which("jupyter-book", path=str(Path(sys.executable).parent))
    done = subprocess.run(
        [jupyter_book, "build", str(book), "-W", "-n", "--keep-going"],
        capture_output=True, text=True, timeout=300, check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "broken" in output and "ZeroDivisionError" in output
    assert "endless" in output and "timed out" in output.lower()


@pytest.mark.slow
def test_a_rebuild_on_changed_data_runs_the_notebooks_again(root: Path, tmp_path: Path) -> None:
    """Jupyter Book reuses outputs while a notebook's code is unchanged; `emiskit book
    build` must notice that the data changed (new extract, regenerated sample)."""
    import os

    book = _small_book(root, tmp_path, ["reads_data"])
    (book / "datasets").mkdir()
    (book / "datasets" / "value.txt").write_text("first-extract")
    _notebook(book / "reads_data.ipynb",
              "from emiskit.paths import datasets_dir\n"
              "print((datasets_dir() / 'value.txt').read_text())")
    env = {**os.environ, "EMISKIT_HOME": str(book)}
    env.pop("EMISKIT_DATA_DIR", None)
    page = book / "_build" / "html" / "reads_data.html"

    def build() -> str:
        done = subprocess.run([sys.executable, "-m", "emiskit", "book", "build"], cwd=book,
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        return done.stdout

    build()
    assert "first-extract" in page.read_text()
    assert "data have changed" not in build()  # nothing changed: outputs reused
    (book / "datasets" / "value.txt").write_text("second-extract")
    assert "data have changed" in build()
    assert "second-extract" in page.read_text() and "first-extract" not in page.read_text()
