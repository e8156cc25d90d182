"""The workshop JupyterHub: its settings, each participant's copy of the course, and a
real hub on 127.0.0.1 where a participant logs in and runs a course notebook to the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from emiskit import hub
from emiskit.hub import HubConfigError, provision_home, settings_from_env

PASSWORD = "taller-valdoria"


def _course(tmp_path: Path) -> Path:
    """A small course folder with the same layout as the real one."""
    course = tmp_path / "course"
    files = {
        "notebooks/module0.ipynb": "{}",
        "notebooks/.ipynb_checkpoints/module0-checkpoint.ipynb": "{}",
        "exercises/ger.ipynb": "blank exercise",
        "exercises/ger-alice.zip": "an exported submission",
        "exercises/source/ger.ipynb": "master with the answers",
        "exercises/autograder/ger/ger.ipynb": "hidden tests",
        "datasets/schools.csv": "school_id\n1\n",
        "datasets/national/schools.parquet": "large",
    }
    for name, text in files.items():
        (course / name).parent.mkdir(parents=True, exist_ok=True)
        (course / name).write_text(text)
    return course


# --- Provisioning ------------------------------------------------------------------------

def _files(home: Path) -> list[str]:
    return sorted(p.relative_to(home).as_posix() for p in home.rglob("*")
                  if p.is_file() and p.name != hub.MANIFEST)


def _names(paths: tuple[Path, ...]) -> list[str]:
    return sorted(p.as_posix() for p in paths)


def test_a_new_home_gets_the_course_but_never_the_answers(tmp_path: Path) -> None:
    course, home = _course(tmp_path), tmp_path / "homes" / "ana"
    result = provision_home(course, home)
    given = _files(home)
    assert given == ["datasets/schools.csv", "exercises/ger.ipynb", "notebooks/module0.ipynb"]
    assert _names(result.copied) == given
    assert result.updated == result.kept == ()
    assert (home / "datasets/schools.csv").read_text() == "school_id\n1\n"


def test_a_later_spawn_keeps_the_participants_work_and_brings_course_changes(
        tmp_path: Path) -> None:
    course, home = _course(tmp_path), tmp_path / "ana"
    provision_home(course, home)
    (home / "exercises/ger.ipynb").write_text("my answers")       # the participant's work
    (home / "notebooks/module0.ipynb").unlink()                   # wants a fresh copy
    (home / "notebooks/my-notes.ipynb").write_text("mine")        # their own notebook
    (course / "notebooks/module1.ipynb").write_text("new this week")
    (course / "exercises/ger.ipynb").write_text("exercise, typo fixed")
    (course / "datasets/schools.csv").write_text("school_id\n1\n2\n")

    result = provision_home(course, home)

    assert (home / "exercises/ger.ipynb").read_text() == "my answers"
    assert (home / "notebooks/my-notes.ipynb").read_text() == "mine"
    assert (home / "notebooks/module0.ipynb").read_text() == "{}"
    assert (home / "notebooks/module1.ipynb").read_text() == "new this week"
    assert (home / "datasets/schools.csv").read_text() == "school_id\n1\n2\n"
    assert _names(result.copied) == ["notebooks/module0.ipynb", "notebooks/module1.ipynb"]
    assert _names(result.updated) == ["datasets/schools.csv"]
    assert _names(result.kept) == ["exercises/ger.ipynb"]
    assert not list(home.rglob("*.partial"))


def test_without_its_record_nothing_that_exists_is_replaced(tmp_path: Path) -> None:
    course, home = _course(tmp_path), tmp_path / "ana"
    provision_home(course, home)
    (home / hub.MANIFEST).write_text("not json")
    (course / "exercises/ger.ipynb").write_text("exercise, typo fixed")
    result = provision_home(course, home)
    assert (home / "exercises/ger.ipynb").read_text() == "blank exercise"
    assert result.copied == result.updated == ()
    assert len(result.kept) == 3


def test_a_folder_that_is_not_the_course_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notebooks").mkdir()
    with pytest.raises(HubConfigError, match=r"no exercises, datasets/.*EMISKIT_HOME"):
        provision_home(tmp_path, tmp_path / "home")


def test_a_home_that_is_a_file_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "ana"
    home.write_text("not a folder")
    with pytest.raises(HubConfigError, match="is a file"):
        provision_home(_course(tmp_path), home)


def test_the_real_course_hands_out_notebooks_exercises_and_data(root: Path) -> None:
    files = {p.as_posix() for p in hub.course_files(root)}
    assert "notebooks/pipeline-check.ipynb" in files
    assert "exercises/ger-and-gender-parity.ipynb" in files
    assert "datasets/datapackage.json" in files and "datasets/schools.csv" in files
    assert not any(f.startswith(("exercises/source/", "exercises/autograder/",
                                 "datasets/national/")) for f in files)


def test_provision_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    hub.register(parser.add_subparsers())
    course = _course(tmp_path)
    args = parser.parse_args(["hub", "provision", str(tmp_path / "ana"), "--course", str(course)])
    assert args.func(args) == 0
    assert "3 course files copied, 0 updated, 0 left" in capsys.readouterr().out
    args = parser.parse_args(["hub", "provision", str(tmp_path / "ana"), "--course", str(tmp_path)])
    assert args.func(args) == 1
    assert "is not the course folder" in capsys.readouterr().out


# --- Settings ------------------------------------------------------------------------------

SHARED = {"EMISKIT_HUB_MODE": "shared-password", "EMISKIT_HUB_PASSWORD": PASSWORD}


def test_settings_defaults_need_nothing_in_the_accounts_mode() -> None:
    settings = settings_from_env({})
    assert settings.mode == hub.ACCOUNTS and settings.password == ""
    assert (settings.ip, settings.port, settings.mem_limit) == ("0.0.0.0", 8000, "1G")
    assert settings.homes_dir == Path("/home") and settings.state_dir == Path(
        "/srv/emiskit-hub/state")
    assert (settings.admin, settings.group) == ("facilitator", "emiskit-participants")
    assert hub.memory_bytes("1536M") == 1536 * 2**20


def test_settings_defaults_of_the_demo_need_only_a_password(tmp_path: Path) -> None:
    settings = settings_from_env({**SHARED, "EMISKIT_HUB_DIR": str(tmp_path)})
    assert settings.mode == hub.SHARED
    assert settings.homes_dir == tmp_path.resolve() / "homes"
    assert settings.users == frozenset() and not settings.allow_root


@pytest.mark.parametrize(("env", "message"), [
    ({"EMISKIT_HUB_MODE": "open"}, "is not a mode"),
    ({"EMISKIT_HUB_PASSWORD": ""}, "EMISKIT_HUB_PASSWORD must hold the password"),
    ({"EMISKIT_HUB_PASSWORD": "short"}, "at least 8 characters"),
    ({"EMISKIT_HUB_PORT": "eighty"}, "EMISKIT_HUB_PORT='eighty' is not a whole number"),
    ({"EMISKIT_HUB_PORT": "70000"}, "EMISKIT_HUB_PORT=70000 is out of range"),
    ({"EMISKIT_HUB_MEM_LIMIT": "lots"}, "such as 1G or 1536M"),
    ({"EMISKIT_HUB_CPU_LIMIT": "0"}, "not a number of CPUs"),
    ({"EMISKIT_HUB_ADMIN_PASSWORD": "too-short"}, "at least 32 characters"),
    ({"EMISKIT_HUB_USERS": "/no/such/roster.txt"}, "not a file"),
])
def test_bad_settings_say_what_to_do(env: dict[str, str], message: str) -> None:
    with pytest.raises(HubConfigError, match=message):
        settings_from_env({**SHARED, **env})


@pytest.mark.parametrize(("env", "message"), [
    ({"EMISKIT_HUB_PASSWORD": PASSWORD}, "each participant chooses their own password"),
    ({"EMISKIT_HUB_ADMIN_PASSWORD": "short"}, "at least 12 characters"),
    ({"EMISKIT_HUB_ADMIN": "Root Admin"}, "EMISKIT_HUB_ADMIN='Root Admin' is not a usable"),
    ({"EMISKIT_HUB_GROUP": "a b"}, "EMISKIT_HUB_GROUP='a b' is not a usable"),
])
def test_bad_settings_of_the_accounts_mode(env: dict[str, str], message: str) -> None:
    with pytest.raises(HubConfigError, match=message):
        settings_from_env(env)


def test_a_roster_of_users(tmp_path: Path) -> None:
    roster = tmp_path / "roster.txt"
    roster.write_text("# workshop, Santo Tomás\nMaria.Lopez\n\njuan_perez  # district 4\n")
    settings = settings_from_env({"EMISKIT_HUB_USERS": str(roster)})
    assert settings.users == {"maria.lopez", "juan_perez"}
    roster.write_text("ana\nJosé Pérez\n")
    with pytest.raises(HubConfigError, match=r"line 2: 'josé pérez' is not a usable"):
        settings_from_env({**SHARED, "EMISKIT_HUB_USERS": str(roster)})


# --- A real hub -----------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(what: str, check, timeout: float, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(f"{what} within {timeout:.0f} s; hub log:\n{log.read_text()[-4000:]}")


def _start_hub(config: Path, env: dict[str, str], cwd: Path, port: int, timeout: float,
               **popen) -> tuple[subprocess.Popen, str, Path]:
    """Start JupyterHub with ``config`` and wait until it answers: (process, url, log)."""
    import requests

    log = cwd / "hub.log"
    jupyterhub = Path(sys.executable).with_name("jupyterhub")
    with log.open("w") as out:
        process = subprocess.Popen([str(jupyterhub), "-f", str(config)], cwd=cwd, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, **popen)
    url = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        if process.poll() is not None:
            pytest.fail(f"the hub exited early:\n{log.read_text()[-4000:]}")
        try:
            return requests.get(f"{url}/hub/health", timeout=2).ok
        except requests.ConnectionError:
            return False

    try:
        _wait("the hub did not answer", healthy, timeout, log)
    except BaseException:
        _stop(process)
        raise
    return process, url, log


def _stop(process: subprocess.Popen) -> None:
    """Stop the hub (it stops the proxy and the servers), then anything left of its tree."""
    try:
        family = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for child in family:
        if child.is_running():
            child.kill()


@pytest.fixture
def running_hub(root: Path, tmp_path: Path) -> Iterator[dict[str, object]]:
    proxy = root / "node_modules" / ".bin" / "configurable-http-proxy"
    if not proxy.exists() and not shutil.which("configurable-http-proxy"):
        pytest.skip("configurable-http-proxy is not installed: run `npm ci` (CI does)")
    base, port = tmp_path / "hub", _free_port()
    env = {**os.environ, **SHARED, "EMISKIT_HUB_DIR": str(base),
           "EMISKIT_HUB_IP": "127.0.0.1", "EMISKIT_HUB_PORT": str(port),
           "EMISKIT_HUB_INTERNAL_PORT": str(_free_port()),
           "EMISKIT_HUB_PROXY_API_PORT": str(_free_port()),
           "EMISKIT_HUB_ALLOW_ROOT": "1" if os.geteuid() == 0 else "0"}
    env.pop("EMISKIT_HOME", None)
    process, url, log = _start_hub(root / "hub" / "jupyterhub_config_test.py", env, tmp_path,
                                   port, 60)
    try:
        yield {"url": url, "homes": base / "homes", "log": log}
    finally:
        _stop(process)


async def _run_cells(ws_url: str, token: str, cells: list[str]) -> list[dict]:
    """Execute each cell in the kernel behind ``ws_url``; the iopub messages of each."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    socket_ = await websocket_connect(
        HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}))
    session, results = uuid.uuid4().hex, []
    try:
        for code in cells:
            msg_id = uuid.uuid4().hex
            await socket_.write_message(json.dumps({
                "channel": "shell", "buffers": [], "metadata": {}, "parent_header": {},
                "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "",
                           "session": session, "version": "5.3"},
                "content": {"code": code, "silent": False, "store_history": True,
                            "user_expressions": {}, "allow_stdin": False,
                            "stop_on_error": True}}))
            outputs, reply = [], None
            while reply is None or not any(
                    m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                    for m in outputs):
                raw = await asyncio.wait_for(socket_.read_message(), timeout=300)
                assert raw is not None, "the kernel's websocket closed"
                message = json.loads(raw)
                if message["parent_header"].get("msg_id") != msg_id:
                    continue
                if message["channel"] == "shell":
                    reply = message["content"]
                elif message["channel"] == "iopub":
                    outputs.append(message)
            results.append({"reply": reply, "outputs": outputs})
    finally:
        socket_.close()
    return results


