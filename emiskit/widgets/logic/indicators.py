"""Indicators by year, level and breakdown, from the sample tables (the indicator explorer's
logic).

The tables are first summed into small "cubes" (enrolment by district, area, sector, year,
grade and sex; teachers by district, area, sector, year and level; population by
district, year and sex). Every indicator for every breakdown is then a quick group-by of a
cube followed by the indicator function of :mod:`emiskit.indicators`, so a control change
stays fast even for a national-size census. This module is written so it can move to
``emiskit/indicators/tables.py`` unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from emiskit import indicators as ind
from emiskit.charts import PALETTE
from emiskit.data.settings import LOWER_SECONDARY_GRADES, OFFICIAL_AGES, PRIMARY_GRADES
from emiskit.i18n import t

from .common import ends, inline_csv, select_param, value_label

INDICATORS: tuple[str, ...] = (
    "ger", "ner", "out_of_school", "gpi", "ptr", "trained", "promotion", "repetition",
    "dropout",
)
LEVELS: tuple[str, ...] = ("primary", "lower_secondary")
BREAKDOWNS: tuple[str, ...] = ("national", "region", "district", "area", "sector", "sex")
FLOWS: tuple[str, ...] = ("promotion", "repetition", "dropout")
TABLES_NEEDED: tuple[str, ...] = ("regions", "districts", "schools", "enrolment", "teachers",
                                  "population")

LEVEL_GRADES: dict[str, tuple[int, ...]] = {
    "primary": PRIMARY_GRADES,
    "lower_secondary": LOWER_SECONDARY_GRADES,
}

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

_KEYS: dict[str, list[str]] = {
    "national": [],
    "region": ["region_code"],
    "district": ["district_code"],
    "area": ["area"],
    "sector": ["sector"],
    "sex": ["sex"],
}


@dataclass(frozen=True)
class IndicatorData:
    """The sample tables summed into small cubes, and the names of places."""

    enrolment: pd.DataFrame
    teachers: pd.DataFrame
    population: pd.DataFrame
    places: pd.DataFrame  # district_code, district_name, region_code, region_name
    years: tuple[int, ...]

    @property
    def last_year(self) -> int:
        return self.years[-1]


def _text(values: pd.Series) -> np.ndarray:
    """A column as an array of text (categories are converted once, not per row)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        labels = np.asarray(values.cat.categories.astype("str"), dtype=object)
        codes = values.cat.codes.to_numpy()
        return np.where(codes >= 0, labels[codes], None)
    return np.asarray(values.astype("str"), dtype=object)


def _codes(values: pd.Series, universe: pd.Index) -> np.ndarray:
    return universe.get_indexer(values if pd.api.types.is_string_dtype(values.dtype)
                                else values.astype("str"))


def _small_codes(values: np.ndarray) -> tuple[np.ndarray, int, np.ndarray]:
    """Codes 0…k−1 of an array's values, k, and the values (sorted)."""
    codes, uniques = pd.factorize(values, sort=True)  # hashing: faster than sorting
    return codes.astype(np.int64), len(uniques), np.asarray(uniques)


def _sum_by_codes(keys: dict[str, tuple], values: dict[str, np.ndarray]) -> pd.DataFrame:
    """Sum ``values`` over every combination of ``keys`` that occurs, with one
    ``np.bincount`` per value instead of a group-by on millions of rows.

    ``keys`` maps a name to ``(codes, size)`` (codes are kept as they are) or
    ``(codes, size, labels)`` (codes are turned back into labels).
    """
    flat = np.zeros(len(next(iter(values.values()))), dtype=np.int64)
    sizes = []
    for codes, size, *_ in keys.values():
        flat = flat * size + codes
        sizes.append(size)
    inverse, used = pd.factorize(flat, sort=True)
    out = {}
    for name, positions in zip(keys, np.unravel_index(used, sizes), strict=True):
        spec = keys[name]
        out[name] = spec[2][positions] if len(spec) > 2 else positions
    for name, column in values.items():
        out[name] = np.bincount(inverse, weights=column, minlength=len(used))
    return pd.DataFrame(out)


