"""Collect and return: the cycle nbgrader is known for, without its exchange folder.

    emiskit hub collect EXERCISE --to DIR         every participant's notebook, one file each
    emiskit grade DIR --assignment EXERCISE --out gradebook.csv --feedback pages/
    emiskit hub return EXERCISE gradebook.csv --feedback pages/

The facilitator runs these as root, the hub's own user, and root reading or writing
inside a participant's home is exactly what a planted symbolic link can abuse (a
"notebook" that points at the answers, or a ``feedback`` folder that points at
``/etc``). So every step inside a home opens one folder at a time without following
links, and checks that what it found is a plain file or folder of the right owner.
Nothing is skipped silently: a missing, unchanged or refused notebook, and a participant
with no gradebook row or no feedback page, are listed.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import json
import os
import pwd
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from emiskit.hub import MANIFEST, HubConfigError

MAX_NOTEBOOK_BYTES = 50 * 2**20
FEEDBACK_FOLDER = "feedback"
RECORD = "collection.csv"  # what collect found for each participant, beside the notebooks


@dataclass(frozen=True)
class Participant:
    """An account on the hub: its name (also the collected file's name), home and uid."""

    name: str
    home: Path
    uid: int


@dataclass
class Collection:
    """What :func:`collect` did for each participant, by account name."""

    collected: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)


@dataclass
class Returned:
    """What :func:`return_feedback` did for each participant, by account name."""

    returned: list[str] = field(default_factory=list)
    no_row: list[str] = field(default_factory=list)
    no_page: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    unknown_rows: list[str] = field(default_factory=list)


def exercise_name(exercise: str, course: Path) -> str:
    """``getting-started`` from ``getting-started`` or ``…/getting-started.ipynb``; checked."""
    name = Path(exercise).name.removesuffix(".ipynb")
    if not (course / "exercises" / f"{name}.ipynb").is_file():
        known = sorted(p.stem for p in (course / "exercises").glob("*.ipynb"))
        raise HubConfigError(f"there is no exercise {name!r}; the exercises are: "
                             f"{', '.join(known)}.")
    return name


def _open_dir(name: str, parent: int | None, uid: int) -> int:
    fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent)
    info = os.fstat(fd)
    if info.st_uid != uid:
        os.close(fd)
        raise PermissionError(f"{name} does not belong to the expected account")
    return fd


