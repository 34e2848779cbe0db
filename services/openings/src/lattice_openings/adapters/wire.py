"""Domain events to contract events. Confidential fields are never copied: ``OpeningDetails``
is built field by field from the public spec."""

from __future__ import annotations

from typing import Any

from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import Event, OpeningKind

from lattice_openings.domain.applications import ApplicationMoved
from lattice_openings.domain.common import SkillNeed
from lattice_openings.domain.openings import (
    OpeningEnded,
    OpeningEvent,
    OpeningOpened,
    OpeningRevised,
    OpeningSpec,
)
from lattice_openings.domain.placements import AssignmentFinished, Placed, PlacementEvent
from lattice_openings.domain.releases import ReleaseAnswered, ReleaseAsked, ReleaseEvent
from lattice_openings.domain.roles import Role


def opening_event(event: OpeningEvent) -> Event:
    match event:
        case OpeningOpened(opening_id, spec, at):
            return ev.OpeningPosted(
                opening_id=opening_id, opening=details(opening_id, spec), posted_at=at
            )
        case OpeningRevised(opening_id, spec, at):
            return ev.OpeningUpdated(
                opening_id=opening_id, opening=details(opening_id, spec), updated_at=at
            )
        case OpeningEnded(opening_id, outcome, at):
            return ev.OpeningClosed(opening_id=opening_id, outcome=outcome.value, closed_at=at)


def details(opening_id: str, spec: OpeningSpec) -> ev.OpeningDetails:
    rules = spec.eligibility
    return ev.OpeningDetails(
        opening_id=opening_id,
        title=spec.title,
        kind=spec.kind,
        temporary_kind=spec.temporary_kind,
        time_share_percent=spec.time_share_percent,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        role_id=spec.role_id,
        grade=spec.grade,
        track=spec.track,
        department=spec.department,
        required_skills=tuple(
            ev.RequiredSkill(skill_id=n.skill_id, level=n.level, must_have=n.must_have)
            for n in spec.required_skills
        ),
        optional_skills=_levels(spec.optional_skills),
        locations=spec.locations,
        remote=spec.remote,
        min_tenure_months=rules.min_tenure_months,
        grade_min=rules.grade_min,
        grade_max=rules.grade_max,
        departments_included=rules.departments_included,
        departments_excluded=rules.departments_excluded,
        hiring_manager_id=spec.hiring_manager_id,
        incumbent_ids=spec.incumbent_ids,
        match_threshold=spec.match_threshold,
    )


def role_defined(role: Role) -> ev.RoleDefined:
    return ev.RoleDefined(
        role_id=role.role_id,
        title=role.title,
        job_family=role.job_family,
        track=role.track,
        grade=role.grade,
        skill_profile=_levels(role.skill_profile),
        next_role_ids=role.next_role_ids,
    )


def _levels(needs: tuple[SkillNeed, ...]) -> tuple[ev.SkillLevel, ...]:
    return tuple(ev.SkillLevel(skill_id=n.skill_id, level=n.level) for n in needs)


# --------------------------------------------------------------------------- the mobility loop


def application_changed(moved: ApplicationMoved, spec: OpeningSpec) -> ev.ApplicationChanged:
    """No reason travels: a decline's stays in the service, for HR."""
    return ev.ApplicationChanged(
        application_id=moved.application_id,
        opening_id=moved.opening_id,
        employee_id=moved.employee_id,
        status=moved.stage,
        title=spec.title,
        kind=spec.kind,
        department=spec.department,
        changed_at=moved.at,
    )


def release_event(event: ReleaseEvent) -> Event:
    """A decline's reason stays in the service: neither event carries it, nor who in HR
    answered on the manager's behalf (only that HR did)."""
    release = event.release
    about: dict[str, Any] = {
        "request_id": release.request_id,
        "opening_id": release.opening_id,
        "employee_id": release.employee_id,
        "manager_id": release.manager_id,
        "department": release.department,
    }
    match event:
        case ReleaseAsked():
            return ev.ReleaseRequested(
                **about, deadline=release.deadline, requested_at=release.requested_at
            )
        case ReleaseAnswered():
            return ev.ReleaseDecided(
                **about,
                outcome=release.outcome,
                on_behalf=release.on_behalf,
                decided_at=release.decided_at,
            )


def placement_event(event: PlacementEvent) -> Event:
    placement = event.placement
    match event:
        case Placed(_, spec, from_department, at):
            temporary = spec.kind is OpeningKind.TEMPORARY
            return ev.PlacementMade(
                placement_id=placement.placement_id,
                employee_id=placement.employee_id,
                opening_id=placement.opening_id,
                kind=spec.kind,
                temporary_kind=spec.temporary_kind,
                role_id=spec.role_id,
                grade=spec.grade,
                track=spec.track,
                department=spec.department,
                location=None if spec.remote or not spec.locations else spec.locations[0],
                from_department=from_department,
                effective_on=placement.effective_on,
                starts_on=(spec.starts_on or placement.effective_on) if temporary else None,
                ends_on=placement.ends_on,
                time_share_percent=spec.time_share_percent,
                placed_at=at,
            )
        case AssignmentFinished():
            assert placement.ends_on is not None
            return ev.AssignmentEnded(
                placement_id=placement.placement_id,
                employee_id=placement.employee_id,
                opening_id=placement.opening_id,
                skills_used=placement.skills_used,
                ended_on=placement.ends_on,
            )
