"""Prometheus metrics of the profile service (beside the platform's, on the same /metrics)."""

from prometheus_client import Counter

hris_records_for_erased = Counter(
    "lattice_profile_hris_records_for_erased_total",
    "HRIS records about an erased employee: acknowledged and ignored, nothing restored.",
)
