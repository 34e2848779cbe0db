"""The webhooks service running in-process on the real broker and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from lattice_devstack.testing.plugin import serving, settings_for
from lattice_platform.auth import SigningKey
from lattice_webhooks.bootstrap import build
from lattice_webhooks.settings import WebhooksSettings
from webhooks_testkit import RunningWebhooks, Start

QUICK = {
    "allow_http": True,
    "poll_interval_s": 0.1,
    "first_retry_s": 0.05,
    "longest_retry_s": 0.4,
    "timeout_s": 2.0,
}
"""Plain http to the local receiver, and retries in fractions of a second."""


@pytest.fixture
def start_webhooks(service_environment: dict[str, str], signing_key: SigningKey) -> Start:
    """Start the service with these settings (over the quick ones); can be called again in a
    test to restart it on the same database."""

    @asynccontextmanager
    async def start(**overrides: Any) -> AsyncIterator[RunningWebhooks]:
        settings = settings_for(WebhooksSettings, service_environment, **{**QUICK, **overrides})
        runtime, app = build(settings)
        async with serving(app) as client:
            yield RunningWebhooks(client, runtime, settings, signing_key)

    return start


@pytest.fixture
async def webhooks(start_webhooks: Start) -> AsyncIterator[RunningWebhooks]:
    async with start_webhooks(max_attempts=50) as running:
        yield running
