"""The insights service running in-process on the real broker and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from insights_testkit import RunningInsights
from lattice_devstack.testing.plugin import serving, settings_for
from lattice_insights.bootstrap import build
from lattice_insights.settings import InsightsSettings
from lattice_platform.auth import SigningKey


@pytest.fixture
async def insights(
    service_environment: dict[str, str], signing_key: SigningKey
) -> AsyncIterator[RunningInsights]:
    settings = settings_for(InsightsSettings, service_environment, gauge_interval_s=0.2)
    runtime, app = build(settings)
    async with serving(app) as client:
        yield RunningInsights(client, runtime, settings, signing_key)
