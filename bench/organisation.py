"""The synthetic organisation of the notifier benchmarks: employees, openings and skills drawn
Zipf (s = 1) from a seed, and the trigger events sent at them."""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from lattice_notifier.adapters.partitioning import partition_of
from lattice_notifier.domain.model import CareerGoal, Employee, HeldSkill, Opening, Profile
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import (
    EmployeeStatus,
    MoveKind,
    OpeningKind,
    SkillSource,
    TemporaryKind,
    Track,
)

TODAY = datetime.now(UTC).date()
LOCATIONS = [f"site-{i}" for i in range(12)]
DEPARTMENTS = [f"dept-{i}" for i in range(25)]
ROLES = [f"role-{i}" for i in range(200)]


@dataclass
class Organisation:
    skills: list[str]
    employees: list[Employee]
    openings: list[ev.OpeningDetails]

    @property
    def domain_openings(self) -> list[Opening]:
        from lattice_notifier.adapters.wire import opening_of  # noqa: PLC0415

        return [opening_of(d) for d in self.openings]


class Zipf:
    """Skill ranks drawn with probability proportional to 1 / rank^s."""

    def __init__(self, items: list[str], s: float, rng: random.Random) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(1 / (r + 1) ** s for r in range(len(items))))
        self.rng = rng

    def draw(self) -> str:
        x = self.rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_left(self.cumulative, x)]

    def distinct(self, k: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < k:
            skill = self.draw()
            if skill not in chosen:
                chosen.append(skill)
        return chosen


def organisation(
    employees: int, openings: int, skills: int, partitions: int, seed: int
) -> Organisation:
    rng = random.Random(seed)
    names = [f"sk{i:04d}" for i in range(skills)]
    zipf = Zipf(names, 1.0, rng)
    people = [_employee(f"E{i:06d}", rng, zipf, partitions) for i in range(employees)]
    jobs = [_opening(f"OP{i:05d}", rng, zipf, employees) for i in range(openings)]
    return Organisation(names, people, jobs)


def _employee(employee_id: str, rng: random.Random, zipf: Zipf, partitions: int) -> Employee:
    held = {
        s: HeldSkill(rng.randint(1, 5), TODAY - timedelta(days=rng.randint(0, 1200)))
        for s in zipf.distinct(rng.randint(4, 12))
    }
    kinds = (
        frozenset(rng.sample(list(MoveKind), rng.randint(1, 3)))
        if rng.random() < 0.3
        else frozenset()
    )
    return Employee(
        employee_id=employee_id,
        partition=partition_of(employee_id, partitions),
        profile=Profile(
            grade=rng.randint(3, 9),
            track=rng.choice(list(Track)),
            department=rng.choice(DEPARTMENTS),
            location=rng.choice(LOCATIONS),
            role_start_date=TODAY - timedelta(days=rng.randint(30, 2000)),
            changed_at=datetime(2026, 1, 1, tzinfo=UTC),
            status=EmployeeStatus.ACTIVE if rng.random() < 0.97 else EmployeeStatus.ON_LEAVE,
            discoverable=rng.random() < 0.9,
            role_id=rng.choice(ROLES),
            manager_id=None,
        ),
        skills=held,
        goal=CareerGoal(
            target_role_ids=frozenset(rng.sample(ROLES, 2)) if rng.random() < 0.4 else frozenset(),
            move_kinds=kinds,
            willing_to_relocate=rng.random() < 0.15,
            acceptable_locations=frozenset(rng.sample(LOCATIONS, rng.randint(0, 2))),
            set_at=None,
        ),
    )


def _opening(opening_id: str, rng: random.Random, zipf: Zipf, employees: int) -> ev.OpeningDetails:
    skills = zipf.distinct(rng.randint(2, 6) + rng.randint(0, 3))
    n_required = max(2, len(skills) - rng.randint(0, 3))
    must = rng.choice([0, 1, 1, 2])
    temporary = rng.random() < 0.25
    return ev.OpeningDetails(
        opening_id=opening_id,
        title=f"Opening {opening_id}",
        kind=OpeningKind.TEMPORARY if temporary else OpeningKind.ROLE,
        temporary_kind=rng.choice(list(TemporaryKind)) if temporary else None,
        time_share_percent=100,
        starts_on=None,
        ends_on=None,
        role_id=rng.choice(ROLES),
        grade=rng.randint(3, 9),
        track=rng.choice(list(Track)),
        department=rng.choice(DEPARTMENTS),
        required_skills=tuple(
            ev.RequiredSkill(skill_id=s, level=rng.randint(2, 4), must_have=i < must)
            for i, s in enumerate(skills[:n_required])
        ),
        optional_skills=tuple(
            ev.SkillLevel(skill_id=s, level=rng.randint(1, 3)) for s in skills[n_required:]
        ),
        locations=tuple(rng.sample(LOCATIONS, rng.randint(1, 3))),
        remote=rng.random() < 0.2,
        min_tenure_months=rng.choice([0, 0, 6, 12]),
        grade_min=None,
        grade_max=None,
        departments_included=(),
        departments_excluded=tuple(rng.sample(DEPARTMENTS, 1)) if rng.random() < 0.2 else (),
        hiring_manager_id=f"E{rng.randrange(employees):06d}",
        incumbent_ids=(),
        match_threshold=None,
    )


def trigger(rng: random.Random, zipf: Zipf, employee_id: str) -> ev.SkillAcquired:
    return ev.SkillAcquired(
        employee_id=employee_id,
        skill_id=zipf.draw(),
        level=rng.randint(3, 5),
        previous_level=None,
        source=SkillSource.LEARNING,
        evidence="bench",
        acquired_at=datetime.now(UTC),
    )
