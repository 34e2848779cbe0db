"""HR's webhook pages without a browser: the subscriptions, a subscription's dead letters with the
next page's link, and a replay reaching the webhooks service with HR's token (the service is a
fake transport here)."""

from __future__ import annotations

import json

import httpx
from lattice_console.sessions import COOKIE
from test_console_mobility_forms import FORM, signed_in

SUBSCRIPTION = {
    "subscription_id": "S1",
    "url": "https://chat.example.com/hooks/lattice",
    "event_types": ["io.lattice.openings.opening.posted"],
    "scope": "organisation",
    "description": "Openings to the chat channel",
    "created_by": "hr@example.com",
    "created_at": "2026-11-02T10:00:00Z",
}
DEAD = {
    "delivery_id": "msg_2b9f",
    "event_id": "E1",
    "event_type": "io.lattice.openings.opening.posted",
    "attempts": 8,
    "last_error": "503 from the receiver",
    "created_at": "2026-12-01T09:00:00Z",
    "dead_at": "2026-12-02T09:00:00Z",
}
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "Content-Type": FORM}


class FakeWebhooks:
    def __init__(self) -> None:
        self.calls: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        path = request.url.path
        if path == "/v1/subscriptions":
            return httpx.Response(200, json={"items": [SUBSCRIPTION], "next_cursor": None})
        if path == "/v1/subscriptions/S1":
            return httpx.Response(200, json=SUBSCRIPTION)
        if path == "/v1/subscriptions/S1/dead-letters":
            return httpx.Response(200, json={"items": [DEAD], "next_cursor": "WzQyXQ=="})
        if path == "/v1/subscriptions/S1/dead-letters/replay":
            named = json.loads(request.content).get("delivery_ids")
            return httpx.Response(200, json={"replayed": len(named) if named else 3})
        return httpx.Response(404)


async def test_hr_sees_the_subscriptions_and_replays_a_dead_letter_or_all() -> None:
    webhooks = FakeWebhooks()
    async with signed_in(webhooks, roles="&role=hr") as (app, browser):
        listed = await browser.get("/hr/webhooks")
        dead = await browser.get("/hr/webhooks/S1")
        one = await browser.post(
            "/hr/webhooks/S1/replay", content="delivery_id=msg_2b9f", headers=SAME_ORIGIN
        )
        after_one = await browser.get(one.headers["location"])
        every = await browser.post("/hr/webhooks/S1/replay", headers=SAME_ORIGIN)
        after_every = await browser.get(every.headers["location"])
        token = app.state.console.sessions.get(browser.cookies[COOKIE]).token

    assert 'href="/hr/webhooks/S1">https://chat.example.com/hooks/lattice</a>' in listed.text
    assert "503 from the receiver" in dead.text
    assert 'href="/hr/webhooks/S1?cursor=WzQyXQ%3D%3D" rel="next"' in dead.text
    replays = [c for c in webhooks.calls if c.url.path.endswith("/replay")]
    assert [json.loads(c.content) for c in replays] == [{"delivery_ids": ["msg_2b9f"]}, {}]
    assert {c.headers["Authorization"] for c in webhooks.calls} == {f"Bearer {token}"}
    assert (one.status_code, one.headers["location"]) == (303, "/hr/webhooks/S1")
    assert "1 dead letter due again" in after_one.text
    assert "3 dead letters due again" in after_every.text


async def test_the_webhook_pages_are_hrs_alone_and_take_no_form_from_another_site() -> None:
    webhooks = FakeWebhooks()
    async with signed_in(webhooks, roles="&role=manager") as (_, browser):
        pages = [await browser.get(p) for p in ("/hr/webhooks", "/hr/webhooks/S1")]
        replay = await browser.post("/hr/webhooks/S1/replay", headers=SAME_ORIGIN)
    async with signed_in(webhooks, roles="&role=hr") as (_, browser):
        forged = await browser.post(
            "/hr/webhooks/S1/replay", headers={"Sec-Fetch-Site": "cross-site"}
        )

    assert [p.status_code for p in pages] == [403, 403]
    assert replay.status_code == 403
    assert forged.status_code == 403
    assert webhooks.calls == []
