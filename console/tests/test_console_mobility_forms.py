"""The loop's forms without a browser: the opening form against the openings API's body, and an
action posted to the console reaching the service with the person's token only from the
console's own pages (the services are a fake transport here; the browser tests use the real
ones)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol
from urllib.parse import parse_qs

import httpx
import pytest
from fastapi import FastAPI
from lattice_console import forms
from lattice_console.app import create_app
from lattice_console.sessions import COOKIE
from lattice_console.settings import ConsoleSettings
from lattice_devstack.testing.plugin import serving
from lattice_platform.auth import SigningKey

ROLE = {
    "role_id": "swe-3",
    "title": "Senior software engineer",
    "grade": 5,
    "track": "individual_contributor",
    "skill_profile": [{"skill_id": "python", "level": 4}, {"skill_id": "go", "level": 2}],
}
FORM = "application/x-www-form-urlencoded"


def test_a_new_opening_starts_from_the_role_template() -> None:
    form = forms.from_role(ROLE, "engineering")

    assert (form.title, form.role_id, form.grade, form.track, form.department) == (
        "Senior software engineer",
        "swe-3",
        "5",
        "individual_contributor",
        "engineering",
    )
    assert [(s.skill_id, s.level) for s in form.skills] == [("python", 4), ("go", 2)]
    assert len(form.rows) == len(form.skills) + forms.BLANK_SKILL_ROWS


def test_the_submitted_form_is_the_whole_skill_profile_and_the_temporary_details() -> None:
    submitted = parse_qs(
        "title=Secondment&kind=temporary&department=engineering&role_id=swe-3&grade=5"
        "&track=individual_contributor&temporary_kind=secondment&time_share_percent=50"
        "&starts_on=2027-01-04&ends_on=2027-04-02&locations=lisbon,+porto&remote=on"
        "&min_tenure_months=6&grade_min=4&grade_max=&departments_included="
        "&departments_excluded=sales&skill-0-id=python&skill-0-level=4&skill-0-must=on"
        "&skill-1-id=&skill-1-level=2&skill-2-id=kubernetes&skill-2-level=3",
        keep_blank_values=True,
    )

    body = forms.opening_body(submitted)

    assert body["required_skills"] == [
        {"skill_id": "python", "level": 4, "must_have": True},
        {"skill_id": "kubernetes", "level": 3, "must_have": False},
    ], "a cleared row (go) is removed, an added row kept"
    assert body["inherit_role_skills"] is False
    assert (body["temporary_kind"], body["time_share_percent"]) == ("secondment", 50)
    assert (body["starts_on"], body["ends_on"]) == ("2027-01-04", "2027-04-02")
    assert body["locations"] == ["lisbon", "porto"]
    assert body["remote"] is True
    assert body["eligibility"] == {
        "min_tenure_months": 6,
        "grade_min": 4,
        "grade_max": None,
        "departments_included": [],
        "departments_excluded": ["sales"],
    }
    again = forms.from_opening(body)
    assert (again.time_share_percent, again.min_tenure_months, again.locations) == (
        "50",
        "6",
        "lisbon, porto",
    ), "a refused form is shown again as it was filled"


def test_a_permanent_role_sends_no_temporary_details_and_a_typo_reaches_the_service() -> None:
    submitted = parse_qs(
        "title=Lead&kind=role&department=data&grade=six&temporary_kind=acting"
        "&time_share_percent=20&starts_on=2027-01-04",
        keep_blank_values=True,
    )

    body = forms.opening_body(submitted)

    assert (body["temporary_kind"], body["starts_on"], body["time_share_percent"]) == (
        None,
        None,
        100,
    )
    assert body["grade"] == "six", "the service refuses it by name; the console does not guess"


class FakeNotifier:
    def __init__(self, answer: httpx.Response) -> None:
        self.answer = answer
        self.calls: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.method == "GET":  # the page the action comes back to
            return httpx.Response(200, json={"items": []})
        self.calls.append(request)
        return self.answer


class FakeService(Protocol):
    def handle(self, request: httpx.Request) -> httpx.Response: ...


@asynccontextmanager
async def signed_in(
    notifier: FakeService, roles: str = ""
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """A dev-stack console whose services answer as ``notifier`` does, signed in as E0004 with
    ``roles`` (a form's ``&role=...`` parts) besides employee."""
    key = SigningKey.generate()
    settings = ConsoleSettings.model_validate(
        {
            "jwt_public_key": key.public_pem,
            "console_dev_signing_key": key.private_pem,
            "lattice_dev_stack": "true",
            "console_cookie_secure": "false",
        }
    )
    app = create_app(settings, transport=httpx.MockTransport(notifier.handle))
    async with serving(app) as browser:
        await browser.post(
            "/signin/dev", content="employee_id=E0004" + roles, headers={"Content-Type": FORM}
        )
        yield app, browser


async def test_an_action_goes_to_the_service_with_the_persons_token_and_comes_back() -> None:
    acted = {"opening_id": "O1", "opportunity_id": "P1", "state": "saved"}
    notifier = FakeNotifier(httpx.Response(200, json=acted))
    async with signed_in(notifier) as (app, browser):
        done = await browser.post(
            "/opportunities/P1/save", headers={"Sec-Fetch-Site": "same-origin"}
        )
        session = app.state.console.sessions.get(browser.cookies[COOKIE])
        back = await browser.get(done.headers["location"])
        again = await browser.get(done.headers["location"])
        crafted = await browser.get("/opportunities?notice=Call+0800+now&refused=Locked")

    assert done.status_code == 303
    assert done.headers["location"] == "/opportunities", "nothing said through the URL"
    assert '<p class="notice" role="status">Saved.</p>' in back.text
    assert "Saved." not in again.text, "said once"
    assert "0800" not in crafted.text
    assert "Locked" not in crafted.text, "a link cannot make the console say something"
    (call,) = notifier.calls
    assert (call.method, call.url.path) == ("POST", "/v1/feed/items/P1/save")
    assert call.headers["Authorization"] == f"Bearer {session.token}"


async def test_a_refusal_is_said_on_the_page_the_action_was_taken_on() -> None:
    problem = {
        "type": "urn:lattice:problem:conflict",
        "title": "Conflict",
        "status": 409,
        "detail": "cannot dismiss an item you are interested in",
        "instance": "/",
    }
    notifier = FakeNotifier(httpx.Response(409, json=problem))
    async with signed_in(notifier) as (_, browser):
        done = await browser.post(
            "/opportunities/P1/dismissal", content="reason=location", headers={"Content-Type": FORM}
        )
        back = await browser.get(done.headers["location"])

    assert 'role="alert">Not done: cannot dismiss an item you are interested in' in back.text
    assert json.loads(notifier.calls[0].content) == {"reason": "location"}


async def test_a_form_posted_from_another_site_is_refused_before_any_service_is_called() -> None:
    notifier = FakeNotifier(httpx.Response(200, json={}))
    async with signed_in(notifier) as (_, browser):
        for site in ("cross-site", "same-site"):
            answer = await browser.post(
                "/opportunities/P1/interest", headers={"Sec-Fetch-Site": site}
            )
            assert answer.status_code == 403, site

    assert notifier.calls == []


async def test_an_id_stays_one_path_segment_of_the_service_call() -> None:
    released = FakeNotifier(httpx.Response(200, json={}))
    async with signed_in(released) as (_, browser):
        await browser.post(
            "/releases/O1%3AE7%3F%23release/decline",
            content="reason=Mid-release+crunch",
            headers={"Content-Type": FORM},
        )

    (call,) = released.calls
    assert call.url.raw_path == b"/v1/release-requests/O1%3AE7%3F%23release/decline"
    assert json.loads(call.content) == {"reason": "Mid-release crunch"}


class FakeLists:
    """A service whose every list has two pages: the first without a cursor, then ``second``."""

    second = "eyJwYWdlIjogMn0="
    shared = {
        "kind": "role",
        "grade": 5,
        "employee_id": "E0007",
        "status": "offered",
        "changed_at": "2026-12-02T09:00:00Z",
        "message": "",
        "explanation": None,
        "role_id": "swe-3",
        "track": "individual_contributor",
    }
    asked = {
        "request_id": "O1:E0007",
        "requested_at": "2026-12-01T09:00:00Z",
        "deadline": "2026-12-08T09:00:00Z",
        "outcome": "released",
    }

    def __init__(self) -> None:
        self.calls: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        if request.url.path == "/v1/openings/O1":  # the opening a list of candidates is for
            return httpx.Response(200, json={"opening_id": "O1", "title": "First page"})
        cursor = request.url.params.get("cursor")
        if cursor is None:
            item = {"opening_id": "O1", "title": "First page", **self.shared, **self.asked}
            return httpx.Response(200, json={"items": [item], "next_cursor": self.second})
        item = {"opening_id": "O2", "title": "Second page", **self.shared, **self.asked}
        return httpx.Response(200, json={"items": [item], "next_cursor": None})


async def test_a_list_links_to_its_next_page_while_the_service_has_one() -> None:
    lists = FakeLists()
    async with signed_in(lists) as (_, browser):
        first = await browser.get("/openings")
        (asked_first,) = [c for c in lists.calls if c.url.path == "/v1/openings"]
        link = f'href="/openings?cursor={FakeLists.second.replace("=", "%3D")}"'
        second = await browser.get("/openings", params={"cursor": FakeLists.second})
        asked_second = lists.calls[-1]

    assert "First page" in first.text
    assert link in first.text, "the next page's link carries the service's cursor"
    assert dict(asked_first.url.params) == {"limit": "100"}
    assert dict(asked_second.url.params) == {"limit": "100", "cursor": FakeLists.second}
    assert "Second page" in second.text
    assert "Next page" not in second.text, "the last page has no next"


@pytest.mark.parametrize(
    ("page", "service_path"),
    [
        ("/applications", "/v1/my/applications"),
        ("/hiring", "/v1/managed-openings"),
        ("/hiring/new", "/v1/roles"),
        ("/hiring/O1/candidates", "/v1/openings/O1/candidates"),
    ],
)
async def test_every_list_pages_the_same_way(page: str, service_path: str) -> None:
    lists = FakeLists()
    async with signed_in(lists, roles="&role=manager") as (_, browser):
        first = await browser.get(page)
        last = await browser.get(page, params={"cursor": FakeLists.second})

    escaped = FakeLists.second.replace("=", "%3D")
    assert f'href="{page}?cursor={escaped}" rel="next"' in first.text
    assert "Next page" not in last.text
    assert [c.url.params.get("cursor") for c in lists.calls if c.url.path == service_path] == [
        None,
        FakeLists.second,
    ]


async def test_two_lists_on_one_page_page_apart() -> None:
    lists = FakeLists()
    async with signed_in(lists, roles="&role=manager") as (_, browser):
        page = await browser.get("/releases", params={"cursor": FakeLists.second})

    asked = {c.url.path: c.url.params.get("cursor") for c in lists.calls}
    assert asked["/v1/release-requests"] == FakeLists.second
    assert asked["/v1/team/applications"] is None
    escaped = FakeLists.second.replace("=", "%3D")
    assert f'href="/releases?cursor={escaped}&amp;team_cursor={escaped}"' in page.text
    assert page.text.count("Next page") == 1, "the release requests are on their last page"


async def test_a_page_link_that_is_no_cursor_reaches_no_service() -> None:
    lists = FakeLists()
    async with signed_in(lists) as (_, browser):
        answers = [
            await browser.get("/hiring", params={"cursor": cursor})
            for cursor in ('"><script>alert(1)</script>', "", "a" * 2000)
        ]

    assert [a.status_code for a in answers] == [400, 400, 400]
    assert "<script>alert" not in answers[0].text
    assert not [c for c in lists.calls if c.url.path == "/v1/managed-openings"]
