"""A synthetic, deterministic organisation for the demo and the end-to-end tests.

A few hundred employees across departments and sites, on both tracks of a dual ladder; a role
catalogue with career paths (up, lateral, track switch); openings of every kind; a learning
catalogue. Named characters (the *cast*) have hand-set attributes so the journeys have known
outcomes; everyone else is drawn from a seeded random generator. The content is data,
``organisation.toml`` beside this module, checked by :class:`DemoData` when it is read.
"""

from __future__ import annotations

import random
import tomllib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Literal, Self

from lattice_platform.contracts.base import MoveKind, OpeningKind, TemporaryKind, Track
from pydantic import BaseModel, ConfigDict, Field, model_validator

DATA = Path(__file__).with_name("organisation.toml")


@dataclass(frozen=True)
class Role:
    role_id: str
    title: str
    family: str
    track: Track
    grade: int
    skills: dict[str, int]
    next_roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Goal:
    target_role_ids: tuple[str, ...]
    move_kinds: tuple[str, ...] = ()
    willing_to_relocate: bool = False
    acceptable_locations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    employee_id: str
    name: str
    role_id: str
    grade: int
    track: Track
    department: str
    location: str
    manager_id: str | None
    hire_date: date
    role_start_date: date
    skills: dict[str, tuple[int, date]]
    discoverable: bool = True
    mentor_opt_in: bool = False
    goal: Goal | None = None

    @property
    def work_email(self) -> str:
        return f"{self.name.lower().replace(' ', '.')}@example.com"


@dataclass(frozen=True)
class Opening:
    key: str
    title: str
    kind: OpeningKind
    department: str
    hiring_manager_id: str
    role_id: str | None = None
    grade: int | None = None
    track: Track | None = None
    temporary_kind: TemporaryKind | None = None
    time_share_percent: int = 100
    starts_on: date | None = None
    ends_on: date | None = None
    required: tuple[tuple[str, int, bool], ...] = ()
    optional: tuple[tuple[str, int], ...] = ()
    locations: tuple[str, ...] = ()
    remote: bool = False
    min_tenure_months: int = 0
    grade_min: int | None = None
    grade_max: int | None = None


@dataclass(frozen=True)
class CatalogueItem:
    item_id: str
    title: str
    kind: str
    skills: dict[str, int]
    duration_hours: int
    format: str
    capacity: int = 30


@dataclass
class Organisation:
    today: date
    roles: list[Role]
    people: list[Person]
    openings: list[Opening]
    catalogue: list[CatalogueItem]
    sites: tuple[str, ...]
    cast: dict[str, str] = field(default_factory=dict)

    def person(self, cast_name: str) -> Person:
        employee_id = self.cast[cast_name]
        return next(p for p in self.people if p.employee_id == employee_id)

    def opening(self, key: str) -> Opening:
        return next(o for o in self.openings if o.key == key)


# --------------------------------------------------------------------------- the data file

