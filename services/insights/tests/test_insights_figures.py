"""The figures of a scripted history of events, computed by the domain, against the figures
worked out by hand (insights_testkit); and redelivered events, which change no figure."""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from insights_testkit import (
    DEPARTMENT_RELEASES,
    FILL_RATE,
    FILL_RATE_BY_ALL,
    FILL_RATE_BY_MONTH,
    MANAGER_RELEASES,
    NEAR_MISS_TO_PLACEMENT,
    OP5,
    OPENING_FUNNELS,
    OVERALL_FUNNEL,
    TIME_TO_FILL,
    TIME_TO_FILL_BY_KIND,
    TIME_TO_FILL_BY_MONTH,
    InMemoryUnitOfWork,
    R,
    S,
    application,
    at,
    details,
    history,
    release_asked,
    release_decided,
)
from lattice_insights.domain import figures
from lattice_insights.domain.facts import Stage
from lattice_insights.domain.figures import Dimension
from lattice_insights.service_layer import handlers
from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import Event, OpeningKind

HANDLERS: dict[type[Event], Any] = {
    ev.OpeningPosted: handlers.opening_posted,
    ev.OpeningUpdated: handlers.opening_updated,
    ev.OpeningClosed: handlers.opening_closed,
    ev.OpportunitySurfaced: handlers.opportunity_surfaced,
    ev.NearMissDetected: handlers.near_miss_detected,
    ev.InterestExpressed: handlers.interest_expressed,
    ev.ApplicationChanged: handlers.application_changed,
    ev.ReleaseRequested: handlers.release_requested,
    ev.ReleaseDecided: handlers.release_decided,
    ev.PlacementMade: handlers.placement_made,
    ev.LearningCompleted: handlers.learning_completed,
}


async def apply(uow: InMemoryUnitOfWork, events: list[Event]) -> None:
    for event in events:
        handler = HANDLERS.get(type(event))
        if handler is not None:  # the consumer skips what it has no handler for
            await handler(uow, event)


async def applied(events: list[Event]) -> InMemoryUnitOfWork:
    uow = InMemoryUnitOfWork()
    await apply(uow, events)
    return uow


def scripted() -> list[Event]:
    return [event for _, event in history()]


def fill_rows(rates: list[figures.FillRate]) -> list[dict[str, Any]]:
    return [
        {
            **dict(r.group),
            "internal_fills": r.internal_fills,
            "external_fills": r.external_fills,
            "fills": r.fills,
            "internal_fill_rate": r.internal_fill_rate,
        }
        for r in rates
    ]


def time_rows(times: list[figures.TimeToFill]) -> list[dict[str, Any]]:
    return [
        {**dict(t.group), "fills": t.fills, "p50_days": t.p50_days, "p90_days": t.p90_days}
        for t in times
    ]


def funnel_numbers(funnel: figures.Funnel) -> tuple[float | None, ...]:
    rates = (funnel.rate(s) for s in Stage if s > Stage.SURFACED)
    return (
        *(funnel.reached[s] for s in Stage),
        *(None if r is None else round(r, 4) for r in rates),
    )


async def everything(uow: InMemoryUnitOfWork) -> dict[str, Any]:
    facts = uow.facts
    return {
        "fill": fill_rows(await handlers.fill_rates(facts, list(Dimension))),
        "time": time_rows(await handlers.time_to_fill(facts, list(Dimension))),
        "funnel": funnel_numbers(await handlers.overall_funnel(facts)),
        "funnels": {
            f.opening.opening_id: (f.opening, funnel_numbers(f.funnel))
            for f in await handlers.funnels(facts)
        },
        "managers": await handlers.releases_by_manager(facts),
        "departments": await handlers.releases_by_department(facts),
        "path": await handlers.learning_path(facts),
    }


async def test_internal_fill_rate_of_the_history_is_the_one_worked_out_by_hand() -> None:
    facts = (await applied(scripted())).facts

    overall = fill_rows(await handlers.fill_rates(facts, []))
    assert overall == [{**FILL_RATE[0], "internal_fill_rate": 2 / 3}]
    assert fill_rows(await handlers.fill_rates(facts, list(Dimension))) == FILL_RATE_BY_ALL
    assert fill_rows(await handlers.fill_rates(facts, [Dimension.MONTH])) == FILL_RATE_BY_MONTH


async def test_time_to_fill_of_the_history_is_the_one_worked_out_by_hand() -> None:
    facts = (await applied(scripted())).facts

    by_month = await handlers.time_to_fill(facts, [Dimension.MONTH])
    by_kind = await handlers.time_to_fill(facts, [Dimension.KIND])
    overall = await handlers.time_to_fill(facts, [])

    assert time_rows(by_month) == TIME_TO_FILL_BY_MONTH
    assert time_rows(by_kind) == TIME_TO_FILL_BY_KIND
    assert time_rows(overall) == [TIME_TO_FILL]


async def test_funnels_of_the_history_are_the_ones_worked_out_by_hand() -> None:
    facts = (await applied(scripted())).facts

    overall = await handlers.overall_funnel(facts)
    each = {f.opening.opening_id: funnel_numbers(f.funnel) for f in await handlers.funnels(facts)}

    assert funnel_numbers(overall) == tuple(OVERALL_FUNNEL.values())
    assert each == OPENING_FUNNELS


async def test_releases_of_the_history_are_the_ones_worked_out_by_hand() -> None:
    facts = (await applied(scripted())).facts

    managers = await handlers.releases_by_manager(facts)
    departments = await handlers.releases_by_department(facts)

    assert [{"manager_id": m, **asdict(r)} for m, r in managers.items()] == MANAGER_RELEASES
    assert [{"department": d, **asdict(r)} for d, r in departments.items()] == (DEPARTMENT_RELEASES)


