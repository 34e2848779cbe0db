"""Checking a delivery history, in the spirit of Jepsen's Kafka analysis: given what was sent,
per key in order, and what a stage saw (the topic's records, or the effects a consumer applied),
count what was lost, what was seen more than once, and what came out of order per key."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Verdict:
    """What one stage saw of the events sent. ``out_of_order`` counts events seen (for the first
    time) after a later event of the same key had been seen."""

    stage: str
    sent: int
    seen: int
    lost: list[str] = field(default_factory=list)
    duplicated: dict[str, int] = field(default_factory=dict)
    """Event id -> how many times beyond the first it was seen."""
    out_of_order: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    """Ids seen that were never sent."""

    @property
    def duplicates(self) -> int:
        return sum(self.duplicated.values())

    def figures(self) -> str:
        return (
            f"{self.stage}: sent {self.sent}, seen {self.seen}, lost {len(self.lost)}, "
            f"seen twice {self.duplicates}, out of order {len(self.out_of_order)}, "
            f"never sent {len(self.unexpected)}"
        )


def check(stage: str, sent: Iterable[tuple[str, str]], seen: Iterable[tuple[str, str]]) -> Verdict:
    """``sent`` and ``seen`` are ``(key, event id)`` pairs; ``sent`` in the order each key's
    events were committed, ``seen`` in the order the stage saw each key's events (the order
    between keys does not matter)."""
    position: dict[str, int] = {}
    key_of: dict[str, str] = {}
    for index, (key, event_id) in enumerate(sent):
        position[event_id] = index
        key_of[event_id] = key
    times: dict[str, int] = defaultdict(int)
    latest: dict[str, int] = {}
    out_of_order: list[str] = []
    unexpected: list[str] = []
    count = 0
    for key, event_id in seen:
        count += 1
        times[event_id] += 1
        if event_id not in position or key_of[event_id] != key:
            unexpected.append(event_id)
            continue
        if times[event_id] > 1:
            continue
        if position[event_id] < latest.get(key, -1):
            out_of_order.append(event_id)
        latest[key] = max(latest.get(key, -1), position[event_id])
    return Verdict(
        stage=stage,
        sent=len(position),
        seen=count,
        lost=[event_id for event_id in position if event_id not in times],
        duplicated={event_id: n - 1 for event_id, n in times.items() if n > 1},
        out_of_order=out_of_order,
        unexpected=unexpected,
    )
