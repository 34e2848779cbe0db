"""Each matching rule of docs/matching.md, as a table. Removing a rule fails its table."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from lattice_notifier.domain.index import Key, MatchIndex, _Slotted
from lattice_notifier.domain.matching import (
    Ineligible,
    Reason,
    Verdict,
    assess,
    effective_level,
    ineligibility,
    mobility_type,
    stale_cutoff,
)
from lattice_notifier.domain.model import Employee, HeldSkill, MatchPolicy, Opening, Requirement
from lattice_notifier.domain.policy import WithdrawalReason, split_by_daily_cap, withdrawal_reason
from lattice_platform.contracts.base import EmployeeStatus, MoveKind, OpeningKind, Track
from notifier_builders import IC, TODAY, employee, goal, opening

POLICY = MatchPolicy()
MGMT = Track.MANAGEMENT
SITES = ["lisbon", "porto", "madrid"]


@pytest.mark.parametrize(
    ("employee_grade", "employee_track", "kind", "grade", "track", "expected"),
    [
        (5, IC, OpeningKind.TEMPORARY, 5, IC, MoveKind.TEMPORARY),
        (5, IC, OpeningKind.TEMPORARY, 6, MGMT, MoveKind.TEMPORARY),
        (5, IC, OpeningKind.ROLE, 6, IC, MoveKind.PROMOTION),
        (5, IC, OpeningKind.ROLE, 6, MGMT, MoveKind.PROMOTION),
        (5, IC, OpeningKind.ROLE, 5, MGMT, MoveKind.TRACK_SWITCH),
        (5, MGMT, OpeningKind.ROLE, 5, IC, MoveKind.TRACK_SWITCH),
        (5, IC, OpeningKind.ROLE, 5, IC, MoveKind.LATERAL),
        (5, IC, OpeningKind.ROLE, 4, IC, None),
        (5, IC, OpeningKind.TEMPORARY, 4, IC, None),
    ],
)
def test_mobility_type_follows_kind_grade_and_track(  # noqa: PLR0917
    employee_grade: int,
    employee_track: Track,
    kind: OpeningKind,
    grade: int,
    track: Track,
    expected: MoveKind | None,
) -> None:
    someone = employee(grade=employee_grade, track=employee_track)
    assert someone.profile is not None
    assert mobility_type(someone.profile, opening(kind=kind, grade=grade, track=track)) == expected


@pytest.mark.parametrize(
    ("change_employee", "change_opening", "expected"),
    [
        ({}, {}, None),
        ({"status": EmployeeStatus.LEFT}, {}, Ineligible.LEFT),
        ({"status": EmployeeStatus.ON_LEAVE}, {}, Ineligible.NOT_ACTIVE),
        ({"discoverable": False}, {}, Ineligible.OPTED_OUT),
        ({}, {"hiring_manager_id": "E1"}, Ineligible.HIRING_MANAGER),
        ({}, {"incumbent_ids": frozenset({"E1"})}, Ineligible.INCUMBENT),
        ({"grade": 6}, {}, Ineligible.BELOW_GRADE),
        ({"goal": goal(move_kinds=frozenset({MoveKind.PROMOTION}))}, {}, Ineligible.UNWANTED_MOVE),
        ({"goal": goal(move_kinds=frozenset({MoveKind.LATERAL}))}, {}, None),
        ({}, {"grade_min": 6, "grade_max": 7}, Ineligible.GRADE_OUT_OF_RANGE),
        (
            {"role_start_date": TODAY - timedelta(days=100)},
            {"min_tenure_months": 6},
            Ineligible.TENURE,
        ),
        ({"role_start_date": TODAY - timedelta(days=200)}, {"min_tenure_months": 6}, None),
        ({"location": "porto"}, {}, Ineligible.LOCATION),
        ({}, {"departments_included": frozenset({"sales"})}, Ineligible.AUDIENCE),
        ({}, {"departments_excluded": frozenset({"engineering"})}, Ineligible.AUDIENCE),
        ({}, {"departments_included": frozenset({"engineering"})}, None),
    ],
)
def test_each_hard_filter_excludes_on_its_own(
    change_employee: dict[str, object],
    change_opening: dict[str, object],
    expected: Ineligible | None,
) -> None:
    wanted_goal = change_employee.pop("goal", None)
    someone = employee(**change_employee, goal=wanted_goal)  # type: ignore[arg-type]
    assert ineligibility(someone, opening(**change_opening), TODAY) == expected


def test_an_employee_known_only_from_a_skill_is_never_eligible() -> None:
    assert (
        ineligibility(replace(employee(), profile=None), opening(), TODAY)
        is Ineligible.UNKNOWN_PROFILE
    )


@pytest.mark.parametrize(
    ("employee_grade", "grade_min", "grade_max", "eligible"),
    [
        (5, None, None, True),  # promotion one grade up: the default range
        (4, None, None, False),  # two grades up: outside the default
        (4, 4, None, True),  # an explicit range widens it
        (5, 3, 4, False),  # an explicit range can exclude
    ],
)
def test_promotions_default_to_one_grade_up_unless_the_opening_gives_a_range(
    employee_grade: int, grade_min: int | None, grade_max: int | None, eligible: bool
) -> None:
    promotion = opening(grade=6, grade_min=grade_min, grade_max=grade_max)
    blocked = ineligibility(employee(grade=employee_grade), promotion, TODAY)
    assert (blocked is None) is eligible


@pytest.mark.parametrize(
    ("location", "remote", "goal_fields", "fits"),
    [
        ("lisbon", False, {}, True),
        ("porto", True, {}, True),
        ("porto", False, {"acceptable_locations": frozenset({"lisbon"})}, True),
        ("porto", False, {"willing_to_relocate": True}, True),
        ("porto", False, {"acceptable_locations": frozenset({"madrid"})}, False),
    ],
)
def test_location_fits_when_remote_acceptable_or_willing_to_relocate(
    location: str, remote: bool, goal_fields: dict[str, object], fits: bool
) -> None:
    someone = employee(location=location, goal=goal(**goal_fields))
    blocked = ineligibility(someone, opening(remote=remote), TODAY)
    assert (blocked is None) is fits


STALE = TODAY - timedelta(days=365 * 3)


@pytest.mark.parametrize(
    ("skills", "required", "expected_score"),
    [
        ({"python": HeldSkill(4, TODAY)}, (Requirement("python", 4),), 1.0),
        ({"python": HeldSkill(5, TODAY)}, (Requirement("python", 4),), 1.0),  # capped at 1
        ({"python": HeldSkill(2, TODAY)}, (Requirement("python", 4),), 0.5),
        ({"python": HeldSkill(4, TODAY)}, (Requirement("python", 4), Requirement("go", 2)), 0.5),
        # use it or lose it: unused for three years counts one level lower
        ({"python": HeldSkill(4, STALE)}, (Requirement("python", 4),), 0.75),
        ({"python": HeldSkill(4, TODAY - timedelta(days=300))}, (Requirement("python", 4),), 1.0),
    ],
)
def test_score_is_the_mean_of_capped_level_ratios_with_decay(
    skills: dict[str, HeldSkill], required: tuple[Requirement, ...], expected_score: float
) -> None:
    result = assess(employee(skills=skills), opening(required=required), POLICY, TODAY)
    assert result.score == expected_score


def test_the_decay_window_is_a_setting() -> None:
    someone = employee(skills={"python": HeldSkill(4, TODAY - timedelta(days=200))})
    short_memory = replace(POLICY, decay_months=3)
    assert assess(someone, opening(), short_memory, TODAY).score == 0.75
    assert assess(someone, opening(), POLICY, TODAY).score == 1.0


@pytest.mark.parametrize("today", [TODAY, date(2026, 3, 31), date(2024, 2, 29), date(2025, 12, 1)])
def test_the_stale_cutoff_the_index_and_assess_use_agrees_with_the_decay_rule(today: date) -> None:
    cutoff = stale_cutoff(POLICY, today)
    with_optional = opening(optional=(Requirement("go", 4),))
    for offset in range(-40, 41):
        day = cutoff + timedelta(days=offset)
        someone = employee(skills={"python": HeldSkill(4, day), "go": HeldSkill(4, day)})
        stale = effective_level(someone, "python", POLICY, today) == 3
        assert stale is (day <= cutoff)
        result = assess(someone, with_optional, POLICY, today)
        assert [f.stale for f in result.fits] == [stale]
        assert result.optional_matched == (() if stale else ("go",))
        assert result.score == (0.75 if stale else 1.0)


def test_a_stale_skill_is_marked_in_the_explanation() -> None:
    result = assess(employee(skills={"python": HeldSkill(5, STALE)}), opening(), POLICY, TODAY)
    assert result.matched[0].stale
    assert result.matched[0].effective_level == 4


def test_optional_skills_add_a_small_bonus_capped_at_one() -> None:
    skills = {"python": HeldSkill(3, TODAY), "go": HeldSkill(2, TODAY)}
    with_optional = opening(optional=(Requirement("go", 2),))
    assert assess(employee(skills=skills), opening(), POLICY, TODAY).score == 0.75
    result = assess(employee(skills=skills), with_optional, POLICY, TODAY)
    assert result.score == 0.8
    assert result.optional_matched == ("go",)
    full = {"python": HeldSkill(4, TODAY), "go": HeldSkill(2, TODAY)}
    assert assess(employee(skills=full), with_optional, POLICY, TODAY).score == 1.0


@pytest.mark.parametrize(
    ("skills", "required", "threshold", "verdict"),
    [
        ({"python": HeldSkill(3, TODAY)}, (Requirement("python", 4),), None, Verdict.SURFACE),
        ({"python": HeldSkill(3, TODAY)}, (Requirement("python", 4),), 0.9, Verdict.NEAR_MISS),
        # a must-have below its level excludes even a high score...
        (
            {"python": HeldSkill(3, TODAY), "sql": HeldSkill(5, TODAY), "go": HeldSkill(5, TODAY)},
            (Requirement("python", 4, True), Requirement("sql", 2), Requirement("go", 2)),
            None,
            Verdict.NEAR_MISS,  # ...but one must-have short is a near miss
        ),
        (
            {"python": HeldSkill(3, TODAY), "sql": HeldSkill(1, TODAY)},
            (Requirement("python", 4, True), Requirement("sql", 2, True)),
            None,
            Verdict.NO_MATCH,  # two must-haves short
        ),
        (
            {"sql": HeldSkill(5, TODAY), "go": HeldSkill(5, TODAY), "java": HeldSkill(5, TODAY)},
            (Requirement("python", 4, True), *(Requirement(s, 2) for s in ("sql", "go", "java"))),
            None,
            Verdict.NO_MATCH,  # a must-have not held at all is not 'nearly' there
        ),
        ({"python": HeldSkill(2, TODAY)}, (Requirement("python", 4),), None, Verdict.NO_MATCH),
        ({"python": HeldSkill(2, TODAY)}, (Requirement("python", 4),), 0.6, Verdict.NEAR_MISS),
    ],
)
def test_surface_at_threshold_must_haves_exclude_and_near_misses_are_close(
    skills: dict[str, HeldSkill],
    required: tuple[Requirement, ...],
    threshold: float | None,
    verdict: Verdict,
) -> None:
    result = assess(
        employee(skills=skills), opening(required=required, threshold=threshold), POLICY, TODAY
    )
    assert result.verdict is verdict


def test_the_organisation_threshold_applies_when_the_opening_has_none() -> None:
    someone = employee(skills={"python": HeldSkill(3, TODAY)})
    assert assess(someone, opening(), POLICY, TODAY).threshold == 0.75
    strict = replace(POLICY, threshold=0.8)
    assert assess(someone, opening(), strict, TODAY).verdict is Verdict.NEAR_MISS


def test_an_ineligible_employee_is_neither_surfaced_nor_a_near_miss() -> None:
    result = assess(employee(discoverable=False), opening(), POLICY, TODAY)
    assert result.verdict is Verdict.INELIGIBLE


RECENT = TODAY - timedelta(days=30)
LONG_AGO = TODAY - timedelta(days=200)


@pytest.mark.parametrize(
    ("kind", "acquired_on", "targets", "reasons"),
    [
        (OpeningKind.ROLE, None, frozenset(), ()),
        (OpeningKind.ROLE, None, frozenset({"swe-3"}), (Reason.FITS_CAREER_GOAL,)),
        (OpeningKind.TEMPORARY, RECENT, frozenset(), (Reason.USES_RECENT_SKILL,)),
        (OpeningKind.TEMPORARY, LONG_AGO, frozenset(), ()),
        (OpeningKind.ROLE, RECENT, frozenset(), ()),  # only temporary ones
        (
            OpeningKind.TEMPORARY,
            RECENT,
            frozenset({"swe-3"}),
            (Reason.FITS_CAREER_GOAL, Reason.USES_RECENT_SKILL),
        ),
    ],
)
def test_ranking_reasons_career_goal_and_recent_skill_for_temporary_ones(
    kind: OpeningKind,
    acquired_on: date | None,
    targets: frozenset[str],
    reasons: tuple[Reason, ...],
) -> None:
    someone = employee(
        skills={"python": HeldSkill(4, TODAY, acquired_on)}, goal=goal(target_role_ids=targets)
    )
    result = assess(someone, opening(kind=kind, role_id="swe-3"), POLICY, TODAY)
    assert result.reasons == reasons


def test_a_ranking_reason_outranks_any_score_difference() -> None:
    plain = assess(employee(skills={"python": HeldSkill(5, TODAY)}), opening(), POLICY, TODAY)
    aimed = assess(
        employee(
            skills={"python": HeldSkill(3, TODAY)}, goal=goal(target_role_ids=frozenset({"swe-3"}))
        ),
        opening(role_id="swe-3"),
        POLICY,
        TODAY,
    )
    assert aimed.rank > plain.rank


def test_the_daily_cap_notifies_the_best_ranked_and_holds_back_the_rest() -> None:
    someone = employee(skills={"python": HeldSkill(4, TODAY), "go": HeldSkill(3, TODAY)})
    ranked = [
        assess(
            someone,
            opening(f"OP{i}", required=(Requirement("python", 4), Requirement("go", level))),
            POLICY,
            TODAY,
        )
        for i, level in enumerate([3, 4, 5, 4])
    ]
    notify, hold = split_by_daily_cap(ranked, surfaced_before_today=3, cap=5)
    assert [a.opening_id for a in notify] == ["OP0", "OP1"]
    assert {a.opening_id for a in hold} == {"OP2", "OP3"}
    assert split_by_daily_cap(ranked, surfaced_before_today=7, cap=5)[0] == []


@pytest.mark.parametrize(
    ("blocked", "reason"),
    [
        (Ineligible.LEFT, WithdrawalReason.EMPLOYEE_LEFT),
        (Ineligible.OPTED_OUT, WithdrawalReason.OPTED_OUT),
        (Ineligible.LOCATION, WithdrawalReason.NO_LONGER_ELIGIBLE),
    ],
)
def test_withdrawals_say_why(blocked: Ineligible, reason: str) -> None:
    assert withdrawal_reason(blocked) == reason


# --------------------------------------------------------------------------- the index


def random_organisation(seed: int) -> tuple[list, list]:  # type: ignore[type-arg]
    rng = random.Random(seed)
    skills = [f"s{i}" for i in range(12)]
    employees = [
        employee(
            f"E{i}",
            grade=rng.randint(4, 6),
            track=rng.choice([IC, MGMT]),
            location=rng.choice(SITES),
            discoverable=rng.random() < 0.9,
            status=rng.choice([EmployeeStatus.ACTIVE] * 8 + [EmployeeStatus.ON_LEAVE]),
            goal=goal(
                willing_to_relocate=rng.random() < 0.2,
                acceptable_locations=frozenset(rng.sample(SITES, rng.randint(0, 1))),
                move_kinds=frozenset(rng.sample(list(MoveKind), rng.choice([0, 0, 1, 2]))),
            ),
            skills={
                s: HeldSkill(rng.randint(1, 5), TODAY - timedelta(days=rng.randint(0, 1200)))
                for s in rng.sample(skills, rng.randint(0, 5))
            },
        )
        for i in range(300)
    ]
    openings = [
        opening(
            f"OP{i}",
            kind=rng.choice([OpeningKind.ROLE] * 3 + [OpeningKind.TEMPORARY]),
            grade=rng.randint(4, 7),
            track=rng.choice([IC, MGMT]),
            grade_min=rng.choice([None, 3]),
            remote=rng.random() < 0.3,
            locations=frozenset(rng.sample(SITES, rng.randint(0, 2))),
            required=tuple(
                Requirement(s, rng.randint(1, 5), rng.random() < 0.3)
                for s in rng.sample(skills, rng.randint(0, 4))
            ),
            optional=tuple(
                Requirement(s, rng.randint(1, 3)) for s in rng.sample(skills, rng.randint(0, 2))
            ),
            threshold=rng.choice([None, 0.5, 0.9]),
        )
        for i in range(60)
    ]
    return employees, openings


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_index_never_prunes_a_pair_that_would_surface_or_nearly_miss(seed: int) -> None:
    employees, openings = random_organisation(seed)
    index = MatchIndex(POLICY)
    for e in employees:
        index.put_employee(e)
    for o in openings:
        index.put_opening(o)
    interesting = {Verdict.SURFACE, Verdict.NEAR_MISS}
    found = 0
    for o in openings:
        expected = {
            e.employee_id for e in employees if assess(e, o, POLICY, TODAY).verdict in interesting
        }
        candidates = {e.employee_id for e in index.candidates_for_opening(o, TODAY)}
        assert expected <= candidates
        found += len(expected)
    for e in employees:
        expected = {
            o.opening_id for o in openings if assess(e, o, POLICY, TODAY).verdict in interesting
        }
        assert expected <= {o.opening_id for o in index.candidates_for_employee(e, TODAY)}
    assert found > 50, "the random organisation should hold matches to check"


def test_the_index_holds_each_employee_as_put_with_one_copy_of_equal_values() -> None:
    """As the read model's rows give them, every employee brings fresh copies of the same skill
    ids, levels and dates, sites and goals; the index keeps one of each."""

    def fresh(text: str) -> str:
        return "".join(list(text))  # an equal string, not the same object

    def someone(employee_id: str) -> Employee:
        used = date(2025, 6, 1) + timedelta(days=0)  # an equal date, not the same object
        return employee(
            employee_id,
            location=fresh("porto"),
            department=fresh("data"),
            goal=goal(acceptable_locations=frozenset([fresh("lisbon")])),
            skills={fresh("python"): HeldSkill(4, used), fresh("sql"): HeldSkill(3, None)},
        )

    first, second = someone("E1"), someone("E2")
    index = MatchIndex(POLICY)
    index.put_employee(first)
    index.put_employee(second)
    one, two = index.employees["E1"], index.employees["E2"]
    assert (one, two) == (first, second)
    assert one.skills["python"] is two.skills["python"]
    assert next(iter(one.skills)) is next(iter(two.skills))
    assert one.profile is not None
    assert two.profile is not None
    assert one.profile.location is two.profile.location
    assert one.goal is two.goal
    learned = index.employees["E1"].with_skill("python", 5, TODAY)
    index.put_employee(learned)
    assert index.employees["E1"] == learned
    assert index.employees["E1"].profile is one.profile


def test_the_values_the_index_shares_do_not_grow_with_each_change_of_a_record() -> None:
    """Every record and goal change carries a new time: sharing those would keep one per change
    for as long as the notifier runs."""
    index = MatchIndex(POLICY)
    first = employee("E1")
    assert first.profile is not None
    for minute in range(200):
        at = first.profile.changed_at + timedelta(minutes=minute)
        index.put_employee(
            replace(
                first,
                profile=replace(first.profile, changed_at=at),
                goal=goal(move_kinds=frozenset([MoveKind.LATERAL]), set_at=at),
            )
        )
    kept = len(index.values._values)  # what the index keeps is the point
    assert kept < 20


def change_someone(index: MatchIndex, rng: random.Random, someone: Employee) -> None:
    """A skill gained, a move, an opt-out, a new goal, a leaver, or a leaver back."""
    current = index.employees.get(someone.employee_id)
    if current is None or current.profile is None:
        index.put_employee(someone)
        return
    profile = current.profile
    change = rng.randrange(5)
    if change == 0:
        index.remove_employee(someone.employee_id)
    elif change == 1:
        index.put_employee(current.with_skill(f"s{rng.randrange(14)}", rng.randint(1, 5), TODAY))
    elif change == 2:
        moved = replace(profile, grade=rng.randint(3, 7), location=rng.choice(SITES))
        index.put_employee(replace(current, profile=moved))
    elif change == 3:
        status = rng.choice([EmployeeStatus.ACTIVE, EmployeeStatus.ON_LEAVE])
        away = replace(profile, status=status, discoverable=rng.random() < 0.8)
        index.put_employee(replace(current, profile=away))
    else:
        index.put_employee(current.with_goal(goal(willing_to_relocate=rng.random() < 0.5)))


def change_an_opening(index: MatchIndex, rng: random.Random, posted: Opening) -> None:
    """An opening updated, closed, or posted again."""
    current = index.openings.get(posted.opening_id)
    if current is None:
        index.put_opening(posted)
    elif rng.random() < 0.3:
        index.remove_opening(posted.opening_id)
    else:
        required = tuple(
            Requirement(f"s{rng.randrange(14)}", rng.randint(1, 5), False)
            for _ in range(rng.randint(0, 4))
        )
        grade = rng.randint(4, 7)
        index.put_opening(
            replace(current, required=required, grade=grade, remote=not current.remote)
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_an_index_kept_up_by_every_change_finds_what_a_fresh_one_finds(seed: int) -> None:
    employees, openings = random_organisation(seed)
    rng = random.Random(seed)
    index = MatchIndex(POLICY)
    for o in openings:
        index.put_opening(o)
    for e in employees:
        index.put_employee(e)
    for _ in range(800):
        if rng.random() < 0.8:
            change_someone(index, rng, rng.choice(employees))
        else:
            change_an_opening(index, rng, rng.choice(openings))
    fresh = MatchIndex(POLICY)
    for o in index.openings.values():
        fresh.put_opening(o)
    for e in index.employees.values():
        fresh.put_employee(e)
    interesting = {Verdict.SURFACE, Verdict.NEAR_MISS}
    for o in index.openings.values():
        found = {e.employee_id for e in index.candidates_for_opening(o, TODAY)}
        assert found == {e.employee_id for e in fresh.candidates_for_opening(o, TODAY)}
        expected = {
            e.employee_id
            for e in index.employees.values()
            if assess(e, o, POLICY, TODAY).verdict in interesting
        }
        assert expected <= found
    for e in index.employees.values():
        for changed in (None, *e.skills):
            found = {o.opening_id for o in index.candidates_for_employee(e, TODAY, changed)}
            assert found == {o.opening_id for o in fresh.candidates_for_employee(e, TODAY, changed)}
        expected = {
            o.opening_id
            for o in index.openings.values()
            if assess(e, o, POLICY, TODAY).verdict in interesting
        }
        assert expected <= {o.opening_id for o in index.candidates_for_employee(e, TODAY)}


def test_an_opening_naming_a_skill_twice_is_still_offered_to_its_holders() -> None:
    index = MatchIndex(POLICY)
    twice = opening(required=(Requirement("python", 4), Requirement("python", 3)))
    index.put_opening(twice)
    someone = employee(skills={"python": HeldSkill(4, TODAY)})
    index.put_employee(someone)
    assert assess(someone, twice, POLICY, TODAY).verdict is Verdict.SURFACE
    assert index.candidates_for_employee(someone, TODAY, "python") == [twice]
    assert index.candidates_for_opening(twice, TODAY) == [someone]


def test_the_index_prunes_employees_lacking_a_must_have() -> None:
    index = MatchIndex(POLICY)
    index.put_employee(
        employee("E1", skills={"python": HeldSkill(4, TODAY), "go": HeldSkill(1, TODAY)})
    )
    index.put_employee(employee("E2", skills={"go": HeldSkill(4, TODAY)}))
    must = opening(required=(Requirement("python", 4, True), Requirement("go", 1)))
    assert [e.employee_id for e in index.candidates_for_opening(must, TODAY)] == ["E1"]


def test_a_skill_change_only_revisits_the_openings_that_mention_it() -> None:
    index = MatchIndex(POLICY)
    index.put_opening(opening("OP1", required=(Requirement("python", 4),)))
    index.put_opening(opening("OP2", required=(Requirement("go", 4),)))
    someone = employee(skills={"python": HeldSkill(4, TODAY), "go": HeldSkill(4, TODAY)})
    assert {o.opening_id for o in index.candidates_for_employee(someone, TODAY, "go")} == {"OP2"}
    assert {o.opening_id for o in index.candidates_for_employee(someone, TODAY)} == {"OP1", "OP2"}


MOVES = {
    "temporary": opening("temporary", kind=OpeningKind.TEMPORARY),
    "promotion": opening("promotion", grade=6),
    "lateral": opening("lateral"),
    "switch": opening("switch", track=MGMT),
}


@pytest.mark.parametrize(
    ("wanted", "profile", "offered"),
    [
        (set(), {}, set(MOVES)),
        ({MoveKind.LATERAL}, {}, {"lateral"}),
        ({MoveKind.TRACK_SWITCH}, {}, {"switch"}),
        ({MoveKind.PROMOTION, MoveKind.TEMPORARY}, {}, {"promotion", "temporary"}),
        ({MoveKind.LATERAL}, {"track": MGMT}, {"switch"}),  # the openings' tracks are IC's
        (set(), {"discoverable": False}, set()),
        (set(), {"status": EmployeeStatus.ON_LEAVE}, set()),
        (set(), {"status": EmployeeStatus.LEFT}, set()),
    ],
)
def test_an_employee_is_offered_no_opening_they_are_unavailable_for_or_do_not_want(
    wanted: set[MoveKind], profile: dict[str, object], offered: set[str]
) -> None:
    """The other way round from an opening's pool: the kinds of move (from the employee's grade
    and track) and availability are sets, so an employee's candidates skip what they exclude."""
    index = MatchIndex(POLICY)
    for o in MOVES.values():
        index.put_opening(o)
    someone = employee(goal=goal(move_kinds=frozenset(wanted)), **profile)
    for changed in (None, "python"):
        found = {o.opening_id for o in index.candidates_for_employee(someone, TODAY, changed)}
        assert found == offered
    verdicts = {o.opening_id: assess(someone, o, POLICY, TODAY).verdict for o in MOVES.values()}
    assert {i for i, v in verdicts.items() if v is Verdict.SURFACE} == offered


