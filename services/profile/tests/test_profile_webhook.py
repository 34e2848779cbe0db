"""The signed HRIS webhook: signature, replay window, malformed bodies, ordering."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest
from lattice_devstack.testing.plugin import serving, settings_for
from lattice_platform.contracts import events as wire
from lattice_profile.bootstrap import build
from lattice_profile.settings import ProfileSettings
from profile_testkit import RunningProfile, hris_record, signed_push

T0 = datetime(2026, 1, 1, 9, tzinfo=UTC)
URL = "/v1/hris/webhook"


async def test_a_signed_push_is_applied_and_an_older_one_is_accepted_but_ignored(
    profile: RunningProfile,
) -> None:
    body, headers = signed_push(hris_record("E1", effective_at=T0 + timedelta(hours=1), grade=6))
    response = await profile.client.post(URL, content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"employee_id": "E1", "applied": True}

    body, headers = signed_push(hris_record("E1", effective_at=T0, grade=4))
    response = await profile.client.post(URL, content=body, headers=headers)
    assert response.json() == {"employee_id": "E1", "applied": False}
    row = await profile.row("E1")
    assert row is not None
    assert row["grade"] == 6


async def test_a_replayed_push_within_the_window_has_no_second_effect(
    profile: RunningProfile,
) -> None:
    body, headers = signed_push(hris_record("E1"))
    first = await profile.client.post(URL, content=body, headers=headers)
    again = await profile.client.post(URL, content=body, headers=headers)
    assert (first.json()["applied"], again.json()["applied"]) == (True, False)


async def test_a_termination_can_be_pushed(profile: RunningProfile) -> None:
    body, headers = signed_push(hris_record("E1", effective_at=T0))
    await profile.client.post(URL, content=body, headers=headers)
    body, headers = signed_push(
        wire.HrisEmployeeTerminated(
            hris_id="E1", left_on=date(2026, 2, 28), effective_at=T0 + timedelta(days=58)
        )
    )
    response = await profile.client.post(URL, content=body, headers=headers)
    assert response.json() == {"employee_id": "E1", "applied": True}
    row = await profile.row("E1")
    assert row is not None
    assert (row["status"], row["left_on"]) == ("left", date(2026, 2, 28))


def _tampered() -> tuple[bytes, dict[str, str]]:
    body, headers = signed_push(hris_record("E1"))
    tampered = body.replace(b'"grade": 5', b'"grade": 9')
    assert tampered != body
    return tampered, headers


def _wrong_secret() -> tuple[bytes, dict[str, str]]:
    return signed_push(hris_record("E1"), secret="not-the-secret")


def _stale() -> tuple[bytes, dict[str, str]]:
    return signed_push(hris_record("E1"), timestamp=int(time.time()) - 301)


def _from_the_future() -> tuple[bytes, dict[str, str]]:
    return signed_push(hris_record("E1"), timestamp=int(time.time()) + 301)


def _unsigned() -> tuple[bytes, dict[str, str]]:
    body, headers = signed_push(hris_record("E1"))
    del headers["X-Lattice-Signature"]
    return body, headers


def _signature_without_prefix() -> tuple[bytes, dict[str, str]]:
    body, headers = signed_push(hris_record("E1"))
    headers["X-Lattice-Signature"] = headers["X-Lattice-Signature"].removeprefix("sha256=")
    return body, headers


REFUSED = {
    "body changed after signing": (_tampered, "signature does not match"),
    "signed with another secret": (_wrong_secret, "signature does not match"),
    "timestamp older than the window": (_stale, "replay window"),
    "timestamp too far ahead": (_from_the_future, "replay window"),
    "no signature": (_unsigned, "missing"),
    "signature without its scheme": (_signature_without_prefix, "signature does not match"),
}


async def test_an_untrusted_push_is_401_and_changes_nothing(
    profile: RunningProfile, subtests: pytest.Subtests
) -> None:
    for case, (make, reason) in REFUSED.items():
        with subtests.test(case):
            body, headers = make()
            response = await profile.client.post(URL, content=body, headers=headers)
            assert response.status_code == 401
            assert reason in response.json()["detail"]
    assert await profile.row("E1") is None


def _record_json(**changes: object) -> dict[str, object]:
    data = hris_record("E1").model_dump(mode="json")
    data.update(changes)
    return {"type": wire.HrisEmployeeRecord.event_type, "data": data}


MALFORMED = {
    "not JSON": (b"{oops", "not valid JSON"),
    "not UTF-8": (b'{"type": "\xff"}', "not valid JSON"),
    "nested beyond reason": (b"[" * 30000 + b"]" * 30000, "not valid JSON"),
    "not an object": (b"[1, 2]", 'exactly "type" and "data"'),
    "unknown type": (
        json.dumps({"type": "io.lattice.hris.employee.promoted", "data": {}}).encode(),
        "type must be one of",
    ),
    "grade not a number": (
        json.dumps(_record_json(grade="senior")).encode(),
        "data.grade: Input should be a valid integer",
    ),
    "unknown track": (
        json.dumps(_record_json(track="sideways")).encode(),
        "data.track: Input should be",
    ),
    "missing effective_at": (
        json.dumps(_record_json(effective_at=None)).encode(),
        "data.effective_at",
    ),
}


async def test_a_malformed_but_signed_push_is_422_with_the_reason(
    profile: RunningProfile, subtests: pytest.Subtests
) -> None:
    for case, (raw, reason) in MALFORMED.items():
        with subtests.test(case):
            body, headers = signed_push(body=raw)
            response = await profile.client.post(URL, content=body, headers=headers)
            assert response.status_code == 422
            assert reason in response.json()["detail"]


async def test_a_pushed_termination_of_an_unknown_employee_is_422(profile: RunningProfile) -> None:
    body, headers = signed_push(
        wire.HrisEmployeeTerminated(hris_id="E404", left_on=date(2026, 1, 31), effective_at=T0)
    )
    response = await profile.client.post(URL, content=body, headers=headers)
    assert response.status_code == 422
    assert "E404" in response.json()["detail"]


async def test_without_a_configured_secret_the_webhook_refuses_every_push(
    service_environment: dict[str, str],
) -> None:
    runtime, app = build(settings_for(ProfileSettings, service_environment))
    body, headers = signed_push(hris_record("E1"))
    async with serving(app) as client:
        response = await client.post(URL, content=body, headers=headers)
        assert response.status_code == 503
        async with runtime.pool.acquire() as conn:
            assert await conn.fetchval("SELECT count(*) FROM employees") == 0


async def test_a_non_ascii_signature_is_refused_as_a_bad_signature(
    profile: RunningProfile,
) -> None:
    body, headers = signed_push(hris_record("E1"))
    headers["X-Lattice-Signature"] = "sha256=caf\xe9"
    raw = [(name.encode(), value.encode("latin-1")) for name, value in headers.items()]
    response = await profile.client.post(URL, content=body, headers=raw)
    assert response.status_code == 401
    assert response.json()["detail"] == "signature does not match"


async def test_a_body_over_the_limit_is_refused_before_it_is_read_or_checked(
    profile: RunningProfile,
) -> None:
    pulled: list[int] = []

    async def fifty_megabytes() -> AsyncIterator[bytes]:
        for _ in range(50):
            pulled.append(1)
            yield b" " * (1024 * 1024)

    _, headers = signed_push(hris_record("E1"))
    declared = headers | {"Content-Length": str(50 * 1024 * 1024)}
    response = await profile.client.post(URL, content=fifty_megabytes(), headers=declared)
    assert response.status_code == 413
    assert pulled == []
    streamed = await profile.client.post(URL, content=fifty_megabytes(), headers=headers)
    assert streamed.status_code == 413
    assert len(pulled) == 1, "the read stops at the first chunk past the limit"


async def test_a_department_over_its_maximum_is_refused_and_never_stored(
    profile: RunningProfile,
) -> None:
    for department, status in (("d" * 3_000_000, 413), ("d" * 129, 422)):
        event = hris_record("E1").model_dump(mode="json") | {"department": department}
        raw = json.dumps({"type": wire.HrisEmployeeRecord.event_type, "data": event}).encode()
        body, headers = signed_push(body=raw)
        assert (await profile.client.post(URL, content=body, headers=headers)).status_code == status
    assert await profile.row("E1") is None
