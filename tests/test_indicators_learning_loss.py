"""Socio-economic quintiles and learning loss by group (emiskit.indicators.learning)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from emiskit.indicators import learning_loss_by, ses_quintiles


@pytest.fixture
def results() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    for year, shift in ((2019, 0), (2022, -40)):
        for grade in (3, 6):
            for i in range(50):
                rows.append({"year": year, "grade": grade, "student_id": f"{year}-{grade}-{i}",
                             "ses_index": rng.normal(), "area": "urban" if i % 2 else "rural",
                             "score": 500 + shift + (-20 if i % 2 == 0 and year == 2022 else 0)})
    return pd.DataFrame(rows)


def test_quintiles_are_fifths_within_each_group(results: pd.DataFrame) -> None:
    quintiles = ses_quintiles(results, by=["year", "grade"])
    counts = quintiles.groupby([results["year"], results["grade"]]).value_counts()
    assert set(counts) == {10}
    assert sorted(quintiles.unique()) == ["Q1", "Q2", "Q3", "Q4", "Q5"]
    poorest = results.loc[quintiles == "Q1", "ses_index"].max()
    richest = results.loc[quintiles == "Q5", "ses_index"].min()
    assert poorest < richest


def test_loss_by_group(results: pd.DataFrame) -> None:
    loss = learning_loss_by(results, "area", ["grade"])
    assert loss.loc["urban", "loss (points)"] == -40
    assert loss.loc["rural", "loss (points)"] == -60
    assert loss.loc["rural", "loss (SD)"] == -0.6
    assert loss.loc["rural", "pupils in 2022"] == 50
