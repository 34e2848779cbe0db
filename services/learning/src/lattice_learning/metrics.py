"""Prometheus metrics of the learning service (beside the platform's, on the same /metrics)."""

from prometheus_client import Counter

xapi_statements_ignored = Counter(
    "lattice_learning_xapi_statements_ignored_total",
    "xAPI statements acknowledged and not recorded: their verb is not completed or passed.",
    ["verb"],
)
