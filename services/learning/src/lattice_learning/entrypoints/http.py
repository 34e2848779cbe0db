"""The HTTP API. Employees browse the catalogue and manage their own enrolments,
recommendations and mentor pairings (identity from the token only); HR (which includes L&D)
manages the catalogue; HR or a trusted service confirms completions."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from lattice_platform import problems
from lattice_platform.auth import Authenticated, Role, require
from lattice_platform.contracts.base import NAME_LENGTH, Name
from lattice_platform.paging import (
    Cursor,
    InvalidCursorError,
    Page,
    decode_cursor,
    encode_cursor,
)
from lattice_platform.runtime import Runtime
from lattice_platform.skills import UnknownSkillError, load_taxonomy
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from lattice_learning.adapters.repository import DuplicateError, PostgresLearningUnitOfWork
from lattice_learning.domain.gaps import Recommendation
from lattice_learning.domain.mentoring import MentorPairing
from lattice_learning.domain.model import (
    CapacityReachedError,
    CatalogueItem,
    Enrolment,
    EnrolmentStatus,
    IllegalTransitionError,
    ItemFormat,
    ItemKind,
    ItemRetiredError,
    SkillTarget,
)
from lattice_learning.service_layer import handlers
from lattice_learning.service_layer.handlers import NotFoundError

T = TypeVar("T")
MAX_OFFSET = 1_000_000
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

    def to_item(self, item_id: str) -> CatalogueItem:
        taxonomy = load_taxonomy()
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


def _page(items: list[T], offset: int, limit: int) -> Page[T]:
    more = len(items) == limit
    return Page[T](items=items, next_cursor=encode_cursor(offset + limit) if more else None)


def _offset(cursor: Cursor = None) -> int:
    """The catalogue and the lists here page by offset, carried in an opaque cursor."""
    offset = 0 if cursor is None else int(decode_cursor(cursor, int)[0])
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidCursorError
    return offset


@asynccontextmanager
async def _uow(request: Request) -> AsyncIterator[PostgresLearningUnitOfWork]:
    runtime: Runtime = request.app.state.runtime
    async with PostgresLearningUnitOfWork.begin(runtime.pool, runtime.outbox) as uow:
        yield uow


def _employee(principal: Authenticated) -> str:
    if principal.employee_id is None or not principal.has(Role.EMPLOYEE, Role.MANAGER, Role.HR):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="requires an employee's token")
    return principal.employee_id


Me = Annotated[str, Depends(_employee)]
Offset = Annotated[int, Depends(_offset)]
Limit = Annotated[int, Query(ge=1, description="Capped by the service's maximum page size.")]


def router(max_page_size: int) -> APIRouter:  # noqa: PLR0915 - one route per small function
    api = APIRouter(prefix="/v1", tags=["learning"])
    changes = APIRouter(responses=problems.problem_responses(404, 409))

    def cap(limit: int) -> int:
        return min(limit, max_page_size)

    @api.get("/catalogue", summary="Browse the catalogue (retired items for HR only).")
    async def browse(
        request: Request,
        principal: Authenticated,
        *,
        kind: ItemKind | None = None,
        skill: Annotated[str | None, Query(max_length=NAME_LENGTH)] = None,
        include_retired: bool = False,
        offset: Offset,
        limit: Limit = 20,
    ) -> Page[ItemOut]:
        skill_id = None if skill is None else load_taxonomy().normalise(skill)
        async with _uow(request) as uow:
            items = await uow.catalogue.browse(
                kind=kind,
                skill_id=skill_id,
                include_retired=include_retired and principal.has(Role.HR),
                offset=offset,
                limit=cap(limit),
            )
        return _page([ItemOut.of(i) for i in items], offset, cap(limit))

    @api.get("/catalogue/{item_id}", summary="One catalogue item.")
    async def show_item(request: Request, principal: Authenticated, item_id: str) -> ItemOut:
        async with _uow(request) as uow:
            found = await handlers.item(uow, item_id)
        if not found.active and not principal.has(Role.HR):
            raise NotFoundError(f"no catalogue item {item_id}")
        return ItemOut.of(found)

    @changes.post(
        "/catalogue",
        status_code=status.HTTP_201_CREATED,
        summary="Add a catalogue item (HR / L&D).",
        dependencies=[require(Role.HR)],
    )
    async def add_item(request: Request, body: ItemIn) -> ItemOut:
        item = body.to_item(body.item_id)
        async with _uow(request) as uow:
            await handlers.add_item(uow, item, datetime.now(UTC))
        return ItemOut.of(item)

    @changes.put(
        "/catalogue/{item_id}",
        summary="Replace a catalogue item; set active=false to retire it (HR / L&D).",
        dependencies=[require(Role.HR)],
    )
    async def replace_item(request: Request, item_id: str, body: ItemFields) -> ItemOut:
        item = body.to_item(item_id)
        async with _uow(request) as uow:
            await handlers.replace_item(uow, item, datetime.now(UTC))
        return ItemOut.of(item)

    @changes.post("/me/enrolments", status_code=status.HTTP_201_CREATED, summary="Enrol yourself.")
    async def enrol(request: Request, me: Me, body: EnrolIn) -> EnrolmentOut:
        async with _uow(request) as uow:
            enrolment = await handlers.enrol(uow, me, body.item_id, datetime.now(UTC))
        return EnrolmentOut.of(enrolment)

    @api.get("/me/enrolments", summary="Your enrolments, newest first.")
    async def my_enrolments(
        request: Request, me: Me, offset: Offset, limit: Limit = 20
    ) -> Page[EnrolmentOut]:
        async with _uow(request) as uow:
            found = await uow.enrolments.of_employee(me, offset, cap(limit))
        return _page([EnrolmentOut.of(e) for e in found], offset, cap(limit))

    @changes.post("/me/enrolments/{enrolment_id}/withdrawal", summary="Withdraw from an enrolment.")
    async def withdraw(request: Request, me: Me, enrolment_id: str) -> EnrolmentOut:
        async with _uow(request) as uow:
            return EnrolmentOut.of(await handlers.withdraw(uow, me, enrolment_id))

    @api.get(
        "/catalogue/{item_id}/enrolments",
        summary="Who is enrolled on an item, oldest first (HR / L&D, services).",
        dependencies=[require(Role.HR, Role.SERVICE)],
    )
    async def roster(
        request: Request,
        item_id: str,
        *,
        enrolment_status: Annotated[EnrolmentStatus | None, Query(alias="status")] = None,
        offset: Offset,
        limit: Limit = 20,
    ) -> Page[EnrolmentOut]:
        async with _uow(request) as uow:
            await handlers.item(uow, item_id)
            found = await uow.enrolments.on_item(item_id, enrolment_status, offset, cap(limit))
        return _page([EnrolmentOut.of(e) for e in found], offset, cap(limit))

    @changes.post(
        "/enrolments/{enrolment_id}/completion",
        summary="Confirm a completion (HR, or a trusted service such as an LMS bridge).",
        dependencies=[require(Role.HR, Role.SERVICE)],
    )
    async def complete(
        request: Request, enrolment_id: str, body: CompletionIn | None = None
    ) -> EnrolmentOut:
        now = datetime.now(UTC)
        completed_at = body.completed_at if body and body.completed_at else now
        if completed_at > now:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT, "completed_at is in the future"
            )
        async with _uow(request) as uow:
            completed = await handlers.complete_enrolment(uow, enrolment_id, completed_at)
        return EnrolmentOut.of(completed)

    @api.get("/me/recommendations", summary="Learning recommended to you, newest first.")
    async def my_recommendations(
        request: Request,
        me: Me,
        *,
        include_dismissed: bool = False,
        offset: Offset,
        limit: Limit = 20,
    ) -> Page[RecommendationOut]:
        async with _uow(request) as uow:
            found = await uow.recommendations.of_employee(
                me, include_dismissed=include_dismissed, offset=offset, limit=cap(limit)
            )
        return _page([RecommendationOut.of(r) for r in found], offset, cap(limit))

    @changes.post(
        "/me/recommendations/{recommendation_id}/dismissal", summary="Dismiss a recommendation."
    )
    async def dismiss(request: Request, me: Me, recommendation_id: str) -> RecommendationOut:
        async with _uow(request) as uow:
            dismissed = await handlers.dismiss_recommendation(uow, me, recommendation_id)
        return RecommendationOut.of(dismissed)

    @api.get("/me/mentoring", summary="Mentor pairings you are in, as mentee or mentor.")
    async def my_pairings(
        request: Request, me: Me, offset: Offset, limit: Limit = 20
    ) -> Page[PairingOut]:
        async with _uow(request) as uow:
            found = await uow.pairings.involving(me, offset, cap(limit))
        return _page([PairingOut.of(p) for p in found], offset, cap(limit))

    @changes.post(
        "/me/mentoring/{pairing_id}/{answer}",
        summary="Accept or decline a suggested mentor (mentee), or end a pairing (either side).",
    )
    async def answer_pairing(
        request: Request, me: Me, pairing_id: str, answer: Literal["accept", "decline", "end"]
    ) -> PairingOut:
        async with _uow(request) as uow:
            changed = await handlers.respond_to_pairing(uow, me, pairing_id, answer)
        return PairingOut.of(changed)

    api.include_router(changes)
    return api


REFUSALS: problems.Refusals = {
    NotFoundError: problems.NOT_FOUND,
    IllegalTransitionError: problems.CONFLICT,
    CapacityReachedError: problems.CONFLICT,
    ItemRetiredError: problems.CONFLICT,
    DuplicateError: problems.CONFLICT,
    UnknownSkillError: problems.INVALID,
}
