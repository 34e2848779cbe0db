"""Prometheus metrics every service exposes on /metrics."""

from prometheus_client import Counter, Gauge, Histogram

events_handled = Counter(
    "lattice_events_handled_total", "Events whose effect was committed.", ["consumer", "type"]
)
events_duplicate = Counter(
    "lattice_events_duplicate_total", "Redelivered events skipped by the inbox.", ["consumer"]
)
events_failed = Counter(
    "lattice_events_failed_total", "Handler attempts that raised.", ["consumer", "type"]
)
events_dead_lettered = Counter(
    "lattice_events_dead_lettered_total",
    "Records sent to a dead-letter topic.",
    ["consumer", "topic"],
)
batches_rewound = Counter(
    "lattice_consumer_batches_rewound_total",
    "Batches rolled back and retried: the database or broker failed, or a deadlock.",
    ["consumer", "error"],
)
task_restarts = Counter(
    "lattice_task_restarts_total",
    "Background tasks (consumers, outbox relay) restarted after a crash.",
    ["task"],
)
inbox_purged = Counter(
    "lattice_inbox_purged_total", "Inbox rows deleted after the retention window.", ["schema"]
)
outbox_published = Counter(
    "lattice_outbox_published_total", "Outbox rows published to Kafka.", ["schema"]
)
outbox_backlog = Gauge("lattice_outbox_backlog", "Outbox rows not yet published.", ["schema"])
outbox_oldest_age = Gauge(
    "lattice_outbox_oldest_age_seconds",
    "How long the oldest outbox row not yet published has waited (0 when none).",
    ["schema"],
)
consumer_partitions = Gauge(
    "lattice_consumer_partitions", "Partitions assigned to the consumer.", ["consumer"]
)
events_parked = Gauge(
    "lattice_events_parked",
    "Events waiting for the entity they are about, as of the last parking sweep.",
    ["consumer"],
)
consumer_lag = Gauge(
    "lattice_consumer_lag", "Records behind the partition end.", ["consumer", "topic", "partition"]
)
handle_seconds = Histogram(
    "lattice_event_handle_seconds",
    "Time to handle one event, inbox and effect included.",
    ["consumer"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
)
gc_full_collection_seconds = Histogram(
    "lattice_gc_full_collection_seconds",
    "Pauses of the garbage collector's full collections, in a service that watches its heap.",
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
)
gc_freezes = Counter(
    "lattice_gc_freezes_total",
    "Times the survivors of a slow full collection were frozen out of later ones.",
)
http_requests = Counter(
    "lattice_http_requests_total",
    "HTTP requests answered, by route template (not the raw path) and status.",
    ["route", "method", "status"],
)
http_request_duration = Histogram(
    "lattice_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response, by route template.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
