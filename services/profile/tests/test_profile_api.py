"""Who may read and change which profile, over HTTP with real tokens; and erasure."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from lattice_devstack.testing.kafka import TopicReader, decoded
from lattice_devstack.testing.plugin import bearer
from lattice_platform.auth import Role, SigningKey
from lattice_platform.contracts import events as wire
from lattice_platform.contracts.topics import EMPLOYEES
from lattice_profile.adapters.repository import PostgresProfileUnitOfWork
from lattice_profile.adapters.wire import aware, employment_from
from lattice_profile.service_layer import handlers
from profile_testkit import RunningProfile, hris_record

T0 = datetime(2026, 1, 1, 9, tzinfo=UTC)
GOALS = {"target_role_ids": ["swe-3"], "move_kinds": ["lateral"], "willing_to_relocate": False}


@pytest.fixture
async def team(profile: RunningProfile) -> RunningProfile:
    """M1 manages E1 (open about mobility) and E2 (hides it from M1); M2 manages E3."""
    async with PostgresProfileUnitOfWork.begin(profile.runtime.pool, profile.runtime.outbox) as uow:
        for employee_id, manager in [("M1", None), ("E1", "M1"), ("E2", "M1"), ("E3", "M2")]:
            await handlers.record_employment(
                uow,
                employment_from(
                    hris_record(employee_id, manager=manager, name=f"Name {employee_id}")
                ),
                discoverable_by_default=False,
            )
    return profile


def token(key: SigningKey, employee_id: str | None, *roles: Role) -> dict[str, str]:
    return bearer(key.mint(f"user-{employee_id}", roles, employee_id=employee_id))


@pytest.fixture
def as_(signing_key: SigningKey):  # type: ignore[no-untyped-def]
    return {
        "E1": token(signing_key, "E1", Role.EMPLOYEE),
        "E2": token(signing_key, "E2", Role.EMPLOYEE),
        "E3": token(signing_key, "E3", Role.EMPLOYEE),
        "M1": token(signing_key, "M1", Role.EMPLOYEE, Role.MANAGER),
        "M1 without manager role": token(signing_key, "M1", Role.EMPLOYEE),
        "M2": token(signing_key, "M2", Role.EMPLOYEE, Role.MANAGER),
        "HR": token(signing_key, "H1", Role.EMPLOYEE, Role.HR),
        "service": token(signing_key, None, Role.SERVICE),
    }


async def test_every_profile_route_needs_a_token(team: RunningProfile) -> None:
    for path in ("/v1/me", "/v1/employees/E1", "/v1/employees", "/v1/me/reports"):
        assert (await team.client.get(path)).status_code == 401, path
    forged = SigningKey.generate().mint("x", [Role.HR])
    assert (await team.client.get("/v1/employees/E1", headers=bearer(forged))).status_code == 401


async def test_an_employee_edits_and_reads_their_own_skills_goals_and_privacy(
    team: RunningProfile, as_: dict[str, dict[str, str]]
) -> None:
    client, me = team.client, as_["E1"]
    response = await client.put("/v1/me/skills", json={"skill": "Python 3", "level": 4}, headers=me)
    assert response.status_code == 200, response.text
    assert (await client.put("/v1/me/goals", json=GOALS, headers=me)).status_code == 200
    await client.put("/v1/me/mentoring", json={"mentor_opt_in": True}, headers=me)
    privacy = {"discoverable": True, "hide_mobility_from_manager": True}
    assert (await client.put("/v1/me/privacy", json=privacy, headers=me)).status_code == 200
    mine = (await client.get("/v1/me", headers=me)).json()
    assert mine["name"] == "Name E1"
    assert [(s["skill_id"], s["level"], s["source"]) for s in mine["skills"]] == [
        ("python", 4, "self")
    ]
    assert mine["goals"]["target_role_ids"] == ["swe-3"]
    assert mine["privacy"] == privacy
    assert mine["mentor_opt_in"] is True
    removed = await client.delete("/v1/me/skills/Python 3", headers=me)
    assert removed.json()["skills"] == [], "the path names the skill the way people do"
    missing = await client.delete("/v1/me/skills/sql", headers=me)
    assert missing.status_code == 404


async def test_edits_reach_the_employees_topic_and_opting_out_is_a_snapshot_not_discoverable(
    team: RunningProfile, as_: dict[str, dict[str, str]]
) -> None:
    client, me = team.client, as_["E1"]
    await client.put("/v1/me/skills", json={"skill": "k8s", "level": 3}, headers=me)
    await client.put("/v1/me/goals", json=GOALS, headers=me)
    for discoverable in (True, False):
        await client.put(
            "/v1/me/privacy",
            json={"discoverable": discoverable, "hide_mobility_from_manager": False},
            headers=me,
        )
    async with TopicReader(
        team.settings.kafka_bootstrap_servers, team.settings.kafka_topic_prefix + EMPLOYEES.name
    ) as reader:
        records = await reader.read_at_least(4 + 5)  # the team's four hires, then E1's edits
        records = await reader.settle(0.5)
    mine = [e.event for e in decoded(EMPLOYEES, records) if e.event.key() == "E1"]
    assert [type(e).__name__ for e in mine] == [
        "EmployeeUpserted",  # hired
        "EmployeeUpserted",  # skill added...
        "SkillAcquired",  # ...at a new level, by the employee
        "CareerGoalSet",
        "EmployeeUpserted",  # discoverable
        "EmployeeUpserted",  # opted out
    ]
    assert isinstance(mine[2], wire.SkillAcquired)
    assert (mine[2].skill_id, mine[2].source) == ("kubernetes", "self")
    assert [e.discoverable for e in mine if isinstance(e, wire.EmployeeUpserted)] == [
        False,
        False,
        True,
        False,
    ]


async def test_an_unknown_skill_is_422_with_close_matches(
    team: RunningProfile, as_: dict[str, dict[str, str]]
) -> None:
    response = await team.client.put(
        "/v1/me/skills", json={"skill": "kubernetis", "level": 3}, headers=as_["E1"]
    )
    assert response.status_code == 422
    assert "did you mean kubernetes" in response.json()["detail"]


NOT_YOURS = [
    ("E2", "GET", "/v1/employees/E1", None),
    ("E2", "PUT", "/v1/employees/E1/goals", GOALS),
    ("E2", "PUT", "/v1/employees/E1/skills", {"skill": "sql", "level": 5}),
    ("E2", "DELETE", "/v1/employees/E1/skills/sql", None),
    ("M2", "GET", "/v1/employees/E1", None),
    ("M2", "PUT", "/v1/employees/E1/skills", {"skill": "sql", "level": 5}),
    ("M1 without manager role", "GET", "/v1/employees/E1", None),
    ("M1", "GET", "/v1/employees/E404", None),
]
FORBIDDEN = [
    ("M1", "PUT", "/v1/employees/E1/goals", GOALS),
    ("M1", "PUT", "/v1/employees/E1/mentoring", {"mentor_opt_in": True}),
    (
        "M1",
        "PUT",
        "/v1/employees/E1/privacy",
        {"discoverable": True, "hide_mobility_from_manager": False},
    ),
    ("E1", "GET", "/v1/employees", None),
    ("M1", "GET", "/v1/employees", None),
    ("E1", "GET", "/v1/me/reports", None),
    ("E1", "POST", "/v1/employees/E1/erasure", None),
    ("M1", "POST", "/v1/employees/E1/erasure", None),
    ("service", "POST", "/v1/employees/E1/erasure", None),
]


async def test_a_profile_that_is_not_yours_to_see_is_404_like_one_that_does_not_exist(
    team: RunningProfile, as_: dict[str, dict[str, str]], subtests: pytest.Subtests
) -> None:
    for who, method, path, body in NOT_YOURS:
        with subtests.test(f"{who} {method} {path}"):
            response = await team.client.request(method, path, json=body, headers=as_[who])
            assert response.status_code == 404, response.text


async def test_a_role_without_the_right_is_403(
    team: RunningProfile, as_: dict[str, dict[str, str]], subtests: pytest.Subtests
) -> None:
    for who, method, path, body in FORBIDDEN:
        with subtests.test(f"{who} {method} {path}"):
            response = await team.client.request(method, path, json=body, headers=as_[who])
            assert response.status_code == 403, response.text
    unchanged = (await team.client.get("/v1/employees/E1", headers=as_["HR"])).json()
    assert (unchanged["goals"], unchanged["mentor_opt_in"], unchanged["name"]) == (
        None,
        False,
        "Name E1",
    )


async def test_a_manager_reads_reports_but_never_the_mobility_of_one_who_hides_it(
    team: RunningProfile, as_: dict[str, dict[str, str]]
) -> None:
    client = team.client
    for employee in ("E1", "E2"):
        await client.put("/v1/me/goals", json=GOALS, headers=as_[employee])
    await client.put(
        "/v1/me/privacy",
        json={"discoverable": True, "hide_mobility_from_manager": True},
        headers=as_["E2"],
    )
    open_report = (await client.get("/v1/employees/E1", headers=as_["M1"])).json()
    hiding_report = (await client.get("/v1/employees/E2", headers=as_["M1"])).json()
    assert open_report["goals"]["target_role_ids"] == ["swe-3"]
    assert open_report["privacy"]["discoverable"] is False
    assert (hiding_report["goals"], hiding_report["privacy"]) == (None, None)
    assert hiding_report["name"] == "Name E2"
    reports = (await client.get("/v1/me/reports", headers=as_["M1"])).json()["items"]
    assert [(r["employee_id"], r["goals"] is None) for r in reports] == [
        ("E1", False),
        ("E2", True),
    ]
    verified = await client.put(
        "/v1/employees/E2/skills", json={"skill": "SQL", "level": 3}, headers=as_["M1"]
    )
    assert verified.status_code == 200
    assert verified.json()["goals"] is None, "the answer to a manager's edit hides mobility too"
    assert verified.json()["skills"][0]["source"] == "manager"


async def test_hr_and_services_read_anyone_and_hr_edits_anyone(
    team: RunningProfile, as_: dict[str, dict[str, str]]
) -> None:
    client = team.client
    await client.put(
        "/v1/me/privacy",
        json={"discoverable": True, "hide_mobility_from_manager": True},
        headers=as_["E2"],
    )
    seen = (await client.get("/v1/employees/E2", headers=as_["HR"])).json()
    assert seen["privacy"]["hide_mobility_from_manager"] is True
    assert (await client.get("/v1/employees/E3", headers=as_["service"])).status_code == 200
    response = await client.put("/v1/employees/E3/goals", json=GOALS, headers=as_["HR"])
    assert response.status_code == 200
    first = (await client.get("/v1/employees?limit=2", headers=as_["HR"])).json()
    second = (
        await client.get(f"/v1/employees?limit=2&cursor={first['next_cursor']}", headers=as_["HR"])
    ).json()
    assert [e["employee_id"] for e in first["items"] + second["items"]] == ["E1", "E2", "E3", "M1"]


async def test_erasure_forgets_a_leavers_personal_data_and_later_events_carry_only_the_id(
    team: RunningProfile, as_: dict[str, dict[str, str]]
) -> None:
    client, hr = team.client, as_["HR"]
    await client.put("/v1/me/goals", json=GOALS, headers=as_["E1"])
    refused = await client.post("/v1/employees/E1/erasure", headers=hr)
    assert refused.status_code == 409
    assert "has not left" in refused.json()["detail"]

    async with PostgresProfileUnitOfWork.begin(team.runtime.pool, team.runtime.outbox) as uow:
        await handlers.record_termination(uow, "E1", date(2026, 2, 28), aware(datetime(2026, 3, 1)))
    erased = await client.post("/v1/employees/E1/erasure", headers=hr)
    assert erased.status_code == 200, erased.text
    row = await team.row("E1")
    assert row is not None
    assert (row["name"], row["work_email"], row["goals"], row["skills"]) == (None, None, None, "[]")
    assert (await client.get("/v1/employees/E1", headers=hr)).json()["erased"] is True

    async with PostgresProfileUnitOfWork.begin(team.runtime.pool, team.runtime.outbox) as uow:
        replayed = await handlers.record_employment(
            uow, employment_from(hris_record("E1", name="Name E1")), discoverable_by_default=False
        )
    assert not replayed, "an old HRIS record replayed after erasure does not bring the name back"
    assert (await team.row("E1") or {})["name"] is None
    async with TopicReader(
        team.settings.kafka_bootstrap_servers, team.settings.kafka_topic_prefix + EMPLOYEES.name
    ) as reader:
        await reader.read_until(
            lambda rs: any(isinstance(e.event, wire.EmployeeLeft) for e in decoded(EMPLOYEES, rs))
        )
        records = await reader.settle(0.5)
    assert all(b"Name E1" not in r.value and b"example.com" not in r.value for r in records)


async def test_a_leaver_can_no_longer_edit_their_profile(
    team: RunningProfile, as_: dict[str, dict[str, str]]
) -> None:
    async with PostgresProfileUnitOfWork.begin(team.runtime.pool, team.runtime.outbox) as uow:
        await handlers.record_termination(uow, "E1", date(2026, 2, 28), aware(datetime(2026, 3, 1)))
    response = await team.client.put("/v1/me/goals", json=GOALS, headers=as_["E1"])
    assert response.status_code == 409


async def test_a_nul_in_a_path_or_cursor_is_a_400_problem_not_a_500(
    team: RunningProfile, as_: dict[str, dict[str, str]]
) -> None:
    for url in ("/v1/employees/E1%00", "/v1/employees?cursor=E%001", "/v1/me/skills/py%00"):
        method = "DELETE" if "skills" in url else "GET"
        response = await team.client.request(method, url, headers=as_["HR"])
        assert response.status_code == 400, url
        assert response.headers["content-type"] == "application/problem+json"
    made_up = await team.client.get("/v1/employees?cursor=E1", headers=as_["HR"])
    assert made_up.status_code == 400


async def test_a_token_that_names_no_employee_has_no_me(
    team: RunningProfile, as_: dict[str, dict[str, str]]
) -> None:
    response = await team.client.get("/v1/me", headers=as_["service"])
    assert response.status_code == 403
    assert response.json()["detail"] == "this token names no employee"
    skill = {"skill": "Python 3", "level": 4}
    response = await team.client.put("/v1/me/skills", json=skill, headers=as_["service"])
    assert response.status_code == 403
