"""``emiskit exercises build``: learner notebooks, autograders, and the checks on both."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml

from emiskit.cli import main
from emiskit.grading.build import BuildError, assign, build, learner_notebook_text, masters

pytestmark = [
    pytest.mark.slow,
    # otter (imported by the grader) uses a deprecated traitlets idiom; not ours to fix.
    pytest.mark.filterwarnings("ignore:Traits should be given as instances:DeprecationWarning"),
]

NAME = "ger-and-gender-parity"


def _copy_course(root: Path, target: Path, names: list[str] | None = None) -> Path:
    source = target / "exercises" / "source"
    source.mkdir(parents=True)
    for master in masters(root):
        if names is None or master.stem in names:
            shutil.copy2(master, source / master.name)
    return target


def _master_names() -> list[str]:
    return [m.stem for m in masters(Path(__file__).resolve().parent.parent)]


@pytest.fixture(scope="module")
def built(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full build of the example exercise into a fresh folder."""
    target = _copy_course(root, tmp_path_factory.mktemp("course"), [NAME])
    log = io.StringIO()
    assert build(target, log=log) == 0, log.getvalue()
    return target


def test_every_master_has_a_committed_learner_notebook(root: Path) -> None:
    names = [m.stem for m in masters(root)]
    assert NAME in names
    for name in names:
        assert (root / "exercises" / f"{name}.ipynb").is_file(), name


@pytest.mark.parametrize("name", _master_names())
def test_committed_learner_notebooks_are_what_the_build_produces(root: Path, tmp_path: Path,
                                                                 name: str) -> None:
    master = root / "exercises" / "source" / f"{name}.ipynb"
    committed = (root / "exercises" / master.name).read_text(encoding="utf-8")
    assert learner_notebook_text(assign(master, tmp_path).learner) == committed, (
        f"exercises/{master.name} is out of date: run `emiskit exercises build`"
    )


def test_the_full_build_writes_the_committed_learner_notebook(root: Path,
                                                              built: Path) -> None:
    committed = (root / "exercises" / f"{NAME}.ipynb").read_text(encoding="utf-8")
    assert (built / "exercises" / f"{NAME}.ipynb").read_text(encoding="utf-8") == committed


def test_assign_is_deterministic(root: Path, tmp_path: Path) -> None:
    master = root / "exercises" / "source" / f"{NAME}.ipynb"
    first = learner_notebook_text(assign(master, tmp_path / "a").learner)
    second = learner_notebook_text(assign(master, tmp_path / "b").learner)
    assert first == second


@pytest.mark.parametrize("name", _master_names())
def test_learner_notebook_has_no_solutions_hidden_tests_or_outputs(root: Path,
                                                                   name: str) -> None:
    master = nbformat.read(root / "exercises" / "source" / f"{name}.ipynb", as_version=4)
    questions = sorted(
        yaml.safe_load(cell.source.split("\n", 1)[1])["name"]
        for cell in master.cells
        if cell.cell_type == "raw" and cell.source.startswith("# BEGIN QUESTION")
    )
    solution_lines = [
        line.split("# SOLUTION")[0].strip()
        for cell in master.cells if cell.cell_type == "code"
        for line in cell.source.splitlines() if line.rstrip().endswith("# SOLUTION")
    ]
    assert solution_lines
    text = (root / "exercises" / f"{name}.ipynb").read_text(encoding="utf-8")
    learner = nbformat.reads(text, as_version=4)
    code = "\n".join(c.source for c in learner.cells if c.cell_type == "code")
    for line in solution_lines:
        assert line not in code, line
    assert "# SOLUTION" not in text and "BEGIN QUESTION" not in text
    for cell in learner.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    public_tests = learner.metadata["otter"]["tests"]
    assert sorted(public_tests) == questions
    assert not any("hidden=True" in t for t in public_tests.values())
    assert learner.metadata["otter"]["assignment_name"] == name


def test_autograder_bundle_solution_and_question_titles(built: Path) -> None:
    folder = built / "exercises" / "autograder" / NAME
    with zipfile.ZipFile(folder / "autograder.zip") as archive:
        tests = {n for n in archive.namelist() if n.startswith("tests/")}
        assert {f"tests/q{i}.py" for i in range(1, 7)} <= tests
        assert "hidden=True" in archive.read("tests/q3.py").decode()
    solution = nbformat.read(folder / f"{NAME}-solution.ipynb", as_version=4)
    shown = "".join(
        str(out.get("data", {}).get("text/plain", ""))
        for cell in solution.cells if cell.cell_type == "code" for out in cell.outputs
    )
    assert "6 of 6 questions pass" in shown  # stored outputs, for strict nbval
    meta = json.loads((folder / "questions.json").read_text(encoding="utf-8"))
    assert meta["name"] == NAME
    assert meta["questions"]["q3"]["title"] == "Question 3 — the gross enrolment ratio"


def test_check_mode_finds_a_stale_learner_notebook(built: Path) -> None:
    learner = built / "exercises" / f"{NAME}.ipynb"
    original = learner.read_text(encoding="utf-8")
    stale = original.replace("Are girls enrolled as often as boys?", "Somewhere else")
    assert stale != original
    learner.write_text(stale, encoding="utf-8")
    try:
        log = io.StringIO()
        assert build(built, [NAME], check=True, log=log) == 1
        assert "is not what the build produces" in log.getvalue()
    finally:
        learner.write_text(original, encoding="utf-8")


