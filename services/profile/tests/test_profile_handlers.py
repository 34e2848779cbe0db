"""Use cases with an in-memory unit of work: what each publishes, and who may do what."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from lattice_platform.contracts import events as wire
from lattice_platform.contracts.base import MoveKind, SkillSource
from lattice_profile.adapters.wire import employment_from
from lattice_profile.domain.access import Viewer
from lattice_profile.domain.model import CareerGoals, Privacy
from lattice_profile.service_layer import handlers
from profile_testkit import FakeUnitOfWork, hris_record

T0 = datetime(2026, 1, 1, 9, tzinfo=UTC)
OWNER = Viewer("E1", privileged=False, manages_people=False)
MANAGER = Viewer("M1", privileged=False, manages_people=True)
HR = Viewer(None, privileged=True, manages_people=False)
STRANGER = Viewer("E9", privileged=False, manages_people=True)


async def hired(uow: FakeUnitOfWork, employee_id: str = "E1") -> None:
    await handlers.record_employment(
        uow, employment_from(hris_record(employee_id)), discoverable_by_default=False
    )
    uow.published.clear()


async def test_an_hris_hire_publishes_a_snapshot_without_name_or_email() -> None:
    uow = FakeUnitOfWork()
    await handlers.record_employment(
        uow, employment_from(hris_record("E1")), discoverable_by_default=False
    )
    [upserted] = uow.events()
    assert isinstance(upserted, wire.EmployeeUpserted)
    assert (upserted.employee_id, upserted.manager_id, upserted.discoverable) == ("E1", "M1", False)
    payload = upserted.model_dump_json()
    assert "Ana" not in payload
    assert "example.com" not in payload


async def test_an_older_hris_change_publishes_nothing() -> None:
    uow = FakeUnitOfWork()
    await handlers.record_employment(
        uow,
        employment_from(hris_record(effective_at=T0 + timedelta(hours=1))),
        discoverable_by_default=False,
    )
    uow.published.clear()
    applied = await handlers.record_employment(
        uow, employment_from(hris_record(effective_at=T0, grade=9)), discoverable_by_default=False
    )
    assert not applied
    assert uow.events() == []


async def test_a_termination_publishes_the_snapshot_then_employee_left() -> None:
    uow = FakeUnitOfWork()
    await hired(uow)
    await handlers.record_termination(uow, "E1", date(2026, 3, 31), T0 + timedelta(days=90))
    snapshot, left = uow.events()
    assert isinstance(snapshot, wire.EmployeeUpserted)
    assert snapshot.status == "left"
    assert left == wire.EmployeeLeft(employee_id="E1", left_on=date(2026, 3, 31))


async def test_a_termination_of_an_unknown_employee_is_an_error_not_a_silent_skip() -> None:
    with pytest.raises(handlers.EmployeeNotFoundError):
        await handlers.record_termination(FakeUnitOfWork(), "E404", date(2026, 3, 31), T0)


async def test_a_learned_level_publishes_the_snapshot_but_not_skill_acquired_again() -> None:
    uow = FakeUnitOfWork()
    await hired(uow)
    await handlers.record_learning(
        uow, "E1", skill_id="kubernetes", level=3, acquired_at=T0, evidence="course-k8s"
    )
    [snapshot] = uow.events()
    assert isinstance(snapshot, wire.EmployeeUpserted)
    assert [(s.skill_id, s.level, s.source) for s in snapshot.skills] == [
        ("kubernetes", 3, SkillSource.LEARNING)
    ]


async def test_an_employee_raising_their_own_skill_publishes_skill_acquired_from_self() -> None:
    uow = FakeUnitOfWork()
    await hired(uow)
    await handlers.set_skill(uow, "E1", OWNER, skill_id="python", level=4, last_used_on=None, at=T0)
    acquired = uow.events(wire.SkillAcquired)
    assert [(e.skill_id, e.level, e.source) for e in acquired] == [  # type: ignore[attr-defined]
        ("python", 4, SkillSource.SELF)
    ]


async def test_a_manager_verifying_a_reports_skill_is_the_manager_source() -> None:
    uow = FakeUnitOfWork()
    await hired(uow)
    await handlers.set_skill(uow, "E1", MANAGER, skill_id="sql", level=3, last_used_on=None, at=T0)
    [acquired] = uow.events(wire.SkillAcquired)
    assert acquired.source is SkillSource.MANAGER  # type: ignore[attr-defined]


async def test_setting_goals_publishes_career_goal_set_only() -> None:
    uow = FakeUnitOfWork()
    await hired(uow)
    goals = CareerGoals(("swe-3",), (MoveKind.LATERAL,), True, ())
    await handlers.set_goals(uow, "E1", OWNER, goals, T0)
    [event] = uow.events()
    assert event == wire.CareerGoalSet(
        employee_id="E1",
        target_role_ids=("swe-3",),
        move_kinds=(MoveKind.LATERAL,),
        willing_to_relocate=True,
        acceptable_locations=(),
        set_at=T0,
    )


async def test_opting_out_is_a_snapshot_with_discoverable_false() -> None:
    uow = FakeUnitOfWork()
    await hired(uow)
    await handlers.set_privacy(uow, "E1", OWNER, Privacy(discoverable=True), T0)
    await handlers.set_privacy(uow, "E1", OWNER, Privacy(discoverable=False), T0)
    assert [e.discoverable for e in uow.events(wire.EmployeeUpserted)] == [True, False]  # type: ignore[attr-defined]


async def test_someone_elses_profile_is_not_found_for_a_stranger() -> None:
    uow = FakeUnitOfWork()
    await hired(uow)
    with pytest.raises(handlers.EmployeeNotFoundError):
        await handlers.view_profile(uow, "E1", STRANGER)
    with pytest.raises(handlers.EmployeeNotFoundError):
        await handlers.set_goals(uow, "E1", STRANGER, CareerGoals(), T0)


async def test_a_manager_may_not_change_a_reports_goals_or_privacy() -> None:
    uow = FakeUnitOfWork()
    await hired(uow)
    with pytest.raises(handlers.ForbiddenError):
        await handlers.set_goals(uow, "E1", MANAGER, CareerGoals(), T0)
    with pytest.raises(handlers.ForbiddenError):
        await handlers.set_privacy(uow, "E1", MANAGER, Privacy(discoverable=True), T0)
    await handlers.set_privacy(uow, "E1", HR, Privacy(discoverable=True), T0)


async def test_a_bulk_batch_applies_new_and_newer_records_and_reports_stale_ones() -> None:
    uow = FakeUnitOfWork()
    await hired(uow, "E1")
    outcome = await handlers.import_employment(
        uow,
        [
            employment_from(hris_record("E1", effective_at=T0 - timedelta(days=1))),
            employment_from(hris_record("E2")),
            employment_from(hris_record("E3")),
        ],
        discoverable_by_default=True,
    )
    assert (outcome.applied, outcome.stale) == (2, ["E1"])
    assert sorted(e.key() for e in uow.events(wire.EmployeeUpserted)) == ["E2", "E3"]
    assert uow.employees.saved["E2"].privacy.discoverable


async def test_a_bulk_import_restores_nothing_of_an_erased_employee_and_reports_them() -> None:
    uow = FakeUnitOfWork()
    await hired(uow, "E1")
    await handlers.record_termination(uow, "E1", date(2026, 2, 28), T0 + timedelta(days=58))
    await handlers.erase(uow, "E1", T0 + timedelta(days=60))
    uow.published.clear()
    outcome = await handlers.import_employment(
        uow,
        [employment_from(hris_record("E1", effective_at=T0 + timedelta(days=61)))],
        discoverable_by_default=False,
    )
    assert (outcome.applied, outcome.stale, outcome.erased) == (0, [], ["E1"])
    assert (uow.employees.saved["E1"].name, uow.employees.saved["E1"].work_email) == (None, None)
    assert uow.events() == []


async def test_erasure_publishes_a_snapshot_that_forgets_skills_and_the_manager() -> None:
    uow = FakeUnitOfWork()
    await hired(uow, "E1")
    await handlers.set_skill(uow, "E1", OWNER, skill_id="python", level=3, last_used_on=None, at=T0)
    await handlers.record_termination(uow, "E1", date(2026, 2, 28), T0 + timedelta(days=58))
    uow.published.clear()
    await handlers.erase(uow, "E1", T0 + timedelta(days=60))
    [snapshot] = uow.events()
    assert isinstance(snapshot, wire.EmployeeUpserted)
    assert (snapshot.skills, snapshot.manager_id, snapshot.discoverable) == ((), None, False)
    assert snapshot.erased
    assert snapshot.changed_at >= T0 + timedelta(days=60)
