"""``emiskit capstone``: check a policy brief, or print the rubric.

    emiskit capstone check BRIEF.ipynb|FOLDER [...]
    emiskit capstone rubric [--format markdown|csv] [--learner NAME ...]

``check`` exits with 0 when every mechanical check passes for every brief, 1 when a check
fails, 2 when a file cannot be read (missing, not a notebook).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``emiskit capstone`` to the command line."""
    parser = subparsers.add_parser(
        "capstone",
        help="check a capstone policy brief, or print its rubric",
        description="Tools for the capstone policy brief: a self-check of a saved brief "
        "notebook (it reads the notebook, never runs it), and the rubric as a Markdown table "
        "or as a blank scoring sheet.",
    )
    sub = parser.add_subparsers(dest="capstone_command", metavar="ACTION")

    check = sub.add_parser(
        "check",
        help="report what is present or missing in a brief notebook",
        description="Report, criterion by criterion, what a program can check in a saved "
        "brief: sections filled in, key-message length, a described chart, sources, a clean "
        "run. Exit code 0: every check passes; 1: something to do; 2: a file could not be "
        "read.",
    )
    check.add_argument("briefs", nargs="+", type=Path, metavar="BRIEF.ipynb",
                       help="the saved brief notebook(s), or a folder: every .ipynb in it")
    check.set_defaults(func=_check)

    rubric = sub.add_parser(
        "rubric",
        help="print the rubric table or a blank scoring sheet",
        description="Print the rubric as the Markdown table of the book page, or as a CSV "
        "scoring sheet that adds up its own total in a spreadsheet.",
    )
    rubric.add_argument("--format", choices=("markdown", "csv"), default="markdown",
                        help="markdown (the book page's table and self-check list, to paste into "
                        "book/capstone/rubric.md; default) or csv (a blank scoring sheet)")
    rubric.add_argument("--learner", action="append", default=[], metavar="NAME",
                        help="a row of the scoring sheet (repeat for each learner)")
    rubric.set_defaults(func=_rubric)

    parser.set_defaults(func=lambda args: _help(parser))


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _check(args: argparse.Namespace) -> int:
    from emiskit.capstone.check import BriefError, check_brief

    briefs = _expand(args.briefs)
    if not briefs:
        folders = ", ".join(str(p) for p in args.briefs)
        print(f"error: no .ipynb file found in {folders}. Check the folder, or give the "
              "notebooks' paths.", file=sys.stderr)
        return 2
    status = 0
    for number, path in enumerate(briefs):
        if number:
            print()
        try:
            report = check_brief(path)
        except BriefError as error:
            print(f"error: {error}", file=sys.stderr)
            status = 2
            continue
        print(report.to_text())
        if not report.passed and status == 0:
            status = 1
    return status


def _expand(paths: list[Path]) -> list[Path]:
    """Folders stand for every notebook inside them (checkpoint copies left out)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.ipynb")
                            if ".ipynb_checkpoints" not in p.parts)
        else:
            found.append(path)
    return found


def _rubric(args: argparse.Namespace) -> int:
    from emiskit.capstone.rubric import PAGE_BLOCKS, load_rubric, page_block, scoring_sheet_csv

    rubric = load_rubric()
    if args.format == "csv":
        sys.stdout.write(scoring_sheet_csv(rubric, args.learner))
    else:
        sys.stdout.write("\n".join(page_block(rubric, name) for name in PAGE_BLOCKS))
    return 0
