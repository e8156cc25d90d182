"""Data-quality rules: pure functions that return the rows breaking a rule (the
data-quality inspector's logic).

Each rule takes the table being checked and, where it needs them, other tables (the
school register, last year's census) and returns the offending rows: rows of the table
itself, or one row per school for rules about whole schools. The inspector lists, for
the chosen table, each rule with its number of problems and a few examples.

Two kinds of rules:

* **schema rules**, for any sample table, read from the table's definition
  (:mod:`emiskit.data.schema`): repeated identifiers, missing required values, values
  outside the allowed range or list;
* **census rules**, for ``census_raw`` (the census as schools typed it): the checks a
  ministry's EMIS team runs on each new submission.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from emiskit.charts import PALETTE
from emiskit.data.schema import TABLES_BY_NAME, Table
from emiskit.i18n import t

from .common import select_param

Tables = Mapping[str, pd.DataFrame]
RuleFunction = Callable[[pd.DataFrame, Tables], pd.DataFrame]

#: Plausible ages for a grade: the official age is grade + 5; pupils two years younger or
#: seven years older than that are already rare, so anything further out is a typing error.
AGE_BELOW_OFFICIAL = 2
AGE_ABOVE_OFFICIAL = 7
#: A school with more than this many times its (one-shift) capacity: a double-shift school
#: can hold about twice its places, so three times is far above what buildings allow.
CAPACITY_FACTOR = 3.0
SECTOR_CODES = ("PUB", "SUB", "PRI")
AREA_CODES = ("U", "R")
SECTOR_OF_CODE = {"PUB": "public", "SUB": "private_subsidised", "PRI": "private"}
AREA_OF_CODE = {"U": "urban", "R": "rural"}
_FORM_KEY = ["school_code", "grade", "age"]
_COUNTS = ["boys", "girls"]


@dataclass(frozen=True)
class Rule:
    """A data-quality rule: its key (title and explanation are ``quality.rule.<key>.*``
    messages), the function that finds problems and the tables it needs besides the one
    checked."""

    key: str
    check: RuleFunction
    needs: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return t(f"quality.rule.{self.key}.title")

    @property
    def why(self) -> str:
        return t(f"quality.rule.{self.key}.why")


@dataclass(frozen=True)
class RuleResult:
    """What one rule found: the offending rows (all of them) and how many."""

    rule: Rule
    rows: pd.DataFrame

    @property
    def count(self) -> int:
        return len(self.rows)

    def examples(self, n: int = 5) -> pd.DataFrame:
        return self.rows.head(n)


# --------------------------------------------------------------------------------------
# Schema rules (any table)


def _key_codes(frame: pd.DataFrame, key: list[str]) -> np.ndarray:
    """One integer per row that is equal for rows with equal ``key`` values (missing
    values equal each other), much faster than comparing text on a national census."""
    combined = np.zeros(len(frame), dtype=np.int64)
    for name in key:
        col = frame[name]
        if isinstance(col.dtype, pd.CategoricalDtype):
            codes = col.cat.codes.to_numpy().astype(np.int64) + 1  # missing is -1 → 0
            size = len(col.cat.categories) + 1
        elif pd.api.types.is_integer_dtype(col.dtype) and len(col):
            values = col.to_numpy(dtype="float64", na_value=np.nan)
            low = np.nanmin(values) if not np.isnan(values).all() else 0.0
            codes = np.where(np.isnan(values), 0, values - low + 1).astype(np.int64)
            size = int(codes.max()) + 1
        else:
            codes, uniques = pd.factorize(col, use_na_sentinel=False)
            size = len(uniques) + 1
        if size and combined.max(initial=0) > 2**62 // size:  # keep the product exact
            combined = pd.factorize(combined)[0].astype(np.int64)
        combined = combined * size + codes
    return combined


def duplicate_keys(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Rows whose identifier (the primary key columns) appears more than once."""
    if not key or any(c not in frame.columns for c in key):
        return frame.iloc[0:0]
    repeated = pd.Series(_key_codes(frame, key)).duplicated(keep=False).to_numpy()
    return frame[repeated].sort_values(key, kind="stable")


