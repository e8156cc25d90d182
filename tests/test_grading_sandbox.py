"""Attacks on ``emiskit grade`` by a determined participant, each tried for real.

One class is graded once, in the bubblewrap sandbox, with two jobs: two ordinary correct
submissions beside submissions that attack them, the grader, the hidden checks and the
machine. Each test checks that one attack failed and that the innocent rows are intact.
Probes report what they saw from inside by raising ``RuntimeError("PROBE {...}")``, which
the gradebook quotes as the cell's error. Interrupting a run is tested apart, with the
real command line in a child process.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from grading import submissions as S  # tests/fixtures (see conftest.py)

from emiskit.cli import main
from emiskit.grading.batch import (
    _flag_shared_participants,
    find_assignment,
    grade_class,
    make_sandbox,
)
from emiskit.grading.sandbox import SandboxUnavailable
from emiskit.grading.worker import Limits

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:Traits should be given as instances:DeprecationWarning"),
]

try:
    make_sandbox()
    HAVE_SANDBOX = True
except SandboxUnavailable:
    HAVE_SANDBOX = False
needs_sandbox = pytest.mark.skipif(
    not HAVE_SANDBOX and not os.environ.get("CI"),
    reason="bubblewrap is not installed (CI installs it; there these tests always run)",
)

SECRET = "emiskit-test-secret-7f3a"
MARKER = "emiskit-escaper-9c1d"

#: Writes into every gradebook, feedback page, notebook, answers file and check it can find.
SABOTAGE = """\
import glob, json, os, tempfile
written = 0
places = [tempfile.gettempdir(), "/tmp", {scratch!r}, {base!r}, os.path.expanduser("~")]
for place in places:
    for pattern in ("**/*.ipynb", "**/manifest.json", "**/*.csv", "**/*.html", "**/checks/*.py"):
        for path in glob.glob(os.path.join(place, pattern), recursive=True):
            try:
                with open(path, "w") as f:
                    f.write("SABOTAGED")
                written += 1
            except OSError:
                pass
visible = sum(1 for pid in os.listdir("/proc") if pid.isdigit())
raise RuntimeError("PROBE " + json.dumps({{"written": written, "visible": visible}}))
"""

#: Looks everywhere it can for the hidden checks and quotes what it finds.
READER = """\
import os
found = []
for top in ["/", {course!r}, {scratch!r}]:
    for folder, dirs, files in os.walk(top):
        if folder.startswith(os.getcwd()):
            continue  # its own notebook, which holds this very code
        dirs[:] = [d for d in dirs if d not in ("proc", "sys", "dev", "usr", "site-packages")]
        for name in files:
            if name.endswith((".py", ".zip", ".ipynb")):
                path = os.path.join(folder, name)
                try:
                    text = open(path, "rb").read(200_000)
                except OSError:
                    continue
                checks = b"from otter.test_files import test_case" in text and b"hidden=" in text
                if checks or b"# BEGIN TESTS" in text or name == "autograder.zip":
                    found.append(path)
if found:
    raise RuntimeError("FOUND " + open(found[0]).read()[:250])
