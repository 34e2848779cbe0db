"""Apache Kafka on loopback, without Docker: the release pinned in ``pom.xml`` (jars from Maven
Central, cached in ``~/.m2``), KRaft mode, one node or a quorum of three, each node a combined
controller and broker. Used by the test harness (``LATTICE_KAFKA=apache``), ``lattice up --kafka
apache`` and the fault tests, which kill, pause and restart its nodes."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from lattice_devstack.infra import free_port

HERE = Path(__file__).parent
POM = HERE / "pom.xml"
LOG_CONFIG = HERE / "log4j2.properties"
STARTED = b"Kafka Server started"
"""What a node logs once it serves clients (``KafkaRaftServer``)."""


def state_directory() -> Path:
    """Where the resolved classpath is kept: the checkout's ``.lattice/`` when run from it."""
    checkout = Path.cwd() / ".lattice"
    base = checkout if checkout.is_dir() else Path.home() / ".cache" / "lattice"
    return base / "apache-kafka"


def classpath(state: Path | None = None, timeout_s: float = 600) -> str:
    """The release's jars, resolved by the machine's Maven (downloaded on the first run only).
    The list is kept per pom, and resolved again when a jar has gone from the Maven cache."""
    state = state or state_directory()
    digest = hashlib.sha256(POM.read_bytes()).hexdigest()[:12]
    listing = state / f"classpath-{digest}.txt"
    if listing.exists():
        jars = listing.read_text().strip()
        if jars and all(Path(jar).exists() for jar in jars.split(os.pathsep)):
            return jars
    maven = shutil.which("mvn")
    if maven is None:
        raise RuntimeError("Apache Kafka needs Maven (mvn) and Java 17+ on PATH")
    state.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(  # noqa: S603
        [
            maven,
            "-q",
            "-B",
            "-f",
            str(POM),
            "dependency:build-classpath",
            f"-Dmdep.outputFile={listing}",
        ],
        capture_output=True,
        timeout=timeout_s,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"mvn could not resolve Apache Kafka's jars:\n{done.stdout.decode()[-4000:]}"
        )
    return listing.read_text().strip()


def cluster_id() -> str:
    """A KRaft cluster id: 16 random bytes, base64url without padding."""
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()


@dataclass
class KafkaNode:
    """One combined controller and broker; ``node_id`` is also its broker id."""

    node_id: int
    directory: Path
    port: int = field(default_factory=free_port)
    controller_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def properties(self) -> Path:
        return self.directory / "server.properties"

    @property
    def log_path(self) -> Path:
        return self.directory / "kafka.log"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.running and self.process is not None else None


