"""In-memory candidate generation: who could possibly match an opening, and which openings an
employee could possibly match, without scanning everyone or everything.

The index only prunes; :func:`assess` decides. Every pruning rule is a bound that cannot drop a
pair that would be surfaced or be a near miss:

* an employee must hold every must-have skill of the opening (a missing must-have excludes, a
  held one below its level may still be a near miss);
* an employee holding ``k`` of the ``n`` required skills and ``j`` of the optional ones scores at
  most ``k / n`` plus ``j`` optional bonuses, so those below the near-miss floor are skipped;
* an opening whose skills the employee holds none of scores at most the optional bonus;
* the cheap hard filters are sets too: available (active, discoverable, known), grade within
  the opening's range, a kind of move the employee wants (from their grade and track), and
  location (the opening's sites, remote, or willing to relocate). Both ways: an opening's pool
  holds no one they exclude, and an employee's candidates no opening they exclude.

Employees and openings each have a slot, and a set of them (the holders of a skill, those of a
grade, the openings asking for a skill...) is an int with its members' slots as bits. Bounding
an opening's pool is a few dozen ANDs and ORs of 100k-bit ints, a microsecond or so each; only
what survives them is scored one by one, on the exact score.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Generic, NamedTuple, TypeVar

from lattice_platform.contracts.base import EmployeeStatus, MoveKind, OpeningKind, Track

from lattice_notifier.domain.matching import decayed_level, grade_range, move_kind, stale_cutoff
from lattice_notifier.domain.model import (
    CareerGoal,
    Employee,
    HeldSkill,
    MatchPolicy,
    Opening,
    Profile,
)

# Names a set of employees or of openings: a skill id for the employees holding it, a tagged
# tuple for the others.
Key = str | tuple[str, str | int]
_AVAILABLE: Key = ("available", "")
_RELOCATING: Key = ("relocating", "")
_ANYWHERE: Key = ("anywhere", "")  # openings open to every site
_ALWAYS: Key = ("always", "")  # openings an employee holding none of their skills may match
_TEMPORARY: Key = ("temporary", "")  # openings of temporary work
_MOVE_KINDS = tuple(MoveKind)  # iterating an enum class goes through the enum machinery

T = TypeVar("T")


class MatchIndex:
    def __init__(self, policy: MatchPolicy) -> None:
        self.policy = policy
        self.employees: dict[str, Employee] = {}
        self.openings: dict[str, Opening] = {}
        self._people = _Slotted(Employee(employee_id="", partition=-1))
        vacant = Opening("", "", OpeningKind.ROLE, 0, Track.MANAGEMENT, "")
        self._jobs = _Slotted(_Terms.of(vacant, policy))
        self._staged_employees: dict[str, tuple[Employee, Hashable]] = {}
        self._staged_openings: dict[str, tuple[Opening, Hashable]] = {}
        self.values = SharedValues()

    # ------------------------------------------------------------------ staging

    def stage_employee(self, employee: Employee, owner: Hashable) -> None:
        """A change being committed by ``owner`` (a transaction). Two consumers run at once: one
        matching an employee, one an opening; each stages its entity before matching and sees what
        the other staged, so at least one of them sees the other even before either commit lands
        in the index. The owner unstages what it staged once it commits or fails."""
        self._staged_employees[employee.employee_id] = (employee, owner)

    def stage_opening(self, opening: Opening, owner: Hashable) -> None:
        self._staged_openings[opening.opening_id] = (opening, owner)

    def staged_employee(self, employee_id: str) -> bool:
        return employee_id in self._staged_employees

    def staging_owners(self) -> set[Hashable]:
        """Who has changes staged."""
        return {owner for _, owner in self._staged_employees.values()} | {
            owner for _, owner in self._staged_openings.values()
        }

    def unstage(self, owner: Hashable) -> None:
        """Forget what ``owner`` staged (what was staged again by another since is kept)."""
        for staged in (self._staged_employees, self._staged_openings):
            for entity_id in [i for i, (_, o) in staged.items() if o == owner]:
                del staged[entity_id]

    # ------------------------------------------------------------------ employees

    def put_employee(self, employee: Employee, *, shared: bool = False) -> None:
        """Index ``employee`` in place of what was indexed for them: only the sets they join or
        leave change (a new level of a skill already held changes none). What is held is an
        equal copy whose values are shared with the other employees' (:class:`SharedValues`);
        ``shared``: ``employee`` was made with :attr:`values` (a load), and is held as it is."""
        employee_id = employee.employee_id
        previous = self.employees.get(employee_id)
        if not shared:
            employee = self.values.employee(employee, previous)
        changed: Iterable[Key]
        if previous is None:
            changed = _employee_keys(employee)
        elif previous.profile is employee.profile and previous.goal is employee.goal:
            # a skill gained or lost (the common change): only the holders of skills can differ
            changed = set(previous.skills).symmetric_difference(employee.skills)
        else:
            changed = _employee_keys(previous) ^ _employee_keys(employee)
        self._people.put(employee_id, employee, changed)
        self.employees[employee_id] = employee

    def remove_employee(self, employee_id: str) -> None:
        previous = self.employees.pop(employee_id, None)
        if previous is not None:
            self._people.remove(employee_id, _employee_keys(previous))

    def drop_partitions(self, partitions: Iterable[int]) -> None:
        dropped = set(partitions)
        for employee in [e for e in self.employees.values() if e.partition in dropped]:
            self.remove_employee(employee.employee_id)

    # ------------------------------------------------------------------ openings

    def put_opening(self, opening: Opening) -> None:
        opening_id = opening.opening_id
        previous = self.openings.get(opening_id)
        before = self._opening_keys(previous) if previous is not None else set()
        self._jobs.put(
            opening_id, _Terms.of(opening, self.policy), before ^ self._opening_keys(opening)
        )
        self.openings[opening_id] = opening

    def remove_opening(self, opening_id: str) -> None:
        previous = self.openings.pop(opening_id, None)
        if previous is not None:
            self._jobs.remove(opening_id, self._opening_keys(previous))

    def _opening_keys(self, opening: Opening) -> set[Key]:
        """The sets of openings ``opening`` belongs to."""
        keys: set[Key] = {("mentions", skill_id) for skill_id in opening.skill_ids}
        keys.update(("requires", r.skill_id) for r in opening.required)
        keys.add(("needs", self._needs(opening)))
        if self._holding_nothing_may_qualify(opening):
            keys.add(_ALWAYS)
        keys.update(("grade", grade) for grade in _eligible_grades(opening))
        keys.add(("at grade", opening.grade))
        keys.add(("track", opening.track))
        if opening.kind is OpeningKind.TEMPORARY:
            keys.add(_TEMPORARY)
        keys.update(("site", site) for site in opening.locations)
        if _anywhere(opening):
            keys.add(_ANYWHERE)
        return keys

    # ------------------------------------------------------------------ an opening's candidates

    def candidates_for_opening(self, opening: Opening, today: date) -> list[Employee]:
        """Employees who might be surfaced ``opening`` or nearly miss it."""
        pool = self._eligible(opening)
        for req in opening.must_haves:
            pool &= self._people.get(req.skill_id)
        pool = self._holding_enough(opening, pool)
        staged = self._staged_employees
        pooled = self._people.members(pool)
        terms = _Terms.of(opening, self.policy)
        found = [e for e in self._plausible(terms, pooled, today) if e.employee_id not in staged]
        return found + [e for e, _ in staged.values()]

    def _eligible(self, opening: Opening) -> int:
        """The employees available, of a grade the opening admits, wanting the move it is for
        them, at a site it fits."""
        people = self._people
        pool = 0
        for grade in _eligible_grades(opening):
            for track in Track:
                kind = move_kind(grade, track, opening)
                if kind is not None:
                    wanting = people.get(("track", track)) & people.get(("wants", kind))
                    pool |= people.get(("grade", grade)) & wanting
        pool &= people.get(_AVAILABLE)
        if not _anywhere(opening):
            sites = people.get(_RELOCATING)
            for site in opening.locations:
                sites |= people.get(("site", site))
            pool &= sites
        return pool

    def _holding_enough(self, opening: Opening, pool: int) -> int:
        """The members of ``pool`` holding enough of the opening's skills to reach the near-miss
        floor, counting each held skill as fully met: with ``j`` optional skills held, those
        holding fewer than ``_needed(opening, j)`` required skills cannot."""
        n = len(opening.required)
        needed = [max(self._needed(opening, j), 0) for j in range(len(opening.optional) + 1)]
        reachable = [(j, k) for j, k in enumerate(needed) if k <= n]
        if not reachable:
            return 0
        holders = self._people.get
        required = _holding_at_least(
            pool, [holders(r.skill_id) for r in opening.required], max(k for _, k in reachable)
        )
        optional = _holding_at_least(
            pool, [holders(o.skill_id) for o in opening.optional], len(opening.optional)
        )
        kept = 0
        for j, k in reachable:
            kept |= optional[j] & required[k]
        return kept

    def _plausible(
        self, terms: _Terms, employees: Iterable[Employee], today: date
    ) -> list[Employee]:
        """Keep those whose score (decay and optional bonus included, must-haves aside) reaches
        the near-miss floor: the exact score, without building an explanation (a faster copy of
        :func:`~lattice_notifier.domain.matching.score`, held to it by test_notifier_score.py)."""
        _, floor, required, optional = terms
        if floor <= 0:
            return list(employees)
        n = len(required)
        bonus = self.policy.optional_bonus
        stale_until = stale_cutoff(self.policy, today)
        plausible = []
        for employee in employees:
            skills = employee.skills
            total = 0.0
            for skill_id, level in required:
                held = skills.get(skill_id)
                if held is not None:
                    effective = decayed_level(held, stale_until)
                    total += 1.0 if effective >= level else effective / level
            score = total / n if n else 1.0
            for skill_id, level in optional:
                held = skills.get(skill_id)
                if held is not None and decayed_level(held, stale_until) >= level:
                    score += bonus
            if score >= floor:
                plausible.append(employee)
        return plausible

    # ------------------------------------------------------------------ an employee's candidates

    def candidates_for_employee(
        self, employee: Employee, today: date, changed_skill: str | None = None
    ) -> list[Opening]:
        """Open openings ``employee`` might match. When only ``changed_skill`` changed, only the
        openings that mention it can change their verdict."""
        staged = [o for o, _ in self._staged_openings.values()]
        profile = employee.profile
        if profile is None or not _available(profile):
            return staged  # eligible for nothing
        jobs = self._jobs
        sets = jobs.sets()
        if changed_skill is not None:
            ids = sets.get(("mentions", changed_skill), 0)
        else:
            ids = sets.get(_ALWAYS, 0)
            for skill_id in employee.skills:
                ids |= sets.get(("mentions", skill_id), 0)
        ids &= sets.get(("grade", profile.grade), 0)
        if employee.goal.move_kinds:
            ids = _wanted(ids, employee.goal.move_kinds, profile, sets)
        if not employee.goal.willing_to_relocate:
            sites = sets.get(_ANYWHERE, 0)
            for site in {profile.location, *employee.goal.acceptable_locations}:
                sites |= sets.get(("site", site), 0)
            ids &= sites
        posted = jobs.members(self._asking_no_more(employee, ids, sets))
        if staged:
            posted = [t for t in posted if t.opening.opening_id not in self._staged_openings]
        return self._reachable(employee, posted, today) + staged

    def _asking_no_more(self, employee: Employee, ids: int, sets: Mapping[Key, int]) -> int:
        """The openings of ``ids`` needing no more of their required skills held than
        ``employee`` holds (:meth:`_needs`)."""
        if not ids:
            return 0
        asked = [ids & sets.get(("requires", skill_id), 0) for skill_id in employee.skills]
        asked = [openings for openings in asked if openings]
        classes = [(k, ids & sets.get(("needs", k), 0)) for k in range(len(asked) + 1)]
        classes = [(k, members) for k, members in classes if members]
        if not classes:
            return 0
        holding = _holding_at_least(ids, asked, classes[-1][0])
        kept = 0
        for k, members in classes:
            kept |= members & holding[k]
        return kept

    def _reachable(self, employee: Employee, posted: list[_Terms], today: date) -> list[Opening]:
        """Keep the openings where the employee's score (decay and bonus included, must-haves
        aside) reaches the near-miss floor; the same exact bound as for an opening's pool, and
        held to the rule the same way."""
        if not posted:
            return []
        stale_until = stale_cutoff(self.policy, today)
        levels = {
            skill_id: decayed_level(held, stale_until) for skill_id, held in employee.skills.items()
        }
        level_of = levels.get
        bonus = self.policy.optional_bonus
        reachable = []
        for opening, floor, required, optional in posted:
            total = 0.0
            for skill_id, level in required:
                held = level_of(skill_id, 0)
                total += 1.0 if held >= level else held / level
            score = total / len(required) if required else 1.0
            for skill_id, level in optional:
                if level_of(skill_id, 0) >= level:
                    score += bonus
            if score >= floor:
                reachable.append(opening)
        return reachable

    # ------------------------------------------------------------------ bounds

    def _holding_nothing_may_qualify(self, opening: Opening) -> bool:
        if opening.must_haves:
            return False
        return not opening.required or self._needed(opening, len(opening.optional)) <= 0

    def _needs(self, opening: Opening) -> int:
        """The fewest of its required skills an employee must hold to nearly match ``opening``,
        holding all its optional ones. Counted in distinct skills, an opening naming a skill
        twice would be over-bounded: such an opening is not bounded at all."""
        if len({r.skill_id for r in opening.required}) < len(opening.required):
            return 0
        return max(self._needed(opening, len(opening.optional)), 0)

    def _needed(self, opening: Opening, optional_held: int) -> int:
        """Fewest required skills to hold to reach the near-miss floor with ``optional_held``
        optional skills met; more than there are when it cannot be reached."""
        floor = self.policy.near_miss_floor(opening) - self.policy.optional_bonus * optional_held
        return math.ceil(floor * len(opening.required) - 1e-9)


def _available(profile: Profile) -> bool:
    return profile.status is EmployeeStatus.ACTIVE and profile.discoverable


def _wanted(
    ids: int, kinds: Collection[MoveKind], profile: Profile, sets: Mapping[Key, int]
) -> int:
    """The openings of ``ids`` that are a move of one of ``kinds`` for an employee of
    ``profile`` (as :func:`move_kind` tells it), ``ids`` holding no opening below their grade."""
    temporary = sets.get(_TEMPORARY, 0)
    permanent = ids & ~temporary
    level = permanent & sets.get(("at grade", profile.grade), 0)
    on_track = sets.get(("track", profile.track), 0)
    wanted = 0
    if MoveKind.TEMPORARY in kinds:
        wanted |= ids & temporary
    if MoveKind.PROMOTION in kinds:
        wanted |= permanent & ~level
    if MoveKind.LATERAL in kinds:
        wanted |= level & on_track
    if MoveKind.TRACK_SWITCH in kinds:
        wanted |= level & ~on_track
    return wanted


def _employee_keys(employee: Employee) -> set[Key]:
    """The sets of employees ``employee`` belongs to."""
    keys: set[Key] = set(employee.skills)
    profile = employee.profile
    if profile is None:
        return keys
    if _available(profile):
        keys.add(_AVAILABLE)
    keys.add(("grade", profile.grade))
    keys.add(("track", profile.track))
    keys.update(("wants", kind) for kind in _MOVE_KINDS if employee.goal.wants(kind))
    keys.update(("site", site) for site in {profile.location, *employee.goal.acceptable_locations})
    if employee.goal.willing_to_relocate:
        keys.add(_RELOCATING)
    return keys


class SharedValues:
    """One copy of each value the employees hold: a fresh skill id, held skill, date or set of
    roles per employee (as the read model's rows give them) made up most of the index's memory
    (about 2 KB an employee). Equal values are interchangeable (all are immutable), so an
    employee is held with the copies seen first. The values kept are as many as there are
    distinct ones (levels and days of use, sites, departments, goals), not one per employee;
    they are never dropped, so only values with few distinct ones are shared: not the time of a
    record or of a goal, which every change makes new.

    A load makes its employees with these copies from the start (:meth:`profile`,
    :meth:`goal`, :meth:`skills`): making them first and sharing them after made every
    employee twice, a fifth of a restart's CPU at 1M employees."""

    def __init__(self) -> None:
        self._values: dict[Any, Any] = {}  # strings, dates, sets: compared in C
        self._held: dict[tuple[int, date | None, date | None], HeldSkill] = {}

    def employee(self, employee: Employee, previous: Employee | None) -> Employee:
        """``employee``, its profile, goal and skills kept as they are when they are the ones
        already held (the common change is one skill: the others are the same objects)."""
        held = self._held
        before = previous.skills if previous is not None else {}
        skills = {}
        for skill_id, skill in employee.skills.items():
            if before and before.get(skill_id) is skill:
                skills[skill_id] = skill  # shared already (its id too, when copied from it)
                continue
            key = (skill.level, skill.last_used_on, skill.acquired_on)  # a tuple: equal in C
            skills[sys.intern(skill_id)] = held.setdefault(key, skill)
        profile, goal = employee.profile, employee.goal
        if (previous is None or previous.profile is not profile) and profile is not None:
            profile = self.profile(
                grade=profile.grade,
                track=profile.track,
                department=profile.department,
                location=profile.location,
                role_start_date=profile.role_start_date,
                changed_at=profile.changed_at,
                status=profile.status,
                discoverable=profile.discoverable,
                role_id=profile.role_id,
                manager_id=profile.manager_id,
                mentor_opt_in=profile.mentor_opt_in,
            )
        if previous is None or previous.goal is not goal:
            goal = self.goal(
                goal.target_role_ids,
                goal.move_kinds,
                goal.willing_to_relocate,
                goal.acceptable_locations,
                goal.set_at,
            )
        return Employee(employee.employee_id, employee.partition, profile, skills, goal)

    def profile(
        self,
        *,
        grade: int,
        track: Track,
        department: str,
        location: str,
        role_start_date: date,
        changed_at: datetime,
        status: EmployeeStatus,
        discoverable: bool,
        role_id: str | None,
        manager_id: str | None,
        mentor_opt_in: bool,
    ) -> Profile:
        one = self._values.setdefault
        return Profile(
            grade,
            track,
            one(department, department),
            one(location, location),
            one(role_start_date, role_start_date),
            changed_at,
            status,
            discoverable,
            one(role_id, role_id),
            one(manager_id, manager_id),
            mentor_opt_in,
        )

    def goal(
        self,
        target_role_ids: frozenset[str],
        move_kinds: frozenset[MoveKind],
        willing_to_relocate: bool,
        acceptable_locations: frozenset[str],
        set_at: datetime | None,
    ) -> CareerGoal:
        one = self._values.setdefault
        shared = CareerGoal(
            one(target_role_ids, target_role_ids),
            one(move_kinds, move_kinds),
            willing_to_relocate,
            one(acceptable_locations, acceptable_locations),
            set_at,
        )
        if set_at is not None:
            return shared  # a goal set at its own time is nobody else's
        return one(shared, shared)  # type: ignore[no-any-return]

    def skills(
        self,
        skill_ids: Sequence[str],
        levels: Sequence[int],
        last_used_on: Sequence[date | None],
        acquired_on: Sequence[date | None],
    ) -> dict[str, HeldSkill]:
        """The held skills of one employee, from their columns (the ``i``-th of each is one
        skill)."""
        held = self._held
        skills = {}
        for skill_id, key in zip(
            skill_ids, zip(levels, last_used_on, acquired_on, strict=True), strict=True
        ):
            one = held.get(key)
            if one is None:
                one = held[key] = HeldSkill(*key)
            skills[sys.intern(skill_id)] = one
        return skills


class _Terms(NamedTuple):
    """An opening as its score bound reads it: the near-miss floor (less a rounding margin) and
    the (skill, level) pairs of its required and optional skills."""

    opening: Opening
    floor: float
    required: tuple[tuple[str, int], ...]
    optional: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, opening: Opening, policy: MatchPolicy) -> _Terms:
        return cls(
            opening,
            policy.near_miss_floor(opening) - 1e-9,
            tuple((r.skill_id, r.level) for r in opening.required),
            tuple((o.skill_id, o.level) for o in opening.optional),
        )


