"""The dev stack's clock in the openings service: one for every replica (the offset is kept in
the database, so a second or restarted replica tells the same time), and the one every route
reads, the openings' own lifecycle routes included."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from lattice_devstack.testing.plugin import serving, settings_for
from lattice_openings.bootstrap import build
from lattice_openings.settings import OpeningsSettings
from lattice_platform.auth import SigningKey
from lattice_platform.clock import MovableClock
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.topics import OPENINGS_TOPIC
from openings_mobility_kit import Mobility, secondment


async def test_a_second_replica_and_a_restarted_one_tell_the_time_the_dev_clock_was_moved_to(
    dev_openings_service: Any, service_environment: dict[str, str], signing_key: SigningKey
) -> None:
    s = dev_openings_service
    moved = await s.client.post("/v1/dev/clock", json={"days": 3}, headers=s.hr)
    assert moved.status_code == 200, moved.text
    moved_to = datetime.fromisoformat(moved.json()["now"])

    settings = settings_for(OpeningsSettings, service_environment, dev_clock=True)
    _, replica = build(settings)
    async with serving(replica) as client:
        clock: MovableClock = replica.state.context.clock
        listed = await client.get("/v1/openings", headers=s.hr)
        assert listed.status_code == 200, listed.text
        assert clock.offset >= timedelta(days=3)
        assert clock() >= moved_to
        again = await client.post("/v1/dev/clock", json={"days": 1}, headers=s.hr)
        assert again.status_code == 200, again.text
        assert clock.offset >= timedelta(days=4), "moves add up, whichever replica makes them"
    await s.client.get("/v1/openings", headers=s.hr)
    assert s.clock is not None
    assert s.clock.offset >= timedelta(days=4)


async def test_the_openings_lifecycle_routes_read_the_dev_clock(dev_openings_service: Any) -> None:
    s = dev_openings_service
    m = Mobility(s)
    opening = await m.open_opening(secondment())
    moved = await s.client.post("/v1/dev/clock", json={"days": 5}, headers=s.hr)
    assert moved.status_code == 200, moved.text
    closed = await s.client.post(f"/v1/openings/{opening}/close", headers=s.manager())
    assert closed.status_code == 200, closed.text
    heard = await m.events(OPENINGS_TOPIC, at_least=2)
    (ended,) = [e for e in heard if isinstance(e, ev.OpeningClosed)]
    assert ended.closed_at >= datetime.now(UTC) + timedelta(days=4, hours=23)


async def test_a_service_outside_the_dev_stack_refuses_to_move_its_clock(
    openings_service: Any,
) -> None:
    s = openings_service
    refused = await s.client.post("/v1/dev/clock", json={"days": 1}, headers=s.hr)
    assert refused.status_code == 404
    assert await Mobility(s).fetchval("SELECT count(*) FROM dev_clock") == 0
