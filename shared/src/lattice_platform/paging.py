"""Cursor paging, the same in every service: opaque cursors, checked on the way in, and one
page size rule.

A cursor is the URL-safe base64 of a short JSON array holding the sort key of a page's last
item. A cursor that does not decode to the shape the route expects is refused with 400; it is
never handed to the database as it came. A ``limit`` above the service's maximum page size is
refused with 422 (problem details naming ``query.limit``), never silently cut; no ``limit``
means the service's default page size.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, HTTPException, Query, Request, status
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

MAX_CURSOR_LENGTH = 256
INT64 = range(-(2**63), 2**63)
Scalar = str | int | float
T = TypeVar("T")

Cursor = Annotated[
    str | None,
    Query(
        max_length=MAX_CURSOR_LENGTH,
        pattern=r"^[A-Za-z0-9_-]+={0,2}$",
        description="next_cursor of the previous page, as given.",
    ),
]


@dataclass(frozen=True)
class PageSize:
    """A service's page sizes: ``default`` when a reader asks for none, at most ``maximum``."""

    default: int
    maximum: int

    def __post_init__(self) -> None:
        if self.maximum < 1:
            raise ValueError("the maximum page size is at least 1")
        # never more than the maximum
        object.__setattr__(self, "default", max(1, min(self.default, self.maximum)))


def page_limit(
    request: Request,
    limit: Annotated[
        int | None,
        Query(ge=1, description="Page size; at most the service's maximum (422 above it)."),
    ] = None,
) -> int:
    """The page size a reader asked for, checked against the service's :class:`PageSize`."""
    pages: PageSize = request.app.state.context.pages
    if limit is None:
        return pages.default
    if limit > pages.maximum:
        raise RequestValidationError(
            [
                {
                    "type": "less_than_equal",
                    "loc": ("query", "limit"),
                    "msg": f"Input should be less than or equal to {pages.maximum}",
                    "input": limit,
                }
            ]
        )
    return limit


Limit = Annotated[int, Depends(page_limit)]


def document_page_size(document: dict[str, Any], pages: PageSize) -> None:
    """Give every ``limit`` of an OpenAPI document the service's default and maximum, which
    :func:`page_limit` applies when a request arrives."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and parameter["name"] == "limit":
                    parameter["schema"] = {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": pages.maximum,
                        "default": pages.default,
                        "title": "Limit",
                    }


class Page(BaseModel, Generic[T]):
    """A page of items and the cursor of the next one."""

    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null at the end."
    )


class InvalidCursorError(HTTPException):
    def __init__(self) -> None:
        super().__init__(status.HTTP_400_BAD_REQUEST, "cursor is not one this service gave")


def encode_cursor(*key: Scalar) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode()


def decode_cursor(cursor: str, *shape: type[Scalar]) -> tuple[Any, ...]:
    """The sort key ``cursor`` holds, each part of the type ``shape`` names, or 400."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursorError
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error, RecursionError) as exc:
        raise InvalidCursorError from exc
    if not isinstance(key, list) or len(key) != len(shape):
        raise InvalidCursorError
    pairs = list(zip(key, shape, strict=True))
    if not all(_fits(part, kind) for part, kind in pairs):
        raise InvalidCursorError
    return tuple(float(part) if kind is float else part for part, kind in pairs)


def _fits(part: object, kind: type[Scalar]) -> bool:
    if isinstance(part, bool):
        return False
    if kind is int:
        return isinstance(part, int) and part in INT64
    if kind is float:
        return isinstance(part, int | float) and math.isfinite(part)
    return isinstance(part, str) and "\x00" not in part and len(part) <= MAX_CURSOR_LENGTH
