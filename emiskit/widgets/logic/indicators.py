"""Indicators by year, level and breakdown, from the sample tables (the indicator explorer's
logic): labels, which choices have figures, tables and charts.

The figures come from :mod:`emiskit.indicators.cubes`, the same aggregation as the table
helpers of :mod:`emiskit.indicators.tables` that notebooks use: the census is summed once
into small cubes when the explorer opens, so each control change is a quick group-by of a
cube, even for a national-size census. This module only picks the columns the explorer
shows and gives the groups their names.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import pandas as pd

from emiskit.charts import PALETTE
from emiskit.i18n import t
from emiskit.indicators.cubes import (
    BREAKDOWN_COLUMNS,
    FLOW_COLUMNS,
    CensusCubes,
    access_by,
    census_cubes,
    level_flows_by,
    teachers_by,
)
from emiskit.indicators.tables import gender_parity

from .common import ends, inline_csv, select_param, value_label

INDICATORS: tuple[str, ...] = (
    "ger", "ner", "out_of_school", "gpi", "ptr", "trained", "promotion", "repetition",
    "dropout",
)
LEVELS: tuple[str, ...] = ("primary", "lower_secondary")
BREAKDOWNS: tuple[str, ...] = ("national", "region", "district", "area", "sector", "sex")
FLOWS: tuple[str, ...] = FLOW_COLUMNS
TABLES_NEEDED: tuple[str, ...] = ("regions", "districts", "schools", "enrolment", "teachers",
                                  "population")

_POPULATION = ("national", "region", "district", "sex")
_SCHOOL = ("national", "region", "district", "area", "sector")
#: Which breakdowns each indicator can be computed for, and why not for the others:
#: population estimates exist by district and sex only; teachers are not counted by sex.
AVAILABLE: dict[str, tuple[str, ...]] = {
    "ger": _POPULATION,
    "ner": _POPULATION,
    "out_of_school": _POPULATION,
    "gpi": ("national", "region", "district"),
    "ptr": _SCHOOL,
    "trained": _SCHOOL,
    "promotion": BREAKDOWNS,
    "repetition": BREAKDOWNS,
    "dropout": BREAKDOWNS,
}
#: Extra columns shown beside the value, per indicator (their headers are ``col.<name>``).
DETAIL_COLUMNS: dict[str, tuple[str, ...]] = {
    "ger": ("enrolment", "population"),
    "ner": ("enrolment_official_age", "population"),
    "out_of_school": ("population", "in_school"),
    "gpi": ("ger_girls", "ger_boys"),
    "ptr": ("pupils", "teachers"),
    "trained": ("trained", "teachers"),
    "promotion": ("enrolment",),
    "repetition": ("enrolment",),
    "dropout": ("enrolment",),
}
#: Decimals to show: parity indices need two.
DECIMALS: dict[str, int] = {"gpi": 2}

#: Where each figure of the explorer comes from: the column of :func:`access_by`,
#: :func:`teachers_by` or :func:`level_flows_by` giving the value, and the detail columns
#: (explorer name: column name).
_SOURCES: dict[str, tuple[str, dict[str, str]]] = {
    "ger": ("ger", {"enrolment": "enrolment", "population": "population"}),
    "ner": ("ner", {"enrolment_official_age": "enrolment_official_age",
                    "population": "population"}),
    "out_of_school": ("out_of_school_rate", {"population": "population",
                                             "in_school": "in_school_official_age"}),
    "ptr": ("ptr", {"pupils": "pupils", "teachers": "teachers"}),
    "trained": ("percent_trained", {"trained": "trained", "teachers": "teachers"}),
    **{flow: (flow, {"enrolment": "enrolment"}) for flow in FLOW_COLUMNS},
}


@dataclass(frozen=True)
class IndicatorData(CensusCubes):
    """The sample tables summed into cubes (place grain), the names of places and the
    census years."""

    places: pd.DataFrame  # district_code, district_name, region_code, region_name
    years: tuple[int, ...]

    @property
    def last_year(self) -> int:
        return self.years[-1]


def prepare_indicator_data(tables: Mapping[str, pd.DataFrame]) -> IndicatorData:
    """Sum the enrolment, teacher and population tables into the explorer's cubes."""
    districts = tables["districts"]
    cubes = census_cubes(tables["enrolment"], schools=tables["schools"], districts=districts,
                         teachers=tables["teachers"], population=tables["population"])
    places = districts[["district_code", "district_name", "region_code"]].merge(
        tables["regions"][["region_code", "region_name"]], on="region_code", how="left"
    ).astype("str")
    years = tuple(int(y) for y in sorted(cubes.enrolment["year"].dropna().unique()))
    return IndicatorData(enrolment=_text_groups(cubes.enrolment),
                         teachers=_text_groups(cubes.teachers),
                         population=_text_groups(cubes.population), grain=cubes.grain,
                         places=places, years=years, structure=cubes.structure)