def prepare_indicator_data(tables: Mapping[str, pd.DataFrame]) -> IndicatorData:
    """Sum the enrolment, teacher and population tables into the explorer's cubes."""
    regions = tables["regions"]
    districts = tables["districts"]
    schools = tables["schools"]
    places = districts[["district_code", "district_name", "region_code"]].merge(
        regions[["region_code", "region_name"]], on="region_code", how="left"
    ).astype("str")
    region_of = pd.Series(places["region_code"].to_numpy(), index=places["district_code"])

    school_index = pd.Index(schools["school_id"].astype("str"))
    attrs = pd.DataFrame({
        "district_code": schools["district_code"].astype("str").to_numpy(),
        "area": schools["area"].astype("str").to_numpy(),
        "sector": schools["sector"].astype("str").to_numpy(),
    })

    e = tables["enrolment"]
    pos = _codes(e["school_id"], school_index)
    known = pos >= 0
    age = e["age"].to_numpy(dtype="float64", na_value=np.nan)[known]
    pupils = e["pupils"].to_numpy(dtype="float64", na_value=0)[known]
    values = {
        "pupils": pupils,
        "repeaters": e["repeaters"].to_numpy(dtype="float64", na_value=0)[known],
        "graduates": e["graduates"].to_numpy(dtype="float64", na_value=0)[known],
    }
    for level, (low, high) in OFFICIAL_AGES.items():
        values[f"age_{level}"] = np.where((age >= low) & (age <= high), pupils, 0.0)
    # Sum by school, year, grade and sex with whole-number keys (fast on a national
    # census); the school's district, area and sector join the much smaller result.
    by_school = _sum_by_codes({
        "school": (pos[known], len(school_index)),
        "year": _small_codes(e["year"].to_numpy(dtype="int64")[known]),
        "grade": _small_codes(e["grade"].to_numpy(dtype="int64")[known]),
        "sex": _small_codes(_text(e["sex"])[known]),
    }, values)
    school = by_school.pop("school").to_numpy()
    for col in ("district_code", "area", "sector"):
        by_school[col] = attrs[col].to_numpy()[school]
    keys = ["district_code", "area", "sector", "year", "grade", "sex"]
    enrol = by_school.groupby(keys, sort=True, observed=True).sum().reset_index()
    enrol["region_code"] = region_of.reindex(enrol["district_code"]).to_numpy()

    tt = tables["teachers"]
    tpos = _codes(tt["school_id"], school_index)
    tk = tpos >= 0
    teachers = pd.DataFrame({
        "district_code": attrs["district_code"].to_numpy()[tpos[tk]],
        "area": attrs["area"].to_numpy()[tpos[tk]],
        "sector": attrs["sector"].to_numpy()[tpos[tk]],
        "year": tt["year"].to_numpy(dtype="int64")[tk],
        "level": tt["level"].astype("str").to_numpy()[tk],
        "teachers": tt["teachers"].to_numpy(dtype="float64", na_value=np.nan)[tk],
        "trained": tt["trained"].to_numpy(dtype="float64", na_value=np.nan)[tk],
    }).groupby(["district_code", "area", "sector", "year", "level"], sort=True,
               observed=True).sum().reset_index()
    teachers["region_code"] = region_of.reindex(teachers["district_code"]).to_numpy()

    p = tables["population"]
    p_age = p["age"].to_numpy(dtype="int64")
    p_n = p["population"].to_numpy(dtype="float64", na_value=np.nan)
    pop_cols = {
        "district_code": p["district_code"].astype("str").to_numpy(),
        "year": p["year"].to_numpy(dtype="int64"),
        "sex": p["sex"].astype("str").to_numpy(),
    }
    for level, (low, high) in OFFICIAL_AGES.items():
        pop_cols[level] = np.where((p_age >= low) & (p_age <= high), p_n, 0.0)
    population = pd.DataFrame(pop_cols).groupby(["district_code", "year", "sex"], sort=True,
                                                 observed=True).sum().reset_index()
    population["region_code"] = region_of.reindex(population["district_code"]).to_numpy()

    years = tuple(int(y) for y in sorted(enrol["year"].unique()))
    return IndicatorData(enrol, teachers, population, places, years)


def _sum(frame: pd.DataFrame, keys: list[str], columns: list[str]) -> pd.DataFrame:
    return frame.groupby([*keys, "year"], sort=True, observed=True)[columns].sum()


def _level_rows(data: IndicatorData, level: str) -> pd.DataFrame:
    return data.enrolment[data.enrolment["grade"].isin(LEVEL_GRADES[level])]


