"""xAPI statements posted by the LMS become completions once each, on the real broker and
database; other verbs are counted and ignored, unresolvable statements refused one by one."""

from __future__ import annotations

from typing import Any

from lattice_learning.metrics import xapi_statements_ignored
from lattice_platform.auth import Role
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from learning_harness import Learning, employee, read_events

URL = "/v1/xapi/statements"
VERBS = "http://adlnet.gov/expapi/verbs/"
ACTIVITY = "https://lattice.dev/xapi/catalogue/"
S1 = "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"
S2 = "1d7a1e4e-8b55-4b0b-9a64-4c1a1b2f0a11"


def statement(
    statement_id: str | None = S1,
    *,
    verb: str = "completed",
    actor: dict[str, Any] | None = None,
    activity: str = ACTIVITY + "course-k8s-101",
    timestamp: str = "2026-03-02T09:30:00Z",
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "actor": actor or {"account": {"homePage": "https://lms.example.com", "name": "E1"}},
        "verb": {"id": VERBS + verb, "display": {"en-US": verb}},
        "object": {"objectType": "Activity", "id": activity},
        "result": {"success": True, "completion": True},
        "timestamp": timestamp,
        "version": "1.0.3",
    }
    return body if statement_id is None else {"id": statement_id, **body}


async def test_completed_and_passed_are_recorded_once_however_often_they_are_sent(
    learning: Learning,
) -> None:
    await learning.add_item("course-k8s-101", ("k8s", 3))
    await learning.add_item("exam-cka", ("k8s", 4))
    await learning.send(t.EMPLOYEES, employee("E1"))
    await learning.wait_for_row("SELECT true FROM employees WHERE employee_id = 'E1'")
    lms = learning.as_(Role.SERVICE)
    batch = [statement(S1), statement(S2, verb="passed", activity=ACTIVITY + "exam-cka")]
    for _ in range(2):  # the LMS retries the whole batch
        response = await learning.client.post(URL, json=batch, headers=lms)
        assert response.status_code == 200, response.text
        assert [r["outcome"] for r in response.json()["results"]] == ["recorded", "recorded"]

    async with learning.reader(t.LEARNING_TOPIC) as reader:
        await reader.read_at_least(4, timeout_s=30)
        events = await read_events(reader, t.LEARNING_TOPIC)
    completed = sorted(
        (e.completion_id, e.item_id) for e in events if isinstance(e, ev.LearningCompleted)
    )
    assert completed == [(f"lms:{S2}", "exam-cka"), (f"lms:{S1}", "course-k8s-101")]
    acquired = [(e.skill_id, e.level) for e in events if isinstance(e, ev.SkillAcquired)]
    assert acquired == [("kubernetes", 3), ("kubernetes", 4)]  # normalised by the taxonomy


async def test_other_verbs_are_ignored_and_counted_by_verb(learning: Learning) -> None:
    attempted = xapi_statements_ignored.labels(verb=VERBS + "attempted")
    before = attempted._value.get()
    response = await learning.client.post(
        URL, json=statement(verb="attempted"), headers=learning.as_(Role.SERVICE)
    )
    assert response.json()["results"] == [
        {
            "statement_id": S1,
            "outcome": "ignored",
            "detail": f"verb {VERBS}attempted is not a completion",
        }
    ]
    assert attempted._value.get() == before + 1
    assert await learning.fetchval("SELECT count(*) FROM completions") == 0


async def test_each_unresolvable_statement_is_refused_with_its_reason_and_the_rest_recorded(
    learning: Learning,
) -> None:
    await learning.add_item("course-k8s-101", ("k8s", 3))
    batch = [
        statement("00000000-0000-4000-8000-000000000001", activity=ACTIVITY + "no-such-item"),
        statement("00000000-0000-4000-8000-000000000002", actor={"mbox": "mailto:e1@example.com"}),
        statement("00000000-0000-4000-8000-000000000003", activity="https://elsewhere/x"),
        statement(None),
        statement("00000000-0000-4000-8000-000000000004", timestamp="2999-01-01T00:00:00Z"),
        {"verb": {"id": VERBS + "completed"}},
        statement(S1),
    ]
    response = await learning.client.post(URL, json=batch, headers=learning.as_(Role.SERVICE))
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["outcome"] for r in results] == ["refused"] * 6 + ["recorded"]
    details = [r["detail"] for r in results[:6]]
    assert "no catalogue item: no-such-item" in details[0]
    assert "account" in details[1]
    assert ACTIVITY in details[2]
    assert "statement id" in details[3]
    assert "future" in details[4]
    assert "not an xAPI statement" in details[5]
    assert await learning.fetchval("SELECT count(*) FROM completions") == 1


async def test_only_a_service_account_posts_statements(learning: Learning) -> None:
    body = statement()
    assert (await learning.client.post(URL, json=body)).status_code == 401
    for roles in ((Role.EMPLOYEE,), (Role.EMPLOYEE, Role.HR)):
        headers = learning.as_(*roles, employee_id="E1")
        assert (await learning.client.post(URL, json=body, headers=headers)).status_code == 403
    too_many = [statement()] * 101
    response = await learning.client.post(URL, json=too_many, headers=learning.as_(Role.SERVICE))
    assert response.status_code == 422
