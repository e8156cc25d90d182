"""One year's school census as schools submitted it, with planted problems.

The clean 2024 enrolment is reshaped into the ministry's submission form (boys and girls
in separate columns, the cover page repeated on each row) and then spoiled the way real
submissions are: schools that submitted twice or under two codes, impossible ages,
counts with an extra digit, missing forms, codes and spellings that disagree, totals
that do not add up, and a district that sent last year's numbers again.

Every problem planted is recorded in a list of :class:`Planted` items, which
:func:`render_notes` turns into the facilitator's answer sheet
(``facilitator/census-raw-planted-problems.md``); a test checks that the sheet matches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from emiskit.data.flows import K_MIN, Flows
from emiskit.data.seeds import stream
from emiskit.data.settings import CENSUS_RAW_YEAR, COUNTRY_NAME
from emiskit.text import strip_accents

SECTOR_CODES = {"public": "PUB", "private_subsidised": "SUB", "private": "PRI"}
SECTOR_VARIANTS = {
    "public": ("Pública", "publica", "1", "PUB.", "Fiscal"),
    "private_subsidised": ("Subvencionada", "2", "SUB.", "Particular subvencionada"),
    "private": ("Privada", "3", "PRIV", "Particular"),
}
AREA_VARIANTS = {"urban": ("Urbano", "urbana", "1", "u"), "rural": ("RURAL", "r", "2", "Rur.")}
IMPOSSIBLE_AGES = (0, 2, 3, 31, 45, 99)
FAR_ABOVE = 4.0
"""Spoiled schools end up with more than this many pupils per place (double-shift
schools legitimately reach about 2.5, since capacity counts one shift)."""


@dataclass(frozen=True)
class Planted:
    """One planted problem: where it is and what was done."""

    problem: str
    school_id: str
    typed_code: str
    detail: str
    grade: int | None = None
    age: int | None = None


PROBLEMS: dict[str, tuple[str, str]] = {
    "missing_submission": (
        "Missing submissions",
        "Schools in the register (and with pupils in the 2023 census) that sent no form.",
    ),
    "resubmitted_last_year": (
        "A district that resubmitted last year's numbers",
        "Every school of one district sent its 2023 figures again, labelled 2024: the rows "
        "match the 2023 enrolment exactly, so nobody moved up a grade.",
    ),
    "duplicate_submission": (
        "Schools that submitted twice",
        "The whole form appears twice, identical except for a later submission date.",
    ),
    "duplicate_under_two_codes": (
        "The same school under two codes",
        "A second copy of the form under a code that is not in the register and a "
        "slightly different name.",
    ),
    "impossible_age": (
        "Impossible ages",
        "Ages that cannot be right for the grade (99 is a 'don't know' code some schools "
        "use).",
    ),
    "above_capacity": (
        "Enrolment far above capacity",
        "Counts typed with an extra digit (ten times the real number) in some grades, so "
        "the school's rows add up to far more than its capacity and its declared total.",
    ),
    "sector_code": (
        "Sector codes that disagree",
        "The form asks for PUB, SUB or PRI; these schools typed something else.",
    ),
    "area_code": (
        "Area codes that disagree",
        "The form asks for U or R; these schools typed something else.",
    ),
    "district_spelling": (
        "District names spelled differently",
        "District names that do not match the register exactly.",
    ),
    "code_lost_leading_zero": (
        "School codes that lost their leading zero",
        "The code was typed or pasted as a number, dropping the first 0.",
    ),
    "row_total_wrong": (
        "Row totals that do not add up",
        "total is not boys + girls.",
    ),
    "declared_total_wrong": (
        "Declared school totals that do not add up",
        "The cover-page total differs from the sum of the school's rows.",
    ),
    "repeaters_above_pupils": (
        "More repeaters than pupils",
        "repeaters_boys is larger than boys in the same row.",
    ),
    "blank_cells": (
        "Blank counts",
        "boys or girls left empty.",
    ),
}
COUNT_PROBLEMS = frozenset({
    "missing_submission", "resubmitted_last_year", "duplicate_submission",
    "duplicate_under_two_codes", "impossible_age", "above_capacity", "row_total_wrong",
    "declared_total_wrong", "repeaters_above_pupils", "blank_cells",
})
"""Problems that change counts; schools free of them match the clean enrolment."""


def _misspell(rng: np.random.Generator, name: str) -> str:
    options = [
        strip_accents(name),
        name.upper(),
        name.lower(),
        name.replace("San ", "S. ").replace("Santa ", "Sta. "),
        name + " ",
        name[: len(name) // 2] + name[len(name) // 2 + 1:],
    ]
    options = [o for o in options if o != name]
    return str(options[int(rng.integers(len(options)))])


def _form_rows(flows: Flows, year: int, schools_idx: np.ndarray) -> pd.DataFrame:
    pupils = flows.pupils[year][schools_idx]
    repeaters = flows.repeaters[year][schools_idx]
    both = pupils.sum(axis=1)  # (school, grade, k)
    s, g, k = np.nonzero(both)
    return pd.DataFrame({
        "sid_": schools_idx[s],
        "grade": g + 1,
        "age": g + 1 + 5 + k + K_MIN,
        "boys": pupils[s, 1, g, k],
        "girls": pupils[s, 0, g, k],
        "repeaters_boys": repeaters[s, 1, g, k],
        "repeaters_girls": repeaters[s, 0, g, k],
    })


def generate(
    seed: int, schools: pd.DataFrame, districts: pd.DataFrame, flows: Flows,
    teachers: pd.DataFrame,
) -> tuple[pd.DataFrame, list[Planted]]:
    """Return the ``census_raw`` table and the list of problems planted in it."""
    rng = stream(seed, "census_raw")
    year = CENSUS_RAW_YEAR
    n = len(schools)
    ids = schools["school_id"].to_numpy()
    d_of = schools["d_"].to_numpy()
    scale = n / 600
    planted: list[Planted] = []

    def count(base: float, minimum: int) -> int:
        return max(minimum, round(base * scale))

    # One district (not the capital region, with several schools) resends 2023.
    outside_capital = [d for d in range(len(districts))
                       if districts["region_code"].iat[d] != "01"]
    candidates = [d for d in outside_capital if 8 <= (d_of == d).sum() <= 40]
    candidates = candidates or outside_capital
    resent = int(rng.choice(candidates))
    resent_schools = np.flatnonzero(d_of == resent)
    has_pupils = flows.pupils[year].sum(axis=(1, 2, 3)) > 0
    has_pupils_before = flows.pupils[year - 1].sum(axis=(1, 2, 3)) > 0
    pool = [int(i) for i in rng.permutation(n) if d_of[i] != resent and has_pupils[i]
            and has_pupils_before[i]]

    def take(k: int) -> list[int]:
        chosen = sorted(pool[:k])
        del pool[:k]
        return chosen

    missing = take(count(12, 3))
    for s in missing:
        planted.append(Planted("missing_submission", ids[s], "", "no form received"))
    district_name = districts["district_name"].iat[resent]
    for s in resent_schools:
        if has_pupils_before[s]:
            planted.append(Planted("resubmitted_last_year", ids[s], ids[s],
                                   f"district {district_name}: 2023 figures sent as 2024"))

    submitted = np.setdiff1d(np.flatnonzero(has_pupils), np.r_[missing, resent_schools])
    rows = pd.concat(
        [_form_rows(flows, year, submitted),
         _form_rows(flows, year - 1, resent_schools[has_pupils_before[resent_schools]])],
        ignore_index=True,
    )
    rows["total"] = rows["boys"] + rows["girls"]
    rows = rows.sort_values(["sid_", "grade", "age"], ignore_index=True)
    sid = rows["sid_"].to_numpy()
    teach = (teachers[teachers["year"] == year].groupby("school_id")["teachers"].sum())
    teach_before = (teachers[teachers["year"] == year - 1].groupby("school_id")["teachers"]
                    .sum())
    teachers_of = teach.reindex(ids).fillna(0).astype(int).to_numpy()
    teachers_before = teach_before.reindex(ids).fillna(0).astype(int).to_numpy()
    in_resent = d_of[sid] == resent
    rows["school_code"] = ids[sid]
    rows["school_name"] = schools["school_name"].to_numpy()[sid]
    rows["district_name"] = districts["district_name"].to_numpy()[d_of[sid]]
    rows["sector_code"] = schools["sector"].map(SECTOR_CODES).to_numpy()[sid]
    rows["area_code"] = np.where(schools["area"].to_numpy()[sid] == "urban", "U", "R")
    rows["year"] = year
    rows["capacity"] = schools["capacity"].to_numpy()[sid]
    rows["teachers"] = np.where(in_resent, teachers_before[sid], teachers_of[sid])
    totals = rows.groupby("sid_")["total"].sum()
    rows["school_total_declared"] = totals.reindex(sid).to_numpy()
    day = rng.integers(0, 75, n)
    rows["date_submitted"] = (pd.Timestamp(f"{year}-03-01") + pd.to_timedelta(day[sid], "D"))
    rows = rows.astype({"boys": "Int64", "girls": "Int64", "total": "Int64", "age": "Int64",
                        "repeaters_boys": "Int64", "repeaters_girls": "Int64"})

    # Schools counted twice.
    extra = []
    for s in take(count(4, 2)):
        copy = rows[rows["sid_"] == s].copy()
        copy["date_submitted"] += pd.Timedelta(days=int(rng.integers(3, 20)))
        extra.append(copy)
        planted.append(Planted("duplicate_submission", ids[s], ids[s],
                               f"{len(copy)} rows sent twice"))
    for s in take(count(2, 1)):
        copy = rows[rows["sid_"] == s].copy()
        new_code = f"{ids[s][:4]}9{int(rng.integers(10, 99)):02d}"
        copy["school_code"] = new_code
        copy["school_name"] = _misspell(rng, schools["school_name"].iat[s])
        copy["date_submitted"] += pd.Timedelta(days=int(rng.integers(3, 20)))
        extra.append(copy)
        planted.append(Planted("duplicate_under_two_codes", ids[s], new_code,
                               f"also sent as {new_code}, named "
                               f"\"{copy['school_name'].iat[0]}\""))
    rows = pd.concat([rows, *extra], ignore_index=True)
    dup_rows = np.r_[np.zeros(len(rows) - sum(len(e) for e in extra), bool),
                     np.ones(sum(len(e) for e in extra), bool)]

    # Counts typed with an extra digit until the school is far above capacity.
    for s in take(count(3, 2)):
        idx = rows.index[(rows["sid_"] == s) & ~dup_rows]
        capacity = int(rows.at[idx[0], "capacity"])
        grades = list(rng.permutation(sorted(rows.loc[idx, "grade"].unique())))
        spoiled = []
        while rows.loc[idx, "total"].sum() <= FAR_ABOVE * capacity and grades:
            g = int(grades.pop())
            sel = idx[rows.loc[idx, "grade"].to_numpy() == g]
            for col in ("boys", "girls", "total"):
                rows.loc[sel, col] = rows.loc[sel, col] * 10
            spoiled.append(g)
        planted.append(Planted(
            "above_capacity", ids[s], ids[s],
            f"grade{'s' if len(spoiled) > 1 else ''} {', '.join(map(str, sorted(spoiled)))} "
            f"typed ×10: rows add up to "
            f"{int(rows.loc[idx, 'total'].sum())} for {capacity} places",
        ))

    # Row-level problems, in schools not otherwise spoiled.
    row_pool = rows.index[rows["sid_"].isin(pool[len(pool) // 2:]) & ~dup_rows].to_numpy()
    row_pool = rng.permutation(row_pool)
    cursor = 0

    def take_rows(k: int) -> np.ndarray:
        nonlocal cursor
        chosen = np.sort(row_pool[cursor: cursor + k])
        cursor += k
        return chosen

    for r in take_rows(count(9, 5)):
        true_age = int(rows.at[r, "age"])
        typed = int(rng.choice(IMPOSSIBLE_AGES))
        rows.at[r, "age"] = typed
        planted.append(Planted("impossible_age", ids[rows.at[r, "sid_"]],
                               ids[rows.at[r, "sid_"]], f"true age {true_age}",
                               grade=int(rows.at[r, "grade"]), age=typed))
    for r in take_rows(count(8, 4)):
        right = int(rows.at[r, "total"])
        typed = right + int(rng.choice([-10, -2, -1, 1, 2, 10]))
        typed = typed if typed >= 0 else right + 1
        rows.at[r, "total"] = typed
        planted.append(Planted("row_total_wrong", ids[rows.at[r, "sid_"]],
                               ids[rows.at[r, "sid_"]],
                               f"total {typed}, boys + girls = {right}",
                               grade=int(rows.at[r, "grade"]), age=int(rows.at[r, "age"])))
    for r in take_rows(count(5, 3)):
        typed = int(rows.at[r, "boys"]) + int(rng.integers(1, 6))
        rows.at[r, "repeaters_boys"] = typed
        planted.append(Planted("repeaters_above_pupils", ids[rows.at[r, "sid_"]],
                               ids[rows.at[r, "sid_"]],
                               f"repeaters_boys {typed} for {int(rows.at[r, 'boys'])} boys",
                               grade=int(rows.at[r, "grade"]), age=int(rows.at[r, "age"])))
    for r in take_rows(count(6, 3)):
        col = "boys" if rng.random() < 0.5 else "girls"
        if rows.at[r, col] == 0:
            col = "girls" if col == "boys" else "boys"
        planted.append(Planted("blank_cells", ids[rows.at[r, "sid_"]], ids[rows.at[r, "sid_"]],
                               f"{col} left empty (was {int(rows.at[r, col])})",
                               grade=int(rows.at[r, "grade"]), age=int(rows.at[r, "age"])))
        rows.at[r, col] = pd.NA

    # School-level typing problems (counts stay right).
    for s in take(count(24, 4)):
        sel = rows["sid_"] == s
        right = int(rows.loc[sel, "school_total_declared"].iat[0])
        typed = right + int(rng.choice([-1, 1]) * rng.integers(5, 60))
        rows.loc[sel, "school_total_declared"] = max(typed, 0)
        planted.append(Planted("declared_total_wrong", ids[s], ids[s],
                               f"declared {max(typed, 0)}, rows add up to {right}"))
    for s in take(count(36, 4)):
        sector = schools["sector"].iat[s]
        typed = str(rng.choice(SECTOR_VARIANTS[sector]))
        rows.loc[rows["sid_"] == s, "sector_code"] = typed
        planted.append(Planted("sector_code", ids[s], ids[s], f'"{typed}" for {sector}'))
    for s in take(count(24, 3)):
        area = schools["area"].iat[s]
        typed = str(rng.choice(AREA_VARIANTS[area]))
        rows.loc[rows["sid_"] == s, "area_code"] = typed
        planted.append(Planted("area_code", ids[s], ids[s], f'"{typed}" for {area}'))
    for s in take(count(36, 4)):
        right = districts["district_name"].iat[d_of[s]]
        typed = _misspell(rng, right)
        rows.loc[rows["sid_"] == s, "district_name"] = typed
        planted.append(Planted("district_spelling", ids[s], ids[s],
                               f'"{typed}" for "{right}"'))
    for s in take(count(24, 3)):
        typed = ids[s].lstrip("0")
        rows.loc[rows["sid_"] == s, "school_code"] = typed
        planted.append(Planted("code_lost_leading_zero", ids[s], typed, f'"{typed}"'))

    rows = rows.sort_values(["date_submitted", "school_code", "grade", "age"], kind="stable",
                            ignore_index=True)
    columns = [
        "school_code", "school_name", "district_name", "sector_code", "area_code", "year",
        "grade", "age", "boys", "girls", "total", "repeaters_boys", "repeaters_girls",
        "capacity", "teachers", "school_total_declared", "date_submitted",
    ]
    order = list(PROBLEMS)
    planted.sort(key=lambda p: (order.index(p.problem), p.school_id, p.grade or 0, p.age or 0))
    return rows[columns], planted


def render_notes(planted: list[Planted], scale_name: str, seed: int) -> str:
    """The facilitator's answer sheet for ``census_raw`` (Markdown)."""
    lines = [
        f"# Census {CENSUS_RAW_YEAR} as submitted: the planted problems",
        "",
        "Facilitator material: do not hand this out. It lists every problem the generator "
        f"planted in `census_raw` ({scale_name} scale, seed {seed}), so you can check "
        "participants' data-quality work. The file is written by "
        "`emiskit data generate` and a test checks that it matches the data.",
        "",
        f"The data are synthetic ({COUNTRY_NAME} is a fictional country). A school is "
        "identified by its register code (`school_id` in `schools`); *typed code* is "
        "what appears in `census_raw` when it differs.",
        "",
        "| problem | schools or rows |",
        "|---|---|",
    ]
    by_problem: dict[str, list[Planted]] = {}
    for p in planted:
        by_problem.setdefault(p.problem, []).append(p)
    for key, (title, _) in PROBLEMS.items():
        items = by_problem.get(key, [])
        unit = "rows" if items and items[0].grade is not None else "schools"
        lines.append(f"| {title} | {len(items)} {unit} |")
    for key, (title, how) in PROBLEMS.items():
        items = by_problem.get(key, [])
        lines += ["", f"## {title}", "", how, ""]
        if not items:
            lines.append("None planted.")
            continue
        row_level = items[0].grade is not None
        if row_level:
            lines += ["| school | grade | age as typed | detail |", "|---|---|---|---|"]
            lines += [f"| {p.school_id} | {p.grade} | {p.age} | {p.detail} |" for p in items]
        else:
            lines += ["| school | typed code | detail |", "|---|---|---|"]
            lines += [
                f"| {p.school_id} | {p.typed_code if p.typed_code != p.school_id else ''} "
                f"| {p.detail} |"
                for p in items
            ]
    return "\n".join(lines) + "\n"
