"""A consumer's offset commits (:class:`OffsetCommits`): one at a time and in order, at most one
per interval, offsets handled meanwhile sent together in the next, none for a partition taken
away, the consumer loop never waiting for one, and a failed commit raised at the next check. The
commits go to a stand-in for the Kafka consumer that holds each until told; delivery on the real
broker is test_delivery.py's."""

from __future__ import annotations

import asyncio

import pytest
from aiokafka import TopicPartition
from lattice_devstack.infra import wait_until
from lattice_platform.messaging.consumer import OffsetCommits, _CommitBeforeRevoke

A, B = TopicPartition("t", 0), TopicPartition("t", 1)


class HeldCommits:
    """Records each commit and holds it until released."""

    def __init__(self) -> None:
        self.commits: list[dict[TopicPartition, int]] = []
        self.release = asyncio.Event()
        self.failure: Exception | None = None
        self.assigned = {A, B}

    def assignment(self) -> set[TopicPartition]:
        return set(self.assigned)

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


class PromptCommits(HeldCommits):
    """Answers each commit at once, and notes when (the event loop's clock)."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.commits.append(dict(offsets))
        self.times.append(asyncio.get_running_loop().time())


async def test_commits_are_an_interval_apart_and_what_is_handled_meanwhile_goes_in_the_next() -> (
    None
):
    broker = PromptCommits()
    offsets = OffsetCommits(broker, every_s=0.3)  # type: ignore[arg-type]
    offsets.handled({A: 10})
    await asyncio.sleep(0.05)
    offsets.handled({A: 20})
    offsets.handled({B: 5})
    await wait_until(lambda: len(broker.commits) == 2, 5)
    assert broker.commits == [{A: 10}, {A: 20, B: 5}]
    assert broker.times[1] - broker.times[0] >= 0.3, "the second waits out the interval"
    await offsets.sent()


async def test_what_waits_is_committed_at_once_when_asked_to_be_sent() -> None:
    broker = PromptCommits()
    offsets = OffsetCommits(broker, every_s=3600)  # type: ignore[arg-type]
    offsets.handled({A: 10})
    await asyncio.sleep(0.01)
    offsets.handled({A: 20})
    await asyncio.wait_for(offsets.sent(), 1)
    assert broker.commits == [{A: 10}, {A: 20}]
    offsets.handled({A: 30})  # a new task's first commit goes at once
    await asyncio.sleep(0.01)
    assert broker.commits[-1] == {A: 30}
    offsets.handled({A: 40})  # and the pause holds again after it
    await asyncio.sleep(0.05)
    assert broker.commits[-1] == {A: 30}
    offsets.cancel()


async def test_offsets_of_a_partition_taken_away_are_left_to_its_new_owner() -> None:
    broker = PromptCommits()
    offsets = OffsetCommits(broker)  # type: ignore[arg-type]
    broker.assigned = {B}
    offsets.handled({A: 10, B: 5})
    await offsets.sent()
    offsets.handled({A: 11})
    await offsets.sent()
    assert broker.commits == [{B: 5}]


async def test_a_revocation_commits_what_was_handled_then_tells_the_consumers_listener() -> None:
    broker = PromptCommits()
    offsets = OffsetCommits(broker, every_s=3600)  # type: ignore[arg-type]
    heard: list[tuple[str, list[TopicPartition], int]] = []

    class Listener:
        async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
            heard.append(("revoked", revoked, len(broker.commits)))

        async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
            heard.append(("assigned", assigned, len(broker.commits)))

    listener = _CommitBeforeRevoke("c", offsets, Listener())  # type: ignore[arg-type]
    offsets.handled({A: 10})
    await asyncio.sleep(0.01)
    offsets.handled({A: 20})  # waiting out the interval
    await asyncio.wait_for(listener.on_partitions_revoked([A]), 1)
    await listener.on_partitions_assigned([B])
    assert broker.commits == [{A: 10}, {A: 20}]
    assert heard == [("revoked", [A], 2), ("assigned", [B], 2)]


async def test_a_revocation_goes_on_when_its_commit_fails() -> None:
    broker = HeldCommits()
    offsets = OffsetCommits(broker)  # type: ignore[arg-type]
    listener = _CommitBeforeRevoke("c", offsets, None)
    offsets.handled({A: 10})
    broker.failure = RuntimeError("the group has rebalanced")
    broker.release.set()
    await asyncio.wait_for(listener.on_partitions_revoked([A]), 1)
    offsets.check()  # the failure was the revocation's, and is not raised again


async def test_what_was_given_up_is_not_waited_for_afterwards() -> None:
    broker = HeldCommits()
    offsets = OffsetCommits(broker)  # type: ignore[arg-type]
    offsets.handled({A: 10})
    await asyncio.sleep(0)
    offsets.cancel()
    await asyncio.wait_for(offsets.sent(), 1)  # neither the cancellation raised, nor a wait
    assert broker.commits == [{A: 10}]
