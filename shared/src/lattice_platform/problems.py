"""Every refusal over HTTP as RFC 9457 problem details (``application/problem+json``).

One vocabulary for all services: a refusal's ``type`` is ``urn:lattice:problem:<name>``, one
name per status. Services map their domain errors to a :class:`ProblemType` (or to a function
that builds a :class:`Problem`) and hand the mapping to ``create_app``; routes raise domain errors
or ``HTTPException`` and never build error bodies themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

MEDIA_TYPE = "application/problem+json"
MAX_FIELD_ERRORS = 20


@dataclass(frozen=True)
class ProblemType:
    """A kind of refusal. Calling it on an exception gives the problem, the exception's message
    as its ``detail``."""

    status: int
    name: str

    @property
    def uri(self) -> str:
        return f"urn:lattice:problem:{self.name}"

    @property
    def title(self) -> str:
        return HTTPStatus(self.status).phrase

    def __call__(self, exc: Exception) -> Problem:
        return Problem(self, str(exc))


BAD_REQUEST = ProblemType(status.HTTP_400_BAD_REQUEST, "bad-request")
UNAUTHENTICATED = ProblemType(status.HTTP_401_UNAUTHORIZED, "unauthenticated")
FORBIDDEN = ProblemType(status.HTTP_403_FORBIDDEN, "forbidden")
NOT_FOUND = ProblemType(status.HTTP_404_NOT_FOUND, "not-found")
METHOD_NOT_ALLOWED = ProblemType(status.HTTP_405_METHOD_NOT_ALLOWED, "method-not-allowed")
CONFLICT = ProblemType(status.HTTP_409_CONFLICT, "conflict")
CONTENT_TOO_LARGE = ProblemType(status.HTTP_413_CONTENT_TOO_LARGE, "content-too-large")
UNSUPPORTED_MEDIA_TYPE = ProblemType(
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type"
)
INVALID = ProblemType(status.HTTP_422_UNPROCESSABLE_CONTENT, "invalid-request")
UNAVAILABLE = ProblemType(status.HTTP_503_SERVICE_UNAVAILABLE, "unavailable")
VOCABULARY = {
    kind.status: kind
    for kind in (
        BAD_REQUEST,
        UNAUTHENTICATED,
        FORBIDDEN,
        NOT_FOUND,
        METHOD_NOT_ALLOWED,
        CONFLICT,
        CONTENT_TOO_LARGE,
        UNSUPPORTED_MEDIA_TYPE,
        INVALID,
        UNAVAILABLE,
    )
}


class FieldError(BaseModel):
    field: str = Field(max_length=500, description="Where: e.g. body.title, query.cursor.")
    message: str = Field(max_length=2000, description="What is wrong with it.")
    close_matches: list[str] | None = Field(
        None, max_length=10, description="Known values close to an unknown one, when any."
    )

    @classmethod
    def of(cls, field: str, message: str, close_matches: Sequence[str] = ()) -> FieldError:
        """One field at fault, cut to the published maximums."""
        return cls(
            field=field[:500],
            message=message[:2000],
            close_matches=list(close_matches[:10]) or None,
        )


class ProblemDetails(BaseModel):
    """An RFC 9457 problem: why a request was refused."""

    type: str = Field(description="urn:lattice:problem:<name>, one name per status.")
    title: str = Field(description="The status's phrase.")
    status: int = Field(ge=400, le=599)
    detail: str = Field(description="This refusal's reason, for a person to read.")
    instance: str = Field(description="The path refused.")
    errors: list[FieldError] | None = Field(
        None, description="For invalid requests: each field at fault (at most 20)."
    )


@dataclass(frozen=True)
class Problem:
    kind: ProblemType
    detail: str
    errors: Sequence[FieldError] = field(default=())


Refusals = Mapping[type[Exception], Callable[[Exception], Problem]]


def problem_response(
    request: Request, problem: Problem, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = ProblemDetails(
        type=problem.kind.uri,
        title=problem.kind.title,
        status=problem.kind.status,
        detail=problem.detail,
        instance=request.url.path,
        errors=list(problem.errors[:MAX_FIELD_ERRORS]) or None,
    )
    return JSONResponse(
        body.model_dump(exclude_none=True),
        problem.kind.status,
        headers=dict(headers or {}),
        media_type=MEDIA_TYPE,
    )


def _kind_of(status_code: int) -> ProblemType:
    return VOCABULARY.get(status_code) or ProblemType(status_code, f"http-{status_code}")


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    return problem_response(request, Problem(_kind_of(exc.status_code), detail), exc.headers)


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        FieldError.of(".".join(str(part) for part in e["loc"]), e["msg"]) for e in exc.errors()
    ]
    fields = ", ".join(e.field for e in errors[:5])
    return problem_response(request, Problem(INVALID, f"invalid: {fields}", errors))


def install_problem_handlers(app: FastAPI, refusals: Refusals) -> None:
    """Answer validation errors, ``HTTPException`` and the service's refusals as problems."""
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http_error)
    for error, to_problem in refusals.items():
        app.add_exception_handler(error, _refusal(to_problem))


def _refusal(to_problem: Callable[[Exception], Problem]) -> Any:
    async def answer(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(request, to_problem(exc))

    return answer


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """A route's ``responses`` for the refusals only it gives (e.g. 404, 409); the body is
    declared as problem details when the document is built (:func:`document_problems`)."""
    return {code: {"description": _kind_of(code).title} for code in statuses}


def document_problems(document: dict[str, Any]) -> None:
    """Declare, on every operation of an OpenAPI document, the refusals the platform gives and
    the problem-details body of each, in place of FastAPI's own validation error."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    problem = ProblemDetails.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs"))
    schemas["ProblemDetails"] = problem
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            _declare(operation)


def _declare(operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation["responses"]
    parameters = operation.get("parameters", [])
    refusals = {int(code) for code in responses if code.isdigit() and int(code) >= 400}
    refusals.add(BAD_REQUEST.status)  # a NUL in the path or query, a malformed header
    if parameters or "requestBody" in operation:
        refusals.add(INVALID.status)
    if "requestBody" in operation:
        refusals.add(CONTENT_TOO_LARGE.status)
    if operation.get("security"):
        refusals.update((UNAUTHENTICATED.status, FORBIDDEN.status))
    if any(p["in"] == "path" for p in parameters):
        refusals.add(NOT_FOUND.status)
    content = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}
    for code in sorted(refusals):
        declared = responses.get(str(code), {})
        if "content" in declared and code != INVALID.status:  # a body of the route's own
            continue
        responses[str(code)] = {
            "description": declared.get("description") or _kind_of(code).title,
            "content": content,
        }
