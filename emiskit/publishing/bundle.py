"""The offline bundle: one zip a facilitator copies to USB sticks for a workshop.

Inside, under one top folder:

- ``START-HERE.html``: what is on the stick and where to begin (opens from ``file://``);
- ``book/``: the participant edition of the book, which works from ``file://`` with no
  internet (its scripts are vendored, see :mod:`emiskit.sphinxext.offline`);
- ``course-kit/``: what participants run: the ``emiskit`` package and its install files,
  the worked-example notebooks, the participant copies of the graded exercises and the
  workshop-scale datasets. Never the exercise masters, the autograders or the solutions.

The Python packages themselves (a *wheelhouse* per kind of computer) and the Python
installers are added by the facilitator, as the "Install with no internet" page says:
they depend on the participants' computers.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date
from html import escape
from pathlib import Path

from emiskit.paths import course_root
from emiskit.publishing.editions import OUTPUT_DIRS, PARTICIPANT

TOP = "emis-course"
TITLE = "Evidence and EMIS for Better Learning"
# What participants need from the course folder; everything else stays behind.
COURSE_FILES = ("pyproject.toml", "environment.yml", "emiskit.toml", "README.md", "LICENSE",
                "LICENSE-CONTENT.md")
PACKAGE = "emiskit"


class BundleError(RuntimeError):
    """The bundle cannot be made (for example, the book is not built)."""


def course_members(root: Path) -> Iterator[tuple[Path, str]]:
    """(file, name inside ``course-kit/``) for every file participants get.

    The notebooks, exercises and data are chosen by the same rule as a hub user's copy
    (:func:`emiskit.hub.course_files`: never the masters, autograders or national data);
    the stick adds the package and its install files, since participants install there.
    """
    from emiskit.hub import course_files

    for name in COURSE_FILES:
        if (root / name).is_file():
            yield root / name, name
    for path in sorted((root / PACKAGE).rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and "__pycache__" not in rel.parts and path.suffix != ".pyc":
            yield path, rel.as_posix()
    for rel in course_files(root):
        yield root / rel, rel.as_posix()


# Sphinx's search shows a summary of each hit by fetching the page, which browsers refuse
# for file:// addresses (an error per hit). The stick's copy lists the hits without them.
SEARCH_OPTIONS = "_static/documentation_options.js"


def without_search_summaries(options: str) -> str:
    if "SHOW_SEARCH_SUMMARY: true" not in options:
        raise BundleError(f"{SEARCH_OPTIONS} has changed shape: update emiskit/publishing/"
                          "bundle.py so search works from the stick.")
    return options.replace("SHOW_SEARCH_SUMMARY: true", "SHOW_SEARCH_SUMMARY: false")


def start_page(title: str) -> str:
    """The page a participant opens first, in plain words."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}: start here</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em;
line-height:1.5}}a.big{{display:inline-block;padding:.6em 1em;background:#0072b2;color:#fff;
border-radius:.3em;text-decoration:none;font-weight:600}}code{{background:#f2f2f2;
padding:0 .2em}}</style></head>
<body>
<h1>{escape(title)}</h1>
<p>Everything on this stick works with no internet.</p>
<p><a class="big" href="book/index.html">Open the book</a></p>
<h2>What is here</h2>
<ul>
<li><code>book/</code>: the course book. Charts, menus and search work offline.</li>
<li><code>course-kit/</code>: the notebooks, the graded exercises and the sample data.
Copy this folder to your computer before you work in it.</li>
<li><code>wheelhouse/</code> and <code>installers/</code>, if your facilitator added them:
Python and the course's packages, to install with no internet.</li>
</ul>
<h2>Install and run the notebooks</h2>
<p>Follow the book's page <a href="book/book/setup/offline.html">Install with no internet,
from a USB stick</a>. Then open <code>notebooks/pipeline-check.ipynb</code> in JupyterLab
and run every cell: if you see a table and a chart, everything works.</p>
</body></html>
"""


def make_bundle(output: Path | str | None = None, root: Path | None = None) -> Path:
    """Write the bundle zip and return its path (default ``_build/emis-course-DATE.zip``)."""
    root = (root or course_root()).resolve()
    book = root / OUTPUT_DIRS[PARTICIPANT]
    if not (book / "index.html").is_file():
        raise BundleError(f"The book is not built in {book}: run `make book` first "
                          "(`make bundle` does it).")
    target = Path(output) if output else root / "_build" / f"{TOP}-{date.today():%Y-%m-%d}.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{TOP}/START-HERE.html", start_page(TITLE))
        for path in sorted(book.rglob("*")):
            if not path.is_file() or path.name == ".buildinfo":
                continue
            name = f"{TOP}/book/{path.relative_to(book).as_posix()}"
            if path.relative_to(book).as_posix() == SEARCH_OPTIONS:
                archive.writestr(name, without_search_summaries(path.read_text(encoding="utf-8")))
            else:
                archive.write(path, name)
        for path, name in course_members(root):
            archive.write(path, f"{TOP}/course-kit/{name}")
    partial.replace(target)  # a half-written zip never carries the final name
    return target
