"""Opening and role events on the real broker, relayed from the outbox."""

from __future__ import annotations

from typing import Any

from lattice_devstack.testing.kafka import TopicReader, decoded
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.topics import OPENINGS_TOPIC, ROLES

OPENING: dict[str, Any] = {
    "title": "Payments project",
    "kind": "temporary",
    "temporary_kind": "project",
    "department": "payments",
    "grade": 5,
    "track": "individual_contributor",
    "time_share_percent": 20,
    "starts_on": "2026-05-01",
    "ends_on": "2026-08-01",
    "required_skills": [{"skill_id": "sql", "level": 3, "must_have": True}],
    "remote": True,
    "confidential": {
        "budget": "SECRET-BUDGET",
        "salary_band": "SECRET-BAND",
        "internal_notes": "SECRET-NOTES",
        "shortlist": ["SECRET-CANDIDATE"],
    },
}


async def _step(service: Any, method: str, path: str, **kwargs: Any) -> Any:
    answer = await service.client.request(method, path, headers=service.manager(), **kwargs)
    assert answer.is_success, answer.text
    return answer.json()


async def test_opening_events_reach_the_broker_in_order_per_opening_without_secrets(
    openings_service: Any,
) -> None:
    s = openings_service
    first = (await _step(s, "POST", "/v1/openings", json=OPENING))["opening_id"]
    second = (await _step(s, "POST", "/v1/openings", json=OPENING))["opening_id"]
    silent = (await _step(s, "POST", "/v1/openings", json=OPENING))["opening_id"]
    await _step(s, "POST", f"/v1/openings/{first}/open")
    await _step(s, "POST", f"/v1/openings/{second}/open")
    for share in (30, 40):
        await _step(s, "PUT", f"/v1/openings/{first}", json=OPENING | {"time_share_percent": share})
        await _step(
            s, "PUT", f"/v1/openings/{second}", json=OPENING | {"time_share_percent": share}
        )
    secret_only = OPENING | {"time_share_percent": 40, "confidential": {"budget": "more"}}
    await _step(s, "PUT", f"/v1/openings/{first}", json=secret_only)
    await _step(s, "POST", f"/v1/openings/{first}/fill")
    await _step(s, "POST", f"/v1/openings/{second}/close")
    await _step(s, "POST", f"/v1/openings/{silent}/close")

    topic = s.runtime.names.of(OPENINGS_TOPIC)
    async with TopicReader(s.settings.kafka_bootstrap_servers, topic) as reader:
        await reader.read_at_least(8, timeout_s=20)
        records = await reader.settle(quiet_s=1.5)
    assert not any(b"SECRET" in r.value for r in records)
    by_opening: dict[str, list[ev.Event]] = {}
    for envelope in decoded(OPENINGS_TOPIC, records):
        by_opening.setdefault(envelope.event.key(), []).append(envelope.event)
    assert set(by_opening) == {first, second}
    assert {len({r.partition for r in records if r.key == oid.encode()}) for oid in by_opening} == {
        1
    }

    for oid, outcome in ((first, "filled"), (second, "closed")):
        posted, update_30, update_40, closed = by_opening[oid]
        assert isinstance(posted, ev.OpeningPosted)
        assert posted.opening.time_share_percent == 20
        assert posted.opening.match_threshold is None
        assert posted.opening.required_skills == (
            ev.RequiredSkill(skill_id="sql", level=3, must_have=True),
        )
        assert isinstance(update_30, ev.OpeningUpdated)
        assert isinstance(update_40, ev.OpeningUpdated)
        assert (update_30.opening.time_share_percent, update_40.opening.time_share_percent) == (
            30,
            40,
        )
        assert isinstance(closed, ev.OpeningClosed)
        assert closed.outcome == outcome


async def test_each_new_or_changed_role_is_defined_on_the_roles_topic(
    openings_service: Any,
) -> None:
    s = openings_service
    roles = [
        {
            "role_id": "swe-2",
            "title": "Software Engineer",
            "job_family": "engineering",
            "track": "individual_contributor",
            "grade": 5,
            "skill_profile": [{"skill_id": "golang", "level": 3}],
            "paths": [
                {"to_role_id": "swe-3", "kind": "upward"},
                {"to_role_id": "em-1", "kind": "track_switch"},
            ],
        },
        {
            "role_id": "swe-3",
            "title": "Senior Software Engineer",
            "job_family": "engineering",
            "track": "individual_contributor",
            "grade": 6,
        },
        {
            "role_id": "em-1",
            "title": "Engineering Manager",
            "job_family": "engineering",
            "track": "management",
            "grade": 6,
        },
    ]
    await s.client.post("/v1/roles:bulk", json={"roles": roles}, headers=s.hr)
    again = await s.client.post("/v1/roles:bulk", json={"roles": roles}, headers=s.hr)
    assert again.json()["changed"] == []
    topic = s.runtime.names.of(ROLES)
    async with TopicReader(s.settings.kafka_bootstrap_servers, topic) as reader:
        await reader.read_at_least(3, timeout_s=20)
        records = await reader.settle(quiet_s=1.0)
    defined = {e.event.key(): e.event for e in decoded(ROLES, records)}
    assert len(records) == 3
    swe2 = defined["swe-2"]
    assert isinstance(swe2, ev.RoleDefined)
    assert swe2.next_role_ids == ("swe-3", "em-1")
    assert swe2.skill_profile == (ev.SkillLevel(skill_id="go", level=3),)
