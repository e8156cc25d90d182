"""Time grading a class of 40 submissions of the example exercise, against the kit's targets.

    python benchmarks/bench_grading.py                     # 40 submissions, --jobs 2
    python benchmarks/bench_grading.py --size 20 --jobs 1 --otter-runs 3 --json out.json

What is measured:

* ``emiskit grade`` (through :func:`emiskit.grading.batch.grade_class`, as the command
  line does, in the bubblewrap sandbox; ``--no-sandbox`` measures plain processes) on a
  class made from the committed learner notebook: mostly correct, some partly correct,
  some blank submissions. The totals are checked against the expected ones.
* In the same run, a sequential ``otter run`` (otter's own way to grade without Docker:
  one submission at a time, no sandbox, no time limit) on the same files (all of them
  by default).

Targets, on the kit's reference machine (2 cores): the class in at most 120 s with
``--jobs 2``, and a cost per submission (wall time over the class size) at most half of
``otter run``'s.

The autograder must exist (``emiskit exercises build``); the script builds it if it is
missing. The exit code is 1 if the target is missed or a total is wrong, so the script can
gate a release; the test suite itself has no timed asserts.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "ger-and-gender-parity"
TARGET_SECONDS = 120.0
#: Largest ratio of emiskit's cost per submission to otter run's.
TARGET_RATIO = 0.5


def _submissions_module():
    path = ROOT / "tests" / "fixtures" / "grading" / "submissions.py"
    spec = importlib.util.spec_from_file_location("grading_submissions", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _otter_run(files: list[Path], autograder: Path) -> list[float]:
    """Seconds per file of a sequential ``otter run`` (a fresh process each, as a user runs it)."""
    otter = Path(sys.executable).with_name("otter")
    seconds = []
    for file in files:
        with tempfile.TemporaryDirectory(prefix="bench-otter-") as out:
            start = time.perf_counter()
            done = subprocess.run(
                [str(otter), "run", "-a", str(autograder), "-o", out, "--no-logo", str(file)],
                capture_output=True, text=True, check=False,
            )
            seconds.append(time.perf_counter() - start)
            if done.returncode != 0:
                raise SystemExit(f"otter run failed on {file.name}:\n{done.stderr[-2000:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=40, help="submissions in the class")
    parser.add_argument("--jobs", type=int, default=2, help="emiskit grade --jobs")
    parser.add_argument("--timeout", type=float, default=60.0, help="emiskit grade --timeout")
    parser.add_argument("--otter-runs", type=int, default=None,
                        help="files graded with a sequential otter run (default: all; 0 to "
                             "skip)")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="grade without bubblewrap (plain processes)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    from emiskit.grading.batch import find_assignment, grade_class, make_sandbox
    from emiskit.grading.build import build
    from emiskit.grading.worker import Limits

    if not (ROOT / "exercises" / "autograder" / ASSIGNMENT / "autograder.zip").exists():
        print("building the exercise first (emiskit exercises build)…", file=sys.stderr)
        if build(ROOT, [ASSIGNMENT]):
            return 1
    assignment = find_assignment(ASSIGNMENT, ROOT)
    samples = _submissions_module()
    figures: dict[str, object] = {"size": args.size, "jobs": args.jobs,
                                  "cpus": os.cpu_count(), "target_seconds": TARGET_SECONDS}
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        folder = Path(tmp) / "class"
        expected = samples.make_class(folder, samples.learner_notebook(ROOT), args.size)
        start = time.perf_counter()
        outcomes = grade_class(folder, assignment, Path(tmp) / "out" / "gradebook.csv",
                               jobs=args.jobs, limits=Limits(timeout=args.timeout),
                               sandbox=make_sandbox(use_sandbox=not args.no_sandbox),
                               progress=sys.stderr.isatty())
        wall = time.perf_counter() - start
        wrong = sorted(
            o["learner"] for o in outcomes
            if o["status"] != "ok"
            or sum(q["score"] for q in o["questions"].values()) != expected[o["learner"]]
        )
        per = [o["seconds"] for o in outcomes]
        figures.update(
            emiskit_wall_seconds=round(wall, 1),
            emiskit_seconds_per_submission_wall=round(wall / args.size, 2),
            emiskit_seconds_per_submission_process=round(statistics.mean(per), 2),
            emiskit_slowest_submission_seconds=round(max(per), 2),
            wrong_totals=wrong,
        )
        runs = args.size if args.otter_runs is None else args.otter_runs
        if runs:
            files = sorted(folder.glob("*.ipynb"))[:runs]
            otter = _otter_run(files, assignment.autograder)
            figures.update(otter_run_seconds_per_submission=round(statistics.mean(otter), 2),
                           otter_run_files=len(otter),
                           otter_run_projected_class_seconds=round(statistics.mean(otter)
                                                                   * args.size, 1))
    met = wall <= TARGET_SECONDS and not wrong
    if "otter_run_seconds_per_submission" in figures:
        ratio = (wall / args.size) / float(figures["otter_run_seconds_per_submission"])
        figures["cost_ratio_to_otter_run"] = round(ratio, 2)
        figures["target_ratio"] = TARGET_RATIO
        met = met and ratio <= TARGET_RATIO
    figures["sandbox"] = not args.no_sandbox
    figures["target_met"] = met
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
