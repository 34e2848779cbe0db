"""The mobility loop done by clicking, in a real browser against the whole stack (conftest's
``running``, a stack of this module's own): the employee's actions, the hiring manager's openings
and candidates, the current manager's release, the acceptance, HR's figures; each new screen
checked with axe-core and saved as a screenshot; and what the browser must not reach."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from console_browser_kit import CHROMIUM, PHONE, Running, check_screen, signed_in, signed_in_as
from lattice_devstack.demo.client import Lattice
from playwright.async_api import Page

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium: apt-get install -y chromium (.ci/run installs it)",
)

WAIT_S = 60
"""How long an event may take to travel between services on a loaded machine."""


@dataclass(frozen=True)
class Move:
    """An employee with a temporary opportunity on their feed, its hiring manager and the
    employee's current manager (someone else)."""

    employee_id: str
    opening_id: str
    title: str
    hiring_manager: str
    current_manager: str


@pytest.fixture(scope="module")
async def lattice(running: Running) -> AsyncIterator[Lattice]:
    async with Lattice(running.stack, running.org) as client:
        yield client


@pytest.fixture(scope="module")
async def loop_move(running: Running, lattice: Lattice) -> Move:
    """A temporary move whose opening was surfaced to someone else too, for the hiring manager
    to invite."""
    for _ in range(WAIT_S):
        for person in running.org.people:
            if person.manager_id is None:
                continue
            feed = await lattice.call("GET", "notifier", "/v1/feed", lattice.token_of(person))
            for item in feed["items"]:
                opening_id = item["opening_id"]
                opening = await lattice.call("GET", "openings", f"/v1/openings/{opening_id}")
                hiring = opening["hiring_manager_id"]
                candidates = await lattice.call(
                    "GET", "openings", f"/v1/openings/{opening_id}/candidates"
                )
                others = [
                    c
                    for c in candidates["items"]
                    if c["status"] == "surfaced" and c["employee_id"] != person.employee_id
                ]
                if item["kind"] == "temporary" and person.manager_id != hiring and others:
                    return Move(
                        person.employee_id, opening_id, item["title"], hiring, person.manager_id
                    )
        await asyncio.sleep(1)
    raise AssertionError("no temporary opening surfaced to two people, one with a manager")


async def _someone_with_a_new_item(
    running: Running, lattice: Lattice, loop_move: Move
) -> tuple[str, str]:
    """An employee (not the loop's) and an opening on their feed they have not acted on."""
    for person in running.org.people:
        if person.employee_id == loop_move.employee_id:
            continue
        feed = await lattice.call("GET", "notifier", "/v1/feed", lattice.token_of(person))
        for item in feed["items"]:
            if item["state"] == "new" and item["opening_id"] != loop_move.opening_id:
                return person.employee_id, item["opening_id"]
    raise AssertionError("nobody has an opportunity they have not acted on")


async def _someone_applies(
    running: Running, lattice: Lattice, avoid: set[str]
) -> tuple[str, dict[str, Any]]:
    """An employee (none of ``avoid``) interested in an open opening (not in ``avoid``) they
    found by browsing and are eligible for."""
    found = await lattice.call("GET", "openings", "/v1/openings")
    openings = [o for o in found["items"] if o["opening_id"] not in avoid]
    for person in running.org.people:
        for opening in openings:
            if person.employee_id in avoid | {opening["hiring_manager_id"]}:
                continue
            path = f"/v1/openings/{opening['opening_id']}/interest"
            token = lattice.token_of(person)
            answer = await lattice.call("POST", "notifier", path, token, expect=(200, 409, 422))
            if answer.get("state") == "interested":
                return person.employee_id, opening
    raise AssertionError("nobody is eligible for an open opening")


async def _reload_until(page: Page, found: str, timeout_s: float = WAIT_S) -> None:
    """Reload until ``found`` (a CSS selector) is on the page: what another service learns by an
    event shows up a moment later."""
    for _ in range(int(timeout_s)):
        if await page.locator(found).count():
            return
        await asyncio.sleep(1)
        await page.reload()
    raise AssertionError(f"{found} did not show on {page.url} within {timeout_s}s")


async def _fills_charted(page: Page) -> int:
    chart = page.get_by_role("img", name="Internal fill rate by month", exact=False)
    if not await chart.count():
        return 0
    title = await chart.locator("title").text_content() or ""
    return sum(int(n) for n in re.findall(r"% of (\d+)", title))


