"""Use cases of an employee acting on their opportunities, and the events of the loop the notifier
keeps for them (applications' statuses, the learning catalogue). Each action publishes its event
on lattice.feed-actions in the transaction that records it (outbox)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import Event

from lattice_notifier.adapters import wire
from lattice_notifier.adapters.partitioning import partition_of
from lattice_notifier.domain.actions import (
    Action,
    ActionRefusedError,
    Answer,
    GapSkill,
    NotEligibleError,
    NotFoundError,
    PairState,
    check_application,
    material_terms,
    next_state,
    why_not,
)
from lattice_notifier.domain.matching import Verdict, assess
from lattice_notifier.domain.model import Employee, Opening
from lattice_notifier.service_layer.handlers import Matching
from lattice_notifier.service_layer.mobility_unit_of_work import Item, MobilityUnitOfWork, Pair

SUGGESTIONS_PER_SKILL = 5
"""Learning items and mentors offered for each skill short of its level."""


@dataclass(frozen=True)
class Acted:
    opening_id: str
    opportunity_id: str | None
    state: PairState


async def act_on_item(
    uow: MobilityUnitOfWork,
    m: Matching,
    employee_id: str,
    opportunity_id: str,
    action: Action,
    *,
    note: str | None = None,
    reason: ev.DismissReason | None = None,
) -> Acted:
    """Save, dismiss, express or withdraw interest on one of the employee's own feed items."""
    item = await uow.actions.item(opportunity_id, employee_id)
    if item is None:
        raise NotFoundError(f"no item {opportunity_id} on your feed")
    pair = await uow.actions.claim(employee_id, item.opening_id)
    withdrawn = not item.active and item.withdraw_reason != "dismissed"
    if withdrawn and action is not Action.WITHDRAW_INTEREST:
        raise ActionRefusedError(
            f"this item was withdrawn ({(item.withdraw_reason or '').replace('_', ' ')})"
        )
    state = next_state(pair.state, action)
    check_application(await uow.applications.status_of(employee_id, item.opening_id), action)
    now = m.clock()
    opening = await uow.actions.open_opening(item.opening_id)
    published: Event
    if action is Action.DISMISS:
        if reason is None:
            raise ValueError("a dismissal needs its reason")
        published = await _dismiss(uow, item, pair, opening=opening, reason=reason, now=now)
    elif action is Action.EXPRESS_INTEREST:
        published = await _interest(uow, m, item, pair, opening=opening, note=note, now=now)
    else:
        await uow.actions.record(pair, state, opportunity_id=opportunity_id, at=now)
        published = (
            ev.OpportunitySaved(
                opportunity_id=opportunity_id,
                employee_id=employee_id,
                opening_id=item.opening_id,
                saved_at=now,
            )
            if action is Action.SAVE
            else ev.InterestWithdrawn(
                employee_id=employee_id, opening_id=item.opening_id, withdrawn_at=now
            )
        )
    await uow.publish(t.FEED_ACTIONS, published)
    return Acted(item.opening_id, opportunity_id, state)


async def _dismiss(
    uow: MobilityUnitOfWork,
    item: Item,
    pair: Pair,
    *,
    opening: Opening | None,
    reason: ev.DismissReason,
    now: datetime,
) -> ev.OpportunityDismissed:
    """The item leaves the feed; the opening's material terms are kept with the dismissal."""
    await uow.actions.record(
        pair,
        PairState.DISMISSED,
        opportunity_id=item.opportunity_id,
        at=now,
        dismiss_reason=reason.value,
        dismissed_terms=material_terms(opening) if opening else None,
    )
    await uow.actions.set_aside(item.opportunity_id, now)
    return ev.OpportunityDismissed(
        opportunity_id=item.opportunity_id,
        employee_id=item.employee_id,
        opening_id=item.opening_id,
        reason=reason,
        dismissed_at=now,
    )


async def _interest(
    uow: MobilityUnitOfWork,
    m: Matching,
    item: Item,
    pair: Pair,
    *,
    opening: Opening | None,
    note: str | None,
    now: datetime,
) -> ev.InterestExpressed:
    """Interest with the explanation as the rules see the pair now (the item's own when they no
    longer work it out: a hard filter fails, or the pair is far from a match)."""
    explanation = item.explanation
    if opening is not None:
        employee = await _employee(uow, m, item.employee_id)
        assessment = assess(employee, opening, m.index.policy, now.date())
        if assessment.verdict in (Verdict.SURFACE, Verdict.NEAR_MISS):
            explanation = wire.explanation_of(assessment)
    await uow.actions.record(
        pair, PairState.INTERESTED, opportunity_id=item.opportunity_id, at=now, note=note
    )
    return ev.InterestExpressed(
        employee_id=item.employee_id,
        opening_id=item.opening_id,
        opportunity_id=item.opportunity_id,
        note=note,
        explanation=explanation,
        expressed_at=now,
    )


