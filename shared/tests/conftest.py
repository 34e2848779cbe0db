from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from lattice_platform.runtime import Runtime
from lattice_platform.settings import ServiceSettings
from platform_testkit import Ledger, ledger_runtime


@pytest.fixture
def ledger() -> Ledger:
    return Ledger()


@pytest.fixture
async def running_ledger(topics: ServiceSettings, ledger: Ledger) -> AsyncIterator[Runtime]:
    runtime = ledger_runtime(topics, ledger)
    async with runtime.running():
        yield runtime
