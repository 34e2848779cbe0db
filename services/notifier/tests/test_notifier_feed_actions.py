"""Employees acting on their opportunities, on the real broker and real PostgreSQL: each action
and its event, the illegal neighbours, a dismissal that holds until the opening changes
materially, interest by browsing, "why not me?", the application's status on the feed, and who may
do what. One running notifier for the module; each test uses its own employees and openings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
import test_notifier_flows as flows
from lattice_devstack.infra import wait_until
from lattice_devstack.testing.kafka import TopicReader, decoded
from lattice_platform.auth import Role
from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import EmployeeStatus, OpeningKind
from notifier_builders import NOW, details, held, posted, required, upserted
from test_notifier_flows import (
    Notifier,
    _handled,
    _skill_level,
    of_type,
    surfaced_pair,
    token,
    unique,
)

pytestmark = pytest.mark.timeout(120)

notifier = flows.notifier  # a running notifier of this module's own, as the flows start one

Events = list[ev.Event]


async def feed_actions(
    notifier: Notifier, done: Callable[[Events], bool], timeout_s: float = 20.0
) -> Events:
    async with TopicReader(
        notifier.settings.kafka_bootstrap_servers, notifier.topic(t.FEED_ACTIONS)
    ) as reader:
        await reader.read_until(
            lambda records: done([e.event for e in decoded(t.FEED_ACTIONS, records)]), timeout_s
        )
        return [e.event for e in decoded(t.FEED_ACTIONS, await reader.settle(1.0))]


def about(events: Events, employee_id: str) -> Events:
    return [e for e in events if getattr(e, "employee_id", None) == employee_id]


def me(notifier: Notifier, employee_id: str, role: Role = Role.EMPLOYEE) -> dict[str, str]:
    return token(notifier, role, employee_id)


async def feed_item(notifier: Notifier, employee_id: str, opening_id: str) -> dict[str, Any]:
    response = await notifier.client.get(
        "/v1/feed", params={"include_withdrawn": True}, headers=me(notifier, employee_id)
    )
    assert response.status_code == 200, response.text
    (item,) = [i for i in response.json()["items"] if i["opening_id"] == opening_id]
    return item


async def post(
    notifier: Notifier, path: str, employee_id: str, body: dict[str, Any] | None = None
) -> httpx.Response:
    return await notifier.client.post(path, json=body, headers=me(notifier, employee_id))


async def delete(notifier: Notifier, path: str, employee_id: str) -> httpx.Response:
    return await notifier.client.delete(path, headers=me(notifier, employee_id))


def assert_problem(response: httpx.Response, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert words in response.json()["detail"]


# --------------------------------------------------------------------------- actions on an item


async def test_interest_on_a_feed_item_publishes_it_with_the_note_and_the_current_explanation(
    notifier: Notifier,
) -> None:
    someone, skill, opening_id = await surfaced_pair(notifier, "keen")
    item = await feed_item(notifier, someone, opening_id)
    assert item["state"] == "new"
    assert item["explanation"]["matched_skills"][0]["held_level"] == 4
    later = NOW + timedelta(minutes=1)
    await notifier.send(t.EMPLOYEES, upserted(someone, skills=(held(skill, 5),), at=later))
    await wait_until(lambda: _skill_level(notifier, someone, 5), 20)

    response = await post(
        notifier,
        f"/v1/feed/items/{item['opportunity_id']}/interest",
        someone,
        {"note": "Happy to start in May."},
    )

    assert response.status_code == 200, response.text
    assert response.json()["state"] == "interested"
    events = about(
        await feed_actions(notifier, lambda es: bool(about(es, someone))),
        someone,
    )
    (interest,) = events
    assert isinstance(interest, ev.InterestExpressed)
    assert (interest.opening_id, interest.opportunity_id) == (opening_id, item["opportunity_id"])
    assert interest.note == "Happy to start in May."
    assert [(m.skill_id, m.held_level) for m in interest.explanation.matched_skills] == [
        (skill, 5)
    ], "the explanation as it stands now, not as it was surfaced"
    assert (await feed_item(notifier, someone, opening_id))["state"] == "interested"


async def test_interest_then_its_withdrawal_publish_both_and_nothing_more_is_accepted(
    notifier: Notifier,
) -> None:
    someone, _, opening_id = await surfaced_pair(notifier, "fickle")
    item_id = (await feed_item(notifier, someone, opening_id))["opportunity_id"]
    path = f"/v1/feed/items/{item_id}"
    assert (await post(notifier, f"{path}/interest", someone)).status_code == 200
    assert_problem(await post(notifier, f"{path}/interest", someone), 409, "already expressed")
    assert_problem(await post(notifier, f"{path}/save", someone), 409, "withdraw it first")

    withdrawn = await delete(notifier, f"{path}/interest", someone)

    assert withdrawn.status_code == 200, withdrawn.text
    assert withdrawn.json()["state"] == "interest_withdrawn"
    events = about(await feed_actions(notifier, lambda es: len(about(es, someone)) >= 2), someone)
    assert [type(e) for e in events] == [ev.InterestExpressed, ev.InterestWithdrawn]
    for action in ("interest", "save"):
        assert_problem(await post(notifier, f"{path}/{action}", someone), 409, "you withdrew")
    assert_problem(await delete(notifier, f"{path}/interest", someone), 409, "you withdrew")
    dismissal = await post(notifier, f"{path}/dismissal", someone, {"reason": "not_now"})
    assert_problem(dismissal, 409, "you withdrew")
    assert len(about(await feed_actions(notifier, lambda es: True), someone)) == 2


async def test_withdrawing_interest_never_expressed_is_refused(notifier: Notifier) -> None:
    someone, _, opening_id = await surfaced_pair(notifier, "shy")
    item_id = (await feed_item(notifier, someone, opening_id))["opportunity_id"]

    refused = await delete(notifier, f"/v1/feed/items/{item_id}/interest", someone)

    assert_problem(refused, 409, "not expressed interest")


async def test_saving_publishes_once_and_a_saved_item_stays_on_the_feed_marked(
    notifier: Notifier,
) -> None:
    someone, _, opening_id = await surfaced_pair(notifier, "saver")
    item_id = (await feed_item(notifier, someone, opening_id))["opportunity_id"]

    saved = await post(notifier, f"/v1/feed/items/{item_id}/save", someone)

    assert saved.status_code == 200, saved.text
    assert_problem(await post(notifier, f"/v1/feed/items/{item_id}/save", someone), 409, "saved")
    (event,) = about(await feed_actions(notifier, lambda es: bool(about(es, someone))), someone)
    assert isinstance(event, ev.OpportunitySaved)
    assert event.opportunity_id == item_id
    feed = (await notifier.client.get("/v1/feed", headers=me(notifier, someone))).json()
    assert [(i["opportunity_id"], i["state"]) for i in feed["items"]] == [(item_id, "saved")]


async def test_a_dismissal_takes_the_item_off_the_feed_with_its_reason_on_the_topic(
    notifier: Notifier,
) -> None:
    someone, _, opening_id = await surfaced_pair(notifier, "busy")
    item_id = (await feed_item(notifier, someone, opening_id))["opportunity_id"]

    dismissed = await post(
        notifier, f"/v1/feed/items/{item_id}/dismissal", someone, {"reason": "location"}
    )

    assert dismissed.status_code == 200, dismissed.text
    (event,) = about(await feed_actions(notifier, lambda es: bool(about(es, someone))), someone)
    assert isinstance(event, ev.OpportunityDismissed)
    assert event.reason is ev.DismissReason.LOCATION
    feed = (await notifier.client.get("/v1/feed", headers=me(notifier, someone))).json()
    assert feed["items"] == []
    item = await feed_item(notifier, someone, opening_id)
    assert (item["state"], item["withdraw_reason"]) == ("dismissed", "dismissed")
    for action in ("interest", "save"):
        refused = await post(notifier, f"/v1/feed/items/{item_id}/{action}", someone)
        assert_problem(refused, 409, "you dismissed this item")


async def test_a_dismissal_needs_a_reason_from_the_vocabulary(notifier: Notifier) -> None:
    someone, _, opening_id = await surfaced_pair(notifier, "vague")
    item_id = (await feed_item(notifier, someone, opening_id))["opportunity_id"]
    for body in (None, {"reason": "boring"}):
        response = await post(notifier, f"/v1/feed/items/{item_id}/dismissal", someone, body)
        assert response.status_code == 422, response.text
    assert (await feed_item(notifier, someone, opening_id))["state"] == "new"


async def test_an_item_withdrawn_by_the_opening_closing_takes_no_action(
    notifier: Notifier,
) -> None:
    someone, _, opening_id = await surfaced_pair(notifier, "late")
    item_id = (await feed_item(notifier, someone, opening_id))["opportunity_id"]
    await notifier.send(
        t.OPENINGS_TOPIC,
        ev.OpeningClosed(opening_id=opening_id, outcome="closed", closed_at=NOW),
    )
    await notifier.opportunities(lambda es: of_type(es, ev.OpportunityWithdrawn, {someone}))

    for action in ("interest", "save"):
        refused = await post(notifier, f"/v1/feed/items/{item_id}/{action}", someone)
        assert_problem(refused, 409, "withdrawn (opening closed)")


# --------------------------------------------------------------------------- dismissed pairs


async def test_a_dismissed_pair_comes_back_only_when_the_opening_changes_materially(
    notifier: Notifier,
) -> None:
    someone, skill, opening_id, item_id = await dismissed_pair(notifier, "picky")

    retitled = details(opening_id, required_skills=(required(skill, 4),), title="Renamed")
    await notifier.send(
        t.OPENINGS_TOPIC,
        ev.OpeningUpdated(
            opening_id=opening_id, opening=retitled, updated_at=NOW + timedelta(minutes=1)
        ),
    )
    await notifier.send(
        t.EMPLOYEES, upserted(someone, skills=(held(skill, 5),), at=NOW + timedelta(minutes=1))
    )
    await wait_until(lambda: _title_is(notifier, opening_id, "Renamed"), 20)
    await wait_until(lambda: _skill_level(notifier, someone, 5), 20)
    assert len(await _items_of(notifier, someone)) == 1, "a new title is not a material change"

    remote = details(opening_id, required_skills=(required(skill, 4),), remote=True)
    await notifier.send(
        t.OPENINGS_TOPIC,
        ev.OpeningUpdated(
            opening_id=opening_id, opening=remote, updated_at=NOW + timedelta(minutes=2)
        ),
    )

    envelopes = await notifier.opportunities(
        lambda es: len(of_type(es, ev.OpportunitySurfaced, {someone})) >= 2
    )
    surfaced = of_type(envelopes, ev.OpportunitySurfaced, {someone})
    assert [s.opportunity_id for s in surfaced] == [item_id, f"{someone}:{opening_id}:2"]
    feed = (await notifier.client.get("/v1/feed", headers=me(notifier, someone))).json()
    assert [(i["opportunity_id"], i["state"]) for i in feed["items"]] == [
        (f"{someone}:{opening_id}:2", "new")
    ]


async def dismissed_pair(notifier: Notifier, who: str) -> tuple[str, str, str, str]:
    """A surfaced pair whose item the employee dismissed: (employee, skill, opening, item)."""
    someone, skill, opening_id = await surfaced_pair(notifier, who)
    item_id = (await feed_item(notifier, someone, opening_id))["opportunity_id"]
    dismissal = {"reason": "not_my_direction"}
    dismissed = await post(notifier, f"/v1/feed/items/{item_id}/dismissal", someone, dismissal)
    assert dismissed.status_code == 200, dismissed.text
    return someone, skill, opening_id, item_id


async def _title_is(notifier: Notifier, opening_id: str, title: str) -> bool:
    rows = await notifier.rows(
        "SELECT details->>'title' AS title FROM openings WHERE opening_id = $1", opening_id
    )
    return bool(rows) and rows[0]["title"] == title


async def _items_of(notifier: Notifier, employee_id: str) -> list[str]:
    rows = await notifier.rows(
        "SELECT opportunity_id FROM opportunities WHERE employee_id = $1", employee_id
    )
    return [r["opportunity_id"] for r in rows]


# --------------------------------------------------------------------------- browsing


async def browsable_opening(notifier: Notifier, **fields: Any) -> tuple[str, str, str]:
    """An employee with a new skill and an open opening that asks for it, surfaced or not:
    (employee id, skill id, opening id)."""
    skill, someone, opening_id = unique("skill"), unique("browser"), unique("OP")
    await notifier.send(t.EMPLOYEES, upserted(someone, skills=(held(skill, 2),)))
    await wait_until(lambda: _known(notifier, someone), 20)
    await notifier.send(
        t.OPENINGS_TOPIC, posted(opening_id, required_skills=(required(skill, 2),), **fields)
    )
    await wait_until(lambda: _title_is(notifier, opening_id, f"Opening {opening_id}"), 20)
    return someone, skill, opening_id


async def _known(notifier: Notifier, employee_id: str) -> bool:
    return bool(await notifier.rows("SELECT 1 FROM employees WHERE employee_id = $1", employee_id))


async def test_interest_in_a_browsed_opening_is_taken_when_eligible(notifier: Notifier) -> None:
    someone, skill, opening_id = await browsable_opening(notifier)

    response = await post(
        notifier, f"/v1/openings/{opening_id}/interest", someone, {"note": "Found it myself."}
    )

    assert response.status_code == 200, response.text
    assert response.json() == {
        "opening_id": opening_id,
        "opportunity_id": None,
        "state": "interested",
    }
    (event,) = about(await feed_actions(notifier, lambda es: bool(about(es, someone))), someone)
    assert isinstance(event, ev.InterestExpressed)
    assert event.opportunity_id is None
    assert event.explanation.score == 1.0
    assert [m.skill_id for m in event.explanation.matched_skills] == [skill]
    assert_problem(
        await post(notifier, f"/v1/openings/{opening_id}/interest", someone), 409, "already"
    )
    withdrawn = await delete(notifier, f"/v1/openings/{opening_id}/interest", someone)
    assert withdrawn.json()["state"] == "interest_withdrawn"


async def test_interest_in_a_browsed_opening_is_422_with_the_reasons_when_not_eligible(
    notifier: Notifier,
) -> None:
    someone, skill, opening_id = await browsable_opening(notifier, locations=("porto",))
    too_hard = unique("OP")
    await notifier.send(
        t.OPENINGS_TOPIC, posted(too_hard, required_skills=(required(skill, 4, must_have=True),))
    )
    await wait_until(lambda: _title_is(notifier, too_hard, f"Opening {too_hard}"), 20)

    elsewhere = await post(notifier, f"/v1/openings/{opening_id}/interest", someone)
    short = await post(notifier, f"/v1/openings/{too_hard}/interest", someone)

    assert_problem(elsewhere, 422, "based in porto and cannot be done remotely")
    assert_problem(short, 422, f"{skill}: a must-have at level 4; you hold level 2.")
    assert [e["field"] for e in short.json()["errors"]] == ["eligibility", "eligibility"]
    assert "Your match is 50%" in short.json()["errors"][0]["message"]
    assert about(await feed_actions(notifier, lambda es: True), someone) == []


async def test_interest_in_an_opening_that_is_not_open_is_404(notifier: Notifier) -> None:
    someone = unique("lost")
    response = await post(notifier, f"/v1/openings/{unique('OP')}/interest", someone)
    assert_problem(response, 404, "no open opening")


# --------------------------------------------------------------------------- why not me


async def test_why_not_me_names_the_hard_filter_in_plain_words_and_nothing_confidential(
    notifier: Notifier,
) -> None:
    someone, _, opening_id = await browsable_opening(
        notifier,
        min_tenure_months=240,
        hiring_manager_id="HM-secret",
        incumbent_ids=("INC-secret",),
        departments_excluded=("DEPT-secret",),
    )

    response = await notifier.client.get(
        f"/v1/openings/{opening_id}/why-not-me", headers=me(notifier, someone)
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["answer"] == "filtered"
    assert body["filter"] == "tenure"
    assert body["reasons"] == ["It asks for 240 months in your current role; you have 26."]
    assert body["score"] is None
    assert body["gap"] == []
    assert "secret" not in response.text


async def test_why_not_me_gives_the_gap_with_learning_and_mentors_and_no_one_elses_data(
    notifier: Notifier,
) -> None:
    someone, skill, _ = await browsable_opening(notifier, hiring_manager_id="HM-secret")
    harder = unique("OP")
    await notifier.send(
        t.OPENINGS_TOPIC,
        posted(harder, required_skills=(required(skill, 4),), hiring_manager_id="HM-secret"),
    )
    mentor, shy, hidden, novice = (unique(p) for p in ("mentor", "shy", "hidden", "novice"))
    await notifier.send(t.EMPLOYEES, upserted(mentor, skills=(held(skill, 5),), mentor_opt_in=True))
    await notifier.send(t.EMPLOYEES, upserted(shy, skills=(held(skill, 5),)))  # not opted in
    await notifier.send(
        t.EMPLOYEES,
        upserted(hidden, skills=(held(skill, 5),), mentor_opt_in=True, discoverable=False),
    )
    await notifier.send(t.EMPLOYEES, upserted(novice, skills=(held(skill, 3),), mentor_opt_in=True))
    course, retired, shallow = (unique(p) for p in ("course", "retired", "shallow"))
    for item_id, level, available in ((course, 4, True), (retired, 5, False), (shallow, 3, True)):
        await notifier.send(
            t.CATALOGUE,
            ev.CatalogueItemChanged(
                item_id=item_id,
                title=f"Learn {skill}",
                skills_built=(ev.SkillLevel(skill_id=skill, level=level),),
                available=available,
                changed_at=NOW,
            ),
        )
    await wait_until(lambda: _known(notifier, novice), 20)
    await wait_until(lambda: _title_is(notifier, harder, f"Opening {harder}"), 20)
    await wait_until(lambda: _catalogued(notifier, shallow), 20)

    response = await notifier.client.get(
        f"/v1/openings/{harder}/why-not-me", headers=me(notifier, someone)
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["answer"] == "skills_gap"
    assert (body["score"], body["threshold"]) == (0.5, 0.75)
    (gap,) = body["gap"]
    assert (gap["skill_id"], gap["required_level"], gap["your_level"]) == (skill, 4, 2)
    assert [i["item_id"] for i in gap["learning"]] == [course]
    assert gap["mentor_ids"] == [mentor]
    for nobody in (shy, hidden, novice, "HM-secret"):
        assert nobody not in response.text
    mine = await notifier.client.get(
        f"/v1/openings/{harder}/why-not-me", headers=me(notifier, mentor)
    )
    assert mine.json()["answer"] in ("matches", "on_feed")
    assert mentor not in str(mine.json()["gap"])


async def test_an_older_catalogue_change_never_brings_a_retired_item_back(
    notifier: Notifier,
) -> None:
    someone, skill, _ = await browsable_opening(notifier)
    harder = unique("OP")
    await notifier.send(t.OPENINGS_TOPIC, posted(harder, required_skills=(required(skill, 3),)))
    retired, kept = unique("retired"), unique("kept")

    def changed(item_id: str, available: bool, minutes: int) -> ev.CatalogueItemChanged:
        return ev.CatalogueItemChanged(
            item_id=item_id,
            title=f"Learn {skill}",
            skills_built=(ev.SkillLevel(skill_id=skill, level=3),),
            available=available,
            changed_at=NOW + timedelta(minutes=minutes),
        )

    await notifier.send(t.CATALOGUE, changed(retired, False, 2))
    late = await notifier.send(t.CATALOGUE, changed(retired, True, 1))
    await notifier.send(t.CATALOGUE, changed(kept, True, 1))
    await wait_until(lambda: _handled(notifier, late), 20)
    await wait_until(lambda: _catalogued(notifier, kept), 20)
    await wait_until(lambda: _title_is(notifier, harder, f"Opening {harder}"), 20)

    response = await notifier.client.get(
        f"/v1/openings/{harder}/why-not-me", headers=me(notifier, someone)
    )

    (gap,) = response.json()["gap"]
    assert [i["item_id"] for i in gap["learning"]] == [kept]


async def _catalogued(notifier: Notifier, item_id: str) -> bool:
    return bool(await notifier.rows("SELECT 1 FROM catalogue_items WHERE item_id = $1", item_id))


async def test_why_not_me_on_an_item_already_on_the_feed_says_so(notifier: Notifier) -> None:
    someone, _, opening_id = await surfaced_pair(notifier, "lucky")
    response = await notifier.client.get(
        f"/v1/openings/{opening_id}/why-not-me", headers=me(notifier, someone)
    )
    assert response.json()["answer"] == "on_feed"
    assert response.json()["reasons"] == ["You match this opening; it is on your feed."]


# --------------------------------------------------------------------------- applications


async def test_an_invitation_and_later_a_decline_show_on_the_item_in_courteous_words(
    notifier: Notifier,
) -> None:
    someone, _, opening_id = await surfaced_pair(notifier, "invitee")

    async def application(status: ev.ApplicationStatus, minutes: int) -> str:
        return await send_application(notifier, someone, opening_id, status, minutes)

    async def shown() -> str | None:
        return (await feed_item(notifier, someone, opening_id))["application"]  # type: ignore[no-any-return]

    await application(ev.ApplicationStatus.INVITED, 1)
    await wait_until(lambda: _shows(shown, "invited to apply"), 20)
    await application(ev.ApplicationStatus.DECLINED, 3)
    await wait_until(lambda: _shows(shown, "not progressing"), 20)

    late = await application(ev.ApplicationStatus.SHORTLISTED, 2)  # an older change, late

    await wait_until(lambda: _handled(notifier, late), 20)
    assert await shown() == "not progressing"
    item_id = (await feed_item(notifier, someone, opening_id))["opportunity_id"]
    refused = await post(notifier, f"/v1/feed/items/{item_id}/interest", someone)
    assert_problem(refused, 409, "your application to this opening is not progressing")


async def test_an_invitation_brings_a_dismissed_item_back_to_the_feed_and_browsing_answers_it(
    notifier: Notifier,
) -> None:
    someone, _, opening_id, item_id = await dismissed_pair(notifier, "wanted")

    invited = await send_application(notifier, someone, opening_id, ev.ApplicationStatus.INVITED, 1)
    await wait_until(lambda: _handled(notifier, invited), 20)

    feed = (await notifier.client.get("/v1/feed", headers=me(notifier, someone))).json()
    assert [(i["opportunity_id"], i["state"], i["application"]) for i in feed["items"]] == [
        (item_id, "dismissed", "invited to apply")
    ]
    accepted = await post(notifier, f"/v1/openings/{opening_id}/interest", someone)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["state"] == "interested"


async def send_application(
    notifier: Notifier,
    employee_id: str,
    opening_id: str,
    status: ev.ApplicationStatus,
    minutes: int,
) -> str:
    """The openings service's word on the application, ``minutes`` after NOW: the event id."""
    return await notifier.send(
        t.APPLICATIONS,
        ev.ApplicationChanged(
            application_id=f"{opening_id}:{employee_id}",
            opening_id=opening_id,
            employee_id=employee_id,
            status=status,
            title="Platform secondment",
            kind=OpeningKind.ROLE,
            department="platform",
            changed_at=NOW + timedelta(minutes=minutes),
        ),
    )


