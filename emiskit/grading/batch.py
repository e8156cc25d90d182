"""``emiskit grade``: grade a whole class without Docker, each submission sealed off.

    emiskit grade SUBMISSIONS_DIR --assignment NAME --out gradebook.csv [--jobs N]
                  [--timeout SECONDS] [--memory MB] [--feedback DIR] [--no-sandbox]

How one submission is graded, in three steps that never mix:

1. **Read.** The grader rebuilds a clean notebook from the file's code and Markdown cells
   (:func:`emiskit.grading.worker.load_submission`).
2. **Run, sealed off.** The notebook runs in its own bubblewrap sandbox
   (:mod:`emiskit.grading.sandbox`), ``--jobs`` at a time, with no check file present. Its
   last cell writes the answers the questions declare as plain data
   (:mod:`emiskit.grading.answers`). The sandbox sees only its own work folder.
3. **Check, apart.** Once the sandbox has ended, one clean process that never runs learner
   code (:mod:`emiskit.grading.checks`) runs the hidden and public checks on those answers.

Only this process writes results, after each sandbox has ended: the gradebook and the
feedback pages are replaced atomically at the end of the run (or when it is stopped:
then files not yet graded get a row that says so). Work folders live in one folder per
run, removed at the end; a run stopped hard (``kill -9``) leaves it behind, and the next
run removes it.

**Every file gets one row.** Every file under ``SUBMISSIONS_DIR`` except system litter
(hidden files, ``__MACOSX``, ``.ipynb_checkpoints``, ``Thumbs.db``, ``desktop.ini``) gets
exactly one row with its path: notebooks and ``grader.export()`` zips are graded, other
files are listed as not gradable.

**Learner id.** Taken from where the file sits: the name of the folder directly inside
``SUBMISSIONS_DIR`` that holds it (LMS downloads put each learner in a folder), or, for a
file directly in ``SUBMISSIONS_DIR``, the file's name without its extension. Then the time
stamp of an otter export, the assignment's name and Moodle's ``_assignsubmission_file_``
are removed, accents are dropped, letters are lower-cased and every run of other characters
becomes one hyphen: ``María Pérez_1234_assignsubmission_file_/ger.ipynb`` →
``maria-perez-1234``. A file that is not a notebook is named by its whole path. When two
files would get the same id (``Ana Gómez.ipynb`` and ``ana gomez.ipynb``), each of them
gets the id followed by six characters computed from its path, so ids are unique and the
same on every run.

**Re-running** grades every file again and replaces the rows of the learners it finds; rows
of other learners already in the gradebook are kept (so regrading one resubmitted file does
not erase the class). A gradebook of another exercise is never touched.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
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
from emiskit.grading.sandbox import (
    INSIDE,
    NO_SANDBOX_WARNING,
    Sandbox,
    SandboxUnavailable,
    find_bwrap,
    limiter,
    readonly_paths,
)
from emiskit.grading.worker import (
    JOB_FILE,
    NOTEBOOK_FILE,
    OUTCOME_FILE,
    InvalidSubmission,
    Limits,
    kernel_environment,
    load_submission,
    read_tests,
    remove_tree,
)
from emiskit.paths import course_root
from emiskit.text import strip_accents

__all__ = [
    "Assignment",
    "Submission",
    "find_assignment",
    "find_submissions",
    "grade_class",
    "grade_files",
    "learner_id",
    "make_sandbox",
    "register",
]

#: Seconds the grader waits beyond ``--timeout`` before it ends a sandbox itself.
GRACE = 20.0
#: Seconds the checks of one submission may take.
CHECK_SECONDS = 120.0
#: Prefix of the folder each run works in (inside the system's temporary folder).
RUN_PREFIX = "emiskit-grade-"
#: The name under which the participant's id is declared in the module exercises.
PARTICIPANT = "PARTICIPANT"
#: Files that are not hand-ins: left out of the gradebook (and counted in the summary).
LITTER = {".ds_store", "thumbs.db", "desktop.ini", "__macosx", ".ipynb_checkpoints",
          "__pycache__"}

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
    text = strip_accents(text).lower()
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


def _is_litter(relative: Path) -> bool:
    return any(part.startswith(".") or part.lower() in LITTER for part in relative.parts)


def find_submissions(folder: Path, assignment: str) -> list[Submission]:
    """One :class:`Submission` per file under ``folder`` (system litter left out).

    Notebooks and zips get the learner id of the module docstring; any other file is named
    by its whole path. Ids shared by several files get a suffix made from each file's path.
    """
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if _is_litter(relative) or not (path.is_file() or path.is_symlink()):
            continue
        if path.suffix.lower() in (".ipynb", ".zip"):
            base = learner_id(relative, assignment)
        else:
            base = _slug(relative.as_posix()) or "file"
        found.append((base, relative))
    counts = Counter(base for base, _ in found)
    taken = {base for base, n in counts.items() if n == 1}
    submissions = []
    for base, relative in found:
        learner = base
        if counts[base] > 1:
            digest = hashlib.sha256(relative.as_posix().encode("utf-8")).hexdigest()
            size = 6
            learner = f"{base}-{digest[:size]}"
            while learner in taken:  # vanishingly rare; still never two rows with one id
                size += 2
                learner = f"{base}-{digest[:size]}"
            taken.add(learner)
        submissions.append(Submission(folder / relative, learner, relative.as_posix()))
    return submissions


def count_litter(folder: Path) -> int:
    """How many files under ``folder`` :func:`find_submissions` leaves out."""
    return sum(1 for p in folder.rglob("*")
               if p.is_file() and _is_litter(p.relative_to(folder)))


# ---------------------------------------------------------------------------------------
# Work folders


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_runs(parent: Path | None = None) -> list[Path]:
    """Remove the work folders of earlier runs whose grader no longer runs; return them."""
    parent = Path(parent or tempfile.gettempdir())
    removed = []
    for run in parent.glob(f"{RUN_PREFIX}*"):
        try:
            info = run.lstat()
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
                continue
            pid = int((run / "owner.pid").read_text().strip())
        except (OSError, ValueError):
            pid = None
        if pid is None:
            if time.time() - run.lstat().st_mtime < 3600:
                continue  # a run that is just starting
        elif _pid_alive(pid):
            continue
        remove_tree(run)
        removed.append(run)
    return removed


def make_sandbox(*, use_sandbox: bool = True, extra: Sequence[Path] = ()) -> Sandbox:
    """The sandbox to grade in: bubblewrap, or plain processes when ``use_sandbox`` is off.

    Raises :class:`SandboxUnavailable` when bubblewrap is wanted but cannot run here.
    """
    if not use_sandbox:
        return Sandbox(None)
    from emiskit.paths import datasets_dir

    return Sandbox(find_bwrap(), tuple(readonly_paths([datasets_dir(), *extra])))


class _Checker:
    """The checking process, shared by the grading threads (one request at a time)."""

    def __init__(self, tests_dir: Path, cwd: Path) -> None:
        self.tests_dir = tests_dir
        self.cwd = cwd
        self.lock = threading.Lock()
        self.process: subprocess.Popen[bytes] | None = None
        self.buffer = b""

    def _start(self) -> subprocess.Popen[bytes]:
        if self.process is None or self.process.poll() is not None:
            self.buffer = b""
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-m", "emiskit.grading.checks", str(self.tests_dir)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                cwd=self.cwd, start_new_session=True,
            )
        return self.process

    def check(self, answers: Path) -> dict[str, Any]:
        with self.lock:
            process = self._start()
            assert process.stdin is not None and process.stdout is not None
            try:
                process.stdin.write((json.dumps({"answers": str(answers)}) + "\n").encode())
                process.stdin.flush()
            except OSError:
                return {"error": "the checking process stopped"}
            deadline = time.monotonic() + CHECK_SECONDS
            fd = process.stdout.fileno()
            while b"\n" not in self.buffer:
                left = deadline - time.monotonic()
                ready = select.select([fd], [], [], max(0.0, left))[0] if left > 0 else []
                if not ready:
                    self.stop()
                    return {"error": f"the checks took longer than {CHECK_SECONDS:g} seconds"}
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    self.stop()
                    return {"error": "the checking process stopped"}
                self.buffer += chunk
            line, self.buffer = self.buffer.split(b"\n", 1)
            return json.loads(line)

    def stop(self) -> None:
        if self.process is not None:
            with contextlib.suppress(OSError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            for stream in (self.process.stdin, self.process.stdout):
                with contextlib.suppress(OSError):
                    stream.close()  # type: ignore[union-attr]
            self.process = None


def _read_small(path: Path, limit: int = 2**20) -> bytes | None:
    """A regular file's bytes (links never followed), or ``None``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        return os.read(fd, limit)
    finally:
        os.close(fd)


