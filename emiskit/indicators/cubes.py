"""The census summed once into small "cubes", and every indicator by breakdown from them.

This is the one place where the course's tables are aggregated: the table helpers of
:mod:`emiskit.indicators.tables` and the indicator explorer widget both call it, so a
notebook and the explorer always show the same figure.

A cube adds the census up over everything no indicator breaks down by. The enrolment cube
keeps the place (district, region, area and sector of the school) or the school, the year,
the grade and the sex; a pupil's age survives only as "of the official age of primary" or
"of lower secondary". The teacher cube keeps place or school, year and level; the
population cube district, region, year, sex and age. A national census of millions of rows
becomes a table of thousands, so each indicator for each breakdown is then a quick
group-by of a cube followed by the UIS indicator functions of this package (the
definitions live there, once).

Which grades make up a level and which ages are its official ages come from the school
structure of the data in use (:func:`emiskit.structure.school_structure`: the data
package, else ``emiskit.toml``, else the sample country's), read when the cubes are built
and kept with them, so that the sums and the breakdowns always use the same structure.

Two grains: ``"place"`` serves every breakdown except the school; ``"school"`` serves the
school breakdown. Census rows of a school missing from the register count in the
national figures but in no region, district, area or sector; rows with no school code
count nowhere. A missing count adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from emiskit.structure import SchoolStructure, school_structure

from .enrolment import (
    adjusted_net_enrolment_rate,
    gross_enrolment_ratio,
    net_enrolment_rate,
    out_of_school_rate,
)
from .flow import FLOW_COLUMNS, flow_rates_by
from .teachers import percent_trained_teachers, pupil_teacher_ratio

Grain = Literal["place", "school"]

#: The levels whose indicators the census supports (their grades and official ages come
#: from the school structure, :mod:`emiskit.structure`).
INDICATOR_LEVELS: tuple[str, ...] = ("primary", "lower_secondary")
#: The cube column(s) each breakdown groups by. "school" needs a cube of school grain;
#: "sex" exists in the enrolment and population cubes only (teachers are not counted by
#: sex); "area", "sector" and "school" not in the population cube (projected by district).
BREAKDOWN_COLUMNS: dict[str, list[str]] = {
    "national": [],
    "region": ["region_code"],
    "district": ["district_code"],
    "school": ["school_id"],
    "area": ["area"],
    "sector": ["sector"],
    "sex": ["sex"],
}
#: A school's place: the attributes of the register every place-grain cube keeps.
PLACE_COLUMNS: tuple[str, ...] = ("district_code", "region_code", "area", "sector")
ENROLMENT_COUNTS: tuple[str, ...] = ("pupils", "repeaters", "graduates")
TEACHER_COUNTS: tuple[str, ...] = ("teachers", "trained", "qualified")
#: Access counts of :func:`access_by`, in the order of its columns.
ACCESS_COUNTS: tuple[str, ...] = ("enrolment", "population", "enrolment_official_age",
                                  "enrolled_official_age_level_or_higher",
                                  "in_school_official_age")


def official_age_column(level: str) -> str:
    """The enrolment cube's column of pupils of the official age of ``level`` (any grade)."""
    return f"official_age_{level}"


#: The sums an enrolment cube can keep (all those of the structure's levels unless told
#: otherwise).
ENROLMENT_SUMS: tuple[str, ...] = (*ENROLMENT_COUNTS,
                                   *(official_age_column(level) for level in INDICATOR_LEVELS))


def enrolment_sums(structure: SchoolStructure) -> tuple[str, ...]:
    """The sums an enrolment cube keeps by default: the counts and, for each level of
    :data:`INDICATOR_LEVELS` that ``structure`` has, its official-age pupils."""
    return (*ENROLMENT_COUNTS, *(official_age_column(level) for level in INDICATOR_LEVELS
                                 if level in structure.levels))


