"""The console's pages. Every read and action goes to a service's public API with the signed-in
person's own token: the console holds no privilege of its own, so it can show nothing the person
could not fetch with curl."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

import httpx
import jwt
import structlog
from fastapi import FastAPI, HTTPException, Request, status
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from lattice_platform.auth import Role, TokenVerifier
from lattice_platform.paging import MAX_CURSOR_LENGTH

from lattice_console import pictures, views
from lattice_console.sessions import COOKIE, Session, SessionStore
from lattice_console.settings import ConsoleSettings
from lattice_console.signin import DevTokens, OpenIdConnect, SignInError, Tokens

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
SERVICE_TIMEOUT_S = 5.0
log = structlog.get_logger(__name__)


class SignInRequiredError(Exception):
    pass


@dataclass(frozen=True)
class Console:
    settings: ConsoleSettings
    sessions: SessionStore
    verifier: TokenVerifier
    client: httpx.AsyncClient
    dev_tokens: DevTokens | None
    oidc: OpenIdConnect | None
    refreshing: asyncio.Lock = field(default_factory=asyncio.Lock)
    """One refresh at a time: a provider that rotates refresh tokens accepts each only once."""

    def service_url(self, service: str) -> str:
        url: str = getattr(self.settings, f"{service}_url")
        return url.rstrip("/")


def create_app(
    settings: ConsoleSettings, transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """``transport`` stands in for the network in tests (a fake identity provider)."""
    dev_tokens = DevTokens(settings) if settings.dev_signing_key is not None else None
    oidc = OpenIdConnect.configured(settings)
    if dev_tokens is None and oidc is None:
        raise ValueError("configure OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_REDIRECT_URL")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=SERVICE_TIMEOUT_S, transport=transport) as client:
            app.state.console = Console(
                settings,
                SessionStore(settings.session_ttl_s),
                TokenVerifier(settings),
                client,
                dev_tokens,
                oidc,
            )
            sign_in = "persona picker (dev stack)" if dev_tokens else "OpenID Connect"
            log.info("service.started", service=settings.service_name, sign_in=sign_in)
            yield
        log.info("service.stopped", service=settings.service_name)

    app = FastAPI(title="Lattice console", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(SignInRequiredError, _to_sign_in)
    app.add_exception_handler(HTTPException, _error_page)  # type: ignore[arg-type]
    app.middleware("http")(_refreshed_session)
    app.middleware("http")(_security_headers)
    _routes(app)
    # Pages in their own modules build on this one's helpers.
    from lattice_console import hr, mobility, paths  # noqa: PLC0415

    paths.routes(app)
    hr.routes(app)
    mobility.install(app)
    return app


def _routes(app: FastAPI) -> None:  # noqa: PLR0915 - one small function per page
    @app.get("/health/live", include_in_schema=False)
    @app.get("/health/ready", include_in_schema=False)
    async def health() -> JSONResponse:
        return JSONResponse({"status": "alive"})

    @app.get("/", include_in_schema=False)
    async def home(request: Request) -> Response:
        session = _session(request)
        if session is None:
            return RedirectResponse("/signin", status.HTTP_303_SEE_OTHER)
        landing = "/opportunities" if session.employee_id else "/hr/figures"
        return RedirectResponse(landing, status.HTTP_303_SEE_OTHER)

    @app.get("/signin", response_class=HTMLResponse)
    async def sign_in_page(request: Request, problem: str = "") -> Response:
        console = _console(request)
        return _page(
            request,
            "signin.html",
            None,
            dev=console.dev_tokens,
            oidc=console.oidc is not None,
            problem=problem,
        )

    @app.post("/signin/dev")
    async def sign_in_as_persona(request: Request) -> Response:
        console = _console(request)
        if console.dev_tokens is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "the persona picker is off")
        form = parse_qs((await request.body()).decode())
        employee_id = form.get("employee_id", [""])[0].strip()
        if not employee_id:
            return _back_to_sign_in("choose a persona or type an employee id")
        # A persona is a person: never a service account, whatever the form says.
        people = {Role.EMPLOYEE, Role.MANAGER, Role.HR}
        roles = [Role(r) for r in form.get("role", ["employee"]) if r in people]
        names = {p.employee_id: p.name for p in console.dev_tokens.personas}
        token = console.dev_tokens.mint(employee_id, roles, console.settings.session_ttl_s)
        return _signed_in(console, token, names.get(employee_id, employee_id))

    @app.get("/signin/oidc")
    async def sign_in_with_provider(request: Request) -> Response:
        console = _console(request)
        if console.oidc is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no identity provider is configured")
        url = await console.oidc.authorization_url(console.client)
        return RedirectResponse(url, status.HTTP_303_SEE_OTHER)

    @app.get("/signin/callback")
    async def provider_answered(
        request: Request, code: str = "", state: str = "", error: str = ""
    ) -> Response:
        console = _console(request)
        if console.oidc is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no identity provider is configured")
        if error or not code:
            return _back_to_sign_in(f"the identity provider said: {error or 'no code'}")
        try:
            tokens = await console.oidc.redeem(console.client, code, state)
        except SignInError as exc:
            return _back_to_sign_in(str(exc))
        return _signed_in(console, tokens.access_token, "", tokens.refresh_token)

    @app.post("/signout")
    async def sign_out(request: Request) -> Response:
        _console(request).sessions.close(request.cookies.get(COOKIE))
        response = RedirectResponse("/signin", status.HTTP_303_SEE_OTHER)
        response.delete_cookie(COOKIE)
        return response

    @app.get("/opportunities", response_class=HTMLResponse)
    async def my_opportunities(request: Request) -> Response:
        session = _signed_in_session(request)
        feed = await _get(request, session, "notifier", "/v1/feed", {"limit": 50})
        items = [
            {**item, "picture": pictures.explanation_picture(item["explanation"])}
            for item in feed["items"]
        ]
        return _page(request, "opportunities.html", session, items=items)

    @app.get("/skills", response_class=HTMLResponse)
    async def my_skills(request: Request) -> Response:
        session = _signed_in_session(request)
        profile = await _get(request, session, "profile", "/v1/me")
        return _page(
            request,
            "profile.html",
            session,
            profile=profile,
            own=True,
            visibility=views.visibility(profile),
        )

    @app.get("/people/{employee_id}", response_class=HTMLResponse)
    async def someone(request: Request, employee_id: str) -> Response:
        session = _signed_in_session(request)
        profile = await _get(request, session, "profile", f"/v1/employees/{employee_id}")
        own = profile["employee_id"] == session.employee_id
        return _page(
            request,
            "profile.html",
            session,
            profile=profile,
            own=own,
            visibility=views.visibility(profile) if own else None,
        )

    @app.get("/team", response_class=HTMLResponse)
    async def my_team(request: Request) -> Response:
        session = _signed_in_session(request)
        reports = await _get(request, session, "profile", "/v1/me/reports", {"limit": 100})
        return _page(request, "team.html", session, reports=reports["items"])

    @app.get("/learning", response_class=HTMLResponse)
    async def my_learning(request: Request) -> Response:
        session = _signed_in_session(request)
        recommendations = await _get(request, session, "learning", "/v1/me/recommendations")
        enrolments = await _get(request, session, "learning", "/v1/me/enrolments")
        mentoring = await _get(request, session, "learning", "/v1/me/mentoring")
        return _page(
            request,
            "learning.html",
            session,
            recommendations=recommendations["items"],
            enrolments=enrolments["items"],
            pairings=mentoring["items"],
        )

    @app.get("/hr/figures", response_class=HTMLResponse)
    async def figures(request: Request) -> Response:
        session = _signed_in_session(request)
        if not session.has(Role.HR):
            raise HTTPException(status.HTTP_403_FORBIDDEN, "the figures are for HR")
        get = _getter(request, session, "insights")
        charts = views.figure_charts(
            fill_rate=(await get("/v1/figures/fill-rate", {"by": "month"}))["items"],
            time_to_fill=(await get("/v1/figures/time-to-fill", {"by": "month"}))["items"],
            funnel=(await get("/v1/figures/funnel", {}))["items"],
            releases=(await get("/v1/figures/releases/departments", {}))["items"],
            baseline=_console(request).settings.internal_fill_baseline,
        )
        return _page(request, "figures.html", session, charts=charts)


def _console(request: Request) -> Console:
    console: Console = request.app.state.console
    return console


def _session(request: Request) -> Session | None:
    return _console(request).sessions.get(request.cookies.get(COOKIE))


def _signed_in_session(request: Request) -> Session:
    session = _session(request)
    if session is None:
        raise SignInRequiredError
    return session


def _signed_in(
    console: Console, token: str, name: str, refresh_token: str | None = None
) -> Response:
    try:
        principal = console.verifier.verify(token)
    except HTTPException as exc:
        return _back_to_sign_in(f"the token was refused: {exc.detail}")
    session_id = console.sessions.open(
        token,
        principal,
        name or principal.employee_id or principal.subject,
        _expiry(token),
        refresh_token,
    )
    session = console.sessions.get(session_id)
    response = RedirectResponse("/", status.HTTP_303_SEE_OTHER)
    response.set_cookie(
        COOKIE,
        session_id,
        max_age=max(int(session.expires_at - time.time()), 0) if session else 0,
        httponly=True,
        samesite="strict",
        secure=console.settings.cookie_secure,
    )
    return response


def _expiry(token: str) -> float:
    return float(jwt.decode(token, options={"verify_signature": False})["exp"])


async def _refreshed_session(request: Request, call_next: Any) -> Response:
    """A session whose token is about to expire gets a new one from the provider before the page
    calls any service; if the provider refuses, the person signs in again."""
    console = _console(request)
    session_id = request.cookies.get(COOKIE) or ""
    session = console.sessions.get(session_id)
    if session is not None and session.needs_refresh():
        async with console.refreshing:
            session = console.sessions.get(session_id)  # another request may have refreshed it
            if session is not None and session.needs_refresh():
                try:
                    await _refresh(console, session_id, session)
                except SignInError as exc:
                    console.sessions.close(session_id)
                    response = _back_to_sign_in(f"your session could not be renewed: {exc}")
                    response.delete_cookie(COOKIE)
                    return response
    answer: Response = await call_next(request)
    return answer


async def _refresh(console: Console, session_id: str, session: Session) -> None:
    if console.oidc is None or session.refresh_token is None:
        raise SignInError("no identity provider to renew it with")
    tokens: Tokens = await console.oidc.refresh(console.client, session.refresh_token)
    try:
        principal = console.verifier.verify(tokens.access_token)
    except HTTPException as exc:
        raise SignInError(f"the renewed token was refused: {exc.detail}") from exc
    if principal.subject != session.principal.subject:
        raise SignInError("the renewed token is someone else's")
    console.sessions.renew(
        session_id,
        tokens.access_token,
        principal,
        _expiry(tokens.access_token),
        tokens.refresh_token,
    )


def _back_to_sign_in(problem: str) -> Response:
    return RedirectResponse(f"/signin?problem={quote(problem)}", status.HTTP_303_SEE_OTHER)


def _getter(request: Request, session: Session, service: str) -> Any:
    async def get(path: str, params: Mapping[str, Any]) -> Any:
        return await _get(request, session, service, path, params)

    return get


async def _get(
    request: Request,
    session: Session,
    service: str,
    path: str,
    params: Mapping[str, Any] | None = None,
) -> Any:
    """A service's answer to the signed-in person, or the error page that answer calls for."""
    response = await _ask(request, session, service, "GET", path, params=params)
    if response.status_code != status.HTTP_200_OK:
        raise _unexpected(service, response)
    return response.json()


