"""The answer checker learners use inside a graded notebook: ``grader.check("q1")``.

It is otter's :class:`otter.Notebook` with three changes, each for the people the course
serves:

* a check shows the plain-language hint of the first thing that is wrong (see
  :mod:`emiskit.grading.feedback`), not a test's source code and traceback, and looks the
  same every time (otter picks a random emoji, which would make stored outputs differ);
* ``grader.check_all()`` shows a short summary of every question;
* it writes no ``.OTTER_LOG`` file (the course grades by re-running the notebook, so the
  log is never read) and ``grader.export()`` makes no PDF by default (that needs LaTeX or
  a browser, which a workshop laptop may not have).

Grading is unchanged: in otter's grading mode the scores come from otter's own checker,
which this class only calls.
"""

from __future__ import annotations

import html
import inspect
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import otter
from otter.check.utils import list_available_tests

from emiskit.grading.feedback import extract_hint

__all__ = ["CheckResult", "CheckSummary", "Notebook", "hint_for_case", "hints_for"]

#: Said when a check fails with an error that is not one of our hints (a bug in a test).
UNEXPECTED = (
    "The check could not read your answer ({error}). Run every cell from the top "
    "(Run > Run All Cells) and try again; if this message stays, ask your facilitator."
)

_PASSED_TEXT = "well done: your answer passes the checks in this notebook."
_GRADING_NOTE = (
    "When your facilitator grades the notebook, a few more checks run on the same answers."
)


def _case_hints(result: Any) -> list[str]:
    failure = getattr(result.test_case, "failure_message", None)
    hint = extract_hint(result.message)
    if hint is None:
        hint = UNEXPECTED.format(error=_last_error_line(result.message))
    return [text for text in (failure, hint) if text]


def hint_for_case(result: Any) -> str:
    """The plain-language hint of one failed test case (never its source or traceback)."""
    return " ".join(_case_hints(result))


def hints_for(test_case_results: Sequence[Any]) -> list[str]:
    """The hints to show for a question's failed test cases, in order, without repeats."""
    hints: list[str] = []
    for result in test_case_results:
        if result.passed:
            continue
        for text in _case_hints(result):
            if text not in hints:
                hints.append(text)
    return hints


def _last_error_line(message: str | None) -> str:
    lines = [line.strip() for line in (message or "").splitlines() if line.strip()]
    return lines[-1] if lines else "no details"


def _inline_html(text: str) -> str:
    """Escape ``text`` for HTML and show `backticked` names as code."""
    escaped = html.escape(text)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


class CheckResult:
    """What ``grader.check("q1")`` shows: passed, or the hints for what to fix."""

    def __init__(self, test_file: Any) -> None:
        self.test_file = test_file
        self.question: str = test_file.name
        self.passed: bool = bool(test_file.passed_all)
        self.hints: list[str] = hints_for(test_file.test_case_results)
        self.successes: list[str] = [
            r.test_case.success_message
            for r in test_file.test_case_results
            if r.passed and getattr(r.test_case, "success_message", None)
        ]

    @property
    def score(self) -> float:
        return float(self.test_file.score)

    @property
    def possible(self) -> float:
        return float(self.test_file.possible)

    def __repr__(self) -> str:
        if self.passed:
            lines = [f"✅ {self.question} — {_PASSED_TEXT}", *self.successes]
            return "\n".join(lines)
        return "\n".join([f"❌ {self.question} — not yet.", *(f"   💡 {h}" for h in self.hints)])

    def _repr_html_(self) -> str:
        if self.passed:
            body = f"<strong>✅ {html.escape(self.question)}</strong> — {_PASSED_TEXT}"
            body += "".join(f"<br>{_inline_html(s)}" for s in self.successes)
            colour = "#009E73"
        else:
            body = f"<strong>❌ {html.escape(self.question)}</strong> — not yet."
            body += "".join(f"<br>💡 {_inline_html(h)}" for h in self.hints)
            colour = "#D55E00"
        return (
            f'<div class="emiskit-check" style="border-left:4px solid {colour};'
            f'padding:0.3em 0.8em;margin:0.3em 0">{body}</div>'
        )


class MissingQuestion(CheckResult):
    """Shown when ``grader.check`` is called with a question name the notebook lacks."""

    def __init__(self, question: str, available: Sequence[str]) -> None:
        self.test_file = None
        self.question = question
        self.passed = False
        names = ", ".join(f'"{a}"' for a in available) or "none"
        self.hints = [f"There is no check called {question!r} here. The checks are: {names}."]
        self.successes = []

    @property
    def score(self) -> float:
        return 0.0

    @property
    def possible(self) -> float:
        return 0.0


