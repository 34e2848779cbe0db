"""Consumers: parse the contract, call the use case. Plus the listener that keeps the index to the
employee partitions this instance owns."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import structlog
from aiokafka import ConsumerRebalanceListener, TopicPartition
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import Event, SkillSource
from lattice_platform.messaging.consumer import BatchDelivery, Batched, Subscription
from lattice_platform.runtime import Runtime

from lattice_notifier.adapters import wire
from lattice_notifier.adapters.repository import PostgresNotifierUnitOfWork
from lattice_notifier.service_layer import handlers
from lattice_notifier.service_layer.handlers import Matching

log = structlog.get_logger(__name__)


class EmployeeEvents:
    def __init__(self, matching: Matching) -> None:
        self.m = matching

    async def changed(self, batch: BatchDelivery, events: Sequence[Event]) -> None:
        """Every event of the employees topic, a batch at a time (in rounds: see
        :func:`handlers.employee_changes`)."""
        await handlers.employee_changes(
            PostgresNotifierUnitOfWork.of_batch(batch), self.m, [_change_of(e) for e in events]
        )

    async def skills_acquired(
        self, batch: BatchDelivery, events: Sequence[ev.SkillAcquired]
    ) -> None:
        await handlers.skills_acquired(
            PostgresNotifierUnitOfWork.of_batch(batch),
            self.m,
            [skill_gained(event) for event in events],
        )

    def subscriptions(self) -> list[Subscription]:
        changed = Batched(self.changed)  # one handler: a batch reaches it whole, in order
        return [
            Subscription(
                t.EMPLOYEES,
                {
                    ev.EmployeeUpserted: changed,
                    ev.EmployeeLeft: changed,
                    ev.CareerGoalSet: changed,
                    ev.SkillAcquired: changed,
                },
            ),
            Subscription(t.LEARNING_TOPIC, {ev.SkillAcquired: Batched(self.skills_acquired)}),
        ]


def _change_of(event: Event) -> handlers.EmployeeChange:
    if isinstance(event, ev.EmployeeUpserted):
        return handlers.RecordChanged(
            event.employee_id,
            wire.profile_of(event),
            wire.skills_of(event),
            erased=event.erased,
        )
    if isinstance(event, ev.EmployeeLeft):
        return handlers.Left(event.employee_id, event.left_on)
    if isinstance(event, ev.CareerGoalSet):
        return handlers.GoalSet(event.employee_id, wire.goal_of(event))
    if isinstance(event, ev.SkillAcquired):
        return skill_gained(event)
    raise TypeError(f"{type(event).__name__} is not an employee change")


def skill_gained(event: ev.SkillAcquired) -> handlers.SkillGained:
    """The event as the use case takes it."""
    return handlers.SkillGained(
        event.employee_id,
        event.skill_id,
        event.level,
        event.acquired_at.date(),
        # The HRIS recording a skill someone already had is not a new skill to apply.
        newly_acquired=event.source is not SkillSource.HRIS,
        learned=event.source is SkillSource.LEARNING,
        last_used_on=event.last_used_on,
    )


class OpeningEvents:
    def __init__(self, matching: Matching) -> None:
        self.m = matching

    async def changed(self, batch: BatchDelivery, events: Sequence[Event]) -> None:
        """Every event of the openings topic, a batch at a time (in rounds: see
        :func:`handlers.opening_changes`). What is published about a pair continues the trace of
        the batch's last event about its opening."""
        await handlers.opening_changes(
            PostgresNotifierUnitOfWork.of_batch(batch, about=_opening_of),
            self.m,
            [_opening_change(e) for e in events],
        )

    def subscriptions(self) -> list[Subscription]:
        changed = Batched(self.changed)
        return [
            Subscription(
                t.OPENINGS_TOPIC,
                {ev.OpeningPosted: changed, ev.OpeningUpdated: changed, ev.OpeningClosed: changed},
            )
        ]


def _opening_change(event: Event) -> handlers.OpeningChange:
    if isinstance(event, ev.OpeningPosted):
        return handlers.OpeningPublished(wire.opening_of(event.opening), event.posted_at)
    if isinstance(event, ev.OpeningUpdated):
        return handlers.OpeningPublished(wire.opening_of(event.opening), event.updated_at)
    if isinstance(event, ev.OpeningClosed):
        return handlers.OpeningClosed(event.opening_id)
    raise TypeError(f"{type(event).__name__} is not an opening change")


def _opening_of(event: Event) -> str | None:
    """The opening an event published about a pair is about."""
    return getattr(event, "opening_id", None)


TAKEOVER_RETRY_S = (1.0, 30.0)
"""The first and the longest wait before a failed takeover is tried again."""


class EmployeePartitions(ConsumerRebalanceListener):  # type: ignore[misc]
    """The index holds the employees of the EMPLOYEES partitions this instance is assigned. At
    start it holds all of them (loaded before any consumer runs); an assignment drops the
    partitions gone elsewhere and loads, then catches up, the ones newly taken. A takeover that
    fails is taken again (:data:`TAKEOVER_RETRY_S`) until it succeeds or the runtime stops; the
    consumer reads nothing meanwhile. It works on the runtime it is attached to once that has
    started."""

    def __init__(self, matching: Matching) -> None:
        self.m = matching
        self._runtime: Runtime | None = None
        self.held: set[int] = set(range(matching.partitions))

    def attach(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        """Kept until the new assignment is known: eager rebalances revoke everything first."""

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        runtime = self._runtime
        if runtime is None:
            raise RuntimeError("partitions assigned before the runtime started")
        topic = runtime.names.of(t.EMPLOYEES)
        owned = {tp.partition for tp in assigned if tp.topic == topic}
        self.m.index.drop_partitions(self.held - owned)
        taken = sorted(owned - self.held)
        self.held = owned
        if not taken:
            return
        wait, longest = TAKEOVER_RETRY_S
        while True:
            try:
                await self._take(runtime, taken)
                return
            except Exception:
                # aiokafka would log and go on, the consumer then reading partitions whose
                # employees the index lacks (new openings would miss them): taken again instead
                log.exception("notifier.takeover_failed", partitions=taken, retry_in_s=wait)
                if await runtime.wait_stopping(wait):
                    raise
                wait = min(wait * 2, longest)

    async def _take(self, runtime: Runtime, taken: list[int]) -> None:
        outbox = runtime.outbox
        async with runtime.pool.acquire() as reading, runtime.pool.acquire() as writing:
            await handlers.take_partitions(
                PostgresNotifierUnitOfWork(reading, outbox),
                partial(PostgresNotifierUnitOfWork.committed, writing, outbox),
                self.m,
                taken,
            )