async def express_interest_in_opening(
    uow: MobilityUnitOfWork, m: Matching, employee_id: str, opening_id: str, note: str | None
) -> Acted:
    """Interest in an open opening found by browsing: taken if the matching rules would surface
    the pair (hard filters, threshold, must-haves), else refused with the reasons."""
    opening = await _open(uow, opening_id)
    pair = await uow.actions.claim(employee_id, opening_id)
    state = next_state(pair.state, Action.EXPRESS_INTEREST, browsed=True)
    check_application(
        await uow.applications.status_of(employee_id, opening_id), Action.EXPRESS_INTEREST
    )
    now = m.clock()
    employee = await _employee(uow, m, employee_id)
    absence = why_not(employee, opening, m.index.policy, now.date())
    if not absence.matches:
        raise NotEligibleError(absence.reasons)
    assessment = assess(employee, opening, m.index.policy, now.date())
    await uow.actions.record(pair, state, opportunity_id=None, at=now, note=note)
    await uow.publish(
        t.FEED_ACTIONS,
        ev.InterestExpressed(
            employee_id=employee_id,
            opening_id=opening_id,
            opportunity_id=None,
            note=note,
            explanation=wire.explanation_of(assessment),
            expressed_at=now,
        ),
    )
    return Acted(opening_id, None, state)


async def withdraw_interest_in_opening(
    uow: MobilityUnitOfWork, m: Matching, employee_id: str, opening_id: str
) -> Acted:
    """Withdraw interest however it was expressed (from the feed or by browsing)."""
    await _open(uow, opening_id)
    pair = await uow.actions.claim(employee_id, opening_id)
    state = next_state(pair.state, Action.WITHDRAW_INTEREST)
    check_application(
        await uow.applications.status_of(employee_id, opening_id), Action.WITHDRAW_INTEREST
    )
    now = m.clock()
    await uow.actions.record(pair, state, opportunity_id=None, at=now)
    await uow.publish(
        t.FEED_ACTIONS,
        ev.InterestWithdrawn(employee_id=employee_id, opening_id=opening_id, withdrawn_at=now),
    )
    return Acted(opening_id, None, state)


# --------------------------------------------------------------------------- why not me


@dataclass(frozen=True)
class WhyNotMe:
    opening_id: str
    answer: Answer
    reasons: tuple[str, ...]
    filter: str | None
    score: float | None
    threshold: float
    gap: tuple[GapSkill, ...]


_MATCHING = {
    Answer.ON_FEED: "You match this opening; it is on your feed.",
    Answer.DISMISSED: (
        "You match this opening but dismissed it; it comes back if the opening changes materially."
    ),
    Answer.MATCHES: "You match this opening; it reaches your feed shortly.",
}


async def why_not_me(
    uow: MobilityUnitOfWork, m: Matching, employee_id: str, opening_id: str
) -> WhyNotMe:
    """Why an open opening is not on the employee's feed: the hard filter that fails, or the
    skills short of their level with the learning and the mentors that would close the gap."""
    opening = await _open(uow, opening_id)
    employee = await _employee(uow, m, employee_id)
    absence = why_not(employee, opening, m.index.policy, m.clock().date())
    if absence.matches:
        answer = Answer.MATCHES
        if await uow.actions.active_item_of(employee_id, opening_id):
            answer = Answer.ON_FEED
        elif await uow.actions.state_of(employee_id, opening_id) is PairState.DISMISSED:
            answer = Answer.DISMISSED
        return WhyNotMe(
            opening_id, answer, (_MATCHING[answer],), None, absence.score, absence.threshold, ()
        )
    if absence.ineligible is not None:
        return WhyNotMe(
            opening_id,
            Answer.FILTERED,
            absence.reasons,
            absence.ineligible.value,
            None,
            absence.threshold,
            (),
        )
    gap = [
        GapSkill(
            fit,
            await uow.catalogue.building(fit.skill_id, fit.required_level, SUGGESTIONS_PER_SKILL),
            await uow.mentors.holding(
                fit.skill_id, fit.required_level, employee_id, SUGGESTIONS_PER_SKILL
            ),
        )
        for fit in absence.missing
    ]
    return WhyNotMe(
        opening_id,
        Answer.SKILLS_GAP,
        absence.reasons,
        None,
        absence.score,
        absence.threshold,
        tuple(gap),
    )


# --------------------------------------------------------------------------- events kept


async def application_changed(uow: MobilityUnitOfWork, event: ev.ApplicationChanged) -> None:
    await uow.applications.changed(event)


async def catalogue_item_changed(uow: MobilityUnitOfWork, event: ev.CatalogueItemChanged) -> None:
    await uow.catalogue.changed(event)


# --------------------------------------------------------------------------- shared steps


async def _open(uow: MobilityUnitOfWork, opening_id: str) -> Opening:
    opening = await uow.actions.open_opening(opening_id)
    if opening is None:
        raise NotFoundError(f"no open opening {opening_id}")
    return opening


async def _employee(uow: MobilityUnitOfWork, m: Matching, employee_id: str) -> Employee:
    """The employee as the read model holds them (committed): an HTTP request may reach a replica
    whose index holds other partitions."""
    found = await uow.employees.get(employee_id)
    return found or Employee(employee_id, partition_of(employee_id, m.partitions))
