"""The event catalogue of the whole suite: every event that crosses a service boundary.

Events are facts, named in the past tense. Each carries only what its consumers need: employee
events never carry a name or an email address.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from lattice_platform.contracts.base import (
    EXAMPLE_DATE,
    EXAMPLE_TIME,
    Email,
    EmployeeStatus,
    Event,
    Id,
    JsonDict,
    Key,
    Many,
    MoveKind,
    Name,
    OpeningKind,
    SkillSource,
    TemporaryKind,
    Text,
    Track,
    Upcaster,
    described,
    example_of,
)


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SkillLevel(_Part):
    skill_id: Id = described("Canonical skill id from the taxonomy.", "python")
    level: int = described("Proficiency from 1 (aware) to 5 (expert).", 3, ge=1, le=5)


class HeldSkill(SkillLevel):
    source: SkillSource = described("Who vouched for the skill.", SkillSource.SELF)
    last_used_on: date | None = described(
        "When the skill was last used or verified; drives 'use it or lose it'.", EXAMPLE_DATE
    )


class RequiredSkill(SkillLevel):
    must_have: bool = described("Below this level the employee is not a match at all.", False)


# --------------------------------------------------------------------------- profile


def _employee_upserted_v1_to_v2(payload: JsonDict) -> JsonDict:
    # v2 added the mentor opt-in; v1 producers never offered mentoring.
    return {**payload, "mentor_opt_in": False}


class EmployeeUpserted(Event):
    """An employee was hired or their employment record changed (role, grade, location...)."""

    event_type: ClassVar[str] = "io.lattice.profile.employee.upserted"
    schema_version: ClassVar[int] = 2
    key_field: ClassVar[str] = "employee_id"
    upcasters: ClassVar[dict[int, Upcaster]] = {1: _employee_upserted_v1_to_v2}

    employee_id: Id = described("Stable employee id (the HRIS id).", "E1001")
    role_id: Id | None = described("Current role in the job architecture.", "swe-2")
    grade: int = described("Grade / level on the ladder.", 5, ge=0, le=30)
    track: Track = described(
        "Management or individual-contributor track.", Track.INDIVIDUAL_CONTRIBUTOR
    )
    department: Id = described("Department id.", "engineering")
    location: Id = described("Site id.", "lisbon")
    manager_id: Id | None = described("Direct manager's employee id.", "E0042")
    hire_date: date = described("First day with the company.", EXAMPLE_DATE)
    role_start_date: date = described("First day in the current role.", EXAMPLE_DATE)
    status: EmployeeStatus = described("Employment status.", EmployeeStatus.ACTIVE)
    discoverable: bool = described("Whether the employee may be surfaced opportunities.", True)
    skills: Many[HeldSkill] = described(
        "Every skill the employee holds, as of this change.",
        [{"skill_id": "python", "level": 4, "source": "self", "last_used_on": "2026-01-10"}],
    )
    mentor_opt_in: bool = described("Willing to mentor people who aim for their role.", False)
    hidden_from_manager: bool = described(
        "The employee hides their mobility activity from their current manager until a release "
        "is requested. Absent from records written before it existed: false.",
        False,
        default=False,
    )
    erased: bool = described(
        "HR erased the person (after they left): this is the last snapshot of them, and "
        "consumers forget the free text they wrote (notes, reasons). Absent from records "
        "written before it existed: false.",
        False,
        default=False,
    )
    changed_at: datetime = described(
        "When the change happened at the source; an older change never overwrites a newer one.",
        EXAMPLE_TIME,
    )


class EmployeeLeft(Event):
    """An employee left the company. Carries the id only."""

    event_type: ClassVar[str] = "io.lattice.profile.employee.left"
    key_field: ClassVar[str] = "employee_id"

    employee_id: Id = described("Employee id.", "E1001")
    left_on: date = described("Last day of employment.", EXAMPLE_DATE)


class CareerGoalSet(Event):
    """An employee stated (or changed) where they want to go and how."""

    event_type: ClassVar[str] = "io.lattice.profile.career-goal.set"
    key_field: ClassVar[str] = "employee_id"

    employee_id: Id = described("Employee id.", "E1001")
    target_role_ids: Many[Id] = described("Roles the employee aims for.", ["swe-3"])
    move_kinds: Many[MoveKind] = described(
        "Kinds of move wanted; empty means every kind.", ["promotion", "temporary"]
    )
    willing_to_relocate: bool = described("Would move to any site.", False)
    acceptable_locations: Many[Id] = described(
        "Sites acceptable besides the current one.", ["porto"]
    )
    set_at: datetime = described("When the goal was set.", EXAMPLE_TIME)


class SkillAcquired(Event):
    """An employee gained a skill or a higher level of one (declared, verified or learned)."""

    event_type: ClassVar[str] = "io.lattice.skill.acquired"
    key_field: ClassVar[str] = "employee_id"

    employee_id: Id = described("Employee id.", "E1001")
    skill_id: Id = described("Canonical skill id.", "kubernetes")
    level: int = described("The new proficiency, 1-5.", 3, ge=1, le=5)
    previous_level: int | None = described("Level held before, if any.", 2, ge=1, le=5)
    source: SkillSource = described("Who vouched for it.", SkillSource.LEARNING)
    evidence: Id | None = described("What proves it, e.g. a catalogue item id.", "course-k8s-101")
    acquired_at: datetime = described("When it was acquired.", EXAMPLE_TIME)
    last_used_on: date | None = described(
        "When the skill was last used, as the profile records it with this change (a declared"
        " date may be years old; absent: not known). Not set by a learning completion: completing"
        " counts as a use on the day of `acquired_at`, and never moves a later last use back.",
        EXAMPLE_DATE,
        default=None,
    )


# --------------------------------------------------------------------------- openings


class RoleDefined(Event):
    """A role of the job architecture was defined or changed."""

    event_type: ClassVar[str] = "io.lattice.openings.role.defined"
    key_field: ClassVar[str] = "role_id"

    role_id: Id = described("Role id.", "swe-3")
    title: Name = described("Role title.", "Senior Software Engineer")
    job_family: Id = described("Job family.", "engineering")
    track: Track = described("Track of the dual ladder.", Track.INDIVIDUAL_CONTRIBUTOR)
    grade: int = described("Grade of the role.", 6, ge=0, le=30)
    skill_profile: Many[SkillLevel] = described(
        "Skills the role needs, with minimum levels.", [{"skill_id": "python", "level": 4}]
    )
    next_role_ids: Many[Id] = described(
        "Roles reachable from this one (upward, lateral or track switch).", ["swe-4", "em-1"]
    )


class OpeningDetails(_Part):
    """Everything a matcher needs to know about an opening (never its confidential fields)."""

    opening_id: Id = described("Opening id.", "OP-17")
    title: Name = described("Public title.", "Platform secondment")
    kind: OpeningKind = described("Permanent role or temporary assignment.", OpeningKind.TEMPORARY)
    temporary_kind: TemporaryKind | None = described(
        "Subtype of a temporary assignment.", "secondment"
    )
    time_share_percent: int = described("Share of working time.", 100, ge=1, le=100)
    starts_on: date | None = described("Start of a temporary assignment.", EXAMPLE_DATE)
    ends_on: date | None = described("End of a temporary assignment.", date(2024, 11, 1))
    role_id: Id | None = described("Role in the job architecture it fills.", "swe-3")
    grade: int = described("Grade of the opening.", 6, ge=0, le=30)
    track: Track = described("Track of the opening.", Track.INDIVIDUAL_CONTRIBUTOR)
    department: Id = described("Department that owns it.", "platform")
    required_skills: Many[RequiredSkill] = described(
        "Required skills with minimum levels.",
        [{"skill_id": "kubernetes", "level": 3, "must_have": True}],
    )
    optional_skills: Many[SkillLevel] = described(
        "Nice-to-have skills.", [{"skill_id": "go", "level": 2}]
    )
    locations: Many[Id] = described("Sites where the work is done.", ["lisbon"])
    remote: bool = described("Can be done from anywhere.", False)
    min_tenure_months: int = described("Minimum months in current role.", 12, ge=0)
    grade_min: int | None = described("Lowest eligible grade (inclusive).", 5)
    grade_max: int | None = described("Highest eligible grade (inclusive).", 6)
    departments_included: Many[Id] = described("Only these departments; empty = all.", [])
    departments_excluded: Many[Id] = described("Never these departments.", [])
    hiring_manager_id: Id = described("Hiring manager's employee id.", "E0042")
    incumbent_ids: Many[Id] = described("Employees already in this position.", [])
    match_threshold: float | None = described(
        "Score needed to be surfaced; the organisation default when absent.", 0.75, ge=0, le=1
    )


class OpeningPosted(Event):
    """An opening was opened to candidates."""

    event_type: ClassVar[str] = "io.lattice.openings.opening.posted"
    key_field: ClassVar[str] = "opening_id"

    opening_id: Id = described("Opening id.", "OP-17")
    opening: OpeningDetails = described("The opening as posted.", example_of(OpeningDetails))
    posted_at: datetime = described("When it opened.", EXAMPLE_TIME)


class OpeningUpdated(Event):
    """An open opening changed (skills, eligibility, dates...)."""

    event_type: ClassVar[str] = "io.lattice.openings.opening.updated"
    key_field: ClassVar[str] = "opening_id"

    opening_id: Id = described("Opening id.", "OP-17")
    opening: OpeningDetails = described("The opening as it is now.", example_of(OpeningDetails))
    updated_at: datetime = described("When it changed.", EXAMPLE_TIME)


class OpeningClosed(Event):
    """An opening was filled or closed; its opportunities are withdrawn."""

    event_type: ClassVar[str] = "io.lattice.openings.opening.closed"
    key_field: ClassVar[str] = "opening_id"

    opening_id: Id = described("Opening id.", "OP-17")
    outcome: str = described(
        "'filled' (by an internal placement), 'filled_externally', or 'closed' (cancelled, or "
        "its end date passed).",
        "filled",
        pattern="^(filled|filled_externally|closed)$",
        max_length=17,
    )
    closed_at: datetime = described("When it closed.", EXAMPLE_TIME)


# --------------------------------------------------------------------------- learning


class LearningCompleted(Event):
    """An employee completed a catalogue item (course, coaching, programme, certification)."""

    event_type: ClassVar[str] = "io.lattice.learning.completed"
    key_field: ClassVar[str] = "employee_id"

    completion_id: Key = described("Id of the completion (unique per completion).", "C-88")
    employee_id: Id = described("Employee id.", "E1001")
    item_id: Id = described("Catalogue item id.", "course-k8s-101")
    skills_built: Many[SkillLevel] = described(
        "Skills and levels the item builds.", [{"skill_id": "kubernetes", "level": 3}]
    )
    completed_at: datetime = described("When it was completed.", EXAMPLE_TIME)


class CatalogueItemChanged(Event):
    """A learning item was added, changed or retired: what it teaches, for services that point
    people at learning (the catalogue is a compacted changelog, one record per item)."""

    event_type: ClassVar[str] = "io.lattice.learning.catalogue-item.changed"
    key_field: ClassVar[str] = "item_id"

    item_id: Id = described("Catalogue item id.", "course-k8s-101")
    title: Name = described("Item title.", "Kubernetes fundamentals")
    skills_built: Many[SkillLevel] = described(
        "Skills and the level the item brings a learner to.",
        [{"skill_id": "kubernetes", "level": 3}],
    )
    available: bool = described("False once the item is retired.", True)
    changed_at: datetime = described("When.", EXAMPLE_TIME)


class RecommendedItem(_Part):
    item_id: Id = described("Catalogue item id.", "course-k8s-101")
    title: Name = described("Item title.", "Kubernetes fundamentals")
    skills_built: Many[SkillLevel] = described(
        "Skills it builds.", [{"skill_id": "kubernetes", "level": 3}]
    )


class LearningRecommended(Event):
    """Learning that closes the gap to a near-miss opportunity or a career goal."""

    event_type: ClassVar[str] = "io.lattice.learning.recommended"
    key_field: ClassVar[str] = "employee_id"

    employee_id: Id = described("Employee id.", "E1001")
    opening_id: Id | None = described("The opportunity it unlocks, if any.", "OP-17")
    target_role_id: Id | None = described("The career goal it serves, if any.", None)
    gap: Many[SkillLevel] = described(
        "Skills (and levels) missing.", [{"skill_id": "kubernetes", "level": 3}]
    )
    items: Many[RecommendedItem] = described("Items to take, fewest first.", [])
    uncovered: Many[Id] = described("Missing skills no catalogue item builds.", [])
    recommended_at: datetime = described("When it was recommended.", EXAMPLE_TIME)


class MentorSuggested(Event):
    """A mentor who holds the role an employee aims for."""

    event_type: ClassVar[str] = "io.lattice.learning.mentor.suggested"
    key_field: ClassVar[str] = "employee_id"

    employee_id: Id = described("Mentee's employee id.", "E1001")
    mentor_id: Id = described("Mentor's employee id.", "E0007")
    target_role_id: Id = described("The role the mentee aims for.", "swe-3")
    suggested_at: datetime = described("When it was suggested.", EXAMPLE_TIME)


# --------------------------------------------------------------------------- notifier


class SkillMatch(_Part):
    skill_id: Id = described("Skill id.", "kubernetes")
    required_level: int = described("Level the opening asks for.", 3, ge=1, le=5)
    held_level: int = described("Level the employee holds (0 if none).", 4, ge=0, le=5)
    effective_level: int = described("Held level after 'use it or lose it' decay.", 4, ge=0, le=5)
    must_have: bool = described("Whether it is a must-have.", True)
    stale: bool = described("Not used for longer than the decay window.", False)


class Explanation(_Part):
    mobility_type: MoveKind = described("Kind of move for this employee.", MoveKind.TEMPORARY)
    score: float = described("Match score 0-1 (optional-skill bonus included, capped at 1).", 0.92)
    threshold: float = described("Score needed for this opening.", 0.75)
    matched_skills: Many[SkillMatch] = described("Required skills at or above their level.", [])
    missing_skills: Many[SkillMatch] = described("Required skills missing or below level.", [])
    optional_matched: Many[Id] = described("Optional skills the employee has.", ["go"])
    reasons: Many[Id] = described("Ranking reasons.", ["fits_career_goal", "uses_recent_skill"])


class OpportunitySurfaced(Event):
    """An opportunity was surfaced to an eligible employee who wants it (once per pair)."""

    event_type: ClassVar[str] = "io.lattice.notifier.opportunity.surfaced"
    key_field: ClassVar[str] = "employee_id"

    opportunity_id: Key = described("Id of this (employee, opening) surfacing.", "E1001:OP-17:1")
    employee_id: Id = described("Employee id.", "E1001")
    opening_id: Id = described("Opening id.", "OP-17")
    title: Name = described("Opening title.", "Platform secondment")
    kind: OpeningKind = described("Opening kind.", OpeningKind.TEMPORARY)
    temporary_kind: TemporaryKind | None = described("Temporary subtype.", TemporaryKind.SECONDMENT)
    explanation: Explanation = described("Why it was surfaced.", example_of(Explanation))
    surfaced_at: datetime = described("When.", EXAMPLE_TIME)


class OpportunityWithdrawn(Event):
    """A surfaced opportunity no longer stands (opening closed, employee left or ineligible)."""

    event_type: ClassVar[str] = "io.lattice.notifier.opportunity.withdrawn"
    key_field: ClassVar[str] = "employee_id"

    opportunity_id: Key = described("Id of the surfacing withdrawn.", "E1001:OP-17:1")
    employee_id: Id = described("Employee id.", "E1001")
    opening_id: Id = described("Opening id.", "OP-17")
    reason: Id = described(
        "opening_closed, employee_left, opted_out or no_longer_eligible.", "opening_closed"
    )
    withdrawn_at: datetime = described("When.", EXAMPLE_TIME)


class OpportunityDigested(Event):
    """Opportunities beyond the employee's daily cap, gathered into one digest."""

    event_type: ClassVar[str] = "io.lattice.notifier.opportunity.digested"
    key_field: ClassVar[str] = "employee_id"

    employee_id: Id = described("Employee id.", "E1001")
    day: date = described("The day the digest covers.", EXAMPLE_DATE)
    opportunity_ids: Many[Key] = described("Surfacings held back by the cap.", ["E1001:OP-18:1"])
    opening_ids: Many[Id] = described("Their openings.", ["OP-18"])


