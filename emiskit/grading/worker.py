"""Run one submission's notebook, inside its sandbox, and hand its answers out as data.

:mod:`emiskit.grading.batch` starts ``python -I -m emiskit.grading.worker`` inside the
submission's bubblewrap sandbox (:mod:`emiskit.grading.sandbox`), in a work folder that
holds only the learner's notebook and ``job.json`` (which answers to take out, the time
limit). No check, hidden or public, is anywhere in reach: the checks run afterwards, in
another process, on the answers this module writes (:mod:`emiskit.grading.answers`).

How the notebook runs: the grader has already rebuilt it from the learner's code and
Markdown cells (outputs, attachments and metadata dropped, so a forged ``otter`` block or
100 MB of stored output change nothing; see :func:`load_submission`). It runs in a fresh
kernel with ``EMISKIT_GRADING=1``, so that ``grader.check`` does nothing. A last cell
writes the declared answers as plain data. Learner cells that raise are recorded and the
run goes on, as in otter. A cell that runs past the time limit is interrupted and the run
goes on; if the kernel ignores the interruption or dies, the answers are not taken out.
What happened is written to ``outcome.json``: which cells failed, which were stopped,
whether the kernel died. Everything here runs beside learner code, so the grader trusts
none of it beyond the learner's own row.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import nbformat


__all__ = ["Limits", "load_submission", "main", "read_tests", "run_job"]

#: Seconds each remaining cell gets once the time for learner cells has run out.
MIN_CELL_SECONDS = 3

#: The ``ename`` of the reply nbclient fakes for a cell stopped at the time limit.
TIMEOUT_ENAME = "EmiskitTimeLimit"

#: Files the grader writes into the work folder and reads back.
JOB_FILE = "job.json"
NOTEBOOK_FILE = "submission.ipynb"
OUTCOME_FILE = "outcome.json"

_FINAL_CELL = """\
from emiskit.grading.answers import dump as _emiskit_dump
_emiskit_dump({names!r}, globals(), {folder!r})
"""


@dataclass(frozen=True)
class Limits:
    """What one submission may use. ``memory_mb=None`` sets no memory limit."""

    timeout: float = 60.0
    """Seconds for the whole submission: starting Python, running every cell, taking out
    the answers."""
    memory_mb: int | None = 4096
    """Address-space limit of the submission's processes (Linux and macOS), in MiB."""
    max_file_mb: int = 512
    """Largest file the notebook may write (stops a notebook from filling the disk)."""
    max_submission_mb: int = 100
    """Largest notebook accepted (zip members included)."""
    max_cell_output: int = 100_000
    """Characters of output kept per cell; the rest is dropped (100 MB of prints is fine)."""
    max_processes: int = 256
    """Processes (and threads) the sandbox account may have at once."""


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
    if isinstance(raw, dict) and raw.get("nbformat") in (1, 2, 3):
        raise InvalidSubmission(
            f"The notebook is in an old format (nbformat {raw.get('nbformat')}, from the "
            "IPython Notebook of before 2015), which the grader does not read. Open it in "
            "JupyterLab, save it (it is then written in the current format, 4) and hand it "
            "in again."
        )
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
# The environment of the learner's kernel


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