def read_own_file(home: Path, relative: str, uid: int) -> bytes | None:
    """The bytes of ``home/relative`` if it is a plain file of ``uid``; ``None`` if absent.

    Raises :class:`OSError` for a link, a special file, someone else's file or a file
    too large to be a notebook.
    """
    parts = relative.split("/")
    fds = []
    try:
        fds.append(_open_dir(str(home), None, uid))
        for part in parts[:-1]:
            fds.append(_open_dir(part, fds[-1], uid))
        fd = os.open(parts[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fds[-1])
        fds.append(fd)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != uid:
            raise PermissionError(f"{relative} is not a plain file of its own")
        if info.st_size > MAX_NOTEBOOK_BYTES:
            raise OSError(f"{relative} is larger than {MAX_NOTEBOOK_BYTES // 2**20} MB")
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(MAX_NOTEBOOK_BYTES + 1)
    except FileNotFoundError:
        return None
    finally:
        for fd in reversed(fds):
            os.close(fd)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _handed_out(participant: Participant, relative: str) -> str | None:
    try:
        record = read_own_file(participant.home, MANIFEST, participant.uid)
        return json.loads(record or b"{}").get("files", {}).get(relative)
    except (OSError, ValueError, AttributeError):
        return None


def _write_private(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(partial, path)


def collect(exercise: str, to: Path, people: Iterable[Participant], course: Path) -> Collection:
    """Copy each participant's ``exercises/EXERCISE.ipynb`` to ``to/<account>.ipynb``.

    A notebook identical to the blank one (as handed out, or as the course has it now)
    is listed as unchanged and not copied: there is nothing to grade. ``to`` is made
    private to the facilitator, and ``collection.csv`` in it records every participant.
    """
    name = exercise_name(exercise, course)
    relative = f"exercises/{name}.ipynb"
    blank = _digest((course / relative).read_bytes())
    to.mkdir(parents=True, exist_ok=True)
    os.chmod(to, 0o700)
    result, rows = Collection(), []
    for person in sorted(people, key=lambda p: p.name):
        target = to / f"{person.name}.ipynb"
        try:
            data = read_own_file(person.home, relative, person.uid)
        except OSError as error:
            status, data = "refused", None
            result.refused[person.name] = str(error)
        else:
            if data is None:
                status = "missing"
            elif _digest(data) in {blank, _handed_out(person, relative)}:
                status, data = "unchanged", None
            else:
                status = "collected"
        if data is None:
            target.unlink(missing_ok=True)  # an older copy would be graded as if current
            if status != "refused":
                getattr(result, status).append(person.name)
        else:
            _write_private(target, data)
            result.collected.append(person.name)
        rows.append({"account": person.name, "status": status,
                     "file": target.name if data is not None else ""})
    with (to / RECORD).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["account", "status", "file"])
        writer.writeheader()
        writer.writerows(rows)
    return result


def _feedback_folder(home_fd: int) -> int:
    """Open (creating it if needed) the root-owned ``feedback`` folder in a home."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(FEEDBACK_FOLDER, 0o755, dir_fd=home_fd)
    try:
        fd = os.open(FEEDBACK_FOLDER, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW,
                     dir_fd=home_fd)
    except OSError:
        fd = -1
    if fd >= 0 and os.fstat(fd).st_uid == 0:
        os.fchmod(fd, 0o755)
        return fd
    if fd >= 0:
        os.close(fd)
    # The participant made something of their own called "feedback": keep it, renamed.
    os.rename(FEEDBACK_FOLDER, f"{FEEDBACK_FOLDER}-mine-{os.urandom(3).hex()}",
              src_dir_fd=home_fd, dst_dir_fd=home_fd)
    os.mkdir(FEEDBACK_FOLDER, 0o755, dir_fd=home_fd)
    return _feedback_folder(home_fd)


def place_feedback(person: Participant, name: str, page: bytes) -> Path:
    """Put ``page`` at ``~/feedback/<name>.html``, readable by its participant, not writable.

    The folder and the page belong to root, inside the participant's private home, so
    only they can read it and nobody but root can change it.
    """
    home_fd = _open_dir(str(person.home), None, person.uid)
    try:
        folder_fd = _feedback_folder(home_fd)
        try:
            partial = f".{name}.html.partial"
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial, dir_fd=folder_fd)
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o444,
                         dir_fd=folder_fd)
            with os.fdopen(fd, "wb") as handle:
                handle.write(page)
                os.fchmod(handle.fileno(), 0o444)
            os.replace(partial, f"{name}.html", src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
        finally:
            os.close(folder_fd)
    finally:
        os.close(home_fd)
    return person.home / FEEDBACK_FOLDER / f"{name}.html"


def read_gradebook(gradebook: Path) -> list[dict[str, str]]:
    """The gradebook's rows; it must have the grader's ``learner`` and ``file`` columns."""
    with gradebook.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if not {"learner", "file"} <= set(reader.fieldnames or ()):
            raise HubConfigError(f"{gradebook} has no 'learner' and 'file' columns: give the "
                                 "gradebook that `emiskit grade` wrote.")
        return list(reader)


def return_feedback(exercise: str, gradebook: Path, feedback_dir: Path,
                    people: Iterable[Participant]) -> Returned:
    """Give each participant the feedback page of their own gradebook row.

    A row belongs to the account its collected file is named after (``file`` column,
    ``ana.ipynb`` → ``ana``); its page is ``<learner>.html`` in ``feedback_dir``.
    """
    rows = read_gradebook(gradebook)
    by_account = {Path(row["file"]).stem: row for row in rows
                  if len(Path(row["file"]).parts) == 1}
    people = sorted(people, key=lambda p: p.name)
    result = Returned(unknown_rows=sorted(
        row["file"] for row in rows
        if Path(row["file"]).stem not in {p.name for p in people}))
    for person in people:
        row = by_account.get(person.name)
        if row is None:
            result.no_row.append(person.name)
            continue
        page = feedback_dir / f"{row['learner']}.html"
        if not page.is_file():
            result.no_page.append(person.name)
            continue
        try:
            place_feedback(person, exercise, page.read_bytes())
        except OSError as error:
            result.refused[person.name] = str(error)
        else:
            result.returned.append(person.name)
    return result


def hub_participants(env: dict[str, str] | None = None) -> list[Participant]:
    """The hub's participants (not the facilitator), from its settings."""
    from emiskit import hub, hub_accounts

    settings = hub.settings_from_env(os.environ if env is None else env)
    homes = hub_accounts.participants(settings.group, frozenset({settings.admin}))
    return [Participant(name, home, pwd.getpwnam(name).pw_uid) for name, home in homes.items()]


def _names(names: Iterable[str]) -> str:
    return ", ".join(names) or "none"


def _collect_command(args: argparse.Namespace) -> int:
    from emiskit.paths import course_root

    try:
        course = Path(args.course) if args.course else course_root()
        result = collect(args.exercise, Path(args.to), hub_participants(), course)
    except HubConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Collected ({len(result.collected)}): {_names(result.collected)}")
    print(f"Unchanged, not collected ({len(result.unchanged)}): {_names(result.unchanged)}")
    print(f"Missing ({len(result.missing)}): {_names(result.missing)}")
    for name, reason in result.refused.items():
        print(f"Refused, {name}: {reason}")
    print(f"In {args.to}/ (one notebook per account; {RECORD} lists everyone). Next: "
          f"emiskit grade {args.to} --assignment {Path(args.exercise).stem} "
          "--out gradebook.csv --feedback feedback")
    return 0


def _return_command(args: argparse.Namespace) -> int:
    from emiskit.paths import course_root

    gradebook = Path(args.gradebook)
    feedback = Path(args.feedback) if args.feedback else gradebook.parent / "feedback"
    try:
        name = exercise_name(args.exercise, course_root())
        result = return_feedback(name, gradebook, feedback, hub_participants())
    except (HubConfigError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Returned to ({len(result.returned)}): {_names(result.returned)} "
          f"(each finds it in their feedback/{name}.html)")
    print(f"No gradebook row ({len(result.no_row)}): {_names(result.no_row)}")
    print(f"No feedback page in {feedback} ({len(result.no_page)}): {_names(result.no_page)}")
    for person, reason in result.refused.items():
        print(f"Refused, {person}: {reason}")
    if result.unknown_rows:
        print(f"Rows that match no participant: {_names(result.unknown_rows)}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``emiskit hub collect`` and ``emiskit hub return``."""
    collect_ = commands.add_parser(
        "collect", help="copy every participant's notebook of an exercise into a folder")
    collect_.add_argument("exercise", help="the exercise, e.g. getting-started")
    collect_.add_argument("--to", required=True, metavar="DIR",
                          help="the folder for the notebooks (made private to you)")
    collect_.add_argument("--course", help="the course folder (default: this course kit)")
    collect_.set_defaults(func=_collect_command)
    return_ = commands.add_parser(
        "return", help="put each participant's feedback page into their home, read-only")
    return_.add_argument("exercise", help="the exercise, e.g. getting-started")
    return_.add_argument("gradebook", help="the gradebook.csv that `emiskit grade` wrote")
    return_.add_argument("--feedback", metavar="DIR",
                         help="the feedback pages (default: 'feedback' next to the gradebook)")
    return_.set_defaults(func=_return_command)