async def test_near_miss_to_placement_of_the_history_is_the_one_worked_out_by_hand() -> None:
    path = await handlers.learning_path((await applied(scripted())).facts)

    assert {
        "near_missed": path.near_missed,
        "learned": path.learned,
        "placed": path.placed,
        "learned_rate": path.learned_rate,
        "placed_rate": path.placed_rate,
    } == NEAR_MISS_TO_PLACEMENT


async def test_release_totals_count_every_request_by_outcome() -> None:
    totals = figures.release_totals(await (await applied(scripted())).facts.releases())

    # E1 approved, E6 automatic, E5 declined, E8 pending
    assert (totals.approved, totals.automatic, totals.declined, totals.pending) == (1, 1, 1, 1)


async def test_a_release_still_unanswered_when_its_application_ended_is_no_longer_pending() -> None:
    asked = release_asked("E9", OP5, "M-C3", "sales", "2026-02-21")
    answered = release_asked("E10", OP5, "M-C3", "sales", "2026-02-21")
    uow = await applied([*scripted(), asked, answered])
    assert (await handlers.releases_by_manager(uow.facts))["M-C3"].pending == 2

    left = application("E9", OP5, S.WITHDRAWN, "2026-02-22")
    approved = release_decided(answered, R.APPROVED, "2026-02-22")
    declined = application("E10", OP5, S.DECLINED, "2026-02-23")
    await apply(uow, [left, approved, declined, left, declined])

    by_manager = await handlers.releases_by_manager(uow.facts)
    assert (by_manager["M-C3"].pending, by_manager["M-C3"].approved) == (0, 1)
    assert figures.release_totals(await uow.facts.releases()).pending == 1  # E8's, as before


async def test_an_opening_renamed_by_its_update_is_shown_with_its_new_title() -> None:
    funnels = await handlers.funnels((await applied(scripted())).facts)

    titles = {f.opening.opening_id: f.opening.title for f in funnels}
    assert titles["OP-5"] == "Data engineer"
    assert titles["OP-1"] == "Opening OP-1"


async def test_every_event_delivered_twice_changes_no_figure() -> None:
    once = await everything(await applied(scripted()))

    twice = await everything(await applied([e for e in scripted() for _ in range(2)]))

    assert twice == once


async def test_events_redelivered_late_and_out_of_order_change_no_figure() -> None:
    uow = await applied(scripted())
    once = await everything(uow)
    late = scripted()
    random.Random(7).shuffle(late)

    await apply(uow, late)

    assert await everything(uow) == once


async def test_an_older_update_redelivered_does_not_bring_back_old_details() -> None:
    uow = InMemoryUnitOfWork()
    older = details("OP-5", OpeningKind.ROLE, "sales", "M-H2", title="Old")
    newer = details("OP-5", OpeningKind.ROLE, "data", "M-H2", title="New")
    first = ev.OpeningUpdated(opening_id="OP-5", opening=older, updated_at=at("2026-02-16"))
    second = ev.OpeningUpdated(opening_id="OP-5", opening=newer, updated_at=at("2026-02-17"))

    await apply(uow, [first, second, first])

    [opening] = await uow.facts.openings()
    assert (opening.title, opening.department) == ("New", "data")


async def test_an_opening_known_only_by_its_close_counts_in_an_unknown_group() -> None:
    closed = ev.OpeningClosed(opening_id="OP-9", outcome="filled", closed_at=at("2026-03-02"))
    uow = await applied([closed])

    rates = await handlers.fill_rates(uow.facts, list(Dimension))

    assert fill_rows(rates) == [
        {"month": "2026-03", "department": "unknown", "kind": "unknown", "internal_fills": 1,
         "external_fills": 0, "fills": 1, "internal_fill_rate": 1.0},
    ]  # fmt: skip
    assert await handlers.time_to_fill(uow.facts, list(Dimension)) == []


async def test_the_month_of_a_fill_is_its_month_in_utc() -> None:
    late_evening_in_brazil = datetime(2026, 1, 31, 23, 30, tzinfo=timezone(timedelta(hours=-3)))
    closed = ev.OpeningClosed(opening_id="OP-9", outcome="filled", closed_at=late_evening_in_brazil)
    uow = await applied([closed])

    [rate] = await handlers.fill_rates(uow.facts, [Dimension.MONTH])

    assert rate.group == (("month", "2026-02"),)


async def test_an_application_fills_in_what_the_openings_topic_no_longer_holds() -> None:
    changed = ev.ApplicationChanged(
        application_id="OP-5:E8",
        opening_id="OP-5",
        employee_id="E8",
        status=ev.ApplicationStatus.INTERESTED,
        title=OP5.title,
        kind=OP5.kind,
        department=OP5.department,
        changed_at=at("2026-02-18"),
    )
    closed = ev.OpeningClosed(opening_id="OP-5", outcome="closed", closed_at=at("2026-02-20"))

    uow = await applied([closed, changed])

    [opening] = await uow.facts.openings()
    assert (opening.title, opening.kind, opening.department) == (
        "Opening OP-5",
        OpeningKind.ROLE,
        "data",
    )


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([7.0], 0.9, 7.0),
        ([10.0, 30.0], 0.5, 20.0),
        ([30.0, 10.0, 20.0], 0.9, 28.0),
        ([1.0, 2.0, 3.0, 4.0], 0.5, 2.5),
    ],
)
def test_percentiles_interpolate_between_the_closest_ranks(
    values: list[float], q: float, expected: float
) -> None:
    assert figures.percentile(values, q) == pytest.approx(expected)


def test_a_funnel_rate_is_none_when_no_one_reached_the_step_before() -> None:
    funnel = figures.overall_funnel([])

    assert [funnel.rate(s) for s in Stage] == [None] * len(Stage)
