"""The internal-mobility figures, computed from the recorded facts (services/insights/README.md)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from lattice_insights.domain.facts import (
    Completion,
    NearMiss,
    Opening,
    Outcome,
    Placement,
    Progress,
    Release,
    ReleaseOutcome,
    Stage,
)

T = TypeVar("T")
UNKNOWN = "unknown"
"""The group of an opening whose department or kind no event has told."""


class Dimension(StrEnum):
    """What fill figures can be grouped by: the month the opening was filled (UTC), the
    department that owns it, the kind of opening."""

    MONTH = "month"
    DEPARTMENT = "department"
    KIND = "kind"


Group = tuple[tuple[str, str], ...]
"""(dimension, value) pairs, in the order asked for."""


@dataclass(frozen=True)
class FillRate:
    group: Group
    internal_fills: int
    external_fills: int

    @property
    def fills(self) -> int:
        return self.internal_fills + self.external_fills

    @property
    def internal_fill_rate(self) -> float | None:
        return ratio(self.internal_fills, self.fills)


@dataclass(frozen=True)
class TimeToFill:
    group: Group
    fills: int
    p50_days: float
    p90_days: float


@dataclass(frozen=True)
class Funnel:
    """Candidates who reached each step (or a later one) and the share of a step's candidates
    who reached the next."""

    reached: dict[Stage, int]

    def rate(self, stage: Stage) -> float | None:
        """The share of the previous step's candidates who reached ``stage``."""
        if stage is Stage.SURFACED:
            return None
        return ratio(self.reached[stage], self.reached[Stage(stage - 1)])


@dataclass(frozen=True)
class OpeningFunnel:
    opening: Opening
    funnel: Funnel


@dataclass(frozen=True)
class Releases:
    """Releases answered by one manager, or of one department's people, and talent moved."""

    approved: int = 0
    declined: int = 0
    automatic: int = 0
    pending: int = 0
    given: int = 0
    received: int = 0


@dataclass(frozen=True)
class LearningPath:
    """Employees who had a near miss; of them, those who completed learning after it; of those,
    the ones placed (in any opening) after that completion."""

    near_missed: int
    learned: int
    placed: int

    @property
    def learned_rate(self) -> float | None:
        return ratio(self.learned, self.near_missed)

    @property
    def placed_rate(self) -> float | None:
        return ratio(self.placed, self.learned)


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def fill_rates(openings: Iterable[Opening], by: Sequence[Dimension]) -> list[FillRate]:
    """Internal fills / all fills (internal and external; cancelled openings are no fill)."""
    counts: dict[Group, list[int]] = defaultdict(lambda: [0, 0])
    for opening in openings:
        if opening.filled:
            counts[group_of(opening, by)][opening.outcome is not Outcome.FILLED] += 1
    return [FillRate(g, internal, external) for g, (internal, external) in sorted(counts.items())]


def time_to_fill(openings: Iterable[Opening], by: Sequence[Dimension]) -> list[TimeToFill]:
    """Days from posting to filled, over the fills whose posting is known."""
    elapsed: dict[Group, list[float]] = defaultdict(list)
    for opening in openings:
        if opening.filled and opening.posted_at and opening.closed_at:
            taken = (opening.closed_at - opening.posted_at) / timedelta(days=1)
            elapsed[group_of(opening, by)].append(taken)
    return [
        TimeToFill(g, len(values), days(percentile(values, 0.5)), days(percentile(values, 0.9)))
        for g, values in sorted(elapsed.items())
    ]


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile, interpolated linearly between the closest ranks (as numpy does)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def funnels(openings: Iterable[Opening], progress: Iterable[Progress]) -> list[OpeningFunnel]:
    """Each opening's funnel, in opening id order (openings no candidate reached included)."""
    furthest = _furthest(progress)
    by_opening: dict[str, list[Stage]] = defaultdict(list)
    for (opening_id, _), stage in furthest.items():
        by_opening[opening_id].append(stage)
    known = {o.opening_id: o for o in openings}
    ids = sorted(known.keys() | by_opening.keys())
    return [OpeningFunnel(known.get(i, Opening(i)), _funnel(by_opening.get(i, []))) for i in ids]


def overall_funnel(progress: Iterable[Progress]) -> Funnel:
    """Every (opening, candidate) pair of every opening."""
    return _funnel(_furthest(progress).values())


