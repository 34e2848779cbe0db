"""Use cases: accept published events for their subscribers, manage subscriptions and their dead
letters, and deliver what is due."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog

from lattice_webhooks.domain import subscriptions as domain
from lattice_webhooks.domain.subscriptions import (
    DeadLetter,
    Published,
    RetryPolicy,
    Scope,
    Subscription,
    SubscriptionNotFoundError,
)
from lattice_webhooks.service_layer.unit_of_work import DeliveryQueue, Sender, WebhooksUnitOfWork

log = structlog.get_logger(__name__)


async def event_published(uow: WebhooksUnitOfWork, event: Published) -> None:
    """Accept ``event`` for every subscriber to its type, in the consumer's transaction: once the
    event's offset is committed, its deliveries are stored."""
    for subscription in await uow.subscriptions.for_event(event.event_type):
        await uow.deliveries.add(
            subscription.subscription_id,
            event.event_id,
            event.event_type,
            domain.body(subscription, event),
        )


@dataclass(frozen=True)
class NewSubscription:
    url: str
    event_types: tuple[str, ...]
    scope: Scope
    description: str | None


async def subscribe(
    uow: WebhooksUnitOfWork,
    request: NewSubscription,
    *,
    about_a_person: Mapping[str, bool],
    allow_http: bool,
    subscription_id: str,
    secret: str,
    created_by: str,
    now: datetime,
) -> Subscription:
    domain.check_subscription(
        request.url, request.event_types, request.scope, about_a_person, allow_http=allow_http
    )
    subscription = Subscription(
        subscription_id=subscription_id,
        url=request.url,
        event_types=tuple(dict.fromkeys(request.event_types)),
        scope=request.scope,
        secret=secret,
        description=request.description,
        created_by=created_by,
        created_at=now,
    )
    await uow.subscriptions.add(subscription)
    return subscription


async def subscription_of(uow: WebhooksUnitOfWork, subscription_id: str) -> Subscription:
    subscription = await uow.subscriptions.get(subscription_id)
    if subscription is None:
        raise SubscriptionNotFoundError(subscription_id)
    return subscription


async def unsubscribe(uow: WebhooksUnitOfWork, subscription_id: str) -> None:
    if not await uow.subscriptions.remove(subscription_id):
        raise SubscriptionNotFoundError(subscription_id)


async def rotate_secret(
    uow: WebhooksUnitOfWork, subscription_id: str, secret: str, grace: timedelta
) -> datetime:
    """Until when the previous secret signs too."""
    until = await uow.subscriptions.rotate_secret(subscription_id, secret, grace)
    if until is None:
        raise SubscriptionNotFoundError(subscription_id)
    return until


async def dead_letters(
    uow: WebhooksUnitOfWork,
    subscription_id: str,
    limit: int,
    after: tuple[datetime, str] | None,
) -> list[DeadLetter]:
    await subscription_of(uow, subscription_id)
    return await uow.deliveries.dead_letters(subscription_id, limit, after)


async def replay(
    uow: WebhooksUnitOfWork, subscription_id: str, delivery_ids: Sequence[str] | None
) -> int:
    await subscription_of(uow, subscription_id)
    return await uow.deliveries.replay(subscription_id, delivery_ids)


async def deliver_due(
    queue: DeliveryQueue,
    sender: Sender,
    policy: RetryPolicy,
    *,
    batch: int,
    lease_s: float,
    jitter: Callable[[], float],
) -> int:
    """Attempt one batch of the due deliveries, at once; record each outcome. Returns how many
    were attempted. A send that raises is a failed attempt with the error as its reason, so a
    delivery that can never be sent ends as a dead letter instead of failing every batch."""
    due = await queue.claim(batch, lease_s)
    outcomes = await asyncio.gather(*(sender.send(d) for d in due), return_exceptions=True)
    for delivery, outcome in zip(due, outcomes, strict=True):
        if isinstance(outcome, BaseException) and not isinstance(outcome, Exception):
            raise outcome
        error = repr(outcome) if isinstance(outcome, Exception) else outcome
        if error is None:
            await queue.delivered(delivery)
        elif policy.gives_up_after(delivery.attempt):
            log.warning("webhook.dead_lettered", delivery_id=delivery.delivery_id, error=error)
            await queue.dead(delivery, error)
        else:
            await queue.retry(delivery, error, policy.wait_s(delivery.attempt, jitter))
    return len(due)
