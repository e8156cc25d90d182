"""CITATION.cff lets the course be cited: valid Citation File Format 1.2.0, with the
project's own names, licences and address (no invented people)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CFF = ROOT / "CITATION.cff"


def _cff() -> dict:
    return yaml.safe_load(CFF.read_text(encoding="utf-8"))


def _config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def test_citation_has_the_required_keys() -> None:
    data = _cff()
    for key in ("cff-version", "message", "title", "authors"):
        assert data.get(key), f"CITATION.cff lacks {key!r}"
    assert data["cff-version"] == "1.2.0"
    assert isinstance(data["authors"], list) and data["authors"]
    for author in data["authors"]:
        assert "name" in author or "family-names" in author, author


def test_citation_names_the_projects_contributors() -> None:
    names = [a.get("name") for a in _cff()["authors"]]
    assert _config()["author"] in names
    assert "The EMIS and Evidence Course Kit contributors" in (ROOT / "LICENSE").read_text(
        encoding="utf-8")


def test_citation_licences_match_the_licence_files() -> None:
    licences = _cff()["license"]
    assert "MIT" in licences and "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "CC-BY-4.0" in licences
    assert "CC BY 4.0" in (ROOT / "LICENSE-CONTENT.md").read_text(encoding="utf-8")


def test_citation_points_at_the_repository_and_a_version() -> None:
    data = _cff()
    assert data["repository-code"] == _config()["repository"]["url"]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{data["version"]}"' in pyproject
    released = data["date-released"]
    if isinstance(released, str):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", released)
        released = datetime.date.fromisoformat(released)
    assert isinstance(released, datetime.date)
