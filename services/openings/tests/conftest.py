from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from lattice_devstack.testing.plugin import bearer, serving, settings_for
from lattice_openings.bootstrap import build
from lattice_openings.settings import OpeningsSettings
from lattice_platform.auth import Role as AuthRole
from lattice_platform.auth import SigningKey
from lattice_platform.clock import MovableClock
from lattice_platform.runtime import Runtime
from lattice_platform.skills import Taxonomy, load_taxonomy
from openings_fakes import FakeUnitOfWork


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@dataclass
class OpeningsService:
    """The service running in-process, and tokens for each kind of caller."""

    client: httpx.AsyncClient
    runtime: Runtime
    settings: OpeningsSettings
    signing_key: SigningKey
    clock: MovableClock | None = None

    def as_(self, employee_id: str | None, *roles: AuthRole) -> dict[str, str]:
        subject = employee_id or "svc-portal"
        return bearer(self.signing_key.mint(subject, roles, employee_id=employee_id))

    @property
    def hr(self) -> dict[str, str]:
        return self.as_("E-HR", AuthRole.EMPLOYEE, AuthRole.HR)

    @property
    def employee(self) -> dict[str, str]:
        return self.as_("E-1", AuthRole.EMPLOYEE)

    def manager(self, employee_id: str = "E-MGR") -> dict[str, str]:
        return self.as_(employee_id, AuthRole.EMPLOYEE, AuthRole.MANAGER)


@pytest.fixture
async def openings_service(
    service_environment: dict[str, str], signing_key: SigningKey
) -> AsyncIterator[OpeningsService]:
    settings = settings_for(OpeningsSettings, service_environment)
    runtime, app = build(settings)
    async with serving(app) as client:
        yield OpeningsService(client, runtime, settings, signing_key)


@pytest.fixture
async def dev_openings_service(
    service_environment: dict[str, str], signing_key: SigningKey
) -> AsyncIterator[OpeningsService]:
    """As in the dev stack: the clock can be moved; deadlines are checked twice a second."""
    settings = settings_for(
        OpeningsSettings,
        service_environment,
        dev_clock=True,
        deadline_check_interval_s=0.5,
    )
    runtime, app = build(settings)
    async with serving(app) as client:
        yield OpeningsService(client, runtime, settings, signing_key, app.state.context.clock)
