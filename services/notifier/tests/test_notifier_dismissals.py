"""The surfacing step on an in-memory unit of work: a dismissed pair is not surfaced again,
whatever re-matches it, until the opening changes materially. The flow with HTTP, the broker and
PostgreSQL is in test_notifier_feed_actions.py."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from lattice_notifier.adapters.wire import opening_of
from lattice_notifier.domain.actions import material_terms
from lattice_notifier.domain.index import MatchIndex
from lattice_notifier.domain.model import MatchPolicy
from lattice_notifier.service_layer import handlers
from lattice_notifier.service_layer.handlers import Matching
from lattice_platform.contracts import events as ev
from notifier_builders import NOW, details, employee, published
from notifier_fakes import FakeNotifierUnitOfWork


async def post(uow: FakeNotifierUnitOfWork, m: Matching, at: datetime, **fields: Any) -> None:
    await handlers.opening_published(uow, m, published("OP1", **fields), at)
    uow.commit()


async def record(uow: FakeNotifierUnitOfWork, m: Matching, at: datetime) -> None:
    someone = employee("E1", changed_at=at)
    assert someone.profile is not None
    await handlers.employee_record_changed(uow, m, "E1", someone.profile, dict(someone.skills))
    uow.commit()


def surfaced(uow: FakeNotifierUnitOfWork) -> list[str]:
    return [
        e.opportunity_id
        for e in uow.events(ev.OpportunitySurfaced)
        if isinstance(e, ev.OpportunitySurfaced)
    ]


async def test_a_dismissed_pair_stays_away_until_the_opening_changes_materially() -> None:
    uow = FakeNotifierUnitOfWork()
    m = Matching(MatchIndex(MatchPolicy()), partitions=3, daily_cap=5, clock=lambda: NOW)
    await post(uow, m, NOW)
    await record(uow, m, NOW)
    assert surfaced(uow) == ["E1:OP1:1"]
    # The employee dismisses it (what the HTTP use case stores, in the fake's terms).
    await uow.opportunities.withdraw_pairs([("E1", "OP1")], "dismissed", NOW)
    uow.actions.rows[("E1", "OP1")] = material_terms(opening_of(details("OP1")))
    uow.commit()

    await record(uow, m, NOW + timedelta(minutes=1))
    await post(uow, m, NOW + timedelta(minutes=2), title="Renamed")
    assert surfaced(uow) == ["E1:OP1:1"], "neither a re-match nor a new title brings it back"

    await post(uow, m, NOW + timedelta(minutes=3), title="Renamed", remote=True)

    assert surfaced(uow) == ["E1:OP1:1", "E1:OP1:2"]
    assert uow.actions.rows == {}, "the pair starts anew"
