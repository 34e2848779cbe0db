"""Consumers: parse the contract, call the use case. Plus the listener that keeps the index to the
employee partitions this instance owns."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiokafka import ConsumerRebalanceListener, TopicPartition
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import SkillSource
from lattice_platform.messaging.consumer import BatchDelivery, Batched, Delivery, Subscription
from lattice_platform.runtime import Runtime

from lattice_notifier.adapters import wire
from lattice_notifier.adapters.repository import PostgresNotifierUnitOfWork
from lattice_notifier.service_layer import handlers
from lattice_notifier.service_layer.handlers import Matching


class EmployeeEvents:
    def __init__(self, matching: Matching) -> None:
        self.m = matching

    async def upserted(self, delivery: Delivery, event: ev.EmployeeUpserted) -> None:
        await handlers.employee_record_changed(
            PostgresNotifierUnitOfWork.of(delivery),
            self.m,
            event.employee_id,
            wire.profile_of(event),
            wire.skills_of(event),
            erased=event.erased,
        )

    async def left(self, delivery: Delivery, event: ev.EmployeeLeft) -> None:
        await handlers.employee_left(
            PostgresNotifierUnitOfWork.of(delivery), self.m, event.employee_id, event.left_on
        )

    async def goal_set(self, delivery: Delivery, event: ev.CareerGoalSet) -> None:
        await handlers.career_goal_set(
            PostgresNotifierUnitOfWork.of(delivery), self.m, event.employee_id, wire.goal_of(event)
        )

    async def skills_acquired(
        self, batch: BatchDelivery, events: Sequence[ev.SkillAcquired]
    ) -> None:
        await handlers.skills_acquired(
            PostgresNotifierUnitOfWork.of_batch(batch),
            self.m,
            [
                handlers.SkillGained(
                    event.employee_id,
                    event.skill_id,
                    event.level,
                    event.acquired_at.date(),
                    # The HRIS recording a skill someone already had is not a new skill to apply.
                    newly_acquired=event.source is not SkillSource.HRIS,
                    learned=event.source is SkillSource.LEARNING,
                    last_used_on=event.last_used_on,
                )
                for event in events
            ],
        )

    def subscriptions(self) -> list[Subscription]:
        return [
            Subscription(
                t.EMPLOYEES,
                {
                    ev.EmployeeUpserted: self.upserted,
                    ev.EmployeeLeft: self.left,
                    ev.CareerGoalSet: self.goal_set,
                    ev.SkillAcquired: Batched(self.skills_acquired),
                },
            ),
            Subscription(t.LEARNING_TOPIC, {ev.SkillAcquired: Batched(self.skills_acquired)}),
        ]


class OpeningEvents:
    def __init__(self, matching: Matching) -> None:
        self.m = matching

    async def posted(self, delivery: Delivery, event: ev.OpeningPosted) -> None:
        await handlers.opening_published(
            PostgresNotifierUnitOfWork.of(delivery),
            self.m,
            wire.opening_of(event.opening),
            event.posted_at,
        )

    async def updated(self, delivery: Delivery, event: ev.OpeningUpdated) -> None:
        await handlers.opening_published(
            PostgresNotifierUnitOfWork.of(delivery),
            self.m,
            wire.opening_of(event.opening),
            event.updated_at,
        )

    async def closed(self, delivery: Delivery, event: ev.OpeningClosed) -> None:
        await handlers.opening_closed(
            PostgresNotifierUnitOfWork.of(delivery), self.m, event.opening_id
        )

    def subscriptions(self) -> list[Subscription]:
        return [
            Subscription(
                t.OPENINGS_TOPIC,
                {
                    ev.OpeningPosted: self.posted,
                    ev.OpeningUpdated: self.updated,
                    ev.OpeningClosed: self.closed,
                },
            )
        ]


class EmployeePartitions(ConsumerRebalanceListener):  # type: ignore[misc]
    """The index holds the employees of the EMPLOYEES partitions this instance is assigned. At
    start it holds all of them (loaded before any consumer runs); an assignment drops the
    partitions gone elsewhere and loads, then catches up, the ones newly taken. It works on the
    runtime it is attached to once that has started."""

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
        callbacks: list[Callable[[], None]] = []
        async with runtime.pool.acquire() as conn, conn.transaction():
            uow = PostgresNotifierUnitOfWork(conn, runtime.outbox, callbacks.append)
            await handlers.take_partitions(uow, self.m, taken)
        for callback in callbacks:
            callback()
