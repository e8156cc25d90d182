"""Gap explorer: an outcome, a grouping, a year and a place; each group's average with its
95% confidence interval and its gap to a reference group, small groups suppressed."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from emiskit.i18n import t

from ._base import Component, dropdown
from ._data import load_tables
from .logic import gaps as logic
from .logic.common import table_html


class GapExplorer(Component):
    """Explore learning and attendance gaps between groups of pupils."""

    title_key = "gaps.title"
    intro_key = "gaps.intro"

    def __init__(
        self,
        outcome: str = "reading_below_minimum",
        grouping: str = "ses_quintile",
        year: int | None = None,
        place: str = "",
        *,
        min_group_size: int = logic.MIN_GROUP_SIZE,
        tables: Mapping[str, pd.DataFrame] | None = None,
        scale: str = "workshop",
        mode: str | None = None,
    ) -> None:
        super().__init__(mode)
        self.data = logic.prepare_gap_data(load_tables(logic.TABLES_NEEDED, scale, tables))
        self.min_group_size = min_group_size
        self.outcome = dropdown(t("gaps.outcome"),
                                [(t(f"outcome.{o}"), o) for o in logic.OUTCOMES], outcome)
        self.grouping = dropdown(t("gaps.grouping"),
                                 [(t(f"grouping.{g}"), g) for g in logic.GROUPINGS], grouping)
        years = self.data.years(outcome)
        self.year = dropdown(t("gaps.year"), [(str(y), y) for y in years],
                             year if year in years else years[-1])
        self._places = logic.place_options(self.data)
        self.place = dropdown(t("gaps.place"), self._places, place)
        self.controls = [self.outcome, self.grouping, self.year, self.place]
        self.table = pd.DataFrame()
        self.chart: alt.TopLevelMixin | None = None
        self._compute()
        # Refill the year menu before the update that the outcome change triggers.
        self.outcome.observe(self._outcome_changed, names="value")
        self._watch()

    def _outcome_changed(self, change: dict[str, object]) -> None:
        # Attendance and marks come from the pupil records (2018–2023), scores from the
        # assessment (2019 and 2022): offer the years the chosen outcome has.
        years = self.data.years(self.outcome.value)
        if tuple(v for _, v in self.year.options) != years:
            keep = self.year.value if self.year.value in years else years[-1]
            with self.quiet():
                self.year.options = [(str(y), y) for y in years]
                self.year.value = keep

    def _place_label(self) -> str:
        return next((label for label, code in self._places if code == self.place.value), "")

    def _compute(self) -> None:
        year = self.year.value
        self.table = logic.gap_table(self.data, self.outcome.value, self.grouping.value, year,
                                     self.place.value or None, self.min_group_size)
        self.chart = logic.gap_chart(self.table, self.outcome.value, self.grouping.value,
                                     year, self._place_label() if self.place.value else "")
        self.message = logic.suppressed_note(self.table, self.min_group_size)
        self.message_kind = "warning" if self.message else "note"
        if self.table.empty:
            self.message = t("gaps.no_pupils")
            self.message_kind = "warning"

    def _table_html(self) -> str:
        columns = {
            "group": t(f"grouping.{self.grouping.value}"), "n": t("col.n"),
            "value": t(f"outcome.{self.outcome.value}"), "ci_low": t("col.ci_low"),
            "ci_high": t("col.ci_high"), "gap": t("col.gap"), "gap_low": t("col.gap_low"),
            "gap_high": t("col.gap_high"),
        }
        decimals = {"n": 0}
        caption = t("gaps.table_caption", outcome=t(f"outcome.{self.outcome.value}"),
                    grouping=t(f"grouping.{self.grouping.value}"), year=self.year.value,
                    place=self._place_label())
        return table_html(self.table, columns, caption=caption, decimals=decimals)

    def static_chart(self) -> alt.TopLevelMixin:
        long = logic.gap_long_table(self.data)
        return logic.static_gap_chart(long, outcome=self.outcome.value,
                                      grouping=self.grouping.value, year=self.year.value)