Level = Annotated[int, Field(ge=1, le=5)]
LastUse = Literal["recent", "stale", "today"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RoleData(_Data):
    id: str
    title: str
    family: str
    track: Track
    grade: int
    skills: dict[str, Level]
    next_roles: tuple[str, ...] = ()


class CatalogueData(_Data):
    id: str
    title: str
    kind: str
    skills: dict[str, Level]
    duration_hours: int = Field(gt=0)
    format: str
    capacity: int = Field(default=30, gt=0)


class GoalData(_Data):
    target_role_ids: tuple[str, ...]
    move_kinds: tuple[MoveKind, ...] = ()


class CastData(_Data):
    cast: str
    name: str
    role: str
    grade: int
    track: Track
    department: str
    location: str
    manager: str | None = None
    hired_months_ago: float = Field(ge=0)
    in_role_months: float = Field(ge=0)
    skills: dict[str, tuple[Level, LastUse]] | None = None
    discoverable: bool = True
    mentor: bool = False
    goal: GoalData | None = None


class PopulationData(_Data):
    max_grade: int
    managers: dict[str, str]
    default_manager: str


class OpeningData(_Data):
    key: str
    title: str
    kind: OpeningKind
    department: str
    hiring_manager: str
    role: str | None = None
    grade: int | None = None
    track: Track | None = None
    temporary_kind: TemporaryKind | None = None
    time_share_percent: int = Field(default=100, gt=0, le=100)
    starts_in_months: float | None = None
    ends_in_months: float | None = None
    required: tuple[tuple[str, Level, bool], ...] = ()
    optional: tuple[tuple[str, Level], ...] = ()
    locations: tuple[str, ...] | None = None
    remote: bool = False
    min_tenure_months: int = Field(default=0, ge=0)
    grade_min: int | None = None
    grade_max: int | None = None


class DemoData(_Data):
    """The content of ``organisation.toml``; every name it refers to must be defined in it."""

    sites: tuple[str, ...] = Field(min_length=1)
    extra_skills: tuple[str, ...]
    first_names: tuple[str, ...] = Field(min_length=1)
    last_names: tuple[str, ...] = Field(min_length=1)
    population: PopulationData
    roles: tuple[RoleData, ...] = Field(min_length=1)
    catalogue: tuple[CatalogueData, ...]
    cast: tuple[CastData, ...]
    openings: tuple[OpeningData, ...]

    @model_validator(mode="after")
    def _references_resolve(self) -> Self:
        problems = [
            *_repeated("role", (r.id for r in self.roles)),
            *_repeated("catalogue item", (c.id for c in self.catalogue)),
            *_repeated("cast member", (c.cast for c in self.cast)),
            *_repeated("opening", (o.key for o in self.openings)),
        ]
        roles, sites = {r.id for r in self.roles}, set(self.sites)
        problems += [
            f"role {r.id} leads to unknown role {n}"
            for r in self.roles
            for n in r.next_roles
            if n not in roles
        ]
        earlier: set[str] = set()
        for c in self.cast:
            targets = c.goal.target_role_ids if c.goal else ()
            problems += [
                f"{c.cast}: unknown role {r}" for r in (c.role, *targets) if r not in roles
            ]
            if c.location not in sites:
                problems.append(f"{c.cast}: unknown site {c.location}")
            if c.manager is not None and c.manager not in earlier:
                problems.append(f"{c.cast}: manager {c.manager} is not a cast member before them")
            earlier.add(c.cast)
        population = self.population
        for manager in (*population.managers.values(), population.default_manager):
            if manager not in earlier:
                problems.append(f"population: manager {manager} is not a cast member")
        if not any(r.grade <= population.max_grade for r in self.roles):
            problems.append(f"population: no role of grade {population.max_grade} or below")
        for o in self.openings:
            if o.hiring_manager not in earlier:
                problems.append(f"{o.key}: hiring manager {o.hiring_manager} is not a cast member")
            if o.role is not None and o.role not in roles:
                problems.append(f"{o.key}: unknown role {o.role}")
            problems += [f"{o.key}: unknown site {s}" for s in o.locations or () if s not in sites]
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _repeated(what: str, ids: Iterable[str]) -> list[str]:
    return [f"{what} {i} is defined twice" for i, n in Counter(ids).items() if n > 1]


def load(path: Path = DATA) -> DemoData:
    """The demo's content, checked (a pydantic ``ValidationError`` says what is wrong)."""
    return DemoData.model_validate(tomllib.loads(path.read_text()))


# --------------------------------------------------------------------------- the organisation


def generate(
    seed: int = 7, size: int = 300, today: date | None = None, data: DemoData | None = None
) -> Organisation:
    """The cast of ``data`` (the demo's by default), then people drawn with ``seed`` up to
    ``size``, and the openings, all dated from ``today``."""
    data = data or load()
    today = today or date.today()
    rng = random.Random(seed)  # noqa: S311 -- a reproducible demo, not a secret
    roles = {r.id: _role(r) for r in data.roles}

    def ago(months: float) -> date:
        return today - timedelta(days=int(months * 30.4))

    last_use = {"recent": ago(2), "stale": ago(30), "today": today}

    def skills_of(role_id: str, spread: int = 1) -> dict[str, tuple[int, date]]:
        held = {
            s: (
                max(1, min(5, lvl + rng.randint(-spread, spread))),
                last_use["stale"] if rng.random() < 0.15 else last_use["recent"],
            )
            for s, lvl in roles[role_id].skills.items()
        }
        for extra in rng.sample(data.extra_skills, rng.randint(0, 3)):
            held.setdefault(extra, (rng.randint(1, 4), last_use["recent"]))
        return held

    cast: dict[str, str] = {}
    people: list[Person] = []
    for c in data.cast:
        cast[c.cast] = f"E{len(people) + 1:04d}"
        people.append(
            Person(
                employee_id=cast[c.cast],
                name=c.name,
                role_id=c.role,
                grade=c.grade,
                track=c.track,
                department=c.department,
                location=c.location,
                manager_id=cast[c.manager] if c.manager else None,
                hire_date=ago(c.hired_months_ago),
                role_start_date=ago(c.in_role_months),
                skills=(
                    skills_of(c.role)
                    if c.skills is None
                    else {s: (level, last_use[when]) for s, (level, when) in c.skills.items()}
                ),
                discoverable=c.discoverable,
                mentor_opt_in=c.mentor,
                goal=_goal(c.goal) if c.goal else None,
            )
        )

    managers = {d: cast[m] for d, m in data.population.managers.items()}
    default_manager = cast[data.population.default_manager]
    population = [r for r in roles.values() if r.grade <= data.population.max_grade]
    while len(people) < size:
        role = rng.choice(population)
        name = f"{rng.choice(data.first_names)} {rng.choice(data.last_names)}"
        hired = ago(rng.randint(3, 120))
        started = min(today - timedelta(days=7), hired + timedelta(days=rng.randint(0, 900)))
        people.append(
            Person(
                employee_id=f"E{len(people) + 1:04d}",
                name=name,
                role_id=role.role_id,
                grade=role.grade,
                track=role.track,
                department=role.family,
                location=rng.choice(data.sites),
                manager_id=managers.get(role.family, default_manager),
                hire_date=hired,
                role_start_date=started,
                skills=skills_of(role.role_id),
                discoverable=rng.random() > 0.15,
                mentor_opt_in=role.grade >= 5 and rng.random() < 0.4,
                goal=Goal((role.next_roles[0],))
                if role.next_roles and rng.random() < 0.1
                else None,
            )
        )

    openings = [_opening(o, cast, data.sites, today) for o in data.openings]
    catalogue = [_catalogue_item(c) for c in data.catalogue]
    return Organisation(today, list(roles.values()), people, openings, catalogue, data.sites, cast)


def _role(r: RoleData) -> Role:
    return Role(r.id, r.title, r.family, r.track, r.grade, dict(r.skills), r.next_roles)


def _goal(g: GoalData) -> Goal:
    return Goal(g.target_role_ids, tuple(k.value for k in g.move_kinds))


def _catalogue_item(c: CatalogueData) -> CatalogueItem:
    return CatalogueItem(
        c.id, c.title, c.kind, dict(c.skills), c.duration_hours, c.format, c.capacity
    )


def _opening(o: OpeningData, cast: dict[str, str], sites: tuple[str, ...], today: date) -> Opening:
    def in_months(months: float | None) -> date | None:
        return None if months is None else today + timedelta(days=int(months * 30.4))

    relative = {"hiring_manager", "role", "starts_in_months", "ends_in_months", "locations"}
    return Opening(
        **o.model_dump(exclude=relative),
        hiring_manager_id=cast[o.hiring_manager],
        role_id=o.role,
        starts_on=in_months(o.starts_in_months),
        ends_on=in_months(o.ends_in_months),
        locations=sites if o.locations is None else o.locations,
    )
