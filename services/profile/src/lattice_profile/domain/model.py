"""The employee profile and the rules that govern it. Pure: no I/O, the clock is passed in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from lattice_platform.contracts.base import EmployeeStatus, MoveKind, SkillSource, Track

from lattice_profile.domain.events import (
    Departed,
    DomainEvent,
    EmploymentChanged,
    GoalsSet,
    ProfileEdited,
    SkillRaised,
)

MIN_LEVEL, MAX_LEVEL = 1, 5
_TICK = timedelta(microseconds=1)


class ProfileError(Exception):
    """A request the profile's rules refuse."""


class InvalidLevelError(ProfileError, ValueError):
    def __init__(self, level: int) -> None:
        super().__init__(f"proficiency must be between {MIN_LEVEL} and {MAX_LEVEL}, got {level}")


class EmployeeHasLeftError(ProfileError):
    def __init__(self, employee_id: str) -> None:
        super().__init__(f"employee {employee_id} has left; their profile can no longer be edited")


class NotErasableError(ProfileError):
    def __init__(self, employee_id: str) -> None:
        super().__init__(f"employee {employee_id} has not left; only a departed employee is erased")


class UnknownSkillOnProfileError(ProfileError, KeyError):
    def __init__(self, employee_id: str, skill_id: str) -> None:
        super().__init__(f"employee {employee_id} holds no skill {skill_id!r}")


@dataclass(frozen=True)
class HeldSkill:
    skill_id: str
    level: int
    source: SkillSource
    last_used_on: date | None

    def __post_init__(self) -> None:
        if not MIN_LEVEL <= self.level <= MAX_LEVEL:
            raise InvalidLevelError(self.level)


@dataclass(frozen=True)
class CareerGoals:
    target_role_ids: tuple[str, ...] = ()
    move_kinds: tuple[MoveKind, ...] = ()
    willing_to_relocate: bool = False
    acceptable_locations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Privacy:
    discoverable: bool
    hide_from_manager: bool = False


@dataclass(frozen=True)
class EmploymentRecord:
    """What the HRIS says about an employee's employment, as of ``effective_at``."""

    employee_id: str
    name: str
    work_email: str
    role_id: str | None
    grade: int
    track: Track
    department: str
    location: str
    manager_id: str | None
    hire_date: date
    role_start_date: date
    status: EmployeeStatus
    effective_at: datetime


