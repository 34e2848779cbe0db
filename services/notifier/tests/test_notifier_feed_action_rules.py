"""The rules of an employee's actions, of a material change, of "why not me?" and of the
courteous status: one table per rule, no I/O."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from lattice_notifier.domain.actions import (
    Action,
    ActionRefusedError,
    PairState,
    candidate_status,
    check_application,
    filter_in_words,
    material_terms,
    next_state,
    why_not,
)
from lattice_notifier.domain.matching import Ineligible, ineligibility
from lattice_notifier.domain.model import HeldSkill, MatchPolicy, Requirement
from lattice_platform.contracts.base import OpeningKind, TemporaryKind, Track
from lattice_platform.contracts.events import ApplicationStatus
from notifier_builders import TODAY, employee, goal, opening

S, A = PairState, Action
ALLOWED = {
    (S.NEW, A.SAVE): S.SAVED,
    (S.NEW, A.DISMISS): S.DISMISSED,
    (S.NEW, A.EXPRESS_INTEREST): S.INTERESTED,
    (S.SAVED, A.DISMISS): S.DISMISSED,
    (S.SAVED, A.EXPRESS_INTEREST): S.INTERESTED,
    (S.INTERESTED, A.WITHDRAW_INTEREST): S.INTEREST_WITHDRAWN,
}


@pytest.mark.parametrize("state", list(PairState))
@pytest.mark.parametrize("action", list(Action))
def test_each_action_moves_the_pair_on_or_is_refused_with_a_reason(
    state: PairState, action: Action
) -> None:
    if (state, action) in ALLOWED:
        assert next_state(state, action) is ALLOWED[(state, action)]
    else:
        with pytest.raises(ActionRefusedError) as refused:
            next_state(state, action)
        assert str(refused.value).startswith("you ")


def test_interest_after_a_dismissal_is_taken_from_the_opening_but_not_from_the_dismissed_item() -> (
    None
):
    assert next_state(S.DISMISSED, A.EXPRESS_INTEREST, browsed=True) is S.INTERESTED
    with pytest.raises(ActionRefusedError, match="dismissed"):
        next_state(S.DISMISSED, A.EXPRESS_INTEREST)
    with pytest.raises(ActionRefusedError, match="withdrew"):
        next_state(S.INTEREST_WITHDRAWN, A.EXPRESS_INTEREST, browsed=True)
    with pytest.raises(ActionRefusedError, match="already expressed"):
        next_state(S.INTERESTED, A.EXPRESS_INTEREST, browsed=True)


MATERIAL: list[dict[str, Any]] = [
    {"required": (Requirement("python", 5),)},
    {"required": (Requirement("python", 4, must_have=True),)},
    {"required": (Requirement("python", 4), Requirement("go", 2))},
    {"grade": 6},
    {"grade_min": 3},
    {"grade_max": 7},
    {"track": Track.MANAGEMENT},
    {"kind": OpeningKind.TEMPORARY, "temporary_kind": TemporaryKind.SECONDMENT},
    {"starts_on": date(2026, 5, 1)},
    {"ends_on": date(2026, 11, 1)},
    {"time_share_percent": 50},
    {"locations": frozenset({"porto"})},
    {"remote": True},
    {"min_tenure_months": 12},
    {"departments_included": frozenset({"platform"})},
    {"departments_excluded": frozenset({"engineering"})},
]
NOT_MATERIAL: list[dict[str, Any]] = [
    {"title": "Senior platform engineer"},
    {"optional": (Requirement("go", 2),)},
    {"threshold": 0.5},
    {"hiring_manager_id": "M2"},
    {"incumbent_ids": frozenset({"E9"})},
    {"role_id": "swe-4"},
]


@pytest.mark.parametrize("change", MATERIAL, ids=",".join)
def test_a_material_change_of_the_opening_changes_its_terms(change: dict[str, Any]) -> None:
    assert material_terms(replace(opening(), **change)) != material_terms(opening())


@pytest.mark.parametrize("change", NOT_MATERIAL, ids=",".join)
def test_other_changes_leave_the_terms_as_they_were(change: dict[str, Any]) -> None:
    assert material_terms(replace(opening(), **change)) == material_terms(opening())


def test_the_order_of_skills_and_locations_is_not_a_change() -> None:
    two = (Requirement("python", 4), Requirement("go", 2))
    assert material_terms(opening(required=two)) == material_terms(
        opening(required=tuple(reversed(two)))
    )


FILTER_CASES: list[tuple[dict[str, Any], dict[str, Any], Ineligible, str]] = [
    ({"discoverable": False}, {}, Ineligible.OPTED_OUT, "not discoverable"),
    ({}, {"hiring_manager_id": "E1"}, Ineligible.HIRING_MANAGER, "hiring manager"),
    ({}, {"incumbent_ids": frozenset({"E1"})}, Ineligible.INCUMBENT, "already hold"),
    ({"grade": 6}, {}, Ineligible.BELOW_GRADE, "grade 5, below your grade 6"),
    ({"grade": 1}, {"grade": 3}, Ineligible.GRADE_OUT_OF_RANGE, "grades 2 to 3; you are grade 1"),
    ({}, {"min_tenure_months": 60}, Ineligible.TENURE, "60 months"),
    ({"location": "porto"}, {}, Ineligible.LOCATION, "based in lisbon"),
    ({}, {"departments_included": frozenset({"secret"})}, Ineligible.AUDIENCE, "other departments"),
]


@pytest.mark.parametrize(("profile", "fields", "expected", "words"), FILTER_CASES)
def test_the_failing_hard_filter_is_said_in_plain_words(
    profile: dict[str, Any], fields: dict[str, Any], expected: Ineligible, words: str
) -> None:
    someone, job = employee(**profile), opening(**fields)
    assert ineligibility(someone, job, TODAY) is expected
    said = filter_in_words(expected, someone, job, TODAY)
    assert words in said
    assert "secret" not in said, "the departments an opening is limited to are not listed"


def test_an_unwanted_kind_of_move_names_the_move() -> None:
    someone = employee(goal=goal(move_kinds=frozenset({"promotion"})))
    said = filter_in_words(Ineligible.UNWANTED_MOVE, someone, opening(), TODAY)
    assert "lateral move" in said


def test_why_not_gives_the_filter_before_any_score() -> None:
    absence = why_not(employee(location="porto"), opening(), MatchPolicy(), TODAY)
    assert not absence.matches
    assert absence.ineligible is Ineligible.LOCATION
    assert absence.score is None
    assert absence.missing == ()


def test_why_not_gives_the_score_and_each_skill_short_of_its_level() -> None:
    job = opening(required=(Requirement("python", 4), Requirement("kubernetes", 3, True)))
    someone = employee(skills={"python": HeldSkill(4, TODAY), "kubernetes": HeldSkill(1, TODAY)})
    absence = why_not(someone, job, MatchPolicy(), TODAY)
    assert not absence.matches
    assert absence.ineligible is None
    assert [(f.skill_id, f.required_level, f.held_level) for f in absence.missing] == [
        ("kubernetes", 3, 1)
    ]
    assert absence.reasons == (
        "Your match is 67%; this opening needs 75%.",
        "kubernetes: a must-have at level 3; you hold level 1.",
    )


def test_why_not_counts_a_stale_skill_as_matching_does() -> None:
    someone = employee(skills={"python": HeldSkill(4, date(2020, 1, 1))})
    absence = why_not(someone, opening(threshold=0.9), MatchPolicy(), TODAY)
    assert [f.effective_level for f in absence.missing] == [3]
    assert "counts as 3" in absence.reasons[1]


def test_a_match_has_nothing_to_explain() -> None:
    absence = why_not(employee(), opening(), MatchPolicy(), TODAY)
    assert absence.matches
    assert absence.reasons == ()


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (ApplicationStatus.INVITED, "invited to apply"),
        (ApplicationStatus.SHORTLISTED, "shortlisted"),
        (ApplicationStatus.DECLINED, "not progressing"),
        (ApplicationStatus.CLOSED, "position closed"),
    ],
)
def test_the_candidate_reads_a_courteous_status(status: ApplicationStatus, shown: str) -> None:
    assert candidate_status(status) == shown


def test_every_application_status_has_a_courteous_word() -> None:
    assert all(candidate_status(s) for s in ApplicationStatus)


OPEN_TO_INTEREST = {None, ApplicationStatus.INVITED}
OPEN_TO_WITHDRAWAL = {
    None,
    ApplicationStatus.INVITED,
    ApplicationStatus.INTERESTED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.OFFERED,
}


@pytest.mark.parametrize("status", [None, *ApplicationStatus])
def test_interest_and_its_withdrawal_apply_only_to_an_application_under_way(
    status: ApplicationStatus | None,
) -> None:
    for action, allowed in (
        (Action.EXPRESS_INTEREST, OPEN_TO_INTEREST),
        (Action.WITHDRAW_INTEREST, OPEN_TO_WITHDRAWAL),
    ):
        if status in allowed:
            check_application(status, action)
        else:
            with pytest.raises(ActionRefusedError, match="your application to this opening is"):
                check_application(status, action)
    check_application(status, Action.SAVE)
    check_application(status, Action.DISMISS)
