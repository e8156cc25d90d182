"""The rubrics kept as data files (emiskit/rubrics/*.yml) load, are complete, and are the
ones the notebooks used when they were written inline."""

from __future__ import annotations

import pytest

from emiskit import rubrics
from emiskit.widgets import SelfAssessment
from emiskit.widgets.logic.rubric import Rubric

SHAPES = {"strength-of-an-answer": (5, 3), "ed-dqaf": (6, 4)}  # (areas, levels)


def test_the_course_ships_its_rubrics() -> None:
    assert rubrics.names() == sorted(SHAPES)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_rubric_is_complete(name: str) -> None:
    data = rubrics.load(name)
    assert data["key"] == name
    assert data["title"].strip() and data["source"].strip()
    areas, levels = SHAPES[name]
    assert len(data["areas"]) == areas and len(data["levels"]) == levels
    scores = [level["score"] for level in data["levels"]]
    assert scores == sorted(scores) == list(range(1, levels + 1))
    level_keys = [level["key"] for level in data["levels"]]
    assert len({area["key"] for area in data["areas"]}) == areas
    for area in data["areas"]:
        assert area["title"].strip() and area["description"].strip()
        assert list(area["next_steps"]) == level_keys, area["key"]
        assert all(step.strip() for step in area["next_steps"].values())
    Rubric.from_dict(data)  # the widget's own checks


def test_rubrics_keep_the_notebooks_wording() -> None:
    strength = rubrics.load("strength-of-an-answer")
    assert strength["title"] == "How strong is this answer?"
    assert [a["title"] for a in strength["areas"]] == [
        "Design", "Size", "Relevance", "Consistency", "Recency"]
    assert strength["areas"][1]["next_steps"]["weak"] == (
        "Do not decide on this alone: gather more schools or studies.")
    quality = rubrics.load("ed-dqaf")
    assert [lv["label"] for lv in quality["levels"]] == [
        "Not observed", "Largely not observed", "Largely observed", "Observed"]
    assert quality["areas"][0]["title"] == "0. Prerequisites of quality"
    assert quality["areas"][-1]["next_steps"]["observed"] == (
        "Open anonymised microdata to researchers under clear rules.")


def test_a_loaded_rubric_drives_the_widget() -> None:
    widget = SelfAssessment(rubrics.load("ed-dqaf"), ratings={"accuracy": "observed"})
    assert widget.ratings["accuracy"] == "observed"


def test_unknown_rubric_is_refused() -> None:
    with pytest.raises(ValueError, match="ed-dqaf"):
        rubrics.load("no-such-rubric")
