"""The HTTP edge's RED metrics (requests, errors and duration by route template), and the
listener Prometheus scrapes."""

from __future__ import annotations

import httpx
import pytest
from fastapi import APIRouter, HTTPException
from fastapi.testclient import TestClient
from lattice_devstack.infra import free_port
from lattice_platform.http import create_app
from lattice_platform.settings import ServiceSettings
from platform_testkit import context_for
from prometheus_client import REGISTRY

counted = APIRouter()


@counted.get("/counted/{item_id}")
def item(item_id: str) -> dict[str, str]:
    if item_id == "missing":
        raise HTTPException(404)
    if item_id == "broken":
        raise RuntimeError("a bug")
    return {"item_id": item_id}


@pytest.fixture
def client(platform_settings: ServiceSettings) -> TestClient:
    app = create_app(context_for(platform_settings), [counted], title="t", description="t")
    return TestClient(app, raise_server_exceptions=False)


def requests(route: str, status: str, method: str = "GET") -> float:
    labels = {"route": route, "method": method, "status": status}
    return REGISTRY.get_sample_value("lattice_http_requests_total", labels) or 0.0


def timed(route: str, method: str = "GET") -> float:
    labels = {"route": route, "method": method}
    return REGISTRY.get_sample_value("lattice_http_request_duration_seconds_count", labels) or 0.0


def test_requests_are_counted_and_timed_by_route_template_method_and_status(
    client: TestClient,
) -> None:
    route = "/counted/{item_id}"
    before = {s: requests(route, s) for s in ("200", "404", "500")}
    before_timed, before_unmatched = timed(route), requests("unmatched", "404")
    before_invented = requests(route, "405", method="other")
    with client:
        for item_id in ("a", "b", "c"):
            assert client.get(f"/counted/{item_id}").status_code == 200
        assert client.get("/counted/missing").status_code == 404
        assert client.get("/counted/broken").status_code == 500
        assert client.get("/no/such/route/x1").status_code == 404
        assert client.request("BREW", "/counted/a").status_code == 405
    assert requests(route, "200") - before["200"] == 3, "one series for every item id"
    assert requests(route, "404") - before["404"] == 1
    assert requests(route, "500") - before["500"] == 1, "an escaped exception is a 500"
    assert timed(route) - before_timed == 5
    assert requests("unmatched", "404") - before_unmatched == 1, "no label per raw path"
    assert requests(route, "405", method="other") - before_invented == 1, "nor per invented method"
    assert (
        REGISTRY.get_sample_value(
            "lattice_http_requests_total",
            {"route": "/no/such/route/x1", "method": "GET", "status": "404"},
        )
        is None
    )


def test_metrics_are_served_without_a_token_on_their_own_port_and_not_on_the_api_port(
    platform_settings: ServiceSettings,
) -> None:
    port = free_port()
    settings = platform_settings.model_copy(update={"http_host": "127.0.0.1", "metrics_port": port})
    app = create_app(context_for(settings), [counted], title="t", description="t")
    with TestClient(app) as api:
        assert api.get("/counted/a").status_code == 200
        scraped = httpx.get(f"http://{settings.http_host}:{port}/metrics")
        assert scraped.status_code == 200
        assert 'lattice_http_requests_total{method="GET",route="/counted/{item_id}"' in scraped.text
        assert "lattice_events_handled_total" in scraped.text
        assert api.get("/metrics").status_code == 404, "the API port serves no metrics"
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://{settings.http_host}:{port}/metrics")  # closed with the app
