"""Refusals made before a request reaches a route: a NUL in the path or query (PostgreSQL
cannot store one, so it would fail deep inside) and a body over its limit.

The body limit is checked twice: against ``Content-Length`` before anything is read, and by
counting bytes as they arrive, so a chunked body cannot grow past it either. Starlette's own
limiter answers in plain text and replaces the handler's answer, hence this one.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import HTTPException, Request, status
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lattice_platform.problems import BAD_REQUEST, CONTENT_TOO_LARGE, Problem, problem_response


class ContentTooLargeError(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(
            status.HTTP_413_CONTENT_TOO_LARGE, f"a request body here is at most {limit} bytes"
        )


class RequestGuard:
    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, body_limits: Mapping[str, int]
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_limits = dict(body_limits)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.body_limits.get(scope["path"], self.max_body_bytes)
        refusal = _refusal(scope, limit)
        if refusal is not None:
            await problem_response(Request(scope), refusal)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise ContentTooLargeError(limit)
            return message

        await self.app(scope, counted, send)


def _refusal(scope: Scope, limit: int) -> Problem | None:
    query: bytes = scope.get("query_string", b"")
    if "\x00" in scope["path"] or b"%00" in query or b"\x00" in query:
        return Problem(BAD_REQUEST, "the path or query holds a NUL character")
    declared = [value for name, value in scope["headers"] if name == b"content-length"]
    if not declared:
        return None
    if len(declared) > 1 or not declared[0].isdigit():
        return Problem(BAD_REQUEST, "Content-Length is not one number")
    if int(declared[0]) > limit:
        return Problem(CONTENT_TOO_LARGE, str(ContentTooLargeError(limit).detail))
    return None