def _tail(path: Path, size: int = 600) -> str:
    """The last line of a sandbox's log, short and cleaned (it may come from learner code)."""
    from emiskit.grading.report import clean_text

    try:
        with open(path, "rb") as stream:
            stream.seek(max(0, path.stat().st_size - size))
            text = stream.read().decode("utf-8", "replace")
    except OSError:
        return ""
    lines = [ln.strip() for ln in clean_text(text).splitlines() if ln.strip()]
    return lines[-1][:300] if lines else ""


def _strings(value: Any, limit: int = 50) -> list[str]:
    """A list of short strings from untrusted JSON (anything else is dropped)."""
    if not isinstance(value, list):
        return []
    return [str(v)[:400] for v in value[:limit] if isinstance(v, str)]


def _read_outcome(workdir: Path) -> dict[str, Any] | None:
    """What the sandbox said about its run, checked field by field (it is learner-made)."""
    data = _read_small(workdir / OUTCOME_FILE)
    try:
        raw = json.loads(data.decode("utf-8")) if data else None
    except (UnicodeDecodeError, ValueError):
        raw = None
    if not isinstance(raw, dict) or "failed" in raw:
        return None
    errors = []
    for error in raw.get("cell_errors", [])[:50] if isinstance(raw.get("cell_errors"), list) \
            else []:
        if isinstance(error, dict) and all(isinstance(error.get(k), str)
                                           for k in ("where", "error")):
            errors.append({"cell": error.get("cell") if isinstance(error.get("cell"), int)
                           else 0, "where": error["where"][:300], "error": error["error"][:400]})
    truncated = raw.get("truncated")
    died = raw.get("died")
    return {
        "cell_errors": errors,
        "timed_out": _strings(raw.get("timed_out")),
        "truncated": truncated if isinstance(truncated, int) and truncated >= 0 else 0,
        "died": str(died)[:80] if isinstance(died, str) else None,
        "died_where": str(raw.get("died_where", ""))[:300],
        "answers_written": raw.get("answers_written") is True,
    }


