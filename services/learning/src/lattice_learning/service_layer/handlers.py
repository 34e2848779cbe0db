"""Use cases of the learning service. Each runs in one unit of work: its state changes and the
events it publishes commit together or not at all."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from lattice_platform.contracts import topics as t

from lattice_learning.adapters import wire
from lattice_learning.domain.gaps import Gap, Recommendation, choose_items
from lattice_learning.domain.mentoring import (
    OPEN_PAIRINGS,
    CareerGoal,
    MentorPairing,
    PairingStatus,
    Person,
    Role,
    choose_mentors,
)
from lattice_learning.domain.model import (
    CatalogueItem,
    Enrolment,
    EnrolmentStatus,
    LearningError,
    SkillTarget,
    skill_gains,
)
from lattice_learning.service_layer.unit_of_work import LearningUnitOfWork


class NotFoundError(LearningError):
    """Unknown, or not the caller's to see."""


@dataclass(frozen=True)
class PairingPolicy:
    capacity: int
    per_goal: int


MENTEES_EXAMINED_PER_MENTOR = 20
"""Bounds the work one mentor's arrival causes; their capacity is far smaller anyway."""


def new_id() -> str:
    return str(uuid.uuid4())


# --------------------------------------------------------------------------- catalogue


async def add_item(uow: LearningUnitOfWork, item: CatalogueItem, now: datetime) -> None:
    await uow.catalogue.add(item)
    await uow.publish(t.CATALOGUE, wire.catalogue_item_changed(item, now))


async def replace_item(uow: LearningUnitOfWork, item: CatalogueItem, now: datetime) -> None:
    """Replace an item, or retire it (``active`` false): either way the catalogue topic says so."""
    if await uow.catalogue.get(item.item_id, for_update=True) is None:
        raise NotFoundError(f"no catalogue item {item.item_id}")
    await uow.catalogue.save(item)
    await uow.publish(t.CATALOGUE, wire.catalogue_item_changed(item, now))


async def item(uow: LearningUnitOfWork, item_id: str) -> CatalogueItem:
    found = await uow.catalogue.get(item_id)
    if found is None:
        raise NotFoundError(f"no catalogue item {item_id}")
    return found


# --------------------------------------------------------------------------- enrolments


async def enrol(
    uow: LearningUnitOfWork, employee_id: str, item_id: str, now: datetime
) -> Enrolment:
    chosen = await uow.catalogue.get(item_id, for_update=True)  # seats are counted under lock
    if chosen is None:
        raise NotFoundError(f"no catalogue item {item_id}")
    chosen.check_seat(await uow.enrolments.seats_taken(item_id))
    enrolment = Enrolment(new_id(), employee_id, item_id, EnrolmentStatus.ENROLLED, now)
    await uow.enrolments.add(enrolment)
    return enrolment


async def withdraw(uow: LearningUnitOfWork, employee_id: str, enrolment_id: str) -> Enrolment:
    enrolment = await uow.enrolments.get(enrolment_id, for_update=True)
    if enrolment is None or enrolment.employee_id != employee_id:
        raise NotFoundError(f"no enrolment {enrolment_id} of yours")
    withdrawn = enrolment.withdraw()
    await uow.enrolments.save(withdrawn)
    return withdrawn


async def complete_enrolment(
    uow: LearningUnitOfWork, enrolment_id: str, completed_at: datetime
) -> Enrolment:
    """HR (or a trusted service) confirms that an enrolment was completed."""
    enrolment = await uow.enrolments.get(enrolment_id, for_update=True)
    if enrolment is None:
        raise NotFoundError(f"no enrolment {enrolment_id}")
    completed = enrolment.complete(completed_at)
    await uow.enrolments.save(completed)
    await record_completion(
        uow,
        completion_id=f"enrolment:{enrolment_id}",
        employee_id=enrolment.employee_id,
        item_id=enrolment.item_id,
        completed_at=completed_at,
        source="http",
    )
    return completed