def _eligible_grades(opening: Opening) -> range:
    """Grades the opening's range admits that are not above it (it would be below them)."""
    low, high = grade_range(opening)
    return range(low, min(high, opening.grade) + 1)


def _anywhere(opening: Opening) -> bool:
    return opening.remote or not opening.locations


# --------------------------------------------------------------------------- bitsets


class _Slotted(Generic[T]):
    """Items (employees or openings) by slot, and named sets of them, each an int with its
    members' slots as bits. A change toggles a slot in the sets whose membership changed; the
    toggles wait in a queue until the set is next read and are then applied at once: an int
    is immutable, so flipping one bit copies all of it, and loading 100k employees bit by bit
    would copy each set 100k times. Applying a queue costs the width of the sets (a mask and a
    copy as wide as there are slots), so a queue holds more toggles the more slots there are:
    with a fixed length, loading 1M employees cost ten times more per employee than 100k."""

    _QUEUE = 1024  # toggles kept waiting for one set at least; past the limit they are applied
    _SLOTS_PER_TOGGLE = 128  # and at least one toggle per this many slots
    _ONE_BY_ONE = 16  # up to this many, flipping bit by bit beats building a mask

    def __init__(self, vacant: T) -> None:
        self._vacant = vacant  # in a free slot, a member of no set
        self._items: list[T] = []
        self._slots: dict[str, int] = {}
        self._free: list[int] = []
        self._bits: dict[Key, int] = {}
        self._queued: dict[Key, list[int]] = {}

    def put(self, item_id: str, item: T, changed: Iterable[Key]) -> None:
        """Hold ``item`` in place of ``item_id``'s previous version, toggled in or out of the
        ``changed`` sets (those it joins or leaves)."""
        slot = self._slots.get(item_id)
        if slot is None:  # a new item reuses a freed slot: the ints stay as narrow as can be
            if self._free:
                slot = self._free.pop()
            else:
                slot = len(self._items)
                self._items.append(self._vacant)
            self._slots[item_id] = slot
        self._items[slot] = item
        self._toggle(changed, slot)

    def remove(self, item_id: str, keys: Iterable[Key]) -> None:
        """Forget ``item_id``, a member of the ``keys`` sets."""
        slot = self._slots.pop(item_id)
        self._toggle(keys, slot)
        self._items[slot] = self._vacant
        self._free.append(slot)

    def get(self, key: Key) -> int:
        if key in self._queued:
            self._apply(key)
        return self._bits.get(key, 0)

    def sets(self) -> Mapping[Key, int]:
        """Every named set (a missing one is empty), all waiting toggles applied: for reading
        many of them at once."""
        if self._queued:
            for key in list(self._queued):
                self._apply(key)
        return self._bits

    def members(self, bits: int) -> list[T]:
        items = self._items
        return [items[slot] for slot in _slots(bits)]

    def _toggle(self, keys: Iterable[Key], slot: int) -> None:
        queued = self._queued
        limit = max(self._QUEUE, len(self._items) // self._SLOTS_PER_TOGGLE)
        for key in keys:
            waiting = queued.get(key)
            if waiting is None:
                queued[key] = [slot]
            else:
                waiting.append(slot)
                if len(waiting) >= limit:
                    self._apply(key)

    def _apply(self, key: Key) -> None:
        slots = self._queued.pop(key)
        bits = self._bits.get(key, 0)
        if len(slots) <= self._ONE_BY_ONE:
            for slot in slots:
                bits ^= 1 << slot
        else:
            mask = bytearray(max(slots) // 8 + 1)
            for slot in slots:
                mask[slot >> 3] ^= 1 << (slot & 7)
            bits ^= int.from_bytes(mask, "little")
        if bits:
            self._bits[key] = bits
        else:
            self._bits.pop(key, None)


def _holding_at_least(pool: int, groups: Sequence[int], most: int) -> list[int]:
    """``result[k]``: the members of ``pool`` found in at least ``k`` of ``groups``, for ``k`` up
    to ``most`` (each group raises by one the count of those it holds)."""
    result = [pool] + [0] * most
    for i, group in enumerate(groups):
        for k in range(min(i + 1, most), 0, -1):
            result[k] |= result[k - 1] & group
    return result


# For each byte value, the positions of its set bits.
_BIT_POSITIONS = tuple(tuple(i for i in range(8) if byte >> i & 1) for byte in range(256))
_NONZERO = bytes([0] + [1] * 255)  # a bytes.translate table: every non-zero byte becomes 1


def _slots(bits: int) -> list[int]:
    """The positions of the set bits of ``bits``, lowest first. ``bytes.find`` skips the zero
    bytes in C, so a sparse 100k-bit int costs little more than its set bits."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    marked = data.translate(_NONZERO)
    slots: list[int] = []
    at = marked.find(1)
    while at >= 0:
        base = at * 8
        for position in _BIT_POSITIONS[data[at]]:
            slots.append(base + position)
        at = marked.find(1, at + 1)
    return slots
