"""Near misses and career goals become learning recommendations and mentor suggestions."""

from __future__ import annotations

from datetime import UTC, date, datetime

from lattice_devstack.testing.kafka import decoded
from lattice_platform.auth import Role
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from learning_harness import Learning, employee, read_events

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def near_miss(*missing: tuple[str, int, int]) -> ev.NearMissDetected:
    return ev.NearMissDetected(
        employee_id="E1",
        opening_id="OP-17",
        score=0.6,
        threshold=0.75,
        missing_skills=tuple(
            ev.SkillMatch(
                skill_id=s,
                required_level=required,
                held_level=held,
                effective_level=held,
                must_have=True,
                stale=False,
            )
            for s, required, held in missing
        ),
        detected_at=NOW,
    )


async def test_a_near_miss_gets_the_fewest_items_once_and_only_its_employee_sees_them(
    learning: Learning,
) -> None:
    await learning.add_item("k8s-only", ("kubernetes", 3))
    await learning.add_item("go-only", ("go", 3))
    await learning.add_item("platform-bootcamp", ("kubernetes", 3), ("go", 3))
    gap = near_miss(("kubernetes", 3, 1), ("go", 2, 0), ("public-speaking", 2, 1))

    await learning.send(t.OPPORTUNITIES, gap)
    await learning.send(t.OPPORTUNITIES, gap)  # detected again: same gap, same opening

    async with learning.reader(t.LEARNING_TOPIC) as reader:
        await reader.read_at_least(1, timeout_s=30)
        events = await read_events(reader, t.LEARNING_TOPIC)
    [recommended] = events
    assert isinstance(recommended, ev.LearningRecommended)
    assert recommended.opening_id == "OP-17"
    assert recommended.target_role_id is None
    assert [i.item_id for i in recommended.items] == ["platform-bootcamp"]
    assert recommended.uncovered == ("public-speaking",)

    mine = await learning.client.get(
        "/v1/me/recommendations", headers=learning.as_(Role.EMPLOYEE, employee_id="E1")
    )
    assert [r["opening_id"] for r in mine.json()["items"]] == ["OP-17"]
    rec_id = mine.json()["items"][0]["recommendation_id"]
    theirs = await learning.client.get(
        "/v1/me/recommendations", headers=learning.as_(Role.EMPLOYEE, employee_id="E2")
    )
    assert theirs.json()["items"] == []
    not_theirs = await learning.client.post(
        f"/v1/me/recommendations/{rec_id}/dismissal",
        headers=learning.as_(Role.EMPLOYEE, employee_id="E2"),
    )
    assert not_theirs.status_code == 404
    dismissed = await learning.client.post(
        f"/v1/me/recommendations/{rec_id}/dismissal",
        headers=learning.as_(Role.EMPLOYEE, employee_id="E1"),
    )
    assert dismissed.json()["status"] == "dismissed"