def missing_required(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Rows with an empty value in a column the schema requires."""
    cols = [f.name for f in table.fields if f.required and f.name in frame.columns]
    if not cols:
        return frame.iloc[0:0]
    missing = np.zeros(len(frame), dtype=bool)
    for col in cols:
        missing |= frame[col].isna().to_numpy()
    return frame[missing]


def _not_allowed(col: pd.Series, allowed: Callable[[pd.Series], np.ndarray]) -> np.ndarray:
    """Rows whose value fails ``allowed``, testing each distinct value once (or every
    value, when nearly all are distinct, like pupil codes)."""
    present = col.dropna()
    if present.empty:
        return np.zeros(len(col), dtype=bool)
    if present.iloc[: min(len(present), 2000)].nunique() > 1000:
        return col.notna().to_numpy() & ~np.asarray(allowed(col.fillna("")), dtype=bool)
    values = pd.Series(present.unique())
    if values.empty:
        return np.zeros(len(col), dtype=bool)
    bad_values = values[~allowed(values)]
    return col.isin(bad_values.tolist()).to_numpy(dtype=bool) if len(bad_values) else \
        np.zeros(len(col), dtype=bool)


def outside_allowed(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Rows with a value outside the schema's range, list of values or pattern."""
    bad = np.zeros(len(frame), dtype=bool)
    for f in table.fields:
        if f.name not in frame.columns:
            continue
        col = frame[f.name]
        if f.enum is not None:
            allowed = set(f.enum)
            bad |= _not_allowed(col, lambda v, a=allowed: v.astype("object").isin(a)
                                .to_numpy(dtype=bool))
        if f.type in ("integer", "number"):
            values = col.to_numpy(dtype="float64", na_value=np.nan)
            with np.errstate(invalid="ignore"):
                if f.minimum is not None:
                    bad |= values < f.minimum
                if f.maximum is not None:
                    bad |= values > f.maximum
        if f.pattern is not None and f.type == "string":
            pattern = f.pattern.strip("^$")
            bad |= _not_allowed(col, lambda v, p=pattern: v.astype("str").str.fullmatch(p)
                                .to_numpy(dtype=bool, na_value=False))
    return frame[bad]


def _rule_duplicate_key(name: str) -> RuleFunction:
    def check(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
        return duplicate_keys(frame, list(TABLES_BY_NAME[name].primary_key))
    return check


def _rule_missing(name: str) -> RuleFunction:
    return lambda frame, tables: missing_required(frame, TABLES_BY_NAME[name])


def _rule_outside(name: str) -> RuleFunction:
    return lambda frame, tables: outside_allowed(frame, TABLES_BY_NAME[name])


# --------------------------------------------------------------------------------------
# Census rules (census_raw)


def census_year(frame: pd.DataFrame) -> int:
    """The year the census is for: the year most rows give."""
    return int(frame["year"].mode().iloc[0])


# Facts several rules share (school codes as text, each code's first row, sums per
# school, fingerprints of forms) are computed once per table object and remembered while
# that object lives; the rules stay pure as long as tables are not changed in place.
_MEMO: dict[tuple[int, str], tuple[weakref.ref, object]] = {}


def _memo(frame: pd.DataFrame, name: str, compute: Callable[[], Any]) -> Any:
    key = (id(frame), name)
    hit = _MEMO.get(key)
    if hit is not None and hit[0]() is frame:
        return hit[1]
    value = compute()
    _MEMO[key] = (weakref.ref(frame, lambda _, key=key: _MEMO.pop(key, None)), value)
    return value


def _codes(frame: pd.DataFrame) -> pd.Series:
    return _memo(frame, "codes", lambda: frame["school_code"].astype("str"))


def _code_ids(frame: pd.DataFrame) -> tuple[np.ndarray, pd.Index]:
    """Each row's school code as a small integer, and the codes (grouping by integers is
    much faster than by text on a national census)."""
    return _memo(frame, "ids", lambda: pd.factorize(_codes(frame), sort=True))


def _firsts(frame: pd.DataFrame) -> pd.DataFrame:
    """The first row of each school code (the cover page is repeated on every row)."""
    return _memo(frame, "firsts", lambda: frame.loc[~_codes(frame).duplicated().to_numpy()])


def _per_school(frame: pd.DataFrame, mask: np.ndarray | pd.Series,
                extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per school code among the rows in ``mask``: its cover-page details and the
    typed values of ``extra`` columns."""
    cols = ["school_code", "school_name", "district_name", *extra]
    rows = frame.loc[np.asarray(mask, dtype=bool), cols]
    return rows.drop_duplicates("school_code").sort_values("school_code", kind="stable") \
        .reset_index(drop=True)


def forms_sent_twice(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """One row per school whose rows (same grade and age) appear more than once: the form
    was sent twice and would be counted twice."""
    key = pd.DataFrame({"c": _code_ids(frame)[0],
                        "g": frame["grade"].to_numpy(dtype="float64", na_value=np.nan),
                        "a": frame["age"].to_numpy(dtype="float64", na_value=np.nan)})
    repeated = key.duplicated(keep=False).to_numpy()
    out = _per_school(frame, repeated)
    if out.empty:
        return out
    rows = frame.loc[repeated]
    codes = _codes(frame)[repeated]
    dates = rows["date_submitted"].groupby(codes.to_numpy(), sort=True).agg(
        lambda d: ", ".join(sorted({str(x)[:10] for x in d.dropna()})))
    out["repeated_rows"] = codes.value_counts().reindex(out["school_code"]).to_numpy()
    out["dates_submitted"] = dates.reindex(out["school_code"]).to_numpy()
    return out


def _well_formed(codes: pd.Series) -> np.ndarray:
    return codes.str.fullmatch(r"[0-9]{7}").to_numpy(dtype=bool, na_value=False)


def malformed_codes(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """One row per school code that is not seven digits (e.g. a leading zero lost when
    the code went through a spreadsheet as a number)."""
    firsts = _firsts(frame)
    return _per_school(firsts, ~_well_formed(firsts["school_code"].astype("str")))


def unknown_school_codes(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """One row per well-formed school code that is not in the school register."""
    known = tables["schools"]["school_id"].astype("str").unique()
    firsts = _firsts(frame)
    codes = firsts["school_code"].astype("str")
    return _per_school(firsts, _well_formed(codes) & ~codes.isin(known).to_numpy())


def _row_hashes(frame: pd.DataFrame, ids: np.ndarray, codes: pd.Index) -> pd.DataFrame:
    """A fingerprint of each school's form (grade, age, boys, girls) that does not depend
    on the order of rows: the sum and count of row hashes, repeated rows counted once.
    ``ids`` gives each row's school as a position in ``codes``."""
    cols = pd.DataFrame({
        "code": ids,
        "grade": frame["grade"].to_numpy(dtype="float64", na_value=np.nan),
        "age": frame["age"].to_numpy(dtype="float64", na_value=np.nan),
        "boys": frame["boys"].to_numpy(dtype="float64", na_value=np.nan),
        "girls": frame["girls"].to_numpy(dtype="float64", na_value=np.nan),
    }).drop_duplicates()
    hashed = pd.util.hash_pandas_object(cols[["grade", "age", "boys", "girls"]], index=False)
    work = pd.DataFrame({"code": cols["code"].to_numpy(),
                         "h": hashed.to_numpy().astype("uint64")})
    grouped = work.groupby("code", sort=True)["h"]
    out = pd.DataFrame({"sum": grouped.sum(), "rows": grouped.size()})
    out.index = codes[out.index.to_numpy()]
    return out


def _form_prints(frame: pd.DataFrame) -> pd.DataFrame:
    return _memo(frame, "prints", lambda: _row_hashes(frame, *_code_ids(frame)))


def same_form_under_two_codes(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """One row per school code whose whole form (every grade, age and count) is identical
    to the form of another code: the same school entered twice under different codes."""
    prints = _form_prints(frame)
    shared = prints[prints.duplicated(keep=False)]
    twin: dict[str, str] = {}
    for _, group in shared.groupby(["sum", "rows"], sort=False):
        names = list(group.index)
        for code in names:
            twin[code] = ", ".join(c for c in names if c != code)
    firsts = _firsts(frame)
    out = _per_school(firsts, firsts["school_code"].astype("str").isin(list(twin)))
    out["same_as"] = out["school_code"].map(twin)
    return out


def impossible_ages(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Rows whose age is missing or impossible for the grade (official age is grade + 5)."""
    age = frame["age"].to_numpy(dtype="float64", na_value=np.nan)
    official = frame["grade"].to_numpy(dtype="float64", na_value=np.nan) + 5
    with np.errstate(invalid="ignore"):
        bad = (np.isnan(age) | (age < official - AGE_BELOW_OFFICIAL)
               | (age > official + AGE_ABOVE_OFFICIAL))
    return frame[bad]


def blank_counts(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Rows where the number of boys or girls was left empty."""
    return frame[frame[_COUNTS].isna().any(axis=1).to_numpy()]


def row_totals(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Rows whose total is not boys + girls (rows with a blank count are left to the
    blank-count rule)."""
    boys, girls, total = (frame[c].to_numpy(dtype="float64", na_value=np.nan)
                          for c in ("boys", "girls", "total"))
    with np.errstate(invalid="ignore"):
        bad = ~np.isnan(boys + girls + total) & (total != boys + girls)
    return frame[bad]


def repeaters_above_pupils(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Rows with more repeaters than pupils (of either sex)."""
    num = {c: frame[c].to_numpy(dtype="float64", na_value=np.nan)
           for c in ("boys", "girls", "repeaters_boys", "repeaters_girls")}
    with np.errstate(invalid="ignore"):
        bad = (num["repeaters_boys"] > num["boys"]) | (num["repeaters_girls"] > num["girls"])
    return frame[bad]


def _school_sums(frame: pd.DataFrame) -> pd.DataFrame:
    """Per school code: pupils (boys + girls), the sum of the typed row totals, capacity
    and declared total. Repeated rows (a form sent twice) are counted once: they have a
    rule of their own."""
    def compute() -> pd.DataFrame:
        ids, codes = _code_ids(frame)
        work = pd.DataFrame({
            "school_code": ids,
            "grade": frame["grade"].to_numpy(dtype="float64", na_value=np.nan),
            "age": frame["age"].to_numpy(dtype="float64", na_value=np.nan),
            "pupils": (frame["boys"].to_numpy(dtype="float64", na_value=0)
                       + frame["girls"].to_numpy(dtype="float64", na_value=0)),
            "rows_total": frame["total"].to_numpy(dtype="float64", na_value=np.nan),
            "capacity": frame["capacity"].to_numpy(dtype="float64", na_value=np.nan),
            "declared": frame["school_total_declared"].to_numpy(dtype="float64",
                                                                na_value=np.nan),
        })
        work = work[~work.duplicated(subset=["school_code", "grade", "age"]).to_numpy()]
        grouped = work.groupby("school_code", sort=True)
        out = pd.DataFrame({
            "pupils": grouped["pupils"].sum(),
            "sum_of_rows": grouped["rows_total"].sum(min_count=1),
            "capacity": grouped["capacity"].first(),
            "declared_total": grouped["declared"].first(),
        })
        firsts = _firsts(frame)
        names = pd.Series(firsts["school_name"].astype("str").to_numpy(),
                          index=firsts["school_code"].astype("str").to_numpy())
        out.index = pd.Index(codes[out.index.to_numpy()], name="school_code")
        out.insert(0, "school_name", names.reindex(out.index).to_numpy())
        return out
    return _memo(frame, "sums", compute)


def above_capacity(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """One row per school whose pupils add up to more than three times its capacity (often
    a count typed with an extra digit)."""
    sums = _school_sums(frame)
    bad = (sums["pupils"] > CAPACITY_FACTOR * sums["capacity"]).fillna(False)
    out = sums[bad].reset_index()
    out["times_capacity"] = (out["pupils"] / out["capacity"]).round(1)
    return out[["school_code", "school_name", "pupils", "capacity", "times_capacity"]]


def declared_totals(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """One row per school whose declared total differs from the sum of its rows' totals."""
    sums = _school_sums(frame)
    bad = (sums["declared_total"] != sums["sum_of_rows"]).fillna(False)
    return sums[bad][["school_name", "declared_total", "sum_of_rows"]].reset_index()


def _code_rule(column: str, allowed: tuple[str, ...]) -> RuleFunction:
    def check(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
        typed = frame[column]
        bad = (typed.isna() | ~typed.astype("str").isin(allowed)).to_numpy(dtype=bool)
        return _per_school(frame, bad, (column,))
    check.__doc__ = (f"One row per school whose {column} is not one of the codes the form "
                     f"asks for ({', '.join(allowed)}).")
    return check


sector_codes = _code_rule("sector_code", SECTOR_CODES)
area_codes = _code_rule("area_code", AREA_CODES)


def codes_disagree_with_register(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """One row per school whose (valid) sector or area code differs from the register."""
    schools = tables["schools"]
    register = pd.DataFrame({
        "sector": schools["sector"].astype("str").to_numpy(),
        "area": schools["area"].astype("str").to_numpy(),
    }, index=schools["school_id"].astype("str").to_numpy())
    firsts = _firsts(frame)
    codes = firsts["school_code"].astype("str")
    typed_sector = firsts["sector_code"].map(SECTOR_OF_CODE).to_numpy()
    typed_area = firsts["area_code"].map(AREA_OF_CODE).to_numpy()
    reg = register.reindex(codes.to_numpy())
    reg_sector, reg_area = reg["sector"].to_numpy(), reg["area"].to_numpy()
    bad = ((pd.notna(typed_sector) & pd.notna(reg_sector) & (typed_sector != reg_sector))
           | (pd.notna(typed_area) & pd.notna(reg_area) & (typed_area != reg_area)))
    return _per_school(firsts, bad, ("sector_code", "area_code"))


def district_names(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """One row per school whose district name is not written exactly as in the register."""
    names = tables["districts"]["district_name"].astype("str").unique()
    bad = ~frame["district_name"].astype("str").isin(names).to_numpy()
    return _per_school(frame, bad)


def _enrolment_of(tables: Tables, year: int) -> pd.DataFrame:
    enrol = tables["enrolment"]
    columns = [c for c in ("school_id", "grade", "sex", "age", "pupils") if c in enrol.columns]
    return _memo(enrol, f"year{year}", lambda: enrol.loc[
        enrol["year"].to_numpy(dtype="int64", na_value=0) == year, columns])


def missing_submissions(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """One row per school that had pupils in last year's census but sent no form (a code
    that only lost its leading zero counts as sent)."""
    year = census_year(frame)
    before = set(_enrolment_of(tables, year - 1)["school_id"].astype("str").unique())
    sent = set(_firsts(frame)["school_code"].astype("str").str.zfill(7))
    schools = tables["schools"]
    missing = schools[schools["school_id"].astype("str").isin(before - sent).to_numpy()]
    districts = tables["districts"].set_index("district_code")["district_name"]
    out = pd.DataFrame({
        "school_code": missing["school_id"].astype("str").to_numpy(),
        "school_name": missing["school_name"].astype("str").to_numpy(),
        "district_name": districts.reindex(missing["district_code"]).to_numpy(),
    })
    return out.sort_values("school_code", ignore_index=True)


def same_as_last_year(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """One row per school whose form repeats last year's census exactly (every grade,
    age, boys and girls): nobody moved up a grade, so last year's numbers were resent."""
    year = census_year(frame)
    last = _enrolment_of(tables, year - 1)
    ids, codes = pd.factorize(last["school_id"].astype("str"), sort=True)
    pupils = last["pupils"].to_numpy(dtype="float64", na_value=np.nan)
    is_boy = (last["sex"].astype("str") == "M").to_numpy()
    wide = pd.DataFrame({
        "school": ids,
        "grade": last["grade"].to_numpy(dtype="float64"),
        "age": last["age"].to_numpy(dtype="float64"),
        "boys": np.where(is_boy, pupils, 0.0),
        "girls": np.where(is_boy, 0.0, pupils),
    }).groupby(["school", "grade", "age"], sort=False).sum().reset_index()
    now = _form_prints(frame)
    then = _row_hashes(wide, wide["school"].to_numpy(), pd.Index(codes))
    both = now.add_suffix("_now").join(then.add_suffix("_then"), how="inner")
    same = both.index[(both["sum_now"] == both["sum_then"])
                      & (both["rows_now"] == both["rows_then"])]
    firsts = _firsts(frame)
    return _per_school(firsts, firsts["school_code"].astype("str").isin(list(same)))


def wrong_year(frame: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Rows labelled with another year than the census year."""
    year = frame["year"].to_numpy(dtype="float64", na_value=np.nan)
    return frame[year != census_year(frame)]


CENSUS_RULES: tuple[Rule, ...] = (
    Rule("missing_submission", missing_submissions, ("schools", "districts", "enrolment")),
    Rule("same_as_last_year", same_as_last_year, ("enrolment",)),
    Rule("form_sent_twice", forms_sent_twice),
    Rule("same_form_two_codes", same_form_under_two_codes),
    Rule("malformed_code", malformed_codes),
    Rule("unknown_code", unknown_school_codes, ("schools",)),
    Rule("impossible_age", impossible_ages),
    Rule("above_capacity", above_capacity),
    Rule("row_total", row_totals),
    Rule("declared_total", declared_totals),
    Rule("repeaters_above_pupils", repeaters_above_pupils),
    Rule("blank_counts", blank_counts),
    Rule("sector_code", sector_codes),
    Rule("area_code", area_codes),
    Rule("codes_disagree", codes_disagree_with_register, ("schools",)),
    Rule("district_name", district_names, ("districts",)),
    Rule("wrong_year", wrong_year),
)


def schema_rules(name: str) -> tuple[Rule, ...]:
    """The rules read from a table's schema."""
    table = TABLES_BY_NAME[name]
    rules = []
    if table.primary_key:
        rules.append(Rule("duplicate_key", _rule_duplicate_key(name)))
    rules.append(Rule("missing_required", _rule_missing(name)))
    rules.append(Rule("outside_allowed", _rule_outside(name)))
    return tuple(rules)


def rules_for(name: str) -> tuple[Rule, ...]:
    """Every rule that applies to table ``name``."""
    if name == "census_raw":
        return CENSUS_RULES + schema_rules(name)[-2:]
    return schema_rules(name)


def tables_needed(name: str) -> tuple[str, ...]:
    """The tables the rules for ``name`` read (``name`` first)."""
    out = [name]
    for rule in rules_for(name):
        out += [n for n in rule.needs if n not in out]
    return tuple(out)


def inspect(name: str, tables: Tables) -> list[RuleResult]:
    """Run every rule for table ``name``; ``tables`` holds it and the tables the rules need."""
    frame = tables[name]
    return [RuleResult(rule, rule.check(frame, tables)) for rule in rules_for(name)]


def summary(results: list[RuleResult]) -> pd.DataFrame:
    """Rule → number of problems, in the rules' order."""
    return pd.DataFrame({
        "key": [r.rule.key for r in results],
        "rule": [r.rule.title for r in results],
        "problems": [r.count for r in results],
    })


def quality_chart(results: list[RuleResult], table: str) -> alt.Chart:
    """A bar per rule: how many problems each found."""
    data = summary(results)
    return _bars(alt.Chart(data), t("quality.chart_title", table=table))


def _bars(base: alt.Chart, title: str) -> alt.LayerChart:
    enc = {"x": alt.X("problems:Q", title=t("quality.problems")),
           "y": alt.Y("rule:N", title=None, sort=None, axis=alt.Axis(labelLimit=320))}
    bars = base.mark_bar(color=PALETTE[3]).encode(
        tooltip=[alt.Tooltip("rule:N", title=t("quality.rule")),
                 alt.Tooltip("problems:Q", title=t("quality.problems"), format=",")], **enc)
    text = base.mark_text(align="left", dx=3, color="#000000").encode(
        text=alt.Text("problems:Q", format=","), **enc)
    return alt.layer(bars, text).properties(
        width=300, height=alt.Step(20), title=title,
        description=t("quality.chart_description"))


def static_quality_chart(summaries: Mapping[str, pd.DataFrame], table: str) -> alt.LayerChart:
    """Problems per rule for several tables, with a menu to pick the table (for the book)."""
    names = list(summaries)
    long = pd.concat([s.assign(table=n, order=range(len(s))) for n, s in summaries.items()],
                     ignore_index=True)[["table", "rule", "problems", "order"]]
    p_table = select_param("table", names, names, t("quality.table"), table)
    base = alt.Chart(long).transform_filter(alt.datum.table == p_table)
    enc = {"x": alt.X("problems:Q", title=t("quality.problems")),
           "y": alt.Y("rule:N", title=None,
                      sort=alt.EncodingSortField("order", op="min", order="ascending"),
                      axis=alt.Axis(labelLimit=320))}
    bars = base.mark_bar(color=PALETTE[3]).encode(
        tooltip=[alt.Tooltip("rule:N", title=t("quality.rule")),
                 alt.Tooltip("problems:Q", title=t("quality.problems"), format=",")], **enc)
    text = base.mark_text(align="left", dx=3, color="#000000").encode(
        text=alt.Text("problems:Q", format=","), **enc)
    return alt.layer(bars, text).add_params(p_table).properties(
        width=300, height=alt.Step(20), title=t("quality.static_title"),
        description=t("quality.chart_description"))


def column_header(name: str) -> str:
    """A column's header in example tables: the column's own name (learners meet those
    names in the data), translated only for the columns the rules add."""
    return t(f"quality.col.{name}") if name in ADDED_COLUMNS else name


#: Columns some rules add to their results (headers ``quality.col.<name>``).
ADDED_COLUMNS: tuple[str, ...] = ("pupils", "times_capacity", "declared_total", "sum_of_rows",
                                  "same_as", "repeated_rows", "dates_submitted")
