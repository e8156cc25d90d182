"""Gaps between groups of pupils, with 95% confidence intervals and small groups suppressed
(the gap explorer's logic).

Group averages and sizes come from :func:`emiskit.indicators.disaggregate`, which also
flags groups too small to report (fewer than 30 pupils by default). Intervals use the
normal approximation: mean ± 1.96 × sd/√n, and for a share p (in percent)
p ± 1.96 × √(p(100 − p)/n). They treat pupils as independent; pupils of the same school
are alike, so the true uncertainty is somewhat larger.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from emiskit.charts import PALETTE
from emiskit.data.settings import MINIMUM_PROFICIENCY
from emiskit.i18n import t
from emiskit.indicators import disaggregate

from .common import inline_csv, select_param, value_label

Z95 = 1.959963984540054
MIN_GROUP_SIZE = 30

#: outcome → (table, column or derived column, subject filter, kind)
OUTCOMES: dict[str, tuple[str, str, str | None, str]] = {
    "reading_score": ("assessment", "score", "reading", "mean"),
    "mathematics_score": ("assessment", "score", "mathematics", "mean"),
    "reading_below_minimum": ("assessment", "below_minimum", "reading", "share"),
    "mathematics_below_minimum": ("assessment", "below_minimum", "mathematics", "share"),
    "attendance": ("students", "attendance_rate", None, "mean"),
    "mark_language": ("students", "mark_language", None, "mean"),
    "mark_mathematics": ("students", "mark_mathematics", None, "mean"),
}
GROUPINGS: tuple[str, ...] = ("sex", "area", "ses_quintile", "indigenous", "special_needs",
                              "region")
#: The group others are compared with (the usually advantaged one). If it is missing or
#: too small, the largest group is used instead.
REFERENCE: dict[str, object] = {
    "sex": "M",
    "area": "urban",
    "ses_quintile": "Q5",
    "indigenous": False,
    "special_needs": False,
    "region": None,  # the largest region
}
QUINTILES: tuple[str, ...] = ("Q1", "Q2", "Q3", "Q4", "Q5")
TABLES_NEEDED: tuple[str, ...] = ("regions", "districts", "schools", "assessment", "students")
STATIC_YEARS: tuple[int, ...] = (2019, 2022)
"""Years shown in the published book's chart: both tables have them (assessment years)."""

_COLUMNS = ["group", "code", "n", "value", "ci_low", "ci_high", "gap", "gap_low", "gap_high",
            "too_small", "reference"]


@dataclass(frozen=True)
class GapData:
    """Pupil-level tables with each pupil's area, district, region and socio-economic
    quintile attached, split by table, year and subject so that a control change only
    touches the pupils it needs."""

    parts: Mapping[tuple[str, int, str | None], pd.DataFrame]
    places: pd.DataFrame  # district_code, district_name, region_code, region_name

    def years(self, outcome: str) -> tuple[int, ...]:
        """The years with data for ``outcome``."""
        table, column, subject, _ = OUTCOMES[outcome]
        return tuple(sorted(year for (name, year, subj), frame in self.parts.items()
                            if name == table and subj == subject
                            and frame[column].notna().any()))


def _attach_places(frame: pd.DataFrame, schools: pd.DataFrame,
                   region_of: pd.Series) -> pd.DataFrame:
    index = pd.Index(schools["school_id"].astype("str"))
    pos = index.get_indexer(frame["school_id"].astype("str"))
    ok = pos >= 0
    out = frame.loc[ok].reset_index(drop=True)
    out["area"] = schools["area"].astype("str").to_numpy()[pos[ok]]
    out["district_code"] = schools["district_code"].astype("str").to_numpy()[pos[ok]]
    out["region_code"] = region_of.reindex(out["district_code"]).to_numpy()
    return out


