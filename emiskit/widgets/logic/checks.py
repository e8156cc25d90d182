"""Knowledge checks without widgets: the answer key's light encoding, the little text
format authors write checks in, reading numbers as learners type them, and grading.

The answer key (correct options or number, tolerance, explanation, feedback) travels as
one opaque token, so that a learner reading the notebook does not see the answer. It is
obfuscated, not encrypted: a self-check, not an exam.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["single", "multiple", "numeric"]
KINDS: tuple[str, ...] = ("single", "multiple", "numeric")
Status = Literal["correct", "partial", "incorrect", "invalid", "empty"]

TOKEN_PREFIX = "ek1."
_SALT = b"emiskit/knowledge-check/v1"


class AnswerKeyError(ValueError):
    """The answer key is damaged or does not fit the check it is attached to."""


# --------------------------------------------------------------------------------------
# The answer key


def _keystream(nonce: bytes, length: int) -> bytes:
    blocks = []
    for counter in range(math.ceil(length / 32)):
        blocks.append(hashlib.sha256(_SALT + nonce + counter.to_bytes(4, "big")).digest())
    return b"".join(blocks)[:length]


def encode_key(payload: dict[str, Any]) -> str:
    """Turn an answer key (a JSON-able dict) into an opaque token.

    The same payload always gives the same token, so a notebook's source and outputs do not
    change when its cells are run again.
    """
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    data = raw.encode("utf-8")
    nonce = hashlib.sha256(_SALT + data).digest()[:8]
    body = bytes(a ^ b for a, b in zip(data, _keystream(nonce, len(data)), strict=True))
    return TOKEN_PREFIX + base64.urlsafe_b64encode(nonce + body).decode("ascii").rstrip("=")


def decode_key(token: str) -> dict[str, Any]:
    """Recover the answer key from a token made by :func:`encode_key`."""
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX):
        raise AnswerKeyError("This answer key is not a knowledge-check key (it should start "
                             f"with {TOKEN_PREFIX!r}).")
    text = token[len(TOKEN_PREFIX):].strip()
    try:
        blob = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise AnswerKeyError("This answer key is damaged; copy it again.") from exc
    nonce, body = blob[:8], blob[8:]
    data = bytes(a ^ b for a, b in zip(body, _keystream(nonce, len(body)), strict=True))
    if len(nonce) < 8 or hashlib.sha256(_SALT + data).digest()[:8] != nonce:
        raise AnswerKeyError("This answer key is damaged; copy it again.")
    return json.loads(data.decode("utf-8"))


# --------------------------------------------------------------------------------------
# A check: question, options, and the encoded key


@dataclass(frozen=True)
class CheckSpec:
    """Everything a knowledge-check widget shows, plus the encoded answer key."""

    question: str
    kind: Kind
    key: str
    options: tuple[str, ...] = ()
    unit: str = ""
    hint: str = ""  # shown after a first wrong answer, before the explanation

    def answer_key(self) -> dict[str, Any]:
        """The decoded key, checked against this question."""
        key = decode_key(self.key)
        if key.get("kind") != self.kind:
            raise AnswerKeyError(
                f"This answer key is for a {key.get('kind')} question, but the check is a "
                f"{self.kind} question."
            )
        if self.kind != "numeric" and key.get("n_options") != len(self.options):
            raise AnswerKeyError(
                f"This answer key was made for {key.get('n_options')} options, but the check "
                f"has {len(self.options)}; make the key again with encode_check()."
            )
        return key


def make_spec(
    question: str,
    kind: Kind,
    *,
    options: Sequence[str] = (),
    answer: int | Sequence[int] | float | None = None,
    tolerance: float = 0.0,
    explanation: str = "",
    feedback: Sequence[str] | None = None,
    unit: str = "",
    hint: str = "",
) -> CheckSpec:
    """Build a check from a plain answer (option positions count from 0), encoding the key."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if not str(question).strip():
        raise ValueError("A knowledge check needs a question.")
    options = tuple(str(o) for o in options)
    payload: dict[str, Any] = {"kind": kind, "explanation": str(explanation)}
    if kind == "numeric":
        if answer is None or isinstance(answer, (bool, Sequence)):
            raise ValueError("A numeric check needs answer=<a number>.")
        value = float(answer)  # type: ignore[arg-type]
        if not math.isfinite(value):
            raise ValueError("The answer must be a finite number.")
        if tolerance < 0 or not math.isfinite(tolerance):
            raise ValueError("tolerance must be zero or a positive number.")
        payload.update(value=value, tolerance=float(tolerance))
    else:
        if len(options) < 2:
            raise ValueError("A choice question needs at least two options.")
        if answer is None:
            raise ValueError("Say which option is right: answer=<position, counting from 0>.")
        chosen = [answer] if isinstance(answer, int) else list(answer)  # type: ignore[arg-type]
        if not chosen or any(
            isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < len(options)
            for i in chosen
        ):
            raise ValueError(
                f"answer must give option positions from 0 to {len(options) - 1}; got {answer!r}"
            )
        if kind == "single" and len(chosen) != 1:
            raise ValueError("A single-choice question has exactly one right option.")
        if feedback is not None and len(feedback) != len(options):
            raise ValueError("feedback needs one message per option (use '' for none).")
        payload.update(
            correct=sorted(set(chosen)),
            n_options=len(options),
            feedback=[str(f) for f in feedback] if feedback is not None else [],
        )
    return CheckSpec(question=str(question).strip(), kind=kind, key=encode_key(payload),
                     options=options, unit=str(unit), hint=" ".join(str(hint).split()))


