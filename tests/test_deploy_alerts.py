"""The alerts (deploy/kubernetes/base/alerts.yaml): each expression is PromQL over metrics and
labels that exist, and each alert has its runbook in docs/operations.md. The resource itself is
validated against the PrometheusRule schema with the other custom resources
(test_deploy_manifests.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import promql_parser
import pytest
import yaml
from lattice_webhooks import metrics as webhook_metrics
from test_deploy_dashboards import exposed_series

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "deploy" / "kubernetes" / "base" / "alerts.yaml"
OPERATIONS = ROOT / "docs" / "operations.md"
RUNBOOK_BASE = "https://lattice.example.com/docs/operations.md#"

TARGET_LABELS = {"namespace", "service", "pod", "job", "instance", "endpoint", "container"}
"""What the ServiceMonitor's scrape adds to every series."""
KUBE_STATE_METRICS = {
    "kube_deployment_status_replicas_unavailable": {"namespace", "deployment"},
}


KNOWN = {**exposed_series(), **exposed_series(webhook_metrics), **KUBE_STATE_METRICS}
"""The platform's metrics (the HTTP edge's RED metrics among them) and the webhooks service's, as
the code exposes them."""


def alerts() -> list[dict[str, Any]]:
    rule = yaml.safe_load(RULES.read_text())
    return [r for group in rule["spec"]["groups"] for r in group["rules"]]


def selectors_and_groupings(expr: str) -> tuple[list[str], list[list[str]]]:
    names: list[str] = []
    groupings: list[list[str]] = []

    def visit(node: promql_parser.Expr) -> None:
        if isinstance(node, promql_parser.VectorSelector):
            names.append(node.name)
        if isinstance(node, promql_parser.AggregateExpr) and node.modifier is not None:
            groupings.append(list(node.modifier.labels))

    promql_parser.walk(promql_parser.parse(expr), visit)
    return names, groupings


def test_the_alerts_cover_what_an_operator_watches() -> None:
    assert {a["alert"] for a in alerts()} == {
        "LatticeDeadLetterGrowing",
        "LatticeConsumerLagHigh",
        "LatticeOutboxBacklogOld",
        "LatticeNotReady",
        "LatticeHTTPErrorRateHigh",
        "LatticeHTTPLatencyHigh",
        "LatticeWebhookDeadLettered",
        "LatticeWebhookBacklogOld",
    }


@pytest.mark.parametrize("alert", alerts(), ids=lambda a: a["alert"])
def test_alert_reads_metrics_and_labels_that_exist(alert: dict[str, Any]) -> None:
    names, groupings = selectors_and_groupings(alert["expr"])
    assert names
    for name in names:
        assert name in KNOWN, f"{alert['alert']}: no metric {name}"
    available = set.intersection(*(KNOWN[n] for n in names))
    if not any(n.startswith("kube_") for n in names):
        available |= TARGET_LABELS
    for labels in groupings:
        assert set(labels) <= available, f"{alert['alert']}: {set(labels) - available}"


def test_a_misspelt_metric_or_broken_expression_is_caught() -> None:
    with pytest.raises(ValueError, match="parenthesis"):
        promql_parser.parse("sum by (topic) (increase(lattice_events_dead_lettered_total[10m])")
    names, _ = selectors_and_groupings("lattice_event_dead_lettered_total > 0")
    assert names[0] not in KNOWN


def runbook_anchors() -> dict[str, str]:
    """Anchor -> heading, for the headings of docs/operations.md (GitHub's slugs)."""
    headings = re.findall(r"^#+ (.+)$", OPERATIONS.read_text(), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-"): h for h in headings}


@pytest.mark.parametrize("alert", alerts(), ids=lambda a: a["alert"])
def test_alert_links_its_runbook_section(alert: dict[str, Any]) -> None:
    url = alert["annotations"]["runbook_url"]
    assert url.startswith(RUNBOOK_BASE)
    anchor = url.removeprefix(RUNBOOK_BASE)
    assert runbook_anchors().get(anchor) == alert["alert"]
    assert alert["labels"]["severity"] in {"warning", "critical"}
    assert alert["annotations"]["summary"]


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed")
def test_promtool_accepts_the_rules(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(yaml.safe_dump(yaml.safe_load(RULES.read_text())["spec"]))
    checked = subprocess.run(  # noqa: S603  # fixed arguments, no shell
        ["promtool", "check", "rules", str(rules)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
