"""Career paths and HR's dead letters and onboarding in a real browser (Debian's chromium, driven
by Playwright) against the whole stack as `lattice up` runs it, with the demo organisation's cast
(a stack of its own, from conftest.py). Each screen is checked
with axe-core and saved as a screenshot under console/tests/screenshots/."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from console_browser_kit import CHROMIUM, PHONE, Running, as_hr, check_screen, signed_in
from lattice_devstack.demo.client import Lattice
from lattice_devstack.demo.organisation import Person, Role
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import RecordWriter
from lattice_platform.auth import Role as TokenRole
from lattice_platform.contracts import topics as t

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium package (.ci/run installs it)"
)
ONBOARDED = 450
"""Rows of the uploaded file: three parts of the console's 200 rows."""
HEADER = (
    "employee_id,name,work_email,role_id,grade,track,department,location,manager_id,"
    "hire_date,role_start_date,status,effective_at\n"
)


def gaps(person: Person, role: Role) -> set[str]:
    return {s for s, level in role.skills.items() if person.skills.get(s, (0,))[0] < level}


def closers(running: Running, person: Person, role: Role) -> set[str]:
    """The catalogue's items that build a skill of the gap to the level the role asks for."""
    return {
        item.title
        for item in running.org.catalogue
        if any(item.skills.get(s, 0) >= role.skills[s] for s in gaps(person, role))
    }


def climber(running: Running) -> tuple[Person, Role]:
    """A person of the cast and a role after theirs with a gap that the catalogue can close."""
    roles = {r.role_id: r for r in running.org.roles}
    for employee_id in running.org.cast.values():
        person = next(p for p in running.org.people if p.employee_id == employee_id)
        for next_id in roles[person.role_id].next_roles:
            if closers(running, person, roles[next_id]):
                return person, roles[next_id]
    raise AssertionError("no one of the cast has a gap the catalogue closes to a role after theirs")


async def test_an_employee_sees_the_roles_after_theirs_with_the_gap_and_learning_and_aims_at_one(
    running: Running,
) -> None:
    person, target = climber(running)
    roles = {r.role_id: r for r in running.org.roles}
    page = await signed_in(running, person.employee_id)
    await page.get_by_role("link", name="My career paths").click()

    await page.get_by_role("heading", name="My career paths").wait_for()
    cards = page.locator("li.card")
    assert await cards.count() == len(roles[person.role_id].next_roles)
    gap = page.get_by_role("table", name=f"My gap to {target.title}")
    shown = {
        (await cell.text_content() or "").strip()
        for cell in await gap.get_by_role("rowheader").all()
    }
    assert shown == gaps(person, target)
    card = cards.filter(has=gap)
    listed = await card.locator("ul.learning li").all_text_contents()
    assert {line.split(" (")[0] for line in listed} == closers(running, person, target)
    await card.get_by_role("heading", name="Mentors").wait_for()
    await check_screen(page, "career-paths")

    await card.get_by_role("button", name=f"Make {target.title} a career goal").click()

    await page.get_by_text(f"{target.title} is one of your career goals.").wait_for()
    await page.get_by_role("link", name="My skills").click()
    goals = page.locator("h2:has-text('Career goals') + ul")
    assert target.role_id in (await goals.text_content() or "")


async def test_hr_sees_the_dead_letters_of_each_topic_counted_on_the_broker(
    running: Running,
) -> None:
    openings = running.stack.extra_env["KAFKA_TOPIC_PREFIX"] + t.OPENINGS_TOPIC.name
    async with RecordWriter(running.stack.bootstrap_servers) as writer:
        await writer.raw(openings, b"not an event", key=b"O-x", headers=[])
    page = await as_hr(running)
    await page.get_by_role("link", name="Dead letters").click()
    table = page.get_by_role("table", name="Dead letters per topic")
    row = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=t.OPENINGS_TOPIC.name, exact=True)
    )

    async def every_reader_dead_lettered_it() -> bool:
        await page.reload()
        count = await row.get_by_role("cell").first.text_content()
        return count == str(len(t.OPENINGS_TOPIC.consumers))

    await wait_until(every_reader_dead_lettered_it, timeout_s=60, interval_s=1)
    assert await table.locator("tbody tr").count() == len(t.ALL_TOPICS)
    await check_screen(page, "dead-letters")
    await page.set_viewport_size(PHONE)
    fits = await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "no sideways scrolling on a phone"
    await check_screen(page, "dead-letters-phone")


