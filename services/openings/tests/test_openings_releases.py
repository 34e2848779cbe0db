"""The current manager's release on the real broker and PostgreSQL: hidden until asked,
answered with a reason HR sees (by the manager, or HR on their behalf), automatic at the deadline,
counted per manager, moot once the candidate leaves; and the clock the dev stack moves, which also
closes openings whose end date passed, is one for every replica."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

from lattice_devstack.testing.events import employee_upserted
from lattice_devstack.testing.kafka import RecordWriter
from lattice_platform.auth import Role as AuthRole
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import EmployeeStatus
from lattice_platform.contracts.topics import APPLICATIONS, EMPLOYEES, FEED_ACTIONS
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


async def test_a_declined_release_declines_the_application_and_shows_hr_the_reason(
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
    changed = [e for e in heard if isinstance(e, ev.ApplicationChanged)]
    assert [c.status for c in changed][-1] == "declined"
    candidate = s.as_("E-1", AuthRole.EMPLOYEE)
    (own,) = (await s.client.get("/v1/my/applications", headers=candidate)).json()["items"]
    assert (own["status"], own["can_accept"]) == ("declined", False)
    assert "crunch" not in own["message"]
    again = await m.step(opening, "E-1", "offer")
    assert again.status_code == 409
    assert "it is declined" in again.json()["detail"]


async def test_hr_answers_a_release_on_the_managers_behalf_and_it_is_recorded_as_such(
    openings_service: Any,
) -> None:
    s = openings_service
    m, opening, request = await _offered(s)
    path = f"/v1/release-requests/{request['request_id']}"
    assert (request["answered_by"], request["on_behalf"]) == (None, False)

    not_a_manager = await s.client.post(f"{path}/approve", headers=s.employee)
    assert not_a_manager.status_code == 403
    approved = await s.client.post(f"{path}/approve", headers=s.hr)
    assert approved.status_code == 200, approved.text
    assert approved.json() | {"decided_at": None} == request | {
        "outcome": "approved",
        "answered_by": "E-HR",
        "on_behalf": True,
        "decided_at": None,
    }
    (seen,) = (await s.client.get("/v1/release-requests", headers=s.manager("E-BOSS"))).json()[
        "items"
    ]
    assert (seen["outcome"], seen["answered_by"], seen["on_behalf"]) == ("approved", "E-HR", True)
    late = await s.client.post(
        f"{path}/decline", json={"reason": "No"}, headers=s.manager("E-BOSS")
    )
    assert late.status_code == 409
    figures = (await s.client.get("/v1/release-figures", headers=s.hr)).json()["items"]
    assert figures == [
        {"manager_id": "E-BOSS", "approved": 1, "declined": 0, "automatic": 0, "waiting": 0}
    ]
    heard = await m.events(APPLICATIONS, at_least=5)
    (decided,) = [e for e in heard if isinstance(e, ev.ReleaseDecided)]
    assert (decided.manager_id, decided.on_behalf) == ("E-BOSS", True)
    assert "E-HR" not in decided.model_dump_json(), "that HR answered travels, not who"
    accepted = await s.client.post(
        f"/v1/openings/{opening}/accept", headers=s.as_("E-1", AuthRole.EMPLOYEE)
    )
    assert accepted.status_code == 200, accepted.text


async def test_the_manager_answering_themselves_is_not_recorded_as_on_behalf(
    openings_service: Any,
) -> None:
    s = openings_service
    m, _, request = await _offered(s)
    path = f"/v1/release-requests/{request['request_id']}/approve"
    answered = (await s.client.post(path, headers=s.manager("E-BOSS"))).json()
    assert (answered["answered_by"], answered["on_behalf"]) == ("E-BOSS", False)
    heard = await m.events(APPLICATIONS, at_least=5)
    (decided,) = [e for e in heard if isinstance(e, ev.ReleaseDecided)]
    assert decided.on_behalf is False


async def test_a_manager_offering_their_own_report_a_place_is_not_asked_to_release_them(
    openings_service: Any,
) -> None:
    s = openings_service
    m = Mobility(s)
    await m.hear(employee("E-OWN", manager_id="E-MGR"), employee("E-1"))
    opening = await m.open_opening(secondment())
    await _interested(m, opening, "E-OWN", "E-1")
    for candidate in ("E-OWN", "E-1"):
        offered = await m.step(opening, candidate, "offer")
        assert offered.status_code == 200, offered.text

    assert (await s.client.get("/v1/release-requests", headers=s.manager("E-MGR"))).json()[
        "items"
    ] == []
    (asked,) = (await s.client.get("/v1/release-requests", headers=s.hr)).json()["items"]
    assert (asked["employee_id"], asked["manager_id"]) == ("E-1", "E-BOSS")
    candidates = (await m.candidates(opening, s.manager("E-MGR"))).json()["items"]
    waivers = {c["employee_id"]: (c["release"], c["release_waived"]) for c in candidates}
    assert waivers["E-OWN"] == (
        None,
        "the candidate's current manager is the hiring manager making the offer",
    )
    assert waivers["E-1"][0]["outcome"] is None, "the other candidate's manager is asked"
    assert waivers["E-1"][1] is None
    heard = await m.events(APPLICATIONS, at_least=5)  # 2 interested, 2 offered, 1 request
    requested = [e.employee_id for e in heard if isinstance(e, ev.ReleaseRequested)]
    assert requested == ["E-1"]

    own = s.as_("E-OWN", AuthRole.EMPLOYEE)
    (mine,) = (await s.client.get("/v1/my/applications", headers=own)).json()["items"]
    assert mine["can_accept"] is True
    accepted = await s.client.post(f"/v1/openings/{opening}/accept", headers=own)
    assert accepted.status_code == 200, accepted.text


async def test_a_leavers_applications_are_withdrawn_and_their_release_request_is_moot(
    dev_openings_service: Any,
) -> None:
    s = dev_openings_service
    m, offered_opening, request = await _offered(s)
    other = await m.open_opening(secondment())
    await _interested(m, other, "E-1")
    await m.send(EMPLOYEES, ev.EmployeeLeft(employee_id="E-1", left_on=date.today()))
    await m.wait_for(
        "SELECT count(*) = 2 FROM applications WHERE employee_id = 'E-1' AND stage = 'withdrawn'"
    )
    heard = await m.events(APPLICATIONS, at_least=7)
    ended = {
        e.opening_id
        for e in heard
        if isinstance(e, ev.ApplicationChanged) and e.status == "withdrawn"
    }
    assert ended == {offered_opening, other}
    boss = s.manager("E-BOSS")
    assert (await s.client.get("/v1/release-requests", headers=boss)).json()["items"] == []
    late = await s.client.post(
        f"/v1/release-requests/{request['request_id']}/approve", headers=boss
    )
    assert late.status_code == 409
    assert "moot" in late.json()["detail"]
    moved = await s.client.post("/v1/dev/clock", json={"days": 20}, headers=s.hr)
    assert moved.status_code == 200, moved.text
    assert await m.fetchval("SELECT outcome FROM releases") is None, "a moot request never lapses"
    figures = (await s.client.get("/v1/release-figures", headers=s.hr)).json()["items"]
    assert figures == [
        {"manager_id": "E-BOSS", "approved": 0, "declined": 0, "automatic": 0, "waiting": 0}
    ]
    candidates = (await m.candidates(other, s.manager("E-MGR"))).json()["items"]
    assert [(c["employee_id"], c["status"]) for c in candidates] == [("E-1", "withdrawn")]


async def test_a_departure_announced_early_ends_applications_when_it_is_heard_not_later(
    openings_service: Any,
) -> None:
    s = openings_service
    m, opening, _ = await _offered(s)
    before = datetime.now(UTC)
    leaving = ev.EmployeeLeft(employee_id="E-1", left_on=date.today() + timedelta(days=30))
    await m.send(EMPLOYEES, leaving)
    await m.wait_for("SELECT 1 FROM applications WHERE stage = 'withdrawn'")
    after = datetime.now(UTC)

    assert before <= await m.fetchval("SELECT changed_at FROM applications") <= after
    heard = await m.events(APPLICATIONS, at_least=5)
    (withdrawn,) = [
        e for e in heard if isinstance(e, ev.ApplicationChanged) and e.status == "withdrawn"
    ]
    assert withdrawn.opening_id == opening
    assert before <= withdrawn.changed_at <= after, "dated when heard, not on the leaving date"


async def test_an_unanswered_release_is_released_automatically_at_its_deadline(
    dev_openings_service: Any,
) -> None:
    s = dev_openings_service
    m, opening, request = await _offered(s)
    requested_at = await m.fetchval("SELECT requested_at FROM releases")
    deadline = await m.fetchval("SELECT deadline FROM releases")
    span = deadline - requested_at
    weekdays = [(requested_at + timedelta(days=d)).weekday() < 5 for d in range(1, span.days + 1)]
    assert span == timedelta(days=span.days), "whole days after the request"
    assert sum(weekdays) == 10, "10 working days"
    assert weekdays[-1], "the deadline is a working day"
    waiting = await m.fetchval("SELECT deadline - now() FROM releases")

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


async def _words(m: Mobility, employee_id: str) -> list[tuple[str, str | None, str | None]]:
    """(stage, note, decline reason) of each application of the employee; then each release's
    reason, as (outcome, None, reason)."""
    async with m.s.runtime.pool.acquire() as conn:
        applications = await conn.fetch(
            "SELECT stage, note, decline_reason FROM applications WHERE employee_id = $1"
            " ORDER BY stage",
            employee_id,
        )
        releases = await conn.fetch(
            "SELECT outcome, reason FROM releases WHERE employee_id = $1 ORDER BY outcome",
            employee_id,
        )
    return [(r["stage"], r["note"], r["decline_reason"]) for r in applications] + [
        (r["outcome"], None, r["reason"]) for r in releases
    ]


async def _heard(s: Any, event: ev.Event) -> None:
    """Send ``event`` about an employee as a record of its own; wait until openings handled it."""
    async with RecordWriter(s.settings.kafka_bootstrap_servers) as writer:
        event_id = await writer.event(s.runtime.names.of(EMPLOYEES), event)
    await Mobility(s).wait_for("SELECT 1 FROM inbox WHERE event_id = $1", event_id)


async def test_erasure_forgets_the_notes_and_reasons_about_that_person_only_and_again_harmlessly(
    openings_service: Any,
) -> None:
    s = openings_service
    m, _, request = await _offered(s)  # E-1, with a release request to E-BOSS
    declined = await s.client.post(
        f"/v1/release-requests/{request['request_id']}/decline",
        json={"reason": "E-1 is needed here"},
        headers=s.manager("E-BOSS"),
    )
    assert declined.status_code == 200, declined.text
    other = await m.open_opening(secondment())
    await m.hear(employee("E-2"))
    await m.send(
        FEED_ACTIONS, interest("E-1", other, "E-1 wrote this"), interest("E-2", other, "E-2 too")
    )
    for who in ("E-1", "E-2"):
        await m.wait_for(HAS_APPLICATION, other, who)
        refused = await m.step(other, who, "decline", reason=f"{who} lacks Go")
        assert refused.status_code == 200, refused.text
    assert ("declined", "E-1 wrote this", "E-1 lacks Go") in await _words(m, "E-1")
    assert ("declined", None, "E-1 is needed here") in await _words(m, "E-1")
    theirs = await _words(m, "E-2")
    assert theirs == [("declined", "E-2 too", "E-2 lacks Go")]

    await _heard(s, ev.EmployeeLeft(employee_id="E-1", left_on=date.today()))
    late = await m.open_opening(secondment())  # interest heard after the leave: still active
    await m.send(FEED_ACTIONS, interest("E-1", late, "E-1 wrote this late"))
    await m.wait_for(HAS_APPLICATION + " AND stage = 'interested'", late, "E-1")
    erasure = employee_upserted(
        "E-1",
        manager_id=None,
        discoverable=False,
        status=EmployeeStatus.LEFT,
        skills=(),
        erased=True,
        changed_at=datetime.now(UTC),
    )
    await _heard(s, erasure)

    forgotten = [("declined", None, None)] * 2 + [("withdrawn", None, None)]
    forgotten.append(("declined", None, None))  # the release
    assert await _words(m, "E-1") == forgotten, "the rows stay, by id, for the figures"
    assert await _words(m, "E-2") == theirs
    figures = (await s.client.get("/v1/release-figures", headers=s.hr)).json()["items"]
    assert figures == [
        {"manager_id": "E-BOSS", "approved": 0, "declined": 1, "automatic": 0, "waiting": 0}
    ]

    await _heard(s, erasure)  # the same snapshot again, past the inbox (a replay)
    assert await _words(m, "E-1") == forgotten
    assert await _words(m, "E-2") == theirs
