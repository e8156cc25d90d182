"""Generate every sample table from one seed and write them with their descriptor.

The same seed and scale always give byte-identical files: each table family draws from
its own random stream (:mod:`emiskit.data.seeds`), rows are sorted, floats rounded and
the CSV format fixed. The workshop files are committed so notebooks work right after a
clone; the national scale is written as Parquet into ``datasets/national/`` (ignored by
git).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from emiskit.data import (
    assessment,
    census_raw,
    country,
    flows,
    household_survey,
    population,
    schools,
    students,
    survey,
    teachers,
    toolkit,
)
from emiskit.data.schema import TABLES, TABLES_BY_NAME, package_descriptor
from emiskit.data.seeds import DEFAULT_SEED
from emiskit.data.settings import YEARS, Scale
from emiskit.datasets import apply_dtypes
from emiskit.paths import course_root, sample_datasets_dir
from emiskit.structure import SAMPLE, SchoolStructure

NOTES_NAME = "census-raw-planted-problems.md"


@dataclass
class Generated:
    """All tables of one run, and the problems planted in ``census_raw``."""

    tables: dict[str, pd.DataFrame]
    planted: list[census_raw.Planted]
    seed: int
    scale: Scale
    structure: SchoolStructure = SAMPLE


SAMPLE_PACKAGE_PREFIX = "valdoria-school-data"


class ForeignDataError(FileExistsError):
    """Raised instead of overwriting a folder that holds someone's own data."""


def default_out(scale: Scale) -> Path:
    """``datasets/`` for CSV (workshop), ``datasets/national/`` for Parquet.

    Always the sample folder, never the folder the course is configured to read
    (``data_dir``): that may hold a country's own extract.
    """
    base = sample_datasets_dir()
    return base if scale.file_format == "csv" else base / "national"


def check_out(out: Path) -> None:
    """Refuse to write into a folder whose ``datapackage.json`` is not the sample data's."""
    package = Path(out) / "datapackage.json"
    if not package.is_file():
        return
    try:
        name = str(json.loads(package.read_text(encoding="utf-8")).get("name", ""))
    except (ValueError, OSError, AttributeError):
        name = ""
    if not name.startswith(SAMPLE_PACKAGE_PREFIX):
        raise ForeignDataError(
            f"{out} holds other data (its datapackage.json is {name or 'not the sample'!r}), "
            "so the sample data will not be written there. Choose another folder with --out."
        )


def default_notes() -> Path:
    """Where the facilitator's census_raw answer sheet is committed."""
    return course_root() / "facilitator" / NOTES_NAME


def primary_grades_of(structure: SchoolStructure) -> int:
    """How many grades primary has in ``structure``, if the generator can make its data:
    entry to grade 1 at age 6 and nine grades of primary and lower secondary (the sample
    country's frame; only where primary ends may change)."""
    grades = structure.all_grades()
    if (structure.entrance_age != 6 or grades != tuple(range(1, 10))
            or structure.school_levels != ("primary", "lower_secondary")):
        raise ValueError(
            "the generator makes primary and lower secondary over grades 1–9 with entry to "
            f"grade 1 at age 6; it cannot make data for {structure.as_dict()}")
    return len(structure.level_grades("primary"))


