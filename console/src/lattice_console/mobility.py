"""The mobility loop's pages: the employee acts on opportunities, asks "why not me?" and accepts
an offer; the hiring manager posts openings and moves candidates; the current manager answers
release requests. Every form posts here and is redirected back (no JavaScript needed); each action
is the service's own API called with the signed-in person's token, so the services' rules decide
who may do what."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from lattice_platform.auth import Role
from lattice_platform.contracts.events import DismissReason

from lattice_console import forms, pictures
from lattice_console.app import (
    _ask,
    _get,
    _listing,
    _page,
    _signed_in_session,
    _unexpected,
    templates,
)
from lattice_console.sessions import COOKIE, Session

CROSS_SITE_OK = frozenset({"same-origin", "none"})


async def same_origin_only(request: Request) -> None:
    """A form may post here only from the console's own pages. The session cookie is already
    SameSite=Strict; this also refuses a same-site sibling (another subdomain) that browsers
    would send it from."""
    fetched_from = request.headers.get("sec-fetch-site")
    if request.method == "POST" and fetched_from is not None and fetched_from not in CROSS_SITE_OK:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "a form from another site is refused")


router = APIRouter(dependencies=[Depends(same_origin_only)])


@dataclass
class Flashes:
    """What an action did, kept per session until the next page says it: not in the URL, so
    that no link can make the console say something it did not."""

    _said: dict[str, dict[str, str]] = field(default_factory=dict)

    def say(self, session_id: str | None, said: dict[str, str]) -> None:
        if session_id:
            self._said[session_id] = said

    def take(self, session_id: str | None) -> dict[str, str]:
        return self._said.pop(session_id or "", {})


def install(app: FastAPI) -> None:
    """The loop's pages, and what its forms share with the pages of ``app``."""
    app.state.flashes = Flashes()
    templates.env.globals["dismiss_reasons"] = DISMISS_REASONS
    templates.env.globals["said_once"] = said_once
    app.include_router(router)


FIRST_PAGE = {"limit": 100}
"""An application is looked up in the person's first hundred."""
DISMISS_REASONS = {
    DismissReason.NOT_NOW: "Not now",
    DismissReason.LOCATION: "The location does not suit me",
    DismissReason.NOT_MY_DIRECTION: "Not the direction I want to go",
    DismissReason.ALREADY_DISCUSSED: "Already discussed with my manager",
    DismissReason.OTHER: "Another reason",
}


# --------------------------------------------------------------------------- employee


@router.get("/openings", response_class=HTMLResponse)
async def open_openings(request: Request) -> Response:
    session = _signed_in_session(request)
    openings = await _listing(request, session, "openings", "/v1/openings")
    return _page(request, "mobility/openings.html", session, openings=openings)


@router.get("/openings/{opening_id}", response_class=HTMLResponse)
async def opening_and_why_not_me(request: Request, opening_id: str) -> Response:
    session = _signed_in_session(request)
    opening = await _get(request, session, "openings", f"/v1/openings/{_seg(opening_id)}")
    why = await _get(request, session, "notifier", f"/v1/openings/{_seg(opening_id)}/why-not-me")
    return _page(request, "mobility/opening.html", session, opening=opening, why=why)


@router.get("/applications", response_class=HTMLResponse)
async def my_applications(request: Request) -> Response:
    session = _signed_in_session(request)
    applications = await _listing(request, session, "openings", "/v1/my/applications")
    return _page(request, "mobility/applications.html", session, applications=applications)


@router.get("/applications/{opening_id}", response_class=HTMLResponse)
async def my_application(request: Request, opening_id: str) -> Response:
    session = _signed_in_session(request)
    page = await _get(request, session, "openings", "/v1/my/applications", FIRST_PAGE)
    mine = next((a for a in page["items"] if a["opening_id"] == opening_id), None)
    if mine is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "nothing here for you")
    return _page(request, "mobility/application.html", session, application=mine)


# --------------------------------------------------------------------------- hiring manager


@router.get("/hiring", response_class=HTMLResponse)
async def my_openings(request: Request) -> Response:
    session = _signed_in_session(request)
    openings = await _listing(request, session, "openings", "/v1/managed-openings")
    return _page(request, "mobility/hiring.html", session, openings=openings)


@router.get("/hiring/new", response_class=HTMLResponse)
async def new_opening(request: Request, role_id: str = "") -> Response:
    session = _signed_in_session(request)
    if not role_id:
        roles = await _listing(request, session, "openings", "/v1/roles")
        return _page(request, "mobility/role_picker.html", session, roles=roles)
    role = await _get(request, session, "openings", f"/v1/roles/{_seg(role_id)}")
    me = await _get(request, session, "profile", "/v1/me")
    form = forms.from_role(role, me.get("department") or "")
    return _opening_form(request, session, form, action="/hiring/new", problems=[])


