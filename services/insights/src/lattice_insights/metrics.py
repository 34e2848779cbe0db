"""Prometheus gauges of the figures a dashboard plots (beside the platform's, on /metrics).

Counts rather than rates where a dashboard may group: the internal fill rate of any grouping is
``sum(fills{source="internal"}) / sum(fills)``. Months are left to the HTTP figures (Prometheus
keeps the time), and managers too (one series per manager is too many).
"""

from __future__ import annotations

from prometheus_client import Gauge

from lattice_insights.domain import figures
from lattice_insights.domain.facts import Stage
from lattice_insights.service_layer.unit_of_work import Facts

fills = Gauge(
    "lattice_insights_fills",
    "Openings filled, internally (a placement) or externally.",
    ["department", "kind", "source"],
)
time_to_fill_days = Gauge(
    "lattice_insights_time_to_fill_days",
    "Days from posting to filled, over every fill whose posting is known.",
    ["quantile"],
)
funnel_candidates = Gauge(
    "lattice_insights_funnel_candidates",
    "Candidate-opening pairs that reached a step of the funnel or a later one.",
    ["stage"],
)
releases = Gauge(
    "lattice_insights_releases",
    "Release requests by outcome (pending: not answered yet).",
    ["outcome"],
)
learning_path = Gauge(
    "lattice_insights_learning_path_employees",
    "Employees with a near miss; of them, who then completed learning; of those, who were placed.",
    ["step"],
)


async def refresh(facts: Facts) -> None:
    """Recompute every gauge from the facts. Every figure is read first and the gauges set
    together after, with nothing awaited in between: a scrape sees them all of one refresh,
    never some of this one beside others of the last."""
    by = (figures.Dimension.DEPARTMENT, figures.Dimension.KIND)
    rates = await facts.fill_rates(by)
    times = await facts.time_to_fill(())
    funnel = await facts.overall_funnel()
    totals = await facts.release_totals()
    path = await facts.learning_path()
    for rate in rates:
        department, kind = (value for _, value in rate.group)
        fills.labels(department, kind, "internal").set(rate.internal_fills)
        fills.labels(department, kind, "external").set(rate.external_fills)
    for row in times:
        time_to_fill_days.labels("0.5").set(row.p50_days)
        time_to_fill_days.labels("0.9").set(row.p90_days)
    for stage in Stage:
        funnel_candidates.labels(stage.label).set(funnel.reached[stage])
    for outcome in ("approved", "declined", "automatic", "pending"):
        releases.labels(outcome).set(getattr(totals, outcome))
    for step in ("near_missed", "learned", "placed"):
        learning_path.labels(step).set(getattr(path, step))
