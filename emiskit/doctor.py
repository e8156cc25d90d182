"""``emiskit doctor``: check, before the workshop, that this computer can run the course.

Participants run it once after installing; facilitators collect the ``--json`` reports.
Each check is a function that returns :class:`Result` records (what was found and, for a
problem, the fix in plain words); nothing here changes the computer. The module imports
only the standard library at the top, so that it still runs, and says what is wrong, when
pandas or another package is missing or broken.

    emiskit doctor                 # or: python -m emiskit.doctor
    emiskit doctor --facilitator   # also the book and test packages, and the grading sandbox
    emiskit doctor --json          # machine-readable report

Exit code 0 when nothing is wrong (warnings allowed), 1 when a check found a problem.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Literal, TextIO

from emiskit import __version__
from emiskit.paths import course_root

Status = Literal["ok", "warn", "fail"]
MARKS: dict[str, str] = {"ok": "OK", "warn": "WARNING", "fail": "PROBLEM"}
_COLOURS = {"ok": "\033[32m", "warn": "\033[33m", "fail": "\033[31m"}
FACILITATOR_EXTRAS = ("book", "dev")
ASK = "If that does not work, send this report to your facilitator."
SETUP_PAGE = "the setup chapter of the course book (book/setup/)"


@dataclass(frozen=True)
class Result:
    """One line of the report: what was checked, how it went, what was found, the fix."""

    name: str
    status: Status
    found: str
    fix: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "fail"


def _crash_result(name: str, err: BaseException) -> Result:
    return Result(name, "fail", f"the check could not run ({type(err).__name__}: {err})",
                  "Fix the problems with Python packages listed above first, then run the "
                  "doctor again. " + ASK)


def _pip(specs: Iterable[str]) -> str:
    """The command that installs ``specs`` into the Python running this check."""
    quoted = " ".join(f'"{s}"' for s in specs)
    return f'"{sys.executable}" -m pip install {quoted}'


# ---------------------------------------------------------------------------------------
# Python and packages


def check_python(requires: str | None, version: Sequence[int] | None = None) -> Result:
    """Is this Python recent enough for ``requires`` (e.g. ``>=3.11``)?"""
    from packaging.specifiers import SpecifierSet

    version = tuple(version or sys.version_info[:3])
    text = ".".join(str(v) for v in version)
    if not requires:
        return Result("Python version", "warn", f"Python {text}; the course's required "
                      "version is unknown (emiskit's metadata does not say)",
                      "Reinstall the course package: python -m pip install -e . (in the "
                      "course folder).")
    if SpecifierSet(requires).contains(text, prereleases=True):
        return Result("Python version", "ok", f"Python {text} (the course needs {requires})")
    return Result(
        "Python version", "fail", f"Python {text}, but the course needs {requires}",
        f"Install a newer Python (see {SETUP_PAGE}), create the course environment again "
        "with it, and run the doctor from that environment.",
    )


def emiskit_requirements() -> tuple[str | None, list[str]]:
    """``requires-python`` and the requirement strings of the installed emiskit."""
    meta = metadata.metadata("emiskit")
    return meta.get("Requires-Python"), list(metadata.requires("emiskit") or [])


def installed_version(name: str) -> str | None:
    """The installed version of a distribution, or None when it is not installed."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def check_packages(
    requirements: Sequence[str],
    extras: Sequence[str] = (),
    lookup: Callable[[str], str | None] = installed_version,
) -> list[Result]:
    """Is every requirement (core, plus the given extras) installed at an allowed version?

    Returns one OK line when all are fine, otherwise one PROBLEM line per package.
    """
    from packaging.requirements import Requirement

    wanted = []
    for text in requirements:
        req = Requirement(text)
        if req.marker is None:
            wanted.append((req, ""))
            continue
        for extra in ("", *extras):
            if req.marker.evaluate({"extra": extra}):
                wanted.append((req, extra))
                break
    problems = []
    for req, extra in wanted:
        spec = f"{req.name}{req.specifier}"
        why = f" (for {extra})" if extra else ""
        found = lookup(req.name)
        if found is None:
            problems.append(Result(
                f"Package {req.name}", "fail", f"{req.name} is not installed{why}",
                f"In a terminal, run:  {_pip([spec])}  (conda users: conda env update -f "
                f"environment.yml). {ASK}",
            ))
        elif not req.specifier.contains(found, prereleases=True):
            problems.append(Result(
                f"Package {req.name}", "fail",
                f"{req.name} {found} is installed{why}, but the course needs {req.specifier}",
                f"In a terminal, run:  {_pip([spec])}  (conda users: conda env update -f "
                f"environment.yml). {ASK}",
            ))
    if problems:
        return problems
    scope = " and ".join(["course", *extras])
    return [Result("Python packages", "ok",
                   f"all {len(wanted)} {scope} packages at the tested versions")]


