"""What the use cases need from storage; PostgreSQL in production (adapters/repository.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from lattice_webhooks.domain.subscriptions import DeadLetter, DueDelivery, Subscription


class Subscriptions(Protocol):
    async def add(self, subscription: Subscription) -> None: ...

    async def get(self, subscription_id: str) -> Subscription | None: ...

    async def page(self, limit: int, after: str | None) -> list[Subscription]:
        """Subscriptions in id order, from the one after ``after``."""
        ...

    async def remove(self, subscription_id: str) -> bool:
        """Remove it and its deliveries; False if there was none."""
        ...

    async def rotate_secret(
        self, subscription_id: str, secret: str, grace: timedelta
    ) -> datetime | None:
        """Sign with ``secret`` from now on, and with the secret it replaces too for ``grace``;
        until when, or None if there is no such subscription."""
        ...

    async def for_event(self, event_type: str) -> list[Subscription]: ...


class Deliveries(Protocol):
    async def add(self, subscription_id: str, event_id: str, event_type: str, body: bytes) -> None:
        """Accept an event for a subscriber, due at once; an event accepted before for the same
        subscriber is not accepted again (it keeps its delivery and its webhook-id)."""
        ...

    async def dead_letters(
        self, subscription_id: str, limit: int, after: tuple[datetime, str] | None
    ) -> list[DeadLetter]:
        """Dead letters in the order they died, from the one after ``after``."""
        ...

    async def replay(self, subscription_id: str, delivery_ids: Sequence[str] | None) -> int:
        """Make dead letters (those named, or all) due again with their attempts renewed."""
        ...


class WebhooksUnitOfWork(Protocol):
    @property
    def subscriptions(self) -> Subscriptions: ...

    @property
    def deliveries(self) -> Deliveries: ...


class DeliveryQueue(Protocol):
    """The deliveries due, shared by every replica; each call is a transaction of its own."""

    async def claim(self, limit: int, lease_s: float) -> list[DueDelivery]:
        """Take up to ``limit`` due deliveries for an attempt. Each is hidden for ``lease_s``
        (another replica may take it once that is over: a crash mid-attempt delays it only)."""
        ...

    async def delivered(self, due: DueDelivery) -> None: ...

    async def retry(self, due: DueDelivery, error: str, wait_s: float) -> None: ...

    async def dead(self, due: DueDelivery, error: str) -> None: ...


class Sender(Protocol):
    async def send(self, due: DueDelivery) -> str | None:
        """Sign and post ``due``; None once the subscriber accepted it (2xx), else why not."""
        ...