async def lms_completion_reported(
    uow: LearningUnitOfWork,
    completion_id: str,
    employee_id: str,
    item_id: str,
    completed_at: datetime,
) -> None:
    """A completion from the external LMS. Replays of one completion id have no second effect;
    an open enrolment on the item, if any, is completed by it."""
    is_new = await record_completion(
        uow,
        completion_id=f"lms:{completion_id}",
        employee_id=employee_id,
        item_id=item_id,
        completed_at=completed_at,
        source="lms",
    )
    if is_new:
        enrolment = await uow.enrolments.open_one(employee_id, item_id)
        if enrolment is not None:
            await uow.enrolments.save(enrolment.complete(completed_at))


async def record_completion(
    uow: LearningUnitOfWork,
    *,
    completion_id: str,
    employee_id: str,
    item_id: str,
    completed_at: datetime,
    source: str,
) -> bool:
    """Record a completion once and publish what it proves. Returns whether it was new."""
    done = await uow.catalogue.get(item_id)
    if done is None:
        raise NotFoundError(f"completion {completion_id} names unknown catalogue item {item_id}")
    if not await uow.completions.record(completion_id, employee_id, item_id, source, completed_at):
        return False
    await uow.publish(
        t.LEARNING_TOPIC,
        wire.learning_completed(completion_id, employee_id, done, completed_at),
    )
    for gain in skill_gains(done, await uow.people.levels_of(employee_id)):
        await uow.people.raise_skill(employee_id, gain.skill_id, gain.level)
        await uow.publish(
            t.LEARNING_TOPIC, wire.skill_acquired(employee_id, gain, done, completed_at)
        )
    return True


# --------------------------------------------------------------------------- read models


async def employee_upserted(
    uow: LearningUnitOfWork,
    person: Person,
    levels: Mapping[str, int],
    *,
    changed_at: datetime,
    policy: PairingPolicy,
    now: datetime,
) -> None:
    """``levels``: the highest level held of each skill of the person's record."""
    if await uow.people.upsert(person, changed_at):
        await uow.people.replace_skills(person.employee_id, dict(levels))
        if person.could_mentor and person.role_id is not None:
            await _offer_new_mentor(uow, person.employee_id, person.role_id, policy, now)


async def _offer_new_mentor(
    uow: LearningUnitOfWork, mentor_id: str, role_id: str, policy: PairingPolicy, now: datetime
) -> None:
    """A mentor who appears (or opts in) after the goals they suit were set is offered to those
    goals still short of mentors, oldest goal first."""
    waiting = await uow.goals.short_of_mentors(
        role_id,
        exclude=mentor_id,
        per_goal=policy.per_goal,
        limit=MENTEES_EXAMINED_PER_MENTOR,
    )
    for mentee_id, target_role_id in waiting:
        found = await uow.roles.get(target_role_id)
        if found is not None:
            await _pair(uow, mentee_id, found[0], policy, now)


async def employee_left(uow: LearningUnitOfWork, employee_id: str) -> None:
    """A leaver's seats are freed, their goal is no longer served and their mentor pairings
    end, on either side."""
    await uow.people.mark_left(employee_id)
    await uow.goals.forget(employee_id)
    for enrolment in await uow.enrolments.open_of(employee_id):
        await uow.enrolments.save(enrolment.withdraw())
    await uow.pairings.end_all_of(employee_id)


async def skill_acquired(
    uow: LearningUnitOfWork, employee_id: str, skill_id: str, level: int
) -> None:
    await uow.people.raise_skill(employee_id, skill_id, level)


# --------------------------------------------------------------------------- gap closing


async def near_miss_detected(
    uow: LearningUnitOfWork, employee_id: str, opening_id: str, gap: Gap, now: datetime
) -> Recommendation | None:
    return await _recommend(uow, employee_id, gap, now, opening_id=opening_id)


async def career_goal_set(
    uow: LearningUnitOfWork,
    employee_id: str,
    goal: CareerGoal,
    policy: PairingPolicy,
    now: datetime,
) -> None:
    if not await uow.goals.set(employee_id, goal.target_role_ids, goal.set_at):
        return
    for role_id in goal.target_role_ids:
        await _serve_goal(uow, employee_id, role_id, policy, now)


