"""What the insights service remembers of the suite's events: only what a figure needs.

Each fact is recorded once, whatever the number of times its event arrives: the figures are
built from these facts, never from a count kept up to date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, StrEnum

from lattice_platform.contracts.base import OpeningKind


class Stage(IntEnum):
    """The steps of the funnel, in order: a candidate at a step has passed the ones before."""

    SURFACED = 1
    INTERESTED = 2
    SHORTLISTED = 3
    OFFERED = 4
    PLACED = 5

    @property
    def label(self) -> str:
        return self.name.lower()


class Outcome(StrEnum):
    """How an opening ended: filled by an internal placement, filled from outside, or closed."""

    FILLED = "filled"
    FILLED_EXTERNALLY = "filled_externally"
    CLOSED = "closed"


class ReleaseOutcome(StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"
    AUTOMATIC = "automatic"


@dataclass(frozen=True)
class Opening:
    """An opening as far as the events told it: a field is None until an event carried it (a
    compacted openings topic may keep only an opening's close)."""

    opening_id: str
    title: str | None = None
    kind: OpeningKind | None = None
    department: str | None = None
    hiring_manager_id: str | None = None
    posted_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: Outcome | None = None

    @property
    def filled(self) -> bool:
        return self.outcome in (Outcome.FILLED, Outcome.FILLED_EXTERNALLY)


@dataclass(frozen=True)
class Progress:
    """A candidate reached a step of an opening's funnel."""

    opening_id: str
    employee_id: str
    stage: Stage
    at: datetime


@dataclass(frozen=True)
class Release:
    """A current manager was asked to release a candidate; ``outcome`` is None while pending."""

    request_id: str
    opening_id: str
    employee_id: str
    manager_id: str
    department: str
    outcome: ReleaseOutcome | None = None
    moot: bool = False
    """The application ended before anyone answered: the request no longer waits (an outcome,
    if one is known, still counts)."""


@dataclass(frozen=True)
class Placement:
    placement_id: str
    employee_id: str
    opening_id: str
    department: str
    from_department: str
    placed_at: datetime


@dataclass(frozen=True)
class NearMiss:
    """The first time an employee nearly matched an opening."""

    employee_id: str
    opening_id: str
    detected_at: datetime


@dataclass(frozen=True)
class Completion:
    completion_id: str
    employee_id: str
    completed_at: datetime