# ---------------------------------------------------------------------------------------
# Datasets


def check_datasets() -> list[Result]:
    """Is the data folder there, with every table, and does each table load?"""
    from emiskit.paths import DataDirError, SettingsError, data_dir_setting, datasets_dir

    try:
        setting = data_dir_setting()
        folder = datasets_dir()
    except (SettingsError, DataDirError) as err:
        return [Result("Data folder", "fail", str(err).split(". ")[0],
                       str(err) + " See the facilitators' page on adapting the course "
                       "to your country.")]
    whose = ("the sample country, Valdoria" if setting.is_sample
             else f"your own data, set by {setting.source}")
    if not folder.is_dir():
        return [Result("Data folder", "fail", f"{folder} is missing",
                       "In the course folder, run  emiskit data generate  (or make data), "
                       "or copy the datasets folder from the participant kit into "
                       f"{course_root()}. " + ASK)]
    from emiskit.data.schema import TABLES

    missing = [t.name for t in TABLES if not (folder / f"{t.name}.csv").is_file()]
    results = [Result("Data folder", "ok", f"{folder} ({whose})")]
    if missing:
        fix = ("In the course folder, run  emiskit data generate  (or make data), or copy "
               "the datasets folder from the participant kit again." if setting.is_sample
               else f"Add the missing tables to {folder}, exported in the course's schema; "
               "see the facilitators' page on adapting the course to your country.")
        results.append(Result("Datasets present", "fail",
                              f"missing: {', '.join(f'{m}.csv' for m in missing)}",
                              fix + " " + ASK))
        return results
    results.append(Result("Datasets present", "ok", f"all {len(TABLES)} tables"))
    from emiskit import datasets

    failed = []
    for t in TABLES:
        try:
            datasets.load(t.name)
        except Exception as err:  # any failure is reported, never raised
            failed.append(f"{t.name} ({type(err).__name__}: {err})")
    if failed:
        results.append(Result(
            "Datasets load", "fail", "cannot load " + "; ".join(failed),
            ("Fix any package problem listed above first. If the files were edited by "
             "hand, restore them from the participant kit." if setting.is_sample
             else f'Run  emiskit data validate "{folder}"  to list every problem, fix '
             "the files, and run the doctor again.") + " " + ASK,
        ))
    else:
        results.append(Result("Datasets load", "ok", "every table loads with its types"))
    if not setting.is_sample and not failed:
        results.append(_validate_folder(folder))
    return results


def _validate_folder(folder: Path) -> Result:
    from emiskit.data.validate import validate_folder

    bad = [r for r in validate_folder(folder) if not r.valid]
    if not bad:
        return Result("Datasets valid", "ok", "every table matches the course's schema")
    counts = ", ".join(f"{r.path.name}: {r.problem_count:,}" for r in bad)
    return Result("Datasets valid", "fail", f"problems found ({counts})",
                  f'Run  emiskit data validate "{folder}"  to see each problem with its '
                  "row, column and a hint, fix the files, then run the doctor again.")


# ---------------------------------------------------------------------------------------
# Widgets and charts


