"""A survey on the use of evidence by ministry staff, district officers, school leaders
and teachers in five fictional countries.

Answers follow patterns reported in the region's studies (central staff use census and
assessment data, schools rely on their own records and on colleagues; under one in five
school leaders changed plans because of learning data), but every answer is invented.
Each respondent has a "data culture" score (country, role and person) that raises use
and confidence and lowers the barriers they report, so the items correlate as real
survey items do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from emiskit.data.schema import AGREEMENT, EVIDENCE_SOURCES, FREQUENCY, ROLES, SURVEY_COUNTRIES
from emiskit.data.seeds import stream
from emiskit.data.settings import Scale

_ROLE_SHARE = (0.10, 0.15, 0.25, 0.50)
_COUNTRY_SHARE = (0.30, 0.20, 0.20, 0.15, 0.15)
_COUNTRY_CULTURE = (0.0, 0.3, -0.2, 0.4, -0.4)
_FEMALE = (0.5, 0.5, 0.55, 0.7)
_RURAL = (0.05, 0.35, 0.4, 0.4)

# Mean answer on the 0–4 frequency scale, by source (rows) and role (columns).
_USE = {
    "use_national_assessment": (2.6, 2.0, 1.3, 0.9),
    "use_school_census": (3.2, 2.6, 1.0, 0.5),
    "use_own_school_records": (0.6, 1.2, 3.0, 3.3),
    "use_research_studies": (1.8, 1.1, 0.8, 0.6),
    "use_evidence_toolkit": (1.0, 0.7, 0.5, 0.4),
    "use_colleagues_and_networks": (2.8, 3.0, 3.1, 3.2),
}
# Mean agreement on the 0–4 scale, by barrier and role.
_BARRIER = {
    "barrier_no_time": (2.3, 2.6, 3.0, 3.2),
    "barrier_data_late": (2.6, 2.8, 2.5, 2.0),
    "barrier_not_my_level": (1.6, 2.2, 2.9, 2.8),
    "barrier_hard_to_understand": (1.2, 1.8, 2.3, 2.6),
    "barrier_not_relevant": (2.0, 2.3, 2.6, 2.7),
    "barrier_no_support": (1.8, 2.0, 2.5, 2.7),
}
_CONFIDENCE = (2.9, 2.5, 2.1, 1.8)
_CHANGED = (0.40, 0.33, 0.17, 0.22)
_TRUST = {  # preference for each source, by role
    "national_assessment": (1.2, 1.0, 0.6, 0.4),
    "school_census": (1.3, 1.1, 0.3, 0.1),
    "own_school_records": (0.2, 0.5, 1.3, 1.5),
    "research_studies": (0.9, 0.6, 0.4, 0.3),
    "evidence_toolkit": (0.3, 0.3, 0.2, 0.2),
    "colleagues_and_networks": (0.5, 0.9, 1.1, 1.3),
}
SKIP = 0.03
"""Share of answers left empty, item by item."""


def _likert(rng: np.random.Generator, mean: np.ndarray, shift: np.ndarray,
            labels: tuple[str, ...]) -> np.ndarray:
    value = np.clip(np.rint(mean + shift + rng.normal(0, 0.85, len(mean))), 0, 4).astype(int)
    out = np.array(labels, dtype=object)[value]
    out[rng.random(len(mean)) < SKIP] = None
    return out


def survey_table(seed: int, scale: Scale) -> pd.DataFrame:
    """The ``evidence_survey`` table, one row per respondent."""
    rng = stream(seed, "evidence_survey")
    n = scale.survey_respondents
    role = rng.choice(len(ROLES), n, p=_ROLE_SHARE)
    country = rng.choice(len(SURVEY_COUNTRIES), n, p=_COUNTRY_SHARE)
    culture = np.array(_COUNTRY_CULTURE)[country] + rng.normal(0, 0.6, n)
    female = rng.random(n) < np.array(_FEMALE)[role]
    rural = rng.random(n) < np.array(_RURAL)[role]
    years = np.minimum(rng.gamma(2.0, 4.5, n).astype(int), 40)
    out: dict[str, object] = {
        "respondent_id": [f"R{i:05d}" for i in range(1, n + 1)],
        "country": np.array(SURVEY_COUNTRIES)[country],
        "role": np.array(ROLES)[role],
        "sex": np.where(female, "F", "M"),
        "years_in_role": years,
        "area": np.where(rural, "rural", "urban"),
    }
    for name, means in _USE.items():
        out[name] = _likert(rng, np.array(means)[role], 0.6 * culture - 0.3 * rural, FREQUENCY)
    trust = np.stack([np.array(v)[role] for v in _TRUST.values()], axis=1)
    choice = np.argmax(trust + rng.gumbel(0, 0.6, trust.shape), axis=1)
    trusted = np.array(EVIDENCE_SOURCES, dtype=object)[choice]
    trusted[rng.random(n) < SKIP] = None
    out["most_trusted_source"] = trusted
    for name, means in _BARRIER.items():
        out[name] = _likert(rng, np.array(means)[role], -0.4 * culture + 0.2 * rural,
                            AGREEMENT)
    out["confidence_with_data"] = _likert(rng, np.array(_CONFIDENCE)[role], 0.5 * culture,
                                          AGREEMENT)
    base = np.array(_CHANGED)[role]
    logit = np.log(base / (1 - base)) + 0.5 * culture
    changed = pd.array(rng.random(n) < 1 / (1 + np.exp(-logit)), dtype="boolean")
    changed[rng.random(n) < SKIP] = pd.NA
    out["changed_practice_with_data"] = changed
    return pd.DataFrame(out)
