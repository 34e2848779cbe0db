"""Follows the feed topics (opportunities, learning) and the mobility loop's (applications,
placements) as a downstream consumer would."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import Event
from lattice_platform.contracts.envelope import Envelope, MalformedEventError, decode

from lattice_devstack.testing.kafka import partitions_of

FOLLOWED = (t.OPPORTUNITIES, t.LEARNING_TOPIC, t.APPLICATIONS, t.PLACEMENTS)


class Observer:
    def __init__(
        self,
        bootstrap_servers: str,
        prefix: str = "",
        on_event: Callable[[Envelope], None] | None = None,
    ) -> None:
        self._bootstrap = bootstrap_servers
        self._by_name = {prefix + topic.name: topic for topic in FOLLOWED}
        self._on_event = on_event
        self.seen: list[Envelope] = []
        self._changed = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Observer:
        consumer = AIOKafkaConsumer(bootstrap_servers=self._bootstrap, enable_auto_commit=False)
        await consumer.start()
        partitions = await partitions_of(consumer, list(self._by_name))
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        self._task = asyncio.create_task(self._follow(consumer))
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _follow(self, consumer: AIOKafkaConsumer) -> None:
        try:
            while True:
                batch = await consumer.getmany(timeout_ms=200)
                for records in batch.values():
                    for record in records:
                        try:
                            envelope = decode(
                                self._by_name[record.topic],
                                record.key,
                                record.value,
                                list(record.headers),
                            )
                        except MalformedEventError:
                            continue
                        self.seen.append(envelope)
                        if self._on_event is not None:
                            self._on_event(envelope)
                if batch:
                    async with self._changed:
                        self._changed.notify_all()
        finally:
            await consumer.stop()

    async def quiet(self, quiet_s: float = 2.0, at_most_s: float = 60.0) -> None:
        """Return once nothing new has arrived for ``quiet_s`` (the suite has settled)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + at_most_s
        while loop.time() < deadline:
            count = len(self.seen)
            await asyncio.sleep(quiet_s)
            if len(self.seen) == count:
                return

    def events(self, kind: type[Event], **fields: object) -> list[Event]:
        return [
            e.event
            for e in self.seen
            if isinstance(e.event, kind)
            and all(getattr(e.event, k) == v for k, v in fields.items())
        ]

    async def wait_for(self, kind: type[Event], timeout_s: float = 30.0, **fields: object) -> Event:
        async def arrived() -> Event:
            async with self._changed:
                while not (found := self.events(kind, **fields)):
                    await self._changed.wait()
                return found[0]

        try:
            return await asyncio.wait_for(arrived(), timeout_s)
        except TimeoutError as exc:
            wanted = ", ".join(f"{k}={v}" for k, v in fields.items())
            raise TimeoutError(f"no {kind.__name__} with {wanted} within {timeout_s}s") from exc
