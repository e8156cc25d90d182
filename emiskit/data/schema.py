"""The single source of truth for what each sample table holds.

The Frictionless Data Package descriptor (``datasets/datapackage.json``), the loader's
dtypes, the file validator and the data dictionary in the book are all built from the
definitions below, so they cannot drift apart. Descriptions are written for readers who
are not programmers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from emiskit.data.settings import (
    ASSESSMENT_GRADES,
    ASSESSMENT_YEARS,
    CENSUS_RAW_YEAR,
    COUNTRY_NAME,
    LEVEL_CUTS,
    MINIMUM_PROFICIENCY,
    PASS_MARK,
    PROGRAMME_START,
    PROGRAMME_TRUE_EFFECT_SD,
    SES_RANGE,
    YEARS,
)
from emiskit.structure import SAMPLE, STRUCTURE_KEY, SchoolStructure

SYNTHETIC = (
    f"Synthetic data about {COUNTRY_NAME}, a fictional country: every place, school, person "
    "and figure is invented. The data are calibrated only roughly to published figures for "
    "Latin America and the Caribbean; never quote them as real statistics."
)


@dataclass(frozen=True)
class Field:
    """One column: its name, type, meaning and the values it may take."""

    name: str
    type: str  # string, integer, number, boolean, date
    description: str
    title: str = ""
    required: bool = True
    enum: tuple[str, ...] | None = None
    ordered: bool = False
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    unit: str | None = None

    def descriptor(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.title:
            out["title"] = self.title
        out["description"] = self.description
        if self.unit:
            out["unit"] = self.unit
        if self.type == "boolean":
            out["trueValues"] = ["true"]
            out["falseValues"] = ["false"]
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = _num(self.minimum, self.type)
        if self.maximum is not None:
            constraints["maximum"] = _num(self.maximum, self.type)
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if constraints:
            out["constraints"] = constraints
        if self.enum is not None and self.ordered:
            out["categoriesOrdered"] = True
        return out

    def allowed(self) -> str:
        """The allowed values in words, for the data dictionary and error hints."""
        return allowed_values(self.descriptor())


def allowed_values(descriptor: dict[str, Any]) -> str:
    """Describe a Table Schema field's allowed values in words."""
    c = descriptor.get("constraints", {})
    if "enum" in c:
        joined = ", ".join(str(v) for v in c["enum"])
        return f"{joined} (in this order)" if descriptor.get("categoriesOrdered") else joined
    low, high = c.get("minimum"), c.get("maximum")
    if low is not None and high is not None:
        return f"{_fmt(low)} to {_fmt(high)}"
    if low is not None:
        return f"at least {_fmt(low)}"
    if high is not None:
        return f"at most {_fmt(high)}"
    if descriptor["type"] == "boolean":
        return "true or false"
    if descriptor["type"] == "date":
        return "a date written YYYY-MM-DD"
    return ""


