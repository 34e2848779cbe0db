"""What the console's browser tests share: Debian's chromium driven by Playwright, signing in
through the persona picker, axe-core and the screenshots. The stack itself is conftest's
``running`` fixture."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lattice_devstack.demo.client import Lattice
from lattice_devstack.demo.organisation import Organisation
from lattice_devstack.stack import CONSOLE, Stack
from playwright.async_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root in CI containers
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-sync",
    "--no-first-run",
]
AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
SCREENSHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 390, "height": 844}
FEED_WAIT_S = 60


@dataclass(frozen=True)
class Running:
    stack: Stack
    org: Organisation
    browser: Browser
    surfaced: str
    """An employee of the cast with an opportunity in their feed."""

    @property
    def console(self) -> str:
        return self.stack.url(CONSOLE)

    def name(self, employee_id: str) -> str:
        return next(p.name for p in self.org.people if p.employee_id == employee_id)


async def someone_surfaced(lattice: Lattice, org: Organisation) -> str:
    """The first of the cast whose feed shows an opportunity once the openings are matched."""
    for _ in range(FEED_WAIT_S):
        for employee_id in org.cast.values():
            feed = await lattice.call("GET", "notifier", "/v1/feed", lattice.token_of(employee_id))
            if feed["items"]:
                return employee_id
        await asyncio.sleep(1)
    raise AssertionError(f"no feed of the cast showed an opportunity within {FEED_WAIT_S}s")


async def signed_in(running: Running, employee_id: str, **context: Any) -> Page:
    """A fresh browser (no cookie) signed in through the persona picker as ``employee_id``."""
    page = await (await running.browser.new_context(bypass_csp=True, **context)).new_page()
    await page.goto(f"{running.console}/signin")
    await page.get_by_role("button", name=running.name(employee_id), exact=False).first.click()
    await page.wait_for_url(f"{running.console}/opportunities")
    return page


async def as_hr(running: Running) -> Page:
    """A fresh browser signed in as the head of the organisation, the persona who is HR."""
    head = running.org.people[0]
    page = await (await running.browser.new_context(bypass_csp=True)).new_page()
    await page.goto(f"{running.console}/signin")
    await page.get_by_role("button", name=f"{head.name} (HR)").click()
    await page.wait_for_url(f"{running.console}/opportunities")
    return page


async def signed_in_as(running: Running, employee_id: str, *roles: str, **context: Any) -> Page:
    """A fresh browser signed in as anyone (the picker's form under the personas), with the
    roles ticked besides employee."""
    page = await (await running.browser.new_context(bypass_csp=True, **context)).new_page()
    await page.goto(f"{running.console}/signin")
    await page.get_by_label("Employee id").fill(employee_id)
    for role in roles:
        await page.get_by_label(role, exact=True).check()
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await page.wait_for_url(f"{running.console}/opportunities")
    return page


async def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands."""
    await page.add_script_tag(content=AXE)
    results = await page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


async def check_screen(page: Page, name: str) -> None:
    await page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    assert await serious_violations(page) == [], name
