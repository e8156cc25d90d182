"""``emiskit data``: generate the sample datasets, or check your own file against them.

    emiskit data generate [--seed 2024] [--scale workshop|national] [--out DIR]
    emiskit data validate PATH [--table NAME] [--all-errors FILE]
    emiskit data import RAW --to FOLDER
    emiskit data list
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from emiskit.data.seeds import DEFAULT_SEED
from emiskit.data.settings import SCALES


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "data",
        help="generate the sample datasets or validate your own data file",
        description="Generate the sample datasets of the fictional country, or check a "
        "data file of your own against one of the sample tables' schemas.",
    )
    sub = parser.add_subparsers(dest="data_command", metavar="ACTION")

    gen = sub.add_parser(
        "generate",
        help="write the sample datasets (the same files for the same seed)",
        description="Generate every sample table. The same seed and scale always give "
        "byte-identical files.",
    )
    gen.add_argument("--seed", type=int, default=DEFAULT_SEED,
                     help=f"random seed (default {DEFAULT_SEED}, the committed data)")
    gen.add_argument("--scale", choices=sorted(SCALES), default="workshop",
                     help="workshop (about 600 schools, CSV; default) or national (about "
                     "16,000 schools, Parquet)")
    gen.add_argument("--out", type=Path, default=None,
                     help="folder to write to (default datasets/, or datasets/national/ "
                     "for the national scale)")
    gen.add_argument("--notes", type=Path, default=None,
                     help="where to write the facilitator's list of problems planted in "
                     "census_raw (default: facilitator/census-raw-planted-problems.md "
                     "when writing the workshop data to the default folder)")
    gen.set_defaults(func=_generate)

    val = sub.add_parser(
        "validate",
        help="check a CSV file against a sample table's schema (never changes the file)",
        description="Check a data file (for example your own census extract) against the "
        "schema of one of the sample tables and list every problem found. Exit code 0: "
        "valid; 1: problems found; 2: the command could not run (wrong usage).",
    )
    val.add_argument("path", type=Path,
                     help="the file to check, or a folder: then every table in it")
    val.add_argument("--table", default=None,
                     help="which table the file should match (default: guessed from the "
                     "file name, e.g. enrolment_2023.csv → enrolment)")
    val.add_argument("--all-errors", type=Path, default=None, metavar="FILE",
                     help="also write every problem, not only the first 20 of each kind, "
                     "to this CSV file")
    val.set_defaults(func=_validate)

    imp = sub.add_parser(
        "import",
        help="convert files as ministries export them (Windows-1252, semicolons, decimal "
        "commas, .xlsx) into the course's UTF-8 CSV files",
        description="Read CSV or text files in any of the usual encodings and separators, "
        "and .xlsx workbooks, and write each table as the course's UTF-8, comma-separated "
        "CSV file in FOLDER, saying what was converted. The raw files are never changed. "
        "Then check the result with: emiskit data validate FOLDER.",
    )
    imp.add_argument("raw", type=Path, help="a file, or a folder of files, as exported")
    imp.add_argument("--to", type=Path, required=True, metavar="FOLDER", dest="to",
                     help="folder to write the converted tables to (not the raw folder)")
    imp.add_argument("--table", default=None,
                     help="which table a single file holds (default: from its name or its "
                     "columns)")
    imp.set_defaults(func=_import)

    lst = sub.add_parser("list", help="list the sample tables")
    lst.set_defaults(func=_list)

    parser.set_defaults(func=lambda args: _help(parser))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _generate(args: argparse.Namespace) -> int:
    from emiskit.data import generate

    scale = SCALES[args.scale]
    notes = args.notes
    if notes is None and args.out is None and scale.name == "workshop":
        notes = generate.default_notes()
    start = time.perf_counter()
    try:
        paths = generate.generate(seed=args.seed, scale=scale, out=args.out, notes=notes)
    except generate.ForeignDataError as err:
        print(f"emiskit data generate: {err}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - start
    total = sum(p.stat().st_size for p in paths)
    for p in paths:
        print(f"  {p}  ({p.stat().st_size / 1e6:.2f} MB)")
    print(f"Wrote {len(paths)} files, {total / 1e6:.1f} MB, in {seconds:.1f} s "
          f"(seed {args.seed}, {scale.name} scale).")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from emiskit.data import validate

    return validate.main(args.path, args.table, all_errors=args.all_errors)


def _import(args: argparse.Namespace) -> int:
    from emiskit.data import importer

    return importer.main(args.raw, args.to, args.table)


def _list(args: argparse.Namespace) -> int:
    from emiskit.data.schema import TABLES

    for t in TABLES:
        print(f"{t.name:<16} {t.title}")
    return 0
