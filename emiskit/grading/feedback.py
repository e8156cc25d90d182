"""Plain-language checks for graded notebooks: each failure says what is wrong and what to try.

The people who take the course are ministry staff, district officers and school leaders,
most of them new to Python. A failing ``assert`` with a traceback tells them nothing; a
sentence such as "your answer looks like a share between 0 and 1 — the GER is a
percentage, multiply by 100" lets them fix the mistake alone. So the test cases of an
exercise call these helpers instead of writing bare ``assert`` statements.

Every helper returns nothing when the answer is right and raises :class:`Hint` (an
``AssertionError``, which is what otter counts as a failed test) whose message is the
sentence to show. :class:`emiskit.grading.Notebook` and the feedback pages of
``emiskit grade`` show that sentence, never the traceback. A helper never raises anything
else on a strange answer: whatever the learner typed, they get a hint.

Write names of variables and columns in backticks inside messages: the HTML views show
them as code.

Example of a test cell in a master notebook (otter's exception-based format)::

    def test_ger(ger):
        from emiskit.grading.feedback import expect_number
        expect_number(ger, name="ger", plausible=(50, 150), percent=True)
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "Hint",
    "expect_answered",
    "expect_choice",
    "expect_columns",
    "expect_number",
    "expect_series",
    "expect_table",
    "expect_values",
    "extract_hint",
    "variant_mistakes",
    "wrong_variant_hint",
]

#: How a failure message that carries a hint starts, after the exception's type name.
HINT_PREFIX = "Hint: "


class Hint(AssertionError):
    """A failed check whose message is the plain-language hint for the learner."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.hint = message

    def __str__(self) -> str:
        return self.hint


def extract_hint(message: str | None) -> str | None:
    """Return the learner's hint carried by an otter test-case failure message, if any.

    Otter's exception-based test files report a failure as a few lines of context followed by
    ``"<ExceptionType>: <message>"``; a :class:`Hint` therefore appears as ``"Hint: …"``,
    possibly over several lines. Returns ``None`` when the failure is not a hint (an
    unexpected error inside a test), so the caller can say so in its own words.
    """
    if not message:
        return None
    marker = "\n" + HINT_PREFIX
    at = message.rfind(marker)
    if at < 0:
        if message.startswith(HINT_PREFIX):
            return message[len(HINT_PREFIX):].strip() or None
        return None
    return message[at + len(marker):].strip() or None


def _code(name: str) -> str:
    return f"`{name}`"


