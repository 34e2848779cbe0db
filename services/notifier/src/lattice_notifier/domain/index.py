"""In-memory candidate generation: who could possibly match an opening, and which openings an
employee could possibly match, without scanning everyone or everything.

The index only prunes; :func:`assess` decides. Every pruning rule is a bound that cannot drop a
pair that would be surfaced or be a near miss:

* an employee must hold every must-have skill of the opening (a missing must-have excludes, a
  held one below its level may still be a near miss);
* without must-haves, an employee holding ``k`` of the ``n`` required skills scores at most
  ``k / n`` plus the largest optional bonus, so those below the near-miss floor are skipped;
* an opening whose skills the employee holds none of scores at most the optional bonus.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from lattice_notifier.domain.model import Employee, MatchPolicy, Opening


class MatchIndex:
    def __init__(self, policy: MatchPolicy) -> None:
        self.policy = policy
        self.employees: dict[str, Employee] = {}
        self.openings: dict[str, Opening] = {}
        self._holders: dict[str, set[str]] = {}
        self._openings_by_skill: dict[str, set[str]] = {}
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

    # ------------------------------------------------------------------ employees

    def put_employee(self, employee: Employee) -> None:
        if self._staged_employees.get(employee.employee_id) is employee:
            del self._staged_employees[employee.employee_id]
        self.remove_employee(employee.employee_id)
        self.employees[employee.employee_id] = employee
        for skill_id in employee.skills:
            self._holders.setdefault(skill_id, set()).add(employee.employee_id)

    def remove_employee(self, employee_id: str, *, unstage: bool = False) -> None:
        if unstage:
            self._staged_employees.pop(employee_id, None)
        previous = self.employees.pop(employee_id, None)
        if previous is None:
            return
        for skill_id in previous.skills:
            holders = self._holders.get(skill_id)
            if holders is not None:
                holders.discard(employee_id)
                if not holders:
                    del self._holders[skill_id]

    def drop_partitions(self, partitions: Iterable[int]) -> None:
        dropped = set(partitions)
        for employee in [e for e in self.employees.values() if e.partition in dropped]:
            self.remove_employee(employee.employee_id)

    # ------------------------------------------------------------------ openings

    def put_opening(self, opening: Opening) -> None:
        if self._staged_openings.get(opening.opening_id) is opening:
            del self._staged_openings[opening.opening_id]
        self.remove_opening(opening.opening_id)
        self.openings[opening.opening_id] = opening
        if self._holding_nothing_may_qualify(opening):
            self._always_candidates.add(opening.opening_id)
        for skill_id in opening.skill_ids:
            self._openings_by_skill.setdefault(skill_id, set()).add(opening.opening_id)

    def remove_opening(self, opening_id: str) -> None:
        self._staged_openings.pop(opening_id, None)
        previous = self.openings.pop(opening_id, None)
        if previous is None:
            return
        self._always_candidates.discard(opening_id)
        for skill_id in previous.skill_ids:
            ids = self._openings_by_skill.get(skill_id)
            if ids is not None:
                ids.discard(opening_id)
                if not ids:
                    del self._openings_by_skill[skill_id]

    # ------------------------------------------------------------------ candidates

    def candidates_for_opening(self, opening: Opening) -> list[Employee]:
        """Employees who might score at least the near-miss floor for ``opening``."""
        must_haves = opening.must_haves
        ids: Iterable[str]
        if must_haves:
            ids = self._holding_all([r.skill_id for r in must_haves])
        else:
            ids = self._holding_enough(opening)
        employees = self.employees
        staged = self._staged_employees
        found = [employees[i] for i in ids if i in employees and i not in staged]
        return found + list(staged.values())

    def candidates_for_employee(
        self, employee: Employee, changed_skill: str | None = None
    ) -> list[Opening]:
        """Open openings ``employee`` might match. When only ``changed_skill`` changed, only the
        openings that mention it can change their verdict."""
        skills = [changed_skill] if changed_skill is not None else list(employee.skills)
        ids: set[str] = set()
        for skill_id in skills:
            ids |= self._openings_by_skill.get(skill_id, set())
        if changed_skill is None:
            ids |= self._always_candidates
        staged = self._staged_openings
        return [self.openings[i] for i in ids if i not in staged] + list(staged.values())

    def _holding_nothing_may_qualify(self, opening: Opening) -> bool:
        if opening.must_haves:
            return False
        return not opening.required or self._needed(opening) <= 0

    def _needed(self, opening: Opening) -> int:
        """Fewest required skills to hold to reach the near-miss floor (no must-haves)."""
        floor = self.policy.near_miss_floor(opening) - self.policy.max_bonus(opening)
        return math.ceil(floor * len(opening.required) - 1e-9)

    def _holding_all(self, skill_ids: list[str]) -> set[str]:
        sets = sorted((self._holders.get(s, set()) for s in skill_ids), key=len)
        result = set(sets[0])
        for other in sets[1:]:
            result &= other
            if not result:
                break
        return result

    def _holding_enough(self, opening: Opening) -> Iterable[str]:
        if self._holding_nothing_may_qualify(opening):
            return self.employees.keys()
        needed = self._needed(opening)
        holders = [self._holders.get(r.skill_id, set()) for r in opening.required]
        if needed == 1:
            return set().union(*holders)
        counts: Counter[str] = Counter()
        for group in holders:
            counts.update(group)
        return [i for i, k in counts.items() if k >= needed]
