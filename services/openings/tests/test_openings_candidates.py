"""The hiring manager's candidates on the real broker and PostgreSQL: each move and its illegal
neighbours, privacy per role, placement."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
from lattice_platform.auth import Role as AuthRole
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.envelope import encode
from lattice_platform.contracts.topics import (
    APPLICATIONS,
    FEED_ACTIONS,
    OPENINGS_TOPIC,
    OPPORTUNITIES,
    PLACEMENTS,
)
from openings_mobility_kit import Mobility, employee, interest, secondment, surfaced

SCHEMAS = Path(__file__).resolve().parents[3] / "docs" / "schemas"
HAS_APPLICATION = "SELECT 1 FROM applications WHERE opening_id = $1 AND employee_id = $2"


async def _setting_up(s: Any) -> tuple[Mobility, str]:
    """E-1 and E-3 (not discoverable) interested, E-2 and E-4 only surfaced."""
    m = Mobility(s)
    await m.hear(
        employee("E-1"), employee("E-2"), employee("E-3", discoverable=False), employee("E-4")
    )
    opening = await m.open_opening(secondment())
    await m.send(OPPORTUNITIES, *(surfaced(e, opening) for e in ("E-1", "E-2", "E-3", "E-4")))
    await m.wait_for("SELECT count(*) = 4 FROM surfacings WHERE opening_id = $1", opening)
    await m.send(FEED_ACTIONS, interest("E-1", opening, "Happy to start in May."))
    await m.send(FEED_ACTIONS, interest("E-3", opening))
    await m.wait_for(HAS_APPLICATION, opening, "E-1")
    await m.wait_for(HAS_APPLICATION, opening, "E-3")
    return m, opening


async def test_interested_candidates_come_first_and_a_non_discoverable_one_only_by_interest(
    openings_service: Any,
) -> None:
    m, opening = await _setting_up(openings_service)
    await m.hear(employee("E-5", discoverable=False))
    await m.send(OPPORTUNITIES, surfaced("E-5", opening))
    await m.wait_for(
        "SELECT 1 FROM surfacings WHERE opening_id = $1 AND employee_id = $2", opening, "E-5"
    )

    listed = (await m.candidates(opening, openings_service.manager())).json()["items"]
    # each group in the order its events arrived, which differs between partitions
    interested, surfaced_only = listed[:2], listed[2:]
    assert {(c["employee_id"], c["status"]) for c in interested} == {
        ("E-1", "interested"),
        ("E-3", "interested"),
    }
    assert {(c["employee_id"], c["status"]) for c in surfaced_only} == {
        ("E-2", "surfaced"),
        ("E-4", "surfaced"),
    }
    by_id = {c["employee_id"]: c for c in listed}
    assert by_id["E-1"]["note"] == "Happy to start in May."
    assert by_id["E-1"]["explanation"]["reasons"] == ["fits_career_goal"]
    assert by_id["E-2"]["explanation"]["score"] == 0.9

    refused = await m.step(opening, "E-5", "invite")
    assert refused.status_code == 404, "a non-discoverable employee cannot be invited"


async def test_candidates_come_a_page_at_a_time_in_the_same_order(openings_service: Any) -> None:
    s = openings_service
    m, opening = await _setting_up(s)
    whole = (await m.candidates(opening, s.hr)).json()
    assert whole["next_cursor"] is None
    paged: list[str] = []
    cursor: str | None = None
    for _ in range(len(whole["items"])):
        params = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        page = (
            await s.client.get(f"/v1/openings/{opening}/candidates", params=params, headers=s.hr)
        ).json()
        assert page["opening_id"] == opening
        paged += [c["employee_id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert paged == [c["employee_id"] for c in whole["items"]]
    assert len(paged) == 4
    forged = await s.client.get(
        f"/v1/openings/{opening}/candidates", params={"cursor": "WyJ4Il0"}, headers=s.hr
    )
    assert forged.status_code == 400


async def test_candidates_are_for_the_hiring_manager_and_hr_only(openings_service: Any) -> None:
    s = openings_service
    m, opening = await _setting_up(s)
    assert (await m.candidates(opening, s.hr)).status_code == 200
    assert (await m.candidates(opening, s.manager())).status_code == 200
    for stranger in (s.employee, s.manager("E-OTHER"), s.as_("E-1", AuthRole.EMPLOYEE)):
        answer = await m.candidates(opening, stranger)
        assert answer.status_code == 404, answer.text
    moved = await s.client.post(
        f"/v1/openings/{opening}/candidates/E-1/shortlist", headers=s.manager("E-OTHER")
    )
    assert moved.status_code == 404


async def test_each_move_answers_409_with_the_reason_when_the_table_does_not_allow_it(
    openings_service: Any,
) -> None:
    m, opening = await _setting_up(openings_service)
    assert (await m.step(opening, "E-2", "invite")).json()["status"] == "invited"

    for action, who, stage in (
        ("invite", "E-2", "invited"),
        ("shortlist", "E-2", "invited"),
        ("offer", "E-2", "invited"),
        ("invite", "E-1", "interested"),
    ):
        refused = await m.step(opening, who, action)
        assert refused.status_code == 409, (action, refused.text)
        assert stage in refused.json()["detail"]

    assert (await m.step(opening, "E-1", "shortlist")).json()["status"] == "shortlisted"
    again = await m.step(opening, "E-1", "shortlist")
    assert again.status_code == 409
    assert "it is shortlisted" in again.json()["detail"]

    no_reason = await m.step(opening, "E-3", "decline", reason=" ")
    assert no_reason.status_code == 409
    assert "needs a reason" in no_reason.json()["detail"]
    declined = await m.step(opening, "E-3", "decline", reason="Needs more Kubernetes")
    assert declined.json()["status"] == "declined"
    for action in ("shortlist", "offer"):
        refused = await m.step(opening, "E-3", action)
        assert refused.status_code == 409
        assert "it is declined" in refused.json()["detail"]

    unknown = await m.step(opening, "E-4", "shortlist")
    assert unknown.status_code == 404, "a candidate who has not acted has no application"


async def test_an_employee_sees_only_their_own_applications_and_never_a_decline_reason(
    openings_service: Any,
) -> None:
    s = openings_service
    m, opening = await _setting_up(s)
    await m.step(opening, "E-3", "decline", reason="SECRET-REASON: not senior enough")

    own = await s.client.get("/v1/my/applications", headers=s.as_("E-3", AuthRole.EMPLOYEE))
    assert own.status_code == 200
    (mine,) = own.json()["items"]
    assert mine["application_id"] == f"{opening}:E-3"
    assert mine["status"] == "declined"
    assert "SECRET" not in own.text
    assert "Thank you" in mine["message"]
    others = await s.client.get("/v1/my/applications", headers=s.as_("E-2", AuthRole.EMPLOYEE))
    assert others.json() == {"items": [], "next_cursor": None}
    service = await s.client.get("/v1/my/applications", headers=s.as_(None, AuthRole.SERVICE))
    assert service.status_code == 403, "a service account has no applications of its own"

    hr_view = (await m.candidates(opening, s.hr)).json()["items"]
    assert [c["decline_reason"] for c in hr_view if c["employee_id"] == "E-3"] == [
        "SECRET-REASON: not senior enough"
    ]
    changes = await m.events(APPLICATIONS, at_least=3)
    of_e3 = [e.status for e in changes if isinstance(e, ev.ApplicationChanged) and e.key() == "E-3"]
    assert of_e3 == ["interested", "declined"]
    assert not any("SECRET" in e.model_dump_json() for e in changes)


async def test_acceptance_places_the_candidate_fills_the_opening_and_closes_everyone_else(
    openings_service: Any,
) -> None:
    s = openings_service
    m, opening = await _setting_up(s)
    await m.step(opening, "E-2", "invite")
    await m.step(opening, "E-3", "decline", reason="not now")
    offered = await m.step(opening, "E-1", "offer")
    assert offered.json()["status"] == "offered"
    candidate = s.as_("E-1", AuthRole.EMPLOYEE)

    early = await s.client.post(f"/v1/openings/{opening}/accept", headers=candidate)
    assert early.status_code == 409
    assert "not answered yet" in early.json()["detail"]
    (request,) = (await s.client.get("/v1/release-requests", headers=s.manager("E-BOSS"))).json()[
        "items"
    ]
    approved = await s.client.post(
        f"/v1/release-requests/{request['request_id']}/approve", headers=s.manager("E-BOSS")
    )
    assert approved.json()["outcome"] == "approved"

    someone_else = await s.client.post(
        f"/v1/openings/{opening}/accept", headers=s.as_("E-4", AuthRole.EMPLOYEE)
    )
    assert someone_else.status_code == 404
    accepted = await s.client.post(f"/v1/openings/{opening}/accept", headers=candidate)
    assert accepted.status_code == 200, accepted.text

    listed = (await m.candidates(opening, s.hr)).json()["items"]
    assert {c["employee_id"]: c["status"] for c in listed} == {
        "E-1": "placed",
        "E-2": "closed",
        "E-3": "declined",
    }
    again = await s.client.post(f"/v1/openings/{opening}/accept", headers=candidate)
    assert again.status_code == 409

    (placement,) = await m.events(PLACEMENTS, at_least=1)
    assert isinstance(placement, ev.PlacementMade)
    assert (placement.employee_id, placement.department, placement.from_department) == (
        "E-1",
        "platform",
        "engineering",
    )
    assert placement.ends_on is not None
    schema = json.loads((SCHEMAS / "io.lattice.openings.placement.made.v1.json").read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(
        json.loads(encode(placement, source="/lattice/openings").value)
    )
    closed = [e for e in await m.events(OPENINGS_TOPIC, at_least=2) if e.key() == opening]
    assert isinstance(closed[-1], ev.OpeningClosed)
    assert closed[-1].outcome == "filled"


async def test_withdrawn_interest_ends_an_application_and_hr_closes_as_filled_externally(
    openings_service: Any,
) -> None:
    s = openings_service
    m, opening = await _setting_up(s)
    await m.send(
        FEED_ACTIONS,
        ev.InterestWithdrawn(employee_id="E-1", opening_id=opening, withdrawn_at=datetime.now(UTC)),
    )
    await m.wait_for(
        "SELECT 1 FROM applications WHERE application_id = $1 AND stage = 'withdrawn'",
        f"{opening}:E-1",
    )
    not_hr = await s.client.post(
        f"/v1/openings/{opening}/close-as", json={"outcome": "cancelled"}, headers=s.manager()
    )
    assert not_hr.status_code == 403
    closed = await s.client.post(
        f"/v1/openings/{opening}/close-as", json={"outcome": "filled_externally"}, headers=s.hr
    )
    assert closed.json() == {"opening_id": opening, "status": "filled"}
    listed = (await m.candidates(opening, s.hr)).json()["items"]
    assert {c["employee_id"]: c["status"] for c in listed} == {"E-1": "withdrawn", "E-3": "closed"}
    events = [e for e in await m.events(OPENINGS_TOPIC, at_least=2) if e.key() == opening]
    assert isinstance(events[-1], ev.OpeningClosed)
    assert events[-1].outcome == "filled_externally"


async def test_the_clock_cannot_be_moved_outside_the_dev_stack(openings_service: Any) -> None:
    s = openings_service
    moved = await s.client.post("/v1/dev/clock", json={"days": 30}, headers=s.hr)
    assert moved.status_code == 404