@router.post("/hiring/new")
async def post_opening(request: Request) -> Response:
    session = _signed_in_session(request)
    submitted = await _form(request)
    answer = await _call(
        request, session, "openings", "POST", "/v1/openings", body=forms.opening_body(submitted)
    )
    if isinstance(answer, Refusal):
        form = _refilled(submitted)
        return _opening_form(request, session, form, "/hiring/new", answer.lines)
    return _redirect(request, "/hiring", notice=f"“{answer['title']}” is saved as a draft.")


@router.get("/hiring/{opening_id}/edit", response_class=HTMLResponse)
async def edit_opening(request: Request, opening_id: str) -> Response:
    session = _signed_in_session(request)
    opening = await _get(request, session, "openings", f"/v1/openings/{_seg(opening_id)}")
    if opening.get("confidential") is None:  # open and public, but not this person's to manage
        raise HTTPException(status.HTTP_404_NOT_FOUND, "nothing here for you")
    action = f"/hiring/{_seg(opening_id)}/edit"
    return _opening_form(request, session, forms.from_opening(opening), action, [])


@router.post("/hiring/{opening_id}/edit")
async def revise_opening(request: Request, opening_id: str) -> Response:
    session = _signed_in_session(request)
    submitted = await _form(request)
    path = f"/v1/openings/{_seg(opening_id)}"
    answer = await _call(
        request, session, "openings", "PUT", path, body=forms.opening_body(submitted)
    )
    if isinstance(answer, Refusal):
        action = f"/hiring/{_seg(opening_id)}/edit"
        return _opening_form(request, session, _refilled(submitted), action, answer.lines)
    return _redirect(request, "/hiring", notice=f"“{answer['title']}” is saved.")


@router.get("/hiring/{opening_id}/candidates", response_class=HTMLResponse)
async def candidates(request: Request, opening_id: str) -> Response:
    session = _signed_in_session(request)
    path = f"/v1/openings/{_seg(opening_id)}"
    found = await _listing(request, session, "openings", f"{path}/candidates")
    opening = await _get(request, session, "openings", path)
    listed = [
        {
            **c,
            "picture": pictures.explanation_picture(c["explanation"]) if c["explanation"] else None,
        }
        for c in found.items
    ]
    return _page(
        request,
        "mobility/candidates.html",
        session,
        opening=opening,
        candidates=listed,
        next_href=found.next_href,
    )


# --------------------------------------------------------------------------- current manager


@router.get("/releases", response_class=HTMLResponse)
async def release_requests(request: Request) -> Response:
    session = _signed_in_session(request)
    if not session.has(Role.MANAGER, Role.HR):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "release requests are for managers")
    asked = await _listing(request, session, "openings", "/v1/release-requests")
    team = await _listing(
        request, session, "openings", "/v1/team/applications", cursor_param="team_cursor"
    )
    return _page(
        request,
        "mobility/releases.html",
        session,
        requests=asked,
        team_applications=team,
    )


# --------------------------------------------------------------------------- actions


@dataclass(frozen=True)
class Action:
    """A form posted to ``path`` becomes ``method api`` on ``service`` with the person's token,
    then a redirect to ``back`` saying ``done`` (or what was refused). ``{name}`` in them is the
    path's parameter; ``sends`` names the form's field sent as the body's field of that name."""

    path: str
    service: str
    method: str
    api: str
    back: str
    done: str
    sends: str | None = None


ACTIONS = (
    # employee
    Action(
        "/opportunities/{item}/interest",
        "notifier",
        "POST",
        "/v1/feed/items/{item}/interest",
        "/opportunities",
        "Your interest is on its way to the hiring manager.",
        sends="note",
    ),
    Action(
        "/opportunities/{item}/save",
        "notifier",
        "POST",
        "/v1/feed/items/{item}/save",
        "/opportunities",
        "Saved.",
    ),
    Action(
        "/opportunities/{item}/dismissal",
        "notifier",
        "POST",
        "/v1/feed/items/{item}/dismissal",
        "/opportunities",
        "Dismissed; it will not be shown to you again.",
        sends="reason",
    ),
    Action(
        "/opportunities/{item}/withdrawal",
        "notifier",
        "DELETE",
        "/v1/feed/items/{item}/interest",
        "/opportunities",
        "Your interest is withdrawn.",
    ),
    Action(
        "/openings/{opening}/interest",
        "notifier",
        "POST",
        "/v1/openings/{opening}/interest",
        "/openings/{opening}",
        "Your interest is on its way to the hiring manager.",
        sends="note",
    ),
    Action(
        "/openings/{opening}/withdrawal",
        "notifier",
        "DELETE",
        "/v1/openings/{opening}/interest",
        "/openings/{opening}",
        "Your interest is withdrawn.",
    ),
    Action(
        "/applications/{opening}/accept",
        "openings",
        "POST",
        "/v1/openings/{opening}/accept",
        "/applications/{opening}",
        "You accepted the offer: the move is made.",
    ),
    # hiring manager
    Action(
        "/hiring/{opening}/open",
        "openings",
        "POST",
        "/v1/openings/{opening}/open",
        "/hiring",
        "The opening is open: matching employees will see it.",
    ),
    Action(
        "/hiring/{opening}/close",
        "openings",
        "POST",
        "/v1/openings/{opening}/close",
        "/hiring",
        "The opening is closed.",
    ),
    *(
        Action(
            f"/hiring/{{opening}}/candidates/{{employee}}/{move}",
            "openings",
            "POST",
            f"/v1/openings/{{opening}}/candidates/{{employee}}/{move}",
            "/hiring/{opening}/candidates",
            done,
            sends="reason" if move == "decline" else None,
        )
        for move, done in (
            ("invite", "{employee} is invited to apply."),
            ("shortlist", "{employee} is shortlisted."),
            (
                "offer",
                "{employee} has an offer; their manager is asked to release them if "
                "the move needs it.",
            ),
            ("decline", "{employee} is declined: they see a courteous status, HR the reason."),
        )
    ),
    # current manager
    Action(
        "/releases/{request}/approve",
        "openings",
        "POST",
        "/v1/release-requests/{request}/approve",
        "/releases",
        "Released: your report may accept the offer.",
    ),
    Action(
        "/releases/{request}/decline",
        "openings",
        "POST",
        "/v1/release-requests/{request}/decline",
        "/releases",
        "The release is declined; HR reads your reason.",
        sends="reason",
    ),
)


