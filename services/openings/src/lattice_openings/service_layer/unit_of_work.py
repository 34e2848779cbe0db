"""What the handlers need from storage; PostgreSQL in production, fakes in unit tests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Protocol

from lattice_platform.uow import UnitOfWork

from lattice_openings.domain.applications import Application, Colleague
from lattice_openings.domain.openings import Opening
from lattice_openings.domain.placements import Placement
from lattice_openings.domain.releases import Release
from lattice_openings.domain.roles import Role


class OpeningRepository(Protocol):
    async def next_id(self) -> str: ...

    async def get(self, opening_id: str) -> Opening | None:
        """The opening, locked for the rest of the transaction."""
        ...

    async def add(self, opening: Opening) -> None: ...

    async def save(self, opening: Opening) -> None: ...


class RoleRepository(Protocol):
    async def get_many(self, role_ids: Iterable[str]) -> dict[str, Role]: ...

    async def leading_to(self, role_ids: Iterable[str]) -> dict[str, Role]:
        """Roles with a career path into any of ``role_ids``."""
        ...

    async def upsert(self, role: Role) -> None: ...


class People(Protocol):
    """Read models from other services' events: employees and the opportunities surfaced."""

    async def record(
        self, colleague: Colleague, grade: int, track: str, location: str, changed_at: datetime
    ) -> None: ...

    async def left(self, employee_id: str) -> None: ...

    async def colleague(self, employee_id: str) -> Colleague | None: ...

    async def surfaced(
        self,
        opening_id: str,
        employee_id: str,
        opportunity_id: str,
        explanation: dict[str, Any],
        at: datetime,
    ) -> None: ...

    async def withdrawn(self, opening_id: str, employee_id: str, opportunity_id: str) -> None: ...

    async def explanation(self, opening_id: str, employee_id: str) -> dict[str, Any] | None: ...


class ApplicationRepository(Protocol):
    async def get(self, opening_id: str, employee_id: str) -> Application | None:
        """The application, locked for the rest of the transaction."""
        ...

    async def active_for(self, opening_id: str) -> list[Application]: ...

    async def opening_ids_of(self, employee_id: str) -> list[str]:
        """The openings the employee has an active application to (no lock taken)."""
        ...

    async def save(self, application: Application, at: datetime) -> None: ...

    async def forget_words_about(self, employee_id: str) -> None:
        """The employee was erased: their note and a decline's reason go from their applications."""
        ...


class ReleaseRepository(Protocol):
    async def about(self, request_id: str) -> tuple[str, str] | None:
        """The (opening, employee) a request is about, read without a lock."""
        ...

    async def get(self, request_id: str) -> Release | None: ...

    async def due(self, now: datetime) -> list[Release]: ...

    async def save(self, release: Release) -> None: ...

    async def forget_reasons_about(self, employee_id: str) -> None:
        """The employee was erased: a decline's reason goes from the releases about them."""
        ...


class PlacementRepository(Protocol):
    async def due(self, today: date) -> list[Placement]: ...

    async def save(self, placement: Placement) -> None: ...


class OpeningsUnitOfWork(UnitOfWork, Protocol):
    @property
    def openings(self) -> OpeningRepository: ...

    @property
    def roles(self) -> RoleRepository: ...

    @property
    def people(self) -> People: ...

    @property
    def applications(self) -> ApplicationRepository: ...

    @property
    def releases(self) -> ReleaseRepository: ...

    @property
    def placements(self) -> PlacementRepository: ...

    async def expired_openings(self, today: date) -> list[str]:
        """Open openings whose end date has passed."""
        ...
