"""In-memory candidate generation: who could possibly match an opening, and which openings an
employee could possibly match, without scanning everyone or everything.

The index only prunes; :func:`assess` decides. Every pruning rule is a bound that cannot drop a
pair that would be surfaced or be a near miss:

* an employee must hold every must-have skill of the opening (a missing must-have excludes, a
  held one below its level may still be a near miss);
* without must-haves, an employee holding ``k`` of the ``n`` required skills scores at most
  ``k / n`` plus the largest optional bonus, so those below the near-miss floor are skipped;
* an opening whose skills the employee holds none of scores at most the optional bonus;
* the cheap hard filters are sets too: available (active, discoverable, known), grade within
  the opening's range, and location (the opening's sites, remote, or willing to relocate).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from datetime import date
from typing import TypeVar

from lattice_platform.contracts.base import EmployeeStatus

from lattice_notifier.domain.matching import grade_range, stale_cutoff
from lattice_notifier.domain.model import Employee, MatchPolicy, Opening

_NONE: frozenset[str] = frozenset()
K = TypeVar("K")


class MatchIndex:
    def __init__(self, policy: MatchPolicy) -> None:
        self.policy = policy
        self.employees: dict[str, Employee] = {}
        self.openings: dict[str, Opening] = {}
        # skill -> employee -> (held level, last used as an ordinal day, 0 when unknown)
        self._levels: dict[str, dict[str, tuple[int, int]]] = {}
        self._available: set[str] = set()
        self._by_grade: dict[int, set[str]] = {}
        self._by_site: dict[str, set[str]] = {}
        self._relocators: set[str] = set()
        self._openings_by_skill: dict[str, set[str]] = {}
        self._openings_by_grade: dict[int, set[str]] = {}
        self._openings_by_site: dict[str, set[str]] = {}
        self._openings_anywhere: set[str] = set()
        self._always_candidates: set[str] = set()
        self._staged_employees: dict[str, Employee] = {}
        self._staged_openings: dict[str, Opening] = {}

    # ------------------------------------------------------------------ staging

    def stage_employee(self, employee: Employee) -> None:
        """A change being committed. Two consumers run at once: one matching an employee, one an
        opening; each stages its entity before matching and sees what the other staged, so at
        least one of them sees the other even before either commit lands in the index."""
        self._staged_employees[employee.employee_id] = employee

    def stage_opening(self, opening: Opening) -> None:
        self._staged_openings[opening.opening_id] = opening

    def staged_employee(self, employee_id: str) -> bool:
        return employee_id in self._staged_employees

    # ------------------------------------------------------------------ employees

    def put_employee(self, employee: Employee) -> None:
        if self._staged_employees.get(employee.employee_id) is employee:
            del self._staged_employees[employee.employee_id]
        self.remove_employee(employee.employee_id)
        employee_id = employee.employee_id
        self.employees[employee_id] = employee
        for skill_id, held in employee.skills.items():
            used = held.last_used_on.toordinal() if held.last_used_on else 0
            self._levels.setdefault(skill_id, {})[employee_id] = (held.level, used)
        profile = employee.profile
        if profile is None:
            return
        if profile.status is EmployeeStatus.ACTIVE and profile.discoverable:
            self._available.add(employee_id)
        self._by_grade.setdefault(profile.grade, set()).add(employee_id)
        for site in {profile.location, *employee.goal.acceptable_locations}:
            self._by_site.setdefault(site, set()).add(employee_id)
        if employee.goal.willing_to_relocate:
            self._relocators.add(employee_id)

    def remove_employee(self, employee_id: str, *, unstage: bool = False) -> None:
        if unstage:
            self._staged_employees.pop(employee_id, None)
        previous = self.employees.pop(employee_id, None)
        if previous is None:
            return
        for skill_id in previous.skills:
            levels = self._levels.get(skill_id)
            if levels is not None:
                levels.pop(employee_id, None)
                if not levels:
                    del self._levels[skill_id]
        self._available.discard(employee_id)
        self._relocators.discard(employee_id)
        if previous.profile is not None:
            _discard(self._by_grade, previous.profile.grade, employee_id)
            for site in {previous.profile.location, *previous.goal.acceptable_locations}:
                _discard(self._by_site, site, employee_id)

    def drop_partitions(self, partitions: Iterable[int]) -> None:
        dropped = set(partitions)
        for employee in [e for e in self.employees.values() if e.partition in dropped]:
            self.remove_employee(employee.employee_id)

    # ------------------------------------------------------------------ openings

    def put_opening(self, opening: Opening) -> None:
        if self._staged_openings.get(opening.opening_id) is opening:
            del self._staged_openings[opening.opening_id]
        self.remove_opening(opening.opening_id)
        opening_id = opening.opening_id
        self.openings[opening_id] = opening
        if self._holding_nothing_may_qualify(opening):
            self._always_candidates.add(opening_id)
        for skill_id in opening.skill_ids:
            self._openings_by_skill.setdefault(skill_id, set()).add(opening_id)
        for grade in _eligible_grades(opening):
            self._openings_by_grade.setdefault(grade, set()).add(opening_id)
        if _anywhere(opening):
            self._openings_anywhere.add(opening_id)
        for site in opening.locations:
            self._openings_by_site.setdefault(site, set()).add(opening_id)

    def remove_opening(self, opening_id: str) -> None:
        self._staged_openings.pop(opening_id, None)
        previous = self.openings.pop(opening_id, None)
        if previous is None:
            return
        self._always_candidates.discard(opening_id)
        self._openings_anywhere.discard(opening_id)
        for skill_id in previous.skill_ids:
            _discard(self._openings_by_skill, skill_id, opening_id)
        for grade in _eligible_grades(previous):
            _discard(self._openings_by_grade, grade, opening_id)
        for site in previous.locations:
            _discard(self._openings_by_site, site, opening_id)

    # ------------------------------------------------------------------ candidates

    def candidates_for_opening(self, opening: Opening, today: date) -> list[Employee]:
        """Employees who might be surfaced ``opening`` or nearly miss it."""
        ids: AbstractSet[str]
        if opening.must_haves:
            ids = self._filtered(self._holding_all(opening), opening)
        elif self._holding_nothing_may_qualify(opening):
            ids = self._filtered(self._available, opening)
        else:
            ids = self._holding_enough(opening, self._filtered(self._available, opening))
        employees = self.employees
        staged = self._staged_employees
        found = [employees[i] for i in self._plausible(opening, ids, today) if i not in staged]
        return found + list(staged.values())

    def _holding_all(self, opening: Opening) -> set[str]:
        holders = sorted((self._holders(r.skill_id) for r in opening.must_haves), key=len)
        ids = set(holders[0])
        for other in holders[1:]:
            ids &= other
        return ids

    def _filtered(self, ids: AbstractSet[str], opening: Opening) -> set[str]:
        """The members of ``ids`` available, of a grade the opening admits, at a site it fits.
        Each intersection walks the smaller side, so a small ``ids`` stays cheap."""
        grades = [self._by_grade.get(g, _NONE) for g in _eligible_grades(opening)]
        kept = _within(ids, grades)
        kept &= self._available
        if not _anywhere(opening):
            sites = [self._by_site.get(s, _NONE) for s in opening.locations]
            kept = _within(kept, [*sites, self._relocators])
        return kept

    def _plausible(self, opening: Opening, ids: AbstractSet[str], today: date) -> list[str]:
        """Keep those whose score (decay and optional bonus included, must-haves aside) reaches
        the near-miss floor: the exact score, on the index's own copy of the levels."""
        floor = self.policy.near_miss_floor(opening) - 1e-9
        if floor <= 0:
            return list(ids)
        n = len(opening.required)
        required = [(self._levels.get(r.skill_id, {}), r.level) for r in opening.required]
        optional = [(self._levels.get(o.skill_id, {}), o.level) for o in opening.optional]
        bonus = self.policy.optional_bonus
        stale_until = stale_cutoff(self.policy, today).toordinal()
        plausible = []
        for employee_id in ids:
            total = 0.0
            for levels, level in required:
                held = levels.get(employee_id)
                if held is not None:
                    effective = held[0] - 1 if 0 < held[1] <= stale_until else held[0]
                    total += 1.0 if effective >= level else effective / level
            score = total / n if n else 1.0
            for levels, level in optional:
                held = levels.get(employee_id)
                if held is not None:
                    effective = held[0] - 1 if 0 < held[1] <= stale_until else held[0]
                    if effective >= level:
                        score += bonus
            if score >= floor:
                plausible.append(employee_id)
        return plausible

    def _holders(self, skill_id: str) -> AbstractSet[str]:
        return self._levels.get(skill_id, {}).keys()

    def candidates_for_employee(
        self, employee: Employee, today: date, changed_skill: str | None = None
    ) -> list[Opening]:
        """Open openings ``employee`` might match. When only ``changed_skill`` changed, only the
        openings that mention it can change their verdict."""
        staged = list(self._staged_openings.values())
        profile = employee.profile
        if profile is None:
            return staged
        skills = [changed_skill] if changed_skill is not None else list(employee.skills)
        ids: set[str] = set()
        for skill_id in skills:
            ids |= self._openings_by_skill.get(skill_id, _NONE)
        if changed_skill is None:
            ids |= self._always_candidates
        ids &= self._openings_by_grade.get(profile.grade, _NONE)
        if not employee.goal.willing_to_relocate:
            places = {profile.location, *employee.goal.acceptable_locations}
            sites = [self._openings_by_site.get(s, _NONE) for s in places]
            ids = _within(ids, [*sites, self._openings_anywhere])
        openings = [self.openings[i] for i in ids if i not in self._staged_openings]
        return self._reachable(employee, openings, today) + staged

    def _reachable(self, employee: Employee, openings: list[Opening], today: date) -> list[Opening]:
        """Keep the openings where the employee's score (decay and bonus included, must-haves
        aside) reaches the near-miss floor; the same exact bound as for an opening's pool."""
        stale_until = stale_cutoff(self.policy, today)
        levels = {
            skill_id: held.level - 1
            if held.last_used_on is not None and held.last_used_on <= stale_until
            else held.level
            for skill_id, held in employee.skills.items()
        }
        bonus = self.policy.optional_bonus
        reachable = []
        for opening in openings:
            floor = self.policy.near_miss_floor(opening) - 1e-9
            required = opening.required
            total = 0.0
            for req in required:
                level = levels.get(req.skill_id, 0)
                total += 1.0 if level >= req.level else level / req.level
            score = total / len(required) if required else 1.0
            for opt in opening.optional:
                if levels.get(opt.skill_id, 0) >= opt.level:
                    score += bonus
            if score >= floor:
                reachable.append(opening)
        return reachable

    def _holding_nothing_may_qualify(self, opening: Opening) -> bool:
        if opening.must_haves:
            return False
        return not opening.required or self._needed(opening) <= 0

    def _needed(self, opening: Opening) -> int:
        """Fewest required skills to hold to reach the near-miss floor (no must-haves)."""
        floor = self.policy.near_miss_floor(opening) - self.policy.max_bonus(opening)
        return math.ceil(floor * len(opening.required) - 1e-9)

    def _holding_enough(self, opening: Opening, pool: AbstractSet[str]) -> set[str]:
        needed = self._needed(opening)
        holders = [self._holders(r.skill_id) & pool for r in opening.required]
        if needed == 1:
            return set().union(*holders)
        counts: Counter[str] = Counter()
        for group in holders:
            counts.update(group)
        return {i for i, k in counts.items() if k >= needed}


def _eligible_grades(opening: Opening) -> range:
    """Grades the opening's range admits that are not above it (it would be below them)."""
    low, high = grade_range(opening)
    return range(low, min(high, opening.grade) + 1)


def _anywhere(opening: Opening) -> bool:
    return opening.remote or not opening.locations


def _within(ids: AbstractSet[str], groups: Sequence[AbstractSet[str]]) -> set[str]:
    """The members of ``ids`` found in any of ``groups`` (each intersection walks the smaller)."""
    result: set[str] = set()
    for group in groups:
        result |= ids & group
    return result


def _discard(sets: dict[K, set[str]], key: K, member: str) -> None:
    members = sets.get(key)
    if members is not None:
        members.discard(member)
        if not members:
            del sets[key]