@dataclass
class Employee:
    """One employee's profile. ``hris_effective_at`` orders HRIS changes: an older one is ignored.

    ``changed_at`` only moves forward, so consumers that keep the newest snapshot never drop a
    later change whose HRIS effective time happens to be in the past.
    """

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
    privacy: Privacy
    hris_effective_at: datetime
    changed_at: datetime
    skills: dict[str, HeldSkill] = field(default_factory=dict)
    goals: CareerGoals | None = None
    goals_set_at: datetime | None = None
    mentor_opt_in: bool = False
    left_on: date | None = None
    erased_at: datetime | None = None
    events: list[DomainEvent] = field(default_factory=list, compare=False, repr=False)

    # ------------------------------------------------------------------ HRIS

    @classmethod
    def hire(cls, record: EmploymentRecord, *, discoverable_by_default: bool) -> Employee:
        employee = cls(
            employee_id=record.employee_id,
            name=record.name,
            work_email=record.work_email,
            role_id=record.role_id,
            grade=record.grade,
            track=record.track,
            department=record.department,
            location=record.location,
            manager_id=record.manager_id,
            hire_date=record.hire_date,
            role_start_date=record.role_start_date,
            status=record.status,
            privacy=Privacy(discoverable=discoverable_by_default),
            hris_effective_at=record.effective_at,
            changed_at=record.effective_at,
        )
        employee.events.append(EmploymentChanged())
        if record.status is EmployeeStatus.LEFT:
            employee._depart(record.effective_at.date())
        return employee

    def apply_employment(self, record: EmploymentRecord) -> bool:
        """Apply an HRIS change unless a newer (or the same) one was applied already.

        An erased employee stays erased: only a re-hire (below) is applied to them. The record
        never touches skills, goals, mentoring or privacy, whoever set them.
        """
        if record.effective_at <= self.hris_effective_at:
            return False
        if self.erased_at is not None and not self.rehired_by(record):
            return False
        was_left = self.status is EmployeeStatus.LEFT
        self.hris_effective_at = record.effective_at
        self.name, self.work_email = record.name, record.work_email
        self.role_id, self.grade, self.track = record.role_id, record.grade, record.track
        self.department, self.location = record.department, record.location
        self.manager_id = record.manager_id
        self.hire_date, self.role_start_date = record.hire_date, record.role_start_date
        self.status = record.status
        if record.status is not EmployeeStatus.LEFT:
            self.left_on = None
            self.erased_at = None
        self._touch(record.effective_at)
        self.events.append(EmploymentChanged())
        if record.status is EmployeeStatus.LEFT and not was_left:
            self._depart(record.effective_at.date())
        return True

    def rehired_by(self, record: EmploymentRecord) -> bool:
        """Whether a record hires this departed person again: employed, with a hire date after
        the day they left. Records from before a departure (a replay, a nightly sync of the
        leaver) never qualify, so they cannot restore what an erasure removed."""
        return (
            self.left_on is not None
            and record.status is not EmployeeStatus.LEFT
            and record.hire_date > self.left_on
        )

    def terminate(self, left_on: date, effective_at: datetime) -> bool:
        if effective_at <= self.hris_effective_at:
            return False
        self.hris_effective_at = effective_at
        if self.status is EmployeeStatus.LEFT:
            return False
        self.status = EmployeeStatus.LEFT
        self._touch(effective_at)
        self.events.append(EmploymentChanged())
        self._depart(left_on)
        return True

    def _depart(self, left_on: date) -> None:
        self.left_on = left_on
        self.events.append(Departed(left_on=left_on))

    # ------------------------------------------------------------------ skills

    def set_skill(
        self,
        skill_id: str,
        level: int,
        source: SkillSource,
        last_used_on: date | None,
        at: datetime,
    ) -> None:
        """Declare or verify a skill at a level (which may be lower than before)."""
        self._editable()
        held = self.skills.get(skill_id)
        new = HeldSkill(skill_id, level, source, last_used_on)
        if held == new:
            return
        self.skills[skill_id] = new
        self._touch(at)
        self._record_skill_change(held, new, at, evidence=None)

    def learn(self, skill_id: str, level: int, acquired_at: datetime, evidence: str | None) -> None:
        """A learning completion: the level only ever rises, and completing counts as a use on
        the completion date that never moves a later last use back (a completion reported late,
        or an LMS history backfill, does not make a skill in use today stale).

        A completion reported after the employee left changes nothing: their profile is closed
        (and may have been erased).
        """
        if self.status is EmployeeStatus.LEFT:
            return
        held = self.skills.get(skill_id)
        acquired_on = acquired_at.date()
        last_used = acquired_on
        if held is not None and held.last_used_on is not None:
            last_used = max(held.last_used_on, acquired_on)
        if held is None or level > held.level:
            new = HeldSkill(skill_id, level, SkillSource.LEARNING, last_used)
        else:
            new = replace(held, last_used_on=last_used)
        if held == new:
            return
        self.skills[skill_id] = new
        self._touch(acquired_at)
        self._record_skill_change(held, new, acquired_at, evidence)

    def use_skills(self, skill_ids: Iterable[str], used_on: date, at: datetime) -> None:
        """Skills put to use (a temporary assignment that ended): each one held counts as used
        on ``used_on``, never moving a later last use back. A skill not held is not added: its
        level is nobody's guess. Nothing changes once the employee has left."""
        if self.status is EmployeeStatus.LEFT:
            return
        changed = False
        for skill_id in skill_ids:
            held = self.skills.get(skill_id)
            if held is None or (held.last_used_on is not None and held.last_used_on >= used_on):
                continue
            self.skills[skill_id] = replace(held, last_used_on=used_on)
            changed = True
        if changed:
            self._touch(at)
            self.events.append(ProfileEdited())

    def remove_skill(self, skill_id: str, at: datetime) -> None:
        self._editable()
        if skill_id not in self.skills:
            raise UnknownSkillOnProfileError(self.employee_id, skill_id)
        del self.skills[skill_id]
        self._touch(at)
        self.events.append(ProfileEdited())

    def _record_skill_change(
        self, held: HeldSkill | None, new: HeldSkill, at: datetime, evidence: str | None
    ) -> None:
        if held is None or new.level > held.level:
            self.events.append(
                SkillRaised(
                    skill_id=new.skill_id,
                    level=new.level,
                    previous_level=held.level if held else None,
                    source=new.source,
                    evidence=evidence,
                    at=at,
                    last_used_on=new.last_used_on,
                )
            )
        else:
            self.events.append(ProfileEdited())

    # ------------------------------------------------------------------ goals and privacy

    def set_goals(self, goals: CareerGoals, at: datetime) -> None:
        self._editable()
        self.goals = goals
        self.goals_set_at = at
        self.events.append(GoalsSet(goals=goals, at=at))

    def set_mentor_opt_in(self, opt_in: bool, at: datetime) -> None:
        self._editable()
        if opt_in != self.mentor_opt_in:
            self.mentor_opt_in = opt_in
            self._touch(at)
            self.events.append(ProfileEdited())

    def set_privacy(self, privacy: Privacy, at: datetime) -> None:
        self._editable()
        if privacy != self.privacy:
            self.privacy = privacy
            self._touch(at)
            self.events.append(ProfileEdited())

    # ------------------------------------------------------------------ erasure

    def erase(self, at: datetime) -> None:
        """Forget everything personal about a departed employee; the id and the HRIS order stay.

        The snapshot changes too, so consumers' copies forget the skills and manager link.
        """
        if self.status is not EmployeeStatus.LEFT:
            raise NotErasableError(self.employee_id)
        self.name = self.work_email = None
        self.manager_id = None
        self.skills = {}
        self.goals = None
        self.goals_set_at = None
        self.mentor_opt_in = False
        self.privacy = Privacy(discoverable=False)
        self.erased_at = at
        self._touch(at)
        self.events.append(ProfileEdited())

    # ------------------------------------------------------------------ helpers

    def pull_events(self) -> list[DomainEvent]:
        pulled, self.events = self.events, []
        return pulled

    def _editable(self) -> None:
        if self.status is EmployeeStatus.LEFT:
            raise EmployeeHasLeftError(self.employee_id)

    def _touch(self, at: datetime) -> None:
        self.changed_at = max(at, self.changed_at + _TICK)
