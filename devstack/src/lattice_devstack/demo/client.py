"""The demo's hands: HTTP calls to the services with the right person's token (through the
generated client, lattice_client, as an integrator's would), and integration events (HRIS, LMS)
produced onto their inbound topics, as real systems would."""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar, cast

import httpx
from lattice_client import learning, notifier, openings, profile
from lattice_client.profile.api.profile import employee_profile
from lattice_platform.auth import Role
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import Event

from lattice_devstack.demo.organisation import Organisation, Person
from lattice_devstack.stack import Stack
from lattice_devstack.testing.kafka import RecordWriter

Api = TypeVar(
    "Api",
    profile.AuthenticatedClient,
    openings.AuthenticatedClient,
    learning.AuthenticatedClient,
    notifier.AuthenticatedClient,
)


class DemoError(RuntimeError):
    pass


class Lattice:
    def __init__(self, stack: Stack, org: Organisation, topic_prefix: str = "") -> None:
        self.stack = stack
        self.org = org
        self.prefix = topic_prefix
        self.http = httpx.AsyncClient(timeout=30)
        self.hr = stack.token("hr-admin", [Role.HR, Role.EMPLOYEE], employee_id="E0001")
        self._managers = {p.manager_id for p in org.people if p.manager_id}
        self._writer: RecordWriter | None = None
        self._apis: dict[tuple[str, str], Any] = {}

    async def __aenter__(self) -> Lattice:
        self._writer = await RecordWriter(self.stack.bootstrap_servers).__aenter__()
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._writer is not None:
            await self._writer.__aexit__()
        await self.http.aclose()
        for api in self._apis.values():
            await api.get_async_httpx_client().aclose()

    def profile(self, token: str | None = None) -> profile.AuthenticatedClient:
        """The profile service's client, as ``token`` (HR by default)."""
        return self._api(profile.AuthenticatedClient, "profile", token)

    def openings(self, token: str | None = None) -> openings.AuthenticatedClient:
        return self._api(openings.AuthenticatedClient, "openings", token)

    def learning(self, token: str | None = None) -> learning.AuthenticatedClient:
        return self._api(learning.AuthenticatedClient, "learning", token)

    def notifier(self, token: str | None = None) -> notifier.AuthenticatedClient:
        return self._api(notifier.AuthenticatedClient, "notifier", token)

    def _api(self, kind: type[Api], service: str, token: str | None) -> Api:
        key = (service, token or self.hr)
        if key not in self._apis:
            self._apis[key] = kind(self.stack.url(service), key[1], timeout=httpx.Timeout(30))
        return cast(Api, self._apis[key])

    def token_of(self, person: Person | str) -> str:
        employee_id = person if isinstance(person, str) else person.employee_id
        roles = [Role.EMPLOYEE, Role.MANAGER] if employee_id in self._managers else [Role.EMPLOYEE]
        return self.stack.token(employee_id, roles, employee_id=employee_id)

    async def call(
        self,
        method: str,
        service: str,
        path: str,
        token: str | None = None,
        *,
        expect: int | tuple[int, ...] = (200, 201),
        **kwargs: Any,
    ) -> Any:
        response = await self.http.request(
            method,
            self.stack.url(service) + path,
            headers={"Authorization": f"Bearer {token or self.hr}"},
            **kwargs,
        )
        wanted = (expect,) if isinstance(expect, int) else expect
        if response.status_code not in wanted:
            raise DemoError(
                f"{method} {service}{path} → {response.status_code}: {response.text[:300]}"
            )
        return response.json() if response.content else None

    async def publish(self, topic: t.Topic, event: Event, source: str) -> None:
        assert self._writer is not None
        await self._writer.event(self.prefix + topic.name, event, source=source)

    async def wait_for_profile(self, employee_id: str, timeout_s: float = 60) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        while (
            await employee_profile.asyncio_detailed(employee_id, client=self.profile())
        ).status_code != 200:
            if loop.time() > deadline:
                raise DemoError(f"profile never learned of {employee_id}")
            await asyncio.sleep(0.3)
