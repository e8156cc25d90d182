"""emiskit.datasets: names, dtypes, errors, and loading from any working directory."""

from __future__ import annotations

import pandas as pd
import pytest

from emiskit import datasets


def test_list_datasets_names_every_table():
    assert datasets.list_datasets() == [
        "regions", "districts", "population", "schools", "enrolment", "teachers",
        "students", "assessment", "programme", "toolkit", "evidence_survey", "census_raw",
        "households", "household_members",
    ]


@pytest.mark.parametrize("name", datasets.list_datasets())
def test_every_dataset_loads_with_schema_dtypes(name):
    frame = datasets.load(name)
    assert len(frame) > 0
    table = datasets.TABLES_BY_NAME[name]
    for f in table.fields:
        dtype = frame[f.name].dtype
        if f.enum is not None:
            assert isinstance(dtype, pd.CategoricalDtype)
            assert list(dtype.categories) == list(f.enum)
            assert dtype.ordered == f.ordered
            assert not frame[f.name].isna().any() or not f.required
        elif f.type == "integer":
            assert dtype == "Int64"
        elif f.type == "boolean":
            assert dtype == "boolean"
        elif f.type == "date":
            assert pd.api.types.is_datetime64_any_dtype(dtype)
        elif f.type == "number":
            assert dtype == "float64"
        else:
            assert pd.api.types.is_string_dtype(dtype)


def test_codes_keep_their_leading_zeros():
    schools = datasets.load("schools")
    assert schools["school_id"].str.startswith("0").all()
    assert datasets.load("regions")["region_code"].iloc[0] == "01"


def test_ordered_levels_compare():
    a = datasets.load("assessment")
    at_least_iii = a[a["level"] >= "III"]
    assert set(at_least_iii["level"].astype(str)) == {"III", "IV"}


def test_missing_values_stay_missing():
    e = datasets.load("enrolment")
    assert e["graduates"].isna().any()
    s = datasets.load("students")
    assert s.loc[s["year"] == 2020, "attendance_rate"].isna().all()


def test_loads_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(datasets.load("regions")) == 6


def test_unknown_name_lists_the_names_and_suggests():
    with pytest.raises(datasets.UnknownDatasetError) as err:
        datasets.load("enrollment")
    message = str(err.value)
    assert "Did you mean 'enrolment'" in message
    assert "census_raw" in message


def test_unknown_scale():
    with pytest.raises(datasets.UnknownDatasetError, match="workshop, national"):
        datasets.load("schools", scale="huge")


def test_missing_national_file_says_how_to_generate_it(tmp_path, monkeypatch):
    monkeypatch.setenv("EMISKIT_HOME", str(tmp_path))
    with pytest.raises(datasets.DatasetNotGeneratedError) as err:
        datasets.load("schools", scale="national")
    assert "emiskit data generate --scale national" in str(err.value)
    assert isinstance(err.value, FileNotFoundError)


def test_describe_reads_the_descriptor():
    d = datasets.describe("assessment")
    assert list(d.columns) == ["column", "type", "unit", "allowed values", "description"]
    level = d.set_index("column").loc["level"]
    assert level["allowed values"] == "I, II, III, IV (in this order)"
    assert "Minimum proficiency" in level["description"]
    assert d.set_index("column").loc["score", "unit"] == "points"


# ---------------------------------------------------------------------------------------
# example_district: the district a worked example follows, on any country's data


def test_example_district_keeps_the_story_s_district_on_the_sample_data():
    districts = datasets.load("districts")
    for code in ("0402", "0601", "0602"):  # Alto Pircas, Yaruní, Paso de las Guacamayas
        assert datasets.example_district(districts, prefer=code) == code


def test_example_district_falls_back_to_the_most_rural_district():
    districts = datasets.load("districts")
    other = districts[districts["district_code"] != "0402"]
    chosen = datasets.example_district(other, prefer="0402")
    row = other[other["district_code"] == chosen]
    assert len(row) == 1
    assert row["rural_share"].item() == other["rural_share"].max()


def test_example_district_breaks_ties_by_the_lowest_code():
    districts = pd.DataFrame({"district_code": ["0302", "0105", "0201"],
                              "rural_share": [60.0, 60.0, float("nan")]})
    assert datasets.example_district(districts, prefer="0402") == "0105"


def test_example_district_refuses_a_code_written_as_a_number():
    with pytest.raises(TypeError, match="as text, in quotes"):
        datasets.example_district(datasets.load("districts"), prefer=402)


@pytest.mark.parametrize(("table", "words"), [
    ("schools", "has no rural_share"),
    ("districts", "is empty"),
])
def test_example_district_says_which_table_it_needs(table, words):
    frame = datasets.load(table)
    if table == "districts":
        frame = frame.iloc[0:0]
    with pytest.raises(ValueError, match=words):
        datasets.example_district(frame, prefer="0402")


def test_example_region_keeps_the_story_s_region_or_takes_the_most_rural_district_s():
    districts = datasets.load("districts")
    assert datasets.example_region(districts, prefer="04") == "04"  # the Sierra de Quimal
    other = districts[districts["region_code"] != "04"]
    most_rural = other[other["rural_share"] == other["rural_share"].max()]
    assert datasets.example_region(other, prefer="04") == most_rural["region_code"].iloc[0]
    with pytest.raises(ValueError, match="has no region_code"):
        datasets.example_region(other.drop(columns="region_code"), prefer="04")
