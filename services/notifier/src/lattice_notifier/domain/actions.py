"""What an employee may do with an opportunity, and the answers the notifier gives them: the
state of an (employee, opening) pair, when a dismissed pair may come back, "why not me?" in
plain words, and the courteous status of an application.

Pure, like the matching rules: states and openings in, a verdict or a refusal out.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache

from lattice_platform.contracts.events import ApplicationStatus

from lattice_notifier.domain.matching import (
    Ineligible,
    SkillFit,
    Verdict,
    assess,
    grade_range,
    ineligibility,
    months_between,
    move_kind,
    skill_fit,
    stale_cutoff,
)
from lattice_notifier.domain.model import Employee, MatchPolicy, Opening


class PairState(StrEnum):
    """Where an employee stands with an opening."""

    NEW = "new"
    SAVED = "saved"
    DISMISSED = "dismissed"
    INTERESTED = "interested"
    INTEREST_WITHDRAWN = "interest_withdrawn"


class Action(StrEnum):
    SAVE = "save"
    DISMISS = "dismiss"
    EXPRESS_INTEREST = "express_interest"
    WITHDRAW_INTEREST = "withdraw_interest"


class ActionRefusedError(Exception):
    """The action does not apply to the pair as it stands (409)."""


class NotFoundError(Exception):
    """No such feed item or open opening, or not the caller's (404: never says which)."""


class NotEligibleError(Exception):
    """Interest in an opening the employee is not eligible for (422), with the reasons."""

    def __init__(self, reasons: tuple[str, ...]) -> None:
        super().__init__("you are not eligible for this opening: " + " ".join(reasons))
        self.reasons = reasons


_ALLOWED: dict[tuple[PairState, Action], PairState] = {
    (PairState.NEW, Action.SAVE): PairState.SAVED,
    (PairState.NEW, Action.DISMISS): PairState.DISMISSED,
    (PairState.NEW, Action.EXPRESS_INTEREST): PairState.INTERESTED,
    (PairState.SAVED, Action.DISMISS): PairState.DISMISSED,
    (PairState.SAVED, Action.EXPRESS_INTEREST): PairState.INTERESTED,
    (PairState.INTERESTED, Action.WITHDRAW_INTEREST): PairState.INTEREST_WITHDRAWN,
}

_REFUSALS: dict[PairState, str] = {
    PairState.NEW: "you have not expressed interest in this opening",
    PairState.SAVED: "you have already saved this item",
    PairState.DISMISSED: (
        "you dismissed this item; to be considered after all, express interest in the opening "
        "itself"
    ),
    PairState.INTERESTED: "you have expressed interest in this opening; withdraw it first",
    PairState.INTEREST_WITHDRAWN: "you withdrew your interest in this opening",
}


def next_state(state: PairState, action: Action, *, browsed: bool = False) -> PairState:
    """The state after ``action``, or :class:`ActionRefusedError` with the reason. Interest in an
    opening found by browsing is also taken after a dismissal (the employee changed their mind);
    on the dismissed feed item itself it is not."""
    if browsed and action is Action.EXPRESS_INTEREST and state is PairState.DISMISSED:
        return PairState.INTERESTED
    found = _ALLOWED.get((state, action))
    if found is None:
        if state is PairState.INTERESTED and action is Action.EXPRESS_INTEREST:
            raise ActionRefusedError("you have already expressed interest in this opening")
        raise ActionRefusedError(_REFUSALS[state])
    return found


_ENDED = frozenset(
    {
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.PLACED,
        ApplicationStatus.DECLINED,
        ApplicationStatus.WITHDRAWN,
        ApplicationStatus.CLOSED,
    }
)


def check_application(status: ApplicationStatus | None, action: Action) -> None:
    """Interest starts an application (or answers an invitation) and withdrawing it ends one that
    is still under way: neither applies to an application that has ended (409)."""
    if status is None or action not in (Action.EXPRESS_INTEREST, Action.WITHDRAW_INTEREST):
        return
    if status in _ENDED or (
        action is Action.EXPRESS_INTEREST and status is not ApplicationStatus.INVITED
    ):
        raise ActionRefusedError(f"your application to this opening is {candidate_status(status)}")


# --------------------------------------------------------------------------- material change


@lru_cache(maxsize=4096)
def material_terms(opening: Opening) -> str:
    """A digest of what makes an opening a different proposition (docs/matching.md, Dismissed
    pairs): required skills and levels, grade band and track, kind, temporary subtype, dates and
    share of time, locations and remote, and the eligibility rules. The title, the optional
    skills, the threshold and the hiring manager are not material."""
    low, high = grade_range(opening)
    terms = {
        "required": sorted((r.skill_id, r.level, r.must_have) for r in opening.required),
        "grade": [opening.grade, low, high],
        "track": opening.track.value,
        "kind": opening.kind.value,
        "temporary_kind": opening.temporary_kind.value if opening.temporary_kind else None,
        "dates": [str(opening.starts_on), str(opening.ends_on), opening.time_share_percent],
        "locations": sorted(opening.locations),
        "remote": opening.remote,
        "tenure": opening.min_tenure_months,
        "departments": [sorted(opening.departments_included), sorted(opening.departments_excluded)],
    }
    return hashlib.sha256(json.dumps(terms, sort_keys=True).encode()).hexdigest()[:32]


# --------------------------------------------------------------------------- why not me


