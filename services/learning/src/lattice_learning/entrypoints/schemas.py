"""HTTP request and response bodies of the learning API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from lattice_platform.contracts.base import Name
from lattice_platform.paging import Page
from lattice_platform.skills import Taxonomy
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from lattice_learning.domain.gaps import Recommendation
from lattice_learning.domain.mentoring import MentorPairing
from lattice_learning.domain.model import (
    CatalogueItem,
    Enrolment,
    ItemFormat,
    ItemKind,
    SkillTarget,
)

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$"


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SkillIn(_Body):
    skill: Name = Field(description="Skill id, name, alias or ESCO URI.", examples=["k8s"])
    level: int = Field(ge=1, le=5, description="Level the item builds, 1-5.", examples=[3])


class ItemFields(_Body):
    title: Name = Field(min_length=1, examples=["Kubernetes fundamentals"])
    kind: ItemKind = Field(examples=[ItemKind.COURSE])
    skills: list[SkillIn] = Field(min_length=1, max_length=20)
    duration_hours: float = Field(gt=0, le=2000, examples=[16])
    format: ItemFormat = Field(examples=[ItemFormat.ONLINE])
    capacity: int | None = Field(None, ge=1, description="Open seats; null for unlimited.")
    active: bool = Field(True, description="Retired items are no longer offered.")

    def to_item(self, item_id: str, taxonomy: Taxonomy) -> CatalogueItem:
        levels: dict[str, int] = {}
        for s in self.skills:
            skill_id = taxonomy.normalise(s.skill)
            levels[skill_id] = max(levels.get(skill_id, 0), s.level)
        return CatalogueItem(
            item_id=item_id,
            title=self.title,
            kind=self.kind,
            skills=tuple(SkillTarget(k, v) for k, v in sorted(levels.items())),
            duration_hours=self.duration_hours,
            format=self.format,
            capacity=self.capacity,
            active=self.active,
        )


class ItemIn(ItemFields):
    item_id: str = Field(pattern=ID_PATTERN, examples=["course-k8s-101"])


class SkillOut(BaseModel):
    skill_id: str
    level: int


class ItemOut(BaseModel):
    item_id: str
    title: str
    kind: ItemKind
    skills: list[SkillOut]
    duration_hours: float
    format: ItemFormat
    capacity: int | None
    active: bool

    @classmethod
    def of(cls, item: CatalogueItem) -> ItemOut:
        return cls(
            item_id=item.item_id,
            title=item.title,
            kind=item.kind,
            skills=[SkillOut(skill_id=s.skill_id, level=s.level) for s in item.skills],
            duration_hours=item.duration_hours,
            format=item.format,
            capacity=item.capacity,
            active=item.active,
        )


class EnrolIn(_Body):
    item_id: str = Field(pattern=ID_PATTERN, examples=["course-k8s-101"])


class CompletionIn(_Body):
    completed_at: AwareDatetime | None = Field(None, description="Defaults to now.")


class EnrolmentOut(BaseModel):
    enrolment_id: str
    employee_id: str
    item_id: str
    status: str
    enrolled_at: datetime
    completed_at: datetime | None

    @classmethod
    def of(cls, e: Enrolment) -> EnrolmentOut:
        return cls(
            enrolment_id=e.enrolment_id,
            employee_id=e.employee_id,
            item_id=e.item_id,
            status=e.status.value,
            enrolled_at=e.enrolled_at,
            completed_at=e.completed_at,
        )


class RecommendationOut(BaseModel):
    recommendation_id: str
    opening_id: str | None
    target_role_id: str | None
    gap: list[SkillOut]
    items: list[ItemOut]
    uncovered: list[str]
    status: str
    recommended_at: datetime

    @classmethod
    def of(cls, r: Recommendation) -> RecommendationOut:
        return cls(
            recommendation_id=r.recommendation_id,
            opening_id=r.opening_id,
            target_role_id=r.target_role_id,
            gap=[SkillOut(skill_id=g.skill_id, level=g.level) for g in r.gap.targets],
            items=[ItemOut.of(i) for i in r.plan.items],
            uncovered=list(r.plan.uncovered),
            status=r.status.value,
            recommended_at=r.recommended_at,
        )


class PairingOut(BaseModel):
    pairing_id: str
    mentee_id: str
    mentor_id: str
    target_role_id: str
    status: str
    suggested_at: datetime

    @classmethod
    def of(cls, p: MentorPairing) -> PairingOut:
        return cls(
            pairing_id=p.pairing_id,
            mentee_id=p.mentee_id,
            mentor_id=p.mentor_id,
            target_role_id=p.target_role_id,
            status=p.status.value,
            suggested_at=p.suggested_at,
        )


class StatementOutcome(BaseModel):
    """What became of one xAPI statement, in the order sent."""

    statement_id: str | None = Field(description="The statement's id, when it has one.")
    outcome: Literal["recorded", "ignored", "refused"] = Field(
        description="recorded: a completion (a replay is recorded again, with no second effect); "
        "ignored: a verb other than completed or passed; refused: see detail."
    )
    detail: str | None = Field(None, description="Why a statement was refused or ignored.")


class StatementsOutcome(BaseModel):
    results: list[StatementOutcome]


class ItemPage(Page[ItemOut]):
    pass


class EnrolmentPage(Page[EnrolmentOut]):
    pass


class RecommendationPage(Page[RecommendationOut]):
    pass


class PairingPage(Page[PairingOut]):
    pass