def _with_quintiles(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``ses_quintile``: fifths of these pupils by socio-economic index (Q1 the
    poorest), equal in size, ties broken by order."""
    ses = frame["ses_index"].to_numpy(dtype="float64", na_value=np.nan)
    known = ~np.isnan(ses)
    codes = np.full(len(ses), -1, dtype=np.int64)
    n = int(known.sum())
    if n:
        order = np.argsort(ses[known], kind="stable")
        ranks = np.empty(n, dtype=np.int64)
        ranks[order] = np.arange(n)
        codes[known] = ranks * len(QUINTILES) // n
    out = frame.reset_index(drop=True)
    out["ses_quintile"] = pd.Categorical.from_codes(codes, categories=list(QUINTILES))
    return out


def prepare_gap_data(tables: Mapping[str, pd.DataFrame]) -> GapData:
    """Attach places to the assessment and student tables, mark pupils below minimum and
    split the tables by year (and subject)."""
    places = tables["districts"][["district_code", "district_name", "region_code"]].merge(
        tables["regions"][["region_code", "region_name"]], on="region_code", how="left"
    ).astype("str")
    region_of = pd.Series(places["region_code"].to_numpy(), index=places["district_code"])
    schools = tables["schools"]
    keep = ["year", "sex", "ses_index", "indigenous", "special_needs", "school_id"]

    a = tables["assessment"]
    levels = a["level"]
    if isinstance(levels.dtype, pd.CategoricalDtype):
        order = list(levels.cat.categories)
        code = levels.cat.codes.to_numpy().astype("float64")
    else:
        order = ["I", "II", "III", "IV"]
        code = levels.map({lv: i for i, lv in enumerate(order)}).to_numpy(dtype="float64")
    code[code < 0] = np.nan
    minimum_of = {g: order.index(lv) for g, lv in MINIMUM_PROFICIENCY.items()}
    grade = a["grade"].to_numpy(dtype="float64", na_value=np.nan)
    minimum = np.full(len(a), np.nan)
    for g, m in minimum_of.items():
        minimum[grade == g] = m
    assessment = a[[*keep, "subject", "grade", "score"]].copy()
    with np.errstate(invalid="ignore"):
        below = np.where(np.isnan(code) | np.isnan(minimum), np.nan,
                         (code < minimum).astype("float64"))
    assessment["below_minimum"] = below
    assessment = _attach_places(assessment, schools, region_of)

    s = tables["students"]
    students = _attach_places(
        s[[*keep, "attendance_rate", "mark_language", "mark_mathematics"]].copy(), schools,
        region_of)
    parts: dict[tuple[str, int, str | None], pd.DataFrame] = {}
    for name, frame, by in (("assessment", assessment, ["year", "subject"]),
                            ("students", students, ["year"])):
        frame["year"] = frame["year"].astype("int64")
        for col in ("indigenous", "special_needs"):
            frame[col] = frame[col].astype("boolean")
        for key, part in frame.groupby(by, sort=True, observed=True):
            key = key if isinstance(key, tuple) else (key,)
            subject = str(key[1]) if len(key) > 1 else None
            parts[(name, int(key[0]), subject)] = _with_quintiles(part)
    return GapData(parts, places)


def _rows(data: GapData, outcome: str, year: int) -> pd.DataFrame:
    table, column, subject, _ = OUTCOMES[outcome]
    if (table, year, subject) in data.parts:
        return data.parts[(table, year, subject)]
    # No pupils that year: an empty frame with the same columns.
    same = [f for (name, _, _), f in data.parts.items() if name == table]
    return same[0].iloc[0:0] if same else pd.DataFrame(columns=["ses_quintile", column])


def _group_column(rows: pd.DataFrame, grouping: str) -> pd.Series:
    # Quintiles are of the country's pupils in that year (computed before any place is
    # chosen), so "Q1" always means the poorest fifth of the country.
    if grouping == "region":
        return rows["region_code"]
    return rows[grouping]


def gap_table(
    data: GapData,
    outcome: str,
    grouping: str,
    year: int,
    place: str | None = None,
    min_group_size: int = MIN_GROUP_SIZE,
) -> pd.DataFrame:
    """Each group's average (or share), 95% interval, and gap to the reference group.

    ``place`` is ``None`` (the whole country), a region code (2 digits) or a district code
    (4 digits). Groups smaller than ``min_group_size`` have no value, interval or gap
    (``too_small`` is True) but keep their size ``n``. Columns: ``group`` (label),
    ``code``, ``n``, ``value``, ``ci_low``, ``ci_high``, ``gap``, ``gap_low``, ``gap_high``,
    ``too_small``, ``reference``.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {tuple(OUTCOMES)}, not {outcome!r}")
    if grouping not in GROUPINGS:
        raise ValueError(f"grouping must be one of {GROUPINGS}, not {grouping!r}")
    _, column, _, kind = OUTCOMES[outcome]
    rows = _rows(data, outcome, year)
    groups = _group_column(rows, grouping)
    frame = pd.DataFrame({"g": groups.to_numpy(), "x": rows[column].astype("float64").to_numpy()})
    if place:
        where = rows["district_code" if len(place) == 4 else "region_code"].to_numpy() == place
        frame = frame.loc[where]
    frame = frame.dropna(subset=["g"])
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in _COLUMNS})

    result = disaggregate(frame, "x", by="g", min_group_size=min_group_size)
    result = result[result.index.notna()]
    sd = frame.groupby("g", sort=True, observed=True)["x"].std(ddof=1).reindex(result.index)
    n = result["n"].astype("float64")
    raw = result["value_unsuppressed"]
    if kind == "share":
        value = 100 * raw
        se = np.sqrt(value * (100 - value) / n)
    else:
        value = raw
        se = sd / np.sqrt(n)
    too_small = result["too_small"].to_numpy(dtype=bool)
    value = value.where(~too_small)
    se = se.where(~too_small)

    codes = list(result.index)
    ref = REFERENCE[grouping]
    usable = [c for c, small in zip(codes, too_small, strict=True) if not small]
    if ref not in usable:
        ref = max(usable, key=lambda c: n[c]) if usable else None
    ref_value = value[ref] if ref is not None else math.nan
    ref_se = se[ref] if ref is not None else math.nan
    is_ref = np.array([c == ref for c in codes])
    gap = value - ref_value
    gap_se = np.sqrt(se**2 + ref_se**2)
    low, high = value - Z95 * se, value + Z95 * se
    if kind == "share":
        low, high = low.clip(lower=0), high.clip(upper=100)
    out = pd.DataFrame({
        "group": group_labels(data, grouping, codes),
        "code": [str(c) for c in codes],
        "n": result["n"].astype("int64").to_numpy(),
        "value": value.to_numpy(),
        "ci_low": low.to_numpy(),
        "ci_high": high.to_numpy(),
        "gap": np.where(is_ref, 0.0, gap.to_numpy()),
        "gap_low": np.where(is_ref, np.nan, (gap - Z95 * gap_se).to_numpy()),
        "gap_high": np.where(is_ref, np.nan, (gap + Z95 * gap_se).to_numpy()),
        "too_small": too_small,
        "reference": is_ref,
    })
    out.loc[out["too_small"], "gap"] = np.nan
    return out


