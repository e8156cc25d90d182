"""The workshop hub's authenticator and spawner for the accounts mode (imports JupyterHub).

* :class:`CourseAuthenticator`: each participant sets their password at first log-in
  (``jupyterhub-firstuseauthenticator``), and gets a system account of their own then
  (``LocalAuthenticator.create_system_users``). A name that already belongs to the
  machine (``root``, the facilitator's own login…) is refused *before* a password is
  stored, because logging in under it would start a server as that account.
* :class:`CourseSpawner`: JupyterHub's ``LocalProcessSpawner``, which starts each server
  as its participant, plus what the course needs before each start: the home folder
  private, the answers and the hub's state locked, the course copied in as the
  participant, and the server placed in its memory and CPU limits.
"""

from __future__ import annotations

import asyncio
import dbm
import pwd
from pathlib import Path

import bcrypt
from firstuseauthenticator import FirstUseAuthenticator
from jupyterhub.auth import LocalAuthenticator
from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Float, Integer, Unicode, default

from emiskit import hub_accounts, hub_limits


def set_password(dbm_path: str, name: str, password: str) -> None:
    """Store ``name``'s password the way the first-use authenticator checks it."""
    with dbm.open(dbm_path, "c", 0o600) as db:
        db[name.encode("utf8")] = bcrypt.hashpw(password.encode("utf8"), bcrypt.gensalt())


class CourseAuthenticator(FirstUseAuthenticator, LocalAuthenticator):
    """Own passwords set at first log-in, and one system account per participant."""

    homes = Unicode("/home", config=True, help="Folder that holds the participants' homes.")
    group = Unicode("emiskit-participants", config=True,
                    help="System group of the accounts the hub created.")

    @default("create_system_users")
    def _create_system_users_default(self) -> bool:
        return True

    def validate_username(self, name: str) -> bool:
        return super().validate_username(name) and hub_accounts.may_log_in(name, self.group)

    async def authenticate(self, handler, data):
        name = self.normalize_username(data.get("username", ""))
        if not self.validate_username(name):
            self.log.warning("Refused the log-in name %r: not a participant's", name)
            return None
        return await super().authenticate(handler, data)

    def system_user_exists(self, user) -> bool:
        return hub_accounts.is_participant(user.name, self.group)

    def add_system_user(self, user) -> None:
        hub_accounts.create_account(user.name, Path(self.homes), self.group)


class CourseSpawner(LocalProcessSpawner):
    """A participant's server, as that participant, with the course and limits in place."""

    course = Unicode(config=True, help="The course folder.")
    state_dir = Unicode(config=True, help="The hub's private state folder.")
    group = Unicode("emiskit-participants", config=True)
    memory_bytes = Integer(0, config=True, help="Memory ceiling; 0 for none.")
    cpus = Float(0.0, config=True, help="CPU quota in CPUs; 0 for none.")

    _groups: list[Path]

    def get_env(self) -> dict[str, str]:
        env = super().get_env()
        # The course tools read the datasets from the participant's own copy.
        env["EMISKIT_HOME"] = pwd.getpwnam(self.user.name).pw_dir
        return env

    def _prepare(self) -> None:
        name = self.user.name
        if not hub_accounts.is_participant(name, self.group):
            raise RuntimeError(f"{name} is not a participant's account; not starting it")
        hub_accounts.secure_home(pwd.getpwnam(name))
        hub_accounts.lock_private(Path(self.course), Path(self.state_dir))
        copied = hub_accounts.provision_as_participant(name, Path(self.course))
        self.log.info("%s: %s", name, copied)
        self._groups = []
        if self.memory_bytes and self.cpus:
            self._groups = hub_limits.prepare(name, self.memory_bytes, self.cpus)
        if not self._groups:
            self.log.warning("%s: memory and CPU limits are advisory on this machine", name)

    async def start(self):
        await asyncio.get_running_loop().run_in_executor(None, self._prepare)
        return await super().start()

    def make_preexec_fn(self, name: str):
        drop_root = super().make_preexec_fn(name)
        join = hub_limits.joiner(getattr(self, "_groups", []))

        def preexec() -> None:
            join()  # while still root: only root may move a process between groups
            drop_root()

        return preexec

    async def stop(self, now: bool = False) -> None:
        await super().stop(now=now)
        hub_limits.release(getattr(self, "_groups", []))
