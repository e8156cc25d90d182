"""Make the worked example of "adapting the course to your country" (run once, committed).

Marisal is a second fictional country, invented like Valdoria. This script builds a small
extract of it with the course's own generator (six districts, forty schools), renames its
places, and writes two versions. Its school system is organised differently from
Valdoria's: primary lasts five years from age 6 (grades 1–5, official ages 6–10) and lower
secondary four (grades 6–9, ages 11–14). The generator simulates that structure, and
``datapackage.json`` records it (``"school_structure"``), so every indicator of the course
uses Marisal's official ages once ``data_dir`` points here.

- ``clean/``: every table in the course's schema, with its ``datapackage.json``: what a
  ministry team ends up with, ready to be set as the course's ``data_dir``;
- ``raw/``: the school register and the school census as the ministry's EMIS exports
  them, with three problems real exports have (a column named in Spanish, codes that lost
  their leading zero, sex coded H/M). ``fix_export.py`` turns them into the clean tables.

    .venv/bin/python examples/country-extract/make_extract.py

The same seed always gives the same files. Every figure is invented.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fix_export import RAW_SCHOOL_ID, RAW_SEX  # noqa: E402

from emiskit.data import generate  # noqa: E402
from emiskit.data.settings import WORKSHOP  # noqa: E402
from emiskit.structure import structure_from_mapping  # noqa: E402

SEED = 2031
SCALE = dataclasses.replace(WORKSHOP.resized(n_districts=6, n_schools=40),
                            survey_respondents=240)
COUNTRY = "Marisal"
STRUCTURE = structure_from_mapping(
    {"entrance_age": 6, "primary": [1, 2, 3, 4, 5], "lower_secondary": [6, 7, 8, 9]},
    "Marisal's school structure (make_extract.py)")
"""Five years of primary from age 6 (ages 6–10), four of lower secondary (ages 11–14)."""
LONGITUDE_SHIFT = -12.0
"""Move the map west, still in open Pacific Ocean, so it does not overlap Valdoria's."""

# Valdoria's names (as the generator writes them) -> Marisal's invented names.
REGIONS = {
    "Región Metropolitana de Aurora": ("Región Capital de Solandra", "Solandra"),
    "Costa Dorada": ("Costa de Ámbar", "Puerto Ámbar"),
    "Valle del Lindero": ("Valle de los Ruiseñores", "Villa Ruiseñor"),
    "Sierra de Quimal": ("Altiplano de Chumay", "Chumay"),
    "Llanos de Tamarí": ("Sabanas de Oropel", "Oropel"),
    "Selva de Yaruní": ("Selva de Ipuré", "Ipuré"),
}
DISTRICTS = {
    "Aurora Centro": "Solandra Centro",
    "Puerto Celeste": "Puerto Ámbar",
    "Villa Olmedal": "Villa Ruiseñor",
    "Quimal": "Chumay",
    "Tamarí": "Oropel",
    "Yaruní": "Ipuré",
}


def typed_like(typed: str) -> str:
    """Carry a name as a school typed it (lower case, stray space, typo) over to Marisal."""
    original = difflib.get_close_matches(typed.strip(), list(DISTRICTS), n=1, cutoff=0.6)
    if not original:
        return typed
    old, new = original[0], DISTRICTS[original[0]]
    if typed == old:
        return new
    if typed.strip() == old:
        return typed.replace(old, new)
    if typed == old.lower():
        return new.lower()
    return new[:-3] + new[-2:]  # a dropped letter, as in the original typo


def marisal_tables() -> generate.Generated:
    """The generator's tables with Marisal's names and map position."""
    result = generate.build(seed=SEED, scale=SCALE, structure=STRUCTURE)
    t = result.tables
    regions = t["regions"].copy()
    regions["capital_city"] = regions["region_name"].map(lambda n: REGIONS[n][1])
    regions["region_name"] = regions["region_name"].map(lambda n: REGIONS[n][0])
    t["regions"] = regions
    for name in ("districts", "schools"):
        frame = t[name].copy()
        frame["longitude"] = (frame["longitude"] + LONGITUDE_SHIFT).round(4)
        if name == "districts":
            frame["district_name"] = frame["district_name"].map(DISTRICTS)
        t[name] = frame
    census = t["census_raw"].copy()
    census["district_name"] = census["district_name"].map(typed_like)
    t["census_raw"] = census
    return result


def _descriptions(node: object) -> object:
    """Say Marisal instead of Valdoria in titles and descriptions (not in survey codes)."""
    if isinstance(node, dict):
        return {k: (v.replace("Valdoria", COUNTRY) if k in ("title", "description")
                    and isinstance(v, str) else _descriptions(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_descriptions(v) for v in node]
    return node


def write_clean(result: generate.Generated, folder: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        generate.write(result, out=Path(tmp))
        package_file = Path(tmp) / "datapackage.json"
        package = _descriptions(json.loads(package_file.read_text(encoding="utf-8")))
        package["name"] = "marisal-school-data-extract"
        package["title"] = "School data extract of Marisal (synthetic, worked example)"
        package["generator"]["derived_by"] = "examples/country-extract/make_extract.py"
        package_file.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n",
                                encoding="utf-8")
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(tmp, folder)


def write_raw(clean: Path, raw: Path) -> None:
    """The school register and census as Marisal's EMIS exports them."""
    raw.mkdir(exist_ok=True)
    schools = pd.read_csv(clean / "schools.csv", dtype=str, keep_default_na=False)
    schools["school_id"] = schools["school_id"].str.lstrip("0")
    schools["district_code"] = schools["district_code"].str.lstrip("0")
    schools = schools.rename(columns={"school_id": RAW_SCHOOL_ID})
    schools.to_csv(raw / "schools.csv", index=False, lineterminator="\n")

    enrolment = pd.read_csv(clean / "enrolment.csv", dtype=str, keep_default_na=False)
    enrolment["school_id"] = enrolment["school_id"].str.lstrip("0")
    enrolment["sex"] = enrolment["sex"].map({v: k for k, v in RAW_SEX.items()})
    enrolment.to_csv(raw / "enrolment.csv", index=False, lineterminator="\n")


def main() -> None:
    result = marisal_tables()
    clean = HERE / "clean"
    readme = (clean / "README.md").read_text(encoding="utf-8") if (
        clean / "README.md").exists() else None
    write_clean(result, clean)
    if readme:
        (clean / "README.md").write_text(readme, encoding="utf-8")
    write_raw(clean, HERE / "raw")
    total = sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file())
    print(f"Wrote {clean} and {HERE / 'raw'} ({total / 1e6:.2f} MB in the example folder).")


if __name__ == "__main__":
    main()