def _text_groups(cube: pd.DataFrame) -> pd.DataFrame:
    """A cube with its group codes as text, so that every table shows them in text order
    (the cubes keep the census's own types, e.g. areas as categories urban, rural)."""
    groups = {c for columns in BREAKDOWN_COLUMNS.values() for c in columns}
    return cube.astype({c: "str" for c in cube.columns if c in groups})


def compute(data: IndicatorData, indicator: str, level: str, breakdown: str) -> pd.DataFrame:
    """One indicator for one level and breakdown, every year: indexed by (group…, year).

    Raises ``ValueError`` for a breakdown the indicator is not available for (see
    :data:`AVAILABLE` and :func:`unavailable_reason`).
    """
    _check(indicator, level, breakdown)
    if indicator == "gpi":
        by_sex = access_by(data, level, breakdown, sex=True)
        ger = by_sex["ger"].unstack("sex")
        return pd.DataFrame({"value": gender_parity(by_sex, "ger"), "ger_girls": ger["F"],
                             "ger_boys": ger["M"]})
    if indicator in ("ger", "ner", "out_of_school"):
        table = access_by(data, level, breakdown)
    elif indicator in ("ptr", "trained"):
        table = teachers_by(data, level, breakdown)
    else:
        table = level_flows_by(data, level, breakdown)
    value, details = _SOURCES[indicator]
    return pd.DataFrame({"value": table[value],
                         **{name: table[column] for name, column in details.items()}})


def _check(indicator: str, level: str, breakdown: str) -> None:
    if indicator not in INDICATORS:
        raise ValueError(f"indicator must be one of {INDICATORS}, not {indicator!r}")
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    if breakdown not in BREAKDOWNS:
        raise ValueError(f"breakdown must be one of {BREAKDOWNS}, not {breakdown!r}")
    if breakdown not in AVAILABLE[indicator]:
        raise ValueError(unavailable_reason(indicator, breakdown, None, None) or "unavailable")


def unavailable_reason(indicator: str, breakdown: str, year: int | None,
                       last_year: int | None) -> str | None:
    """Why a choice has no figures (a translated sentence), or None if it has."""
    if breakdown not in AVAILABLE[indicator]:
        if indicator == "gpi" and breakdown == "sex":
            return t("explorer.unavailable.gpi_sex")
        if indicator in ("ptr", "trained"):
            return t("explorer.unavailable.teachers_sex")
        return t("explorer.unavailable.population", breakdown=t(f"breakdown.{breakdown}"))
    if indicator in FLOWS and year is not None and year == last_year:
        return t("explorer.unavailable.next_year", year=year)
    return None


def group_labels(data: IndicatorData, breakdown: str, codes: pd.Index | pd.Series) -> list[str]:
    """Display names of the groups of a breakdown, from their codes."""
    if breakdown == "national":
        return [t("group.national")] * len(codes)
    if breakdown == "region":
        names = dict(zip(data.places["region_code"], data.places["region_name"], strict=True))
        return [names.get(str(c), str(c)) for c in codes]
    if breakdown == "district":
        names = dict(zip(data.places["district_code"], data.places["district_name"],
                         strict=True))
        return [names.get(str(c), str(c)) for c in codes]
    return [value_label(breakdown, c) for c in codes]


