"""The current manager's release of a candidate who has an offer, with a deadline after which
the release is automatic: nobody's move waits on a manager holding on to them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from lattice_platform.contracts.base import OpeningKind
from lattice_platform.contracts.events import ReleaseOutcome

from lattice_openings.domain.openings import IllegalTransitionError

Outcome = ReleaseOutcome
"""How a release ended, in the contract's words."""


@dataclass(frozen=True)
class ReleasePolicy:
    """The organisation's: a temporary assignment always needs a release; a permanent move only
    when ``permanent_moves`` says so. The deadline is ``working_days`` (Monday-Friday) away."""

    working_days: int = 10
    permanent_moves: bool = False

    def needed_for(self, kind: OpeningKind) -> bool:
        return kind is OpeningKind.TEMPORARY or self.permanent_moves

    def deadline(self, requested_at: datetime) -> datetime:
        return after_working_days(requested_at, self.working_days)


def after_working_days(start: datetime, days: int) -> datetime:
    """``start`` moved on by ``days`` working days (Saturdays and Sundays do not count)."""
    moment, left = start, days
    while left > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            left -= 1
    return moment


def release_id(application_id: str) -> str:
    return f"{application_id}:release"


@dataclass(frozen=True)
class ReleaseAsked:
    release: Release


@dataclass(frozen=True)
class ReleaseAnswered:
    release: Release


ReleaseEvent = ReleaseAsked | ReleaseAnswered


@dataclass
class Release:
    """A request to the candidate's current manager; answered once."""

    opening_id: str
    employee_id: str
    manager_id: str
    department: str
    requested_at: datetime
    deadline: datetime
    outcome: Outcome | None = None
    reason: str | None = None
    decided_at: datetime | None = None
    answered_by: str | None = None
    """Who answered: the manager, or HR on the manager's behalf (None: automatic, or waiting)."""
    on_behalf: bool = False
    events: list[ReleaseEvent] = field(default_factory=list, compare=False, repr=False)

    @property
    def request_id(self) -> str:
        return release_id(f"{self.opening_id}:{self.employee_id}")

    @property
    def cleared(self) -> bool:
        """The candidate may accept: approved, or released automatically."""
        return self.outcome in (Outcome.APPROVED, Outcome.AUTOMATIC)

    @classmethod
    def ask(
        cls,
        opening_id: str,
        employee_id: str,
        manager_id: str,
        department: str,
        *,
        at: datetime,
        policy: ReleasePolicy,
    ) -> Release:
        release = cls(opening_id, employee_id, manager_id, department, at, policy.deadline(at))
        release.events.append(ReleaseAsked(release))
        return release

    def approve(self, at: datetime, *, hr: str | None = None) -> None:
        """The manager approves; or HR (``hr``: who) on the manager's behalf, recorded as such."""
        self._decide(Outcome.APPROVED, at)
        self._answered(hr)

    def decline(self, reason: str, at: datetime, *, hr: str | None = None) -> None:
        if not reason.strip():
            raise IllegalTransitionError("declining a release needs a reason (HR reads it)")
        self._decide(Outcome.DECLINED, at)
        self.reason = reason.strip()
        self._answered(hr)

    def _answered(self, hr: str | None) -> None:
        self.answered_by = hr if hr is not None else self.manager_id
        self.on_behalf = hr is not None

    def lapse(self, at: datetime) -> bool:
        """Release automatically if the deadline has passed unanswered; say whether it did."""
        if self.outcome is not None or at < self.deadline:
            return False
        self._decide(Outcome.AUTOMATIC, at)
        return True

    def _decide(self, outcome: Outcome, at: datetime) -> None:
        if self.outcome is not None:
            raise IllegalTransitionError(
                f"release {self.request_id} was already answered: {self.outcome.value}"
            )
        if outcome is not Outcome.AUTOMATIC and at >= self.deadline:
            raise IllegalTransitionError(
                f"release {self.request_id} passed its deadline ({self.deadline.isoformat()}) "
                "and is released automatically"
            )
        self.outcome, self.decided_at = outcome, at
        self.events.append(ReleaseAnswered(self))
