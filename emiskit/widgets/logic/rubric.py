"""Rubrics for rating a system, and what to do next (the self-assessment's logic).

A rubric is data: levels (ordered, each with a score) and areas (each with a next step
for every level). The course ships SABER-EMIS (World Bank, Abdul-Hamid 2014): four policy
areas rated Latent (1), Emerging (2), Established (3) or Advanced (4). Any other rubric,
for example the Education Data Quality Assessment Framework, can be given as a dict (see
:meth:`Rubric.from_dict`).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from emiskit.charts import SEQUENTIAL_SCHEME
from emiskit.i18n import t

from .common import select_param


@dataclass(frozen=True)
class Level:
    """One level of a rubric (higher score is further along)."""

    key: str
    label: str
    score: float


@dataclass(frozen=True)
class Area:
    """One area of a rubric: what it covers and the next step from each level."""

    key: str
    title: str
    description: str
    next_steps: Mapping[str, str]


@dataclass(frozen=True)
class Rubric:
    """A rating scheme: a title, ordered levels and areas."""

    key: str
    title: str
    levels: tuple[Level, ...]
    areas: tuple[Area, ...]
    source: str = ""

    def __post_init__(self) -> None:
        if not self.levels or not self.areas:
            raise ValueError("A rubric needs at least one level and one area.")
        keys = [lv.key for lv in self.levels]
        if len(set(keys)) != len(keys):
            raise ValueError("The levels of a rubric need different keys.")
        if len({a.key for a in self.areas}) != len(self.areas):
            raise ValueError("The areas of a rubric need different keys.")

    def level(self, key: str) -> Level:
        for lv in self.levels:
            if lv.key == key:
                return lv
        raise KeyError(f"{key!r} is not a level of {self.title}; levels: "
                       f"{', '.join(lv.key for lv in self.levels)}")

    @property
    def top(self) -> Level:
        return max(self.levels, key=lambda lv: lv.score)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rubric:
        """Build a rubric from plain data (e.g. read from JSON)::

            {"key": "my-rubric", "title": "…", "source": "…",
             "levels": [{"key": "low", "label": "Low", "score": 1}, …],
             "areas": [{"key": "a", "title": "…", "description": "…",
                        "next_steps": {"low": "…", …}}, …]}
        """
        levels = tuple(Level(str(lv["key"]), str(lv["label"]), float(lv["score"]))
                       for lv in data["levels"])
        areas = tuple(Area(str(a["key"]), str(a["title"]), str(a.get("description", "")),
                           {str(k): str(v) for k, v in a.get("next_steps", {}).items()})
                      for a in data["areas"])
        return cls(str(data.get("key", "rubric")), str(data["title"]), levels, areas,
                   str(data.get("source", "")))

    @classmethod
    def from_json(cls, text: str) -> Rubric:
        return cls.from_dict(json.loads(text))

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "title": self.title, "source": self.source,
            "levels": [{"key": lv.key, "label": lv.label, "score": lv.score}
                       for lv in self.levels],
            "areas": [{"key": a.key, "title": a.title, "description": a.description,
                       "next_steps": dict(a.next_steps)} for a in self.areas],
        }


#: Characters per line of a next step in the book's chart (text marks do not wrap).
STEP_WIDTH = 90

SABER_LEVELS: tuple[str, ...] = ("latent", "emerging", "established", "advanced")
SABER_AREAS: tuple[str, ...] = ("enabling_environment", "system_soundness", "quality_data",
                                "utilization")


def saber_emis() -> Rubric:
    """SABER-EMIS's four policy areas and four levels, in the current language."""
    levels = tuple(Level(k, t(f"rubric.saber.level.{k}"), i + 1)
                   for i, k in enumerate(SABER_LEVELS))
    areas = tuple(
        Area(a, t(f"rubric.saber.area.{a}"), t(f"rubric.saber.area.{a}.description"),
             {lv: t(f"rubric.saber.area.{a}.next.{lv}") for lv in SABER_LEVELS})
        for a in SABER_AREAS)
    return Rubric("saber-emis", t("rubric.saber.title"), levels, areas,
                  t("rubric.saber.source"))


def check_ratings(rubric: Rubric, ratings: Mapping[str, str]) -> dict[str, str]:
    """Ratings for every area (an area not rated gets the lowest level)."""
    lowest = min(rubric.levels, key=lambda lv: lv.score).key
    unknown = set(ratings) - {a.key for a in rubric.areas}
    if unknown:
        raise ValueError(f"{sorted(unknown)} are not areas of {rubric.title}")
    out = {}
    for area in rubric.areas:
        level = ratings.get(area.key, lowest)
        rubric.level(level)  # raises for an unknown level
        out[area.key] = level
    return out


def ratings_table(rubric: Rubric, ratings: Mapping[str, str]) -> pd.DataFrame:
    """One row per area: its title, level label and score."""
    ratings = check_ratings(rubric, ratings)
    return pd.DataFrame({
        "area": [a.title for a in rubric.areas],
        "level": [rubric.level(ratings[a.key]).label for a in rubric.areas],
        "score": [rubric.level(ratings[a.key]).score for a in rubric.areas],
    })


