"""``emiskit book``: build an edition, check it, pack it for a USB stick, or print it."""

from __future__ import annotations

import argparse

from emiskit.publishing.editions import EDITIONS, PARTICIPANT


def _build(args: argparse.Namespace) -> int:
    from emiskit.publishing.build import build_book

    return build_book(args.edition, strict=not args.no_strict, builder=args.builder)


def _check(args: argparse.Namespace) -> int:
    from emiskit.publishing.build import output_dir
    from emiskit.publishing.quality import check_book, print_report

    problems = check_book(output_dir(args.edition), args.edition)
    print_report(problems, output_dir(args.edition))
    return 1 if problems else 0


def _bundle(args: argparse.Namespace) -> int:
    from emiskit.publishing.bundle import make_bundle

    path = make_bundle(args.output)
    print(f"Wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


def _handouts(args: argparse.Namespace) -> int:
    from emiskit.publishing.handouts import HandoutError, make_handouts

    try:
        make_handouts(args.output, paper=args.paper, only=args.only)
    except HandoutError as error:
        print(f"No handouts: {error}")
        return 1
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    book = subparsers.add_parser("book", help="build, check, bundle or print the book")
    commands = book.add_subparsers(dest="book_command", metavar="ACTION", required=True)

    build = commands.add_parser("build", help="build an edition of the book")
    build.add_argument("--edition", choices=EDITIONS, default=PARTICIPANT)
    build.add_argument("--no-strict", action="store_true",
                       help="do not treat warnings as errors")
    build.add_argument("--builder", default="html",
                       help="Sphinx builder (html; linkcheck checks outside links)")
    build.set_defaults(func=_build)

    check = commands.add_parser(
        "check", help="quality gates on a built edition: links, text alternatives, "
        "headings, page weight, what each edition may show")
    check.add_argument("--edition", choices=EDITIONS, default=PARTICIPANT)
    check.set_defaults(func=_check)

    bundle = commands.add_parser(
        "bundle", help="zip the participant book, notebooks, exercises and datasets")
    bundle.add_argument("--output", default=None, help="where to write the zip")
    bundle.set_defaults(func=_bundle)

    handouts = commands.add_parser(
        "handouts", help="print the participant edition to PDF: one handout per module "
        "and one for the whole book (offline, with the system Chromium)")
    handouts.add_argument("--output", default=None,
                          help="folder for the PDFs (default _build/handouts)")
    handouts.add_argument("--paper", choices=("A4", "Letter"), default="A4")
    handouts.add_argument("--only", nargs="+", metavar="NAME", default=None,
                          help="only these handouts, e.g. module-1 participant-book")
    handouts.set_defaults(func=_handouts)
