"""Early-warning thresholds checked against what happened next year (the threshold
explorer's logic).

A pupil shows a warning sign for low attendance (below the attendance threshold), a
failing mark (language or mathematics below the mark threshold) or behaviour (at least
the incidents threshold). A pupil is *flagged* with at least ``min_signs`` signs. The flag
is compared with next year's status: a flagged pupil who dropped out is a true positive.

* precision = flagged pupils who dropped out / flagged pupils (how many flags were right);
* recall = flagged pupils who dropped out / pupils who dropped out (how many dropouts the
  flag caught).

Attendance was not recorded in 2020, so nobody is flagged for attendance that year.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from emiskit.charts import PALETTE
from emiskit.i18n import t

from .common import fmt_number, inline_csv, range_param, select_param

TABLES_NEEDED: tuple[str, ...] = ("students",)
OUTCOME = "dropped_out"

#: Ranges and steps of the controls; the book's sliders use the same grid, so the counts
#: they show are exact.
ATTENDANCE_RANGE = (50.0, 100.0, 5.0)
MARK_RANGE = (1.0, 10.0, 0.5)
INCIDENTS_RANGE = (1, 6, 1)


@dataclass(frozen=True)
class Thresholds:
    """Early-warning rule: attendance below, mark below, incidents at least, signs needed."""

    attendance: float = 80.0
    mark: float = 6.0
    incidents: int = 2
    min_signs: int = 1


@dataclass(frozen=True)
class StudentArrays:
    """The columns the rule needs, as NumPy arrays (fast at national scale)."""

    year: np.ndarray
    attendance: np.ndarray  # NaN where not recorded
    lowest_mark: np.ndarray
    incidents: np.ndarray
    dropped_out: np.ndarray  # bool

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(int(y) for y in np.unique(self.year))


def prepare_students(students: pd.DataFrame) -> StudentArrays:
    """Extract the arrays the early-warning rule uses from the ``students`` table."""
    marks = students[["mark_language", "mark_mathematics"]].astype("float64")
    return StudentArrays(
        year=students["year"].to_numpy(dtype="int64"),
        attendance=students["attendance_rate"].to_numpy(dtype="float64", na_value=np.nan),
        lowest_mark=marks.min(axis=1, skipna=False).to_numpy(),
        incidents=students["behaviour_incidents"].to_numpy(dtype="float64", na_value=0),
        dropped_out=(students["next_year_status"].astype("str") == OUTCOME).to_numpy(),
    )


def warning_signs(data: StudentArrays, th: Thresholds) -> np.ndarray:
    """Number of warning signs (0–3) of each pupil."""
    with np.errstate(invalid="ignore"):
        low_attendance = data.attendance < th.attendance  # NaN → False
        failing = data.lowest_mark < th.mark
        behaviour = data.incidents >= th.incidents
    return low_attendance.astype("int8") + failing.astype("int8") + behaviour.astype("int8")


@dataclass(frozen=True)
class Confusion:
    """Flag versus outcome counts, and the measures derived from them."""

    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int

    @property
    def flagged(self) -> int:
        return self.true_positive + self.false_positive

    @property
    def pupils(self) -> int:
        return self.flagged + self.false_negative + self.true_negative

    @property
    def dropouts(self) -> int:
        return self.true_positive + self.false_negative

    @property
    def precision(self) -> float:
        return 100 * self.true_positive / self.flagged if self.flagged else float("nan")

    @property
    def recall(self) -> float:
        return 100 * self.true_positive / self.dropouts if self.dropouts else float("nan")

    @property
    def share_flagged(self) -> float:
        return 100 * self.flagged / self.pupils if self.pupils else float("nan")


def confusion(flagged: np.ndarray, outcome: np.ndarray) -> Confusion:
    """Count true and false positives and negatives."""
    flagged = np.asarray(flagged, dtype=bool)
    outcome = np.asarray(outcome, dtype=bool)
    return Confusion(
        true_positive=int(np.sum(flagged & outcome)),
        false_positive=int(np.sum(flagged & ~outcome)),
        false_negative=int(np.sum(~flagged & outcome)),
        true_negative=int(np.sum(~flagged & ~outcome)),
    )


def evaluate(data: StudentArrays, th: Thresholds, year: int | None = None) -> Confusion:
    """Apply the rule to the pupils of ``year`` (all years if None) and count the results."""
    signs = warning_signs(data, th)
    rows = np.ones(len(signs), dtype=bool) if year is None else data.year == year
    return confusion(signs[rows] >= th.min_signs, data.dropped_out[rows])


def confusion_table(c: Confusion) -> pd.DataFrame:
    """The confusion matrix as a small table (rows: flag; columns: outcome)."""
    return pd.DataFrame({
        "flag": [t("thresholds.flagged"), t("thresholds.not_flagged")],
        "dropped_out": [c.true_positive, c.false_negative],
        "stayed": [c.false_positive, c.true_negative],
    })


def summary_table(c: Confusion) -> pd.DataFrame:
    """Precision, recall and pupils flagged as a small table."""
    return pd.DataFrame({
        "measure": [t("thresholds.flagged_pupils"), t("thresholds.share_flagged"),
                    t("thresholds.precision"), t("thresholds.recall")],
        "value": [float(c.flagged), c.share_flagged, c.precision, c.recall],
    })


def threshold_chart(c: Confusion, th: Thresholds, year: int | None) -> alt.HConcatChart:
    """The confusion matrix as a 2 × 2 grid and precision, recall and share flagged as bars."""
    flag, stay = t("thresholds.flagged"), t("thresholds.not_flagged")
    drop, kept = t("thresholds.dropped_out"), t("thresholds.stayed")
    cells = pd.DataFrame({
        "flag": [flag, flag, stay, stay],
        "outcome": [drop, kept, drop, kept],
        "pupils": [c.true_positive, c.false_positive, c.false_negative, c.true_negative],
        "kind": [t("thresholds.tp"), t("thresholds.fp"), t("thresholds.fn"),
                 t("thresholds.tn")],
    })
    measures = pd.DataFrame({
        "measure": [t("thresholds.precision"), t("thresholds.recall"),
                    t("thresholds.share_flagged")],
        "value": [round(v, 1) if v == v else None
                  for v in (c.precision, c.recall, c.share_flagged)],
    })
    return _threshold_layout(alt.Chart(cells), alt.Chart(measures), th, year)


def _grid(base: alt.Chart) -> alt.LayerChart:
    flag_order = [t("thresholds.flagged"), t("thresholds.not_flagged")]
    outcome_order = [t("thresholds.dropped_out"), t("thresholds.stayed")]
    enc = {
        "x": alt.X("outcome:N", title=t("thresholds.next_year"), sort=outcome_order,
                   axis=alt.Axis(labelAngle=0, orient="top")),
        "y": alt.Y("flag:N", title=None, sort=flag_order),
    }
    rect = base.mark_rect(stroke="#ffffff", strokeWidth=2).encode(
        color=alt.Color("kind:N", title=None, legend=None,
                        scale=alt.Scale(domain=[t("thresholds.tp"), t("thresholds.fp"),
                                                t("thresholds.fn"), t("thresholds.tn")],
                                        range=[PALETTE[2], PALETTE[1], PALETTE[3],
                                               "#dddddd"])),
        tooltip=[alt.Tooltip("kind:N", title=" "),
                 alt.Tooltip("pupils:Q", title=t("thresholds.pupils"), format=",")],
        **enc,
    )
    text = base.mark_text(fontSize=15, fontWeight="bold", color="#000000").encode(
        text=alt.Text("pupils:Q", format=","), **enc)
    label = base.mark_text(fontSize=11, dy=16, color="#000000").encode(text="kind:N", **enc)
    return alt.layer(rect, text, label).properties(width=230, height=150)


def _bars(base: alt.Chart) -> alt.LayerChart:
    order = [t("thresholds.precision"), t("thresholds.recall"), t("thresholds.share_flagged")]
    enc = {"y": alt.Y("measure:N", title=None, sort=order),
           "x": alt.X("value:Q", title=t("unit.percent"), scale=alt.Scale(domain=[0, 100]))}
    bars = base.mark_bar(color=PALETTE[0]).encode(
        tooltip=[alt.Tooltip("measure:N", title=" "),
                 alt.Tooltip("value:Q", title="%", format=".1f")], **enc)
    text = base.mark_text(align="left", dx=3, color="#000000").encode(
        text=alt.Text("value:Q", format=".1f"), **enc)
    return alt.layer(bars, text).properties(width=170, height=alt.Step(28))


def _threshold_layout(cells: alt.Chart, measures: alt.Chart, th: Thresholds,
                      year: int | None) -> alt.HConcatChart:
    when = t("thresholds.all_years") if year is None else str(year)
    return alt.hconcat(_grid(cells), _bars(measures), spacing=24).properties(
        title=alt.Title(t("thresholds.chart_title", year=when),
                        subtitle=t("thresholds.chart_subtitle",
                                   attendance=fmt_number(float(th.attendance), 0)
                                   if float(th.attendance).is_integer()
                                   else fmt_number(float(th.attendance)),
                                   mark=fmt_number(float(th.mark), 1), incidents=th.incidents,
                                   signs=th.min_signs)),
        description=t("thresholds.chart_description"),
    )


def binned_counts(data: StudentArrays) -> pd.DataFrame:
    """Pupils counted by year, attendance (5-point bins), lowest mark (half points),
    incidents (capped) and outcome: all the browser needs to redo the counts for any
    threshold on the sliders' grid, without shipping pupil records to the page."""
    step = ATTENDANCE_RANGE[2]
    mark_step = MARK_RANGE[2]
    frame = pd.DataFrame({
        "y": data.year,
        # Attendance not recorded: a value no threshold is above, so never flagged.
        "a": np.where(np.isnan(data.attendance), 1000.0,
                      np.floor(data.attendance / step) * step),
        "m": np.floor(data.lowest_mark / mark_step) * mark_step,
        "i": np.minimum(data.incidents, INCIDENTS_RANGE[1]),
        "d": data.dropped_out.astype("int8"),
    })
    counts = frame.groupby(["y", "a", "m", "i", "d"], sort=True).size().rename("n")
    return counts.reset_index()