async def _shows(shown: Callable[[], Any], words: str) -> bool:
    return bool(await shown() == words)


# --------------------------------------------------------------------------- who may act


async def test_another_employees_item_is_not_found_and_stays_untouched(
    notifier: Notifier,
) -> None:
    owner, _, opening_id = await surfaced_pair(notifier, "owner")
    item_id = (await feed_item(notifier, owner, opening_id))["opportunity_id"]
    nosy = unique("nosy")

    for role in (Role.EMPLOYEE, Role.MANAGER, Role.HR):
        headers = token(notifier, role, nosy)
        for path in ("interest", "save"):
            response = await notifier.client.post(
                f"/v1/feed/items/{item_id}/{path}", headers=headers
            )
            assert_problem(response, 404, "no item")
        response = await notifier.client.post(
            f"/v1/feed/items/{item_id}/dismissal", json={"reason": "other"}, headers=headers
        )
        assert_problem(response, 404, "no item")

    assert (await feed_item(notifier, owner, opening_id))["state"] == "new"
    assert about(await feed_actions(notifier, lambda es: True), owner) == []


async def test_a_token_without_an_employee_acts_on_no_one(notifier: Notifier) -> None:
    owner, _, opening_id = await surfaced_pair(notifier, "guarded")
    item_id = (await feed_item(notifier, owner, opening_id))["opportunity_id"]
    for role in (Role.HR, Role.SERVICE):
        headers = token(notifier, role, None)
        response = await notifier.client.post(f"/v1/feed/items/{item_id}/save", headers=headers)
        assert response.status_code == 403
        why = await notifier.client.get(f"/v1/openings/{opening_id}/why-not-me", headers=headers)
        assert why.status_code == 403
    assert (await notifier.client.post(f"/v1/feed/items/{item_id}/save")).status_code == 401
    assert (await feed_item(notifier, owner, opening_id))["state"] == "new"


