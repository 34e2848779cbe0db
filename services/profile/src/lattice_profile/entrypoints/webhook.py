"""HRIS push: ``POST /v1/hris/webhook``, authenticated by an HMAC signature instead of a token.

The body is ``{"type": <CloudEvents type>, "data": <the contract's payload>}`` for
``HrisEmployeeRecord`` or ``HrisEmployeeTerminated``, or the same event in the CloudEvents HTTP
binding (``adapters/cloudevents_http.py``); it is applied exactly like the same event arriving on
the HRIS topic.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import pydantic
from fastapi import APIRouter, Header, HTTPException, Request, status
from lattice_platform import problems
from lattice_platform.contracts import events as wire
from lattice_platform.contracts.base import Event
from lattice_platform.contracts.envelope import MalformedEventError

from lattice_profile.adapters.cloudevents_http import pushed_cloudevent
from lattice_profile.adapters.repository import PostgresProfileUnitOfWork
from lattice_profile.adapters.signature import SignatureError, verify
from lattice_profile.adapters.wire import aware, employment_from
from lattice_profile.entrypoints.http import Context, ProfileContext
from lattice_profile.entrypoints.schemas import WebhookAccepted
from lattice_profile.service_layer import handlers

PUSHABLE: dict[str, type[Event]] = {
    model.event_type: model for model in (wire.HrisEmployeeRecord, wire.HrisEmployeeTerminated)
}

PATH = "/v1/hris/webhook"
MAX_BODY_BYTES = 64 * 1024  # one employee record is well under 2 KiB
router = APIRouter(tags=["hris"])
REFUSALS: problems.Refusals = {SignatureError: problems.UNAUTHENTICATED}


@router.post(
    PATH,
    summary="An HRIS pushes a hire, change or leaver, signed with HMAC-SHA256.",
    description='The body is `{"type", "data"}` or a CloudEvent in the HTTP binding (binary '
    "mode, or structured as application/cloudevents+json), at most "
    f"{MAX_BODY_BYTES} bytes (413 beyond, before it is read).",
    responses={
        401: {"description": "bad signature or stale timestamp"},
        422: {},
        503: {"description": "the webhook is not configured"},
    },
)
async def hris_webhook(
    request: Request,
    context: Context,
    x_lattice_timestamp: Annotated[str | None, Header()] = None,
    x_lattice_signature: Annotated[str | None, Header()] = None,
) -> WebhookAccepted:
    secret = context.settings.hris_webhook_secret
    if secret is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail="webhook not configured")
    body = await request.body()
    verify(
        context.settings.hris_webhook_secrets(),
        timestamp=x_lattice_timestamp,
        signature=x_lattice_signature,
        body=body,
        now=context.clock().timestamp(),
        tolerance_s=context.settings.hris_webhook_tolerance_s,
    )
    try:
        event = pushed_cloudevent(request.headers, body, PUSHABLE) or parse_push(body)
    except MalformedEventError as exc:
        raise _unprocessable(str(exc)) from exc
    try:
        async with context.unit_of_work() as uow:
            applied = await _apply(uow, context, event)
    except handlers.EmployeeNotFoundError as exc:  # not the path's: the body names no employee
        raise _unprocessable(str(exc)) from exc
    return WebhookAccepted(employee_id=event.key(), applied=applied)


def parse_push(body: bytes) -> Event:
    """The pushed event, or a 422 whose detail says what is wrong with it."""
    try:
        document: Any = json.loads(body)
    except (ValueError, RecursionError) as exc:  # not UTF-8, not JSON, nested beyond reason
        raise _unprocessable(f"body is not valid JSON: {exc}") from exc
    if not isinstance(document, dict) or set(document) != {"type", "data"}:
        raise _unprocessable('body must be a JSON object with exactly "type" and "data"')
    model = PUSHABLE.get(document["type"]) if isinstance(document["type"], str) else None
    if model is None:
        raise _unprocessable(f"type must be one of: {', '.join(PUSHABLE)}")
    try:
        return model.model_validate(document["data"])
    except pydantic.ValidationError as exc:
        faults = "; ".join(
            f"data.{'.'.join(str(p) for p in error['loc'])}: {error['msg']}"
            for error in exc.errors()[:10]
        )
        raise _unprocessable(f"{model.event_type} violates its contract: {faults}") from exc


async def _apply(uow: PostgresProfileUnitOfWork, context: ProfileContext, event: Event) -> bool:
    if isinstance(event, wire.HrisEmployeeRecord):
        return await handlers.record_employment(
            uow,
            employment_from(event),
            discoverable_by_default=context.settings.default_discoverable,
        )
    assert isinstance(event, wire.HrisEmployeeTerminated)
    return await handlers.record_termination(
        uow, event.hris_id, event.left_on, aware(event.effective_at)
    )


def _unprocessable(reason: str) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=reason)