def group_labels(data: GapData, grouping: str, codes: list[object]) -> list[str]:
    """Display names of groups."""
    if grouping == "region":
        names = dict(zip(data.places["region_code"], data.places["region_name"], strict=True))
        return [names.get(str(c), str(c)) for c in codes]
    return [value_label(grouping, c) for c in codes]


def place_options(data: GapData) -> list[tuple[str, str]]:
    """(label, code) pairs for the place menu: the country, each region, each district."""
    places = data.places.sort_values("district_code")
    options = [(t("gaps.whole_country"), "")]
    for code, name in places.drop_duplicates("region_code")[["region_code", "region_name"]]\
            .itertuples(index=False):
        options.append((t("gaps.region_place", name=name), code))
    for code, name in places[["district_code", "district_name"]].itertuples(index=False):
        options.append((t("gaps.district_place", name=name), code))
    return options


def suppressed_note(table: pd.DataFrame, min_group_size: int = MIN_GROUP_SIZE) -> str:
    """A sentence naming the groups left out because they are too small ("" if none)."""
    small = table.loc[table["too_small"].astype(bool), "group"].tolist()
    if not small:
        return ""
    return t("gaps.suppressed", groups=", ".join(small), n=min_group_size)


def _unit(outcome: str) -> str:
    kind = OUTCOMES[outcome][3]
    if kind == "share":
        return t("unit.percent")
    return t("unit.points") if OUTCOMES[outcome][0] == "assessment" else \
        t("unit.percent") if outcome == "attendance" else t("unit.mark")


def gap_chart(table: pd.DataFrame, outcome: str, grouping: str, year: int,
              place_label: str = "") -> alt.LayerChart:
    """Dots for group averages, lines for their 95% intervals, a dashed line at the
    reference group."""
    shown = table[~table["too_small"].astype(bool)].copy()
    shown["kind"] = np.where(shown["reference"], t("gaps.reference_group"), t("gaps.group"))
    shown["order"] = range(len(shown))
    data = shown[["group", "value", "ci_low", "ci_high", "gap", "n", "kind", "order"]].round(2)
    title = t("gaps.chart_title", outcome=t(f"outcome.{outcome}"),
              grouping=t(f"grouping.{grouping}"), year=year)
    subtitle = [t("gaps.chart_subtitle")] + ([place_label] if place_label else [])
    y = alt.Y("group:N", title=t(f"grouping.{grouping}"),
              sort=alt.EncodingSortField("order", op="min", order="ascending"))
    x_title = f"{t(f'outcome.{outcome}')} ({_unit(outcome)})"
    base = alt.Chart(data, title=alt.Title(title, subtitle=subtitle))
    bars = base.mark_rule(strokeWidth=2, color=PALETTE[0]).encode(
        x=alt.X("ci_low:Q", title=x_title, scale=alt.Scale(zero=False)), x2="ci_high:Q", y=y)
    colour = alt.Color("kind:N", title=None,
                       scale=alt.Scale(domain=[t("gaps.group"), t("gaps.reference_group")],
                                       range=[PALETTE[0], PALETTE[1]]))
    shape = alt.Shape("kind:N", title=None,
                      scale=alt.Scale(domain=[t("gaps.group"), t("gaps.reference_group")],
                                      range=["circle", "diamond"]))
    dots = base.mark_point(filled=True, size=90).encode(
        x="value:Q", y=y, color=colour, shape=shape,
        tooltip=[alt.Tooltip("group:N", title=t(f"grouping.{grouping}")),
                 alt.Tooltip("n:Q", title=t("col.n"), format=","),
                 alt.Tooltip("value:Q", title=t("col.value"), format=".1f"),
                 alt.Tooltip("ci_low:Q", title=t("col.ci_low"), format=".1f"),
                 alt.Tooltip("ci_high:Q", title=t("col.ci_high"), format=".1f"),
                 alt.Tooltip("gap:Q", title=t("col.gap"), format="+.1f")],
    )
    ref_value = shown.loc[shown["reference"], "value"]
    layers = [bars, dots]
    if len(ref_value):
        rule = alt.Chart(pd.DataFrame({"value": [round(float(ref_value.iloc[0]), 2)]})) \
            .mark_rule(strokeDash=[4, 4], color=PALETTE[1]).encode(x="value:Q")
        layers.insert(0, rule)
    return alt.layer(*layers).properties(
        width=420, height=alt.Step(26),
        description=t("gaps.chart_description", outcome=t(f"outcome.{outcome}"),
                      grouping=t(f"grouping.{grouping}"), year=year),
    )