async def test_the_mobility_loop_is_done_by_clicking(
    running: Running, lattice: Lattice, loop_move: Move
) -> None:
    move = loop_move
    hidden = {"discoverable": True, "hide_mobility_from_manager": True}
    await lattice.call("PUT", "profile", f"/v1/employees/{move.employee_id}/privacy", json=hidden)
    hr = await signed_in_as(running, running.org.people[0].employee_id, "HR")
    await hr.goto(f"{running.console}/hr/figures")
    fills_before = await _fills_charted(hr)

    # The employee says they are interested, with a note.
    employee = await signed_in_as(running, move.employee_id)
    card = employee.locator(f'li.card[data-opening="{move.opening_id}"]')
    await card.get_by_label("A note for the hiring manager").fill("I ran our cluster upgrade.")
    await card.get_by_role("button", name="I'm interested").click()
    await employee.get_by_role("status").get_by_text("Your interest is on its way").wait_for()
    card = employee.locator(f'li.card[data-opening="{move.opening_id}"]')
    state = await card.locator(".state").text_content() or ""
    assert state.startswith("You are interested"), state  # then the application's status
    await check_screen(employee, "opportunity-acted-on")
    await employee.get_by_role("link", name="My applications").click()
    await employee.get_by_role("heading", name="My applications", level=1).wait_for()
    await _reload_until(employee, f'a[href="/applications/{move.opening_id}"]')
    await check_screen(employee, "applications")

    # Their manager sees none of it: the report hides their mobility.
    manager = await signed_in_as(running, move.current_manager, "manager")
    await manager.get_by_role("link", name="Release requests").click()
    team = manager.get_by_role("table", name="My team's applications")
    await team.wait_for()
    assert move.employee_id not in (await team.text_content() or "")

    # The hiring manager shortlists and offers.
    hiring = await signed_in_as(running, move.hiring_manager, "manager")
    await hiring.get_by_role("link", name="Hiring").click()
    await hiring.get_by_role("heading", name="Hiring", level=1).wait_for()
    await check_screen(hiring, "hiring")
    await hiring.get_by_role("link", name=f"Candidates for {move.title}").click()
    await hiring.get_by_role("heading", name=f"Candidates for {move.title}", level=1).wait_for()
    await _reload_until(hiring, f'li[data-candidate="{move.employee_id}"]')
    candidate = hiring.locator(f'li[data-candidate="{move.employee_id}"]')
    assert "I ran our cluster upgrade." in (await candidate.text_content() or "")
    assert await candidate.get_by_role("img").count() == 1, "the explanation's picture"
    await check_screen(hiring, "candidates")
    surfaced = hiring.locator("li[data-candidate]", has_text="surfaced").first
    invited = await surfaced.get_attribute("data-candidate")
    await surfaced.get_by_role("button", name="Invite to apply").click()
    await hiring.get_by_role("status").get_by_text(f"{invited} is invited to apply").wait_for()
    invitation = hiring.locator(f'li[data-candidate="{invited}"] .state')
    assert await invitation.text_content() == "invited"
    candidate = hiring.locator(f'li[data-candidate="{move.employee_id}"]')
    await candidate.get_by_role("button", name="Shortlist").click()
    await hiring.get_by_role("status").get_by_text("is shortlisted").wait_for()
    candidate = hiring.locator(f'li[data-candidate="{move.employee_id}"]')
    await candidate.get_by_role("button", name="Offer").click()
    await hiring.get_by_role("status").get_by_text("has an offer").wait_for()

    # The current manager is asked, with a deadline, and releases.
    await manager.reload()
    request = manager.locator("li.card", has_text=move.employee_id)
    assert "answer by" in (await request.text_content() or "")
    seen = await team.locator("tbody tr", has_text=move.employee_id).text_content() or ""
    assert move.opening_id in seen, "asked, the manager sees it"
    await check_screen(manager, "release-requests")
    await request.get_by_role("button", name=f"Release {move.employee_id}", exact=True).click()
    await manager.get_by_role("status").get_by_text("Released").wait_for()

    # The employee accepts.
    await employee.goto(f"{running.console}/applications/{move.opening_id}")
    await check_screen(employee, "offer")
    await employee.get_by_role("button", name="Accept the offer").click()
    await employee.get_by_role("status").get_by_text("You accepted the offer").wait_for()
    assert "placed" in (await employee.locator(".status").text_content() or "")

    # HR sees the fill in the chart.
    for _ in range(WAIT_S):
        await hr.reload()
        if await _fills_charted(hr) == fills_before + 1:
            break
        await asyncio.sleep(1)
    assert await _fills_charted(hr) == fills_before + 1
    await check_screen(hr, "figures-after-a-fill")


