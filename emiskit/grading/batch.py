"""``emiskit grade``: grade a whole class without Docker, safely, in parallel.

    emiskit grade SUBMISSIONS_DIR --assignment NAME --out gradebook.csv [--jobs N]
                  [--timeout SECONDS] [--memory MB] [--feedback DIR]

Every ``.ipynb`` file, and every ``.zip`` made by ``grader.export()``, anywhere under
``SUBMISSIONS_DIR`` (an LMS download, a shared drive, a USB stick) is graded in its own
fresh process and temporary folder (see :mod:`emiskit.grading.worker`), ``--jobs`` at a
time. A submission that loops forever, kills Python, prints 100 MB or tries to overwrite
the grader's files only ever affects its own row. The gradebook and each learner's
feedback page are rewritten atomically after every submission, so stopping the run
(Ctrl-C) keeps everything graded so far.

**Learner id.** The id is taken from where the file sits: the name of the folder directly
inside ``SUBMISSIONS_DIR`` that holds it (LMS downloads put each learner in a folder), or,
for a file directly in ``SUBMISSIONS_DIR``, the file's name without its extension. Then
the time stamp of an otter export, the assignment's name and Moodle's
``_assignsubmission_file_`` are removed, accents are dropped, letters are lower-cased and
every run of other characters becomes one hyphen:
``María Pérez_1234_assignsubmission_file_/ger.ipynb`` → ``maria-perez-1234`` and
``Ana Gómez - ger-and-gender-parity.ipynb`` → ``ana-gomez``. If nothing is left (an export
zip nobody renamed), the id is the whole file name, cleaned the same way. If two files get
the same id, the second is ``…-2``, the third ``…-3`` (in alphabetical order of their paths).

**Re-running** grades every file again and replaces the rows of the learners it finds;
rows of other learners already in the gradebook are kept (so regrading one resubmitted
file does not erase the class). A gradebook of another exercise is never touched.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import sys
import tempfile
import time
import unicodedata
import zipfile
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from emiskit.grading.report import (
    GradebookMismatch,
    feedback_page,
    gradebook_row,
    read_gradebook,
    write_atomically,
    write_gradebook,
)
from emiskit.grading.worker import Limits, child_main, kill_descendants, limits_dict, remove_tree
from emiskit.paths import course_root

__all__ = [
    "Assignment",
    "Submission",
    "find_assignment",
    "find_submissions",
    "grade_class",
    "grade_files",
    "learner_id",
    "register",
]

#: Seconds the parent waits beyond ``--timeout`` before it kills a grading process itself.
GRACE = 20.0
#: Largest result a grading process may send back (bytes of JSON).
MAX_RESULT_BYTES = 20 * 2**20

_EXPORT_STAMP = re.compile(r"_?\d{4}_\d{2}_\d{2}T\d{2}_\d{2}_\d{2}(_\d+)?$")


@dataclass(frozen=True)
class Assignment:
    """An exercise ready to grade: its name, autograder bundle, questions and points."""

    name: str
    autograder: Path
    questions: tuple[str, ...]
    possible: dict[str, float]
    titles: dict[str, str] = field(default_factory=dict)
    title: str = ""


@dataclass(frozen=True)
class Submission:
    """One file to grade and the learner it belongs to."""

    path: Path
    learner: str
    relative: str


def _question_points(autograder: Path) -> dict[str, float]:
    """Points per question, read from the autograder's own test files (trusted code)."""
    from otter.nbmeta_config import NBMetadataConfig
    from otter.test_files import create_test_file

    from emiskit.grading.worker import read_tests

    with tempfile.TemporaryDirectory(prefix="emiskit-tests-") as folder:
        names = read_tests(autograder, Path(folder))
        return {
            n: float(create_test_file(os.path.join(folder, f"{n}.py"), NBMetadataConfig()).possible)
            for n in names
        }


def find_assignment(name: str, root: Path | None = None) -> Assignment:
    """Find an exercise's autograder: ``exercises/autograder/NAME/`` or a path to a zip."""
    candidate = Path(name)
    if candidate.suffix == ".zip" and candidate.is_file():
        autograder, folder = candidate.resolve(), candidate.resolve().parent
        with zipfile.ZipFile(autograder) as archive:
            try:
                config = json.loads(archive.read("otter_config.json"))
            except (KeyError, ValueError):
                config = {}
        assignment_name = config.get("assignment_name") or candidate.stem.split("-autograder")[0]
    else:
        folder = (root or course_root()) / "exercises" / "autograder" / name
        autograder = folder / "autograder.zip"
        assignment_name = name
        if not autograder.is_file():
            raise FileNotFoundError(
                f"There is no autograder for {name!r} ({autograder} is missing). Run "
                "`emiskit exercises build` first, or give the path of an autograder zip."
            )
    possible = _question_points(autograder)
    meta_path = folder / "questions.json"
    titles: dict[str, str] = {}
    title = assignment_name
    if meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("name") == assignment_name:
            titles = {q: v.get("title", q) for q, v in meta.get("questions", {}).items()}
            title = meta.get("title") or title
    return Assignment(assignment_name, autograder, tuple(sorted(possible)), possible,
                      titles, title)


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def learner_id(relative: Path, assignment: str) -> str:
    """The learner id of a submission at ``relative`` (inside the submissions folder).

    See the module docstring for the rule.
    """
    base = relative.parts[0] if len(relative.parts) > 1 else relative.stem
    cleaned = _EXPORT_STAMP.sub("", base)
    slug = _slug(cleaned)
    slug = re.sub(r"(^|-)assignsubmission(-[a-z]+)?(-|$)", "-", slug).strip("-")  # Moodle
    name_slug = _slug(assignment)
    if name_slug:
        slug = re.sub(rf"(^|-){re.escape(name_slug)}(-|$)", "-", slug).strip("-")
    return slug or _slug(base) or "submission"


