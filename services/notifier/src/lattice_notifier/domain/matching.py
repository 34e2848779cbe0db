"""The matching rules: mobility type, eligibility (hard filters), score, near miss, reasons.

Everything here is pure: an employee, an opening, the policy and today's date in, a verdict out.
docs/matching.md states each rule; the unit tests hold one table per rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from lattice_platform.contracts.base import EmployeeStatus, MoveKind, OpeningKind, Track

from lattice_notifier.domain.model import (
    Employee,
    HeldSkill,
    MatchPolicy,
    Opening,
    Profile,
    Requirement,
)


class Ineligible(StrEnum):
    """Why a hard filter keeps an employee away from an opening."""

    UNKNOWN_PROFILE = "unknown_profile"
    LEFT = "left"
    NOT_ACTIVE = "not_active"
    OPTED_OUT = "opted_out"
    BELOW_GRADE = "below_grade"
    UNWANTED_MOVE = "unwanted_move"
    GRADE_OUT_OF_RANGE = "grade_out_of_range"
    TENURE = "tenure"
    LOCATION = "location"
    AUDIENCE = "audience"
    HIRING_MANAGER = "hiring_manager"
    INCUMBENT = "incumbent"


class Reason(StrEnum):
    FITS_CAREER_GOAL = "fits_career_goal"
    USES_RECENT_SKILL = "uses_recent_skill"


class Verdict(StrEnum):
    SURFACE = "surface"
    NEAR_MISS = "near_miss"
    NO_MATCH = "no_match"
    INELIGIBLE = "ineligible"


@dataclass(frozen=True, slots=True)
class SkillFit:
    skill_id: str
    required_level: int
    held_level: int
    effective_level: int
    must_have: bool
    stale: bool

    @property
    def met(self) -> bool:
        return self.effective_level >= self.required_level

    @property
    def contribution(self) -> float:
        return min(self.effective_level / self.required_level, 1.0)


@dataclass(frozen=True, slots=True)
class Assessment:
    """The verdict on one (employee, opening) pair with everything its explanation needs."""

    employee_id: str
    opening_id: str
    verdict: Verdict
    mobility_type: MoveKind | None = None
    ineligible: Ineligible | None = None
    score: float = 0.0
    threshold: float = 0.0
    fits: tuple[SkillFit, ...] = ()
    optional_matched: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = ()

    @property
    def matched(self) -> tuple[SkillFit, ...]:
        return tuple(f for f in self.fits if f.met)

    @property
    def missing(self) -> tuple[SkillFit, ...]:
        return tuple(f for f in self.fits if not f.met)

    @property
    def rank(self) -> float:
        """Feed order: every ranking reason outweighs any difference in score."""
        return len(self.reasons) + self.score


def mobility_type(profile: Profile, opening: Opening) -> MoveKind | None:
    """The kind of move an opening is for this employee; None when it is below their grade."""
    return move_kind(profile.grade, profile.track, opening)


def move_kind(grade: int, track: Track, opening: Opening) -> MoveKind | None:
    """The kind of move an opening is from ``grade`` on ``track``; None when it is below it."""
    if opening.grade < grade:
        return None
    if opening.kind is OpeningKind.TEMPORARY:
        return MoveKind.TEMPORARY
    if opening.grade > grade:
        return MoveKind.PROMOTION
    return MoveKind.LATERAL if opening.track is track else MoveKind.TRACK_SWITCH


def months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def grade_range(opening: Opening) -> tuple[int, int]:
    """Explicit range when given; by default at most one grade up and never below the opening."""
    low = opening.grade - 1 if opening.grade_min is None else opening.grade_min
    high = opening.grade if opening.grade_max is None else opening.grade_max
    return low, high


def ineligibility(  # noqa: PLR0911 - one return per hard filter reads best
    employee: Employee, opening: Opening, today: date
) -> Ineligible | None:
    """The first hard filter the employee fails, or None when eligible."""
    profile = employee.profile
    if profile is None:
        return Ineligible.UNKNOWN_PROFILE
    if profile.status is not EmployeeStatus.ACTIVE:
        return Ineligible.LEFT if profile.status is EmployeeStatus.LEFT else Ineligible.NOT_ACTIVE
    if not profile.discoverable:
        return Ineligible.OPTED_OUT
    if employee.employee_id == opening.hiring_manager_id:
        return Ineligible.HIRING_MANAGER
    if employee.employee_id in opening.incumbent_ids:
        return Ineligible.INCUMBENT
    kind = mobility_type(profile, opening)
    if kind is None:
        return Ineligible.BELOW_GRADE
    if not employee.goal.wants(kind):
        return Ineligible.UNWANTED_MOVE
    low, high = grade_range(opening)
    if not low <= profile.grade <= high:
        return Ineligible.GRADE_OUT_OF_RANGE
    if months_between(profile.role_start_date, today) < opening.min_tenure_months:
        return Ineligible.TENURE
    if not _location_fits(employee, profile, opening):
        return Ineligible.LOCATION
    if not _in_audience(profile, opening):
        return Ineligible.AUDIENCE
    return None


def _location_fits(employee: Employee, profile: Profile, opening: Opening) -> bool:
    if opening.remote or not opening.locations or employee.goal.willing_to_relocate:
        return True
    if profile.location in opening.locations:
        return True
    return not employee.goal.acceptable_locations.isdisjoint(opening.locations)


def _in_audience(profile: Profile, opening: Opening) -> bool:
    if opening.departments_included and profile.department not in opening.departments_included:
        return False
    return profile.department not in opening.departments_excluded


def effective_level(employee: Employee, skill_id: str, policy: MatchPolicy, today: date) -> int:
    """'Use it or lose it': a skill unused for longer than the decay window counts a level lower."""
    held = employee.skills.get(skill_id)
    if held is None:
        return 0
    return held.level - 1 if _stale(held.last_used_on, policy.decay_months, today) else held.level


def _stale(last_used_on: date | None, decay_months: int, today: date) -> bool:
    return last_used_on is not None and months_between(last_used_on, today) > decay_months


def stale_cutoff(policy: MatchPolicy, today: date) -> date:
    """The latest 'last used' date that is stale today: a skill last used on or before it counts
    a level lower (:func:`effective_level`). Worked out once a day."""
    return _stale_cutoff(policy.decay_months, today)


@lru_cache(maxsize=64)
def _stale_cutoff(decay_months: int, today: date) -> date:
    """Staleness is monotone in the date, so a search over days finds where it flips."""
    low = today - timedelta(days=31 * (decay_months + 2))  # stale
    high = today  # not stale
    while (high - low).days > 1:
        middle = low + (high - low) / 2
        if _stale(middle, decay_months, today):
            low = middle
        else:
            high = middle
    return low


def decayed_level(held: HeldSkill, stale_until: date) -> int:
    """:func:`effective_level` of a skill held, ``stale_until`` being today's
    :func:`stale_cutoff`."""
    used = held.last_used_on
    return held.level - 1 if used is not None and used <= stale_until else held.level


def skill_fit(employee: Employee, req: Requirement, stale_until: date) -> SkillFit:
    """How ``employee`` meets ``req``, ``stale_until`` being today's :func:`stale_cutoff`."""
    held = employee.skills.get(req.skill_id)
    if held is None:
        return _skill_fit(req.skill_id, req.level, req.must_have, 0, stale=False)
    stale = held.last_used_on is not None and held.last_used_on <= stale_until
    return _skill_fit(req.skill_id, req.level, req.must_have, held.level, stale=stale)