def _move_answers(workdir: Path, into: Path) -> Path:
    """Move the answers folder out of reach of the (ended) sandbox, refusing links."""
    from emiskit.grading.answers import ANSWERS_DIR

    source = workdir / ANSWERS_DIR
    into.mkdir(mode=0o700)
    try:
        info = source.lstat()
    except OSError:
        return into
    if stat.S_ISDIR(info.st_mode):
        for entry in source.iterdir():
            with contextlib.suppress(OSError):
                if stat.S_ISREG(entry.lstat().st_mode):
                    os.replace(entry, into / entry.name)
    return into


def _participant(answers: Path) -> str | None:
    """The participant's name or id as the variants read it (``None`` when not given)."""
    from emiskit.grading.answers import load
    from emiskit.grading.variants import normalise_participant, participant_given

    value = load(answers, [PARTICIPANT])[0][PARTICIPANT]
    return normalise_participant(value) if participant_given(value) else None


def _readable_copy(source: Path, into: Path) -> Path:
    """A copy of the data folder that the notebooks' account may read (files 0644)."""
    shutil.copytree(source, into, symlinks=False)
    into.chmod(0o755)
    for folder, dirs, files in os.walk(into):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    return into


def _reachable(sandbox: Sandbox, folder: Path) -> Sandbox:
    """Make sure the unprivileged account can read what the notebooks need.

    A facilitator's data folder is often private (``0700``): the run then shows a readable
    copy of it. Python and the kit cannot be copied; if they are closed to other accounts,
    grading stops with the fix.
    """
    from emiskit.paths import datasets_dir

    data = Path(os.path.realpath(datasets_dir()))
    for path in sandbox.unreadable():
        if path == data:
            sandbox = sandbox.with_source(path, _readable_copy(path, folder / "data"))
        else:
            raise SandboxUnavailable(
                f"The notebooks run as the unprivileged account `nobody`, which cannot read "
                f"{path}. Install the course and its Python where every account may read them "
                f"(for example under /opt or /srv), or open that folder for reading "
                f"(`chmod o+rx {path}`).")
    return sandbox


