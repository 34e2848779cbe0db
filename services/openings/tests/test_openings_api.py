from __future__ import annotations

import asyncio
from typing import Any

from lattice_platform.auth import Role as AuthRole

SECONDMENT: dict[str, Any] = {
    "title": "Platform secondment",
    "kind": "temporary",
    "temporary_kind": "secondment",
    "department": "platform",
    "grade": 6,
    "track": "individual_contributor",
    "time_share_percent": 60,
    "starts_on": "2026-04-01",
    "ends_on": "2026-10-01",
    "required_skills": [{"skill_id": "k8s", "level": 3, "must_have": True}],
    "optional_skills": [{"skill_id": "go", "level": 2}],
    "locations": ["lisbon"],
    "eligibility": {"min_tenure_months": 12, "grade_min": 5, "grade_max": 6},
    "confidential": {
        "budget": "EUR 30k",
        "internal_notes": "backfill needed",
        "shortlist": ["E-7"],
    },
}
CONFIDENTIAL_WORDS = ("EUR 30k", "backfill", "E-7", "budget", "shortlist", "internal_notes")


async def _draft(service: Any, headers: dict[str, str], **changes: Any) -> str:
    answer = await service.client.post("/v1/openings", json=SECONDMENT | changes, headers=headers)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["opening_id"])


async def test_every_endpoint_but_health_needs_a_token(openings_service: Any) -> None:
    client = openings_service.client
    assert (await client.get("/health/live")).status_code == 200
    for path in ("/v1/openings", "/v1/roles", "/v1/managed-openings", "/v1/openings/OP-1"):
        assert (await client.get(path)).status_code == 401, path
    assert (await client.post("/v1/openings", json=SECONDMENT)).status_code == 401


async def test_an_employee_can_only_read_open_openings_and_roles(openings_service: Any) -> None:
    s = openings_service
    client, employee = s.client, s.employee
    assert (await client.post("/v1/openings", json=SECONDMENT, headers=employee)).status_code == 403
    assert (await client.get("/v1/managed-openings", headers=employee)).status_code == 403
    assert (await client.post("/v1/openings/OP-1/open", headers=employee)).status_code == 403
    role = {"title": "T", "job_family": "f", "track": "management", "grade": 3}
    assert (await client.put("/v1/roles/r-1", json=role, headers=employee)).status_code == 403
    bulk = await client.post("/v1/roles:bulk", json={"roles": []}, headers=employee)
    assert bulk.status_code == 403
    manager_bulk = await client.post("/v1/roles:bulk", json={"roles": []}, headers=s.manager())
    assert manager_bulk.status_code == 403
    assert (await client.get("/v1/openings", headers=employee)).status_code == 200
    assert (await client.get("/v1/roles", headers=employee)).status_code == 200


async def test_a_manager_runs_their_own_opening_and_nobody_elses(openings_service: Any) -> None:
    s = openings_service
    mine, theirs = s.manager("E-MGR"), s.manager("E-OTHER")
    oid = await _draft(s, mine)
    full = (await s.client.get(f"/v1/openings/{oid}", headers=mine)).json()
    assert full["hiring_manager_id"] == "E-MGR"
    assert full["required_skills"][0]["skill_id"] == "kubernetes"
    assert full["confidential"]["budget"] == "EUR 30k"
    assert full["match_threshold"] is None

    for path in (f"/v1/openings/{oid}", f"/v1/openings/{oid}/open"):
        method = s.client.get if path.endswith(oid) else s.client.post
        assert (await method(path, headers=theirs)).status_code == 404
    put = await s.client.put(f"/v1/openings/{oid}", json=SECONDMENT, headers=theirs)
    assert put.status_code == 404
    assert (await s.client.get(f"/v1/openings/{oid}", headers=s.employee)).status_code == 404

    assert (await s.client.post(f"/v1/openings/{oid}/open", headers=mine)).json() == {
        "opening_id": oid,
        "status": "open",
    }
    service_account = s.as_(None, AuthRole.SERVICE)
    for reader in (theirs, s.employee, service_account):
        public = await s.client.get(f"/v1/openings/{oid}", headers=reader)
        assert public.status_code == 200
        assert public.json()["status"] == "open"
        assert public.json()["confidential"] is None
        assert not any(word in public.text for word in CONFIDENTIAL_WORDS)
    assert (await s.client.post(f"/v1/openings/{oid}/fill", headers=theirs)).status_code == 404
    assert (await s.client.post(f"/v1/openings/{oid}/fill", headers=mine)).status_code == 200


