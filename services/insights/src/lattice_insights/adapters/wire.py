"""Wire events (the contracts in lattice_platform) to the facts the figures are built from."""

from __future__ import annotations

from datetime import datetime

from lattice_platform.contracts import events as ev

from lattice_insights.domain.facts import (
    Completion,
    NearMiss,
    Opening,
    Outcome,
    Placement,
    Progress,
    Release,
    ReleaseOutcome,
    Stage,
)

STAGE_OF_STATUS: dict[ev.ApplicationStatus, Stage] = {
    ev.ApplicationStatus.INVITED: Stage.SURFACED,  # only a surfaced candidate is invited
    ev.ApplicationStatus.INTERESTED: Stage.INTERESTED,
    ev.ApplicationStatus.SHORTLISTED: Stage.SHORTLISTED,
    ev.ApplicationStatus.OFFERED: Stage.OFFERED,
    ev.ApplicationStatus.ACCEPTED: Stage.OFFERED,  # placed once the placement is recorded
    ev.ApplicationStatus.PLACED: Stage.PLACED,
}
"""The funnel step an application's status shows; declined, withdrawn and closed show none
(the steps reached before stay reached)."""
ENDED = frozenset(
    {ev.ApplicationStatus.DECLINED, ev.ApplicationStatus.WITHDRAWN, ev.ApplicationStatus.CLOSED}
)
"""The statuses an application ends in without a placement."""


def opening(details: ev.OpeningDetails, posted_at: datetime | None = None) -> Opening:
    return Opening(
        opening_id=details.opening_id,
        title=details.title,
        kind=details.kind,
        department=details.department,
        hiring_manager_id=details.hiring_manager_id,
        posted_at=posted_at,
    )


def opening_of_application(event: ev.ApplicationChanged) -> Opening:
    return Opening(
        event.opening_id, title=event.title, kind=event.kind, department=event.department
    )


def opening_of_placement(event: ev.PlacementMade) -> Opening:
    return Opening(event.opening_id, kind=event.kind, department=event.department)


def outcome(event: ev.OpeningClosed) -> Outcome:
    return Outcome(event.outcome)


def progress(event: ev.ApplicationChanged) -> Progress | None:
    stage = STAGE_OF_STATUS.get(event.status)
    if stage is None:
        return None
    return Progress(event.opening_id, event.employee_id, stage, event.changed_at)


def release(event: ev.ReleaseRequested | ev.ReleaseDecided) -> Release:
    return Release(
        request_id=event.request_id,
        opening_id=event.opening_id,
        employee_id=event.employee_id,
        manager_id=event.manager_id,
        department=event.department,
        outcome=(
            ReleaseOutcome(event.outcome.value) if isinstance(event, ev.ReleaseDecided) else None
        ),
    )


def placement(event: ev.PlacementMade) -> Placement:
    return Placement(
        placement_id=event.placement_id,
        employee_id=event.employee_id,
        opening_id=event.opening_id,
        department=event.department,
        from_department=event.from_department,
        placed_at=event.placed_at,
    )


def near_miss(event: ev.NearMissDetected) -> NearMiss:
    return NearMiss(event.employee_id, event.opening_id, event.detected_at)


def completion(event: ev.LearningCompleted) -> Completion:
    return Completion(event.completion_id, event.employee_id, event.completed_at)
