"""Helpers of the learning service's integration tests: the running service, tokens per role,
producing and reading events. The `learning` fixture (conftest.py) gives a :class:`Learning`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.events import employee_upserted
from lattice_devstack.testing.kafka import RecordWriter, TopicReader, decoded
from lattice_devstack.testing.plugin import bearer
from lattice_learning.settings import LearningSettings
from lattice_platform.auth import Role, SigningKey
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import Event
from lattice_platform.contracts.topics import Topic
from lattice_platform.runtime import Runtime


@dataclass
class Learning:
    """The running service and what a test needs around it."""

    client: httpx.AsyncClient
    runtime: Runtime
    settings: LearningSettings
    key: SigningKey

    def as_(self, *roles: Role, employee_id: str | None = None) -> dict[str, str]:
        subject = employee_id or "svc-" + "-".join(r.value for r in roles)
        return bearer(self.key.mint(subject, list(roles), employee_id=employee_id))

    def topic(self, topic: Topic) -> str:
        return self.settings.kafka_topic_prefix + topic.name

    async def send(self, topic: Topic, *events: Event, event_id: str | None = None) -> None:
        async with RecordWriter(self.settings.kafka_bootstrap_servers) as writer:
            for event in events:
                await writer.event(self.topic(topic), event, event_id=event_id)

    def reader(self, topic: Topic, dead_letters: bool = False) -> TopicReader:
        name = topic.dead_letter if dead_letters else topic.name
        return TopicReader(
            self.settings.kafka_bootstrap_servers, self.settings.kafka_topic_prefix + name
        )

    async def fetchval(self, sql: str, *args: Any) -> Any:
        async with self.runtime.pool.acquire() as conn:
            return await conn.fetchval(sql, *args)

    async def wait_for_row(self, sql: str, *args: Any, timeout_s: float = 20) -> None:
        async def found() -> bool:
            return bool(await self.fetchval(sql, *args))

        await wait_until(found, timeout_s)

    async def add_item(self, item_id: str, *skills: tuple[str, int], **fields: Any) -> None:
        body = {
            "item_id": item_id,
            "title": fields.pop("title", item_id),
            "kind": "course",
            "skills": [{"skill": s, "level": lvl} for s, lvl in skills],
            "duration_hours": 8,
            "format": "self_paced",
            **fields,
        }
        response = await self.client.post(
            "/v1/catalogue", json=body, headers=self.as_(Role.HR, employee_id="HR1")
        )
        assert response.status_code == 201, response.text


async def read_events(reader: TopicReader, topic: Topic, quiet_s: float = 1.5) -> list[Event]:
    return [e.event for e in decoded(topic, await reader.settle(quiet_s))]


def employee(
    employee_id: str,
    *,
    role_id: str | None = "swe-2",
    manager_id: str | None = None,
    skills: dict[str, int] | None = None,
    mentor_opt_in: bool = False,
) -> ev.EmployeeUpserted:
    return employee_upserted(
        employee_id,
        role_id=role_id,
        manager_id=manager_id,
        skills=skills,
        mentor_opt_in=mentor_opt_in,
    )