async def _ask(
    request: Request,
    session: Session,
    service: str,
    method: str,
    path: str,
    *,
    params: Mapping[str, Any] | None = None,
    body: Mapping[str, Any] | None = None,
) -> httpx.Response:
    """A service's answer to a call with the signed-in person's token. What every page answers
    alike is decided here: no answer is the error page, 401 is sign-in again, and 403 or 404 is
    "not found" (a page that is not yours looks like one that does not exist, as the services
    answer); the rest is the caller's to read."""
    console = _console(request)
    try:
        response = await console.client.request(
            method,
            console.service_url(service) + path,
            params=dict(params or {}),
            json=body,
            headers={"Authorization": f"Bearer {session.token}"},
        )
    except httpx.HTTPError as exc:
        raise HTTPException(
            status.HTTP_502_BAD_GATEWAY, f"the {service} service did not answer"
        ) from exc
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        raise SignInRequiredError
    if response.status_code in (status.HTTP_403_FORBIDDEN, status.HTTP_404_NOT_FOUND):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "nothing here for you")
    return response


def _unexpected(service: str, response: httpx.Response) -> HTTPException:
    return HTTPException(
        status.HTTP_502_BAD_GATEWAY, f"the {service} service answered {response.status_code}"
    )


PAGE_SIZE = 100
CURSOR_SHAPE = re.compile(r"[A-Za-z0-9_-]+={0,2}")
"""A next_cursor as the services give it; anything else in a link is refused before any call."""