def find_submissions(folder: Path, assignment: str) -> list[Submission]:
    """Every notebook or zip under ``folder`` (hidden files and checkpoints skipped)."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") or part in ("__MACOSX", "__pycache__")
               for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() in (".ipynb", ".zip"):
            found.append(relative)
    seen: Counter[str] = Counter()
    submissions = []
    for relative in found:
        base = learner_id(relative, assignment)
        seen[base] += 1
        learner = base if seen[base] == 1 else f"{base}-{seen[base]}"
        submissions.append(Submission(folder / relative, learner, relative.as_posix()))
    return submissions


def _context() -> Any:
    """Fresh processes cheaply: fork from a server that has already imported the grader."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([
            "emiskit.grading.worker", "emiskit.grading.notebook", "nbformat", "nbclient",
            "jupyter_client.manager", "psutil",
        ])
        return ctx
    return multiprocessing.get_context("spawn")


@dataclass
class _Running:
    submission: Submission
    process: Any
    conn: Any
    workdir: Path
    deadline: float
    started: float


def _stop(job: _Running) -> None:
    """Make sure nothing of a submission keeps running, then delete its folder."""
    if job.process.is_alive():
        kill_descendants(job.process.pid)
        job.process.kill()
    job.process.join(10)
    job.conn.close()
    remove_tree(job.workdir)


