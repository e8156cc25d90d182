"""The school structure is a setting (``emiskit.structure``), and census tables have one
cached loading path (``emiskit.datasets.table``) with one caching rule."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from emiskit import datasets, paths
from emiskit.data import settings as sample_settings
from emiskit.grading import reference
from emiskit.structure import (
    SAMPLE,
    StructureError,
    school_structure,
    structure_from_mapping,
    structure_setting,
)
from emiskit.widgets._data import load_tables

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = ROOT / "datasets"
MARISAL = {"entrance_age": 6, "primary": [1, 2, 3, 4, 5], "lower_secondary": [6, 7, 8, 9]}


@pytest.fixture
def course(tmp_path, monkeypatch):
    """An empty course folder (``EMISKIT_HOME``) with a data folder ``data`` in use."""
    monkeypatch.setenv("EMISKIT_HOME", str(tmp_path))
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    (tmp_path / "data").mkdir()
    (tmp_path / paths.SETTINGS_FILE).write_text('data_dir = "data"\n', encoding="utf-8")
    return tmp_path


def _package(folder: Path, structure: dict | None) -> None:
    package = {"name": "test"} if structure is None else {"name": "test",
                                                          "school_structure": structure}
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")


def _settings(course: Path, extra: str) -> None:
    (course / paths.SETTINGS_FILE).write_text('data_dir = "data"\n' + extra, encoding="utf-8")


# ---------------------------------------------------------------------------------------
# The structure and its official ages


def test_the_sample_structure_matches_the_generator_constants():
    assert SAMPLE.level_grades("primary") == sample_settings.PRIMARY_GRADES
    assert SAMPLE.level_grades("lower_secondary") == sample_settings.LOWER_SECONDARY_GRADES
    assert SAMPLE.official_ages("primary") == sample_settings.OFFICIAL_AGES["primary"]
    assert SAMPLE.official_ages("lower_secondary") == \
        sample_settings.OFFICIAL_AGES["lower_secondary"]
    assert SAMPLE.entrance_age == sample_settings.ENTRY_AGE


def test_official_ages_follow_the_uis_convention():
    """Entrance age of the level to entrance age + number of grades - 1."""
    s = structure_from_mapping({**MARISAL, "pre_primary": [-1, 0],
                                "upper_secondary": [10, 11, 12]}, "test")
    assert s.official_ages("pre_primary") == (4, 5)
    assert s.official_ages("primary") == (6, 10)
    assert s.official_ages("lower_secondary") == (11, 14)
    assert s.official_ages("upper_secondary") == (15, 17)
    assert s.level("primary").duration == 5
    assert [s.level_of(g) for g in (0, 1, 5, 6, 9, 12, 13)] == [
        "pre_primary", "primary", "primary", "lower_secondary", "lower_secondary",
        "upper_secondary", None]
    assert s.age_of_grade(6) == 11
    assert s.all_grades() == tuple(range(1, 13))
    assert "primary (grades 1–5, official ages 6–10)" in s.describe()
    with pytest.raises(ValueError, match="no level 'upper_secondary'"):
        SAMPLE.level("upper_secondary")


@pytest.mark.parametrize(("values", "words"), [
    ({"primary": [1, 2]}, "no entrance_age"),
    ({"entrance_age": 6}, "no primary"),
    ({"entrance_age": "6", "primary": [1]}, "whole number of years"),
    ({"entrance_age": 12, "primary": [1]}, "between 4 and 8"),
    ({"entrance_age": 6, "primary": [1, 2, 4]}, "consecutive"),
    ({"entrance_age": 6, "primary": "1-6"}, "list of whole grade numbers"),
    ({"entrance_age": 6, "primary": [1, 2, 3], "lower_secondary": [3, 4]}, "overlap"),
    ({"entrance_age": 6, "primary": [1, 2, 3], "lower_secondary": [5, 6]}, "gap"),
    ({"entrance_age": 6, "primary": [2, 3]}, "grade 1 is the first grade"),
    ({"entrance_age": 6, "primary": [1], "secondary": [2]}, "unknown key: secondary"),
    ({"entrance_age": 8, "primary": list(range(1, 15))}, "outside any school system"),
])
def test_bad_values_say_what_to_fix_and_where(values, words):
    with pytest.raises(StructureError, match=words) as err:
        structure_from_mapping(values, "[school_structure] of emiskit.toml")
    assert "emiskit.toml" in str(err.value)


# ---------------------------------------------------------------------------------------
# Where it is read: data package, then emiskit.toml, then the sample's


def test_without_any_setting_the_sample_structure_is_used(course):
    setting = structure_setting()
    assert setting.structure == SAMPLE and setting.source == "default"


def test_the_settings_file_gives_the_structure(course):
    _settings(course, "[school_structure]\nentrance_age = 6\nprimary = [1, 2, 3, 4, 5]\n"
                      "lower_secondary = [6, 7, 8, 9]\n")
    setting = structure_setting()
    assert setting.structure.official_ages("primary") == (6, 10)
    assert paths.SETTINGS_FILE in setting.source


def test_the_data_package_comes_first(course):
    _package(course / "data", MARISAL)
    assert school_structure().official_ages("lower_secondary") == (11, 14)
    assert "datapackage.json" in structure_setting().source
    # the same structure in both places is fine
    _settings(course, "[school_structure]\nentrance_age = 6\nprimary = [1, 2, 3, 4, 5]\n"
                      "lower_secondary = [6, 7, 8, 9]\n")
    assert school_structure().official_ages("primary") == (6, 10)


def test_two_different_structures_are_refused(course):
    _package(course / "data", MARISAL)
    _settings(course, "[school_structure]\nentrance_age = 6\nprimary = [1, 2, 3, 4, 5, 6]\n")
    with pytest.raises(StructureError, match="written twice") as err:
        school_structure()
    assert "datapackage.json" in str(err.value) and paths.SETTINGS_FILE in str(err.value)


def test_a_bad_value_in_the_data_package_names_the_file(course):
    _package(course / "data", {"entrance_age": 6, "primary": [1, 3]})
    with pytest.raises(StructureError, match=r"datapackage\.json") as err:
        school_structure()
    assert "consecutive" in str(err.value)


def test_a_data_package_without_a_structure_falls_back_to_the_settings(course):
    _package(course / "data", None)
    _settings(course, "[school_structure]\nentrance_age = 5\nprimary = [1, 2, 3, 4, 5, 6]\n")
    assert school_structure().official_ages("primary") == (5, 10)


def test_the_sample_data_package_records_the_sample_structure():
    assert school_structure(SAMPLE_DATA) == SAMPLE


# ---------------------------------------------------------------------------------------
# One loading path, one caching rule


def _copy_tables(folder: Path, names: tuple[str, ...] = ("regions", "districts")) -> None:
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copyfile(SAMPLE_DATA / f"{name}.csv", folder / f"{name}.csv")


def test_a_table_is_read_once_and_each_caller_gets_its_own_copy(course, monkeypatch):
    _copy_tables(course / "data")
    datasets.clear_cache()
    reads = []
    real_load = datasets.load
    monkeypatch.setattr(datasets, "load", lambda *a, **k: reads.append(a) or real_load(*a, **k))
    first = datasets.table("regions")
    first.loc[0, "region_name"] = "changed by a caller"
    first["extra"] = 1
    second = reference.table("regions")
    third = load_tables(["regions"])["regions"]
    assert len(reads) == 1  # helpers, grading references and widgets share one read
    for frame in (second, third):
        assert "extra" not in frame.columns
        assert frame.loc[0, "region_name"] != "changed by a caller"


def test_changing_the_data_folder_gives_fresh_data(course, monkeypatch):
    _copy_tables(course / "data")
    other = course / "other"
    _copy_tables(other)
    regions = pd.read_csv(other / "regions.csv", dtype=str)
    regions["region_name"] = "Region of another country"
    regions.to_csv(other / "regions.csv", index=False)
    assert datasets.table("regions")["region_name"].iloc[0] != "Region of another country"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(other))
    for frame in (datasets.table("regions"), reference.table("regions"),
                  load_tables(["regions"])["regions"]):
        assert frame["region_name"].iloc[0] == "Region of another country"


def test_a_rewritten_or_touched_file_gives_fresh_data(course):
    file = course / "data" / "regions.csv"
    _copy_tables(course / "data")
    before = datasets.table("regions")
    regions = pd.read_csv(file, dtype=str)
    regions.loc[0, "capital_city"] = "Nueva"  # another value of the same length
    regions.loc[1, "capital_city"] = regions.loc[1, "capital_city"][::-1]
    regions.to_csv(file, index=False)
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    after = reference.table("regions")
    assert after.loc[0, "capital_city"] == "Nueva" != before.loc[0, "capital_city"]
    # touching alone (same contents, new time) reads the file again
    key = datasets.file_stamp("regions")
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000))
    assert datasets.file_stamp("regions") != key
    assert datasets.table("regions").equals(after)


def test_a_missing_table_raises_the_loaders_error(course):
    with pytest.raises(datasets.DatasetNotGeneratedError, match=r"emiskit\.toml"):
        datasets.table("teachers")
