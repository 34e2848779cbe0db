"""The HTTP API: what each role may do, and the enrolment lifecycle."""

from __future__ import annotations

import asyncio

from lattice_platform.auth import Role
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.paging import encode_cursor
from learning_harness import Learning, read_events

ITEM = {
    "item_id": "course-sql",
    "title": "SQL for analysts",
    "kind": "course",
    "skills": [{"skill": "structured query language", "level": 3}],
    "duration_hours": 12,
    "format": "online",
    "capacity": 1,
}
FIELDS = {k: v for k, v in ITEM.items() if k != "item_id"}


async def test_without_a_token_every_learning_endpoint_answers_401(learning: Learning) -> None:
    c = learning.client
    for response in (
        await c.get("/v1/catalogue"),
        await c.post("/v1/catalogue", json=ITEM),
        await c.get("/v1/me/enrolments"),
        await c.post("/v1/me/enrolments", json={"item_id": "course-sql"}),
        await c.post("/v1/enrolments/x/completion"),
        await c.get("/v1/me/recommendations"),
        await c.get("/v1/me/mentoring"),
    ):
        assert response.status_code == 401


async def test_hr_manages_the_catalogue_and_employees_managers_and_services_may_not(
    learning: Learning,
) -> None:
    c = learning.client
    for headers in (
        learning.as_(Role.EMPLOYEE, employee_id="E1"),
        learning.as_(Role.MANAGER, Role.EMPLOYEE, employee_id="M1"),
        learning.as_(Role.SERVICE),
    ):
        assert (await c.post("/v1/catalogue", json=ITEM, headers=headers)).status_code == 403
        changed = await c.put("/v1/catalogue/course-sql", json=FIELDS, headers=headers)
        assert changed.status_code == 403
    hr = learning.as_(Role.HR, employee_id="HR1")
    created = await c.post("/v1/catalogue", json=ITEM, headers=hr)
    assert created.status_code == 201
    assert created.json()["skills"] == [{"skill_id": "sql", "level": 3}], "skill normalised"
    assert (await c.post("/v1/catalogue", json=ITEM, headers=hr)).status_code == 409
    unknown_skill = {**ITEM, "item_id": "x", "skills": [{"skill": "kubernets", "level": 2}]}
    refused = await c.post("/v1/catalogue", json=unknown_skill, headers=hr)
    assert refused.status_code == 422
    assert "did you mean kubernetes" in refused.json()["detail"]
    retired = FIELDS | {"active": False}
    assert (await c.put("/v1/catalogue/course-sql", json=retired, headers=hr)).status_code == 200

    employee = learning.as_(Role.EMPLOYEE, employee_id="E1")
    assert (await c.get("/v1/catalogue", headers=employee)).json()["items"] == []
    assert (await c.get("/v1/catalogue/course-sql", headers=employee)).status_code == 404
    with_retired = await c.get("/v1/catalogue?include_retired=true", headers=hr)
    assert [i["item_id"] for i in with_retired.json()["items"]] == ["course-sql"]


