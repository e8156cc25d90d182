"""The national-scale code path (Parquet, many districts), exercised at a reduced size.

The full national run (about 16,000 schools) takes well under two minutes and is
measured by benchmarks/bench_datasets.py rather than by the test suite.
"""

from __future__ import annotations

import json

import frictionless
import pandas as pd
import pytest

from emiskit import datasets
from emiskit.cli import main
from emiskit.data import generate
from emiskit.data.schema import TABLES
from emiskit.data.settings import NATIONAL

SMALL_NATIONAL = NATIONAL.resized(n_districts=30, n_schools=900)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    out = root / "datasets" / "national"
    result = generate.build(scale=SMALL_NATIONAL)
    generate.write(result, out)
    return root


def test_national_settings():
    assert NATIONAL.n_schools == 16_000
    assert NATIONAL.file_format == "parquet"
    assert NATIONAL.progress


def test_writes_parquet_and_a_descriptor(home):
    out = home / "datasets" / "national"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{t.name}.parquet" for t in TABLES] + ["datapackage.json"]
    )
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert all(r["format"] == "parquet" for r in package["resources"])
    assert package["generator"]["scale"] == "national"
    frictionless.Package.from_descriptor(package)  # raises if the metadata are invalid


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_parquet_files_keep_the_dtypes(home, table):
    stored = pd.read_parquet(home / "datasets" / "national" / f"{table.name}.parquet")
    expected = datasets.pandas_dtypes(table)
    assert list(stored.columns) == list(expected)
    for name, dtype in expected.items():
        if isinstance(dtype, pd.CategoricalDtype):
            assert isinstance(stored[name].dtype, pd.CategoricalDtype), name
            assert list(stored[name].cat.categories) == list(dtype.categories)
        elif dtype == "Int64":
            assert stored[name].dtype == "Int64", name
        elif dtype == "boolean":
            assert stored[name].dtype == "boolean", name


def test_loader_reads_the_national_scale(home, monkeypatch):
    monkeypatch.setenv("EMISKIT_HOME", str(home))
    enrolment = datasets.load("enrolment", scale="national")
    assert enrolment["pupils"].dtype == "Int64"
    assert isinstance(enrolment["sex"].dtype, pd.CategoricalDtype)
    schools = datasets.load("schools", scale="national")
    assert len(schools) == 900
    assert schools["district_code"].nunique() == 30
    districts = datasets.load("districts", scale="national")
    assert districts["district_name"].is_unique


def test_many_districts_get_invented_names():
    from emiskit.data.country import districts_frame

    d = districts_frame(2024, NATIONAL)
    assert len(d) == 200
    assert d["district_name"].is_unique
    assert d["district_code"].is_unique
    assert set(d["region_code"]) == {"01", "02", "03", "04", "05", "06"}


def test_national_scale_size_targets_hold_at_reduced_size(home):
    e = pd.read_parquet(home / "datasets" / "national" / "enrolment.parquet")
    per_school = e.query("year == 2024")["pupils"].sum() / 900
    # At 16,000 schools this gives more than 3 million pupils.
    assert per_school * NATIONAL.n_schools >= 3_000_000


def test_cli_refuses_an_unknown_scale(capsys):
    with pytest.raises(SystemExit) as err:
        main(["data", "generate", "--scale", "huge"])
    assert err.value.code == 2
