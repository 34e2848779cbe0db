"""The HTTP edge all services share: bad input is a 4xx problem, never a 500 nor an endless read."""

from __future__ import annotations

import base64
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import jwt
import pytest
from fastapi import APIRouter, Request
from lattice_devstack.testing.plugin import bearer, serving
from lattice_platform.auth import Authenticated, SigningKey
from lattice_platform.http import create_app
from lattice_platform.paging import (
    InvalidCursorError,
    Limit,
    PageSize,
    decode_cursor,
    encode_cursor,
)
from lattice_platform.problems import CONFLICT, MEDIA_TYPE
from lattice_platform.runtime import Runtime
from lattice_platform.settings import ServiceSettings
from platform_testkit import context_for
from pydantic import BaseModel, Field

LARGE_PATH = "/large"


class ClashError(Exception):
    pass


class Note(BaseModel):
    text: str = Field(max_length=20)


probe = APIRouter()
read_bytes: list[int] = []


@probe.get("/echo/{value}")
async def echo(request: Request, value: str, q: str = "") -> dict[str, str]:
    runtime: Runtime = request.app.state.runtime
    async with runtime.pool.acquire() as conn:  # PostgreSQL refuses a NUL in text
        return {"value": await conn.fetchval("SELECT $1::text || $2::text", value, q)}


@probe.get("/whoami")
async def whoami(principal: Authenticated) -> dict[str, Any]:
    return {"employee_id": principal.employee_id}


@probe.post("/notes")
async def note(body: Note) -> Note:
    return body


@probe.post("/clash")
async def clash() -> None:
    raise ClashError("already there")


@probe.get("/page")
async def page(limit: Limit) -> dict[str, int]:
    return {"limit": limit}


@probe.post("/upload")
@probe.post(LARGE_PATH, name="upload_large")  # operationIds are route names: one each
async def upload(request: Request) -> dict[str, int]:
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        read_bytes.append(size)
    return {"size": size}