class NearMissDetected(Event):
    """An employee nearly matches an opening; learning recommends recommends what closes the gap."""

    event_type: ClassVar[str] = "io.lattice.notifier.near-miss.detected"
    key_field: ClassVar[str] = "employee_id"

    employee_id: Id = described("Employee id.", "E1001")
    opening_id: Id = described("Opening id.", "OP-17")
    score: float = described("Current score.", 0.6)
    threshold: float = described("Score needed.", 0.75)
    missing_skills: Many[SkillMatch] = described("What is missing or below level.", [])
    detected_at: datetime = described("When.", EXAMPLE_TIME)


# --------------------------------------------------------------------------- the mobility loop


class DismissReason(StrEnum):
    NOT_NOW = "not_now"
    LOCATION = "location"
    NOT_MY_DIRECTION = "not_my_direction"
    ALREADY_DISCUSSED = "already_discussed"
    OTHER = "other"


class InterestExpressed(Event):
    """An employee is interested in an opening: from a feed item, or an open opening they browsed
    to and are eligible for. The opening's owner makes it an application."""

    event_type: ClassVar[str] = "io.lattice.notifier.interest.expressed"
    key_field: ClassVar[str] = "employee_id"

    employee_id: Id = described("Employee id.", "E1001")
    opening_id: Id = described("Opening id.", "OP-17")
    opportunity_id: Key | None = described("The feed item acted on; none when browsed.", None)
    note: Text | None = described("A note for the hiring manager.", "Happy to start in May.")
    explanation: Explanation = described(
        "How the employee matches the opening now.", example_of(Explanation)
    )
    expressed_at: datetime = described("When.", EXAMPLE_TIME)


