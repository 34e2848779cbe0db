"""The application state machine of docs/mobility.md, the release and the placement: pure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from lattice_openings.domain.applications import (
    ACTIVE,
    COURTEOUS,
    Application,
    ApplicationMoved,
    Stage,
)
from lattice_openings.domain.common import SkillNeed
from lattice_openings.domain.openings import (
    Ending,
    IllegalTransitionError,
    Opening,
    OpeningEnded,
    OpeningSpec,
    Status,
)
from lattice_openings.domain.placements import AssignmentFinished, Placed, Placement
from lattice_openings.domain.releases import Outcome, Release, ReleasePolicy, after_working_days
from lattice_platform.contracts.base import OpeningKind, TemporaryKind, Track

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # a Monday
EXPLANATION = {"score": 0.9}

Action = Callable[[Application], None]
ACTIONS: dict[str, tuple[Action, set[Stage], Stage]] = {
    "express interest": (
        lambda a: a.express_interest("hello", EXPLANATION, NOW),
        {Stage.INVITED},
        Stage.INTERESTED,
    ),
    "shortlist": (lambda a: a.shortlist(NOW), {Stage.INTERESTED}, Stage.SHORTLISTED),
    "offer": (lambda a: a.offer(NOW), {Stage.INTERESTED, Stage.SHORTLISTED}, Stage.OFFERED),
    "accept": (lambda a: a.accept(NOW), {Stage.OFFERED}, Stage.PLACED),
    "decline": (lambda a: a.decline("not this time", NOW), set(ACTIVE), Stage.DECLINED),
    "withdraw": (lambda a: a.withdraw(NOW), set(ACTIVE), Stage.WITHDRAWN),
    "close": (lambda a: a.close(NOW), set(ACTIVE), Stage.CLOSED),
}
MOVES = [(name, stage) for name, (_, allowed, _) in ACTIONS.items() for stage in sorted(allowed)]
ILLEGAL = [
    (name, stage)
    for name, (_, allowed, _) in ACTIONS.items()
    for stage in Stage
    if stage not in allowed
]


def at_stage(stage: Stage) -> Application:
    return Application("OP-1", "E-1", stage)


@pytest.mark.parametrize(("action", "stage"), MOVES)
def test_each_move_of_the_table_goes_where_the_table_says_and_is_recorded(
    action: str, stage: Stage
) -> None:
    act, _, to = ACTIONS[action]
    application = at_stage(stage)
    act(application)
    assert application.stage is to
    assert application.events[-1] == ApplicationMoved("OP-1:E-1", "OP-1", "E-1", to, NOW)


@pytest.mark.parametrize(("action", "stage"), ILLEGAL)
def test_every_other_move_is_refused_with_the_reason_and_changes_nothing(
    action: str, stage: Stage
) -> None:
    act, _, _ = ACTIONS[action]
    application = at_stage(stage)
    with pytest.raises(IllegalTransitionError) as refused:
        act(application)
    assert f"it is {stage.value}" in str(refused.value)
    assert "OP-1:E-1" in str(refused.value)
    assert application.stage is stage
    assert application.events == []


def test_accepting_records_accepted_then_placed() -> None:
    application = at_stage(Stage.OFFERED)
    application.accept(NOW)
    assert [e.stage for e in application.events] == [Stage.ACCEPTED, Stage.PLACED]


def test_a_decline_keeps_its_reason_but_the_moves_do_not_carry_it() -> None:
    application = at_stage(Stage.SHORTLISTED)
    application.decline("  not enough Go  ", NOW)
    assert application.decline_reason == "not enough Go"
    assert "Go" not in repr(application.events)
    assert "Go" not in COURTEOUS[Stage.DECLINED]


def test_a_decline_without_a_reason_is_refused() -> None:
    application = at_stage(Stage.INTERESTED)
    with pytest.raises(IllegalTransitionError, match="needs a reason"):
        application.decline(" ", NOW)
    assert application.stage is Stage.INTERESTED


def test_interest_and_invitation_start_an_application() -> None:
    interested = Application.interested("OP-1", "E-1", "note", EXPLANATION, NOW)
    invited = Application.invited("OP-1", "E-2", EXPLANATION, NOW)
    assert (interested.stage, invited.stage) == (Stage.INTERESTED, Stage.INVITED)
    assert [e.stage for e in interested.events + invited.events] == [
        Stage.INTERESTED,
        Stage.INVITED,
    ]


def test_every_stage_has_a_courteous_word_for_the_candidate() -> None:
    assert set(COURTEOUS) == set(Stage)


# --------------------------------------------------------------------------- releases


def test_the_deadline_counts_working_days_only() -> None:
    friday = datetime(2026, 3, 6, 17, tzinfo=UTC)
    assert after_working_days(friday, 1) == friday + timedelta(days=3)
    assert after_working_days(NOW, 10) == NOW + timedelta(days=14)


def test_ten_working_days_from_a_weekend_day_end_on_the_second_friday() -> None:
    saturday, sunday = NOW - timedelta(days=2), NOW - timedelta(days=1)
    assert after_working_days(saturday, 10) == saturday + timedelta(days=13)
    assert after_working_days(sunday, 10) == sunday + timedelta(days=12)
    weekdays = [NOW + timedelta(days=d) for d in range(5)]
    assert [after_working_days(day, 10) - day for day in weekdays] == [timedelta(days=14)] * 5


def test_a_temporary_assignment_always_needs_a_release_a_permanent_move_by_policy() -> None:
    assert ReleasePolicy().needed_for(OpeningKind.TEMPORARY)
    assert not ReleasePolicy().needed_for(OpeningKind.ROLE)
    assert ReleasePolicy(permanent_moves=True).needed_for(OpeningKind.ROLE)


def release() -> Release:
    return Release.ask("OP-1", "E-1", "E-BOSS", "eng", at=NOW, policy=ReleasePolicy(working_days=2))


def test_an_approved_release_clears_the_candidate() -> None:
    asked = release()
    asked.approve(NOW + timedelta(hours=1))
    assert asked.cleared
    assert asked.outcome is Outcome.APPROVED


def test_a_declined_release_keeps_the_reason_and_does_not_clear() -> None:
    asked = release()
    asked.decline("mid-release crunch", NOW)
    assert not asked.cleared
    assert asked.reason == "mid-release crunch"


def test_an_unanswered_release_is_automatic_at_its_deadline_and_not_before() -> None:
    asked = release()
    assert not asked.lapse(asked.deadline - timedelta(seconds=1))
    assert asked.outcome is None
    assert asked.lapse(asked.deadline)
    assert asked.outcome is Outcome.AUTOMATIC
    assert asked.cleared


def test_a_release_is_answered_once_and_not_after_its_deadline() -> None:
    answered = release()
    answered.approve(NOW)
    with pytest.raises(IllegalTransitionError, match="already answered"):
        answered.decline("changed my mind", NOW)
    late = release()
    with pytest.raises(IllegalTransitionError, match="released automatically"):
        late.approve(late.deadline)
    assert not answered.lapse(answered.deadline)


def test_declining_a_release_needs_a_reason() -> None:
    with pytest.raises(IllegalTransitionError, match="needs a reason"):
        release().decline("", NOW)


def test_who_answered_a_release_is_recorded_and_hr_only_ever_on_the_managers_behalf() -> None:
    by_manager, by_hr, lapsed = release(), release(), release()
    by_manager.approve(NOW)
    by_hr.decline("needed on the migration", NOW, hr="E-HR")
    lapsed.lapse(lapsed.deadline)
    assert (by_manager.answered_by, by_manager.on_behalf) == ("E-BOSS", False)
    assert (by_hr.answered_by, by_hr.on_behalf, by_hr.manager_id) == ("E-HR", True, "E-BOSS")
    assert (lapsed.answered_by, lapsed.on_behalf) == (None, False)


# --------------------------------------------------------------------------- placements


SPEC = OpeningSpec(
    title="Platform secondment",
    kind=OpeningKind.TEMPORARY,
    temporary_kind=TemporaryKind.SECONDMENT,
    department="platform",
    hiring_manager_id="E-MGR",
    grade=6,
    track=Track.INDIVIDUAL_CONTRIBUTOR,
    starts_on=date(2026, 4, 1),
    ends_on=date(2026, 7, 1),
    required_skills=(SkillNeed("kubernetes", 3), SkillNeed("go", 2)),
    remote=True,
)


def test_a_placement_takes_effect_on_the_start_or_today_when_that_has_passed() -> None:
    ahead = Placement.make("OP-1", SPEC, "E-1", "eng", NOW)
    assert ahead.effective_on == date(2026, 4, 1)
    assert ahead.skills_used == ("kubernetes", "go")
    assert isinstance(ahead.events[0], Placed)
    late = Placement.make("OP-1", SPEC, "E-1", "eng", datetime(2026, 4, 20, tzinfo=UTC))
    assert late.effective_on == date(2026, 4, 20)


def test_a_permanent_placement_never_ends() -> None:
    permanent = OpeningSpec(
        title="Staff engineer",
        kind=OpeningKind.ROLE,
        department="platform",
        hiring_manager_id="E-MGR",
        grade=7,
        track=Track.INDIVIDUAL_CONTRIBUTOR,
        remote=True,
    )
    placement = Placement.make("OP-2", permanent, "E-1", "eng", NOW)
    assert placement.ends_on is None
    assert not placement.end_if_due(date(2099, 1, 1))


def test_an_assignment_ends_on_its_end_date_once() -> None:
    placement = Placement.make("OP-1", SPEC, "E-1", "eng", NOW)
    placement.events.clear()
    assert not placement.end_if_due(date(2026, 6, 30))
    assert placement.end_if_due(date(2026, 7, 1))
    assert not placement.end_if_due(date(2026, 7, 2))
    assert placement.events == [AssignmentFinished(placement)]


# --------------------------------------------------------------------------- openings ending


def test_an_open_opening_closes_itself_once_its_end_date_has_passed() -> None:
    opening = Opening("OP-1", SPEC, Status.OPEN)
    assert not opening.expire(date(2026, 7, 1), NOW)
    assert opening.expire(date(2026, 7, 2), NOW)
    assert opening.status is Status.CLOSED
    assert opening.events == [OpeningEnded("OP-1", Ending.CLOSED, NOW)]
    assert not opening.expire(date(2026, 7, 3), NOW)


def test_hr_can_record_an_opening_as_filled_externally() -> None:
    opening = Opening("OP-1", SPEC, Status.OPEN)
    opening.fill_externally(NOW)
    assert opening.status is Status.FILLED
    assert opening.events == [OpeningEnded("OP-1", Ending.FILLED_EXTERNALLY, NOW)]
    with pytest.raises(IllegalTransitionError):
        opening.fill_externally(NOW)