@lru_cache(maxsize=1 << 14)
def _skill_fit(
    skill_id: str, required_level: int, must_have: bool, held_level: int, *, stale: bool
) -> SkillFit:
    """SkillFits are immutable values, and the pairs of an opening share a handful of them:
    each is made once and shared."""
    return SkillFit(
        skill_id=skill_id,
        required_level=required_level,
        held_level=held_level,
        effective_level=held_level - 1 if stale else held_level,
        must_have=must_have,
        stale=stale,
    )


def assess(employee: Employee, opening: Opening, policy: MatchPolicy, today: date) -> Assessment:
    """The verdict on a pair. A pair too far from the threshold to be even a near miss is a
    ``NO_MATCH`` before its eligibility is looked at (the cheaper question comes first)."""
    threshold = policy.threshold_for(opening)
    stale_until = stale_cutoff(policy, today)
    required_score = _required_score(employee, opening, stale_until)
    if (
        employee.profile is not None
        and required_score + policy.max_bonus(opening) < threshold - policy.near_miss_margin
    ):
        return Assessment(  # no explanation to build
            employee.employee_id,
            opening.opening_id,
            Verdict.NO_MATCH,
            mobility_type=mobility_type(employee.profile, opening),
            score=_score(
                required_score, len(_optional_matched(employee, opening, stale_until)), policy
            ),
            threshold=threshold,
        )
    blocked = ineligibility(employee, opening, today)
    if blocked is not None or employee.profile is None:
        return Assessment(
            employee.employee_id,
            opening.opening_id,
            Verdict.INELIGIBLE,
            ineligible=blocked,
            threshold=threshold,
        )
    fits = tuple([skill_fit(employee, r, stale_until) for r in opening.required])
    optional_matched = _optional_matched(employee, opening, stale_until)
    score = _score(required_score, len(optional_matched), policy)  # the fits' mean (see score)
    short = [f for f in fits if f.must_have and not f.met]
    verdict = _verdict(score, threshold, short, policy)
    reasons = _reasons(
        employee,
        opening=opening,
        fits=fits,
        optional_matched=optional_matched,
        policy=policy,
        today=today,
    )
    return Assessment(
        employee_id=employee.employee_id,
        opening_id=opening.opening_id,
        verdict=verdict,
        mobility_type=mobility_type(employee.profile, opening),
        score=score,
        threshold=threshold,
        fits=fits,
        optional_matched=optional_matched,
        reasons=reasons,
    )


