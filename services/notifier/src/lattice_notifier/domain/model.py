"""The notifier's read model of employees and openings, as the matching rules see them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from lattice_platform.contracts.base import (
    EmployeeStatus,
    MoveKind,
    OpeningKind,
    TemporaryKind,
    Track,
)


@dataclass(frozen=True, slots=True)
class HeldSkill:
    level: int
    last_used_on: date | None = None
    acquired_on: date | None = None


@dataclass(frozen=True, slots=True)
class CareerGoal:
    target_role_ids: frozenset[str] = frozenset()
    move_kinds: frozenset[MoveKind] = frozenset()
    willing_to_relocate: bool = False
    acceptable_locations: frozenset[str] = frozenset()
    set_at: datetime | None = None

    def wants(self, kind: MoveKind) -> bool:
        """No stated preference means every kind of move."""
        return not self.move_kinds or kind in self.move_kinds


@dataclass(frozen=True, slots=True)
class Profile:
    grade: int
    track: Track
    department: str
    location: str
    role_start_date: date
    changed_at: datetime
    status: EmployeeStatus = EmployeeStatus.ACTIVE
    discoverable: bool = True
    role_id: str | None = None
    manager_id: str | None = None
    mentor_opt_in: bool = False


@dataclass(frozen=True, slots=True)
class Employee:
    """An employee as known from events. ``profile`` is None until the employee record arrives
    (a skill may be heard of first); such an employee is never eligible."""

    employee_id: str
    partition: int
    profile: Profile | None = None
    skills: Mapping[str, HeldSkill] = field(default_factory=dict)
    goal: CareerGoal = CareerGoal()

    @property
    def withdrawn_from_matching(self) -> bool:
        """Left, or opted out of being discoverable: nothing may be surfaced to them any more."""
        p = self.profile
        return p is not None and (p.status is EmployeeStatus.LEFT or not p.discoverable)

    def with_profile(self, profile: Profile, skills: Mapping[str, HeldSkill]) -> Employee:
        """A new snapshot; the date a skill was acquired survives snapshots that still hold it.
        A skill the snapshot holds higher than this copy did takes the snapshot's acquisition
        date (a learned skill's): the profile's snapshot of a completion may arrive before the
        completion's own ``SkillAcquired``, and must not make the skill look long held."""
        # Not dataclasses.replace (see _with_skill): this runs for every skill of every record.
        before = self.skills.get
        merged = {}
        for skill_id, snapshot in skills.items():
            acquired_on = _acquired_by(before(skill_id), snapshot)
            if acquired_on == snapshot.acquired_on:
                merged[skill_id] = snapshot
            else:
                merged[skill_id] = HeldSkill(snapshot.level, snapshot.last_used_on, acquired_on)
        return Employee(self.employee_id, self.partition, profile, merged, self.goal)

    def with_skill(
        self, skill_id: str, level: int, on: date, *, newly_acquired: bool = True
    ) -> Employee:
        """A skill learned (or raised by learning) on ``on``: completing counts as a use then,
        which never moves a later last use back (a completion reported late, an LMS backfill).
        The profile applies the same rule, and its snapshot is the truth."""
        held = self.skills.get(skill_id)
        last_used = on
        if held is not None and held.last_used_on is not None:
            last_used = max(held.last_used_on, on)
        return self._with_skill(skill_id, level, on, last_used, newly_acquired=newly_acquired)

    def with_declared_skill(
        self,
        skill_id: str,
        level: int,
        on: date,
        last_used_on: date | None,
        *,
        newly_acquired: bool = True,
    ) -> Employee:
        """A skill declared or verified on ``on`` (through the profile, or by the HRIS): last used
        is what the declaration records (None: not known), however old."""
        return self._with_skill(skill_id, level, on, last_used_on, newly_acquired=newly_acquired)

    def _with_skill(
        self,
        skill_id: str,
        level: int,
        on: date,
        last_used_on: date | None,
        *,
        newly_acquired: bool,
    ) -> Employee:
        """Acquired on ``on`` unless only a record catching up (``newly_acquired`` false, e.g. an
        HRIS backfill); a level is never lowered here."""
        held = self.skills.get(skill_id)
        level = max(level, held.level) if held else level
        acquired_on = on if newly_acquired else self._acquired_on(skill_id)
        skills = {**self.skills, skill_id: HeldSkill(level, last_used_on, acquired_on)}
        # Not dataclasses.replace, which reads the fields anew each call (twice the time): this
        # runs for every skill gained.
        return Employee(self.employee_id, self.partition, self.profile, skills, self.goal)

    def with_goal(self, goal: CareerGoal) -> Employee:
        return replace(self, goal=goal)

    def as_left(self) -> Employee:
        """Marked left, the record's time kept: any newer record (a rehire, a rescinded
        termination) still applies."""
        if self.profile is None:
            return self
        return replace(self, profile=replace(self.profile, status=EmployeeStatus.LEFT))

    def _acquired_on(self, skill_id: str) -> date | None:
        held = self.skills.get(skill_id)
        return held.acquired_on if held else None


def _acquired_by(before: HeldSkill | None, snapshot: HeldSkill) -> date | None:
    """When a skill held as ``snapshot`` by a new record was acquired, ``before`` being this
    copy's (see :meth:`Employee.with_profile`)."""
    if before is None or snapshot.level > before.level:
        return snapshot.acquired_on or (before.acquired_on if before else None)
    return before.acquired_on


@dataclass(frozen=True, slots=True)
class Requirement:
    skill_id: str
    level: int
    must_have: bool = False


@dataclass(frozen=True, slots=True)
class Opening:
    opening_id: str
    title: str
    kind: OpeningKind
    grade: int
    track: Track
    hiring_manager_id: str
    required: tuple[Requirement, ...] = ()
    optional: tuple[Requirement, ...] = ()
    temporary_kind: TemporaryKind | None = None
    role_id: str | None = None
    department: str = ""
    locations: frozenset[str] = frozenset()
    remote: bool = False
    min_tenure_months: int = 0
    grade_min: int | None = None
    grade_max: int | None = None
    departments_included: frozenset[str] = frozenset()
    departments_excluded: frozenset[str] = frozenset()
    incumbent_ids: frozenset[str] = frozenset()
    threshold: float | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    time_share_percent: int = 100

    @property
    def must_haves(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.required if r.must_have)

    @property
    def skill_ids(self) -> frozenset[str]:
        return frozenset(r.skill_id for r in (*self.required, *self.optional))


@dataclass(frozen=True, slots=True)
class MatchPolicy:
    """Organisation-wide matching settings."""

    threshold: float = 0.75
    decay_months: int = 24
    optional_bonus: float = 0.05
    near_miss_margin: float = 0.15
    recent_skill_days: int = 90

    def threshold_for(self, opening: Opening) -> float:
        return self.threshold if opening.threshold is None else opening.threshold

    def near_miss_floor(self, opening: Opening) -> float:
        return self.threshold_for(opening) - self.near_miss_margin

    def max_bonus(self, opening: Opening) -> float:
        return self.optional_bonus * len(opening.optional)