async def test_employees_enrol_themselves_and_only_hr_or_a_service_confirms_completion(
    learning: Learning,
) -> None:
    c = learning.client
    await learning.add_item("course-sql", ("sql", 3), capacity=1)
    ana = learning.as_(Role.EMPLOYEE, employee_id="E1")
    bob = learning.as_(Role.MANAGER, Role.EMPLOYEE, employee_id="E2")

    enrolled = await c.post("/v1/me/enrolments", json={"item_id": "course-sql"}, headers=ana)
    assert enrolled.status_code == 201
    assert enrolled.json()["employee_id"] == "E1", "identity from the token"
    enrolment_id = enrolled.json()["enrolment_id"]
    full = await c.post("/v1/me/enrolments", json={"item_id": "course-sql"}, headers=bob)
    assert full.status_code == 409
    assert "full" in full.json()["detail"]
    assert (await c.get("/v1/me/enrolments", headers=bob)).json()["items"] == []
    stolen = await c.post(f"/v1/me/enrolments/{enrolment_id}/withdrawal", headers=bob)
    assert stolen.status_code == 404

    for who in (ana, bob):
        self_certified = await c.post(f"/v1/enrolments/{enrolment_id}/completion", headers=who)
        assert self_certified.status_code == 403
    service_without_employee = learning.as_(Role.SERVICE)
    assert (await c.get("/v1/me/enrolments", headers=service_without_employee)).status_code == 403

    assert (await c.get("/v1/catalogue/course-sql/enrolments", headers=ana)).status_code == 403
    roster = await c.get(
        "/v1/catalogue/course-sql/enrolments?status=enrolled", headers=learning.as_(Role.HR)
    )
    assert [e["enrolment_id"] for e in roster.json()["items"]] == [enrolment_id]
    confirmed = await c.post(
        f"/v1/enrolments/{enrolment_id}/completion", headers=service_without_employee
    )
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "completed"
    again = await c.post(f"/v1/enrolments/{enrolment_id}/completion", headers=learning.as_(Role.HR))
    assert again.status_code == 409

    async with learning.reader(t.LEARNING_TOPIC) as reader:
        await reader.read_at_least(2, timeout_s=30)
        events = await read_events(reader, t.LEARNING_TOPIC, quiet_s=0.5)
    assert [type(e) for e in events] == [ev.LearningCompleted, ev.SkillAcquired]
    assert events[1].employee_id == "E1"
    assert events[1].level == 3

    seat_freed = await c.post("/v1/me/enrolments", json={"item_id": "course-sql"}, headers=bob)
    assert seat_freed.status_code == 201


async def test_pages_are_at_most_the_configured_maximum(learning: Learning) -> None:
    for n in range(7):
        await learning.add_item(f"course-{n}", ("sql", 1))
    headers = learning.as_(Role.EMPLOYEE, employee_id="E1")
    too_big = await learning.client.get("/v1/catalogue?limit=1000", headers=headers)
    assert too_big.status_code == 422
    assert [e["field"] for e in too_big.json()["errors"]] == ["query.limit"]
    first = (await learning.client.get("/v1/catalogue", headers=headers)).json()
    assert len(first["items"]) == learning.settings.max_page_size == 5
    second = await learning.client.get(
        "/v1/catalogue", params={"cursor": first["next_cursor"], "limit": 5}, headers=headers
    )
    assert [i["item_id"] for i in second.json()["items"]] == ["course-5", "course-6"]
    assert second.json()["next_cursor"] is None
    for forged in ("5", encode_cursor(-5), encode_cursor(10**7), encode_cursor("5")):
        refused = await learning.client.get(
            "/v1/catalogue", params={"cursor": forged}, headers=headers
        )
        assert refused.status_code == 400, forged


async def test_concurrent_enrolments_never_overbook_an_item(learning: Learning) -> None:
    await learning.add_item("course-small", ("sql", 2), capacity=2)

    async def enrol(n: int) -> int:
        response = await learning.client.post(
            "/v1/me/enrolments",
            json={"item_id": "course-small"},
            headers=learning.as_(Role.EMPLOYEE, employee_id=f"E{n}"),
        )
        return response.status_code

    codes = await asyncio.gather(*(enrol(n) for n in range(8)))
    assert sorted(codes) == [201, 201, *[409] * 6]
    assert await learning.fetchval("SELECT count(*) FROM enrolments") == 2


async def test_a_nul_in_a_path_or_query_is_a_400_problem_not_a_500(learning: Learning) -> None:
    hr = learning.as_(Role.HR, employee_id="E-HR")
    for url in ("/v1/catalogue/course%00", "/v1/catalogue?skill=py%00thon"):
        response = await learning.client.get(url, headers=hr)
        assert response.status_code == 400, url
        assert response.headers["content-type"] == "application/problem+json"
