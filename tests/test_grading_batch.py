"""``emiskit grade``: a class graded without Docker survives every kind of bad submission.

One class folder holds a real submission file for each case (correct, partly correct,
blank, raising, looping, crashing, damaged, of another exercise, tampering, hostile, huge
output, exported as a zip). It is graded once, through the command line, in the sandbox,
with two jobs and a short time limit; each test then checks one row of the gradebook.
Attacks aimed at the sandbox itself are in ``test_grading_sandbox.py``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import tempfile
from pathlib import Path

import pytest
from grading import submissions as S  # tests/fixtures (see conftest.py)

from emiskit.cli import main
from emiskit.grading.batch import find_submissions, learner_id
from emiskit.grading.report import GradebookMismatch, read_gradebook

pytestmark = [
    pytest.mark.slow,
    # otter (imported by the grader) uses a deprecated traitlets idiom; not ours to fix.
    pytest.mark.filterwarnings("ignore:Traits should be given as instances:DeprecationWarning"),
]

TIMEOUT = 20  # seconds per submission: short, so that the loops end quickly
MEMORY = 3072  # MiB; a notebook that asks for more gets a MemoryError in its cell
FORGED = "FORGED BY A SUBMISSION"

LOOP = "while True:\n    pass"
STUBBORN = (
    "while True:  # an endless loop that ignores the interruption\n"
    "    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        pass"
)
HOSTILE = """\
import glob, json, os
# Overwrite every gradebook and feedback page under the folder it found (a real attacker
# would search the whole disk), and the places where otter run kept its results.
found = 0
for pattern in ("**/gradebook*.csv", "**/feedback/*.html"):
    for path in glob.glob(os.path.join({base!r}, pattern), recursive=True):
        with open(path, "w") as f:
            f.write({forged!r})
        found += 1
with open(os.path.join({base!r}, "hostile-overwrote.txt"), "w") as f:
    f.write(str(found))
os.makedirs("../results", exist_ok=True)
for path in ("../results/results.json", "results.json", "../results.json"):
    with open(path, "w") as f:
        json.dump({{"score": 100, "tests": []}}, f)
# Replace the grader's tests with tests that always pass.
for path in glob.glob("tests/*.py"):
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(text.replace("def test_", "def _unused_test_") +
                "\\n@test_case(points=1)\\ndef test_free():\\n    pass\\n")
"""
FORGER = """\
from IPython import get_ipython
from IPython.display import display

def forge(*args):
    fake = [{"name": f"q{i}", "score": 2.0, "possible": 2.0, "cases": []} for i in range(1, 7)]
    display({"application/vnd.emiskit.grading-results+json": fake}, raw=True)

get_ipython().events.register("post_run_cell", forge)
"""
EDITS_TESTS = """\
grader.check = lambda *args, **kwargs: "passed"
"""


def _forged_metadata(nb: dict) -> dict:
    """Replace the notebook's own (public) tests with tests that always pass."""
    tests = nb["metadata"]["otter"]["tests"]
    for name in tests:
        tests[name] = (f'from otter.test_files import test_case\nOK_FORMAT = False\nname = '
                       f'"{name}"\npoints = 2\n@test_case(points=2)\ndef test_ok():\n    pass\n')
    return nb


#: file name -> (status, total or None for "not graded", words expected in the message)
EXPECTED: dict[str, tuple[str, float | None, str]] = {
    "correct.ipynb": ("ok", 12, ""),
    "partly-correct.ipynb": ("ok", 8, ""),
    "blank.ipynb": ("ok", 0, ""),
    "raises.ipynb": ("ok", 10, "ValueError: oops"),
    "endless-loop.ipynb": ("timeout", 12, "The other questions were graded"),
    "stubborn-loop.ipynb": ("timeout", None, "could not be graded"),
    "exits.ipynb": ("error", None, "the kernel died"),
    "kills-itself.ipynb": ("error", None, "the kernel died"),
    "broken.ipynb": ("invalid", None, "damaged or incomplete"),
    "table.ipynb": ("invalid", None, "not a Jupyter notebook (it holds other text"),
    "settings.ipynb": ("invalid", None, "not a Jupyter notebook (it has no cells)"),
    "photo.ipynb": ("invalid", None, "not a Jupyter notebook (it is not text)"),
    "other-exercise.ipynb": ("invalid", None, "belongs to the exercise 'learning-poverty'"),
    # Neither the public tests in the notebook's metadata nor grader.check count.
    "edits-tests.ipynb": ("ok", 6, ""),
    # The folders it attacks do not exist in its sandbox: its first write fails.
    "hostile.ipynb": ("ok", 0, "FileNotFoundError"),
    # Results are never read from the notebook's outputs: forged ones change nothing.
    "forger.ipynb": ("ok", 12, ""),
    "huge-output.ipynb": ("ok", 12, "printed too much output"),
    "memory-hog.ipynb": ("ok", 12, "MemoryError"),
    "ger-and-gender-parity_2026_03_02T09_15_00_000000.zip": ("ok", 12, ""),
}


