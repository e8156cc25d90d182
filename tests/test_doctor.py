"""``emiskit doctor``: the checks one by one, then whole runs in really broken environments.

A broken environment is a throwaway virtual environment whose site-packages holds links to
everything installed in the project's environment except what the test takes away, so
the doctor meets a genuinely missing or old package, not a simulated one.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from emiskit import doctor
from emiskit.data.schema import TABLES

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(sysconfig.get_paths()["purelib"])


def pin(name: str) -> str:
    """The requirement emiskit declares for ``name`` (e.g. ``pandas==3.1.1``)."""
    for text in metadata.requires("emiskit"):
        req = Requirement(text)
        if req.name == name:
            return f"{req.name}{req.specifier}"
    raise LookupError(name)


# ---------------------------------------------------------------------------------------
# The pure checks


def test_python_version_is_compared_with_the_declared_requirement():
    assert doctor.check_python(">=3.11", (3, 11, 0)).status == "ok"
    old = doctor.check_python(">=3.11", (3, 10, 12))
    assert old.status == "fail"
    assert "3.10.12" in old.found and ">=3.11" in old.found
    assert "newer Python" in old.fix
    requires, _ = doctor.emiskit_requirements()
    assert requires == metadata.metadata("emiskit")["Requires-Python"]
    assert doctor.check_python(requires).status == "ok"


def test_packages_missing_or_old_are_named_with_the_command_that_fixes_them():
    requirements = ["pandas==3.1.1", "ipywidgets==8.1.9", "pytest==9.2.0; extra == 'dev'"]
    installed = {"pandas": "1.5.3", "pytest": "7.0.0"}
    results = doctor.check_packages(requirements, lookup=installed.get)
    by_name = {r.name: r for r in results}
    assert set(by_name) == {"Package pandas", "Package ipywidgets"}  # dev extra not asked
    assert "pandas 1.5.3 is installed" in by_name["Package pandas"].found
    assert '-m pip install "pandas==3.1.1"' in by_name["Package pandas"].fix
    assert "ipywidgets is not installed" in by_name["Package ipywidgets"].found
    with_dev = doctor.check_packages(requirements, ("dev",), lookup=installed.get)
    assert "Package pytest" in {r.name for r in with_dev}
    assert all(r.status == "fail" for r in with_dev)


def test_the_project_environment_has_every_pinned_package():
    _, requirements = doctor.emiskit_requirements()
    assert requirements == metadata.requires("emiskit")
    [result] = doctor.check_packages(requirements, doctor.FACILITATOR_EXTRAS)
    assert result.status == "ok", result


def test_exercise_notebooks_are_inspected_for_what_grader_check_needs():
    nb = json.loads((ROOT / "exercises" / "getting-started.ipynb").read_text("utf-8"))
    assert doctor.exercise_problems(nb) == []
    first_test = sorted(nb["metadata"]["otter"]["tests"])[0]
    del nb["metadata"]["otter"]["tests"][first_test]
    assert doctor.exercise_problems(nb) == [f"no checks for {first_test}"]
    nb["metadata"]["otter"]["tests"] = {}
    assert "its checks are missing" in doctor.exercise_problems(nb)[0]


def test_a_real_check_runs_on_a_copy_of_the_getting_started_notebook():
    starter = ROOT / "exercises" / "getting-started.ipynb"
    before = starter.read_bytes()
    worked, what = doctor.quick_check(starter)
    assert worked, what
    assert starter.read_bytes() == before
    [notebooks, checker] = doctor.check_exercises()
    assert notebooks.status == checker.status == "ok"


def test_charts_build_the_offline_bundle_and_leave_altair_as_it_was():
    from altair.jupyter.jupyter_chart import JupyterChart

    before = (JupyterChart._esm, JupyterChart._is_offline)
    result = doctor.check_charts()
    assert result.status == "ok", result
    assert (JupyterChart._esm, JupyterChart._is_offline) == before


def test_widgets_find_their_jupyterlab_extensions():
    results = doctor.check_widgets()
    assert [r.status for r in results] == ["ok", "ok"], results


def test_datasets_missing_folder_says_how_to_get_it_back(tmp_path, monkeypatch):
    monkeypatch.setenv("EMISKIT_HOME", str(tmp_path))
    monkeypatch.delenv("EMISKIT_DATA_DIR", raising=False)
    [result] = doctor.check_datasets()
    assert result.status == "fail"
    assert str(tmp_path / "datasets") in result.found
    assert "emiskit data generate" in result.fix


def test_report_is_plain_ascii_without_colour_and_numbers_each_fix():
    results = [
        doctor.Result("Python version", "ok", "Python 3.11.7"),
        doctor.Result("Package pandas", "fail", "pandas 1.5.3 is installed", "Run this."),
        doctor.Result("Something", "warn", "odd", "Look at it."),
    ]
    text = doctor.format_report(results)
    assert "\033[" not in text
    lines = text.splitlines()
    assert "  OK       Python version: Python 3.11.7" in lines
    assert "  PROBLEM  Package pandas: pandas 1.5.3 is installed" in lines
    assert "  WARNING  Something: odd" in lines
    assert "1. PROBLEM - Package pandas" in lines and "   Run this." in lines
    assert "2. WARNING - Something" in lines
    assert "\033[31m" in doctor.format_report(results, colour=True)
    assert doctor.use_colour(io.StringIO()) is False
    report = json.loads(doctor.to_json(results))
    assert report["ok"] is False
    assert [c["status"] for c in report["checks"]] == ["ok", "fail", "warn"]
    assert json.loads(doctor.to_json(results[:1]))["ok"] is True


# ---------------------------------------------------------------------------------------
# The grading sandbox (facilitators)


def fake_bwrap(folder: Path, script: str) -> Path:
    """A ``bwrap`` on a PATH of its own that runs ``script`` (sh) instead of a sandbox."""
    folder.mkdir(exist_ok=True)
    bwrap = folder / "bwrap"
    bwrap.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    bwrap.chmod(0o755)
    return bwrap


def test_sandbox_missing_says_how_to_install_bubblewrap(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no bwrap anywhere on it
    result = doctor.check_sandbox(system="Linux", release="6.1.0-18-amd64")
    assert result.status == "fail"
    assert "bubblewrap (bwrap) is not installed" in result.found
    assert "sudo apt install bubblewrap" in result.fix
    assert "--no-sandbox" in result.fix and "practice" in result.fix
    assert "WSL 1" not in result.fix
    wsl = doctor.check_sandbox(system="Linux", release="5.15.153.1-microsoft-standard-WSL2")
    assert "This is WSL" in wsl.fix and "wsl --set-version" in wsl.fix


def test_sandbox_check_runs_a_real_sandbox_command(tmp_path, monkeypatch):
    args = tmp_path / "args"
    fake_bwrap(tmp_path / "bin", f'echo "$@" > "{args}"')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = doctor.check_sandbox(system="Linux", release="6.1.0")
    assert result.status == "ok", result
    assert args.read_text().split() == ["--ro-bind", "/", "/", "--unshare-all",
                                        "--die-with-parent", "true"]


def test_sandbox_installed_but_broken_shows_its_message(tmp_path, monkeypatch):
    fake_bwrap(tmp_path / "bin", 'echo "bwrap: setting up uid map: Permission denied" >&2\n'
               "exit 1")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = doctor.check_sandbox(system="Linux", release="6.1.0")
    assert result.status == "fail"
    assert "installed, but a test sandbox failed: bwrap: setting up uid map" in result.found
    assert "user namespaces" in result.fix and "WSL 2" in result.fix


def test_sandbox_that_hangs_is_stopped(tmp_path, monkeypatch):
    fake_bwrap(tmp_path / "bin", f"exec {shutil.which('sleep')} 30")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = doctor.check_sandbox(system="Linux", release="6.1.0", timeout=0.5)
    assert result.status == "fail"
    assert "did not finish within 0.5 seconds" in result.found


@pytest.mark.parametrize(("system", "kind"), [("Darwin", "macOS"), ("Windows", "Windows")])
def test_sandbox_on_macos_or_windows_points_to_linux_or_wsl(system, kind):
    result = doctor.check_sandbox(system=system)
    assert result.status == "warn"
    assert f"runs only on Linux; this is {kind}" in result.found
    assert "WSL 2" in result.fix and "sudo apt install bubblewrap" in result.fix
    assert "--no-sandbox" in result.fix and "practice runs" in result.fix


def test_sandbox_works_here_when_bubblewrap_is_installed():
    if shutil.which("bwrap") is None or sys.platform != "linux":
        pytest.skip("bubblewrap is not installed (CI installs it)")
    assert doctor.check_sandbox().status == "ok"


def test_sandbox_is_checked_for_facilitators_only(monkeypatch):
    seen = []
    monkeypatch.setattr(doctor, "check_sandbox",
                        lambda: seen.append(1) or doctor.Result("Grading sandbox", "ok", "x"))
    for name in ("check_datasets", "check_charts", "check_exercises", "check_widgets"):
        monkeypatch.setattr(doctor, name, lambda *a, **k: [])
    assert "Grading sandbox" not in {r.name for r in doctor.run_checks()}
    assert "Grading sandbox" in {r.name for r in doctor.run_checks(facilitator=True)}
    assert seen == [1]


def test_sandbox_fix_keeps_each_command_on_a_line_of_its_own(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    text = doctor.format_report([doctor.check_sandbox(system="Linux", release="6.1.0")])
    assert "       sudo apt install bubblewrap" in text.splitlines()
    assert "       emiskit doctor --facilitator" in text.splitlines()


# ---------------------------------------------------------------------------------------
# Whole runs in broken environments


def _top_level(dist: str) -> set[str]:
    """The site-packages entries a distribution installed (its folders and dist-info)."""
    files = metadata.distribution(dist).files or []
    return {Path(str(f)).parts[0] for f in files if not str(f).startswith("..")}


def make_env(tmp_path: Path, without: tuple[str, ...] = ()) -> Path:
    """A venv seeing the project's packages except ``without``; returns its python."""
    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    site = Path(sysconfig.get_paths(vars={"base": str(env), "platbase": str(env)})["purelib"])
    skip = set().union(*(_top_level(d) for d in without)) if without else set()
    for entry in SITE.iterdir():
        if entry.name not in skip and entry.name != "__pycache__":
            (site / entry.name).symlink_to(entry)
    (env / "share").mkdir(exist_ok=True)
    (env / "share" / "jupyter").symlink_to(Path(sys.prefix) / "share" / "jupyter")
    return env / "bin" / "python"


