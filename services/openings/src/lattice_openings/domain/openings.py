"""Openings: permanent roles and temporary assignments, from draft to filled or closed."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from lattice_platform.contracts.base import OpeningKind, TemporaryKind, Track
from lattice_platform.skills import Taxonomy

from lattice_openings.domain.common import (
    Actor,
    ForbiddenError,
    Problem,
    RejectedError,
    SkillNeed,
    checked_skills,
    grade_problems,
)
from lattice_openings.domain.roles import Role


class Status(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    FILLED = "filled"
    CLOSED = "closed"


class Ending(StrEnum):
    """How an open opening ended, as ``OpeningClosed.outcome`` says it."""

    FILLED = "filled"
    FILLED_EXTERNALLY = "filled_externally"
    CLOSED = "closed"


@dataclass(frozen=True)
class Eligibility:
    """Who may be offered the opening; empty ``departments_included`` means every department."""

    min_tenure_months: int = 0
    grade_min: int | None = None
    grade_max: int | None = None
    departments_included: tuple[str, ...] = ()
    departments_excluded: tuple[str, ...] = ()


@dataclass(frozen=True)
class Confidential:
    """Seen by HR and the hiring manager only; never shown to employees, never in an event."""

    budget: str | None = None
    salary_band: str | None = None
    internal_notes: str | None = None
    shortlist: tuple[str, ...] = ()


@dataclass(frozen=True)
class OpeningRequest:
    """What a hiring manager or HR writes. ``None`` grade/track are inherited from the role;
    required skills are laid over the role's skill profile unless ``inherit_role_skills`` is off."""

    title: str
    kind: OpeningKind
    department: str
    hiring_manager_id: str | None = None
    role_id: str | None = None
    grade: int | None = None
    track: Track | None = None
    temporary_kind: TemporaryKind | None = None
    time_share_percent: int = 100
    starts_on: date | None = None
    ends_on: date | None = None
    required_skills: tuple[SkillNeed, ...] = ()
    inherit_role_skills: bool = True
    optional_skills: tuple[SkillNeed, ...] = ()
    locations: tuple[str, ...] = ()
    remote: bool = False
    eligibility: Eligibility = Eligibility()
    incumbent_ids: tuple[str, ...] = ()
    match_threshold: float | None = None
    confidential: Confidential = Confidential()


@dataclass(frozen=True)
class OpeningSpec:
    """An opening as resolved and checked: what is stored and, minus confidential, published."""

    title: str
    kind: OpeningKind
    department: str
    hiring_manager_id: str
    grade: int
    track: Track
    role_id: str | None = None
    temporary_kind: TemporaryKind | None = None
    time_share_percent: int = 100
    starts_on: date | None = None
    ends_on: date | None = None
    required_skills: tuple[SkillNeed, ...] = ()
    optional_skills: tuple[SkillNeed, ...] = ()
    locations: tuple[str, ...] = ()
    remote: bool = False
    eligibility: Eligibility = Eligibility()
    incumbent_ids: tuple[str, ...] = ()
    match_threshold: float | None = None
    confidential: Confidential = Confidential()

    def public(self) -> OpeningSpec:
        """The spec without its confidential part."""
        return replace(self, confidential=Confidential())


def hiring_manager_for(request: OpeningRequest, actor: Actor) -> str:
    """HR names the hiring manager; a manager posts only as their own hiring manager."""
    if actor.is_hr:
        if not request.hiring_manager_id:
            raise RejectedError([Problem("hiring_manager_id", "HR must name the hiring manager")])
        return request.hiring_manager_id
    if actor.employee_id is None:
        raise ForbiddenError("only an employee can be a hiring manager")
    if request.hiring_manager_id not in (None, actor.employee_id):
        raise ForbiddenError("a manager posts openings only as their own hiring manager")
    return actor.employee_id