def grade_files(
    submissions: Sequence[Submission],
    assignment: Assignment,
    *,
    jobs: int = 2,
    limits: Limits | None = None,
    on_result: Callable[[dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    """Grade ``submissions``, ``jobs`` at a time; return one outcome per submission.

    Each outcome is the worker's JSON result plus ``learner``, ``file`` and ``seconds``.
    ``on_result`` is called as soon as each one is known (to write files, move a progress bar).
    """
    limits = limits or Limits()
    ctx = _context()
    pending = deque(submissions)
    running: list[_Running] = []
    outcomes: list[dict[str, Any]] = []
    try:
        while pending or running:
            while pending and len(running) < max(1, jobs):
                submission = pending.popleft()
                workdir = Path(tempfile.mkdtemp(prefix="emiskit-grade-"))
                (workdir / "submission").mkdir()
                receive, send = ctx.Pipe(duplex=False)
                process = ctx.Process(
                    target=child_main,
                    args=(send, str(submission.path.resolve()), str(assignment.autograder),
                          assignment.name, str(workdir), limits_dict(limits)),
                    name=f"emiskit-grade-{submission.learner}",
                )
                process.start()
                send.close()
                now = time.monotonic()
                running.append(_Running(submission, process, receive, workdir,
                                        now + limits.timeout + GRACE, now))
            soonest = min(job.deadline for job in running)
            wait([obj for job in running for obj in (job.conn, job.process.sentinel)],
                 timeout=max(0.0, soonest - time.monotonic()))
            for job in list(running):
                result = None
                finished = False
                if job.conn.poll():
                    finished = True
                    try:
                        data = job.conn.recv_bytes(MAX_RESULT_BYTES)
                        result = json.loads(data.decode("utf-8"))
                    except (EOFError, OSError, ValueError):
                        result = None
                    if result is None and job.process.is_alive():
                        job.process.join(5)
                if not finished and not job.process.is_alive():
                    finished = True
                if not finished and time.monotonic() >= job.deadline:
                    finished = True
                    result = {
                        "status": "timeout", "questions": {},
                        "message": f"Stopped at the time limit of {limits.timeout:g} seconds; "
                                   "the notebook did not finish, so it could not be graded.",
                    }
                if not finished:
                    continue
                _stop(job)
                if result is None:
                    code = job.process.exitcode
                    why = ""
                    if code is not None and code < 0:
                        why = f" (it was stopped by signal {-code}"
                        why += "; it may have used too much memory)" if -code == 9 else ")"
                    result = {
                        "status": "error", "questions": {},
                        "message": "The grading process stopped before it could report a "
                                   f"result{why}. Review this notebook by hand.",
                    }
                result.update(learner=job.submission.learner, file=job.submission.relative,
                              seconds=round(time.monotonic() - job.started, 2))
                running.remove(job)
                outcomes.append(result)
                if on_result is not None:
                    on_result(result)
    finally:
        for job in running:
            _stop(job)
    return outcomes


def grade_class(
    folder: Path,
    assignment: Assignment,
    out: Path,
    *,
    feedback_dir: Path | None = None,
    jobs: int = 2,
    limits: Limits | None = None,
    progress: bool = True,
) -> list[dict[str, Any]]:
    """Grade every submission under ``folder``; write the gradebook and feedback pages."""
    limits = limits or Limits()
    feedback_dir = feedback_dir or out.parent / "feedback"
    questions = list(assignment.questions)
    rows = read_gradebook(out, questions)  # before any learner code runs
    submissions = find_submissions(folder, assignment.name)

    from tqdm import tqdm

    bar = tqdm(total=len(submissions), unit="notebook", desc=f"Grading {assignment.name}",
               disable=not progress, file=sys.stderr, dynamic_ncols=True)
    counts: Counter[str] = Counter()

    def record(outcome: dict[str, Any]) -> None:
        rows[outcome["learner"]] = gradebook_row(outcome, questions, assignment.possible)
        write_gradebook(out, rows.values(), questions)
        page = feedback_page(outcome, assignment=assignment.name, title=assignment.title,
                             questions=questions, possible=assignment.possible,
                             titles=assignment.titles, timeout=limits.timeout)
        write_atomically(feedback_dir / f"{outcome['learner']}.html", page)
        counts[outcome["status"]] += 1
        bar.set_postfix({k: counts[k] for k in ("ok", "timeout", "error", "invalid")
                         if counts[k]}, refresh=False)
        bar.update(1)

    try:
        outcomes = grade_files(submissions, assignment, jobs=jobs, limits=limits,
                               on_result=record)
    finally:
        bar.close()
    # Written once more from memory at the end: nothing a notebook did while it ran survives.
    write_gradebook(out, rows.values(), questions)
    for outcome in outcomes:
        page = feedback_page(outcome, assignment=assignment.name, title=assignment.title,
                             questions=questions, possible=assignment.possible,
                             titles=assignment.titles, timeout=limits.timeout)
        write_atomically(feedback_dir / f"{outcome['learner']}.html", page)
    return outcomes


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _run(args: argparse.Namespace) -> int:
    folder = Path(args.submissions)
    if not folder.is_dir():
        print(f"emiskit grade: {folder} is not a folder", file=sys.stderr)
        return 2
    try:
        assignment = find_assignment(args.assignment)
    except (FileNotFoundError, zipfile.BadZipFile) as exc:
        print(f"emiskit grade: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    limits = Limits(timeout=args.timeout, memory_mb=args.memory or None)
    if not find_submissions(folder, assignment.name):
        print(f"emiskit grade: no .ipynb or .zip file under {folder}", file=sys.stderr)
        return 1
    started = time.monotonic()
    try:
        outcomes = grade_class(folder, assignment, out, feedback_dir=args.feedback and
                               Path(args.feedback), jobs=args.jobs, limits=limits,
                               progress=not args.quiet)
    except GradebookMismatch as exc:
        print(f"emiskit grade: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\nemiskit grade: stopped. Everything graded so far is in {out}; run the same "
              "command again to grade the rest.", file=sys.stderr)
        return 130
    counts = Counter(o["status"] for o in outcomes)
    summary = ", ".join(f"{counts[s]} {s}" for s in ("ok", "timeout", "error", "invalid")
                        if counts[s])
    feedback = Path(args.feedback) if args.feedback else out.parent / "feedback"
    print(f"Graded {len(outcomes)} submission(s) in {time.monotonic() - started:.0f} s: "
          f"{summary}.\nGradebook: {out}\nFeedback pages: {feedback}/", file=sys.stderr)
    return 0


def register(subparsers: Any) -> None:
    """Add ``emiskit grade`` to the command line."""
    parser = subparsers.add_parser(
        "grade",
        help="grade a folder of submitted notebooks (no Docker needed)",
        description="Grade every .ipynb (and otter export .zip) under SUBMISSIONS_DIR, each in "
                    "its own process with a time and memory limit; write a gradebook (CSV) "
                    "and one feedback page (HTML) per learner.",
    )
    parser.add_argument("submissions", metavar="SUBMISSIONS_DIR",
                        help="folder with the submissions (any depth)")
    parser.add_argument("--assignment", required=True, metavar="NAME",
                        help="exercise name (its master notebook's name without .ipynb), or "
                             "the path of an autograder zip")
    parser.add_argument("--out", default="gradebook.csv", metavar="CSV",
                        help="gradebook to write (default: gradebook.csv)")
    parser.add_argument("--feedback", metavar="DIR",
                        help="folder for the feedback pages (default: 'feedback' next to --out)")
    parser.add_argument("--jobs", type=int, default=_default_jobs(), metavar="N",
                        help="submissions graded at the same time (default: number of CPUs)")
    parser.add_argument("--timeout", type=float, default=Limits.timeout, metavar="SECONDS",
                        help=f"time limit per submission (default: {Limits.timeout:g})")
    parser.add_argument("--memory", type=int, default=Limits.memory_mb, metavar="MB",
                        help=f"memory limit per submission in MiB, 0 for none (default: "
                             f"{Limits.memory_mb}; Linux and macOS)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=_run)
