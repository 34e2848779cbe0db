"""How fast openings are posted and reach the broker (run with ``-m slow -s``)."""

from __future__ import annotations

import statistics
import time
from typing import Any

import pytest
from lattice_devstack.testing.kafka import TopicReader, decoded
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.topics import OPENINGS_TOPIC

COUNT = 200
OPENING = {
    "title": "Stretch assignment",
    "kind": "temporary",
    "temporary_kind": "stretch",
    "department": "data",
    "grade": 4,
    "track": "individual_contributor",
    "ends_on": "2026-12-01",
    "required_skills": [{"skill_id": "sql", "level": 3}],
    "remote": True,
}


@pytest.mark.slow
async def test_two_hundred_openings_are_posted_and_on_the_broker_within_seconds(
    openings_service: Any,
) -> None:
    s = openings_service
    latencies: list[float] = []
    started = time.perf_counter()
    for _ in range(COUNT):
        t0 = time.perf_counter()
        created = await s.client.post("/v1/openings", json=OPENING, headers=s.manager())
        opened = await s.client.post(
            f"/v1/openings/{created.json()['opening_id']}/open", headers=s.manager()
        )
        assert opened.status_code == 200
        latencies.append(time.perf_counter() - t0)
    api_done = time.perf_counter()
    topic = s.runtime.names.of(OPENINGS_TOPIC)
    async with TopicReader(s.settings.kafka_bootstrap_servers, topic) as reader:
        records = await reader.read_at_least(COUNT, timeout_s=60)
    on_broker = time.perf_counter()
    assert all(isinstance(e.event, ev.OpeningPosted) for e in decoded(OPENINGS_TOPIC, records))
    assert len({r.key for r in records}) == COUNT
    latencies.sort()
    print(
        f"\n{COUNT} create+open pairs in {api_done - started:.2f}s;"
        f" p50 {statistics.median(latencies) * 1000:.1f}ms,"
        f" p95 {latencies[int(COUNT * 0.95)] * 1000:.1f}ms;"
        f" all on the broker {on_broker - api_done:.2f}s after the last request"
    )
