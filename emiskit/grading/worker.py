"""Grade one submission, inside a child process that :mod:`emiskit.grading.batch` starts.

Otter's own batch grading (``otter grade``) isolates each submission in a Docker container,
which a facilitator's laptop or a ministry office computer rarely has; ``otter run`` grades
one file with no isolation and no time limit. This module is the missing middle: it runs
in a fresh process per submission, confines it (time, memory, file size; a child
subreaper on Linux so that nothing the notebook starts can escape the clean-up), and
grades it in a fresh kernel in a fresh folder with the tests taken from the autograder
bundle, never from the learner's file. It reports back through a pipe that the learner's
kernel cannot reach, as JSON (nothing the kernel wrote is ever unpickled).

How a notebook is graded: its code and Markdown cells are copied into a new notebook
(outputs, attachments and metadata are dropped, so a forged ``otter`` metadata block or
100 MB of stored output change nothing); a first cell puts otter in grading mode with the
autograder's ``tests/`` folder; a last cell runs every question not yet checked and hands
the results over as one output of a private MIME type (no file the notebook could
overwrite; a second such output means tampering). Learner cells that raise are recorded
and grading goes on, as in otter. A cell that runs past the time limit is interrupted and
grading goes on; if the kernel ignores the interruption or dies, the submission gets no
points and a clear status. The grader's test files are hashed before and after the run:
a notebook that changes them gets no points.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import re
import shutil
import sys
import time
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import nbformat


__all__ = ["Limits", "child_main", "grade_in_this_process", "read_tests"]

#: Seconds each remaining cell gets once the time for learner cells has run out.
MIN_CELL_SECONDS = 3

#: The ``ename`` of the reply nbclient fakes for a cell stopped at the time limit.
TIMEOUT_ENAME = "EmiskitTimeLimit"

#: Code in a submission that reaches for the grader's machinery; flagged for a human look.
SUSPICIOUS = re.compile(
    r"\b(otter|Checker|GradingResults|init_grading_mode|_grading_mode|test_files|"
    r"check_if_not_already_checked|_tests_dir_override)\b|tests/|results\.(json|pkl)|"
    r"\bgrader\.\w+\s*=(?!=)"
)

_INIT_CELL = """\
import sys
# Grading never validates IRIs. jsonschema (imported with otter, through nbformat) builds
# its IRI checker from a grammar at import time, which costs one to two seconds of CPU per
# submission; without the optional module it simply leaves that checker out.
sys.modules.setdefault("rfc3987_syntax", None)
from otter import Notebook as _EmiskitGrader
_EmiskitGrader.init_grading_mode("./tests")
del _EmiskitGrader
"""

#: The MIME type under which the last cell hands the results to the worker.
RESULTS_MIMETYPE = "application/vnd.emiskit.grading-results+json"

_FINAL_CELL = """\
def _emiskit_collect_results(tests, mimetype):
    from IPython.display import display
    from otter.execute import Checker
    for test in tests:
        Checker.check_if_not_already_checked(test)
    latest = {{}}
    for test_file in Checker.get_results():
        latest[test_file.name] = test_file
    report = []
    for name, test_file in sorted(latest.items()):
        cases = []
        for result in test_file.test_case_results:
            case = result.test_case
            cases.append({{
                "name": str(case.name)[:200], "hidden": bool(case.hidden),
                "points": float(case.points or 0), "passed": bool(result.passed),
                "message": str(result.message or "")[-4000:],
                "failure_message": case.failure_message,
            }})
        report.append({{"name": name, "score": float(test_file.score),
                        "possible": float(test_file.possible), "cases": cases}})
    display({{mimetype: report}}, raw=True)

