"""The workshop JupyterHub's logic: its settings and each participant's copy of the course.

``hub/jupyterhub_config.py`` stays a short, readable list of ``c.…`` settings; what can
go wrong lives here, in plain functions the tests run without starting a hub:

* :func:`settings_from_env` reads the ``EMISKIT_HUB_*`` environment variables a
  facilitator sets, and says exactly what is wrong with a bad one;
* :func:`provision_home` gives a participant's home folder the course notebooks, the
  participant copies of the exercises and the sample datasets. It copies what is missing
  and updates only files the participant has not changed, so a later spawn never
  overwrites their work; it never copies the exercise masters or autograders (they hold
  the answers).

``emiskit hub provision HOME`` runs the same copy from the command line, for hubs set up
another way (The Littlest JupyterHub, Kubernetes). The hub's other commands live in
:mod:`emiskit.hub_accounts` (system accounts), :mod:`emiskit.hub_limits` (memory and CPU)
and :mod:`emiskit.hub_collect` (collect and return).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from emiskit.paths import course_root

# Folders of the course a participant works in, relative to the course folder.
COURSE_FOLDERS = ("notebooks", "exercises", "datasets")
# Never handed out: answers and hidden tests, and the large generated national data
# (the national-scale notebook builds a smaller stand-in when it is missing).
EXCLUDED = ("exercises/source", "exercises/autograder", "datasets/national")
# Never copied at any depth: editor and Python leftovers, exported submissions.
IGNORED_NAMES = re.compile(r"^(\.ipynb_checkpoints|__pycache__|\..*\.partial)$|\.(zip|pyc)$")
# User names become folder names: lower-case letters, digits, dot, dash, underscore.
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,31}$"

USER_PASSWORD_MIN = 8  # JupyterHub's SharedPasswordAuthenticator rules
ADMIN_PASSWORD_MIN = 32
OWN_PASSWORD_MIN = 8  # a participant's own password (first-use log-in)
OWN_ADMIN_PASSWORD_MIN = 12  # the facilitator's, in the accounts mode

# The two ways the hub runs (EMISKIT_HUB_MODE).
ACCOUNTS = "accounts"  # one system account and one password per participant (root)
SHARED = "shared-password"  # one password for the room, one system user: demos only
_MEMORY = re.compile(r"^\d+(\.\d+)?[KMGT]$")


class HubConfigError(ValueError):
    """A hub setting or the course folder is unusable; the message says how to fix it."""


@dataclass(frozen=True)
class HubSettings:
    """Everything the workshop hub's configuration needs to know."""

    password: str
    base_dir: Path
    mode: str = SHARED
    ip: str = "0.0.0.0"
    port: int = 8000
    hub_port: int = 8081
    proxy_api_port: int = 8001
    admin_password: str | None = None
    users: frozenset[str] = field(default_factory=frozenset)
    mem_limit: str = "1G"
    cpu_limit: float = 1.0
    idle_minutes: int = 60
    allow_root: bool = False
    admin: str = "facilitator"
    homes_base: Path | None = None
    group: str = "emiskit-participants"

    @property
    def state_dir(self) -> Path:
        """Hub database, cookie secret, passwords and proxy pid file."""
        return self.base_dir / "state"

    @property
    def homes_dir(self) -> Path:
        """One folder per participant, named after the user name."""
        if self.homes_base is not None:
            return self.homes_base
        return self.base_dir / "homes"


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise HubConfigError(f"{name}={raw!r} is not a whole number; "
                             f"set it to a number from {low} to {high}.") from None
    if not low <= value <= high:
        raise HubConfigError(f"{name}={value} is out of range; "
                             f"set it to a number from {low} to {high}.")
    return value


def _read_users(path: Path) -> frozenset[str]:
    if not path.is_file():
        raise HubConfigError(f"EMISKIT_HUB_USERS points to {path}, which is not a file; "
                             "give the path of a text file with one user name per line.")
    names: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        name = line.split("#", 1)[0].strip().lower()
        if not name:
            continue
        if not re.match(USERNAME_PATTERN, name):
            raise HubConfigError(
                f"{path}, line {number}: {name!r} is not a usable user name; use lower-case "
                "letters, digits, '.', '-' or '_' (at most 32, no spaces or accents).")
        names.add(name)
    if not names:
        raise HubConfigError(f"{path} lists no user names; add one per line, "
                             "or unset EMISKIT_HUB_USERS to let anyone with the password in.")
    return frozenset(names)


