"""The learning service running in-process on the real broker and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from lattice_devstack.testing.plugin import serving, settings_for
from lattice_learning.bootstrap import build
from lattice_learning.settings import LearningSettings
from lattice_platform.auth import SigningKey
from learning_harness import Learning


@pytest.fixture
async def learning(
    service_environment: dict[str, str], signing_key: SigningKey
) -> AsyncIterator[Learning]:
    settings = settings_for(LearningSettings, service_environment, max_page_size=5)
    runtime, app = build(settings)
    async with serving(app) as client:
        yield Learning(client, runtime, settings, signing_key)