def filter_in_words(  # noqa: PLR0911 - one sentence per hard filter reads best
    ineligible: Ineligible, employee: Employee, opening: Opening, today: date
) -> str:
    """The hard filter that keeps ``employee`` away, as a sentence for them. It speaks of the
    opening's published terms and of the employee's own record only."""
    profile = employee.profile
    if ineligible is Ineligible.UNKNOWN_PROFILE or profile is None:
        return "Your employee record has not reached Lattice yet."
    if ineligible in (Ineligible.LEFT, Ineligible.NOT_ACTIVE):
        return "Only active employees are matched with openings."
    if ineligible is Ineligible.OPTED_OUT:
        return "You are not discoverable: turn discoverability on to be matched with openings."
    if ineligible is Ineligible.HIRING_MANAGER:
        return "You are the hiring manager of this opening."
    if ineligible is Ineligible.INCUMBENT:
        return "You already hold this position."
    if ineligible is Ineligible.BELOW_GRADE:
        return f"The opening is at grade {opening.grade}, below your grade {profile.grade}."
    if ineligible is Ineligible.UNWANTED_MOVE:
        kind = move_kind(profile.grade, profile.track, opening)
        wanted = kind.value.replace("_", " ") if kind else "this kind of"
        return f"It would be a {wanted} move, which your career goals leave out."
    if ineligible is Ineligible.GRADE_OUT_OF_RANGE:
        low, high = grade_range(opening)
        return f"It is open to grades {low} to {high}; you are grade {profile.grade}."
    if ineligible is Ineligible.TENURE:
        months = months_between(profile.role_start_date, today)
        return (
            f"It asks for {opening.min_tenure_months} months in your current role; "
            f"you have {months}."
        )
    if ineligible is Ineligible.LOCATION:
        where = ", ".join(sorted(opening.locations))
        return (
            f"It is based in {where} and cannot be done remotely; your location and career "
            "goals do not include it."
        )
    return "It is open to other departments than yours."


def gap_in_words(fit: SkillFit) -> str:
    needed = "a must-have at level" if fit.must_have else "level"
    if fit.held_level == 0:
        return f"{fit.skill_id}: {needed} {fit.required_level}; you do not hold it yet."
    if fit.stale:
        return (
            f"{fit.skill_id}: {needed} {fit.required_level}; you hold level {fit.held_level}, "
            f"which counts as {fit.effective_level} since you have not used it for long."
        )
    return f"{fit.skill_id}: {needed} {fit.required_level}; you hold level {fit.held_level}."


def score_in_words(score: float, threshold: float) -> str:
    return f"Your match is {score:.0%}; this opening needs {threshold:.0%}."


# --------------------------------------------------------------------------- applications


_COURTEOUS = {
    ApplicationStatus.INVITED: "invited to apply",
    ApplicationStatus.INTERESTED: "interest received",
    ApplicationStatus.SHORTLISTED: "shortlisted",
    ApplicationStatus.OFFERED: "offered",
    ApplicationStatus.ACCEPTED: "accepted",
    ApplicationStatus.PLACED: "placed",
    ApplicationStatus.DECLINED: "not progressing",
    ApplicationStatus.WITHDRAWN: "withdrawn",
    ApplicationStatus.CLOSED: "position closed",
}


def candidate_status(status: ApplicationStatus) -> str:
    """What the candidate reads of their application: a decline is 'not progressing', never a
    reason (no event carries one)."""
    return _COURTEOUS[status]


@dataclass(frozen=True, slots=True)
class LearningItem:
    item_id: str
    title: str
    level: int


@dataclass(frozen=True, slots=True)
class GapSkill:
    """A required skill the employee is short of, and what would close the gap."""

    fit: SkillFit
    learning: tuple[LearningItem, ...]
    mentor_ids: tuple[str, ...]


class Answer(StrEnum):
    """Why an open opening is, or is not, on the employee's feed."""

    ON_FEED = "on_feed"
    MATCHES = "matches"
    DISMISSED = "dismissed"
    FILTERED = "filtered"
    SKILLS_GAP = "skills_gap"


@dataclass(frozen=True, slots=True)
class Absence:
    """The matching rules' verdict on a pair, in the employee's words."""

    matches: bool
    ineligible: Ineligible | None
    reasons: tuple[str, ...]
    score: float | None
    threshold: float
    missing: tuple[SkillFit, ...]


def why_not(employee: Employee, opening: Opening, policy: MatchPolicy, today: date) -> Absence:
    """The same rules as matching: the first hard filter that fails, else the score against the
    threshold with the required skills short of their level (must-haves included)."""
    threshold = policy.threshold_for(opening)
    blocked = ineligibility(employee, opening, today)
    if blocked is not None:
        words = filter_in_words(blocked, employee, opening, today)
        return Absence(False, blocked, (words,), None, threshold, ())
    assessment = assess(employee, opening, policy, today)
    if assessment.verdict is Verdict.SURFACE:
        return Absence(True, None, (), assessment.score, threshold, ())
    stale_until = stale_cutoff(policy, today)
    fits = [skill_fit(employee, r, stale_until) for r in opening.required]
    missing = tuple(f for f in fits if not f.met)
    reasons = (
        score_in_words(assessment.score, threshold),
        *(gap_in_words(f) for f in missing),
    )
    return Absence(False, None, reasons, assessment.score, threshold, missing)
