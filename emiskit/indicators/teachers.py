"""Teachers: pupil-teacher ratio and the share of trained teachers.

Definitions from the UNESCO Institute for Statistics (UIS) and the SDG 4 metadata. Teacher
counts may be fractions (full-time equivalents). A number in gives a float out; a pandas
Series in gives a Series out with the same index; zero teachers gives NaN.
"""

from __future__ import annotations

from ._checks import NumberOrSeries, percentage, prepare, safe_divide


def pupil_teacher_ratio(pupils: NumberOrSeries, teachers: NumberOrSeries) -> NumberOrSeries:
    """Pupil-teacher ratio (PTR): pupils per teacher, a plain ratio (not a percent).

    Formula: ``PTR = E_h / T_h``, enrolment in level *h* over teachers in level *h*,
    full-time equivalents where possible. Pass trained (or qualified) teachers as
    ``teachers`` to get the pupil-trained-teacher (pupil-qualified-teacher) ratio.

    Source: UIS glossary, "Pupil-teacher ratio".

    How to read it: the average class burden, not the class size — teachers who do not
    teach a class (head teachers, specialists) are counted, so classes are usually larger
    than the PTR.

    >>> round(pupil_teacher_ratio(1_505_182, 46_981), 1)  # El Salvador school census
    32.0
    >>> pupil_teacher_ratio(240, 7.5)  # part-time teachers as full-time equivalents
    32.0
    """
    p = prepare({"pupils": pupils, "teachers": teachers})
    return p.wrap(safe_divide(p["pupils"], p["teachers"]), "pupil_teacher_ratio")


def percent_trained_teachers(
    trained_teachers: NumberOrSeries, teachers: NumberOrSeries
) -> NumberOrSeries:
    """Percentage of teachers who are trained (SDG 4.c.1), in percent.

    Formula: ``trained teachers / all teachers × 100``, where "trained" means having at
    least the minimum organised teacher training required by the **national** standard for
    the level.

    Source: SDG 4.c.1 metadata (UIS).

    How to read it: compare within a country over time, and be careful across countries:
    each country sets its own standard. More trained teachers than teachers is impossible
    and raises ``ValueError``.

    >>> percent_trained_teachers(45, 60)
    75.0
    """
    return percentage("percent_trained_teachers", ("trained_teachers", trained_teachers),
                      ("teachers", teachers), part_of_whole=True)
