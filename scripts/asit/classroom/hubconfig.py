"""The JupyterHub configuration file of a classroom, written under its data folder.

Secrets (the proxy's and the service's tokens, the shared password) stay in files the
configuration reads at start, readable by root only.
"""

from __future__ import annotations

from pathlib import Path

from .layout import INSTRUCTORS_GROUP, SERVICE_NAME, TRAINEES_GROUP, Layout
from .processes import LOOPBACK
from .state import ClassroomState

# What the classroom's own service may do through the hub's REST API: list users, start and
# stop their servers, make them tokens (the load test and the benchmark act as each trainee).
SERVICE_SCOPES = ["admin:users", "admin:servers", "tokens", "access:servers", "list:users", "read:users"]

TEMPLATE = '''"""JupyterHub configuration of an ASIT trial classroom (written by asit classroom up)."""
import sys
from pathlib import Path

sys.path.insert(0, {scripts!r})
from asit.classroom.spawner import ClassroomSpawner

c = get_config()  # noqa: F821
hub = Path({hub!r})
c.JupyterHub.ip = {loopback!r}
c.JupyterHub.port = {hub_port}
c.JupyterHub.hub_ip = {loopback!r}
c.JupyterHub.hub_port = {hub_api_port}
c.JupyterHub.db_url = "sqlite:///" + str(hub / "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = str(hub / "cookie_secret")
c.JupyterHub.cleanup_servers = False  # a hub restart leaves the trainees' servers running
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.api_url = "http://{loopback}:{proxy_api_port}"
c.ConfigurableHTTPProxy.auth_token = (hub / "proxy-token").read_text().strip()
c.ConfigurableHTTPProxy.pid_file = {proxy_pid!r}
c.ConfigurableHTTPProxy.check_running_interval = 2  # a stopped proxy is restarted, routes restored
c.JupyterHub.authenticator_class = "shared-password"  # trial classroom: one shared password, see the book
c.SharedPasswordAuthenticator.user_password = (hub / "password").read_text().strip()
c.Authenticator.allowed_users = set({users!r})
c.JupyterHub.load_groups = {groups!r}
c.JupyterHub.services = [{{"name": {service!r}, "api_token": (hub / "service-token").read_text().strip()}}]
c.JupyterHub.load_roles = [{{"name": "asit-classroom-admin", "scopes": {scopes!r}, "services": [{service!r}]}}]
c.JupyterHub.spawner_class = ClassroomSpawner
c.ClassroomSpawner.data_dir = {data!r}
c.Spawner.cmd = [{python!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.environment = {{"PATH": {path!r}, "PYTHONPATH": {scripts!r}}}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180
c.Spawner.poll_interval = 10  # a server that died is noticed within seconds
c.Spawner.http_timeout = 180
c.JupyterHub.concurrent_spawn_limit = 200
'''


def render(layout: Layout, state: ClassroomState, scripts: Path, chp: str, bin_dir: Path) -> str:
    return TEMPLATE.format(
        scripts=str(scripts),
        hub=str(layout.hub),
        loopback=LOOPBACK,
        hub_port=state.hub_port,
        hub_api_port=state.hub_api_port,
        proxy_api_port=state.proxy_api_port,
        chp=chp,
        proxy_pid=str(layout.pid_file("proxy")),
        users=sorted(state.users),
        groups={
            TRAINEES_GROUP: {"users": sorted(state.trainees)},
            INSTRUCTORS_GROUP: {"users": sorted(state.instructors)},
        },
        service=SERVICE_NAME,
        scopes=SERVICE_SCOPES,
        data=str(layout.data),
        python=str(bin_dir / "python"),
        path=f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
    )