async def test_an_employee_asks_why_not_me_then_saves_and_dismisses_by_keyboard_without_js(
    running: Running, lattice: Lattice, loop_move: Move
) -> None:
    employee_id, opening_id = await _someone_with_a_new_item(running, lattice, loop_move)
    page = await signed_in_as(running, employee_id)
    await page.get_by_role("link", name="Open openings").click()
    await page.get_by_role("heading", name="Open openings", level=1).wait_for()
    await check_screen(page, "open-openings")
    open_ = await lattice.call("GET", "openings", "/v1/openings")
    elsewhere = next(o for o in open_["items"] if o["opening_id"] != opening_id)
    await page.get_by_role("link", name=elsewhere["title"]).click()

    await page.get_by_role("heading", name="Why not me?").wait_for()
    path = f"/v1/openings/{elsewhere['opening_id']}/why-not-me"
    why = await lattice.call("GET", "notifier", path, lattice.token_of(employee_id))
    said = await page.get_by_role("region", name="Why not me?").text_content() or ""
    assert all(reason in said for reason in why["reasons"]), (why, said)
    gap = page.get_by_role("table", name="Your gap").locator("tbody tr")
    assert await gap.count() == len(why["gap"])
    await check_screen(page, "why-not-me")

    keyboard = await signed_in_as(running, employee_id, java_script_enabled=False, viewport=PHONE)
    fits = "document.documentElement.scrollWidth <= window.innerWidth"
    assert await keyboard.evaluate(fits), "the actions fit a phone without sideways scrolling"
    card = keyboard.locator(f'li.card[data-opening="{opening_id}"]')
    await card.get_by_label("A note for the hiring manager").focus()
    await keyboard.keyboard.press("Tab")  # I'm interested
    await keyboard.keyboard.press("Tab")  # Save
    assert "Save" in await keyboard.evaluate("document.activeElement.textContent")
    await keyboard.keyboard.press("Enter")
    await keyboard.get_by_role("status").get_by_text("Saved.").wait_for()
    card = keyboard.locator(f'li.card[data-opening="{opening_id}"]')
    assert await card.locator(".state").text_content() == "Saved"

    await card.get_by_label("Reason to dismiss").select_option("location")
    await card.get_by_label("Reason to dismiss").focus()
    await keyboard.keyboard.press("Tab")  # Dismiss
    await keyboard.keyboard.press("Enter")
    await keyboard.get_by_role("status").get_by_text("Dismissed").wait_for()
    assert await keyboard.locator(f'li.card[data-opening="{opening_id}"]').count() == 0


