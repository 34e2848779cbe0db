"""Request and response bodies of the subscriptions API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from lattice_platform.contracts.base import Id, Text, bounded
from pydantic import BaseModel, ConfigDict, Field

from lattice_webhooks.domain.subscriptions import DeadLetter, Scope, Subscription

MAX_URL_LENGTH = 2048
MAX_EVENT_TYPES = 100
Url = Annotated[str, bounded(MAX_URL_LENGTH)]


class SubscriptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Url = Field(
        description="Where events are posted (https).", examples=["https://bot.example.com/lattice"]
    )
    event_types: list[Id] = Field(
        min_length=1,
        max_length=MAX_EVENT_TYPES,
        description="CloudEvents types to receive (GET /v1/event-types lists them).",
        examples=[["io.lattice.openings.opening.posted"]],
    )
    scope: Scope = Field(
        Scope.ORGANISATION,
        description="organisation: no events about a person and no employee ids; employees: "
        "every event, with employee ids.",
    )
    description: Text | None = None


class SubscriptionOut(BaseModel):
    subscription_id: str
    url: str
    event_types: list[str]
    scope: Scope
    description: str | None
    created_by: str = Field(description="Who subscribed (the token's sub).")
    created_at: datetime

    @classmethod
    def of(cls, s: Subscription) -> SubscriptionOut:
        return cls(
            subscription_id=s.subscription_id,
            url=s.url,
            event_types=list(s.event_types),
            scope=s.scope,
            description=s.description,
            created_by=s.created_by,
            created_at=s.created_at,
        )


class SubscriptionCreated(SubscriptionOut):
    secret: str = Field(
        description="The whsec_ secret the deliveries are signed with; shown only here."
    )


class SecretRotated(BaseModel):
    secret: str = Field(description="The new whsec_ secret; shown only here.")
    previous_valid_until: datetime = Field(
        description="Until then, deliveries carry a signature by the previous secret as well."
    )


class DeadLetterOut(BaseModel):
    delivery_id: str = Field(
        description="The webhook-id every attempt carried (and a replay will)."
    )
    event_id: str = Field(description="The CloudEvents id of the event.")
    event_type: str
    attempts: int
    last_error: str | None = Field(description="Why the last attempt failed.")
    created_at: datetime = Field(description="When the event was accepted for the subscriber.")
    dead_at: datetime

    @classmethod
    def of(cls, d: DeadLetter) -> DeadLetterOut:
        return cls(**vars(d))


class ReplayIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    delivery_ids: list[Id] | None = Field(
        None, max_length=1000, description="The dead letters to replay; none: all of them."
    )


class Replayed(BaseModel):
    replayed: int = Field(description="Dead letters made due again.")


class EventTypeOut(BaseModel):
    event_type: str
    about_a_person: bool = Field(description="Carries an employee id: the employees scope only.")
    scopes: list[Scope]