def releases_by_manager(
    releases: Iterable[Release], placements: Iterable[Placement], openings: Iterable[Opening]
) -> dict[str, Releases]:
    """Per current manager, the releases they answered (or let pass by their deadline); ``given``
    counts the people they released who were placed in that opening, ``received`` the
    placements into the openings they hire for."""
    releases = list(releases)
    placed = {(p.opening_id, p.employee_id) for p in placements}
    hiring = {o.opening_id: o.hiring_manager_id for o in openings if o.hiring_manager_id}
    released = (
        r
        for r in releases
        if r.outcome in (ReleaseOutcome.APPROVED, ReleaseOutcome.AUTOMATIC)
        and (r.opening_id, r.employee_id) in placed
    )
    given = _count(r.manager_id for r in released)
    received = _count(hiring.get(opening_id) for opening_id, _ in placed)
    return _releases(_tally_releases(releases, lambda r: r.manager_id), given, received)


def release_totals(releases: Iterable[Release]) -> Releases:
    """Every release request by outcome (``given`` and ``received`` are per manager or
    department only)."""
    return _counted(_tally_releases(releases, lambda _: "all").get("all", {}))


def releases_by_department(
    releases: Iterable[Release], placements: Iterable[Placement]
) -> dict[str, Releases]:
    """Per department, the releases of its people; ``given`` counts its people placed in another
    department, ``received`` the people another department's placements brought in."""
    moves = [p for p in placements if p.department != p.from_department]
    tallies = _tally_releases(releases, lambda r: r.department)
    given = _count(p.from_department for p in moves)
    received = _count(p.department for p in moves)
    return _releases(tallies, given, received)


def learning_path(
    near_misses: Iterable[NearMiss],
    completions: Iterable[Completion],
    placements: Iterable[Placement],
) -> LearningPath:
    first_miss = _earliest((m.employee_id, m.detected_at) for m in near_misses)
    completed = _grouped((c.employee_id, c.completed_at) for c in completions)
    placed = _grouped((p.employee_id, p.placed_at) for p in placements)
    learned = placed_after = 0
    for employee_id, missed_at in first_miss.items():
        after_miss = [at for at in completed.get(employee_id, []) if at > missed_at]
        if not after_miss:
            continue
        learned += 1
        first_learned = min(after_miss)
        placed_after += any(at > first_learned for at in placed.get(employee_id, []))
    return LearningPath(len(first_miss), learned, placed_after)


def group_of(opening: Opening, by: Sequence[Dimension]) -> Group:
    values = {
        Dimension.MONTH: (
            opening.closed_at.astimezone(UTC).strftime("%Y-%m") if opening.closed_at else UNKNOWN
        ),
        Dimension.DEPARTMENT: opening.department or UNKNOWN,
        Dimension.KIND: opening.kind.value if opening.kind else UNKNOWN,
    }
    return tuple((d.value, values[d]) for d in by)


def days(value: float) -> float:
    """Days as the figures show them: to two decimals."""
    return round(value, 2)


def _furthest(progress: Iterable[Progress]) -> dict[tuple[str, str], Stage]:
    furthest: dict[tuple[str, str], Stage] = {}
    for step in progress:
        pair = (step.opening_id, step.employee_id)
        furthest[pair] = max(furthest.get(pair, step.stage), step.stage)
    return furthest


def _funnel(furthest: Iterable[Stage]) -> Funnel:
    stages = list(furthest)
    return Funnel({stage: sum(s >= stage for s in stages) for stage in Stage})


def _tally_releases(
    releases: Iterable[Release], key: Callable[[Release], str]
) -> dict[str, dict[str, int]]:
    tallies: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for release in releases:
        if release.outcome is not None:
            tallies[key(release)][release.outcome.value] += 1
        elif not release.moot:
            tallies[key(release)]["pending"] += 1
    return tallies


def _releases(
    tallies: dict[str, dict[str, int]], given: dict[str, int], received: dict[str, int]
) -> dict[str, Releases]:
    names = sorted(tallies.keys() | given.keys() | received.keys())
    return {
        name: _counted(tallies.get(name, {}), given.get(name, 0), received.get(name, 0))
        for name in names
    }


def _counted(tally: Mapping[str, int], given: int = 0, received: int = 0) -> Releases:
    return Releases(
        approved=tally.get(ReleaseOutcome.APPROVED.value, 0),
        declined=tally.get(ReleaseOutcome.DECLINED.value, 0),
        automatic=tally.get(ReleaseOutcome.AUTOMATIC.value, 0),
        pending=tally.get("pending", 0),
        given=given,
        received=received,
    )


def _count(keys: Iterable[str | None]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for key in keys:
        if key is not None:
            counts[key] += 1
    return counts


def _earliest(pairs: Iterable[tuple[str, datetime]]) -> dict[str, datetime]:
    return {key: min(values) for key, values in _grouped(pairs).items()}


def _grouped(pairs: Iterable[tuple[str, T]]) -> dict[str, list[T]]:
    grouped: dict[str, list[T]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped
