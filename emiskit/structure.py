"""The school structure of the country whose data the course reads: a setting, not a constant.

Enrolment ratios need to know which grades make up a level and which ages are its
official ages. UIS defines the *official age group* of a level as the ages from the
official entrance age of the level, for as many years as the level's theoretical duration
(its number of grades): a primary of five grades from age 6 has official ages 6–10 (UIS
glossary, "Official entrance age", "Theoretical duration", "School-age population").
Every level follows from two facts: the official entrance age to grade 1 of primary and
the grades of each level. The official age of grade *g* is ``entrance_age + g − 1``
(grade 0 and below are pre-primary years, e.g. ``[-1, 0]`` for the two years before
grade 1).

Where the structure is written, read in this order (the first found wins):

1. ``"school_structure"`` in the ``datapackage.json`` of the data folder in use
   (:func:`emiskit.paths.datasets_dir`): the structure travels with the data it describes;
2. ``[school_structure]`` in the settings file ``emiskit.toml``, beside ``data_dir``;
3. the sample country's structure, :data:`SAMPLE` (primary grades 1–6 from age 6, lower
   secondary grades 7–9).

Both places use the same keys::

    [school_structure]
    entrance_age = 6                # official age at entry to grade 1 of primary
    primary = [1, 2, 3, 4, 5]       # grades of primary: ages 6-10
    lower_secondary = [6, 7, 8, 9]  # ages 11-14
    # pre_primary = [-1, 0]         # optional: the years before grade 1
    # upper_secondary = [10, 11, 12]  # optional

When both places hold a structure and they differ, :func:`school_structure` refuses to
guess and says which two places to reconcile. The graded exercises' sandbox shows the
``emiskit`` package, ``emiskit.toml`` and the data folder, so it reads the same structure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from emiskit.paths import datasets_dir, read_settings, settings_file

__all__ = [
    "LEVELS",
    "SAMPLE",
    "STRUCTURE_KEY",
    "Level",
    "SchoolStructure",
    "StructureError",
    "school_structure",
    "structure_from_mapping",
    "structure_setting",
]

#: The key in ``datapackage.json`` and the table in ``emiskit.toml``.
STRUCTURE_KEY = "school_structure"
#: The levels a structure may name, from the youngest (ISCED 02, 1, 24, 34).
LEVELS: tuple[str, ...] = ("pre_primary", "primary", "lower_secondary", "upper_secondary")
#: Plausible official entrance ages to primary (UIS data range from 5 to 7 years).
ENTRANCE_AGES: tuple[int, int] = (4, 8)
_REQUIRED = ("entrance_age", "primary")
_NAMES = {"pre_primary": "pre-primary", "primary": "primary",
          "lower_secondary": "lower secondary", "upper_secondary": "upper secondary"}


class StructureError(ValueError):
    """The school structure is missing a key, has an unusable value, or is written twice
    with different values. The message names the file and the key to fix."""


@dataclass(frozen=True)
class Level:
    """One level of education: its name, its grades and their official ages."""

    name: str
    grades: tuple[int, ...]
    """The grades of the level, consecutive, from the first to the last."""
    entrance_age: int
    """Official entrance age to the level's first grade (UIS glossary)."""

    @property
    def duration(self) -> int:
        """Theoretical duration of the level in years: its number of grades."""
        return len(self.grades)

    @property
    def first_grade(self) -> int:
        return self.grades[0]

    @property
    def last_grade(self) -> int:
        return self.grades[-1]

    @property
    def ages(self) -> tuple[int, ...]:
        """The official age group: entrance age to entrance age + duration − 1 (UIS)."""
        return tuple(range(self.entrance_age, self.entrance_age + self.duration))

    @property
    def first_age(self) -> int:
        return self.ages[0]

    @property
    def last_age(self) -> int:
        return self.ages[-1]

    @property
    def bounds(self) -> tuple[int, int, int, int]:
        """First grade, last grade, first official age, last official age."""
        return self.first_grade, self.last_grade, self.first_age, self.last_age

    @property
    def label(self) -> str:
        """The level in words, e.g. ``"primary (grades 1–6, official ages 6–11)"``."""
        return (f"{_NAMES.get(self.name, self.name)} (grades {_span(self.grades)}, "
                f"official ages {_span(self.ages)})")


def _span(values: tuple[int, ...]) -> str:
    return str(values[0]) if len(values) == 1 else f"{values[0]}–{values[-1]}"


