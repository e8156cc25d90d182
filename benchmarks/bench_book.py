"""Time the book build and weigh its pages, against the kit's publishing targets.

    python benchmarks/bench_book.py              # what `make bench` runs
    python benchmarks/bench_book.py --json out.json

What is measured, in a fresh copy of the course folder (so your own build and its cache
are left alone; the installed packages and ``node_modules`` are shared):

* **clean build**: the participant edition from nothing, every notebook executed
  (target: at most 300 s on 2 cores);
* **rebuild**: the same command again with nothing changed (target: at most 30 s);
* **facilitator edition**: built after the participant one, reusing the executed
  notebooks (only the exercise solutions run);
* **each notebook's run time**, as the execution cache recorded it during the clean
  build (target: at most 20 s each);
* **page weights**: every page's HTML, heaviest first, against the 1.5 MB limit.

The exit code is 1 when a target is missed, so the script can gate a release; the test
suite itself has no timed asserts (machines are noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from emiskit.publishing.quality import MAX_PAGE_BYTES, page_weights  # noqa: E402

TARGETS = {"clean build": 300.0, "rebuild": 30.0}
NOTEBOOK_TARGET = 20.0
# Left out of the copy: caches, outputs, environments and version control.
IGNORED = shutil.ignore_patterns(
    "_build", ".venv", "node_modules", ".git", ".pytest_cache", ".ruff_cache",
    ".hypothesis", "__pycache__", ".ipynb_checkpoints", "national",
)


def _copy_course(target: Path) -> Path:
    course = target / "course"
    shutil.copytree(ROOT, course, ignore=IGNORED)
    (course / "node_modules").symlink_to(ROOT / "node_modules")
    autograder = ROOT / "exercises" / "autograder"
    if autograder.is_dir():
        shutil.copytree(autograder, course / "exercises" / "autograder", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return course


def _build(course: Path, edition: str) -> float:
    env = {**os.environ, "EMISKIT_HOME": str(course)}
    command = [sys.executable, "-m", "emiskit", "book", "build", "--edition", edition]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=course, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        sys.stdout.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"The {edition} build failed; see above.")
    return seconds


def notebook_times(cache: Path, course: Path) -> list[tuple[str, float]]:
    """Each executed page and its run time, slowest first, from the execution cache."""
    from jupyter_cache import get_cache

    times = []
    for record in get_cache(str(cache)).list_cache_records():
        seconds = (record.data or {}).get("execution_seconds")
        if seconds is not None:
            uri = Path(record.uri)
            name = uri.relative_to(course).as_posix() if course in uri.parents else str(uri)
            times.append((name, float(seconds)))
    return sorted(times, key=lambda item: -item[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="emiskit-bench-book-") as tmp:
        course = _copy_course(Path(tmp))
        figures = {
            "clean build": _build(course, "participant"),
            "rebuild": _build(course, "participant"),
            "facilitator edition": _build(course, "facilitator"),
        }
        notebooks = notebook_times(course / "_build" / ".jupyter_cache", course.resolve())
        weights = page_weights(course / "_build" / "html")

    missed = []
    print(f"{'build':<24}{'seconds':>10}{'target':>10}")
    for name, seconds in figures.items():
        target = TARGETS.get(name)
        flag = "" if target is None or seconds <= target else "  MISSED"
        if flag:
            missed.append(name)
        print(f"{name:<24}{seconds:>10.1f}{(f'{target:.0f}' if target else '-'):>10}{flag}")
    print(f"\n{'notebook (run time)':<58}{'seconds':>8}")
    for name, seconds in notebooks:
        flag = "  MISSED" if seconds > NOTEBOOK_TARGET else ""
        if flag:
            missed.append(name)
        print(f"{name:<58}{seconds:>8.1f}{flag}")
    print(f"\n{'page (participant edition)':<58}{'MB':>8}")
    for name, size in weights:
        flag = "  MISSED" if size > MAX_PAGE_BYTES else ""
        if flag:
            missed.append(name)
        print(f"{name:<58}{size / 1e6:>8.2f}{flag}")
    total = sum(size for _, size in weights)
    print(f"{'all pages':<58}{total / 1e6:>8.2f}")
    if args.json:
        args.json.write_text(json.dumps(
            {"builds": figures, "notebooks": dict(notebooks), "pages": dict(weights)}, indent=2))
    if missed:
        print(f"\nMissed targets: {', '.join(missed)}")
        return 1
    print("\nEvery target met.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
