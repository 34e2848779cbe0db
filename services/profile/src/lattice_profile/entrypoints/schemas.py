"""HTTP request and response bodies. A profile view shows what the viewer's access allows."""

from __future__ import annotations

from datetime import date, datetime

from lattice_platform.contracts.base import (
    NO_NUL,
    EmployeeStatus,
    Id,
    MoveKind,
    SkillSource,
    Track,
)
from lattice_platform.paging import Page
from pydantic import BaseModel, ConfigDict, Field

from lattice_profile.domain.access import Access, sees_mobility
from lattice_profile.domain.model import MAX_LEVEL, MIN_LEVEL, CareerGoals, Employee, Privacy


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SkillIn(_Body):
    skill: str = Field(
        min_length=1,
        max_length=200,
        pattern=NO_NUL,
        description="A skill id, name, alias or ESCO URI; normalised by the taxonomy.",
        examples=["Python 3"],
    )
    level: int = Field(ge=MIN_LEVEL, le=MAX_LEVEL, description="Proficiency 1-5.", examples=[4])
    last_used_on: date | None = Field(None, description="When last used or verified.")


class GoalsIn(_Body):
    target_role_ids: list[Id] = Field(default_factory=list, max_length=20, examples=[["swe-3"]])
    move_kinds: list[MoveKind] = Field(
        default_factory=list,
        max_length=len(MoveKind),
        description="Kinds of move wanted; empty means every kind.",
    )
    willing_to_relocate: bool = False
    acceptable_locations: list[Id] = Field(default_factory=list, max_length=50)

    def goals(self) -> CareerGoals:
        return CareerGoals(
            target_role_ids=tuple(dict.fromkeys(self.target_role_ids)),
            move_kinds=tuple(dict.fromkeys(self.move_kinds)),
            willing_to_relocate=self.willing_to_relocate,
            acceptable_locations=tuple(dict.fromkeys(self.acceptable_locations)),
        )


class MentoringIn(_Body):
    mentor_opt_in: bool


class PrivacyIn(_Body):
    discoverable: bool = Field(description="May opportunities be surfaced to me?")
    hide_mobility_from_manager: bool = Field(
        description="Keep my career goals and discoverability from my manager."
    )

    def privacy(self) -> Privacy:
        return Privacy(self.discoverable, self.hide_mobility_from_manager)


class SkillView(BaseModel):
    skill_id: str
    level: int
    source: SkillSource
    last_used_on: date | None


class GoalsView(BaseModel):
    target_role_ids: list[str]
    move_kinds: list[MoveKind]
    willing_to_relocate: bool
    acceptable_locations: list[str]
    set_at: datetime | None


class PrivacyView(BaseModel):
    discoverable: bool
    hide_mobility_from_manager: bool


class ProfileView(BaseModel):
    employee_id: str
    name: str | None
    work_email: str | None
    role_id: str | None
    grade: int
    track: Track
    department: str
    location: str
    manager_id: str | None
    hire_date: date
    role_start_date: date
    status: EmployeeStatus
    left_on: date | None
    skills: list[SkillView]
    mentor_opt_in: bool
    goals: GoalsView | None = Field(
        description="Career goals; absent when not set or not the viewer's to see."
    )
    privacy: PrivacyView | None = Field(description="Absent when not the viewer's to see.")
    changed_at: datetime
    erased: bool

    @classmethod
    def of(cls, employee: Employee, access: Access) -> ProfileView:
        mobility = sees_mobility(access, employee)
        goals = employee.goals if mobility else None
        return cls(
            employee_id=employee.employee_id,
            name=employee.name,
            work_email=employee.work_email,
            role_id=employee.role_id,
            grade=employee.grade,
            track=employee.track,
            department=employee.department,
            location=employee.location,
            manager_id=employee.manager_id,
            hire_date=employee.hire_date,
            role_start_date=employee.role_start_date,
            status=employee.status,
            left_on=employee.left_on,
            skills=[
                SkillView(
                    skill_id=s.skill_id,
                    level=s.level,
                    source=s.source,
                    last_used_on=s.last_used_on,
                )
                for s in sorted(employee.skills.values(), key=lambda s: s.skill_id)
            ],
            mentor_opt_in=employee.mentor_opt_in,
            goals=None
            if goals is None
            else GoalsView(
                target_role_ids=list(goals.target_role_ids),
                move_kinds=list(goals.move_kinds),
                willing_to_relocate=goals.willing_to_relocate,
                acceptable_locations=list(goals.acceptable_locations),
                set_at=employee.goals_set_at,
            ),
            privacy=PrivacyView(
                discoverable=employee.privacy.discoverable,
                hide_mobility_from_manager=employee.privacy.hide_from_manager,
            )
            if mobility
            else None,
            changed_at=employee.changed_at,
            erased=employee.erased_at is not None,
        )


class ProfilePage(Page[ProfileView]):
    pass


class WebhookAccepted(BaseModel):
    employee_id: str
    applied: bool = Field(description="False when a newer change had been applied already.")
