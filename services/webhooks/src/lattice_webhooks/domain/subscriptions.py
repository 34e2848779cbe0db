"""Subscriptions, what each scope lets through, and when a failed delivery is tried again. Pure:
no I/O, no clock, no randomness of its own."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit


class Scope(StrEnum):
    """How much a subscriber may learn about people."""

    ORGANISATION = "organisation"
    """Events about no one in particular (roles, openings, the catalogue), with every employee id
    taken out (an opening's hiring manager). Events about a person are refused."""
    EMPLOYEES = "employees"
    """Every event, with the employee ids it carries. No event carries a name or an email."""


PERSON_FIELDS = frozenset(
    {"employee_id", "manager_id", "hiring_manager_id", "mentor_id", "incumbent_ids"}
)
"""The fields, at any depth of a payload, that hold employee ids."""


class DeliveryState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


class SubscriptionNotFoundError(LookupError):
    def __init__(self, subscription_id: str) -> None:
        super().__init__(f"no subscription {subscription_id}")


class SubscriptionRefusedError(ValueError):
    """A subscription that asks for what it may not have, or for what does not exist."""


@dataclass(frozen=True)
class Subscription:
    subscription_id: str
    url: str
    event_types: tuple[str, ...]
    scope: Scope
    secret: str
    description: str | None
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class Published:
    """An event as a subscriber receives it: its id (to deduplicate), type, time and payload."""

    event_id: str
    event_type: str
    time: datetime
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class DueDelivery:
    """A delivery claimed for an attempt: ``attempt`` counts this one. It is signed with each of
    ``secrets``: the subscription's, and the one it replaced while a rotation's grace lasts."""

    delivery_id: str
    url: str
    secrets: tuple[str, ...]
    body: bytes
    attempt: int


@dataclass(frozen=True)
class RetryPolicy:
    """``max_attempts`` tries in all; the wait after attempt n is ``first_s * 2**(n-1)``, at most
    ``longest_s``, less a random part of up to half (so failed subscribers do not all come
    back at once)."""

    max_attempts: int
    first_s: float
    longest_s: float

    def wait_s(self, attempt: int, jitter: Callable[[], float]) -> float:
        """The wait after failed attempt ``attempt``; ``jitter`` gives a number in [0, 1)."""
        ceiling: float = min(self.longest_s, self.first_s * 2.0 ** (attempt - 1))
        return ceiling * (1 - jitter() / 2)

    def gives_up_after(self, attempt: int) -> bool:
        return attempt >= self.max_attempts


def check_subscription(
    url: str,
    event_types: Sequence[str],
    scope: Scope,
    about_a_person: Mapping[str, bool],
    *,
    allow_http: bool,
) -> None:
    """Refuse (SubscriptionRefusedError) an address that is not https (http too where allowed,
    for development), an event type that is not published, or one about a person in a scope
    that allows no employee ids."""
    parts = urlsplit(url)
    schemes = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in schemes or not parts.hostname:
        raise SubscriptionRefusedError(f"url must be an absolute {' or '.join(schemes)} address")
    unknown = [t for t in event_types if t not in about_a_person]
    if unknown:
        raise SubscriptionRefusedError(f"no such event type: {', '.join(unknown)}")
    personal = [t for t in event_types if about_a_person[t]]
    if scope is Scope.ORGANISATION and personal:
        raise SubscriptionRefusedError(
            f"scope {scope.value} allows no events about a person: {', '.join(personal)}"
        )


def body(subscription: Subscription, event: Published) -> bytes:
    """The request body sent to the subscriber, as Standard Webhooks recommends (the event type,
    its time and its payload, scoped), with the event's CloudEvents id."""
    data = event.payload
    if subscription.scope is Scope.ORGANISATION:
        data = _without(data, PERSON_FIELDS)
    document = {
        "type": event.event_type,
        "timestamp": event.time.isoformat(),
        "event_id": event.event_id,
        "data": data,
    }
    return json.dumps(document, separators=(",", ":"), sort_keys=True).encode()


def _without(value: Any, fields: Collection[str]) -> Any:
    if isinstance(value, Mapping):
        return {k: _without(v, fields) for k, v in value.items() if k not in fields}
    if isinstance(value, list | tuple):
        return [_without(v, fields) for v in value]
    return value


@dataclass(frozen=True)
class DeadLetter:
    """A delivery given up after its last attempt, until it is replayed."""

    delivery_id: str
    event_id: str
    event_type: str
    attempts: int
    last_error: str | None
    created_at: datetime
    dead_at: datetime
