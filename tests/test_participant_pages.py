"""Participants are never sent to clone or download the whole repository.

The repository holds the exercise masters (answers and hidden checks), the facilitators'
material and the build tools; participants get the participant kit (``make bundle``), the
workshop hub or the launch buttons. This test reads the sources of every page of the
participant edition, the README and ``exercises/README.md``, leaves out what is explicitly
for facilitators (pages with ``audience: facilitator``, facilitator-note admonitions and
the sections listed in :data:`FACILITATOR_SECTIONS`), and fails on any sentence that tells
the reader to clone or download the repository.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

# Sending someone to the whole repository, in the ways the pages used to.
SENDS_TO_REPOSITORY = [
    re.compile(r"\bgit clone\b", re.IGNORECASE),
    re.compile(r"\bclone\b[^.\n]{0,40}\b(repository|repo)\b", re.IGNORECASE),
    re.compile(r"\bdownload\w*\b[^.\n]{0,60}\b(repository|repo)\b", re.IGNORECASE),
    re.compile(r"\bDownload ZIP\b", re.IGNORECASE),
    re.compile(r"\bdownload\w* (and unzip )?the course( folder| as a ZIP)", re.IGNORECASE),
    re.compile(r"github\.com/[\w.-]+/course-kit(\.git)?/?(?=[\s>)`]|$)", re.IGNORECASE),
]

# Sections written for facilitators inside pages participants also read: (file, heading).
FACILITATOR_SECTIONS = {
    ("README.md", "For facilitators: build, adapt and publish"),
    ("README.md", "Graded exercises"),
    ("README.md", "What is checked, and how"),
    ("README.md", "Repository layout"),
    ("README.md", "Contributing"),
    ("README.md", "Two commands on a fresh machine"),
    ("book/setup/offline.md", "For facilitators: prepare the stick"),
    ("book/setup/ways-to-run.md", "For facilitators: where the launch addresses are set"),
}

# The only participant route that fetches from the repository: Colab, which has no other
# way to get files. The line must fetch participant files only (a sparse checkout that
# downloads nothing else); the page says so.
ALLOWED_LINES = {
    "book/setup/colab.md": "--filter=blob:none --no-checkout",
}

ROOT = Path(__file__).resolve().parent.parent
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")


def toc_files(root: Path) -> list[Path]:
    """Every page of the book, as its source file."""
    def walk(node: object) -> list[str]:
        if isinstance(node, dict):
            own = [node["file"]] if "file" in node else []
            if "root" in node:
                own.append(node["root"])
            return own + [f for v in node.values() for f in walk(v)]
        if isinstance(node, list):
            return [f for item in node for f in walk(item)]
        return []

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = []
    for name in dict.fromkeys(walk(toc)):
        for suffix in (".md", ".ipynb"):
            if (root / f"{name}{suffix}").is_file():
                files.append(root / f"{name}{suffix}")
    return files


def page_text(path: Path) -> str:
    """Markdown of a page: the file itself, or a notebook's Markdown cells."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def is_facilitator_page(text: str) -> bool:
    if not text.startswith("---\n"):
        return False
    front = yaml.safe_load(text.split("---\n", 2)[1]) or {}
    return front.get("audience") == "facilitator"


def participant_lines(name: str, text: str) -> list[tuple[int, str]]:
    """(line number, line) of what participants read: facilitator notes and sections out."""
    kept: list[tuple[int, str]] = []
    note_fence: str | None = None
    skip_level = 0
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if note_fence:
            if line.strip() == note_fence:
                note_fence = None
            continue
        fence = _FENCE.match(line)
        if fence and "{admonition}" in line:
            following = "\n".join(lines[number:number + 3])
            if "facilitator-note" in following:
                note_fence = fence.group(1)
                continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            if skip_level and level <= skip_level:
                skip_level = 0
            if (name, heading.group(2)) in FACILITATOR_SECTIONS:
                skip_level = level
        if not skip_level:
            kept.append((number, line))
    return kept


def problems_in(name: str, text: str) -> list[str]:
    """Each line that sends participants to the whole repository, with its place."""
    if is_facilitator_page(text):
        return []
    found = []
    for number, line in participant_lines(name, text):
        allowed = ALLOWED_LINES.get(name)
        if allowed and allowed in line:
            continue
        for pattern in SENDS_TO_REPOSITORY:
            if pattern.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
                break
    return found


def checked_files(root: Path) -> list[Path]:
    return [root / "README.md", root / "exercises" / "README.md", *toc_files(root)]


def test_no_participant_page_sends_readers_to_the_whole_repository() -> None:
    problems = []
    for path in checked_files(ROOT):
        problems += problems_in(path.relative_to(ROOT).as_posix(), page_text(path))
    assert problems == [], ("Send participants to the participant kit, the hub or the launch "
                            "buttons, not the repository:\n" + "\n".join(problems))


def test_the_pages_read_are_the_participant_edition() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in checked_files(ROOT)}
    assert {"book/setup/index.md", "book/setup/colab.md", "book/self-study.md",
            "book/index.md", "README.md", "exercises/README.md"} <= names
    assert len(names) > 50


def test_every_exception_is_still_needed() -> None:
    """An exception that no longer matches anything is removed, so the list stays short."""
    for name, heading in FACILITATOR_SECTIONS:
        text = (ROOT / name).read_text(encoding="utf-8")
        assert re.search(rf"^#+ {re.escape(heading)}\s*$", text, re.MULTILINE), (name, heading)
    for name, marker in ALLOWED_LINES.items():
        assert marker in (ROOT / name).read_text(encoding="utf-8"), name


@pytest.mark.parametrize("text", [
    "1. **Download it as a ZIP file** from the course repository, and unzip it.",
    "git clone https://github.com/emis-evidence-course/course-kit.git",
    "Open <https://github.com/emis-evidence-course/course-kit> and choose Download ZIP.",
    "Download and unzip the course folder from GitHub.",
    "Clone the repository with git.",
])
def test_the_check_catches_the_old_wording(text: str) -> None:
    assert problems_in("book/setup/windows.md", text)


def test_facilitator_notes_and_pages_are_left_out() -> None:
    note = ("Intro.\n\n```{admonition} Facilitator notes\n:class: facilitator-note dropdown\n\n"
            "- git clone the repository onto the server.\n```\n\nAfter.\n")
    assert problems_in("book/setup/hub.md", note) == []
    assert problems_in("book/setup/hub.md", note.replace("facilitator-note", "tip"))
    page = "---\naudience: facilitator\n---\n\n# Serve\n\ngit clone the repository\n"
    assert problems_in("book/facilitators/serve-a-cohort.md", page) == []
    section = "## For facilitators: prepare the stick\n\ngit clone it\n\n## Next\n\ngit clone\n"
    assert problems_in("book/setup/offline.md", section) == ["book/setup/offline.md:7: git clone"]
