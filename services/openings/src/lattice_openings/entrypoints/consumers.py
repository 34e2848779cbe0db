"""Event subscriptions: parse the contract, call the use case, return.

Openings keeps read models of employees (who manages whom, privacy) and of the opportunities the
notifier surfaced (with their explanation), turns employees' interest into applications, and
ends a leaver's applications.
"""

from __future__ import annotations

from datetime import UTC, datetime

from lattice_platform.clock import utc_now
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import EmployeeStatus
from lattice_platform.messaging.consumer import Delivery, Subscription

from lattice_openings.adapters.repository import PostgresOpeningsUnitOfWork
from lattice_openings.domain.applications import Colleague
from lattice_openings.service_layer import applications as cases


def heard_at(delivery: Delivery) -> datetime:
    """When the record was published (ce_time, which is optional: else now), in UTC."""
    heard = delivery.envelope.time or utc_now()
    return heard if heard.tzinfo is not None else heard.replace(tzinfo=UTC)


def subscriptions() -> list[Subscription]:
    def uow(delivery: Delivery) -> PostgresOpeningsUnitOfWork:
        return PostgresOpeningsUnitOfWork.within(delivery)

    async def on_employee_upserted(delivery: Delivery, event: ev.EmployeeUpserted) -> None:
        colleague = Colleague(
            employee_id=event.employee_id,
            manager_id=event.manager_id,
            department=event.department,
            discoverable=event.discoverable,
            hidden_from_manager=event.hidden_from_manager,
            active=event.status == EmployeeStatus.ACTIVE,
        )
        work = uow(delivery)
        await cases.employee_changed(
            work,
            colleague,
            grade=event.grade,
            track=event.track.value,
            location=event.location,
            changed_at=event.changed_at,
        )
        if event.erased:
            await cases.employee_erased(work, event.employee_id, heard_at(delivery))

    async def on_employee_left(delivery: Delivery, event: ev.EmployeeLeft) -> None:
        # The leave applies when it is heard, as in the profile and the notifier, and is dated
        # then (ce_time): a leaving date announced early is in the future, one reported late
        # comes before the very moves it ends.
        await cases.employee_left(uow(delivery), event.employee_id, heard_at(delivery))

    async def on_surfaced(delivery: Delivery, event: ev.OpportunitySurfaced) -> None:
        await cases.opportunity_surfaced(
            uow(delivery),
            event.opening_id,
            event.employee_id,
            event.opportunity_id,
            explanation=event.explanation.model_dump(mode="json"),
            at=event.surfaced_at,
        )

    async def on_withdrawn(delivery: Delivery, event: ev.OpportunityWithdrawn) -> None:
        await cases.opportunity_withdrawn(
            uow(delivery), event.opening_id, event.employee_id, event.opportunity_id
        )

    async def on_interest(delivery: Delivery, event: ev.InterestExpressed) -> None:
        interest = cases.Interest(
            opening_id=event.opening_id,
            employee_id=event.employee_id,
            note=event.note,
            explanation=event.explanation.model_dump(mode="json"),
            at=event.expressed_at,
        )
        await cases.interest_expressed(uow(delivery), interest)

    async def on_interest_withdrawn(delivery: Delivery, event: ev.InterestWithdrawn) -> None:
        await cases.interest_withdrawn(
            uow(delivery), event.opening_id, event.employee_id, event.withdrawn_at
        )

    return [
        Subscription(
            t.EMPLOYEES,
            {ev.EmployeeUpserted: on_employee_upserted, ev.EmployeeLeft: on_employee_left},
        ),
        Subscription(
            t.OPPORTUNITIES,
            {ev.OpportunitySurfaced: on_surfaced, ev.OpportunityWithdrawn: on_withdrawn},
        ),
        Subscription(
            t.FEED_ACTIONS,
            {ev.InterestExpressed: on_interest, ev.InterestWithdrawn: on_interest_withdrawn},
        ),
    ]
