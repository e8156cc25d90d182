"""Per-participant variants (``emiskit.grading.variants``) and the checks that use them."""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from emiskit.grading.feedback import Hint
from emiskit.grading.reference import table
from emiskit.grading.variants import (
    ASSIGNMENTS,
    DEFAULTS,
    MIN_GAP,
    candidates,
    describe,
    normalise_participant,
    participant_given,
    pick,
    variant,
)

ROOT = Path(__file__).resolve().parent.parent
NAMES = [f"{first} {last}" for first in ("Ana", "Luis", "María", "José", "Camila", "Jorge",
                                         "Lucía", "Pedro", "Valentina", "Andrés")
         for last in ("Gómez", "Pérez", "Rodríguez", "Quispe", "Mamani", "Silva", "Torres",
                      "Ramírez", "Castillo", "Flores", "Morales", "Vargas", "Rojas",
                      "Herrera", "Medina", "Aguilar", "Chávez", "Cruz", "Ortiz", "Núñez")]


def test_two_hundred_distinct_names() -> None:
    assert len(set(NAMES)) == 200


# --- normalising and recognising a participant --------------------------------------------

@pytest.mark.parametrize("text", ["  Ana  GÓMEZ ", "ana gomez", "ANA\tGomez", "Ana\nGÓMEZ",
                                  "a\u0301na go\u0301mez", "ＡＮＡ ＧÓＭＥＺ"])
def test_normalise_drops_accents_case_and_extra_spaces(text: str) -> None:
    assert normalise_participant(text) == "ana gomez"


def test_normalise_keeps_different_names_apart() -> None:
    assert normalise_participant("Ana Gómez") != normalise_participant("Ana Gomes")
    assert normalise_participant("P-017") == "p-017"


@pytest.mark.parametrize("value", [..., None, "", "   ", "\u0301", 17, 3.5, ["Ana"], b"Ana"])
def test_not_given(value: object) -> None:
    assert participant_given(value) is False


@pytest.mark.parametrize("value", ["Ana", " P-017 ", "Łukasz"])
def test_given(value: object) -> None:
    assert participant_given(value) is True


# --- picking -----------------------------------------------------------------------------

def test_pick_is_the_same_for_the_same_name_written_differently() -> None:
    choices = list("ABCDEFGHIJ")
    for name in NAMES:
        assert pick(name, "x", choices) == pick(f"  {name.upper()} ", "x", choices)


def test_pick_is_the_same_in_another_process_whatever_its_hash_seed() -> None:
    choices = list(range(13))
    here = [pick(n, "module3-emis-data", choices) for n in NAMES]
    code = ("import json, sys; from emiskit.grading.variants import pick; "
            "names = json.loads(sys.stdin.read()); "
            "print(json.dumps([pick(n, 'module3-emis-data', list(range(13))) for n in names]))")
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code], input=json.dumps(NAMES),
                             capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed})
        assert json.loads(out.stdout) == here


def test_pick_depends_on_the_assignment() -> None:
    choices = list(range(10))
    first = [pick(n, "module1-evidence-use", choices) for n in NAMES]
    second = [pick(n, "module3-emis-data", choices) for n in NAMES]
    assert first != second


@pytest.mark.parametrize("size", [2, 5, 6, 14])
def test_pick_spreads_two_hundred_names_evenly(size: int) -> None:
    counts = collections.Counter(pick(n, "module3-emis-data", list(range(size)))
                                 for n in NAMES)
    expected = len(NAMES) / size
    assert set(counts) == set(range(size))
    assert min(counts.values()) >= 0.4 * expected, counts
    assert max(counts.values()) <= 1.8 * expected, counts


def test_pick_returns_the_first_choice_when_no_participant_is_given() -> None:
    for value in (..., None, "", "  "):
        assert pick(value, "module3-emis-data", ["default", "b", "c"]) == "default"
    with pytest.raises(ValueError, match="no choice"):
        pick("Ana", "module3-emis-data", [])


# --- candidates on the data --------------------------------------------------------------

