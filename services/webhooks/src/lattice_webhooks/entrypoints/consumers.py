"""Event subscriptions: every event the suite's services publish, accepted for its subscribers."""

from __future__ import annotations

from typing import Any

from lattice_platform.messaging.consumer import Delivery, Subscription

from lattice_webhooks.adapters import wire
from lattice_webhooks.adapters.repository import PostgresWebhooksUnitOfWork
from lattice_webhooks.service_layer import handlers


async def _accept(delivery: Delivery, _event: Any) -> None:
    await handlers.event_published(
        PostgresWebhooksUnitOfWork.within(delivery), wire.published(delivery.envelope)
    )


def subscriptions() -> list[Subscription]:
    return [
        Subscription(topic, {model: _accept for model in topic.events}) for topic in wire.TOPICS
    ]
