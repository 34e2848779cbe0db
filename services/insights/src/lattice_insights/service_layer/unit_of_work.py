"""What the handlers and the figures need from storage; PostgreSQL in production, an in-memory
fake in the unit tests (tests/insights_testkit.py).

Every write records a fact at most once: applying an event twice leaves the facts as once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

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


class Facts(Protocol):
    async def note_opening(self, opening: Opening, as_of: datetime | None) -> None:
        """Record what ``opening`` tells (its None fields tell nothing). Details as of a time
        (the opening's own events) replace details as of an earlier time; details as of no time
        (from events that only name the opening) fill what is not known."""
        ...

    async def close_opening(
        self, opening_id: str, outcome: Outcome, closed_at: datetime
    ) -> None: ...

    async def reach(self, progress: Progress) -> None:
        """Record that a candidate reached a step (the first time counts)."""
        ...

    async def ask_release(self, release: Release) -> None: ...

    async def decide_release(self, release: Release) -> None: ...

    async def end_release(self, opening_id: str, employee_id: str) -> None:
        """The candidate's application ended: an unanswered request for it is moot."""
        ...

    async def place(self, placement: Placement) -> None: ...

    async def near_miss(self, miss: NearMiss) -> None:
        """Record a near miss; an employee's earliest for an opening is kept."""
        ...

    async def complete(self, completion: Completion) -> None: ...

    # The figures, aggregated by the storage as domain/figures.py defines them.

    async def fill_rates(self, by: Sequence[figures.Dimension]) -> list[figures.FillRate]: ...

    async def time_to_fill(self, by: Sequence[figures.Dimension]) -> list[figures.TimeToFill]: ...

    async def funnels(self) -> list[figures.OpeningFunnel]: ...

    async def overall_funnel(self) -> figures.Funnel: ...

    async def releases_by_manager(self) -> dict[str, figures.Releases]: ...

    async def releases_by_department(self) -> dict[str, figures.Releases]: ...

    async def release_totals(self) -> figures.Releases: ...

    async def learning_path(self) -> figures.LearningPath: ...


class InsightsUnitOfWork(Protocol):
    @property
    def facts(self) -> Facts: ...
