"""``grader.check`` in a real kernel: the learner reads a hint, never a traceback."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from grading import submissions as S  # tests/fixtures (see conftest.py)
from nbclient import NotebookClient

pytestmark = [
    pytest.mark.slow,
    # otter (imported by the grader) uses a deprecated traitlets idiom; not ours to fix.
    pytest.mark.filterwarnings("ignore:Traits should be given as instances:DeprecationWarning"),
]


def run(nb: dict, folder: Path, filename: str = f"{S.ASSIGNMENT}.ipynb") -> dict[str, str]:
    """Run a learner notebook as JupyterLab would; return each check cell's shown text."""
    path = S.write(nb, folder / filename)
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, kernel_name="python3", timeout=120, allow_errors=False,
                   skip_cells_with_tag="nbval-skip",
                   resources={"metadata": {"path": str(folder)}}).execute()
    shown = {}
    for cell in notebook.cells:
        if cell.cell_type == "code" and cell.source.startswith("grader.check"):
            texts = []
            for out in cell.outputs:
                texts.append(out.get("text", ""))
                texts.extend(str(v) for v in out.get("data", {}).values())
            shown[cell.source.strip()] = "\n".join(texts)
    return shown


@pytest.fixture(scope="module")
def wrong_answers(root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    answers = dict(S.CORRECT)
    answers["primary_age_population = ..."] = 'primary_age_population = "842"'  # wrong type
    answers["ger = ..."] = "ger = primary_pupils / 842"  # a share, not a percentage
    # A table where one column of numbers was expected (a wrong column selection).
    answers["ger_by_sex = ..."] = 'ger_by_sex = primary.groupby("sex")[["pupils"]].sum()'
    answers["gpi = ..."] = 'gpi = float("nan")'  # NaN where a number was expected
    folder = tmp_path_factory.mktemp("learner")
    return run(S.answered(S.learner_notebook(root), answers), folder)


def test_wrong_answers_get_plain_language_hints(wrong_answers: dict[str, str]) -> None:
    q2 = wrong_answers['grader.check("q2")']
    assert "number written as text" in q2 and "Remove the quotes" in q2
    q3 = wrong_answers['grader.check("q3")']
    assert "share between 0 and 1" in q3 and "Multiply by 100" in q3
    q4 = wrong_answers['grader.check("q4")']
    assert "table (DataFrame)" in q4 and "keep just the column" in q4
    q5 = wrong_answers['grader.check("q5")']
    assert "NaN" in q5 and "not a number" in q5


def test_no_traceback_or_test_code_reaches_the_learner(wrong_answers: dict[str, str]) -> None:
    for text in wrong_answers.values():
        for leak in ("Traceback", "Error at line", "expect_number", "AssertionError",
                     "Test case failed", "def test_"):
            assert leak not in text, (leak, text)


def test_right_answers_and_the_summary(wrong_answers: dict[str, str]) -> None:
    assert "✅ q1" in wrong_answers['grader.check("q1")']
    summary = wrong_answers["grader.check_all()"]
    assert "2 of 6 questions pass" in summary
    assert "❌ q3" in summary and "Multiply by 100" in summary


def test_blank_notebook_runs_top_to_bottom_and_leaves_no_files(root: Path,
                                                                tmp_path: Path) -> None:
    shown = run(S.learner_notebook(root), tmp_path)
    assert "You have not answered yet" in shown['grader.check("q1")']
    assert "0 of 6 questions pass" in shown["grader.check_all()"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{S.ASSIGNMENT}.ipynb"]


def test_a_renamed_notebook_still_finds_its_checks(root: Path, tmp_path: Path) -> None:
    shown = run(S.correct(S.learner_notebook(root)), tmp_path, "maria-ger (1).ipynb")
    assert "6 of 6 questions pass" in shown["grader.check_all()"]