class CheckSummary:
    """What ``grader.check_all()`` shows: one line per question and a count."""

    def __init__(self, results: Sequence[CheckResult]) -> None:
        self.results = list(results)

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.results)

    def _headline(self) -> str:
        return (
            f"Summary: {self.passed} of {len(self.results)} questions pass the checks in this "
            "notebook."
        )

    def __repr__(self) -> str:
        lines = [self._headline()]
        for r in self.results:
            if r.passed:
                lines.append(f"✅ {r.question}")
            else:
                first = r.hints[0] if r.hints else "not yet."
                lines.append(f"❌ {r.question} — {first}")
        lines.append(_GRADING_NOTE)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = []
        for r in self.results:
            if r.passed:
                rows.append(f"<li>✅ <strong>{html.escape(r.question)}</strong></li>")
            else:
                first = r.hints[0] if r.hints else "not yet."
                rows.append(f"<li>❌ <strong>{html.escape(r.question)}</strong> — "
                            f"{_inline_html(first)}</li>")
        return (
            '<div class="emiskit-check-all">'
            f"<p><strong>{html.escape(self._headline())}</strong></p>"
            f'<ul style="list-style:none;padding-left:0.5em">{"".join(rows)}</ul>'
            f"<p>{html.escape(_GRADING_NOTE)}</p></div>"
        )


def _assignment_name(path: Path) -> str | None:
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        return meta.get("otter", {}).get("assignment_name")
    except (OSError, ValueError, AttributeError):
        return None


def _find_notebook(nb_path: str | None) -> str | None:
    """Find the learner's notebook even if they renamed or copied it.

    The init cell names the notebook as released (``ger-and-gender-parity.ipynb``); a learner
    who saved it as ``maria-ger.ipynb`` should still get their checks. Falls back to the only
    notebook of the same assignment in the folder, then to the only notebook at all.
    """
    if nb_path is None or Path(nb_path).is_file():
        return nb_path
    if otter.Notebook._grading_mode:
        return None  # the grader reads tests from its own folder, not from the notebook
    wanted = Path(nb_path).stem
    notebooks = sorted(Path(".").glob("*.ipynb"))
    same = [p for p in notebooks if _assignment_name(p) == wanted]
    for candidates in (same, notebooks):
        if len(candidates) == 1:
            return str(candidates[0])
    return nb_path


class Notebook(otter.Notebook):
    """Otter's notebook checker with plain-language results (see the module docstring)."""

    def __init__(
        self,
        nb_path: str | None = None,
        tests_dir: str = "./tests",
        tests_url_prefix: str | None = None,
    ) -> None:
        super().__init__(_find_notebook(nb_path), tests_dir, tests_url_prefix)

    def _log_event(self, *args: Any, **kwargs: Any) -> None:
        """Write no ``.OTTER_LOG``: grading re-runs the notebook and never reads it."""
        return None

    def _questions(self) -> list[str]:
        return list_available_tests(self._tests_dir, self._nbmeta_config)

    def check(self, question: str, global_env: dict[str, Any] | None = None) -> CheckResult:
        """Run the checks of one question and show what passed or what to fix."""
        if global_env is None:
            global_env = inspect.currentframe().f_back.f_globals
        try:
            test_file = super().check(question, global_env)
        except FileNotFoundError:
            return MissingQuestion(question, self._questions())
        return CheckResult(test_file)

    def check_all(self) -> CheckSummary | None:
        """Run every question's checks and show a one-line summary for each."""
        if type(self)._grading_mode:
            return None
        global_env = inspect.currentframe().f_back.f_globals
        return CheckSummary([self.check(q, global_env) for q in self._questions()])

    def export(
        self,
        nb_path: str | None = None,
        export_path: str | None = None,
        pdf: bool = False,
        filtering: bool = True,
        pagebreaks: bool = True,
        files: list[str] | None = None,
        display_link: bool = True,
        force_save: bool = False,
        run_tests: bool = False,
        ignore_log: bool = True,
    ) -> None:
        """Make the submission zip otter expects; no PDF unless asked for."""
        return super().export(
            nb_path=_find_notebook(nb_path or self._notebook),
            export_path=export_path,
            pdf=pdf,
            filtering=filtering,
            pagebreaks=pagebreaks,
            files=files,
            display_link=display_link,
            force_save=force_save,
            run_tests=run_tests,
            ignore_log=ignore_log,
        )