@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_the_default_is_the_example_the_exercise_used_before(assignment: str) -> None:
    default = variant(assignment, ...)
    key = {"country": "country", "region": "region_code", "district": "district_code"}
    assert default[key[ASSIGNMENTS[assignment]]] == DEFAULTS[assignment]
    assert default == candidates(assignment)[0]
    assert "have not written your name" in describe(assignment, ...)
    assert "Hello Ana Gómez!" in describe(assignment, "  Ana   Gómez")


@pytest.mark.parametrize("assignment", sorted(ASSIGNMENTS))
def test_there_are_several_candidates_and_names_reach_them_all(assignment: str) -> None:
    found = candidates(assignment)
    assert len(found) >= 4
    labels = [v["label"] for v in found]
    assert len(set(labels)) == len(labels)
    reached = {variant(assignment, n)["label"] for n in NAMES}
    assert reached == set(labels)


def _district_answers(code: str, year: int) -> tuple[float, float]:
    schools = table("schools")[["school_id", "district_code"]]
    census = table("enrolment").merge(schools, on="school_id")
    rows = census[(census["district_code"] == code) & (census["year"] == year)]
    pop = table("population")
    pop = pop[(pop["district_code"] == code) & (pop["year"] == year)]
    staff = table("teachers").merge(schools, on="school_id")
    staff = staff[(staff["district_code"] == code) & (staff["year"] == year)]
    children = int(pop.loc[pop["age"].between(6, 11), "population"].sum())
    in_school = int(rows.loc[rows["age"].between(6, 11), "pupils"].sum())
    pupils = int(rows.loc[rows["grade"].between(1, 6), "pupils"].sum())
    teachers = int(staff.loc[staff["level"] == "primary", "teachers"].sum())
    assert rows["school_id"].nunique() >= 10 and children >= 500 and teachers >= 1
    return 100 * (children - in_school) / children, pupils / teachers


def test_district_candidates_are_well_defined_and_far_apart() -> None:
    found = candidates("module3-emis-data")
    codes = set(table("districts")["district_code"].astype(str))
    answers = []
    for v in found:
        assert v["district_code"] in codes
        answers.append(_district_answers(v["district_code"], v["year"]))
    for i, a in enumerate(answers):
        for b in answers[:i]:
            assert abs(a[0] - b[0]) >= MIN_GAP and abs(a[1] - b[1]) >= MIN_GAP


def test_region_and_country_candidates_are_in_the_data() -> None:
    districts = table("districts")
    for v in candidates("module2-proficiency-and-impact"):
        mine = districts[districts["region_code"] == v["region_code"]]
        assert len(v["districts"]) >= 2
        assert set(v["districts"]) <= set(mine["district_name"])
    survey = table("evidence_survey")
    for v in candidates("module1-evidence-use"):
        leaders = survey[(survey["country"] == v["country"])
                         & (survey["role"] == "school_leader")]
        assert leaders["changed_practice_with_data"].count() >= 30


def test_candidates_come_from_the_configured_data_folder(tmp_path: Path) -> None:
    """On a country's own extract the variants are that country's districts."""
    extract = ROOT / "examples" / "country-extract" / "clean"
    code = ("import json; from emiskit.grading.variants import candidates; "
            "print(json.dumps({a: candidates(a) for a in "
            "('module2-proficiency-and-impact', 'module3-emis-data')}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path,
                         env={**os.environ, "EMISKIT_DATA_DIR": str(extract)})
    found = json.loads(out.stdout)
    import pandas as pd

    theirs = pd.read_csv(extract / "districts.csv", dtype=str)
    assert {v["district_code"] for v in found["module3-emis-data"]} <= set(
        theirs["district_code"])
    assert {v["region_code"] for v in found["module2-proficiency-and-impact"]} <= set(
        theirs["region_code"])
    assert found["module3-emis-data"] != candidates("module3-emis-data")


# --- the checks of the exercises ----------------------------------------------------------