class _Run:
    """One grading run: its folder, the unpacked checks, the checking process, sandboxes."""

    def __init__(self, assignment: Assignment, limits: Limits, sandbox: Sandbox) -> None:
        from emiskit.grading.answers import declared_answers

        self.assignment = assignment
        self.limits = limits
        clean_stale_runs()
        self.folder = Path(tempfile.mkdtemp(prefix=RUN_PREFIX))
        (self.folder / "owner.pid").write_text(str(os.getpid()))
        try:
            self.sandbox = _reachable(sandbox, self.folder)
        except BaseException:
            remove_tree(self.folder)
            raise
        tests = self.folder / "checks"
        read_tests(assignment.autograder, tests)
        declared = declared_answers(tests)
        self.names = sorted({n for names in declared.values() for n in names})
        self.checker = _Checker(tests, self.folder)
        self.running: dict[int, subprocess.Popen[bytes]] = {}
        self.counter = 0
        self.lock = threading.Lock()
        self.closed = False

    def close(self) -> None:
        self.closed = True
        with self.lock:
            for process in list(self.running.values()):
                self._end(process)
        self.checker.stop()
        remove_tree(self.folder)

    def _end(self, process: subprocess.Popen[bytes]) -> None:
        """End a submission's processes: the sandbox's init takes all of them with it."""
        if self.sandbox.bwrap is None:
            from emiskit.grading.worker import kill_descendants

            kill_descendants(process.pid)
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(10)

    def _command(self, workdir: Path) -> tuple[list[str], dict[str, str], Path]:
        from emiskit.paths import datasets_dir

        venv_bin = str(Path(sys.executable).parent)
        if self.sandbox.bwrap is not None:
            inside = Path(INSIDE)
            env = kernel_environment(Path("/tmp/home"), datasets_dir(),
                                     f"{venv_bin}:/usr/bin:/bin")
            runner = [sys.executable, "-I", "-m", "emiskit.grading.worker", INSIDE]
            outer_env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
        else:
            inside = workdir
            (workdir / "tmp").mkdir()
            env = kernel_environment(workdir / "home", datasets_dir(),
                                     f"{venv_bin}:{os.environ.get('PATH', '/usr/bin:/bin')}")
            env["TMPDIR"] = str(workdir / "tmp")
            runner = [sys.executable, "-I", "-m", "emiskit.grading.worker", str(workdir)]
            outer_env = env
        return self.sandbox.command(runner, workdir, env), outer_env, inside

    def grade(self, submission: Submission) -> dict[str, Any]:
        """Grade one submission; never raises for a bad one."""
        started = time.monotonic()
        result = self._grade(submission)
        result.update(learner=submission.learner, file=submission.relative,
                      seconds=round(time.monotonic() - started, 2))
        return result

    def _grade(self, submission: Submission) -> dict[str, Any]:
        import nbformat

        from emiskit.grading.answers import ANSWERS_DIR

        invalid = {"status": "invalid", "questions": {}, "cell_errors": []}
        if submission.path.suffix.lower() not in (".ipynb", ".zip"):
            return dict(invalid, message="This file is not a notebook (.ipynb) or a zip made "
                        "by grader.export(), so it was not graded.")
        try:
            if submission.path.is_symlink():
                raise InvalidSubmission("The file is a link to another file; hand in the "
                                        "notebook itself.")
            notebook, declared = load_submission(submission.path, self.limits)
        except InvalidSubmission as exc:
            return dict(invalid, message=str(exc))
        except OSError as exc:
            return dict(invalid, message=f"The file could not be read ({exc.strerror}).")
        if declared is not None and declared != self.assignment.name:
            return dict(invalid, message=f"This notebook belongs to the exercise {declared!r}, "
                        f"not {self.assignment.name!r}. Was the wrong file handed in?")
        with self.lock:
            if self.closed:
                return dict(invalid, status="error", message="Not graded: the run was stopped.")
            self.counter += 1
            number = self.counter
        workdir = self.folder / f"work-{number}"
        workdir.mkdir(mode=0o700)
        try:
            nbformat.write(notebook, workdir / NOTEBOOK_FILE)
            command, outer_env, _ = self._command(workdir)
            job = {"answers": self.names, "answers_dir": ANSWERS_DIR,
                   "limits": asdict(self.limits)}
            (workdir / JOB_FILE).write_text(json.dumps(job), encoding="utf-8")
            self.sandbox.prepare(workdir)
            timed_out = self._execute(command, outer_env, number)
            outcome = _read_outcome(workdir)
            last_words = _tail(self.folder / f"log-{number}.txt") if outcome is None else ""
            answers = _move_answers(workdir, self.folder / f"answers-{number}")
        finally:
            remove_tree(workdir)
        try:
            checked = {} if timed_out or outcome is None else self.checker.check(answers)
            participant = _participant(answers) if PARTICIPANT in self.names else None
        finally:
            remove_tree(answers)
        result = _compose(outcome, checked, timed_out, self.limits, declared, participant)
        if outcome is None and last_words and not timed_out:
            result["message"] += f" Last words of the run: {last_words}"
        return result

    def _execute(self, command: list[str], env: dict[str, str], number: int) -> bool:
        """Run the sandbox to its end; True when it had to be stopped at the time limit."""
        lim = self.limits
        kwargs: dict[str, Any] = {}
        max_processes = lim.max_processes
        if not self.sandbox.as_root or self.sandbox.bwrap is None:
            # Not a separate account: the count includes the facilitator's own processes.
            import psutil

            mine = sum(1 for p in psutil.process_iter(["uids"])
                       if p.info["uids"] and p.info["uids"].real == os.getuid())
            max_processes += mine
        limit = limiter(memory_mb=lim.memory_mb, cpu_seconds=int(lim.timeout * 2) + 60,
                        max_file_mb=lim.max_file_mb, max_processes=max_processes)
        kwargs["preexec_fn"] = limit
        with self.lock:
            if self.closed:
                return True
            # What the sandbox prints goes to a log in the run's folder (its size is capped
            # by the file-size limit): the last lines explain a sandbox that failed.
            with open(self.folder / f"log-{number}.txt", "wb") as log:
                process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL,
                                           stdout=log, stderr=log, cwd=self.folder,
                                           start_new_session=True, **kwargs)
            self.running[number] = process
        try:
            process.wait(lim.timeout + GRACE)
            timed_out = False
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            self._end(process)
            with self.lock:
                self.running.pop(number, None)
        return timed_out


