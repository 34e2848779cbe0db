"""What the use cases need from storage and publishing; real and fake implementations plug in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from lattice_platform.contracts.base import Event
from lattice_platform.contracts.topics import Topic

from lattice_profile.domain.model import Employee


class EmployeeRepository(Protocol):
    async def get(self, employee_id: str) -> Employee | None:
        """The employee, locked until the unit of work ends."""
        ...

    async def get_many(self, employee_ids: Sequence[str]) -> dict[str, Employee]:
        """Those that exist, locked until the unit of work ends."""
        ...

    async def save(self, employee: Employee) -> None: ...

    async def save_many(self, employees: Sequence[Employee]) -> None: ...

    async def page(self, after: str | None, limit: int) -> list[Employee]: ...

    async def reports_of(
        self, manager_id: str, after: str | None, limit: int
    ) -> list[Employee]: ...


class ProfileUnitOfWork(Protocol):
    @property
    def employees(self) -> EmployeeRepository: ...

    async def publish(self, topic: Topic, event: Event) -> None: ...