def _tests_of(name: str) -> dict:
    """The test functions of a master notebook, by name (hidden ones included)."""
    master = nbformat.read(ROOT / "exercises" / "source" / f"{name}.ipynb", as_version=4)
    namespace: dict = {}
    inside = False
    for cell in master.cells:
        if cell.cell_type == "raw" and cell.source.startswith("# BEGIN TESTS"):
            inside = True
        elif cell.cell_type == "raw" and cell.source.startswith("# END TESTS"):
            inside = False
        elif inside and cell.cell_type == "code":
            exec(compile(cell.source, name, "exec"), namespace)
    return namespace


def _two_participants(assignment: str) -> tuple[str, str]:
    first = NAMES[0]
    other = next(n for n in NAMES if variant(assignment, n) != variant(assignment, first))
    return first, other


def _hint(check, *args) -> str:
    with pytest.raises(Hint) as caught:
        check(*args)
    return str(caught.value)


def test_module3_a_neighbours_rate_fails_with_a_plain_message() -> None:
    tests = _tests_of("module3-emis-data")
    a, b = _two_participants("module3-emis-data")
    va, vb = variant("module3-emis-data", a), variant("module3-emis-data", b)
    oos_a, ptr_a = _district_answers(va["district_code"], va["year"])
    tests["test_oos_value"](oos_a, a)
    tests["test_ptr_value"](ptr_a, a)
    hint = _hint(tests["test_oos_value"], oos_a, b)
    assert f"the answer for the district {va['label']}" in hint
    assert f"your district is {vb['label']}" in hint and "PARTICIPANT" in hint
    assert va["label"] in _hint(tests["test_ptr_value"], ptr_a, b)
    # PARTICIPANT left empty: the example district, and a note that PARTICIPANT is empty.
    if va != variant("module3-emis-data", ...):
        assert "still empty" in _hint(tests["test_oos_value"], oos_a, ...)


def test_module1_a_neighbours_share_fails_with_a_plain_message() -> None:
    tests = _tests_of("module1-evidence-use")
    a, b = _two_participants("module1-evidence-use")
    va, vb = variant("module1-evidence-use", a), variant("module1-evidence-use", b)
    survey = table("evidence_survey")
    leaders = survey.loc[(survey["country"] == va["country"])
                         & (survey["role"] == "school_leader"), "changed_practice_with_data"]
    answered, share = int(leaders.count()), 100 * float(leaders.mean())
    tests["test_leaders_values"](answered, share, a)
    # B's own count (right) but A's percentage (copied).
    count_b = int(survey.loc[(survey["country"] == vb["country"])
                             & (survey["role"] == "school_leader"),
                             "changed_practice_with_data"].count())
    hint = _hint(tests["test_leaders_values"], count_b, share, b)
    assert f"the answer for the country {va['country']}" in hint
    assert f"your country is {vb['country']}" in hint


def test_module2_a_neighbours_table_fails_with_a_plain_message() -> None:
    from emiskit.indicators import disaggregate, share_below_minimum

    tests = _tests_of("module2-proficiency-and-impact")
    name = "module2-proficiency-and-impact"
    a, b = _two_participants(name)
    va, vb = variant(name, a), variant(name, b)
    pupils = table("assessment").merge(table("schools")[["school_id", "district_code"]],
                                       on="school_id")
    pupils = pupils.merge(table("districts")[["district_code", "district_name",
                                              "region_code"]], on="district_code")
    rows = pupils[(pupils["region_code"] == va["region_code"]) & (pupils["grade"] == 6)
                  & (pupils["subject"] == "reading") & (pupils["year"] == va["year"])]
    answer = disaggregate(rows, lambda g: share_below_minimum(g["level"], "III"),
                          by=["district_name", "indigenous"], min_group_size=30)
    tests["test_table_shape"](answer, a)
    tests["test_table_values"](answer, a)
    for check in ("test_table_shape", "test_table_values"):
        hint = _hint(tests[check], answer, b)
        assert f"the answer for the region {va['label']}" in hint
        assert f"your region is {vb['label']}" in hint


