"""The profile's rules, on the pure domain model."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from lattice_platform.contracts.base import EmployeeStatus, MoveKind, SkillSource, Track
from lattice_profile.domain.access import Access, Viewer, access_of, sees_mobility
from lattice_profile.domain.events import Departed, GoalsSet, ProfileEdited, SkillRaised
from lattice_profile.domain.model import (
    CareerGoals,
    Employee,
    EmployeeHasLeftError,
    EmploymentRecord,
    HeldSkill,
    InvalidLevelError,
    NotErasableError,
    Privacy,
)

T0 = datetime(2026, 1, 1, 9, tzinfo=UTC)


def record(
    *,
    at: datetime = T0,
    grade: int = 5,
    status: EmployeeStatus = EmployeeStatus.ACTIVE,
    manager_id: str | None = "M1",
) -> EmploymentRecord:
    return EmploymentRecord(
        employee_id="E1",
        name="Ana Silva",
        work_email="ana@example.com",
        role_id="swe-2",
        grade=grade,
        track=Track.INDIVIDUAL_CONTRIBUTOR,
        department="engineering",
        location="lisbon",
        manager_id=manager_id,
        hire_date=date(2022, 3, 1),
        role_start_date=date(2024, 5, 1),
        status=status,
        effective_at=at,
    )


def hired(**kwargs: object) -> Employee:
    employee = Employee.hire(record(**kwargs), discoverable_by_default=False)  # type: ignore[arg-type]
    employee.pull_events()
    return employee


def test_a_new_hire_is_not_discoverable_unless_the_organisation_policy_says_so() -> None:
    assert not Employee.hire(record(), discoverable_by_default=False).privacy.discoverable
    assert Employee.hire(record(), discoverable_by_default=True).privacy.discoverable


def test_an_older_hris_change_never_overwrites_a_newer_one() -> None:
    employee = hired()
    assert employee.apply_employment(record(at=T0 + timedelta(hours=2), grade=7))
    assert not employee.apply_employment(record(at=T0 + timedelta(hours=1), grade=6))
    assert employee.grade == 7


def test_the_same_hris_change_applied_twice_changes_nothing_the_second_time() -> None:
    employee = hired()
    later = record(at=T0 + timedelta(hours=1), grade=6)
    assert employee.apply_employment(later)
    employee.pull_events()
    assert not employee.apply_employment(later)
    assert employee.pull_events() == []


def test_termination_records_the_departure_and_a_late_older_change_does_not_revive_them() -> None:
    employee = hired()
    assert employee.terminate(date(2026, 2, 28), T0 + timedelta(days=58))
    assert employee.status is EmployeeStatus.LEFT
    assert Departed(left_on=date(2026, 2, 28)) in employee.pull_events()
    assert not employee.apply_employment(record(at=T0 + timedelta(days=1), grade=9))
    assert employee.status is EmployeeStatus.LEFT


def test_a_newer_hris_record_after_termination_is_a_rehire() -> None:
    employee = hired()
    employee.terminate(date(2026, 2, 28), T0 + timedelta(days=58))
    assert employee.apply_employment(record(at=T0 + timedelta(days=200)))
    assert employee.status is EmployeeStatus.ACTIVE
    assert employee.left_on is None


def test_an_hris_record_with_status_left_is_a_departure() -> None:
    employee = hired()
    employee.apply_employment(record(at=T0 + timedelta(days=3), status=EmployeeStatus.LEFT))
    assert Departed(left_on=(T0 + timedelta(days=3)).date()) in employee.pull_events()


def test_changed_at_only_moves_forward_even_when_the_hris_change_took_effect_earlier() -> None:
    employee = hired()
    employee.set_skill("python", 3, SkillSource.SELF, None, T0 + timedelta(days=10))
    before = employee.changed_at
    employee.apply_employment(record(at=T0 + timedelta(days=5), grade=6))
    assert employee.changed_at > before


def test_an_hris_record_keeps_every_skill_whoever_added_it() -> None:
    employee = hired()
    employee.set_skill("python", 4, SkillSource.SELF, None, T0)
    employee.set_skill("sql", 2, SkillSource.MANAGER, None, T0)
    employee.set_skill("excel", 3, SkillSource.HRIS, None, T0)
    employee.learn("kubernetes", 3, T0 + timedelta(days=1), "course-k8s-101")
    held = dict(employee.skills)
    assert employee.apply_employment(record(at=T0 + timedelta(days=2), grade=6))
    assert employee.apply_employment(
        record(at=T0 + timedelta(days=3), status=EmployeeStatus.ON_LEAVE)
    )
    assert employee.skills == held


def test_raising_a_skill_level_records_it_but_lowering_it_does_not() -> None:
    employee = hired()
    employee.set_skill("python", 2, SkillSource.SELF, None, T0)
    employee.set_skill("python", 4, SkillSource.MANAGER, date(2026, 1, 1), T0)
    employee.set_skill("python", 3, SkillSource.SELF, None, T0)
    raised = [e for e in employee.pull_events() if isinstance(e, SkillRaised)]
    assert [(e.level, e.previous_level, e.source) for e in raised] == [
        (2, None, SkillSource.SELF),
        (4, 2, SkillSource.MANAGER),
    ]
    assert employee.skills["python"].level == 3


def test_a_proficiency_outside_one_to_five_is_refused() -> None:
    with pytest.raises(InvalidLevelError):
        hired().set_skill("python", 6, SkillSource.SELF, None, T0)
    with pytest.raises(InvalidLevelError):
        HeldSkill("python", 0, SkillSource.SELF, None)


def test_learning_raises_a_skill_to_the_higher_level_with_source_learning() -> None:
    employee = hired()
    employee.set_skill("kubernetes", 2, SkillSource.SELF, None, T0)
    employee.learn("kubernetes", 3, T0 + timedelta(days=3), "course-k8s")
    assert employee.skills["kubernetes"] == HeldSkill(
        "kubernetes", 3, SkillSource.LEARNING, (T0 + timedelta(days=3)).date()
    )


def test_learning_a_lower_level_keeps_the_level_and_counts_the_skill_as_used() -> None:
    employee = hired()
    employee.set_skill("sql", 4, SkillSource.MANAGER, date(2025, 1, 1), T0)
    employee.pull_events()
    employee.learn("sql", 2, T0 + timedelta(days=3), None)
    assert employee.skills["sql"] == HeldSkill(
        "sql", 4, SkillSource.MANAGER, (T0 + timedelta(days=3)).date()
    )
    assert employee.pull_events() == [ProfileEdited()]


@pytest.mark.parametrize("learned_level", [2, 4], ids=["lower_level", "higher_level"])
def test_a_completion_dated_in_the_past_never_moves_a_newer_last_use_back(
    learned_level: int,
) -> None:
    """An LMS history backfill: the course was done three years ago, the skill is in use today."""
    employee = hired()
    today = (T0 + timedelta(days=3)).date()
    employee.set_skill("sql", 3, SkillSource.SELF, today, T0)
    employee.learn("sql", learned_level, T0 - timedelta(days=3 * 365), "course-sql")
    held = employee.skills["sql"]
    assert (held.level, held.last_used_on) == (max(learned_level, 3), today)


def test_a_declared_skill_is_announced_with_the_last_use_it_was_declared_with() -> None:
    employee = hired()
    three_years_ago = date(2023, 1, 1)
    employee.set_skill("cobol", 4, SkillSource.SELF, three_years_ago, T0)
    (raised,) = [e for e in employee.pull_events() if isinstance(e, SkillRaised)]
    assert raised.last_used_on == three_years_ago


def test_a_completion_reported_after_the_employee_left_changes_nothing() -> None:
    employee = hired()
    employee.terminate(date(2026, 2, 28), T0 + timedelta(days=58))
    employee.pull_events()
    employee.learn("sql", 3, T0 + timedelta(days=60), None)
    assert employee.skills == {}
    assert employee.pull_events() == []


def test_an_ended_assignment_counts_the_skills_held_as_used_on_its_last_day() -> None:
    employee = hired()
    employee.set_skill("kubernetes", 3, SkillSource.SELF, date(2025, 1, 1), T0)
    employee.set_skill("go", 2, SkillSource.SELF, date(2026, 9, 1), T0)
    employee.pull_events()
    employee.use_skills(["kubernetes", "go", "terraform"], date(2026, 6, 30), T0)
    assert employee.skills["kubernetes"].last_used_on == date(2026, 6, 30)
    assert employee.skills["go"].last_used_on == date(2026, 9, 1), "a later use stays"
    assert "terraform" not in employee.skills, "a skill not held is not guessed at"
    assert employee.pull_events() == [ProfileEdited()]
    employee.use_skills(["kubernetes"], date(2026, 6, 30), T0)
    assert employee.pull_events() == [], "the same end heard twice changes nothing"


def test_goals_are_recorded_without_touching_the_snapshot() -> None:
    employee = hired()
    goals = CareerGoals(("swe-3",), (MoveKind.PROMOTION,), False, ("porto",))
    employee.set_goals(goals, T0)
    [event] = employee.pull_events()
    assert event == GoalsSet(goals=goals, at=T0)
    assert not event.changes_snapshot


def test_a_departed_employee_can_no_longer_edit_their_profile() -> None:
    employee = hired()
    employee.terminate(date(2026, 2, 28), T0 + timedelta(days=58))
    with pytest.raises(EmployeeHasLeftError):
        employee.set_privacy(Privacy(discoverable=True), T0)
    with pytest.raises(EmployeeHasLeftError):
        employee.set_skill("python", 3, SkillSource.SELF, None, T0)


def test_only_a_departed_employee_is_erased_and_erasure_forgets_everything_personal() -> None:
    employee = hired()
    employee.set_skill("python", 3, SkillSource.SELF, None, T0)
    employee.set_goals(CareerGoals(("swe-3",)), T0)
    with pytest.raises(NotErasableError):
        employee.erase(T0)
    employee.terminate(date(2026, 2, 28), T0 + timedelta(days=58))
    employee.erase(T0 + timedelta(days=60))
    assert (employee.name, employee.work_email, employee.goals, employee.skills) == (
        None,
        None,
        None,
        {},
    )
    assert employee.employee_id == "E1"
    assert employee.hris_effective_at == T0 + timedelta(days=58), "the HRIS order survives"


def erased() -> Employee:
    employee = hired()
    employee.set_skill("python", 3, SkillSource.SELF, None, T0)
    employee.terminate(date(2026, 2, 28), T0 + timedelta(days=58))
    employee.erase(T0 + timedelta(days=60))
    employee.pull_events()
    return employee


def test_an_erased_employee_stays_erased_whatever_later_hris_records_say() -> None:
    employee = erased()
    nightly_sync = record(at=T0 + timedelta(days=61), status=EmployeeStatus.LEFT)
    back_as_before = record(at=T0 + timedelta(days=62))  # same hire date: not a re-hire
    assert not employee.apply_employment(nightly_sync)
    assert not employee.apply_employment(back_as_before)
    assert (employee.name, employee.work_email, employee.status) == (
        None,
        None,
        EmployeeStatus.LEFT,
    )
    assert employee.erased_at == T0 + timedelta(days=60)
    assert employee.hris_effective_at == T0 + timedelta(days=58)
    assert employee.pull_events() == []


def test_an_erased_person_hired_again_after_they_left_gets_a_new_profile() -> None:
    employee = erased()
    rehire = replace(
        record(at=T0 + timedelta(days=200)),
        hire_date=date(2026, 7, 1),
        role_start_date=date(2026, 7, 1),
    )
    assert employee.apply_employment(rehire)
    assert (employee.name, employee.status, employee.erased_at, employee.left_on) == (
        "Ana Silva",
        EmployeeStatus.ACTIVE,
        None,
        None,
    )
    assert employee.skills == {}
    assert not employee.privacy.discoverable


def test_a_manager_sees_a_direct_report_but_not_the_mobility_of_one_who_hides_it() -> None:
    employee = hired()
    manager = Viewer("M1", privileged=False, manages_people=True)
    assert access_of(manager, employee) is Access.MANAGER
    assert sees_mobility(Access.MANAGER, employee)
    employee.set_privacy(Privacy(discoverable=True, hide_from_manager=True), T0)
    assert not sees_mobility(Access.MANAGER, employee)
    assert sees_mobility(Access.OWNER, employee)
    assert sees_mobility(Access.ADMIN, employee)


def test_nobody_but_the_employee_their_manager_and_hr_has_access() -> None:
    employee = hired()
    assert access_of(Viewer("E2", False, False), employee) is Access.NONE
    assert access_of(Viewer("M2", False, True), employee) is Access.NONE
    assert access_of(Viewer("M1", False, False), employee) is Access.NONE, "needs manager role"
    assert access_of(Viewer("E1", False, False), employee) is Access.OWNER
    assert access_of(Viewer(None, True, False), employee) is Access.ADMIN