def static_threshold_chart(binned: pd.DataFrame, th: Thresholds,
                           year: int) -> alt.HConcatChart:
    """The threshold explorer as an Altair chart with sliders, for the published book."""
    years = sorted(int(y) for y in binned["y"].unique())
    p_year = select_param("year", years, [str(y) for y in years], t("thresholds.year"), year)
    p_att = range_param("attendance", th.attendance, *ATTENDANCE_RANGE,
                        label=t("thresholds.attendance_below"))
    p_mark = range_param("mark", th.mark, *MARK_RANGE, label=t("thresholds.mark_below"))
    p_inc = range_param("incidents", th.incidents, *INCIDENTS_RANGE,
                        label=t("thresholds.incidents_at_least"))
    p_signs = range_param("signs", th.min_signs, 1, 3, 1, label=t("thresholds.signs_needed"))
    flag, stay = t("thresholds.flagged"), t("thresholds.not_flagged")
    drop, kept = t("thresholds.dropped_out"), t("thresholds.stayed")
    signs = (f"(datum.a < {p_att.name} ? 1 : 0) + (datum.m < {p_mark.name} ? 1 : 0)"
             f" + (datum.i >= {p_inc.name} ? 1 : 0)")
    base = alt.Chart(inline_csv(binned)).transform_filter(alt.datum.y == p_year) \
        .transform_calculate(flagged=f"({signs}) >= {p_signs.name}")
    kinds = {
        (True, True): t("thresholds.tp"), (True, False): t("thresholds.fp"),
        (False, True): t("thresholds.fn"), (False, False): t("thresholds.tn"),
    }
    q = json.dumps  # a string literal for a Vega expression, quotes escaped
    cells = base.transform_aggregate(pupils="sum(n)", groupby=["flagged", "d"]) \
        .transform_calculate(
            flag=f"datum.flagged ? {q(flag)} : {q(stay)}",
            outcome=f"datum.d ? {q(drop)} : {q(kept)}",
            kind=(f"datum.flagged ? (datum.d ? {q(kinds[True, True])} : "
                  f"{q(kinds[True, False])}) : (datum.d ? {q(kinds[False, True])} : "
                  f"{q(kinds[False, False])})"),
        )
    measures = base.transform_calculate(
        tp="datum.flagged && datum.d ? datum.n : 0",
        fl="datum.flagged ? datum.n : 0",
        dr="datum.d ? datum.n : 0",
    ).transform_aggregate(tp="sum(tp)", fl="sum(fl)", dr="sum(dr)", all="sum(n)") \
        .transform_calculate(**{
            "p": "datum.fl > 0 ? round(1000 * datum.tp / datum.fl) / 10 : null",
            "r": "datum.dr > 0 ? round(1000 * datum.tp / datum.dr) / 10 : null",
            "s": "datum.all > 0 ? round(1000 * datum.fl / datum.all) / 10 : null",
        }).transform_fold(["p", "r", "s"], as_=["key", "value"]).transform_calculate(
            measure=(f"datum.key == 'p' ? {q(t('thresholds.precision'))} : datum.key == 'r'"
                     f" ? {q(t('thresholds.recall'))} : {q(t('thresholds.share_flagged'))}"))
    chart = alt.hconcat(_grid(cells), _bars(measures), spacing=24)
    return chart.add_params(p_year, p_att, p_mark, p_inc, p_signs).properties(
        title=alt.Title(t("thresholds.static_title"), subtitle=t("thresholds.static_subtitle")),
        description=t("thresholds.chart_description"),
    )


def default_year(data: StudentArrays) -> int:
    """The latest year with attendance recorded and a known next-year outcome."""
    recorded = data.year[~np.isnan(data.attendance)]
    return int(recorded.max()) if recorded.size else int(data.year.max())


def prepare(tables: Mapping[str, pd.DataFrame]) -> StudentArrays:
    """Shortcut used by the widget: the arrays of ``tables['students']``."""
    return prepare_students(tables["students"])