async def test_a_manager_posts_only_as_their_own_hiring_manager(openings_service: Any) -> None:
    s = openings_service
    answer = await s.client.post(
        "/v1/openings", json=SECONDMENT | {"hiring_manager_id": "E-9"}, headers=s.manager()
    )
    assert answer.status_code == 403
    assert "own hiring manager" in answer.json()["detail"]
    no_employee = s.as_(None, AuthRole.MANAGER)
    assert (
        await s.client.post("/v1/openings", json=SECONDMENT, headers=no_employee)
    ).status_code == 403


async def test_hr_manages_any_opening_and_must_name_its_hiring_manager(
    openings_service: Any,
) -> None:
    s = openings_service
    unnamed = await s.client.post("/v1/openings", json=SECONDMENT, headers=s.hr)
    assert unnamed.status_code == 422
    assert unnamed.json()["errors"][0]["field"] == "hiring_manager_id"
    by_manager = await _draft(s, s.manager("E-MGR"))
    by_hr = await _draft(s, s.hr, hiring_manager_id="E-OTHER")
    assert (await s.client.post(f"/v1/openings/{by_manager}/open", headers=s.hr)).status_code == 200
    everything = (await s.client.get("/v1/managed-openings", headers=s.hr)).json()["items"]
    assert [o["opening_id"] for o in everything] == [by_manager, by_hr]
    drafts = await s.client.get("/v1/managed-openings?status=draft", headers=s.hr)
    assert [o["opening_id"] for o in drafts.json()["items"]] == [by_hr]
    own = await s.client.get("/v1/managed-openings", headers=s.manager("E-OTHER"))
    assert [o["opening_id"] for o in own.json()["items"]] == [by_hr]
    assert own.json()["items"][0]["confidential"]["shortlist"] == ["E-7"]


