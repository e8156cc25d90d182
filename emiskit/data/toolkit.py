"""An evidence toolkit in the style of the EEF/SUMMA toolkits, with invented values.

Every number here is ILLUSTRATIVE and SYNTHETIC: chosen so the table reads like a real
toolkit (tutoring and feedback high, repeating a year negative, uniforms near zero) for
exercises on reading impact, cost and evidence strength together. They are not the
estimates of any real toolkit and must never be quoted as such.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Upper bounds of effect size (d) for 0, 1, 2, … months of progress (EEF conversion);
# negative effects mirror the table.
_MONTH_BOUNDS = (0.01, 0.09, 0.18, 0.26, 0.35, 0.44, 0.52, 0.61, 0.69, 0.78, 0.87, 0.95)

# strand, description, effect size, cost rating, evidence strength, studies, in region
_STRANDS: tuple[tuple[str, str, float, int, int, int, int], ...] = (
    ("Small-group tutoring", "A trained tutor works with two to five pupils, several times "
     "a week, on what they have not yet mastered.", 0.31, 3, 4, 118, 14),
    ("One-to-one tutoring", "A teacher, teaching assistant or volunteer works with one pupil "
     "at a time.", 0.40, 4, 4, 96, 9),
    ("Teaching at the right level", "Pupils are grouped by learning level, not by grade, for "
     "part of the day and taught from where they are.", 0.33, 2, 3, 31, 6),
    ("Structured pedagogy", "Teachers get daily lesson guides, pupil materials and regular "
     "coaching.", 0.28, 2, 4, 64, 12),
    ("Feedback", "Teachers tell pupils specifically how to improve, during and after tasks.",
     0.46, 1, 3, 72, 5),
    ("Metacognition and self-regulation", "Pupils are taught to plan, monitor and evaluate "
     "their own learning.", 0.51, 1, 3, 88, 4),
    ("Reading comprehension strategies", "Explicit teaching of strategies such as "
     "summarising, questioning and inferring.", 0.43, 1, 4, 103, 8),
    ("Collaborative learning", "Pupils work together in small groups on structured tasks.",
     0.30, 1, 3, 57, 7),
    ("Parental engagement", "Schools help families support learning at home.", 0.21, 2, 3,
     49, 10),
    ("Early warning and follow-up", "Attendance, marks and behaviour are monitored and "
     "pupils at risk get a mentor.", 0.07, 1, 2, 18, 5),
    ("Computer-assisted learning", "Adaptive software practice matched to each pupil's "
     "level, alongside teaching.", 0.24, 3, 3, 41, 6),
    ("Teacher coaching", "Regular classroom observation and feedback from an expert "
     "coach.", 0.17, 3, 3, 45, 8),
    ("Extended school day", "More hours of instruction each day.", 0.12, 4, 2, 22, 9),
    ("Homework (primary)", "Regular short tasks to do at home.", 0.11, 1, 2, 27, 3),
    ("Reducing class size", "Fewer pupils per teacher.", 0.14, 5, 3, 38, 4),
    ("School meals", "A free meal at school every day.", 0.08, 4, 2, 26, 11),
    ("Information to parents on results", "Parents receive their child's results and the "
     "school's, with advice on what to do.", 0.10, 1, 2, 16, 6),
    ("Conditional cash transfers", "Families receive money if children attend school.",
     0.05, 5, 3, 34, 19),
    ("Performance pay", "Teachers receive bonuses linked to pupils' results.", 0.05, 3, 2,
     19, 4),
    ("Teaching assistants (general deployment)", "Extra adults in the classroom without a "
     "structured role or training.", 0.04, 4, 2, 24, 2),
    ("School uniforms", "A compulsory school uniform.", 0.00, 1, 1, 7, 1),
    ("Repeating a year", "Pupils who fall behind repeat the grade.", -0.26, 5, 3, 53, 7),
)


def months_from_effect_size(d: float) -> int:
    """Months of additional progress for an effect size, by the EEF conversion table."""
    months = int(np.searchsorted(_MONTH_BOUNDS, abs(d) - 1e-12))
    return int(np.sign(d)) * min(months, 12)


def toolkit_table() -> pd.DataFrame:
    """The ``toolkit`` table (no randomness: the same at every seed and scale)."""
    rows = [
        {
            "strand": strand,
            "description": text,
            "effect_size": d,
            "impact_months": months_from_effect_size(d),
            "cost_rating": cost,
            "evidence_strength": padlocks,
            "studies_total": total,
            "studies_in_region": region,
            "illustrative": True,
        }
        for strand, text, d, cost, padlocks, total, region in _STRANDS
    ]
    return pd.DataFrame(rows)
