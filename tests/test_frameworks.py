"""Monitoring frameworks kept as data files (emiskit/frameworks/*.csv)."""

from __future__ import annotations

import pytest

from emiskit import frameworks

VALUES = {"mean_score": 612.345, "target_mean_score": 637.3, "at_level_I": 77.04,
          "target_at_level_I": 60.0, "below_minimum": 85.0, "target_below_minimum": 75.5,
          "participation": 93.21}


def test_tutoring_framework_fills_its_blanks() -> None:
    assert frameworks.names() == ["tutoring-programme"]
    assert frameworks.placeholders("tutoring-programme") == set(VALUES)
    table = frameworks.load("tutoring-programme", **VALUES)
    assert list(table.columns) == frameworks.COLUMNS
    assert list(table["link"]) == ["Inputs", "Activities", "Outputs", "Outcomes", "Impact",
                                   "Impact", "Impact", "Data quality"]
    assert table.loc[4, "baseline"] == "612.3 (2022)"
    assert table.loc[7, "baseline"] == "93.2% (2022)"
    assert not table.apply(lambda column: column.str.contains("{", regex=False)).any().any()
    assert (table != "").all().all()


def test_missing_values_are_named() -> None:
    with pytest.raises(ValueError, match="participation"):
        frameworks.load("tutoring-programme", **{k: v for k, v in VALUES.items()
                                                 if k != "participation"})
