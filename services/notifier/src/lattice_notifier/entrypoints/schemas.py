"""HTTP response bodies of the feed."""

from __future__ import annotations

from datetime import datetime

from lattice_platform.contracts import events as ev
from pydantic import BaseModel, Field

from lattice_notifier.adapters.repository import FeedItem


class FeedEntry(BaseModel):
    opportunity_id: str
    opening_id: str
    title: str
    kind: str
    temporary_kind: str | None
    status: str = Field(description="active, or withdrawn (listed only with include_withdrawn).")
    delivery: str = Field(description="notified, or digest when held back by the daily cap.")
    surfaced_at: datetime
    withdrawn_at: datetime | None
    withdraw_reason: str | None
    explanation: ev.Explanation

    @classmethod
    def of(cls, item: FeedItem) -> FeedEntry:
        return cls(
            opportunity_id=item.opportunity_id,
            opening_id=item.opening_id,
            title=item.title,
            kind=item.kind,
            temporary_kind=item.temporary_kind,
            status=item.status,
            delivery=item.delivery,
            surfaced_at=item.surfaced_at,
            withdrawn_at=item.withdrawn_at,
            withdraw_reason=item.withdraw_reason,
            explanation=item.explanation,
        )


class FeedPage(BaseModel):
    items: list[FeedEntry]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null at the end."
    )
