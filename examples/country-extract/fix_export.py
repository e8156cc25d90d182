"""Turn Marisal's EMIS export (``raw/``) into the course's schema: the worked example.

Each fix answers one problem that ``emiskit data validate`` reported on the raw files. A
ministry team writes a script like this once for its own export, keeps it with the data,
and runs it again on every new export:

    python examples/country-extract/fix_export.py examples/country-extract/raw OUT_FOLDER

Everything is read as text, so that codes keep their zeros and numbers are written back
exactly as they came.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

RAW_SCHOOL_ID = "cod_escuela"
"""The export's name for the school code; the schema calls it ``school_id``."""
RAW_SEX = {"H": "M", "M": "F"}
"""The export codes sex in Spanish (H hombre, M mujer); the schema uses M male, F female.
Note the trap: "M" is valid in both, with opposite meanings, so no validator can catch it."""
CODE_WIDTHS = {"school_id": 7, "district_code": 4, "region_code": 2}


def restore_zeros(codes: pd.Series, width: int) -> pd.Series:
    """Put back the leading zeros a spreadsheet removed (``101001`` -> ``0101001``)."""
    too_long = codes[codes.str.len() > width]
    if not too_long.empty:
        raise ValueError(f"{codes.name}: {too_long.iloc[0]!r} has more than {width} digits; "
                         "this is not a code that lost its zeros. Check the export.")
    return codes.str.zfill(width)


def recode(values: pd.Series, mapping: dict[str, str]) -> pd.Series:
    """Translate codes, refusing any code the mapping does not know."""
    unknown = sorted(set(values) - set(mapping))
    if unknown:
        raise ValueError(f"{values.name}: unexpected codes {unknown}; expected "
                         f"{sorted(mapping)}. Add them to the mapping once you know their "
                         "meaning.")
    return values.map(mapping)


def fix_schools(raw: pd.DataFrame) -> pd.DataFrame:
    out = raw.rename(columns={RAW_SCHOOL_ID: "school_id"})
    for column in ("school_id", "district_code"):
        out[column] = restore_zeros(out[column], CODE_WIDTHS[column])
    return out


def fix_enrolment(raw: pd.DataFrame) -> pd.DataFrame:
    out = raw.copy()
    out["school_id"] = restore_zeros(out["school_id"], CODE_WIDTHS["school_id"])
    out["sex"] = recode(out["sex"], RAW_SEX)
    return out


FIXES = {"schools": fix_schools, "enrolment": fix_enrolment}


def fix_folder(raw: Path, out: Path) -> list[Path]:
    """Fix every exported table found in ``raw`` and write it to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, fix in FIXES.items():
        frame = pd.read_csv(raw / f"{name}.csv", dtype=str, keep_default_na=False)
        target = out / f"{name}.csv"
        fix(frame).to_csv(target, index=False, lineterminator="\n")
        written.append(target)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("Usage: python fix_export.py RAW_FOLDER OUT_FOLDER")
    for path in fix_folder(Path(sys.argv[1]), Path(sys.argv[2])):
        print(f"wrote {path}")
