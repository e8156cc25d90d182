"""The tutoring programme: who got it, and the school results before and after.

Two ways into the programme, so that a chapter can compare three estimates of its effect:

* targeted: the ministry chose the schools with the lowest 2019 results. A naive
  comparison after the programme makes it look harmful (these schools were weaker to
  begin with); a difference-in-differences overstates it, because schools picked in a
  bad year tend to do better the next time anyway (regression to the mean).
* a randomised pilot among other schools, in pairs of similar schools, recovers the true
  effect (``PROGRAMME_TRUE_EFFECT_SD``) up to sampling noise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from emiskit.data.seeds import stream
from emiskit.data.settings import ASSESSMENT_YEARS

MIN_PUPILS = 10
TARGETED_SHARE = 0.10
PILOT_PAIRS_SHARE = 0.12
MIN_PILOT_PUPILS = 20


def assign(seed: int, n_schools: int, school: np.ndarray, score: np.ndarray) -> np.ndarray:
    """Arm of each school from its pupils' 2019 scores; "" for schools too small to take part."""
    rng = stream(seed, "programme")
    tests = np.bincount(school, minlength=n_schools)
    total = np.bincount(school, weights=score, minlength=n_schools)
    mean = np.divide(total, tests, out=np.zeros(n_schools), where=tests > 0)
    eligible = np.flatnonzero(tests >= MIN_PUPILS)
    arms = np.full(n_schools, "", dtype=object)
    arms[eligible] = "not_in_programme"

    ranked = eligible[np.argsort(mean[eligible], kind="stable")]
    n_targeted = max(1, round(TARGETED_SHARE * len(eligible)))
    arms[ranked[:n_targeted]] = "targeted"

    others = ranked[n_targeted:]
    others = others[tests[others] >= MIN_PILOT_PUPILS]
    n_pairs = max(2, round(PILOT_PAIRS_SHARE * len(eligible)))
    pilot = rng.choice(others, size=min(2 * n_pairs, len(others) // 2 * 2), replace=False)
    pilot = pilot[np.argsort(mean[pilot], kind="stable")].reshape(-1, 2)
    coin = rng.random(len(pilot)) < 0.5
    arms[np.where(coin, pilot[:, 0], pilot[:, 1])] = "pilot_treatment"
    arms[np.where(coin, pilot[:, 1], pilot[:, 0])] = "pilot_control"
    return arms


def table(assessment: pd.DataFrame, arms: np.ndarray, schools: pd.DataFrame) -> pd.DataFrame:
    """School × assessment year: arm, whether treated, tests and mean score."""
    arm_of = pd.Series(arms, index=schools["school_id"].to_numpy())
    arm_of = arm_of[arm_of != ""]
    scores = assessment[assessment["school_id"].isin(arm_of.index)]
    summary = (
        scores.groupby(["school_id", "year"], sort=True)["score"]
        .agg(pupils_assessed="size", mean_score="mean")
        .reset_index()
    )
    both = summary.groupby("school_id")["year"].transform("nunique") == len(ASSESSMENT_YEARS)
    summary = summary[both].reset_index(drop=True)
    arm = arm_of.reindex(summary["school_id"]).to_numpy()
    after = summary["year"].to_numpy() == ASSESSMENT_YEARS[1]
    return pd.DataFrame(
        {
            "school_id": summary["school_id"].to_numpy(),
            "arm": arm,
            "year": summary["year"].to_numpy(),
            "period": np.where(after, "after", "before"),
            "treated": after & np.isin(arm, ["targeted", "pilot_treatment"]),
            "pupils_assessed": summary["pupils_assessed"].to_numpy(),
            "mean_score": summary["mean_score"].round(1).to_numpy(),
        }
    )