def overall_score(rubric: Rubric, ratings: Mapping[str, str]) -> float:
    """The mean score over areas."""
    table = ratings_table(rubric, ratings)
    return float(table["score"].mean())


def action_list(rubric: Rubric, ratings: Mapping[str, str], limit: int = 3) -> list[str]:
    """The next steps, weakest areas first (ties keep the rubric's order), at most
    ``limit``; an area already at the top level gets a "keep it up" step only if nothing
    else needs doing."""
    ratings = check_ratings(rubric, ratings)
    order = sorted(rubric.areas, key=lambda a: rubric.level(ratings[a.key]).score)
    top = rubric.top.score
    actions = []
    for area in order:
        level = rubric.level(ratings[area.key])
        step = area.next_steps.get(level.key, "")
        if level.score >= top and actions:
            continue
        if step:
            actions.append(t("rubric.action", area=area.title, level=level.label, step=step))
    return actions[:limit]


def rubric_chart(rubric: Rubric, ratings: Mapping[str, str]) -> alt.LayerChart:
    """A bar per area, as long as its level's score, labelled with the level."""
    table = ratings_table(rubric, ratings)
    return _rubric_bars(alt.Chart(table), rubric).properties(
        title=alt.Title(rubric.title, subtitle=t("rubric.chart_subtitle")),
        description=t("rubric.chart_description", rubric=rubric.title))


def _rubric_bars(base: alt.Chart, rubric: Rubric) -> alt.LayerChart:
    scores = sorted(lv.score for lv in rubric.levels)
    labels = {lv.score: lv.label for lv in rubric.levels}
    expr = " : ".join(f"datum.value == {s:g} ? {json.dumps(labels[s])}" for s in scores) \
        + " : ''"
    x = alt.X("score:Q", title=t("rubric.level"),
              scale=alt.Scale(domain=[0, max(scores)]),
              axis=alt.Axis(values=scores, labelExpr=expr, grid=True))
    y = alt.Y("area:N", title=None, sort=None)
    bars = base.mark_bar().encode(
        x=x, y=y,
        color=alt.Color("score:O", title=t("rubric.level"), legend=None,
                        scale=alt.Scale(scheme=SEQUENTIAL_SCHEME, domain=scores)),
        tooltip=[alt.Tooltip("area:N", title=t("rubric.area")),
                 alt.Tooltip("level:N", title=t("rubric.level"))])
    text = base.mark_text(align="left", dx=4, color="#000000").encode(x=x, y=y, text="level:N")
    return alt.layer(bars, text).properties(width=380, height=alt.Step(30))


def static_rubric_chart(rubric: Rubric, ratings: Mapping[str, str]) -> alt.VConcatChart:
    """The self-assessment as an Altair chart with a menu per area and the next step for
    each area, for the published book."""
    ratings = check_ratings(rubric, ratings)
    levels = sorted(rubric.levels, key=lambda lv: lv.score)
    params = []
    for i, area in enumerate(rubric.areas):
        params.append(select_param(f"area{i}", [lv.key for lv in levels],
                                   [lv.label for lv in levels], area.title, ratings[area.key]))
    rows = pd.DataFrame({"area": [a.title for a in rubric.areas],
                         "order": range(len(rubric.areas))})
    pick = " : ".join(f"datum.order == {i} ? {p.name}" for i, p in enumerate(params)) + " : ''"
    score_of = " : ".join(f"datum.chosen == {json.dumps(lv.key)} ? {lv.score:g}"
                          for lv in levels) + " : 0"
    label_of = " : ".join(f"datum.chosen == {json.dumps(lv.key)} ? {json.dumps(lv.label)}"
                          for lv in levels) + " : ''"
    base = alt.Chart(rows).transform_calculate(chosen=pick).transform_calculate(
        score=score_of, level=label_of)
    bars = _rubric_bars(base, rubric)
    steps = pd.DataFrame([
        {"order": i, "level": lv.key,
         "text": "\n".join(textwrap.wrap(f"{area.title}: {area.next_steps.get(lv.key, '')}",
                                         STEP_WIDTH))}
        for i, area in enumerate(rubric.areas) for lv in levels])
    step_chart = alt.Chart(steps).transform_calculate(chosen=pick).transform_filter(
        "datum.level == datum.chosen").mark_text(align="left", baseline="top", lineBreak="\n",
                                                 color="#000000").encode(
        y=alt.Y("order:O", axis=None), text="text:N", x=alt.value(0),
    ).properties(width=560, height=alt.Step(48),
                 title=alt.Title(t("rubric.next_steps"), fontSize=13))
    return alt.vconcat(bars, step_chart, spacing=24).add_params(*params).properties(
        title=alt.Title(rubric.title, subtitle=t("rubric.static_subtitle")),
        description=t("rubric.chart_description", rubric=rubric.title))


#: Shown as an example in the gallery: a fictional ministry's ratings.
EXAMPLE_RATINGS: dict[str, str] = {
    "enabling_environment": "emerging",
    "system_soundness": "established",
    "quality_data": "emerging",
    "utilization": "latent",
}