def _access(data: IndicatorData, indicator: str, level: str, keys: list[str],
            sex: str | None = None) -> pd.DataFrame:
    enrol, pop = data.enrolment, data.population
    if sex is not None:
        enrol, pop = enrol[enrol["sex"] == sex], pop[pop["sex"] == sex]
    in_level = enrol["grade"].isin(LEVEL_GRADES[level])
    age_col = f"age_{level}"
    population = _sum(pop, keys, [level])[level].rename("population")
    if indicator in ("ger", "gpi"):
        enrolment = _sum(enrol[in_level], keys, ["pupils"])["pupils"].rename("enrolment")
        value = ind.gross_enrolment_ratio(enrolment, population)
        return pd.DataFrame({"value": value, "enrolment": enrolment, "population": population})
    if indicator == "ner":
        official = _sum(enrol[in_level], keys, [age_col])[age_col]
        value = ind.net_enrolment_rate(official, population)
        return pd.DataFrame({"value": value, "enrolment_official_age": official,
                             "population": population})
    # Out of school (SDG 4.1.4 definition): official-age children enrolled in any grade of
    # primary or lower secondary are in school; pre-primary is not in the sample census.
    is_primary = enrol["grade"].isin(PRIMARY_GRADES)
    primary = _sum(enrol[is_primary], keys, [age_col])[age_col]
    secondary = _sum(enrol[~is_primary], keys, [age_col])[age_col]
    both = primary.index.union(secondary.index)
    in_school = ind.official_age_in_school(
        primary=primary.reindex(both, fill_value=0), secondary=secondary.reindex(both,
                                                                                fill_value=0)
    )
    value = ind.out_of_school_rate(population, in_school)
    return pd.DataFrame({"value": value, "population": population, "in_school": in_school})


def _teachers(data: IndicatorData, indicator: str, level: str, keys: list[str]) -> pd.DataFrame:
    staff = data.teachers[data.teachers["level"] == level]
    counts = _sum(staff, keys, ["teachers", "trained"])
    if indicator == "trained":
        value = ind.percent_trained_teachers(counts["trained"], counts["teachers"])
        return pd.DataFrame({"value": value, "trained": counts["trained"],
                             "teachers": counts["teachers"]})
    pupils = _sum(_level_rows(data, level), keys, ["pupils"])["pupils"]
    value = ind.pupil_teacher_ratio(pupils, counts["teachers"])
    return pd.DataFrame({"value": value, "pupils": pupils, "teachers": counts["teachers"]})


def _flows(data: IndicatorData, level: str, keys: list[str]) -> pd.DataFrame:
    """Promotion, repetition and dropout of a level (all three: they come together)."""
    rows = _level_rows(data, level)
    by_grade = rows.groupby([*keys, "year", "grade"], sort=True, observed=True)[
        ["pupils", "repeaters", "graduates"]].sum().reset_index()
    rates = ind.flow_rates_by(by_grade, by=keys or None, enrolment="pupils",
                              graduates="graduates")
    # The rate of a level is the enrolment-weighted mean of its grades' rates, which is
    # the same as summing numerators and denominators over the grades (UIS).
    weights = by_grade.set_index([*keys, "year", "grade"])["pupils"].reindex(rates.index)
    levels = [*keys, "year"]
    out = {}
    for flow in FLOWS:
        rate = rates[flow]
        use = rate.notna()
        weighted = (rate.where(use, 0) * weights.where(use, 0)).groupby(level=levels).sum()
        total = weights.where(use, 0).groupby(level=levels).sum()
        out[flow] = weighted / total.where(total > 0)
    out["enrolment"] = weights.groupby(level=levels).sum()
    return pd.DataFrame(out)


def compute(data: IndicatorData, indicator: str, level: str, breakdown: str) -> pd.DataFrame:
    """One indicator for one level and breakdown, every year: indexed by (group…, year).

    Raises ``ValueError`` for a breakdown the indicator is not available for (see
    :data:`AVAILABLE` and :func:`unavailable_reason`).
    """
    _check(indicator, level, breakdown)
    keys = _KEYS[breakdown]
    if indicator in ("ger", "ner", "out_of_school"):
        out = _access(data, indicator, level, keys)
    elif indicator == "gpi":
        girls = _access(data, "ger", level, keys, sex="F")["value"]
        boys = _access(data, "ger", level, keys, sex="M")["value"]
        out = pd.DataFrame({"value": ind.parity_index(girls, boys), "ger_girls": girls,
                            "ger_boys": boys})
    elif indicator in ("ptr", "trained"):
        out = _teachers(data, indicator, level, keys)
    else:
        flows = _flows(data, level, keys)
        out = pd.DataFrame({"value": flows[indicator], "enrolment": flows["enrolment"]})
    return out


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
    keys = _KEYS[breakdown]
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
                        flows[key] = _flows(data, level, _KEYS[breakdown])
                    values = flows[key][indicator]
                else:
                    values = compute(data, indicator, level, breakdown)["value"]
                values = values.dropna()
                keys = _KEYS[breakdown]
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
