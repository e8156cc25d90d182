"""Pre- and post-workshop surveys: the question sets, and a comparison question by question.

The questions and their answer scales live in ``book/facilitators/surveys/questions.csv``
and ``scales.csv``; the facilitator page shows the same files, so the page, the forms and
this code never disagree. Facilitators put the questions into any form tool (paper,
KoboToolbox, Google or Microsoft Forms), export the answers as CSV, one row per person and
one column per question id, and compare:

    emiskit survey compare pre.csv post.csv --module 2

Answers may be the scale's numbers (1–5) or its labels as written in ``scales.csv`` (case
and surrounding spaces ignored), because form tools export either. Blanks are "did not
answer" and are left out of every share, as the course teaches. If both files have a
``respondent`` column (an anonymous code each person writes on both forms), the report
also counts, among those who answered both times, who moved up, stayed or moved down.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from emiskit.paths import course_root

__all__ = [
    "RESPONDENT",
    "compare",
    "load_questions",
    "load_scales",
    "questions_for",
    "read_answers",
    "register",
]

#: Column that links a person's pre and post answers (optional).
RESPONDENT = "respondent"
#: Answers at or above this value count as "top two" (confident, agree, monthly or more).
TOP = 4


def _survey_dir() -> Path:
    return course_root() / "book" / "facilitators" / "surveys"


def load_scales(path: Path | str | None = None) -> dict[str, dict[int, str]]:
    """Each answer scale: its values and their labels, from ``scales.csv``."""
    table = pd.read_csv(path or _survey_dir() / "scales.csv", dtype={"value": int})
    return {scale: dict(zip(rows["value"], rows["label"], strict=True))
            for scale, rows in table.groupby("scale", sort=False)}


def load_questions(path: Path | str | None = None) -> pd.DataFrame:
    """Every survey question (id, module, asked, scale, question, objective), indexed by id."""
    table = pd.read_csv(path or _survey_dir() / "questions.csv", dtype=str)
    return table.set_index("id")


def questions_for(when: Literal["pre", "post"], module: str | int | None = None,
                  questions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The questions of one form: those asked ``when`` (or both times), for one module.

    Questions of module ``all`` (the session's evaluation, expectations) belong to every
    module's form.
    """
    if when not in ("pre", "post"):
        raise ValueError(f"when must be 'pre' or 'post', not {when!r}")
    table = load_questions() if questions is None else questions
    keep = table["asked"].isin([when, "both"])
    if module is not None:
        modules = sorted(set(table["module"]) - {"all"})
        if str(module) not in modules:
            raise ValueError(f"there is no module '{module}' in the survey questions; "
                             f"choose one of {', '.join(modules)}")
        keep &= table["module"].isin([str(module), "all"])
    return table[keep]


def _decoder(scale: dict[int, str]) -> dict[str, int]:
    codes = {label.strip().casefold(): value for value, label in scale.items()}
    codes.update({str(value): value for value in scale})
    return codes


def read_answers(path: Path | str, questions: pd.DataFrame | None = None,
                 scales: dict[str, dict[int, str]] | None = None) -> pd.DataFrame:
    """The scaled answers of a survey export as numbers (missing where blank).

    Keeps the ``respondent`` column, if any, and every column named after a question with
    an answer scale; other columns (time stamps, names, open answers) are dropped. Raises
    ``ValueError`` naming the file, row and question of any answer that is not on its scale.
    """
    questions = load_questions() if questions is None else questions
    scales = load_scales() if scales is None else scales
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw.columns = [str(c).strip() for c in raw.columns]
    scaled = [c for c in raw.columns if c in questions.index
              and questions.at[c, "scale"] in scales]
    if not scaled:
        raise ValueError(f"{path}: no column is named after a survey question; name the "
                         f"columns with the question ids of questions.csv (for example "
                         f"{', '.join(questions.index[:3])})")
    out = pd.DataFrame(index=raw.index)
    if RESPONDENT in raw.columns:
        out[RESPONDENT] = raw[RESPONDENT].str.strip()
    for column in scaled:
        scale = scales[questions.at[column, "scale"]]
        codes = _decoder(scale)
        values = []
        for row, answer in raw[column].items():
            text = answer.strip()
            if not text:
                values.append(pd.NA)
            elif text.casefold() in codes:
                values.append(codes[text.casefold()])
            else:
                allowed = "; ".join(f"{v} or '{label}'" for v, label in scale.items())
                raise ValueError(f"{path}, row {row + 2}, question {column}: {answer!r} is not "
                                 f"an answer on its scale; use {allowed}, or leave it blank")
        out[column] = pd.array(values, dtype="Int64")
    return out


def _paired(pre: pd.DataFrame, post: pd.DataFrame, column: str) -> dict[str, int]:
    for name, table in (("pre", pre), ("post", post)):
        duplicated = table[RESPONDENT][table[RESPONDENT] != ""].duplicated()
        if duplicated.any():
            code = table[RESPONDENT][table[RESPONDENT] != ""][duplicated].iloc[0]
            raise ValueError(f"the {name} answers have the respondent code {code!r} more "
                             f"than once; each person needs their own code")
    both = pre[[RESPONDENT, column]].merge(post[[RESPONDENT, column]], on=RESPONDENT,
                                           suffixes=("_pre", "_post"))
    both = both[(both[RESPONDENT] != "")].dropna()
    change = both[f"{column}_post"] - both[f"{column}_pre"]
    return {"n_paired": len(both), "up": int((change > 0).sum()),
            "same": int((change == 0).sum()), "down": int((change < 0).sum())}