@dataclass(frozen=True)
class CensusCubes:
    """The census tables summed into cubes (see the module text); a cube not built is None.

    ``grain`` is ``"place"`` (cubes keep district, region, area and sector) or
    ``"school"`` (cubes keep ``school_id``); the population cube is always by district.
    ``structure`` is the school structure the cubes were built with: the breakdowns take
    the grades and official ages of a level from it.
    """

    enrolment: pd.DataFrame | None
    teachers: pd.DataFrame | None
    population: pd.DataFrame | None
    grain: Grain
    structure: SchoolStructure = field(default_factory=school_structure, kw_only=True)


# --------------------------------------------------------------------------------------
# Building the cubes


def plain_integers(column: pd.Series) -> pd.Series:
    """Nullable integers group several times slower than plain ones: convert when no value
    is missing (the same conversion everywhere keeps index dtypes equal for joins)."""
    if pd.api.types.is_integer_dtype(column.dtype) and not column.isna().any():
        return column.astype("int64")
    return column


def _counts(column: pd.Series) -> np.ndarray:
    """A count column as floats, a missing count as 0 (it adds nothing to a sum)."""
    return column.to_numpy(dtype="float64", na_value=0.0)


def _key(values: pd.Series) -> tuple[np.ndarray, int, Any]:
    """Codes 0…k−1 of a key column (a missing value is a value too), k, and the values in
    their own dtype (sorted; missing last)."""
    if values.dtype == np.int64 and len(values):  # years, grades, ages: a short range
        array = values.to_numpy()
        low, high = int(array.min()), int(array.max())
        if high - low < 1 << 12:
            return array - low, high - low + 1, np.arange(low, high + 1, dtype=np.int64)
    codes, uniques = pd.factorize(values, sort=True, use_na_sentinel=False)
    return codes.astype(np.int64, copy=False), len(uniques), uniques


def _sum_by_codes(keys: dict[str, tuple[np.ndarray, int, Any]],
                  values: dict[str, np.ndarray]) -> pd.DataFrame:
    """Sum ``values`` over every combination of ``keys`` that occurs in the rows.

    ``keys`` maps a name to ``(codes, size, labels)``: ``labels`` (anything with
    ``take``, in its own dtype) turns codes back into values, or is a DataFrame whose
    columns all become cube columns (e.g. a place and its district, region, area and
    sector). One ``np.bincount`` per value instead of a group-by on millions of rows.
    """
    n = len(next(iter(keys.values()))[0])
    sizes = [max(size, 1) for _, size, _ in keys.values()]
    flat = np.zeros(n, dtype=np.int64)
    for (codes, _, _), size in zip(keys.values(), sizes, strict=True):
        flat *= size
        flat += codes
    cells = int(np.prod(sizes, dtype=np.float64))
    if cells <= max(4 * n, 1 << 16):  # few possible combinations: count them all
        used = np.flatnonzero(np.bincount(flat, minlength=cells))

        def add(weights: np.ndarray) -> np.ndarray:
            return np.bincount(flat, weights=weights, minlength=cells)[used]
    else:  # hashing the combinations that occur is cheaper than sorting them
        inverse, used = pd.factorize(flat, sort=True)

        def add(weights: np.ndarray) -> np.ndarray:
            return np.bincount(inverse, weights=weights, minlength=len(used))
    out: dict[str, Any] = {}
    positions = np.unravel_index(used, sizes) if len(used) else [used] * len(sizes)
    for (name, (_, _, labels)), where in zip(keys.items(), positions, strict=True):
        if isinstance(labels, pd.DataFrame):
            for column in labels.columns:
                out[column] = labels[column].array.take(where)
        else:
            out[name] = labels.take(where)
    for name, column in values.items():
        out[name] = add(column)
    return pd.DataFrame(out)


