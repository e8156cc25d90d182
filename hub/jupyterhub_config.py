"""JupyterHub for one workshop room: the course kit, one server, no internet needed.

Start it from the course folder (``make hub`` does this):

    export EMISKIT_HUB_PASSWORD=taller-valdoria-2025
    .venv/bin/jupyterhub -f hub/jupyterhub_config.py

Participants open ``http://<this machine's address>:8000``, log in with a user name of
their choice (or one from your list) and the shared password, and get JupyterLab with
their own copy of the course. Every setting is an ``EMISKIT_HUB_*`` environment variable;
hub/README.md lists them and explains the choices (who may log in, isolation, limits).
"""

# ruff: noqa: F821  (JupyterHub provides get_config when it runs this file)
import os
import sys
from pathlib import Path

from emiskit import hub
from emiskit.paths import course_root

c = get_config()
course = course_root()
settings = hub.settings_from_env(os.environ)

if os.geteuid() == 0 and not settings.allow_root:
    raise SystemExit(
        "The workshop hub runs every participant's server as the user who starts it: start "
        "it as an ordinary user, not root. (Containers and tests: EMISKIT_HUB_ALLOW_ROOT=1.)"
    )

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

# --- Who may log in -------------------------------------------------------------------
# One password for the room, given out on the day: nothing to install, no accounts to
# create, works with no internet. Anyone with the password can open any non-admin
# user's server, so this suits a workshop among colleagues, not graded or private work.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = settings.password
if settings.admin_password:
    c.SharedPasswordAuthenticator.admin_users = {"facilitator"}
    c.SharedPasswordAuthenticator.admin_password = settings.admin_password
c.Authenticator.username_pattern = hub.USERNAME_PATTERN  # names become folder names
if settings.users:
    c.Authenticator.allowed_users = set(settings.users)
else:
    c.Authenticator.allow_all = True

# --- Each participant's server ----------------------------------------------------------
# All servers run as the user who started the hub, each in its own home folder: no
# system accounts and no root needed, but no isolation between participants either.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(settings.homes_dir / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    # The course tools read the datasets from the participant's own copy.
    "EMISKIT_HOME": lambda spawner: spawner.home_dir,
}
c.Spawner.http_timeout = 120  # first start on a busy machine
c.Spawner.start_timeout = 120
# Told to the server (MEM_LIMIT, CPU_LIMIT) but not enforced by a local-process spawner;
# The Littlest JupyterHub and Kubernetes enforce them (see the facilitator guide).
c.Spawner.mem_limit = settings.mem_limit
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
if settings.allow_root:
    c.Spawner.args.append("--ServerApp.allow_root=True")


def provision(spawner) -> None:
    """Before each start: course files the home lacks, or has unchanged but out of date."""
    result = hub.provision_home(course, Path(spawner.home_dir))
    spawner.log.info("%s: %d course files copied, %d updated, %d kept", spawner.user.name,
                     len(result.copied), len(result.updated), len(result.kept))


c.Spawner.pre_spawn_hook = provision
