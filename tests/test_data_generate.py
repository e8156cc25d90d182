"""Generation is deterministic, the committed files are up to date, the descriptor valid."""

from __future__ import annotations

import json
from pathlib import Path

import frictionless
import pytest

from emiskit.cli import main
from emiskit.data import generate
from emiskit.data.schema import TABLES, package_descriptor
from emiskit.data.settings import WORKSHOP
from emiskit.paths import course_root, datasets_dir

GENERATED = [f"{t.name}.csv" for t in TABLES] + ["datapackage.json"]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("regenerated")
    code = main(["data", "generate", "--seed", "2024", "--out", str(out),
                 "--notes", str(out / generate.NOTES_NAME)])
    assert code == 0
    return out


@pytest.mark.parametrize("name", GENERATED)
def test_committed_files_are_byte_identical_to_a_fresh_run(regenerated, name):
    assert (regenerated / name).read_bytes() == (datasets_dir() / name).read_bytes(), (
        f"datasets/{name} is out of date: run `emiskit data generate`"
    )


def test_same_file_names_every_run(regenerated):
    names = {p.name for p in regenerated.iterdir()} - {generate.NOTES_NAME}
    assert names == set(GENERATED)


def test_facilitator_notes_match_the_generator(regenerated):
    committed = course_root() / "facilitator" / generate.NOTES_NAME
    assert (regenerated / generate.NOTES_NAME).read_text() == committed.read_text()


def test_two_builds_in_one_process_are_identical():
    a = generate.build(scale=WORKSHOP.resized(n_districts=20, n_schools=120))
    b = generate.build(scale=WORKSHOP.resized(n_districts=20, n_schools=120))
    for name in a.tables:
        assert a.tables[name].equals(b.tables[name]), name


def test_another_seed_gives_other_data():
    small = WORKSHOP.resized(n_districts=20, n_schools=120)
    a = generate.build(seed=1, scale=small).tables["enrolment"]
    b = generate.build(seed=2, scale=small).tables["enrolment"]
    assert not a.equals(b)


def test_committed_workshop_data_is_small_enough():
    total = sum((datasets_dir() / n).stat().st_size for n in GENERATED)
    assert total <= 25 * 1024 * 1024


def test_descriptor_is_built_from_the_schema_module():
    committed = json.loads((datasets_dir() / "datapackage.json").read_text(encoding="utf-8"))
    facts = {r["name"]: {k: r[k] for k in ("bytes", "hash", "rows")}
             for r in committed["resources"]}
    assert committed == package_descriptor(facts, "workshop", 2024, "csv")


def test_descriptor_is_a_valid_data_package_and_the_data_conform():
    report = frictionless.validate(str(datasets_dir() / "datapackage.json"))
    errors = [(t.name, e.message) for t in report.tasks for e in t.errors[:3]]
    assert report.valid, errors


def test_descriptor_documents_the_essentials():
    package = json.loads((datasets_dir() / "datapackage.json").read_text(encoding="utf-8"))
    assert package["synthetic"] is True
    # the sample's school structure, read by emiskit.structure (official ages 6-11, 12-14)
    assert package["school_structure"] == {"entrance_age": 6, "primary": [1, 2, 3, 4, 5, 6],
                                           "lower_secondary": [7, 8, 9]}
    names = [r["name"] for r in package["resources"]]
    assert names == [t.name for t in TABLES]
    for resource in package["resources"]:
        assert "fictional" in resource["description"] or "ILLUSTRATIVE" in resource[
            "description"]
        for field in resource["schema"]["fields"]:
            assert field["description"], (resource["name"], field["name"])
    assessment = next(r for r in package["resources"] if r["name"] == "assessment")
    assert assessment["minimumProficiencyLevel"] == {"3": "II", "6": "III"}
    census = next(r for r in package["resources"] if r["name"] == "census_raw")
    assert "planted" not in json.dumps(census).lower()  # the answers stay with facilitators
