"""Threshold explorer: set early-warning thresholds and see whom they flag, and how many of
next year's dropouts they would have caught."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import ipywidgets as widgets
import pandas as pd

from emiskit.i18n import t

from ._base import LABEL_STYLE, Component, dropdown
from ._data import load_tables
from .logic import thresholds as logic
from .logic.common import fmt_number, table_html

ALL_YEARS = 0  # the year menu's value for "all years"


def _slider(kind: type, label: str, value: float, low: float, high: float,
            step: float) -> widgets.Widget:
    # continuous_update=False: one update when the handle is released (or per arrow key),
    # which keeps a slow connection to a hub responsive.
    return kind(value=value, min=low, max=high, step=step, description=label,
                tooltip=label, continuous_update=False, style=LABEL_STYLE,
                layout=widgets.Layout(width="380px"))


class ThresholdExplorer(Component):
    """Try early-warning thresholds on the pupil records (``students`` table)."""

    title_key = "thresholds.title"
    intro_key = "thresholds.intro"

    def __init__(
        self,
        attendance: float = 80.0,
        mark: float = 6.0,
        incidents: int = 2,
        min_signs: int = 1,
        year: int | None = None,
        *,
        tables: Mapping[str, pd.DataFrame] | None = None,
        scale: str = "workshop",
        mode: str | None = None,
    ) -> None:
        super().__init__(mode)
        self.data = logic.prepare(load_tables(logic.TABLES_NEEDED, scale, tables))
        start = year if year is not None else logic.default_year(self.data)
        low, high, _ = logic.ATTENDANCE_RANGE
        self.attendance = _slider(widgets.FloatSlider, t("thresholds.attendance_below"),
                                  attendance, low, high, 1.0)
        self.mark = _slider(widgets.FloatSlider, t("thresholds.mark_below"), mark,
                            *logic.MARK_RANGE)
        self.incidents = _slider(widgets.IntSlider, t("thresholds.incidents_at_least"),
                                 incidents, *logic.INCIDENTS_RANGE)
        self.min_signs = _slider(widgets.IntSlider, t("thresholds.signs_needed"), min_signs,
                                 1, 3, 1)
        options = [(t("thresholds.all_years"), ALL_YEARS)] + [
            (str(y), y) for y in self.data.years]
        self.year = dropdown(t("thresholds.year"), options, start)
        self.controls = [self.year, self.attendance, self.mark, self.incidents,
                         self.min_signs]
        self.confusion: logic.Confusion | None = None
        self.table = pd.DataFrame()
        self.chart: alt.TopLevelMixin | None = None
        self._compute()
        self._watch()

    @property
    def thresholds(self) -> logic.Thresholds:
        return logic.Thresholds(float(self.attendance.value), float(self.mark.value),
                                int(self.incidents.value), int(self.min_signs.value))

    def _compute(self) -> None:
        year = self.year.value or None
        th = self.thresholds
        self.confusion = c = logic.evaluate(self.data, th, year)
        self.table = logic.summary_table(c)
        self.chart = logic.threshold_chart(c, th, year)
        self.message = t("thresholds.sentence", flagged=fmt_number(c.flagged, 0),
                         pupils=fmt_number(c.pupils, 0), caught=fmt_number(c.true_positive, 0),
                         dropouts=fmt_number(c.dropouts, 0))
        if year == 2020 or year is None:
            self.message += " " + t("thresholds.no_attendance_2020")
        self.message_kind = "note"

    def _table_html(self) -> str:
        matrix = logic.confusion_table(self.confusion) if self.confusion else pd.DataFrame()
        left = table_html(matrix, {"flag": " ", "dropped_out": t("thresholds.dropped_out"),
                                   "stayed": t("thresholds.stayed")},
                          caption=t("thresholds.matrix_caption"),
                          decimals={"dropped_out": 0, "stayed": 0})
        # The first measure is a count of pupils, the others are percentages.
        shown = self.table.assign(value=[
            fmt_number(v, 0 if i == 0 else 1) for i, v in enumerate(self.table["value"])])
        right = table_html(shown, {"measure": t("thresholds.measure"),
                                   "value": t("thresholds.value")},
                           caption=t("thresholds.measures_caption"))
        return (f'<div style="display:flex;flex-wrap:wrap;gap:2em">{left}{right}</div>')

    def static_chart(self) -> alt.TopLevelMixin:
        return logic.static_threshold_chart(logic.binned_counts(self.data), self.thresholds,
                                            self.year.value or logic.default_year(self.data))
