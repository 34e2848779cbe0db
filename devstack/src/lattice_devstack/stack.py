"""The whole suite as separate processes, the way `lattice up` and the end-to-end tests run it.

PostgreSQL: ``DATABASE_URL`` when set, else embedded PostgreSQL kept under ``.lattice/postgres``.
Kafka: ``KAFKA_BOOTSTRAP_SERVERS`` when set, else the embedded Tansu broker (memory only), or with
``kafka="apache"`` Apache Kafka on loopback (one KRaft node, data under ``.lattice/kafka``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from lattice_platform.auth import Role, SigningKey
from lattice_platform.messaging.kafka import ensure_topics
from lattice_platform.settings import ServiceSettings

from lattice_devstack.apache_kafka import ApacheKafka
from lattice_devstack.infra import EmbeddedBroker, EmbeddedPostgres, free_port, port_in_use

SERVICES: dict[str, int] = {
    "profile": 8001,
    "openings": 8002,
    "learning": 8003,
    "notifier": 8004,
    "insights": 8005,
    "webhooks": 8006,
}
CONSOLE = "console"
CONSOLE_PORT = 8010
"""The web console, which calls the services' public APIs and owns no data."""
KAFKA_PORT = 19092
BROKERS = ("tansu", "apache")


@dataclass
class ServiceProcess:
    name: str
    port: int
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    ready: bool = False
    problem: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def state(self) -> str:
        if self.process is None:
            return "stopped"
        if self.process.poll() is not None:
            return f"exited ({self.process.returncode})"
        return "ready" if self.ready else "starting"

    def last_log_line(self) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").strip().splitlines()
        except FileNotFoundError:
            return ""
        return lines[-1][-160:] if lines else ""