def run_doctor(python: Path | str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("EMISKIT_HOME", "EMISKIT_DATA_DIR")} | env
    return subprocess.run([str(python), "-m", "emiskit.doctor"], capture_output=True,
                          text=True, env=environ, cwd=ROOT, timeout=120, check=False)


@pytest.mark.slow
def test_a_complete_copy_of_the_environment_passes(tmp_path):
    """The control for the broken environments below: the links alone break nothing."""
    done = run_doctor(make_env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PROBLEM" not in done.stdout


@pytest.mark.slow
def test_a_missing_package_is_reported_with_its_fix(tmp_path):
    done = run_doctor(make_env(tmp_path, without=("ipywidgets",)))
    assert done.returncode == 1
    out = done.stdout
    assert "PROBLEM  Package ipywidgets: ipywidgets is not installed" in out
    assert f'-m pip install "{pin("ipywidgets")}"' in out
    assert "Traceback" not in done.stderr + out


@pytest.mark.slow
def test_an_old_pandas_is_reported_with_its_fix(tmp_path):
    python = make_env(tmp_path, without=("pandas",))
    site = next(p for p in (tmp_path / "env").rglob("site-packages"))
    (site / "pandas").mkdir()
    (site / "pandas" / "__init__.py").write_text('__version__ = "1.5.3"\n')
    info = site / "pandas-1.5.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: pandas\nVersion: 1.5.3\n")
    done = run_doctor(python)
    assert done.returncode == 1
    out = done.stdout
    assert f"pandas 1.5.3 is installed, but the course needs {pin('pandas')[6:]}" in out
    assert f'-m pip install "{pin("pandas")}"' in out
    assert "PROBLEM  Datasets load" in out  # the old pandas cannot read the data
    assert "Traceback" not in done.stderr + out


@pytest.mark.slow
def test_missing_datasets_in_a_course_copy_are_named(tmp_path):
    home = tmp_path / "course"
    shutil.copytree(ROOT / "exercises", home / "exercises",
                    ignore=shutil.ignore_patterns("autograder", "source"))
    (home / "datasets").mkdir()
    for t in TABLES[:-2]:  # the last two tables are "lost"
        (home / "datasets" / f"{t.name}.csv").symlink_to(ROOT / "datasets" / f"{t.name}.csv")
    done = run_doctor(sys.executable, EMISKIT_HOME=str(home))
    assert done.returncode == 1
    lost = ", ".join(f"{t.name}.csv" for t in TABLES[-2:])
    assert f"PROBLEM  Datasets present: missing: {lost}" in done.stdout
    assert "emiskit data generate" in done.stdout
    assert "OK       Exercise checker" in done.stdout  # the rest of the copy is fine
