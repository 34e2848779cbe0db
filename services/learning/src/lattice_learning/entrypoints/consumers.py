"""Event subscriptions: parse the contract, call the use case, return."""

from __future__ import annotations

from datetime import UTC, datetime

from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.messaging.consumer import Delivery, Subscription

from lattice_learning.adapters import wire
from lattice_learning.adapters.repository import PostgresLearningUnitOfWork
from lattice_learning.service_layer import handlers
from lattice_learning.service_layer.handlers import PairingPolicy


def subscriptions(policy: PairingPolicy) -> list[Subscription]:
    def uow(delivery: Delivery) -> PostgresLearningUnitOfWork:
        return PostgresLearningUnitOfWork.within(delivery)

    async def on_employee_upserted(delivery: Delivery, event: ev.EmployeeUpserted) -> None:
        await handlers.employee_upserted(
            uow(delivery),
            wire.person(event),
            wire.levels_held(event),
            changed_at=event.changed_at,
            policy=policy,
            now=datetime.now(UTC),
        )

    async def on_employee_left(delivery: Delivery, event: ev.EmployeeLeft) -> None:
        await handlers.employee_left(uow(delivery), event.employee_id)

    async def on_skill_acquired(delivery: Delivery, event: ev.SkillAcquired) -> None:
        await handlers.skill_acquired(uow(delivery), event.employee_id, event.skill_id, event.level)

    async def on_goal_set(delivery: Delivery, event: ev.CareerGoalSet) -> None:
        await handlers.career_goal_set(
            uow(delivery), event.employee_id, wire.goal(event), policy, datetime.now(UTC)
        )

    async def on_role_defined(delivery: Delivery, event: ev.RoleDefined) -> None:
        await handlers.role_defined(
            uow(delivery),
            wire.role(event),
            wire.targets(event.skill_profile),
            policy,
            datetime.now(UTC),
        )

    async def on_near_miss(delivery: Delivery, event: ev.NearMissDetected) -> None:
        await handlers.near_miss_detected(
            uow(delivery), event.employee_id, event.opening_id, wire.gap(event), datetime.now(UTC)
        )

    async def on_lms_completion(delivery: Delivery, event: ev.LmsCompletionReported) -> None:
        await handlers.lms_completion_reported(
            uow(delivery), event.completion_id, event.employee_id, event.item_id, event.completed_at
        )

    return [
        Subscription(
            t.EMPLOYEES,
            {
                ev.EmployeeUpserted: on_employee_upserted,
                ev.EmployeeLeft: on_employee_left,
                ev.SkillAcquired: on_skill_acquired,
                ev.CareerGoalSet: on_goal_set,
            },
        ),
        Subscription(t.ROLES, {ev.RoleDefined: on_role_defined}),
        Subscription(t.OPPORTUNITIES, {ev.NearMissDetected: on_near_miss}),
        Subscription(t.LMS_INBOUND, {ev.LmsCompletionReported: on_lms_completion}),
    ]
