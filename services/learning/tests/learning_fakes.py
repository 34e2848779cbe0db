"""In-memory repositories for unit tests of the use cases (the same protocols PostgreSQL meets)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from lattice_devstack.testing.fakes import RecordingUnitOfWork
from lattice_learning.domain.gaps import Recommendation
from lattice_learning.domain.mentoring import OPEN_PAIRINGS, MentorPairing, Person, Role
from lattice_learning.domain.model import CatalogueItem, Enrolment, EnrolmentStatus, SkillTarget


class FakeCatalogue:
    def __init__(self) -> None:
        self.items: dict[str, CatalogueItem] = {}

    async def add(self, item: CatalogueItem) -> None:
        self.items[item.item_id] = item

    async def save(self, item: CatalogueItem) -> None:
        self.items[item.item_id] = item

    async def get(self, item_id: str, *, for_update: bool = False) -> CatalogueItem | None:
        return self.items.get(item_id)

    async def building_any_of(self, skill_ids: Sequence[str]) -> list[CatalogueItem]:
        return [
            i
            for i in self.items.values()
            if i.active and any(s.skill_id in skill_ids for s in i.skills)
        ]


class FakeEnrolments:
    def __init__(self) -> None:
        self.rows: dict[str, Enrolment] = {}

    async def add(self, enrolment: Enrolment) -> None:
        self.rows[enrolment.enrolment_id] = enrolment

    async def save(self, enrolment: Enrolment) -> None:
        self.rows[enrolment.enrolment_id] = enrolment

    async def get(self, enrolment_id: str, *, for_update: bool = False) -> Enrolment | None:
        return self.rows.get(enrolment_id)

    async def open_one(self, employee_id: str, item_id: str) -> Enrolment | None:
        return next(
            (
                e
                for e in self.rows.values()
                if (e.employee_id, e.item_id, e.status)
                == (employee_id, item_id, EnrolmentStatus.ENROLLED)
            ),
            None,
        )

    async def open_of(self, employee_id: str) -> list[Enrolment]:
        return [
            e
            for e in self.rows.values()
            if e.employee_id == employee_id and e.status is EnrolmentStatus.ENROLLED
        ]

    async def seats_taken(self, item_id: str) -> int:
        return sum(
            e.item_id == item_id and e.status is EnrolmentStatus.ENROLLED
            for e in self.rows.values()
        )


class FakeCompletions:
    def __init__(self) -> None:
        self.ids: set[str] = set()

    async def record(
        self,
        completion_id: str,
        employee_id: str,
        item_id: str,
        source: str,
        completed_at: datetime,
    ) -> bool:
        if completion_id in self.ids:
            return False
        self.ids.add(completion_id)
        return True


class FakePeople:
    def __init__(self) -> None:
        self.people: dict[str, tuple[Person, datetime]] = {}
        self.levels: dict[str, dict[str, int]] = {}

    async def upsert(self, person: Person, changed_at: datetime) -> bool:
        held = self.people.get(person.employee_id)
        if held is not None and held[1] >= changed_at:
            return False
        self.people[person.employee_id] = (person, changed_at)
        return True

    async def mark_left(self, employee_id: str) -> None:
        if employee_id in self.people:
            person, at = self.people[employee_id]
            self.people[employee_id] = (replace(person, active=False), at)

    async def replace_skills(self, employee_id: str, levels: dict[str, int]) -> None:
        self.levels[employee_id] = dict(levels)

    async def raise_skill(self, employee_id: str, skill_id: str, level: int) -> None:
        mine = self.levels.setdefault(employee_id, {})
        mine[skill_id] = max(mine.get(skill_id, 0), level)

    async def levels_of(self, employee_id: str) -> dict[str, int]:
        return dict(self.levels.get(employee_id, {}))

    async def around(self, employee_id: str, role_ids: Sequence[str]) -> list[Person]:
        return [p for p, _ in self.people.values()]  # everyone: the domain decides


class FakeRoles:
    def __init__(self) -> None:
        self.roles: dict[str, tuple[Role, tuple[SkillTarget, ...]]] = {}

    async def upsert(self, role: Role, profile: Sequence[SkillTarget]) -> None:
        self.roles[role.role_id] = (role, tuple(profile))

    async def get(self, role_id: str) -> tuple[Role, tuple[SkillTarget, ...]] | None:
        return self.roles.get(role_id)


@dataclass
class FakeGoals:
    goals: dict[str, tuple[tuple[str, ...], datetime]] = field(default_factory=dict)
    pairings: FakePairings | None = None
    roles: FakeRoles | None = None

    async def set(self, employee_id: str, target_role_ids: Sequence[str], set_at: datetime) -> bool:
        held = self.goals.get(employee_id)
        if held is not None and held[1] >= set_at:
            return False
        self.goals[employee_id] = (tuple(target_role_ids), set_at)
        return True

    async def forget(self, employee_id: str) -> None:
        self.goals.pop(employee_id, None)

    async def aiming_at(self, role_id: str) -> list[str]:
        return sorted(e for e, (targets, _) in self.goals.items() if role_id in targets)

    async def short_of_mentors(
        self, mentor_role_id: str, *, exclude: str, per_goal: int, limit: int
    ) -> list[tuple[str, str]]:
        assert self.pairings is not None
        assert self.roles is not None
        found = []
        for employee_id, (targets, set_at) in self.goals.items():
            for target in targets:
                role = self.roles.roles.get(target)
                fits = role is not None and mentor_role_id in (target, *role[0].next_role_ids)
                open_ = sum(
                    p.mentee_id == employee_id
                    and p.target_role_id == target
                    and p.status in OPEN_PAIRINGS
                    for p in self.pairings.rows.values()
                )
                if fits and employee_id != exclude and open_ < per_goal:
                    found.append((set_at, employee_id, target))
        return [(e, t) for _, e, t in sorted(found)[:limit]]


class FakeRecommendations:
    def __init__(self) -> None:
        self.rows: dict[str, Recommendation] = {}

    async def add(self, recommendation: Recommendation) -> bool:
        r = recommendation
        key = (r.employee_id, r.opening_id, r.target_role_id, r.gap.key)
        if any(
            (o.employee_id, o.opening_id, o.target_role_id, o.gap.key) == key
            for o in self.rows.values()
        ):
            return False
        self.rows[r.recommendation_id] = r
        return True

    async def save(self, recommendation: Recommendation) -> None:
        self.rows[recommendation.recommendation_id] = recommendation

    async def get(self, recommendation_id: str) -> Recommendation | None:
        return self.rows.get(recommendation_id)


class FakePairings:
    def __init__(self) -> None:
        self.rows: dict[str, MentorPairing] = {}

    async def lock_for_pairing(self) -> None:
        return None

    async def open_counts(self, mentor_ids: Sequence[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for p in self.rows.values():
            if p.mentor_id in mentor_ids and p.status in OPEN_PAIRINGS:
                counts[p.mentor_id] = counts.get(p.mentor_id, 0) + 1
        return counts

    async def mentors_of(self, mentee_id: str, target_role_id: str) -> list[MentorPairing]:
        return [
            p
            for p in self.rows.values()
            if (p.mentee_id, p.target_role_id) == (mentee_id, target_role_id)
        ]

    async def add(self, pairing: MentorPairing) -> None:
        self.rows[pairing.pairing_id] = pairing

    async def save(self, pairing: MentorPairing) -> None:
        self.rows[pairing.pairing_id] = pairing

    async def get(self, pairing_id: str) -> MentorPairing | None:
        return self.rows.get(pairing_id)

    async def end_all_of(self, employee_id: str) -> None:
        for p in list(self.rows.values()):
            if employee_id in (p.mentee_id, p.mentor_id) and p.status in OPEN_PAIRINGS:
                self.rows[p.pairing_id] = p.close()


class FakeUnitOfWork(RecordingUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.catalogue = FakeCatalogue()
        self.enrolments = FakeEnrolments()
        self.completions = FakeCompletions()
        self.people = FakePeople()
        self.roles = FakeRoles()
        self.pairings = FakePairings()
        self.goals = FakeGoals(pairings=self.pairings, roles=self.roles)
        self.recommendations = FakeRecommendations()
