"""What the employee's actions and "why not me?" need from storage, beyond the matching's unit of
work: the pairs' states, the applications' statuses, the catalogue and the mentors.

PostgreSQL implements it in ``adapters/mobility.py``. The matching itself needs only
:class:`Dismissals` (``NotifierUnitOfWork.actions``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from lattice_platform.contracts import events as ev

from lattice_notifier.domain.actions import LearningItem, PairState
from lattice_notifier.domain.model import Opening
from lattice_notifier.service_layer.unit_of_work import Dismissals, NotifierUnitOfWork


@dataclass(frozen=True)
class Item:
    """A feed item as an action sees it."""

    opportunity_id: str
    employee_id: str
    opening_id: str
    active: bool
    withdraw_reason: str | None
    explanation: ev.Explanation


@dataclass(frozen=True)
class Pair:
    employee_id: str
    opening_id: str
    state: PairState


class Actions(Dismissals, Protocol):
    async def item(self, opportunity_id: str, employee_id: str) -> Item | None:
        """The employee's own item, locked: someone else's is not found."""
        ...

    async def active_item_of(self, employee_id: str, opening_id: str) -> str | None: ...

    async def open_opening(self, opening_id: str) -> Opening | None: ...

    async def claim(self, employee_id: str, opening_id: str) -> Pair:
        """The pair's state, locked for this transaction (created as 'new' if absent)."""
        ...

    async def state_of(self, employee_id: str, opening_id: str) -> PairState: ...

    async def record(
        self,
        pair: Pair,
        state: PairState,
        *,
        opportunity_id: str | None,
        at: datetime,
        note: str | None = None,
        dismiss_reason: str | None = None,
        dismissed_terms: str | None = None,
    ) -> None: ...

    async def set_aside(self, opportunity_id: str, at: datetime) -> None:
        """A dismissed item leaves the feed (listed only with the withdrawn ones)."""
        ...


class Applications(Protocol):
    async def changed(self, event: ev.ApplicationChanged) -> None: ...

    async def status_of(self, employee_id: str, opening_id: str) -> ev.ApplicationStatus | None: ...


class Catalogue(Protocol):
    async def changed(self, event: ev.CatalogueItemChanged) -> None: ...

    async def building(self, skill_id: str, level: int, limit: int) -> tuple[LearningItem, ...]:
        """Available items that bring a learner to ``level`` in the skill, the nearest first."""
        ...


class Mentors(Protocol):
    async def holding(
        self, skill_id: str, level: int, excluding: str, limit: int
    ) -> tuple[str, ...]:
        """Ids of active, discoverable employees who opted in to mentoring and hold the skill at
        ``level`` or above; never ``excluding``."""
        ...


class MobilityUnitOfWork(NotifierUnitOfWork, Protocol):
    @property
    def actions(self) -> Actions: ...

    @property
    def applications(self) -> Applications: ...

    @property
    def catalogue(self) -> Catalogue: ...

    @property
    def mentors(self) -> Mentors: ...
