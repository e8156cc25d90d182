"""Answers cross from a learner's notebook to the checks as plain data, and nothing else."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from emiskit.grading.answers import (
    MANIFEST,
    Missing,
    declared_answers,
    dump,
    load,
)
from emiskit.grading.sandbox import INSIDE, Sandbox, readonly_paths
from emiskit.paths import course_root


class Sly(str):
    """A string that claims to equal anything."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__


class Liar(int):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = int.__hash__


def roundtrip(tmp_path: Path, **values: object) -> tuple[dict, dict]:
    dump([*list(values), "never_defined"], values, tmp_path / "answers")
    return load(tmp_path / "answers", [*list(values), "never_defined"])


def test_plain_values_come_back_as_plain_values(tmp_path: Path) -> None:
    answers, problems = roundtrip(
        tmp_path, n=3, x=2.5, t="B", b=True, none=None, todo=..., nan=float("nan"),
        inf=-math.inf, np_float=np.float64(1.25), np_int=np.int64(7), array=np.array([1, 2]),
        pair=(1, "a"), items=[1, [2, 3]], letters={"b", "a"}, by_key={1: "x", "y": [None]},
    )
    assert problems == {}
    assert answers["n"] == 3 and type(answers["n"]) is int
    assert answers["x"] == 2.5 and answers["t"] == "B" and answers["b"] is True
    assert answers["none"] is None and answers["todo"] is Ellipsis
    assert math.isnan(answers["nan"]) and answers["inf"] == -math.inf
    assert type(answers["np_float"]) is float and type(answers["np_int"]) is int
    assert answers["array"] == [1, 2] and answers["pair"] == (1, "a")
    assert answers["items"] == [1, [2, 3]] and answers["letters"] == {"a", "b"}
    assert answers["by_key"] == {1: "x", "y": [None]}
    assert isinstance(answers["never_defined"], Missing)


def test_subclasses_lose_their_tricks(tmp_path: Path) -> None:
    answers, _ = roundtrip(tmp_path, sly=Sly("Z"), liar=Liar(4))
    assert type(answers["sly"]) is str and answers["sly"] != "B"
    assert type(answers["liar"]) is int and answers["liar"] != 5


def test_tables_and_series_come_back_as_tables(tmp_path: Path) -> None:
    frame = pd.DataFrame({"district": ["0101", "0102"], "pupils": [10, 20]}).set_index(
        "district")
    series = pd.Series([1.5, 2.5], index=["F", "M"], name="ger")
    mixed = pd.DataFrame({"odd": [1, "two"]})
    answers, problems = roundtrip(tmp_path, frame=frame, series=series, mixed=mixed)
    assert problems == {}
    pd.testing.assert_frame_equal(answers["frame"], frame)
    pd.testing.assert_series_equal(answers["series"], series)
    assert list(answers["mixed"]["odd"]) == ["1", "two"]


def test_objects_that_are_not_data_are_refused_in_plain_words(tmp_path: Path) -> None:
    answers, problems = roundtrip(tmp_path, f=print, obj=object(), fine=1)
    assert isinstance(answers["f"], Missing) and isinstance(answers["obj"], Missing)
    assert "`f` is a function" in problems["f"]
    assert "`obj` is an object of type object" in problems["obj"]
    assert "fine" not in problems and answers["fine"] == 1


def test_links_and_oversized_files_are_never_read(tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    dump(["x", "t"], {"x": 1, "t": pd.DataFrame({"a": [1]})}, folder)
    secret = tmp_path / "secret.parquet"
    pd.DataFrame({"password": ["hunter2"]}).to_parquet(secret)
    table = next(folder.glob("*.parquet"))
    table.unlink()
    os.symlink(secret, table)
    answers, problems = load(folder, ["x", "t"])
    assert answers["x"] == 1 and isinstance(answers["t"], Missing)
    assert "t" in problems and "hunter2" not in problems["t"]
    # A manifest that is a link to another file is not followed either.
    other = tmp_path / "elsewhere.json"
    other.write_text(json.dumps({"x": {"kind": "value", "value": 99}}), encoding="utf-8")
    (folder / MANIFEST).unlink()
    os.symlink(other, folder / MANIFEST)
    answers, problems = load(folder, ["x"])
    assert isinstance(answers["x"], Missing) and problems["x"]


@pytest.mark.parametrize("manifest", [
    "not json", "[]", json.dumps({"x": {"kind": "pickle", "value": "gASV"}}),
    json.dumps({"x": {"kind": "value", "value": {"dict": [[[1], 2]]}}}),
    json.dumps({"x": {"kind": "value", "value": {"object": "os.system"}}}),
    json.dumps({"x": {"kind": "table", "file": "../../etc/passwd"}}),
])
def test_a_damaged_or_forged_manifest_gives_a_message_not_a_value(tmp_path: Path,
                                                                  manifest: str) -> None:
    (tmp_path / MANIFEST).write_text(manifest, encoding="utf-8")
    answers, problems = load(tmp_path, ["x"])
    assert isinstance(answers["x"], Missing)
    assert problems["x"]


def test_declared_answers_are_the_parameters_of_the_tests(tmp_path: Path) -> None:
    (tmp_path / "q1.py").write_text(
        "def test_a(ger, gpi):\n    pass\n\ndef test_b(ger, PARTICIPANT):\n    pass\n",
        encoding="utf-8")
    (tmp_path / "q2.py").write_text("def test_c(finding):\n    pass\n", encoding="utf-8")
    assert declared_answers(tmp_path) == {"q1": ["ger", "gpi", "PARTICIPANT"],
                                          "q2": ["finding"]}
    (tmp_path / "q3.py").write_text("def test_d(env):\n    pass\n", encoding="utf-8")
    with pytest.raises(ValueError, match="declare the answers"):
        declared_answers(tmp_path)


def test_the_sandbox_shows_python_the_kit_and_the_data_but_never_the_course_root() -> None:
    from emiskit.paths import datasets_dir

    shown = readonly_paths([datasets_dir()])
    root = course_root()
    assert root not in shown
    assert not any(p == root / "exercises" or root / "exercises" in p.parents for p in shown)
    command = Sandbox("/usr/bin/bwrap", tuple(shown)).command(
        ["python", "-m", "x"], Path("/tmp/work-1"), {"HOME": "/tmp/home"})
    joined = " ".join(command)
    for flag in ("--unshare-net", "--unshare-pid", "--die-with-parent", "--clearenv",
                 "--new-session"):
        assert flag in command
    assert f"--bind /tmp/work-1 {INSIDE}" in joined
    assert "--bind / " not in joined and "--ro-bind / /" not in joined
    if os.geteuid() == 0:
        assert "--reuid=65534" in joined and "--no-new-privs" in joined
    else:
        assert "--unshare-user" in command
    assert command[-3:] == ["python", "-m", "x"]