def _labextension(name: str) -> Path | None:
    """Where JupyterLab would find the prebuilt extension ``name``, if anywhere."""
    from jupyter_core.paths import jupyter_path

    for base in jupyter_path("labextensions"):
        candidate = Path(base) / name / "package.json"
        if candidate.is_file():
            return candidate.parent
    return None


def check_widgets(pins: dict[str, str] | None = None) -> list[Result]:
    """Will ipywidgets and anywidget controls show in JupyterLab?"""
    pins = pins or {}
    results = []
    for module, dist, ext in (
        ("ipywidgets", "jupyterlab_widgets", "@jupyter-widgets/jupyterlab-manager"),
        ("anywidget", "anywidget", "anywidget"),
    ):
        name = f"Widgets ({module})"
        try:
            __import__(module)
        except Exception as err:
            spec = pins.get(module, module)
            results.append(Result(name, "fail", f"{module} cannot be imported ({err})",
                                  f"In a terminal, run:  {_pip([spec])}  " + ASK))
            continue
        where = _labextension(ext)
        if where is None:
            spec = pins.get(dist, dist)
            results.append(Result(
                name, "fail",
                f"{module} works in Python, but JupyterLab has no {ext} extension: "
                "controls would show as plain text",
                f"In a terminal, run:  {_pip([spec])}  then close and reopen JupyterLab. "
                + ASK,
            ))
            continue
        results.append(Result(name, "ok",
                              f"{module} {installed_version(module)}; JupyterLab extension "
                              f"in {where}"))
    return results


def check_charts(pins: dict[str, str] | None = None) -> Result:
    """Can charts be drawn without internet, as ``emiskit.charts`` does in JupyterLab?

    Builds the JavaScript bundle that Altair's ``jupyter`` renderer uses with
    ``offline=True`` (made by vl-convert from copies it carries, no download), then puts
    Altair back as it was.
    """
    name = "Charts offline"
    spec = (pins or {}).get("vl-convert-python", "vl-convert-python")
    try:
        import vl_convert  # noqa: F401

        import emiskit.charts  # noqa: F401  (the course's chart set-up must import)
    except Exception as err:
        return Result(name, "fail", f"the chart tools cannot be imported ({err})",
                      f"In a terminal, run:  {_pip([spec])}  " + ASK)
    from altair.jupyter.jupyter_chart import JupyterChart

    saved = (JupyterChart._esm, JupyterChart._is_offline)
    try:
        JupyterChart._is_offline = False
        JupyterChart.enable_offline(True)
        bundle = str(JupyterChart._esm)
    except Exception as err:
        return Result(name, "fail", f"the offline chart bundle could not be built ({err})",
                      f"In a terminal, run:  {_pip([spec])}  " + ASK)
    finally:
        JupyterChart._esm, JupyterChart._is_offline = saved
    if len(bundle) < 100_000 or "vega" not in bundle:
        return Result(name, "fail", f"the offline chart bundle is incomplete "
                      f"({len(bundle)} characters)", f"Reinstall:  {_pip([spec])}  " + ASK)
    return Result(name, "ok", f"offline bundle built by vl-convert "
                  f"{installed_version('vl-convert-python')} ({len(bundle) / 1e6:.1f} MB)")


# ---------------------------------------------------------------------------------------
# Exercises

_CHECK_CALL = re.compile(r"""grader\.check\(\s*["']([^"']+)["']""")


def exercise_problems(notebook: dict) -> list[str]:
    """What in a participant notebook would stop ``grader.check`` from working."""
    problems = []
    otter = notebook.get("metadata", {}).get("otter", {})
    tests = otter.get("tests") or {}
    if not tests:
        problems.append("its checks are missing (no otter tests in the notebook)")
    code = ["".join(c.get("source", "")) for c in notebook.get("cells", [])
            if c.get("cell_type") == "code"]
    if not any("Notebook(" in c for c in code):
        problems.append("the first cell no longer creates the answer checker (grader)")
    called = [q for c in code for q in _CHECK_CALL.findall(c)]
    absent = sorted(set(called) - set(tests))
    if tests and absent:
        problems.append(f"no checks for {', '.join(absent)}")
    if not called:
        problems.append("it has no grader.check(...) cells")
    return problems


