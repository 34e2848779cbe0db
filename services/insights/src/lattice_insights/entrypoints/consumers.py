"""Event subscriptions: parse the contract, call the use case, return."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.contracts.base import Event
from lattice_platform.messaging.consumer import Delivery, Handler, Subscription

from lattice_insights.adapters.repository import PostgresInsightsUnitOfWork
from lattice_insights.service_layer import handlers
from lattice_insights.service_layer.unit_of_work import InsightsUnitOfWork

E = TypeVar("E", bound=Event)


def _on(use_case: Callable[[InsightsUnitOfWork, E], Awaitable[None]]) -> Handler:
    async def handle(delivery: Delivery, event: E) -> None:
        await use_case(PostgresInsightsUnitOfWork.within(delivery), event)

    return handle


def subscriptions() -> list[Subscription]:
    return [
        Subscription(
            t.OPENINGS_TOPIC,
            {
                ev.OpeningPosted: _on(handlers.opening_posted),
                ev.OpeningUpdated: _on(handlers.opening_updated),
                ev.OpeningClosed: _on(handlers.opening_closed),
            },
        ),
        Subscription(
            t.OPPORTUNITIES,
            {
                ev.OpportunitySurfaced: _on(handlers.opportunity_surfaced),
                ev.NearMissDetected: _on(handlers.near_miss_detected),
            },
        ),
        Subscription(t.FEED_ACTIONS, {ev.InterestExpressed: _on(handlers.interest_expressed)}),
        Subscription(
            t.APPLICATIONS,
            {
                ev.ApplicationChanged: _on(handlers.application_changed),
                ev.ReleaseRequested: _on(handlers.release_requested),
                ev.ReleaseDecided: _on(handlers.release_decided),
            },
        ),
        Subscription(t.PLACEMENTS, {ev.PlacementMade: _on(handlers.placement_made)}),
        Subscription(t.LEARNING_TOPIC, {ev.LearningCompleted: _on(handlers.learning_completed)}),
    ]