def _describe(value: Any) -> str:
    """Say in words what kind of thing ``value`` is, e.g. 'a table (DataFrame) with 3 rows'."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None
    if pd is not None:
        if isinstance(value, pd.DataFrame):
            rows = len(value)
            return (
                f"a table (DataFrame) with {rows} row{'s' if rows != 1 else ''} and "
                f"{value.shape[1]} column{'s' if value.shape[1] != 1 else ''}"
            )
        if isinstance(value, pd.Series):
            n = len(value)
            return f"a column of values (Series) with {n} value{'s' if n != 1 else ''}"
    if value is None:
        return "empty (None)"
    if isinstance(value, bool):
        return f"the yes/no value {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"the text {shown!r}"
    if isinstance(value, (list, tuple, set, dict)):
        kind = {list: "a list", tuple: "a tuple", set: "a set", dict: "a dictionary"}
        return f"{kind[type(value)]} with {len(value)} item{'s' if len(value) != 1 else ''}"
    if callable(value):
        return "a function (did you forget the brackets that call it, or the value it returns?)"
    return f"a value of type {type(value).__name__}"


def _fmt(x: float) -> str:
    """Format a number the way a person would read it aloud (no 17 digits)."""
    if x == 0 or not math.isfinite(x):
        return str(x)
    magnitude = abs(x)
    if magnitude >= 1000:
        return f"{x:,.0f}"
    if magnitude >= 1:
        return f"{x:,.2f}".rstrip("0").rstrip(".")
    return f"{x:.3g}"


def expect_answered(value: Any, name: str) -> None:
    """Fail if the learner has not replaced the ``...`` placeholder (or left nothing)."""
    if value is Ellipsis:
        raise Hint(
            f"You have not answered yet: in `{name} = ...`, replace the `...` with your "
            "answer, then run the cell."
        )
    if value is None:
        raise Hint(
            f"{_code(name)} has no value yet. Run the cell where you compute it (if it shows an "
            f"error, fix that first). If the cell ends with print(...), write "
            f"{_code(name)} = ... with the calculation itself instead."
        )


def _as_number(value: Any, name: str) -> float:
    """Return ``value`` as a float, or raise a :class:`Hint` saying why it is not a number."""
    expect_answered(value, name)
    try:
        import numpy as np
        import pandas as pd
    except ImportError:  # pragma: no cover - dependencies
        np = pd = None
    if pd is not None and isinstance(value, (pd.Series, pd.DataFrame)):
        if value.size == 1:
            raise Hint(
                f"{_code(name)} should be a single number, but it is {_describe(value)} that "
                "holds one number. Take the number out of it, for example with .sum() or "
                ".iloc[0]."
            )
        raise Hint(
            f"{_code(name)} should be a single number, but it is {_describe(value)}. Did you "
            "forget to add them up (.sum()) or to pick the one row you need?"
        )
    if np is not None and isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(()).item()
    if isinstance(value, (bool,)) or (np is not None and isinstance(value, np.bool_)):
        raise Hint(
            f"{_code(name)} should be a number, but it is {_describe(value)}: a comparison "
            "(with ==, < or >) gives yes/no, not a number."
        )
    if isinstance(value, str):
        try:
            float(value.replace(",", ""))
        except ValueError:
            pass
        else:
            raise Hint(
                f"{_code(name)} is {_describe(value)}: a number written as text (in quotes). "
                "Remove the quotes so that Python can calculate with it."
            )
        raise Hint(f"{_code(name)} should be a number, but it is {_describe(value)}.")
    if pd is not None and value is pd.NA:
        value = float("nan")
    numpy_real = (np is not None and isinstance(value, np.number)
                  and not isinstance(value, np.complexfloating))
    if not isinstance(value, numbers.Real) and not numpy_real:
        raise Hint(f"{_code(name)} should be a number, but it is {_describe(value)}.")
    number = float(value)
    if math.isnan(number):
        raise Hint(
            f"{_code(name)} is NaN (\"not a number\"): the calculation hit a missing value or "
            "a division by zero. Check that your filters kept some rows (the right district, "
            "year and ages) before you divide."
        )
    if math.isinf(number):
        raise Hint(
            f"{_code(name)} is infinite: you divided by zero. Check that the number you divide "
            "by is not 0, for example because a filter kept no rows."
        )
    return number


def _close(a: float, b: float, tol: float | None, rel: float | None) -> bool:
    if tol is None and rel is None:
        rel = 1e-6
    return math.isclose(a, b, rel_tol=rel or 0.0, abs_tol=tol or 0.0)


def _around(expected: float, share: float = 0.01) -> tuple[float, float]:
    """A range within 1 % of ``expected``: loose, because it only serves to diagnose."""
    ends = (expected * (1 - share), expected * (1 + share))
    return min(ends), max(ends)


def _factor_hint(number: float, target_lo: float, target_hi: float, name: str,
                 percent: bool) -> str | None:
    """Hint when ``number`` is off from the range [lo, hi] by exactly a factor of 100."""
    if target_lo <= number * 100 <= target_hi:
        if percent:
            return (
                f"{_code(name)} is {_fmt(number)}, a share between 0 and 1, but this indicator is "
                "a percentage. Multiply by 100 (the indicator functions of emiskit already do)."
            )
        return f"{_code(name)} is {_fmt(number)}: it looks 100 times too small."
    if number != 0 and target_lo <= number / 100 <= target_hi:
        if percent:
            return (
                f"{_code(name)} is {_fmt(number)}, 100 times too large. Did you multiply by 100 "
                "twice? The emiskit indicator functions already give a percentage."
            )
        return (
            f"{_code(name)} is {_fmt(number)}, 100 times too large. This is a plain ratio, not a "
            "percentage: do not multiply by 100."
        )
    return None


def expect_number(
    value: Any,
    expected: float | None = None,
    *,
    name: str = "your answer",
    tol: float | None = None,
    rel: float | None = None,
    plausible: tuple[float, float] | None = None,
    percent: bool = False,
    integer: bool = False,
    mistakes: Mapping[float, str] | None = None,
    advice: str | None = None,
) -> None:
    """Check a single number, explaining the usual mistakes in plain words.

    ``expected`` with ``tol`` (absolute) or ``rel`` (relative) checks the exact answer; use it
    in hidden tests. ``plausible=(low, high)`` checks only that the answer is believable,
    without giving it away; use it in public tests. ``percent`` says the answer is a
    percentage (so a value 100 times too small is probably a share). ``integer`` requires a
    whole number (a count). ``mistakes`` maps the values that known wrong methods produce to
    the hint for each (for example the net enrolment rate where the gross ratio was asked);
    ``advice`` is added when the answer is wrong in no recognised way.
    """
    number = _as_number(value, name)
    if integer and not float(number).is_integer():
        raise Hint(
            f"{_code(name)} is {_fmt(number)}, but it counts people, so it must be a whole "
            "number. Did you divide or average where you should add up?"
        )
    if plausible is not None:
        low, high = plausible
        if number == 0 and low > 0:
            raise Hint(
                f"{_code(name)} is 0: your filter probably kept no rows. Check the spelling of "
                "the codes and that numbers are compared with numbers (2024, not \"2024\")."
            )
        if not low <= number <= high:
            hint = _factor_hint(number, low, high, name, percent)
            if hint is None:
                hint = (
                    f"{_code(name)} is {_fmt(number)}, which is not believable here (expect "
                    f"something between {_fmt(low)} and {_fmt(high)})."
                )
                if advice:
                    hint += " " + advice
            raise Hint(hint)
    if expected is None:
        return
    if _close(number, expected, tol, rel):
        return
    for wrong, why in (mistakes or {}).items():
        if _close(number, wrong, tol, rel):
            raise Hint(why)
    hint = _factor_hint(number, *_around(expected), name, percent)
    if hint is None:
        hint = f"{_code(name)} is {_fmt(number)}, which is not the expected value yet."
        if advice:
            hint += " " + advice
    raise Hint(hint)


def _closest(name: str, options: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    if matches:
        return matches[0]
    lowered = {str(o).lower(): str(o) for o in options}
    return lowered.get(name.lower())


def expect_table(value: Any, name: str, columns: Iterable[str] = (), *,
                 min_rows: int = 1) -> None:
    """Check that ``value`` is a DataFrame with the named columns and at least one row."""
    import pandas as pd

    expect_answered(value, name)
    if isinstance(value, pd.Series):
        raise Hint(
            f"{_code(name)} should be a table (DataFrame) but it is {_describe(value)}. "
            "Keep the table, or turn the column back into one with .reset_index()."
        )
    if not isinstance(value, pd.DataFrame):
        raise Hint(f"{_code(name)} should be a table (DataFrame), but it is {_describe(value)}.")
    expect_columns(value, name, columns)
    if len(value) < min_rows:
        raise Hint(
            f"{_code(name)} has no rows: your filter kept nothing. Check the spelling of the "
            "codes and that numbers are compared with numbers (2024, not \"2024\")."
        )


def expect_columns(value: Any, name: str, columns: Iterable[str]) -> None:
    """Check that a DataFrame has every named column, suggesting the closest spelling."""
    present = [str(c) for c in getattr(value, "columns", [])]
    for column in columns:
        if column in present:
            continue
        near = _closest(column, present)
        shown = ", ".join(f"`{c}`" for c in present[:12]) or "none"
        if near:
            raise Hint(
                f"{_code(name)} has no column {_code(column)}; it has {_code(near)}. Column "
                f"names must match exactly, capitals included: name it {_code(column)}."
            )
        raise Hint(
            f"{_code(name)} has no column {_code(column)}. Its columns are: {shown}."
        )


def expect_series(value: Any, name: str, labels: Iterable[Any] = ()) -> None:
    """Check that ``value`` is a Series (one value per label) with the given labels."""
    import pandas as pd

    expect_answered(value, name)
    if isinstance(value, pd.DataFrame):
        if value.shape[1] == 1:
            raise Hint(
                f"{_code(name)} is {_describe(value)}; keep just the column of numbers, for "
                f"example {name}[\"{value.columns[0]}\"]."
            )
        raise Hint(
            f"{_code(name)} should be one column of numbers (a Series) with one value per "
            f"group, but it is {_describe(value)}. Pick the column you need after .groupby(...)."
        )
    if not isinstance(value, pd.Series):
        raise Hint(
            f"{_code(name)} should be one column of numbers (a Series) with one value per "
            f"group, but it is {_describe(value)}."
        )
    present = list(value.index)
    for label in labels:
        if label in present:
            continue
        shown = ", ".join(repr(p) for p in present[:12]) or "none"
        raise Hint(
            f"{_code(name)} has no value for {label!r}. Its labels are: {shown}. Group by the "
            "column that holds that label (for example .groupby(\"sex\"))."
        )


def expect_values(
    value: Any,
    expected: Mapping[Any, float],
    *,
    name: str,
    tol: float | None = None,
    rel: float | None = None,
    percent: bool = False,
    mistakes: Mapping[str, tuple[Mapping[Any, float], str]] | None = None,
    advice: str | None = None,
) -> None:
    """Check a Series of numbers label by label (e.g. the GER of girls and of boys).

    ``mistakes`` maps a short key to ``(values a wrong method gives, hint)``; the hint is
    shown when every label matches those values.
    """
    expect_series(value, name, expected.keys())
    numbers_by_label: dict[Any, float] = {}
    for label in expected:
        numbers_by_label[label] = _as_number(value[label], f"{name}[{label!r}]")
    if all(_close(numbers_by_label[k], v, tol, rel) for k, v in expected.items()):
        return
    for wrong_values, why in (mistakes or {}).values():
        if all(
            k in numbers_by_label and _close(numbers_by_label[k], v, tol, rel)
            for k, v in wrong_values.items()
        ):
            raise Hint(why)
    labels = list(expected)
    if len(labels) == 2:
        a, b = labels
        if _close(numbers_by_label[a], expected[b], tol, rel) and _close(
            numbers_by_label[b], expected[a], tol, rel
        ):
            raise Hint(
                f"The values for {a!r} and {b!r} in {_code(name)} are swapped. Check which "
                "group is which."
            )
    for label in labels:
        got, want = numbers_by_label[label], expected[label]
        if not _close(got, want, tol, rel):
            hint = _factor_hint(got, *_around(want), f"{name}[{label!r}]", percent)
            if hint is None:
                hint = (
                    f"The value of {_code(name)} for {label!r} ({_fmt(got)}) is not the expected "
                    "value yet."
                )
                if advice:
                    hint += " " + advice
            raise Hint(hint)


def _plain_text(value: str) -> str:
    """An exact ``str`` with the characters of ``value``, whatever its class claims.

    A subclass of ``str`` can redefine ``==``, ``strip`` or ``upper`` so that it "equals"
    anything; joining it copies its characters into a real ``str`` without calling any of
    its methods, so the comparisons that follow are the real ones.
    """
    plain = "".join([value]) if type(value) is not str else value
    assert type(plain) is str
    return plain


def expect_choice(
    value: Any,
    options: Iterable[str],
    expected: str | None = None,
    *,
    name: str,
    why_not: Mapping[str, str] | None = None,
) -> None:
    """Check a multiple-choice answer given as a letter such as ``"B"``.

    With ``expected=None`` only the form is checked (one of the letters), which a public test
    can do without giving the answer away. ``why_not`` maps each wrong option to the hint
    that explains why it is wrong. Only plain text is compared: a subclass of ``str`` is
    copied into a real ``str`` first, so an object that claims to equal every letter never
    passes.
    """
    expect_answered(value, name)
    allowed = [_plain_text(str(o)).upper() for o in options]
    letters = ", ".join(f'"{o}"' for o in allowed)
    if not isinstance(value, str):
        raise Hint(
            f"{_code(name)} should be one of the letters {letters}, in quotes, but it is "
            f"{_describe(value)}."
        )
    text = _plain_text(value)
    answer = text.strip().strip(".)").upper()
    if not any(type(answer) is str and str.__eq__(answer, option) is True
               for option in allowed):
        raise Hint(
            f"{_code(name)} is {text!r}; write just one of the letters {letters}, in quotes, "
            f"for example {name} = \"{allowed[0]}\"."
        )
    if expected is not None and not str.__eq__(answer, _plain_text(expected).upper()):
        raise Hint((why_not or {}).get(answer, "That is not the best answer; read the options "
                                            "again next to your results."))


def wrong_variant_hint(theirs: str, yours: str, *, kind: str = "district",
                       given: bool = True) -> str:
    """The hint for an answer that is right, but for another participant's variant.

    ``theirs`` and ``yours`` name the two places in words (for example
    ``"Quimal (0401)"``); ``kind`` is ``"district"``, ``"region"`` or ``"country"``;
    ``given`` is False while ``PARTICIPANT`` is still empty (the learner then has the
    example place).
    """
    if given:
        origin = "it comes from the name in `PARTICIPANT`, in the first cell"
    else:
        origin = ("the example one, because `PARTICIPANT` in the first cell is still empty: "
                  "write your name there and run the notebook again from the top")
    return (f"This is the answer for the {kind} {theirs}, but your {kind} is {yours} "
            f"({origin}). Use the tables of your own {kind}: work through the cells "
            "again from the top, and compute the answer yourself.")


def variant_mistakes(answers: Mapping[str, float], yours: str, *, kind: str = "district",
                     given: bool = True) -> dict[float, str]:
    """``mistakes`` for :func:`expect_number`: the right answer of every *other* variant.

    ``answers`` maps each variant's label to its right answer; ``yours`` is the label of
    the learner's own variant (left out). An answer that matches another variant's then
    gets :func:`wrong_variant_hint`, so copying a neighbour's number fails with a plain
    message instead of "not the expected value".
    """
    return {float(value): wrong_variant_hint(label, yours, kind=kind, given=given)
            for label, value in answers.items() if label != yours}
