"""Memory and CPU limits per participant, enforced by the kernel where the machine allows it.

A limit that is only written down lets one participant who loads a huge table slow or
crash the machine for the whole room, so the hub puts each participant's server in a
control group (cgroup) of its own with a memory ceiling and a CPU quota:

* **cgroup v1** (``/sys/fs/cgroup/memory`` and ``/sys/fs/cgroup/cpu`` mounted and
  writable by root): ``memory.limit_in_bytes`` and ``cpu.cfs_quota_us``;
* **cgroup v2** (systemd machines; run the hub as a service with ``Delegate=yes``):
  ``memory.max`` and ``cpu.max``. The hub first moves its own processes into a leaf
  group, because cgroup v2 lets only a group without processes hand controllers down.

Each group is created below the hub's own, so whatever contains the hub also contains
the participants. Where neither works, the limits are only advisory: the server is told
(``MEM_LIMIT``, ``CPU_LIMIT``) but nothing stops it. ``emiskit hub check`` tries each
mechanism for real and says which one holds on this machine.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
GROUP_NAME = "emiskit-hub"  # the folder that holds one group per participant
PERIOD_US = 100_000


@dataclass(frozen=True)
class Enforcement:
    """What this machine can enforce, found by trying it."""

    mechanism: str  # "cgroup v1", "cgroup v2" or "none"
    memory: bool
    cpu: bool
    detail: str

    @property
    def lines(self) -> list[str]:
        """What ``emiskit hub check`` prints."""
        def state(enforced: bool) -> str:
            return f"enforced ({self.mechanism})" if enforced else "advisory only (not enforced)"
        return [f"Memory limit per participant: {state(self.memory)}",
                f"CPU limit per participant: {state(self.cpu)}",
                f"How: {self.detail}"]


def _own_path(controller: str) -> str | None:
    """The hub's own cgroup for ``controller`` (``""`` for cgroup v2) from /proc/self/cgroup."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _number, controllers, path = line.split(":", 2)
        if controller in controllers.split(","):
            return path
    return None


def _v1_bases(root: Path) -> dict[str, Path] | None:
    bases = {}
    for controller in ("memory", "cpu"):
        mount, own = root / controller, _own_path(controller)
        if own is None or not (mount / "cgroup.procs").exists():
            return None
        bases[controller] = mount / own.lstrip("/") / GROUP_NAME
    return bases


def _v2_mount(root: Path) -> Path | None:
    for mount in (root, root / "unified"):
        if (mount / "cgroup.controllers").exists():
            return mount
    return None


def _v2_base(root: Path) -> Path | None:
    """A delegating cgroup v2 parent for the participants' groups, made ready if possible."""
    mount, own = _v2_mount(root), _own_path("")
    if mount is None or own is None:
        return None
    parent = mount / own.lstrip("/")
    wanted = {"memory", "cpu"}
    if not wanted <= set((parent / "cgroup.controllers").read_text().split()):
        return None
    base = parent / GROUP_NAME
    if not base.is_dir():
        enabled = set((parent / "cgroup.subtree_control").read_text().split())
        if not wanted <= enabled:
            # Only a group without processes may hand controllers down: move the hub
            # (and anything else in its group) into a leaf first.
            leaf = parent / f"{GROUP_NAME}-self"
            leaf.mkdir(exist_ok=True)
            for pid in (parent / "cgroup.procs").read_text().split():
                with contextlib.suppress(OSError):
                    (leaf / "cgroup.procs").write_text(pid)
            (parent / "cgroup.subtree_control").write_text("+memory +cpu")
        base.mkdir()
    (base / "cgroup.subtree_control").write_text("+memory +cpu")
    return base


