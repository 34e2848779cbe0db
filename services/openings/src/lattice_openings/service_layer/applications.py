"""Use cases of the mobility loop: read models fed by events, the hiring manager's moves, the
current manager's release, the candidate's acceptance and the deadlines that pass on their own.
Each runs in one unit of work; state and the events it publishes commit together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from lattice_platform.contracts.topics import APPLICATIONS, PLACEMENTS

from lattice_openings.adapters import wire
from lattice_openings.domain.applications import Application, Colleague, Stage, application_id
from lattice_openings.domain.common import Actor, ForbiddenError
from lattice_openings.domain.openings import IllegalTransitionError, Opening, Status
from lattice_openings.domain.placements import Placement
from lattice_openings.domain.releases import Release, ReleasePolicy, release_id, waived
from lattice_openings.service_layer.handlers import managed_opening, save_opening
from lattice_openings.service_layer.unit_of_work import OpeningsUnitOfWork

log = structlog.get_logger(__name__)


class ApplicationNotFoundError(LookupError):
    """No such application, or not one the actor may see (the two are not told apart)."""

    def __init__(self, application_id: str) -> None:
        super().__init__(f"application {application_id} not found")


class ReleaseNotFoundError(LookupError):
    def __init__(self, request_id: str) -> None:
        super().__init__(f"release request {request_id} not found")


@dataclass(frozen=True)
class Interest:
    opening_id: str
    employee_id: str
    note: str | None
    explanation: dict[str, Any]
    at: datetime


# --------------------------------------------------------------------------- from events


async def employee_changed(
    uow: OpeningsUnitOfWork,
    colleague: Colleague,
    *,
    grade: int,
    track: str,
    location: str,
    changed_at: datetime,
) -> None:
    await uow.people.record(colleague, grade, track, location, changed_at)


async def employee_left(uow: OpeningsUnitOfWork, employee_id: str, at: datetime) -> int:
    """A leaver's active applications end as withdrawn at ``at``, when the leave was heard (each
    published, so the hiring manager's candidates and the figures see it); a release request
    still waiting for them then no longer lapses. Says how many ended."""
    await uow.people.left(employee_id)
    return await _end_applications_of(uow, employee_id, at)


async def employee_erased(uow: OpeningsUnitOfWork, employee_id: str, at: datetime) -> int:
    """HR erased the person: what they wrote (an interest's note) and what was written about them
    (a decline's reason, a release's refusal) goes. Only a leaver is erased, and leaving ended
    their applications; one still active (an interest heard after the leave) ends now as a
    leaver's does. The rows stay, by employee id, for the figures. Says how many ended."""
    ended = await _end_applications_of(uow, employee_id, at)
    await uow.applications.forget_words_about(employee_id)
    await uow.releases.forget_reasons_about(employee_id)
    return ended


async def _end_applications_of(uow: OpeningsUnitOfWork, employee_id: str, at: datetime) -> int:
    ended = 0
    for opening_id in await uow.applications.opening_ids_of(employee_id):
        opening = await uow.openings.get(opening_id)  # the opening's lock first, as everywhere
        application = await uow.applications.get(opening_id, employee_id)
        if opening is None or application is None or not application.active:
            continue
        application.withdraw(at)
        await _save(uow, application, opening, at)
        ended += 1
    return ended


async def opportunity_surfaced(
    uow: OpeningsUnitOfWork,
    opening_id: str,
    employee_id: str,
    opportunity_id: str,
    *,
    explanation: dict[str, Any],
    at: datetime,
) -> None:
    await uow.people.surfaced(opening_id, employee_id, opportunity_id, explanation, at)


async def opportunity_withdrawn(
    uow: OpeningsUnitOfWork, opening_id: str, employee_id: str, opportunity_id: str
) -> None:
    await uow.people.withdrawn(opening_id, employee_id, opportunity_id)


async def interest_expressed(uow: OpeningsUnitOfWork, interest: Interest) -> Application | None:
    """Interest makes an application, or answers an invitation. Interest in an opening that is
    not open, or from a candidate whose application has already moved on, changes nothing: the
    notifier only lets an employee act on an open opening, so these are late arrivals."""
    opening = await uow.openings.get(interest.opening_id)
    if opening is None or opening.status is not Status.OPEN:
        log.info("interest.ignored", opening=interest.opening_id, reason="opening not open")
        return None
    application = await uow.applications.get(interest.opening_id, interest.employee_id)
    if application is None:
        application = Application.interested(
            interest.opening_id,
            interest.employee_id,
            interest.note,
            interest.explanation,
            interest.at,
        )
    elif application.stage is Stage.INVITED:
        application.express_interest(interest.note, interest.explanation, interest.at)
    else:
        log.info("interest.ignored", application=application.application_id, reason="moved on")
        return None
    await _save(uow, application, opening, interest.at)
    return application


async def interest_withdrawn(
    uow: OpeningsUnitOfWork, opening_id: str, employee_id: str, at: datetime
) -> Application | None:
    opening = await uow.openings.get(opening_id)  # the opening's lock first, as everywhere
    application = await uow.applications.get(opening_id, employee_id)
    if application is None or opening is None or not application.active:
        log.info("withdrawal.ignored", opening=opening_id, reason="no active application")
        return None
    application.withdraw(at)
    await _save(uow, application, opening, at)
    return application


# --------------------------------------------------------------------------- the hiring manager


async def invite(
    uow: OpeningsUnitOfWork, opening_id: str, employee_id: str, actor: Actor, at: datetime
) -> Application:
    """Invite a candidate the opening was surfaced to. A non-discoverable employee cannot be
    invited: to the hiring manager they do not exist until they express interest."""
    opening = await _open_and_managed(uow, opening_id, actor)
    explanation = await uow.people.explanation(opening_id, employee_id)
    colleague = await uow.people.colleague(employee_id)
    if explanation is None or colleague is None or not colleague.discoverable:
        raise ApplicationNotFoundError(f"{opening_id}:{employee_id}")
    existing = await uow.applications.get(opening_id, employee_id)
    if existing is not None:
        raise IllegalTransitionError(
            f"cannot invite to application {existing.application_id}: it is already "
            f"{existing.stage.value}"
        )
    application = Application.invited(opening_id, employee_id, explanation, at)
    await _save(uow, application, opening, at)
    return application


async def shortlist(
    uow: OpeningsUnitOfWork, opening_id: str, employee_id: str, actor: Actor, at: datetime
) -> Application:
    opening, application = await _candidate(uow, opening_id, employee_id, actor)
    application.shortlist(at)
    await _save(uow, application, opening, at)
    return application


async def decline(
    uow: OpeningsUnitOfWork,
    opening_id: str,
    employee_id: str,
    actor: Actor,
    at: datetime,
    *,
    reason: str,
) -> Application:
    opening, application = await _candidate(uow, opening_id, employee_id, actor)
    application.decline(reason, at)
    await _save(uow, application, opening, at)
    return application


async def offer(
    uow: OpeningsUnitOfWork,
    opening_id: str,
    employee_id: str,
    actor: Actor,
    at: datetime,
    *,
    policy: ReleasePolicy,
) -> Application:
    """Offer the opening; the candidate's current manager is asked to release them when the
    policy says so and the candidate has a manager, unless that manager is the opening's hiring
    manager (the offer then records why no release was asked, and the candidate may accept)."""
    opening, application = await _candidate(uow, opening_id, employee_id, actor)
    colleague = await uow.people.colleague(employee_id)
    release, waiver = None, None
    if policy.needed_for(opening.spec.kind) and colleague and colleague.manager_id:
        waiver = waived(colleague.manager_id, opening.spec.hiring_manager_id)
        if waiver is None:
            release = Release.ask(
                opening_id,
                employee_id,
                colleague.manager_id,
                colleague.department,
                at=at,
                policy=policy,
            )
    application.offer(at, release_waived=waiver)
    await _save(uow, application, opening, at)
    if release is not None:
        await _save_release(uow, release)
    return application


# --------------------------------------------------------------------------- the current manager


async def answer_release(
    uow: OpeningsUnitOfWork,
    request_id: str,
    actor: Actor,
    at: datetime,
    decline_reason: str | None = None,
) -> Release:
    """Approve (no reason) or decline (with a reason, for HR). The manager asked answers, or HR
    on their behalf (recorded as such); to anyone else the request does not exist. A declined
    release ends the offer: the candidate could not accept it and the hiring manager could not
    make it again, so the application is declined (the candidate reads the courteous status, HR
    the release's reason); the opening stays open for the others."""
    about = await uow.releases.about(request_id)
    if about is None:
        raise ReleaseNotFoundError(request_id)
    opening = await uow.openings.get(about[0])  # the locks in the usual order: opening first
    application = await uow.applications.get(*about)
    release = await uow.releases.get(request_id)
    if release is None or not (release.manager_id == actor.employee_id or actor.is_hr):
        raise ReleaseNotFoundError(request_id)
    offered = opening is not None and application is not None and application.stage is Stage.OFFERED
    if release.outcome is None and not offered:
        ended = application.stage.value if application else "gone"
        raise IllegalTransitionError(
            f"release {request_id} is moot: the offer no longer stands (the application is {ended})"
        )
    hr = None if release.manager_id == actor.employee_id else actor.employee_id or "hr"
    if decline_reason is None:
        release.approve(at, hr=hr)
    else:
        release.decline(decline_reason, at, hr=hr)
        if opening is not None and application is not None:
            application.decline("the current manager declined the release", at)
            await _save(uow, application, opening, at)
    await _save_release(uow, release)
    return release


# --------------------------------------------------------------------------- the candidate


async def accept(uow: OpeningsUnitOfWork, opening_id: str, actor: Actor, at: datetime) -> Placement:
    """The candidate takes the offer: placed, the opening filled, everyone else's application
    closed, and the move published for the HRIS."""
    employee_id = actor.employee_id
    if employee_id is None:
        raise ForbiddenError("only the candidate accepts an offer")
    opening = await uow.openings.get(opening_id)
    application = await uow.applications.get(opening_id, employee_id)
    if opening is None or application is None:
        raise ApplicationNotFoundError(f"{opening_id}:{employee_id}")
    release = await uow.releases.get(release_id(application_id(opening_id, employee_id)))
    if release is not None and not release.cleared:
        waiting = "declined" if release.outcome else "not answered yet"
        raise IllegalTransitionError(
            f"cannot accept application {application.application_id}: the current manager's "
            f"release is {waiting}"
        )
    if opening.status is not Status.OPEN:
        raise IllegalTransitionError(
            f"cannot accept application {application.application_id}: the opening is "
            f"{opening.status.value}"
        )
    application.accept(at)
    await _save(uow, application, opening, at)
    colleague = await uow.people.colleague(employee_id)
    from_department = colleague.department if colleague else opening.spec.department
    placement = Placement.make(opening_id, opening.spec, employee_id, from_department, at)
    await _save_placement(uow, placement)
    opening.fill(at)
    await save_opening(uow, opening)
    return placement


# --------------------------------------------------------------------------- HR


async def close_as(
    uow: OpeningsUnitOfWork, opening_id: str, externally_filled: bool, actor: Actor, at: datetime
) -> Opening:
    """HR ends an opening: filled from outside, or cancelled."""
    if not actor.is_hr:
        raise ForbiddenError("only HR closes an opening as filled externally or cancelled")
    opening = await managed_opening(uow, opening_id, actor)
    if externally_filled:
        opening.fill_externally(at)
    else:
        opening.close(at)
    await save_opening(uow, opening)
    return opening


# --------------------------------------------------------------------------- deadlines


async def release_when_unanswered(uow: OpeningsUnitOfWork, now: datetime) -> int:
    """Unanswered release requests past their deadline are released automatically."""
    released = 0
    for release in await uow.releases.due(now):
        if release.lapse(now):
            await _save_release(uow, release)
            released += 1
    return released


async def end_assignments(uow: OpeningsUnitOfWork, now: datetime) -> int:
    """Temporary assignments end on their end date: their skills count as used then."""
    ended = 0
    for placement in await uow.placements.due(now.date()):
        if placement.end_if_due(now.date()):
            await _save_placement(uow, placement)
            ended += 1
    return ended


async def close_expired_openings(uow: OpeningsUnitOfWork, now: datetime) -> int:
    """Open openings whose end date has passed close themselves (and their applications)."""
    closed = 0
    for opening_id in await uow.expired_openings(now.date()):
        opening = await uow.openings.get(opening_id)
        if opening is not None and opening.expire(now.date(), now):
            await save_opening(uow, opening)
            closed += 1
    return closed


# --------------------------------------------------------------------------- shared steps


async def _open_and_managed(uow: OpeningsUnitOfWork, opening_id: str, actor: Actor) -> Opening:
    opening = await managed_opening(uow, opening_id, actor)
    if opening.status is not Status.OPEN:
        raise IllegalTransitionError(
            f"opening {opening_id} is {opening.status.value}: its candidates can no longer move"
        )
    return opening


async def _candidate(
    uow: OpeningsUnitOfWork, opening_id: str, employee_id: str, actor: Actor
) -> tuple[Opening, Application]:
    opening = await managed_opening(uow, opening_id, actor)
    application = await uow.applications.get(opening_id, employee_id)
    if application is None:
        raise ApplicationNotFoundError(f"{opening_id}:{employee_id}")
    return opening, application


async def _save(
    uow: OpeningsUnitOfWork, application: Application, opening: Opening, at: datetime
) -> None:
    await uow.applications.save(application, at)
    for moved in application.events:
        await uow.publish(APPLICATIONS, wire.application_changed(moved, opening.spec))
    application.events.clear()


async def _save_release(uow: OpeningsUnitOfWork, release: Release) -> None:
    await uow.releases.save(release)
    for event in release.events:
        await uow.publish(APPLICATIONS, wire.release_event(event))
    release.events.clear()


async def _save_placement(uow: OpeningsUnitOfWork, placement: Placement) -> None:
    await uow.placements.save(placement)
    for event in placement.events:
        await uow.publish(PLACEMENTS, wire.placement_event(event))
    placement.events.clear()
