"""What happened to a profile, in the domain's words. Mapped to wire events by the adapters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar

from lattice_platform.contracts.base import SkillSource

if TYPE_CHECKING:
    from lattice_profile.domain.model import CareerGoals


@dataclass(frozen=True)
class DomainEvent:
    # Whether consumers' copy of the profile (the upserted snapshot) is now out of date.
    changes_snapshot: ClassVar[bool] = True


@dataclass(frozen=True)
class EmploymentChanged(DomainEvent):
    pass


@dataclass(frozen=True)
class ProfileEdited(DomainEvent):
    """Skills, privacy or mentoring changed without a level rising."""


@dataclass(frozen=True)
class SkillRaised(DomainEvent):
    skill_id: str
    level: int
    previous_level: int | None
    source: SkillSource
    evidence: str | None
    at: datetime
    last_used_on: date | None


@dataclass(frozen=True)
class GoalsSet(DomainEvent):
    goals: CareerGoals
    at: datetime
    changes_snapshot: ClassVar[bool] = False


@dataclass(frozen=True)
class Departed(DomainEvent):
    left_on: date