_emiskit_collect_results({tests!r}, {mimetype!r})
"""


@dataclass(frozen=True)
class Limits:
    """What one submission may use. ``memory_mb=None`` sets no memory limit."""

    timeout: float = 60.0
    """Seconds for the whole submission: starting Python, running every cell, grading."""
    memory_mb: int | None = 4096
    """Address-space limit of the grading processes (Linux and macOS), in MiB."""
    max_file_mb: int = 512
    """Largest file the notebook may write (stops a notebook from filling the disk)."""
    max_submission_mb: int = 100
    """Largest notebook accepted (zip members included)."""
    max_cell_output: int = 100_000
    """Characters of output kept per cell; the rest is dropped (100 MB of prints is fine)."""


# ---------------------------------------------------------------------------------------
# Reading a submission


class KernelStuck(Exception):
    """Two cells in a row hit the time limit: the kernel no longer answers interruptions."""


class InvalidSubmission(Exception):
    """The file cannot be graded as this assignment; the message says why, for people."""


def _read_notebook_bytes(path: Path, limits: Limits) -> tuple[bytes, str]:
    """Return the notebook's bytes and its name, from an ``.ipynb`` or an otter export zip."""
    max_bytes = limits.max_submission_mb * 2**20
    if path.suffix.lower() != ".zip":
        if path.stat().st_size > max_bytes:
            raise InvalidSubmission(
                f"The file is larger than {limits.max_submission_mb} MB; clear the outputs "
                "(Edit > Clear Outputs of All Cells), save and hand it in again."
            )
        return path.read_bytes(), path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                info for info in archive.infolist()
                if info.filename.lower().endswith(".ipynb")
                and not info.is_dir()
                and "__MACOSX" not in info.filename
                and ".ipynb_checkpoints" not in info.filename
            ]
            if not members:
                raise InvalidSubmission("The zip file holds no notebook (.ipynb file).")
            if len(members) > 1:
                names = ", ".join(m.filename for m in members[:5])
                raise InvalidSubmission(
                    f"The zip file holds {len(members)} notebooks ({names}); hand in one."
                )
            member = members[0]
            if member.file_size > max_bytes:
                raise InvalidSubmission(
                    f"The notebook in the zip file is larger than {limits.max_submission_mb} MB."
                )
            with archive.open(member) as stream:
                data = stream.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise InvalidSubmission("The notebook in the zip file is too large.")
            return data, Path(member.filename).name
    except zipfile.BadZipFile as exc:
        raise InvalidSubmission("The file ends in .zip but is not a valid zip file.") from exc


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        if not all(isinstance(line, str) for line in source):
            raise InvalidSubmission("The notebook is damaged: a cell's text is not text.")
        return "".join(source)
    if not isinstance(source, str):
        raise InvalidSubmission("The notebook is damaged: a cell's text is not text.")
    return source


def load_submission(path: Path, limits: Limits) -> tuple[nbformat.NotebookNode, str | None]:
    """Rebuild a clean notebook from a submission: code and Markdown only, nothing else.

    Returns the notebook and the assignment name it declares (``None`` when it has none).
    Raises :class:`InvalidSubmission` for anything that is not a readable notebook.
    """
    import nbformat

    data, _ = _read_notebook_bytes(path, limits)
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidSubmission(
            "The file is not a Jupyter notebook (it is not text). Was another file uploaded "
            "by mistake?"
        ) from exc
    except (ValueError, RecursionError) as exc:
        if not data.lstrip().startswith((b"{", b"\xef\xbb\xbf{")):
            raise InvalidSubmission(
                "The file is not a Jupyter notebook (it holds other text, such as a table or "
                "a script). Was another file uploaded by mistake?"
            ) from exc
        raise InvalidSubmission(
            "The file is not a readable Jupyter notebook (it is damaged or incomplete). Open "
            "it in JupyterLab; if it does not open, hand in a fresh copy."
        ) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("cells"), list):
        raise InvalidSubmission(
            "The file is not a Jupyter notebook (it has no cells). Was another file uploaded "
            "by mistake?"
        )
    if raw.get("nbformat") != 4:
        raise InvalidSubmission(
            f"The notebook uses format version {raw.get('nbformat')!r}; open it in a recent "
            "JupyterLab, save it, and hand it in again."
        )
    cells = []
    for cell in raw["cells"]:
        if not isinstance(cell, dict):
            raise InvalidSubmission("The notebook is damaged: a cell is not a cell.")
        kind = cell.get("cell_type")
        if kind == "code":
            cells.append(nbformat.v4.new_code_cell(_source(cell)))
        elif kind == "markdown":
            cells.append(nbformat.v4.new_markdown_cell(_source(cell)))
    metadata = raw.get("metadata") if isinstance(raw.get("metadata"), dict) else {}
    otter_meta = metadata.get("otter") if isinstance(metadata.get("otter"), dict) else {}
    declared = otter_meta.get("assignment_name")
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python",
    }
    for i, cell in enumerate(notebook.cells):
        cell.id = f"learner-{i}"
        cell.metadata["emiskit_cell"] = i
    return notebook, declared if isinstance(declared, str) else None


