"""The profile's use cases: each loads employees, lets the domain decide, saves, publishes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from lattice_platform.contracts.base import SkillSource
from lattice_platform.contracts.topics import EMPLOYEES

from lattice_profile.adapters.wire import contract_events
from lattice_profile.domain.access import Access, Viewer, access_of
from lattice_profile.domain.model import CareerGoals, Employee, EmploymentRecord, Privacy
from lattice_profile.metrics import hris_records_for_erased
from lattice_profile.service_layer.unit_of_work import ProfileUnitOfWork


class EmployeeNotFoundError(LookupError):
    def __init__(self, employee_id: str) -> None:
        super().__init__(f"no employee {employee_id}")


class ForbiddenError(PermissionError):
    pass


_SOURCE_OF_EDITOR = {
    Access.OWNER: SkillSource.SELF,
    Access.MANAGER: SkillSource.MANAGER,
    Access.ADMIN: SkillSource.HRIS,  # HR speaks for the organisation's system of record
}


# ---------------------------------------------------------------------- HRIS and learning


async def record_employment(
    uow: ProfileUnitOfWork, record: EmploymentRecord, *, discoverable_by_default: bool
) -> bool:
    """Apply an HRIS hire or change; False when a newer change was applied already."""
    employee = await uow.employees.get(record.employee_id)
    if employee is None:
        employee = Employee.hire(record, discoverable_by_default=discoverable_by_default)
    elif not employee.apply_employment(record):
        _count_if_erased(employee)
        return False
    await _save_and_publish(uow, employee)
    return True


async def record_termination(
    uow: ProfileUnitOfWork, employee_id: str, left_on: date, effective_at: datetime
) -> bool:
    employee = await _existing(uow, employee_id)
    applied = employee.terminate(left_on, effective_at)
    await _save_and_publish(uow, employee)  # the HRIS order moves on even when nothing changed
    return applied


async def record_learning(
    uow: ProfileUnitOfWork,
    employee_id: str,
    *,
    skill_id: str,
    level: int,
    acquired_at: datetime,
    evidence: str | None,
) -> None:
    employee = await _existing(uow, employee_id)
    employee.learn(skill_id, level, acquired_at, evidence)
    await _save_and_publish(uow, employee)


async def record_assignment_ended(
    uow: ProfileUnitOfWork, employee_id: str, skill_ids: Sequence[str], ended_on: date, at: datetime
) -> None:
    """Use it, don't lose it: the skills an assignment required count as used on its last day."""
    employee = await _existing(uow, employee_id)
    employee.use_skills(skill_ids, ended_on, at)
    await _save_and_publish(uow, employee)


@dataclass(frozen=True)
class ImportOutcome:
    applied: int
    stale: list[str]
    erased: list[str]


async def import_employment(
    uow: ProfileUnitOfWork,
    records: Sequence[EmploymentRecord],
    *,
    discoverable_by_default: bool,
) -> ImportOutcome:
    """A batch of HRIS records in one transaction, with the same ordering rule as one by one."""
    existing = await uow.employees.get_many([r.employee_id for r in records])
    changed: list[Employee] = []
    stale: list[str] = []
    erased: list[str] = []
    for record in records:
        employee = existing.get(record.employee_id)
        if employee is None:
            changed.append(Employee.hire(record, discoverable_by_default=discoverable_by_default))
        elif employee.apply_employment(record):
            changed.append(employee)
        else:
            _count_if_erased(employee)
            (stale if employee.erased_at is None else erased).append(record.employee_id)
    await uow.employees.save_many(changed)
    for employee in changed:
        await _publish(uow, employee)
    return ImportOutcome(applied=len(changed), stale=stale, erased=erased)


# ---------------------------------------------------------------------- people's own edits


async def view_profile(
    uow: ProfileUnitOfWork, employee_id: str, viewer: Viewer
) -> tuple[Employee, Access]:
    employee = await uow.employees.get(employee_id)
    access = Access.NONE if employee is None else access_of(viewer, employee)
    if employee is None or access is Access.NONE:
        raise EmployeeNotFoundError(employee_id)  # the same answer whether absent or not yours
    return employee, access


async def set_skill(
    uow: ProfileUnitOfWork,
    employee_id: str,
    viewer: Viewer,
    *,
    skill_id: str,
    level: int,
    last_used_on: date | None,
    at: datetime,
) -> Employee:
    employee, access = await view_profile(uow, employee_id, viewer)
    employee.set_skill(skill_id, level, _SOURCE_OF_EDITOR[access], last_used_on, at)
    await _save_and_publish(uow, employee)
    return employee


async def remove_skill(
    uow: ProfileUnitOfWork, employee_id: str, viewer: Viewer, skill_id: str, at: datetime
) -> Employee:
    employee = await _owned(uow, employee_id, viewer)
    employee.remove_skill(skill_id, at)
    await _save_and_publish(uow, employee)
    return employee


async def set_goals(
    uow: ProfileUnitOfWork, employee_id: str, viewer: Viewer, goals: CareerGoals, at: datetime
) -> Employee:
    employee = await _owned(uow, employee_id, viewer)
    employee.set_goals(goals, at)
    await _save_and_publish(uow, employee)
    return employee


async def set_mentor_opt_in(
    uow: ProfileUnitOfWork, employee_id: str, viewer: Viewer, opt_in: bool, at: datetime
) -> Employee:
    employee = await _owned(uow, employee_id, viewer)
    employee.set_mentor_opt_in(opt_in, at)
    await _save_and_publish(uow, employee)
    return employee


async def set_privacy(
    uow: ProfileUnitOfWork, employee_id: str, viewer: Viewer, privacy: Privacy, at: datetime
) -> Employee:
    employee = await _owned(uow, employee_id, viewer)
    employee.set_privacy(privacy, at)
    await _save_and_publish(uow, employee)
    return employee


async def erase(uow: ProfileUnitOfWork, employee_id: str, at: datetime) -> Employee:
    """Erasure is HR's to request (the route checks the role); the erased snapshot is published."""
    employee = await _existing(uow, employee_id)
    employee.erase(at)
    await _save_and_publish(uow, employee)
    return employee


# ---------------------------------------------------------------------- helpers


async def _existing(uow: ProfileUnitOfWork, employee_id: str) -> Employee:
    employee = await uow.employees.get(employee_id)
    if employee is None:
        raise EmployeeNotFoundError(employee_id)
    return employee


async def _owned(uow: ProfileUnitOfWork, employee_id: str, viewer: Viewer) -> Employee:
    """Goals, mentoring and privacy are the employee's own (or HR's) to change."""
    employee, access = await view_profile(uow, employee_id, viewer)
    if access not in (Access.OWNER, Access.ADMIN):
        raise ForbiddenError("only the employee or HR may change this part of a profile")
    return employee


def _count_if_erased(ignored_by: Employee) -> None:
    if ignored_by.erased_at is not None:
        hris_records_for_erased.inc()


async def _save_and_publish(uow: ProfileUnitOfWork, employee: Employee) -> None:
    await uow.employees.save(employee)
    await _publish(uow, employee)


async def _publish(uow: ProfileUnitOfWork, employee: Employee) -> None:
    for event in contract_events(employee, employee.pull_events()):
        await uow.publish(EMPLOYEES, event)
