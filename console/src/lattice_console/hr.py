"""HR's pages besides the figures: dead letters per topic, webhook subscriptions with their dead
letters (and a replay), and onboarding an organisation from a CSV file. Each is refused to
anyone without the HR role before any service is asked, and the services refuse them again on
their side."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import Depends, FastAPI, HTTPException, Request, UploadFile, status
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from lattice_platform.auth import Role

from lattice_console.app import _console, _get, _listing, _page, _signed_in_session
from lattice_console.mobility import Refusal, _call, _field, _redirect, _seg, same_origin_only
from lattice_console.mobility import _form as mobility_form
from lattice_console.onboarding import (
    PART_ROWS,
    Onboarding,
    Onboardings,
    Send,
    UnreadableFileError,
    parts,
)
from lattice_console.sessions import Session

IMPORT = "/v1/employees:import"
PART_TIMEOUT_S = 60.0
"""A part is one transaction of a few hundred rows: longer than a page's read may take."""


def routes(app: FastAPI) -> None:
    onboardings = Onboardings()

    @app.get("/hr/dead-letters", response_class=HTMLResponse)
    async def dead_letters(request: Request) -> Response:
        session = _hr_session(request)
        found = await _get(request, session, "insights", "/v1/dead-letters")
        rows = sorted(found["items"], key=lambda row: (-row["count"], row["topic"]))
        return _page(request, "hr/dead_letters.html", session, rows=rows)

    @app.get("/hr/webhooks", response_class=HTMLResponse)
    async def webhook_subscriptions(request: Request) -> Response:
        session = _hr_session(request)
        found = await _listing(request, session, "webhooks", "/v1/subscriptions")
        return _page(request, "hr/webhooks.html", session, subscriptions=found)

    @app.get("/hr/webhooks/{subscription_id}", response_class=HTMLResponse)
    async def webhook_subscription(request: Request, subscription_id: str) -> Response:
        session = _hr_session(request)
        path = f"/v1/subscriptions/{_seg(subscription_id)}"
        subscription = await _get(request, session, "webhooks", path)
        dead = await _listing(request, session, "webhooks", f"{path}/dead-letters")
        return _page(
            request, "hr/webhook.html", session, subscription=subscription, dead_letters=dead
        )

    @app.post("/hr/webhooks/{subscription_id}/replay", dependencies=[Depends(same_origin_only)])
    async def replay_dead_letters(request: Request, subscription_id: str) -> Response:
        """One dead letter (the form's ``delivery_id``) or, without it, all of them."""
        session = _hr_session(request)
        delivery_id = _field(await mobility_form(request), "delivery_id")
        body = {"delivery_ids": [delivery_id]} if delivery_id else {}
        path = f"/v1/subscriptions/{_seg(subscription_id)}/dead-letters/replay"
        answer = await _call(request, session, "webhooks", "POST", path, body=body)
        back = f"/hr/webhooks/{_seg(subscription_id)}"
        if isinstance(answer, Refusal):
            return _redirect(request, back, refused="; ".join(answer.lines))
        replayed = answer["replayed"]
        return _redirect(
            request,
            back,
            notice=f"{replayed} dead letter{'' if replayed == 1 else 's'} due again, "
            "with the same webhook-id.",
        )

    @app.get("/hr/onboarding", response_class=HTMLResponse)
    async def onboarding_form(request: Request, problem: str = "") -> Response:
        session = _hr_session(request)
        return _form(request, session, problem)

    @app.post("/hr/onboarding")
    async def upload(request: Request, file: UploadFile) -> Response:
        session = _hr_session(request)
        try:
            file_parts = parts(await file.read())
        except UnreadableFileError as exc:
            return _form(request, session, str(exc))
        if not file_parts:
            return _form(request, session, "the file has a header row but no row a person")
        job = onboardings.start(_owner(session), file_parts, _sender(request, session))
        return RedirectResponse(f"/hr/onboarding/{job.job_id}", status.HTTP_303_SEE_OTHER)

    @app.get("/hr/onboarding/{job_id}", response_class=HTMLResponse)
    async def onboarding(request: Request, job_id: str) -> Response:
        session = _hr_session(request)
        job = _job(onboardings, session, job_id)
        return _page(request, "hr/onboarding.html", session, job=job)

    @app.get("/hr/onboarding/{job_id}/progress")
    async def progress(request: Request, job_id: str) -> JSONResponse:
        session = _hr_session(request)
        return JSONResponse(_job(onboardings, session, job_id).progress)


def _hr_session(request: Request) -> Session:
    session = _signed_in_session(request)
    if not session.has(Role.HR):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "this page is for HR")
    return session


def _form(request: Request, session: Session, problem: str) -> Response:
    return _page(
        request, "hr/onboarding.html", session, job=None, problem=problem, part_rows=PART_ROWS
    )


def _owner(session: Session) -> str:
    return session.principal.subject


def _job(onboardings: Onboardings, session: Session, job_id: str) -> Onboarding:
    job = onboardings.of(_owner(session), job_id)
    if job is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such onboarding of yours")
    return job


def _sender(request: Request, session: Session) -> Send:
    """Sends a part to the profile service with the person's own token."""
    console = _console(request)
    url = console.service_url("profile") + IMPORT
    headers = {"Authorization": f"Bearer {session.token}", "Content-Type": "text/csv"}

    async def send(text: str) -> dict[str, Any]:
        try:
            response = await console.client.post(
                url, content=text.encode(), headers=headers, timeout=PART_TIMEOUT_S
            )
        except httpx.HTTPError as exc:
            raise RuntimeError("the profile service did not answer") from exc
        if response.status_code != status.HTTP_200_OK:
            detail = _problem(response)
            raise RuntimeError(f"the profile service answered {response.status_code}: {detail}")
        answer: dict[str, Any] = response.json()
        return answer

    return send


def _problem(response: httpx.Response) -> str:
    try:
        return str(response.json().get("detail", ""))
    except ValueError:
        return response.text[:200]
