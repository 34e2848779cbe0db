"""HTTP response bodies of the feed."""

from __future__ import annotations

from datetime import datetime

from lattice_platform.contracts import events as ev
from lattice_platform.contracts.events import ApplicationStatus
from lattice_platform.paging import Page
from pydantic import BaseModel, Field

from lattice_notifier.adapters.repository import FeedItem
from lattice_notifier.domain.actions import candidate_status


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
    withdraw_reason: str | None = Field(
        description="Why it left the feed: dismissed, when you did."
    )
    explanation: ev.Explanation
    state: str = Field(description="new, saved, dismissed, interested or interest_withdrawn.")
    application: str | None = Field(
        description="Your application's status, in courteous words (e.g. invited to apply, "
        "shortlisted, not progressing); null when there is none."
    )

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
            state=item.state,
            application=candidate_status(ApplicationStatus(item.application))
            if item.application
            else None,
        )


class FeedPage(Page[FeedEntry]):
    pass