@pytest.mark.parametrize("name", sorted(ASSIGNMENTS))
def test_every_test_takes_only_plain_answers_and_participant(name: str) -> None:
    """Tests read nothing but their parameters: answers and PARTICIPANT, never DISTRICT."""
    import inspect

    tests = {k: v for k, v in _tests_of(name).items() if k.startswith("test_")}
    assert tests
    uses_participant = [k for k, f in tests.items()
                        if "PARTICIPANT" in inspect.signature(f).parameters]
    assert uses_participant
    for check in tests.values():
        free = set(check.__code__.co_names) & {"DISTRICT", "REGION", "COUNTRY", "YEAR",
                                                "pupils", "survey", "respondents", "grader"}
        assert not free, (check.__name__, free)


# --- the whole grading machinery ----------------------------------------------------------

@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Traits should be given as instances:DeprecationWarning")
def test_a_solution_run_for_another_participant_loses_the_points(tmp_path: Path) -> None:
    """B's numbers handed in under A's name: the variant checks fail and say why.

    A third notebook under B's name (typed in capitals) is flagged with the honest one.
    """
    import csv

    from emiskit.grading.batch import Assignment, _question_points, grade_class
    from emiskit.grading.build import assign
    from emiskit.grading.worker import Limits

    name = "module3-emis-data"
    a, b = _two_participants(name)
    vb = variant(name, b)
    oos_b, ptr_b = _district_answers(vb["district_code"], vb["year"])
    built = assign(ROOT / "exercises" / "source" / f"{name}.ipynb", tmp_path / "work")
    files = tmp_path / "files"
    files.mkdir()
    twin = f"  {b.upper()} "
    for who, participant, copy in (("copied", a, True), ("honest", b, False),
                                   ("twin", twin, False)):
        notebook = nbformat.from_dict(json.loads(json.dumps(built.solution)))
        first = next(c for c in notebook.cells if c.cell_type == "code")
        assert "PARTICIPANT = " in first.source
        first.source = "\n".join(
            f"PARTICIPANT = {participant!r}" if line.startswith("PARTICIPANT = ") else line
            for line in first.source.splitlines())
        if copy:  # A's notebook, with B's numbers typed in
            for cell in notebook.cells:
                if "oos_rate = out_of_school_rate(" in cell.source:
                    cell.source += f"\noos_rate = {oos_b!r}"
                if "ptr = pupil_teacher_ratio(" in cell.source:
                    cell.source += f"\nptr = {ptr_b!r}"
        nbformat.write(notebook, files / f"{who}.ipynb")
    possible = _question_points(built.autograder)
    assignment = Assignment(name, built.autograder, tuple(sorted(possible)), possible)
    out = tmp_path / "gradebook.csv"
    outcomes = grade_class(files, assignment, out, jobs=2, limits=Limits(timeout=120),
                           progress=False)
    by_who = {o["learner"]: o for o in outcomes}
    with out.open(encoding="utf-8", newline="") as stream:
        rows = {row["learner"]: row for row in csv.DictReader(stream)}
    assert rows["honest"]["participant"] == rows["twin"]["participant"] == normalise_participant(b)
    assert rows["honest"]["message"].startswith("Same participant name or id as twin.ipynb")
    assert rows["twin"]["message"].startswith("Same participant name or id as honest.ipynb")
    assert "Same participant" not in rows["copied"]["message"]
    assert by_who["honest"]["status"] == "ok", by_who["honest"]
    for q in ("q1", "q2"):
        assert by_who["honest"]["questions"][q]["score"] == possible[q]
    copied = by_who["copied"]
    assert copied["status"] == "ok", copied
    label = vb["label"]
    for q in ("q1", "q2"):
        result = copied["questions"][q]
        assert result["score"] < possible[q]
        hints = " ".join(c.get("hint") or "" for c in result["cases"])
        assert f"the answer for the district {label}" in hints, hints
    assert copied["questions"]["q5"]["score"] == possible["q5"]  # the same for everyone
