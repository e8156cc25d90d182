"""The census form in the published census's shape (emiskit.census.long_census)."""

from __future__ import annotations

import pandas as pd

from emiskit.census import long_census


def test_long_census_splits_boys_and_girls() -> None:
    form = pd.DataFrame({"school_code": ["0101001"], "year": [2024], "grade": [1],
                         "age": [6], "boys": [10], "girls": [12], "repeaters_boys": [1],
                         "repeaters_girls": [0]})
    long = long_census(form, "school_code")
    assert list(long["sex"]) == ["M", "F"]
    assert list(long["pupils"]) == [10, 12] and list(long["repeaters"]) == [1, 0]
    assert long["graduates"].isna().all() and long["age"].dtype == "float64"
    assert set(long["school_id"]) == {"0101001"}
