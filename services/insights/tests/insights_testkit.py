"""Test helpers of the insights service: in-memory facts, and a scripted history of the suite's
events with the figures it must give, worked out by hand (imported by its tests and conftest)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import httpx
from lattice_devstack.testing.kafka import RecordWriter
from lattice_devstack.testing.plugin import bearer
from lattice_insights.domain import figures
from lattice_insights.domain.facts import (
    Completion,
    NearMiss,
    Opening,
    Outcome,
    Placement,
    Progress,
    Release,
)
from lattice_insights.settings import InsightsSettings
from lattice_platform.auth import Role, SigningKey
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import Event, OpeningKind, TemporaryKind, Track
from lattice_platform.runtime import Runtime

# --------------------------------------------------------------------------- in-memory facts


class InMemoryFacts:
    """The facts as PostgresFacts keeps them, in dictionaries; the figures PostgreSQL aggregates
    are computed here by their definitions in domain/figures.py."""

    def __init__(self) -> None:
        self._openings: dict[str, tuple[Opening, datetime | None]] = {}
        self._progress: dict[tuple[str, str, int], Progress] = {}
        self._releases: dict[str, Release] = {}
        self._placements: dict[str, Placement] = {}
        self._near_misses: dict[tuple[str, str], NearMiss] = {}
        self._completions: dict[str, Completion] = {}

    async def note_opening(self, opening: Opening, as_of: datetime | None) -> None:
        known, known_as_of = self._openings.get(opening.opening_id, (opening, None))
        newer = as_of is not None and (known_as_of is None or as_of >= known_as_of)
        first, second = (opening, known) if newer else (known, opening)
        merged = replace(
            known,
            title=first.title or second.title,
            kind=first.kind or second.kind,
            department=first.department or second.department,
            hiring_manager_id=first.hiring_manager_id or second.hiring_manager_id,
            posted_at=known.posted_at or opening.posted_at,
        )
        latest = max((d for d in (known_as_of, as_of) if d is not None), default=None)
        self._openings[opening.opening_id] = (merged, latest)

    async def close_opening(self, opening_id: str, outcome: Outcome, closed_at: datetime) -> None:
        known, as_of = self._openings.get(opening_id, (Opening(opening_id), None))
        self._openings[opening_id] = (replace(known, outcome=outcome, closed_at=closed_at), as_of)

    async def reach(self, progress: Progress) -> None:
        key = (progress.opening_id, progress.employee_id, int(progress.stage))
        self._progress.setdefault(key, progress)

    async def ask_release(self, release: Release) -> None:
        self._releases.setdefault(release.request_id, release)

    async def decide_release(self, release: Release) -> None:
        known = self._releases.get(release.request_id)
        self._releases[release.request_id] = replace(release, moot=bool(known and known.moot))

    async def end_release(self, opening_id: str, employee_id: str) -> None:
        for request_id, known in self._releases.items():
            ended = (known.opening_id, known.employee_id) == (opening_id, employee_id)
            if ended and known.outcome is None:
                self._releases[request_id] = replace(known, moot=True)

    async def place(self, placement: Placement) -> None:
        self._placements.setdefault(placement.placement_id, placement)

    async def near_miss(self, miss: NearMiss) -> None:
        key = (miss.employee_id, miss.opening_id)
        known = self._near_misses.get(key)
        if known is None or miss.detected_at < known.detected_at:
            self._near_misses[key] = miss

    async def complete(self, completion: Completion) -> None:
        self._completions.setdefault(completion.completion_id, completion)

    async def openings(self) -> list[Opening]:
        return [opening for opening, _ in self._openings.values()]

    async def progress(self) -> list[Progress]:
        return list(self._progress.values())

    async def releases(self) -> list[Release]:
        return list(self._releases.values())

    async def placements(self) -> list[Placement]:
        return list(self._placements.values())

    async def near_misses(self) -> list[NearMiss]:
        return list(self._near_misses.values())

    async def completions(self) -> list[Completion]:
        return list(self._completions.values())

    async def fill_rates(self, by: Sequence[figures.Dimension]) -> list[figures.FillRate]:
        return figures.fill_rates(await self.openings(), by)

    async def time_to_fill(self, by: Sequence[figures.Dimension]) -> list[figures.TimeToFill]:
        return figures.time_to_fill(await self.openings(), by)

    async def funnels(self) -> list[figures.OpeningFunnel]:
        return figures.funnels(await self.openings(), await self.progress())

    async def overall_funnel(self) -> figures.Funnel:
        return figures.overall_funnel(await self.progress())

    async def releases_by_manager(self) -> dict[str, figures.Releases]:
        return figures.releases_by_manager(
            await self.releases(), await self.placements(), await self.openings()
        )

    async def releases_by_department(self) -> dict[str, figures.Releases]:
        return figures.releases_by_department(await self.releases(), await self.placements())

    async def release_totals(self) -> figures.Releases:
        return figures.release_totals(await self.releases())

    async def learning_path(self) -> figures.LearningPath:
        return figures.learning_path(
            await self.near_misses(), await self.completions(), await self.placements()
        )


class InMemoryUnitOfWork:
    def __init__(self) -> None:
        self.facts = InMemoryFacts()


# --------------------------------------------------------------------------- the running service


@dataclass
class RunningInsights:
    client: httpx.AsyncClient
    runtime: Runtime
    settings: InsightsSettings
    key: SigningKey

    def as_(self, *roles: Role, employee_id: str | None = None) -> dict[str, str]:
        subject = employee_id or "svc-" + "-".join(r.value for r in roles)
        return bearer(self.key.mint(subject, list(roles), employee_id=employee_id))

    @property
    def hr(self) -> dict[str, str]:
        return self.as_(Role.HR, employee_id="HR1")

    async def send(self, history: list[tuple[t.Topic, Event]], id_prefix: str = "h") -> None:
        """Publish each event with the id ``<id_prefix>-<position>``: the same history sent
        again with the same prefix is a redelivery."""
        async with RecordWriter(self.settings.kafka_bootstrap_servers) as writer:
            for number, (topic, event) in enumerate(history):
                name = self.settings.kafka_topic_prefix + topic.name
                await writer.event(name, event, event_id=f"{id_prefix}-{number}")


# --------------------------------------------------------------------------- a scripted history


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def details(
    opening_id: str,
    kind: OpeningKind,
    department: str,
    hiring_manager_id: str,
    title: str | None = None,
) -> ev.OpeningDetails:
    temporary = kind is OpeningKind.TEMPORARY
    return ev.OpeningDetails(
        opening_id=opening_id,
        title=title or f"Opening {opening_id}",
        kind=kind,
        temporary_kind=TemporaryKind.SECONDMENT if temporary else None,
        time_share_percent=100,
        starts_on=date(2026, 4, 1) if temporary else None,
        ends_on=date(2026, 10, 1) if temporary else None,
        role_id=None,
        grade=6,
        track=Track.INDIVIDUAL_CONTRIBUTOR,
        department=department,
        required_skills=(),
        optional_skills=(),
        locations=("lisbon",),
        remote=False,
        min_tenure_months=0,
        grade_min=None,
        grade_max=None,
        departments_included=(),
        departments_excluded=(),
        hiring_manager_id=hiring_manager_id,
        incumbent_ids=(),
        match_threshold=None,
    )


def surfaced(employee_id: str, opening: ev.OpeningDetails, day: str) -> ev.OpportunitySurfaced:
    return ev.OpportunitySurfaced(
        opportunity_id=f"{employee_id}:{opening.opening_id}:1",
        employee_id=employee_id,
        opening_id=opening.opening_id,
        title=opening.title,
        kind=opening.kind,
        temporary_kind=opening.temporary_kind,
        explanation=EXPLANATION,
        surfaced_at=at(day),
    )


def interest(employee_id: str, opening: ev.OpeningDetails, day: str) -> ev.InterestExpressed:
    return ev.InterestExpressed(
        employee_id=employee_id,
        opening_id=opening.opening_id,
        opportunity_id=None,
        note=None,
        explanation=EXPLANATION,
        expressed_at=at(day),
    )


def application(
    employee_id: str, opening: ev.OpeningDetails, status: ev.ApplicationStatus, day: str
) -> ev.ApplicationChanged:
    return ev.ApplicationChanged(
        application_id=f"{opening.opening_id}:{employee_id}",
        opening_id=opening.opening_id,
        employee_id=employee_id,
        status=status,
        title=opening.title,
        kind=opening.kind,
        department=opening.department,
        changed_at=at(day, 10),
    )


def release_asked(
    employee_id: str, opening: ev.OpeningDetails, manager_id: str, department: str, day: str
) -> ev.ReleaseRequested:
    return ev.ReleaseRequested(
        request_id=f"{opening.opening_id}:{employee_id}:release",
        opening_id=opening.opening_id,
        employee_id=employee_id,
        manager_id=manager_id,
        department=department,
        deadline=at(day) + timedelta(days=14),
        requested_at=at(day, 11),
    )


def release_decided(
    asked: ev.ReleaseRequested, outcome: ev.ReleaseOutcome, day: str
) -> ev.ReleaseDecided:
    return ev.ReleaseDecided(
        request_id=asked.request_id,
        opening_id=asked.opening_id,
        employee_id=asked.employee_id,
        manager_id=asked.manager_id,
        department=asked.department,
        outcome=outcome,
        decided_at=at(day, 12),
    )


def placement(
    employee_id: str, opening: ev.OpeningDetails, from_department: str, day: str
) -> ev.PlacementMade:
    return ev.PlacementMade(
        placement_id=f"{opening.opening_id}:{employee_id}",
        employee_id=employee_id,
        opening_id=opening.opening_id,
        kind=opening.kind,
        temporary_kind=opening.temporary_kind,
        role_id=None,
        grade=opening.grade,
        track=opening.track,
        department=opening.department,
        location="lisbon",
        from_department=from_department,
        effective_on=date.fromisoformat(day),
        starts_on=opening.starts_on,
        ends_on=opening.ends_on,
        time_share_percent=100,
        placed_at=at(day, 13),
    )


def near_miss(employee_id: str, opening: ev.OpeningDetails, day: str) -> ev.NearMissDetected:
    return ev.NearMissDetected(
        employee_id=employee_id,
        opening_id=opening.opening_id,
        score=0.6,
        threshold=0.75,
        missing_skills=(),
        detected_at=at(day),
    )


def completed(completion_id: str, employee_id: str, day: str) -> ev.LearningCompleted:
    return ev.LearningCompleted(
        completion_id=completion_id,
        employee_id=employee_id,
        item_id="course-k8s-101",
        skills_built=(ev.SkillLevel(skill_id="kubernetes", level=3),),
        completed_at=at(day),
    )


def closed(opening: ev.OpeningDetails, outcome: str, day: str) -> ev.OpeningClosed:
    return ev.OpeningClosed(opening_id=opening.opening_id, outcome=outcome, closed_at=at(day))


EXPLANATION = ev.Explanation(
    mobility_type="lateral",
    score=0.9,
    threshold=0.75,
    matched_skills=(),
    missing_skills=(),
    optional_matched=(),
    reasons=(),
)

S = ev.ApplicationStatus
R = ev.ReleaseOutcome
OP1 = details("OP-1", OpeningKind.ROLE, "platform", "M-H1")
OP2 = details("OP-2", OpeningKind.TEMPORARY, "platform", "M-H1")
OP3 = details("OP-3", OpeningKind.ROLE, "data", "M-H2")
OP4 = details("OP-4", OpeningKind.TEMPORARY, "data", "M-H2")
OP5 = details("OP-5", OpeningKind.ROLE, "data", "M-H2")
E1_RELEASE = release_asked("E1", OP1, "M-C1", "engineering", "2026-01-15")
E5_RELEASE = release_asked("E5", OP1, "M-C2", "sales", "2026-01-16")
E6_RELEASE = release_asked("E6", OP3, "M-C1", "engineering", "2026-02-04")
E8_RELEASE = release_asked("E8", OP5, "M-C2", "sales", "2026-02-20")


def history() -> list[tuple[t.Topic, Event]]:
    """Five openings and their candidates, in the order the suite would publish them.

    OP-1 (role, platform) posted 01-05, filled internally by E1 on 01-25 (20 days). Its
    candidates: E1 surfaced → interested → shortlisted → offered (released by M-C1) → placed;
    E2 surfaced → interested → shortlisted → declined; E3 surfaced → interested → withdrew;
    E4 surfaced only; E5 browsed to it → interested → offered straight away (M-C2 declined the
    release) → closed. OP-2 (temporary, platform) posted 01-10, filled externally 02-09 (30
    days). OP-3 (role, data) posted 02-01, filled internally 02-11 (10 days) by E6 from
    engineering (surfaced → interested → offered, released automatically); E7 surfaced only.
    OP-4 (temporary, data) cancelled. OP-5 (role, data) still open: E8 offered, M-C2's release
    pending. Near misses: E4 (learned after it), E6 (learned after it, then placed), E7 (learned
    only before it), E9 (nothing since).
    """
    p, o, a, f, pl, le = (
        t.OPENINGS_TOPIC,
        t.OPPORTUNITIES,
        t.APPLICATIONS,
        t.FEED_ACTIONS,
        t.PLACEMENTS,
        t.LEARNING_TOPIC,
    )
    posted = [
        (p, ev.OpeningPosted(opening_id=d.opening_id, opening=d, posted_at=at(day)))
        for d, day in (
            (OP1, "2026-01-05"),
            (OP2, "2026-01-10"),
            (OP3, "2026-02-01"),
            (OP4, "2026-02-01"),
            (OP5, "2026-02-15"),
        )
    ]
    op5_renamed = details("OP-5", OpeningKind.ROLE, "data", "M-H2", title="Data engineer")
    return [
        *posted,
        (p, ev.OpeningUpdated(opening_id="OP-5", opening=op5_renamed, updated_at=at("2026-02-16"))),
        (o, surfaced("E1", OP1, "2026-01-06")),
        (o, surfaced("E2", OP1, "2026-01-06")),
        (o, surfaced("E3", OP1, "2026-01-06")),
        (o, surfaced("E4", OP1, "2026-01-06")),
        (o, near_miss("E4", OP1, "2026-01-06")),
        (o, near_miss("E6", OP2, "2026-01-11")),
        (f, interest("E1", OP1, "2026-01-07")),
        (a, application("E1", OP1, S.INTERESTED, "2026-01-07")),
        (f, interest("E2", OP1, "2026-01-07")),
        (a, application("E2", OP1, S.INTERESTED, "2026-01-07")),
        (f, interest("E3", OP1, "2026-01-08")),
        (a, application("E3", OP1, S.INTERESTED, "2026-01-08")),
        (
            f,
            ev.InterestWithdrawn(
                employee_id="E3", opening_id="OP-1", withdrawn_at=at("2026-01-09")
            ),
        ),
        (a, application("E3", OP1, S.WITHDRAWN, "2026-01-09")),
        (f, interest("E5", OP1, "2026-01-09")),
        (a, application("E5", OP1, S.INTERESTED, "2026-01-09")),
        (a, application("E1", OP1, S.SHORTLISTED, "2026-01-12")),
        (a, application("E2", OP1, S.SHORTLISTED, "2026-01-12")),
        (a, application("E2", OP1, S.DECLINED, "2026-01-14")),
        (a, application("E1", OP1, S.OFFERED, "2026-01-15")),
        (a, E1_RELEASE),
        (a, application("E5", OP1, S.OFFERED, "2026-01-16")),
        (a, E5_RELEASE),
        (le, completed("C-3", "E7", "2026-01-15")),
        (a, release_decided(E5_RELEASE, R.DECLINED, "2026-01-18")),
        (le, completed("C-1", "E4", "2026-01-20")),
        (le, completed("C-4", "E1", "2026-01-21")),
        (a, release_decided(E1_RELEASE, R.APPROVED, "2026-01-22")),
        (a, application("E1", OP1, S.ACCEPTED, "2026-01-25")),
        (pl, placement("E1", OP1, "engineering", "2026-01-25")),
        (a, application("E1", OP1, S.PLACED, "2026-01-25")),
        (a, application("E5", OP1, S.CLOSED, "2026-01-25")),
        (p, closed(OP1, "filled", "2026-01-25")),
        (le, completed("C-2", "E6", "2026-01-30")),
        (o, surfaced("E6", OP3, "2026-02-02")),
        (o, surfaced("E7", OP3, "2026-02-02")),
        (o, near_miss("E7", OP3, "2026-02-02")),
        (f, interest("E6", OP3, "2026-02-03")),
        (a, application("E6", OP3, S.INTERESTED, "2026-02-03")),
        (a, application("E6", OP3, S.OFFERED, "2026-02-04")),
        (a, E6_RELEASE),
        (p, closed(OP2, "filled_externally", "2026-02-09")),
        (a, release_decided(E6_RELEASE, R.AUTOMATIC, "2026-02-10")),
        (pl, placement("E6", OP3, "engineering", "2026-02-11")),
        (a, application("E6", OP3, S.PLACED, "2026-02-11")),
        (p, closed(OP3, "filled", "2026-02-11")),
        (o, near_miss("E9", OP5, "2026-02-16")),
        (o, surfaced("E8", OP5, "2026-02-17")),
        (f, interest("E8", OP5, "2026-02-18")),
        (a, application("E8", OP5, S.INTERESTED, "2026-02-18")),
        (a, application("E8", OP5, S.OFFERED, "2026-02-20")),
        (a, E8_RELEASE),
        (p, closed(OP4, "closed", "2026-02-20")),
    ]


# The figures of that history, worked out by hand from its docstring.

FILL_RATE = [
    # OP-1 and OP-3 filled inside, OP-2 outside; OP-4 was cancelled, which is no fill
    {"internal_fills": 2, "external_fills": 1, "fills": 3, "internal_fill_rate": 0.6667},
]
FILL_RATE_BY_ALL = [
    # internal / (internal + external)
    {"month": "2026-01", "department": "platform", "kind": "role", "internal_fills": 1,
     "external_fills": 0, "fills": 1, "internal_fill_rate": 1.0},
    {"month": "2026-02", "department": "data", "kind": "role", "internal_fills": 1,
     "external_fills": 0, "fills": 1, "internal_fill_rate": 1.0},
    {"month": "2026-02", "department": "platform", "kind": "temporary", "internal_fills": 0,
     "external_fills": 1, "fills": 1, "internal_fill_rate": 0.0},
]  # fmt: skip
FILL_RATE_BY_MONTH = [
    {"month": "2026-01", "internal_fills": 1, "external_fills": 0, "fills": 1,
     "internal_fill_rate": 1.0},
    # OP-3 inside, OP-2 outside; OP-4 was cancelled, which is no fill
    {"month": "2026-02", "internal_fills": 1, "external_fills": 1, "fills": 2,
     "internal_fill_rate": 0.5},
]  # fmt: skip
TIME_TO_FILL_BY_MONTH = [
    {"month": "2026-01", "fills": 1, "p50_days": 20.0, "p90_days": 20.0},
    # OP-3 10 days, OP-2 30 days: p50 halfway, p90 at 0.9 of the way from 10 to 30
    {"month": "2026-02", "fills": 2, "p50_days": 20.0, "p90_days": 28.0},
]
# 10, 20 and 30 days: p90 at rank 1.8, 0.8 of the way from 20 to 30
TIME_TO_FILL = {"fills": 3, "p50_days": 20.0, "p90_days": 28.0}
# role: 10 and 20 days; temporary: 30
TIME_TO_FILL_BY_KIND = [
    {"kind": "role", "fills": 2, "p50_days": 15.0, "p90_days": 19.0},
    {"kind": "temporary", "fills": 1, "p50_days": 30.0, "p90_days": 30.0},
]
OVERALL_FUNNEL = {
    # OP-1's five candidates, OP-3's two, OP-5's one
    "surfaced": 8,
    "interested": 6,  # E1, E2, E3, E5, E6, E8
    "shortlisted": 5,  # E1, E2, and E5, E6, E8 who were offered without a shortlist
    "offered": 4,  # E1, E5, E6, E8
    "placed": 2,  # E1, E6
    "interested_rate": 0.75,
    "shortlisted_rate": 0.8333,
    "offered_rate": 0.8,
    "placed_rate": 0.5,
}
OPENING_FUNNELS = {
    "OP-1": (5, 4, 3, 2, 1, 0.8, 0.75, 0.6667, 0.5),
    "OP-2": (0, 0, 0, 0, 0, None, None, None, None),
    "OP-3": (2, 1, 1, 1, 1, 0.5, 1.0, 1.0, 1.0),
    "OP-4": (0, 0, 0, 0, 0, None, None, None, None),
    "OP-5": (1, 1, 1, 1, 0, 1.0, 1.0, 1.0, 0.0),
}
MANAGER_RELEASES = [
    # M-C1 released E1 (approved) and E6 (automatic), both placed
    {"manager_id": "M-C1", "approved": 1, "declined": 0, "automatic": 1, "pending": 0,
     "given": 2, "received": 0},
    {"manager_id": "M-C2", "approved": 0, "declined": 1, "automatic": 0, "pending": 1,
     "given": 0, "received": 0},
    # the hiring managers received E1 (OP-1) and E6 (OP-3)
    {"manager_id": "M-H1", "approved": 0, "declined": 0, "automatic": 0, "pending": 0,
     "given": 0, "received": 1},
    {"manager_id": "M-H2", "approved": 0, "declined": 0, "automatic": 0, "pending": 0,
     "given": 0, "received": 1},
]  # fmt: skip
DEPARTMENT_RELEASES = [
    {"department": "data", "approved": 0, "declined": 0, "automatic": 0, "pending": 0,
     "given": 0, "received": 1},
    {"department": "engineering", "approved": 1, "declined": 0, "automatic": 1, "pending": 0,
     "given": 2, "received": 0},
    {"department": "platform", "approved": 0, "declined": 0, "automatic": 0, "pending": 0,
     "given": 0, "received": 1},
    {"department": "sales", "approved": 0, "declined": 1, "automatic": 0, "pending": 1,
     "given": 0, "received": 0},
]  # fmt: skip
NEAR_MISS_TO_PLACEMENT = {
    "near_missed": 4,  # E4, E6, E7, E9
    "learned": 2,  # E4, E6 (E7's course came before the near miss)
    "placed": 1,  # E6
    "learned_rate": 0.5,
    "placed_rate": 0.5,
}