def _num(value: float, type_: str) -> float | int:
    return int(value) if type_ == "integer" else value


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """One table (a Frictionless resource) of the sample data."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def schema_descriptor(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "fields": [f.descriptor() for f in self.fields],
            "missingValues": [""],
        }
        if self.primary_key:
            out["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            out["foreignKeys"] = [
                {
                    "fields": list(fk.fields),
                    "reference": {"resource": fk.resource, "fields": list(fk.reference)},
                }
                for fk in self.foreign_keys
            ]
        return out


# ---------------------------------------------------------------------------------------
# Reusable columns

SEX = ("F", "M")


def _school_id(description: str = "School code (see the schools table).") -> Field:
    return Field("school_id", "string", description, title="School code",
                 pattern="^[0-9]{7}$")


def _year(description: str = "School year (February to November of that calendar year).",
          years: tuple[int, ...] = YEARS) -> Field:
    return Field("year", "integer", description, title="School year",
                 minimum=min(years), maximum=max(years))


def _sex(description: str = "Sex: F female, M male.") -> Field:
    return Field("sex", "string", description, title="Sex", enum=SEX)


def _count(name: str, description: str, title: str = "", required: bool = True,
           unit: str = "pupils", minimum: int = 0) -> Field:
    return Field(name, "integer", description, title=title, required=required,
                 minimum=minimum, unit=unit)


def _share(name: str, description: str, title: str = "") -> Field:
    return Field(name, "number", description, title=title, minimum=0, maximum=100,
                 unit="percent")


def _flag(name: str, description: str, title: str = "") -> Field:
    return Field(name, "boolean", description, title=title)


FREQUENCY = ("never", "once_a_year", "each_term", "monthly", "weekly")
AGREEMENT = ("strongly_disagree", "disagree", "neutral", "agree", "strongly_agree")
LEVELS_IV = ("I", "II", "III", "IV")
STATUS = ("promoted", "repeated", "dropped_out", "transferred", "graduated")
ARMS = ("targeted", "pilot_treatment", "pilot_control", "not_in_programme")
ROLES = ("ministry_staff", "district_officer", "school_leader", "teacher")
HOUSEHOLD_LEVELS = ("pre_primary", "primary", "lower_secondary", "upper_secondary", "higher")
RELATIONSHIPS = ("head", "spouse", "child", "other_relative")
SURVEY_YEAR = YEARS[-1]
HOUSEHOLDS_PER_CLUSTER = 20
SURVEY_COUNTRIES = ("Valdoria", "Marisal", "Costa Quebrada", "Altomonte", "Puerto Lumbre")
EVIDENCE_SOURCES = (
    "national_assessment", "school_census", "own_school_records", "research_studies",
    "evidence_toolkit", "colleagues_and_networks",
)

_SES = (
    "Socio-economic index of the pupil's family (parents' schooling, occupation, "
    "household goods), scaled so that the country's pupils average about 0 with a "
    "standard deviation of about 1. Higher is better off."
)
_IND = "True if the pupil's family speaks an Indigenous language at home."
_SEN = "True if the pupil has a disability or recognised special educational needs."


def _span(values: tuple[int, ...]) -> str:
    return f"{values[0]}–{values[-1]}"


def _structure_phrases(structure: SchoolStructure) -> tuple[str, ...]:
    """The sentences of the descriptions that state a school structure, for ``structure``
    (the sample's are in the tables below; :func:`package_descriptor` swaps them)."""
    p, s = structure.level("primary"), structure.level("lower_secondary")
    return (
        f"Official ages: primary (grades {_span(p.grades)}) {_span(p.ages)}, lower "
        f"secondary (grades {_span(s.grades)}) {_span(s.ages)}; the official entry age to "
        f"grade 1 is {structure.entrance_age}.",
        f"Levels taught: primary (grades {_span(p.grades)}), primary_lower_secondary "
        f"(grades {p.first_grade}–{s.last_grade}), lower_secondary (grades "
        f"{_span(s.grades)}).",
        f"Grades {_span(p.grades)} are primary, {_span(s.grades)} lower secondary.",
        f"Grade ({_span(p.grades)} primary, {_span(s.grades)} lower secondary).",
        f"(passed grade {p.last_grade} or grade {s.last_grade})",
    )


_SAMPLE_PHRASES = _structure_phrases(SAMPLE)
_AGES_NOTE = _SAMPLE_PHRASES[0]
_AGE_FIELD = "Age in completed years at the start of the school year (February)."
_MIN3 = MINIMUM_PROFICIENCY[3]
_MIN6 = MINIMUM_PROFICIENCY[6]
_CUTS = "; ".join(
    f"grade {g}: level II from {c[0]:.0f}, III from {c[1]:.0f}, IV from {c[2]:.0f}"
    for g, c in LEVEL_CUTS.items()
)
_EFFECT_POINTS = round(PROGRAMME_TRUE_EFFECT_SD * 100)


def _frequency(name: str, what: str) -> Field:
    return Field(name, "string", f"How often the respondent uses {what}.",
                 enum=FREQUENCY, ordered=True, required=False)


def _barrier(name: str, statement: str) -> Field:
    return Field(name, "string",
                 f'Agreement with the statement "{statement}".',
                 enum=AGREEMENT, ordered=True, required=False)


TABLES: tuple[Table, ...] = (
    Table(
        "regions",
        "Regions",
        f"The six regions of {COUNTRY_NAME}. {SYNTHETIC}",
        (
            Field("region_code", "string", "Two-digit region code.", title="Region code",
                  pattern="^[0-9]{2}$"),
            Field("region_name", "string", "Name of the region.", title="Region"),
            Field("capital_city", "string", "The region's main town.", title="Capital"),
        ),
        primary_key=("region_code",),
    ),
    Table(
        "districts",
        "Districts",
        "Education districts, with the social facts that shape their schools: poverty, "
        f"rurality and Indigenous languages. {SYNTHETIC}",
        (
            Field("district_code", "string",
                  "Four-digit district code; the first two digits are the region code.",
                  title="District code", pattern="^[0-9]{4}$"),
            Field("district_name", "string", "Name of the district.", title="District"),
            Field("region_code", "string", "Region the district belongs to.",
                  title="Region code", pattern="^[0-9]{2}$"),
            _share("poverty_rate",
                   "Share of people living below the national poverty line.",
                   "Poverty rate"),
            _share("rural_share", "Share of the population living in rural areas.",
                   "Rural share"),
            _share("indigenous_language_share",
                   "Share of households that speak an Indigenous language at home.",
                   "Indigenous-language households"),
            Field("latitude", "number",
                  "Latitude of the district's centre (WGS 84). The fictional country is "
                  "placed in open ocean, so no real place lies there.",
                  minimum=-90, maximum=90, unit="degrees"),
            Field("longitude", "number", "Longitude of the district's centre (WGS 84).",
                  minimum=-180, maximum=180, unit="degrees"),
        ),
        primary_key=("district_code",),
        foreign_keys=(ForeignKey(("region_code",), "regions", ("region_code",)),),
    ),
    Table(
        "population",
        "School-age population",
        "Population projections by district, year, single year of age (3 to 18) and sex: "
        "the denominators of enrolment ratios and out-of-school rates. " + _AGES_NOTE
        + " " + SYNTHETIC,
        (
            Field("district_code", "string", "District (see the districts table).",
                  title="District code", pattern="^[0-9]{4}$"),
            _year("Year; the population is counted at the start of the school year."),
            Field("age", "integer", _AGE_FIELD, minimum=3, maximum=18, unit="years"),
            _sex(),
            _count("population", "Number of children and young people.", unit="persons"),
        ),
        primary_key=("district_code", "year", "age", "sex"),
        foreign_keys=(ForeignKey(("district_code",), "districts", ("district_code",)),),
    ),
    Table(
        "schools",
        "School register",
        "Every school of the country, as in the ministry's register: location, sector, "
        "grades offered, shift and facilities. A few schools opened during the period "
        f"and have pupils only from the year they opened. {SYNTHETIC}",
        (
            _school_id("Seven-digit school code: the district code, then a running "
                       "number. Keep it as text so the leading zero is not lost."),
            Field("school_name", "string", "Name of the school (names repeat, as in real "
                  "registers: use the code to identify a school).", title="School name"),
            Field("district_code", "string", "District (see the districts table).",
                  title="District code", pattern="^[0-9]{4}$"),
            Field("area", "string", "Urban or rural location.", enum=("urban", "rural")),
            Field("sector", "string",
                  "Who runs and pays for the school: public; private subsidised (private "
                  "management, public funding); private (fee-paying).",
                  enum=("public", "private_subsidised", "private")),
            Field("levels", "string", _SAMPLE_PHRASES[1],
                  enum=("primary", "primary_lower_secondary", "lower_secondary")),
            Field("lowest_grade", "integer", "Lowest grade offered.", minimum=1, maximum=9),
            Field("highest_grade", "integer", "Highest grade offered.", minimum=1, maximum=9),
            Field("shift", "string",
                  "Timetable: morning, afternoon, double (two groups of pupils share the "
                  "building, one in the morning and one in the afternoon) or full_day.",
                  enum=("morning", "afternoon", "double", "full_day")),
            Field("latitude", "number", "Latitude (WGS 84; fictional, in open ocean).",
                  minimum=-90, maximum=90, unit="degrees"),
            Field("longitude", "number", "Longitude (WGS 84; fictional).",
                  minimum=-180, maximum=180, unit="degrees"),
            _flag("electricity", "True if the school has a working electricity supply."),
            _flag("internet", "True if the school has an internet connection for teaching."),
            _flag("drinking_water", "True if the school has a basic drinking-water service."),
            _flag("sanitation", "True if the school has basic, single-sex toilets."),
            _flag("accessible",
                  "True if buildings and toilets are adapted for pupils with disabilities."),
            _count("capacity", "Pupil places the buildings were designed for (one shift).",
                   unit="pupils", minimum=1),
            Field("year_opened", "integer", "Year the school opened.", minimum=1900,
                  maximum=max(YEARS)),
        ),
        primary_key=("school_id",),
        foreign_keys=(ForeignKey(("district_code",), "districts", ("district_code",)),),
    ),
    Table(
        "enrolment",
        "Enrolment by grade, sex and age",
        "The school census: pupils enrolled at the start of each school year by school, "
        "grade, sex and age, with repeaters and graduates. One row per group that has "
        f"pupils (groups with no pupils are left out). {_SAMPLE_PHRASES[2]} "
        f"{_AGES_NOTE} Schools closed in March 2020 and reopened part-time in "
        "2021: almost no pupil repeated a grade at the end of 2020 (automatic promotion), "
        f"and more left school. {SYNTHETIC}",
        (
            _school_id(),
            _year(),
            Field("grade", "integer", _SAMPLE_PHRASES[3],
                  minimum=1, maximum=9),
            _sex(),
            Field("age", "integer", _AGE_FIELD, minimum=4, maximum=25, unit="years"),
            _count("pupils", "Pupils enrolled in this grade, including repeaters.",
                   minimum=1),
            _count("repeaters",
                   "Of the pupils, those enrolled in the same grade the year before."),
            _count("graduates",
                   "Of the pupils, those who completed the level at the end of the year "
                   f"{_SAMPLE_PHRASES[4]}. Empty for other grades.",
                   required=False),
        ),
        primary_key=("school_id", "year", "grade", "sex", "age"),
        foreign_keys=(ForeignKey(("school_id",), "schools", ("school_id",)),),
    ),
    Table(
        "teachers",
        "Teachers",
        "Teachers by school, year and level, by sex, with those holding the required "
        "qualification and those trained to the national standard (SDG 4.c.1). "
        f"Head counts, all teachers working at least part-time in the school. {SYNTHETIC}",
        (
            _school_id(),
            _year(),
            Field("level", "string", "Level taught.", enum=("primary", "lower_secondary")),
            _count("teachers", "Teachers (head count).", unit="teachers", minimum=1),
            _count("female", "Female teachers.", unit="teachers"),
            _count("male", "Male teachers.", unit="teachers"),
            _count("qualified",
                   "Teachers with the minimum academic qualification required to teach "
                   "at this level.", unit="teachers"),
            _count("trained",
                   "Teachers who received the pedagogical training the national standard "
                   "requires.", unit="teachers"),
        ),
        primary_key=("school_id", "year", "level"),
        foreign_keys=(ForeignKey(("school_id",), "schools", ("school_id",)),),
    ),
    Table(
        "students",
        "Student records (early warning)",
        "Pseudonymous records of two cohorts of pupils followed year by year: all pupils "
        "in grade 5 of a sample of schools in 2018 (cohort 2018) or 2021 (cohort 2021), "
        "until they graduate from grade 9, leave, or the year 2023. Each row is one pupil "
        "in one year, with that year's attendance, marks and behaviour, and what happened "
        "the next year. Pupils who transfer to another school are not followed further. "
        f"Marks run from 1 to 10; below {PASS_MARK:g} is a fail. Attendance was not "
        "recorded in 2020, when schools were closed. The course's early-warning exercise "
        "flags attendance below 80%, a fail in mathematics or language, and two or more "
        f"behaviour incidents. {SYNTHETIC}",
        (
            Field("student_id", "string", "Pseudonymous pupil code (not linkable to a real "
                  "person or to the assessment table).", title="Student",
                  pattern="^ST[0-9]{7}$"),
            _year(years=tuple(range(2018, 2024))),
            Field("cohort", "integer", "Year the pupil was first recorded, in grade 5.",
                  minimum=2018, maximum=2021),
            _school_id(),
            Field("grade", "integer", "Grade in this year.", minimum=5, maximum=9),
            _sex(),
            Field("age", "integer", _AGE_FIELD, minimum=8, maximum=22, unit="years"),
            Field("ses_index", "number", _SES, title="Socio-economic index",
                  minimum=SES_RANGE[0], maximum=SES_RANGE[1], unit="index"),
            _flag("indigenous", _IND),
            _flag("special_needs", _SEN),
            Field("attendance_rate", "number",
                  "Share of school days the pupil attended (empty in 2020: not recorded "
                  "while schools were closed).", required=False, minimum=0, maximum=100,
                  unit="percent"),
            Field("mark_language", "number", "Final mark in language (1–10).",
                  minimum=1, maximum=10, unit="mark"),
            Field("mark_mathematics", "number", "Final mark in mathematics (1–10).",
                  minimum=1, maximum=10, unit="mark"),
            _count("behaviour_incidents",
                   "Serious behaviour incidents written up during the year.",
                   unit="incidents"),
            Field("next_year_status", "string",
                  "What happened next school year: promoted (to the next grade), repeated "
                  "(the same grade), dropped_out (not enrolled anywhere), transferred (to "
                  "another school) or graduated (completed grade 9).",
                  enum=STATUS),
        ),
        primary_key=("student_id", "year"),
        foreign_keys=(ForeignKey(("school_id",), "schools", ("school_id",)),),
    ),
    Table(
        "assessment",
        "National learning assessment",
        "Results of the national assessment of reading and mathematics, taken by pupils "
        f"of grades {ASSESSMENT_GRADES[0]} and {ASSESSMENT_GRADES[1]} in all schools in "
        f"{ASSESSMENT_YEARS[0]} and {ASSESSMENT_YEARS[1]}. One row per pupil and subject. "
        "Scale scores have mean 700 and standard deviation 100 among the pupils assessed "
        f"in {ASSESSMENT_YEARS[0]} (for each grade and subject); {ASSESSMENT_YEARS[1]} "
        "scores are on the same scale, so the two years can be compared. Performance "
        f"levels I–IV: {_CUTS}. Minimum proficiency (SDG 4.1.1) means level {_MIN3} or "
        f"above in grade 3 and level {_MIN6} or above in grade 6. Pupils absent on the "
        f"test day have no row. {SYNTHETIC}",
        (
            Field("student_id", "string", "Pseudonymous pupil code for this test.",
                  title="Student", pattern="^A[0-9]{2}-[0-9]-[0-9]{6}$"),
            Field("subject", "string", "Subject tested.", enum=("reading", "mathematics")),
            _year("Year of the assessment (end of the school year).", ASSESSMENT_YEARS),
            Field("grade", "integer", "Grade of the pupils tested.",
                  minimum=min(ASSESSMENT_GRADES), maximum=max(ASSESSMENT_GRADES)),
            _school_id(),
            _sex(),
            Field("age", "integer", _AGE_FIELD, minimum=6, maximum=20, unit="years"),
            Field("ses_index", "number", _SES, title="Socio-economic index",
                  minimum=SES_RANGE[0], maximum=SES_RANGE[1], unit="index"),
            _flag("indigenous", _IND),
            _flag("special_needs", _SEN),
            _flag("attended_preschool", "True if the pupil attended pre-school."),
            Field("score", "number", "Scale score (mean 700, standard deviation 100 in "
                  f"{ASSESSMENT_YEARS[0]}).", minimum=200, maximum=1200, unit="points"),
            Field("level", "string",
                  f"Performance level, I (lowest) to IV. Minimum proficiency: level "
                  f"{_MIN3} in grade 3, level {_MIN6} in grade 6.",
                  enum=LEVELS_IV, ordered=True),
        ),
        primary_key=("student_id", "subject"),
        foreign_keys=(ForeignKey(("school_id",), "schools", ("school_id",)),),
        extra={
            "minimumProficiencyLevel": {str(g): lv for g, lv in MINIMUM_PROFICIENCY.items()},
            "levelCutScores": {
                str(g): {"II": c[0], "III": c[1], "IV": c[2]} for g, c in LEVEL_CUTS.items()
            },
        },
    ),
    Table(
        "programme",
        "Tutoring programme",
        f"A small-group tutoring programme started in {PROGRAMME_START}. The ministry gave "
        f"it to the schools with the lowest {ASSESSMENT_YEARS[0]} results (arm targeted). "
        "Separately, a pilot was randomised among other schools: pairs of schools with "
        "similar 2019 results were formed and a coin toss chose which school of each pair "
        "got the programme (pilot_treatment) and which did not (pilot_control). One row "
        "per school and assessment year with the school's mean score (reading and "
        f"mathematics, grades 3 and 6 together) before ({ASSESSMENT_YEARS[0]}) and after "
        f"({ASSESSMENT_YEARS[1]}) the programme started. Because the data are synthetic "
        f"the true effect is known: the programme raised scores by {_EFFECT_POINTS} points "
        f"({PROGRAMME_TRUE_EFFECT_SD:g} standard deviations) in every school that got it. "
        f"{SYNTHETIC}",
        (
            _school_id(),
            Field("arm", "string", "How the school came to be in (or out of) the programme.",
                  enum=ARMS),
            _year("Assessment year.", ASSESSMENT_YEARS),
            Field("period", "string", "Before or after the programme started.",
                  enum=("before", "after"), ordered=True),
            _flag("treated", "True if the school was receiving the programme at the time."),
            _count("pupils_assessed", "Pupil tests behind the mean (both subjects, both "
                   "grades).", unit="tests", minimum=1),
            Field("mean_score", "number", "Mean scale score of those tests.",
                  minimum=200, maximum=1200, unit="points"),
        ),
        primary_key=("school_id", "year"),
        foreign_keys=(ForeignKey(("school_id",), "schools", ("school_id",)),),
        extra={"trueEffectPoints": _EFFECT_POINTS},
    ),
    Table(
        "toolkit",
        "Evidence toolkit (illustrative)",
        "Intervention strands in the style of an education evidence toolkit: average "
        "impact in months of additional progress, cost and strength of evidence. "
        "ILLUSTRATIVE SYNTHETIC VALUES made up for teaching how to read a toolkit; they "
        "are not the estimates of any real toolkit. Months follow the EEF conversion "
        "from effect sizes; cost rating 1 (very low) to 5 (very high) per pupil per year; "
        "evidence strength 0 (none) to 5 (very strong).",
        (
            Field("strand", "string", "Intervention strand.", title="Strand"),
            Field("description", "string", "What the approach involves."),
            Field("effect_size", "number",
                  "Average effect size (standard deviations) — illustrative, synthetic.",
                  minimum=-1, maximum=2, unit="standard deviations"),
            Field("impact_months", "integer",
                  "Months of additional progress — illustrative, synthetic.",
                  minimum=-12, maximum=12, unit="months"),
            Field("cost_rating", "integer", "Cost per pupil per year, 1 (very low) to 5 "
                  "(very high) — illustrative, synthetic.", minimum=1, maximum=5),
            Field("evidence_strength", "integer",
                  "Strength of the evidence, 0 to 5 — illustrative, synthetic.",
                  minimum=0, maximum=5),
            _count("studies_total", "Number of studies behind the estimate — illustrative, "
                   "synthetic.", unit="studies"),
            _count("studies_in_region",
                   "Of those, studies from Latin America and the Caribbean — illustrative, "
                   "synthetic.", unit="studies"),
            _flag("illustrative", "Always true: every value in this table is invented."),
        ),
        primary_key=("strand",),
    ),
    Table(
        "evidence_survey",
        "Survey on the use of evidence",
        "A survey of ministry staff, district officers, school leaders and teachers in "
        "five fictional countries: which sources of evidence they use, how often, what "
        "gets in the way, and whether they changed their practice because of data in the "
        f"last year. Items the respondent skipped are empty. {SYNTHETIC}",
        (
            Field("respondent_id", "string", "Anonymous respondent code.",
                  pattern="^R[0-9]{5}$"),
            Field("country", "string", "Country (fictional).", enum=SURVEY_COUNTRIES),
            Field("role", "string", "Respondent's job.", enum=ROLES),
            _sex(),
            Field("years_in_role", "integer", "Years in the current job.", minimum=0,
                  maximum=45, unit="years"),
            Field("area", "string", "Where the respondent works (ministry and district "
                  "staff: the area their office serves).", enum=("urban", "rural")),
            _frequency("use_national_assessment", "national assessment results"),
            _frequency("use_school_census", "school census (EMIS) statistics"),
            _frequency("use_own_school_records",
                       "records kept by schools (attendance, marks)"),
            _frequency("use_research_studies", "research studies or evaluations"),
            _frequency("use_evidence_toolkit", "an evidence toolkit or clearinghouse"),
            _frequency("use_colleagues_and_networks",
                       "advice from colleagues and networks of schools"),
            Field("most_trusted_source", "string", "The source the respondent trusts most.",
                  enum=EVIDENCE_SOURCES, required=False),
            _barrier("barrier_no_time", "I do not have time to look at data or research"),
            _barrier("barrier_data_late", "Data arrive too late to be useful"),
            _barrier("barrier_not_my_level",
                     "Data are not broken down for my school or district"),
            _barrier("barrier_hard_to_understand",
                     "Reports and studies are hard to understand"),
            _barrier("barrier_not_relevant",
                     "Research comes from contexts unlike mine"),
            _barrier("barrier_no_support", "My superiors do not ask for evidence"),
            Field("confidence_with_data", "string",
                  'Agreement with "I feel confident interpreting indicators and results".',
                  enum=AGREEMENT, ordered=True, required=False),
            Field("changed_practice_with_data", "boolean",
                  "True if, in the last year, the respondent changed a plan, a budget or "
                  "their teaching because of what learning data showed.", required=False,
                  ),
        ),
        primary_key=("respondent_id",),
    ),
    Table(
        "census_raw",
        f"School census {CENSUS_RAW_YEAR}, as submitted",
        f"The {CENSUS_RAW_YEAR} school census exactly as schools typed it into the "
        "ministry's form, before any checking: one row per school, grade and age, with "
        "boys and girls in separate columns and the school's cover-page details repeated "
        "on every row. Codes and names are as typed. Expect the problems of real "
        "submissions: this table is for practising data-quality checks, and it should "
        f"not be used for indicators without cleaning. {SYNTHETIC}",
        (
            Field("school_code", "string", "School code as typed by the school."),
            Field("school_name", "string", "School name as typed."),
            Field("district_name", "string", "District name as typed."),
            Field("sector_code", "string", "Sector as typed (the form asks for PUB, SUB or "
                  "PRI).", required=False),
            Field("area_code", "string", "Area as typed (the form asks for U or R).",
                  required=False),
            Field("year", "integer", "School year the form is for."),
            Field("grade", "integer", "Grade."),
            Field("age", "integer", "Age of the pupils in this row, as typed.",
                  required=False, unit="years"),
            Field("boys", "integer", "Boys enrolled.", required=False, unit="pupils"),
            Field("girls", "integer", "Girls enrolled.", required=False, unit="pupils"),
            Field("total", "integer", "Total of the row, as typed (should be boys + girls).",
                  required=False, unit="pupils"),
            Field("repeaters_boys", "integer", "Boys repeating the grade.", required=False,
                  unit="pupils"),
            Field("repeaters_girls", "integer", "Girls repeating the grade.",
                  required=False, unit="pupils"),
            Field("capacity", "integer", "Cover page: pupil places of the school.",
                  required=False, unit="pupils"),
            Field("teachers", "integer", "Cover page: number of teachers.", required=False,
                  unit="teachers"),
            Field("school_total_declared", "integer",
                  "Cover page: total enrolment the school declared (should equal the sum "
                  "of its rows).", required=False, unit="pupils"),
            Field("date_submitted", "date", "Date the form was submitted.", required=False),
        ),
    ),
    Table(
        "households",
        f"Household survey {SURVEY_YEAR}: households",
        f"A household survey in the style of MICS and DHS, carried out from September to "
        f"November {SURVEY_YEAR} (late in the school year): {HOUSEHOLDS_PER_CLUSTER} "
        "households in each cluster (enumeration area), clusters in every district, split "
        "into urban and rural strata. One row per household. The members are in the "
        "household_members table. Weights make the sample stand for the whole country: "
        "the weighted number of children aged 6–11 at the start of the school year matches "
        f"the population table in each district and area. {SYNTHETIC}",
        (
            Field("household_id", "string", "Household code.", title="Household",
                  pattern="^H[0-9]{5}$"),
            Field("cluster_id", "integer", "Cluster (enumeration area) the household was "
                  "drawn in.", title="Cluster", minimum=1),
            Field("district_code", "string", "District (see the districts table).",
                  title="District code", pattern="^[0-9]{4}$"),
            Field("location", "string", "Urban or rural area (the survey's stratum).",
                  enum=("urban", "rural")),
            Field("interview_date", "date", "Date of the interview."),
            _count("household_size", "People listed as usual members of the household.",
                   unit="persons", minimum=1),
            Field("wealth_quintile", "integer",
                  "Wealth quintile of the household, 1 (poorest fifth of the population) to "
                  "5 (richest fifth), from an index of assets and housing, as in MICS and DHS.",
                  title="Wealth quintile", minimum=1, maximum=5),
            Field("weight", "number",
                  "Sampling weight: the number of households in the country this household "
                  "stands for. Sum weights, not rows, to estimate for the country.",
                  minimum=0, unit="households"),
        ),
        primary_key=("household_id",),
        foreign_keys=(ForeignKey(("district_code",), "districts", ("district_code",)),),
    ),
    Table(
        "household_members",
        f"Household survey {SURVEY_YEAR}: household members",
        "Every usual member of the surveyed households, with the education questions of a "
        "MICS or DHS household questionnaire. Attendance is asked about the current school "
        f"year ({SURVEY_YEAR}, February to November) for everyone aged 3 or more; literacy "
        "from age 10. Ages are in completed years **on the day of the interview**, not at "
        "the start of the school year as in the school census: use the birth year and "
        "month to work out the age at the start of the school year. Grades run 1–6 "
        "(primary), 7–9 (lower secondary) and 10–12 (upper secondary). " + _AGES_NOTE
        + " Unlike the school census, the survey also sees children who never enrolled, and "
        f"children on a school's register who do not in fact attend. {SYNTHETIC}",
        (
            Field("household_id", "string", "Household (see the households table).",
                  title="Household", pattern="^H[0-9]{5}$"),
            Field("line_number", "integer", "Member's line in the household list (1 is the "
                  "head of household).", minimum=1),
            Field("relationship", "string", "Relationship to the head of household.",
                  enum=RELATIONSHIPS),
            _sex(),
            Field("age", "integer", "Age in completed years on the day of the interview.",
                  minimum=0, maximum=99, unit="years"),
            Field("birth_year", "integer", "Year of birth.", minimum=1900,
                  maximum=SURVEY_YEAR, unit="year"),
            Field("birth_month", "integer", "Month of birth (1 January … 12 December).",
                  minimum=1, maximum=12, unit="month"),
            Field("location", "string", "Urban or rural area of the household.",
                  enum=("urban", "rural")),
            Field("wealth_quintile", "integer", "Wealth quintile of the household, 1 "
                  "(poorest) to 5 (richest).", title="Wealth quintile", minimum=1, maximum=5),
            Field("ever_attended", "boolean", "True if the person ever attended school or "
                  "pre-school (asked from age 3).", required=False),
            Field("attending", "boolean", "True if the person attended school or pre-school "
                  f"at any time during the current school year ({SURVEY_YEAR}); asked from "
                  "age 3.", required=False),
            Field("level_attended", "string", "Level attended this school year (empty if "
                  "not attending).", enum=HOUSEHOLD_LEVELS, ordered=True, required=False),
            Field("grade_attended", "integer", "Grade attended this school year, 1–12 (empty "
                  "if not attending, or attending pre-school or higher education).",
                  minimum=1, maximum=12, required=False),
            Field("highest_grade_completed", "integer", "Highest grade completed, 0 (none) "
                  "to 12 (upper secondary completed); asked from age 3.", minimum=0,
                  maximum=12, required=False),
            Field("literate", "boolean", "True if the person can read and write a short "
                  "simple sentence about everyday life (asked from age 10).", required=False),
            Field("weight", "number", "Sampling weight of the household, carried by each "
                  "member: the number of people in the country this person stands for. Sum "
                  "weights, not rows.", minimum=0, unit="persons"),
        ),
        primary_key=("household_id", "line_number"),
        foreign_keys=(ForeignKey(("household_id",), "households", ("household_id",)),),
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """Return the definition of table ``name`` (KeyError lists the known names)."""
    try:
        return TABLES_BY_NAME[name]
    except KeyError:
        known = ", ".join(TABLES_BY_NAME)
        raise KeyError(f"unknown table {name!r}; known tables: {known}") from None


def _restate(node: Any, swaps: list[tuple[str, str]]) -> Any:
    """``node`` with every sample structure sentence of its descriptions swapped."""
    if isinstance(node, dict):
        return {k: _restate(v, swaps) if k != "description" or not isinstance(v, str)
                else _swap(v, swaps) for k, v in node.items()}
    if isinstance(node, list):
        return [_restate(v, swaps) for v in node]
    return node


def _swap(text: str, swaps: list[tuple[str, str]]) -> str:
    for old, new in swaps:
        text = text.replace(old, new)
    return text


def package_descriptor(
    resources: dict[str, dict[str, Any]], scale: str, seed: int, file_format: str,
    structure: SchoolStructure = SAMPLE,
) -> dict[str, Any]:
    """Build the Data Package descriptor; ``resources`` maps table name to file facts.

    The descriptor records the school structure of the data (``"school_structure"``, read
    by :mod:`emiskit.structure`) and its descriptions state it.
    """
    descriptor = _package_descriptor(resources, scale, seed, file_format, structure)
    if structure == SAMPLE:
        return descriptor
    return _restate(descriptor, list(zip(_SAMPLE_PHRASES, _structure_phrases(structure),
                                         strict=True)))


def _package_descriptor(
    resources: dict[str, dict[str, Any]], scale: str, seed: int, file_format: str,
    structure: SchoolStructure,
) -> dict[str, Any]:
    fmt = {"csv": ("csv", "text/csv"), "parquet": ("parquet", "application/vnd.apache.parquet")}
    ext, media = fmt[file_format]
    out_resources = []
    for t in TABLES:
        res: dict[str, Any] = {
            "name": t.name,
            "title": t.title,
            "description": t.description,
            "path": f"{t.name}.{ext}",
            "format": ext,
            "mediatype": media,
        }
        if file_format == "csv":
            res["encoding"] = "utf-8"
        res.update(resources.get(t.name, {}))
        res["schema"] = t.schema_descriptor()
        res.update(t.extra)
        out_resources.append(res)
    return {
        "name": f"valdoria-school-data-{scale}",
        "title": f"Sample school data of {COUNTRY_NAME} (synthetic, {scale} scale)",
        "description": (
            f"The school system of {COUNTRY_NAME}, a fictional Spanish-speaking country, "
            f"school years {YEARS[0]}–{YEARS[-1]}: school register, school-age population, "
            "enrolment, teachers, pupil records, a national assessment, a tutoring "
            "programme, an illustrative evidence toolkit, a survey on the use of evidence, "
            f"a raw census extract for data-quality practice and a {SURVEY_YEAR} household "
            f"survey. {_AGES_NOTE} {SYNTHETIC}"
        ),
        "version": "1.0.0",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0",
            }
        ],
        "keywords": ["EMIS", "education", "synthetic data", "Latin America and the Caribbean"],
        "synthetic": True,
        "generator": {"command": "emiskit data generate", "seed": seed, "scale": scale},
        STRUCTURE_KEY: structure.as_dict(),
        "resources": out_resources,
    }
