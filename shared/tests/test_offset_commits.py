"""A consumer's offset commits (:class:`OffsetCommits`): one at a time and in order, offsets
handled meanwhile sent together in the next, the consumer loop never waiting for one, and a
failed commit raised at the next check. The commits go to a stand-in for the Kafka consumer
that holds each until told; delivery on the real broker is test_delivery.py's."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka import TopicPartition
from lattice_platform.messaging.consumer import OffsetCommits

A, B = TopicPartition("t", 0), TopicPartition("t", 1)


class HeldCommits:
    """Records each commit and holds it until released."""

    def __init__(self) -> None:
        self.commits: list[dict[TopicPartition, int]] = []
        self.release = asyncio.Event()
        self.failure: Exception | None = None

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.commits.append(dict(offsets))
        await self.release.wait()
        self.release.clear()
        if self.failure is not None:
            raise self.failure


async def test_offsets_handled_while_a_commit_travels_go_together_in_the_next() -> None:
    broker = HeldCommits()
    offsets = OffsetCommits(broker)  # type: ignore[arg-type]
    offsets.handled({A: 10})
    await asyncio.sleep(0)
    offsets.handled({A: 20, B: 5})  # returns at once: the first commit is still held
    offsets.handled({A: 30})
    assert broker.commits == [{A: 10}]
    broker.release.set()
    await asyncio.sleep(0.01)
    assert broker.commits == [{A: 10}, {A: 30, B: 5}], "one commit, the latest offsets"
    broker.release.set()
    await offsets.sent()
    assert broker.commits == [{A: 10}, {A: 30, B: 5}]


async def test_a_failed_commit_is_raised_at_the_next_check() -> None:
    broker = HeldCommits()
    offsets = OffsetCommits(broker)  # type: ignore[arg-type]
    offsets.handled({A: 10})
    broker.failure = RuntimeError("commit refused")
    broker.release.set()
    await asyncio.sleep(0.01)
    with pytest.raises(RuntimeError, match="commit refused"):
        offsets.check()
    offsets.check()  # raised once
