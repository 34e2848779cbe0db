"""Prometheus metrics of webhook delivery (beside the platform's, on /metrics)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

attempts = Counter(
    "lattice_webhook_attempts",
    "Delivery attempts by outcome: delivered (2xx), failed (to be tried again), dead_lettered "
    "(failed its last attempt).",
    ["outcome"],
)
deliveries = Gauge(
    "lattice_webhook_deliveries",
    "Deliveries waiting (pending) and dead letters (dead), every subscription together; every "
    "replica reports the same values.",
    ["state"],
)
oldest_pending_age = Gauge(
    "lattice_webhook_oldest_pending_age_seconds",
    "Age of the oldest delivery not yet delivered nor dead-lettered (0 when none).",
)