class InterestWithdrawn(Event):
    """An employee withdrew their interest in an opening."""

    event_type: ClassVar[str] = "io.lattice.notifier.interest.withdrawn"
    key_field: ClassVar[str] = "employee_id"

    employee_id: Id = described("Employee id.", "E1001")
    opening_id: Id = described("Opening id.", "OP-17")
    withdrawn_at: datetime = described("When.", EXAMPLE_TIME)


class OpportunitySaved(Event):
    """An employee saved a feed item for later."""

    event_type: ClassVar[str] = "io.lattice.notifier.opportunity.saved"
    key_field: ClassVar[str] = "employee_id"

    opportunity_id: Key = described("The feed item.", "E1001:OP-17:1")
    employee_id: Id = described("Employee id.", "E1001")
    opening_id: Id = described("Opening id.", "OP-17")
    saved_at: datetime = described("When.", EXAMPLE_TIME)


class OpportunityDismissed(Event):
    """An employee dismissed a feed item; the pair is not surfaced again unless the opening
    changes materially (docs/matching.md)."""

    event_type: ClassVar[str] = "io.lattice.notifier.opportunity.dismissed"
    key_field: ClassVar[str] = "employee_id"

    opportunity_id: Key = described("The feed item.", "E1001:OP-17:1")
    employee_id: Id = described("Employee id.", "E1001")
    opening_id: Id = described("Opening id.", "OP-17")
    reason: DismissReason = described("Why, from a small vocabulary.", DismissReason.NOT_NOW)
    dismissed_at: datetime = described("When.", EXAMPLE_TIME)