@dataclass
class ApacheKafka:
    """An Apache Kafka cluster of ``nodes`` (1 or 3) on loopback ports, its data in ``directory``
    (a temporary one, removed on stop, when none is given), with settings for tests: no initial
    rebalance delay, short session timeouts, small segments."""

    FETCH_MAX_WAIT_MS = 100
    """Kafka answers a waiting fetch as soon as records arrive, so the production default
    costs no latency here."""

    IDEMPOTENT_PRODUCER = True

    nodes: int = 1
    directory: Path | None = None
    heap: str = "2g"
    """The JVM's largest heap. The test session's one node holds every test's topics: about
    15,000 partitions of 5,000 topics by the end of the suite, which ran out of 512 MB (the
    node exits on ``OutOfMemoryError``). The JVM takes what it uses, not the whole of it."""
    overrides: dict[str, str | int] = field(default_factory=dict)
    """Broker settings on top of the test settings below."""
    members: list[KafkaNode] = field(default_factory=list)
    _temporary: bool = False
    _classpath: str = ""

    def __post_init__(self) -> None:
        if self.nodes not in (1, 3):
            raise ValueError("a cluster of 1 or 3 nodes (a KRaft quorum needs an odd count)")
        if self.directory is None:
            self.directory = Path(tempfile.mkdtemp(prefix="lattice-kafka-"))
            self._temporary = True
        self.members = [
            KafkaNode(node_id, self.directory / f"node-{node_id}")
            for node_id in range(1, self.nodes + 1)
        ]

    @property
    def bootstrap_servers(self) -> str:
        return ",".join(f"127.0.0.1:{node.port}" for node in self.members)

    @property
    def replication_factor(self) -> int:
        return min(self.nodes, 3)

    @property
    def running(self) -> bool:
        return any(node.running for node in self.members)

    @property
    def pid(self) -> int | None:
        """The first node's process id while it runs (to measure what it costs)."""
        return self.members[0].pid if self.members else None

    def node(self, node_id: int) -> KafkaNode:
        return next(node for node in self.members if node.node_id == node_id)

    def start(self, timeout_s: float = 120.0) -> ApacheKafka:
        self._classpath = classpath()
        identity = cluster_id()
        formatting = []
        for node in self.members:
            node.directory.mkdir(parents=True, exist_ok=True)
            node.properties.write_text(self._properties(node))
            formatting.append(
                subprocess.Popen(  # noqa: S603
                    self._java(
                        "kafka.tools.StorageTool",
                        "format",
                        "--ignore-formatted",
                        f"--cluster-id={identity}",  # an id may begin with "-"
                        "-c",
                        str(node.properties),
                    ),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                )
            )
        for formatter in formatting:
            output, _ = formatter.communicate(timeout=timeout_s)
            if formatter.returncode != 0:
                raise RuntimeError(f"formatting KRaft storage failed:\n{output.decode()[-4000:]}")
        try:
            for node in self.members:
                self._launch(node)
            for node in self.members:
                self._wait_started(node, 0, timeout_s)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """SIGTERM every node (a controlled shutdown), then kill whatever has not exited."""
        for node in self.members:
            if node.running and node.process is not None:
                node.process.send_signal(signal.SIGCONT)  # a paused node cannot shut down
                node.process.terminate()
        for node in self.members:
            if node.process is not None:
                try:
                    node.process.wait(30)
                except subprocess.TimeoutExpired:
                    node.process.kill()
                    node.process.wait()
                node.process = None
        if self._temporary and self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)

    def kill(self, node_id: int) -> None:
        """``kill -9``: no shutdown, no flush; what was only in the page cache survives."""
        node = self.node(node_id)
        if node.process is not None:
            node.process.kill()
            node.process.wait()

    def pause(self, node_id: int) -> None:
        """SIGSTOP: the node holds its connections but answers nothing, like a partitioned host."""
        process = self.node(node_id).process
        if process is not None:
            process.send_signal(signal.SIGSTOP)

    def resume(self, node_id: int) -> None:
        process = self.node(node_id).process
        if process is not None:
            process.send_signal(signal.SIGCONT)

    def terminate(self, node_id: int, timeout_s: float = 60.0) -> None:
        """A controlled shutdown of one node (SIGTERM), as a rolling restart does."""
        node = self.node(node_id)
        if node.process is not None:
            node.process.terminate()
            node.process.wait(timeout_s)

    def restart(self, node_id: int, timeout_s: float = 120.0) -> None:
        """Start a stopped or killed node again on its own data, ports and identity."""
        node = self.node(node_id)
        if node.running:
            raise RuntimeError(f"node {node_id} is still running")
        logged = node.log_path.stat().st_size if node.log_path.exists() else 0
        self._launch(node)
        self._wait_started(node, logged, timeout_s)

    def _java(self, main: str, *arguments: str) -> list[str]:
        java = shutil.which("java")
        if java is None:
            raise RuntimeError("Apache Kafka needs Java 17+ (java) on PATH")
        return [
            java,
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={LOG_CONFIG}",
            "-cp",
            self._classpath,
            main,
            *arguments,
        ]

    def _launch(self, node: KafkaNode) -> None:
        with open(node.log_path, "ab") as log:
            node.process = subprocess.Popen(  # noqa: S603
                self._java("kafka.Kafka", str(node.properties)),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    def _wait_started(self, node: KafkaNode, logged: int, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if node.process is None or node.process.poll() is not None:
                raise RuntimeError(
                    f"Kafka node {node.node_id} exited; see {node.log_path}:\n"
                    + node.log_path.read_text(errors="replace")[-4000:]
                )
            with open(node.log_path, "rb") as log:
                log.seek(logged)
                if STARTED in log.read():
                    return
            time.sleep(0.1)
        raise TimeoutError(f"Kafka node {node.node_id} not started after {timeout_s}s")

    def _properties(self, node: KafkaNode) -> str:
        replicas = self.replication_factor
        in_sync = min(2, replicas)
        voters = ",".join(f"{n.node_id}@127.0.0.1:{n.controller_port}" for n in self.members)
        settings = {
            "process.roles": "broker,controller",
            "node.id": node.node_id,
            "controller.quorum.voters": voters,
            "listeners": (
                f"PLAINTEXT://127.0.0.1:{node.port},CONTROLLER://127.0.0.1:{node.controller_port}"
            ),
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{node.port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs": node.directory / "data",
            # as in production: topics are created explicitly, never by a stray produce
            "auto.create.topics.enable": "false",
            "default.replication.factor": replicas,
            "min.insync.replicas": in_sync,
            "offsets.topic.replication.factor": replicas,
            "offsets.topic.num.partitions": 10,
            "transaction.state.log.replication.factor": replicas,
            "transaction.state.log.min.isr": in_sync,
            "transaction.state.log.num.partitions": 10,
            "share.coordinator.state.topic.replication.factor": replicas,
            "share.coordinator.state.topic.min.isr": in_sync,
            "unclean.leader.election.enable": "false",
            # tests: groups form at once, and consumers may use short session timeouts
            "group.initial.rebalance.delay.ms": 0,
            "group.min.session.timeout.ms": 500,
            # a lost node is fenced, and a stalled follower leaves the ISR, within seconds
            "broker.heartbeat.interval.ms": 500,
            "broker.session.timeout.ms": 3000,
            "replica.lag.time.max.ms": 5000,
            "log.segment.bytes": 8 << 20,  # small, yet above the largest record (below)
            # records up to 4 MB, as Tansu takes: the tests send what a careless partner might to
            # a cluster whose limit was raised, and check that its dead letter still fits
            "message.max.bytes": 4 << 20,
            "num.network.threads": 2,
            "num.io.threads": 4,
            "num.replica.fetchers": 1,
            **self.overrides,
        }
        return "".join(f"{key}={value}\n" for key, value in settings.items())
