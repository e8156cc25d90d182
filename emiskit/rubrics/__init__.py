"""Self-assessment rubrics the notebooks use, kept as data files (``<name>.yml`` here).

A rubric is plain data: its levels, from weakest to strongest, and its areas, each with a
next step for every level (the format of
:meth:`emiskit.widgets.logic.rubric.Rubric.from_dict`). Keeping it in a file keeps the
notebook short, and lets a country translate or adapt the text without touching code::

    from emiskit import rubrics
    SelfAssessment(rubrics.load("ed-dqaf"), ratings={...})

SABER-EMIS, which the course translates, lives in the message catalogue instead
(:func:`emiskit.widgets.logic.rubric.saber_emis`).
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml


def names() -> list[str]:
    """The rubrics shipped with the course, by file name without ``.yml``."""
    folder = resources.files(__name__)
    return sorted(p.name.removesuffix(".yml") for p in folder.iterdir()
                  if p.name.endswith(".yml"))


def load(name: str) -> dict[str, Any]:
    """The rubric ``name`` (for example ``"strength-of-an-answer"``) as a dict."""
    if name not in names():
        raise ValueError(f"No rubric {name!r}. The course has: {', '.join(names())}.")
    text = resources.files(__name__).joinpath(f"{name}.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)