@pytest.fixture
async def client(platform_settings: ServiceSettings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(context_for(platform_settings), [probe], title="t", description="t")
    async with serving(app) as test_client:
        yield test_client


@pytest.fixture
async def limited(platform_settings: ServiceSettings) -> AsyncIterator[httpx.AsyncClient]:
    """Bodies of at most 1000 bytes, 5000 on LARGE_PATH; ClashError is a conflict."""
    settings = platform_settings.model_copy(update={"http_max_body_bytes": 1000})
    app = create_app(
        context_for(settings),
        [probe],
        title="t",
        description="t",
        refusals={ClashError: CONFLICT},
        body_limits={LARGE_PATH: 5000},
    )
    read_bytes.clear()
    async with serving(app) as test_client:
        yield test_client


def _is_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == MEDIA_TYPE
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status
    assert problem["type"].startswith("urn:lattice:problem:")
    assert problem["title"]
    assert problem["detail"]
    assert problem["instance"] == response.request.url.path
    return problem


async def test_a_nul_in_the_path_or_query_is_refused_with_400(client: httpx.AsyncClient) -> None:
    assert (await client.get("/echo/fine", params={"q": "ok"})).json() == {"value": "fineok"}
    for url in ("/echo/a%00b", "/echo/ok?q=a%00b"):
        problem = _is_problem(await client.get(url), 400)
        assert "NUL" in problem["detail"]


def _token(signing_key: SigningKey, **claims: Any) -> dict[str, str]:
    now = int(time.time())
    standard = {"sub": "ana", "iss": "lattice", "aud": "lattice", "iat": now, "exp": now + 60}
    return bearer(jwt.encode(standard | claims, signing_key.private_pem, algorithm="ES256"))


async def test_token_claims_of_the_wrong_type_are_401_with_the_reason(
    client: httpx.AsyncClient, signing_key: SigningKey
) -> None:
    good = _token(signing_key, roles=["employee"], employee_id="E1")
    assert (await client.get("/whoami", headers=good)).json() == {"employee_id": "E1"}
    wrong = {
        "roles": {"roles": 5, "employee_id": "E1"},
        "employee_id": {"roles": ["employee"], "employee_id": ["E1"]},
        "employee_id ": {"roles": ["employee"], "employee_id": "E" * 129},
    }
    for claim, claims in wrong.items():
        response = await client.get("/whoami", headers=_token(signing_key, **claims))
        problem = _is_problem(response, 401)
        assert problem["detail"].startswith(f"invalid token: claim {claim.strip()} must be")
        assert response.headers["www-authenticate"] == "Bearer"


async def test_refusals_validation_errors_and_http_errors_share_one_problem_shape(
    limited: httpx.AsyncClient,
) -> None:
    conflict = _is_problem(await limited.post("/clash"), 409)
    assert conflict == {
        "type": "urn:lattice:problem:conflict",
        "title": "Conflict",
        "status": 409,
        "detail": "already there",
        "instance": "/clash",
    }
    invalid = _is_problem(await limited.post("/notes", json={"text": "x" * 21}), 422)
    assert [e["field"] for e in invalid["errors"]] == ["body.text"]
    _is_problem(await limited.get("/whoami"), 401)
    _is_problem(await limited.get("/nowhere"), 404)
    _is_problem(await limited.get("/notes"), 405)


async def test_a_declared_body_over_the_limit_is_refused_before_it_is_read(
    limited: httpx.AsyncClient,
) -> None:
    sent: list[int] = []

    async def fifty_megabytes() -> AsyncIterator[bytes]:
        for _ in range(50):
            sent.append(1)
            yield b"x" * (1024 * 1024)

    headers = {"Content-Length": str(50 * 1024 * 1024)}
    response = await limited.post("/upload", content=fifty_megabytes(), headers=headers)
    assert "at most 1000 bytes" in _is_problem(response, 413)["detail"]
    assert read_bytes == []
    assert len(sent) <= 1


async def test_a_streamed_body_is_cut_off_once_it_passes_the_limit(
    limited: httpx.AsyncClient,
) -> None:
    async def chunks(count: int) -> AsyncIterator[bytes]:
        for _ in range(count):
            yield b"x" * 400

    _is_problem(await limited.post("/upload", content=chunks(1000)), 413)
    assert max(read_bytes) <= 1000
    read_bytes.clear()
    assert (await limited.post(LARGE_PATH, content=chunks(10))).json() == {"size": 4000}
    _is_problem(await limited.post(LARGE_PATH, content=chunks(13)), 413)
    _is_problem(await limited.post("/upload", content=b"x", headers={"Content-Length": "x"}), 400)


async def test_the_published_document_declares_the_problems_it_answers_with(
    limited: httpx.AsyncClient,
) -> None:
    app: Any = limited._transport.app  # type: ignore[attr-defined]
    document = app.openapi()
    assert "HTTPValidationError" not in document["components"]["schemas"]
    problem_body = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}}
    notes = document["paths"]["/notes"]["post"]["responses"]
    assert {code for code in notes if code >= "400"} == {"400", "413", "422"}
    assert all(notes[code]["content"] == problem_body for code in ("400", "413", "422"))
    whoami = document["paths"]["/whoami"]["get"]["responses"]
    assert {"401", "403"} <= set(whoami)


@pytest.mark.parametrize(
    "cursor",
    [
        encode_cursor(2**63),
        encode_cursor(-(2**63) - 1),
        encode_cursor(True),
        encode_cursor("a", 1),
        "W" * 10 + "=",
        "WwW" * 100,
        base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode(),
        base64.urlsafe_b64encode(b"[" * 90 + b"]" * 90).decode(),
        encode_cursor("a\x00b"),
    ],
)
def test_a_cursor_this_service_did_not_give_is_400(cursor: str) -> None:
    with pytest.raises(InvalidCursorError) as refused:
        decode_cursor(cursor, int)
    assert refused.value.status_code == 400


async def test_a_page_larger_than_the_maximum_is_refused_and_no_limit_means_the_default(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.get("/page")).json() == {"limit": 20}
    assert (await client.get("/page", params={"limit": 100})).json() == {"limit": 100}
    too_big = _is_problem(await client.get("/page", params={"limit": 101}), 422)
    assert [e["field"] for e in too_big["errors"]] == ["query.limit"]
    assert "100" in too_big["errors"][0]["message"]
    _is_problem(await client.get("/page", params={"limit": 0}), 422)


def test_the_default_page_size_is_never_above_the_maximum() -> None:
    assert PageSize(default=20, maximum=3).default == 3
    assert PageSize(default=20, maximum=100).default == 20


def test_a_cursor_round_trips_its_key() -> None:
    assert decode_cursor(encode_cursor(2**63 - 1), int) == (2**63 - 1,)
    assert decode_cursor(encode_cursor(3, "E-1"), float, str) == (3.0, "E-1")
