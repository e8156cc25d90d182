"""Load the sample datasets as pandas DataFrames with the right dtypes.

>>> from emiskit import datasets
>>> datasets.list_datasets()[:3]
['regions', 'districts', 'population']
>>> schools = datasets.load("schools")

Categories become pandas categoricals (ordered where the order means something, such as
performance levels), counts become nullable integers (``Int64``, so a missing value
stays missing instead of turning the column into decimals), yes/no columns become
nullable booleans and dates become datetimes. Files are found from any working
directory through :func:`emiskit.paths.datasets_dir`.

:func:`load` reads a file every time (a learner's own copy). :func:`table` is the one
cached path that the indicator helpers, the widgets and the grading references share:
one rule, a file read once per (data folder, table, modification time and size), so a
changed data folder or a rewritten file is read afresh.
"""

from __future__ import annotations

import difflib
import json
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pandas as pd

from emiskit.data.schema import TABLES, TABLES_BY_NAME, Table, allowed_values
from emiskit.paths import data_dir_setting, datasets_dir

SCALES = ("workshop", "national")
GENERATE_COMMAND = "emiskit data generate --scale national"


class UnknownDatasetError(ValueError):
    """Raised for a dataset or scale name that does not exist."""


class DatasetNotGeneratedError(FileNotFoundError):
    """Raised when a dataset file is missing (the national scale is not committed)."""


class DatasetInvalidError(ValueError):
    """Raised when a dataset file does not match its table's schema."""


def list_datasets() -> list[str]:
    """Names of the sample tables, in the order the course introduces them."""
    return [t.name for t in TABLES]


