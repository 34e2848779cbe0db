"""The HTTP API. Employees browse the catalogue and manage their own enrolments,
recommendations and mentor pairings (identity from the token only); HR (which includes L&D)
manages the catalogue; HR or a trusted service confirms completions."""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, status
from lattice_platform import problems
from lattice_platform.auth import Authenticated, Role, own_employee_id, require
from lattice_platform.context import ServiceContext, context_of
from lattice_platform.contracts.base import NAME_LENGTH
from lattice_platform.paging import (
    Cursor,
    InvalidCursorError,
    Limit,
    Page,
    decode_cursor,
    encode_cursor,
)
from lattice_platform.skills import UnknownSkillError

from lattice_learning.adapters.repository import DuplicateError, PostgresLearningUnitOfWork
from lattice_learning.domain.model import (
    CapacityReachedError,
    EnrolmentStatus,
    IllegalTransitionError,
    ItemKind,
    ItemRetiredError,
)
from lattice_learning.entrypoints.schemas import (
    CompletionIn,
    EnrolIn,
    EnrolmentOut,
    EnrolmentPage,
    ItemFields,
    ItemIn,
    ItemOut,
    ItemPage,
    PairingOut,
    PairingPage,
    RecommendationOut,
    RecommendationPage,
)
from lattice_learning.service_layer import handlers
from lattice_learning.service_layer.handlers import NotFoundError
from lattice_learning.settings import LearningSettings

P = TypeVar("P", bound=Page[Any])
MAX_OFFSET = 1_000_000


def _page(page: type[P], items: list[Any], offset: int, limit: int) -> P:
    more = len(items) == limit
    return page(items=items, next_cursor=encode_cursor(offset + limit) if more else None)


def _offset(cursor: Cursor = None) -> int:
    """The catalogue and the lists here page by offset, carried in an opaque cursor."""
    offset = 0 if cursor is None else int(decode_cursor(cursor, int)[0])
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidCursorError
    return offset


def _employee(principal: Authenticated) -> str:
    me = own_employee_id(principal)
    if not principal.has(Role.EMPLOYEE, Role.MANAGER, Role.HR):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="requires an employee's token")
    return me


Me = Annotated[str, Depends(_employee)]
Offset = Annotated[int, Depends(_offset)]
Context = Annotated[
    ServiceContext[LearningSettings, PostgresLearningUnitOfWork], Depends(context_of)
]
router = APIRouter(prefix="/v1", tags=["learning"])
changes = APIRouter(responses=problems.problem_responses(404, 409))


@router.get("/catalogue", summary="Browse the catalogue (retired items for HR only).")
async def browse(
    context: Context,
    principal: Authenticated,
    *,
    kind: ItemKind | None = None,
    skill: Annotated[str | None, Query(max_length=NAME_LENGTH)] = None,
    include_retired: bool = False,
    offset: Offset,
    limit: Limit,
) -> ItemPage:
    skill_id = None if skill is None else context.taxonomy.normalise(skill)
    async with context.unit_of_work() as uow:
        items = await uow.catalogue.browse(
            kind=kind,
            skill_id=skill_id,
            include_retired=include_retired and principal.has(Role.HR),
            offset=offset,
            limit=limit,
        )
    return _page(ItemPage, [ItemOut.of(i) for i in items], offset, limit)


@router.get("/catalogue/{item_id}", summary="One catalogue item.")
async def show_item(context: Context, principal: Authenticated, item_id: str) -> ItemOut:
    async with context.unit_of_work() as uow:
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
async def add_item(context: Context, body: ItemIn) -> ItemOut:
    item = body.to_item(body.item_id, context.taxonomy)
    async with context.unit_of_work() as uow:
        await handlers.add_item(uow, item, context.clock())
    return ItemOut.of(item)


@changes.put(
    "/catalogue/{item_id}",
    summary="Replace a catalogue item; set active=false to retire it (HR / L&D).",
    dependencies=[require(Role.HR)],
)
async def replace_item(context: Context, item_id: str, body: ItemFields) -> ItemOut:
    item = body.to_item(item_id, context.taxonomy)
    async with context.unit_of_work() as uow:
        await handlers.replace_item(uow, item, context.clock())
    return ItemOut.of(item)


@changes.post("/me/enrolments", status_code=status.HTTP_201_CREATED, summary="Enrol yourself.")
async def enrol(context: Context, me: Me, body: EnrolIn) -> EnrolmentOut:
    async with context.unit_of_work() as uow:
        enrolment = await handlers.enrol(uow, me, body.item_id, context.clock())
    return EnrolmentOut.of(enrolment)


