"""Use cases: each event becomes the facts it tells; the figures are read from the facts."""

from __future__ import annotations

from collections.abc import Sequence

from lattice_platform.contracts import events as ev

from lattice_insights.adapters import wire
from lattice_insights.domain import figures
from lattice_insights.domain.facts import Progress, Stage
from lattice_insights.service_layer.unit_of_work import Facts, InsightsUnitOfWork

# --------------------------------------------------------------------------- events


async def opening_posted(uow: InsightsUnitOfWork, event: ev.OpeningPosted) -> None:
    await uow.facts.note_opening(wire.opening(event.opening, event.posted_at), event.posted_at)


async def opening_updated(uow: InsightsUnitOfWork, event: ev.OpeningUpdated) -> None:
    await uow.facts.note_opening(wire.opening(event.opening), event.updated_at)


async def opening_closed(uow: InsightsUnitOfWork, event: ev.OpeningClosed) -> None:
    await uow.facts.close_opening(event.opening_id, wire.outcome(event), event.closed_at)


async def opportunity_surfaced(uow: InsightsUnitOfWork, event: ev.OpportunitySurfaced) -> None:
    await uow.facts.reach(
        Progress(event.opening_id, event.employee_id, Stage.SURFACED, event.surfaced_at)
    )


async def interest_expressed(uow: InsightsUnitOfWork, event: ev.InterestExpressed) -> None:
    await uow.facts.reach(
        Progress(event.opening_id, event.employee_id, Stage.INTERESTED, event.expressed_at)
    )


async def application_changed(uow: InsightsUnitOfWork, event: ev.ApplicationChanged) -> None:
    await uow.facts.note_opening(wire.opening_of_application(event), None)
    progress = wire.progress(event)
    if progress is not None:
        await uow.facts.reach(progress)
    elif event.status in wire.ENDED:
        await uow.facts.end_release(event.opening_id, event.employee_id)


async def release_requested(uow: InsightsUnitOfWork, event: ev.ReleaseRequested) -> None:
    await uow.facts.ask_release(wire.release(event))


async def release_decided(uow: InsightsUnitOfWork, event: ev.ReleaseDecided) -> None:
    await uow.facts.decide_release(wire.release(event))


async def placement_made(uow: InsightsUnitOfWork, event: ev.PlacementMade) -> None:
    await uow.facts.note_opening(wire.opening_of_placement(event), None)
    await uow.facts.place(wire.placement(event))
    await uow.facts.reach(
        Progress(event.opening_id, event.employee_id, Stage.PLACED, event.placed_at)
    )


async def near_miss_detected(uow: InsightsUnitOfWork, event: ev.NearMissDetected) -> None:
    await uow.facts.near_miss(wire.near_miss(event))


async def learning_completed(uow: InsightsUnitOfWork, event: ev.LearningCompleted) -> None:
    await uow.facts.complete(wire.completion(event))


# --------------------------------------------------------------------------- figures


async def fill_rates(facts: Facts, by: Sequence[figures.Dimension]) -> list[figures.FillRate]:
    return await facts.fill_rates(by)


async def time_to_fill(facts: Facts, by: Sequence[figures.Dimension]) -> list[figures.TimeToFill]:
    return await facts.time_to_fill(by)


async def funnels(facts: Facts) -> list[figures.OpeningFunnel]:
    return await facts.funnels()


async def overall_funnel(facts: Facts) -> figures.Funnel:
    return await facts.overall_funnel()


async def releases_by_manager(facts: Facts) -> dict[str, figures.Releases]:
    return await facts.releases_by_manager()


async def releases_by_department(facts: Facts) -> dict[str, figures.Releases]:
    return await facts.releases_by_department()


async def learning_path(facts: Facts) -> figures.LearningPath:
    return await facts.learning_path()
