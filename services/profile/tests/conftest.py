from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from lattice_devstack.testing.plugin import serving, settings_for
from lattice_profile.bootstrap import build
from lattice_profile.settings import ProfileSettings
from profile_testkit import WEBHOOK_SECRET, RunningProfile


@pytest.fixture
def profile_settings(service_environment: dict[str, str]) -> ProfileSettings:
    settings: ProfileSettings = settings_for(
        ProfileSettings,
        {
            **service_environment,
            "LATTICE_PROFILE_HRIS_WEBHOOK_SECRET": WEBHOOK_SECRET,
        },
    )
    return settings


@pytest.fixture
async def profile(profile_settings: ProfileSettings) -> AsyncIterator[RunningProfile]:
    """The profile service running in this process on the real broker and database."""
    runtime, app = build(profile_settings)
    async with serving(app) as client:
        yield RunningProfile(client, runtime, profile_settings)
