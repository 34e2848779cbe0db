"""Fakes of the platform's ports for unit tests of service handlers."""

from __future__ import annotations

from collections.abc import Sequence

from lattice_platform.contracts.base import Event
from lattice_platform.contracts.topics import Topic


class RecordingUnitOfWork:
    """For unit tests: keeps what would have been published."""

    def __init__(self) -> None:
        self.published: list[tuple[Topic, Event]] = []

    async def publish(self, topic: Topic, event: Event) -> None:
        await self.publish_all([(topic, event)])

    async def publish_all(self, events: Sequence[tuple[Topic, Event]]) -> None:
        for topic, event in events:
            if not topic.carries(event):
                raise ValueError(f"{event.event_type} is not an event of topic {topic.name}")
            self.published.append((topic, event))

    def events(self, kind: type[Event] | None = None) -> list[Event]:
        return [e for _, e in self.published if kind is None or isinstance(e, kind)]
