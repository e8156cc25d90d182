"""What a grading run leaves behind: the gradebook (CSV) and one feedback page per learner.

Both are written atomically (a temporary file in the same folder, then a rename), so a
crash, a power cut or a Ctrl-C in the middle of a class never leaves a half-written file:
the previous version stays until the new one is complete.
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

__all__ = [
    "STATUS_MEANING",
    "GradebookMismatch",
    "clean_text",
    "feedback_page",
    "gradebook_columns",
    "read_gradebook",
    "safe_cell",
    "write_atomically",
    "write_gradebook",
]

#: Gradebook status values and what each means, for people (also shown on feedback pages).
STATUS_MEANING: dict[str, str] = {
    "ok": "The notebook ran from top to bottom and every question was checked.",
    "timeout": "The notebook ran longer than the time limit and was stopped.",
    "error": "The notebook could not be graded: Python stopped, the checks could not run, "
             "or the run was stopped before this file.",
    "invalid": "The file is not a notebook of this exercise, or it is damaged.",
}


class GradebookMismatch(ValueError):
    """The existing gradebook has other question columns (it belongs to another exercise)."""


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


#: Terminal escape sequences (colours, cursor moves, window titles) and control characters.
_ESCAPES = re.compile(
    r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])"  # CSI, OSC, 2-byte
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: First characters that make a spreadsheet read a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_text(text: str) -> str:
    """``text`` without terminal escapes and control characters (tabs and newlines kept)."""
    return _CONTROLS.sub("", _ESCAPES.sub("", str(text)))


def safe_cell(text: str) -> str:
    """A gradebook cell a spreadsheet shows as text: no control characters, no formula.

    A cell that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets
    a leading apostrophe, the usual defence against formula injection in CSV files.
    """
    text = str(text)
    if text.startswith(("\t", "\r")):
        return "'" + clean_text(text)
    text = clean_text(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def gradebook_columns(questions: Sequence[str]) -> list[str]:
    """The gradebook's columns, in order."""
    return ["learner", "file", "participant", *questions, "total", "possible", "status",
            "message"]


def read_gradebook(path: Path, questions: Sequence[str]) -> dict[str, dict[str, str]]:
    """Rows of an existing gradebook by learner id (empty if there is none).

    Raises :class:`GradebookMismatch` when its columns are not this exercise's, so that a
    gradebook of another exercise is never mixed up with this one.
    """
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        if reader.fieldnames != gradebook_columns(questions):
            raise GradebookMismatch(
                f"{path} has the columns {reader.fieldnames}, not those of this exercise; "
                "choose another --out file (or move the old one away)."
            )
        return {row["learner"]: row for row in reader}


def _number(value: float | None) -> str:
    if value is None:
        return ""
    value = round(float(value), 4)
    return str(int(value)) if value.is_integer() else f"{value:g}"


def gradebook_row(outcome: Mapping[str, Any], questions: Sequence[str],
                  possible: Mapping[str, float]) -> dict[str, str]:
    """One gradebook row from a grading outcome (points blank where nothing was graded)."""
    graded = outcome.get("questions") or {}
    row = {"learner": safe_cell(outcome["learner"]), "file": safe_cell(outcome["file"]),
           "participant": safe_cell(outcome.get("participant") or "")}
    total = 0.0
    for q in questions:
        score = graded.get(q, {}).get("score") if graded else None
        if graded and score is None:
            score = 0.0  # graded, but this question's test never ran
        row[q] = _number(score)
        total += float(score or 0)
    row["total"] = _number(total)
    row["possible"] = _number(sum(possible.values()))
    row["status"] = outcome["status"]
    row["message"] = safe_cell(" ".join(clean_text(outcome.get("message", "")).split()))
    return row


def write_gradebook(path: Path, rows: Iterable[Mapping[str, str]],
                    questions: Sequence[str]) -> None:
    """Write the gradebook (one row per learner, sorted by learner id) atomically."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=gradebook_columns(questions),
                            lineterminator="\n")
    writer.writeheader()
    for row in sorted(rows, key=lambda r: r["learner"]):
        writer.writerow({k: v if k in questions or k in ("total", "possible") else safe_cell(v)
                         for k, v in row.items()})
    write_atomically(path, buffer.getvalue())


def _inline(text: str) -> str:
    """Escape for HTML (control characters dropped); show `backticked` names as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(clean_text(text)))


