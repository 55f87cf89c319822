"""Real servers on loopback ports for browser tests, the scale-out test and benchmarks/load.py.

`AppServer` is one `streamlit run` process of this repository with the project's config; `Proxy` is
Debian's nginx in front of several of them, including the shipped `deploy/nginx/profilsamtale-proxy.conf`
verbatim, so a test of the proxy is a test of what a municipality installs.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROXY_LOCATIONS = ROOT / "deploy" / "nginx" / "profilsamtale-proxy.conf"
NGINX = os.environ.get("PROFILING_NGINX", "/usr/sbin/nginx")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_healthy(url: str, seconds: float = 60, process: subprocess.Popen[bytes] | None = None) -> None:
    """Wait until `url`/_stcore/health answers 200 (Streamlit's own health route, as the proxy checks it)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server at {url} stopped while starting (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not become healthy within {seconds:.0f} s")


def read_rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


class AppServer:
    """One `streamlit run` process (the app, or another script) with the project's .streamlit/config.toml."""

    def __init__(
        self, database_url: str, port: int | None = None, *, script: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.database_url = database_url
        self.port = port or free_port()
        self.script = script or ROOT / "streamlit_app.py"
        self.env = dict(env or {})
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - kept open while the object lives: its log is read after a failure

    def start(self) -> AppServer:
        env = {**os.environ, "PROFILING_DATABASE_URL": self.database_url, **self.env}
        command = [
            sys.executable, "-m", "streamlit", "run", str(self.script),
            "--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
        ]
        # cwd is the repository, so Streamlit reads the project's .streamlit/config.toml.
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        try:
            wait_until_healthy(self.url, process=self.process)
        except RuntimeError as error:
            raise RuntimeError(f"{error}\n{self.log()}") from None
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def rss_mb(self) -> float:
        return read_rss_mb(self.pid)

    def log(self) -> str:
        """What the server printed (for a failure message)."""
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-4000:]

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None


def stop_process(process: subprocess.Popen[bytes] | None) -> None:
    """Terminate a server process (and kill it if it does not stop within 10 s)."""
    if process is None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def demo_database(url: str) -> str:
    """Migrate the database at `url` (as `profiling db upgrade` does) and load the fictitious demo.

    A SQLite database is a copy of one built once per test process (the migration, the catalog and the demo
    take a second and a half, and every test of the app starts from the same demo)."""
    if url.startswith("sqlite:///"):
        return _copy_of(_template("demo"), url)
    return _build(url, with_demo=True)


def migrated_database(url: str) -> str:
    """An empty database at `url`, migrated to the newest revision (a SQLite one copied as `demo_database`)."""
    if url.startswith("sqlite:///"):
        return _copy_of(_template("empty"), url)
    return _build(url, with_demo=False)


_templates: dict[str, Path] = {}


def _template(kind: str) -> Path:
    """The SQLite file this process built once of a kind ("demo" or "empty")."""
    if kind not in _templates:
        path = Path(tempfile.mkdtemp(prefix="profiling-template-")) / f"{kind}.db"
        _build(f"sqlite:///{path}", with_demo=kind == "demo")
        _templates[kind] = path
    return _templates[kind]


def _copy_of(template: Path, url: str) -> str:
    target = Path(url.removeprefix("sqlite:///"))
    if target.exists():
        raise FileExistsError(f"{target} exists: a test database is always new")
    shutil.copyfile(template, target)
    return url


def _build(url: str, *, with_demo: bool) -> str:
    from profiling.catalog import load_catalog
    from profiling.persistence.database import create_database_engine, session_factory, upgrade
    from profiling.persistence.unit_of_work import UnitOfWork
    from profiling.services import demo
    from profiling.settings import Settings

    engine = create_database_engine(url)
    upgrade(engine)
    if with_demo:
        with UnitOfWork(session_factory(engine)) as uow:
            demo.build_demo(uow, load_catalog([Settings().questionnaires_dir]))
    engine.dispose()
    return url


def fresh_postgresql(server_url: str, prefix: str) -> str:
    """A new, empty database on the PostgreSQL server of `server_url`; returns its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_postgresql(server_url: str, database_url: str) -> None:
    """Drop a database made by fresh_postgresql (closing its connections)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(database_url).database}" WITH (FORCE)'))
    admin.dispose()


def nginx_available() -> bool:
    return Path(NGINX).exists() or shutil.which("nginx") is not None


class Proxy:
    """nginx on a loopback port in front of `backends` (ports), sticky by client address (ip_hash).

    The configuration is a minimal http block (upstream and server) around the shipped location file,
    so the websocket upgrade, forwarded headers, timeouts and health route are the ones deployed.
    """

    def __init__(self, backends: Sequence[int], port: int | None = None) -> None:
        self.backends = list(backends)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = Path(tempfile.mkdtemp(prefix="profilsamtale-nginx-"))
        self.process: subprocess.Popen[bytes] | None = None

    def configuration(self) -> str:
        servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;" for port in self.backends)
        return f"""
worker_processes 1;
daemon off;
pid {self.folder}/nginx.pid;
error_log {self.folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {self.folder}/body;
    proxy_temp_path {self.folder}/proxy;
    fastcgi_temp_path {self.folder}/fastcgi;
    uwsgi_temp_path {self.folder}/uwsgi;
    scgi_temp_path {self.folder}/scgi;
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}
    upstream profilsamtale {{
        ip_hash;
{servers}
    }}
    server {{
        listen 127.0.0.1:{self.port};
        server_name localhost;
        # Which process answered (for tests and the benchmark; not in the shipped configuration).
        add_header X-Profilsamtale-Upstream $upstream_addr always;
        include {PROXY_LOCATIONS};
    }}
}}
"""

    def start(self) -> Proxy:
        config = self.folder / "nginx.conf"
        config.write_text(self.configuration())
        binary = NGINX if Path(NGINX).exists() else str(shutil.which("nginx"))
        checked = subprocess.run([binary, "-t", "-c", str(config), "-p", str(self.folder)], capture_output=True, text=True)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx refused the configuration:\n{checked.stderr}")
        self.process = subprocess.Popen(
            [binary, "-c", str(config), "-p", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        wait_until_healthy(self.url, 20, self.process)
        return self

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None
        shutil.rmtree(self.folder, ignore_errors=True)
