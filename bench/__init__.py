"""Lattice's benchmarks, one entry point per measurement, run from the repository root:

    .venv/bin/python -m bench.matching       the matching engine against a naive SQL matcher
    .venv/bin/python -m bench.notifier       the notifier end to end: latency, then a burst
    .venv/bin/python -m bench.broker_soak    the embedded broker alone under sustained load
    .venv/bin/python -m bench.delivery       the platform's outbox and inbox against raw Kafka
    .venv/bin/python -m bench.growth         the notifier at 10k, 100k and 1M employees
    .venv/bin/python -m bench.db_tracing     what OpenTelemetry's asyncpg wrapper costs a call
    .venv/bin/python -m bench.upserts        the notifier's employee handlers on a burst of upserts
    .venv/bin/python -m bench.trigger_domain the in-memory steps of a SkillAcquired, step by step
    .venv/bin/python -m bench.event_ids      the inbox with random against time-ordered event ids
    .venv/bin/python -m bench.takeover       a replica taking partitions over, beside a restart

Each takes --help. Figures and how to read them: bench/README.md.
"""
