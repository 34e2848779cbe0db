"""What each scope lets through, how retries are spaced and when a delivery is given up, without
infrastructure."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import example_of
from lattice_webhooks.adapters import wire
from lattice_webhooks.domain.subscriptions import (
    PERSON_FIELDS,
    DueDelivery,
    Published,
    RetryPolicy,
    Scope,
    Subscription,
    SubscriptionRefusedError,
    body,
    check_subscription,
)
from lattice_webhooks.service_layer.handlers import deliver_due
from pydantic import BaseModel


def subscription(scope: Scope) -> Subscription:
    return Subscription("s", "https://x", (), scope, "whsec_eA==", None, "hr", datetime.now(UTC))


def person_fields(model: type[BaseModel]) -> set[str]:
    """Fields, at any depth, whose description says they hold employees' ids."""
    found = set()
    for name, field in model.model_fields.items():
        if "employee" in (field.description or "").lower() and name.endswith(("_id", "_ids")):
            found.add(name)
        for inner in (*getattr(field.annotation, "__args__", ()), field.annotation):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                found |= person_fields(inner)
    return found


@pytest.mark.parametrize(
    "model",
    [m for topic in wire.TOPICS for m in topic.events if not wire.about_a_person()[m.event_type]],
)
def test_the_organisation_scope_strips_every_employee_id_its_events_carry(
    model: type[ev.Event],
) -> None:
    assert person_fields(model) <= PERSON_FIELDS
    event = model.model_validate(example_of(model))
    published = Published(
        "id-1", model.event_type, datetime.now(UTC), event.model_dump(mode="json")
    )
    sent = json.loads(body(subscription(Scope.ORGANISATION), published))

    def keys(value: Any) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        if isinstance(value, list):
            return {k for v in value for k in keys(v)}
        return set()

    assert not keys(sent["data"]) & PERSON_FIELDS
    assert sent["type"] == model.event_type
    assert sent["event_id"] == "id-1"


def test_the_employees_scope_keeps_employee_ids() -> None:
    event = ev.OpportunitySurfaced.model_validate(example_of(ev.OpportunitySurfaced))
    published = Published(
        "id-2", event.event_type, datetime.now(UTC), event.model_dump(mode="json")
    )
    sent = json.loads(body(subscription(Scope.EMPLOYEES), published))
    assert sent["data"]["employee_id"] == "E1001"


def organisation_subscription(url: str, event: type[ev.Event], *, allow_http: bool) -> None:
    about = wire.about_a_person()
    check_subscription(url, [event.event_type], Scope.ORGANISATION, about, allow_http=allow_http)


def test_events_about_a_person_are_refused_to_the_organisation_scope() -> None:
    with pytest.raises(SubscriptionRefusedError, match="allows no events about a person"):
        organisation_subscription("https://x.example", ev.PlacementMade, allow_http=False)
    with pytest.raises(SubscriptionRefusedError, match="https"):
        organisation_subscription("http://x.example", ev.RoleDefined, allow_http=False)
    organisation_subscription("http://x.example", ev.RoleDefined, allow_http=True)


def test_retries_wait_exponentially_longer_up_to_the_longest_less_a_random_half() -> None:
    policy = RetryPolicy(max_attempts=5, first_s=10, longest_s=60)
    assert [policy.wait_s(n, lambda: 0.0) for n in range(1, 6)] == [10, 20, 40, 60, 60]
    assert policy.wait_s(2, lambda: 0.999) == pytest.approx(10.01)
    assert not policy.gives_up_after(4)
    assert policy.gives_up_after(5)


class QueueOfOne:
    """The delivery queue, for one delivery claimed again whenever it is due."""

    def __init__(self) -> None:
        self.attempt = 0
        self.outcomes: list[tuple[str, str | None]] = []

    async def claim(self, limit: int, lease_s: float) -> list[DueDelivery]:
        if self.outcomes and self.outcomes[-1][0] != "retry":
            return []
        self.attempt += 1
        return [DueDelivery("msg_1", "https://x.example", ("whsec_eA==",), b"{}", self.attempt)]

    async def delivered(self, due: DueDelivery) -> None:
        self.outcomes.append(("delivered", None))

    async def retry(self, due: DueDelivery, error: str, wait_s: float) -> None:
        self.outcomes.append(("retry", error))

    async def dead(self, due: DueDelivery, error: str) -> None:
        self.outcomes.append(("dead", error))


class BrokenSender:
    async def send(self, due: DueDelivery) -> str | None:
        raise ValueError("no such address")


async def test_a_delivery_whose_sending_raises_fails_its_attempts_then_is_dead_lettered() -> None:
    queue = QueueOfOne()
    policy = RetryPolicy(max_attempts=3, first_s=1, longest_s=1)
    for _ in range(4):
        await deliver_due(queue, BrokenSender(), policy, batch=1, lease_s=1, jitter=lambda: 0.0)
    reason = "ValueError('no such address')"
    assert queue.outcomes == [("retry", reason), ("retry", reason), ("dead", reason)]