@router.get("/me/enrolments", summary="Your enrolments, newest first.")
async def my_enrolments(context: Context, me: Me, offset: Offset, limit: Limit) -> EnrolmentPage:
    async with context.unit_of_work() as uow:
        found = await uow.enrolments.of_employee(me, offset, limit)
    return _page(EnrolmentPage, [EnrolmentOut.of(e) for e in found], offset, limit)


@changes.post("/me/enrolments/{enrolment_id}/withdrawal", summary="Withdraw from an enrolment.")
async def withdraw(context: Context, me: Me, enrolment_id: str) -> EnrolmentOut:
    async with context.unit_of_work() as uow:
        return EnrolmentOut.of(await handlers.withdraw(uow, me, enrolment_id))


@router.get(
    "/catalogue/{item_id}/enrolments",
    summary="Who is enrolled on an item, oldest first (HR / L&D, services).",
    dependencies=[require(Role.HR, Role.SERVICE)],
)
async def roster(
    context: Context,
    item_id: str,
    *,
    enrolment_status: Annotated[EnrolmentStatus | None, Query(alias="status")] = None,
    offset: Offset,
    limit: Limit,
) -> EnrolmentPage:
    async with context.unit_of_work() as uow:
        await handlers.item(uow, item_id)
        found = await uow.enrolments.on_item(item_id, enrolment_status, offset, limit)
    return _page(EnrolmentPage, [EnrolmentOut.of(e) for e in found], offset, limit)


@changes.post(
    "/enrolments/{enrolment_id}/completion",
    summary="Confirm a completion (HR, or a trusted service such as an LMS bridge).",
    dependencies=[require(Role.HR, Role.SERVICE)],
)
async def complete(
    context: Context, enrolment_id: str, body: CompletionIn | None = None
) -> EnrolmentOut:
    now = context.clock()
    completed_at = body.completed_at if body and body.completed_at else now
    if completed_at > now:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "completed_at is in the future")
    async with context.unit_of_work() as uow:
        completed = await handlers.complete_enrolment(uow, enrolment_id, completed_at)
    return EnrolmentOut.of(completed)


@router.get("/me/recommendations", summary="Learning recommended to you, newest first.")
async def my_recommendations(
    context: Context,
    me: Me,
    *,
    include_dismissed: bool = False,
    offset: Offset,
    limit: Limit,
) -> RecommendationPage:
    async with context.unit_of_work() as uow:
        found = await uow.recommendations.of_employee(
            me, include_dismissed=include_dismissed, offset=offset, limit=limit
        )
    return _page(RecommendationPage, [RecommendationOut.of(r) for r in found], offset, limit)


@changes.post(
    "/me/recommendations/{recommendation_id}/dismissal", summary="Dismiss a recommendation."
)
async def dismiss(context: Context, me: Me, recommendation_id: str) -> RecommendationOut:
    async with context.unit_of_work() as uow:
        dismissed = await handlers.dismiss_recommendation(uow, me, recommendation_id)
    return RecommendationOut.of(dismissed)


@router.get("/me/mentoring", summary="Mentor pairings you are in, as mentee or mentor.")
async def my_pairings(context: Context, me: Me, offset: Offset, limit: Limit) -> PairingPage:
    async with context.unit_of_work() as uow:
        found = await uow.pairings.involving(me, offset, limit)
    return _page(PairingPage, [PairingOut.of(p) for p in found], offset, limit)


@changes.post(
    "/me/mentoring/{pairing_id}/{answer}",
    summary="Accept or decline a suggested mentor (mentee), or end a pairing (either side).",
)
async def answer_pairing(
    context: Context, me: Me, pairing_id: str, answer: Literal["accept", "decline", "end"]
) -> PairingOut:
    async with context.unit_of_work() as uow:
        changed = await handlers.respond_to_pairing(uow, me, pairing_id, answer)
    return PairingOut.of(changed)


router.include_router(changes)


REFUSALS: problems.Refusals = {
    NotFoundError: problems.NOT_FOUND,
    IllegalTransitionError: problems.CONFLICT,
    CapacityReachedError: problems.CONFLICT,
    ItemRetiredError: problems.CONFLICT,
    DuplicateError: problems.CONFLICT,
    UnknownSkillError: problems.INVALID,
}