def build(seed: int = DEFAULT_SEED, scale: Scale | None = None,
          structure: SchoolStructure = SAMPLE) -> Generated:
    """Generate all tables in memory (no files written).

    ``structure`` is the school structure to simulate (default: the sample country's);
    see :func:`primary_grades_of` for what the generator can make. The other country of
    the course's worked example, Marisal, has a five-year primary.
    """
    from emiskit.data.settings import WORKSHOP

    scale = scale or WORKSHOP
    primary_grades = primary_grades_of(structure)
    steps = tqdm(total=10, desc=f"{scale.name} data", unit="step", disable=not scale.progress)

    started: list[str] = []

    def step(label: str) -> None:
        """Mark the previous step done and show the one starting now."""
        if started:
            steps.update()
        started.append(label)
        steps.set_postfix_str(label)

    step("population and schools")
    districts = country.districts_frame(seed, scale)
    cohorts = population.cohorts(seed, scale, districts)
    register = schools.schools_frame(seed, scale, districts, primary_grades)
    step("enrolment flows")
    flow = flows.simulate(seed, scale, register, districts, cohorts, primary_grades)
    peak = np.max([flow.pupils[y].sum(axis=(1, 2, 3)) for y in YEARS], axis=0)
    register = schools.with_capacity(seed, register, peak)
    step("enrolment table")
    tables: dict[str, pd.DataFrame] = {
        "regions": country.regions_table(),
        "districts": districts,
        "population": population.population_table(districts, cohorts),
        "schools": register,
        "enrolment": flows.enrolment_table(flow, register),
    }
    step("teachers")
    tables["teachers"] = teachers.teachers_table(seed, register, flow)
    step("students")
    tables["students"] = students.generate(seed, scale, register, districts, flow)
    step("assessment and programme")
    tables["assessment"], tables["programme"] = assessment.generate(
        seed, register, districts, flow
    )
    step("toolkit and survey")
    tables["toolkit"] = toolkit.toolkit_table()
    tables["evidence_survey"] = survey.survey_table(seed, scale)
    step("census_raw")
    tables["census_raw"], planted = census_raw.generate(
        seed, register, districts, flow, tables["teachers"]
    )
    step("household survey")
    tables["households"], tables["household_members"] = household_survey.generate(
        seed, scale, districts, tables["population"]
    )
    step("checking columns")
    for name, frame in tables.items():
        expected = TABLES_BY_NAME[name].field_names
        internal = [c for c in frame.columns if c.endswith("_")]
        frame = frame.drop(columns=internal)
        if list(frame.columns) != expected:
            raise AssertionError(
                f"{name}: generated columns {list(frame.columns)} differ from the schema "
                f"{expected}"
            )
        tables[name] = frame
    steps.update()
    steps.close()
    return Generated(tables=tables, planted=planted, seed=seed, scale=scale,
                     structure=structure)


def _csv_text(frame: pd.DataFrame) -> str:
    out = frame.copy()
    for col in out.columns:
        dtype = out[col].dtype
        if pd.api.types.is_bool_dtype(dtype):
            out[col] = out[col].map({True: "true", False: "false"})
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out.to_csv(index=False, lineterminator="\n")


def write(result: Generated, out: Path | None = None, notes: Path | None = None) -> list[Path]:
    """Write the tables, ``datapackage.json`` and (optionally) the facilitator notes."""
    scale = result.scale
    out = Path(out) if out is not None else default_out(scale)
    check_out(out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    facts: dict[str, dict[str, object]] = {}
    items = tqdm(TABLES, desc="writing", unit="table", disable=not scale.progress)
    for t in items:
        frame = result.tables[t.name]
        if scale.file_format == "csv":
            file = out / f"{t.name}.csv"
            data = _csv_text(frame).encode("utf-8")
            file.write_bytes(data)
        else:
            file = out / f"{t.name}.parquet"
            typed = apply_dtypes(frame, t)
            typed.to_parquet(file, index=False, compression="zstd")
            data = file.read_bytes()
        facts[t.name] = {
            "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "rows": len(frame),
        }
        written.append(file)
    descriptor = package_descriptor(facts, scale.name, result.seed, scale.file_format,
                                    result.structure)
    package = out / "datapackage.json"
    package.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    written.append(package)
    if notes is not None:
        notes = Path(notes)
        notes.parent.mkdir(parents=True, exist_ok=True)
        notes.write_text(census_raw.render_notes(result.planted, scale.name, result.seed),
                         encoding="utf-8")
        written.append(notes)
    return written


def generate(seed: int = DEFAULT_SEED, scale: Scale | None = None, out: Path | None = None,
             notes: Path | None = None) -> list[Path]:
    """Build and write everything; return the paths written."""
    return write(build(seed, scale), out, notes)
