"""Time and memory of generating the sample datasets, against the kit's targets.

    python benchmarks/bench_datasets.py                 # both scales
    python benchmarks/bench_datasets.py --scale workshop

Each scale runs in a fresh Python process (so peak memory is that run's alone) and writes
into a temporary folder. Targets: workshop at most 15 s; national at most 120 s and 6 GB
of peak memory, on the kit's reference machine (2 cores). The exit code is 1 if a target
is missed, so the script can gate a release; the test suite itself has no timed asserts.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"workshop": (15.0, None), "national": (120.0, 6.0)}

CHILD = """
import json, resource, sys, time
from pathlib import Path
from emiskit.data.generate import generate
from emiskit.data.settings import SCALES
scale = SCALES[sys.argv[1]]
start = time.perf_counter()
paths = generate(scale=scale, out=Path(sys.argv[2]))
seconds = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
size = sum(p.stat().st_size for p in paths)
print(json.dumps({"seconds": seconds, "peak_gb": peak_kb / 1024**2, "bytes": size}))
"""


def run(scale: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as out:
        result = subprocess.run(
            [sys.executable, "-c", CHILD, scale, out],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(TARGETS), action="append",
                        help="scale to measure (repeatable; default: both)")
    args = parser.parse_args()
    missed = False
    print(f"{'scale':<10} {'wall time':>10} {'peak memory':>12} {'files':>9}  verdict")
    for scale in args.scale or ["workshop", "national"]:
        m = run(scale)
        max_s, max_gb = TARGETS[scale]
        ok = m["seconds"] <= max_s and (max_gb is None or m["peak_gb"] <= max_gb)
        missed |= not ok
        target = f"≤ {max_s:.0f} s" + (f", ≤ {max_gb:.0f} GB" if max_gb else "")
        print(f"{scale:<10} {m['seconds']:>8.1f} s {m['peak_gb']:>9.2f} GB "
              f"{m['bytes'] / 1e6:>6.1f} MB  {'ok' if ok else 'OVER TARGET'} ({target})")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