def _compose(outcome: dict[str, Any] | None, checked: dict[str, Any], timed_out: bool,
             limits: Limits, declared: str | None, participant: str | None) -> dict[str, Any]:
    """The result of one submission, in plain words, from what the sandbox and checks said."""
    seconds = f"{limits.timeout:g} seconds"
    result: dict[str, Any] = {"status": "ok", "questions": {}, "cell_errors": [],
                              "participant": participant}
    notes: list[str] = []
    if declared is None:
        notes.append("The notebook does not say which exercise it is (it may have been "
                     "re-created by copying cells); it was graded as this exercise.")
    if timed_out:
        result["status"] = "timeout"
        notes.insert(0, f"Stopped at the time limit of {seconds}; the notebook did not "
                        "finish, so it could not be graded. Look for a loop that never ends.")
        result["message"] = " ".join(notes)
        return result
    if outcome is None:
        result["status"] = "error"
        notes.insert(0, "The notebook could not be run to the end (Python or the grader "
                        "stopped), so it could not be graded. Review it by hand.")
        result["message"] = " ".join(notes)
        return result
    result["cell_errors"] = outcome["cell_errors"]
    if "error" in checked:
        result["status"] = "error"
        notes.insert(0, f"The checks could not run ({checked['error'][:300]}). Ask the "
                        "person who prepared the exercise.")
    elif outcome["died"] and not outcome["timed_out"]:
        where = f" while running {outcome['died_where']}" if outcome["died_where"] else ""
        result["status"] = "error"
        notes.insert(0, f"Python stopped (the kernel died){where}, so the notebook could not "
                        "be graded. This happens when code ends Python (for example "
                        "`os._exit()`) or uses too much memory. Run the notebook from the top "
                        "on your own computer to see where it stops.")
    elif outcome["timed_out"]:
        result["status"] = "timeout"
        stopped = "; ".join(outcome["timed_out"][:3])
        if not outcome["answers_written"] or "the final grading step" in outcome["timed_out"]:
            notes.insert(0, f"Stopped at the time limit of {seconds}: {stopped}. The "
                            "notebook kept running after it was interrupted, so it could not "
                            "be graded. Look for a loop that never ends.")
        else:
            result["questions"] = checked.get("questions", {})
            notes.insert(0, f"Stopped at the time limit of {seconds}: {stopped}. The other "
                            "questions were graded; answers that needed that cell got no "
                            "points.")
    elif outcome["answers_written"]:
        result["questions"] = checked.get("questions", {})
    if result["status"] == "ok" and not result["questions"]:
        result["status"] = "error"
        notes.insert(0, "The notebook ran, but its answers could not be taken out (did the "
                        "code stop Python?). Review it by hand.")
    errors = result["cell_errors"]
    if errors:
        first, more = errors[0], len(errors) - 1
        notes.append(f"{len(errors)} cell(s) stopped with an error, first {first['where']}: "
                     f"{first['error']}" + (f" (and {more} more)" if more else "") + ".")
    if outcome["truncated"]:
        notes.append(f"{outcome['truncated']} cell(s) printed too much output; it was cut.")
    result["message"] = " ".join(notes)
    return result


