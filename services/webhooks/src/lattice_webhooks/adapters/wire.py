"""The suite's events as subscribers may receive them: which event types there are, and an
event consumed from Kafka as a published event."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from lattice_platform.contracts import topics as t
from lattice_platform.contracts.envelope import Envelope

from lattice_webhooks.domain.subscriptions import Published

TOPICS: tuple[t.Topic, ...] = tuple(
    topic for topic in t.ALL_TOPICS if set(topic.producers) <= set(t.SERVICES)
)
"""The topics the suite's services publish; the HRIS and LMS inbound topics are input, not
events of Lattice's own, and the HRIS one carries names and emails."""


@cache
def about_a_person() -> dict[str, bool]:
    """Every event type a subscription may name, and whether its events are about a person
    (they travel on a topic keyed by employee id)."""
    return {model.event_type: topic.employee_keyed for topic in TOPICS for model in topic.events}


def published(envelope: Envelope) -> Published:
    """A consumed event as subscribers receive it; its time is now if the producer gave none."""
    return Published(
        event_id=envelope.id,
        event_type=envelope.type,
        time=envelope.time or datetime.now(UTC),
        payload=envelope.event.model_dump(mode="json"),
    )