async def test_employees_page_through_open_openings_without_confidential_fields(
    openings_service: Any,
) -> None:
    s = openings_service
    ids = [await _draft(s, s.manager(), title=f"Opening {n}") for n in range(4)]
    for oid in ids[:3]:
        assert (await s.client.post(f"/v1/openings/{oid}/open", headers=s.manager())).is_success
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = await s.client.get("/v1/openings", params=params, headers=s.employee)
        assert page.status_code == 200
        assert not any(word in page.text for word in (*CONFIDENTIAL_WORDS, "confidential"))
        seen += [o["opening_id"] for o in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert seen == ids[:3]
    too_big = await s.client.get("/v1/openings", params={"limit": 101}, headers=s.employee)
    assert too_big.status_code == 422
    forged = await s.client.get("/v1/openings", params={"cursor": "x"}, headers=s.employee)
    assert forged.status_code == 400


async def test_invalid_openings_are_refused_with_the_reason(openings_service: Any) -> None:
    s = openings_service
    cases = [
        ("ends_on", SECONDMENT | {"ends_on": None}),
        ("ends_on", SECONDMENT | {"ends_on": "2026-03-01"}),
        (
            "required_skills[0].level",
            SECONDMENT | {"required_skills": [{"skill_id": "python", "level": 7}]},
        ),
    ]
    for field, body in cases:
        answer = await s.client.post("/v1/openings", json=body, headers=s.manager())
        assert answer.status_code == 422, field
        assert [p["field"] for p in answer.json()["errors"]] == [field]
    unknown = await s.client.post(
        "/v1/openings",
        json=SECONDMENT | {"optional_skills": [{"skill_id": "kubernets", "level": 2}]},
        headers=s.manager(),
    )
    assert unknown.status_code == 422
    [problem] = unknown.json()["errors"]
    assert problem["field"] == "optional_skills[0].skill_id"
    assert problem["close_matches"] == ["kubernetes"]
    wrong_type = await s.client.post(
        "/v1/openings", json=SECONDMENT | {"kind": "gig"}, headers=s.manager()
    )
    assert wrong_type.status_code == 422


async def test_an_illegal_transition_is_refused_with_409_and_the_reason(
    openings_service: Any,
) -> None:
    s = openings_service
    oid = await _draft(s, s.manager())
    answer = await s.client.post(f"/v1/openings/{oid}/fill", headers=s.manager())
    assert answer.status_code == 409
    assert answer.json()["detail"] == (
        f"cannot fill opening {oid}: it is draft, and only open openings can be filled"
    )
    assert (await s.client.post(f"/v1/openings/{oid}/close", headers=s.manager())).is_success
    reopen = await s.client.put(f"/v1/openings/{oid}", json=SECONDMENT, headers=s.manager())
    assert reopen.status_code == 409


async def test_hr_defines_roles_one_by_one_or_in_bulk_and_openings_inherit_them(
    openings_service: Any,
) -> None:
    s = openings_service
    staff = {
        "title": "Staff Engineer",
        "job_family": "engineering",
        "track": "individual_contributor",
        "grade": 7,
        "skill_profile": [{"skill_id": "Python", "level": 5}],
    }
    assert (await s.client.put("/v1/roles/swe-4", json=staff, headers=s.hr)).json() == {
        "role_id": "swe-4",
        "changed": True,
    }
    csv = (
        "role_id,title,job_family,track,grade,skill_profile,paths\n"
        "swe-3,Senior Engineer,engineering,individual_contributor,6,python:4;sql:3,"
        "swe-4:upward;em-1:track_switch\n"
        "em-1,Engineering Manager,engineering,management,6,people-management:3,\n"
    )
    bulk = await s.client.post(
        "/v1/roles:bulk", content=csv, headers=s.hr | {"Content-Type": "text/csv"}
    )
    assert bulk.json() == {"received": 2, "changed": ["swe-3", "em-1"]}
    role = (await s.client.get("/v1/roles/swe-3", headers=s.employee)).json()
    assert [p["to_role_id"] for p in role["paths"]] == ["swe-4", "em-1"]
    listed = await s.client.get("/v1/roles", params={"limit": 2}, headers=s.employee)
    assert [r["role_id"] for r in listed.json()["items"]] == ["em-1", "swe-3"]
    rest = await s.client.get(
        "/v1/roles", params={"cursor": listed.json()["next_cursor"]}, headers=s.employee
    )
    assert [r["role_id"] for r in rest.json()["items"]] == ["swe-4"]

    dangling = {
        "roles": [staff | {"role_id": "x-1", "paths": [{"to_role_id": "nope", "kind": "upward"}]}]
    }
    refused = await s.client.post("/v1/roles:bulk", json=dangling, headers=s.hr)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["message"] == "role 'nope' is not defined"

    demoted = await s.client.put("/v1/roles/swe-4", json=staff | {"grade": 5}, headers=s.hr)
    assert demoted.status_code == 422
    assert demoted.json()["errors"][0]["field"] == "existing role swe-3.paths[0]"

    inherited = SECONDMENT | {"role_id": "swe-3", "grade": None, "track": None}
    oid = await _draft(s, s.manager(), **inherited)
    opening = (await s.client.get(f"/v1/openings/{oid}", headers=s.manager())).json()
    assert opening["grade"] == 6
    assert [n["skill_id"] for n in opening["required_skills"]] == ["python", "sql", "kubernetes"]


async def test_concurrent_posts_of_one_draft_open_it_once(openings_service: Any) -> None:
    s = openings_service
    oid = await _draft(s, s.manager())
    answers = await asyncio.gather(
        *(s.client.post(f"/v1/openings/{oid}/open", headers=s.manager()) for _ in range(4))
    )
    assert sorted(a.status_code for a in answers) == [200, 409, 409, 409]
    async with s.runtime.pool.acquire() as conn:
        posted = await conn.fetchval("SELECT count(*) FROM outbox WHERE key = $1", oid.encode())
    assert posted == 1


async def test_a_cursor_beyond_64_bits_or_a_nul_is_a_400_problem_not_a_500(
    openings_service: Any,
) -> None:
    s = openings_service
    for url in (
        "/v1/openings?cursor=" + "9" * 30,
        "/v1/managed-openings?cursor=" + "9" * 30,
        "/v1/openings/OP%001",
        "/v1/roles/swe%00",
        "/v1/roles?cursor=swe%00",
    ):
        response = await s.client.get(url, headers=s.hr)
        assert response.status_code == 400, url
        assert response.headers["content-type"] == "application/problem+json"


async def test_a_bulk_body_that_is_not_utf8_or_nested_beyond_reason_is_422(
    openings_service: Any,
) -> None:
    s = openings_service
    json_body = s.hr | {"Content-Type": "application/json"}
    for body in (b"\xff\xfe[]", b"[" * 100_000 + b"]" * 100_000):
        answer = await s.client.post("/v1/roles:bulk", content=body, headers=json_body)
        assert answer.status_code == 422
        assert answer.json()["errors"][0]["field"] == "body"
    csv_body = s.hr | {"Content-Type": "text/csv"}
    answer = await s.client.post("/v1/roles:bulk", content=b"\xff,\xfe", headers=csv_body)
    assert answer.status_code == 400


async def test_over_long_strings_and_lists_in_an_opening_are_422(openings_service: Any) -> None:
    s = openings_service
    for over in (
        {"department": "d" * 129},
        {"title": "t" * 201},
        {"title": "nul\x00"},
        {"locations": ["lisbon"] * 201},
        {"confidential": {"internal_notes": "n" * 2001}},
    ):
        answer = await s.client.post("/v1/openings", json=SECONDMENT | over, headers=s.manager())
        assert answer.status_code == 422, over
        assert answer.json()["errors"][0]["field"].startswith("body.")
    huge = await s.client.post(
        "/v1/openings", json=SECONDMENT | {"department": "d" * 3_000_000}, headers=s.manager()
    )
    assert huge.status_code == 413