def quick_check(notebook: Path) -> tuple[bool, str]:
    """Run question q1's real check on a temporary copy: a right-type answer must pass and
    a wrong one must fail. Returns (worked, what happened)."""
    from emiskit.grading import Notebook

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / notebook.name
        shutil.copyfile(notebook, copy)
        with contextlib.chdir(tmp):
            grader = Notebook(str(copy), tests_dir=str(Path(tmp) / "tests"))
            right = grader.check("q1", {"n_schools": 12})
            wrong = grader.check("q1", {"n_schools": "twelve"})
    if right.passed and not wrong.passed and wrong.hints:
        return True, "a test answer to q1 of getting-started was checked correctly"
    return False, (f"the check of q1 gave passed={right.passed} for a right answer and "
                   f"passed={wrong.passed} for a wrong one")


def check_exercises(pins: dict[str, str] | None = None) -> list[Result]:
    """Can the graded exercises check answers?"""
    spec = (pins or {}).get("otter-grader", "otter-grader")
    try:
        import otter
    except Exception as err:
        return [Result("Exercise checker", "fail", f"otter-grader cannot be imported ({err})",
                       f"In a terminal, run:  {_pip([spec])}  " + ASK)]
    folder = course_root() / "exercises"
    notebooks = sorted(folder.glob("*.ipynb"))
    if not notebooks:
        return [Result("Exercise notebooks", "fail", f"no notebooks in {folder}",
                       "Copy the exercises folder from the participant kit into "
                       f"{course_root()}. " + ASK)]
    broken = []
    for nb in notebooks:
        try:
            issues = exercise_problems(json.loads(nb.read_text(encoding="utf-8")))
        except (OSError, ValueError) as err:
            issues = [f"it cannot be read ({err})"]
        broken += [f"{nb.name}: {issue}" for issue in issues]
    results = []
    if broken:
        results.append(Result(
            "Exercise notebooks", "fail", "; ".join(broken),
            "Download a fresh copy of the notebooks named here from the course materials "
            "(keep your own copy if it holds answers you want). " + ASK,
        ))
    else:
        results.append(Result("Exercise notebooks", "ok",
                              f"{len(notebooks)} notebooks, each with its checks"))
    starter = folder / "getting-started.ipynb"
    if starter.is_file() and not broken:
        try:
            worked, what = quick_check(starter)
        except Exception as err:
            worked, what = False, f"the check crashed ({type(err).__name__}: {err})"
        results.append(Result(
            "Exercise checker", "ok" if worked else "fail",
            f"otter-grader {otter.__version__}: {what}",
            "" if worked else f"Reinstall:  {_pip([spec])}  " + ASK,
        ))
    return results


# ---------------------------------------------------------------------------------------
# The grading sandbox (facilitators only)

