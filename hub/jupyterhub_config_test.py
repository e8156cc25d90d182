"""For the tests only: the workshop hub with JupyterHub's DummyAuthenticator.

It loads hub/jupyterhub_config.py unchanged, in the shared-password mode, and swaps only
who may log in: any user name with any password. Never use it for a real workshop.
"""

# ruff: noqa: F821  (JupyterHub provides get_config and load_subconfig)
import os

c = get_config()
# load_subconfig silently skips a file it cannot find, so check that it loaded.
load_subconfig(os.path.join(os.path.dirname(os.path.abspath(__file__)), "jupyterhub_config.py"))
if c.JupyterHub.authenticator_class != "shared-password":
    raise SystemExit("hub/jupyterhub_config_test.py could not load hub/jupyterhub_config.py")

c.JupyterHub.authenticator_class = "dummy"