def kernel_environment(home: Path, data_dir: Path, path: str) -> dict[str, str]:
    """The whole environment of a submission's processes: nothing of the grader's.

    The facilitator's variables (tokens, passwords, proxy settings) never reach learner
    code; the data folder is passed on so the notebook runs on the data the checks use.
    """
    env = {
        "PATH": path,
        "HOME": str(home),
        "USERPROFILE": str(home),
        "IPYTHONDIR": str(home / "ipython"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_CONFIG_DIR": str(home / "jupyter"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "MPLCONFIGDIR": str(home / "matplotlib"),
        "LANG": "C.UTF-8",
        "TMPDIR": "/tmp",
        "EMISKIT_GRADING": "1",
        "EMISKIT_DATA_DIR": str(data_dir),
        "MPLBACKEND": "Agg",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    language = os.environ.get("EMISKIT_LANG")
    if language:
        env["EMISKIT_LANG"] = language
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

    class Client(NotebookClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.chars: dict[int, int] = {}
            self.truncated: set[int] = set()
            self.timed_out: list[int] = []
            self.current: int | None = None
            self.stuck = False

        def output(self, outs, msg, display_id, cell_index):  # type: ignore[no-untyped-def]
            content = msg.get("content", {})
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
        **local_kernel(Path(tempfile.gettempdir()) / "emiskit-ipc"),
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


def run_job(workdir: Path) -> dict[str, Any]:
    """Run the notebook of ``workdir`` (inside the sandbox); return what happened."""
    import nbformat

    started = time.monotonic()
    job = json.loads((workdir / JOB_FILE).read_text(encoding="utf-8"))
    limits = Limits(**job["limits"])
    notebook = nbformat.read(workdir / NOTEBOOK_FILE, as_version=4)
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    numbering = {c.metadata["emiskit_cell"]: i + 1 for i, c in enumerate(code_cells)}
    final = nbformat.v4.new_code_cell(_FINAL_CELL.format(names=list(job["answers"]),
                                                         folder=job["answers_dir"]))
    final.id = "emiskit-final"
    run = nbformat.v4.new_notebook(cells=[*notebook.cells, final], metadata=notebook.metadata)
    client = _make_client(run, workdir, limits, started)
    died = None
    try:
        client.execute()
    except KernelStuck:
        pass  # reported as a time-out by the grader
    except Exception as exc:  # DeadKernelError, kernel start failure, …
        died = exc
    finally:
        kill_descendants()
    executed = client.nb
    outcome: dict[str, Any] = {
        "cell_errors": _cell_errors(
            executed, numbering, len(code_cells),
            skip={executed.cells[i].metadata.get("emiskit_cell") for i in client.timed_out}),
        "truncated": len(client.truncated),
        "timed_out": [],
        "died": type(died).__name__ if died is not None else None,
        "died_where": "",
        "answers_written": (workdir / job["answers_dir"] / "manifest.json").is_file(),
    }
    for index in client.timed_out:
        cell = executed.cells[index]
        learner_index = cell.metadata.get("emiskit_cell")
        outcome["timed_out"].append(
            "the final grading step" if learner_index is None
            else _describe_cell(cell, numbering[learner_index], len(code_cells)))
    if died is not None and client.current is not None and client.current < len(executed.cells):
        cell = executed.cells[client.current]
        index = cell.metadata.get("emiskit_cell")
        if index is not None:
            outcome["died_where"] = _describe_cell(cell, numbering[index], len(code_cells))
    return outcome


def main(argv: list[str] | None = None) -> int:
    """Entry point inside the sandbox: run the job of the folder given, write the outcome."""
    workdir = Path((sys.argv[1:] if argv is None else argv)[0])
    os.chdir(workdir)
    for key in ("HOME", "IPYTHONDIR", "JUPYTER_RUNTIME_DIR", "JUPYTER_CONFIG_DIR",
                "JUPYTER_DATA_DIR", "MPLCONFIGDIR"):
        if os.environ.get(key):
            os.makedirs(os.environ[key], exist_ok=True)
    try:
        outcome = run_job(workdir)
    except BaseException as exc:  # report, never hang the grader
        outcome = {"failed": f"{type(exc).__name__}: {exc}"[:500]}
    (workdir / OUTCOME_FILE).write_text(json.dumps(outcome), encoding="utf-8")
    return 0


def remove_tree(path: Path) -> None:
    """Remove a work folder even if the notebook made parts of it read-only."""

    def make_writable(func: Any, target: str, _: Any) -> None:
        with contextlib.suppress(OSError):
            os.chmod(target, 0o700)
            func(target)

    if path.exists():
        shutil.rmtree(path, onerror=make_writable)


if __name__ == "__main__":
    raise SystemExit(main())
