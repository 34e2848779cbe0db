"""Domain events to contract events. Confidential fields are never copied: ``OpeningDetails``
is built field by field from the public spec."""

from __future__ import annotations

from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import Event

from lattice_openings.domain.common import SkillNeed
from lattice_openings.domain.openings import (
    OpeningEnded,
    OpeningEvent,
    OpeningOpened,
    OpeningRevised,
    OpeningSpec,
)
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