def _configure_v1(bases: dict[str, Path], name: str, memory: int, cpu: float) -> list[Path]:
    groups = []
    memory_group, cpu_group = bases["memory"] / name, bases["cpu"] / name
    for group in (memory_group, cpu_group):
        group.mkdir(parents=True, exist_ok=True)
        groups.append(group)
    (memory_group / "memory.limit_in_bytes").write_text(str(memory))
    with contextlib.suppress(OSError):  # only where swap is accounted
        (memory_group / "memory.memsw.limit_in_bytes").write_text(str(memory))
    (cpu_group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
    (cpu_group / "cpu.cfs_quota_us").write_text(str(int(cpu * PERIOD_US)))
    return groups


def _configure_v2(base: Path, name: str, memory: int, cpu: float) -> list[Path]:
    group = base / name
    group.mkdir(exist_ok=True)
    (group / "memory.max").write_text(str(memory))
    with contextlib.suppress(OSError):
        (group / "memory.swap.max").write_text("0")
    (group / "cpu.max").write_text(f"{int(cpu * PERIOD_US)} {PERIOD_US}")
    return [group]


def prepare(name: str, memory: int, cpu: float, root: Path = CGROUP_ROOT) -> list[Path]:
    """Create (or update) ``name``'s groups with these limits; ``[]`` where none is possible.

    Needs root. The returned groups are what :func:`joiner` puts a process into.
    """
    bases = _v1_bases(root)
    if bases is not None:
        try:
            return _configure_v1(bases, name, memory, cpu)
        except OSError:
            pass
    try:
        base = _v2_base(root)
        if base is not None:
            return _configure_v2(base, name, memory, cpu)
    except OSError:
        pass
    return []


def joiner(groups: list[Path]) -> Callable[[], None]:
    """A function for ``preexec_fn``: put the new process in ``groups`` (before dropping root)."""
    targets = [str(group / "cgroup.procs") for group in groups]

    def join() -> None:
        for target in targets:
            with open(target, "w") as handle:
                handle.write("0")  # "0" is the writing process itself

    return join


def release(groups: list[Path]) -> None:
    """Remove ``groups`` once their processes are gone (a busy group is left for next time)."""
    for group in groups:
        with contextlib.suppress(OSError):
            group.rmdir()


def detect(root: Path = CGROUP_ROOT) -> Enforcement:
    """Try the mechanisms for real, with a throw-away group, and report what holds."""
    if os.geteuid() != 0:
        return Enforcement("none", False, False,
                           "only root can set limits; run the check as root, as the hub runs.")
    probe = f"probe-{uuid.uuid4().hex[:8]}"
    groups = prepare(probe, 256 * 2**20, 0.5, root)
    try:
        if not groups:
            return Enforcement(
                "none", False, False,
                "no writable cgroup with memory and CPU control here. On a systemd machine, "
                "run the hub as a service with Delegate=yes (hub/README.md), or use The "
                "Littlest JupyterHub; otherwise size the machine for everyone's peak.")
        if any((group / "memory.limit_in_bytes").exists() for group in groups):
            memory = any((g / "memory.limit_in_bytes").read_text().strip() == str(256 * 2**20)
                         for g in groups if (g / "memory.limit_in_bytes").exists())
            cpu = any((g / "cpu.cfs_quota_us").read_text().strip() == str(PERIOD_US // 2)
                      for g in groups if (g / "cpu.cfs_quota_us").exists())
            where = ", ".join(sorted({str(g.parent) for g in groups}))
            return Enforcement("cgroup v1", memory, cpu,
                               f"a memory and a cpu control group per participant under {where}")
        group = groups[0]
        memory = (group / "memory.max").read_text().strip() == str(256 * 2**20)
        cpu = (group / "cpu.max").read_text().split()[0] == str(PERIOD_US // 2)
        return Enforcement("cgroup v2", memory, cpu,
                           f"one control group per participant under {group.parent}")
    finally:
        release(groups)


def _check_command(args: argparse.Namespace) -> int:
    from emiskit import hub, hub_accounts
    from emiskit.paths import course_root

    try:
        settings = hub.settings_from_env(os.environ)
    except hub.HubConfigError as error:
        print(f"error: {error}")
        return 1
    print(f"Mode: {settings.mode}")
    if settings.mode == hub.SHARED:
        print("Memory limit per participant: advisory only (shared-password mode runs every "
              "server as one user, with no limits)")
        print("CPU limit per participant: advisory only")
    else:
        for line in detect().lines:
            print(line)
        print(f"Limits set: {settings.mem_limit} of memory and {settings.cpu_limit:g} CPU "
              "per participant (EMISKIT_HUB_MEM_LIMIT, EMISKIT_HUB_CPU_LIMIT)")
        for line in hub_accounts.privacy_report(settings):
            print(line)
        try:
            hub_accounts.check_reachable(course_root())
            print("Participants can run the course's Python and read the course: yes")
        except hub.HubConfigError as error:
            print(f"Participants can run the course's Python and read the course: no, {error}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``emiskit hub check``."""
    check = commands.add_parser(
        "check", help="say which limits and protections hold on this machine")
    check.set_defaults(func=_check_command)