def school_register(schools: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    """Each school's place: ``school_id`` and :data:`PLACE_COLUMNS` (the region comes
    from the district; a district missing from ``districts`` leaves it empty)."""
    for name, table, key in (("schools", schools, "school_id"),
                             ("districts", districts, "district_code")):
        repeated = table[key][table[key].duplicated()]
        if len(repeated):
            raise ValueError(f"{name} lists {key} {repeated.iloc[0]!r} more than once; keep "
                             f"one row per {key} (check the table for copied rows)")
    where = pd.Index(districts["district_code"]).get_indexer(schools["district_code"])
    register = schools[["school_id", "district_code", "area", "sector"]].reset_index(drop=True)
    register["region_code"] = districts["region_code"].array.take(where, allow_fill=True)
    return register[["school_id", *PLACE_COLUMNS]]


def _school_keys(census: pd.DataFrame, register: pd.DataFrame | None
                 ) -> tuple[np.ndarray, tuple[np.ndarray, int, Any]]:
    """Which census rows have a school code, and the school or place key of those rows.

    By school, the key's values are a category of the school codes (whole numbers group
    much faster than text on a national census; see :func:`school_codes_as_text`).
    """
    codes, ids = pd.factorize(census["school_id"], sort=True)
    known = codes >= 0
    codes = codes[known].astype(np.int64, copy=False)
    ids = pd.Index(ids)
    if register is None:
        if isinstance(ids.dtype, pd.CategoricalDtype):
            ids = ids.astype(ids.dtype.categories.dtype)
        schools = pd.Categorical.from_codes(np.arange(len(ids)), dtype=pd.CategoricalDtype(ids))
        return known, (codes, len(ids), schools)
    # Places: the combinations of district, region, area and sector in the register, and
    # one more, all missing, for schools the register does not list.
    place_codes = np.zeros(len(register), dtype=np.int64)
    for column in PLACE_COLUMNS:
        column_codes, size, _ = _key(register[column])
        place_codes = place_codes * size + column_codes
    place_of_school, uniques = pd.factorize(place_codes)
    first_row = np.unique(place_of_school, return_index=True)[1]
    places = register.iloc[first_row][list(PLACE_COLUMNS)].reset_index(drop=True)
    places = places.reindex(range(len(uniques) + 1))  # the last place: not in the register
    school_row = pd.Index(register["school_id"]).get_indexer(ids)
    place_of_id = np.where(school_row >= 0, place_of_school[school_row], len(uniques))
    return known, (place_of_id[codes], len(places), places)


def school_codes_as_text(table: pd.DataFrame) -> pd.DataFrame:
    """A result indexed by school with the school codes back in their own type (the
    school-grain cubes hold them as a category)."""
    names = list(table.index.names)
    if "school_id" not in names:
        return table
    level = names.index("school_id")
    codes = table.index.levels[level] if table.index.nlevels > 1 else table.index
    if not isinstance(codes.dtype, pd.CategoricalDtype):
        return table
    plain = codes.astype(codes.dtype.categories.dtype)
    if table.index.nlevels == 1:
        return table.set_axis(plain)
    return table.set_axis(table.index.set_levels(plain, level=level))


def enrolment_cube(enrolment: pd.DataFrame, register: pd.DataFrame | None = None, *,
                   sex: bool = True, sums: Sequence[str] | None = None,
                   structure: SchoolStructure | None = None) -> pd.DataFrame:
    """The enrolment census summed by place (with a ``register``, see
    :func:`school_register`) or by school (without), and by year, grade and sex.

    Columns: the place columns or ``school_id`` (a category of the codes); ``year``,
    ``grade``, ``sex`` (unless ``sex=False``, which halves a school-grain cube); and the
    ``sums`` asked for, by default all of :func:`enrolment_sums`: ``pupils``,
    ``repeaters``, ``graduates`` and, per level, the pupils of its official age in any
    grade (:func:`official_age_column`), which GER, NER, the adjusted NER and the
    out-of-school rate need. The official age group of a level is its official entrance
    age to entrance age + number of grades − 1 (UIS glossary), taken from ``structure``
    (default: :func:`emiskit.structure.school_structure`, the data in use). Fewer sums are
    quicker on a national census.
    """
    structure = structure or school_structure()
    sums = enrolment_sums(structure) if sums is None else sums
    unknown = [name for name in sums if name not in ENROLMENT_SUMS]
    if unknown:
        raise ValueError(f"an enrolment cube cannot sum {unknown}; choose among "
                         f"{list(ENROLMENT_SUMS)}")
    known, school = _school_keys(enrolment, register)
    rows = enrolment[known] if not known.all() else enrolment
    pupils = _counts(rows["pupils"])
    age = None
    values = {}
    for name in sums:
        if name == "pupils":
            values[name] = pupils
        elif name in ENROLMENT_COUNTS:
            values[name] = _counts(rows[name])
        else:
            if age is None:
                age = rows["age"].to_numpy(dtype="float64", na_value=np.nan)
            low, high = structure.official_ages(name.removeprefix("official_age_"))
            values[name] = np.where((age >= low) & (age <= high), pupils, 0.0)
    keys = {
        "school_id" if register is None else "place": school,
        "year": _key(plain_integers(rows["year"])),
        "grade": _key(plain_integers(rows["grade"])),
    }
    if sex:
        keys["sex"] = _key(rows["sex"])
    return _sum_by_codes(keys, values)


def teacher_cube(teachers: pd.DataFrame, register: pd.DataFrame | None = None
                 ) -> pd.DataFrame:
    """The teacher census summed by place (with a ``register``) or school, year and level.

    Columns: the place columns or ``school_id`` (a category of the codes); ``year``,
    ``level`` and the counts of :data:`TEACHER_COUNTS` the table has (``teachers`` and
    ``trained`` at least).
    """
    known, school = _school_keys(teachers, register)
    rows = teachers[known] if not known.all() else teachers
    # teachers and trained are needed; qualified is summed when the table has it
    counts = [c for c in TEACHER_COUNTS if c != "qualified" or c in rows.columns]
    return _sum_by_codes({
        "school_id" if register is None else "place": school,
        "year": _key(plain_integers(rows["year"])),
        "level": _key(rows["level"]),
    }, {name: _counts(rows[name]) for name in counts})


def population_cube(population: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    """The population projection summed by district (with its region), year, sex and age.

    A district missing from ``districts`` keeps its rows (they count nationally) with no
    region.
    """
    codes, size, ids = _key(population["district_code"])
    where = pd.Index(districts["district_code"]).get_indexer(ids)
    places = pd.DataFrame({"district_code": ids,
                           "region_code": districts["region_code"].array.take(
                               where, allow_fill=True)})
    return _sum_by_codes({
        "district": (codes, size, places),
        "year": _key(plain_integers(population["year"])),
        "sex": _key(population["sex"]),
        "age": _key(plain_integers(population["age"])),
    }, {"population": _counts(population["population"])})


def census_cubes(enrolment: pd.DataFrame | None = None, *,
                 schools: pd.DataFrame | None = None,
                 districts: pd.DataFrame | None = None,
                 teachers: pd.DataFrame | None = None,
                 population: pd.DataFrame | None = None,
                 grain: Grain = "place", sex: bool = True,
                 sums: Sequence[str] | None = None,
                 structure: SchoolStructure | None = None) -> CensusCubes:
    """Build the cubes of the tables given (the others stay None).

    The place grain needs ``schools`` and ``districts`` (the register); the population
    cube needs ``districts``; the school grain needs no register for the census cubes.
    ``sex=False`` leaves sex out of the enrolment cube and ``sums`` chooses its sums (see
    :func:`enrolment_cube`): a smaller cube, quicker to build. ``structure`` (default:
    the school structure of the data in use) gives each level's grades and official ages;
    the cubes keep it.
    """
    structure = structure or school_structure()
    if grain not in ("place", "school"):
        raise ValueError(f"grain must be 'place' or 'school', not {grain!r}")
    register = None
    if grain == "place" and (enrolment is not None or teachers is not None):
        if schools is None or districts is None:
            raise ValueError("the place grain needs the schools and districts tables "
                             "(the register says where each school is)")
        register = school_register(schools, districts)
    if population is not None and districts is None:
        raise ValueError("the population cube needs the districts table (for regions)")
    pupils = None if enrolment is None else enrolment_cube(enrolment, register, sex=sex, sums=sums,
                                                         structure=structure)
    staff = None if teachers is None else teacher_cube(teachers, register)
    if grain == "school" and pupils is not None and staff is not None:
        # one list of schools for both cubes, so that their results join
        both = pupils["school_id"].cat.categories.union(staff["school_id"].cat.categories)
        pupils["school_id"] = pupils["school_id"].cat.set_categories(both)
        staff["school_id"] = staff["school_id"].cat.set_categories(both)
    return CensusCubes(
        enrolment=pupils,
        teachers=staff,
        population=None if population is None else population_cube(population, districts),
        grain=grain,
        structure=structure,
    )


# --------------------------------------------------------------------------------------
# Indicators by breakdown


def _cube(cubes: CensusCubes, name: str, needs: Sequence[str] = ()) -> pd.DataFrame:
    cube = getattr(cubes, name)
    if cube is None:
        raise ValueError(f"these cubes have no {name} cube; build it with "
                         f"census_cubes({name}=...)")
    missing = [column for column in needs if column not in cube.columns]
    if missing:
        raise ValueError(f"the {name} cube has no {missing} sums; build it with "
                         f"census_cubes(..., sums=[...]) including them")
    return cube


def _group(cube: pd.DataFrame, by: str, what: str) -> list[str]:
    """The cube columns of breakdown ``by``, with a clear error if the cube lacks them."""
    if by not in BREAKDOWN_COLUMNS:
        raise ValueError(f"by must be one of {', '.join(map(repr, BREAKDOWN_COLUMNS))}, "
                         f"not {by!r}")
    group = BREAKDOWN_COLUMNS[by]
    if any(column not in cube.columns for column in group):
        raise ValueError(f"the {what} cube cannot be broken down by {by!r}: it has no "
                         f"{group[0]!r} column (see BREAKDOWN_COLUMNS for what each cube "
                         "and grain supports)")
    return group


def _by_columns(cube: pd.DataFrame, keys: list[str]) -> list[pd.Series]:
    """The cube's columns to group other values by (no copy of the cube is made)."""
    return [cube[key] for key in keys]


def check_level(level: str, structure: SchoolStructure) -> tuple[int, ...]:
    """The grades of ``level`` in ``structure``, with a clear error for a level the census
    indicators do not cover or the structure does not have."""
    if level not in INDICATOR_LEVELS:
        raise ValueError(f"level must be one of {', '.join(map(repr, INDICATOR_LEVELS))}, "
                         f"not {level!r}")
    return structure.level_grades(level)


def _grade_values(cube: pd.DataFrame) -> np.ndarray:
    return cube["grade"].to_numpy(dtype="float64", na_value=np.nan)


def _sex_key(cube: pd.DataFrame, by: str, sex: bool) -> list[str]:
    """``["sex"]`` to add sex to a breakdown, if asked for and possible."""
    if not sex:
        return []
    if by == "sex":
        raise ValueError("by='sex' already breaks down by sex; leave sex=False")
    if "sex" not in cube.columns:
        raise ValueError("this cube is not kept by sex; build it with census_cubes(sex=True)")
    return ["sex"]


def access_by(cubes: CensusCubes, level: str, by: str = "national", *,
              sex: bool = False) -> pd.DataFrame:
    """Enrolment ratios and the out-of-school rate of ``level``, indexed by (group…, year
    [, sex]); a group with a population and no pupils has counts 0.

    Columns :data:`ACCESS_COUNTS` and ``ger`` (gross enrolment ratio), ``ner`` (net
    enrolment rate), ``adjusted_ner`` (official-age pupils in this level or higher) and
    ``out_of_school_rate`` (official-age children in no grade of the census; the sample
    data have no pre-primary).

    Source: UIS glossary (GER, NER, adjusted NER); SDG 4.1.4 metadata (out-of-school rate).

    >>> from emiskit import datasets
    >>> tables = {n: datasets.load(n) for n in ("enrolment", "schools", "districts",
    ...                                         "population")}
    >>> cubes = census_cubes(**tables)
    >>> access_by(cubes, "primary").loc[2024, ["ger", "ner"]].round(1).tolist()
    [101.1, 93.0]
    """
    grades = check_level(level, cubes.structure)
    cube = _cube(cubes, "enrolment", ["pupils", official_age_column(level)])
    pop = _cube(cubes, "population")
    keys = [*_group(cube, by, "enrolment"), "year", *_sex_key(cube, by, sex)]
    _group(pop, by, "population")
    grade = _grade_values(cube)
    in_level = np.isin(grade, grades)
    pupils = cube["pupils"].to_numpy()
    official = cube[official_age_column(level)].to_numpy()
    counts = pd.DataFrame({
        "enrolment": np.where(in_level, pupils, 0.0),
        "enrolment_official_age": np.where(in_level, official, 0.0),
        "enrolled_official_age_level_or_higher": np.where(grade >= min(grades), official, 0.0),
        "in_school_official_age": official,
    }, index=cube.index).groupby(_by_columns(cube, keys), observed=True, sort=True).sum()
    low, high = cubes.structure.official_ages(level)
    pop = pop[pop["age"].between(low, high)]
    population = pop.groupby(keys, observed=True, sort=True)["population"].sum()
    if counts.index.equals(population.index):  # the usual case: no join needed
        table = counts.assign(population=population.to_numpy())
    else:
        table = counts.join(population, how="outer").fillna(dict.fromkeys(counts.columns, 0.0))
    c = {name: table[name] for name in ACCESS_COUNTS}
    return pd.DataFrame({
        **c,
        "ger": gross_enrolment_ratio(c["enrolment"], c["population"]),
        "ner": net_enrolment_rate(c["enrolment_official_age"], c["population"]),
        "adjusted_ner": adjusted_net_enrolment_rate(c["enrolled_official_age_level_or_higher"],
                                                    c["population"]),
        "out_of_school_rate": out_of_school_rate(c["population"], c["in_school_official_age"]),
    })


def teachers_by(cubes: CensusCubes, level: str, by: str = "national") -> pd.DataFrame:
    """Pupil-teacher ratio and percentage of trained teachers of ``level``, indexed by
    (group…, year); a group with pupils and no teachers (or the reverse) has counts 0.

    Columns ``pupils`` (of the level's grades), the teacher counts of the level's
    teachers, ``ptr`` (head counts), ``pupil_trained_teacher_ratio`` and
    ``percent_trained`` (SDG 4.c.1).

    Source: UIS glossary (pupil-teacher ratio); SDG 4.c.1 metadata (trained teachers).

    >>> from emiskit import datasets
    >>> tables = {n: datasets.load(n) for n in ("enrolment", "schools", "districts",
    ...                                         "teachers")}
    >>> cubes = census_cubes(**tables)
    >>> teachers_by(cubes, "primary").loc[2024, ["ptr", "percent_trained"]].round(1).tolist()
    [25.7, 79.1]
    """
    grades = check_level(level, cubes.structure)
    cube, staff = _cube(cubes, "enrolment", ["pupils"]), _cube(cubes, "teachers")
    keys = [*_group(cube, by, "enrolment"), "year"]
    _group(staff, by, "teacher")
    pupils = pd.DataFrame({"pupils": np.where(np.isin(_grade_values(cube), grades),
                                              cube["pupils"].to_numpy(), 0.0)},
                          index=cube.index)
    pupils = pupils.groupby(_by_columns(cube, keys), observed=True, sort=True).sum()
    counts = [c for c in TEACHER_COUNTS if c in staff.columns]
    staff = staff[staff["level"] == level]
    staff = staff.groupby(keys, observed=True, sort=True)[counts].sum()
    if pupils.index.equals(staff.index):  # the usual case: no join needed
        table = pd.concat([pupils, staff], axis=1)
    else:
        table = pupils.join(staff, how="outer").fillna(0.0)
    table["ptr"] = pupil_teacher_ratio(table["pupils"], table["teachers"])
    table["pupil_trained_teacher_ratio"] = pupil_teacher_ratio(table["pupils"], table["trained"])
    table["percent_trained"] = percent_trained_teachers(table["trained"], table["teachers"])
    return school_codes_as_text(table)


def _grade_rates(cubes: CensusCubes, level: str, by: str, sex: bool
                 ) -> tuple[pd.DataFrame, list[str], pd.DataFrame]:
    """The counts of each grade of ``level`` by group (…, [sex,] year, grade; columns
    ``enrolment``, ``repeaters``, ``graduates``), the group columns, and the grades' flow
    rates from :func:`emiskit.indicators.flow_rates_by` (index as the counts)."""
    grades = check_level(level, cubes.structure)
    cube = _cube(cubes, "enrolment", ENROLMENT_COUNTS)
    groups = [*_group(cube, by, "enrolment"), *_sex_key(cube, by, sex)]
    rows = cube[np.isin(_grade_values(cube), grades)]
    counts = rows.groupby([*groups, "year", "grade"], observed=True, sort=True)[
        list(ENROLMENT_COUNTS)].sum()
    counts = counts.rename(columns={"pupils": "enrolment"}).reset_index()
    counts["year"] = counts["year"].astype("int64")
    counts["grade"] = counts["grade"].astype("int64")
    rates = flow_rates_by(counts, by=groups or None, graduates="graduates")
    return counts, groups, rates


def _sex_after_year(table: pd.DataFrame, sex: bool) -> pd.DataFrame:
    """Move ``sex`` from before ``year`` to after it, as in :func:`access_by`."""
    if not sex:
        return table
    names = list(table.index.names)
    names.remove("sex")
    names.insert(names.index("year") + 1, "sex")
    return table.reorder_levels(names).sort_index()


def grade_flows_by(cubes: CensusCubes, level: str, by: str = "national", *,
                   sex: bool = False) -> pd.DataFrame:
    """Promotion, repetition and dropout rates of each grade of ``level``, indexed by
    (group…, year[, sex], grade), in percent; the last grade's promotion uses the
    level's graduates, and the last year's rates are NaN (no next year).

    Source: UIS glossary (promotion, repetition rates) and UIS guidelines (dropout).

    >>> from emiskit import datasets
    >>> tables = {n: datasets.load(n) for n in ("enrolment", "schools", "districts")}
    >>> grade_flows_by(census_cubes(**tables), "primary").loc[(2019, 1)].round(1).tolist()
    [87.7, 11.3, 1.0]
    """
    _, _, rates = _grade_rates(cubes, level, by, sex)
    return school_codes_as_text(_sex_after_year(rates, sex))


def level_flows_by(cubes: CensusCubes, level: str, by: str = "national", *,
                   sex: bool = False) -> pd.DataFrame:
    """Promotion, repetition and dropout rates of a whole level, indexed by (group…,
    year[, sex]), in percent, with the level's ``enrolment``.

    The rate of a level is the enrolment-weighted mean of its grades' rates (grades
    without a rate left out), which is the same as summing numerators and denominators
    over the grades (UIS). The last year has no rates.

    Source: UIS glossary (promotion, repetition rates) and UIS guidelines (dropout).

    >>> from emiskit import datasets
    >>> tables = {n: datasets.load(n) for n in ("enrolment", "schools", "districts")}
    >>> level_flows_by(census_cubes(**tables), "primary").loc[2019].round(1).tolist()
    [92.1, 6.8, 1.1, 89695.0]
    """
    counts, groups, rates = _grade_rates(cubes, level, by, sex)
    weights = counts.set_index([*groups, "year", "grade"])["enrolment"].reindex(rates.index)
    levels = [*groups, "year"]
    out = {}
    for flow in FLOW_COLUMNS:
        rate = rates[flow]
        use = rate.notna()
        weighted = (rate.where(use, 0) * weights.where(use, 0)).groupby(level=levels).sum()
        total = weights.where(use, 0).groupby(level=levels).sum()
        out[flow] = weighted / total.where(total > 0)
    out["enrolment"] = weights.groupby(level=levels).sum()
    return school_codes_as_text(_sex_after_year(pd.DataFrame(out), sex))