class ApplicationStatus(StrEnum):
    INVITED = "invited"
    INTERESTED = "interested"
    SHORTLISTED = "shortlisted"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    PLACED = "placed"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


class ApplicationChanged(Event):
    """A candidate's application to an opening moved on. Never carries a decline's reason: the
    candidate sees a courteous status, HR reads the reason in the openings service."""

    event_type: ClassVar[str] = "io.lattice.openings.application.changed"
    key_field: ClassVar[str] = "employee_id"

    application_id: Key = described("Id of the (opening, employee) application.", "OP-17:E1001")
    opening_id: Id = described("Opening id.", "OP-17")
    employee_id: Id = described("Candidate's employee id.", "E1001")
    status: ApplicationStatus = described("Status now.", ApplicationStatus.SHORTLISTED)
    title: Name = described("Opening title.", "Platform secondment")
    kind: OpeningKind = described("Opening kind.", OpeningKind.TEMPORARY)
    department: Id = described("Department that owns the opening.", "platform")
    changed_at: datetime = described("When.", EXAMPLE_TIME)


class ReleaseOutcome(StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"
    AUTOMATIC = "automatic"


class ReleaseRequested(Event):
    """A candidate's current manager is asked to release them for an offer, by a deadline."""

    event_type: ClassVar[str] = "io.lattice.openings.release.requested"
    key_field: ClassVar[str] = "employee_id"

    request_id: Key = described("Id of the release request.", "OP-17:E1001:release")
    opening_id: Id = described("Opening id.", "OP-17")
    employee_id: Id = described("Candidate's employee id.", "E1001")
    manager_id: Id = described("The current manager asked.", "E0042")
    department: Id = described("The candidate's current department.", "engineering")
    deadline: datetime = described("Released automatically if not answered by then.", EXAMPLE_TIME)
    requested_at: datetime = described("When.", EXAMPLE_TIME)


class ReleaseDecided(Event):
    """A release request was answered, or released automatically at its deadline. A decline's
    reason stays in the openings service, for HR."""

    event_type: ClassVar[str] = "io.lattice.openings.release.decided"
    key_field: ClassVar[str] = "employee_id"

    request_id: Key = described("Id of the release request.", "OP-17:E1001:release")
    opening_id: Id = described("Opening id.", "OP-17")
    employee_id: Id = described("Candidate's employee id.", "E1001")
    manager_id: Id = described("The current manager.", "E0042")
    department: Id = described("The candidate's current department.", "engineering")
    outcome: ReleaseOutcome = described("What was decided.", ReleaseOutcome.APPROVED)
    on_behalf: bool = described(
        "HR answered on the manager's behalf (the answer still counts for the manager asked). "
        "Absent from records written before it existed: false.",
        False,
        default=False,
    )
    decided_at: datetime = described("When.", EXAMPLE_TIME)


class PlacementMade(Event):
    """An employee moves into an opening: the move an HRIS applies (documented topic)."""

    event_type: ClassVar[str] = "io.lattice.openings.placement.made"
    key_field: ClassVar[str] = "employee_id"

    placement_id: Key = described("Id of the placement.", "OP-17:E1001")
    employee_id: Id = described("Employee id.", "E1001")
    opening_id: Id = described("Opening id.", "OP-17")
    kind: OpeningKind = described("Permanent move or temporary assignment.", OpeningKind.TEMPORARY)
    temporary_kind: TemporaryKind | None = described("Temporary subtype.", TemporaryKind.SECONDMENT)
    role_id: Id | None = described("The new role, if the opening has one.", "swe-3")
    grade: int = described("The new grade.", 6, ge=0, le=30)
    track: Track = described("The new track.", Track.INDIVIDUAL_CONTRIBUTOR)
    department: Id = described("The new department.", "platform")
    location: Id | None = described("The new site; none when remote.", "lisbon")
    from_department: Id = described("The department the employee leaves.", "engineering")
    effective_on: date = described("When the move takes effect.", EXAMPLE_DATE)
    starts_on: date | None = described("Start of a temporary assignment.", EXAMPLE_DATE)
    ends_on: date | None = described("End of a temporary assignment.", date(2024, 11, 1))
    time_share_percent: int = described("Share of working time.", 100, ge=1, le=100)
    placed_at: datetime = described("When the placement was recorded.", EXAMPLE_TIME)


class AssignmentEnded(Event):
    """A temporary assignment reached its end date: the skills it required count as used then."""

    event_type: ClassVar[str] = "io.lattice.openings.assignment.ended"
    key_field: ClassVar[str] = "employee_id"

    placement_id: Key = described("Id of the placement.", "OP-17:E1001")
    employee_id: Id = described("Employee id.", "E1001")
    opening_id: Id = described("Opening id.", "OP-17")
    skills_used: Many[Id] = described("Skills the assignment required.", ["kubernetes"])
    ended_on: date = described("Last day of the assignment.", EXAMPLE_DATE)


# --------------------------------------------------------------------------- inbound integrations


class HrisEmployeeRecord(Event):
    """An HRIS pushed a hire or a change to an employee record (inbound integration contract)."""

    event_type: ClassVar[str] = "io.lattice.hris.employee.changed"
    key_field: ClassVar[str] = "hris_id"

    hris_id: Id = described("The employee's id in the HRIS.", "E1001")
    change: str = described(
        "'hired' or 'changed'.", "hired", pattern="^(hired|changed)$", max_length=7
    )
    name: Name = described("Full name (PII; kept by the profile service only).", "Ana Silva")
    work_email: Email = described(
        "Work email (PII; kept by the profile service only).", "ana@example.com"
    )
    role_id: Id | None = described("Role id in the job architecture.", "swe-2")
    grade: int = described("Grade.", 5, ge=0, le=30)
    track: Track = described("Track.", Track.INDIVIDUAL_CONTRIBUTOR)
    department: Id = described("Department id.", "engineering")
    location: Id = described("Site id.", "lisbon")
    manager_hris_id: Id | None = described("Manager's HRIS id.", "E0042")
    hire_date: date = described("Hire date.", EXAMPLE_DATE)
    role_start_date: date = described("Start in current role.", EXAMPLE_DATE)
    status: EmployeeStatus = described("Status.", EmployeeStatus.ACTIVE)
    effective_at: datetime = described(
        "When the change took effect in the HRIS; orders changes.", EXAMPLE_TIME
    )


class HrisEmployeeTerminated(Event):
    """An HRIS reported that an employee left (inbound integration contract)."""

    event_type: ClassVar[str] = "io.lattice.hris.employee.left"
    key_field: ClassVar[str] = "hris_id"

    hris_id: Id = described("The employee's id in the HRIS.", "E1001")
    left_on: date = described("Last day.", EXAMPLE_DATE)
    effective_at: datetime = described("When it took effect in the HRIS.", EXAMPLE_TIME)


class LmsCompletionReported(Event):
    """An external LMS reported a completion (inbound integration contract)."""

    event_type: ClassVar[str] = "io.lattice.lms.completion.reported"
    key_field: ClassVar[str] = "employee_id"

    completion_id: Id = described(
        "The LMS's id of the completion; replays are harmless.", "LMS-5531"
    )
    employee_id: Id = described("Employee id.", "E1001")
    item_id: Id = described("Catalogue item id.", "course-k8s-101")
    completed_at: datetime = described("When it was completed.", EXAMPLE_TIME)
