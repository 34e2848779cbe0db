"""The Grafana dashboard asks only for metrics the services expose, by labels they carry."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import ModuleType

from lattice_platform.telemetry import metrics
from prometheus_client import REGISTRY
from prometheus_client.metrics import MetricWrapperBase

DASHBOARD = Path(__file__).resolve().parents[1] / "deploy" / "grafana" / "lattice-event-flow.json"
SCRAPE_LABELS = {"namespace", "pod", "service", "job", "instance", "le"}
SERIES = re.compile(r"\b(lattice_[a-z_]+)\b")
GROUPING = re.compile(r"by \(([^)]*)\)")


def exposed_series(module: ModuleType = metrics) -> dict[str, set[str]]:
    """Series name -> label names, for every metric of ``module`` (the platform's unless told)
    as the client exposes it."""
    wrappers = [m for m in vars(module).values() if isinstance(m, MetricWrapperBase)]
    assert wrappers
    families = {family.name: family for family in REGISTRY.collect()}
    series: dict[str, set[str]] = {}
    for wrapper in wrappers:
        family = families[wrapper._name]
        labels = set(wrapper._labelnames)
        suffixes = {
            "counter": ["_total"],
            "gauge": [""],
            "histogram": ["_bucket", "_sum", "_count"],
        }
        for suffix in suffixes[family.type]:
            series[family.name + suffix] = labels | {"le"} if suffix == "_bucket" else labels
    return series


def expressions() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    found = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    assert found
    return found


def test_every_dashboard_query_names_a_metric_the_platform_exposes() -> None:
    series = exposed_series()
    for expression in expressions():
        names = SERIES.findall(expression)
        assert names, expression
        assert set(names) <= set(series), expression


def test_every_dashboard_grouping_uses_labels_the_metric_carries() -> None:
    series = exposed_series()
    for expression in expressions():
        (name,) = set(SERIES.findall(expression))
        for grouping in GROUPING.findall(expression):
            labels = {label.strip() for label in grouping.split(",")}
            assert labels <= series[name] | SCRAPE_LABELS, expression


def test_every_platform_metric_has_a_panel() -> None:
    queried = {name for e in expressions() for name in SERIES.findall(e)}
    families = {re.sub(r"_(total|bucket|sum|count)$", "", name) for name in queried}
    declared = {m._name for m in vars(metrics).values() if isinstance(m, MetricWrapperBase)}
    assert declared <= families
