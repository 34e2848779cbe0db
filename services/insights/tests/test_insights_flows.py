"""The insights service on the real broker and PostgreSQL: the scripted history published to
its topics gives, over HTTP, the figures worked out by hand; redelivered events change none;
only HR and service accounts read them."""

from __future__ import annotations

import contextlib
import csv
import io
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
    RunningInsights,
    S,
    application,
    history,
    release_asked,
)
from lattice_devstack.infra import wait_until
from lattice_insights.entrypoints.consumers import subscriptions
from lattice_platform.auth import Role
from lattice_platform.contracts.topics import APPLICATIONS
from prometheus_client import REGISTRY, generate_latest

FIGURES = (
    "/v1/figures/fill-rate",
    "/v1/figures/fill-rate?by=month&by=department&by=kind",
    "/v1/figures/fill-rate?by=month",
    "/v1/figures/time-to-fill?by=month",
    "/v1/figures/time-to-fill?by=kind",
    "/v1/figures/time-to-fill",
    "/v1/figures/funnel",
    "/v1/figures/funnel/openings",
    "/v1/figures/releases/managers",
    "/v1/figures/releases/departments",
    "/v1/figures/near-miss-to-placement",
)
FUNNEL_COLUMNS = (
    "surfaced",
    "interested",
    "shortlisted",
    "offered",
    "placed",
    "interested_rate",
    "shortlisted_rate",
    "offered_rate",
    "placed_rate",
)


def expected() -> dict[str, list[dict[str, Any]]]:
    opening_funnels = [
        {"opening_id": o, **dict(zip(FUNNEL_COLUMNS, numbers, strict=True))}
        for o, numbers in OPENING_FUNNELS.items()
    ]
    return {
        "/v1/figures/fill-rate": FILL_RATE,
        "/v1/figures/fill-rate?by=month&by=department&by=kind": FILL_RATE_BY_ALL,
        "/v1/figures/fill-rate?by=month": FILL_RATE_BY_MONTH,
        "/v1/figures/time-to-fill?by=month": TIME_TO_FILL_BY_MONTH,
        "/v1/figures/time-to-fill?by=kind": TIME_TO_FILL_BY_KIND,
        "/v1/figures/time-to-fill": [TIME_TO_FILL],
        "/v1/figures/funnel": [OVERALL_FUNNEL],
        "/v1/figures/funnel/openings": opening_funnels,
        "/v1/figures/releases/managers": MANAGER_RELEASES,
        "/v1/figures/releases/departments": DEPARTMENT_RELEASES,
        "/v1/figures/near-miss-to-placement": [NEAR_MISS_TO_PLACEMENT],
    }


async def figures(insights: RunningInsights) -> dict[str, list[dict[str, Any]]]:
    answers = {}
    for path in FIGURES:
        response = await insights.client.get(path, headers=insights.hr)
        assert response.status_code == 200, response.text
        answers[path] = response.json()["items"]
    for row in answers["/v1/figures/funnel/openings"]:  # opening details are checked apart
        for detail in ("title", "department", "kind"):
            row.pop(detail)
    return answers


def counter(name: str, consumer: str) -> float:
    return sum(
        sample.value
        for metric in REGISTRY.collect()
        for sample in metric.samples
        if sample.name == name and sample.labels.get("consumer") == consumer
    )


def handled_events() -> int:
    handled = {kind for s in subscriptions() for kind in s.handlers}
    return sum(type(event) in handled for _, event in history())


async def settled(insights: RunningInsights) -> dict[str, list[dict[str, Any]]]:
    want = expected()

    async def complete() -> bool:
        return await figures(insights) == want

    with contextlib.suppress(TimeoutError):  # the caller's assertion shows what differs
        await wait_until(complete, timeout_s=60, interval_s=0.3)
    return await figures(insights)


async def test_the_figures_of_a_history_on_the_broker_are_the_ones_worked_out_by_hand(
    insights: RunningInsights,
) -> None:
    await insights.send(history())

    assert await settled(insights) == expected()
    response = await insights.client.get("/v1/figures/funnel/openings", headers=insights.hr)
    titles = {row["opening_id"]: row["title"] for row in response.json()["items"]}
    assert titles["OP-5"] == "Data engineer"


async def test_events_redelivered_on_the_broker_change_no_figure(
    insights: RunningInsights,
) -> None:
    consumer = f"{insights.settings.service_name}.events"
    await insights.send(history())
    before = await settled(insights)
    duplicates = counter("lattice_events_duplicate_total", consumer)
    handled = counter("lattice_events_handled_total", consumer)

    await insights.send(history())  # the same ids: redelivered
    await wait_until(
        lambda: (
            counter("lattice_events_duplicate_total", consumer) - duplicates >= handled_events()
        ),
        timeout_s=60,
    )
    assert await figures(insights) == before

    await insights.send(history(), id_prefix="again")  # published again under new ids
    await wait_until(
        lambda: counter("lattice_events_handled_total", consumer) - handled >= handled_events(),
        timeout_s=60,
    )
    assert await figures(insights) == before == expected()


