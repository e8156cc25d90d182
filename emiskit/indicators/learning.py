"""Learning: shares below (and at or above) a minimum level, and learning poverty.

Definitions from the SDG 4.1.1 metadata (UIS) and the World Bank learning-poverty technical
note. Shares are percentages (0–100).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._checks import NumberOrSeries, check_counts, percentage, prepare, to_float_array


def _below_and_weights(values: Any, minimum: Any, weights: Any) -> tuple[np.ndarray, np.ndarray]:
    """Return (is below minimum, weight) for the pupils that count (non-missing)."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        if not values.cat.ordered:
            raise TypeError(
                "values is a categorical without an order; make it ordered, e.g. "
                "values.astype(pd.CategoricalDtype(['I', 'II', 'III', 'IV'], ordered=True))"
            )
        if minimum not in values.cat.categories:
            raise ValueError(
                f"minimum {minimum!r} is not one of the levels {list(values.cat.categories)}"
            )
        present = values.notna().to_numpy()
        below = (values.cat.codes < values.cat.categories.get_loc(minimum)).to_numpy()
    else:
        _, array, _ = to_float_array(values, "values")
        array = np.ravel(array)
        _, min_array, _ = to_float_array(minimum, "minimum")
        if min_array.ndim or np.isnan(min_array):
            raise TypeError("minimum must be a single number (or level), not missing")
        present = ~np.isnan(array)
        with np.errstate(invalid="ignore"):
            below = array < min_array
    n = present.size
    if weights is None:
        weight = np.ones(n)
    else:
        if (
            isinstance(weights, pd.Series)
            and isinstance(values, pd.Series)
            and not weights.index.equals(values.index)
        ):
            weights = weights.reindex(values.index)
        _, weight, index = to_float_array(weights, "weights")
        weight = np.ravel(weight)
        if weight.size != n:
            raise ValueError(f"weights has {weight.size} values but values has {n}")
        check_counts(weight, "weights", index)
        present &= ~np.isnan(weight)
    return below[present], weight[present]


def share_below_minimum(values: Any, minimum: Any, weights: NumberOrSeries | None = None) -> float:
    """Percent of (weighted) pupils strictly below a minimum level or score.

    Formula: ``Σ w_i [x_i < m] / Σ w_i × 100`` over pupils with a value. Without weights
    every pupil counts once. ``values`` can be scores (numbers) or levels held in an
    **ordered** pandas categorical (e.g. ERCE levels I < II < III < IV); ``minimum`` is the
    lowest score or level that counts as reaching the minimum.

    Missing values (NaN) are **left out** of both the numerator and the denominator — the
    share describes the pupils who were assessed. Pupils with a missing weight are left
    out too. If no pupil remains (or all weights are zero) the result is NaN.

    Source: SDG 4.1.1 metadata (its complement: the share at or above the minimum
    proficiency level, see :func:`share_at_or_above_minimum`).

    >>> share_below_minimum([520, 610, 700, 480, float("nan")], minimum=600)
    50.0
    >>> share_below_minimum([520, 610, 700, 480], minimum=600, weights=[1, 1, 1, 3])
    66.66666666666667
    """
    below, weight = _below_and_weights(values, minimum, weights)
    total = weight.sum()
    if total == 0:
        return float("nan")
    return float(100 * weight[below].sum() / total)


def share_at_or_above_minimum(
    values: Any, minimum: Any, weights: NumberOrSeries | None = None
) -> float:
    """Percent of (weighted) pupils at or above a minimum level or score (SDG 4.1.1).

    Formula: ``Σ w_i [x_i ≥ m] / Σ w_i × 100``, that is ``100 − share_below_minimum``,
    with missing values left out in the same way.

    Source: SDG 4.1.1 metadata, "Proportion of children and young people achieving at
    least a minimum proficiency level".

    >>> share_at_or_above_minimum([520, 610, 700, 480], minimum=600)
    50.0
    """
    below, weight = _below_and_weights(values, minimum, weights)
    total = weight.sum()
    if total == 0:
        return float("nan")
    return float(100 * weight[~below].sum() / total)


def learning_poverty(
    share_below_minimum: NumberOrSeries, out_of_school_rate: NumberOrSeries
) -> NumberOrSeries:
    """Learning poverty (World Bank), in percent.

    Formula: ``LP = BMP × (1 − OOS/100) + OOS``, all in percent, where ``BMP`` is the share
    of pupils below minimum reading proficiency at the end of primary and ``OOS`` the
    out-of-school rate of primary-age children. Out-of-school children are assumed not to
    read with comprehension.

    Source: World Bank, Learning Poverty technical note.

    How to read it: the share of 10-year-olds who cannot read and understand a simple
    text. It is never below either of its parts. Both inputs must be between 0 and 100.

    >>> learning_poverty(50, 10)   # 50 × 0.9 + 10
    55.0
    """
    p = prepare(
        {
            "share_below_minimum": share_below_minimum,
            "out_of_school_rate": out_of_school_rate,
        }
    )
    for name in ("share_below_minimum", "out_of_school_rate"):
        with np.errstate(invalid="ignore"):
            if np.any(p[name] > 100):
                raise ValueError(f"{name} is a percentage and must not be above 100")
    bmp, oos = p["share_below_minimum"], p["out_of_school_rate"]
    return p.wrap(bmp * (100 - oos) / 100 + oos, "learning_poverty")


