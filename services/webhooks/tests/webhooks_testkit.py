"""Test helpers of the webhooks service: the service in-process, and a subscriber's HTTP endpoint
on a real local port that refuses, fails, then recovers (imported by its tests and conftest)."""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from lattice_devstack.testing.kafka import RecordWriter
from lattice_devstack.testing.plugin import signed_in
from lattice_platform.auth import Role, SigningKey
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import Event
from lattice_platform.runtime import Runtime
from lattice_webhooks.settings import WebhooksSettings
from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


@dataclass
class RunningWebhooks:
    client: httpx.AsyncClient
    runtime: Runtime
    settings: WebhooksSettings
    key: SigningKey

    def as_(self, *roles: Role, employee_id: str | None = None) -> dict[str, str]:
        return signed_in(self.key, *roles, employee_id=employee_id)

    @property
    def hr(self) -> dict[str, str]:
        return self.as_(Role.HR, employee_id="HR1")

    async def subscribe(self, url: str, event_types: list[str], scope: str) -> dict[str, Any]:
        response = await self.client.post(
            "/v1/subscriptions",
            json={"url": url, "event_types": event_types, "scope": scope},
            headers=self.hr,
        )
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    async def dead_letters(self, subscription_id: str) -> list[dict[str, Any]]:
        response = await self.client.get(
            f"/v1/subscriptions/{subscription_id}/dead-letters", headers=self.hr
        )
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    async def send(self, events: list[tuple[t.Topic, Event]]) -> list[str]:
        """Publish ``events``; their CloudEvents ids, in order."""
        async with RecordWriter(self.settings.kafka_bootstrap_servers) as writer:
            return [
                await writer.event(self.settings.kafka_topic_prefix + topic.name, event)
                for topic, event in events
            ]


Start = Callable[..., AbstractAsyncContextManager[RunningWebhooks]]
"""Starts the service with settings over the quick ones (the ``start_webhooks`` fixture)."""


@dataclass(frozen=True)
class Received:
    webhook_id: str
    event_id: str
    event_type: str
    data: dict[str, Any]
    status: int
    body: bytes
    headers: dict[str, str]


@dataclass
class Receiver:
    """A subscriber: every path is an endpoint; ``secrets`` maps a path to the secret its
    deliveries must verify with (the standardwebhooks verifier). It answers 500 to the first
    ``failures`` requests (or to all while ``failing``), then 204, and records every request."""

    port: int
    secrets: dict[str, str] = field(default_factory=dict)
    failures: int = 0
    failing: bool = False
    requests: dict[str, list[Received]] = field(default_factory=lambda: defaultdict(list))
    unverified: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _endpoint(self, request: Request) -> Response:
        path = request.url.path
        body = await request.body()
        try:
            document = Webhook(self.secrets[path]).verify(body, dict(request.headers))
        except (KeyError, WebhookVerificationError) as error:
            self.unverified.append(f"{path}: {error!r}")
            return Response(status_code=400)
        status = 500 if self.failing or self.failures > 0 else 204
        self.failures = max(0, self.failures - 1)
        self.requests[path].append(
            Received(
                webhook_id=request.headers["webhook-id"],
                event_id=document["event_id"],
                event_type=document["type"],
                data=document["data"],
                status=status,
                body=body,
                headers=dict(request.headers),
            )
        )
        return Response(status_code=status)

    def accepted(self, path: str) -> list[Received]:
        return [r for r in self.requests[path] if r.status == 204]

    @contextlib.asynccontextmanager
    async def listening(self) -> AsyncIterator[Receiver]:
        app = Starlette(routes=[Route("/{path:path}", self._endpoint, methods=["POST"])])
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve())
        try:
            while not server.started:
                if task.done():
                    task.result()
                await asyncio.sleep(0.02)
            yield self
        finally:
            server.should_exit = True
            await task
