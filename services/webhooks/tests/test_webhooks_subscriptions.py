"""The subscriptions API on the real service: HR and service accounts manage subscriptions, no
one else; what a scope allows is checked when subscribing; refusals are problem details."""

from __future__ import annotations

from lattice_platform.auth import Role
from lattice_platform.contracts import events as ev
from webhooks_testkit import RunningWebhooks

POSTED = ev.OpeningPosted.event_type
SURFACED = ev.OpportunitySurfaced.event_type
NEW = {"url": "https://bot.example.com/hook", "event_types": [POSTED], "scope": "organisation"}


async def test_employees_and_managers_are_refused_and_hr_and_services_manage_subscriptions(
    webhooks: RunningWebhooks,
) -> None:
    employee = webhooks.as_(Role.EMPLOYEE, employee_id="E1")
    manager = webhooks.as_(Role.MANAGER, Role.EMPLOYEE, employee_id="E2")
    for headers in (employee, manager):
        refused = await webhooks.client.post("/v1/subscriptions", json=NEW, headers=headers)
        assert refused.status_code == 403
        assert refused.headers["content-type"] == "application/problem+json"
        assert (await webhooks.client.get("/v1/subscriptions", headers=headers)).status_code == 403
    assert (await webhooks.client.get("/v1/subscriptions")).status_code == 401

    created = await webhooks.client.post("/v1/subscriptions", json=NEW, headers=webhooks.hr)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["secret"].startswith("whsec_")
    assert body["created_by"] == "HR1"
    service = webhooks.as_(Role.SERVICE)
    listed = await webhooks.client.get("/v1/subscriptions", headers=service)
    assert [s["subscription_id"] for s in listed.json()["items"]] == [body["subscription_id"]]
    assert "secret" not in listed.json()["items"][0]
    path = f"/v1/subscriptions/{body['subscription_id']}"
    assert (await webhooks.client.delete(path, headers=employee)).status_code == 403
    assert (await webhooks.client.post(f"{path}/secret", headers=employee)).status_code == 403
    assert (await webhooks.client.delete(path, headers=service)).status_code == 204
    gone = await webhooks.client.get(path, headers=webhooks.hr)
    assert gone.status_code == 404
    assert gone.json()["type"] == "urn:lattice:problem:not-found"
    assert (await webhooks.client.post(f"{path}/secret", headers=service)).status_code == 404


async def test_a_subscription_is_refused_what_its_scope_or_the_catalogue_does_not_allow(
    webhooks: RunningWebhooks,
) -> None:
    refusals = {
        "an event about a person in the organisation scope": {**NEW, "event_types": [SURFACED]},
        "an inbound event": {**NEW, "event_types": [ev.HrisEmployeeRecord.event_type]},
        "an unknown event type": {**NEW, "event_types": ["io.lattice.nothing"]},
        "a plain address, where only https is allowed": {**NEW, "url": "ftp://example.com/x"},
    }
    for why, body in refusals.items():
        response = await webhooks.client.post("/v1/subscriptions", json=body, headers=webhooks.hr)
        assert response.status_code == 422, why
        assert response.json()["type"] == "urn:lattice:problem:invalid-request", why
    people = {**NEW, "event_types": [SURFACED], "scope": "employees"}
    allowed = await webhooks.client.post("/v1/subscriptions", json=people, headers=webhooks.hr)
    assert allowed.status_code == 201

    types = await webhooks.client.get("/v1/event-types", headers=webhooks.hr)
    by_type = {t["event_type"]: t for t in types.json()}
    assert by_type[POSTED]["scopes"] == ["organisation", "employees"]
    assert by_type[SURFACED]["scopes"] == ["employees"]
    assert ev.HrisEmployeeRecord.event_type not in by_type