# --------------------------------------------------------------------------- erasure


Words = tuple[str, str, str | None, str | None]  # opening, state, note, dismissal reason


async def words(notifier: Notifier, employee_id: str) -> list[Words]:
    rows = await notifier.rows(
        "SELECT opening_id, state, note, dismiss_reason FROM pair_actions"
        " WHERE employee_id = $1 ORDER BY opening_id",
        employee_id,
    )
    return [(r["opening_id"], r["state"], r["note"], r["dismiss_reason"]) for r in rows]


async def test_erasure_forgets_the_notes_and_reasons_of_that_person_only_and_again_harmlessly(
    notifier: Notifier,
) -> None:
    erased, skill, kept = await surfaced_pair(notifier, "erased")
    other, _, other_opening = await surfaced_pair(notifier, "stays")
    dismissed = unique("OP")
    await notifier.send(t.OPENINGS_TOPIC, posted(dismissed, required_skills=(required(skill, 4),)))
    await notifier.opportunities(
        lambda es: any(
            isinstance(e.event, ev.OpportunitySurfaced) and e.event.opening_id == dismissed
            for e in es
        )
    )
    for who, opening_id, note in ((erased, kept, "Mine alone."), (other, other_opening, "Ours.")):
        item_id = (await feed_item(notifier, who, opening_id))["opportunity_id"]
        response = await post(notifier, f"/v1/feed/items/{item_id}/interest", who, {"note": note})
        assert response.status_code == 200, response.text
    item_id = (await feed_item(notifier, erased, dismissed))["opportunity_id"]
    response = await post(
        notifier, f"/v1/feed/items/{item_id}/dismissal", erased, {"reason": "not_my_direction"}
    )
    assert response.status_code == 200, response.text
    assert {w[2:] for w in await words(notifier, erased)} == {
        ("Mine alone.", None),
        (None, "not_my_direction"),
    }
    before_other = await words(notifier, other)

    await notifier.send(t.EMPLOYEES, ev.EmployeeLeft(employee_id=erased, left_on=NOW.date()))
    erasure = upserted(
        erased,
        skills=(),
        manager_id=None,
        discoverable=False,
        status=EmployeeStatus.LEFT,
        erased=True,
        at=NOW + timedelta(hours=1),
    )
    first = await notifier.send(t.EMPLOYEES, erasure)
    await wait_until(lambda: _handled(notifier, first), 20)

    expected = sorted([(kept, "interested", None, None), (dismissed, "dismissed", None, None)])
    assert await words(notifier, erased) == expected, "the states stay, the words go"
    assert await words(notifier, other) == before_other
    assert [w[2] for w in before_other] == ["Ours."]

    again = await notifier.send(t.EMPLOYEES, erasure)  # a replay past the inbox, as a new record
    await wait_until(lambda: _handled(notifier, again), 20)
    assert await words(notifier, erased) == expected
    assert await words(notifier, other) == before_other
