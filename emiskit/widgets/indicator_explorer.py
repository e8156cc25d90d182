"""Indicator explorer: pick an indicator, a year, a level and a breakdown; the table and
the chart follow."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from emiskit.i18n import t

from ._base import Component, dropdown
from ._data import load_tables
from .logic import indicators as logic
from .logic.common import table_html


class IndicatorExplorer(Component):
    """Explore access, flow and teacher indicators of the sample country.

    >>> explorer = IndicatorExplorer()          # doctest: +SKIP
    >>> explorer.year.value = 2022               # doctest: +SKIP
    >>> explorer.table                           # doctest: +SKIP

    ``tables`` replaces sample tables by your own (same columns as the sample data);
    ``scale="national"`` uses the large national-scale data.
    """

    title_key = "explorer.title"
    intro_key = "explorer.intro"

    def __init__(
        self,
        indicator: str = "ger",
        level: str = "primary",
        breakdown: str = "region",
        year: int | None = None,
        *,
        tables: Mapping[str, pd.DataFrame] | None = None,
        scale: str = "workshop",
        mode: str | None = None,
    ) -> None:
        super().__init__(mode)
        self.data = logic.prepare_indicator_data(
            load_tables(logic.TABLES_NEEDED, scale, tables))
        years = self.data.years
        # The last year has no flow rates (they need the next year's census), so start at
        # the year before it, where every indicator has figures.
        default_year = year if year is not None else years[-2] if len(years) > 1 \
            else years[-1]
        self.indicator = dropdown(t("explorer.indicator"),
                                  [(t(f"indicator.{i}"), i) for i in logic.INDICATORS],
                                  indicator)
        self.level = dropdown(t("explorer.level"),
                              [(t(f"level.{v}"), v) for v in logic.LEVELS], level)
        self.breakdown = dropdown(t("explorer.breakdown"),
                                  [(t(f"breakdown.{b}"), b) for b in logic.BREAKDOWNS],
                                  breakdown)
        self.year = dropdown(t("explorer.year"), [(str(y), y) for y in years], default_year)
        self.controls = [self.indicator, self.year, self.level, self.breakdown]
        self._cache: dict[tuple[str, str, str], pd.DataFrame] = {}
        self.table = pd.DataFrame()
        self.chart: alt.TopLevelMixin | None = None
        self._compute()
        self._watch()

    def _computed(self) -> pd.DataFrame | None:
        key = (self.indicator.value, self.level.value, self.breakdown.value)
        if self.breakdown.value not in logic.AVAILABLE[self.indicator.value]:
            return None
        if key not in self._cache:
            self._cache[key] = logic.compute(self.data, *key)
        return self._cache[key]

    def _compute(self) -> None:
        ind, lvl, brk, year = (self.indicator.value, self.level.value, self.breakdown.value,
                               self.year.value)
        reason = logic.unavailable_reason(ind, brk, year, self.data.last_year)
        self.table = logic.indicator_table(self.data, ind, lvl, brk, year,
                                           computed=self._computed())
        self.chart = logic.indicator_chart(self.table, ind, lvl, brk, year)
        self.message = reason or ""
        self.message_kind = "warning" if reason else "note"

    def _table_html(self) -> str:
        ind = self.indicator.value
        columns = {"group": t(f"breakdown.{self.breakdown.value}"),
                   "value": t(f"indicator.{ind}")}
        columns.update({c: t(f"col.{c}") for c in logic.DETAIL_COLUMNS[ind]})
        decimals = {"value": logic.DECIMALS.get(ind, 1), "ger_girls": 1, "ger_boys": 1}
        decimals.update({c: 0 for c in logic.DETAIL_COLUMNS[ind] if not c.startswith("ger_")})
        caption = t("explorer.table_caption", indicator=t(f"indicator.{ind}"),
                    level=t(f"level.{self.level.value}"), year=self.year.value)
        return table_html(self.table, columns, caption=caption, decimals=decimals)

    def static_chart(self) -> alt.TopLevelMixin:
        long = logic.indicator_long_table(self.data)
        return logic.static_indicator_chart(
            long, self.data, indicator=self.indicator.value, level=self.level.value,
            breakdown=self.breakdown.value, year=self.year.value)