def test_build_fails_on_a_wrong_solution_and_on_a_blank_copy_that_scores(
        root: Path, tmp_path: Path) -> None:
    target = _copy_course(root, tmp_path, [NAME])
    master_path = target / "exercises" / "source" / f"{NAME}.ipynb"
    master = nbformat.read(master_path, as_version=4)
    for cell in master.cells:
        if cell.source.startswith("finding = ") and "# SOLUTION" in cell.source:
            cell.source = 'finding = "D"  # SOLUTION'  # never the best sentence
        if "def test_primary_pupils_is_a_count(primary_pupils):" in cell.source:
            head, _ = cell.source.split("def test_primary_pupils_is_a_count")
            cell.source = head + "def test_primary_pupils_is_a_count(primary_pupils):\n    pass"
    nbformat.write(master, master_path)
    log = io.StringIO()
    problems = build(target, log=log)
    text = log.getvalue()
    assert problems == 2, text
    assert "the solution earns 0 of 2 points on q6" in text
    assert "a blank learner copy earns 1 point(s) on q1" in text
    assert not (target / "exercises" / f"{NAME}.ipynb").exists()  # nothing written


def test_master_name_must_match_its_file(root: Path, tmp_path: Path) -> None:
    master = tmp_path / "another-name.ipynb"
    shutil.copy2(root / "exercises" / "source" / f"{NAME}.ipynb", master)
    with pytest.raises(BuildError, match="name: another-name"):
        assign(master, tmp_path / "work")


def test_cli_reports_an_unknown_exercise(capsys) -> None:
    assert main(["exercises", "build", "no-such-exercise"]) == 1
    assert "no master notebook for no-such-exercise" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------
# --source: masters kept outside the public repository


def _private_master(root: Path, folder: Path, name: str = "getting-started",
                    new: str = "getting-started-exam") -> Path:
    """A copy of a public master under another name, as a facilitator's private master."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (root / "exercises" / "source" / f"{name}.ipynb").read_text(encoding="utf-8")
    text = text.replace(f"name: {name}\\n", f"name: {new}\\n")
    text = text.replace(f'Notebook(\\"{name}.ipynb\\")', f'Notebook(\\"{new}.ipynb\\")')
    master = folder / f"{new}.ipynb"
    master.write_text(text, encoding="utf-8")
    return master


def test_source_builds_private_masters_into_the_course_folders(root: Path,
                                                               tmp_path: Path) -> None:
    course = _copy_course(root, tmp_path / "course", ["getting-started"])
    private = tmp_path / "private-masters"
    master = _private_master(root, private)
    before = master.read_bytes()
    log = io.StringIO()
    assert build(course, source=private, log=log) == 0, log.getvalue()
    learner = course / "exercises" / "getting-started-exam.ipynb"
    autograder = course / "exercises" / "autograder" / "getting-started-exam"
    assert learner.is_file()
    assert {"autograder.zip", "questions.json", "getting-started-exam-solution.ipynb"} <= {
        p.name for p in autograder.iterdir()}
    assert "# SOLUTION" not in learner.read_text(encoding="utf-8")
    # only the private master was built; the masters folder itself is left as it was
    assert not (course / "exercises" / "getting-started.ipynb").exists()
    assert sorted(p.name for p in private.iterdir()) == ["getting-started-exam.ipynb"]
    assert master.read_bytes() == before


def test_source_without_masters_is_a_clear_error(root: Path, tmp_path: Path) -> None:
    course = _copy_course(root, tmp_path / "course", ["getting-started"])
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a master\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"no master notebooks \(\*\.ipynb\) in that folder"):
        build(course, source=empty)
    with pytest.raises(BuildError, match="there is no such folder"):
        build(course, source=tmp_path / "missing")
    assert not (course / "exercises" / "autograder").exists()


def test_source_master_named_like_a_public_one_is_refused(root: Path, tmp_path: Path) -> None:
    course = _copy_course(root, tmp_path / "course", [NAME])
    private = tmp_path / "private"
    private.mkdir()
    shutil.copy2(root / "exercises" / "source" / f"{NAME}.ipynb", private / f"{NAME}.ipynb")
    with pytest.raises(BuildError, match=f"has the name of the public exercise {NAME}") as err:
        build(course, source=private)
    assert f"{NAME}-exam" in str(err.value)
    assert not (course / "exercises" / f"{NAME}.ipynb").exists()


def test_source_masters_differing_only_in_capitals_are_refused(root: Path,
                                                               tmp_path: Path) -> None:
    course = _copy_course(root, tmp_path / "course", [NAME])
    private = tmp_path / "private"
    _private_master(root, private, new="quiz")
    _private_master(root, private, new="Quiz")
    with pytest.raises(BuildError, match=r"Quiz\.ipynb and quiz\.ipynb differ only in capitals"):
        build(course, source=private)


def test_source_may_name_the_public_folder(root: Path, built: Path) -> None:
    log = io.StringIO()
    assert build(built, [NAME], check=True, log=log,
                 source=built / "exercises" / "source") == 0, log.getvalue()


def test_cli_source_reports_an_empty_folder(tmp_path: Path, capsys) -> None:
    assert main(["exercises", "build", "--source", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"--source {tmp_path}: no master notebooks" in err