@dataclass
class Stack:
    state_dir: Path
    environment: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    free_ports: bool = False
    extra_env: Mapping[str, str] = field(default_factory=dict)
    services: dict[str, ServiceProcess] = field(default_factory=dict)
    signing_key: SigningKey | None = None
    database_url: str = ""
    bootstrap_servers: str = ""
    kafka: str = "tansu"
    """The broker the stack starts when ``KAFKA_BOOTSTRAP_SERVERS`` names none: one of BROKERS."""
    personas: str = ""
    """The console's persona picker (``CONSOLE_DEV_PERSONAS``): 'E0004=Ben Costa=employee;…'."""
    _broker: EmbeddedBroker | ApacheKafka | None = None
    _postgres: EmbeddedPostgres | None = None

    async def start(self, timeout_s: float = 90.0) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        (self.state_dir / "logs").mkdir(exist_ok=True)
        self._start_infrastructure()
        self.signing_key = self._dev_key()
        await ensure_topics(self._settings())
        for name, port in {**SERVICES, CONSOLE: CONSOLE_PORT}.items():
            process = ServiceProcess(
                name,
                free_port() if self.free_ports else port,
                self.state_dir / "logs" / f"{name}.log",
            )
            self.services[name] = process
            self._spawn(process)
        await self.wait_ready(timeout_s)

    async def wait_ready(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        async with httpx.AsyncClient(timeout=2) as client:
            while not all(s.ready for s in self.services.values()):
                for service in self.services.values():
                    service.ready = await _is_ready(client, service)
                    if service.process is not None and service.process.poll() is not None:
                        last = service.last_log_line()
                        raise RuntimeError(f"{service.name} exited: {last} ({service.log_path})")
                if time.monotonic() > deadline:
                    waiting = [s.name for s in self.services.values() if not s.ready]
                    raise TimeoutError(f"not ready after {timeout_s}s: {', '.join(waiting)}")
                await asyncio.sleep(0.3)

    async def refresh(self) -> None:
        async with httpx.AsyncClient(timeout=1) as client:
            for service in self.services.values():
                service.ready = await _is_ready(client, service)

    def stop(self, grace_s: float = 25.0) -> None:
        """SIGTERM every service (they drain and commit), then stop the infrastructure."""
        for service in self.services.values():
            if service.process is not None and service.process.poll() is None:
                service.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        for service in self.services.values():
            if service.process is None:
                continue
            try:
                service.process.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                service.process.kill()
                service.process.wait()
        if self._broker is not None:
            self._broker.stop()
        if self._postgres is not None:
            self._postgres.stop()

    def kill(self, service: str) -> None:
        """SIGKILL one service: no drain, no commit, as when its host or container dies."""
        process = self.services[service].process
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        self.services[service].ready = False

    def respawn(self, service: str) -> None:
        """Start a stopped or dead service again, as its supervisor would."""
        self._spawn(self.services[service])

    def token(self, subject: str, roles: list[Role], employee_id: str | None = None) -> str:
        if self.signing_key is None:
            raise RuntimeError("the stack is not started")
        return self.signing_key.mint(subject, roles, employee_id=employee_id)

    def url(self, service: str) -> str:
        return self.services[service].url

    def service_env(self, name: str, port: int) -> dict[str, str]:
        assert self.signing_key is not None
        if name == CONSOLE:
            return self._console_env(port)
        return {
            **self.environment,
            "DATABASE_URL": self.database_url,
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap_servers,
            "KAFKA_SESSION_TIMEOUT_MS": self.environment.get("KAFKA_SESSION_TIMEOUT_MS", "3000"),
            "KAFKA_HEARTBEAT_INTERVAL_MS": self.environment.get(
                "KAFKA_HEARTBEAT_INTERVAL_MS", "500"
            ),
            "KAFKA_PARTITIONS": self.environment.get("KAFKA_PARTITIONS", "3"),
            **self._broker_env(),
            "OUTBOX_POLL_INTERVAL_S": "0.5",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_PORT": str(port),
            "JWT_PUBLIC_KEY": self.signing_key.public_pem,
            "LOG_JSON": self.environment.get("LOG_JSON", "true"),
            "LATTICE_DEV_CLOCK": "true",  # the demo moves time on to show deadlines passing
            "LATTICE_WEBHOOKS_ALLOW_HTTP": "true",  # subscribers on this machine, without TLS
            **self.extra_env,
        }

    def _console_env(self, port: int) -> dict[str, str]:
        """The console signs people in with the stack's key (the dev stack's persona picker) and
        calls the services where this stack runs them."""
        assert self.signing_key is not None
        return {
            **self.environment,
            **{f"LATTICE_{s.upper()}_URL": self.url(s) for s in SERVICES},
            "HTTP_HOST": "127.0.0.1",
            "HTTP_PORT": str(port),
            "JWT_PUBLIC_KEY": self.signing_key.public_pem,
            "LATTICE_DEV_STACK": "true",
            "CONSOLE_DEV_SIGNING_KEY": self.signing_key.private_pem,
            "CONSOLE_DEV_PERSONAS": self.personas,
            "CONSOLE_COOKIE_SECURE": "false",  # plain HTTP on loopback
            "LOG_JSON": self.environment.get("LOG_JSON", "true"),
        }

    def _spawn(self, service: ServiceProcess) -> None:
        command = [str(Path(sys.executable).parent / f"lattice-{service.name}"), "serve"]
        with open(service.log_path, "ab") as log:
            service.process = subprocess.Popen(  # noqa: S603
                command,
                env=self.service_env(service.name, service.port),
                stdout=log,
                stderr=log,
                start_new_session=True,  # Ctrl-C reaches the supervisor, which stops them in order
            )

    def _start_infrastructure(self) -> None:
        self.database_url = self.environment.get("DATABASE_URL", "")
        if not self.database_url:
            # The embedded broker keeps nothing between runs, so neither does the embedded database.
            data_dir = self.state_dir.resolve() / "postgres"
            shutil.rmtree(data_dir, ignore_errors=True)
            self._postgres = EmbeddedPostgres(data_dir).start()
            self.database_url = self._postgres.database_url
        self.bootstrap_servers = self.environment.get("KAFKA_BOOTSTRAP_SERVERS", "")
        if not self.bootstrap_servers:
            self._broker = self._new_broker().start()
            self.bootstrap_servers = self._broker.bootstrap_servers

    def _new_broker(self) -> EmbeddedBroker | ApacheKafka:
        if self.kafka not in BROKERS:
            raise ValueError(f"unknown broker {self.kafka!r}: one of {', '.join(BROKERS)}")
        port = free_port() if self.free_ports or port_in_use(KAFKA_PORT) else KAFKA_PORT
        if self.kafka == "tansu":
            return EmbeddedBroker(port, log_path=self.state_dir / "logs" / "broker.log")
        # Like the embedded database, a fresh cluster each time: every run starts empty.
        data_dir = self.state_dir.resolve() / "kafka"
        shutil.rmtree(data_dir, ignore_errors=True)
        broker = ApacheKafka(directory=data_dir)
        broker.members[0].port = port
        return broker

    def _broker_env(self) -> dict[str, str]:
        """Client settings that suit the stack's own broker; a configured broker gets the
        production defaults, or what the environment says."""
        settings: dict[str, str] = {}
        if self._broker is not None:
            settings["KAFKA_FETCH_MAX_WAIT_MS"] = str(self._broker.FETCH_MAX_WAIT_MS)
            settings["KAFKA_IDEMPOTENCE"] = str(self._broker.IDEMPOTENT_PRODUCER).lower()
        for name in ("KAFKA_FETCH_MAX_WAIT_MS", "KAFKA_IDEMPOTENCE"):
            if name in self.environment:
                settings[name] = self.environment[name]
        return settings

    def _settings(self) -> ServiceSettings:
        return ServiceSettings.model_validate(
            {
                "service_name": "devstack",
                "kafka_bootstrap_servers": self.bootstrap_servers,
                "kafka_partitions": self.environment.get("KAFKA_PARTITIONS", "3"),
                "kafka_topic_prefix": self.extra_env.get("KAFKA_TOPIC_PREFIX", ""),
            }
        )

    def _dev_key(self) -> SigningKey:
        """The dev stack's token key, kept so tokens minted earlier stay valid across restarts."""
        private, public = self.state_dir / "dev-jwt.key", self.state_dir / "dev-jwt.pub"
        if private.exists() and public.exists():
            return SigningKey(private.read_text(), public.read_text())
        key = SigningKey.generate()
        private.write_text(key.private_pem)
        private.chmod(0o600)
        public.write_text(key.public_pem)
        return key


async def _is_ready(client: httpx.AsyncClient, service: ServiceProcess) -> bool:
    with contextlib.suppress(httpx.HTTPError):
        response = await client.get(f"{service.url}/health/ready")
        service.problem = "" if response.status_code == 200 else response.text[:200]
        return response.status_code == 200
    return False
