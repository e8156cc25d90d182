"""Self-assessment: rate a system on a rubric (SABER-EMIS by default); a chart and a short
list of next steps follow."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from emiskit.i18n import t

from ._base import Component, dropdown
from .logic import rubric as logic
from .logic.common import fmt_number, table_html


class SelfAssessment(Component):
    """Rate each area of a rubric and get the next steps, weakest areas first.

    ``rubric`` is a :class:`~emiskit.widgets.logic.rubric.Rubric` or a dict (see
    ``Rubric.from_dict``); SABER-EMIS by default. ``ratings`` maps area keys to level keys.
    """

    title_key = "rubric.title"
    intro_key = "rubric.intro"

    def __init__(
        self,
        rubric: logic.Rubric | Mapping[str, Any] | None = None,
        ratings: Mapping[str, str] | None = None,
        *,
        actions: int = 3,
        mode: str | None = None,
    ) -> None:
        super().__init__(mode)
        if rubric is None:
            rubric = logic.saber_emis()
        elif not isinstance(rubric, logic.Rubric):
            rubric = logic.Rubric.from_dict(rubric)
        self.rubric = rubric
        self.n_actions = actions
        start = logic.check_ratings(rubric, ratings or {})
        levels = sorted(rubric.levels, key=lambda lv: lv.score)
        self.menus = {
            area.key: dropdown(area.title, [(lv.label, lv.key) for lv in levels],
                               start[area.key], tooltip=area.description)
            for area in rubric.areas
        }
        self.controls = list(self.menus.values())
        self.table = pd.DataFrame()
        self.actions: list[str] = []
        self.chart: alt.TopLevelMixin | None = None
        self._compute()
        self._watch()

    @property
    def ratings(self) -> dict[str, str]:
        return {key: menu.value for key, menu in self.menus.items()}

    def _compute(self) -> None:
        ratings = self.ratings
        self.table = logic.ratings_table(self.rubric, ratings)
        self.actions = logic.action_list(self.rubric, ratings, self.n_actions)
        self.chart = logic.rubric_chart(self.rubric, ratings)
        score = logic.overall_score(self.rubric, ratings)
        self.message = t("rubric.sentence", score=fmt_number(score, 1),
                         top=f"{self.rubric.top.score:g}")
        self.message_kind = "note"

    def _actions_html(self) -> str:
        items = "".join(f"<li>{html.escape(a)}</li>" for a in self.actions)
        return f"<p><strong>{html.escape(t('rubric.next_steps'))}</strong></p><ol>{items}</ol>"

    def _table_html(self) -> str:
        table = table_html(self.table, {"area": t("rubric.area"), "level": t("rubric.level")},
                           caption=self.rubric.title)
        source = (f"<p><small>{html.escape(self.rubric.source)}</small></p>"
                  if self.rubric.source else "")
        return table + self._actions_html() + source

    def static_chart(self) -> alt.TopLevelMixin:
        return logic.static_rubric_chart(self.rubric, self.ratings)