async def test_hr_sees_the_webhook_subscriptions_and_a_subscriptions_dead_letters(
    running: Running,
) -> None:
    token = running.stack.token("integrations@example.com", [TokenRole.HR])
    async with httpx.AsyncClient() as client:
        made = await client.post(
            f"{running.stack.url('webhooks')}/v1/subscriptions",
            json={
                "url": "https://chat.example.com/hooks/lattice",
                "event_types": ["io.lattice.openings.opening.posted"],
                "description": "Openings to the chat channel",
            },
            headers={"Authorization": f"Bearer {token}"},
        )
    assert made.status_code == 201, made.text
    page = await as_hr(running)
    await page.get_by_role("link", name="Webhooks").click()
    subscriptions = page.get_by_role("table", name="Subscriptions")
    await subscriptions.get_by_role("rowheader", name="Openings to the chat channel").wait_for()
    await check_screen(page, "webhooks")
    await subscriptions.get_by_role("link", name="https://chat.example.com/hooks/lattice").click()
    await page.get_by_role("heading", name="Dead letters of https://chat.example.com").wait_for()
    dead = page.get_by_role("table", name="Dead letters, in the order they died")
    assert await dead.locator("tbody tr").all_text_contents() == [
        "None: every event reached this subscriber."
    ]
    await check_screen(page, "webhook-dead-letters")


async def test_hr_onboards_an_organisation_from_a_csv_and_sees_the_rejected_rows(
    running: Running, tmp_path: Path
) -> None:
    rows = [
        f"N{i:04d},New Person {i},new.{i}@example.com,swe-1,3,individual_contributor,"
        f"engineering,lisbon,,2026-01-05,2026-01-05,active,2026-01-05T09:00:00Z"
        for i in range(ONBOARDED)
    ]
    rows[10] = rows[10].replace(",3,", ",senior,")
    rows[300] = rows[300].replace("individual_contributor", "sideways")
    export = tmp_path / "organisation.csv"
    export.write_text(HEADER + "\n".join(rows) + "\n")
    page = await as_hr(running)
    await page.get_by_role("link", name="Onboarding").click()
    await check_screen(page, "onboarding")

    await page.get_by_label("CSV file").set_input_files(export)
    await page.get_by_role("button", name="Upload and onboard").click()

    await page.get_by_role("heading", name="Done").wait_for(timeout=120_000)
    bar = page.locator("progress")
    assert await bar.get_attribute("value") == await bar.get_attribute("max") == str(ONBOARDED)
    assert f"{ONBOARDED - 2} applied" in await page.locator(".summary").text_content()
    rejected = page.get_by_role("table", name="Rejected rows").locator("tbody tr")
    assert [await r.locator("th, td").all_text_contents() for r in await rejected.all()] == [
        [
            "12",
            "N0010",
            "grade: Input should be a valid integer, unable to parse string as an integer",
        ],
        ["302", "N0300", "track: Input should be 'management' or 'individual_contributor'"],
    ]
    await check_screen(page, "onboarding-done")
    async with Lattice(running.stack, running.org) as lattice:
        last = await lattice.call("GET", "profile", f"/v1/employees/N{ONBOARDED - 1:04d}")
        await lattice.call("GET", "profile", "/v1/employees/N0010", expect=404)
    assert last["name"] == f"New Person {ONBOARDED - 1}"


async def test_an_employee_is_refused_every_hr_page(running: Running) -> None:
    page = await signed_in(running, running.surfaced)
    for path in (
        "/hr/dead-letters",
        "/hr/webhooks",
        "/hr/webhooks/anything",
        "/hr/onboarding",
        "/hr/onboarding/anything/progress",
    ):
        response = await page.goto(f"{running.console}{path}")
        assert response is not None
        assert response.status == 403, path
    posted = await page.request.post(
        f"{running.console}/hr/onboarding",
        multipart={"file": {"name": "x.csv", "mimeType": "text/csv", "buffer": b"employee_id\n"}},
    )
    assert posted.status == 403
    assert "Dead letters" not in await page.content()
    await check_screen(page, "hr-not-for-you")
