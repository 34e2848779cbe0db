"""The HRIS webhook in the CloudEvents HTTP binding, and its secret's rotation."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from cloudevents.core.bindings import http as ce_http
from cloudevents.core.v1.event import CloudEvent
from lattice_platform.contracts import events as wire
from lattice_platform.contracts.base import Event
from lattice_platform.contracts.envelope import schema_uri
from profile_testkit import WEBHOOK_SECRET, RunningProfile, hris_record, running, signed_push

T0 = datetime(2026, 1, 1, 9, tzinfo=UTC)
URL = "/v1/hris/webhook"


def cloudevent(event: Event, **attributes: object) -> CloudEvent:
    return CloudEvent(
        attributes={"type": event.event_type, "source": "/hris/workday", **attributes},
        data=event.model_dump(mode="json"),
    )


def binary(event: CloudEvent, *, drop: str | None = None) -> tuple[bytes, dict[str, str]]:
    """``event`` in binary mode, signed; ``drop``: a header the sender leaves out."""
    message = ce_http.to_binary_event(event)
    body, signature = signed_push(body=message.body)
    headers = {k: v for k, v in message.headers.items() if k != drop}
    return body, signature | headers


def structured(event: CloudEvent) -> tuple[bytes, dict[str, str]]:
    message = ce_http.to_structured_event(event)
    body, signature = signed_push(body=message.body)
    return body, signature | dict(message.headers)


async def test_a_hire_in_binary_mode_is_applied(profile: RunningProfile) -> None:
    body, headers = binary(cloudevent(hris_record("E1", grade=6)))
    assert headers["ce-type"] == wire.HrisEmployeeRecord.event_type
    response = await profile.client.post(URL, content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"employee_id": "E1", "applied": True}
    row = await profile.row("E1")
    assert row is not None
    assert row["grade"] == 6


async def test_a_hire_then_a_termination_in_structured_mode_are_applied(
    profile: RunningProfile,
) -> None:
    body, headers = structured(cloudevent(hris_record("E1", effective_at=T0)))
    assert headers["content-type"].startswith("application/cloudevents+json")
    assert (await profile.client.post(URL, content=body, headers=headers)).json()["applied"]
    left = wire.HrisEmployeeTerminated(
        hris_id="E1", left_on=date(2026, 2, 28), effective_at=T0 + timedelta(days=58)
    )
    dataschema = schema_uri(left.event_type, left.schema_version)
    body, headers = structured(cloudevent(left, dataschema=dataschema))
    response = await profile.client.post(URL, content=body, headers=headers)
    assert response.json() == {"employee_id": "E1", "applied": True}
    row = await profile.row("E1")
    assert row is not None
    assert row["status"] == "left"


async def test_a_cloudevent_without_its_optional_time_is_applied(profile: RunningProfile) -> None:
    body, headers = binary(cloudevent(hris_record("E1")), drop="ce-time")
    response = await profile.client.post(URL, content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert await profile.row("E1") is not None


def _binary_without_id() -> tuple[bytes, dict[str, str]]:
    return binary(cloudevent(hris_record("E1")), drop="ce-id")


def _binary_without_specversion() -> tuple[bytes, dict[str, str]]:
    return binary(cloudevent(hris_record("E1")), drop="ce-specversion")


def _unknown_type() -> tuple[bytes, dict[str, str]]:
    event = CloudEvent(attributes={"type": "io.lattice.hris.promoted", "source": "/h"}, data={})
    return structured(event)


def _foreign_dataschema() -> tuple[bytes, dict[str, str]]:
    return binary(cloudevent(hris_record("E1"), dataschema="https://example.com/hire.json"))


def _structured_data_not_an_object() -> tuple[bytes, dict[str, str]]:
    event = CloudEvent(
        attributes={"type": wire.HrisEmployeeRecord.event_type, "source": "/h"}, data="a hire"
    )
    return structured(event)


def _structured_not_json() -> tuple[bytes, dict[str, str]]:
    body, headers = signed_push(body=b"{oops")
    return body, headers | {"Content-Type": "application/cloudevents+json"}


def _structured_without_id() -> tuple[bytes, dict[str, str]]:
    message = ce_http.to_structured_event(cloudevent(hris_record("E1")))
    document = json.loads(message.body)
    del document["id"]
    body, headers = signed_push(body=json.dumps(document).encode())
    return body, headers | dict(message.headers)


def _contract_violation() -> tuple[bytes, dict[str, str]]:
    data = hris_record("E1").model_dump(mode="json") | {"grade": "senior"}
    event = CloudEvent(
        attributes={"type": wire.HrisEmployeeRecord.event_type, "source": "/h"}, data=data
    )
    return binary(event)


MALFORMED = {
    "binary mode without ce-id": (_binary_without_id, "not a valid CloudEvent: missing ce-id"),
    "binary mode without ce-specversion": (
        _binary_without_specversion,
        "not a valid CloudEvent: missing ce-specversion",
    ),
    "a type the webhook does not take": (_unknown_type, "type must be one of"),
    "a dataschema not ours": (_foreign_dataschema, "is not one of Lattice's published schemas"),
    "structured data not an object": (_structured_data_not_an_object, "data must be a JSON object"),
    "structured body not JSON": (_structured_not_json, "body is not JSON"),
    "structured without id": (_structured_without_id, "not a valid CloudEvent: missing id"),
    "a contract violation": (_contract_violation, "grade: Input should be a valid integer"),
}


async def test_a_malformed_but_signed_cloudevent_is_422_with_the_reason(
    profile: RunningProfile, subtests: pytest.Subtests
) -> None:
    for case, (make, reason) in MALFORMED.items():
        with subtests.test(case):
            body, headers = make()
            response = await profile.client.post(URL, content=body, headers=headers)
            assert response.status_code == 422, response.text
            assert reason in response.json()["detail"]
    assert await profile.row("E1") is None


async def test_an_unsigned_cloudevent_is_401(profile: RunningProfile) -> None:
    body, headers = binary(cloudevent(hris_record("E1")))
    del headers["X-Lattice-Signature"]
    response = await profile.client.post(URL, content=body, headers=headers)
    assert response.status_code == 401
    assert await profile.row("E1") is None


@pytest.fixture
async def rotating(service_environment: dict[str, str]) -> AsyncIterator[RunningProfile]:
    """The profile service in the middle of a rotation: a new secret, the old one still valid."""
    async with running(
        service_environment,
        LATTICE_PROFILE_HRIS_WEBHOOK_SECRET="the-new-secret",
        LATTICE_PROFILE_HRIS_WEBHOOK_SECRET_PREVIOUS=WEBHOOK_SECRET,
    ) as profile:
        yield profile


async def test_during_a_rotation_pushes_signed_with_the_old_or_the_new_secret_are_applied(
    rotating: RunningProfile,
) -> None:
    old = hris_record("E1", effective_at=T0, grade=4)
    new = hris_record("E1", effective_at=T0 + timedelta(hours=1), grade=6)
    for event, secret in ((old, WEBHOOK_SECRET), (new, "the-new-secret")):
        body, headers = signed_push(event, secret=secret)
        response = await rotating.client.post(URL, content=body, headers=headers)
        assert response.json() == {"employee_id": "E1", "applied": True}
    body, headers = signed_push(hris_record("E2"), secret="neither-secret")
    response = await rotating.client.post(URL, content=body, headers=headers)
    assert response.status_code == 401
    assert response.json()["detail"] == "signature does not match"
    row = await rotating.row("E1")
    assert row is not None
    assert row["grade"] == 6
    assert await rotating.row("E2") is None