async def test_a_release_whose_application_ended_unanswered_stops_counting_as_pending(
    insights: RunningInsights,
) -> None:
    await insights.send(history())
    assert await settled(insights) == expected()
    asked = release_asked("E9", OP5, "M-C3", "sales", "2026-02-21")
    await insights.send([(APPLICATIONS, asked)], id_prefix="asked")

    async def pending() -> list[Any]:
        response = await insights.client.get("/v1/figures/releases/managers", headers=insights.hr)
        return [r["pending"] for r in response.json()["items"] if r["manager_id"] == "M-C3"]

    async def counted() -> bool:
        return await pending() == [1]

    await wait_until(counted, timeout_s=30)
    ended = application("E9", OP5, S.WITHDRAWN, "2026-02-22")
    await insights.send([(APPLICATIONS, ended)], id_prefix="ended")

    async def no_longer_pending() -> bool:
        return await pending() == []  # M-C3 has nothing else to count

    await wait_until(no_longer_pending, timeout_s=30)


async def test_figures_are_served_as_csv_on_request(insights: RunningInsights) -> None:
    await insights.send(history())
    await settled(insights)

    by_query = await insights.client.get(
        "/v1/figures/fill-rate?by=month&format=csv", headers=insights.hr
    )
    by_accept = await insights.client.get(
        "/v1/figures/fill-rate?by=month", headers={**insights.hr, "Accept": "text/csv"}
    )

    assert by_query.headers["content-type"].startswith("text/csv")
    assert by_accept.text == by_query.text
    assert by_query.text.splitlines()[0] == "month,internal_fills,external_fills,fills," + (
        "internal_fill_rate"
    )
    rows = list(csv.DictReader(io.StringIO(by_query.text)))
    assert rows == [{k: str(v) for k, v in row.items()} for row in FILL_RATE_BY_MONTH]


async def test_the_gauges_show_the_figures_a_dashboard_plots(insights: RunningInsights) -> None:
    await insights.send(history())
    await settled(insights)

    want = {
        'lattice_insights_fills{department="platform",kind="temporary",source="external"}': 1.0,
        'lattice_insights_funnel_candidates{stage="surfaced"}': 8.0,
        'lattice_insights_funnel_candidates{stage="placed"}': 2.0,
        'lattice_insights_time_to_fill_days{quantile="0.9"}': 28.0,
        'lattice_insights_releases{outcome="pending"}': 1.0,
        'lattice_insights_learning_path_employees{step="placed"}': 1.0,
    }

    def shown() -> dict[str, float | None]:
        """The wanted series as the metrics listener serves them."""
        served = dict(
            line.rsplit(" ", 1) for line in generate_latest(REGISTRY).decode().splitlines()
        )
        return {series: _number(served.get(series)) for series in want}

    async def refreshed() -> bool:  # by a refresh that began after the last of the history
        return shown() == want

    with contextlib.suppress(TimeoutError):  # the assertion below shows what differs
        await wait_until(refreshed, timeout_s=10)
    assert shown() == want


def _number(text: str | None) -> float | None:
    return None if text is None else float(text)


@pytest.mark.parametrize("role", [Role.HR, Role.SERVICE])
async def test_hr_and_service_accounts_read_every_figure(
    insights: RunningInsights, role: Role
) -> None:
    headers = insights.as_(role, employee_id="HR1" if role is Role.HR else None)
    for path in FIGURES:
        for csv_too in ("", "&format=csv" if "?" in path else "?format=csv"):
            response = await insights.client.get(path + csv_too, headers=headers)

            assert response.status_code == 200, (path + csv_too, response.text)


@pytest.mark.parametrize(
    "roles", [(Role.EMPLOYEE,), (Role.EMPLOYEE, Role.MANAGER)], ids=["employee", "manager"]
)
async def test_employees_and_managers_are_refused_every_figure(
    insights: RunningInsights, roles: tuple[Role, ...]
) -> None:
    headers = insights.as_(*roles, employee_id="E1")
    for path in FIGURES:
        response = await insights.client.get(path, headers=headers)

        assert response.status_code == 403, path
        assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_call_without_a_token_is_refused(insights: RunningInsights) -> None:
    response = await insights.client.get("/v1/figures/funnel")

    assert response.status_code == 401
