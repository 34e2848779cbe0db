"""Parking: an event that arrives before the entity it is about waits for it.

A consumer reading several topics can see an event about an entity before the event that
creates it (after a restart, a learned skill read before the hire, from another topic). Its
handler raises :class:`EntityNotYetKnown`; the consumer then keeps the record in the ``parked``
table, in the transaction that moves past it, so the partition keeps flowing and nothing is
lost. The inbox does not count a parked event, so it is handled when retried.

A parked record is retried, in order per key, when the entity arrives: the service releases it
(``release_parked(kind, key)`` in SQL, e.g. from a trigger on the entity's table) and the next
sweep retries it, or the next event with the same key comes and its parked predecessors are
retried first. While any of them still waits, later events of the key that need the entity park
behind them. A record parked longer than ``PARKING_TIMEOUT_S`` is tried once more, then
dead-lettered with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aiokafka import ConsumerRecord
from asyncpg import Record

from lattice_platform.contracts.envelope import Envelope
from lattice_platform.db import Connection


class EntityNotYetKnown(Exception):  # noqa: N818  # a condition to wait out, not an error
    """The event is about an entity this service does not hold yet: park it until it arrives."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"no {kind} {key} yet")
        self.kind = kind
        self.key = key


@dataclass(frozen=True)
class Parked:
    id: int
    record: ConsumerRecord
    awaited: str
    tries: int
    parked_at: datetime


_COLUMNS = (
    'id, topic, partition, "offset", key, value, header_names, header_values,'
    " awaited_kind || ' ' || awaited_key AS awaited, tries, parked_at"
)


PARKED_FIRST = (
    "SELECT NULL WHERE EXISTS (SELECT 1 FROM parked WHERE consumer = $1"
    " AND event_key = ANY($3::text[]))"
)
"""A row (NULL) when consumer ``$1`` has parked records of any of the keys ``$3``: the events
of those keys must not overtake them. Part of the statement that writes a batch to the inbox,
so the check costs no round trip."""


class ParkingLot:
    """The parked records of one consumer."""

    def __init__(self, consumer: str) -> None:
        self.consumer = consumer

    async def park(
        self,
        conn: Connection,
        record: ConsumerRecord,
        envelope: Envelope,
        missing: EntityNotYetKnown,
    ) -> None:
        """Keep ``record``; parked again, it keeps its place and its time and counts a try."""
        headers = list(record.headers)
        await conn.execute(
            "INSERT INTO parked (consumer, event_id, event_key, awaited_kind, awaited_key, topic,"
            ' partition, "offset", key, value, header_names, header_values)'
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
            " ON CONFLICT (consumer, event_id) DO UPDATE SET awaited_kind = excluded.awaited_kind,"
            " awaited_key = excluded.awaited_key, released = false, tries = parked.tries + 1",
            self.consumer,
            envelope.id,
            envelope.event.key(),
            missing.kind,
            missing.key,
            record.topic,
            record.partition,
            record.offset,
            record.key,
            record.value,
            [name for name, _ in headers],
            [value for _, value in headers],
        )

    async def queue(self, conn: Connection, key: str) -> list[Parked]:
        """The records parked for ``key``, oldest first, locked until the transaction ends."""
        rows = await conn.fetch(
            f"SELECT {_COLUMNS} FROM parked WHERE consumer = $1 AND event_key = $2"
            " ORDER BY id FOR UPDATE",
            self.consumer,
            key,
        )
        return [_parked(row) for row in rows]

    async def take_back(self, conn: Connection, parked: Parked) -> bool:
        """Remove ``parked`` unless its retry parked it again; True when removed."""
        return bool(
            await conn.fetchval(
                "DELETE FROM parked WHERE id = $1 AND tries = $2 RETURNING true",
                parked.id,
                parked.tries,
            )
        )

    async def count(self, conn: Connection) -> int:
        counted: int = await conn.fetchval(
            "SELECT count(*) FROM parked WHERE consumer = $1", self.consumer
        )
        return counted

    async def remove(self, conn: Connection, parked: Parked) -> None:
        await conn.execute("DELETE FROM parked WHERE id = $1", parked.id)

    async def due(self, conn: Connection, timeout_s: float, limit: int = 100) -> list[str]:
        """Keys with records released or parked longer than ``timeout_s``."""
        rows = await conn.fetch(
            "SELECT DISTINCT event_key FROM parked WHERE consumer = $1"
            " AND (released OR parked_at < now() - make_interval(secs => $2)) LIMIT $3",
            self.consumer,
            timeout_s,
            limit,
        )
        return [row["event_key"] for row in rows]

    async def expired(self, conn: Connection, key: str, timeout_s: float) -> list[Parked]:
        rows = await conn.fetch(
            f"SELECT {_COLUMNS} FROM parked WHERE consumer = $1 AND event_key = $2"
            " AND parked_at < now() - make_interval(secs => $3) ORDER BY id FOR UPDATE",
            self.consumer,
            key,
            timeout_s,
        )
        return [_parked(row) for row in rows]


def _parked(row: Record) -> Parked:
    record = ConsumerRecord(
        topic=row["topic"],
        partition=row["partition"],
        offset=row["offset"],
        timestamp=-1,
        timestamp_type=0,
        key=row["key"],
        value=row["value"],
        checksum=None,
        serialized_key_size=len(row["key"] or b""),
        serialized_value_size=len(row["value"] or b""),
        headers=list(zip(row["header_names"], row["header_values"], strict=True)),
    )
    return Parked(row["id"], record, row["awaited"], row["tries"], row["parked_at"])
