"""xAPI statements (1.0.3 and 2.0) to LMS completions.

A statement counts when its verb is ``completed`` or ``passed`` (ADL's IRIs), its actor is an
``account`` whose ``name`` is the employee id (as on the LMS topic: the learning service holds no
email addresses, so an ``mbox`` actor cannot be resolved here), and its object is an activity whose
id is the configured prefix followed by a catalogue item id. The statement id is the completion id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationError

COMPLETING_VERBS = frozenset(
    {"http://adlnet.gov/expapi/verbs/completed", "http://adlnet.gov/expapi/verbs/passed"}
)


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Account(_Open):
    home_page: str = Field(alias="homePage", max_length=2048)
    name: str = Field(min_length=1, max_length=200)


class Actor(_Open):
    account: Account | None = None
    mbox: str | None = None


class Verb(_Open):
    id: str = Field(min_length=1, max_length=2048)


class Activity(_Open):
    object_type: str = Field("Activity", alias="objectType")
    id: str = Field(min_length=1, max_length=2048)


class Statement(_Open):
    id: UUID | None = None
    actor: Actor
    verb: Verb
    object: Activity
    result: dict[str, Any] | None = None
    timestamp: datetime | None = None


@dataclass(frozen=True)
class Completion:
    statement_id: str
    employee_id: str
    item_id: str
    completed_at: datetime


class NotACompletionError(Exception):
    """A statement that is not a completion (another verb): acknowledged and counted."""

    def __init__(self, verb: str) -> None:
        super().__init__(f"verb {verb} is not a completion")
        self.verb = verb


class RefusedStatementError(ValueError):
    """A statement Lattice cannot record: the reason is given back for that statement."""


def statements_of(body: Any) -> list[Any]:
    return body if isinstance(body, list) else [body]


def completion(raw: Any, *, activity_prefix: str, now: datetime) -> Completion:
    """The completion a statement reports, else :class:`NotACompletionError` (another verb)
    or :class:`RefusedStatementError` (why it cannot be recorded)."""
    try:
        statement = Statement.model_validate(raw)
    except ValidationError as exc:
        faults = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:5]
        )
        raise RefusedStatementError(f"not an xAPI statement: {faults}") from exc
    if statement.verb.id not in COMPLETING_VERBS:
        raise NotACompletionError(statement.verb.id)
    if statement.id is None:
        raise RefusedStatementError(
            "a completion needs its statement id (it makes replays harmless)"
        )
    if statement.actor.account is None:
        raise RefusedStatementError("the actor must be an account whose name is the employee id")
    if statement.object.object_type != "Activity" or not statement.object.id.startswith(
        activity_prefix
    ):
        raise RefusedStatementError(
            f"the object must be an activity whose id starts with {activity_prefix}"
        )
    item_id = statement.object.id.removeprefix(activity_prefix)
    completed_at = statement.timestamp or now
    if completed_at.tzinfo is None:
        raise RefusedStatementError("timestamp must carry a time zone (ISO 8601)")
    if completed_at > now:
        raise RefusedStatementError("timestamp is in the future")
    return Completion(str(statement.id), statement.actor.account.name, item_id, completed_at)
