"""The console's browser tests run against the whole stack as `lattice up` runs it: the real
broker, real PostgreSQL, the six services and the console as separate processes, loaded with the
demo organisation's cast. Each test module gets a stack of its own."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from console_browser_kit import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, Running, someone_surfaced
from lattice_devstack.demo.client import Lattice
from lattice_devstack.demo.journeys import OPEN_AT_START
from lattice_devstack.demo.load import load
from lattice_devstack.demo.organisation import generate
from lattice_devstack.demo.personas import personas
from lattice_devstack.stack import Stack
from lattice_devstack.testing.plugin import Infrastructure, fresh_database
from playwright.async_api import async_playwright


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Emptied once a session, so that every module's screenshots are kept."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir()
    return SCREENSHOTS


@pytest.fixture(scope="module")
async def running(
    infrastructure: Infrastructure, tmp_path_factory: pytest.TempPathFactory, screenshots: Path
) -> AsyncIterator[Running]:
    org = generate(seed=7, size=24)
    prefix = "tconsole."
    async with fresh_database(infrastructure) as database_url:
        stack = Stack(
            tmp_path_factory.mktemp("console-stack"),
            environment={"DATABASE_URL": database_url, **infrastructure.kafka_environment},
            free_ports=True,
            extra_env={
                "KAFKA_TOPIC_PREFIX": prefix,
                "LATTICE_PROFILE_DEFAULT_DISCOVERABLE": "true",
            },
            personas=personas(org),
        )
        try:
            await stack.start(timeout_s=120)
            async with Lattice(stack, org, prefix) as lattice:
                await load(
                    lattice, org, skip=set(), opening_keys=OPEN_AT_START, progress=lambda _: None
                )
                surfaced = await someone_surfaced(lattice, org)
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                yield Running(stack, org, browser, surfaced)
                await browser.close()
        finally:
            stack.stop()
