"""Two editions of the book from one source: which pages each one publishes.

The table of contents (``_toc.yml``) lists every page once. A page is for facilitators
only when its front matter (Markdown) or its notebook metadata (``.ipynb``) says
``audience: facilitator``. The **participant** edition leaves those pages out; the
**facilitator** edition keeps them and adds a part with the worked solution of every
graded exercise (written by ``emiskit exercises build`` to
``exercises/autograder/NAME/NAME-solution.ipynb``, which the public repository does not
hold). Facilitator notes inside participant pages are handled by the Sphinx extension
:mod:`emiskit.sphinxext.editions`.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

PARTICIPANT = "participant"
FACILITATOR = "facilitator"
EDITIONS = (PARTICIPANT, FACILITATOR)

# Where each edition is written, relative to the course folder.
OUTPUT_DIRS = {PARTICIPANT: Path("_build/html"), FACILITATOR: Path("_build/facilitator")}

SOLUTIONS_CAPTION = "Solutions to the graded exercises"
SOLUTIONS_DIR = "exercises/autograder"
FACILITATOR_NOTE_CLASS = "facilitator-note"

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)


class EditionError(ValueError):
    """The table of contents or a page cannot be turned into the requested edition."""


def check_edition(edition: str) -> str:
    if edition not in EDITIONS:
        raise EditionError(
            f"Unknown edition {edition!r}: choose one of {', '.join(EDITIONS)}."
        )
    return edition


def source_file(root: Path, docname: str) -> Path | None:
    """The file behind a table-of-contents entry (written with or without its suffix)."""
    candidate = root / docname
    if candidate.suffix in (".md", ".ipynb") and candidate.is_file():
        return candidate
    for suffix in (".md", ".ipynb"):
        path = root / f"{docname}{suffix}"
        if path.is_file():
            return path
    return None


def page_audience(path: Path) -> str:
    """Return the page's declared audience (``"all"`` when it declares none)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        try:
            metadata = json.loads(text).get("metadata", {})
        except json.JSONDecodeError as error:
            raise EditionError(f"{path} is not a readable notebook: {error}") from error
        return str(metadata.get("audience", "all"))
    match = _FRONT_MATTER.match(text)
    if not match:
        return "all"
    try:
        front = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise EditionError(f"The front matter of {path} is not valid YAML: {error}") from error
    return str(front.get("audience", "all")) if isinstance(front, dict) else "all"


def _entries(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for key in ("parts", "chapters", "sections"):
        for child in node.get(key, []) or []:
            yield child
            yield from _entries(child)


def toc_files(toc: dict[str, Any]) -> list[str]:
    """Every ``file`` entry of a table of contents, in reading order (root first)."""
    files = [toc["root"]] if "root" in toc else []
    return files + [entry["file"] for entry in _entries(toc) if "file" in entry]


def _prune(node: dict[str, Any], keep: Any) -> dict[str, Any] | None:
    """Drop entries whose file ``keep`` rejects, with their sections; drop emptied parts."""
    nested = ("parts", "chapters", "sections")
    out = {key: value for key, value in node.items() if key not in nested}
    if "file" in node and not keep(node["file"]):
        return None
    for key in ("parts", "chapters", "sections"):
        if key in node:
            children = [c for c in (_prune(child, keep) for child in node[key]) if c]
            if children:
                out[key] = children
    if "file" not in node and not any(k in out for k in ("parts", "chapters", "sections")):
        return None  # a part left with nothing in it
    return out


def solution_docname(exercise: str) -> str:
    name = Path(exercise).stem
    return f"{SOLUTIONS_DIR}/{name}/{name}-solution"


def edition_toc(toc: dict[str, Any], root: Path, edition: str) -> dict[str, Any]:
    """Return the table of contents of ``edition``, derived from the full one."""
    check_edition(edition)
    missing = [f for f in toc_files(toc) if source_file(root, f) is None]
    if missing:
        raise EditionError(
            "The table of contents lists pages that do not exist: " + ", ".join(missing)
        )
    if edition == PARTICIPANT:
        if page_audience(source_file(root, toc["root"])) == FACILITATOR:  # type: ignore[arg-type]
            raise EditionError("The book's first page cannot be for facilitators only.")
        pruned = _prune(
            copy.deepcopy(toc),
            lambda f: page_audience(source_file(root, f)) != FACILITATOR,  # type: ignore[arg-type]
        )
        assert pruned is not None
        return pruned
    result = copy.deepcopy(toc)
    exercises = [f for f in toc_files(toc) if f.startswith("exercises/")]
    solutions = [solution_docname(f) for f in exercises]
    absent = [s for s in solutions if source_file(root, s) is None]
    if absent:
        raise EditionError(
            "The facilitator edition shows the solutions of the graded exercises, but "
            + ", ".join(f"{s}.ipynb" for s in absent)
            + " is missing. Run `make exercises` (or `emiskit exercises build`) first; "
            "`make facilitator-book` does it for you."
        )
    if solutions:
        result.setdefault("parts", []).append(
            {"caption": SOLUTIONS_CAPTION, "chapters": [{"file": s} for s in solutions]}
        )
    return result


def load_toc(path: Path) -> dict[str, Any]:
    try:
        toc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise EditionError(f"Cannot read the table of contents {path}: {error}") from error
    if not isinstance(toc, dict) or "root" not in toc:
        raise EditionError(f"{path} is not a Jupyter Book table of contents (no `root`).")
    return toc


def write_edition_toc(toc_path: Path, root: Path, edition: str, out_dir: Path) -> Path:
    """Write the edition's table of contents into ``out_dir`` and return its path."""
    toc = edition_toc(load_toc(toc_path), root, edition)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"toc-{edition}.yml"
    text = "# Generated from _toc.yml by emiskit; edit _toc.yml instead.\n" + yaml.safe_dump(
        toc, sort_keys=False, allow_unicode=True
    )
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")  # unchanged file: Sphinx's cache holds
    return target
