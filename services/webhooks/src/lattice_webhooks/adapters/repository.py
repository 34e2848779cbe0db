"""Subscriptions and deliveries in PostgreSQL (migrations/0001_subscriptions.sql)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

import asyncpg
from lattice_platform.db import Connection
from lattice_platform.uow import PostgresUnitOfWork

from lattice_webhooks import metrics
from lattice_webhooks.domain.subscriptions import (
    DeadLetter,
    DeliveryState,
    DueDelivery,
    Scope,
    Subscription,
)

MAX_ERROR_LENGTH = 500
"""A failed attempt's reason is cut to this: a subscriber's answer may be any length."""

_SUBSCRIPTION = (
    "SELECT subscription_id, url, event_types, scope, secret, description, created_by,"
    " created_at FROM subscriptions"
)


def _subscription(row: Any) -> Subscription:
    return Subscription(
        subscription_id=row["subscription_id"],
        url=row["url"],
        event_types=tuple(row["event_types"]),
        scope=Scope(row["scope"]),
        secret=row["secret"],
        description=row["description"],
        created_by=row["created_by"],
        created_at=row["created_at"],
    )


class PostgresSubscriptions:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def add(self, subscription: Subscription) -> None:
        await self._conn.execute(
            "INSERT INTO subscriptions (subscription_id, url, event_types, scope, secret,"
            " description, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            subscription.subscription_id,
            subscription.url,
            list(subscription.event_types),
            subscription.scope.value,
            subscription.secret,
            subscription.description,
            subscription.created_by,
            subscription.created_at,
        )

    async def get(self, subscription_id: str) -> Subscription | None:
        row = await self._conn.fetchrow(
            f"{_SUBSCRIPTION} WHERE subscription_id = $1", subscription_id
        )
        return None if row is None else _subscription(row)

    async def page(self, limit: int, after: str | None) -> list[Subscription]:
        rows = await self._conn.fetch(
            f"{_SUBSCRIPTION} WHERE $1::text IS NULL OR subscription_id > $1"
            " ORDER BY subscription_id LIMIT $2",
            after,
            limit,
        )
        return [_subscription(r) for r in rows]

    async def remove(self, subscription_id: str) -> bool:
        removed = await self._conn.fetchval(
            "DELETE FROM subscriptions WHERE subscription_id = $1 RETURNING true", subscription_id
        )
        return bool(removed)

    async def rotate_secret(
        self, subscription_id: str, secret: str, grace: timedelta
    ) -> datetime | None:
        until: datetime | None = await self._conn.fetchval(
            "UPDATE subscriptions SET previous_secret = secret,"
            " previous_secret_until = now() + $3::interval, secret = $2"
            " WHERE subscription_id = $1 RETURNING previous_secret_until",
            subscription_id,
            secret,
            grace,
        )
        return until

    async def for_event(self, event_type: str) -> list[Subscription]:
        rows = await self._conn.fetch(
            f"{_SUBSCRIPTION} WHERE event_types @> ARRAY[$1::text] ORDER BY subscription_id",
            event_type,
        )
        return [_subscription(r) for r in rows]


class PostgresDeliveries:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def add(self, subscription_id: str, event_id: str, event_type: str, body: bytes) -> None:
        await self._conn.execute(
            "INSERT INTO deliveries (delivery_id, subscription_id, event_id, event_type, body)"
            " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (subscription_id, event_id) DO NOTHING",
            f"msg_{uuid.uuid4().hex}",
            subscription_id,
            event_id,
            event_type,
            body,
        )

    async def dead_letters(
        self, subscription_id: str, limit: int, after: tuple[datetime, str] | None
    ) -> list[DeadLetter]:
        after_at, after_id = after if after else (None, None)
        rows = await self._conn.fetch(
            "SELECT delivery_id, event_id, event_type, attempts, last_error, created_at,"
            " finished_at FROM deliveries WHERE subscription_id = $1 AND state = 'dead'"
            " AND ($2::timestamptz IS NULL OR (finished_at, delivery_id) > ($2, $3::text))"
            " ORDER BY finished_at, delivery_id LIMIT $4",
            subscription_id,
            after_at,
            after_id,
            limit,
        )
        return [
            DeadLetter(
                delivery_id=r["delivery_id"],
                event_id=r["event_id"],
                event_type=r["event_type"],
                attempts=r["attempts"],
                last_error=r["last_error"],
                created_at=r["created_at"],
                dead_at=r["finished_at"],
            )
            for r in rows
        ]

    async def replay(self, subscription_id: str, delivery_ids: Sequence[str] | None) -> int:
        replayed: int = await self._conn.fetchval(
            "WITH due AS (UPDATE deliveries SET state = 'pending', attempts = 0,"
            " next_attempt_at = now(), finished_at = NULL"
            " WHERE subscription_id = $1 AND state = 'dead'"
            " AND ($2::text[] IS NULL OR delivery_id = ANY($2)) RETURNING 1)"
            " SELECT count(*) FROM due",
            subscription_id,
            None if delivery_ids is None else list(delivery_ids),
        )
        return replayed


class PostgresWebhooksUnitOfWork(PostgresUnitOfWork):
    @cached_property
    def subscriptions(self) -> PostgresSubscriptions:
        return PostgresSubscriptions(self.conn)

    @cached_property
    def deliveries(self) -> PostgresDeliveries:
        return PostgresDeliveries(self.conn)


class PostgresDeliveryQueue:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def claim(self, limit: int, lease_s: float) -> list[DueDelivery]:
        rows = await self._pool.fetch(
            "UPDATE deliveries d SET attempts = d.attempts + 1,"
            " next_attempt_at = now() + $2::interval"
            " FROM subscriptions s WHERE s.subscription_id = d.subscription_id"
            " AND d.delivery_id IN (SELECT delivery_id FROM deliveries"
            "  WHERE state = 'pending' AND next_attempt_at <= now()"
            "  ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)"
            " RETURNING d.delivery_id, s.url, d.body, d.attempts, s.secret,"
            " CASE WHEN s.previous_secret_until > now() THEN s.previous_secret END AS previous",
            limit,
            timedelta(seconds=lease_s),
        )
        return [
            DueDelivery(
                r["delivery_id"],
                r["url"],
                (r["secret"], r["previous"]) if r["previous"] else (r["secret"],),
                r["body"],
                r["attempts"],
            )
            for r in rows
        ]

    async def delivered(self, due: DueDelivery) -> None:
        await self._finish(due, DeliveryState.DELIVERED, None)
        metrics.attempts.labels("delivered").inc()

    async def dead(self, due: DueDelivery, error: str) -> None:
        await self._finish(due, DeliveryState.DEAD, error)
        metrics.attempts.labels("dead_lettered").inc()

    async def retry(self, due: DueDelivery, error: str, wait_s: float) -> None:
        metrics.attempts.labels("failed").inc()
        await self._pool.execute(
            "UPDATE deliveries SET next_attempt_at = now() + $3::interval, last_error = $4"
            " WHERE delivery_id = $1 AND attempts = $2 AND state = 'pending'",
            due.delivery_id,
            due.attempt,
            timedelta(seconds=wait_s),
            error[:MAX_ERROR_LENGTH],
        )

    async def _finish(self, due: DueDelivery, state: DeliveryState, error: str | None) -> None:
        """Only the attempt that was claimed is recorded: a replay since then has renewed it."""
        await self._pool.execute(
            "UPDATE deliveries SET state = $3, finished_at = now(),"
            " last_error = coalesce($4, last_error)"
            " WHERE delivery_id = $1 AND attempts = $2 AND state = 'pending'",
            due.delivery_id,
            due.attempt,
            state.value,
            None if error is None else error[:MAX_ERROR_LENGTH],
        )

    async def refresh_gauges(self) -> None:
        row = await self._pool.fetchrow(
            "SELECT count(*) FILTER (WHERE state = 'pending') AS pending,"
            " count(*) FILTER (WHERE state = 'dead') AS dead,"
            " coalesce(extract(epoch FROM now() - min(created_at)"
            "  FILTER (WHERE state = 'pending')), 0)::float8 AS oldest_s"
            " FROM deliveries WHERE state IN ('pending', 'dead')"
        )
        assert row is not None  # an aggregate always answers one row
        metrics.deliveries.labels(DeliveryState.PENDING.value).set(row["pending"])
        metrics.deliveries.labels(DeliveryState.DEAD.value).set(row["dead"])
        metrics.oldest_pending_age.set(row["oldest_s"])

    async def purge(self, delivered: timedelta, dead: timedelta) -> int:
        """Forget deliveries made longer ago than ``delivered`` (their webhook-ids with them),
        and dead letters older than ``dead``."""
        purged: int = await self._pool.fetchval(
            "WITH old AS (DELETE FROM deliveries WHERE"
            " (state = 'delivered' AND finished_at < now() - $1::interval)"
            " OR (state = 'dead' AND finished_at < now() - $2::interval) RETURNING 1)"
            " SELECT count(*) FROM old",
            delivered,
            dead,
        )
        return purged
