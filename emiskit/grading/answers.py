"""Answers as plain data: what crosses from a learner's notebook to the checks.

A graded question declares its answers: the parameters of its test functions
(``def test_ger_value(ger):`` declares ``ger``). When a submission is graded, its notebook
runs in a sandbox with no check present; its last cell calls :func:`dump`, which writes
each declared answer to a folder as plain data. The checks then run in another process
(:mod:`emiskit.grading.checks`) on what :func:`load` reads back. So the checks never meet
an object the learner made: a string that claims to equal anything arrives as a plain
string, a number as a number, a table as a table, and a function or any other object is
refused with a message a learner understands.

Plain data are ``None``, booleans, integers, floats, text, ``...`` (an unanswered
placeholder), lists, tuples, sets and dictionaries of those (as JSON, tagged so that a
tuple stays a tuple and a dictionary keeps integer keys), and pandas tables and series
(as Parquet). Nothing is ever pickled.
"""

from __future__ import annotations

import ast
import json
import math
import os
import stat
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "ANSWERS_DIR",
    "MANIFEST",
    "AnswerError",
    "Missing",
    "declared_answers",
    "dump",
    "load",
]

#: Folder (inside the submission's work folder) the last cell writes the answers to.
ANSWERS_DIR = "answers"
#: The file in it that lists every declared answer and how it was stored.
MANIFEST = "manifest.json"

#: Largest answers folder read back, in bytes (a table of a million rows fits).
MAX_TOTAL_BYTES = 64 * 2**20
#: Most items in one list, set or dictionary answer, and deepest nesting.
MAX_ITEMS = 200_000
MAX_DEPTH = 20
#: Most rows of a table answer.
MAX_ROWS = 2_000_000


class AnswerError(ValueError):
    """An answer cannot be handed to the checks; the message says why, for the learner."""


class Missing:
    """Stands for an answer the notebook never defined (the cell that makes it did not run)."""

    _instance: Missing | None = None

    def __new__(cls) -> Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "<missing>"


# ---------------------------------------------------------------------------------------
# Which answers each question declares (read from the trusted test files)


def declared_answers(tests_dir: Path) -> dict[str, list[str]]:
    """``{question: [answer names]}`` from the test files ``tests_dir/*.py``.

    An answer is a parameter of a test function (otter's test-case format). A test that
    asks for ``env`` (the learner's whole namespace) cannot be graded safely and is refused.
    """
    declared: dict[str, list[str]] = {}
    for path in sorted(Path(tests_dir).glob("*.py")):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names: list[str] = []
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                args = node.args
                for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
                    if arg.arg == "env":
                        raise ValueError(
                            f"{path.name}: the test {node.name} asks for `env` (everything the "
                            "learner defined); declare the answers it needs as parameters."
                        )
                    if arg.arg not in names:
                        names.append(arg.arg)
        declared[path.stem] = names
    return declared


# ---------------------------------------------------------------------------------------
# Writing (runs in the learner's kernel, inside the sandbox)


def _type_name(value: Any) -> str:
    kind = type(value)
    if callable(value) and not isinstance(value, type):
        return "a function"
    module = kind.__module__
    return f"an object of type {kind.__name__}" if module == "builtins" else \
        f"an object of type {module}.{kind.__qualname__}"


def _plain(value: Any, name: str, depth: int = 0) -> Any:
    """``value`` as tagged JSON-ready data, or :class:`AnswerError`."""
    if depth > MAX_DEPTH:
        raise AnswerError(f"`{name}` is nested too deeply to be checked.")
    np = sys.modules.get("numpy")
    if value is None or type(value) in (bool, int, str):
        return value
    if type(value) is float:
        return value if math.isfinite(value) else {"float": repr(value)}
    if value is Ellipsis:
        return {"ellipsis": True}
    if np is not None and isinstance(value, np.generic):
        item = value.item()
        if type(item) in (bool, int, float, str) or item is None:
            return _plain(item, name, depth)
        raise AnswerError(f"`{name}` is {_type_name(value)}; the check expects a number or text.")
    # Subclasses of text and numbers keep only their plain value: whatever their methods
    # claim (a string equal to everything), the checks see the characters or the number.
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return _plain(float.__float__(value), name, depth)
    if isinstance(value, list | tuple | set | frozenset):
        items = list(value)
        if len(items) > MAX_ITEMS:
            raise AnswerError(f"`{name}` has more than {MAX_ITEMS:,} items.")
        if isinstance(value, set | frozenset):
            try:
                items = sorted(items)
            except TypeError:
                items = sorted(items, key=repr)
            tag = "set"
        else:
            tag = "tuple" if isinstance(value, tuple) else "list"
        return {tag: [_plain(v, name, depth + 1) for v in items]}
    if isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise AnswerError(f"`{name}` has more than {MAX_ITEMS:,} entries.")
        return {"dict": [[_plain(k, name, depth + 1), _plain(v, name, depth + 1)]
                         for k, v in value.items()]}
    if np is not None and isinstance(value, np.ndarray):
        if value.size > MAX_ITEMS:
            raise AnswerError(f"`{name}` has more than {MAX_ITEMS:,} values.")
        return _plain(value.tolist(), name, depth)
    pd = sys.modules.get("pandas")
    if pd is not None and (value is pd.NA or value is pd.NaT):
        return None
    raise AnswerError(
        f"`{name}` is {_type_name(value)}; the check expects a number, text, a list or a "
        "table. Store the value itself in this name."
    )


