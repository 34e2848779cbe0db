"""Kafka plumbing: safe client defaults, the transactional outbox, and idempotent consumption."""