# ---------------------------------------------------------------------------------------
# Confinement


def _confine(limits: Limits) -> None:
    """Limit this process and everything it starts (limits are inherited across exec)."""
    if hasattr(os, "setsid"):  # not on Windows
        with contextlib.suppress(OSError):
            os.setsid()  # its own process group, apart from the facilitator's terminal
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_child_subreaper = 36
            libc.prctl(pr_set_child_subreaper, 1, 0, 0, 0)
    try:
        import resource
    except ImportError:  # Windows: no resource limits; the time limit still applies
        return

    def lower(which: int, value: int) -> None:
        with contextlib.suppress(ValueError, OSError):
            _soft, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, hard))

    lower(resource.RLIMIT_CORE, 0)
    lower(resource.RLIMIT_FSIZE, limits.max_file_mb * 2**20)
    # CPU seconds: a busy loop that ignores interruption dies even if every kill failed.
    lower(resource.RLIMIT_CPU, int(limits.timeout * 2) + 60)
    if limits.memory_mb and hasattr(resource, "RLIMIT_AS"):
        lower(resource.RLIMIT_AS, limits.memory_mb * 2**20)


def kill_descendants(pid: int | None = None) -> None:
    """Kill every process below ``pid`` (default: this process), leaves first."""
    import psutil

    try:
        parent = psutil.Process(pid or os.getpid())
        children = parent.children(recursive=True)
    except psutil.Error:
        return
    for child in reversed(children):
        with contextlib.suppress(psutil.Error):
            child.kill()
    psutil.wait_procs(children, timeout=5)