# --------------------------------------------------------------------------------------
# Reading what learners type


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _ungroup(text: str, separator: str) -> str | None:
    """Remove a thousands separator, or None if the groups are not of three digits."""
    head, *groups = text.split(separator)
    digits = head.lstrip("+-")
    if not digits or len(digits) > 3 or not all(len(g) == 3 for g in groups[:-1]):
        return None
    last = groups[-1] if groups else ""
    if groups and len(last.split(".")[0]) != 3:
        return None
    return head + "".join(groups)


def parse_number(text: str) -> float | None:
    """Read a number the way learners in the region type it; ``None`` if it is not one.

    Accepts a decimal point or a decimal comma (``12.5``, ``12,5``), thousands separators
    in groups of three (``1,234.5``, ``1.234,5``, ``1 234``) and a trailing ``%``. Any
    other text makes it not a number, so a typo is reported rather than read wrongly. A
    lone comma followed by exactly three digits (``1,234``) is read as a thousands
    separator.
    """
    s = str(text).strip().replace("\u2212", "-").replace("\u00a0", " ").replace("\u202f", " ")
    if s.endswith("%"):
        s = s[:-1].strip()
    if " " in s:
        s = _ungroup(s, " ") or ""
    if not s:
        return None
    result: str | None = s
    if "," in s and "." in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        whole, _, fraction = s.rpartition(decimal)
        grouped = _ungroup(whole, thousands)
        result = None if grouped is None else f"{grouped}.{fraction}"
    elif "," in s:
        parts = s.split(",")
        # "1,234" and "1,234,567" are thousands; "12,5" and "0,25" are decimals.
        if len(parts) > 2 or (len(parts[1]) == 3 and parts[0].lstrip("+-") not in ("", "0")):
            result = _ungroup(s, ",")
        else:
            result = s.replace(",", ".")
    elif s.count(".") > 1:
        result = _ungroup(s, ".")
    if result is None or not _NUMBER.match(result):
        return None
    value = float(result)
    return value if math.isfinite(value) else None


# --------------------------------------------------------------------------------------
# Grading


@dataclass(frozen=True)
class Verdict:
    """The result of checking one answer. Messages are keys of the message catalogue."""

    status: Status
    explanation: str = ""
    feedback: tuple[str, ...] = field(default_factory=tuple)
    right_chosen: int = 0
    n_right: int = 0
    wrong_chosen: int = 0

    @property
    def correct(self) -> bool:
        return self.status == "correct"


def grade(spec: CheckSpec, response: int | Sequence[int] | str | float | None) -> Verdict:
    """Check a response: an option position (single), positions (multiple) or a number or
    typed text (numeric)."""
    key = spec.answer_key()
    explanation = key.get("explanation", "")
    if spec.kind == "numeric":
        if response is None or (isinstance(response, str) and not response.strip()):
            return Verdict("empty")
        value = parse_number(response) if isinstance(response, str) else float(response)  # type: ignore[arg-type]
        if value is None:
            return Verdict("invalid")
        ok = abs(value - key["value"]) <= key["tolerance"] + 1e-9 * max(1.0, abs(key["value"]))
        return Verdict("correct" if ok else "incorrect", explanation)

    if response is None:
        return Verdict("empty")
    chosen = {response} if isinstance(response, int) else set(response)  # type: ignore[arg-type]
    if not chosen:
        return Verdict("empty")
    if any(not isinstance(i, int) or not 0 <= i < len(spec.options) for i in chosen):
        return Verdict("invalid")
    right = set(key["correct"])
    messages = key.get("feedback") or []
    feedback = tuple(messages[i] for i in sorted(chosen) if i < len(messages) and messages[i])
    if chosen == right:
        status: Status = "correct"
    elif chosen & right:
        status = "partial"
    else:
        status = "incorrect"
    return Verdict(status, explanation, feedback, right_chosen=len(chosen & right),
                   n_right=len(right), wrong_chosen=len(chosen - right))


# --------------------------------------------------------------------------------------
# The text format for chapters


