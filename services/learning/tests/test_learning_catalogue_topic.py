"""The catalogue is published on its compacted topic as it changes, for the services that point
people at learning (the notifier's "why not me?")."""

from __future__ import annotations

from lattice_platform.auth import Role
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from learning_harness import Learning, read_events

FIELDS = {
    "title": "Kubernetes fundamentals",
    "kind": "course",
    "skills": [{"skill": "kubernetes", "level": 3}],
    "duration_hours": 8,
    "format": "online",
}


async def test_adding_replacing_and_retiring_an_item_each_publish_what_it_teaches(
    learning: Learning,
) -> None:
    hr = learning.as_(Role.HR, employee_id="HR1")
    async with learning.reader(t.CATALOGUE) as reader:
        added = await learning.client.post(
            "/v1/catalogue", json={"item_id": "course-k8s", **FIELDS}, headers=hr
        )
        assert added.status_code == 201, added.text
        deeper = {**FIELDS, "skills": [{"skill": "kubernetes", "level": 4}]}
        assert (
            await learning.client.put("/v1/catalogue/course-k8s", json=deeper, headers=hr)
        ).status_code == 200
        retired = {**deeper, "active": False}
        assert (
            await learning.client.put("/v1/catalogue/course-k8s", json=retired, headers=hr)
        ).status_code == 200
        await reader.read_at_least(3, timeout_s=30)
        events = await read_events(reader, t.CATALOGUE)

    changes = [e for e in events if isinstance(e, ev.CatalogueItemChanged)]
    assert [
        (c.item_id, [(s.skill_id, s.level) for s in c.skills_built], c.available) for c in changes
    ] == [
        ("course-k8s", [("kubernetes", 3)], True),
        ("course-k8s", [("kubernetes", 4)], True),
        ("course-k8s", [("kubernetes", 4)], False),
    ]
    assert changes[0].title == "Kubernetes fundamentals"


async def test_a_refused_change_publishes_nothing(learning: Learning) -> None:
    hr = learning.as_(Role.HR, employee_id="HR1")
    async with learning.reader(t.CATALOGUE) as reader:
        missing = await learning.client.put("/v1/catalogue/course-none", json=FIELDS, headers=hr)
        assert missing.status_code == 404
        events = await read_events(reader, t.CATALOGUE)

    assert [e for e in events if getattr(e, "item_id", None) == "course-none"] == []
