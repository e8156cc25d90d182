"""Pre- and post-workshop surveys: the question sets agree with the modules' goals and the
page, and the comparison counts what it says it counts."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pandas as pd
import pytest

from emiskit.facilitation.surveys import (
    compare,
    load_questions,
    load_scales,
    questions_for,
    read_answers,
    register,
)
from emiskit.paths import course_root

FACILITATORS = course_root() / "book" / "facilitators"
PLANS = {"1": "module1-session-plan.md", "2": "module2-session-plan.md",
         "3": "module3-session-plan.md"}


# --- the question sets ------------------------------------------------------------------


def test_questions_are_well_formed() -> None:
    questions, scales = load_questions(), load_scales()
    assert questions.index.is_unique
    assert set(questions["asked"]) <= {"pre", "post", "both"}
    assert set(questions["module"]) <= {"0", "1", "2", "3", "all"}
    assert set(questions["scale"]) <= set(scales) | {"text"}
    for scale in scales.values():
        assert list(scale) == [1, 2, 3, 4, 5]
        assert len(set(scale.values())) == 5
    for module in ("0", "1", "2", "3"):
        asked = questions[questions["module"] == module]
        assert (asked["asked"] == "both").any(), f"module {module} has nothing to compare"


@pytest.mark.parametrize("module", sorted(PLANS))
def test_every_goal_of_the_session_plan_has_a_question(module: str) -> None:
    text = (FACILITATORS / PLANS[module]).read_text(encoding="utf-8")
    goals_section = text.split("\n## Goals\n", 1)[1].split("\n## ", 1)[0]
    goals = {int(n) for n in re.findall(r"^(\d+)\. ", goals_section, flags=re.M)}
    assert goals, f"no numbered goals in {PLANS[module]}"
    questions = load_questions()
    covered = set()
    for objective in questions.loc[questions["module"] == module, "objective"]:
        found = re.search(rf"Module {module} goals? ([\d, and]+)", objective)
        if found:
            covered |= {int(n) for n in re.findall(r"\d+", found.group(1))}
    assert goals <= covered, f"module {module}: goals {sorted(goals - covered)} have no question"


def test_a_form_has_its_module_and_the_general_questions() -> None:
    pre = questions_for("pre", 2)
    assert set(pre["module"]) == {"2", "all"}
    assert set(pre["asked"]) == {"pre", "both"}
    post = questions_for("post")
    assert "post_useful" in post.index and "pre_expect" not in post.index


def test_an_unknown_module_or_moment_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"there is no module '7'.*choose one of 0, 1, 2, 3"):
        questions_for("pre", 7)
    with pytest.raises(ValueError, match="when must be 'pre' or 'post'"):
        questions_for("during")  # type: ignore[arg-type]


def test_the_page_shows_the_shared_files() -> None:
    text = (FACILITATORS / "surveys.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"^:file: (\S+)$", text, flags=re.M))
    assert shown == {"surveys/questions.csv", "surveys/scales.csv"}
    for path in shown:
        assert (FACILITATORS / path).is_file()


# --- reading and comparing answers --------------------------------------------------------


def _csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_answers_may_be_numbers_or_labels_and_blanks_are_missing(tmp_path: Path) -> None:
    path = _csv(tmp_path, "pre.csv",
                "Timestamp,respondent,m2_gaps,m2_use_results,pre_expect,unrelated\n"
                "x, ab ,2, every WEEK ,more,1\n"
                "x,cd,Very confident,,less,2\n")
    answers = read_answers(path)
    assert list(answers.columns) == ["respondent", "m2_gaps", "m2_use_results"]
    assert answers["respondent"].tolist() == ["ab", "cd"]
    assert answers["m2_gaps"].tolist() == [2, 5]
    assert answers["m2_use_results"].iloc[0] == 5
    assert answers["m2_use_results"].isna().iloc[1]


def test_an_answer_off_the_scale_names_file_row_and_question(tmp_path: Path) -> None:
    path = _csv(tmp_path, "post.csv", "m1_toolkit\n4\nquite sure\n")
    with pytest.raises(ValueError) as caught:
        read_answers(path)
    message = str(caught.value)
    assert message.startswith(f"{path}, row 3, question m1_toolkit: 'quite sure' is not an "
                              "answer on its scale")
    assert "5 or 'Very confident'" in message and "leave it blank" in message


def test_a_file_without_question_columns_is_rejected(tmp_path: Path) -> None:
    path = _csv(tmp_path, "pre.csv", "Q1,Q2\n3,4\n")
    with pytest.raises(ValueError, match="no column is named after a survey question"):
        read_answers(path)


def _answers(rows: dict[str, list]) -> pd.DataFrame:
    table = pd.DataFrame(rows)
    for column in table.columns:
        if column != "respondent":
            table[column] = pd.array(table[column], dtype="Int64")
    return table


def test_compare_counts_those_who_answered() -> None:
    pre = _answers({"m3_quality": [1, 2, 4, None], "m3_saber": [3, 3, 3, 3]})
    post = _answers({"m3_quality": [4, 5, 3], "m3_saber": [3, 3, 3]})
    report = compare(pre, post)
    assert list(report.index) == ["m3_quality", "m3_saber"]
    quality = report.loc["m3_quality"]
    assert (quality.n_pre, quality.n_post) == (3, 3)
    assert quality.mean_pre == pytest.approx(7 / 3)
    assert quality.mean_post == pytest.approx(4.0)
    assert quality.mean_change == pytest.approx(4.0 - 7 / 3)
    assert quality.top2_pre == pytest.approx(100 / 3)
    assert quality.top2_post == pytest.approx(200 / 3)
    assert report.loc["m3_saber", "mean_change"] == 0
    assert "n_paired" not in report.columns


def test_compare_pairs_people_by_their_code() -> None:
    pre = _answers({"respondent": ["a", "b", "c", ""], "m1_survey": [2, 4, 3, 1]})
    post = _answers({"respondent": ["b", "a", "d", ""], "m1_survey": [4, 3, 5, 5]})
    row = compare(pre, post).loc["m1_survey"]
    # a: 2 → 3 (up), b: 4 → 4 (same); c and d answered once; blank codes are not paired.
    assert (row.n_paired, row.up, row.same, row.down) == (2, 1, 1, 0)


def test_compare_rejects_a_code_used_twice() -> None:
    pre = _answers({"respondent": ["a", "a"], "m1_survey": [2, 4]})
    post = _answers({"respondent": ["a"], "m1_survey": [3]})
    with pytest.raises(ValueError, match="the pre answers have the respondent code 'a' more"):
        compare(pre, post)


def test_compare_needs_a_shared_question() -> None:
    with pytest.raises(ValueError, match="share no question"):
        compare(_answers({"m1_survey": [1]}), _answers({"m2_gaps": [1]}))


# --- emiskit survey -----------------------------------------------------------------------


def _survey(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="emiskit")
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["survey", *argv])
    return args.func(args)


def test_survey_compare_command(tmp_path: Path, capsys) -> None:
    pre = _csv(tmp_path, "pre.csv", "respondent,m2_gaps,m1_survey\na,2,1\nb,3,1\n")
    post = _csv(tmp_path, "post.csv", "respondent,m2_gaps,m1_survey\na,4,5\nb,Confident,5\n")
    out = tmp_path / "report.csv"
    assert _survey("compare", str(pre), str(post), "--module", "2", "--out", str(out)) == 0
    printed = capsys.readouterr().out
    assert "m2_gaps" in printed and "m1_survey" not in printed
    report = pd.read_csv(out, index_col="id")
    assert report.loc["m2_gaps", "mean_change"] == 1.5
    assert report.loc["m2_gaps", "up"] == 2


def test_survey_compare_command_reports_bad_answers(tmp_path: Path, capsys) -> None:
    pre = _csv(tmp_path, "pre.csv", "m2_gaps\nsometimes\n")
    assert _survey("compare", str(pre), str(pre)) == 2
    assert "row 2, question m2_gaps: 'sometimes'" in capsys.readouterr().err


def test_survey_form_command_writes_a_template(tmp_path: Path, capsys) -> None:
    template = tmp_path / "form.csv"
    assert _survey("form", "post", "--module", "3", "--template", str(template)) == 0
    columns = template.read_text(encoding="utf-8").strip().split(",")
    assert columns[0] == "respondent"
    assert columns[1:] == list(questions_for("post", 3).index)
    assert "5 Very confident" in capsys.readouterr().out