@pytest.mark.slow
def test_a_participant_logs_in_and_runs_a_course_notebook(running_hub, root: Path) -> None:
    import requests

    url, homes = running_hub["url"], running_hub["homes"]
    log: Path = running_hub["log"]
    # Work the participant saved in an earlier session must survive the spawn.
    mine = homes / "ana" / "exercises" / "getting-started.ipynb"
    mine.parent.mkdir(parents=True)
    mine.write_text("ana's answers")

    web = requests.Session()
    web.get(f"{url}/hub/login", timeout=10).raise_for_status()
    login = web.post(f"{url}/hub/login", timeout=130,
                     data={"username": "ana", "password": "any",
                           "_xsrf": web.cookies.get("_xsrf", path="/hub/")})
    login.raise_for_status()
    xsrf = {"X-XSRFToken": web.cookies.get("_xsrf", path="/hub/")}
    token = web.post(f"{url}/hub/api/users/ana/tokens", headers=xsrf, timeout=10,
                     json={"note": "test", "expires_in": 600}).json()["token"]
    api = requests.Session()
    api.headers["Authorization"] = f"token {token}"

    def ready() -> bool:
        # Logging in starts the server (the login page redirects to /hub/spawn).
        server = api.get(f"{url}/hub/api/users/ana", timeout=10).json()["servers"].get("")
        return bool(server and server["ready"])

    _wait("ana's server did not start", ready, 150, log)

    assert mine.read_text() == "ana's answers"
    home = homes / "ana"
    assert (home / "notebooks" / "pipeline-check.ipynb").is_file()
    assert (home / "datasets" / "datapackage.json").is_file()
    assert not (home / "exercises" / "source").exists()
    assert not (home / "exercises" / "autograder").exists()

    user = f"{url}/user/ana"
    assert api.get(f"{user}/lab", timeout=30).status_code == 200, "JupyterLab is the UI"
    notebook = api.get(f"{user}/api/contents/notebooks/pipeline-check.ipynb",
                       timeout=30).json()["content"]
    session = api.post(f"{user}/api/sessions", timeout=60, json={
        "path": "notebooks/pipeline-check.ipynb", "type": "notebook", "name": "",
        "kernel": {"name": "python3"}}).json()
    cells = ["".join(cell["source"]) for cell in notebook["cells"]
             if cell["cell_type"] == "code"]
    probe = ("from emiskit.datasets import load\nfrom emiskit.paths import datasets_dir\n"
             "print(datasets_dir(), len(load('regions')))")
    ws_url = user.replace("http", "ws", 1) + f"/api/kernels/{session['kernel']['id']}/channels"
    results = asyncio.run(_run_cells(ws_url, token, [*cells, probe]))

    course_copy = json.loads((root / "notebooks" / "pipeline-check.ipynb").read_text())
    assert cells == ["".join(cell["source"]) for cell in course_copy["cells"]
                     if cell["cell_type"] == "code"], "ana's server gives her the course's copy"
    assert len(results) == len(cells) + 1 and cells
    for number, result in enumerate(results, start=1):
        errors = [m["content"] for m in result["outputs"] if m["msg_type"] == "error"]
        assert result["reply"]["status"] == "ok" and not errors, (number, errors)
    printed = "".join(m["content"]["text"] for m in results[-1]["outputs"]
                      if m["msg_type"] == "stream")
    assert printed.startswith(str(home / "datasets")), "the kernel reads ana's own datasets"

    api.delete(f"{user}/api/sessions/{session['id']}", timeout=30)
    api.delete(f"{url}/hub/api/users/ana/server", timeout=60)
