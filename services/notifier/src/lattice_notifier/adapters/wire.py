"""Contract events in, domain objects out; domain verdicts in, contract events out."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import SkillSource

from lattice_notifier.domain.matching import Assessment, SkillFit
from lattice_notifier.domain.model import CareerGoal, HeldSkill, Opening, Profile, Requirement


def profile_of(event: ev.EmployeeUpserted) -> Profile:
    return Profile(
        grade=event.grade,
        track=event.track,
        department=event.department,
        location=event.location,
        role_start_date=event.role_start_date,
        changed_at=event.changed_at,
        status=event.status,
        discoverable=event.discoverable,
        role_id=event.role_id,
        manager_id=event.manager_id,
        mentor_opt_in=event.mentor_opt_in,
    )


def skills_of(event: ev.EmployeeUpserted) -> dict[str, HeldSkill]:
    """A learned skill's last use is its completion (or later): the date it counts as acquired
    on, if this snapshot is the first the notifier hears of it (see ``Employee.with_profile``)."""
    return {
        s.skill_id: HeldSkill(
            s.level,
            s.last_used_on,
            s.last_used_on if s.source is SkillSource.LEARNING else None,
        )
        for s in event.skills
    }


def goal_of(event: ev.CareerGoalSet) -> CareerGoal:
    return CareerGoal(
        target_role_ids=frozenset(event.target_role_ids),
        move_kinds=frozenset(event.move_kinds),
        willing_to_relocate=event.willing_to_relocate,
        acceptable_locations=frozenset(event.acceptable_locations),
        set_at=event.set_at,
    )


def opening_of(details: ev.OpeningDetails) -> Opening:
    return Opening(
        opening_id=details.opening_id,
        title=details.title,
        kind=details.kind,
        temporary_kind=details.temporary_kind,
        grade=details.grade,
        track=details.track,
        hiring_manager_id=details.hiring_manager_id,
        required=tuple(
            Requirement(r.skill_id, r.level, r.must_have) for r in details.required_skills
        ),
        optional=tuple(Requirement(o.skill_id, o.level) for o in details.optional_skills),
        role_id=details.role_id,
        department=details.department,
        locations=frozenset(details.locations),
        remote=details.remote,
        min_tenure_months=details.min_tenure_months,
        grade_min=details.grade_min,
        grade_max=details.grade_max,
        departments_included=frozenset(details.departments_included),
        departments_excluded=frozenset(details.departments_excluded),
        incumbent_ids=frozenset(details.incumbent_ids),
        threshold=details.match_threshold,
        starts_on=details.starts_on,
        ends_on=details.ends_on,
        time_share_percent=details.time_share_percent,
    )


def details_of(opening: Opening) -> ev.OpeningDetails:
    """The opening as the openings service published it: how the read model stores it."""
    return ev.OpeningDetails(
        opening_id=opening.opening_id,
        title=opening.title,
        kind=opening.kind,
        temporary_kind=opening.temporary_kind,
        time_share_percent=opening.time_share_percent,
        starts_on=opening.starts_on,
        ends_on=opening.ends_on,
        role_id=opening.role_id,
        grade=opening.grade,
        track=opening.track,
        department=opening.department,
        required_skills=tuple(
            ev.RequiredSkill(skill_id=r.skill_id, level=r.level, must_have=r.must_have)
            for r in opening.required
        ),
        optional_skills=tuple(
            ev.SkillLevel(skill_id=o.skill_id, level=o.level) for o in opening.optional
        ),
        locations=tuple(sorted(opening.locations)),
        remote=opening.remote,
        min_tenure_months=opening.min_tenure_months,
        grade_min=opening.grade_min,
        grade_max=opening.grade_max,
        departments_included=tuple(sorted(opening.departments_included)),
        departments_excluded=tuple(sorted(opening.departments_excluded)),
        hiring_manager_id=opening.hiring_manager_id,
        incumbent_ids=tuple(sorted(opening.incumbent_ids)),
        match_threshold=opening.threshold,
    )


@lru_cache(maxsize=1 << 14)
def skill_match(fit: SkillFit) -> ev.SkillMatch:
    """Both are immutable values, and explanations share a few thousand of them: each is made
    (and validated) once."""
    return ev.SkillMatch(
        skill_id=fit.skill_id,
        required_level=fit.required_level,
        held_level=fit.held_level,
        effective_level=max(fit.effective_level, 0),
        must_have=fit.must_have,
        stale=fit.stale,
    )


def skill_matches(
    fits: tuple[SkillFit, ...],
) -> tuple[tuple[ev.SkillMatch, ...], tuple[ev.SkillMatch, ...]]:
    """The matched and the missing skills of ``fits``, in their order: an assessment's
    ``matched`` and ``missing`` in one pass (the two passes cost as much as the explanation's
    validation)."""
    matched: list[ev.SkillMatch] = []
    missing: list[ev.SkillMatch] = []
    for fit in fits:
        (matched if fit.met else missing).append(skill_match(fit))
    return tuple(matched), tuple(missing)


def explanation_of(assessment: Assessment) -> ev.Explanation:
    if assessment.mobility_type is None:
        raise ValueError("only an eligible assessment has an explanation")
    matched, missing = skill_matches(assessment.fits)
    return ev.Explanation(
        mobility_type=assessment.mobility_type,
        score=assessment.score,
        threshold=assessment.threshold,
        matched_skills=matched,
        missing_skills=missing,
        optional_matched=assessment.optional_matched,
        reasons=tuple(r.value for r in assessment.reasons),
    )


def surfaced(
    opportunity_id: str,
    assessment: Assessment,
    opening: Opening,
    explanation: ev.Explanation,
    at: datetime,
) -> ev.OpportunitySurfaced:
    return ev.OpportunitySurfaced(
        opportunity_id=opportunity_id,
        employee_id=assessment.employee_id,
        opening_id=opening.opening_id,
        title=opening.title,
        kind=opening.kind,
        temporary_kind=opening.temporary_kind,
        explanation=explanation,
        surfaced_at=at,
    )


def near_miss(assessment: Assessment, at: datetime) -> ev.NearMissDetected:
    return ev.NearMissDetected(
        employee_id=assessment.employee_id,
        opening_id=assessment.opening_id,
        score=assessment.score,
        threshold=assessment.threshold,
        missing_skills=tuple(skill_match(f) for f in assessment.missing),
        detected_at=at,
    )
