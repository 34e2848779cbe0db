"""The notifier's use cases on an in-memory unit of work: what each trigger surfaces, withdraws,
holds back and publishes. Delivery, locking and the consumers are proven on the real broker and
PostgreSQL in test_notifier_flows.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.model import HeldSkill, MatchPolicy
from lattice_notifier.domain.policy import WithdrawalReason
from lattice_notifier.service_layer import handlers
from lattice_notifier.service_layer.handlers import Matching, SkillGained
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import EmployeeStatus, MoveKind, OpeningKind, TemporaryKind
from notifier_builders import NOW, TODAY, employee, goal, published, required
from notifier_fakes import FakeNotifierUnitOfWork


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def uow() -> FakeNotifierUnitOfWork:
    return FakeNotifierUnitOfWork()


@pytest.fixture
def m(clock: Clock) -> Matching:
    return Matching(MatchIndex(MatchPolicy()), partitions=3, daily_cap=5, clock=clock)


async def record(
    uow: FakeNotifierUnitOfWork,
    m: Matching,
    employee_id: str,
    *,
    at: datetime = NOW,
    skills: dict[str, HeldSkill] | None = None,
    **profile: Any,
) -> None:
    """An ``EmployeeUpserted`` handled and committed (the baseline employee fits the baseline
    opening: grade 5, individual contributor, Lisbon, Python 4)."""
    someone = employee(employee_id, skills=skills, changed_at=at, **profile)
    assert someone.profile is not None
    await handlers.employee_record_changed(
        uow, m, employee_id, someone.profile, dict(someone.skills)
    )
    uow.commit()


async def post(
    uow: FakeNotifierUnitOfWork,
    m: Matching,
    opening_id: str,
    *,
    at: datetime = NOW,
    **fields: Any,
) -> None:
    await handlers.opening_published(uow, m, published(opening_id, **fields), at)
    uow.commit()


async def close(uow: FakeNotifierUnitOfWork, m: Matching, opening_id: str) -> None:
    await handlers.opening_closed(uow, m, opening_id)
    uow.commit()


def surfaced(uow: FakeNotifierUnitOfWork) -> list[tuple[str, str]]:
    return [
        (e.employee_id, e.opening_id)
        for e in uow.events(ev.OpportunitySurfaced)
        if isinstance(e, ev.OpportunitySurfaced)
    ]


def withdrawn(uow: FakeNotifierUnitOfWork) -> list[tuple[str, str, str]]:
    return [
        (e.employee_id, e.opening_id, e.reason)
        for e in uow.events(ev.OpportunityWithdrawn)
        if isinstance(e, ev.OpportunityWithdrawn)
    ]


def active(uow: FakeNotifierUnitOfWork) -> set[tuple[str, str]]:
    return {(r.employee_id, r.opening_id) for r in uow.opportunities.active()}


# --------------------------------------------------------------------------- employee record


async def test_a_new_employee_is_surfaced_the_open_openings_they_match(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await post(uow, m, "OP1")
    await post(uow, m, "OP2", grade=7)  # two grades up: outside the default range

    await record(uow, m, "E1")

    assert surfaced(uow) == [("E1", "OP1")]
    (event,) = uow.events(ev.OpportunitySurfaced)
    assert isinstance(event, ev.OpportunitySurfaced)
    assert event.opportunity_id == "E1:OP1:1"
    assert event.explanation.mobility_type is MoveKind.LATERAL
    assert event.explanation.score == 1.0
    assert uow.employees.rows["E1"].profile == m.index.employees["E1"].profile


async def test_an_older_record_changes_nothing(uow: FakeNotifierUnitOfWork, m: Matching) -> None:
    await record(uow, m, "E1", grade=6)  # the opening is below them
    await post(uow, m, "OP1")

    await record(uow, m, "E1", at=NOW - timedelta(days=1), grade=5)

    assert surfaced(uow) == []
    stored = uow.employees.rows["E1"].profile
    assert stored is not None
    assert stored.grade == 6


async def test_the_same_pair_is_surfaced_once_whatever_re_matches_it(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await record(uow, m, "E1")
    await post(uow, m, "OP1")
    await record(uow, m, "E1", at=NOW + timedelta(minutes=1), department="data")
    await post(uow, m, "OP1", at=NOW + timedelta(minutes=2), title="Platform engineer II")

    assert surfaced(uow) == [("E1", "OP1")]
    assert active(uow) == {("E1", "OP1")}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"discoverable": False}, WithdrawalReason.OPTED_OUT),
        ({"status": EmployeeStatus.LEFT}, WithdrawalReason.EMPLOYEE_LEFT),
        ({"location": "madrid"}, WithdrawalReason.NO_LONGER_ELIGIBLE),
        ({"grade": 6}, WithdrawalReason.NO_LONGER_ELIGIBLE),  # the opening is below them now
    ],
)
async def test_a_record_that_ends_eligibility_withdraws_with_the_reason(
    uow: FakeNotifierUnitOfWork, m: Matching, change: dict[str, Any], reason: str
) -> None:
    await post(uow, m, "OP1")
    await record(uow, m, "E1")

    await record(uow, m, "E1", at=NOW + timedelta(minutes=1), **change)

    assert withdrawn(uow) == [("E1", "OP1", reason)]
    assert active(uow) == set()


async def test_a_lower_score_alone_withdraws_nothing(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await post(uow, m, "OP1")
    await record(uow, m, "E1")

    await record(uow, m, "E1", at=NOW + timedelta(minutes=1), skills={"python": HeldSkill(1)})

    assert withdrawn(uow) == []
    assert active(uow) == {("E1", "OP1")}


async def test_a_pair_withdrawn_and_eligible_again_is_surfaced_anew(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await post(uow, m, "OP1")
    await record(uow, m, "E1")
    await record(uow, m, "E1", at=NOW + timedelta(minutes=1), discoverable=False)
    await record(uow, m, "E1", at=NOW + timedelta(minutes=2), discoverable=True)

    opportunities = [
        e.opportunity_id
        for e in uow.events(ev.OpportunitySurfaced)
        if isinstance(e, ev.OpportunitySurfaced)
    ]
    assert opportunities == ["E1:OP1:1", "E1:OP1:2"]


async def test_an_eligible_employee_close_to_the_threshold_is_a_near_miss_once(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await post(uow, m, "OP1", required_skills=(required("python", 4), required("sql", 4)))
    close_to = {"python": HeldSkill(4, TODAY), "sql": HeldSkill(1, TODAY)}  # (1 + 1/4) / 2

    await record(uow, m, "E1", skills=close_to)
    await record(uow, m, "E1", at=NOW + timedelta(minutes=1), skills=close_to, department="x")

    assert surfaced(uow) == []
    (near,) = uow.events(ev.NearMissDetected)
    assert isinstance(near, ev.NearMissDetected)
    assert (near.employee_id, near.opening_id, near.score) == ("E1", "OP1", 0.625)
    assert [s.skill_id for s in near.missing_skills] == ["sql"]


async def test_an_employee_change_locks_the_openings_it_may_surface_before_the_employee(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    """The lock order of every writer, openings before employees, each in id order: the two
    consumers never wait on each other in a cycle."""
    await post(uow, m, "OP2")
    await post(uow, m, "OP1")
    someone = employee("E1")
    assert someone.profile is not None

    await handlers.employee_record_changed(uow, m, "E1", someone.profile, dict(someone.skills))

    assert uow.locks == [("opening", "OP1"), ("opening", "OP2"), ("employee", "E1")]


async def test_an_erasure_forgets_the_persons_words_even_when_it_arrives_after_a_newer_record(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await record(uow, m, "E1", at=NOW + timedelta(hours=1))
    erased = employee("E1", changed_at=NOW)
    assert erased.profile is not None

    await handlers.employee_record_changed(
        uow, m, "E1", erased.profile, dict(erased.skills), erased=True
    )
    await record(uow, m, "E2", at=NOW + timedelta(hours=2))

    assert uow.actions.forgotten == ["E1"], "only on an erasure, and only the erased person's"


# --------------------------------------------------------------------------- skills, goals


async def test_a_skill_gained_surfaces_the_openings_that_ask_for_it(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await post(uow, m, "OP1", required_skills=(required("go", 3),))
    await post(uow, m, "OP2", required_skills=(required("rust", 3),))
    await record(uow, m, "E1")

    await handlers.skills_acquired(uow, m, [SkillGained("E1", "go", 3, TODAY)])
    uow.commit()

    assert surfaced(uow) == [("E1", "OP1")]
    assert uow.employees.rows["E1"].skills["go"] == HeldSkill(3, TODAY, TODAY)
    assert "go" in m.index.employees["E1"].skills


async def test_a_batch_of_skills_leaves_each_employee_with_all_of_them_matched_once(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    both = (required("go", 3), required("rust", 3))
    await post(
        uow,
        m,
        "OP1",
        required_skills=both,
        kind=OpeningKind.TEMPORARY,
        temporary_kind=TemporaryKind.PROJECT,
    )
    await record(uow, m, "E1")
    await record(uow, m, "E2")

    await handlers.skills_acquired(
        uow,
        m,
        [
            SkillGained("E1", "go", 3, TODAY),
            SkillGained("E2", "go", 3, TODAY),
            SkillGained("E1", "rust", 2, TODAY),
            SkillGained("E1", "rust", 4, TODAY),
        ],
    )
    uow.commit()

    assert surfaced(uow) == [("E1", "OP1")]
    assert {k: v.level for k, v in m.index.employees["E1"].skills.items()} == {
        "python": 4,
        "go": 3,
        "rust": 4,
    }
    (event,) = uow.events(ev.OpportunitySurfaced)
    assert isinstance(event, ev.OpportunitySurfaced)
    assert "uses_recent_skill" in event.explanation.reasons


async def test_a_skill_heard_of_before_the_record_is_kept_but_never_surfaced(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await post(uow, m, "OP1", required_skills=(required("go", 3),))

    await handlers.skills_acquired(uow, m, [SkillGained("E9", "go", 5, TODAY)])
    uow.commit()
    assert surfaced(uow) == []
    assert uow.employees.rows["E9"].profile is None

    await record(uow, m, "E9", skills={"go": HeldSkill(5, TODAY)})
    assert surfaced(uow) == [("E9", "OP1")]


async def test_a_career_goal_that_no_longer_wants_the_move_withdraws_it(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await post(uow, m, "OP1")
    await record(uow, m, "E1")

    lateral_unwanted = goal(move_kinds=frozenset({MoveKind.PROMOTION}), set_at=NOW)
    await handlers.career_goal_set(uow, m, "E1", lateral_unwanted)
    uow.commit()
    older = goal(set_at=NOW - timedelta(days=1))
    await handlers.career_goal_set(uow, m, "E1", older)
    uow.commit()

    assert withdrawn(uow) == [("E1", "OP1", WithdrawalReason.NO_LONGER_ELIGIBLE)]
    assert m.index.employees["E1"].goal == lateral_unwanted


async def test_a_career_goal_naming_the_role_ranks_it_first(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await post(uow, m, "OP1")
    await post(uow, m, "OP2", role_id="swe-4")
    await handlers.career_goal_set(
        uow, m, "E1", goal(target_role_ids=frozenset({"swe-4"}), set_at=NOW)
    )
    uow.commit()

    await record(uow, m, "E1")

    ranked = sorted(uow.opportunities.active(), key=lambda r: -r.rank)
    assert [r.opening_id for r in ranked] == ["OP2", "OP1"]


# --------------------------------------------------------------------------- leavers


async def test_a_leaver_loses_everything_surfaced_and_leaves_the_index(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await post(uow, m, "OP1")
    await post(uow, m, "OP2", title="Another")
    await record(uow, m, "E1")

    await handlers.employee_left(uow, m, "E1", TODAY)
    uow.commit()

    assert sorted(withdrawn(uow)) == [
        ("E1", "OP1", WithdrawalReason.EMPLOYEE_LEFT),
        ("E1", "OP2", WithdrawalReason.EMPLOYEE_LEFT),
    ]
    assert "E1" not in m.index.employees
    stored = uow.employees.rows["E1"].profile
    assert stored is not None
    assert stored.status is EmployeeStatus.LEFT
    await post(uow, m, "OP3")
    assert ("E1", "OP3") not in surfaced(uow)


async def test_a_record_newer_than_the_leaving_applies_at_once(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await post(uow, m, "OP1")
    await record(uow, m, "E1")
    await handlers.employee_left(uow, m, "E1", TODAY + timedelta(days=30))
    uow.commit()

    await record(uow, m, "E1", at=NOW + timedelta(minutes=1))  # the termination rescinded

    assert surfaced(uow) == [("E1", "OP1"), ("E1", "OP1")]
    assert active(uow) == {("E1", "OP1")}


# --------------------------------------------------------------------------- openings


async def test_a_posted_opening_is_surfaced_to_the_eligible_employees_held(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await record(uow, m, "E1")
    await record(uow, m, "E2", discoverable=False)
    await record(uow, m, "M1")  # the hiring manager
    await record(uow, m, "E3", role_start_date=TODAY - timedelta(days=40))

    await post(uow, m, "OP1", min_tenure_months=6)

    assert surfaced(uow) == [("E1", "OP1")]
    assert "OP1" in m.index.openings


async def test_an_update_withdraws_those_it_makes_ineligible_and_surfaces_the_new_fits(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await record(uow, m, "E1")
    await record(uow, m, "E2", location="porto")
    await post(uow, m, "OP1")

    await post(uow, m, "OP1", at=NOW + timedelta(minutes=1), locations=("porto",))

    assert surfaced(uow) == [("E1", "OP1"), ("E2", "OP1")]
    assert withdrawn(uow) == [("E1", "OP1", WithdrawalReason.NO_LONGER_ELIGIBLE)]
    assert m.index.openings["OP1"].locations == frozenset({"porto"})


async def test_an_older_version_of_an_opening_changes_nothing(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await record(uow, m, "E1")
    await post(uow, m, "OP1", at=NOW, locations=("porto",))

    await post(uow, m, "OP1", at=NOW - timedelta(minutes=1), locations=("lisbon",))

    assert surfaced(uow) == []
    assert m.index.openings["OP1"].locations == frozenset({"porto"})


async def test_a_closed_opening_withdraws_everything_and_never_reopens(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await record(uow, m, "E1")
    await record(uow, m, "E2")
    await post(uow, m, "OP1")

    await close(uow, m, "OP1")
    await post(uow, m, "OP1", at=NOW + timedelta(days=1))  # a late update
    await record(uow, m, "E3")

    assert sorted(withdrawn(uow)) == [
        ("E1", "OP1", WithdrawalReason.OPENING_CLOSED),
        ("E2", "OP1", WithdrawalReason.OPENING_CLOSED),
    ]
    assert "OP1" not in m.index.openings
    assert active(uow) == set()
    assert ("E3", "OP1") not in surfaced(uow)


async def test_a_posted_opening_is_written_before_the_employees_it_surfaces_are_locked(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await record(uow, m, "E2")
    await record(uow, m, "E1")

    await handlers.opening_published(uow, m, published("OP1"), NOW)

    assert uow.locks == [("opening", "OP1"), ("employee", "E1"), ("employee", "E2")]


async def test_an_opening_whose_transaction_rolls_back_is_never_matched(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    """Rolled back after its handler returned (a later event of the batch failed): the next
    change finds the transaction aborted and forgets what it staged."""
    await handlers.opening_published(uow, m, published("OP1"), NOW)
    uow.roll_back()

    await record(uow, m, "E1")

    assert surfaced(uow) == []
    assert "OP1" not in m.index.openings
    assert not m.index.staging_owners()


async def test_a_handler_that_fails_after_staging_leaves_nothing_in_the_index(
    uow: FakeNotifierUnitOfWork, m: Matching, monkeypatch: pytest.MonkeyPatch
) -> None:
    await record(uow, m, "E1")

    async def broken(*_: object) -> list[object]:
        raise ConnectionError("the database went away")

    monkeypatch.setattr(uow.opportunities, "insert_new", broken)
    with pytest.raises(ConnectionError):
        await handlers.opening_published(uow, m, published("OP1"), NOW)
    uow.roll_back()
    monkeypatch.undo()
    await record(uow, m, "E2")

    assert "OP1" not in m.index.openings
    assert not m.index.staging_owners()
    assert surfaced(uow) == []


# --------------------------------------------------------------------------- daily cap, digests


async def test_past_the_daily_cap_the_best_ranked_are_notified_and_the_rest_digested_later(
    uow: FakeNotifierUnitOfWork, clock: Clock
) -> None:
    m = Matching(MatchIndex(MatchPolicy()), partitions=3, daily_cap=2, clock=clock)
    await post(uow, m, "OP-A", required_skills=(required("python", 4), required("go", 4)))
    await post(uow, m, "OP-B")
    await post(uow, m, "OP-C", role_id="swe-4")
    await handlers.career_goal_set(
        uow, m, "E1", goal(target_role_ids=frozenset({"swe-4"}), set_at=NOW)
    )
    uow.commit()
    skills = {"python": HeldSkill(4, TODAY), "go": HeldSkill(3, TODAY)}

    await record(uow, m, "E1", skills=skills)

    assert surfaced(uow) == [("E1", "OP-C"), ("E1", "OP-B")]  # the goal first, then 1.0
    assert active(uow) == {("E1", "OP-A"), ("E1", "OP-B"), ("E1", "OP-C")}
    assert await handlers.publish_due_digests(uow, m) == 0  # not before the day is over

    clock.now = NOW + timedelta(days=1)
    assert await handlers.publish_due_digests(uow, m) == 1
    assert await handlers.publish_due_digests(uow, m) == 0
    (digest,) = uow.events(ev.OpportunityDigested)
    assert isinstance(digest, ev.OpportunityDigested)
    assert (digest.employee_id, digest.day, digest.opening_ids) == ("E1", TODAY, ("OP-A",))


async def test_the_daily_cap_counts_what_earlier_events_of_the_day_surfaced(
    uow: FakeNotifierUnitOfWork, clock: Clock
) -> None:
    m = Matching(MatchIndex(MatchPolicy()), partitions=3, daily_cap=2, clock=clock)
    await record(uow, m, "E1")
    for opening_id in ("OP1", "OP2", "OP3"):
        await post(uow, m, opening_id)
    clock.now = NOW + timedelta(days=1)
    await post(uow, m, "OP4")

    assert surfaced(uow) == [("E1", "OP1"), ("E1", "OP2"), ("E1", "OP4")]
    assert await handlers.publish_due_digests(uow, m) == 1
    digest = uow.events(ev.OpportunityDigested)[0]
    assert isinstance(digest, ev.OpportunityDigested)
    assert digest.opening_ids == ("OP3",)


async def test_a_digest_leaves_out_what_was_withdrawn_meanwhile(
    uow: FakeNotifierUnitOfWork, clock: Clock
) -> None:
    m = Matching(MatchIndex(MatchPolicy()), partitions=3, daily_cap=1, clock=clock)
    await record(uow, m, "E1")
    await post(uow, m, "OP1")
    await post(uow, m, "OP2")
    await close(uow, m, "OP2")

    clock.now = NOW + timedelta(days=1)

    assert await handlers.publish_due_digests(uow, m) == 0
    assert uow.events(ev.OpportunityDigested) == []


# --------------------------------------------------------------------------- partitions


async def test_taking_a_partition_matches_its_employees_against_openings_gone_by(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    """Another instance held E1 when OP1 was posted: this one catches up when it takes them."""
    someone = employee("E1")
    await uow.employees.save(replace(someone, partition=2))
    await uow.employees.save(replace(employee("E2"), partition=1))
    await post(uow, m, "OP1")
    assert surfaced(uow) == []

    taken = await handlers.take_partitions(uow, uow.transaction, m, [2])

    assert taken == 1
    assert surfaced(uow) == [("E1", "OP1")]
    assert set(m.index.employees) == {"E1"}


async def test_taking_a_partition_withdraws_what_an_update_gone_by_made_its_employees_miss(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    """OP1 was surfaced to E1, then moved to Porto while no instance held E1: this one
    withdraws it when it takes them, and surfaces it to E2 of the same partition, who now
    fits."""
    await record(uow, m, "E1")
    await record(uow, m, "E2", location="porto")
    await post(uow, m, "OP1")
    theirs = {m.index.employees["E1"].partition, m.index.employees["E2"].partition}
    m.index.drop_partitions(theirs)
    await post(uow, m, "OP1", at=NOW + timedelta(minutes=1), locations=("porto",))
    assert withdrawn(uow) == []

    taken = await handlers.take_partitions(uow, uow.transaction, m, sorted(theirs))

    assert taken == 2
    assert withdrawn(uow) == [("E1", "OP1", WithdrawalReason.NO_LONGER_ELIGIBLE)]
    assert surfaced(uow) == [("E1", "OP1"), ("E2", "OP1")]


async def test_loading_the_index_holds_the_open_openings_and_the_partitions_employees(
    uow: FakeNotifierUnitOfWork, m: Matching
) -> None:
    await uow.employees.save(replace(employee("E1"), partition=0))
    await uow.employees.save(replace(employee("E2"), partition=1))
    await uow.openings.open(published("OP1"), NOW)
    await uow.openings.open(published("OP2"), NOW)
    await uow.openings.close("OP2", NOW)

    await handlers.load_index(uow, m, [0])

    assert set(m.index.employees) == {"E1"}
    assert set(m.index.openings) == {"OP1"}