def grade_files(
    submissions: Sequence[Submission],
    assignment: Assignment,
    *,
    jobs: int = 2,
    limits: Limits | None = None,
    sandbox: Sandbox | None = None,
    on_result: Callable[[dict[str, Any]], None] | None = None,
) -> list[dict[str, Any]]:
    """Grade ``submissions``, ``jobs`` at a time; return one outcome per submission.

    Each outcome has ``status``, ``message``, ``questions`` (per question: score, possible
    and each check's result and hint), ``cell_errors``, ``participant``, ``learner``,
    ``file`` and ``seconds``. ``on_result`` is called in this thread as soon as each one
    is known. ``sandbox`` defaults to bubblewrap (:class:`SandboxUnavailable` if missing).
    """
    limits = limits or Limits()
    sandbox = sandbox if sandbox is not None else make_sandbox()
    run = _Run(assignment, limits, sandbox)
    outcomes: list[dict[str, Any]] = []
    pool = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="emiskit-grade")
    try:
        pending: set[Future[dict[str, Any]]] = {pool.submit(run.grade, s) for s in submissions}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                outcome = future.result()
                outcomes.append(outcome)
                if on_result is not None:
                    on_result(outcome)
    finally:
        run.closed = True
        pool.shutdown(wait=False, cancel_futures=True)
        run.close()
        pool.shutdown(wait=True)
    return outcomes


def _flag_shared_participants(outcomes: Sequence[dict[str, Any]]) -> None:
    """Say in each row when another submission gave the same participant name or id."""
    by_name: dict[str, list[dict[str, Any]]] = {}
    for outcome in outcomes:
        if outcome.get("participant"):
            by_name.setdefault(outcome["participant"], []).append(outcome)
    for same in by_name.values():
        if len(same) < 2:
            continue
        for outcome in same:
            others = ", ".join(sorted(o["file"] for o in same if o is not outcome))
            outcome["message"] = (f"Same participant name or id as {others}: check who "
                                  "handed in what. " + outcome.get("message", "")).strip()


