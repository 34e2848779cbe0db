"""A typed client of Lattice's HTTP APIs, generated from docs/openapi by `lattice docs`.

One subpackage per service: ``lattice_client.profile``, ``.openings``, ``.learning``,
``.notifier``, ``.insights``. Each has an ``AuthenticatedClient(base_url=..., token=...)`` and a
module per operation under ``api/<tag>/``, named by its operationId, with ``sync``/``asyncio``
(the parsed body: the success's model or the refusal's ``ProblemDetails``; None for a status the
document does not describe) and ``sync_detailed``/``asyncio_detailed`` (status, headers and the
parsed body). :func:`answer` turns the parsed body into the success or an exception. Only this
file is written by hand.
"""

from __future__ import annotations

from typing import Protocol, TypeVar, runtime_checkable

T = TypeVar("T")


@runtime_checkable
class Problem(Protocol):
    """An RFC 9457 refusal, as every service's ``ProblemDetails`` model holds it (no success
    model has all five; ``type`` is ``type_`` in the generated models)."""

    type_: str
    title: str
    status: int
    detail: str
    instance: str


class RefusedError(Exception):
    """The service answered with a problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.status} {problem.title}: {problem.detail}")
        self.problem = problem


class UndescribedAnswerError(Exception):
    """The service answered with a status its document does not describe."""


def answer(parsed: T | Problem | None) -> T:
    """The success an operation's ``asyncio``/``sync`` parsed, or :class:`RefusedError`."""
    if isinstance(parsed, Problem):
        raise RefusedError(parsed)
    if parsed is None:
        raise UndescribedAnswerError("an answer the OpenAPI document does not describe")
    return parsed
