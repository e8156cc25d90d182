"""One system account per participant, the way The Littlest JupyterHub does it.

Separate accounts are what make the kernel keep participants apart: a home folder
``0700`` cannot be opened by anyone else's code, ``/proc/<pid>/environ`` (where a server
keeps its API token) is readable only by its owner, and files that only root may read
stay closed to every participant. This module creates the accounts, fixes the
permissions the hub relies on, and lists participants for collect and return.

Everything that writes into a participant's home runs *as that participant* (see
:func:`run_as`): a root process following a symbolic link a participant planted could
otherwise overwrite any file on the machine.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
import subprocess
import sys
from pathlib import Path

from emiskit.hub import HubConfigError, HubSettings

NOLOGIN = next((p for p in ("/usr/sbin/nologin", "/sbin/nologin") if Path(p).exists()),
               "/bin/false")
# Course material that holds answers, relative to the course folder: root only.
PRIVATE_COURSE_PATHS = ("exercises/source", "exercises/autograder", "facilitator",
                        "_build/facilitator", ".jupyter_cache", ".git")


def is_participant(name: str, group: str) -> bool:
    """True for an account the hub created: a member of ``group``, never root."""
    try:
        account, members = pwd.getpwnam(name), grp.getgrnam(group).gr_mem
    except KeyError:
        return False
    return account.pw_uid != 0 and name in members


def may_log_in(name: str, group: str) -> bool:
    """A name is usable if it is a participant's or no account has it yet.

    Refuses ``root``, ``daemon``, the facilitator's own login and every other existing
    account: logging in under such a name would start a server as that account.
    """
    try:
        pwd.getpwnam(name)
    except KeyError:
        return True
    return is_participant(name, group)


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def ensure_group(group: str) -> None:
    """Create the participants' group if it does not exist yet."""
    try:
        grp.getgrnam(group)
    except KeyError:
        subprocess.run(["groupadd", group], check=True, capture_output=True, text=True)


def prepare_homes_base(homes: Path) -> None:
    """The folder that holds the homes: root's, and nobody else may add or swap a home."""
    homes.mkdir(parents=True, exist_ok=True)
    info = homes.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0:
        raise HubConfigError(f"{homes} must be a folder owned by root to hold participants' "
                             "homes; choose another EMISKIT_HUB_HOMES.")
    os.chmod(homes, 0o755)


def create_account(name: str, homes: Path, group: str) -> pwd.struct_passwd:
    """Create ``name`` with a private home in ``homes``, in ``group``, with no shell login."""
    if not may_log_in(name, group):
        raise HubConfigError(f"{name!r} is an existing account of this machine, not a "
                             "participant's; it cannot be used on the hub.")
    ensure_group(group)
    prepare_homes_base(homes)
    if not _exists(name):
        result = subprocess.run(
            ["useradd", "--create-home", "--home-dir", str(homes / name), "--shell", NOLOGIN,
             "--user-group", "--groups", group, "--comment", "emiskit hub participant", name],
            capture_output=True, text=True)
        if result.returncode:
            raise HubConfigError(f"could not create the account {name!r}: "
                                 f"{result.stderr.strip()}")
    account = pwd.getpwnam(name)
    secure_home(account)
    return account


def secure_home(account: pwd.struct_passwd) -> None:
    """The home exists, is a real folder, belongs to its participant, and is ``0700``."""
    home = Path(account.pw_dir)
    if not home.exists():
        home.mkdir(mode=0o700)
        os.chown(home, account.pw_uid, account.pw_gid)
    info = home.lstat()
    if not stat.S_ISDIR(info.st_mode):
        raise HubConfigError(f"{home}, {account.pw_name}'s home, is not a folder.")
    os.chown(home, account.pw_uid, account.pw_gid, follow_symlinks=False)
    os.chmod(home, 0o700)


def remove_account(name: str) -> None:
    """Delete ``name`` and its home (for tests and for clearing a cohort)."""
    subprocess.run(["userdel", "--remove", name], capture_output=True, text=True)


