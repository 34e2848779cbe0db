"""SCIM 2.0 provisioning over HTTP, on the real broker and database: create, find, replace,
patch, deactivate (a leaver), SCIM errors, the bearer token, and the HRIS ordering rule."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from lattice_devstack.testing.kafka import TopicReader, decoded
from lattice_devstack.testing.plugin import bearer
from lattice_platform.auth import Role, SigningKey
from lattice_platform.contracts import events as wire
from lattice_platform.contracts.topics import EMPLOYEES
from profile_testkit import RunningProfile, hris_record, running, signed_push

TOKEN = "scim-test-token"
SCIM = "/scim/v2"
USERS = f"{SCIM}/Users"
CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LATTICE = "urn:lattice:params:scim:schemas:extension:employment:1.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def provisioned(service_environment: dict[str, str]) -> AsyncIterator[RunningProfile]:
    digest = hashlib.sha256(TOKEN.encode()).hexdigest()
    async with running(service_environment, LATTICE_PROFILE_SCIM_TOKEN_SHA256=digest) as profile:
        yield profile


def user(number: str = "E1", *, department: str = "engineering", manager: str = "M1") -> Any:
    return {
        "schemas": [CORE, ENTERPRISE, LATTICE],
        "userName": f"{number.lower()}@example.com",
        "externalId": number,
        "name": {"givenName": "Ana", "familyName": "Silva"},
        "emails": [{"value": f"{number.lower()}@example.com", "type": "work", "primary": True}],
        "active": True,
        ENTERPRISE: {
            "employeeNumber": number,
            "department": department,
            "manager": {"value": manager},
            "organization": "Lattice Ltd",
        },
        LATTICE: {
            "roleId": "swe-2",
            "grade": 5,
            "track": "individual_contributor",
            "location": "lisbon",
            "hireDate": "2022-03-01",
            "roleStartDate": "2024-05-01",
        },
    }


def patch(*operations: dict[str, Any]) -> dict[str, Any]:
    return {"schemas": [PATCH_OP], "Operations": list(operations)}


async def employee_events(profile: RunningProfile, count: int) -> list[wire.Event]:
    name = profile.settings.kafka_topic_prefix + EMPLOYEES.name
    async with TopicReader(profile.settings.kafka_bootstrap_servers, name) as reader:
        await reader.read_at_least(count)
        records = await reader.settle(1.0)
    return [e.event for e in decoded(EMPLOYEES, records)]


async def test_a_created_user_is_found_by_id_user_name_and_external_id(
    provisioned: RunningProfile,
) -> None:
    created = await provisioned.client.post(USERS, json=user(), headers=AUTH)
    assert created.status_code == 201, created.text
    assert created.headers["content-type"].startswith("application/scim+json")
    assert created.headers["location"].endswith("/scim/v2/Users/E1")
    body = created.json()
    assert (body["id"], body["userName"], body["active"]) == ("E1", "e1@example.com", True)
    assert body[ENTERPRISE]["manager"] == {"value": "M1"}

    fetched = await provisioned.client.get(f"{USERS}/E1", headers=AUTH)
    assert fetched.json() == body
    for expression in ('userName eq "E1@example.com"', 'externalId eq "E1"'):
        found = await provisioned.client.get(USERS, params={"filter": expression}, headers=AUTH)
        assert (found.json()["totalResults"], found.json()["Resources"]) == (1, [body])
    none = await provisioned.client.get(
        USERS, params={"filter": 'userName eq "nobody@example.com"'}, headers=AUTH
    )
    assert (none.json()["totalResults"], none.json()["Resources"]) == (0, [])
    row = await provisioned.row("E1")
    assert row is not None
    assert (row["name"], row["department"], row["grade"]) == ("Ana Silva", "engineering", 5)


async def test_the_employees_topic_gets_the_snapshot_without_name_or_email(
    provisioned: RunningProfile,
) -> None:
    await provisioned.client.post(USERS, json=user(), headers=AUTH)
    (event,) = await employee_events(provisioned, 1)
    assert isinstance(event, wire.EmployeeUpserted)
    published = json.dumps(event.model_dump(mode="json"))
    assert "example.com" not in published
    assert "Silva" not in published


async def test_replace_and_patch_change_the_mapped_attributes(provisioned: RunningProfile) -> None:
    await provisioned.client.post(USERS, json=user(), headers=AUTH)
    replaced = await provisioned.client.put(
        f"{USERS}/E1", json=user(department="platform", manager="M2"), headers=AUTH
    )
    assert replaced.status_code == 200, replaced.text
    patched = await provisioned.client.patch(
        f"{USERS}/E1",
        json=patch(
            {"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "data"},
            {"op": "add", "path": f"{LATTICE}:grade", "value": 6},
            {"op": "replace", "value": {"userName": "ana.silva@example.com"}},
            {"op": "replace", "path": "name.givenName", "value": "Ana Maria"},
            {"op": "replace", "path": "name.familyName", "value": "Silva"},
        ),
        headers=AUTH,
    )
    assert patched.status_code == 200, patched.text
    row = await provisioned.row("E1")
    assert row is not None
    assert (row["department"], row["manager_id"], row["grade"], row["work_email"]) == (
        "data",
        "M2",
        6,
        "ana.silva@example.com",
    )
    assert row["name"] == "Ana Maria Silva"


async def test_remove_unassigns_an_attribute_and_a_required_one_cannot_go(
    provisioned: RunningProfile,
) -> None:
    await provisioned.client.post(USERS, json=user(), headers=AUTH)
    removal = patch({"op": "Remove", "path": f"{ENTERPRISE}:manager"})
    removed = await provisioned.client.patch(f"{USERS}/E1", json=removal, headers=AUTH)
    assert removed.status_code == 200, removed.text
    assert "manager" not in removed.json()[ENTERPRISE]
    row = await provisioned.row("E1")
    assert row is not None
    assert (row["manager_id"], row["department"]) == (None, "engineering")
    refusals = [
        (patch({"op": "remove", "path": f"{ENTERPRISE}:department"}), "invalidValue"),
        (patch({"op": "remove", "path": "emails"}), "invalidValue"),
        (patch({"op": "remove", "path": LATTICE}), "invalidValue"),
        (patch({"op": "remove"}), "noTarget"),
        (patch({"op": "remove", "path": 'emails[type eq "home"].value'}), "invalidPath"),
    ]
    for body, scim_type in refusals:
        refused = await provisioned.client.patch(f"{USERS}/E1", json=body, headers=AUTH)
        assert (refused.status_code, refused.json()["scimType"]) == (400, scim_type), body
    row = await provisioned.row("E1")
    assert row is not None
    assert (row["department"], row["work_email"]) == ("engineering", "e1@example.com")


async def test_discovery_describes_the_service_and_every_attribute_a_user_is_answered_with(
    provisioned: RunningProfile,
) -> None:
    created = (await provisioned.client.post(USERS, json=user(), headers=AUTH)).json()
    config = (await provisioned.client.get(f"{SCIM}/ServiceProviderConfig", headers=AUTH)).json()
    assert config["patch"] == {"supported": True}
    assert config["bulk"]["supported"] is False
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"
    types = (await provisioned.client.get(f"{SCIM}/ResourceTypes", headers=AUTH)).json()
    [user_type] = types["Resources"]
    assert (user_type["endpoint"], user_type["schema"]) == ("/Users", CORE)
    extensions = {e["schema"] for e in user_type["schemaExtensions"]}
    assert extensions == {ENTERPRISE, LATTICE}
    listed = (await provisioned.client.get(f"{SCIM}/Schemas", headers=AUTH)).json()
    described = {schema["id"]: schema for schema in listed["Resources"]}
    assert set(described) == {CORE, ENTERPRISE, LATTICE} == set(created["schemas"])
    for urn in (ENTERPRISE, LATTICE):
        answered = set(created.pop(urn))
        assert answered <= {a["name"] for a in described[urn]["attributes"]}, urn
    answered = set(created) - {"schemas", "meta"}
    assert answered <= {a["name"] for a in described[CORE]["attributes"]}
    one = await provisioned.client.get(f"{SCIM}/Schemas/{ENTERPRISE}", headers=AUTH)
    assert one.json() == described[ENTERPRISE]
    for unknown in ("Schemas/urn:example:nothing", "ResourceTypes/Group"):
        missing = await provisioned.client.get(f"{SCIM}/{unknown}", headers=AUTH)
        assert (missing.status_code, missing.json()["schemas"]) == (404, [ERROR])
    anonymous = await provisioned.client.get(f"{SCIM}/ServiceProviderConfig")
    assert anonymous.status_code == 401


async def test_deactivation_is_a_leaver_once_however_often_it_is_sent(
    provisioned: RunningProfile,
) -> None:
    await provisioned.client.post(USERS, json=user(), headers=AUTH)
    deactivate = patch({"op": "replace", "path": "active", "value": "False"})  # as Entra sends it
    for _ in range(2):
        response = await provisioned.client.patch(f"{USERS}/E1", json=deactivate, headers=AUTH)
        assert response.status_code == 200, response.text
        assert response.json()["active"] is False
    events = await employee_events(provisioned, 3)
    assert [type(e).__name__ for e in events] == [
        "EmployeeUpserted",
        "EmployeeUpserted",
        "EmployeeLeft",
    ]
    row = await provisioned.row("E1")
    assert row is not None
    assert row["status"] == "left"


async def test_a_replayed_create_is_a_uniqueness_error_and_changes_nothing(
    provisioned: RunningProfile,
) -> None:
    first = await provisioned.client.post(USERS, json=user(), headers=AUTH)
    again = await provisioned.client.post(USERS, json=user(department="sales"), headers=AUTH)
    assert again.status_code == 409
    assert again.json() == {
        "schemas": [ERROR],
        "status": "409",
        "scimType": "uniqueness",
        "detail": "user E1 exists",
    }
    assert (await provisioned.client.get(f"{USERS}/E1", headers=AUTH)).json() == first.json()


async def test_an_older_hris_record_arriving_after_a_scim_change_is_ignored(
    provisioned: RunningProfile,
) -> None:
    await provisioned.client.post(USERS, json=user(department="platform"), headers=AUTH)
    stale = hris_record("E1", effective_at=datetime.now(UTC) - timedelta(hours=1))
    body, headers = signed_push(stale)
    pushed = await provisioned.client.post("/v1/hris/webhook", content=body, headers=headers)
    assert pushed.json() == {"employee_id": "E1", "applied": False}
    row = await provisioned.row("E1")
    assert row is not None
    assert row["department"] == "platform"


@pytest.mark.parametrize(
    ("expression", "scim_type"),
    [
        ('displayName eq "Ana"', "invalidFilter"),
        ('userName co "ana"', "invalidFilter"),
        ('userName eq "a" or externalId eq "b"', "invalidFilter"),
    ],
)
async def test_a_filter_other_than_user_name_or_external_id_equality_is_refused(
    provisioned: RunningProfile, expression: str, scim_type: str
) -> None:
    response = await provisioned.client.get(USERS, params={"filter": expression}, headers=AUTH)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/scim+json")
    assert (response.json()["schemas"], response.json()["scimType"]) == ([ERROR], scim_type)


async def test_bad_bodies_and_unknown_users_are_scim_errors(provisioned: RunningProfile) -> None:
    no_number = user()
    del no_number[ENTERPRISE]["employeeNumber"]
    cases = [
        (provisioned.client.post(USERS, json=no_number, headers=AUTH), 400, "invalidValue"),
        (provisioned.client.post(USERS, content=b"{", headers=AUTH), 400, "invalidSyntax"),
        (provisioned.client.get(f"{USERS}/E404", headers=AUTH), 404, None),
        (provisioned.client.put(f"{USERS}/E404", json=user("E404"), headers=AUTH), 404, None),
    ]
    for request, status, scim_type in cases:
        response = await request
        assert response.status_code == status, response.text
        assert response.json()["schemas"] == [ERROR]
        assert response.json().get("scimType") == scim_type
    await provisioned.client.post(USERS, json=user(), headers=AUTH)
    renumbered = user("E2")
    moved = await provisioned.client.put(f"{USERS}/E1", json=renumbered, headers=AUTH)
    assert (moved.status_code, moved.json()["scimType"]) == (400, "mutability")


async def test_only_the_provisioning_token_is_let_in(
    provisioned: RunningProfile, signing_key: SigningKey
) -> None:
    employee = bearer(signing_key.mint("user-E1", [Role.EMPLOYEE], employee_id="E1"))
    hr = bearer(signing_key.mint("user-H1", [Role.EMPLOYEE, Role.HR], employee_id="H1"))
    for headers in ({}, {"Authorization": "Bearer not-the-token"}, employee, hr):
        response = await provisioned.client.post(USERS, json=user(), headers=headers)
        assert response.status_code == 401
        assert response.json()["schemas"] == [ERROR]
        assert response.headers["www-authenticate"] == "Bearer"
    assert await provisioned.row("E1") is None


async def test_scim_is_off_until_a_token_hash_is_configured(profile: RunningProfile) -> None:
    response = await profile.client.get(f"{USERS}/E1", headers=AUTH)
    assert (response.status_code, response.json()["schemas"]) == (503, [ERROR])


async def test_delete_deprovisions_as_a_leaver_and_keeps_the_record(
    provisioned: RunningProfile,
) -> None:
    await provisioned.client.post(USERS, json=user(), headers=AUTH)
    deleted = await provisioned.client.delete(f"{USERS}/E1", headers=AUTH)
    assert deleted.status_code == 204
    fetched = await provisioned.client.get(f"{USERS}/E1", headers=AUTH)
    assert fetched.json()["active"] is False
    events = await employee_events(provisioned, 3)
    assert isinstance(events[-1], wire.EmployeeLeft)
