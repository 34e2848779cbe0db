"""Who may mentor whom: role held, opt-in, activity, reporting line, capacity."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lattice_learning.domain.mentoring import (
    MentorPairing,
    OrgChart,
    PairingStatus,
    Person,
    Role,
    choose_mentors,
)
from lattice_learning.domain.model import IllegalTransitionError

TARGET = Role("swe-3", next_role_ids=("swe-4", "em-1"))


def person(
    employee_id: str,
    role_id: str | None = "swe-3",
    manager_id: str | None = None,
    *,
    active: bool = True,
    opt_in: bool = True,
) -> Person:
    return Person(employee_id, role_id, manager_id, active, opt_in)


def mentors(people: list[Person], load: dict[str, int] | None = None, **kw) -> list[str]:
    options = {"capacity": 3, "limit": 10} | kw
    return choose_mentors("mentee", TARGET, people, load or {}, **options)


MENTEE = person("mentee", role_id="swe-2", manager_id="boss")


def test_holders_of_the_target_role_or_the_next_role_who_opted_in_are_suggested() -> None:
    people = [MENTEE, person("m1"), person("m2", role_id="swe-4"), person("m3", role_id="swe-2")]
    assert mentors(people) == ["m1", "m2"]


def test_holders_of_the_target_role_itself_come_before_those_a_step_beyond() -> None:
    people = [MENTEE, person("a-beyond", role_id="em-1"), person("z-same")]
    assert mentors(people) == ["z-same", "a-beyond"]


def test_someone_who_did_not_opt_in_is_never_suggested() -> None:
    assert mentors([MENTEE, person("m1", opt_in=False)]) == []


def test_someone_inactive_is_never_suggested() -> None:
    assert mentors([MENTEE, person("m1", active=False)]) == []


def test_the_mentees_manager_and_their_managers_up_the_chain_are_never_suggested() -> None:
    people = [
        MENTEE,
        person("boss", manager_id="grand-boss"),
        person("grand-boss", role_id="em-1", manager_id="ceo"),
        person("ceo", role_id="swe-4"),
        person("peer", manager_id="boss"),
    ]
    assert mentors(people) == ["peer"]


def test_the_mentees_reports_direct_or_not_are_never_suggested() -> None:
    lead = person("lead", role_id="em-1", manager_id="boss")
    people = [
        lead,
        person("report", manager_id="lead"),
        person("reports-report", manager_id="report"),
        person("elsewhere", manager_id="other-boss"),
    ]
    got = choose_mentors("lead", Role("swe-3"), people, {}, capacity=3, limit=10)
    assert got == ["elsewhere"]


def test_a_mentor_at_capacity_is_skipped_and_the_least_loaded_come_first() -> None:
    people = [MENTEE, person("full"), person("busy"), person("free")]
    load = {"full": 3, "busy": 2}
    assert mentors(people, load) == ["free", "busy"]
    assert mentors(people, load, capacity=4) == ["free", "busy", "full"]


def test_the_mentee_is_never_their_own_mentor_and_known_mentors_are_not_repeated() -> None:
    people = [person("mentee"), person("m1"), person("m2")]
    assert mentors(people, excluded={"m1"}) == ["m2"]


def test_no_more_mentors_than_the_limit_are_suggested() -> None:
    people = [MENTEE, *(person(f"m{i}") for i in range(5))]
    assert mentors(people, limit=2) == ["m0", "m1"]


def test_a_cycle_in_manager_ids_does_not_hang_the_reporting_line() -> None:
    chart = OrgChart([person("a", manager_id="b"), person("b", manager_id="a")])
    assert chart.managers_of("a") == {"b"}
    assert chart.reports_of("a") == {"b"}


def test_a_suggested_pairing_can_be_accepted_then_ended_but_not_accepted_twice() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    pairing = MentorPairing("p1", "mentee", "m1", "swe-3", PairingStatus.SUGGESTED, now)
    accepted = pairing.accept()
    assert accepted.end().status is PairingStatus.ENDED
    with pytest.raises(IllegalTransitionError):
        accepted.accept()
    with pytest.raises(IllegalTransitionError):
        pairing.decline().accept()
    assert pairing.close().status is PairingStatus.ENDED, "a leaver ends even a suggestion"
    with pytest.raises(IllegalTransitionError):
        accepted.end().close()
