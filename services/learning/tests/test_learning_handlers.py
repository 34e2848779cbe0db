"""The use cases with in-memory repositories: what each publishes, and when it publishes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from lattice_learning.domain.mentoring import CareerGoal, Person, Role
from lattice_learning.domain.model import (
    CapacityReachedError,
    CatalogueItem,
    ItemFormat,
    ItemKind,
    SkillTarget,
)
from lattice_learning.service_layer import handlers
from lattice_learning.service_layer.handlers import PairingPolicy
from lattice_platform.contracts import events as ev
from learning_fakes import FakeUnitOfWork

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
POLICY = PairingPolicy(capacity=1, per_goal=2)


def course(item_id: str, *skills: tuple[str, int], capacity: int | None = None) -> CatalogueItem:
    return CatalogueItem(
        item_id,
        item_id,
        ItemKind.COURSE,
        tuple(SkillTarget(s, lvl) for s, lvl in skills),
        8,
        ItemFormat.SELF_PACED,
        capacity,
    )


async def set_goal(uow: FakeUnitOfWork, employee_id: str, *roles: str, at: datetime = NOW) -> None:
    await handlers.career_goal_set(uow, employee_id, CareerGoal(roles, at), POLICY, NOW)


async def define_role(
    uow: FakeUnitOfWork,
    role_id: str,
    *profile: tuple[str, int],
    next_roles: tuple[str, ...] = (),
) -> None:
    targets = tuple(SkillTarget(s, lvl) for s, lvl in profile)
    await handlers.role_defined(uow, Role(role_id, next_roles), targets, POLICY, NOW)


async def upsert(
    uow: FakeUnitOfWork,
    employee_id: str,
    role_id: str,
    *,
    opt_in: bool = True,
    changed_at: datetime = NOW,
) -> None:
    person = Person(employee_id, role_id, manager_id=None, active=True, mentor_opt_in=opt_in)
    await handlers.employee_upserted(uow, person, {}, changed_at=changed_at, policy=POLICY, now=NOW)


async def test_the_same_completion_recorded_twice_publishes_its_events_once() -> None:
    uow = FakeUnitOfWork()
    await uow.catalogue.add(course("k8s", ("kubernetes", 3)))
    await handlers.lms_completion_reported(uow, "LMS-1", "E1", "k8s", NOW)
    await handlers.lms_completion_reported(uow, "LMS-1", "E1", "k8s", NOW)
    assert [type(e) for e in uow.events()] == [ev.LearningCompleted, ev.SkillAcquired]
    assert await uow.people.levels_of("E1") == {"kubernetes": 3}


async def test_an_lms_completion_closes_the_open_enrolment_on_the_same_item() -> None:
    uow = FakeUnitOfWork()
    await uow.catalogue.add(course("k8s", ("kubernetes", 3), capacity=1))
    enrolment = await handlers.enrol(uow, "E1", "k8s", NOW)
    with pytest.raises(CapacityReachedError):
        await handlers.enrol(uow, "E2", "k8s", NOW)
    await handlers.lms_completion_reported(uow, "LMS-9", "E1", "k8s", NOW)
    assert (await uow.enrolments.get(enrolment.enrolment_id)).status.value == "completed"
    await handlers.enrol(uow, "E2", "k8s", NOW)  # the seat is free again


async def test_a_completion_of_an_unknown_item_is_refused_so_it_can_be_dead_lettered() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(handlers.NotFoundError):
        await handlers.lms_completion_reported(uow, "LMS-2", "E1", "nope", NOW)
    assert uow.events() == []


async def test_a_goal_whose_role_is_unknown_waits_for_the_role_and_is_served_once() -> None:
    uow = FakeUnitOfWork()
    await uow.catalogue.add(course("people-101", ("people-management", 3)))
    await set_goal(uow, "E1", "em-1")
    assert uow.events() == []
    await define_role(uow, "em-1", ("people-management", 3))
    await define_role(uow, "em-1", ("people-management", 3))  # redefined, same profile
    [recommended] = uow.events(ev.LearningRecommended)
    assert recommended.target_role_id == "em-1"
    assert [i.item_id for i in recommended.items] == ["people-101"]


async def test_an_older_goal_arriving_late_changes_nothing() -> None:
    uow = FakeUnitOfWork()
    await define_role(uow, "em-1", ("sql", 2))
    await define_role(uow, "swe-4", ("go", 2))
    await set_goal(uow, "E1", "em-1")
    await set_goal(uow, "E1", "swe-4", at=NOW - timedelta(days=1))
    assert {e.target_role_id for e in uow.events(ev.LearningRecommended)} == {"em-1"}


async def test_a_mentors_capacity_holds_across_mentees() -> None:
    uow = FakeUnitOfWork()
    await define_role(uow, "em-1")
    await upsert(uow, "M1", "em-1")
    await set_goal(uow, "E1", "em-1")
    await set_goal(uow, "E2", "em-1")
    assert [(s.employee_id, s.mentor_id) for s in uow.events(ev.MentorSuggested)] == [("E1", "M1")]


async def test_a_mentor_who_opts_in_late_is_offered_to_the_oldest_goal_short_of_mentors() -> None:
    uow = FakeUnitOfWork()
    await define_role(uow, "swe-3", next_roles=("em-1",))
    await set_goal(uow, "E2", "swe-3", at=NOW)
    await set_goal(uow, "E1", "swe-3", at=NOW - timedelta(days=3))
    await upsert(uow, "M1", "em-1", opt_in=False)
    assert uow.events(ev.MentorSuggested) == []
    await upsert(uow, "M1", "em-1", changed_at=NOW + timedelta(hours=1))
    assert [(s.employee_id, s.mentor_id) for s in uow.events(ev.MentorSuggested)] == [("E1", "M1")]


async def test_a_leaver_frees_seats_and_mentor_slots_and_their_goal_is_dropped() -> None:
    uow = FakeUnitOfWork()
    await uow.catalogue.add(course("k8s", ("kubernetes", 3), capacity=1))
    await handlers.enrol(uow, "E1", "k8s", NOW)
    await define_role(uow, "em-1")
    await upsert(uow, "M1", "em-1")
    await set_goal(uow, "E1", "em-1")
    await handlers.employee_left(uow, "E1")
    assert await uow.pairings.open_counts(["M1"]) == {}
    assert await uow.enrolments.seats_taken("k8s") == 0
    await define_role(uow, "em-1", ("coaching", 2))
    assert uow.events(ev.LearningRecommended) == [], "a leaver's goal is not served any more"
