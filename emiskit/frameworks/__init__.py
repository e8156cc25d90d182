"""Monitoring frameworks the notebooks show, kept as data files (``<name>.csv`` here).

One row per indicator: its link in the results chain (inputs, activities, outputs,
outcomes, impact), the indicator, its source, baseline, target, frequency and who is
responsible. A baseline or target computed in the notebook is written as a placeholder,
``{mean_score:.1f}``, filled in by :func:`load`::

    from emiskit import frameworks
    frameworks.load("tutoring-programme", mean_score=612.3, ...)
"""

from __future__ import annotations

import string
from importlib import resources

import pandas as pd

COLUMNS = ["link", "indicator", "source", "baseline", "target", "frequency", "responsible"]


def names() -> list[str]:
    """The frameworks shipped with the course, by file name without ``.csv``."""
    folder = resources.files(__name__)
    return sorted(p.name.removesuffix(".csv") for p in folder.iterdir()
                  if p.name.endswith(".csv"))


def placeholders(name: str) -> set[str]:
    """The values :func:`load` needs for the framework ``name``."""
    return {field for text in _raw(name).to_numpy().ravel()
            for _, field, _, _ in string.Formatter().parse(text) if field}


def _raw(name: str) -> pd.DataFrame:
    if name not in names():
        raise ValueError(f"No framework {name!r}. The course has: {', '.join(names())}.")
    with resources.files(__name__).joinpath(f"{name}.csv").open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def load(name: str, **values: float) -> pd.DataFrame:
    """The framework ``name``, with its placeholders filled in from ``values``."""
    frame = _raw(name)
    missing = placeholders(name) - set(values)
    if missing:
        raise ValueError(f"Framework {name!r} needs: {', '.join(sorted(missing))}.")
    return frame.map(lambda text: text.format(**values))[COLUMNS]
