"""Catalogue items, enrolments and completions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum


class ItemKind(StrEnum):
    COURSE = "course"
    COACHING = "coaching"
    MENTORING = "mentoring"
    """A mentoring programme."""
    CERTIFICATION = "certification"


class ItemFormat(StrEnum):
    ONLINE = "online"
    SELF_PACED = "self_paced"
    CLASSROOM = "classroom"
    BLENDED = "blended"
    ONE_TO_ONE = "one_to_one"
    GROUP = "group"
    EXAM = "exam"


@dataclass(frozen=True, order=True)
class SkillTarget:
    """A skill at a level: what an item builds, or what a gap asks for."""

    skill_id: str
    level: int


class LearningError(Exception):
    """A rule of the learning domain refused a request."""


class IllegalTransitionError(LearningError):
    pass


class CapacityReachedError(LearningError):
    pass


class ItemRetiredError(LearningError):
    pass


@dataclass(frozen=True)
class CatalogueItem:
    item_id: str
    title: str
    kind: ItemKind
    skills: tuple[SkillTarget, ...]
    duration_hours: float
    format: ItemFormat
    capacity: int | None = None
    """Seats open at once (enrolled, not yet completed); ``None`` means unlimited."""
    active: bool = True

    def level_built(self, skill_id: str) -> int:
        return max((s.level for s in self.skills if s.skill_id == skill_id), default=0)

    def builds(self, target: SkillTarget) -> bool:
        return self.level_built(target.skill_id) >= target.level

    def check_seat(self, seats_taken: int) -> None:
        if not self.active:
            raise ItemRetiredError(f"{self.item_id} is retired from the catalogue")
        if self.capacity is not None and seats_taken >= self.capacity:
            raise CapacityReachedError(f"{self.item_id} is full ({self.capacity} seats)")


class EnrolmentStatus(StrEnum):
    ENROLLED = "enrolled"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Enrolment:
    enrolment_id: str
    employee_id: str
    item_id: str
    status: EnrolmentStatus
    enrolled_at: datetime
    completed_at: datetime | None = None

    def complete(self, at: datetime) -> Enrolment:
        self._require_open("complete")
        return replace(self, status=EnrolmentStatus.COMPLETED, completed_at=at)

    def withdraw(self) -> Enrolment:
        self._require_open("withdraw from")
        return replace(self, status=EnrolmentStatus.WITHDRAWN)

    def _require_open(self, action: str) -> None:
        if self.status is not EnrolmentStatus.ENROLLED:
            raise IllegalTransitionError(f"cannot {action} an enrolment that is {self.status}")


@dataclass(frozen=True)
class SkillGain:
    skill_id: str
    level: int
    previous_level: int | None


def skill_gains(item: CatalogueItem, current: dict[str, int]) -> list[SkillGain]:
    """What completing ``item`` proves: each skill it builds, at the higher of the level held and
    the level built. A skill already held higher is still reported at the level held, never
    lowered: completing is a use on the completion date, which the profile and the notifier
    take as last used unless they hold a later one."""
    gains = []
    for skill_id in sorted({s.skill_id for s in item.skills}):
        held = current.get(skill_id)
        gains.append(SkillGain(skill_id, max(held or 0, item.level_built(skill_id)), held))
    return gains
