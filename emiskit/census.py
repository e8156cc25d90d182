"""The school census form and the published census: reshaping between the two."""

from __future__ import annotations

import pandas as pd


def long_census(wide: pd.DataFrame, code_column: str) -> pd.DataFrame:
    """The census form (one row per grade and age, boys and girls side by side) in the
    shape of the published census: one row per school, year, grade, sex and age.

    ``code_column`` names the school code column of the form (``school_code`` as typed,
    ``school_id`` once checked). Graduates are not on the form, so they are missing.
    """
    parts = []
    for sex, pupils, repeaters in (("M", "boys", "repeaters_boys"),
                                   ("F", "girls", "repeaters_girls")):
        parts.append(pd.DataFrame({
            "school_id": wide[code_column], "year": wide["year"], "grade": wide["grade"],
            "sex": sex, "age": wide["age"].astype("float64"),
            "pupils": wide[pupils], "repeaters": wide[repeaters], "graduates": pd.NA,
        }))
    return pd.concat(parts, ignore_index=True)
