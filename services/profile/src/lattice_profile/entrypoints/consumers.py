"""HRIS records, learned skills and the skills used in assignments, consumed from Kafka.

Each handler runs in the delivery's transaction; one that raises (an unknown skill, the termination
of an unknown employee) is retried, then dead-lettered with the reason. A skill learned by an
employee whose hire has not arrived yet (the learning topic read ahead of the HRIS topic, e.g.
after a restart) is parked until the hire arrives: a trigger on the employees table releases it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from lattice_platform.clock import utc_now
from lattice_platform.contracts import events as wire
from lattice_platform.contracts.topics import HRIS_INBOUND, LEARNING_TOPIC, PLACEMENTS
from lattice_platform.messaging.consumer import Delivery, Subscription
from lattice_platform.messaging.parking import EntityNotYetKnown
from lattice_platform.skills import Taxonomy

from lattice_profile.adapters.repository import PostgresProfileUnitOfWork
from lattice_profile.adapters.wire import aware, employment_from
from lattice_profile.service_layer import handlers
from lattice_profile.settings import ProfileSettings

EMPLOYEE = "employee"
"""What a parked event waits for; released by the migration ``0002_hires_release_parked_events``."""


@contextmanager
def once_hired(employee_id: str) -> Iterator[None]:
    """Park the event while the employee is not known yet."""
    try:
        yield
    except handlers.EmployeeNotFoundError as missing:
        raise EntityNotYetKnown(EMPLOYEE, employee_id) from missing


def subscriptions(settings: ProfileSettings, taxonomy: Taxonomy) -> list[Subscription]:
    async def on_record(delivery: Delivery, event: wire.HrisEmployeeRecord) -> None:
        await handlers.record_employment(
            PostgresProfileUnitOfWork.within(delivery),
            employment_from(event),
            discoverable_by_default=settings.default_discoverable,
        )

    async def on_terminated(delivery: Delivery, event: wire.HrisEmployeeTerminated) -> None:
        await handlers.record_termination(
            PostgresProfileUnitOfWork.within(delivery),
            event.hris_id,
            event.left_on,
            aware(event.effective_at),
        )

    async def on_skill_acquired(delivery: Delivery, event: wire.SkillAcquired) -> None:
        with once_hired(event.employee_id):
            await handlers.record_learning(
                PostgresProfileUnitOfWork.within(delivery),
                event.employee_id,
                skill_id=taxonomy.normalise(event.skill_id),
                level=event.level,
                acquired_at=aware(event.acquired_at),
                evidence=event.evidence,
            )

    async def on_assignment_ended(delivery: Delivery, event: wire.AssignmentEnded) -> None:
        with once_hired(event.employee_id):
            await handlers.record_assignment_ended(
                PostgresProfileUnitOfWork.within(delivery),
                event.employee_id,
                [taxonomy.normalise(skill_id) for skill_id in event.skills_used],
                event.ended_on,
                aware(delivery.envelope.time or utc_now()),  # ce_time is optional
            )

    return [
        Subscription(
            HRIS_INBOUND,
            {wire.HrisEmployeeRecord: on_record, wire.HrisEmployeeTerminated: on_terminated},
        ),
        Subscription(LEARNING_TOPIC, {wire.SkillAcquired: on_skill_acquired}),
        Subscription(PLACEMENTS, {wire.AssignmentEnded: on_assignment_ended}),
    ]