def _endpoint(action: Action) -> Callable[[Request], Awaitable[Response]]:
    async def act(request: Request) -> Response:
        session = _signed_in_session(request)
        given = request.path_params
        segments = {name: _seg(value) for name, value in given.items()}
        body = None
        if action.sends:
            body = {action.sends: _field(await _form(request), action.sends) or None}
        answer = await _call(
            request,
            session,
            action.service,
            action.method,
            action.api.format(**segments),
            body=body,
        )
        back = action.back.format(**segments)
        if isinstance(answer, Refusal):
            return _redirect(request, back, refused="; ".join(answer.lines))
        return _redirect(request, back, notice=action.done.format(**given))

    return act


for _action in ACTIONS:
    router.add_api_route(
        _action.path,
        _endpoint(_action),
        methods=["POST"],
        name=_action.path,
        include_in_schema=False,
    )


# --------------------------------------------------------------------------- helpers


class Refusal:
    """What a service refused and why, in lines a person reads: each field at fault, or the
    reason when no field is."""

    def __init__(self, problem: Mapping[str, Any]) -> None:
        fields = [
            f"{e['field'].removeprefix('body.')}: {e['message']}"
            for e in problem.get("errors") or []
        ]
        self.lines: list[str] = fields or [str(problem.get("detail") or problem.get("title"))]


async def _call(
    request: Request,
    session: Session,
    service: str,
    method: str,
    path: str,
    *,
    body: Mapping[str, Any] | None,
) -> Any:
    """The service's answer to the signed-in person's action; a refusal the person can correct
    (a conflict, an invalid field) is a :class:`Refusal`; anything else is the error page."""
    response = await _ask(request, session, service, method, path, body=body)
    if response.status_code in (status.HTTP_409_CONFLICT, status.HTTP_422_UNPROCESSABLE_CONTENT):
        return Refusal(response.json())
    if not response.is_success:
        raise _unexpected(service, response)
    return response.json()


def _opening_form(
    request: Request, session: Session, form: forms.OpeningForm, action: str, problems: list[str]
) -> Response:
    response = _page(
        request, "mobility/opening_form.html", session, form=form, action=action, problems=problems
    )
    if problems:
        response.status_code = status.HTTP_422_UNPROCESSABLE_CONTENT
    return response


def _refilled(submitted: forms.Form) -> forms.OpeningForm:
    """The form as the person filled it, to correct what the service refused."""
    return forms.from_opening(forms.opening_body(submitted))


async def _form(request: Request) -> dict[str, list[str]]:
    return parse_qs((await request.body()).decode(), keep_blank_values=True)


def _field(form: Mapping[str, list[str]], name: str) -> str:
    return (form.get(name) or [""])[0].strip()


def _seg(value: str) -> str:
    """One path segment: whatever a URL holds stays inside the segment it came in."""
    return quote(value, safe="")


def _redirect(request: Request, to: str, **said: str) -> Response:
    """Back to ``to``, which says ``said`` (``notice`` or ``refused``) once."""
    _flashes(request).say(request.cookies.get(COOKIE), said)
    return RedirectResponse(to, status.HTTP_303_SEE_OTHER)


def _flashes(request: Request) -> Flashes:
    flashes: Flashes = request.app.state.flashes
    return flashes


def said_once(request: Request) -> dict[str, str]:
    """What the last action did, for the page it came back to (the templates' ``said``)."""
    return _flashes(request).take(request.cookies.get(COOKIE))
