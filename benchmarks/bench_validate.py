"""Time and memory of `emiskit data validate` on census files of national size.

    python benchmarks/bench_validate.py               # every case
    python benchmarks/bench_validate.py --case valid-1m --case errors-1m

Cases, each an enrolment file written into a temporary folder:

- ``valid-1m``: 1,000,000 valid rows;
- ``errors-1m``: 1,000,000 rows, each with one error (a word for a number, an unknown
  sex code, a code that lost its leading zero, a negative count, in turn);
- ``errors-1m-all``: the same file with ``--all-errors FILE`` (every error written);
- ``valid-500mb``: about 500 MB of valid rows (some 17 million).

Each check runs the real command in a child process (``python -m emiskit data
validate``), whose wall time and peak memory (its maximum resident set size, from
``os.wait4``) are reported with the size of what it printed. Targets: 1,000,000 rows in at
most 30 s and 1 GB; 500 MB in at most 180 s and 2 GB. The exit code is 1 if a target is
missed, so the script can gate a release; the test suite itself has no timed asserts.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("school_id", "year", "grade", "sex", "age", "pupils", "repeaters", "graduates")
CHUNK = 1_000_000
# case: (rows or None, bytes or None, errors, all_errors, max seconds, max GB)
CASES = {
    "valid-1m": (1_000_000, None, False, False, 30.0, 1.0),
    "errors-1m": (1_000_000, None, True, False, 30.0, 1.0),
    "errors-1m-all": (1_000_000, None, True, True, 30.0, 1.0),
    "valid-500mb": (None, 500_000_000, False, False, 180.0, 2.0),
}


def _chunk(start: int, n: int, errors: bool) -> pa.Table:
    """Rows start … start+n-1: 126 per school (7 years, 9 grades, 2 sexes), all distinct."""
    i = np.arange(start, start + n)
    school = i // 126
    rest = i % 126
    year = 2018 + rest // 18
    grade = 1 + (rest % 18) // 2
    sex = np.where(rest % 2 == 0, "F", "M").astype(object)
    age = grade + 5
    pupils = 1 + (i * 7919) % 60
    repeaters = pupils // 10
    school_id = np.char.zfill((school % 10_000_000).astype(str), 7).astype(object)
    pupils_text = pupils.astype(str).astype(object)
    repeaters_text = repeaters.astype(str).astype(object)
    graduates = np.where(grade == 6, (pupils - repeaters).astype(str), "").astype(object)
    if errors:
        kind = i % 4
        pupils_text = np.where(kind == 0, "doce", pupils_text)
        sex = np.where(kind == 1, "H", sex)
        school_id = np.where(kind == 2, np.char.lstrip(school_id.astype(str), "0") + "9",
                             school_id)
        repeaters_text = np.where(kind == 3, "-1", repeaters_text)
    data = dict(zip(COLUMNS, (school_id, year.astype(str), grade.astype(str), sex,
                              age.astype(str), pupils_text, repeaters_text, graduates),
                    strict=True))
    return pa.table({k: pa.array(np.asarray(v).astype(str), pa.string())
                     for k, v in data.items()})


def write_file(path: Path, rows: int | None, size: int | None, errors: bool) -> int:
    """Write the enrolment file; return its number of data rows."""
    options = pacsv.WriteOptions(include_header=False, quoting_style="none")
    written = 0
    with open(path, "wb") as f:
        f.write((",".join(COLUMNS) + "\n").encode())
        while (rows is not None and written < rows) or (size is not None and f.tell() < size):
            n = CHUNK if rows is None else min(CHUNK, rows - written)
            pacsv.write_csv(_chunk(written, n, errors), f, write_options=options)
            written += n
    return written


def measure(path: Path, all_errors: Path | None) -> dict[str, float]:
    """Run the real command in a child process: wall time, peak memory, output size."""
    command = [sys.executable, "-m", "emiskit", "data", "validate", str(path),
               "--table", "enrolment"]
    if all_errors is not None:
        command += ["--all-errors", str(all_errors)]
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        printed = out.tell()
        out.seek(0)
        tail = out.read().decode("utf-8", "replace").strip().splitlines()[-1:]
    return {"seconds": seconds, "peak_gb": usage.ru_maxrss / 1024**2, "printed": printed,
            "code": child.returncode, "last": tail[0] if tail else "",
            "listed": all_errors.stat().st_size if all_errors else 0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=list(CASES), action="append",
                        help="case to measure (repeatable; default: all)")
    args = parser.parse_args()
    missed = False
    print(f"{'case':<14} {'rows':>11} {'file':>9} {'wall time':>10} {'peak memory':>12} "
          f"{'printed':>9}  verdict")
    with tempfile.TemporaryDirectory(prefix="bench-validate-") as tmp:
        files: dict[tuple, tuple[Path, int]] = {}
        for name in args.case or list(CASES):
            rows, size, errors, all_errors, max_s, max_gb = CASES[name]
            key = (rows, size, errors)
            if key not in files:
                path = Path(tmp) / f"enrolment-{len(files)}.csv"
                files[key] = (path, write_file(path, rows, size, errors))
            path, n = files[key]
            listed = Path(tmp) / "all-errors.csv" if all_errors else None
            m = measure(path, listed)
            expected = 1 if errors else 0
            ok = m["seconds"] <= max_s and m["peak_gb"] <= max_gb and m["code"] == expected
            missed |= not ok
            verdict = "ok" if ok else ("WRONG EXIT CODE" if m["code"] != expected
                                       else "OVER TARGET")
            print(f"{name:<14} {n:>11,} {path.stat().st_size / 1e6:>6.0f} MB "
                  f"{m['seconds']:>8.1f} s {m['peak_gb']:>9.2f} GB "
                  f"{m['printed'] / 1e3:>6.1f} kB  {verdict} (≤ {max_s:.0f} s, "
                  f"≤ {max_gb:.0f} GB)" + (f"; all errors: {m['listed'] / 1e6:.0f} MB"
                                          if listed else ""))
            if listed:
                listed.unlink(missing_ok=True)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
