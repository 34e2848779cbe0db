"""Domain facts to wire events (the contracts in lattice_platform), and wire events to domain
values."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import EmployeeStatus, SkillSource

from lattice_learning.domain.gaps import Gap, Recommendation
from lattice_learning.domain.mentoring import CareerGoal, MentorPairing, Person, Role
from lattice_learning.domain.model import CatalogueItem, SkillGain, SkillTarget


def skill_levels(targets: Iterable[SkillTarget]) -> tuple[ev.SkillLevel, ...]:
    return tuple(ev.SkillLevel(skill_id=t.skill_id, level=t.level) for t in targets)


def targets(levels: Iterable[ev.SkillLevel]) -> tuple[SkillTarget, ...]:
    return tuple(SkillTarget(s.skill_id, s.level) for s in levels)


def catalogue_item_changed(item: CatalogueItem, at: datetime) -> ev.CatalogueItemChanged:
    return ev.CatalogueItemChanged(
        item_id=item.item_id,
        title=item.title,
        skills_built=skill_levels(item.skills),
        available=item.active,
        changed_at=at,
    )


def learning_completed(
    completion_id: str, employee_id: str, item: CatalogueItem, completed_at: datetime
) -> ev.LearningCompleted:
    return ev.LearningCompleted(
        completion_id=completion_id,
        employee_id=employee_id,
        item_id=item.item_id,
        skills_built=skill_levels(item.skills),
        completed_at=completed_at,
    )


def skill_acquired(
    employee_id: str, gain: SkillGain, item: CatalogueItem, completed_at: datetime
) -> ev.SkillAcquired:
    return ev.SkillAcquired(
        employee_id=employee_id,
        skill_id=gain.skill_id,
        level=gain.level,
        previous_level=gain.previous_level,
        source=SkillSource.LEARNING,
        evidence=item.item_id,
        acquired_at=completed_at,
    )


def learning_recommended(recommendation: Recommendation) -> ev.LearningRecommended:
    r = recommendation
    return ev.LearningRecommended(
        employee_id=r.employee_id,
        opening_id=r.opening_id,
        target_role_id=r.target_role_id,
        gap=skill_levels(r.gap.targets),
        items=tuple(
            ev.RecommendedItem(
                item_id=i.item_id, title=i.title, skills_built=skill_levels(i.skills)
            )
            for i in r.plan.items
        ),
        uncovered=r.plan.uncovered,
        recommended_at=r.recommended_at,
    )


def mentor_suggested(pairing: MentorPairing) -> ev.MentorSuggested:
    return ev.MentorSuggested(
        employee_id=pairing.mentee_id,
        mentor_id=pairing.mentor_id,
        target_role_id=pairing.target_role_id,
        suggested_at=pairing.suggested_at,
    )


def role(event: ev.RoleDefined) -> Role:
    return Role(event.role_id, event.next_role_ids)


def person(event: ev.EmployeeUpserted) -> Person:
    return Person(
        employee_id=event.employee_id,
        role_id=event.role_id,
        manager_id=event.manager_id,
        active=event.status is EmployeeStatus.ACTIVE,
        mentor_opt_in=event.mentor_opt_in,
    )


def goal(event: ev.CareerGoalSet) -> CareerGoal:
    return CareerGoal(event.target_role_ids, event.set_at)


def levels_held(event: ev.EmployeeUpserted) -> dict[str, int]:
    """The highest level held of each skill on the record."""
    levels: dict[str, int] = {}
    for held in event.skills:
        levels[held.skill_id] = max(levels.get(held.skill_id, 0), held.level)
    return levels


def gap(event: ev.NearMissDetected) -> Gap:
    # Every skill the notifier lists is missing by its reckoning, a stale one included (held at
    # the level but decayed below it): a refresher closes that gap too.
    return Gap.of(SkillTarget(m.skill_id, m.required_level) for m in event.missing_skills)