@pytest.mark.parametrize("seed", [1, 2])
def test_the_index_sets_hold_their_members_however_long_the_toggles_wait(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Toggles wait in a queue per set, applied when it reaches its limit (which grows with the
    slots) or when the set is read: small limits here, so that both happen many times."""
    monkeypatch.setattr(_Slotted, "_QUEUE", 4)
    monkeypatch.setattr(_Slotted, "_SLOTS_PER_TOGGLE", 8)
    rng = random.Random(seed)
    slotted: _Slotted[str] = _Slotted("")
    keys = ["a", "b", "c", ("grade", 5)]
    held: dict[str, set[Key]] = {}
    for step in range(6_000):
        item_id = f"I{rng.randrange(800)}"
        if item_id in held and rng.random() < 0.2:
            slotted.remove(item_id, held.pop(item_id))
        else:
            now = {k for k in keys if rng.random() < 0.6}
            slotted.put(item_id, item_id, held.get(item_id, set()) ^ now)
            held[item_id] = now
        if step % 500 == 0 or step == 5_999:
            for key in keys:
                members = {i for i, sets in held.items() if key in sets}
                assert set(slotted.members(slotted.get(key))) == members


def test_dropping_a_partition_forgets_its_employees_and_their_skills() -> None:
    index = MatchIndex(POLICY)
    index.put_employee(replace(employee("E1"), partition=1))
    index.put_employee(replace(employee("E2"), partition=2))
    index.drop_partitions([1])
    assert set(index.employees) == {"E2"}
    assert [e.employee_id for e in index.candidates_for_opening(opening(), TODAY)] == ["E2"]


@pytest.mark.parametrize(
    ("newly_acquired", "reasons"), [(True, (Reason.USES_RECENT_SKILL,)), (False, ())]
)
def test_a_skill_the_hris_only_recorded_is_not_a_recent_skill_to_apply(
    newly_acquired: bool, reasons: tuple[Reason, ...]
) -> None:
    recorded = employee(skills={}).with_skill("python", 4, TODAY, newly_acquired=newly_acquired)
    result = assess(recorded, opening(kind=OpeningKind.TEMPORARY), POLICY, TODAY)
    assert result.reasons == reasons


def test_an_hris_record_keeps_the_date_a_skill_was_really_acquired() -> None:
    learned = employee(skills={}).with_skill("python", 3, TODAY - timedelta(days=10))
    recorded = learned.with_skill("python", 4, TODAY, newly_acquired=False)
    assert recorded.skills["python"].acquired_on == TODAY - timedelta(days=10)
    assert recorded.skills["python"].level == 4


THREE_YEARS_AGO = TODAY - timedelta(days=3 * 365)


def test_a_completion_dated_in_the_past_never_moves_a_newer_last_use_back() -> None:
    in_use = employee(skills={"python": HeldSkill(3, TODAY)})
    learned = in_use.with_skill("python", 4, THREE_YEARS_AGO)
    assert (learned.skills["python"].level, learned.skills["python"].last_used_on) == (4, TODAY)
    assert effective_level(learned, "python", POLICY, TODAY) == 4


def test_a_declared_skill_keeps_the_old_last_use_it_was_declared_with() -> None:
    declared = employee(skills={}).with_declared_skill("python", 4, TODAY, THREE_YEARS_AGO)
    assert declared.skills["python"].last_used_on == THREE_YEARS_AGO
    assert effective_level(declared, "python", POLICY, TODAY) == 3
