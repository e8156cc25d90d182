"""The sandbox a submission runs in: bubblewrap, with limits, as an unprivileged account.

Each graded notebook runs inside ``bwrap`` (bubblewrap, the sandbox Flatpak is built on)
with:

* a file system made only of what Python needs, read-only: the system folders
  (``/usr`` and its links, a few files of ``/etc``), the Python installation and virtual
  environment, the ``emiskit`` package, the course data and settings. Nothing else of the
  machine exists inside: not the submissions folder, not the other submissions, not the
  gradebook or feedback folder, not ``exercises/`` (masters and autograders), not the
  facilitator's home;
* its own work folder, the only place it can write, mounted at :data:`INSIDE`, and its
  own empty ``/tmp``;
* no network (its own network namespace with no interface but loopback);
* its own process namespace: the sandbox's first process is its init, so every process
  the notebook starts dies when the sandbox ends (``--die-with-parent``), and it sees no
  other process of the machine;
* no environment variable of the grader (``--clearenv``), only a short list set here;
* when the grader runs as root, the notebook runs as an unprivileged account
  (``nobody``) with no capabilities and ``no_new_privs``; otherwise as the facilitator's
  own account inside a user namespace;
* resource limits set before bubblewrap starts and inherited by everything inside:
  address space (memory), CPU seconds, number of processes and file size.

Bubblewrap runs on Linux (and WSL 2). Where it is missing, :func:`find_bwrap` raises
:class:`SandboxUnavailable` with the fix; ``emiskit grade --no-sandbox`` then runs each
submission as a plain process with the same limits, which does NOT hide the rest of the
machine from it (:data:`NO_SANDBOX_WARNING`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

__all__ = [
    "INSIDE",
    "NO_SANDBOX_WARNING",
    "SANDBOX_ACCOUNT",
    "Sandbox",
    "SandboxUnavailable",
    "find_bwrap",
    "readonly_paths",
]

#: Where the submission's work folder appears inside the sandbox.
INSIDE = "/grading"
#: The unprivileged account (uid, gid) notebooks run as when the grader runs as root.
SANDBOX_ACCOUNT = (65534, 65534)  # nobody:nogroup on Debian, Ubuntu and most Linux systems

#: Files of /etc a Python process needs (shared libraries, time zone, user names, fonts).
_ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "passwd", "group",
        "nsswitch.conf", "hosts", "fonts", "alternatives", "mime.types", "timezone")

INSTALL_HINT = (
    "Install it with `sudo apt install bubblewrap` (Debian, Ubuntu and Windows' WSL 2), "
    "`sudo dnf install bubblewrap` (Fedora) or your system's package manager, then run "
    "`emiskit doctor --facilitator` to check. On macOS or Windows without WSL, grade on a "
    "Linux machine; `--no-sandbox` is for practice runs with submissions you trust."
)

NO_SANDBOX_WARNING = (
    "Grading WITHOUT the sandbox (--no-sandbox). Each notebook still runs in its own "
    "process with time, memory and file-size limits, and the hidden checks still run "
    "apart from it. But a notebook can read and change any file your account can (other "
    "submissions, the gradebook being written, the course's masters in exercises/source/), "
    "can use the network, and can start a process that outlives the grading. Use it only "
    "with submissions you trust."
)


class SandboxUnavailable(RuntimeError):
    """Bubblewrap is missing or cannot create a sandbox here; the message says what to do."""


def find_bwrap() -> str:
    """The path of a working ``bwrap``, or :class:`SandboxUnavailable` with the fix."""
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(
            "The grading sandbox (bubblewrap) runs on Linux only. " + INSTALL_HINT)
    path = shutil.which("bwrap")
    if path is None:
        raise SandboxUnavailable("The grading sandbox needs bubblewrap (`bwrap`), which is "
                                 "not installed. " + INSTALL_HINT)
    probe = [path, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
             "--unshare-pid", "--unshare-net", "--die-with-parent", "true"]
    if os.geteuid() != 0:
        probe.insert(1, "--unshare-user")
    try:
        done = subprocess.run(probe, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SandboxUnavailable(f"bubblewrap could not start ({exc}).") from exc
    if done.returncode != 0:
        raise SandboxUnavailable(
            f"bubblewrap is installed but cannot create a sandbox here: "
            f"{done.stderr.strip()[:300]}. On Ubuntu 24.04 and later, unprivileged user "
            "namespaces may be restricted by AppArmor: run the grader as root (sudo), or see "
            "`emiskit doctor --facilitator`.")
    return path


def readonly_paths(extra: Sequence[Path] = ()) -> list[Path]:
    """What the sandbox shows read-only besides the system: Python, the kit, the data."""
    import emiskit
    from emiskit.paths import course_root, settings_file

    wanted = [Path(sys.base_prefix), Path(sys.prefix), Path(emiskit.__file__).parent]
    wanted += [p for p in (settings_file(),) if p.is_file()]
    wanted += list(extra)
    resolved: list[Path] = []
    for path in wanted:
        path = Path(os.path.realpath(path))
        if path.exists() and path not in resolved and str(path) != "/":
            resolved.append(path)
    # Never the course root itself: it holds exercises/source and exercises/autograder.
    return [p for p in resolved if p != course_root()]


@dataclass(frozen=True)
class Sandbox:
    """How to start one submission's process in bubblewrap (or, without it, plainly)."""

    bwrap: str | None
    """Path of ``bwrap``; ``None`` runs without the sandbox (``--no-sandbox``)."""
    readonly: tuple[Path, ...] = ()
    """Folders and files shown read-only inside, at the same path."""
    sources: tuple[tuple[Path, Path], ...] = ()
    """``(inside, outside)`` pairs: what is shown at ``inside`` comes from ``outside``."""

    def with_source(self, inside: Path, outside: Path) -> Sandbox:
        """The same sandbox, showing ``outside`` at ``inside`` (a readable copy, say)."""
        return replace(self, sources=(*self.sources, (inside, outside)))

    def unreadable(self) -> list[Path]:
        """Shown folders the notebook's account could not open (only matters as root)."""
        if self.bwrap is None or not self.as_root:
            return []
        moved = {inside for inside, _ in self.sources}
        return [p for p in self.readonly
                if p not in moved and p.is_dir() and (p.stat().st_mode & 0o005) != 0o005]

    @property
    def as_root(self) -> bool:
        return os.geteuid() == 0

    def _system(self) -> list[str]:
        args: list[str] = []
        for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
            if os.path.islink(top):
                args += ["--symlink", os.readlink(top), top]
            elif os.path.isdir(top):
                args += ["--ro-bind", top, top]
        args += ["--ro-bind", "/usr", "/usr"]
        for name in _ETC:
            path = f"/etc/{name}"
            if os.path.lexists(path):
                args += ["--ro-bind-try", path, path]
        return args

    def command(self, argv: Sequence[str], workdir: Path, env: dict[str, str]) -> list[str]:
        """The command line that runs ``argv`` on ``workdir`` (seen as :data:`INSIDE`)."""
        if self.bwrap is None:
            return list(argv)
        args = [
            self.bwrap, *self._system(),
            # Its own /tmp, in memory: writable by everyone (sticky) and at most 1 GiB. Made
            # before the folders shown inside, so that a data folder under /tmp stays visible.
            "--perms", "1777", "--size", str(2**30), "--tmpfs", "/tmp",
            "--dev", "/dev",
            "--proc", "/proc",
        ]
        made: set[str] = {"/", "/usr", "/tmp", "/dev", "/proc", INSIDE}
        for path in self.readonly:
            # Folders on the way are made world-readable, so that the unprivileged account
            # can reach a Python installed under /root (bubblewrap makes them 0700).
            for parent in reversed(path.parents):
                if str(parent) not in made and not str(parent).startswith("/usr/"):
                    args += ["--perms", "0755", "--dir", str(parent)]
                    made.add(str(parent))
            source = dict(self.sources).get(path, path)
            args += ["--ro-bind", str(source), str(path)]
            made.add(str(path))
        args += [
            "--bind", str(workdir), INSIDE,
            "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try",
            "--hostname", "grading",
            "--die-with-parent", "--new-session",
            "--clearenv",
            # No --chdir: bubblewrap itself (root without capabilities) may not enter the
            # work folder, which belongs to the sandbox account; the runner goes there.
        ]
        for key, value in sorted(env.items()):
            args += ["--setenv", key, value]
        if self.as_root:
            uid, gid = SANDBOX_ACCOUNT
            # bubblewrap sets up the mounts as root; setpriv then becomes `nobody` for good:
            # no capabilities, no way back (no_new_privs), no supplementary groups.
            args += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID",
                     "--cap-add", "CAP_SETPCAP", "--",
                     shutil.which("setpriv") or "/usr/bin/setpriv",
                     f"--reuid={uid}", f"--regid={gid}", "--clear-groups",
                     "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]
        else:
            args += ["--unshare-user", "--cap-drop", "ALL", "--"]
        return [*args, *argv]

    def prepare(self, workdir: Path) -> None:
        """Give the work folder to the account the notebook runs as."""
        workdir.chmod(0o700)
        if self.bwrap is not None and self.as_root:
            uid, gid = SANDBOX_ACCOUNT
            for path in [workdir, *workdir.rglob("*")]:
                os.chown(path, uid, gid, follow_symlinks=False)


def limiter(*, memory_mb: int | None, cpu_seconds: int, max_file_mb: int,
            max_processes: int | None) -> Callable[[], None]:
    """A ``preexec_fn`` that sets the limits; bubblewrap and all inside inherit them."""

    def apply() -> None:
        import resource

        def lower(which: int, value: int) -> None:
            with contextlib.suppress(ValueError, OSError):
                _soft, hard = resource.getrlimit(which)
                if hard != resource.RLIM_INFINITY:
                    value = min(value, hard)
                resource.setrlimit(which, (value, value))

        lower(resource.RLIMIT_CORE, 0)
        lower(resource.RLIMIT_FSIZE, max_file_mb * 2**20)
        lower(resource.RLIMIT_CPU, cpu_seconds)
        if memory_mb:
            lower(resource.RLIMIT_AS, memory_mb * 2**20)
        if max_processes:
            lower(resource.RLIMIT_NPROC, max_processes)

    return apply
