"""Employees acting on their opportunities over HTTP: interest, save, dismiss, withdraw interest,
interest in an opening found by browsing, and "why not me?".

Only for oneself: the employee is the token's ``employee_id``, never a path or body field, so
nobody (HR and managers included) acts or asks as someone else; another's item is not found.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, Body, Request
from lattice_platform import problems
from lattice_platform.auth import Authenticated, Principal, own_employee_id
from lattice_platform.context import context_of
from lattice_platform.contracts.base import Text
from lattice_platform.contracts.events import DismissReason
from pydantic import BaseModel, Field

from lattice_notifier.adapters.repository import PostgresNotifierUnitOfWork
from lattice_notifier.domain.actions import (
    Action,
    ActionRefusedError,
    NotEligibleError,
    NotFoundError,
)
from lattice_notifier.service_layer import actions
from lattice_notifier.service_layer.actions import Acted, WhyNotMe
from lattice_notifier.service_layer.handlers import Matching

router = APIRouter(prefix="/v1", tags=["feed actions"])

T = TypeVar("T")


def _not_eligible(exc: Exception) -> problems.Problem:
    assert isinstance(exc, NotEligibleError)
    errors = [problems.FieldError.of("eligibility", reason) for reason in exc.reasons]
    return problems.Problem(problems.INVALID, str(exc), errors)


REFUSALS: problems.Refusals = {
    ActionRefusedError: problems.CONFLICT,
    NotFoundError: problems.NOT_FOUND,
    NotEligibleError: _not_eligible,
}
ACTS = problems.problem_responses(404, 409)


class InterestIn(BaseModel):
    note: Text | None = Field(None, description="A note for the hiring manager.")


class DismissalIn(BaseModel):
    reason: DismissReason = Field(description="Why, from a small vocabulary.")


class ActedOut(BaseModel):
    opening_id: str
    opportunity_id: str | None = Field(description="The feed item; null when browsed.")
    state: str = Field(description="new, saved, dismissed, interested or interest_withdrawn.")

    @classmethod
    def of(cls, acted: Acted) -> ActedOut:
        return cls(
            opening_id=acted.opening_id,
            opportunity_id=acted.opportunity_id,
            state=acted.state.value,
        )


class LearningOut(BaseModel):
    item_id: str
    title: str
    level: int = Field(description="The level the item brings a learner to.")


class GapOut(BaseModel):
    skill_id: str
    required_level: int
    your_level: int = Field(description="Your level as matching counts it (decay included).")
    must_have: bool
    learning: list[LearningOut] = Field(description="Catalogue items that build the skill.")
    mentor_ids: list[str] = Field(
        description="Employees who offer to mentor and hold the skill at the level (ids only)."
    )


class WhyNotMeOut(BaseModel):
    opening_id: str
    answer: str = Field(description="on_feed, matches, dismissed, filtered or skills_gap.")
    reasons: list[str] = Field(description="In plain words.")
    filter: str | None = Field(description="The hard filter that failed, when one did.")
    score: float | None = Field(description="Your match score, unless a hard filter failed.")
    threshold: float
    gap: list[GapOut]

    @classmethod
    def of(cls, why: WhyNotMe) -> WhyNotMeOut:
        return cls(
            opening_id=why.opening_id,
            answer=why.answer.value,
            reasons=list(why.reasons),
            filter=why.filter,
            score=why.score,
            threshold=why.threshold,
            gap=[
                GapOut(
                    skill_id=g.fit.skill_id,
                    required_level=g.fit.required_level,
                    your_level=max(g.fit.effective_level, 0),
                    must_have=g.fit.must_have,
                    learning=[
                        LearningOut(item_id=i.item_id, title=i.title, level=i.level)
                        for i in g.learning
                    ],
                    mentor_ids=list(g.mentor_ids),
                )
                for g in why.gap
            ],
        )


async def _in_transaction(
    request: Request, use_case: Callable[[PostgresNotifierUnitOfWork, Matching], Awaitable[T]]
) -> T:
    async with context_of(request).unit_of_work() as uow:
        return await use_case(uow, request.app.state.matching)


async def _act(
    request: Request,
    principal: Principal,
    opportunity_id: str,
    action: Action,
    *,
    note: str | None = None,
    reason: DismissReason | None = None,
) -> ActedOut:
    me = own_employee_id(principal)
    acted = await _in_transaction(
        request,
        lambda uow, m: actions.act_on_item(
            uow, m, me, opportunity_id, action, note=note, reason=reason
        ),
    )
    return ActedOut.of(acted)


@router.post(
    "/feed/items/{opportunity_id}/interest",
    summary="Express interest in one of my feed items.",
    responses=ACTS,
)
async def express_interest(
    request: Request,
    opportunity_id: str,
    principal: Authenticated,
    body: Annotated[InterestIn | None, Body()] = None,
) -> ActedOut:
    note = body.note if body else None
    return await _act(request, principal, opportunity_id, Action.EXPRESS_INTEREST, note=note)


@router.delete(
    "/feed/items/{opportunity_id}/interest",
    summary="Withdraw my interest expressed on a feed item.",
    responses=ACTS,
)
async def withdraw_interest(
    request: Request, opportunity_id: str, principal: Authenticated
) -> ActedOut:
    return await _act(request, principal, opportunity_id, Action.WITHDRAW_INTEREST)


@router.post(
    "/feed/items/{opportunity_id}/save", summary="Save one of my feed items.", responses=ACTS
)
async def save(request: Request, opportunity_id: str, principal: Authenticated) -> ActedOut:
    return await _act(request, principal, opportunity_id, Action.SAVE)


@router.post(
    "/feed/items/{opportunity_id}/dismissal",
    summary="Dismiss one of my feed items, with a reason.",
    responses=ACTS,
)
async def dismiss(
    request: Request, opportunity_id: str, principal: Authenticated, body: DismissalIn
) -> ActedOut:
    return await _act(request, principal, opportunity_id, Action.DISMISS, reason=body.reason)


@router.post(
    "/openings/{opening_id}/interest",
    summary="Express interest in an open opening I found by browsing (if I am eligible).",
    responses=problems.problem_responses(404, 409, 422),
)
async def express_interest_in_opening(
    request: Request,
    opening_id: str,
    principal: Authenticated,
    body: Annotated[InterestIn | None, Body()] = None,
) -> ActedOut:
    me = own_employee_id(principal)
    note = body.note if body else None
    acted = await _in_transaction(
        request, lambda uow, m: actions.express_interest_in_opening(uow, m, me, opening_id, note)
    )
    return ActedOut.of(acted)


@router.delete(
    "/openings/{opening_id}/interest",
    summary="Withdraw my interest in an open opening, however I expressed it.",
    responses=ACTS,
)
async def withdraw_interest_in_opening(
    request: Request, opening_id: str, principal: Authenticated
) -> ActedOut:
    me = own_employee_id(principal)
    acted = await _in_transaction(
        request, lambda uow, m: actions.withdraw_interest_in_opening(uow, m, me, opening_id)
    )
    return ActedOut.of(acted)


@router.get(
    "/openings/{opening_id}/why-not-me",
    summary="Why an open opening is not on my feed, and what would close the gap.",
    responses=problems.problem_responses(404),
)
async def why_not_me(request: Request, opening_id: str, principal: Authenticated) -> WhyNotMeOut:
    me = own_employee_id(principal)
    why = await _in_transaction(request, lambda uow, m: actions.why_not_me(uow, m, me, opening_id))
    return WhyNotMeOut.of(why)
