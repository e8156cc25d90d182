"""The repository keeps the promises its README makes."""

from __future__ import annotations

import re
from pathlib import Path


def _first_code_block(text: str) -> str:
    match = re.search(r"```bash\n(.*?)```", text, re.S)
    assert match, "the README has no bash code block"
    return match.group(1)


def test_readme_opens_with_the_two_commands(root: Path) -> None:
    readme = (root / "README.md").read_text(encoding="utf-8")
    commands = [line.split("#")[0].strip() for line in _first_code_block(readme).splitlines()]
    assert commands == ["make book", "make test"]


def test_ci_runs_exactly_the_readme_test_command(root: Path) -> None:
    lines = [
        line.strip()
        for line in (root / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    assert lines[-1] == "make test"
    assert lines.count("make test") == 1
    assert not any(line.startswith(("pytest", "python", "make ")) for line in lines[:-1])


def test_build_outputs_and_environments_are_ignored(root: Path) -> None:
    ignored = set((root / ".gitignore").read_text().split())
    for entry in ["_build/", ".venv/", "node_modules/", ".jupyter_cache/",
                  "exercises/autograder/", "__pycache__/"]:
        assert entry in ignored, entry


def test_licences_for_code_and_text(root: Path) -> None:
    assert "MIT License" in (root / "LICENSE").read_text()
    assert "CC BY 4.0" in (root / "LICENSE-CONTENT.md").read_text()
    readme = (root / "README.md").read_text()
    assert "CC BY 4.0" in readme and "MIT" in readme


def test_every_toc_entry_exists(root: Path) -> None:
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    for name in files:
        assert any((root / f"{name}{ext}").exists() for ext in (".md", ".ipynb")), name
