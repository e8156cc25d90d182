"""The ``emiskit`` command line: one entry point, one sub-command per course task.

Each sub-command lives in the module that owns its logic and exposes
``register(subparsers)``, which adds its parser and sets ``func`` (a callable taking the
parsed arguments and returning an exit code). Exit codes: 0 success, 1 the check failed,
2 a usage error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from emiskit import __version__

# Modules that provide sub-commands, in the order they appear in ``--help``.
COMMAND_MODULES: list[str] = [
    "emiskit.doctor",
    "emiskit.data.cli",
    "emiskit.grading.build",
    "emiskit.grading.batch",
    "emiskit.publishing.cli",
    "emiskit.facilitation.agenda",
    "emiskit.facilitation.surveys",
    "emiskit.capstone.cli",
    "emiskit.hub",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="emiskit",
        description="Tools for the EMIS and evidence course kit.",
    )
    parser.add_argument("--version", action="version", version=f"emiskit {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["doctor"]:
        # The doctor must run even when a package the other commands import is missing.
        from emiskit import doctor

        return doctor.main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