def score(employee: Employee, opening: Opening, policy: MatchPolicy, today: date) -> float:
    """The match score: the rule itself (docs/matching.md, "Score"). Each required skill
    contributes its effective level over the level required, at most 1 (decay included); their
    mean, plus a bonus per optional skill held at its level, at most 1, rounded to 4 decimals.

    Faster copies skip building the skill fits: :func:`_required_score`, the bound with which
    :func:`assess` rejects most pairs first and then its score (the same sum in the same order),
    and the index's candidate bounds (``domain/index.py``); test_notifier_score.py fails when any
    of them drifts from this rule."""
    stale_until = stale_cutoff(policy, today)
    fits = [skill_fit(employee, r, stale_until) for r in opening.required]
    optional_matched = _optional_matched(employee, opening, stale_until)
    return _score(_mean_contribution(fits), len(optional_matched), policy)


def _mean_contribution(fits: Sequence[SkillFit]) -> float:
    """The required-skill part of the score (1.0 when the opening requires nothing). Added up
    left to right as its faster copies add it (not ``sum``, which adds floats another way from
    Python 3.12), so that they give the same float."""
    if not fits:
        return 1.0
    total = 0.0
    for f in fits:
        total += f.contribution
    return total / len(fits)


def _score(required_part: float, optional_held: int, policy: MatchPolicy) -> float:
    return round(min(required_part + policy.optional_bonus * optional_held, 1.0), 4)


def _required_score(employee: Employee, opening: Opening, stale_until: date) -> float:
    """:func:`_mean_contribution` without building the skill fits: most pairs the index lets
    through are rejected on this alone (a faster copy of the rule, see :func:`score`)."""
    if not opening.required:
        return 1.0
    skills = employee.skills
    total = 0.0
    for req in opening.required:
        held = skills.get(req.skill_id)
        if held is not None:
            used = held.last_used_on  # decayed_level, inlined: this runs for every pair
            level = held.level - 1 if used is not None and used <= stale_until else held.level
            total += min(level / req.level, 1.0)
    return total / len(opening.required)


def _optional_matched(employee: Employee, opening: Opening, stale_until: date) -> tuple[str, ...]:
    """The optional skills held at their level (decay included)."""
    skills = employee.skills
    matched = []
    for opt in opening.optional:
        held = skills.get(opt.skill_id)
        if held is not None and decayed_level(held, stale_until) >= opt.level:
            matched.append(opt.skill_id)
    return tuple(matched)


def _verdict(score: float, threshold: float, short: list[SkillFit], policy: MatchPolicy) -> Verdict:
    """A must-have below its level excludes. A near miss is close to the threshold with at most
    one must-have short, and that one held (a missing must-have is not 'nearly' there)."""
    if not short and score >= threshold:
        return Verdict.SURFACE
    close = score >= threshold - policy.near_miss_margin
    if close and (not short or (len(short) == 1 and short[0].held_level > 0)):
        return Verdict.NEAR_MISS
    return Verdict.NO_MATCH


def _reasons(
    employee: Employee,
    *,
    opening: Opening,
    fits: tuple[SkillFit, ...],
    optional_matched: tuple[str, ...],
    policy: MatchPolicy,
    today: date,
) -> tuple[Reason, ...]:
    reasons: list[Reason] = []
    if opening.role_id is not None and opening.role_id in employee.goal.target_role_ids:
        reasons.append(Reason.FITS_CAREER_GOAL)
    if opening.kind is OpeningKind.TEMPORARY:
        used = [f.skill_id for f in fits if f.met]
        used.extend(optional_matched)
        if _acquired_since(employee, used, today - timedelta(days=policy.recent_skill_days)):
            reasons.append(Reason.USES_RECENT_SKILL)
    return tuple(reasons)


def _acquired_since(employee: Employee, skill_ids: list[str], since: date) -> bool:
    """Whether any of ``skill_ids`` was acquired on or after ``since``."""
    for skill_id in skill_ids:
        held = employee.skills.get(skill_id)
        if held is not None and held.acquired_on is not None and held.acquired_on >= since:
            return True
    return False
