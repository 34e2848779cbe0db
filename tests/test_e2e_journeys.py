"""End to end: the six services as separate processes (as `lattice up` runs them), on the real
broker and real PostgreSQL, loaded with the demo organisation; every journey's outcomes hold (the
mobility loop's among them: interest, offer, automatic release, placement, figures), and the suite
shuts down cleanly."""

from __future__ import annotations

import io
from pathlib import Path

from lattice_devstack.demo.play import play
from lattice_devstack.stack import Stack
from lattice_devstack.testing.plugin import Infrastructure
from rich.console import Console


async def test_the_demo_journeys_play_out_across_all_four_services(
    infrastructure: Infrastructure, database_url: str, topic_prefix: str, tmp_path: Path
) -> None:
    stack = Stack(
        tmp_path / "state",
        environment={
            "DATABASE_URL": database_url,
            **infrastructure.kafka_environment,
            "LOG_JSON": "true",
        },
        free_ports=True,
        extra_env={
            "KAFKA_TOPIC_PREFIX": topic_prefix,
            "LATTICE_PROFILE_DEFAULT_DISCOVERABLE": "true",
        },
    )
    screen = io.StringIO()
    try:
        await stack.start(timeout_s=120)
        checks = await play(
            stack,
            seed=7,
            employees=120,
            console=Console(file=screen, width=120),
            topic_prefix=topic_prefix,
        )
    finally:
        stack.stop()
    failed = [f"{c.journey}: {c.claim} ({c.detail})" for c in checks if not c.passed]
    assert not failed, "\n".join(failed) + "\n\n" + screen.getvalue()[-4000:]
    assert len(checks) >= 20
    loop = {c.claim for c in checks if c.journey == "From interest to placement"}
    assert {
        "the release is automatic at the deadline",
        "the move is published for the HRIS",
        "the figures count an internal fill",
    } <= loop, screen.getvalue()[-4000:]
    (tmp_path / "screen.txt").write_text(screen.getvalue())
    for name, service in stack.services.items():
        assert service.process is not None
        # uvicorn re-raises SIGTERM once its graceful shutdown is done, hence -15 rather than 0
        assert service.process.returncode in (0, -15), f"{name} exited {service.process.returncode}"
        assert '"service.stopped"' in service.log_path.read_text(), f"{name} did not drain and stop"