def _check(name: str, scale: str) -> Table:
    if scale not in SCALES:
        raise UnknownDatasetError(f"Unknown scale {scale!r}. Use one of: {', '.join(SCALES)}.")
    if name not in TABLES_BY_NAME:
        close = difflib.get_close_matches(str(name), list_datasets(), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise UnknownDatasetError(
            f"There is no dataset called {name!r}.{hint} The datasets are: "
            f"{', '.join(list_datasets())}."
        )
    return TABLES_BY_NAME[name]


def scale_dir(scale: str = "workshop") -> Path:
    """Folder holding the files of one scale."""
    return datasets_dir() if scale == "workshop" else datasets_dir() / "national"


def path(name: str, scale: str = "workshop") -> Path:
    """Path of a dataset's file (CSV for the workshop scale, Parquet for national)."""
    _check(name, scale)
    ext = "csv" if scale == "workshop" else "parquet"
    return scale_dir(scale) / f"{name}.{ext}"


def pandas_dtypes(table: Table) -> dict[str, Any]:
    """The pandas dtype of each column, derived from the table's schema."""
    out: dict[str, Any] = {}
    for f in table.fields:
        if f.enum is not None:
            out[f.name] = pd.CategoricalDtype(list(f.enum), ordered=f.ordered)
        elif f.type == "integer":
            out[f.name] = "Int64"
        elif f.type == "number":
            out[f.name] = "float64"
        elif f.type == "boolean":
            out[f.name] = "boolean"
        elif f.type == "date":
            out[f.name] = "datetime64[s]"
        else:
            out[f.name] = "str"
    return out


def apply_dtypes(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Return ``frame`` with the schema's dtypes (columns in schema order)."""
    columns = {}
    for name, dtype in pandas_dtypes(table).items():
        col = frame[name]
        if dtype == "boolean" and col.dtype != "boolean":
            col = col.map({"true": True, "false": False, True: True, False: False})
        elif str(dtype).startswith("datetime64"):
            col = pd.to_datetime(col)
        columns[name] = col.astype(dtype)
    return pd.DataFrame(columns)


def load(name: str, scale: str = "workshop") -> pd.DataFrame:
    """Load one sample table as a DataFrame.

    ``scale="national"`` reads the large Parquet files, which are not committed: generate
    them first with ``emiskit data generate --scale national``.
    """
    table = _check(name, scale)
    file = path(name, scale)
    if not file.exists():
        if scale == "national":
            raise DatasetNotGeneratedError(
                f"The national-scale {name!r} table has not been generated on this "
                f"computer ({file} is missing). Run:  {GENERATE_COMMAND}  (takes about "
                "two minutes), then load it again."
            )
        setting = data_dir_setting()
        if not setting.is_sample:
            raise DatasetNotGeneratedError(
                f"{file} is missing. The course reads its data from {setting.path} (set by "
                f"{setting.source}); put the {name!r} table there as {file.name}, in the "
                "schema of the sample data, or point the setting back at the sample data."
            )
        raise DatasetNotGeneratedError(
            f"{file} is missing. The workshop datasets come with the course; restore them "
            "(for example with git) or run:  emiskit data generate"
        )
    try:
        if file.suffix == ".parquet":
            frame = pd.read_parquet(file)
        else:
            read_as = {
                f.name: ("Int64" if f.type == "integer" else "float64" if f.type == "number"
                         else "str")
                for f in table.fields
            }
            frame = pd.read_csv(file, dtype=read_as, keep_default_na=False, na_values=[""],
                                encoding="utf-8")
        return apply_dtypes(frame, table)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as err:
        # A country's own extract that does not follow the schema ends up here: say which
        # file and how to see every problem, instead of a pandas traceback.
        raise DatasetInvalidError(
            f"{file} does not match the {name!r} table's schema ({type(err).__name__}: "
            f"{err}). To list every problem with its row and column, run:  emiskit data "
            f'validate "{file}"'
        ) from err


#: How many table files :func:`table` keeps in memory (12 tables, two scales, two folders).
CACHE_SIZE = 48
_cache: OrderedDict[tuple[str, int, int], pd.DataFrame] = OrderedDict()
_cache_lock = threading.Lock()


def file_stamp(name: str, scale: str = "workshop") -> tuple[str, int, int]:
    """What identifies the data of a table right now: its resolved file in the data folder
    in use, the file's modification time (nanoseconds) and size. Raises like :func:`load`
    when the file is missing."""
    file = path(name, scale).resolve()
    try:
        info = file.stat()
    except FileNotFoundError:
        load(name, scale)  # raises the error that says how to get the file
        raise
    return str(file), info.st_mtime_ns, info.st_size


def table(name: str, scale: str = "workshop") -> pd.DataFrame:
    """The table ``name`` as :func:`load` gives it, read once and then served from memory.

    The caching rule: a table is kept by its resolved file (so by data folder and name),
    modification time and size (see :func:`file_stamp`). Pointing ``data_dir`` at another
    folder, or rewriting or touching the file, gives fresh data in the same process.

    Each call returns a new DataFrame object. pandas 3 always copies on write, so whatever
    the caller changes (a new column, a changed value) stays in its copy and never reaches
    the cache or another caller; the copy itself costs nothing until something is changed.
    """
    key = file_stamp(name, scale)
    with _cache_lock:
        frame = _cache.get(key)
        if frame is not None:
            _cache.move_to_end(key)
    if frame is None:
        frame = load(name, scale)
        with _cache_lock:
            for old in [k for k in _cache if k[0] == key[0]]:  # an older version of the file
                del _cache[old]
            _cache[key] = frame
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return frame.copy(deep=False)


def clear_cache() -> None:
    """Forget every table :func:`table` holds (they are read again on the next call)."""
    with _cache_lock:
        _cache.clear()


def _check_districts(districts: pd.DataFrame, prefer: object, helper: str,
                     columns: tuple[str, ...]) -> None:
    if not isinstance(prefer, str):
        raise TypeError(
            f"{helper}: prefer must be a code written as text, in quotes (for example "
            f"\"0402\"), not {prefer!r}: a code read as a number loses its leading zero."
        )
    missing = [c for c in columns if c not in districts.columns]
    if missing:
        raise ValueError(
            f"{helper} needs the districts table, with the columns {', '.join(columns)}; "
            f"the table given has no {' or '.join(missing)}. Pass "
            'datasets.load("districts").'
        )


def _most_rural(districts: pd.DataFrame, helper: str) -> pd.Series:
    """The row of the district with the highest ``rural_share`` (lowest code among equals)."""
    if districts.empty:
        raise ValueError(f"{helper}: the districts table is empty; check the districts.csv "
                         "file of your data folder.")
    ranked = districts.assign(_code=districts["district_code"].astype(str)).sort_values(
        ["rural_share", "_code"], ascending=[False, True], na_position="last"
    )
    return ranked.iloc[0]


def example_district(districts: pd.DataFrame, prefer: str) -> str:
    """The code of the district a worked example follows.

    The course's stories follow named districts of the sample country (Alto Pircas is
    ``"0402"``). On a country's own extract (the ``data_dir`` setting) that code may not
    exist, and a notebook that filters on it would stop or show empty tables. So: if
    ``districts`` has the code ``prefer``, return it (on the sample data the notebooks show
    exactly what they always showed); otherwise return the most rural district, the one
    with the highest ``rural_share`` (the lowest code among equals), because the stories
    are about rural districts.
    """
    helper = "example_district"
    _check_districts(districts, prefer, helper, ("district_code", "rural_share"))
    if (districts["district_code"].astype(str) == prefer).any():
        return prefer
    return str(_most_rural(districts, helper)["district_code"])


def example_region(districts: pd.DataFrame, prefer: str) -> str:
    """The code of the region a worked example follows, chosen like :func:`example_district`.

    ``prefer`` if some district of ``districts`` is in that region; otherwise the region of
    the most rural district.
    """
    helper = "example_region"
    _check_districts(districts, prefer, helper, ("district_code", "region_code",
                                                 "rural_share"))
    if (districts["region_code"].astype(str) == prefer).any():
        return prefer
    return str(_most_rural(districts, helper)["region_code"])


def package(scale: str = "workshop") -> dict[str, Any]:
    """The Frictionless Data Package descriptor (``datapackage.json``) of a scale."""
    file = scale_dir(scale) / "datapackage.json"
    if not file.exists():
        raise DatasetNotGeneratedError(f"{file} is missing. Run:  emiskit data generate")
    return json.loads(file.read_text(encoding="utf-8"))


def describe(name: str, scale: str = "workshop") -> pd.DataFrame:
    """The data dictionary of one table, read from ``datapackage.json``.

    One row per column: name, type, unit, allowed values and description.
    """
    _check(name, scale)
    resource = next(r for r in package(scale)["resources"] if r["name"] == name)
    rows = []
    for f in resource["schema"]["fields"]:
        rows.append(
            {
                "column": f["name"],
                "type": f["type"],
                "unit": f.get("unit", ""),
                "allowed values": allowed_values(f),
                "description": f.get("description", ""),
            }
        )
    return pd.DataFrame(rows)