def gap_long_table(data: GapData, years: tuple[int, ...] = STATIC_YEARS) -> pd.DataFrame:
    """Every outcome × grouping × year for the published book's chart (short columns)."""
    parts = []
    for outcome in OUTCOMES:
        for grouping in GROUPINGS:
            for year in years:
                table = gap_table(data, outcome, grouping, year)
                if table.empty:
                    continue
                part = pd.DataFrame({
                    "o": outcome, "gr": grouping, "y": year, "g": table["group"],
                    "k": range(len(table)), "n": table["n"],
                    "v": table["value"].round(1), "lo": table["ci_low"].round(1),
                    "hi": table["ci_high"].round(1), "gap": table["gap"].round(1),
                    "ref": table["reference"],
                })
                parts.append(part[~table["too_small"].astype(bool).to_numpy()])
    return pd.concat(parts, ignore_index=True)


def static_gap_chart(long: pd.DataFrame, *, outcome: str, grouping: str,
                     year: int) -> alt.LayerChart:
    """The gap explorer as an Altair chart with menus, for the published book."""
    outcomes = list(OUTCOMES)
    p_out = select_param("outcome", outcomes, [t(f"outcome.{o}") for o in outcomes],
                         t("gaps.outcome"), outcome)
    p_grp = select_param("grouping", GROUPINGS, [t(f"grouping.{g}") for g in GROUPINGS],
                         t("gaps.grouping"), grouping)
    years = sorted(long["y"].unique().tolist())
    p_year = select_param("year", years, [str(y) for y in years], t("gaps.year"),
                          year if year in years else years[-1])
    long = long.assign(kind=np.where(long["ref"], t("gaps.reference_group"), t("gaps.group")))
    base = alt.Chart(inline_csv(long.drop(columns="ref"))).transform_filter(
        (alt.datum.o == p_out) & (alt.datum.gr == p_grp) & (alt.datum.y == p_year))
    y = alt.Y("g:N", title=None, sort=alt.EncodingSortField("k", op="min", order="ascending"))
    ci = base.mark_rule(strokeWidth=2, color=PALETTE[0]).encode(
        x=alt.X("lo:Q", title=t("gaps.static_axis"), scale=alt.Scale(zero=False)),
        x2="hi:Q", y=y)
    dom = [t("gaps.group"), t("gaps.reference_group")]
    dots = base.mark_point(filled=True, size=90).encode(
        x="v:Q", y=y,
        color=alt.Color("kind:N", title=None, scale=alt.Scale(domain=dom,
                                                              range=[PALETTE[0], PALETTE[1]])),
        shape=alt.Shape("kind:N", title=None, scale=alt.Scale(domain=dom,
                                                              range=["circle", "diamond"])),
        tooltip=[alt.Tooltip("g:N", title=t("col.group")),
                 alt.Tooltip("n:Q", title=t("col.n"), format=","),
                 alt.Tooltip("v:Q", title=t("col.value")),
                 alt.Tooltip("lo:Q", title=t("col.ci_low")),
                 alt.Tooltip("hi:Q", title=t("col.ci_high")),
                 alt.Tooltip("gap:Q", title=t("col.gap"))],
    )
    return alt.layer(ci, dots).add_params(p_out, p_grp, p_year).properties(
        width=420, height=alt.Step(26),
        title=alt.Title(t("gaps.static_title"), subtitle=t("gaps.chart_subtitle")),
        description=t("gaps.static_description"),
    )
