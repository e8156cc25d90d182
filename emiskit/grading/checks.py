"""The checking process: hidden checks run here, on plain data, never beside learner code.

``emiskit grade`` starts one such process per run (``python -I -m emiskit.grading.checks
TESTS_DIR``) once the autograder's test files are unpacked in a folder only the grader can
read. For each submission it receives, on one line of standard input, the folder where the
sandbox left the answers (the sandbox has ended by then); it reads them back as plain data
(:func:`emiskit.grading.answers.load`), runs every question's test file on them with
otter's own test runner, and answers on one line of standard output with the result of
each test case: points, passed, and the plain-language hint of a failure. The checks'
source and tracebacks never leave this process. Learner code never runs here: there is
none to run, only numbers, text and tables.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

from emiskit.grading.answers import Missing, declared_answers, load

__all__ = ["check_answers", "main"]

#: Said for a declared answer the notebook never defined.
NOT_DEFINED = (
    "`{name}` does not exist when your notebook runs from the top: run the cell that "
    "computes it (and the cells before it) and save the notebook before you hand it in."
)


#: Longest hint kept: a hint may quote the learner's answer, which may be long.
MAX_HINT = 1200


def _capped(text: str) -> str:
    return text if len(text) <= MAX_HINT else text[: MAX_HINT - 1] + "…"


def _run_test_file(path: Path, answers: dict[str, Any],
                   problems: dict[str, str]) -> dict[str, Any]:
    from otter.test_files import create_test_file
    from otter.test_files.abstract_test import TestCaseResult

    from emiskit.grading.notebook import hint_for_case

    test_file = create_test_file(str(path), None)
    env = {k: v for k, v in answers.items() if not isinstance(v, Missing)}
    results = []
    for case in test_file.test_cases:
        params = case.body._get_func_params()
        absent = [p for p in params if p not in env]
        if absent:
            hint = problems.get(absent[0]) or NOT_DEFINED.format(name=absent[0])
            results.append(TestCaseResult(test_case=case, message=f"Hint: {hint}",
                                          passed=False))
            continue
        passed, message = True, ""
        # What a check prints is for nobody; each test gets its own copy of the answers'
        # namespace, so one test cannot change what the next one sees.
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                case.body.call_func(copy.deepcopy(env))
            except Exception as exc:
                passed, message = False, test_file._generate_error_message(exc)
        results.append(TestCaseResult(test_case=case, message=message, passed=passed))
    test_file.test_case_results = results
    cases = [{
        "hidden": bool(r.test_case.hidden),
        "points": float(r.test_case.points or 0),
        "passed": bool(r.passed),
        "hint": None if r.passed else _capped(hint_for_case(r)),
    } for r in results]
    return {"score": round(float(test_file.score), 6),
            "possible": round(float(test_file.possible), 6), "cases": cases}


def check_answers(tests_dir: Path, answers_dir: Path) -> dict[str, Any]:
    """Run every test file of ``tests_dir`` on the answers in ``answers_dir``.

    Returns ``{"questions": {name: {"score", "possible", "cases"}}}``.
    """
    declared = declared_answers(tests_dir)
    names = sorted({n for names in declared.values() for n in names})
    answers, problems = load(answers_dir, names)
    questions = {}
    for question in sorted(declared):
        questions[question] = _run_test_file(tests_dir / f"{question}.py", answers, problems)
    return {"questions": questions}


def main(argv: list[str] | None = None) -> int:
    """Serve check requests (one JSON line each) until standard input closes."""
    args = sys.argv[1:] if argv is None else argv
    tests_dir = Path(args[0])
    # The protocol has standard output to itself: anything a check prints goes to stderr.
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    for line in sys.stdin:
        try:
            request = json.loads(line)
            reply = check_answers(tests_dir, Path(request["answers"]))
        except Exception as exc:  # a broken autograder: report, keep serving
            reply = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
        protocol.write(json.dumps(reply) + "\n")
        protocol.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
