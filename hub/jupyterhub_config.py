"""JupyterHub for one workshop room: the course kit, one machine, no internet needed.

Two modes (``EMISKIT_HUB_MODE``), hub/README.md explains both:

* ``accounts`` (the default), started as root: every participant gets a system account
  of their own on first log-in and chooses their own password; their files are private,
  and memory and CPU limits hold where the machine allows it.

      sudo -E .venv/bin/jupyterhub -f hub/jupyterhub_config.py

* ``shared-password``, for a demo: one password for the room, and every server runs as
  the user who started the hub, with no isolation at all.

      EMISKIT_HUB_MODE=shared-password EMISKIT_HUB_PASSWORD=demo-valdoria make hub

Every setting is an ``EMISKIT_HUB_*`` environment variable; the logic lives in
``emiskit/hub*.py``.
"""

# ruff: noqa: F821  (JupyterHub provides get_config when it runs this file)
import logging
import os
import sys
from pathlib import Path

from emiskit import hub
from emiskit.paths import course_root

c = get_config()
course = course_root()
settings = hub.settings_from_env(os.environ)
accounts = settings.mode == hub.ACCOUNTS

if accounts and os.geteuid() != 0:
    raise SystemExit(
        "The workshop hub creates an account for each participant, so it must start as "
        "root: `sudo -E make hub`. For a quick demo as yourself, with one shared password "
        "and no privacy between participants: EMISKIT_HUB_MODE=shared-password.")
if not accounts and os.geteuid() == 0 and not settings.allow_root:
    raise SystemExit(
        "The shared-password hub runs every participant's server as the user who starts it: "
        "start it as an ordinary user, not root. (Containers and tests: "
        "EMISKIT_HUB_ALLOW_ROOT=1.) For a real workshop, use the default accounts mode.")

# --- Where it listens ---------------------------------------------------------------
# Participants reach the proxy; the hub itself and the proxy's API stay on this machine.
c.JupyterHub.bind_url = f"http://{settings.ip}:{settings.port}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{settings.hub_port}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
c.ConfigurableHTTPProxy.command = [hub.proxy_command(course)]

# --- Its own files, outside the course folder -----------------------------------------
settings.state_dir.mkdir(parents=True, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{settings.state_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(settings.state_dir / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(settings.state_dir / "proxy.pid")
c.Authenticator.username_pattern = hub.USERNAME_PATTERN  # names become folder names
if settings.users:
    c.Authenticator.allowed_users = set(settings.users)
else:
    c.Authenticator.allow_all = True

# --- Each participant's server ----------------------------------------------------------
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 120  # first start on a busy machine
c.Spawner.start_timeout = 120
c.Spawner.mem_limit = settings.mem_limit  # also told to the server as MEM_LIMIT, CPU_LIMIT
c.Spawner.cpu_limit = settings.cpu_limit

# Idle culling, built into Jupyter Server (nothing to download): a kernel idle for
# idle_minutes is shut down, and a server with no kernel and no activity for as long
# stops itself, so its memory returns to the room. Work is saved in the home folder.
idle_seconds = settings.idle_minutes * 60
c.Spawner.args = [
    f"--MappingKernelManager.cull_idle_timeout={idle_seconds}",
    "--MappingKernelManager.cull_interval=60",
    "--MappingKernelManager.cull_connected=True",
    f"--ServerApp.shutdown_no_activity_timeout={idle_seconds}",
    # A terminal is a shell on the workshop machine; the course never needs one.
    "--ServerApp.terminals_enabled=False",
]

if accounts:
    from emiskit import hub_accounts, hub_jupyterhub, hub_limits

    hub_accounts.check_reachable(course)
    # Root only: the database, the cookie secret, the passwords, and the answers.
    hub_accounts.lock_private(course, settings.state_dir)
    hub_accounts.ensure_group(settings.group)
    hub_accounts.prepare_homes_base(settings.homes_dir)

    # --- Who may log in: each participant's own password, chosen at first log-in -----
    c.JupyterHub.authenticator_class = hub_jupyterhub.CourseAuthenticator
    c.CourseAuthenticator.dbm_path = str(settings.state_dir / "passwords.dbm")
    c.CourseAuthenticator.min_password_length = hub.OWN_PASSWORD_MIN
    c.CourseAuthenticator.homes = str(settings.homes_dir)
    c.CourseAuthenticator.group = settings.group
    c.CourseAuthenticator.admin_users = {settings.admin}
    if settings.users:
        c.CourseAuthenticator.allowed_users = set(settings.users) | {settings.admin}
    if settings.admin_password:
        hub_jupyterhub.set_password(str(settings.state_dir / "passwords.dbm"),
                                    settings.admin, settings.admin_password)

    # --- Servers: one system account each, in its own limits ---------------------------
    c.JupyterHub.spawner_class = hub_jupyterhub.CourseSpawner
    c.CourseSpawner.course = str(course)
    c.CourseSpawner.state_dir = str(settings.state_dir)
    c.CourseSpawner.group = settings.group
    c.CourseSpawner.memory_bytes = hub.memory_bytes(settings.mem_limit)
    c.CourseSpawner.cpus = settings.cpu_limit
    for line in hub_limits.detect().lines:
        logging.getLogger("emiskit.hub").warning(line)
else:
    logging.getLogger("emiskit.hub").warning(
        "SHARED-PASSWORD MODE, FOR DEMOS ONLY: everyone who knows the password can open "
        "anyone's server, and every participant's code can read every other participant's "
        "files. Use the default accounts mode (as root) for a real workshop.")
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = settings.password
    if settings.admin_password:
        c.SharedPasswordAuthenticator.admin_users = {settings.admin}
        c.SharedPasswordAuthenticator.admin_password = settings.admin_password

    # All servers run as the user who started the hub, each in its own home folder.
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(settings.homes_dir / "{username}")
    c.Spawner.environment = {"EMISKIT_HOME": lambda spawner: spawner.home_dir}
    if settings.allow_root:
        c.Spawner.args.append("--ServerApp.allow_root=True")

    def provision(spawner) -> None:
        """Before each start: course files the home lacks, or has unchanged but out of date."""
        result = hub.provision_home(course, Path(spawner.home_dir))
        spawner.log.info("%s: %d course files copied, %d updated, %d kept",
                         spawner.user.name, len(result.copied), len(result.updated),
                         len(result.kept))

    c.Spawner.pre_spawn_hook = provision
