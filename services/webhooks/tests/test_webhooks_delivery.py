"""Signed webhooks on the real broker and PostgreSQL, to a real HTTP receiver on a local port:
every event arrives at least once, signed, through refused connections and 500s; a delivery that
keeps failing is dead-lettered, listed and replayed with its webhook-id; accepted deliveries
survive a restart; the organisation scope carries no employee ids."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from lattice_devstack.infra import free_port, wait_until
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import Event, example_of
from lattice_webhooks.adapters.repository import PostgresDeliveryQueue
from lattice_webhooks.domain.subscriptions import PERSON_FIELDS
from prometheus_client import REGISTRY
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from webhooks_testkit import Receiver, RunningWebhooks, Start

POSTED = ev.OpeningPosted.event_type
SURFACED = ev.OpportunitySurfaced.event_type


def opening(number: int) -> tuple[t.Topic, Event]:
    details = ev.OpeningDetails.model_validate(
        {**example_of(ev.OpeningDetails), "opening_id": f"OP-{number}", "incumbent_ids": ["E9"]}
    )
    posted = ev.OpeningPosted(
        opening_id=details.opening_id, opening=details, posted_at=datetime.now(UTC)
    )
    return t.OPENINGS_TOPIC, posted


def surfaced(number: int) -> tuple[t.Topic, Event]:
    example = example_of(ev.OpportunitySurfaced)
    event = ev.OpportunitySurfaced.model_validate(
        {**example, "employee_id": f"E{number}", "opportunity_id": f"E{number}:OP-1:1"}
    )
    return t.OPPORTUNITIES, event


async def attempts_made(webhooks: RunningWebhooks) -> list[int]:
    async with webhooks.runtime.pool.acquire() as conn:
        rows = await conn.fetch("SELECT attempts FROM deliveries")
    return [r["attempts"] for r in rows]


async def test_every_event_arrives_signed_through_refused_connections_and_failures(
    webhooks: RunningWebhooks,
) -> None:
    receiver = Receiver(free_port(), failures=7)
    people = await webhooks.subscribe(f"{receiver.url}/people", [POSTED, SURFACED], "employees")
    org = await webhooks.subscribe(f"{receiver.url}/org", [POSTED], "organisation")
    receiver.secrets = {"/people": people["secret"], "/org": org["secret"]}
    openings, surfacings = [opening(n) for n in range(5)], [surfaced(n) for n in range(5)]
    openings_ids = await webhooks.send(openings)
    surfaced_ids = await webhooks.send(surfacings)

    async def refused_twice() -> bool:
        made = await attempts_made(webhooks)
        return len(made) == 15 and min(made) >= 2

    await wait_until(refused_twice, timeout_s=60, interval_s=0.2)  # nothing listens yet
    async with receiver.listening():

        def all_accepted() -> bool:
            return {r.event_id for r in receiver.accepted("/people")} == {
                *openings_ids,
                *surfaced_ids,
            } and {r.event_id for r in receiver.accepted("/org")} == set(openings_ids)

        await wait_until(all_accepted, timeout_s=60, interval_s=0.1)

    assert receiver.unverified == []
    assert sum(r.status == 500 for p in receiver.requests for r in receiver.requests[p]) == 7
    for path in ("/people", "/org"):
        ids_of: dict[str, set[str]] = {}
        for r in receiver.requests[path]:
            ids_of.setdefault(r.event_id, set()).add(r.webhook_id)
        assert all(len(ids) == 1 for ids in ids_of.values()), "a retry changed its webhook-id"
    by_event = {r.event_id: r for r in receiver.accepted("/people")}
    assert by_event[surfaced_ids[3]].data["employee_id"] == "E3"
    assert by_event[openings_ids[0]].data["opening"]["hiring_manager_id"] == "E0042"
    for received in receiver.accepted("/org"):
        assert received.event_type == POSTED
        assert not PERSON_FIELDS & set(received.data["opening"]), received.data
        assert received.data["opening"]["opening_id"].startswith("OP-")
    assert await webhooks.dead_letters(people["subscription_id"]) == []


def attempts(outcome: str) -> float:
    return REGISTRY.get_sample_value("lattice_webhook_attempts_total", {"outcome": outcome}) or 0


async def test_a_delivery_that_keeps_failing_is_dead_lettered_then_replayed_with_its_id(
    start_webhooks: Start,
) -> None:
    receiver = Receiver(free_port(), failing=True)
    before = {o: attempts(o) for o in ("delivered", "failed", "dead_lettered")}
    async with start_webhooks(max_attempts=3) as webhooks, receiver.listening():
        subscription = await webhooks.subscribe(f"{receiver.url}/hook", [POSTED], "employees")
        receiver.secrets = {"/hook": subscription["secret"]}
        sent = await webhooks.send([opening(n) for n in range(4)])
        subscription_id = subscription["subscription_id"]

        async def all_dead() -> bool:
            return len(await webhooks.dead_letters(subscription_id)) == len(sent)

        await wait_until(all_dead, timeout_s=60, interval_s=0.2)
        dead = await webhooks.dead_letters(subscription_id)
        assert {d["event_id"] for d in dead} == set(sent)
        assert all(d["attempts"] == 3 and "HTTP 500" in d["last_error"] for d in dead)
        tried = receiver.requests["/hook"]
        assert len(tried) == 3 * len(sent)
        webhook_ids = {d["event_id"]: d["delivery_id"] for d in dead}
        assert all(webhook_ids[r.event_id] == r.webhook_id for r in tried)
        assert attempts("failed") - before["failed"] == 2 * len(sent)
        assert attempts("dead_lettered") - before["dead_lettered"] == len(sent)
        queue = PostgresDeliveryQueue(webhooks.runtime.pool)
        await queue.refresh_gauges()
        assert REGISTRY.get_sample_value("lattice_webhook_deliveries", {"state": "dead"}) == 4

        receiver.failing = False
        first = dead[0]["delivery_id"]
        one = await webhooks.client.post(
            f"/v1/subscriptions/{subscription_id}/dead-letters/replay",
            json={"delivery_ids": [first]},
            headers=webhooks.hr,
        )
        assert one.json() == {"replayed": 1}
        await wait_until(lambda: len(receiver.accepted("/hook")) == 1, timeout_s=30)
        assert receiver.accepted("/hook")[0].webhook_id == first
        rest = await webhooks.client.post(
            f"/v1/subscriptions/{subscription_id}/dead-letters/replay",
            json={},
            headers=webhooks.hr,
        )
        assert rest.json() == {"replayed": len(sent) - 1}
        await wait_until(lambda: len(receiver.accepted("/hook")) == len(sent), timeout_s=30)
        assert {r.webhook_id: r.event_id for r in receiver.accepted("/hook")} == {
            v: k for k, v in webhook_ids.items()
        }
        assert await webhooks.dead_letters(subscription_id) == []
        assert receiver.unverified == []
        # the receiver counts a request before its answer is recorded as delivered
        await wait_until(lambda: attempts("delivered") - before["delivered"] == len(sent))
        assert await queue.purge(timedelta(days=1), timedelta(0)) == 0, "delivered just now"
        assert await queue.purge(timedelta(0), timedelta(0)) == len(sent)


async def test_accepted_deliveries_survive_a_restart_of_the_service(
    start_webhooks: Start, database_url: str
) -> None:
    receiver = Receiver(free_port())
    async with start_webhooks(max_attempts=100) as webhooks:
        subscription = await webhooks.subscribe(f"{receiver.url}/hook", [POSTED], "employees")
        receiver.secrets = {"/hook": subscription["secret"]}
        sent = await webhooks.send([opening(n) for n in range(3)])

        async def accepted() -> bool:
            return len(await attempts_made(webhooks)) == len(sent)

        await wait_until(accepted, timeout_s=60, interval_s=0.2)
    conn = await asyncpg.connect(database_url)
    try:
        pending = await conn.fetchval(
            f"SELECT count(*) FROM {webhooks.settings.db_schema}.deliveries WHERE state = 'pending'"
        )
    finally:
        await conn.close()
    assert pending == len(sent)  # stopped with nothing delivered: the receiver was not there
    async with receiver.listening(), start_webhooks(max_attempts=100):
        await wait_until(lambda: len(receiver.accepted("/hook")) == len(sent), timeout_s=60)
        await asyncio.sleep(0.5)  # nothing more arrives once all are accepted
    assert {r.event_id for r in receiver.accepted("/hook")} == set(sent)
    assert len(receiver.requests["/hook"]) == len(sent)
    assert receiver.unverified == []


async def test_two_replicas_share_the_deliveries_and_send_each_once(start_webhooks: Start) -> None:
    receiver = Receiver(free_port())
    async with (
        receiver.listening(),
        start_webhooks(batch_size=3) as one,
        start_webhooks(batch_size=3),
    ):
        subscription = await one.subscribe(f"{receiver.url}/hook", [POSTED], "employees")
        receiver.secrets = {"/hook": subscription["secret"]}
        sent = await one.send([opening(n) for n in range(30)])
        await wait_until(lambda: len(receiver.accepted("/hook")) == len(sent), timeout_s=60)
        await asyncio.sleep(0.5)  # a second sending of any would arrive by now
    assert sorted(r.event_id for r in receiver.requests["/hook"]) == sorted(sent)
    assert receiver.unverified == []


async def test_a_rotated_secret_signs_beside_the_previous_one_until_its_grace_is_over(
    start_webhooks: Start,
) -> None:
    receiver = Receiver(free_port())
    async with receiver.listening(), start_webhooks(secret_grace_s=2.0) as webhooks:
        subscription = await webhooks.subscribe(f"{receiver.url}/hook", [POSTED], "employees")
        old = subscription["secret"]
        receiver.secrets = {"/hook": old}  # a receiver not yet told of the new secret
        rotated = await webhooks.client.post(
            f"/v1/subscriptions/{subscription['subscription_id']}/secret", headers=webhooks.hr
        )
        assert rotated.status_code == 200, rotated.text
        new = rotated.json()["secret"]
        grace_left = datetime.fromisoformat(rotated.json()["previous_valid_until"]) - datetime.now(
            UTC
        )
        assert timedelta(0) < grace_left <= timedelta(seconds=2)
        assert new.startswith("whsec_")
        assert new != old
        await webhooks.send([opening(1)])
        await wait_until(lambda: len(receiver.accepted("/hook")) == 1, timeout_s=30)
        during = receiver.accepted("/hook")[0]
        assert len(during.headers["webhook-signature"].split(" ")) == 2
        Webhook(new).verify(during.body, during.headers)

        await asyncio.sleep(2.0)
        receiver.secrets = {"/hook": new}
        await webhooks.send([opening(2)])
        await wait_until(lambda: len(receiver.accepted("/hook")) == 2, timeout_s=30)
        after = receiver.accepted("/hook")[1]
        with pytest.raises(WebhookVerificationError):
            Webhook(old).verify(after.body, after.headers)
    assert receiver.unverified == []
