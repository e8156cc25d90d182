"""The workshop hub in its accounts mode, for real: a hub and proxy on 127.0.0.1 as root,
two participants and the facilitator, each with a system account and their own password.

Everything a curious participant could try from a notebook is tried from the first
participant's kernel, and must fail with a permission error: the other participant's
home, the hub's state, the course's masters and autograders, other servers' tokens in
/proc. Then the facilitator collects, grades and returns an exercise, and each
participant can read only their own feedback. The test removes its accounts, homes and
groups, and stops every process it started, also when it fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import grp
import hashlib
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import requests
from test_hub import _free_port, _run_cells, _start_hub, _wait

from emiskit import hub_accounts, hub_limits

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0 or not shutil.which("useradd"),
                       reason="creates system accounts: needs root (CI runs as root)"),
]
EXERCISE = "getting-started"


def _account_processes(prefix: str) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["username"]):
        if (process.info["username"] or "").startswith(prefix):
            found.append(process)
    return found


def _stop_everything(process: subprocess.Popen, prefix: str) -> None:
    """The hub (it stops the proxy and servers), then anything left: its group, its tree,
    and every process of the test's accounts."""
    try:
        family = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    for leftover in [*family, *_account_processes(prefix)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            leftover.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def _remove_accounts(prefix: str, group: str) -> None:
    for _ in range(20):  # userdel refuses while a process of the account still runs
        if not _account_processes(prefix):
            break
        time.sleep(0.5)
    for account in pwd.getpwall():
        if account.pw_name.startswith(prefix):
            hub_accounts.remove_account(account.pw_name)
    with contextlib.suppress(KeyError):
        grp.getgrnam(group)
        subprocess.run(["groupdel", group], capture_output=True)


def _remove_cgroups(prefix: str) -> None:
    for controller in ("memory", "cpu"):
        for group in Path(hub_limits.CGROUP_ROOT / controller).rglob(f"{prefix}*"):
            with contextlib.suppress(OSError):
                group.rmdir()


@pytest.fixture
def accounts_hub(root: Path, tmp_path: Path) -> Iterator[dict]:
    proxy = root / "node_modules" / ".bin" / "configurable-http-proxy"
    if not proxy.exists() and not shutil.which("configurable-http-proxy"):
        pytest.skip("configurable-http-proxy is not installed: run `npm ci` (CI does)")
    if not (root / "exercises" / "autograder" / EXERCISE / "autograder.zip").is_file():
        pytest.skip("the autograders are not built: run `make exercises` (make test does)")
    prefix = f"emk-test-{uuid.uuid4().hex[:6]}"
    names = {"ana": f"{prefix}-ana", "ben": f"{prefix}-ben", "fac": f"{prefix}-fac"}
    # Participants must reach their homes: not under pytest's private tmp_path.
    homes = Path(tempfile.mkdtemp(prefix="emk-test-homes-"))
    private = [root / part for part in hub_accounts.PRIVATE_COURSE_PATHS]
    modes = {path: path.lstat().st_mode & 0o7777 for path in private if path.exists()}
    # Participants must be able to run this Python (CI's lives under /root): open the
    # closed folders above it for passing through only, for the test's duration.
    closed = hub_accounts.closed_folders(Path(sys.executable))
    modes.update({folder: folder.stat().st_mode & 0o7777 for folder in closed})
    for folder in closed:
        os.chmod(folder, modes[folder] | 0o001)
    port = _free_port()
    env = {**os.environ, "EMISKIT_HUB_MODE": "accounts", "EMISKIT_HUB_DIR": str(tmp_path / "hub"),
           "EMISKIT_HUB_HOMES": str(homes), "EMISKIT_HUB_GROUP": prefix,
           "EMISKIT_HUB_ADMIN": names["fac"], "EMISKIT_HUB_IP": "127.0.0.1",
           "EMISKIT_HUB_PORT": str(port), "EMISKIT_HUB_INTERNAL_PORT": str(_free_port()),
           "EMISKIT_HUB_PROXY_API_PORT": str(_free_port()),
           "EMISKIT_HUB_MEM_LIMIT": "1G", "EMISKIT_HUB_CPU_LIMIT": "1"}
    for variable in ("EMISKIT_HUB_PASSWORD", "EMISKIT_HUB_ADMIN_PASSWORD", "EMISKIT_HUB_USERS",
                     "EMISKIT_HOME"):
        env.pop(variable, None)
    process = None
    try:
        process, url, log = _start_hub(root / "hub" / "jupyterhub_config.py", env, tmp_path,
                                       port, 90, start_new_session=True)
        yield {"url": url, "names": names, "homes": homes, "state": tmp_path / "hub" / "state",
               "log": log, "env": env, "prefix": prefix, "process": process}
    finally:
        if process is not None:
            _stop_everything(process, prefix)
        _remove_accounts(prefix, prefix)
        _remove_cgroups(prefix)
        shutil.rmtree(homes, ignore_errors=True)
        for path, mode in modes.items():
            with contextlib.suppress(OSError):
                os.chmod(path, mode)


def _log_in(url: str, name: str, password: str) -> requests.Session | None:
    """A logged-in session, or None when the hub refuses the name and password."""
    web = requests.Session()
    web.get(f"{url}/hub/login", timeout=10).raise_for_status()
    answer = web.post(f"{url}/hub/login", timeout=60, allow_redirects=False,
                      data={"username": name, "password": password,
                            "_xsrf": web.cookies.get("_xsrf", path="/hub/")})
    if answer.status_code == 302 and "/hub/login" not in answer.headers.get("Location", ""):
        return web
    assert answer.status_code in (200, 403), answer.status_code
    return None


def _token(url: str, web: requests.Session, name: str) -> requests.Session:
    xsrf = {"X-XSRFToken": web.cookies.get("_xsrf", path="/hub/")}
    answer = web.post(f"{url}/hub/api/users/{name}/tokens", headers=xsrf, timeout=10,
                      json={"note": "test", "expires_in": 900})
    answer.raise_for_status()
    api = requests.Session()
    api.headers["Authorization"] = f"token {answer.json()['token']}"
    return api


def _start_server(url: str, api: requests.Session, name: str, log: Path) -> None:
    answer = api.post(f"{url}/hub/api/users/{name}/server", timeout=150)
    assert answer.status_code in (201, 202), f"{answer.text}\n{log.read_text()[-4000:]}"

    def ready() -> bool:
        server = api.get(f"{url}/hub/api/users/{name}", timeout=10).json()["servers"].get("")
        return bool(server and server["ready"])

    _wait(f"{name}'s server did not start", ready, 150, log)


def _kernel_run(url: str, api: requests.Session, name: str, code: str) -> str:
    """Run ``code`` in a new kernel of ``name``'s server; what it printed."""
    user = f"{url}/user/{name}"
    kernel = api.post(f"{user}/api/kernels", json={"name": "python3"}, timeout=60).json()
    ws_url = user.replace("http", "ws", 1) + f"/api/kernels/{kernel['id']}/channels"
    token = api.headers["Authorization"].split()[1]
    try:
        [result] = asyncio.run(_run_cells(ws_url, token, [code]))
    finally:
        api.delete(f"{user}/api/kernels/{kernel['id']}", timeout=30)
    errors = [m["content"] for m in result["outputs"] if m["msg_type"] == "error"]
    assert result["reply"]["status"] == "ok" and not errors, errors
    return "".join(m["content"]["text"] for m in result["outputs"]
                   if m["msg_type"] == "stream")


PROBE = '''
import json, os
def attempt(kind, path):
    try:
        if kind == "list":
            os.listdir(path)
        elif kind == "read":
            with open(path, "rb") as handle:
                handle.read(1)
        else:
            with open(path, "ab") as handle:
                handle.write(b"")
        return "allowed"
    except Exception as error:
        return type(error).__name__
print(json.dumps({f"{kind} {path}": attempt(kind, path) for kind, path in PROBES}))
'''


def _probe(url: str, api: requests.Session, name: str, probes: list[tuple[str, str]]) -> dict:
    printed = _kernel_run(url, api, name, f"PROBES = {probes!r}\n{PROBE}")
    return json.loads(printed.strip().splitlines()[-1])


def _notebook_with(path: Path, extra_cell: str | None = None) -> dict:
    notebook = json.loads(path.read_text())
    if extra_cell:
        notebook["cells"].append({"cell_type": "markdown", "metadata": {},
                                  "source": extra_cell})
    return notebook


def _save(url: str, api: requests.Session, name: str, notebook: dict) -> None:
    answer = api.put(f"{url}/user/{name}/api/contents/exercises/{EXERCISE}.ipynb", timeout=30,
                     json={"type": "notebook", "format": "json", "content": notebook})
    assert answer.status_code in (200, 201), answer.text


def _emiskit(args: list[str], env: dict, timeout: float = 900) -> str:
    result = subprocess.run([str(Path(sys.executable).with_name("emiskit")), *args], env=env,
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_participants_are_isolated_and_get_their_own_feedback(
        accounts_hub: dict, root: Path, tmp_path: Path) -> None:
    url, names, log = accounts_hub["url"], accounts_hub["names"], accounts_hub["log"]
    ana, ben, fac = names["ana"], names["ben"], names["fac"]
    state: Path = accounts_hub["state"]

    # --- Own passwords, set at first log-in -------------------------------------------
    assert _log_in(url, fac, "facilitator-password") is not None
    ana_web = _log_in(url, ana, "ana-password-1")
    ben_web = _log_in(url, ben, "ben-password-2")
    assert ana_web is not None and ben_web is not None
    assert _log_in(url, ana, "ben-password-2") is None, "ben logged in under ana's name"
    assert _log_in(url, ana, "ana-password-1") is not None, "ana's own password works"
    assert _log_in(url, fac, "ana-password-1") is None, "someone took the facilitator's name"
    assert _log_in(url, "root", "a-long-password") is None, "a log-in as root was accepted"
    assert _log_in(url, "daemon", "a-long-password") is None
    for name in (ana, ben, fac):  # one system account each, created at first log-in
        assert hub_accounts.is_participant(name, accounts_hub["prefix"])

    ana_api, ben_api = _token(url, ana_web, ana), _token(url, ben_web, ben)
    _start_server(url, ana_api, ana, log)
    _start_server(url, ben_api, ben, log)

    # --- Private homes, course files owned by their participant -----------------------
    for name in (ana, ben):
        account = pwd.getpwnam(name)
        home = Path(account.pw_dir)
        assert home.parent == accounts_hub["homes"]
        assert (home.stat().st_uid, home.stat().st_mode & 0o777) == (account.pw_uid, 0o700)
        given = [p for folder in ("notebooks", "exercises", "datasets")
                 for p in (home / folder).rglob("*")]
        assert given and all(p.lstat().st_uid == account.pw_uid for p in given)
        assert not (home / "exercises" / "source").exists()
        assert not (home / "exercises" / "autograder").exists()
    assert ana_api.get(f"{url}/user/{ana}/api/terminals", timeout=10).status_code == 404
    assert ana_api.get(f"{url}/user/{ben}/api/contents", timeout=10,
                       allow_redirects=False).status_code != 200, "ana opened ben's server"

    # --- What ana's code may not touch ---------------------------------------------------
    ben_home = Path(pwd.getpwnam(ben).pw_dir)
    ana_home = Path(pwd.getpwnam(ana).pw_dir)
    ben_server = next(p for p in _account_processes(ben)
                      if "jupyterhub-singleuser" in " ".join(p.cmdline()))
    proxy_pid = int((state / "proxy.pid").read_text())
    autograder_file = next((root / "exercises" / "autograder" / EXERCISE).iterdir())
    forbidden = [
        ("list", ben_home), ("read", ben_home / "exercises" / f"{EXERCISE}.ipynb"),
        ("write", ben_home / "notebooks" / "from-ana.txt"),
        ("write", ben_home / "exercises" / f"{EXERCISE}.ipynb"),
        ("list", state), ("read", state / "jupyterhub_cookie_secret"),
        ("read", state / "jupyterhub.sqlite"), ("write", state / "jupyterhub.sqlite"),
        ("list", root / "exercises" / "source"),
        ("read", root / "exercises" / "source" / f"{EXERCISE}.ipynb"),
        ("list", root / "exercises" / "autograder"), ("read", autograder_file),
        ("read", f"/proc/{ben_server.pid}/environ"), ("read", f"/proc/{proxy_pid}/environ"),
        ("read", f"/proc/{accounts_hub['process'].pid}/environ"),
    ]
    for part in ("facilitator", ".git"):  # the other closed parts of the course
        if (root / part).is_dir():
            forbidden.append(("list", root / part))
        elif (root / part).is_file():
            forbidden.append(("read", root / part))
    allowed = [("read", ana_home / "exercises" / f"{EXERCISE}.ipynb"),
               ("write", ana_home / "notebooks" / "mine.txt"),
               ("read", root / "notebooks" / "pipeline-check.ipynb")]
    outcome = _probe(url, ana_api, ana, [(k, str(p)) for k, p in forbidden + allowed])
    for kind, path in forbidden:
        assert outcome[f"{kind} {path}"] == "PermissionError", (kind, path, outcome)
    for kind, path in allowed:
        assert outcome[f"{kind} {path}"] == "allowed", (kind, path, outcome)

    # --- Limits, where this machine enforces them -----------------------------------------
    enforcement = hub_limits.detect()
    if enforcement.memory and enforcement.mechanism == "cgroup v1":
        cgroup = _kernel_run(url, ana_api, ana, "print(open('/proc/self/cgroup').read())")
        line = next(x for x in cgroup.splitlines() if ":memory:" in x)
        assert line.endswith(f"/{hub_limits.GROUP_NAME}/{ana}"), cgroup
        limit = hub_limits.CGROUP_ROOT / "memory" / line.split(":", 2)[2].lstrip("/")
        assert (limit / "memory.limit_in_bytes").read_text().strip() == str(2**30)

    # --- Collect, grade, return ---------------------------------------------------------------
    solution = root / "exercises" / "autograder" / EXERCISE / f"{EXERCISE}-solution.ipynb"
    _save(url, ana_api, ana, _notebook_with(solution))
    _save(url, ben_api, ben, _notebook_with(root / "exercises" / f"{EXERCISE}.ipynb",
                                             "I will finish this tomorrow."))
    env = accounts_hub["env"]
    work = tmp_path / "grading"
    collected = _emiskit(["hub", "collect", EXERCISE, "--to", str(work / "collected")], env)
    assert f"Collected (2): {ana}, {ben}" in collected, collected
    assert sorted(p.name for p in (work / "collected").glob("*.ipynb")) == [
        f"{ana}.ipynb", f"{ben}.ipynb"]
    _emiskit(["grade", str(work / "collected"), "--assignment", EXERCISE,
              "--out", str(work / "gradebook.csv"), "--feedback", str(work / "feedback")], env)
    returned = _emiskit(["hub", "return", EXERCISE, str(work / "gradebook.csv"),
                         "--feedback", str(work / "feedback")], env)
    assert f"Returned to (2): {ana}, {ben}" in returned, returned

    import csv

    with (work / "gradebook.csv").open() as handle:
        rows = {Path(row["file"]).stem: row for row in csv.DictReader(handle)}
    assert float(rows[ana]["total"]) == float(rows[ana]["possible"]) > 0
    assert float(rows[ben]["total"]) < float(rows[ana]["total"])
    pages = {name: (work / "feedback" / f"{rows[name]['learner']}.html").read_bytes()
             for name in (ana, ben)}
    assert pages[ana] != pages[ben]

    own = ana_home / "feedback" / f"{EXERCISE}.html"
    printed = _kernel_run(url, ana_api, ana, (
        "import hashlib\n"
        f"print(hashlib.sha256(open({str(own)!r}, 'rb').read()).hexdigest())"))
    assert printed.strip() == hashlib.sha256(pages[ana]).hexdigest(), "ana reads her own page"
    outcome = _probe(url, ana_api, ana, [
        ("write", str(own)), ("read", str(ben_home / "feedback" / f"{EXERCISE}.html"))])
    assert set(outcome.values()) == {"PermissionError"}, outcome
    ben_page = ben_home / "feedback" / f"{EXERCISE}.html"
    assert ben_page.read_bytes() == pages[ben]

    # --- A forgotten password: the facilitator deletes the user; files stay ----------------
    fac_web = _log_in(url, fac, "facilitator-password")
    assert fac_web is not None
    fac_api = _token(url, fac_web, fac)
    assert fac_api.delete(f"{url}/hub/api/users/{ben}/server", timeout=60).status_code in (
        202, 204)
    _wait("ben's server did not stop", lambda: not api_server_running(url, fac_api, ben), 60, log)
    assert fac_api.delete(f"{url}/hub/api/users/{ben}", timeout=30).status_code == 204
    assert _log_in(url, ben, "ben-new-password-3") is not None, "ben chooses a new password"
    assert _log_in(url, ben, "ben-password-2") is None, "the old one no longer works"
    assert ben_page.read_bytes() == pages[ben], "ben's files stay"


def api_server_running(url: str, api: requests.Session, name: str) -> bool:
    servers = api.get(f"{url}/hub/api/users/{name}", timeout=10).json()["servers"]
    return bool(servers.get(""))