def compare(pre: pd.DataFrame, post: pd.DataFrame,
            questions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Change per question between two answer tables from :func:`read_answers`.

    One row per question asked both times and present in both tables: answers counted
    (``n_pre``, ``n_post``), mean answer, share in the top two answers (per cent of those
    who answered), and the changes. With a ``respondent`` column in both tables, also the
    people who answered both times (``n_paired``) and how many moved up, stayed the same
    or moved down.
    """
    questions = load_questions() if questions is None else questions
    both_times = questions.index[questions["asked"] == "both"]
    common = [q for q in both_times if q in pre.columns and q in post.columns]
    if not common:
        raise ValueError("the two answer tables share no question that is asked before and "
                         "after; check that they are the pre and post answers of one module")
    paired = RESPONDENT in pre.columns and RESPONDENT in post.columns
    rows = []
    for q in common:
        before, after = pre[q].dropna(), post[q].dropna()
        row: dict[str, Any] = {"id": q, "question": questions.at[q, "question"],
                               "n_pre": len(before), "n_post": len(after)}
        for name, values in (("pre", before), ("post", after)):
            row[f"mean_{name}"] = float(values.mean()) if len(values) else float("nan")
            row[f"top2_{name}"] = (100 * float((values >= TOP).mean()) if len(values)
                                   else float("nan"))
        row["mean_change"] = row["mean_post"] - row["mean_pre"]
        row["top2_change"] = row["top2_post"] - row["top2_pre"]
        if paired:
            row.update(_paired(pre, post, q))
        rows.append(row)
    order = ["id", "question", "n_pre", "n_post", "mean_pre", "mean_post", "mean_change",
             "top2_pre", "top2_post", "top2_change"]
    if paired:
        order += ["n_paired", "up", "same", "down"]
    return pd.DataFrame(rows, columns=order).set_index("id")


def _print_report(report: pd.DataFrame) -> None:
    paired = "n_paired" in report.columns
    head = f"{'question':<18}{'n pre':>6}{'n post':>7}{'mean':>13}{'top two (%)':>17}"
    print(head + (f"{'paired: up/same/down':>24}" if paired else ""))
    for q, r in report.iterrows():
        line = (f"{q:<18}{r.n_pre:>6}{r.n_post:>7}"
                f"{r.mean_pre:>6.1f} → {r.mean_post:<4.1f}"
                f"{r.top2_pre:>8.0f} → {r.top2_post:<6.0f}")
        if paired:
            line += f"{r.n_paired:>8}: {r.up}/{r.same}/{r.down}"
        print(line)
    print("Shares are of those who answered each question; 'top two' is an answer of "
          f"{TOP} or 5.")


def _run_compare(args: argparse.Namespace) -> int:
    try:
        questions = load_questions()
        if args.module is not None:
            questions = questions.loc[questions_for("post", args.module, questions).index]
        pre = read_answers(args.pre, questions)
        post = read_answers(args.post, questions)
        report = compare(pre, post, questions)
    except (ValueError, FileNotFoundError) as error:
        print(f"emiskit survey compare: {error}", file=sys.stderr)
        return 2
    _print_report(report)
    if args.out:
        report.round(1).to_csv(args.out)
        print(f"Written: {args.out}")
    return 0


def _run_form(args: argparse.Namespace) -> int:
    try:
        form = questions_for(args.when, args.module)
    except ValueError as error:
        print(f"emiskit survey form: {error}", file=sys.stderr)
        return 2
    scales = load_scales()
    for q, row in form.iterrows():
        scale = scales.get(row["scale"])
        answers = " | ".join(f"{v} {label}" for v, label in scale.items()) if scale else "text"
        print(f"{q}: {row['question']}\n    {answers}")
    if args.template:
        pd.DataFrame(columns=[RESPONDENT, *form.index]).to_csv(args.template, index=False)
        print(f"Written: {args.template} (a header row to fill in, one row per person)")
    return 0


def register(subparsers: Any) -> None:
    """Add ``emiskit survey form`` and ``emiskit survey compare`` to the command line."""
    parser = subparsers.add_parser(
        "survey",
        help="pre- and post-workshop surveys: print a form, compare answers",
        description="The course's pre- and post-workshop surveys (questions in "
                    "book/facilitators/surveys/).",
    )
    sub = parser.add_subparsers(dest="survey_command", metavar="ACTION", required=True)
    form = sub.add_parser("form", help="print the questions of a form and their answer scales")
    form.add_argument("when", choices=["pre", "post"])
    form.add_argument("--module", help="module number (0 to 3); default: all modules")
    form.add_argument("--template", metavar="CSV",
                      help="also write an empty answer table with the question ids as columns")
    form.set_defaults(func=_run_form)
    comp = sub.add_parser("compare", help="compare pre and post answers question by question")
    comp.add_argument("pre", help="CSV of the answers before the workshop")
    comp.add_argument("post", help="CSV of the answers after the workshop")
    comp.add_argument("--module", help="only this module's questions (0 to 3)")
    comp.add_argument("--out", metavar="CSV", help="also write the report as CSV")
    comp.set_defaults(func=_run_compare)