def _escape(text: Any) -> str:
    return html.escape(clean_text(str(text)))


_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:46rem;
margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
h1{font-size:1.5rem}table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border-bottom:1px solid #ccc;padding:.5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.ok{color:#00704f}.no{color:#a33c00}
.note{border-left:4px solid #D55E00;background:#fff6ef;padding:.5rem 1rem}
code{background:#f3f3f3;padding:0 .2rem;border-radius:3px}
footer{margin-top:2rem;font-size:.9rem;color:#555}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
"""


def feedback_page(outcome: Mapping[str, Any], *, assignment: str, title: str,
                  questions: Sequence[str], possible: Mapping[str, float],
                  titles: Mapping[str, str], timeout: float) -> str:
    """A self-contained HTML page that tells one learner, in plain words, how they did."""
    graded = outcome.get("questions") or {}
    total = sum(float(v.get("score", 0)) for v in graded.values())
    out_of = sum(possible.values())
    status = outcome["status"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Feedback: {html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Feedback: {html.escape(title)}</h1>",
        f"<p>Learner: <strong>{_escape(outcome['learner'])}</strong> · file "
        f"<code>{_escape(outcome['file'])}</code> · graded on {date.today().isoformat()}</p>",
    ]
    if graded:
        parts.append(f"<p><strong>Your score: {_number(total)} of {_number(out_of)} "
                     "points.</strong></p>")
    if status != "ok" or outcome.get("message"):
        explanation = {
            "ok": "",
            "timeout": f"Your notebook ran longer than the time limit ({timeout:g} seconds) and "
                       "was stopped.",
            "error": "Your notebook could not be graded.",
            "invalid": "This file could not be graded.",
        }[status]
        parts.append(f'<div class="note"><p>{_inline(explanation)} '
                     f'{_inline(str(outcome.get("message", "")))}</p></div>')
    if graded:
        parts.append("<table><caption class=\"sr-only\">Points and comments by question"
                     "</caption><thead><tr><th scope=\"col\">Question</th>"
                     "<th scope=\"col\">Points</th><th scope=\"col\">Comments</th></tr>"
                     "</thead><tbody>")
        for q in questions:
            result = graded.get(q, {"score": 0.0, "cases": []})
            hints: list[str] = []
            for case in result.get("cases", []):
                hint = case.get("hint")
                if hint and hint not in hints:
                    hints.append(hint)
            score = float(result.get("score", 0))
            if score >= possible.get(q, 0) and not hints:
                comment = '<span class="ok">✅ Correct.</span>'
            elif hints:
                comment = "<br>".join(f'<span class="no">💡</span> {_inline(h)}' for h in hints)
            else:
                comment = "This question was not checked."
            parts.append(
                f"<tr><th scope=\"row\">{html.escape(titles.get(q, q))}</th>"
                f"<td>{_number(score)} / {_number(possible.get(q, 0))}</td><td>{comment}</td></tr>"
            )
        parts.append("</tbody></table>")
    errors = outcome.get("cell_errors") or []
    if errors:
        parts.append("<h2>Cells that stopped with an error</h2><p>When your notebook was run "
                     "from the top, these cells stopped with an error. Answers that needed "
                     "them could not be checked.</p><ul>")
        for error in errors[:10]:
            parts.append(f"<li>{_inline(error['where'])}: <code>{_escape(error['error'])}"
                         "</code></li>")
        parts.append("</ul>")
    parts.append(
        "<footer><p>How this was graded: your notebook was run from the top in a fresh Python, "
        "sealed off from everything else, and then each answer was checked, with the checks "
        "you saw in the notebook and a few more. "
        "To see an error again, open your notebook and choose Run &gt; Run All Cells.</p>"
        f"<p>Exercise: <code>{html.escape(assignment)}</code>.</p></footer></body></html>"
    )
    return "\n".join(parts) + "\n"
