"""Applications: one per (opening, employee), from invitation or interest to placed or ended.

The moves are exactly those of docs/mobility.md; any other answers with the reason. A decline's
reason is kept for HR and never leaves the service: the candidate sees a courteous status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lattice_platform.contracts.events import ApplicationStatus

from lattice_openings.domain.openings import IllegalTransitionError

Stage = ApplicationStatus
"""The stages are the contract's vocabulary: what a candidate's application is, everywhere."""


ACTIVE = frozenset({Stage.INVITED, Stage.INTERESTED, Stage.SHORTLISTED, Stage.OFFERED})
"""Stages that can still move; the others are where an application ends."""

COURTEOUS: dict[Stage, str] = {
    Stage.INVITED: "The hiring manager invites you to apply.",
    Stage.INTERESTED: "Your interest has reached the hiring manager.",
    Stage.SHORTLISTED: "You are on the shortlist.",
    Stage.OFFERED: "You have an offer.",
    Stage.ACCEPTED: "You accepted the offer.",
    Stage.PLACED: "You are placed in this opening.",
    Stage.DECLINED: "The hiring manager will not take your application further this time. "
    "Thank you for your interest.",
    Stage.WITHDRAWN: "You withdrew your interest.",
    Stage.CLOSED: "This opening is no longer available. Thank you for your interest.",
}
"""What the candidate reads for each stage: never a decline's reason."""


def application_id(opening_id: str, employee_id: str) -> str:
    return f"{opening_id}:{employee_id}"


@dataclass(frozen=True)
class ApplicationMoved:
    application_id: str
    opening_id: str
    employee_id: str
    stage: Stage
    at: datetime


@dataclass
class Application:
    """The aggregate: the stage changes only through these methods, each recording the move."""

    opening_id: str
    employee_id: str
    stage: Stage
    note: str | None = None
    explanation: dict[str, Any] | None = None
    decline_reason: str | None = None
    release_waived: str | None = None
    """Why the offer needs no release although the policy asks for one (the candidate may accept
    at once); None when a release was asked, or none was needed."""
    events: list[ApplicationMoved] = field(default_factory=list, compare=False, repr=False)

    @property
    def application_id(self) -> str:
        return application_id(self.opening_id, self.employee_id)

    @property
    def active(self) -> bool:
        return self.stage in ACTIVE

    @classmethod
    def invited(
        cls, opening_id: str, employee_id: str, explanation: dict[str, Any] | None, at: datetime
    ) -> Application:
        application = cls(opening_id, employee_id, Stage.INVITED, explanation=explanation)
        application._record(at)
        return application

    @classmethod
    def interested(
        cls,
        opening_id: str,
        employee_id: str,
        note: str | None,
        explanation: dict[str, Any] | None,
        at: datetime,
    ) -> Application:
        application = cls(opening_id, employee_id, Stage.INTERESTED, note, explanation)
        application._record(at)
        return application

    def express_interest(
        self, note: str | None, explanation: dict[str, Any] | None, at: datetime
    ) -> None:
        self._move({Stage.INVITED}, "express interest in", Stage.INTERESTED, at)
        self.note = note
        self.explanation = explanation or self.explanation

    def shortlist(self, at: datetime) -> None:
        self._move({Stage.INTERESTED}, "shortlist", Stage.SHORTLISTED, at)

    def offer(self, at: datetime, *, release_waived: str | None = None) -> None:
        self._move({Stage.INTERESTED, Stage.SHORTLISTED}, "offer", Stage.OFFERED, at)
        self.release_waived = release_waived

    def accept(self, at: datetime) -> None:
        """Accept the offer and take the place: ``accepted`` then ``placed``."""
        self._move({Stage.OFFERED}, "accept", Stage.ACCEPTED, at)
        self.stage = Stage.PLACED
        self._record(at)

    def decline(self, reason: str, at: datetime) -> None:
        if not reason.strip():
            raise IllegalTransitionError("a decline needs a reason (HR reads it)")
        self._move(ACTIVE, "decline", Stage.DECLINED, at)
        self.decline_reason = reason.strip()

    def withdraw(self, at: datetime) -> None:
        self._move(ACTIVE, "withdraw", Stage.WITHDRAWN, at)

    def close(self, at: datetime) -> None:
        """The opening was filled by someone else, or closed."""
        self._move(ACTIVE, "close", Stage.CLOSED, at)

    def _move(
        self, allowed: set[Stage] | frozenset[Stage], action: str, to: Stage, at: datetime
    ) -> None:
        if self.stage not in allowed:
            wanted = " or ".join(s.value for s in Stage if s in allowed)
            raise IllegalTransitionError(
                f"cannot {action} application {self.application_id}: it is {self.stage.value}; "
                f"only an application that is {wanted} can be moved to {to.value}"
            )
        self.stage = to
        self._record(at)

    def _record(self, at: datetime) -> None:
        self.events.append(
            ApplicationMoved(self.application_id, self.opening_id, self.employee_id, self.stage, at)
        )


@dataclass(frozen=True)
class Colleague:
    """What openings knows of an employee, from the profile service's events."""

    employee_id: str
    manager_id: str | None
    department: str
    discoverable: bool
    hidden_from_manager: bool
    active: bool = True