def _kernel_environment(workdir: Path) -> dict[str, str]:
    """A small, predictable environment for the learner's kernel.

    The facilitator's own variables (tokens, passwords, proxy settings) stay out of reach of
    the learner's code, and the kernel ignores the facilitator's IPython start-up files.
    """
    keep = ("PATH", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TEMP", "TMP", "SYSTEMROOT",
            "VIRTUAL_ENV", "CONDA_PREFIX", "PYTHONPATH", "EMISKIT_HOME",
            # Grade against the same data the solutions ran on (a country's extract).
            "EMISKIT_DATA_DIR")
    env = {k: v for k, v in os.environ.items() if k in keep or k.startswith("LC_")}
    home = workdir / "home"
    for sub in ("", "ipython", "runtime", "jupyter"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    env.update(
        HOME=str(home),
        USERPROFILE=str(home),
        IPYTHONDIR=str(home / "ipython"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTER_CONFIG_DIR=str(home / "jupyter"),
        MPLBACKEND="Agg",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
        PYTHONDONTWRITEBYTECODE="1",
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
    )
    return env


# ---------------------------------------------------------------------------------------
# Running the notebook


def local_kernel(sockets: Path) -> dict[str, Any]:
    """Arguments for an nbclient whose kernel listens on Unix sockets in ``sockets``.

    Rather than TCP ports: nothing listens on the network, and other users of the machine
    cannot connect to the kernel. (Windows has no such sockets: TCP is used there.)
    """
    if os.name != "posix":
        return {}
    from traitlets.config import Config

    sockets.mkdir(parents=True, exist_ok=True)
    # As configuration, not a ready-made manager: nbclient then owns the kernel and shuts
    # it down when the notebook is done.
    return {"config": Config({"KernelManager": {
        "transport": "ipc",
        "ip": str(sockets / "k"),
        "connection_file": str(sockets / "kernel.json"),
    }})}


def _make_client(notebook: nbformat.NotebookNode, cwd: Path, limits: Limits, started: float):
    """An nbclient that caps outputs and keeps to the time budget."""
    import nbformat
    from nbclient import NotebookClient

    reserve = min(20.0, max(5.0, limits.timeout / 3))
    cells_deadline = started + max(1.0, limits.timeout - reserve)
    final_deadline = started + limits.timeout
    final_index = len(notebook.cells) - 1

    class Client(NotebookClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.chars: dict[int, int] = {}
            self.truncated: set[int] = set()
            self.timed_out: list[int] = []
            self.current: int | None = None
            self.results_seen = 0
            self.stuck = False

        def output(self, outs, msg, display_id, cell_index):  # type: ignore[no-untyped-def]
            content = msg.get("content", {})
            if RESULTS_MIMETYPE in (content.get("data") or {}):
                # Only the last cell reports results, whatever their size. More than one
                # report means tampering, so two are enough to tell.
                if cell_index != final_index:
                    return None
                self.results_seen += 1
                if self.results_seen > 2:
                    return None
                return super().output(outs, msg, display_id, cell_index)
            size = len(content.get("text", "") or "")
            for value in (content.get("data") or {}).values():
                size += len(value) if isinstance(value, str) else len(json.dumps(value))
            used = self.chars.get(cell_index, 0)
            if used + size > limits.max_cell_output:
                if cell_index not in self.truncated:
                    self.truncated.add(cell_index)
                    outs.append(nbformat.v4.new_output(
                        "stream", name="stderr",
                        text="[emiskit: the rest of this cell's output was too long and was "
                             "not kept]\n",
                    ))
                return None
            self.chars[cell_index] = used + size
            return super().output(outs, msg, display_id, cell_index)

    def timeout_for(cell: Any) -> int:
        if cell.get("id") == "emiskit-final":
            return max(5, math.ceil(final_deadline - time.monotonic()))
        # After an interrupted endless loop the remaining cells still get a few seconds each:
        # the questions that do not depend on the loop are graded.
        return max(MIN_CELL_SECONDS, math.ceil(cells_deadline - time.monotonic()))

    client = Client(
        notebook,
        **local_kernel(cwd.parent / "ipc"),
        kernel_name="python3",
        timeout_func=timeout_for,
        interrupt_on_timeout=True,
        error_on_timeout={"ename": TIMEOUT_ENAME, "evalue": "time limit", "traceback": []},
        allow_errors=True,
        record_timing=False,
        startup_timeout=int(max(10, min(60, limits.timeout))),
        iopub_timeout=4,
        shutdown_kernel="immediate",
        store_widget_state=False,
        resources={"metadata": {"path": str(cwd)}},
    )

    def on_execute(cell: Any, cell_index: int, **_: Any) -> None:
        client.current = cell_index

    def on_executed(cell: Any, cell_index: int, execute_reply: Any, **_: Any) -> None:
        content = (execute_reply or {}).get("content", {})
        if content.get("ename") != TIMEOUT_ENAME:
            client.stuck = False
            return
        client.timed_out.append(cell_index)
        if client.stuck:  # two cells in a row: the kernel ignores interruptions
            raise KernelStuck
        client.stuck = True

    client.on_cell_execute = on_execute
    client.on_cell_executed = on_executed
    return client


def _describe_cell(cell: Any, number: int, total: int) -> str:
    lines = [ln.strip() for ln in cell.source.splitlines()]
    first = next((ln for ln in lines if ln and not ln.startswith("#")), "")
    if len(first) > 60:
        first = first[:57] + "…"
    return f"code cell {number} of {total}" + (f" (it starts with `{first}`)" if first else "")


def _cell_errors(executed: Any, numbering: dict[int, int], total: int,
                 skip: set[Any]) -> list[dict[str, Any]]:
    """Errors raised by learner cells (not those stopped at the time limit, said apart)."""
    errors = []
    for cell in executed.cells:
        index = cell.metadata.get("emiskit_cell")
        if cell.cell_type != "code" or index is None or index in skip:
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" and out.get("ename") != TIMEOUT_ENAME:
                evalue = str(out.get("evalue", ""))
                if len(evalue) > 300:
                    evalue = evalue[:297] + "…"
                errors.append({
                    "cell": numbering[index],
                    "where": _describe_cell(cell, numbering[index], total),
                    "error": f"{out.get('ename', 'Error')}: {evalue}".rstrip(": "),
                })
    return errors


def _hash_tree(folder: Path) -> dict[str, str]:
    out = {}
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            out[str(file.relative_to(folder))] = hashlib.sha256(file.read_bytes()).hexdigest()
    return out


def read_tests(autograder: Path, into: Path) -> list[str]:
    """Extract the ``tests/*.py`` files of an autograder zip into ``into``; return their names."""
    into.mkdir(parents=True, exist_ok=True)
    names = []
    with zipfile.ZipFile(autograder) as archive:
        for info in archive.infolist():
            parts = Path(info.filename).parts
            if len(parts) == 2 and parts[0] == "tests" and parts[1].endswith(".py"):
                if parts[1] == "__init__.py":
                    continue
                (into / parts[1]).write_bytes(archive.read(info))
                names.append(parts[1][:-3])
    return sorted(names)


def _summarise(report: list[dict[str, Any]]) -> dict[str, Any]:
    from emiskit.grading.feedback import extract_hint
    from emiskit.grading.notebook import UNEXPECTED

    questions = {}
    for entry in report:
        cases = []
        for case in entry["cases"]:
            hint = None
            if not case["passed"]:
                hint = extract_hint(case["message"])
                if hint is None:
                    lines = [ln for ln in case["message"].splitlines() if ln.strip()]
                    hint = UNEXPECTED.format(error=lines[-1].strip() if lines else "no details")
                if case.get("failure_message"):
                    hint = f"{case['failure_message']} {hint}"
            cases.append({"hidden": case["hidden"], "points": case["points"],
                          "passed": case["passed"], "hint": hint})
        questions[entry["name"]] = {
            "score": round(entry["score"], 6),
            "possible": round(entry["possible"], 6),
            "cases": cases,
        }
    return questions


def grade_in_this_process(submission: Path, autograder: Path, assignment: str,
                          workdir: Path, limits: Limits) -> dict[str, Any]:
    """Grade ``submission``; return a JSON-ready result. Never raises for a bad submission."""
    import nbformat

    started = time.monotonic()
    result: dict[str, Any] = {
        "status": "ok", "message": "", "questions": {}, "cell_errors": [],
        "timed_out": [], "review": [], "truncated": 0, "declared_assignment": None,
    }
    try:
        notebook, declared = load_submission(submission, limits)
    except InvalidSubmission as exc:
        result.update(status="invalid", message=str(exc))
        return result
    except OSError as exc:
        result.update(status="invalid", message=f"The file could not be read ({exc.strerror}).")
        return result
    result["declared_assignment"] = declared
    if declared is not None and declared != assignment:
        result.update(
            status="invalid",
            message=f"This notebook belongs to the exercise {declared!r}, not {assignment!r}. "
                    "Was the wrong file handed in?",
        )
        return result
    notes = []
    if declared is None:
        notes.append("The notebook does not say which exercise it is (it may have been "
                      "re-created by copying cells); it was graded as this exercise.")

    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    numbering = {c.metadata["emiskit_cell"]: i + 1 for i, c in enumerate(code_cells)}
    for cell in code_cells:
        match = SUSPICIOUS.search(cell.source)
        if match:
            result["review"].append(
                f"{_describe_cell(cell, numbering[cell.metadata['emiskit_cell']], len(code_cells))}"
                f" mentions the grader's machinery (`{match.group(0)}`)"
            )

    folder = workdir / "submission"
    tests_dir = folder / "tests"
    read_tests(autograder, tests_dir)
    test_paths = [f"./tests/{p.name}" for p in sorted(tests_dir.glob("*.py"))]
    before = _hash_tree(tests_dir)
    nbformat.write(notebook, folder / f"{assignment}.ipynb")

    init = nbformat.v4.new_code_cell(_INIT_CELL)
    init.id = "emiskit-init"
    final = nbformat.v4.new_code_cell(
        _FINAL_CELL.format(tests=test_paths, mimetype=RESULTS_MIMETYPE)
    )
    final.id = "emiskit-final"
    run = nbformat.v4.new_notebook(cells=[init, *notebook.cells, final],
                                   metadata=notebook.metadata)

    client = _make_client(run, folder, limits, started)
    died = None
    try:
        client.execute(env=_kernel_environment(workdir))
    except KernelStuck:
        pass  # reported as a time-out below
    except Exception as exc:  # DeadKernelError, kernel start failure, …
        died = exc
    finally:
        kill_descendants()
    executed = client.nb

    result["cell_errors"] = _cell_errors(
        executed, numbering, len(code_cells),
        skip={executed.cells[i].metadata.get("emiskit_cell") for i in client.timed_out},
    )
    result["truncated"] = len(client.truncated)
    for index in client.timed_out:
        cell = executed.cells[index]
        learner_index = cell.metadata.get("emiskit_cell")
        if learner_index is None:
            result["timed_out"].append("the final grading step")
        else:
            result["timed_out"].append(
                _describe_cell(cell, numbering[learner_index], len(code_cells))
            )

    reports = [
        out["data"][RESULTS_MIMETYPE]
        for cell in executed.cells if cell.get("id") == "emiskit-final"
        for out in cell.get("outputs", [])
        if RESULTS_MIMETYPE in out.get("data", {})
    ]
    if len(reports) == 1 and isinstance(reports[0], list):
        with contextlib.suppress(KeyError, TypeError, AttributeError):
            result["questions"] = _summarise(reports[0])
    tampered = _hash_tree(tests_dir) != before or len(reports) > 1

    seconds = f"{limits.timeout:g} seconds"
    if tampered:
        result.update(questions={}, status="error")
        notes.insert(0, "The notebook changed the grader's test files or forged its results "
                        "while it ran, so its results cannot be trusted; no points were given. "
                        "Review it by hand.")
    elif died is not None and not result["timed_out"]:
        where = ""
        if client.current is not None and client.current < len(executed.cells):
            cell = executed.cells[client.current]
            index = cell.metadata.get("emiskit_cell")
            if index is not None:
                where = " while running " + _describe_cell(cell, numbering[index], len(code_cells))
        result.update(status="error", questions={})
        notes.insert(0, f"Python stopped (the kernel died){where}, so the notebook could not "
                        "be graded. This happens when code ends Python (for example "
                        "`os._exit()`) or uses too much memory. Run the notebook from the top "
                        f"on your own computer to see where it stops ({type(died).__name__}).")
    elif result["timed_out"]:
        result["status"] = "timeout"
        if result["questions"]:
            notes.insert(0, f"Stopped at the time limit of {seconds}: "
                            f"{'; '.join(result['timed_out'])}. The other questions were "
                            "graded; answers that needed that cell got no points.")
        else:
            result["questions"] = {}
            notes.insert(0, f"Stopped at the time limit of {seconds}: "
                            f"{'; '.join(result['timed_out'])}. The notebook kept running "
                            "after it was interrupted, so it could not be graded. Look for a "
                            "loop that never ends.")
    elif not result["questions"]:
        result["status"] = "error"
        notes.insert(0, "The notebook ran but the grader found no results (did the code stop "
                        "Python or change the grader?). Review it by hand.")
    if result["cell_errors"]:
        first = result["cell_errors"][0]
        more = len(result["cell_errors"]) - 1
        notes.append(f"{len(result['cell_errors'])} cell(s) stopped with an error, first "
                     f"{first['where']}: {first['error']}"
                     + (f" (and {more} more)" if more else "") + ".")
    if result["truncated"]:
        notes.append(f"{result['truncated']} cell(s) printed too much output; it was cut.")
    if result["review"]:
        notes.append("Review by hand: " + "; ".join(result["review"][:3]) + ".")
    result["message"] = " ".join(notes)
    return result


def child_main(conn: Any, submission: str, autograder: str, assignment: str, workdir: str,
               limits: dict[str, Any]) -> None:
    """Entry point of the child process: confine, grade, send the JSON result, clean up."""
    result: dict[str, Any]
    try:
        lim = Limits(**limits)
        _confine(lim)
        devnull = os.open(os.devnull, os.O_RDWR)
        log = os.open(os.path.join(workdir, "worker.log"),
                      os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(devnull, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.chdir(workdir)
        # Connection files of the kernel go to the work folder, removed afterwards.
        os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(workdir, "runtime")
        result = grade_in_this_process(Path(submission), Path(autograder), assignment,
                                       Path(workdir), lim)
    except BaseException as exc:  # report, never hang the parent
        result = {"status": "error", "questions": {},
                  "message": f"The grader failed on this file ({type(exc).__name__}: {exc})."}
    with contextlib.suppress(Exception):
        kill_descendants()
    try:
        conn.send_bytes(json.dumps(result).encode("utf-8"))
    finally:
        conn.close()


def limits_dict(limits: Limits) -> dict[str, Any]:
    """``Limits`` as plain data, to pass to a child process."""
    return asdict(limits)


def remove_tree(path: Path) -> None:
    """Remove a work folder even if the notebook made parts of it read-only."""

    def make_writable(func: Any, target: str, _: Any) -> None:
        with contextlib.suppress(OSError):
            os.chmod(target, 0o700)
            func(target)

    if path.exists():
        shutil.rmtree(path, onerror=make_writable)
