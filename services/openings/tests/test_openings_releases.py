"""The current manager's release on the real broker and PostgreSQL: hidden until asked,
answered with a reason HR sees, automatic at the deadline, counted per manager; and the clock
the dev stack moves, which also closes openings whose end date passed."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from lattice_platform.auth import Role as AuthRole
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.topics import APPLICATIONS, FEED_ACTIONS
from lattice_platform.paging import encode_cursor
from openings_mobility_kit import Mobility, employee, interest, secondment

HAS_APPLICATION = "SELECT 1 FROM applications WHERE opening_id = $1 AND employee_id = $2"


async def _interested(m: Mobility, opening: str, *employee_ids: str) -> None:
    for employee_id in employee_ids:
        await m.send(FEED_ACTIONS, interest(employee_id, opening))
    for employee_id in employee_ids:
        await m.wait_for(HAS_APPLICATION, opening, employee_id)


async def _offered(s: Any) -> tuple[Mobility, str, dict[str, Any]]:
    """E-1 interested, shortlisted and offered the secondment: E-BOSS is asked to release them."""
    m = Mobility(s)
    await m.hear(employee("E-1"))
    opening = await m.open_opening(secondment())
    await _interested(m, opening, "E-1")
    await m.step(opening, "E-1", "shortlist")
    await m.step(opening, "E-1", "offer")
    (request,) = (await s.client.get("/v1/release-requests", headers=s.manager("E-BOSS"))).json()[
        "items"
    ]
    return m, opening, request


async def test_a_manager_hidden_from_sees_nothing_of_the_report_until_the_release_request(
    openings_service: Any,
) -> None:
    s = openings_service
    m = Mobility(s)
    await m.hear(employee("E-HIDDEN", hidden_from_manager=True), employee("E-OPEN"))
    opening = await m.open_opening(secondment())
    await _interested(m, opening, "E-HIDDEN", "E-OPEN")
    await m.step(opening, "E-HIDDEN", "shortlist")
    boss = s.manager("E-BOSS")

    team = (await s.client.get("/v1/team/applications", headers=boss)).json()["items"]
    assert [a["employee_id"] for a in team] == ["E-OPEN"]
    assert (await s.client.get("/v1/release-requests", headers=boss)).json()["items"] == []
    hidden_text = (await s.client.get("/v1/team/applications", headers=boss)).text
    assert "E-HIDDEN" not in hidden_text

    await m.step(opening, "E-HIDDEN", "offer")
    team = (await s.client.get("/v1/team/applications", headers=boss)).json()["items"]
    assert {(a["employee_id"], a["status"]) for a in team} == {
        ("E-OPEN", "interested"),
        ("E-HIDDEN", "offered"),
    }
    (request,) = (await s.client.get("/v1/release-requests", headers=boss)).json()["items"]
    assert request["employee_id"] == "E-HIDDEN"
    assert (await s.client.get("/v1/release-requests", headers=s.manager("E-X"))).json()[
        "items"
    ] == []


async def test_release_requests_page_by_time_and_refuse_a_cursor_they_did_not_give(
    openings_service: Any,
) -> None:
    s = openings_service
    m = Mobility(s)
    await m.hear(employee("E-A"), employee("E-B"))
    opening = await m.open_opening(secondment())
    for candidate in ("E-A", "E-B"):
        await m.send(FEED_ACTIONS, interest(candidate, opening))
        await m.wait_for(HAS_APPLICATION, opening, candidate)
        await m.step(opening, candidate, "offer")
    first = (await s.client.get("/v1/release-requests", params={"limit": 1}, headers=s.hr)).json()
    assert first["next_cursor"] is not None
    params = {"limit": 1, "cursor": first["next_cursor"]}
    second = (await s.client.get("/v1/release-requests", params=params, headers=s.hr)).json()
    assert [r["employee_id"] for r in first["items"] + second["items"]] == ["E-A", "E-B"]
    not_a_time = encode_cursor("R-1", "yesterday")
    forged = await s.client.get("/v1/release-requests", params={"cursor": not_a_time}, headers=s.hr)
    assert forged.status_code == 400


async def test_a_declined_release_keeps_the_candidate_and_shows_hr_the_reason(
    openings_service: Any,
) -> None:
    s = openings_service
    m, opening, request = await _offered(s)
    path = f"/v1/release-requests/{request['request_id']}"

    not_theirs = await s.client.post(f"{path}/approve", headers=s.manager("E-OTHER"))
    assert not_theirs.status_code == 404
    declined = await s.client.post(
        f"{path}/decline", json={"reason": "Release crunch until June"}, headers=s.manager("E-BOSS")
    )
    assert declined.json()["outcome"] == "declined"
    assert declined.json()["reason"] is None, "the manager's own answer echoes no HR-only field"
    twice = await s.client.post(f"{path}/approve", headers=s.manager("E-BOSS"))
    assert twice.status_code == 409
    assert "already answered" in twice.json()["detail"]

    accept = await s.client.post(
        f"/v1/openings/{opening}/accept", headers=s.as_("E-1", AuthRole.EMPLOYEE)
    )
    assert accept.status_code == 409
    assert "declined" in accept.json()["detail"]
    (for_hr,) = (await s.client.get("/v1/release-requests", headers=s.hr)).json()["items"]
    assert for_hr["reason"] == "Release crunch until June"
    figures = (await s.client.get("/v1/release-figures", headers=s.hr)).json()["items"]
    assert figures == [
        {"manager_id": "E-BOSS", "approved": 0, "declined": 1, "automatic": 0, "waiting": 0}
    ]
    heard = await m.events(APPLICATIONS, at_least=3)
    decided = [e for e in heard if isinstance(e, ev.ReleaseDecided)]
    assert [(d.outcome, d.manager_id) for d in decided] == [("declined", "E-BOSS")]
    assert "crunch" not in decided[0].model_dump_json()


async def test_an_unanswered_release_is_released_automatically_at_its_deadline(
    dev_openings_service: Any,
) -> None:
    s = dev_openings_service
    m, opening, request = await _offered(s)
    waiting = await m.fetchval("SELECT deadline - now() FROM releases")
    assert timedelta(days=12) < waiting <= timedelta(days=16), "10 working days"

    s.clock.advance(waiting - timedelta(hours=1))
    candidate = s.as_("E-1", AuthRole.EMPLOYEE)
    await asyncio.sleep(1.5)  # three rounds of the deadline job
    assert await m.fetchval("SELECT outcome FROM releases") is None

    s.clock.advance(timedelta(hours=2))  # the periodic job, not a request, releases
    await m.wait_for("SELECT 1 FROM releases WHERE outcome = 'automatic'", timeout_s=10)
    figures = (await s.client.get("/v1/release-figures", headers=s.hr)).json()["items"]
    assert figures[0]["automatic"] == 1
    heard = await m.events(APPLICATIONS, at_least=4)
    decided = [e for e in heard if isinstance(e, ev.ReleaseDecided)]
    assert [(d.request_id, d.outcome) for d in decided] == [(request["request_id"], "automatic")]
    own = (await s.client.get("/v1/my/applications", headers=candidate)).json()["items"]
    assert own[0]["can_accept"] is True
    accepted = await s.client.post(f"/v1/openings/{opening}/accept", headers=candidate)
    assert accepted.status_code == 200, accepted.text


async def test_an_open_opening_closes_itself_when_the_dev_clock_passes_its_end_date(
    dev_openings_service: Any,
) -> None:
    s = dev_openings_service
    m = Mobility(s)
    await m.hear(employee("E-1"))
    opening = await m.open_opening(secondment(starts_in_days=2, lasts_days=5))
    await _interested(m, opening, "E-1")
    moved = await s.client.post("/v1/dev/clock", json={"days": 8}, headers=s.hr)
    assert moved.status_code == 200, moved.text
    status = await m.fetchval("SELECT status FROM openings WHERE opening_id = $1", opening)
    assert status == "closed"
    assert await m.fetchval("SELECT stage FROM applications") == "closed"
    not_hr = await s.client.post("/v1/dev/clock", json={"days": 1}, headers=s.manager())
    assert not_hr.status_code == 403