def _admin_password(env: Mapping[str, str], mode: str, password: str) -> str | None:
    admin = env.get("EMISKIT_HUB_ADMIN_PASSWORD") or None
    if admin is None:
        return None
    if mode == SHARED and (len(admin) < ADMIN_PASSWORD_MIN or admin == password):
        raise HubConfigError(
            f"EMISKIT_HUB_ADMIN_PASSWORD must be at least {ADMIN_PASSWORD_MIN} characters and "
            "differ from the participants' password; or leave it unset (no admin login).")
    if mode == ACCOUNTS and len(admin) < OWN_ADMIN_PASSWORD_MIN:
        raise HubConfigError(
            f"EMISKIT_HUB_ADMIN_PASSWORD must be at least {OWN_ADMIN_PASSWORD_MIN} characters; "
            "or leave it unset and choose your password when you first log in (do it "
            "before the participants arrive).")
    return admin


def _name(env: Mapping[str, str], variable: str, default: str) -> str:
    name = env.get(variable, "").strip() or default
    if not re.match(USERNAME_PATTERN, name):
        raise HubConfigError(f"{variable}={name!r} is not a usable name; use lower-case letters, "
                             "digits, '.', '-' or '_' (at most 32, no spaces or accents).")
    return name


def settings_from_env(env: Mapping[str, str]) -> HubSettings:
    """Read the ``EMISKIT_HUB_*`` variables; raise :class:`HubConfigError` on a bad one.

    The accounts mode (the default) needs nothing else: each participant chooses their
    password when they first log in. The shared-password mode, for demos, requires the
    room's password: a hub that starts without one would let nobody in, which is worse
    to discover in front of a room than an error at start-up.
    """
    mode = env.get("EMISKIT_HUB_MODE", "").strip().lower() or ACCOUNTS
    if mode not in (ACCOUNTS, SHARED):
        raise HubConfigError(f"EMISKIT_HUB_MODE={mode!r} is not a mode; write {ACCOUNTS!r} "
                             f"(one account each, the default) or {SHARED!r} (demos only).")
    password = env.get("EMISKIT_HUB_PASSWORD", "")
    if mode == SHARED and len(password) < USER_PASSWORD_MIN:
        raise HubConfigError(
            "EMISKIT_HUB_PASSWORD must hold the password participants will type, at least "
            f"{USER_PASSWORD_MIN} characters (it has {len(password)}); for example "
            "`export EMISKIT_HUB_PASSWORD=taller-valdoria-2025`.")
    if mode == ACCOUNTS and password:
        raise HubConfigError(
            "EMISKIT_HUB_PASSWORD is set, but in the accounts mode each participant chooses "
            "their own password at first log-in: unset it (`unset EMISKIT_HUB_PASSWORD`), or "
            f"set EMISKIT_HUB_MODE={SHARED} for a demo room with one shared password.")
    admin = _admin_password(env, mode, password)
    mem_limit = env.get("EMISKIT_HUB_MEM_LIMIT", "1G").strip().upper()
    if not _MEMORY.match(mem_limit):
        raise HubConfigError(f"EMISKIT_HUB_MEM_LIMIT={mem_limit!r} is not a memory size; "
                             "write a number and a unit, such as 1G or 1536M.")
    cpu_raw = env.get("EMISKIT_HUB_CPU_LIMIT", "1").strip()
    try:
        cpu_limit = float(cpu_raw)
    except ValueError:
        cpu_limit = -1.0
    if not 0 < cpu_limit <= 64:
        raise HubConfigError(f"EMISKIT_HUB_CPU_LIMIT={cpu_raw!r} is not a number of CPUs; "
                             "write a number such as 1 or 0.5.")
    users_file = env.get("EMISKIT_HUB_USERS", "").strip()
    default_base = "/srv/emiskit-hub" if mode == ACCOUNTS else "~/emiskit-hub"
    base = env.get("EMISKIT_HUB_DIR", "").strip() or default_base
    homes = env.get("EMISKIT_HUB_HOMES", "").strip() or ("/home" if mode == ACCOUNTS else "")
    return HubSettings(
        password=password,
        mode=mode,
        admin_password=admin,
        base_dir=Path(base).expanduser().resolve(),
        ip=env.get("EMISKIT_HUB_IP", "").strip() or "0.0.0.0",
        port=_int(env, "EMISKIT_HUB_PORT", 8000, 1, 65535),
        hub_port=_int(env, "EMISKIT_HUB_INTERNAL_PORT", 8081, 1, 65535),
        proxy_api_port=_int(env, "EMISKIT_HUB_PROXY_API_PORT", 8001, 1, 65535),
        users=_read_users(Path(users_file).expanduser()) if users_file else frozenset(),
        mem_limit=mem_limit,
        cpu_limit=cpu_limit,
        idle_minutes=_int(env, "EMISKIT_HUB_IDLE_MINUTES", 60, 5, 24 * 60),
        allow_root=env.get("EMISKIT_HUB_ALLOW_ROOT", "") == "1",
        admin=_name(env, "EMISKIT_HUB_ADMIN", "facilitator"),
        homes_base=Path(homes).expanduser().resolve() if homes else None,
        group=_name(env, "EMISKIT_HUB_GROUP", "emiskit-participants"),
    )


