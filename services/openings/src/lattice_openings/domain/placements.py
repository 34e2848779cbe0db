"""A placement: the move an employee makes into an opening, and the end of a temporary one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from lattice_platform.contracts.base import OpeningKind

from lattice_openings.domain.openings import OpeningSpec


@dataclass(frozen=True)
class Placed:
    placement: Placement
    spec: OpeningSpec
    from_department: str
    at: datetime


@dataclass(frozen=True)
class AssignmentFinished:
    placement: Placement


PlacementEvent = Placed | AssignmentFinished


@dataclass
class Placement:
    """``ends_on`` is set for a temporary assignment: on that day its skills count as used."""

    opening_id: str
    employee_id: str
    effective_on: date
    ends_on: date | None
    skills_used: tuple[str, ...]
    ended: bool = False
    events: list[PlacementEvent] = field(default_factory=list, compare=False, repr=False)

    @property
    def placement_id(self) -> str:
        return f"{self.opening_id}:{self.employee_id}"

    @classmethod
    def make(
        cls,
        opening_id: str,
        spec: OpeningSpec,
        employee_id: str,
        from_department: str,
        at: datetime,
    ) -> Placement:
        """The move takes effect on the opening's start, or today if that has passed."""
        today = at.date()
        effective = max(spec.starts_on, today) if spec.starts_on else today
        temporary = spec.kind is OpeningKind.TEMPORARY
        placement = cls(
            opening_id,
            employee_id,
            effective,
            spec.ends_on if temporary else None,
            tuple(need.skill_id for need in spec.required_skills),
        )
        placement.events.append(Placed(placement, spec, from_department, at))
        return placement

    def end_if_due(self, today: date) -> bool:
        """End the assignment on its end date; say whether it ended now."""
        if self.ended or self.ends_on is None or today < self.ends_on:
            return False
        self.ended = True
        self.events.append(AssignmentFinished(self))
        return True