def resolve(
    request: OpeningRequest, hiring_manager_id: str, role: Role | None, taxonomy: Taxonomy
) -> OpeningSpec:
    """Inherit from the role, normalise skill ids and check every rule; all problems at once."""
    problems: list[Problem] = []
    if request.role_id is not None and role is None:
        problems.append(Problem("role_id", f"role {request.role_id!r} is not defined"))
    required, skill_problems = checked_skills(request.required_skills, "required_skills", taxonomy)
    problems += skill_problems
    optional, skill_problems = checked_skills(request.optional_skills, "optional_skills", taxonomy)
    problems += skill_problems
    grade = request.grade if request.grade is not None else role.grade if role else None
    track = request.track or (role.track if role else None)
    if grade is None:
        problems.append(Problem("grade", "give a grade, or a role_id to inherit it from"))
    if track is None:
        problems.append(Problem("track", "give a track, or a role_id to inherit it from"))
    problems += _request_problems(request, required, optional)
    if problems or grade is None or track is None:
        raise RejectedError(problems)
    if role is not None and request.inherit_role_skills:
        required = _laid_over(role.skill_profile, required)
    return OpeningSpec(
        title=request.title.strip(),
        kind=request.kind,
        department=request.department,
        hiring_manager_id=hiring_manager_id,
        grade=grade,
        track=track,
        role_id=request.role_id,
        temporary_kind=request.temporary_kind,
        time_share_percent=request.time_share_percent,
        starts_on=request.starts_on,
        ends_on=request.ends_on,
        required_skills=required,
        optional_skills=tuple(replace(need, must_have=False) for need in optional),
        locations=request.locations,
        remote=request.remote,
        eligibility=request.eligibility,
        incumbent_ids=request.incumbent_ids,
        match_threshold=request.match_threshold,
        confidential=request.confidential,
    )


def _laid_over(
    profile: tuple[SkillNeed, ...], overrides: tuple[SkillNeed, ...]
) -> tuple[SkillNeed, ...]:
    merged = {need.skill_id: need for need in profile}
    merged.update({need.skill_id: need for need in overrides})
    return tuple(merged.values())


def _request_problems(
    request: OpeningRequest, required: tuple[SkillNeed, ...], optional: tuple[SkillNeed, ...]
) -> list[Problem]:
    problems = [
        *_shape_problems(request),
        *_eligibility_problems(request.eligibility),
    ]
    if not request.title.strip():
        problems.append(Problem("title", "an opening needs a title"))
    if request.grade is not None:
        problems += grade_problems(request.grade, "grade")
    if not 1 <= request.time_share_percent <= 100:
        problems.append(Problem("time_share_percent", "the share of time is 1-100 %"))
    if not request.locations and not request.remote:
        problems.append(Problem("locations", "give at least one site, or make it remote"))
    if request.match_threshold is not None and not 0 <= request.match_threshold <= 1:
        problems.append(Problem("match_threshold", "the match threshold is between 0 and 1"))
    both = {n.skill_id for n in required} & {n.skill_id for n in optional}
    if both:
        problems.append(
            Problem("optional_skills", f"skills both required and optional: {sorted(both)}")
        )
    return problems


def _shape_problems(request: OpeningRequest) -> list[Problem]:
    problems = []
    if request.kind is OpeningKind.TEMPORARY:
        if request.temporary_kind is None:
            problems.append(Problem("temporary_kind", "a temporary opening says which kind it is"))
        if request.ends_on is None:
            problems.append(Problem("ends_on", "a temporary opening needs an end date"))
    else:
        if request.temporary_kind is not None:
            problems.append(Problem("temporary_kind", "only a temporary opening has a subtype"))
        if request.ends_on is not None:
            problems.append(Problem("ends_on", "a permanent role has no end date"))
    if request.starts_on and request.ends_on and request.ends_on < request.starts_on:
        problems.append(
            Problem(
                "ends_on",
                f"the end ({request.ends_on}) is before the start ({request.starts_on})",
            )
        )
    return problems