async def test_a_hiring_manager_posts_an_opening_from_a_role_edits_opens_and_closes_it(
    running: Running, lattice: Lattice
) -> None:
    marta = running.org.cast["marta"]
    role_id = next(p.role_id for p in running.org.people if p.employee_id == marta)
    role = await lattice.call("GET", "openings", f"/v1/roles/{role_id}")
    page = await signed_in(running, marta)
    await page.get_by_role("link", name="Hiring").click()
    await page.get_by_role("heading", name="Hiring", level=1).wait_for()
    await page.get_by_role("link", name="Post an opening from a role").click()
    await page.get_by_role("heading", name="Post an opening", level=1).wait_for()
    await check_screen(page, "role-picker")
    await page.get_by_label("Role").select_option(role_id)
    await page.get_by_role("button", name="Continue").click()

    held = role["skill_profile"]
    skills = [
        await page.get_by_label(f"Skill {i + 1}", exact=True).input_value()
        for i in range(len(held))
    ]
    assert skills == [s["skill_id"] for s in held], "the role's skill profile is filled in"
    await check_screen(page, "opening-form")
    title = "Console-posted secondment"
    starts = date.today() + timedelta(days=30)
    await page.get_by_label("Title").fill(title)
    await page.get_by_label("Kind", exact=True).select_option("temporary")
    await page.get_by_label("Kind of assignment").select_option("secondment")
    await page.get_by_label("Share of time (%)").fill("50")
    await page.get_by_label("Starts on").fill(starts.isoformat())
    await page.get_by_label("Ends on").fill((starts + timedelta(days=90)).isoformat())
    await page.get_by_label("Sites").fill("lisbon")
    await page.get_by_label("Months in role at least").fill("6")
    blank = len(role["skill_profile"]) + 1
    await page.get_by_label(f"Skill {blank}", exact=True).fill("kubernets")
    await page.get_by_role("button", name="Save").click()

    refused = page.get_by_role("alert")
    assert "kubernets" in (await refused.text_content() or ""), "the service says which skill"
    assert await page.get_by_label("Title").input_value() == title, "what was typed is kept"
    await page.get_by_label(f"Skill {blank}", exact=True).fill("kubernetes")
    await page.get_by_role("button", name="Save").click()
    assert await page.get_by_role("alert").count() == 0, await page.get_by_role(
        "alert"
    ).all_text_contents()
    await page.get_by_role("status").get_by_text("is saved as a draft").wait_for()
    row = page.get_by_role("row", name=title)
    assert "draft" in (await row.text_content() or "")

    await row.get_by_role("link", name="Edit").click()
    assert await page.get_by_label("Months in role at least").input_value() == "6"
    assert await page.get_by_label("Share of time (%)").input_value() == "50"
    await page.get_by_label("Title").fill(f"{title}, revised")
    await page.get_by_role("button", name="Save").click()
    row = page.get_by_role("row", name=f"{title}, revised")
    await row.get_by_role("button", name="Open").click()
    await page.get_by_role("status").get_by_text("The opening is open").wait_for()
    assert "open" in (await page.get_by_role("row", name=f"{title}, revised").text_content() or "")
    await page.get_by_role("link", name="Open openings").click()
    await page.get_by_role("heading", name="Open openings", level=1).wait_for()
    assert await page.get_by_role("link", name=f"{title}, revised").count() == 1

    await page.get_by_role("link", name="Hiring").click()
    await page.get_by_role("heading", name="Hiring", level=1).wait_for()
    row = page.get_by_role("row", name=f"{title}, revised")
    await row.get_by_role("button", name="Close").click()
    await page.get_by_role("status").get_by_text("The opening is closed").wait_for()
    assert "closed" in (
        await page.get_by_role("row", name=f"{title}, revised").text_content() or ""
    )


async def test_an_employee_cannot_open_another_employees_application_or_candidates(
    running: Running, lattice: Lattice, loop_move: Move
) -> None:
    avoid = {loop_move.employee_id, loop_move.opening_id, running.org.people[0].employee_id}
    applicant, opening = await _someone_applies(running, lattice, avoid)
    mine = await signed_in_as(running, applicant)
    await mine.goto(f"{running.console}/applications")
    await _reload_until(mine, f'a[href="/applications/{opening["opening_id"]}"]')
    outsider = next(
        p.employee_id
        for p in running.org.people
        if p.employee_id not in avoid | {applicant, opening["hiring_manager_id"]}
    )
    page = await signed_in_as(running, outsider, "manager")

    for path in (
        f"/applications/{opening['opening_id']}",
        f"/hiring/{opening['opening_id']}/candidates",
    ):
        answer = await page.goto(f"{running.console}{path}")
        assert answer is not None
        assert answer.status == 404, path
        assert await page.get_by_role("heading", name="Not found").count() == 1
        assert applicant not in await page.content()
    await check_screen(page, "not-found")

    # The hiring manager can, and declines; the applicant reads a courteous status, not why.
    hiring = await signed_in_as(running, opening["hiring_manager_id"], "manager")
    await hiring.goto(f"{running.console}/hiring/{opening['opening_id']}/candidates")
    await _reload_until(hiring, f'li[data-candidate="{applicant}"]')
    candidate = hiring.locator(f'li[data-candidate="{applicant}"]')
    await candidate.get_by_label("Reason to decline").fill("Needs more SQL first")
    await candidate.get_by_role("button", name="Decline").click()
    await hiring.get_by_role("status").get_by_text("is declined").wait_for()
    await mine.goto(f"{running.console}/applications/{opening['opening_id']}")
    status = await mine.locator(".status").text_content() or ""
    assert "will not take your application further" in status
    assert "SQL" not in await mine.content()
