"""Evidence: converting an effect size into months of additional progress (EEF toolkit).

The Education Endowment Foundation (EEF) Teaching and Learning Toolkit reports the impact of
an approach as "months of additional progress", converted from the effect size *d* with a
fixed table. This module holds that table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._checks import to_float_array

#: EEF table: lowest effect size (in hundredths, after rounding to two decimals) for
#: 1, 2, …, 12 months of additional progress. 0.96 and above is 12 months.
EEF_MONTHS_LOWER_BOUNDS: tuple[float, ...] = (
    0.02,
    0.10,
    0.19,
    0.27,
    0.36,
    0.45,
    0.53,
    0.62,
    0.70,
    0.79,
    0.88,
    0.96,
)
_BOUNDS_HUNDREDTHS = np.array([round(b * 100) for b in EEF_MONTHS_LOWER_BOUNDS])


def effect_size_to_months(
    d: float | np.ndarray | pd.Series,
) -> int | float | np.ndarray | pd.Series:
    """Months of additional progress for an effect size *d* (EEF conversion table).

    The EEF table maps effect sizes, reported to two decimals, to months:
    0: −0.01 to 0.01 · 1: 0.02–0.09 · 2: 0.10–0.18 · 3: 0.19–0.26 · 4: 0.27–0.35 ·
    5: 0.36–0.44 · 6: 0.45–0.52 · 7: 0.53–0.61 · 8: 0.62–0.69 · 9: 0.70–0.78 ·
    10: 0.79–0.87 · 11: 0.88–0.95 · 12: 0.96 and above.

    *d* is first rounded to two decimals (halves away from zero, so 0.095 counts as 0.10),
    which closes the gaps between the bands. Negative effects mirror positive ones:
    −0.30 gives −4 months.

    Source: EEF Teaching and Learning Toolkit.

    Returns an ``int`` for a number (NaN for a missing value), a Series for a Series
    (``int64``, or ``float64`` with NaN if any value is missing), an array for an array.

    >>> effect_size_to_months(0.14)
    2
    >>> effect_size_to_months(-0.30)
    -4
    >>> effect_size_to_months(0.70)   # Teaching at the Right Level, Uttar Pradesh
    9
    """
    kind_value = d
    _, array, _ = to_float_array(d, "d")
    with np.errstate(invalid="ignore"):
        # Round |d| to hundredths, halves up; the tiny epsilon absorbs binary noise
        # such as 0.095 being stored as 0.09499999….
        hundredths = np.floor(np.abs(array) * 100 + 0.5 + 1e-9)
    months = np.searchsorted(_BOUNDS_HUNDREDTHS, np.nan_to_num(hundredths), side="right")
    signed = np.where(array < 0, -months, months).astype("float64")
    missing = np.isnan(array)
    signed[missing] = np.nan
    if isinstance(kind_value, pd.Series):
        out = pd.Series(signed, index=kind_value.index, name="months")
        return out if missing.any() else out.astype("int64")
    if isinstance(kind_value, (np.ndarray, list, tuple)):
        return signed if missing.any() else signed.astype("int64")
    return float("nan") if missing else int(signed)
