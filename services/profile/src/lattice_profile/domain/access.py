"""Who may see and change which part of a profile."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from lattice_profile.domain.model import Employee


class Access(StrEnum):
    NONE = "none"
    MANAGER = "manager"  # the direct manager: the profile, but mobility only if not hidden
    OWNER = "owner"  # the employee themself
    ADMIN = "admin"  # HR or a service account


@dataclass(frozen=True)
class Viewer:
    employee_id: str | None
    privileged: bool
    manages_people: bool


def access_of(viewer: Viewer, employee: Employee) -> Access:
    if viewer.privileged:
        return Access.ADMIN
    if viewer.employee_id is None:
        return Access.NONE
    if viewer.employee_id == employee.employee_id:
        return Access.OWNER
    if viewer.manages_people and employee.manager_id == viewer.employee_id:
        return Access.MANAGER
    return Access.NONE


def sees_mobility(access: Access, employee: Employee) -> bool:
    """Career goals, discoverability and mentoring reveal that someone wants to move."""
    if access is Access.MANAGER:
        return not employee.privacy.hide_from_manager
    return access in (Access.OWNER, Access.ADMIN)