async def role_defined(
    uow: LearningUnitOfWork,
    role: Role,
    profile: Sequence[SkillTarget],
    policy: PairingPolicy,
    now: datetime,
) -> None:
    """A role's profile is what its aspirants are measured against: measure them again."""
    await uow.roles.upsert(role, profile)
    for employee_id in await uow.goals.aiming_at(role.role_id):
        await _serve_goal(uow, employee_id, role.role_id, policy, now)


async def _serve_goal(
    uow: LearningUnitOfWork, employee_id: str, role_id: str, policy: PairingPolicy, now: datetime
) -> None:
    found = await uow.roles.get(role_id)
    if found is None:
        return  # measured when the role is defined
    role, profile = found
    gap = Gap.between(profile, await uow.people.levels_of(employee_id))
    await _recommend(uow, employee_id, gap, now, target_role_id=role_id)
    await _pair(uow, employee_id, role, policy, now)


async def _recommend(
    uow: LearningUnitOfWork,
    employee_id: str,
    gap: Gap,
    now: datetime,
    *,
    opening_id: str | None = None,
    target_role_id: str | None = None,
) -> Recommendation | None:
    if not gap:
        return None
    catalogue = await uow.catalogue.building_any_of([t.skill_id for t in gap.targets])
    recommendation = Recommendation(
        recommendation_id=new_id(),
        employee_id=employee_id,
        opening_id=opening_id,
        target_role_id=target_role_id,
        gap=gap,
        plan=choose_items(gap, catalogue),
        recommended_at=now,
    )
    if not await uow.recommendations.add(recommendation):
        return None
    await uow.publish(t.LEARNING_TOPIC, wire.learning_recommended(recommendation))
    return recommendation


async def _pair(
    uow: LearningUnitOfWork, mentee_id: str, role: Role, policy: PairingPolicy, now: datetime
) -> None:
    await uow.pairings.lock_for_pairing()
    existing = await uow.pairings.mentors_of(mentee_id, role.role_id)
    wanted = policy.per_goal - sum(p.status in OPEN_PAIRINGS for p in existing)
    if wanted <= 0:
        return
    people = await uow.people.around(mentee_id, [role.role_id, *role.next_role_ids])
    load = await uow.pairings.open_counts([p.employee_id for p in people])
    for mentor_id in choose_mentors(
        mentee_id,
        role,
        people,
        load,
        capacity=policy.capacity,
        limit=wanted,
        excluded={p.mentor_id for p in existing},
    ):
        pairing = MentorPairing(
            new_id(), mentee_id, mentor_id, role.role_id, PairingStatus.SUGGESTED, now
        )
        await uow.pairings.add(pairing)
        await uow.publish(t.LEARNING_TOPIC, wire.mentor_suggested(pairing))


# --------------------------------------------------------------------------- employee's own


async def dismiss_recommendation(
    uow: LearningUnitOfWork, employee_id: str, recommendation_id: str
) -> Recommendation:
    found = await uow.recommendations.get(recommendation_id)
    if found is None or found.employee_id != employee_id:
        raise NotFoundError(f"no recommendation {recommendation_id} of yours")
    dismissed = found.dismiss()
    await uow.recommendations.save(dismissed)
    return dismissed


async def respond_to_pairing(
    uow: LearningUnitOfWork, employee_id: str, pairing_id: str, answer: str
) -> MentorPairing:
    """The mentee accepts or declines a suggested mentor; either side may end an accepted one."""
    found = await uow.pairings.get(pairing_id)
    if found is None or employee_id not in (found.mentee_id, found.mentor_id):
        raise NotFoundError(f"no mentor pairing {pairing_id} of yours")
    if answer == "end":
        changed = found.end()
    elif employee_id != found.mentee_id:
        raise NotFoundError(f"no mentor suggestion {pairing_id} of yours to answer")
    elif answer == "accept":
        changed = found.accept()
    else:
        changed = found.decline()
    await uow.pairings.save(changed)
    return changed