_OPTION = re.compile(r"^[-*]\s+(?:\[(?P<mark>[ xX])\]\s+)?(?P<text>.+)$")
_FIELD = re.compile(r"^(?P<name>key|answer|unit|explanation|hint|type):\s*(?P<value>.*)$", re.I)
_ANSWER = re.compile(
    r"^(?P<value>[^±]+?)\s*(?:(?:±|\+/-|\+-)\s*(?P<tol>[^\s].*))?$"
)


def parse_check_text(text: str) -> CheckSpec:
    """Read a check written in the course's small text format (see the example below).

    The question comes first (one or more lines), then the options as a list. Either mark
    the right option(s) with ``[x]`` and the others with ``[ ]`` (plain authoring: the
    answer is visible in the source) or give ``key:`` made by :func:`encode_check_text`.
    A numeric question has no options and ``answer: 12.5 ± 0.5`` (or a ``key:``). An
    option may be followed by an indented ``> feedback`` line; ``explanation:`` (which may
    run on over the next lines) is shown after an answer; ``unit:`` labels a number;
    ``type: multiple`` makes a one-answer list a multiple-choice question; ``hint:`` (which
    may also run on) is shown after a first wrong answer, before the explanation.

    >>> spec = parse_check_text('''
    ... Which ratio can be above 100?
    ... - [x] The gross enrolment ratio
    ... - [ ] The net enrolment rate
    ... explanation: Over-age pupils count in the GER but not in its population.
    ... ''')
    >>> spec.kind, spec.options
    ('single', ('The gross enrolment ratio', 'The net enrolment rate'))
    """
    question: list[str] = []
    options: list[str] = []
    marks: list[bool] = []
    feedback: dict[int, str] = {}
    fields: dict[str, str] = {}
    current: str | None = None  # the field whose value continues on the next lines
    seen_list = False
    for raw in str(text).strip("\n").splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            current = None
            continue
        opt = _OPTION.match(stripped)
        fld = _FIELD.match(stripped)
        if fld and not (opt and line.startswith((" ", "\t"))):
            current = fld["name"].lower()
            fields[current] = fld["value"].strip()
        elif stripped.startswith(">") and options and line[:1] in (" ", "\t"):
            feedback[len(options) - 1] = stripped.lstrip("> ").strip()
            current = None
        elif opt and not line.startswith((" ", "\t")):
            seen_list = True
            options.append(opt["text"].strip())
            marks.append((opt["mark"] or " ").lower() == "x")
            current = None
        elif current in ("explanation", "hint"):
            fields[current] += " " + stripped
        elif not seen_list and not fields:
            question.append(stripped)
        else:
            raise ValueError(f"Cannot read this line of the knowledge check: {line!r}")

    q = " ".join(question).strip()
    unit = fields.get("unit", "")
    explanation = fields.get("explanation", "")
    hint = fields.get("hint", "")
    if "key" in fields:
        token = fields["key"].strip()
        kind = decode_key(token).get("kind")
        if kind not in KINDS:
            raise AnswerKeyError("This answer key is damaged; copy it again.")
        spec = CheckSpec(question=q, kind=kind, key=token, options=tuple(options), unit=unit,
                         hint=hint)
        spec.answer_key()  # fails early if the key does not fit the options
        return spec
    if "answer" in fields:
        m = _ANSWER.match(fields["answer"].strip())
        value = parse_number(m["value"]) if m else None
        tol = parse_number(m["tol"]) if m and m["tol"] else 0.0
        if value is None or tol is None:
            raise ValueError(f"Cannot read the answer {fields['answer']!r}: write e.g. 12.5 ± 0.5")
        return make_spec(q, "numeric", answer=value, tolerance=tol, explanation=explanation,
                         unit=unit, hint=hint)
    if not options:
        raise ValueError("A knowledge check needs options (a list), an answer: or a key:.")
    correct = [i for i, m in enumerate(marks) if m]
    if not correct:
        raise ValueError("Mark the right option(s) with [x], or give a key:.")
    kind: Kind = "multiple" if len(correct) > 1 or fields.get("type", "") == "multiple" \
        else "single"
    fb = [feedback.get(i, "") for i in range(len(options))] if feedback else None
    return make_spec(q, kind, options=options, answer=correct if kind == "multiple"
                     else correct[0], explanation=explanation, feedback=fb, unit=unit,
                     hint=hint)


def spec_to_text(spec: CheckSpec) -> str:
    """Write a check in the text format with its key (no answer in plain text)."""
    lines = [spec.question, ""]
    lines += [f"- {o}" for o in spec.options]
    if spec.options:
        lines.append("")
    if spec.unit:
        lines.append(f"unit: {spec.unit}")
    if spec.hint:
        lines.append(f"hint: {spec.hint}")
    lines.append(f"key: {spec.key}")
    return "\n".join(lines)


def encode_check_text(text: str) -> str:
    """Turn a plainly written check (``[x]`` marks, ``answer:``, ``explanation:``) into the
    same check with an encoded ``key:`` instead, ready to paste into a chapter."""
    return spec_to_text(parse_check_text(text))