def _write_table(value: Any, path: Path) -> dict[str, Any]:
    pd = sys.modules["pandas"]
    series = isinstance(value, pd.Series)
    frame = value.to_frame(name="value") if series else value.copy(deep=False)
    if len(frame) > MAX_ROWS:
        raise AnswerError(f"has more than {MAX_ROWS:,} rows")
    frame.columns = [str(c) for c in frame.columns]
    try:
        frame.to_parquet(path, index=True)
    except Exception:
        # Columns that mix kinds of values (numbers and text): keep them as text.
        mixed = {c: "str" for c in frame.columns if frame[c].dtype == object}
        frame.astype(mixed).to_parquet(path, index=True)
    entry: dict[str, Any] = {"kind": "series" if series else "table", "file": path.name}
    if series:
        entry["name"] = _plain(value.name, "name") if value.name is not None else None
    return entry


def dump(names: Iterable[str], namespace: Mapping[str, Any], folder: str | os.PathLike) -> None:
    """Write the answers ``names`` found in ``namespace`` to ``folder`` as plain data."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    pd = sys.modules.get("pandas")
    manifest: dict[str, Any] = {}
    for i, name in enumerate(names):
        if name not in namespace:
            manifest[name] = {"kind": "missing"}
            continue
        value = namespace[name]
        try:
            if pd is not None and isinstance(value, pd.DataFrame | pd.Series):
                manifest[name] = _write_table(value, out / f"answer-{i}.parquet")
            else:
                manifest[name] = {"kind": "value", "value": _plain(value, name)}
        except AnswerError as exc:
            manifest[name] = {"kind": "refused", "why": str(exc)}
        except Exception as exc:  # a table pyarrow cannot store, a broken object, …
            manifest[name] = {"kind": "refused",
                              "why": f"`{name}` could not be read by the grader "
                                     f"({type(exc).__name__})."}
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


# ---------------------------------------------------------------------------------------
# Reading (runs in the checking process; the sandbox has ended)


def _read_regular(path: Path, budget: list[int]) -> bytes:
    """Read a regular file without following links, within the folder's byte budget."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise AnswerError("The grader's answer files were replaced by something else.")
        if info.st_size > budget[0]:
            raise AnswerError("The answers are too large to check (more than "
                              f"{MAX_TOTAL_BYTES // 2**20} MB).")
        budget[0] -= info.st_size
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return stream.read(info.st_size)
    finally:
        os.close(fd)


def _decode(node: Any, depth: int = 0) -> Any:
    if depth > MAX_DEPTH + 2:
        raise AnswerError("An answer is nested too deeply to be checked.")
    if node is None or type(node) in (bool, int, float, str):
        return node
    if type(node) is dict and len(node) == 1:
        ((tag, inner),) = node.items()
        if tag == "ellipsis" and inner is True:
            return Ellipsis
        if tag == "float" and inner in ("nan", "inf", "-inf"):
            return float(inner)
        if tag in ("list", "tuple", "set") and type(inner) is list:
            items = [_decode(v, depth + 1) for v in inner]
            return items if tag == "list" else tuple(items) if tag == "tuple" else set(items)
        if tag == "dict" and type(inner) is list:
            out = {}
            for pair in inner:
                if type(pair) is not list or len(pair) != 2:
                    raise AnswerError("An answer file is damaged.")
                key = _decode(pair[0], depth + 1)
                try:
                    out[key] = _decode(pair[1], depth + 1)
                except TypeError as exc:  # an unhashable key
                    raise AnswerError("An answer file is damaged.") from exc
            return out
    raise AnswerError("An answer file is damaged.")


def _read_table(path: Path, entry: Mapping[str, Any], budget: list[int]) -> Any:
    import io

    import pyarrow.parquet as pq

    data = _read_regular(path, budget)
    frame = pq.read_table(io.BytesIO(data)).to_pandas()
    if len(frame) > MAX_ROWS:
        raise AnswerError("A table answer has too many rows to be checked.")
    if entry["kind"] == "series":
        if list(frame.columns) != ["value"]:
            raise AnswerError("An answer file is damaged.")
        series = frame["value"]
        series.name = _decode(entry.get("name"))
        return series
    return frame


def load(folder: Path, names: Iterable[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Read the answers ``names`` back from ``folder``.

    Returns ``(answers, problems)``: each name maps to its value, to :class:`Missing` when
    the notebook never defined it, and names that could not be read map to a message in
    ``problems`` (and to ``Missing`` in ``answers``). Only regular files are read, links are
    never followed, and the whole folder is read within :data:`MAX_TOTAL_BYTES`.
    """
    names = list(names)
    budget = [MAX_TOTAL_BYTES]
    answers: dict[str, Any] = {n: Missing() for n in names}
    problems: dict[str, str] = {}
    folder = Path(folder)
    try:
        manifest = json.loads(_read_regular(folder / MANIFEST, budget).decode("utf-8"))
    except FileNotFoundError:  # the last cell never ran: every answer is missing
        return answers, {}
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        message = str(exc) if isinstance(exc, AnswerError) else "The answers could not be read."
        return answers, {n: message for n in names}
    if not isinstance(manifest, dict):
        return answers, {n: "The answers could not be read." for n in names}
    for name in names:
        entry = manifest.get(name)
        if not isinstance(entry, dict) or entry.get("kind") == "missing":
            continue
        try:
            kind = entry.get("kind")
            if kind == "value":
                answers[name] = _decode(entry.get("value"))
            elif kind in ("table", "series"):
                file = entry.get("file")
                if not isinstance(file, str) or "/" in file or file.startswith("."):
                    raise AnswerError("An answer file is damaged.")
                answers[name] = _read_table(folder / file, entry, budget)
            elif kind == "refused":
                problems[name] = str(entry.get("why", ""))[:500]
            else:
                raise AnswerError("An answer file is damaged.")
        except AnswerError as exc:
            problems[name] = str(exc)
        except Exception:  # a damaged Parquet file
            problems[name] = f"`{name}` could not be read back by the grader."
    return answers, problems
