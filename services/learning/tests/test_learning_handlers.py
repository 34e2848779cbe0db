"""The use cases with in-memory repositories: what each publishes, and when it publishes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
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
from learning_harness import employee

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


def goal(employee_id: str, *roles: str, at: datetime = NOW) -> ev.CareerGoalSet:
    return ev.CareerGoalSet(
        employee_id=employee_id,
        target_role_ids=roles,
        move_kinds=(),
        willing_to_relocate=False,
        acceptable_locations=(),
        set_at=at,
    )


def role(role_id: str, *profile: tuple[str, int], next_roles: tuple[str, ...] = ()):
    return ev.RoleDefined(
        role_id=role_id,
        title=role_id,
        job_family="engineering",
        track="management",
        grade=7,
        skill_profile=tuple(ev.SkillLevel(skill_id=s, level=lvl) for s, lvl in profile),
        next_role_ids=next_roles,
    )


def upserted(employee_id: str, role_id: str, *, opt_in: bool = True) -> ev.EmployeeUpserted:
    record = employee(employee_id, role_id=role_id, mentor_opt_in=opt_in)
    return record.model_copy(update={"changed_at": NOW})


async def test_the_same_completion_recorded_twice_publishes_its_events_once() -> None:
    uow = FakeUnitOfWork()
    await uow.catalogue.add(course("k8s", ("kubernetes", 3)))
    completion = ev.LmsCompletionReported(
        completion_id="LMS-1", employee_id="E1", item_id="k8s", completed_at=NOW
    )
    await handlers.lms_completion_reported(uow, completion)
    await handlers.lms_completion_reported(uow, completion)
    assert [type(e) for e in uow.events()] == [ev.LearningCompleted, ev.SkillAcquired]
    assert await uow.people.levels_of("E1") == {"kubernetes": 3}


async def test_an_lms_completion_closes_the_open_enrolment_on_the_same_item() -> None:
    uow = FakeUnitOfWork()
    await uow.catalogue.add(course("k8s", ("kubernetes", 3), capacity=1))
    enrolment = await handlers.enrol(uow, "E1", "k8s", NOW)
    with pytest.raises(CapacityReachedError):
        await handlers.enrol(uow, "E2", "k8s", NOW)
    await handlers.lms_completion_reported(
        uow,
        ev.LmsCompletionReported(
            completion_id="LMS-9", employee_id="E1", item_id="k8s", completed_at=NOW
        ),
    )
    assert (await uow.enrolments.get(enrolment.enrolment_id)).status.value == "completed"
    await handlers.enrol(uow, "E2", "k8s", NOW)  # the seat is free again


async def test_a_completion_of_an_unknown_item_is_refused_so_it_can_be_dead_lettered() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(handlers.NotFoundError):
        await handlers.lms_completion_reported(
            uow,
            ev.LmsCompletionReported(
                completion_id="LMS-2", employee_id="E1", item_id="nope", completed_at=NOW
            ),
        )
    assert uow.events() == []


async def test_a_goal_whose_role_is_unknown_waits_for_the_role_and_is_served_once() -> None:
    uow = FakeUnitOfWork()
    await uow.catalogue.add(course("people-101", ("people-management", 3)))
    await handlers.career_goal_set(uow, goal("E1", "em-1"), POLICY, NOW)
    assert uow.events() == []
    defined = role("em-1", ("people-management", 3))
    await handlers.role_defined(uow, defined, POLICY, NOW)
    await handlers.role_defined(uow, defined, POLICY, NOW)  # redefined, same profile
    [recommended] = uow.events(ev.LearningRecommended)
    assert recommended.target_role_id == "em-1"
    assert [i.item_id for i in recommended.items] == ["people-101"]


async def test_an_older_goal_arriving_late_changes_nothing() -> None:
    uow = FakeUnitOfWork()
    await handlers.role_defined(uow, role("em-1", ("sql", 2)), POLICY, NOW)
    await handlers.role_defined(uow, role("swe-4", ("go", 2)), POLICY, NOW)
    await handlers.career_goal_set(uow, goal("E1", "em-1"), POLICY, NOW)
    await handlers.career_goal_set(
        uow, goal("E1", "swe-4", at=NOW - timedelta(days=1)), POLICY, NOW
    )
    assert {e.target_role_id for e in uow.events(ev.LearningRecommended)} == {"em-1"}


async def test_a_mentors_capacity_holds_across_mentees() -> None:
    uow = FakeUnitOfWork()
    await handlers.role_defined(uow, role("em-1"), POLICY, NOW)
    await handlers.employee_upserted(uow, upserted("M1", "em-1"), POLICY, NOW)
    await handlers.career_goal_set(uow, goal("E1", "em-1"), POLICY, NOW)
    await handlers.career_goal_set(uow, goal("E2", "em-1"), POLICY, NOW)
    assert [(s.employee_id, s.mentor_id) for s in uow.events(ev.MentorSuggested)] == [("E1", "M1")]


async def test_a_mentor_who_opts_in_late_is_offered_to_the_oldest_goal_short_of_mentors() -> None:
    uow = FakeUnitOfWork()
    await handlers.role_defined(uow, role("swe-3", next_roles=("em-1",)), POLICY, NOW)
    await handlers.career_goal_set(uow, goal("E2", "swe-3", at=NOW), POLICY, NOW)
    await handlers.career_goal_set(
        uow, goal("E1", "swe-3", at=NOW - timedelta(days=3)), POLICY, NOW
    )
    await handlers.employee_upserted(uow, upserted("M1", "em-1", opt_in=False), POLICY, NOW)
    assert uow.events(ev.MentorSuggested) == []
    opted_in = upserted("M1", "em-1").model_copy(update={"changed_at": NOW + timedelta(hours=1)})
    await handlers.employee_upserted(uow, opted_in, POLICY, NOW)
    assert [(s.employee_id, s.mentor_id) for s in uow.events(ev.MentorSuggested)] == [("E1", "M1")]


async def test_a_leaver_frees_seats_and_mentor_slots_and_their_goal_is_dropped() -> None:
    uow = FakeUnitOfWork()
    await uow.catalogue.add(course("k8s", ("kubernetes", 3), capacity=1))
    await handlers.enrol(uow, "E1", "k8s", NOW)
    await handlers.role_defined(uow, role("em-1"), POLICY, NOW)
    await handlers.employee_upserted(uow, upserted("M1", "em-1"), POLICY, NOW)
    await handlers.career_goal_set(uow, goal("E1", "em-1"), POLICY, NOW)
    await handlers.employee_left(uow, ev.EmployeeLeft(employee_id="E1", left_on=date(2026, 3, 3)))
    assert await uow.pairings.open_counts(["M1"]) == {}
    assert await uow.enrolments.seats_taken("k8s") == 0
    await handlers.role_defined(uow, role("em-1", ("coaching", 2)), POLICY, NOW)
    assert uow.events(ev.LearningRecommended) == [], "a leaver's goal is not served any more"
