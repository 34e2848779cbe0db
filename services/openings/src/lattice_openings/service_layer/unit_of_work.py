"""What the handlers need from storage; PostgreSQL in production, fakes in unit tests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from lattice_platform.uow import UnitOfWork

from lattice_openings.domain.openings import Opening
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


class OpeningsUnitOfWork(UnitOfWork, Protocol):
    @property
    def openings(self) -> OpeningRepository: ...

    @property
    def roles(self) -> RoleRepository: ...
