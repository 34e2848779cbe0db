"""A synthetic, deterministic organisation for the demo and the end-to-end tests.

A few hundred employees across departments and sites, on both tracks of a dual ladder; a role
catalogue with career paths (up, lateral, track switch); openings of every kind; a learning
catalogue. Named characters (the *cast*) have hand-set attributes so the journeys have known
outcomes; everyone else is drawn from a seeded random generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from lattice_platform.contracts.base import OpeningKind, TemporaryKind, Track

IC, MGMT = Track.INDIVIDUAL_CONTRIBUTOR, Track.MANAGEMENT
SITES = ("lisbon", "porto", "berlin", "london")


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
    locations: tuple[str, ...] = SITES
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
    cast: dict[str, str] = field(default_factory=dict)

    def person(self, cast_name: str) -> Person:
        employee_id = self.cast[cast_name]
        return next(p for p in self.people if p.employee_id == employee_id)

    def opening(self, key: str) -> Opening:
        return next(o for o in self.openings if o.key == key)


ROLES = [
    Role(
        "swe-1",
        "Software Engineer I",
        "engineering",
        IC,
        3,
        {"python": 2, "unit-testing": 2},
        ("swe-2",),
    ),
    Role(
        "swe-2",
        "Software Engineer II",
        "engineering",
        IC,
        4,
        {"python": 3, "unit-testing": 3, "sql": 2},
        ("swe-3", "da-2"),
    ),
    Role(
        "swe-3",
        "Senior Software Engineer",
        "engineering",
        IC,
        5,
        {"python": 4, "software-architecture": 3, "sql": 3},
        ("swe-4", "da-3"),
    ),
    Role(
        "swe-4",
        "Staff Engineer",
        "engineering",
        IC,
        6,
        {"python": 4, "software-architecture": 4, "kubernetes": 3},
        ("swe-5", "em-1"),
    ),
    Role(
        "swe-5",
        "Principal Engineer",
        "engineering",
        IC,
        7,
        {"software-architecture": 5, "kubernetes": 4},
        (),
    ),
    Role(
        "em-1",
        "Engineering Manager",
        "engineering",
        MGMT,
        6,
        {"people-management": 3, "coaching": 3, "software-architecture": 3},
        ("em-2", "swe-4"),
    ),
    Role(
        "em-2",
        "Senior Engineering Manager",
        "engineering",
        MGMT,
        7,
        {"people-management": 4, "coaching": 4},
        ("em-3",),
    ),
    Role(
        "em-3",
        "Director of Engineering",
        "engineering",
        MGMT,
        8,
        {"people-management": 5, "stakeholder-management": 4},
        (),
    ),
    Role("da-1", "Data Analyst I", "data", IC, 3, {"sql": 2, "data-analysis": 2}, ("da-2",)),
    Role(
        "da-2",
        "Data Analyst II",
        "data",
        IC,
        4,
        {"sql": 3, "data-analysis": 3, "python": 2},
        ("da-3", "swe-2"),
    ),
    Role(
        "da-3",
        "Senior Data Analyst",
        "data",
        IC,
        5,
        {"sql": 4, "statistics": 3, "data-analysis": 4},
        ("ds-4", "swe-3"),
    ),
    Role(
        "ds-4",
        "Staff Data Scientist",
        "data",
        IC,
        6,
        {"machine-learning": 4, "statistics": 4, "python": 4},
        ("dm-1",),
    ),
    Role(
        "dm-1",
        "Data Manager",
        "data",
        MGMT,
        6,
        {"people-management": 3, "data-analysis": 4},
        ("ds-4",),
    ),
    Role(
        "pm-1",
        "Product Manager",
        "product",
        IC,
        4,
        {"product-management": 3, "user-research": 2},
        ("pm-2",),
    ),
    Role(
        "pm-2",
        "Senior Product Manager",
        "product",
        IC,
        5,
        {"product-management": 4, "stakeholder-management": 3},
        ("pm-3",),
    ),
    Role(
        "pm-3",
        "Group Product Manager",
        "product",
        MGMT,
        6,
        {"product-management": 4, "people-management": 3},
        (),
    ),
    Role(
        "ux-1", "Product Designer", "design", IC, 4, {"ux-design": 3, "user-research": 2}, ("ux-2",)
    ),
    Role(
        "ux-2", "Senior Product Designer", "design", IC, 5, {"ux-design": 4, "prototyping": 3}, ()
    ),
    Role(
        "ae-1",
        "Account Executive",
        "sales",
        IC,
        4,
        {"negotiation": 3, "account-management": 3},
        ("ae-2",),
    ),
    Role(
        "ae-2",
        "Senior Account Executive",
        "sales",
        IC,
        5,
        {"negotiation": 4, "account-management": 4},
        ("sm-1",),
    ),
    Role("sm-1", "Sales Manager", "sales", MGMT, 6, {"people-management": 3, "negotiation": 4}, ()),
]

EXTRA_SKILLS = (
    "python",
    "sql",
    "go",
    "kubernetes",
    "unit-testing",
    "software-architecture",
    "data-analysis",
    "statistics",
    "machine-learning",
    "public-speaking",
    "project-management",
    "coaching",
    "negotiation",
    "ux-design",
    "user-research",
    "product-management",
    "stakeholder-management",
    "prototyping",
)

CATALOGUE = [
    CatalogueItem(
        "course-k8s-101", "Kubernetes fundamentals", "course", {"kubernetes": 3}, 16, "online"
    ),
    CatalogueItem("course-go", "Go for backend engineers", "course", {"go": 3}, 20, "online"),
    CatalogueItem("course-stats", "Applied statistics", "course", {"statistics": 3}, 24, "online"),
    CatalogueItem(
        "course-ml",
        "Machine learning in practice",
        "course",
        {"machine-learning": 3, "statistics": 2},
        40,
        "blended",
    ),
    CatalogueItem("course-sql-adv", "Advanced SQL", "course", {"sql": 4}, 12, "online"),
    CatalogueItem(
        "course-sysdesign",
        "System design workshop",
        "course",
        {"software-architecture": 4},
        16,
        "classroom",
    ),
    CatalogueItem(
        "coaching-lead",
        "First-time manager coaching",
        "coaching",
        {"people-management": 3, "coaching": 3},
        12,
        "one_to_one",
    ),
    CatalogueItem(
        "mentoring-product",
        "Product mentoring circle",
        "mentoring",
        {"product-management": 3},
        10,
        "group",
    ),
    CatalogueItem(
        "cert-cka",
        "Certified Kubernetes Administrator",
        "certification",
        {"kubernetes": 4},
        30,
        "exam",
    ),
    CatalogueItem(
        "course-speaking",
        "Speaking with confidence",
        "course",
        {"public-speaking": 3},
        8,
        "classroom",
    ),
    CatalogueItem(
        "course-research", "User research methods", "course", {"user-research": 3}, 12, "online"
    ),
    CatalogueItem(
        "course-negotiation", "Negotiation essentials", "course", {"negotiation": 3}, 8, "classroom"
    ),
]

FIRST = (
    "Ana",
    "Ben",
    "Carla",
    "Dev",
    "Eva",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jon",
    "Kemal",
    "Lena",
    "Marta",
    "Nils",
    "Ola",
    "Priya",
    "Quentin",
    "Rosa",
    "Sami",
    "Tess",
    "Uma",
    "Viktor",
    "Wen",
    "Xavi",
    "Yara",
    "Zoe",
)
LAST = (
    "Almeida",
    "Berg",
    "Costa",
    "Dahl",
    "Esteves",
    "Fischer",
    "Gomes",
    "Hart",
    "Ivanova",
    "Jansen",
    "Khan",
    "Lopes",
    "Moreau",
    "Novak",
    "Okafor",
    "Pereira",
    "Quist",
    "Rocha",
    "Silva",
    "Tanaka",
    "Umar",
    "Vidal",
    "Weber",
    "Xu",
    "Young",
    "Zeller",
)


def generate(seed: int = 7, size: int = 300, today: date | None = None) -> Organisation:
    today = today or date.today()
    rng = random.Random(seed)  # noqa: S311 -- a reproducible demo, not a secret
    roles = {r.role_id: r for r in ROLES}

    def ago(months: float) -> date:
        return today - timedelta(days=int(months * 30.4))

    recent, stale = ago(2), ago(30)

    def skills_of(role_id: str, spread: int = 1) -> dict[str, tuple[int, date]]:
        held = {
            s: (
                max(1, min(5, lvl + rng.randint(-spread, spread))),
                stale if rng.random() < 0.15 else recent,
            )
            for s, lvl in roles[role_id].skills.items()
        }
        for extra in rng.sample(EXTRA_SKILLS, rng.randint(0, 3)):
            held.setdefault(extra, (rng.randint(1, 4), recent))
        return held

    people: list[Person] = []
    cast: dict[str, str] = {}

    def add(cast_name: str | None, **attrs: object) -> Person:
        employee_id = f"E{len(people) + 1:04d}"
        person = Person(employee_id=employee_id, **attrs)  # type: ignore[arg-type]
        people.append(person)
        if cast_name:
            cast[cast_name] = employee_id
        return person

    head = add(
        "head",
        name="Helena Dahl",
        role_id="em-3",
        grade=8,
        track=MGMT,
        department="engineering",
        location="lisbon",
        manager_id=None,
        hire_date=ago(96),
        role_start_date=ago(40),
        skills=skills_of("em-3"),
        mentor_opt_in=True,
    )
    marta = add(
        "marta",
        name="Marta Novak",
        role_id="em-2",
        grade=7,
        track=MGMT,
        department="engineering",
        location="lisbon",
        manager_id=head.employee_id,
        hire_date=ago(70),
        role_start_date=ago(30),
        skills=skills_of("em-2"),
    )
    data_lead = add(
        "data_lead",
        name="Rosa Okafor",
        role_id="dm-1",
        grade=6,
        track=MGMT,
        department="data",
        location="porto",
        manager_id=head.employee_id,
        hire_date=ago(60),
        role_start_date=ago(24),
        skills=skills_of("dm-1"),
    )
    # Cast members with hand-set attributes for the journeys.
    add(
        "ben",
        name="Ben Costa",
        role_id="swe-3",
        grade=5,
        track=IC,
        department="engineering",
        location="lisbon",
        manager_id=marta.employee_id,
        hire_date=ago(40),
        role_start_date=ago(18),
        skills={
            "python": (4, recent),
            "sql": (4, recent),
            "software-architecture": (3, recent),
            "kubernetes": (4, recent),
            "go": (3, recent),
            "statistics": (3, recent),
            "data-analysis": (3, recent),
        },
    )
    add(
        "carla",
        name="Carla Vidal",
        role_id="swe-3",
        grade=5,
        track=IC,
        department="engineering",
        location="lisbon",
        manager_id=marta.employee_id,
        hire_date=ago(50),
        role_start_date=ago(20),
        skills={"python": (4, recent), "kubernetes": (4, recent), "go": (3, recent)},
        discoverable=False,
    )
    add(
        "dev",
        name="Dev Khan",
        role_id="swe-2",
        grade=4,
        track=IC,
        department="engineering",
        location="porto",
        manager_id=marta.employee_id,
        hire_date=ago(14),
        role_start_date=ago(2),
        skills={"python": (3, recent), "kubernetes": (3, recent), "go": (2, recent)},
    )
    add(
        "ana",
        name="Ana Silva",
        role_id="swe-2",
        grade=4,
        track=IC,
        department="engineering",
        location="lisbon",
        manager_id=marta.employee_id,
        hire_date=ago(30),
        role_start_date=ago(12),
        skills={"python": (4, recent), "unit-testing": (3, recent), "sql": (2, recent)},
        goal=Goal(("swe-3",), ("temporary", "promotion")),
    )
    add(
        "ola",
        name="Ola Jansen",
        role_id="swe-4",
        grade=6,
        track=IC,
        department="engineering",
        location="berlin",
        manager_id=marta.employee_id,
        hire_date=ago(60),
        role_start_date=ago(26),
        skills={
            "python": (4, recent),
            "software-architecture": (4, recent),
            "kubernetes": (2, stale),
            "people-management": (3, recent),
            "coaching": (3, recent),
        },
        goal=Goal(("em-1",), ("track_switch",)),
    )
    add(
        "eva",
        name="Eva Moreau",
        role_id="da-2",
        grade=4,
        track=IC,
        department="data",
        location="porto",
        manager_id=data_lead.employee_id,
        hire_date=ago(36),
        role_start_date=ago(16),
        skills={
            "sql": (4, recent),
            "data-analysis": (4, recent),
            "python": (2, recent),
            "statistics": (1, recent),
        },
    )
    add(
        "mentor",
        name="Priya Umar",
        role_id="da-3",
        grade=5,
        track=IC,
        department="data",
        location="lisbon",
        manager_id=data_lead.employee_id,
        hire_date=ago(55),
        role_start_date=ago(30),
        skills={"sql": (5, recent), "statistics": (4, recent), "data-analysis": (4, recent)},
        mentor_opt_in=True,
    )

    add(
        "noor",
        name="Noor Haddad",
        role_id="da-2",
        grade=4,
        track=IC,
        department="data",
        location="porto",
        manager_id=data_lead.employee_id,
        hire_date=today,
        role_start_date=today,
        skills={"sql": (4, today), "python": (3, today), "data-visualisation": (3, today)},
    )

    managers = {"engineering": marta.employee_id, "data": data_lead.employee_id}
    population = [r for r in ROLES if r.grade <= 6]
    while len(people) < size:
        role = rng.choice(population)
        department = {"engineering": "engineering", "data": "data"}.get(role.family, role.family)
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        hired = ago(rng.randint(3, 120))
        started = min(today - timedelta(days=7), hired + timedelta(days=rng.randint(0, 900)))
        add(
            None,
            name=name,
            role_id=role.role_id,
            grade=role.grade,
            track=role.track,
            department=department,
            location=rng.choice(SITES),
            manager_id=managers.get(department, head.employee_id),
            hire_date=hired,
            role_start_date=started,
            skills=skills_of(role.role_id),
            discoverable=rng.random() > 0.15,
            mentor_opt_in=role.grade >= 5 and rng.random() < 0.4,
            goal=Goal((role.next_roles[0],)) if role.next_roles and rng.random() < 0.1 else None,
        )

    def in_months(months: float) -> date:
        return today + timedelta(days=int(months * 30.4))

    openings = [
        Opening(
            "secondment",
            "Platform team secondment",
            OpeningKind.TEMPORARY,
            "engineering",
            marta.employee_id,
            grade=5,
            track=IC,
            temporary_kind=TemporaryKind.SECONDMENT,
            starts_on=in_months(1),
            ends_on=in_months(7),
            required=(("kubernetes", 3, True), ("go", 2, False)),
            locations=("lisbon", "porto"),
            min_tenure_months=6,
            grade_min=4,
            grade_max=6,
        ),
        Opening(
            "k8s-stretch",
            "Kubernetes migration stretch assignment",
            OpeningKind.TEMPORARY,
            "engineering",
            head.employee_id,
            grade=4,
            track=IC,
            temporary_kind=TemporaryKind.STRETCH,
            time_share_percent=30,
            starts_on=in_months(1),
            ends_on=in_months(4),
            required=(("kubernetes", 3, True), ("python", 3, False)),
            locations=("lisbon",),
        ),
        Opening(
            "analytics-gig",
            "Analytics engineering project",
            OpeningKind.TEMPORARY,
            "data",
            data_lead.employee_id,
            grade=4,
            track=IC,
            temporary_kind=TemporaryKind.PROJECT,
            time_share_percent=20,
            starts_on=in_months(0.5),
            ends_on=in_months(3),
            required=(("sql", 3, False), ("python", 2, False)),
            optional=(("data-visualisation", 2),),
            remote=True,
            locations=(),
        ),
        Opening(
            "senior-analyst",
            "Senior Data Analyst",
            OpeningKind.ROLE,
            "data",
            data_lead.employee_id,
            role_id="da-3",
            required=(("statistics", 3, True),),
            locations=("lisbon", "porto"),
        ),
        Opening(
            "em-opening",
            "Engineering Manager, Payments",
            OpeningKind.ROLE,
            "engineering",
            head.employee_id,
            role_id="em-1",
            locations=("berlin", "lisbon"),
        ),
        Opening(
            "acting-lead",
            "Acting data team lead",
            OpeningKind.TEMPORARY,
            "data",
            data_lead.employee_id,
            grade=6,
            track=MGMT,
            temporary_kind=TemporaryKind.ACTING,
            starts_on=in_months(1),
            ends_on=in_months(4),
            required=(("people-management", 3, False),),
        ),
        Opening(
            "pm-opening",
            "Senior Product Manager, Growth",
            OpeningKind.ROLE,
            "product",
            head.employee_id,
            role_id="pm-2",
        ),
    ]
    return Organisation(today, list(roles.values()), people, openings, list(CATALOGUE), cast)
