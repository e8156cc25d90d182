"""How much memory and CPU one participant needs on the workshop hub, and what a hub for
30, 100 or 500 participants therefore needs.

    python benchmarks/bench_hub_memory.py                  # everything (several minutes)
    python benchmarks/bench_hub_memory.py --only pipeline  # notebooks whose name has it
    python benchmarks/bench_hub_memory.py --output results.txt

What is measured, on the machine it runs on:

1. the workshop hub (hub/jupyterhub_config.py, with the test log-in) on 127.0.0.1: the
   memory (RSS) of JupyterHub and its proxy, idle and with one participant logged in;
2. that participant's single-user server (RSS) after JupyterLab has loaded;
3. every course notebook in notebooks/ and exercises/, run from the participant's own
   provisioned copy (as on the hub: no national data, EMISKIT_HOME at the copy) with
   nbclient in a fresh kernel, the kernel's RSS sampled every 50 ms: its peak, and the
   CPU seconds the kernel used.

The sizing then follows from stated assumptions (see ASSUMPTIONS below). Re-run it on
your own hub machine and with your own notebooks: the figures depend on the versions
installed and on the data. Needs configurable-http-proxy (``npm ci``).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil
import requests
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
PARTICIPANTS = (30, 100, 500)
# The assumptions the sizing rests on; printed with the results.
ASSUMPTIONS = {
    "concurrency": 1.0,       # share of participants logged in at once (a workshop: all)
    "open_kernels": 2,        # notebooks a participant keeps running: heaviest + a typical one
    "limit_headroom": 1.5,    # per-user limit = need x this, for their own experiments
    "overcommit": 1.5,        # sum of limits / RAM: not everyone hits the limit at once
    "os_reserve_mb": 1024,    # operating system, file cache, monitoring
    "hub_mb_per_user": 2,     # hub and proxy growth per user (one user is within the noise)
    "burst_share": 0.5,       # share of the room that runs the heaviest notebook...
    "burst_seconds": 60,      # ...within the same minute ("now run all the cells")
    "hub_cpu": 1.0,           # a core kept for the hub, the proxy and the system
}


@dataclass
class NotebookRun:
    name: str
    peak_mb: float
    cpu_s: float
    wall_s: float
    error: str = ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_mb(processes: list[psutil.Process]) -> float:
    total = 0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total / MB


class Hub:
    """The workshop hub started with the test configuration, for measuring."""

    def __init__(self, base: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.homes = base / "homes"
        env = {**os.environ, "EMISKIT_HUB_MODE": "shared-password",
               "EMISKIT_HUB_PASSWORD": "benchmark", "EMISKIT_HUB_DIR": str(base),
               "EMISKIT_HUB_IP": "127.0.0.1", "EMISKIT_HUB_PORT": str(self.port),
               "EMISKIT_HUB_INTERNAL_PORT": str(_free_port()),
               "EMISKIT_HUB_PROXY_API_PORT": str(_free_port()),
               "EMISKIT_HUB_ALLOW_ROOT": "1" if os.geteuid() == 0 else "0"}
        env.pop("EMISKIT_HOME", None)
        self.log = (base / "hub.log").open("w")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("jupyterhub")), "-f",
             str(ROOT / "hub" / "jupyterhub_config_test.py")],
            cwd=base, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait(lambda: requests.get(f"{self.url}/hub/health", timeout=2).ok, 60)

    def _wait(self, check, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited; see {self.log.name}")
            try:
                if check():
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the hub did not get ready in {timeout} s; see {self.log.name}")

    def processes(self) -> dict[str, list[psutil.Process]]:
        """The hub, its proxy, and the single-user servers, by role."""
        hub = psutil.Process(self.process.pid)
        roles: dict[str, list[psutil.Process]] = {"hub": [hub], "proxy": [], "server": []}
        for child in hub.children():
            command = " ".join(child.cmdline())
            role = "proxy" if "configurable-http-proxy" in command else "server"
            roles[role].append(child)
        return roles

    def log_in(self, name: str) -> Path:
        """Log ``name`` in, wait for their server, load JupyterLab; their home folder."""
        web = requests.Session()
        web.get(f"{self.url}/hub/login", timeout=10).raise_for_status()
        web.post(f"{self.url}/hub/login", timeout=130,
                 data={"username": name, "password": "x",
                       "_xsrf": web.cookies.get("_xsrf", path="/hub/")}).raise_for_status()

        def ready() -> bool:
            user = web.get(f"{self.url}/hub/api/users/{name}", timeout=10).json()
            return bool(user["servers"].get("", {}).get("ready"))

        self._wait(ready, 150)
        lab = web.get(f"{self.url}/user/{name}/lab", timeout=60)
        lab.raise_for_status()
        web.get(f"{self.url}/user/{name}/api/contents/notebooks", timeout=30).raise_for_status()
        return self.homes / name

    def stop(self) -> None:
        family = psutil.Process(self.process.pid).children(recursive=True)
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        for child in family:
            if child.is_running():
                child.kill()
        self.log.close()


def run_notebook(path: Path, course: Path) -> NotebookRun:
    """Run one notebook in a fresh kernel; the kernel's peak RSS and CPU seconds."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, kernel_name="python3", timeout=600,
                            resources={"metadata": {"path": str(path.parent)}})
    me = psutil.Process()
    peak, cpu, done = [0.0], [0.0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            kernels = me.children(recursive=True)
            peak[0] = max(peak[0], _rss_mb(kernels))
            for kernel in kernels:
                try:
                    times = kernel.cpu_times()
                    cpu[0] = max(cpu[0], times.user + times.system)
                except psutil.NoSuchProcess:
                    pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    os.environ["EMISKIT_HOME"] = str(course)
    start, error = time.perf_counter(), ""
    sampler.start()
    try:
        client.execute()
    except Exception as exc:  # a failing notebook is reported, not fatal to the run
        error = f"{type(exc).__name__}: {str(exc).splitlines()[-1] if str(exc) else ''}"
    finally:
        done.set()
        sampler.join()
    relative = path.relative_to(course).as_posix()
    return NotebookRun(relative, peak[0], cpu[0], time.perf_counter() - start, error[:60])


def _round_up(value: float, step: float) -> float:
    return math.ceil(value / step - 1e-9) * step


def sizing(server_mb: float, runs: list[NotebookRun], hub_idle_mb: float,
           hub_per_user_mb: float) -> tuple[list[str], dict[str, float]]:
    """Lines of the sizing table, and the per-user figures it rests on."""
    a = ASSUMPTIONS
    ok = [run for run in runs if not run.error]
    peaks = sorted(run.peak_mb for run in ok)
    heaviest, typical = peaks[-1], statistics.median(peaks)
    need_mb = server_mb + heaviest + (a["open_kernels"] - 1) * typical
    guarantee_gb = _round_up(need_mb / 1024, 0.25)
    limit_gb = _round_up(need_mb * a["limit_headroom"] / 1024, 0.5)
    cpu_heaviest = max(run.cpu_s for run in ok)
    per_user = {"need_mb": need_mb, "guarantee_gb": guarantee_gb, "limit_gb": limit_gb,
                "heaviest_mb": heaviest, "typical_mb": typical, "cpu_s": cpu_heaviest}
    lean_gb = (server_mb + heaviest) / 1024
    lines = [f"{'participants':>12} {'RAM (GB)':>9} {'lean':>5} {'cores':>6}   how "
             "(lean: one kernel each, no headroom)"]
    for n in PARTICIPANTS:
        users = math.ceil(n * a["concurrency"])
        by_guarantee = users * guarantee_gb
        by_limit = users * limit_gb / a["overcommit"]
        overhead_gb = (hub_idle_mb + users * hub_per_user_mb + a["os_reserve_mb"]) / 1024
        ram = math.ceil(max(by_guarantee, by_limit) + overhead_gb)
        lean = math.ceil(users * lean_gb + overhead_gb)
        cores = math.ceil(users * a["burst_share"] * cpu_heaviest / a["burst_seconds"]
                          + a["hub_cpu"])
        lines.append(f"{n:>12} {ram:>9} {lean:>5} {cores:>6}   max({users}x{guarantee_gb:g} GB "
                     f"guaranteed, {users}x{limit_gb:g} GB limit / {a['overcommit']:g}) "
                     f"+ {overhead_gb:.1f} GB hub, proxy, OS")
    return lines, per_user


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only notebooks whose file name contains this")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    args = parser.parse_args()
    if not (ROOT / "node_modules" / ".bin" / "configurable-http-proxy").exists() \
            and not shutil.which("configurable-http-proxy"):
        print("configurable-http-proxy is missing: run `npm ci` first.")
        return 2

    report: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        report.append(line)

    memory = psutil.virtual_memory().total / 1024**3
    say(f"Machine: {os.cpu_count()} CPUs, {memory:.1f} GB RAM, Python "
        f"{sys.version.split()[0]}, {sys.platform}")
    with tempfile.TemporaryDirectory(prefix="emiskit-hub-bench-") as tmp:
        hub = Hub(Path(tmp))
        try:
            time.sleep(2)
            roles = hub.processes()
            hub_idle = _rss_mb(roles["hub"]) + _rss_mb(roles["proxy"])
            home = hub.log_in("bench")
            time.sleep(3)
            roles = hub.processes()
            hub_one = _rss_mb(roles["hub"]) + _rss_mb(roles["proxy"])
            server_mb = _rss_mb(roles["server"])
        finally:
            hub.stop()
        say(f"Hub + proxy, idle: {hub_idle:.0f} MB; with one participant: {hub_one:.0f} MB")
        say(f"Single-user server (JupyterLab loaded, no kernel): {server_mb:.0f} MB")
        say()
        notebooks = sorted((home / "notebooks").glob("*.ipynb")) + sorted(
            (home / "exercises").glob("*.ipynb"))
        if args.only:
            notebooks = [path for path in notebooks if args.only in path.name]
        say(f"{'notebook':<48} {'peak MB':>8} {'CPU s':>6} {'wall s':>7}")
        runs = []
        for path in notebooks:
            run = run_notebook(path, home)
            runs.append(run)
            say(f"{run.name:<48} {run.peak_mb:>8.0f} {run.cpu_s:>6.1f} {run.wall_s:>7.1f}"
                + (f"  FAILED {run.error}" if run.error else ""))
    if not any(not run.error for run in runs):
        say("No notebook ran; nothing to size.")
        return 1
    hub_per_user = max(hub_one - hub_idle, ASSUMPTIONS["hub_mb_per_user"])
    lines, per_user = sizing(server_mb, runs, hub_idle, hub_per_user)
    say()
    say(f"Per participant: server {server_mb:.0f} MB + heaviest kernel "
        f"{per_user['heaviest_mb']:.0f} MB + {ASSUMPTIONS['open_kernels'] - 1:g} typical "
        f"kernel(s) {per_user['typical_mb']:.0f} MB (median) = {per_user['need_mb']:.0f} MB"
        f" -> guarantee {per_user['guarantee_gb']:g} GB, limit {per_user['limit_gb']:g} GB")
    say(f"CPU: the heaviest notebook needs {per_user['cpu_s']:.1f} CPU seconds")
    say("Assumptions: " + ", ".join(f"{key}={value:g}" for key, value in ASSUMPTIONS.items()))
    say()
    for line in lines:
        say(line)
    if args.output:
        args.output.write_text("\n".join(report) + "\n")
    return 1 if any(run.error for run in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