def _eligibility_problems(rules: Eligibility) -> list[Problem]:
    problems = []
    if rules.min_tenure_months < 0:
        problems.append(Problem("eligibility.min_tenure_months", "tenure cannot be negative"))
    for name, grade in (("grade_min", rules.grade_min), ("grade_max", rules.grade_max)):
        if grade is not None:
            problems += grade_problems(grade, f"eligibility.{name}")
    if (
        rules.grade_min is not None
        and rules.grade_max is not None
        and rules.grade_min > rules.grade_max
    ):
        problems.append(
            Problem("eligibility.grade_max", "the grade range ends below where it starts")
        )
    both = set(rules.departments_included) & set(rules.departments_excluded)
    if both:
        problems.append(
            Problem(
                "eligibility.departments_excluded", f"both included and excluded: {sorted(both)}"
            )
        )
    return problems


# --------------------------------------------------------------------------- lifecycle


@dataclass(frozen=True)
class OpeningOpened:
    opening_id: str
    spec: OpeningSpec
    at: datetime


@dataclass(frozen=True)
class OpeningRevised:
    opening_id: str
    spec: OpeningSpec
    at: datetime


@dataclass(frozen=True)
class OpeningEnded:
    opening_id: str
    outcome: Ending
    at: datetime


OpeningEvent = OpeningOpened | OpeningRevised | OpeningEnded


class IllegalTransitionError(Exception):
    """A lifecycle step the opening's status does not allow; the message says why."""


@dataclass
class Opening:
    """The aggregate: its status changes only through these methods, which record events.

    Only an open opening is known outside: opening it posts it, changing its public part updates
    it, filling or closing it closes it. A draft closes silently.
    """

    opening_id: str
    spec: OpeningSpec
    status: Status = Status.DRAFT
    events: list[OpeningEvent] = field(default_factory=list, compare=False, repr=False)

    def managed_by(self, actor: Actor) -> bool:
        return actor.is_hr or self.spec.hiring_manager_id == actor.employee_id

    def revise(self, spec: OpeningSpec, at: datetime) -> None:
        self._require({Status.DRAFT, Status.OPEN}, "change")
        public_change = spec.public() != self.spec.public()
        self.spec = spec
        if self.status is Status.OPEN and public_change:
            self.events.append(OpeningRevised(self.opening_id, spec, at))

    def open(self, at: datetime) -> None:
        self._require({Status.DRAFT}, "open")
        self.status = Status.OPEN
        self.events.append(OpeningOpened(self.opening_id, self.spec, at))

    def fill(self, at: datetime) -> None:
        self._require({Status.OPEN}, "fill")
        self.status = Status.FILLED
        self.events.append(OpeningEnded(self.opening_id, Ending.FILLED, at))

    def fill_externally(self, at: datetime) -> None:
        self._require({Status.OPEN}, "fill")
        self.status = Status.FILLED
        self.events.append(OpeningEnded(self.opening_id, Ending.FILLED_EXTERNALLY, at))

    def close(self, at: datetime) -> None:
        self._require({Status.DRAFT, Status.OPEN}, "close")
        was_open = self.status is Status.OPEN
        self.status = Status.CLOSED
        if was_open:
            self.events.append(OpeningEnded(self.opening_id, Ending.CLOSED, at))

    def expire(self, today: date, at: datetime) -> bool:
        """Close an open opening whose end date has passed; say whether it closed."""
        ends_on = self.spec.ends_on
        if self.status is not Status.OPEN or ends_on is None or today <= ends_on:
            return False
        self.close(at)
        return True

    def _require(self, allowed: set[Status], action: str) -> None:
        if self.status not in allowed:
            wanted = " or ".join(sorted(s.value for s in allowed))
            raise IllegalTransitionError(
                f"cannot {action} opening {self.opening_id}: it is {self.status.value}, "
                f"and only {wanted} openings can be {_past(action)}"
            )


def _past(action: str) -> str:
    return {"change": "changed", "open": "opened", "fill": "filled", "close": "closed"}[action]