def indicator_table(data: IndicatorData, indicator: str, level: str, breakdown: str,
                    year: int, *, computed: pd.DataFrame | None = None) -> pd.DataFrame:
    """The explorer's table for one choice: ``group``, ``value`` and the detail columns.

    ``computed`` (the output of :func:`compute` for the same indicator, level and
    breakdown) skips recomputing when only the year changed. An unavailable choice gives an
    empty table.
    """
    columns = ["group", "value", *DETAIL_COLUMNS[indicator]]
    if unavailable_reason(indicator, breakdown, year, data.last_year):
        return pd.DataFrame({c: pd.Series(dtype="str" if c == "group" else "float64")
                             for c in columns})
    frame = computed if computed is not None else compute(data, indicator, level, breakdown)
    frame = frame[frame.index.get_level_values("year") == year]
    keys = BREAKDOWN_COLUMNS[breakdown]
    codes = frame.index.get_level_values(keys[0]) if keys else pd.Index([None] * len(frame))
    out = frame.reset_index(drop=True)
    out.insert(0, "group", group_labels(data, breakdown, codes))
    return out[columns]


def indicator_long_table(data: IndicatorData) -> tuple[pd.DataFrame, list[str]]:
    """Every available indicator × level × breakdown × year, for the chart that works in the
    published book. To keep the page light, indicator, level and breakdown are positions
    in :data:`INDICATORS`, :data:`LEVELS` and :data:`BREAKDOWNS`, and the group is a
    position in the returned list of group names: columns ``i, l, b, y, g, v``."""
    parts = []
    names: dict[str, int] = {}
    flows: dict[tuple[str, str], pd.DataFrame] = {}
    for i, indicator in enumerate(INDICATORS):
        digits = 3 if indicator == "gpi" else 1
        for lv, level in enumerate(LEVELS):
            for breakdown in AVAILABLE[indicator]:
                if indicator in FLOWS:
                    key = (level, breakdown)
                    if key not in flows:
                        # promotion, repetition and dropout come together
                        flows[key] = level_flows_by(data, level, breakdown)
                    values = flows[key][indicator]
                else:
                    values = compute(data, indicator, level, breakdown)["value"]
                values = values.dropna()
                keys = BREAKDOWN_COLUMNS[breakdown]
                codes = values.index.get_level_values(keys[0]) if keys else \
                    pd.Index([None] * len(values))
                labels = group_labels(data, breakdown, codes)
                parts.append(pd.DataFrame({
                    "i": i, "l": lv, "b": BREAKDOWNS.index(breakdown),
                    "y": values.index.get_level_values("year").astype("int64"),
                    "g": [names.setdefault(g, len(names)) for g in labels],
                    "v": values.round(digits).to_numpy(),
                }))
    return pd.concat(parts, ignore_index=True), list(names)


# --------------------------------------------------------------------------------------
# Charts


UNITS: dict[str, str] = {"gpi": "index", "ptr": "ratio"}
# Largest value first; the same sort in every layer (Vega-Lite warns when layers differ).
_BY_VALUE = alt.EncodingSortField(field="value", op="max", order="descending")
_BY_V = alt.EncodingSortField(field="v", op="max", order="descending")


def _axis_title(indicator: str) -> str:
    unit = UNITS.get(indicator, "percent")
    return t("explorer.axis", indicator=t(f"indicator.{indicator}"), unit=t(f"unit.{unit}"))


def indicator_chart(table: pd.DataFrame, indicator: str, level: str, breakdown: str,
                    year: int) -> alt.Chart:
    """A bar per group for the current choice (the live explorer's chart)."""
    shown, cut = ends(table.dropna(subset=["value"]), "value")
    digits = DECIMALS.get(indicator, 1)
    data = pd.DataFrame({"group": shown["group"].astype("str"),
                         "value": shown["value"].astype("float64").round(digits + 1)})
    title = t("explorer.chart_title", indicator=t(f"indicator.{indicator}"),
              level=t(f"level.{level}"), year=year)
    subtitle = t("explorer.chart_cut", shown=len(shown), total=len(table)) if cut else ""
    fmt = f",.{digits}f"
    base = alt.Chart(data, title=alt.Title(title, subtitle=subtitle or alt.Undefined))
    bars = base.mark_bar(color=PALETTE[0]).encode(
        x=alt.X("value:Q", title=_axis_title(indicator)),
        y=alt.Y("group:N", title=t(f"breakdown.{breakdown}"), sort=_BY_VALUE),
        tooltip=[alt.Tooltip("group:N", title=t(f"breakdown.{breakdown}")),
                 alt.Tooltip("value:Q", title=t(f"indicator.{indicator}"), format=fmt)],
    )
    labels = base.mark_text(align="left", dx=3, color="#000000").encode(
        x="value:Q", y=alt.Y("group:N", sort=_BY_VALUE), text=alt.Text("value:Q", format=fmt))
    return (bars + labels).properties(
        width=420, height=alt.Step(20),
        description=t("explorer.chart_description", indicator=t(f"indicator.{indicator}"),
                      level=t(f"level.{level}"), year=year,
                      breakdown=t(f"breakdown.{breakdown}")),
    )


