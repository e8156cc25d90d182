"""pyproject.toml and environment.yml must pin the same packages at the same versions.

Participants install with pip or with conda; both must get the environment the tests ran
in, so the two files may not drift apart.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

# Present in environment.yml only: the interpreter and tools conda itself needs.
CONDA_ONLY = {"python", "pip", "nodejs"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _parse_pin(spec: str, sep: str) -> tuple[str, str]:
    name, _, version = spec.partition(sep)
    assert version, f"{spec!r} is not pinned to one version"
    return _norm(name.strip()), version.strip()


def pyproject_pins(root: Path) -> dict[str, str]:
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        specs.extend(extra)
    return dict(_parse_pin(spec, "==") for spec in specs)


def environment_pins(root: Path) -> dict[str, str]:
    env = yaml.safe_load((root / "environment.yml").read_text())
    pins: dict[str, str] = {}
    for item in env["dependencies"]:
        if isinstance(item, dict):  # the pip: section
            for spec in item["pip"]:
                if "==" in spec:
                    name, version = _parse_pin(spec, "==")
                    pins[name] = version
        else:
            name, version = _parse_pin(item, "=")
            if name not in CONDA_ONLY:
                pins[name] = version
    return pins


def test_environment_yml_matches_pyproject(root: Path) -> None:
    pip_pins = pyproject_pins(root)
    conda_pins = environment_pins(root)
    assert pip_pins, "pyproject.toml lists no dependencies"
    missing = sorted(set(pip_pins) - set(conda_pins))
    extra = sorted(set(conda_pins) - set(pip_pins))
    differ = sorted(
        f"{name}: pyproject {pip_pins[name]} vs environment.yml {conda_pins[name]}"
        for name in set(pip_pins) & set(conda_pins)
        if pip_pins[name] != conda_pins[name]
    )
    assert not missing, f"in pyproject.toml but not environment.yml: {missing}"
    assert not extra, f"in environment.yml but not pyproject.toml: {extra}"
    assert not differ, "versions disagree: " + "; ".join(differ)


def test_environment_installs_the_course_package(root: Path) -> None:
    env = yaml.safe_load((root / "environment.yml").read_text())
    pip_sections = [item["pip"] for item in env["dependencies"] if isinstance(item, dict)]
    assert any("-e ." in section for section in pip_sections)


def test_python_version_floor(root: Path) -> None:
    # pandas 3, NumPy 2.4 and pyarrow 26 need Python 3.11 or newer.
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