#: The smallest real sandbox: everything read-only, every namespace private (network and
#: processes included), killed with its parent. It is what ``emiskit grade`` needs to work.
SANDBOX_TEST = ("--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "true")
SANDBOX_CHECK = "Grading sandbox"
SANDBOX_TIMEOUT = 10.0
_NO_SANDBOX = ("`emiskit grade --no-sandbox` works without it, but only for practice runs "
               "with your own test notebooks: it does not protect this computer from "
               "participants' code.")
_WSL = ("On Windows, grade in WSL 2 (Ubuntu):  wsl --install  in PowerShell, then install "
        "the course there and run  sudo apt install bubblewrap  in the Ubuntu window.")


def _is_wsl(release: str) -> bool:
    return "microsoft" in release.lower()


def _sandbox_fix(release: str) -> str:
    """What to do on Linux when bubblewrap is missing: Debian/Ubuntu, WSL 2, others."""
    fix = ("Install bubblewrap, the sandbox each participant's notebook is graded in. On "
           "Debian or Ubuntu:  sudo apt install bubblewrap  (Fedora: sudo dnf install "
           "bubblewrap).")
    if _is_wsl(release):
        fix += (" This is WSL: the same command works in WSL 2; WSL 1 cannot run it (in "
                "PowerShell,  wsl -l -v  shows the version;  wsl --set-version NAME 2  "
                "converts it).")
    return f"{fix} Then run  emiskit doctor --facilitator  again. {_NO_SANDBOX}"


def check_sandbox(system: str | None = None, release: str | None = None,
                  timeout: float = SANDBOX_TIMEOUT) -> Result:
    """Can ``emiskit grade`` sandbox submissions here? Installed is not enough: bubblewrap
    needs user namespaces, which containers, some managed computers and WSL 1 switch off,
    so a trivial command is really run inside a sandbox."""
    system = system or platform.system()
    release = platform.release() if release is None else release
    if system != "Linux":
        kind = {"Darwin": "macOS"}.get(system, system)
        return Result(SANDBOX_CHECK, "warn",
                      f"bubblewrap, the grading sandbox, runs only on Linux; this is {kind}",
                      "Grade the group on a Linux computer, or on Windows in WSL 2. " + _WSL
                      + " Everything else in the course works here. " + _NO_SANDBOX)
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return Result(SANDBOX_CHECK, "fail", "bubblewrap (bwrap) is not installed, so "
                      "emiskit grade will not run", _sandbox_fix(release))
    try:
        done = subprocess.run([bwrap, *SANDBOX_TEST], capture_output=True, text=True,
                              timeout=timeout, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        why = f"did not finish within {timeout:g} seconds"
    except OSError as err:
        why = f"could not be started ({err})"
    else:
        if done.returncode == 0:
            return Result(SANDBOX_CHECK, "ok", f"bubblewrap at {bwrap} runs a sandbox "
                          "(read-only system, no network, own processes)")
        first = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[0]
        why = f"failed: {first}"
    return Result(
        SANDBOX_CHECK, "fail", f"bubblewrap at {bwrap} is installed, but a test sandbox {why}",
        "bubblewrap needs 'user namespaces', which Docker containers, some company-managed "
        "computers and WSL 1 switch off. Grade on an ordinary Linux computer or in WSL 2, or "
        "ask your IT department to allow unprivileged user namespaces. To try it yourself:  "
        f"bwrap {' '.join(SANDBOX_TEST)}  must finish without a message. " + _NO_SANDBOX)


# ---------------------------------------------------------------------------------------
# Running the checks and the report


def run_checks(facilitator: bool = False) -> list[Result]:
    """Every check, in the order of the report; a check that crashes becomes a PROBLEM."""
    results: list[Result] = []
    try:
        requires, requirements = emiskit_requirements()
    except metadata.PackageNotFoundError:
        requires, requirements = None, []
        results.append(Result(
            "Course package", "fail", "emiskit is not installed in this Python",
            f'In the course folder, run:  "{sys.executable}" -m pip install -e .  ' + ASK,
        ))
    pins = {}
    try:
        from packaging.requirements import Requirement

        pins = {Requirement(r).name: r.split(";")[0].strip() for r in requirements}
    except ImportError as err:
        results.append(_crash_result("Python packages", err))
    extras = FACILITATOR_EXTRAS if facilitator else ()
    steps: list[tuple[str, Callable[[], Result | list[Result]]]] = [
        ("Python version", lambda: check_python(requires)),
        ("Python packages", lambda: check_packages(requirements, extras)),
        ("Datasets", check_datasets),
        ("Widgets", lambda: check_widgets(pins)),
        ("Charts offline", lambda: check_charts(pins)),
        ("Exercises", lambda: check_exercises(pins)),
    ]
    if facilitator:
        steps.append((SANDBOX_CHECK, check_sandbox))
    for name, step in steps:
        if name == "Python packages" and not requirements:
            continue
        try:
            out = step()
        except Exception as err:  # a broken environment must give a report, not a traceback
            out = _crash_result(name, err)
        results += out if isinstance(out, list) else [out]
    return results


def use_colour(stream: TextIO) -> bool:
    """Colour only on a terminal that shows it (never in files, pipes or old consoles)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if not (hasattr(stream, "isatty") and stream.isatty()):
        return False
    return os.name != "nt" or bool(os.environ.get("WT_SESSION") or os.environ.get("ANSICON"))


def _fix_lines(fix: str) -> list[str]:
    """Wrap a fix; a command (written between two double spaces) gets a line of its own,
    unbroken, so it can be copied into a terminal."""
    lines = []
    for i, part in enumerate(fix.split("  ")):
        part = part.strip()
        if not part:
            continue
        if i % 2:
            lines.append("       " + part)
        else:
            lines += textwrap.wrap(part, width=88, initial_indent="   ",
                                   subsequent_indent="   ", break_long_words=False,
                                   break_on_hyphens=False)
    return lines


def format_report(results: Sequence[Result], colour: bool = False) -> str:
    """One line per check, then the fix for each problem and warning."""
    width = max(len(m) for m in MARKS.values())
    lines = [f"emiskit doctor {__version__}: is this computer ready for the course?",
             f"Python {platform.python_version()} at {sys.executable}", ""]
    for r in results:
        mark = MARKS[r.status].ljust(width)
        if colour:
            mark = f"{_COLOURS[r.status]}{mark}\033[0m"
        lines.append(f"  {mark}  {r.name}: {r.found}")
    to_fix = [r for r in results if r.status != "ok"]
    problems = sum(r.status == "fail" for r in to_fix)
    warnings = len(to_fix) - problems
    lines.append("")
    if not to_fix:
        lines.append("Everything is ready. See you at the workshop!")
        return "\n".join(lines) + "\n"
    lines.append(f"{problems} problem{'s' if problems != 1 else ''}, {warnings} "
                 f"warning{'s' if warnings != 1 else ''}. How to fix:")
    for i, r in enumerate(to_fix, start=1):
        lines.append("")
        lines.append(f"{i}. {MARKS[r.status]} - {r.name}")
        lines += _fix_lines(r.fix or "No action needed.")
    lines.append("")
    lines.append("When you have fixed them, run the doctor again:  emiskit doctor")
    return "\n".join(lines) + "\n"


def to_json(results: Sequence[Result]) -> str:
    """The report for facilitators who collect them: environment facts and every check."""
    report = {
        "ok": all(r.ok for r in results),
        "emiskit": __version__,
        "python": platform.python_version(),
        "executable": sys.executable,
        "platform": platform.platform(),
        "checks": [asdict(r) for r in results],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def _write(text: str, stream: TextIO) -> None:
    """Write even on a console that cannot show every character (old Windows code pages)."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding))
    stream.flush()


def _run(args: argparse.Namespace) -> int:
    results = run_checks(facilitator=args.facilitator)
    if args.json:
        _write(to_json(results), sys.stdout)
    else:
        _write(format_report(results, colour=use_colour(sys.stdout)), sys.stdout)
    return 0 if all(r.ok for r in results) else 1


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true",
                        help="print the report as JSON (for facilitators collecting reports)")
    parser.add_argument("--facilitator", action="store_true",
                        help="also check the packages for building the book and running "
                        "the tests, and the sandbox emiskit grade needs (bubblewrap)")
    parser.set_defaults(func=_run)


def register(subparsers: argparse._SubParsersAction) -> None:
    description = ("Check that this computer is ready for the course: Python, packages, "
                   "datasets, widgets, offline charts and the exercise checker. Prints the "
                   "fix for each problem; exit code 1 when something is wrong.")
    parser = subparsers.add_parser("doctor", help="check this computer is ready for the "
                                   "course", description=description)
    _add_arguments(parser)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="emiskit doctor", description="Check that this "
                                     "computer is ready for the course.")
    _add_arguments(parser)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