def static_indicator_chart(long: tuple[pd.DataFrame, list[str]], data: IndicatorData, *,
                           indicator: str, level: str, breakdown: str,
                           year: int) -> alt.VConcatChart:
    """The explorer as one Altair chart with menus, for readers of the published book.
    ``long`` is the output of :func:`indicator_long_table`."""
    table, names = long
    p_ind = select_param("indicator", list(range(len(INDICATORS))),
                         [t(f"indicator.{i}") for i in INDICATORS], t("explorer.indicator"),
                         INDICATORS.index(indicator))
    p_lvl = select_param("level", list(range(len(LEVELS))), [t(f"level.{v}") for v in LEVELS],
                         t("explorer.level"), LEVELS.index(level))
    p_brk = select_param("breakdown", list(range(len(BREAKDOWNS))),
                         [t(f"breakdown.{b}") for b in BREAKDOWNS], t("explorer.breakdown"),
                         BREAKDOWNS.index(breakdown))
    p_year = select_param("year", list(data.years), [str(y) for y in data.years],
                          t("explorer.year"), year)
    chosen = ((alt.datum.i == p_ind) & (alt.datum.l == p_lvl) & (alt.datum.b == p_brk)
              & (alt.datum.y == p_year))
    base = alt.Chart(inline_csv(table)).transform_filter(chosen).transform_calculate(
        group=f"{json.dumps(names, ensure_ascii=False)}[datum.g]")
    bars = base.mark_bar(color=PALETTE[0]).encode(
        x=alt.X("v:Q", title=t("explorer.value")),
        y=alt.Y("group:N", title=None, sort=_BY_V),
        tooltip=[alt.Tooltip("group:N", title=t("explorer.group")),
                 alt.Tooltip("v:Q", title=t("explorer.value"))],
    )
    labels = base.mark_text(align="left", dx=3, color="#000000").encode(
        x="v:Q", y=alt.Y("group:N", sort=_BY_V), text=alt.Text("v:Q"))
    notes = []
    for i, name in enumerate(INDICATORS):
        for b, brk in enumerate(BREAKDOWNS):
            reason = unavailable_reason(name, brk, None, None)
            if reason:
                notes.append({"i": i, "b": b, "y": None, "m": reason})
        if name in FLOWS:
            notes.append({"i": i, "b": None, "y": data.last_year,
                          "m": t("explorer.unavailable.next_year", year=data.last_year)})
    note_chart = alt.Chart(pd.DataFrame(notes, columns=["i", "b", "y", "m"])).transform_filter(
        (alt.datum.i == p_ind) & ((alt.datum.b == None) | (alt.datum.b == p_brk))  # noqa: E711
        & ((alt.datum.y == None) | (alt.datum.y == p_year))  # noqa: E711
    ).mark_text(align="left", baseline="top", fontSize=13, color=PALETTE[3]).encode(
        text="m:N", x=alt.value(0), y=alt.value(0)
    ).properties(width=420, height=18)
    return alt.vconcat(
        note_chart, (bars + labels).properties(width=420, height=alt.Step(18)),
        title=alt.Title(t("explorer.static_title"), subtitle=t("explorer.static_subtitle")),
    ).add_params(p_ind, p_lvl, p_brk, p_year).properties(
        description=t("explorer.static_description"))