def grade_class(
    folder: Path,
    assignment: Assignment,
    out: Path,
    *,
    feedback_dir: Path | None = None,
    jobs: int = 2,
    limits: Limits | None = None,
    sandbox: Sandbox | None = None,
    progress: bool = True,
) -> list[dict[str, Any]]:
    """Grade every file under ``folder``; write the gradebook and feedback pages at the end.

    If the run is stopped (Ctrl-C, SIGTERM), the gradebook still gets a row for every file:
    the graded ones with their results, the others marked as not graded yet; then
    :class:`KeyboardInterrupt` goes on.
    """
    limits = limits or Limits()
    sandbox = sandbox if sandbox is not None else make_sandbox()
    feedback_dir = feedback_dir or out.parent / "feedback"
    questions = list(assignment.questions)
    rows = read_gradebook(out, questions)
    submissions = find_submissions(folder, assignment.name)

    from tqdm import tqdm

    bar = tqdm(total=len(submissions), unit="file", desc=f"Grading {assignment.name}",
               disable=not progress, file=sys.stderr, dynamic_ncols=True)
    counts: Counter[str] = Counter()

    def seen(outcome: dict[str, Any]) -> None:
        counts[outcome["status"]] += 1
        bar.set_postfix({k: counts[k] for k in ("ok", "timeout", "error", "invalid")
                         if counts[k]}, refresh=False)
        bar.update(1)

    outcomes: list[dict[str, Any]] = []
    interrupted = False
    try:
        outcomes = grade_files(submissions, assignment, jobs=jobs, limits=limits,
                               sandbox=sandbox, on_result=lambda o: (outcomes.append(o),
                                                                     seen(o)))
    except KeyboardInterrupt:
        interrupted = True
    finally:
        bar.close()
    done = {o["file"] for o in outcomes}
    missing = [s for s in submissions if s.relative not in done]
    for submission in missing:
        outcomes.append({"status": "error", "questions": {}, "learner": submission.learner,
                         "file": submission.relative,
                         "message": "Not graded: the run was stopped before this file. Run "
                                    "the same command again to grade it."})
    _flag_shared_participants(outcomes)
    for outcome in outcomes:
        rows[outcome["learner"]] = gradebook_row(outcome, questions, assignment.possible)
    write_gradebook(out, rows.values(), questions)
    for outcome in outcomes:
        page = feedback_page(outcome, assignment=assignment.name, title=assignment.title,
                             questions=questions, possible=assignment.possible,
                             titles=assignment.titles, timeout=limits.timeout)
        write_atomically(feedback_dir / f"{outcome['learner']}.html", page)
    if interrupted:
        raise KeyboardInterrupt
    return outcomes


def _default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _stop_on_terminate(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


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
    submissions = find_submissions(folder, assignment.name)
    if not any(s.path.suffix.lower() in (".ipynb", ".zip") for s in submissions):
        print(f"emiskit grade: no .ipynb or .zip file under {folder}", file=sys.stderr)
        return 1
    try:
        sandbox = make_sandbox(use_sandbox=not args.no_sandbox)
    except SandboxUnavailable as exc:
        print(f"emiskit grade: {exc}", file=sys.stderr)
        return 2
    if sandbox.bwrap is None:
        print(f"emiskit grade: {NO_SANDBOX_WARNING}", file=sys.stderr)
    started = time.monotonic()
    previous = signal.signal(signal.SIGTERM, _stop_on_terminate)
    try:
        outcomes = grade_class(folder, assignment, out, feedback_dir=args.feedback and
                               Path(args.feedback), jobs=args.jobs, limits=limits,
                               sandbox=sandbox, progress=not args.quiet)
    except GradebookMismatch as exc:
        print(f"emiskit grade: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"\nemiskit grade: stopped. What was graded is in {out}, and the other files "
              "are listed there as not graded; run the same command again to grade "
              "everything.", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    counts = Counter(o["status"] for o in outcomes)
    summary = ", ".join(f"{counts[s]} {s}" for s in ("ok", "timeout", "error", "invalid")
                        if counts[s])
    litter = count_litter(folder)
    skipped = (f" ({litter} hidden or system file(s), such as .DS_Store, left out)"
               if litter else "")
    feedback = Path(args.feedback) if args.feedback else out.parent / "feedback"
    print(f"Graded {len(outcomes)} file(s) in {time.monotonic() - started:.0f} s: "
          f"{summary}{skipped}.\nGradebook: {out}\nFeedback pages: {feedback}/",
          file=sys.stderr)
    return 0


def register(subparsers: Any) -> None:
    """Add ``emiskit grade`` to the command line."""
    parser = subparsers.add_parser(
        "grade",
        help="grade a folder of submitted notebooks (no Docker needed)",
        description="Grade every .ipynb (and otter export .zip) under SUBMISSIONS_DIR, each in "
                    "its own bubblewrap sandbox with time and memory limits, the checks run "
                    "apart on its answers; write a gradebook (CSV) with one row per file and "
                    "one feedback page (HTML) per learner.",
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
    parser.add_argument("--no-sandbox", action="store_true",
                        help="run without bubblewrap (process limits only; a notebook can "
                             "then read and change your files): for trusted practice runs")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=_run)