@dataclass(frozen=True)
class Listing:
    """One page of a service's list and the console link to the next page (None on the last)."""

    items: list[Any]
    next_href: str | None


async def _listing(
    request: Request,
    session: Session,
    service: str,
    path: str,
    params: Mapping[str, Any] | None = None,
    *,
    cursor_param: str = "cursor",
) -> Listing:
    """The page of ``path`` that the query parameter ``cursor_param`` points at (the first page
    without it). The cursor stays opaque: the service that made it checks it again."""
    cursor = request.query_params.get(cursor_param)
    asked = {**(params or {}), "limit": PAGE_SIZE}
    if cursor is not None:
        if len(cursor) > MAX_CURSOR_LENGTH or not CURSOR_SHAPE.fullmatch(cursor):
            raise HTTPException(status.HTTP_400_BAD_REQUEST, "that page link is not valid")
        asked["cursor"] = cursor
    page = await _get(request, session, service, path, asked)
    next_cursor = page.get("next_cursor")
    if not next_cursor:
        return Listing(page["items"], None)
    query = {**request.query_params, cursor_param: next_cursor}
    return Listing(page["items"], f"{request.url.path}?{urlencode(query)}")


def _page(request: Request, template: str, session: Session | None, **context: Any) -> Response:
    return templates.TemplateResponse(
        request, template, {"session": session, "Role": Role, **context}
    )


async def _to_sign_in(request: Request, exc: Exception) -> Response:
    return RedirectResponse("/signin", status.HTTP_303_SEE_OTHER)


async def _error_page(request: Request, exc: HTTPException) -> Response:
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "session": _session(request),
            "Role": Role,
            "status": exc.status_code,
            "detail": exc.detail,
        },
        status_code=exc.status_code,
    )


async def _security_headers(request: Request, call_next: Any) -> Response:
    response: Response = await call_next(request)
    # Everything is served from here: no CDN, no inline script, no framing.
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response
