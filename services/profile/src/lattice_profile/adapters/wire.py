"""Domain events to wire events (the contracts in lattice_platform), and inbound contracts to the
domain. Employee events never carry a name or an email address."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from lattice_platform.contracts import events as wire
from lattice_platform.contracts.base import Event, SkillSource

from lattice_profile.domain import events
from lattice_profile.domain.model import Employee, EmploymentRecord


def contract_events(employee: Employee, happened: Sequence[events.DomainEvent]) -> list[Event]:
    """The snapshot first (when it changed), then the specific facts, in the order they happened."""
    published: list[Event] = []
    if any(e.changes_snapshot for e in happened):
        published.append(snapshot(employee))
    for event in happened:
        match event:
            case events.SkillRaised() if event.source is not SkillSource.LEARNING:
                # A level learned was announced by the learning service already.
                published.append(
                    wire.SkillAcquired(
                        employee_id=employee.employee_id,
                        skill_id=event.skill_id,
                        level=event.level,
                        previous_level=event.previous_level,
                        source=event.source,
                        evidence=event.evidence,
                        acquired_at=event.at,
                        last_used_on=event.last_used_on,
                    )
                )
            case events.GoalsSet(goals=goals, at=at):
                published.append(
                    wire.CareerGoalSet(
                        employee_id=employee.employee_id,
                        target_role_ids=goals.target_role_ids,
                        move_kinds=goals.move_kinds,
                        willing_to_relocate=goals.willing_to_relocate,
                        acceptable_locations=goals.acceptable_locations,
                        set_at=at,
                    )
                )
            case events.Departed(left_on=left_on):
                published.append(
                    wire.EmployeeLeft(employee_id=employee.employee_id, left_on=left_on)
                )
    return published


def snapshot(employee: Employee) -> wire.EmployeeUpserted:
    return wire.EmployeeUpserted(
        employee_id=employee.employee_id,
        role_id=employee.role_id,
        grade=employee.grade,
        track=employee.track,
        department=employee.department,
        location=employee.location,
        manager_id=employee.manager_id,
        hire_date=employee.hire_date,
        role_start_date=employee.role_start_date,
        status=employee.status,
        discoverable=employee.privacy.discoverable,
        hidden_from_manager=employee.privacy.hide_from_manager,
        skills=tuple(
            wire.HeldSkill(
                skill_id=s.skill_id, level=s.level, source=s.source, last_used_on=s.last_used_on
            )
            for s in sorted(employee.skills.values(), key=lambda s: s.skill_id)
        ),
        mentor_opt_in=employee.mentor_opt_in,
        erased=employee.erased_at is not None,
        changed_at=employee.changed_at,
    )


def employment_from(record: wire.HrisEmployeeRecord) -> EmploymentRecord:
    """The documented HRIS mapping (services/profile/README.md): the HRIS id is the employee id."""
    return EmploymentRecord(
        employee_id=record.hris_id,
        name=record.name,
        work_email=record.work_email,
        role_id=record.role_id,
        grade=record.grade,
        track=record.track,
        department=record.department,
        location=record.location,
        manager_id=record.manager_hris_id,
        hire_date=record.hire_date,
        role_start_date=record.role_start_date,
        status=record.status,
        effective_at=aware(record.effective_at),
    )


def aware(moment: datetime) -> datetime:
    """HRIS times without a zone are taken as UTC, so every stored time compares."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