async def test_a_career_goal_gets_learning_for_the_role_gap_and_eligible_mentors_only(
    learning: Learning,
) -> None:
    await learning.add_item("people-101", ("people-management", 3))
    people = [
        employee("E1", manager_id="M1", skills={"python": 4}),
        employee("M1", role_id="em-1", manager_id="D1", mentor_opt_in=True),  # own manager
        employee("R1", role_id="em-1", manager_id="E1", mentor_opt_in=True),  # own report
        employee("X1", role_id="em-1", manager_id="D2", mentor_opt_in=True),
        employee("X2", role_id="em-2", manager_id="D2", mentor_opt_in=True),  # next role
        employee("X3", role_id="em-1", manager_id="D2", mentor_opt_in=False),
    ]
    await learning.send(t.EMPLOYEES, *people)
    await learning.wait_for_row("SELECT count(*) = 6 FROM employees")
    await learning.send(
        t.EMPLOYEES,
        ev.CareerGoalSet(
            employee_id="E1",
            target_role_ids=("em-1",),
            move_kinds=(),
            willing_to_relocate=False,
            acceptable_locations=(),
            set_at=NOW,
        ),
    )
    # The role is defined after the goal arrived: the goal is measured when it is.
    await learning.send(
        t.ROLES,
        ev.RoleDefined(
            role_id="em-1",
            title="Engineering manager",
            job_family="engineering",
            track="management",
            grade=7,
            skill_profile=(
                ev.SkillLevel(skill_id="people-management", level=3),
                ev.SkillLevel(skill_id="python", level=3),
            ),
            next_role_ids=("em-2",),
        ),
    )

    async with learning.reader(t.LEARNING_TOPIC) as reader:
        await reader.read_at_least(3, timeout_s=30)
        events = await read_events(reader, t.LEARNING_TOPIC)
    [recommended] = [e for e in events if isinstance(e, ev.LearningRecommended)]
    assert recommended.target_role_id == "em-1"
    assert recommended.opening_id is None
    assert [(g.skill_id, g.level) for g in recommended.gap] == [("people-management", 3)]
    assert [i.item_id for i in recommended.items] == ["people-101"]
    suggested = [e for e in events if isinstance(e, ev.MentorSuggested)]
    assert [(s.employee_id, s.mentor_id, s.target_role_id) for s in suggested] == [
        ("E1", "X1", "em-1"),
        ("E1", "X2", "em-1"),
    ]
    pairings = await learning.client.get(
        "/v1/me/mentoring", headers=learning.as_(Role.EMPLOYEE, employee_id="X1")
    )
    [pairing] = pairings.json()["items"]
    by_mentor = await learning.client.post(
        f"/v1/me/mentoring/{pairing['pairing_id']}/accept",
        headers=learning.as_(Role.EMPLOYEE, employee_id="X1"),
    )
    assert by_mentor.status_code == 404, "only the mentee answers a suggestion"
    by_mentee = await learning.client.post(
        f"/v1/me/mentoring/{pairing['pairing_id']}/accept",
        headers=learning.as_(Role.EMPLOYEE, employee_id="E1"),
    )
    assert by_mentee.json()["status"] == "accepted"

    declined = [p for p in (await _pairings(learning, "E1")) if p["mentor_id"] == "X2"]
    await learning.client.post(
        f"/v1/me/mentoring/{declined[0]['pairing_id']}/decline",
        headers=learning.as_(Role.EMPLOYEE, employee_id="E1"),
    )
    async with learning.reader(t.LEARNING_TOPIC) as reader:
        await reader.settle(0.5)
        already = len(reader.records)
        await learning.send(t.EMPLOYEES, employee("X4", role_id="em-1", mentor_opt_in=True))
        await reader.read_at_least(already + 1, timeout_s=30)
        later = [e.event for e in decoded(t.LEARNING_TOPIC, reader.records[already:])]
    assert [(e.employee_id, e.mentor_id) for e in later] == [("E1", "X4")], (
        "a mentor who opts in later fills the slot the declined one freed"
    )

    await learning.client.post(
        "/v1/me/enrolments",
        json={"item_id": "people-101"},
        headers=learning.as_(Role.EMPLOYEE, employee_id="E1"),
    )
    await learning.send(t.EMPLOYEES, ev.EmployeeLeft(employee_id="E1", left_on=date(2026, 3, 3)))
    await learning.wait_for_row(
        "SELECT NOT EXISTS (SELECT 1 FROM enrolments WHERE status = 'enrolled')"
        " AND NOT EXISTS (SELECT 1 FROM career_goals)"
    )
    statuses = {p["mentor_id"]: p["status"] for p in await _pairings(learning, "E1")}
    assert statuses == {"X1": "ended", "X2": "declined", "X4": "ended"}


async def _pairings(learning: Learning, employee_id: str) -> list[dict[str, str]]:
    response = await learning.client.get(
        "/v1/me/mentoring", headers=learning.as_(Role.EMPLOYEE, employee_id=employee_id)
    )
    items: list[dict[str, str]] = response.json()["items"]
    return items