raise RuntimeError("PROBE found nothing")
"""

#: Starts processes meant to outlive the grading and rewrite results afterwards.
ESCAPER = """\
import os, subprocess
script = "while true; do echo FORGED > {out}; sleep 0.2; done # {marker}"
subprocess.Popen(["sh", "-c", script], start_new_session=True,
                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp("sh", ["sh", "-c", script])
    os._exit(0)
"""

#: Replaces everything a check could rely on, from inside the learner's kernel.
CHEATER = """\
import sys, types, os
import emiskit.grading.feedback as fb
for name in dir(fb):
    if name.startswith("expect"):
        setattr(fb, name, lambda *a, **k: None)
fake = types.ModuleType("emiskit.grading.feedback")
fake.__getattr__ = lambda name: (lambda *a, **k: None)
sys.modules["emiskit.grading.feedback"] = fake
import builtins
builtins.__import__ = (lambda real: lambda name, *a, **k: real(name, *a, **k))(builtins.__import__)
os.makedirs("tests", exist_ok=True)
for q in range(1, 7):
    with open(f"tests/q{q}.py", "w") as f:
        f.write("OK_FORMAT = False\\nname = 'q%d'\\npoints = 2\\n" % q)
os.makedirs("emiskit/grading", exist_ok=True)
open("emiskit/grading/feedback.py", "w").write("def expect_number(*a, **k): pass\\n")
import IPython.display
IPython.display.display = lambda *a, **k: None
try:
    import otter.test_files.abstract_test as at
    at.TestFile.score = property(lambda self: 2.0)
except Exception:
    pass
grader.check = lambda *a, **k: "passed"
"""

SLY = """\
class Sly(str):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    __hash__ = str.__hash__
    def upper(self): return "B"
    def strip(self, *a): return self
finding = Sly("Z")
"""

PROBE = """\
import json, os, resource, socket, sys, threading
seen = {{"uid": os.getuid(), "cpu": resource.getrlimit(resource.RLIMIT_CPU)[1],
        "mem": resource.getrlimit(resource.RLIMIT_AS)[1] // 2**20}}
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
    seen["net"] = "open"
except OSError:
    seen["net"] = "closed"
seen["secret"] = any({secret!r} in v for v in os.environ.values())
seen["pids"] = sum(1 for p in os.listdir("/proc") if p.isdigit())
for target in ("/usr/emiskit-probe", sys.prefix + "/emiskit-probe"):
    try:
        open(target, "w").close()
        seen["wrote"] = target
    except OSError:
        pass
seen["subs"] = os.path.exists({subs!r})
seen["course"] = os.path.exists({course!r} + "/exercises")
started = 0
stop = threading.Event()
# Small stacks, so that the process limit, not the memory limit, is what stops the threads.
threading.stack_size(256 * 1024)
for _ in range(400):
    try:
        threading.Thread(target=stop.wait, daemon=True).start()
        started += 1
    except (RuntimeError, MemoryError) as exc:
        seen["thread_stop"] = type(exc).__name__
        break
stop.set()
seen["threads"] = started
try:
    with open("big.bin", "wb") as f:
        f.write(b"x" * (12 * 2**20))
    seen["big"] = "written"
except OSError as exc:
    seen["big"] = exc.errno
raise RuntimeError("PROBE " + json.dumps(seen))
"""

ESCAPES = 'raise ValueError("\\x1b[31m=cmd|\' /C calc\'!A0\\x1b[0m\\x07")'

FORMULA_NAME = '=HYPERLINK("example.invalid")'


def _probe(message: str) -> dict:
    start = message.index("PROBE ") + len("PROBE ")
    end = message.index("}", start) + 1
    return json.loads(message[start:end])


@pytest.fixture(scope="module")
def listener():
    """A TCP server on the host's loopback that a sandboxed notebook must not reach."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.5)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError):
                server.accept()[0].close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(2)
    server.close()


@pytest.fixture(scope="module")
def attacked(root: Path, autograder: str, listener: int,
             tmp_path_factory: pytest.TempPathFactory):
    if not HAVE_SANDBOX:
        pytest.skip("bubblewrap is not installed")
    base = tmp_path_factory.mktemp("attacked")
    subs = base / "submissions"
    out = base / "out" / "gradebook.csv"
    scratch = base / "tmp"
    scratch.mkdir()
    blank = S.learner_notebook(root)
    w = S.write
    w(S.correct(blank), subs / "ana.ipynb")
    w(S.correct(blank), subs / "beto.ipynb")
    w(S.correct(blank, insert_after={"start": [SABOTAGE.format(scratch=str(scratch),
                                                                base=str(base))]}),
      subs / "sabotage.ipynb")
    w(S.answered(blank, insert_after={"start": [READER.format(course=str(root),
                                                              scratch=str(scratch))]}),
      subs / "reader.ipynb")
    w(S.correct(blank, insert_after={"start": [ESCAPER.format(out=str(out), marker=MARKER)]}),
      subs / "escaper.ipynb")
    w(S.answered(blank, insert_after={"start": [CHEATER]}), subs / "cheater.ipynb")
    sly = dict(S.CORRECT)
    del sly["finding = ..."]
    w(S.answered(blank, sly, insert_after={"gpi = ...": [SLY]}), subs / "sly.ipynb")
    w(S.answered(blank, insert_after={"start": [PROBE.format(
        port=listener, secret=SECRET, subs=str(subs), course=str(root))]}),
      subs / "probe.ipynb")
    w(S.correct(blank, insert_after={"start": [ESCAPES]}), subs / "escapes.ipynb")
    w(S.correct(blank), subs / f"{FORMULA_NAME}.ipynb")
    (subs / "old-format.ipynb").write_text(json.dumps(
        {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": ""},
         "worksheets": [{"cells": [], "metadata": {}}]}), encoding="utf-8")
    (subs / "notes.txt").write_text("My answers are in the notebook.", encoding="utf-8")
    # A feedback page from an earlier run, of a learner not in this class: must survive.
    earlier = out.parent / "feedback" / "carla.html"
    earlier.parent.mkdir(parents=True)
    earlier.write_text("EARLIER RUN", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in subs.iterdir()}

    os.environ["EMISKIT_TEST_SECRET"] = SECRET
    saved, tempfile.tempdir = tempfile.tempdir, str(scratch)
    try:
        assignment = find_assignment(str(autograder))
        outcomes = grade_class(subs, assignment, out, jobs=2, progress=False,
                               limits=Limits(timeout=30, memory_mb=3072, max_file_mb=8))
    finally:
        tempfile.tempdir = saved
        os.environ.pop("EMISKIT_TEST_SECRET", None)
    finished = time.monotonic()
    with out.open(encoding="utf-8", newline="") as stream:
        rows = {row["file"]: row for row in csv.DictReader(stream)}
    return {"rows": rows, "out": out, "subs": subs, "before": before, "scratch": scratch,
            "outcomes": {o["file"]: o for o in outcomes}, "finished": finished,
            "earlier": earlier}


def test_innocent_submissions_keep_full_marks(attacked) -> None:
    for name in ("ana.ipynb", "beto.ipynb"):
        row = attacked["rows"][name]
        assert (row["status"], row["total"], row["message"]) == ("ok", "12", ""), row


def test_a_submission_cannot_reach_other_submissions_or_the_grader(attacked) -> None:
    row = attacked["rows"]["sabotage.ipynb"]
    seen = _probe(row["message"])
    assert seen["written"] == 0, seen
    assert seen["visible"] < 10, seen  # no other submission's process to signal
    # Its answers still count.
    assert row["total"] == "12", row
    # The submissions folder is exactly as it was handed in.
    assert {p.name: p.read_bytes() for p in attacked["subs"].iterdir()} == attacked["before"]


def test_hidden_checks_are_nowhere_in_reach(attacked) -> None:
    row = attacked["rows"]["reader.ipynb"]
    assert "PROBE found nothing" in row["message"], row
    page = (attacked["out"].parent / "feedback" / f"{row['learner']}.html").read_text(
        encoding="utf-8")
    assert "hidden=True" not in page and "expect_number" not in page


def test_feedback_pages_never_show_a_check_source(attacked) -> None:
    for page in (attacked["out"].parent / "feedback").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        for leak in ("def test_", "expect_number(", "table(", "Traceback", "@test_case"):
            assert leak not in text, (page.name, leak)


def test_no_process_outlives_the_grading(attacked) -> None:
    import psutil

    time.sleep(max(0.0, attacked["finished"] + 2 - time.monotonic()))
    survivors = []
    for process in psutil.process_iter(["cmdline"]):
        if MARKER in " ".join(process.info["cmdline"] or []):
            survivors.append(process.pid)
    assert survivors == []
    assert "FORGED" not in attacked["out"].read_text(encoding="utf-8")
    assert attacked["rows"]["escaper.ipynb"]["total"] == "12"


def test_replacing_the_checking_machinery_earns_nothing(attacked) -> None:
    row = attacked["rows"]["cheater.ipynb"]
    assert row["status"] == "ok" and row["total"] == "0", row


def test_a_string_that_equals_everything_is_just_a_string(attacked) -> None:
    row = attacked["rows"]["sly.ipynb"]
    assert row["q6"] == "0" and row["total"] == "10", row


def test_the_sandbox_walls(attacked, listener: int) -> None:
    seen = _probe(attacked["rows"]["probe.ipynb"]["message"])
    assert seen["net"] == "closed"  # no network, not even the host's loopback
    assert seen["secret"] is False  # none of the grader's environment
    assert seen["pids"] < 10  # its own process namespace
    assert "wrote" not in seen  # the system and Python are read-only
    assert seen["subs"] is False and seen["course"] is False
    assert seen["threads"] < 400, seen  # the process limit holds
    assert seen["thread_stop"] == "RuntimeError", seen  # ... and not the memory limit
    assert seen["big"] == 27  # EFBIG: the file-size limit holds
    assert seen["cpu"] == 2 * 30 + 60  # CPU seconds: twice the time limit, and a margin
    assert seen["mem"] == 3072  # the memory limit, which the notebook cannot raise
    if os.geteuid() == 0:
        assert seen["uid"] == 65534  # an unprivileged account, not root


def test_terminal_escapes_and_formulas_never_reach_the_files(attacked) -> None:
    raw = attacked["out"].read_text(encoding="utf-8")
    assert "\x1b" not in raw and "\x07" not in raw
    row = attacked["rows"][f"'{FORMULA_NAME}.ipynb"]  # neutralised: a leading apostrophe
    assert row["total"] == "12"
    escapes = attacked["rows"]["escapes.ipynb"]
    assert "=cmd" in escapes["message"] and escapes["total"] == "12"
    for page in (attacked["out"].parent / "feedback").glob("*.html"):
        assert "\x1b" not in page.read_text(encoding="utf-8")
    # Every cell a spreadsheet would run as a formula starts with an apostrophe.
    with attacked["out"].open(encoding="utf-8", newline="") as stream:
        for row in csv.reader(stream):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_every_file_has_a_row_and_old_formats_are_named(attacked) -> None:
    rows = attacked["rows"]
    assert len(rows) == len(attacked["before"])
    assert "old format (nbformat 3" in rows["old-format.ipynb"]["message"]
    assert rows["notes.txt"]["status"] == "invalid"
    assert "not a notebook" in rows["notes.txt"]["message"]


def test_earlier_feedback_and_work_folders(attacked) -> None:
    assert attacked["earlier"].read_text(encoding="utf-8") == "EARLIER RUN"
    assert list(attacked["scratch"].iterdir()) == []


def test_participants_sharing_an_id_are_flagged() -> None:
    outcomes = [{"file": "a.ipynb", "participant": "ana gomez", "message": ""},
                {"file": "b.ipynb", "participant": "ana gomez", "message": "x"},
                {"file": "c.ipynb", "participant": "beto", "message": ""},
                {"file": "d.ipynb", "participant": None, "message": ""}]
    _flag_shared_participants(outcomes)
    assert outcomes[0]["message"].startswith("Same participant name or id as b.ipynb")
    assert "a.ipynb" in outcomes[1]["message"] and outcomes[1]["message"].endswith("x")
    assert outcomes[2]["message"] == "" and outcomes[3]["message"] == ""


# ---------------------------------------------------------------------------------------
# The command line: missing sandbox, --no-sandbox, interruption, re-runs


def test_without_bubblewrap_grading_stops_with_the_fix(tmp_path: Path, autograder: str,
                                                       monkeypatch, capsys) -> None:
    S.write({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5},
            tmp_path / "subs" / "a.ipynb")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    code = main(["grade", str(tmp_path / "subs"), "--assignment", str(autograder), "--out",
                 str(tmp_path / "gb.csv"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "bubblewrap" in err and "apt install bubblewrap" in err
    assert not (tmp_path / "gb.csv").exists()


def test_no_sandbox_says_what_it_does_not_protect(root: Path, tmp_path: Path,
                                                  autograder: str, capsys) -> None:
    S.write(S.correct(S.learner_notebook(root)), tmp_path / "subs" / "ana.ipynb")
    code = main(["grade", str(tmp_path / "subs"), "--assignment", str(autograder), "--out",
                 str(tmp_path / "gb.csv"), "--quiet", "--no-sandbox", "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 0 and "WITHOUT the sandbox" in err and "outlives" in err
    assert ",12,12,ok," in (tmp_path / "gb.csv").read_text(encoding="utf-8")


def _grade_command(subs: Path, autograder: str, out: Path) -> list[str]:
    return [sys.executable, "-m", "emiskit", "grade", str(subs), "--assignment",
            str(autograder), "--out", str(out), "--jobs", "1", "--timeout", "40", "--quiet"]


def _wait_for_work_folder(scratch: Path, process: subprocess.Popen, seconds: float,
                          old: frozenset[Path] = frozenset()) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        if any(p.parent not in old for p in scratch.glob("emiskit-grade-*/work-*")):
            return True
        time.sleep(0.1)
    return False


@needs_sandbox
def test_an_interrupted_run_lists_everything_and_leaves_nothing(root: Path, tmp_path: Path,
                                                                autograder: str) -> None:
    blank = S.learner_notebook(root)
    subs = tmp_path / "subs"
    S.write(S.correct(blank, insert_after={"start": ["import time\ntime.sleep(6)"]}),
            subs / "a-slow.ipynb")
    S.write(S.correct(blank), subs / "b.ipynb")
    S.write(S.correct(blank), subs / "c.ipynb")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch))
    out = tmp_path / "gradebook.csv"

    # Killed hard: its run folder stays behind...
    killed = subprocess.Popen(_grade_command(subs, autograder, out), env=env,
                              start_new_session=True)
    assert _wait_for_work_folder(scratch, killed, 120)
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait(30)
    stale = frozenset(scratch.glob("emiskit-grade-*"))
    assert stale

    # ...stopped politely (SIGTERM): every file gets a row, the work folders go.
    stopped = subprocess.Popen(_grade_command(subs, autograder, out), env=env)
    assert _wait_for_work_folder(scratch, stopped, 120, stale)
    stopped.send_signal(signal.SIGTERM)
    assert stopped.wait(60) == 130
    with out.open(encoding="utf-8", newline="") as stream:
        rows = {row["file"]: row for row in csv.DictReader(stream)}
    assert sorted(rows) == ["a-slow.ipynb", "b.ipynb", "c.ipynb"]
    assert any("Not graded: the run was stopped" in r["message"] for r in rows.values())
    assert list(scratch.iterdir()) == []  # the killed run's folder went too

    # A full re-run grades everything; a second one gives the very same gradebook.
    assert subprocess.run(_grade_command(subs, autograder, out), env=env).returncode == 0
    first = out.read_bytes()
    assert first.count(b",12,12,ok,") == 3
    assert subprocess.run(_grade_command(subs, autograder, out), env=env).returncode == 0
    assert out.read_bytes() == first
    assert list(scratch.iterdir()) == []


@needs_sandbox
@pytest.mark.skipif(os.geteuid() != 0, reason="the copy is for grading as root")
def test_a_private_data_folder_is_shown_through_a_readable_copy(
        root: Path, tmp_path: Path, autograder: str, monkeypatch) -> None:
    """As root, notebooks run as `nobody`: a facilitator's 0700 data folder still works."""
    data = tmp_path / "private-data"
    shutil.copytree(root / "datasets", data)
    data.chmod(0o700)
    monkeypatch.setenv("EMISKIT_DATA_DIR", str(data))
    S.write(S.correct(S.learner_notebook(root)), tmp_path / "subs" / "ana.ipynb")
    out = tmp_path / "gradebook.csv"
    assert main(["grade", str(tmp_path / "subs"), "--assignment", str(autograder), "--out",
                 str(out), "--quiet", "--jobs", "1"]) == 0
    assert ",12,12,ok," in out.read_text(encoding="utf-8")
    assert oct(data.stat().st_mode & 0o777) == "0o700"  # the facilitator's folder unchanged