def make_class(root: Path, folder: Path) -> None:
    blank = S.learner_notebook(root)
    w = S.write
    w(S.correct(blank), folder / "correct.ipynb")
    w(S.partly_correct(blank), folder / "partly-correct.ipynb")
    w(blank, folder / "blank.ipynb")
    raises = dict(S.CORRECT)
    raises["gpi = ..."] = 'gpi = parity_index(ger_by_sex["F"], ger_by_sex["M"]) * oops'
    w(S.answered(blank, raises, insert_after={"start": ["raise ValueError('oops')"]}),
      folder / "raises.ipynb")
    w(S.correct(blank, insert_after={"ger = ...": [LOOP]}), folder / "endless-loop.ipynb")
    w(S.correct(blank, insert_after={"ger = ...": [STUBBORN]}), folder / "stubborn-loop.ipynb")
    w(S.correct(blank, insert_after={"primary_pupils = ...": ["import os\nos._exit(1)"]}),
      folder / "exits.ipynb")
    w(S.correct(blank, insert_after={"ger = ...": ["import os, signal\n"
                                                   "os.kill(os.getpid(), signal.SIGKILL)"]}),
      folder / "kills-itself.ipynb")
    text = json.dumps(S.correct(blank))
    (folder / "broken.ipynb").write_text(text[: len(text) // 2], encoding="utf-8")
    (folder / "table.ipynb").write_text("district_code,year\n0602,2024\n", encoding="utf-8")
    (folder / "settings.ipynb").write_text('{"theme": "dark"}', encoding="utf-8")
    (folder / "photo.ipynb").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    other = S.correct(blank)
    other["metadata"]["otter"]["assignment_name"] = "learning-poverty"
    w(other, folder / "other-exercise.ipynb")
    half = {k: v for k, v in S.CORRECT.items()
            if k.split(" =")[0] in ("primary", "primary_pupils", "primary_age",
                                    "primary_age_population", "ger")}
    w(_forged_metadata(S.answered(blank, half, drop_checks=True,
                                  insert_after={"start": [EDITS_TESTS]})),
      folder / "edits-tests.ipynb")
    hostile = HOSTILE.format(base=str(folder.parent), forged=FORGED)
    w(S.answered(blank, insert_after={"start": [hostile]}), folder / "hostile.ipynb")
    w(S.correct(blank, insert_after={"start": [FORGER]}), folder / "forger.ipynb")
    w(S.correct(blank, insert_after={"start": ["print('x' * 100_000_000)"]}),
      folder / "huge-output.ipynb")
    w(S.correct(blank, insert_after={"start": ["big = bytearray(5 * 2**30)"]}),
      folder / "memory-hog.ipynb")
    S.write_export_zip(S.correct(blank),
                       folder / "ger-and-gender-parity_2026_03_02T09_15_00_000000.zip")


@pytest.fixture(scope="module")
def graded(root: Path, autograder: str,
           tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("class")
    submissions = base / "submissions"
    make_class(root, submissions)
    out = base / "out" / "gradebook.csv"
    # The grader's work folders go to a temporary folder of this test alone, so that the
    # test can prove that none is left behind (other programs may be grading meanwhile).
    scratch = base / "tmp"
    scratch.mkdir()
    saved, tempfile.tempdir = tempfile.tempdir, str(scratch)
    try:
        code = main(["grade", str(submissions), "--assignment", autograder, "--out", str(out),
                     "--jobs", "2", "--timeout", str(TIMEOUT), "--memory", str(MEMORY),
                     "--quiet"])
    finally:
        tempfile.tempdir = saved
    with out.open(encoding="utf-8", newline="") as stream:
        rows = {row["file"]: row for row in csv.DictReader(stream)}
    return {"code": code, "rows": rows, "out": out, "base": base,
            "submissions": submissions, "autograder": autograder, "scratch": scratch}


def test_every_submission_has_one_row(graded) -> None:
    assert graded["code"] == 0
    assert sorted(graded["rows"]) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_status_points_and_message(graded, name: str) -> None:
    if name == "memory-hog.ipynb" and not sys.platform.startswith("linux"):
        pytest.skip("the memory limit is enforced on Linux")
    status, total, words = EXPECTED[name]
    row = graded["rows"][name]
    assert row["status"] == status, row
    assert words in row["message"], row
    assert row["possible"] == "12"
    questions = [row[f"q{i}"] for i in range(1, 7)]
    if total is None:
        assert questions == [""] * 6 and row["total"] == "0", row
    else:
        assert float(row["total"]) == total, row
        assert sum(float(q) for q in questions) == total


def test_partly_correct_feedback_page_explains_in_plain_words(graded) -> None:
    page = (graded["out"].parent / "feedback" / "partly-correct.html").read_text(
        encoding="utf-8")
    assert "Your score: 8 of 12 points." in page
    assert "a share between 0 and 1" in page and "Multiply by 100" in page
    assert "Question 3 — the gross enrolment ratio" in page
    assert "Traceback" not in page and "expect_number" not in page


def test_hostile_submission_changed_nothing_it_should_not(graded) -> None:
    out: Path = graded["out"]
    # The attack could not even reach the class folder from its sandbox.
    assert not (graded["base"] / "hostile-overwrote.txt").exists()
    assert FORGED not in out.read_text(encoding="utf-8")
    for page in (out.parent / "feedback").glob("*.html"):
        assert FORGED not in page.read_text(encoding="utf-8"), page.name
    assert graded["rows"]["correct.ipynb"]["total"] == "12"
    assert not list(out.parent.glob(".*.tmp"))  # atomic writes leave no temporary files


def test_feedback_pages_for_everyone_and_learner_ids(graded) -> None:
    pages = sorted(p.stem for p in (graded["out"].parent / "feedback").glob("*.html"))
    ids = sorted(row["learner"] for row in graded["rows"].values())
    assert pages == ids
    zip_row = graded["rows"]["ger-and-gender-parity_2026_03_02T09_15_00_000000.zip"]
    assert zip_row["learner"] == "ger-and-gender-parity-2026-03-02t09-15-00-000000"


def test_huge_output_does_not_reach_the_gradebook_or_the_page(graded) -> None:
    assert graded["out"].stat().st_size < 50_000
    page = graded["out"].parent / "feedback" / "huge-output.html"
    assert page.stat().st_size < 50_000


def test_no_grading_process_or_folder_is_left_behind(graded) -> None:
    import psutil

    left = [p.name for p in graded["scratch"].iterdir()]
    assert left == []
    def is_kernel(process: psutil.Process) -> bool:
        try:
            return "ipykernel" in " ".join(process.cmdline())
        except psutil.Error:  # it ended meanwhile
            return False

    assert [c for c in psutil.Process().children(recursive=True) if is_kernel(c)] == []


def test_rerunning_regrades_only_what_it_finds_and_keeps_the_rest(graded) -> None:
    base: Path = graded["base"]
    again = base / "resubmitted"
    S.write(S.correct(S.learner_notebook(Path(__file__).parent.parent)), again / "blank.ipynb")
    before = read_gradebook(graded["out"], [f"q{i}" for i in range(1, 7)])
    assert main(["grade", str(again), "--assignment", graded["autograder"], "--out",
                 str(graded["out"]), "--jobs", "1", "--timeout", str(TIMEOUT), "--quiet"]) == 0
    after = read_gradebook(graded["out"], [f"q{i}" for i in range(1, 7)])
    assert after["blank"]["total"] == "12" and before["blank"]["total"] == "0"
    assert {k: v for k, v in after.items() if k != "blank"} == \
        {k: v for k, v in before.items() if k != "blank"}


def test_gradebook_of_another_exercise_is_never_touched(tmp_path: Path, autograder: str,
                                                        capsys) -> None:
    out = tmp_path / "gradebook.csv"
    out.write_text("learner,file,p1,total,possible,status,message\n", encoding="utf-8")
    with pytest.raises(GradebookMismatch):
        read_gradebook(out, ["q1"])
    submissions = tmp_path / "subs"
    submissions.mkdir()
    (submissions / "x.ipynb").write_text("{}", encoding="utf-8")
    assert main(["grade", str(submissions), "--assignment", autograder, "--out", str(out),
                 "--quiet"]) == 2
    assert "another --out" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8").startswith("learner,file,p1,")


def test_command_line_errors(tmp_path: Path, autograder: str, capsys) -> None:
    assert main(["grade", str(tmp_path / "nowhere"), "--assignment", autograder]) == 2
    assert main(["grade", str(tmp_path), "--assignment", "no-such-exercise"]) == 2
    assert "emiskit exercises build" in capsys.readouterr().err
    assert main(["grade", str(tmp_path), "--assignment", autograder]) == 1
    assert "no .ipynb or .zip file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("Ana Gómez.ipynb", "ana-gomez"),
        ("Ana Gómez - ger-and-gender-parity.ipynb", "ana-gomez"),
        ("ger-and-gender-parity_maria_perez.ipynb", "maria-perez"),
        ("María Pérez_1234_assignsubmission_file_/ger.ipynb", "maria-perez-1234"),
        ("JOSÉ/Copy of ger-and-gender-parity (2).ipynb", "jose"),
        ("ger-and-gender-parity.ipynb", "ger-and-gender-parity"),
        ("ger-and-gender-parity_2026_03_02T09_15_00_000000.zip",
         "ger-and-gender-parity-2026-03-02t09-15-00-000000"),
        ("luis_ger-and-gender-parity_2026_03_02T09_15_00_000000.zip", "luis"),
    ],
)
def test_learner_id_rule(relative: str, expected: str) -> None:
    assert learner_id(Path(relative), S.ASSIGNMENT) == expected


def test_every_file_gets_one_row_with_a_unique_stable_id(tmp_path: Path) -> None:
    names = ["ana.ipynb", "Ana.zip", "Ana Gómez.ipynb", "ana gomez.ipynb", "submission.ipynb",
             "submission-2.ipynb", ".ipynb_checkpoints/ana-checkpoint.ipynb",
             "__MACOSX/._ana.ipynb", "beto/notes.txt", "beto/ger.ipynb", ".hidden.ipynb",
             "Thumbs.db"]
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")
    found = find_submissions(tmp_path, S.ASSIGNMENT)
    files = sorted(s.relative for s in found)
    assert files == sorted(["ana.ipynb", "Ana.zip", "Ana Gómez.ipynb", "ana gomez.ipynb",
                            "submission.ipynb", "submission-2.ipynb", "beto/notes.txt",
                            "beto/ger.ipynb"])
    ids = {s.relative: s.learner for s in found}
    assert len(set(ids.values())) == len(ids)  # unique
    assert ids == {s.relative: s.learner for s in find_submissions(tmp_path, S.ASSIGNMENT)}
    assert ids["beto/ger.ipynb"] == "beto" and ids["beto/notes.txt"] == "beto-notes-txt"
    assert ids["submission.ipynb"] == "submission"
    assert ids["submission-2.ipynb"] == "submission-2"
    for name in ("ana.ipynb", "Ana.zip"):
        assert re.fullmatch(r"ana-[0-9a-f]{6}", ids[name]), ids
    for name in ("Ana Gómez.ipynb", "ana gomez.ipynb"):
        assert re.fullmatch(r"ana-gomez-[0-9a-f]{6}", ids[name]), ids
    # Adding an unrelated file changes no id.
    (tmp_path / "carla.ipynb").write_text("{}", encoding="utf-8")
    again = {s.relative: s.learner for s in find_submissions(tmp_path, S.ASSIGNMENT)}
    assert {k: again[k] for k in ids} == ids


def test_kernel_sees_the_course_data_setting_but_not_other_secrets(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from emiskit.grading.worker import kernel_environment

    monkeypatch.setenv("GITHUB_TOKEN", "secret")
    env = kernel_environment(tmp_path, Path("/data/country-extract"), "/usr/bin")
    assert env["EMISKIT_DATA_DIR"] == "/data/country-extract"  # graded on the same data
    assert env["EMISKIT_GRADING"] == "1"
    assert "GITHUB_TOKEN" not in env and "secret" not in env.values()
