"""The console in a real browser (Debian's chromium, driven by Playwright) against the whole
stack as `lattice up` runs it: the real broker, real PostgreSQL, the six services and the console
as separate processes, loaded with the demo organisation's cast. Each screen is checked with
axe-core and saved as a screenshot under console/tests/screenshots/ (not committed)."""

from __future__ import annotations

import pytest
from console_browser_kit import CHROMIUM, PHONE, Running, as_hr, check_screen, signed_in
from lattice_devstack.demo.client import Lattice

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium: apt-get install -y chromium (.ci/run installs it)",
)


async def test_an_employee_signs_in_as_a_persona_and_sees_the_feed_with_its_picture(
    running: Running,
) -> None:
    anonymous = await (await running.browser.new_context(bypass_csp=True)).new_page()
    await anonymous.goto(running.console)
    assert anonymous.url == f"{running.console}/signin"
    await check_screen(anonymous, "signin")

    page = await signed_in(running, running.surfaced)

    card = page.locator("li.card").first
    await card.wait_for()
    picture = card.get_by_role("img")
    title = await picture.locator("title").text_content() or ""
    assert "level" in title
    assert "asks for" in title or "must have" in title
    assert await card.locator("svg g.matched, svg g.missing").count() >= 1
    assert await card.locator("svg line.required").count() >= 1
    await check_screen(page, "opportunities")


async def test_an_employee_sees_their_skills_and_who_can_see_them(running: Running) -> None:
    page = await signed_in(running, running.surfaced)
    await page.get_by_role("link", name="My skills").click()

    await page.get_by_role("heading", name="My skills").wait_for()
    skills = page.get_by_role("table", name="Skills")
    rows = skills.locator("tbody tr")
    held = next(p for p in running.org.people if p.employee_id == running.surfaced).skills
    assert await rows.count() == len(held)
    for skill_id in held:
        assert await skills.get_by_role("rowheader", name=skill_id, exact=True).count() == 1
    visibility = await page.locator(".visibility").text_content() or ""
    assert "your manager sees" in visibility
    await check_screen(page, "skills")

    await page.get_by_role("link", name="My learning").click()
    await page.get_by_role("heading", name="Mentoring").wait_for()
    await check_screen(page, "learning")


async def test_an_employee_cannot_reach_another_employees_pages(running: Running) -> None:
    page = await signed_in(running, running.surfaced)
    other = next(e for e in running.org.cast.values() if e != running.surfaced)

    own = await page.goto(f"{running.console}/people/{running.surfaced}")
    assert own is not None
    assert own.status == 200
    theirs = await page.goto(f"{running.console}/people/{other}")

    assert theirs is not None
    assert theirs.status == 404
    assert running.name(other) not in await page.content()
    figures = await page.goto(f"{running.console}/hr/figures")
    assert figures is not None
    assert figures.status == 403
    await check_screen(page, "not-for-you")


async def test_hr_sees_the_mobility_figures_as_charts(running: Running) -> None:
    page = await as_hr(running)
    await page.get_by_role("link", name="Mobility figures").click()

    await page.get_by_role("heading", name="Mobility figures").wait_for()
    funnel = page.get_by_role("img", name="The funnel", exact=False)
    assert "surfaced" in (await funnel.locator("title").text_content() or "")
    await check_screen(page, "figures")


async def test_the_console_fits_a_phone_screen_and_is_usable_by_keyboard(
    running: Running,
) -> None:
    page = await signed_in(running, running.surfaced, viewport=PHONE)

    fits = await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "no sideways scrolling on a phone"
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.textContent") == "Skip to content"
    await page.keyboard.press("Tab")
    await page.keyboard.press("Tab")
    await page.keyboard.press("Enter")  # the second link of the menu: My skills
    await page.wait_for_url(f"{running.console}/skills")
    await check_screen(page, "skills-phone")


async def test_a_manager_sees_the_team_but_not_the_goals_of_a_report_who_hides_them(
    running: Running,
) -> None:
    marta = running.org.cast["marta"]
    reports = [p.employee_id for p in running.org.people if p.manager_id == marta]
    hiding, open_ = [e for e in reports if e != running.surfaced][:2]
    async with Lattice(running.stack, running.org) as lattice:
        goals = {"target_role_ids": ["em-2"], "move_kinds": ["promotion"]}
        for report in (hiding, open_):
            await lattice.call("PUT", "profile", f"/v1/employees/{report}/goals", json=goals)
        privacy = {"discoverable": True, "hide_mobility_from_manager": True}
        await lattice.call("PUT", "profile", f"/v1/employees/{hiding}/privacy", json=privacy)
    page = await signed_in(running, marta)
    await page.get_by_role("link", name="My team").click()
    await page.get_by_role("table", name="Direct reports").wait_for()
    await check_screen(page, "team")

    await page.locator(f'a[href="/people/{open_}"]').click()
    await page.get_by_role("heading", name=running.name(open_)).wait_for()
    assert await page.get_by_role("heading", name="Career goals").count() == 1
    await page.goto(f"{running.console}/team")
    await page.locator(f'a[href="/people/{hiding}"]').click()

    await page.get_by_role("heading", name=running.name(hiding)).wait_for()
    assert await page.get_by_role("table", name="Skills").count() == 1
    assert await page.get_by_role("heading", name="Career goals").count() == 0
    assert await page.get_by_role("heading", name="Privacy").count() == 0
    assert "Target roles" not in await page.content()
    await check_screen(page, "report-hiding-mobility")
