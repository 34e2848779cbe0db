"""Dead letters per topic over HTTP, counted on the real broker: a record the insights service
cannot decode goes to its dead-letter topic, and the count of that topic says so."""

from __future__ import annotations

from insights_testkit import RunningInsights
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter
from lattice_platform.auth import Role
from lattice_platform.contracts import topics as t


async def counts(insights: RunningInsights) -> dict[str, int]:
    response = await insights.client.get("/v1/dead-letters", headers=insights.hr)
    assert response.status_code == 200, response.text
    return {row["topic"]: row["count"] for row in response.json()["items"]}


async def test_a_record_that_cannot_be_decoded_is_counted_on_its_topic(
    insights: RunningInsights,
) -> None:
    assert set((await counts(insights)).values()) == {0}
    openings = insights.settings.kafka_topic_prefix + t.OPENINGS_TOPIC.name
    async with RecordWriter(insights.settings.kafka_bootstrap_servers) as writer:
        for _ in range(2):
            await writer.raw(openings, b"not an event", key=b"O-1", headers=[])

    async def two_counted() -> bool:
        return (await counts(insights))[t.OPENINGS_TOPIC.name] == 2

    await wait_until(two_counted, timeout_s=60, interval_s=0.5)
    found = await counts(insights)
    assert {topic: n for topic, n in found.items() if n} == {t.OPENINGS_TOPIC.name: 2}
    assert set(found) == {topic.name for topic in t.ALL_TOPICS}


async def test_only_hr_and_service_accounts_read_the_dead_letters(
    insights: RunningInsights,
) -> None:
    refused = await insights.client.get(
        "/v1/dead-letters", headers=insights.as_(Role.EMPLOYEE, employee_id="E1")
    )
    service = await insights.client.get("/v1/dead-letters", headers=insights.as_(Role.SERVICE))

    assert refused.status_code == 403
    assert service.status_code == 200
