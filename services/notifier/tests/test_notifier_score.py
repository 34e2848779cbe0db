"""The match score has one definition, ``matching.score``; the copies written for speed (the bound
``assess`` rejects most pairs with, the index's candidate bounds) must agree with it on any
profile and opening. Each property below fails as soon as a copy drifts from the rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.matching import Verdict, assess, score
from lattice_notifier.domain.model import Employee, HeldSkill, MatchPolicy, Opening, Requirement
from notifier_builders import TODAY, employee, opening

SKILLS = ("python", "go", "sql", "k8s", "rust", "java")
# Float noise, far below the rule's granularity (levels 1-5, at most six skills, bonuses and
# thresholds in twentieths): the index compares unrounded sums, the rule rounds to 4 decimals.
NOISE = 1e-6

policies = st.builds(
    MatchPolicy,
    threshold=st.sampled_from([0.5, 0.6, 0.75, 0.9, 1.0]),
    decay_months=st.sampled_from([3, 12, 24]),
    optional_bonus=st.sampled_from([0.0, 0.05, 0.1]),
    near_miss_margin=st.sampled_from([0.1, 0.15, 0.3]),
)
held_skills = st.builds(
    HeldSkill,
    level=st.integers(1, 5),
    last_used_on=st.one_of(
        st.none(), st.integers(0, 1500).map(lambda days: TODAY - timedelta(days=days))
    ),
)
skill_sets = st.dictionaries(st.sampled_from(SKILLS), held_skills, max_size=len(SKILLS))
requirements = st.lists(  # a skill may be named twice, as an opening may
    st.builds(Requirement, st.sampled_from(SKILLS), st.integers(1, 5)), max_size=4
)


@st.composite
def openings(draw: st.DrawFn, opening_id: str = "OP1") -> Opening:
    """Openings that differ only in skills and threshold; every filter but the score passes
    (remote, the employees' grade and track, no must-have)."""
    return opening(
        opening_id,
        required=tuple(draw(requirements)),
        optional=tuple(draw(requirements)),
        remote=True,
        threshold=draw(st.sampled_from([None, 0.5, 0.8, 1.0])),
    )


def people(skill_sets: list[dict[str, HeldSkill]]) -> list[Employee]:
    return [employee(f"E{i}", skills=skills) for i, skills in enumerate(skill_sets)]


def near_enough(
    pairs: list[tuple[Employee, Opening]], policy: MatchPolicy, less: float = 0.0
) -> set[str]:
    """The pairs whose score by the rule reaches the near-miss floor (less ``less``), compared
    as :func:`assess` compares it."""
    return {
        f"{e.employee_id}/{o.opening_id}"
        for e, o in pairs
        if score(e, o, policy, TODAY) >= policy.threshold_for(o) - policy.near_miss_margin - less
    }


@settings(max_examples=300, deadline=None, database=None)
@given(skills=skill_sets, posted=openings(), policy=policies)
def test_assess_scores_every_pair_as_the_rule_does(
    skills: dict[str, HeldSkill], posted: Opening, policy: MatchPolicy
) -> None:
    """Including the pairs ``assess`` rejects early on its cheaper bound."""
    someone = employee(skills=skills)
    result = assess(someone, posted, policy, TODAY)
    assert result.verdict is not Verdict.INELIGIBLE
    assert result.score == score(someone, posted, policy, TODAY)


@settings(max_examples=150, deadline=None, database=None)
@given(
    skill_sets=st.lists(skill_sets, min_size=1, max_size=12),
    posted=openings(),
    policy=policies,
)
def test_an_openings_candidates_are_exactly_those_the_rule_scores_near_enough(
    skill_sets: list[dict[str, HeldSkill]], posted: Opening, policy: MatchPolicy
) -> None:
    employees = people(skill_sets)
    index = MatchIndex(policy)
    for e in employees:
        index.put_employee(e)
    pairs = [(e, posted) for e in employees]

    found = {
        f"{e.employee_id}/{posted.opening_id}" for e in index.candidates_for_opening(posted, TODAY)
    }

    assert near_enough(pairs, policy) <= found <= near_enough(pairs, policy, less=NOISE)


@settings(max_examples=150, deadline=None, database=None)
@given(
    skills=skill_sets,
    posted=st.lists(openings(), min_size=1, max_size=8),
    changed=st.one_of(st.none(), st.sampled_from(SKILLS)),
    policy=policies,
)
def test_an_employees_candidates_are_exactly_those_the_rule_scores_near_enough(
    skills: dict[str, HeldSkill],
    posted: list[Opening],
    changed: str | None,
    policy: MatchPolicy,
) -> None:
    """Also when only one skill changed: then only the openings mentioning it."""
    someone = employee(skills=skills)
    jobs = [replace(o, opening_id=f"OP{i}") for i, o in enumerate(posted)]
    index = MatchIndex(policy)
    for o in jobs:
        index.put_opening(o)
    pairs = [(someone, o) for o in jobs if changed is None or changed in o.skill_ids]

    found = {
        f"{someone.employee_id}/{o.opening_id}"
        for o in index.candidates_for_employee(someone, TODAY, changed)
    }

    assert near_enough(pairs, policy) <= found <= near_enough(pairs, policy, less=NOISE)
