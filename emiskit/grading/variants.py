"""Per-participant variants of the module exercises: each person works on their own place.

In the three module exercises every participant gets their own country (module 1), region
(module 2) or district (module 3), derived from the name or id they write in the first
cell (``PARTICIPANT = "Ana Gómez"``). Copying a neighbour's numbers then gives the answer
of another place, which the checks recognise and explain in plain words.

The choice is deterministic: the SHA-256 digest of the assignment's name and the
*normalised* name (accents dropped, case-folded, spaces collapsed), never Python's
``hash``, which changes from one process to the next. The same name always gives the same
place, on every computer, in the learner's notebook and in the grader.

**Candidates come from the data** (:func:`candidates`), never from a hard-coded list, so a
country's own extract (the ``data_dir`` setting) gets variants of its own. The selection
rules, chosen so that every answer is well defined and two variants never give answers
close enough to be mistaken for each other:

* ``module1-evidence-use`` — survey **countries** where at least 30 school leaders
  answered ``changed_practice_with_data``, at least 10 people of every role answered
  ``barrier_no_time``, and more than half of the school leaders and of the teachers who
  answered agree that they have no time (so the sentence the exercise asks for stays true);
  a country whose school leaders' share is within 0.1 points of a country already kept is
  left out.
* ``module2-proficiency-and-impact`` — **regions** with at least two districts with
  grade-6 reading results in 2022 and at least one group (district × home language) of
  30 pupils or more, so that the table by district and home language reports something.
  Regions never share districts, so their tables always differ.
* ``module3-emis-data`` — **districts** with, in the latest census year, at least 10
  schools in the census, at least 500 children of the official primary age in the
  population table (6–11 in the sample country: ages and grades come from the school
  structure of the data, :mod:`emiskit.structure`) and at least one primary teacher;
  then, in order (the default first, then by code), a district
  is kept only if its out-of-school rate and its pupil-teacher ratio are each at least 0.1
  away from those of every district already kept.

On a small extract where fewer than two places meet these sizes, the sizes are relaxed to
"at least one" (one school leader, one person of every role, one district, one child and
one primary teacher), the other conditions staying.

**The default.** When ``PARTICIPANT`` is still ``...`` (or empty), :func:`pick` returns the
*first* candidate, which is the place the exercise followed before variants existed —
Valdoria (module 1), the Llanos de Tamarí, ``"05"`` (module 2), Cumbre de Azufral,
``"0404"`` (module 3) — when the data have it, otherwise the first candidate by the rule
above. So a blank copy runs from top to bottom without an error.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Sequence
from typing import Any, TypeVar

from emiskit.text import strip_accents

__all__ = [
    "ASSIGNMENTS",
    "DEFAULTS",
    "announce",
    "candidates",
    "describe",
    "normalise_participant",
    "participant_given",
    "pick",
    "variant",
]

T = TypeVar("T")

MODULE1 = "module1-evidence-use"
MODULE2 = "module2-proficiency-and-impact"
MODULE3 = "module3-emis-data"
#: The exercises that have per-participant variants, and what varies in each.
ASSIGNMENTS: dict[str, str] = {MODULE1: "country", MODULE2: "region", MODULE3: "district"}
#: The place each exercise followed before variants (used when the data have it).
DEFAULTS: dict[str, str] = {MODULE1: "Valdoria", MODULE2: "05", MODULE3: "0404"}

#: Module 2 looks at grade-6 reading results of this year; module 3 at the latest census.
MODULE2_YEAR = 2022
#: Answers of two variants closer than this are too close to tell apart: one is dropped.
MIN_GAP = 0.1


def normalise_participant(text: str) -> str:
    """A participant's name or id in one canonical form.

    Unicode NFKD, accents and other combining marks dropped, case-folded, runs of
    whitespace collapsed to one space, stripped: ``"  Ana  GÓMEZ "`` and ``"ana gomez"``
    give the same text.
    """
    return " ".join(strip_accents(str(text)).casefold().split())


def participant_given(value: Any) -> bool:
    """Whether ``value`` is a usable name: a text that is not empty once normalised.

    ``...`` (the unanswered placeholder), ``None``, numbers and other non-texts give False.
    """
    if not isinstance(value, str):
        return False
    return normalise_participant(value) != ""


def _bucket(participant: str, assignment: str, n: int) -> int:
    key = f"{assignment}\n{normalise_participant(participant)}".encode()
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "big") % n


def pick(participant: Any, assignment: str, choices: Sequence[T]) -> T:
    """The choice of ``choices`` for this participant and assignment.

    Deterministic (SHA-256 of the assignment and the normalised participant) and spread
    evenly over the choices. When the participant is not given (see
    :func:`participant_given`) the DEFAULT is returned: the first choice, by convention
    the example the exercise used before variants.
    """
    if not choices:
        raise ValueError(f"{assignment}: there is no choice to pick from")
    if not participant_given(participant):
        return choices[0]
    return choices[_bucket(participant, assignment, len(choices))]


def _table(name: str) -> Any:
    from emiskit.grading.reference import table

    return table(name)


def _default_first(keys: list[str], default: str) -> list[str]:
    return ([default] if default in keys else []) + [k for k in keys if k != default]


def _far_from(values: tuple[float, ...], kept: list[tuple[float, ...]]) -> bool:
    """True when every answer in ``values`` is at least MIN_GAP from those of each kept one."""
    return all(all(abs(a - b) >= MIN_GAP for a, b in zip(values, other, strict=True))
               for other in kept)


def _countries(strict: bool = True) -> list[dict[str, Any]]:
    survey = _table("evidence_survey")
    rows: dict[str, tuple[float, ...]] = {}
    for country, group in survey.groupby("country", observed=True, sort=True):
        leaders = group.loc[group["role"] == "school_leader", "changed_practice_with_data"]
        if int(leaders.count()) < (30 if strict else 1):
            continue
        answered = group.dropna(subset=["barrier_no_time"])
        agrees = answered["barrier_no_time"].isin(["agree", "strongly_agree"])
        counts = answered["role"].value_counts()
        roles = ("ministry_staff", "district_officer", "school_leader", "teacher")
        if any(int(counts.get(r, 0)) < (10 if strict else 1) for r in roles):
            continue
        share = agrees.groupby(answered["role"], observed=True).mean()
        if not (share.get("school_leader", 0) > 0.5 and share.get("teacher", 0) > 0.5):
            continue
        rows[str(country)] = (100 * float(leaders.mean()),)
    kept: list[tuple[float, ...]] = []
    out = []
    for country in _default_first(sorted(rows), DEFAULTS[MODULE1]):
        if _far_from(rows[country], kept):
            kept.append(rows[country])
            out.append({"country": country, "label": country})
    return out


def _regions(strict: bool = True) -> list[dict[str, Any]]:
    from emiskit.indicators import disaggregate, share_below_minimum

    districts = _table("districts")
    regions = _table("regions")
    names = dict(zip(regions["region_code"].astype(str), regions["region_name"].astype(str),
                     strict=False))
    a = _table("assessment")
    a = a[(a["grade"] == 6) & (a["subject"] == "reading") & (a["year"] == MODULE2_YEAR)]
    a = a.merge(_table("schools")[["school_id", "district_code"]], on="school_id")
    a = a.merge(districts[["district_code", "district_name", "region_code"]],
                on="district_code")
    out = []
    found = sorted(str(r) for r in a["region_code"].dropna().unique())
    for code in _default_first(found, DEFAULTS[MODULE2]):
        rows = a[a["region_code"].astype(str) == code]
        if rows["district_code"].nunique() < (2 if strict else 1):
            continue
        table = disaggregate(rows, lambda g: share_below_minimum(g["level"], "III"),
                             by=["district_name", "indigenous"], min_group_size=30)
        if strict and not (~table["too_small"].astype(bool)).any():
            continue
        name = names.get(code, code)
        out.append({"region_code": code, "region_name": name, "year": MODULE2_YEAR,
                    "districts": sorted(str(d) for d in rows["district_name"].unique()),
                    "label": f"{name} (region {code})"})
    return out


def census_year() -> int:
    """The latest year present in the census, the population and the teachers tables."""
    years = None
    for name in ("enrolment", "population", "teachers"):
        found = {int(y) for y in _table(name)["year"].dropna().unique()}
        years = found if years is None else years & found
    if not years:
        raise ValueError("module3-emis-data: the enrolment, population and teachers tables "
                         "share no year")
    return max(years)


def _districts(strict: bool = True) -> list[dict[str, Any]]:
    from emiskit.structure import school_structure

    primary = school_structure().level("primary")
    ages, grades = (primary.first_age, primary.last_age), (primary.first_grade,
                                                           primary.last_grade)
    year = census_year()
    schools = _table("schools")[["school_id", "district_code"]]
    census = _table("enrolment").merge(schools, on="school_id")
    census = census[census["year"] == year]
    pop = _table("population")
    pop = pop[(pop["year"] == year) & pop["age"].between(*ages)]
    staff = _table("teachers").merge(schools, on="school_id")
    staff = staff[(staff["year"] == year) & (staff["level"] == "primary")]
    children = pop.groupby("district_code", observed=True)["population"].sum()
    in_school = census[census["age"].between(*ages)].groupby(
        "district_code", observed=True)["pupils"].sum()
    primary = census[census["grade"].between(*grades)].groupby(
        "district_code", observed=True)["pupils"].sum()
    teachers = staff.groupby("district_code", observed=True)["teachers"].sum()
    n_schools = census.groupby("district_code", observed=True)["school_id"].nunique()
    info = _table("districts")
    names = dict(zip(info["district_code"].astype(str), info["district_name"].astype(str),
                     strict=False))
    rows: dict[str, tuple[float, ...]] = {}
    for code in n_schools.index:
        kids = int(children.get(code, 0) or 0)
        staff_n = int(teachers.get(code, 0) or 0)
        if staff_n < 1 or kids < 1 or (strict and (int(n_schools[code]) < 10 or kids < 500)):
            continue
        oos = 100 * (kids - int(in_school.get(code, 0) or 0)) / kids
        ptr = int(primary.get(code, 0) or 0) / staff_n
        if math.isfinite(oos) and math.isfinite(ptr):
            rows[str(code)] = (oos, ptr)
    kept: list[tuple[float, ...]] = []
    out = []
    for code in _default_first(sorted(rows), DEFAULTS[MODULE3]):
        if _far_from(rows[code], kept):
            kept.append(rows[code])
            name = names.get(code, code)
            out.append({"district_code": code, "district_name": name, "year": year,
                        "label": f"{name} ({code})"})
    return out


#: The tables each assignment's candidates are computed from (their versions key the cache).
_TABLES: dict[str, tuple[str, ...]] = {
    MODULE1: ("evidence_survey",),
    MODULE2: ("districts", "regions", "assessment", "schools"),
    MODULE3: ("enrolment", "population", "teachers", "schools", "districts"),
}


@functools.cache
def _candidates(assignment: str, versions: tuple[Any, ...]) -> tuple[dict[str, Any], ...]:
    """The candidates, computed once per version of the data (``versions``: the files'
    stamps and the school structure; the same rule as :func:`emiskit.datasets.table`)."""
    make = {MODULE1: _countries, MODULE2: _regions, MODULE3: _districts}[assignment]
    found = tuple(make())
    if len(found) < 2:  # a small extract: relax the sizes, keep every answer well defined
        found = tuple(make(strict=False))
    if not found:
        raise ValueError(f"{assignment}: no {ASSIGNMENTS[assignment]} of the data meets the "
                         "rule for variants (see emiskit.grading.variants)")
    return found


def candidates(assignment: str) -> list[dict[str, Any]]:
    """Every variant of ``assignment`` on the current data, the default first.

    Each variant is a dictionary: ``country`` (module 1); ``region_code``,
    ``region_name``, ``year`` and ``districts`` (module 2); ``district_code``,
    ``district_name`` and ``year`` (module 3); and always ``label``, the place in words.
    """
    if assignment not in ASSIGNMENTS:
        raise ValueError(f"{assignment!r} has no variants; those that do: "
                         f"{', '.join(ASSIGNMENTS)}")
    from emiskit.datasets import file_stamp
    from emiskit.structure import school_structure

    versions = (*(file_stamp(name) for name in _TABLES[assignment]), school_structure())
    return [dict(v) for v in _candidates(assignment, versions)]


def variant(assignment: str, participant: Any) -> dict[str, Any]:
    """The variant (country, region or district) of this participant for ``assignment``."""
    return pick(participant, assignment, candidates(assignment))


def describe(assignment: str, participant: Any) -> str:
    """The friendly sentence the first cell of the exercise prints."""
    chosen = variant(assignment, participant)
    kind = ASSIGNMENTS[assignment]
    if not participant_given(participant):
        return (f"You have not written your name yet, so for now you work on the example "
                f"{kind}: {chosen['label']}.\nWrite your name in quotes after PARTICIPANT = "
                f"(for example PARTICIPANT = \"Ana Gómez\") and run this cell again to get "
                f"your own {kind}.")
    name = " ".join(str(participant).split())
    return (f"Hello {name}! Your {kind} is {chosen['label']}. Every question marked "
            f"\"your {kind}\" is about it.")


def announce(assignment: str, participant: Any) -> dict[str, Any]:
    """Print :func:`describe` and return the participant's variant (for the first cell)."""
    print(describe(assignment, participant))
    return variant(assignment, participant)
