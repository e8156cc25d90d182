"""Education indicators, computed exactly as UNESCO UIS and the SDG 4 metadata define them.

Every function is pure and vectorised: a number in gives a float out, a pandas Series in
gives a Series out with the same index. Rates and shares are percentages (0–100); ratios
and parity indices are plain ratios. A zero denominator gives NaN (no exception, no
warning); a negative count raises ``ValueError`` naming the argument.

Modules (import from here; the module names say what they hold):

* ``enrolment`` — intake to the first grade (gross and net), gross and net enrolment,
  adjusted NER, age-specific enrolment, school life expectancy, out-of-school rate, gross
  intake ratio to the last grade, completion rate (SDG 4.1.2);
* ``flow`` — promotion, repetition and dropout rates; survival, coefficient of efficiency
  and years-input per graduate (one reconstructed cohort); transition rate; percentage of
  repeaters; grouped versions for many schools at once;
* ``teachers`` — pupil-teacher ratio, percentage of trained teachers;
* ``learning`` — shares below / at or above a minimum level, learning poverty, literacy
  rate;
* ``household`` — weighted survey indicators from a household-members table: net
  attendance rate, out-of-school rate, completion rate;
* ``equity`` — parity index (plain and UIS adjusted);
* ``evidence`` — effect size to months of progress (EEF toolkit);
* ``disaggregate`` — any indicator by group, with small-group suppression;
* ``tables`` — the course's sample tables (or your own with the same columns) straight to
  indicators by nation, region, district, school, area or sector and year:
  ``access_indicators``, ``teacher_indicators``, ``flow_indicators``, ``level_flow_indicators``,
  ``survival_indicators``, ``gender_parity``.

The book's appendix "Indicator reference" (``book/appendix/indicators.md``) explains each
indicator for learners.
"""

from .disaggregate import disaggregate
from .enrolment import (
    OUT_OF_SCHOOL_DEFINITIONS,
    adjusted_net_enrolment_rate,
    age_specific_enrolment_rate,
    completion_rate,
    gross_enrolment_ratio,
    gross_intake_ratio,
    gross_intake_ratio_last_grade,
    net_enrolment_rate,
    net_intake_rate,
    official_age_in_school,
    out_of_school_rate,
    school_life_expectancy,
)
from .equity import PARITY_BAND, parity_index
from .evidence import EEF_MONTHS_LOWER_BOUNDS, effect_size_to_months
from .flow import (
    FLOW_COLUMNS,
    coefficient_of_efficiency,
    flow_rates,
    flow_rates_by,
    percentage_of_repeaters,
    survival_rate,
    transition_rate,
    years_input_per_graduate,
)
from .household import (
    LEVELS_IN_SCHOOL,
    net_attendance_rate,
    survey_completion_rate,
    survey_out_of_school_rate,
)
from .learning import (
    learning_loss_by,
    learning_poverty,
    literacy_rate,
    minimum_cut_scores,
    ses_quintiles,
    share_at_or_above_minimum,
    share_below_minimum,
)
from .tables import (
    access_indicators,
    flow_indicators,
    gender_parity,
    level_flow_indicators,
    survival_indicators,
    teacher_indicators,
)
from .teachers import percent_trained_teachers, pupil_teacher_ratio

__all__ = [
    "EEF_MONTHS_LOWER_BOUNDS",
    "FLOW_COLUMNS",
    "LEVELS_IN_SCHOOL",
    "OUT_OF_SCHOOL_DEFINITIONS",
    "PARITY_BAND",
    "access_indicators",
    "adjusted_net_enrolment_rate",
    "age_specific_enrolment_rate",
    "coefficient_of_efficiency",
    "completion_rate",
    "disaggregate",
    "effect_size_to_months",
    "flow_indicators",
    "flow_rates",
    "flow_rates_by",
    "gender_parity",
    "gross_enrolment_ratio",
    "gross_intake_ratio",
    "gross_intake_ratio_last_grade",
    "learning_loss_by",
    "learning_poverty",
    "level_flow_indicators",
    "literacy_rate",
    "minimum_cut_scores",
    "net_attendance_rate",
    "net_enrolment_rate",
    "net_intake_rate",
    "official_age_in_school",
    "out_of_school_rate",
    "parity_index",
    "percent_trained_teachers",
    "percentage_of_repeaters",
    "pupil_teacher_ratio",
    "school_life_expectancy",
    "ses_quintiles",
    "share_at_or_above_minimum",
    "share_below_minimum",
    "survey_completion_rate",
    "survey_out_of_school_rate",
    "survival_indicators",
    "survival_rate",
    "teacher_indicators",
    "transition_rate",
    "years_input_per_graduate",
]
