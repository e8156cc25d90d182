"""``emiskit exercises build``: from master notebooks to learner notebooks and autograders.

    emiskit exercises build [NAME ...] [--check] [--source DIR]

For every master notebook ``exercises/source/NAME.ipynb`` (otter's assign format; NAME is
the assignment's name and must match ``name:`` in its ``# ASSIGNMENT CONFIG`` cell), or
``DIR/NAME.ipynb`` with ``--source DIR``:

1. run ``otter assign`` in a temporary folder;
2. write the learner notebook to ``exercises/NAME.ipynb`` — no outputs, no solutions, no
   hidden tests; cell ids are numbered, so the same master always gives the same bytes and
   the committed file changes only when the master does;
3. grade the solution notebook and the blank learner notebook with the same machinery as
   ``emiskit grade``; stop with an error if any solution misses a point, or if the blank
   copy earns any point on any question (an unanswered question must never score);
4. run the solution notebook and write it, with its outputs, to
   ``exercises/autograder/NAME/NAME-solution.ipynb`` (checked by strict nbval), with the
   autograder bundle ``autograder.zip`` and ``questions.json`` (titles and points for the
   feedback pages). ``exercises/autograder/`` is git-ignored: the repository is public.

``--check`` runs steps 1 and 3 without writing anything, and also fails if a committed
learner notebook differs from what the build produces.

``--source DIR`` builds from masters kept outside this public repository (a facilitator's
private exercises for an assessment that counts). The outputs go to the same places:
learner notebooks to ``exercises/``, autograders to ``exercises/autograder/``, where
``emiskit grade --assignment NAME`` finds them. A private master may not share its name
with a public one (it would replace the public exercise's learner notebook), and two
masters may not differ only in capitals (they would overwrite each other on Windows and
macOS).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from emiskit.paths import course_root

if TYPE_CHECKING:
    import nbformat

__all__ = [
    "BuildError",
    "Built",
    "assign",
    "build",
    "find_masters",
    "learner_notebook_text",
    "masters",
    "register",
]

#: Cell tag for cells that must not run in CI or in the build (nbval honours it too).
SKIP_TAG = "nbval-skip"
#: The tag nbclient (and so the book build) honours: added wherever SKIP_TAG is, so that
#: building the book never runs ``grader.export()`` and leaves zips in ``exercises/``.
EXECUTION_SKIP_TAG = "skip-execution"


class BuildError(RuntimeError):
    """A master notebook cannot be built; the message says what to fix."""


@dataclass
class Built:
    """What ``otter assign`` produced for one master notebook, normalised."""

    name: str
    learner: nbformat.NotebookNode
    solution: nbformat.NotebookNode
    autograder: Path
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)
    title: str = ""


def public_source(root: Path | None = None) -> Path:
    """The folder of the masters published with the course (``exercises/source/``)."""
    return (root or course_root()) / "exercises" / "source"


def masters(root: Path | None = None, source: Path | None = None) -> list[Path]:
    """The master notebooks in ``source`` (default ``exercises/source/``), sorted by name."""
    return sorted((source or public_source(root)).glob("*.ipynb"))


def _same_folder(a: Path, b: Path) -> bool:
    return a.exists() and b.exists() and a.resolve() == b.resolve()


def name_clashes(found: list[Path], public: list[Path]) -> list[str]:
    """Why some masters cannot be built side by side, in plain words (empty when fine).

    Names equal but for capitals would write the same files on Windows and macOS; a
    private master named like a public one would silently replace that exercise's
    learner notebook, which participants and the book use.
    """
    problems = []
    seen: dict[str, str] = {}
    for master in found:
        key = master.stem.casefold()
        if key in seen:
            problems.append(f"{seen[key]}.ipynb and {master.name} differ only in capitals; "
                            "they would overwrite each other's files on Windows and macOS")
        seen.setdefault(key, master.stem)
    taken = {m.stem.casefold(): m.stem for m in public}
    for master in found:
        if master.stem.casefold() in taken:
            problems.append(
                f"{master.name} has the name of the public exercise "
                f"{taken[master.stem.casefold()]}; rename the file and the `name:` in its "
                f"ASSIGNMENT CONFIG cell (for example {master.stem}-exam)")
    return problems


def find_masters(root: Path, source: Path | None = None) -> list[Path]:
    """The masters to build; :class:`BuildError` if ``source`` is unusable."""
    public = public_source(root)
    if source is None or _same_folder(source, public):
        return masters(root)
    if not source.is_dir():
        raise BuildError(f"--source {source}: there is no such folder.")
    found = masters(source=source)
    if not found:
        raise BuildError(f"--source {source}: no master notebooks (*.ipynb) in that folder.")
    problems = name_clashes(found, masters(root))
    if problems:
        raise BuildError(f"--source {source}: " + "; ".join(problems) + ".")
    return found


def _raw(cell: Any) -> str:
    return cell.source if cell.cell_type == "raw" else ""


def _read_master(master: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]], str]:
    """The assignment config, each question's title and points, and the notebook's title."""
    import nbformat

    nb = nbformat.read(master, as_version=4)
    config: dict[str, Any] = {}
    questions: dict[str, dict[str, Any]] = {}
    title = ""
    pending: str | None = None
    for cell in nb.cells:
        text = _raw(cell).strip()
        if text.startswith("# ASSIGNMENT CONFIG"):
            config = yaml.safe_load(text.split("\n", 1)[1] if "\n" in text else "") or {}
        elif text.startswith("# BEGIN QUESTION"):
            spec = yaml.safe_load(text.split("\n", 1)[1] if "\n" in text else "") or {}
            pending = str(spec.get("name"))
            questions[pending] = {"title": pending, "points": spec.get("points")}
        elif cell.cell_type == "markdown":
            heading = next((ln for ln in cell.source.splitlines() if ln.startswith("#")), "")
            if not title and heading.startswith("# "):
                title = heading[2:].strip()
            if pending and heading:
                text = re.sub(r"\s*\([\d.]+ points?\)\s*$", "", heading.lstrip("#").strip())
                questions[pending]["title"] = text
                pending = None
    return config, questions, title


def normalise(nb: nbformat.NotebookNode, prefix: str = "cell") -> nbformat.NotebookNode:
    """Same master, same bytes: numbered cell ids, no outputs, no run counts or timings."""
    import nbformat

    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for i, cell in enumerate(nb.cells):
        cell.id = f"{prefix}-{i:02d}"
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if SKIP_TAG in tags and EXECUTION_SKIP_TAG not in tags:
            cell.metadata["tags"] = [*tags, EXECUTION_SKIP_TAG]
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def learner_notebook_text(nb: nbformat.NotebookNode) -> str:
    """The exact text written for a learner notebook (compared by ``--check``)."""
    import nbformat

    return nbformat.writes(nb) + "\n"


def assign(master: Path, workdir: Path) -> Built:
    """Run otter assign on ``master`` in ``workdir``; return the normalised results."""
    import nbformat

    name = master.stem
    config, questions, title = _read_master(master)
    if config.get("name") != name:
        raise BuildError(
            f"{master.name}: the ASSIGNMENT CONFIG cell must say `name: {name}` (the file's "
            f"name without .ipynb), not {config.get('name')!r}."
        )
    import otter.assign

    source = workdir / "source"
    source.mkdir(parents=True)
    shutil.copy2(master, source / master.name)
    dist = workdir / "dist"
    quiet = io.StringIO()
    otter_logger = logging.getLogger("otter")
    level = otter_logger.level
    otter_logger.setLevel(logging.WARNING)
    try:
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            otter.assign.main(str(source / master.name), str(dist), no_pdfs=True,
                              no_run_tests=True)
    except Exception as exc:
        raise BuildError(f"{master.name}: otter assign failed: {exc}\n{quiet.getvalue()}") from exc
    finally:
        otter_logger.setLevel(level)
    zips = sorted((dist / "autograder").glob(f"{name}-autograder_*.zip"))
    if len(zips) != 1:
        raise BuildError(f"{master.name}: otter assign made {len(zips)} autograder zips")
    learner = normalise(nbformat.read(dist / "student" / master.name, as_version=4))
    solution = normalise(nbformat.read(dist / "autograder" / master.name, as_version=4))
    return Built(name, learner, solution, zips[0], questions, title)


def _grade_both(built: Built, workdir: Path, timeout: float) -> list[str]:
    """Grade the solution and the blank learner copy; return what is wrong, if anything."""
    import nbformat

    from emiskit.grading.batch import (
        Assignment,
        Submission,
        _question_points,
        grade_files,
        make_sandbox,
    )
    from emiskit.grading.sandbox import SandboxUnavailable
    from emiskit.grading.worker import Limits

    # The course's own notebooks: graded in the sandbox where there is one, as a class
    # would be, and plainly elsewhere (a facilitator's Mac building the exercises).
    try:
        sandbox = make_sandbox()
    except SandboxUnavailable:
        sandbox = make_sandbox(use_sandbox=False)

    possible = _question_points(built.autograder)
    assignment = Assignment(built.name, built.autograder, tuple(sorted(possible)), possible)
    files = workdir / "check"
    files.mkdir()
    solution_path = files / "solution.ipynb"
    blank_path = files / "blank.ipynb"
    nbformat.write(built.solution, solution_path)
    nbformat.write(built.learner, blank_path)
    outcomes = grade_files(
        [Submission(solution_path, "solution", "solution"),
         Submission(blank_path, "blank", "blank")],
        assignment, jobs=2, limits=Limits(timeout=timeout), sandbox=sandbox,
    )
    by_who = {o["learner"]: o for o in outcomes}
    problems = []
    for who, outcome in sorted(by_who.items()):
        if outcome["status"] != "ok":
            problems.append(f"the {who} notebook did not grade: {outcome['status']}: "
                            f"{outcome['message']}")
            continue
        for q in assignment.questions:
            result = outcome["questions"].get(q, {"score": 0.0, "cases": []})
            hints = "; ".join(c["hint"] for c in result["cases"] if c.get("hint"))
            if who == "solution" and result["score"] < possible[q]:
                problems.append(f"the solution earns {result['score']:g} of {possible[q]:g} "
                                f"points on {q}: {hints or 'a test did not run'}")
            if who == "blank" and result["score"] > 0:
                problems.append(f"a blank learner copy earns {result['score']:g} point(s) on "
                                f"{q}: every test of an unanswered question must fail")
    return problems


def _execute(nb: nbformat.NotebookNode, folder: Path, filename: str,
             timeout: int) -> nbformat.NotebookNode:
    """Run a notebook in ``folder`` (saved there first, so the grader can find it)."""
    import nbformat
    from nbclient import NotebookClient

    from emiskit.grading.worker import local_kernel

    nbformat.write(nb, folder / filename)
    client = NotebookClient(nb, **local_kernel(folder.parent / f"{folder.name}-ipc"),
                            kernel_name="python3", timeout=timeout, allow_errors=False,
                            skip_cells_with_tag=SKIP_TAG, record_timing=False,
                            shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(folder)}})
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    return nb


def build(root: Path | None = None, names: list[str] | None = None, *, check: bool = False,
          timeout: float = 120.0, log: Any = None, source: Path | None = None) -> int:
    """Build (or with ``check`` only verify) the exercises; return the number of problems.

    ``source`` is a folder of masters other than ``exercises/source/``; the outputs go to
    the course's ``exercises/`` and ``exercises/autograder/`` all the same.
    """
    import nbformat

    root = root or course_root()
    log = log or sys.stderr
    sources = find_masters(root, source)
    where = f"{source}" if source else "exercises/source/"
    if names:
        missing = sorted(set(names) - {m.stem for m in sources})
        if missing:
            raise BuildError(f"no master notebook for {', '.join(missing)} in {where}")
        sources = [m for m in sources if m.stem in names]
    problems = 0
    for master in sources:
        name = master.stem
        print(f"{name}: otter assign", file=log)
        with tempfile.TemporaryDirectory(prefix="emiskit-build-") as tmp:
            workdir = Path(tmp)
            built = assign(master, workdir)
            learner_text = learner_notebook_text(built.learner)
            learner_path = root / "exercises" / f"{name}.ipynb"
            if check:
                committed = learner_path.read_text(encoding="utf-8") if learner_path.exists() \
                    else None
                if committed != learner_text:
                    problems += 1
                    print(f"{name}: {learner_path.relative_to(root)} is not what the build "
                          "produces; run `emiskit exercises build`", file=log)
            print(f"{name}: grading the solution and a blank copy", file=log)
            for problem in _grade_both(built, workdir, timeout):
                problems += 1
                print(f"{name}: {problem}", file=log)
            if check or problems:
                continue
            print(f"{name}: running the solution notebook", file=log)
            staging = workdir / "out"
            staging.mkdir()
            solution_name = f"{name}-solution.ipynb"
            executed = _execute(built.solution, staging, solution_name, int(timeout))
            nbformat.write(executed, staging / solution_name)
            shutil.copy2(built.autograder, staging / "autograder.zip")
            meta = {"name": name, "title": built.title, "questions": built.questions}
            (staging / "questions.json").write_text(json.dumps(meta, indent=2,
                                                               ensure_ascii=False) + "\n",
                                                    encoding="utf-8")
            target = root / "exercises" / "autograder" / name
            if target.exists():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(staging, target)
            if not learner_path.exists() or \
                    learner_path.read_text(encoding="utf-8") != learner_text:
                learner_path.write_text(learner_text, encoding="utf-8")
            print(f"{name}: wrote {learner_path.relative_to(root)} and "
                  f"{target.relative_to(root)}/", file=log)
    if not sources:
        print(f"no master notebooks in {where}", file=log)
    return problems


def _run(args: argparse.Namespace) -> int:
    try:
        problems = build(names=args.names or None, check=args.check, timeout=args.timeout,
                         source=args.source)
    except BuildError as exc:
        print(f"emiskit exercises build: {exc}", file=sys.stderr)
        return 1
    if problems:
        print(f"emiskit exercises build: {problems} problem(s)", file=sys.stderr)
        return 1
    return 0


def register(subparsers: Any) -> None:
    """Add ``emiskit exercises build`` to the command line."""
    parser = subparsers.add_parser(
        "exercises",
        help="build the graded exercises from their master notebooks",
        description="Graded exercises: learner notebooks and autograders from the master "
                    "notebooks in exercises/source/.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    build_parser = actions.add_parser(
        "build",
        help="run otter assign for every master; check solutions and blank copies",
        description=__doc__.split("\n\n", 2)[2] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build_parser.add_argument("names", nargs="*", metavar="NAME",
                              help="exercises to build (default: all)")
    build_parser.add_argument("--check", action="store_true",
                              help="write nothing; fail if a committed learner notebook is out "
                                   "of date or a check fails")
    build_parser.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                              help="time limit for grading and running each notebook")
    build_parser.add_argument("--source", type=Path, default=None, metavar="DIR",
                              help="build the masters in DIR (for example private ones kept "
                                   "outside the repository) instead of exercises/source/; "
                                   "outputs still go to exercises/ and exercises/autograder/")
    build_parser.set_defaults(func=_run)
