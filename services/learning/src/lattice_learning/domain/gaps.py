"""Gap closing: which catalogue items close a skill gap with the fewest items.

Choosing the fewest items that together build every missing skill is set cover. Gaps are small
(a near miss lacks one or two skills, a role profile a handful), so up to
:data:`EXACT_LIMIT` coverable skills the choice is exact: a search over subsets of the gap
finds the minimum number of items, ties broken by total duration, then by item ids. Larger gaps
fall back to the greedy rule (take the item covering most still-missing skills, then the
shortest), which is within a factor ln(n) of optimal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from lattice_learning.domain.model import CatalogueItem, IllegalTransitionError, SkillTarget

EXACT_LIMIT = 10


@dataclass(frozen=True)
class Gap:
    """Skills missing, each at the level needed. Normalised: one target per skill, sorted."""

    targets: tuple[SkillTarget, ...]

    @classmethod
    def of(cls, targets: Iterable[SkillTarget]) -> Gap:
        needed: dict[str, int] = {}
        for t in targets:
            needed[t.skill_id] = max(needed.get(t.skill_id, 0), t.level)
        return cls(tuple(SkillTarget(s, lvl) for s, lvl in sorted(needed.items())))

    @classmethod
    def between(cls, profile: Iterable[SkillTarget], held: Mapping[str, int]) -> Gap:
        """What a profile asks for beyond the levels held."""
        return cls.of(t for t in profile if held.get(t.skill_id, 0) < t.level)

    @property
    def key(self) -> str:
        """A stable fingerprint: the same gap twice means the same recommendation."""
        return ",".join(f"{t.skill_id}:{t.level}" for t in self.targets)

    def __bool__(self) -> bool:
        return bool(self.targets)


@dataclass(frozen=True)
class Plan:
    items: tuple[CatalogueItem, ...]
    uncovered: tuple[str, ...]


def choose_items(gap: Gap, catalogue: Iterable[CatalogueItem]) -> Plan:
    """The fewest active items that build every coverable skill of ``gap``, plus the skills no
    item builds at the level needed."""
    targets = gap.targets
    candidates: list[tuple[CatalogueItem, int]] = []
    for item in catalogue:
        mask = sum(1 << i for i, t in enumerate(targets) if item.builds(t))
        if item.active and mask:
            candidates.append((item, mask))
    coverable = 0
    for _, mask in candidates:
        coverable |= mask
    uncovered = tuple(t.skill_id for i, t in enumerate(targets) if not coverable >> i & 1)
    if coverable.bit_count() <= EXACT_LIMIT:
        chosen = _exact(candidates, coverable)
    else:
        chosen = _greedy(candidates, coverable)
    return Plan(tuple(sorted(chosen, key=lambda item: item.item_id)), uncovered)


Choice = tuple[int, float, tuple[CatalogueItem, ...]]
"""Items chosen, with their number and total hours first so that choices compare cheaply."""


def _better(option: Choice, held: Choice) -> bool:
    if option[:2] != held[:2]:
        return option[:2] < held[:2]
    return sorted(i.item_id for i in option[2]) < sorted(i.item_id for i in held[2])


def _exact(candidates: list[tuple[CatalogueItem, int]], goal: int) -> list[CatalogueItem]:
    # Of items covering the same part of the gap only the cheapest can be in a best choice.
    cheapest: dict[int, CatalogueItem] = {}
    for item, mask in candidates:
        held = cheapest.get(mask)
        if held is None or (item.duration_hours, item.item_id) < (
            held.duration_hours,
            held.item_id,
        ):
            cheapest[mask] = item
    # The best choice per reachable part of the gap, grown one item at a time from nothing.
    # Adding an item only ever adds to a choice's cost, and a grown part is numerically larger
    # than the part it grew from, so visiting parts in increasing order settles each one before
    # it is grown further.
    best: dict[int, Choice] = {0: (0, 0.0, ())}
    for covered in range(goal + 1):
        entry = best.get(covered)
        if entry is None:
            continue
        count, hours, chosen = entry
        for mask, item in cheapest.items():
            grown = covered | mask
            if grown == covered:
                continue
            option = (count + 1, hours + item.duration_hours, (*chosen, item))
            held_choice = best.get(grown)
            if held_choice is None or _better(option, held_choice):
                best[grown] = option
    return list(best[goal][2])


def _greedy(candidates: list[tuple[CatalogueItem, int]], goal: int) -> list[CatalogueItem]:
    chosen: list[CatalogueItem] = []
    missing = goal
    while missing:
        item, mask = min(
            candidates,
            key=lambda c: (-(c[1] & missing).bit_count(), c[0].duration_hours, c[0].item_id),
        )
        chosen.append(item)
        missing &= ~mask
    return chosen


class RecommendationStatus(StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"


@dataclass(frozen=True)
class Recommendation:
    """Learning that closes ``gap`` to an opening (a near miss) or to a career goal's role."""

    recommendation_id: str
    employee_id: str
    opening_id: str | None
    target_role_id: str | None
    gap: Gap
    plan: Plan
    recommended_at: datetime
    status: RecommendationStatus = RecommendationStatus.OPEN

    def dismiss(self) -> Recommendation:
        if self.status is not RecommendationStatus.OPEN:
            raise IllegalTransitionError(f"recommendation is already {self.status}")
        return replace(self, status=RecommendationStatus.DISMISSED)