def memory_bytes(size: str) -> int:
    """``1G`` or ``1536M`` (as :func:`settings_from_env` accepts them) in bytes."""
    units = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
    return int(float(size[:-1]) * units[size[-1]])


def proxy_command(course: Path) -> str:
    """The configurable-http-proxy that ``npm ci`` installed, else the one on PATH."""
    local = course / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    raise HubConfigError(
        "configurable-http-proxy is not installed: run `npm ci` in the course folder "
        f"({course}), or `npm install -g configurable-http-proxy`.")


def _is_excluded(relative: Path) -> bool:
    text = relative.as_posix()
    return any(text == part or text.startswith(part + "/") for part in EXCLUDED) or any(
        IGNORED_NAMES.search(name) for name in relative.parts)


def course_files(course: Path) -> Iterator[Path]:
    """The files a participant gets, as paths relative to the course folder, sorted.

    One rule for every way the course reaches participants: a hub user's copy and the
    USB-stick bundle (:mod:`emiskit.publishing.bundle`).
    """
    missing = [name for name in COURSE_FOLDERS if not (course / name).is_dir()]
    if missing:
        raise HubConfigError(
            f"{course} is not the course folder: it has no {', '.join(missing)}/. Set "
            "EMISKIT_HOME to the folder that holds notebooks/, exercises/ and datasets/.")
    for folder in COURSE_FOLDERS:
        for path in sorted((course / folder).rglob("*")):
            relative = path.relative_to(course)
            if path.is_file() and not _is_excluded(relative):
                yield relative


MANIFEST = ".emiskit-course.json"


@dataclass(frozen=True)
class Provisioned:
    """What :func:`provision_home` did to each course file, as paths relative to the home."""

    copied: tuple[Path, ...]
    updated: tuple[Path, ...]
    kept: tuple[Path, ...]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _copy(source: Path, target: Path) -> None:
    # Written under a temporary name, then renamed: a copy cut short (server killed, disk
    # full) never leaves a half file that later spawns would take for the participant's.
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    shutil.copyfile(source, partial)
    os.replace(partial, target)


def provision_home(course: Path, home: Path) -> Provisioned:
    """Give ``home`` the course files it lacks, and never touch a file the participant changed.

    A missing file is copied (so a participant who deletes a notebook gets a fresh copy
    at the next start). A file still exactly as it was handed out is brought up to date
    when the course's copy has changed; a file the participant edited, or one of their
    own with the same name, is left alone. What was handed out is remembered, by
    checksum, in ``.emiskit-course.json`` in the home folder; without it, nothing that
    exists is ever replaced.
    """
    course, home = Path(course), Path(home)
    if home.exists() and not home.is_dir():
        raise HubConfigError(f"{home} should be a participant's home folder but is a file; "
                             "move the file away and start the server again.")
    manifest_path = home / MANIFEST
    try:
        handed_out: dict[str, str] = json.loads(manifest_path.read_text())["files"]
    except (OSError, ValueError, KeyError, TypeError):
        handed_out = {}
    copied, updated, kept = [], [], []
    for relative in course_files(course):
        source, target, key = course / relative, home / relative, relative.as_posix()
        if not (target.exists() or target.is_symlink()):
            _copy(source, target)
            copied.append(relative)
            handed_out[key] = _digest(target)
            continue
        new, current = _digest(source), _digest(target) if target.is_file() else None
        if current is not None and current == handed_out.get(key) and current != new:
            _copy(source, target)
            updated.append(relative)
            handed_out[key] = new
        else:
            kept.append(relative)
            if current == new:
                handed_out[key] = new
    home.mkdir(parents=True, exist_ok=True)
    partial = manifest_path.with_name(f".{MANIFEST}.partial")
    partial.write_text(json.dumps({"files": handed_out}, indent=1, sort_keys=True))
    os.replace(partial, manifest_path)
    return Provisioned(tuple(copied), tuple(updated), tuple(kept))


def _provision_command(args: argparse.Namespace) -> int:
    course = Path(args.course) if args.course else course_root()
    try:
        result = provision_home(course, Path(args.home))
    except HubConfigError as error:
        print(f"error: {error}")
        return 1
    print(f"{args.home}: {len(result.copied)} course files copied, {len(result.updated)} "
          f"updated, {len(result.kept)} left as they are.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``emiskit hub provision``, ``check``, ``collect`` and ``return``."""
    hub = subparsers.add_parser("hub", help="workshop JupyterHub helpers")
    commands = hub.add_subparsers(dest="hub_command", metavar="ACTION", required=True)
    provision = commands.add_parser(
        "provision", help="give a home folder the course files it lacks (never overwrites)")
    provision.add_argument("home", help="the participant's home folder")
    provision.add_argument("--course", help="the course folder (default: this course kit)")
    provision.set_defaults(func=_provision_command)
    from emiskit import hub_collect, hub_limits

    hub_limits.register(commands)
    hub_collect.register(commands)