def literacy_rate(literate: NumberOrSeries, population: NumberOrSeries) -> NumberOrSeries:
    """Literacy rate, in percent.

    Formula: ``LR = L / P × 100``: people of an age group (youth 15–24, adults 15 and
    over, …) who can both read and write, with understanding, a short simple statement on
    their everyday life, over the population of that age group. Counts come from a
    census or a household survey (weighted counts for a sample survey).

    Source: UIS glossary, "Literacy rate" (youth and adult; SDG 4.6 family).

    How to read it: most surveys ask people whether they can read and write, or ask
    them to read a sentence aloud; self-reports tend to be higher than tested literacy.
    Always say which age group and which measure. ``literate`` larger than
    ``population`` raises ``ValueError``.

    >>> literacy_rate(894, 1_000)
    89.4
    """
    return percentage("literacy_rate", ("literate", literate), ("population", population),
                      part_of_whole=True)


def ses_quintiles(results: pd.DataFrame, by: list[str]) -> pd.Series:
    """Each pupil's socio-economic quintile (``"Q1"`` the poorest … ``"Q5"``), formed
    within each group of ``by`` (for example year, grade and subject) from ``ses_index``.
    Ties are broken by order, so the five groups are as equal as possible.

    Source: the usual equity breakdown of learning assessments (quintiles of a
    socio-economic index, as in PISA and ERCE reports).

    >>> pupils = pd.DataFrame({"year": [2022] * 5, "ses_index": [0.3, -1.2, 2.0, 0.0, 0.9]})
    >>> ses_quintiles(pupils, by=["year"]).tolist()
    ['Q3', 'Q1', 'Q5', 'Q2', 'Q4']
    """
    return (
        results.groupby(by, observed=True)["ses_index"]
        .transform(lambda x: pd.qcut(x.rank(method="first"), 5, labels=False) + 1)
        .map(lambda q: f"Q{q}")
    )


def learning_loss_by(results: pd.DataFrame, column: str, keys: list[str]) -> pd.DataFrame:
    """Loss in mean ``score`` from 2019 to 2022 by group of ``column``, averaged over the
    groups of ``keys`` (for example grade and subject); in points, in standard deviations
    of 100 points, with the number of pupils of each group in 2022.

    Source: the learning-loss comparison of the course's Module 2 (same grade, same
    scale, 2019 against 2022), with a scale standard deviation of 100 points.

    >>> results = pd.DataFrame({"year": [2019, 2022, 2019, 2022], "grade": [3] * 4,
    ...                         "area": ["rural", "rural", "urban", "urban"],
    ...                         "score": [500, 440, 520, 490], "student_id": [1, 2, 3, 4]})
    >>> learning_loss_by(results, "area", ["grade"])["loss (points)"].tolist()
    [-60.0, -30.0]
    """
    by_year = results.groupby([*keys, column, "year"], observed=True)["score"].mean() \
        .unstack("year")
    points = (by_year[2022] - by_year[2019]).groupby(column, observed=True).mean()
    in_2022 = results[results["year"] == 2022]
    pupils = in_2022.groupby(column, observed=True)["student_id"].nunique()
    out = pd.DataFrame({"loss (points)": points.round(1), "pupils in 2022": pupils})
    out["loss (SD)"] = (points / 100).round(2)
    return out


def minimum_cut_scores(level_cuts: dict[int, tuple[float, ...]],
                       minimum: dict[int, str]) -> dict[int, float]:
    """The scale score where each grade's minimum proficiency level starts.

    ``level_cuts`` gives, for each grade, the scores where levels II, III and IV start;
    ``minimum`` names each grade's minimum level (``"II"`` …).

    Source: SDG 4.1.1 metadata (UIS): the minimum proficiency level is set on each
    assessment's own scale.

    >>> minimum_cut_scores({3: (600, 700, 800)}, {3: "III"})
    {3: 700}
    """
    names = ["II", "III", "IV"]
    starts = {g: dict(zip(names, cuts, strict=True)) for g, cuts in level_cuts.items()}
    return {g: starts[g][minimum[g]] for g in level_cuts}