@dataclass(frozen=True)
class SchoolStructure:
    """A country's school structure: the official entrance age to grade 1 of primary and
    the grades of each level (see the module text; build one with
    :func:`structure_from_mapping`, which checks the values)."""

    entrance_age: int
    grades: tuple[tuple[str, tuple[int, ...]], ...]
    """``(level, grades)`` pairs in the order of :data:`LEVELS`, levels absent left out."""

    @property
    def levels(self) -> tuple[str, ...]:
        """The levels this structure has, youngest first."""
        return tuple(name for name, _ in self.grades)

    @property
    def school_levels(self) -> tuple[str, ...]:
        """The graded levels, primary and above (pre-primary has no enrolment ratios here)."""
        return tuple(name for name in self.levels if name != "pre_primary")

    def level(self, name: str) -> Level:
        """The level ``name``; a clear error if the structure does not have it."""
        for level_name, grades in self.grades:
            if level_name == name:
                return Level(name, grades, self.age_of_grade(grades[0]))
        raise ValueError(f"the school structure has no level {name!r}; it has "
                         f"{', '.join(map(repr, self.levels))}")

    def level_grades(self, name: str) -> tuple[int, ...]:
        """The grades of level ``name``."""
        return self.level(name).grades

    def official_ages(self, name: str) -> tuple[int, int]:
        """The first and last official ages of level ``name`` (UIS official age group)."""
        level = self.level(name)
        return level.first_age, level.last_age

    def age_of_grade(self, grade: int) -> int:
        """The official (theoretical) age of pupils in ``grade``: entrance age + grade − 1."""
        return self.entrance_age + int(grade) - 1

    def level_of(self, grade: int) -> str | None:
        """The level that ``grade`` belongs to, or None for a grade outside the structure."""
        for name, grades in self.grades:
            if int(grade) in grades:
                return name
        return None

    def all_grades(self) -> tuple[int, ...]:
        """Every grade of the graded levels (primary and above), in order."""
        return tuple(g for name, grades in self.grades if name != "pre_primary" for g in grades)

    def as_dict(self) -> dict[str, Any]:
        """The structure in the form of ``datapackage.json`` and ``emiskit.toml``."""
        return {"entrance_age": self.entrance_age,
                **{name: list(grades) for name, grades in self.grades}}

    def describe(self) -> str:
        """One sentence for learners: the country's levels, grades and official ages."""
        parts = [self.level(name).label for name in self.levels]
        return ("School structure: official entrance age to grade 1 is "
                f"{self.entrance_age}; " + "; ".join(parts) + ".")


