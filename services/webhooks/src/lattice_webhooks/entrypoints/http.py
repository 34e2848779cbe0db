"""Webhook subscriptions over HTTP, for HR and service accounts only (anyone else: 403):
subscribe, list, unsubscribe, and list and replay a subscription's dead letters."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status
from lattice_platform import problems
from lattice_platform.auth import Authenticated, Role, require
from lattice_platform.context import ServiceContext, context_of
from lattice_platform.paging import (
    Cursor,
    InvalidCursorError,
    Limit,
    Page,
    decode_cursor,
    encode_cursor,
)

from lattice_webhooks.adapters import sender, wire
from lattice_webhooks.adapters.repository import PostgresWebhooksUnitOfWork
from lattice_webhooks.domain.subscriptions import (
    Scope,
    SubscriptionNotFoundError,
    SubscriptionRefusedError,
)
from lattice_webhooks.entrypoints.schemas import (
    DeadLetterOut,
    EventTypeOut,
    Replayed,
    ReplayIn,
    SecretRotated,
    SubscriptionCreated,
    SubscriptionIn,
    SubscriptionOut,
)
from lattice_webhooks.service_layer import handlers
from lattice_webhooks.service_layer.handlers import NewSubscription
from lattice_webhooks.settings import WebhooksSettings

Context = Annotated[
    ServiceContext[WebhooksSettings, PostgresWebhooksUnitOfWork], Depends(context_of)
]

REFUSALS: problems.Refusals = {
    SubscriptionNotFoundError: problems.NOT_FOUND,
    SubscriptionRefusedError: problems.INVALID,
}

router = APIRouter(
    prefix="/v1",
    tags=["webhooks"],
    dependencies=[require(Role.HR, Role.SERVICE)],
)
of_subscription = problems.problem_responses(404)


@router.get("/event-types", summary="The event types a subscription may name, and their scopes.")
async def event_types() -> list[EventTypeOut]:
    return [
        EventTypeOut(
            event_type=event_type,
            about_a_person=personal,
            scopes=[Scope.EMPLOYEES] if personal else [Scope.ORGANISATION, Scope.EMPLOYEES],
        )
        for event_type, personal in sorted(wire.about_a_person().items())
    ]


@router.post(
    "/subscriptions",
    status_code=status.HTTP_201_CREATED,
    summary="Subscribe an https endpoint to event types; the answer holds its signing secret.",
    responses=problems.problem_responses(422),
)
async def subscribe(
    context: Context, principal: Authenticated, body: SubscriptionIn
) -> SubscriptionCreated:
    request = NewSubscription(
        url=body.url,
        event_types=tuple(body.event_types),
        scope=body.scope,
        description=body.description,
    )
    async with context.unit_of_work() as uow:
        subscription = await handlers.subscribe(
            uow,
            request,
            about_a_person=wire.about_a_person(),
            allow_http=context.settings.allow_http,
            subscription_id=f"sub_{uuid.uuid4().hex}",
            secret=sender.new_secret(),
            created_by=principal.subject,
            now=context.clock(),
        )
    return SubscriptionCreated(
        **SubscriptionOut.of(subscription).model_dump(), secret=subscription.secret
    )


@router.get("/subscriptions", summary="Every subscription, in id order.")
async def list_subscriptions(
    context: Context, limit: Limit, cursor: Cursor = None
) -> Page[SubscriptionOut]:
    after = None if cursor is None else str(decode_cursor(cursor, str)[0])
    async with context.unit_of_work() as uow:
        found = await uow.subscriptions.page(limit, after)
    more = len(found) == limit
    return Page[SubscriptionOut](
        items=[SubscriptionOut.of(s) for s in found],
        next_cursor=encode_cursor(found[-1].subscription_id) if more else None,
    )


@router.get(
    "/subscriptions/{subscription_id}", summary="One subscription.", responses=of_subscription
)
async def show_subscription(context: Context, subscription_id: str) -> SubscriptionOut:
    async with context.unit_of_work() as uow:
        return SubscriptionOut.of(await handlers.subscription_of(uow, subscription_id))


@router.delete(
    "/subscriptions/{subscription_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Unsubscribe: nothing more is sent, and its pending deliveries and dead letters go.",
    responses=of_subscription,
)
async def unsubscribe(context: Context, subscription_id: str) -> Response:
    async with context.unit_of_work() as uow:
        await handlers.unsubscribe(uow, subscription_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/subscriptions/{subscription_id}/secret",
    summary="Rotate the signing secret: the answer holds the new one; the previous one signs "
    "too for LATTICE_WEBHOOKS_SECRET_GRACE_S.",
    responses=of_subscription,
)
async def rotate_secret(context: Context, subscription_id: str) -> SecretRotated:
    grace = timedelta(seconds=context.settings.secret_grace_s)
    secret = sender.new_secret()
    async with context.unit_of_work() as uow:
        until = await handlers.rotate_secret(uow, subscription_id, secret, grace)
    return SecretRotated(secret=secret, previous_valid_until=until)


@router.get(
    "/subscriptions/{subscription_id}/dead-letters",
    summary="The deliveries given up after their last attempt, in the order they were.",
    responses=of_subscription,
)
async def dead_letters(
    context: Context, subscription_id: str, limit: Limit, cursor: Cursor = None
) -> Page[DeadLetterOut]:
    after = None
    if cursor is not None:
        at, delivery_id = decode_cursor(cursor, str, str)
        after = (_instant(at), str(delivery_id))
    async with context.unit_of_work() as uow:
        found = await handlers.dead_letters(uow, subscription_id, limit, after)
    more = len(found) == limit
    last = found[-1] if found else None
    return Page[DeadLetterOut](
        items=[DeadLetterOut.of(d) for d in found],
        next_cursor=(
            encode_cursor(last.dead_at.isoformat(), last.delivery_id) if more and last else None
        ),
    )


@router.post(
    "/subscriptions/{subscription_id}/dead-letters/replay",
    summary="Send dead letters again (those named, or all), with their webhook-ids and a new "
    "round of attempts.",
    responses=of_subscription,
)
async def replay(context: Context, subscription_id: str, body: ReplayIn) -> Replayed:
    async with context.unit_of_work() as uow:
        replayed = await handlers.replay(uow, subscription_id, body.delivery_ids)
    return Replayed(replayed=replayed)


def _instant(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError as error:
        raise InvalidCursorError from error
