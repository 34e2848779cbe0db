"""Request and response bodies of the HTTP API; they only carry shapes, the domain decides what is
valid."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from lattice_platform.contracts.base import Id, Name, OpeningKind, TemporaryKind, Text, Track
from lattice_platform.paging import Page
from pydantic import BaseModel, ConfigDict, Field

from lattice_openings.adapters.role_files import RoleBatchIn
from lattice_openings.domain.common import SkillNeed
from lattice_openings.domain.openings import Confidential, Eligibility, OpeningRequest, Status
from lattice_openings.domain.roles import PathKind


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


MANY_SKILLS = 50
MANY_IDS = 200


class RequiredSkillIn(_In):
    skill_id: Name = Field(description="Skill id, name or alias (normalised by the taxonomy).")
    level: int = Field(description="Minimum level, 1-5.")
    must_have: bool = False


class OptionalSkillIn(_In):
    skill_id: Name
    level: int = Field(description="Level that earns the bonus, 1-5.")


class EligibilityIn(_In):
    min_tenure_months: int = 0
    grade_min: int | None = None
    grade_max: int | None = None
    departments_included: list[Id] = Field(default_factory=list, max_length=MANY_IDS)
    departments_excluded: list[Id] = Field(default_factory=list, max_length=MANY_IDS)


class ConfidentialIn(_In):
    budget: Name | None = None
    salary_band: Name | None = None
    internal_notes: Text | None = None
    shortlist: list[Id] = Field(
        default_factory=list, max_length=MANY_IDS, description="Employee ids."
    )


class OpeningIn(_In):
    title: Name
    kind: OpeningKind
    department: Id = Field(description="Department that owns the opening.")
    hiring_manager_id: Id | None = Field(
        None, description="HR names it; a manager is always their own hiring manager."
    )
    role_id: Id | None = Field(None, description="Role filled; grade, track and skills inherit.")
    grade: int | None = None
    track: Track | None = None
    temporary_kind: TemporaryKind | None = None
    time_share_percent: int = 100
    starts_on: date | None = None
    ends_on: date | None = None
    required_skills: list[RequiredSkillIn] = Field(
        default_factory=list,
        max_length=MANY_SKILLS,
        description="Laid over the role's skill profile, by skill id.",
    )
    inherit_role_skills: bool = Field(True, description="Start from the role's skill profile.")
    optional_skills: list[OptionalSkillIn] = Field(default_factory=list, max_length=MANY_SKILLS)
    locations: list[Id] = Field(default_factory=list, max_length=MANY_IDS, description="Site ids.")
    remote: bool = False
    eligibility: EligibilityIn = Field(default_factory=EligibilityIn)
    incumbent_ids: list[Id] = Field(default_factory=list, max_length=MANY_IDS)
    match_threshold: float | None = Field(None, description="Absent: the organisation default.")
    confidential: ConfidentialIn = Field(default_factory=ConfidentialIn)

    def to_domain(self) -> OpeningRequest:
        rules, secret = self.eligibility, self.confidential
        return OpeningRequest(
            title=self.title,
            kind=self.kind,
            department=self.department,
            hiring_manager_id=self.hiring_manager_id,
            role_id=self.role_id,
            grade=self.grade,
            track=self.track,
            temporary_kind=self.temporary_kind,
            time_share_percent=self.time_share_percent,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            required_skills=tuple(
                SkillNeed(s.skill_id, s.level, s.must_have) for s in self.required_skills
            ),
            inherit_role_skills=self.inherit_role_skills,
            optional_skills=tuple(SkillNeed(s.skill_id, s.level) for s in self.optional_skills),
            locations=tuple(self.locations),
            remote=self.remote,
            eligibility=Eligibility(
                min_tenure_months=rules.min_tenure_months,
                grade_min=rules.grade_min,
                grade_max=rules.grade_max,
                departments_included=tuple(rules.departments_included),
                departments_excluded=tuple(rules.departments_excluded),
            ),
            incumbent_ids=tuple(self.incumbent_ids),
            match_threshold=self.match_threshold,
            confidential=Confidential(
                budget=secret.budget,
                salary_band=secret.salary_band,
                internal_notes=secret.internal_notes,
                shortlist=tuple(secret.shortlist),
            ),
        )


# --------------------------------------------------------------------------- answers


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class SkillLevelOut(_Out):
    skill_id: str
    level: int


class RequiredSkillOut(SkillLevelOut):
    must_have: bool


class EligibilityOut(_Out):
    min_tenure_months: int
    grade_min: int | None
    grade_max: int | None
    departments_included: list[str]
    departments_excluded: list[str]


class ConfidentialOut(_Out):
    budget: str | None
    salary_band: str | None
    internal_notes: str | None
    shortlist: list[str]


class OpeningOut(_Out):
    """An opening as every employee may see it."""

    opening_id: str
    status: Status
    title: str
    kind: OpeningKind
    temporary_kind: TemporaryKind | None
    time_share_percent: int
    starts_on: date | None
    ends_on: date | None
    role_id: str | None
    grade: int
    track: Track
    department: str
    required_skills: list[RequiredSkillOut]
    optional_skills: list[SkillLevelOut]
    locations: list[str]
    remote: bool
    eligibility: EligibilityOut
    hiring_manager_id: str
    incumbent_ids: list[str]
    match_threshold: float | None = Field(description="null: the organisation default applies.")


class OpeningView(OpeningOut):
    confidential: ConfidentialOut | None = Field(
        None, description="Only for HR and the hiring manager; null for everyone else."
    )


class OpeningPage(Page[OpeningOut]):
    pass


class ManagedOpeningPage(Page[OpeningView]):
    pass


class TransitionOut(_Out):
    opening_id: str
    status: Status


class CareerPathOut(_Out):
    to_role_id: str
    kind: PathKind


class RoleOut(_Out):
    role_id: str
    title: str
    job_family: str
    track: Track
    grade: int
    skill_profile: list[SkillLevelOut]
    paths: list[CareerPathOut]


class RolePage(Page[RoleOut]):
    pass


class RoleDefinedOut(_Out):
    role_id: str
    changed: bool


class BulkOut(_Out):
    received: int
    changed: list[str] = Field(description="Roles created or changed, each published.")


# --------------------------------------------------------------------------- the mobility loop


class ReasonIn(_In):
    reason: Text = Field(description="Why; HR reads it, the candidate never does.")


class CloseAsIn(_In):
    outcome: Literal["filled_externally", "cancelled"]


class AdvanceIn(_In):
    days: float = Field(0, ge=0, le=366)
    hours: float = Field(0, ge=0, le=24 * 366)


class ReleaseState(_Out):
    outcome: str | None
    deadline: datetime


class CandidateOut(_Out):
    employee_id: Id
    status: str = Field(description="'surfaced' (has not acted), or the application's stage.")
    note: str | None
    explanation: dict[str, Any] | None
    decline_reason: str | None
    release: ReleaseState | None


class CandidatePage(Page[CandidateOut]):
    opening_id: Id


class ApplicationOut(_Out):
    application_id: str
    opening_id: Id
    employee_id: Id
    status: str


class OwnApplicationOut(_Out):
    application_id: str
    opening_id: Id
    title: str
    kind: str
    status: str
    message: str = Field(description="A courteous word on the status; never a decline's reason.")
    can_accept: bool
    changed_at: datetime


class ReleaseOut(_Out):
    request_id: str
    opening_id: Id
    title: str
    employee_id: Id
    manager_id: Id
    department: Id
    requested_at: datetime
    deadline: datetime
    outcome: str | None
    reason: str | None = Field(description="A decline's reason: shown to HR only.")
    decided_at: datetime | None
    answered_by: str | None = Field(
        description="Who answered: the manager, or HR on their behalf; none when automatic."
    )
    on_behalf: bool = Field(description="HR answered on the manager's behalf.")


class ReleaseCountOut(_Out):
    manager_id: Id
    approved: int
    declined: int
    automatic: int
    waiting: int


class ApplicationPage(Page[ApplicationOut]):
    pass


class OwnApplicationPage(Page[OwnApplicationOut]):
    pass


class ReleasePage(Page[ReleaseOut]):
    pass


class ReleaseCountPage(Page[ReleaseCountOut]):
    pass


class PlacementOut(_Out):
    placement_id: str
    opening_id: Id
    employee_id: Id
    effective_on: date
    ends_on: date | None


class OpeningClosedOut(_Out):
    opening_id: Id
    status: str


class ClockOut(_Out):
    now: datetime


def bulk_body() -> dict[str, Any]:
    """The OpenAPI request body of ``roles:bulk``, which reads the raw body itself: JSON (the
    batch, or a bare list of roles) or CSV."""
    batch = RoleBatchIn.model_json_schema(ref_template="#/components/schemas/{model}")
    role = batch.pop("$defs")["RoleIn"]  # the others are components already (PUT /roles/{id})
    batch["properties"]["roles"]["items"] = role
    csv = {"type": "string", "description": "A header row, then one role a row."}
    return {
        "required": True,
        "content": {
            "application/json": {"schema": {"anyOf": [batch, batch["properties"]["roles"]]}},
            "text/csv": {"schema": csv},
        },
    }