def structure_from_mapping(values: Mapping[str, Any], where: str) -> SchoolStructure:
    """Check a structure written as in ``emiskit.toml`` and build it.

    ``where`` names the place it was read from (file and key), for the error messages:
    every error says what to write there instead.
    """
    if not isinstance(values, Mapping):
        raise StructureError(f"{where} must be a table of keys (entrance_age, primary, "
                             f"...), not {values!r}.")
    unknown = sorted(set(values) - {"entrance_age", *LEVELS})
    if unknown:
        raise StructureError(f"{where} has an unknown key: {', '.join(unknown)}. The keys are "
                             f"entrance_age and the levels {', '.join(LEVELS)}.")
    missing = [key for key in _REQUIRED if key not in values]
    if missing:
        raise StructureError(f"{where} has no {' and no '.join(missing)}. Write, for example, "
                             "entrance_age = 6 and primary = [1, 2, 3, 4, 5, 6].")
    age = values["entrance_age"]
    if isinstance(age, bool) or not isinstance(age, int):
        raise StructureError(f"entrance_age in {where} must be a whole number of years, "
                             f"such as 6; it is {age!r}.")
    low, high = ENTRANCE_AGES
    if not low <= age <= high:
        raise StructureError(f"entrance_age in {where} is {age}: the official entrance age "
                             f"to primary is between {low} and {high} years in every "
                             "country. Write the age of a child entering grade 1.")
    levels: list[tuple[str, tuple[int, ...]]] = []
    for name in LEVELS:
        if name not in values:
            continue
        grades = values[name]
        key = f"{name} in {where}"
        if (not isinstance(grades, list | tuple) or not grades
                or any(isinstance(g, bool) or not isinstance(g, int) for g in grades)):
            raise StructureError(f"{key} must be a list of whole grade numbers in square "
                                 f"brackets, such as [1, 2, 3, 4, 5, 6]; it is {grades!r}.")
        grades = tuple(int(g) for g in grades)
        if grades != tuple(range(grades[0], grades[0] + len(grades))):
            raise StructureError(f"{key} is {list(grades)}: the grades of a level must be "
                                 "consecutive and in order, one number per grade.")
        if levels and grades[0] != levels[-1][1][-1] + 1:
            before, last = levels[-1][0], levels[-1][1][-1]
            what = "overlap" if grades[0] <= last else "leave a gap"
            raise StructureError(
                f"{key} starts at grade {grades[0]}, but {before} ends at grade {last}: "
                f"levels must follow one another, so {name} should start at grade "
                f"{last + 1} (they {what}).")
        levels.append((name, grades))
    primary = dict(levels)["primary"]
    if primary[0] != 1:
        raise StructureError(f"primary in {where} starts at grade {primary[0]}: grade 1 is "
                             "the first grade of primary (entrance_age is the age of grade 1). "
                             "Number pre-primary years 0, -1, ... if you have them.")
    if "pre_primary" in dict(levels) and dict(levels)["pre_primary"][-1] != 0:
        raise StructureError(f"pre_primary in {where} must end at grade 0, the year before "
                             "grade 1 (e.g. [-1, 0] for two years).")
    oldest = age + levels[-1][1][-1] - 1
    youngest = age + levels[0][1][0] - 1
    if youngest < 2 or oldest > 20:
        raise StructureError(f"the levels in {where} give official ages {youngest} to "
                             f"{oldest}, outside any school system (2 to 20 years): check "
                             "the grade numbers and entrance_age.")
    return SchoolStructure(age, tuple(levels))


SAMPLE = structure_from_mapping(
    {"entrance_age": 6, "primary": [1, 2, 3, 4, 5, 6], "lower_secondary": [7, 8, 9]},
    "the sample country's structure")
"""Valdoria's structure: primary grades 1–6 (ages 6–11), lower secondary 7–9 (12–14)."""


@dataclass(frozen=True)
class StructureSetting:
    """The structure in use and where it was read (for messages and ``emiskit doctor``)."""

    structure: SchoolStructure
    source: str
    """``"default"`` or the file and key it was read from."""


def _from_package(folder: Path) -> tuple[SchoolStructure, str] | None:
    file = folder / "datapackage.json"
    if not file.is_file():
        return None
    try:
        package = json.loads(file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise StructureError(f"{file} cannot be read as JSON ({err}); the school structure "
                             f'is read from its "{STRUCTURE_KEY}" key.') from None
    if not isinstance(package, dict) or STRUCTURE_KEY not in package:
        return None
    where = f'"{STRUCTURE_KEY}" of {file}'
    return structure_from_mapping(package[STRUCTURE_KEY], where), where


def _from_settings(file: Path) -> tuple[SchoolStructure, str] | None:
    settings = read_settings(file)  # a broken file raises SettingsError, which explains
    if STRUCTURE_KEY not in settings:
        return None
    where = f"[{STRUCTURE_KEY}] of {file}"
    return structure_from_mapping(settings[STRUCTURE_KEY], where), where


def structure_setting(folder: Path | None = None) -> StructureSetting:
    """The school structure of the data folder ``folder`` (default: the one in use) and
    where it comes from: its ``datapackage.json``, else ``emiskit.toml``, else the sample's.

    Raises :class:`StructureError` for an unusable value, or when both files hold a
    structure and they differ.
    """
    folder = Path(folder) if folder is not None else datasets_dir()
    in_package = _from_package(folder)
    in_settings = _from_settings(settings_file())
    if in_package and in_settings and in_package[0] != in_settings[0]:
        raise StructureError(
            f"The school structure is written twice, differently: {in_package[1]} says "
            f"{in_package[0].as_dict()} and {in_settings[1]} says "
            f"{in_settings[0].as_dict()}. Keep one (the data package's describes its data), "
            "or make them equal.")
    found = in_package or in_settings
    if found:
        return StructureSetting(*found)
    return StructureSetting(SAMPLE, "default")


def school_structure(folder: Path | None = None) -> SchoolStructure:
    """The school structure of the data in use (see :func:`structure_setting`)."""
    return structure_setting(folder).structure
