"""Consumers of the mobility loop's events the notifier keeps: the candidates' applications
(their status on the feed) and the learning catalogue (for "why not me?")."""

from __future__ import annotations

from lattice_platform.contracts import events as ev
from lattice_platform.contracts import topics as t
from lattice_platform.messaging.consumer import Delivery, Subscription

from lattice_notifier.adapters.repository import PostgresNotifierUnitOfWork
from lattice_notifier.service_layer import actions


class MobilityEvents:
    async def application_changed(self, delivery: Delivery, event: ev.ApplicationChanged) -> None:
        await actions.application_changed(PostgresNotifierUnitOfWork.of(delivery), event)

    async def catalogue_item_changed(
        self, delivery: Delivery, event: ev.CatalogueItemChanged
    ) -> None:
        await actions.catalogue_item_changed(PostgresNotifierUnitOfWork.of(delivery), event)

    def subscriptions(self) -> list[Subscription]:
        return [
            Subscription(t.APPLICATIONS, {ev.ApplicationChanged: self.application_changed}),
            Subscription(t.CATALOGUE, {ev.CatalogueItemChanged: self.catalogue_item_changed}),
        ]
