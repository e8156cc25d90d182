"""Equity: the parity index (SDG 4.5.1), plain and adjusted.

A number in gives a float out; a pandas Series in gives a Series out with the same index;
an advantaged-group value of zero gives NaN.
"""

from __future__ import annotations

import numpy as np

from ._checks import NumberOrSeries, prepare, safe_divide

#: A common convention (not a standard) for "parity": an index between 0.97 and 1.03.
PARITY_BAND: tuple[float, float] = (0.97, 1.03)


def parity_index(
    disadvantaged: NumberOrSeries, advantaged: NumberOrSeries, adjusted: bool = True
) -> NumberOrSeries:
    """Parity index of an indicator between two groups (SDG 4.5.1).

    Formula: ``r = I_d / I_a``, the indicator for the (likely) disadvantaged group — girls,
    rural pupils, the poorest quintile — over the indicator for the other group. This is
    the UIS order (female/male, rural/urban, poorest/richest) for every indicator; do not
    swap the groups for indicators where lower is better.

    * ``adjusted=False``: the plain ratio ``r``.
    * ``adjusted=True`` (default): the UIS **adjusted** parity index, ``r`` if ``r ≤ 1``
      and ``2 − 1/r`` if ``r > 1``. It is symmetric around 1 and bounded between 0 and 2:
      swapping the groups turns 0.8 into 1.2, where the plain ratio would give 1.25.

    Source: SDG 4.5.1 metadata; UIS, "Adjusted parity index" (UIS example: 40 vs 50
    gives 0.8).

    How to read it: 1 is parity. For an indicator where higher is better (enrolment,
    completion, proficiency), below 1 the disadvantaged group is behind. For an indicator
    where lower is better (dropout, repetition, out of school), the reading is reversed:
    above 1 the disadvantaged group is worse off (UIS, SDG 4.5.1 metadata). An index
    between 0.97 and 1.03 is often called "parity" (a convention, not a standard; see
    ``PARITY_BAND``). The indicator values must not be negative.

    >>> parity_index(40, 50)
    0.8
    >>> parity_index(50, 40)   # 2 − 1/1.25
    1.2
    >>> parity_index(50, 40, adjusted=False)
    1.25
    >>> parity_index(2.5, 2.0)   # dropout, rural over urban: above 1, rural pupils worse off
    1.2
    """
    p = prepare({"disadvantaged": disadvantaged, "advantaged": advantaged})
    ratio = safe_divide(p["disadvantaged"], p["advantaged"])
    if adjusted:
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(ratio > 1, 2 - 1 / ratio, ratio)
    return p.wrap(ratio, "adjusted_parity_index" if adjusted else "parity_index")
