from __future__ import annotations

from lattice_platform.settings import ServiceSettings, env
from pydantic import Field


class WebhooksSettings(ServiceSettings):
    service_name: str = "webhooks"
    http_port: int = Field(8006, validation_alias=env("HTTP_PORT"))
    max_attempts: int = Field(
        10,
        ge=1,
        validation_alias=env("LATTICE_WEBHOOKS_MAX_ATTEMPTS"),
        description="Attempts of a delivery before it is dead-lettered.",
    )
    first_retry_s: float = Field(
        10.0,
        gt=0,
        validation_alias=env("LATTICE_WEBHOOKS_FIRST_RETRY_S"),
        description="Wait after the first failed attempt; it doubles after each further one.",
    )
    longest_retry_s: float = Field(
        3600.0,
        gt=0,
        validation_alias=env("LATTICE_WEBHOOKS_LONGEST_RETRY_S"),
        description="Longest wait between two attempts.",
    )
    timeout_s: float = Field(
        10.0,
        gt=0,
        validation_alias=env("LATTICE_WEBHOOKS_TIMEOUT_S"),
        description="How long an attempt waits for the subscriber's answer.",
    )
    poll_interval_s: float = Field(
        1.0,
        gt=0,
        validation_alias=env("LATTICE_WEBHOOKS_POLL_INTERVAL_S"),
        description="How often the due deliveries are looked for.",
    )
    batch_size: int = Field(
        50,
        ge=1,
        validation_alias=env("LATTICE_WEBHOOKS_BATCH_SIZE"),
        description="Deliveries attempted at once by a replica.",
    )
    allow_http: bool = Field(
        False,
        validation_alias=env("LATTICE_WEBHOOKS_ALLOW_HTTP"),
        description="Accept http:// subscriber addresses (development only); else https only.",
    )
    secret_grace_s: float = Field(
        86400.0,
        ge=0,
        validation_alias=env("LATTICE_WEBHOOKS_SECRET_GRACE_S"),
        description="After a secret is rotated, how long deliveries are signed by the previous "
        "one as well.",
    )
    delivered_retention_days: int = Field(
        7,
        ge=1,
        validation_alias=env("LATTICE_WEBHOOKS_DELIVERED_RETENTION_DAYS"),
        description="How long a delivered delivery is kept (for its webhook-id and history).",
    )

    @property
    def lease_s(self) -> float:
        """How long a claimed delivery is hidden from other replicas: past the attempt's
        timeout, so only a replica that died mid-attempt lets another one try it."""
        return self.timeout_s * 3