def participants(group: str, exclude: frozenset[str] = frozenset()) -> dict[str, Path]:
    """Every participant's account name and home, sorted by name."""
    try:
        members = grp.getgrnam(group).gr_mem
    except KeyError:
        return {}
    found = {}
    for name in sorted(members):
        if name in exclude or not is_participant(name, group):
            continue
        found[name] = Path(pwd.getpwnam(name).pw_dir)
    return found


def run_as(name: str, command: list[str], *, cwd: Path | None = None,
           timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run ``command`` as the participant ``name``, with only their own groups."""
    account = pwd.getpwnam(name)
    env = {"HOME": account.pw_dir, "USER": name, "LANG": os.environ.get("LANG", "C.UTF-8"),
           "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run(command, user=account.pw_uid, group=account.pw_gid,
                          extra_groups=os.getgrouplist(name, account.pw_gid), env=env,
                          cwd=cwd or account.pw_dir, capture_output=True, text=True,
                          timeout=timeout)


def provision_as_participant(name: str, course: Path) -> str:
    """Copy the course into ``name``'s home as them, so the files are theirs; the summary."""
    home = pwd.getpwnam(name).pw_dir
    result = run_as(name, [sys.executable, "-m", "emiskit", "hub", "provision", home,
                           "--course", str(course)])
    if result.returncode:
        raise HubConfigError(f"the course could not be copied into {home}: "
                             f"{(result.stdout + result.stderr).strip()[-2000:]}")
    return result.stdout.strip()


def closed_folders(path: Path) -> list[Path]:
    """The folders above ``path`` that other accounts cannot pass through (no ``o+x``).

    Participants' servers run the course's Python and read the course as themselves: a
    Python installed under ``/root`` (pyenv, conda) cannot start for them.
    """
    real = Path(os.path.realpath(path))
    return [folder for folder in reversed(real.parents)
            if not folder.stat().st_mode & stat.S_IXOTH]


def check_reachable(course: Path) -> None:
    """Refuse to start when participants could not run the course's Python or read it."""
    for what, path in (("Python", Path(sys.executable)), ("course folder", course)):
        closed = closed_folders(path)
        if closed:
            raise HubConfigError(
                f"participants cannot reach the course's {what} ({os.path.realpath(path)}): "
                f"{closed[0]} is closed to other accounts. Install the course where everyone "
                f"may read it (for example under /opt or /srv), or open the folder for "
                f"passing through only: `chmod o+x {closed[0]}`.")


def lock(path: Path) -> bool:
    """Close ``path`` to everyone but its owner (root, or the course's owner); False if absent.

    Only the mode changes: a facilitator who owns the course folder keeps using it.
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode):
        return False
    os.chmod(path, 0o700 if stat.S_ISDIR(info.st_mode) else 0o600)
    return True


def lock_private(course: Path, state_dir: Path) -> list[Path]:
    """The hub's state and the course's answers closed to participants; what was locked."""
    state_dir.mkdir(parents=True, exist_ok=True)
    locked = [state_dir] if lock(state_dir) else []
    locked += [course / part for part in PRIVATE_COURSE_PATHS if lock(course / part)]
    return locked


def _closed_to_others(path: Path) -> bool:
    return not path.stat().st_mode & 0o077


def privacy_report(settings: HubSettings) -> list[str]:
    """Lines for ``emiskit hub check``: which private files only root can read."""
    from emiskit.paths import course_root

    course = course_root()
    lines = []
    for path in [settings.state_dir, *(course / p for p in PRIVATE_COURSE_PATHS)]:
        if not path.exists():
            continue
        state = "closed to participants" if _closed_to_others(path) else \
            "READABLE BY OTHERS (the hub locks it when it starts)"
        lines.append(f"{path}: {state}")
    homes = participants(settings.group, frozenset())
    open_homes = [name for name, home in homes.items()
                  if home.exists() and home.stat().st_mode & 0o077]
    lines.append(f"Participants' accounts: {len(homes)}"
                 + (f"; homes open to others: {', '.join(open_homes)}" if open_homes else
                    ", every home private (0700)"))
    return lines
