"""Settings shared by every service, read from the environment only.

Each service subclasses :class:`ServiceSettings` with its own fields and a ``LATTICE_<SERVICE>_``
prefix for them; the common infrastructure variables keep their conventional names
(``DATABASE_URL``, ``KAFKA_BOOTSTRAP_SERVERS``...) so one environment can serve the whole suite.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def env(name: str) -> AliasChoices:
    """The environment variable a setting is read from (its lower-case form works too, for
    settings built from a mapping)."""
    return AliasChoices(name, name.lower())


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    service_name: str = Field("lattice", description="Name in logs, traces and CloudEvents source.")
    database_url: SecretStr = Field(
        SecretStr("postgresql://postgres@127.0.0.1:5432/postgres"),
        validation_alias=env("DATABASE_URL"),
        description="PostgreSQL DSN. Each service keeps its tables in its own schema.",
    )
    db_pool_min: int = Field(1, validation_alias=env("DB_POOL_MIN"))
    db_pool_max: int = Field(10, validation_alias=env("DB_POOL_MAX"))
    db_migrate_on_start: bool = Field(
        True,
        validation_alias=env("DB_MIGRATE_ON_START"),
        description="Apply pending migrations when serving starts. Off where migrations run as "
        "their own step with a DDL role: serving then refuses a schema that is not current.",
    )
    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", validation_alias=env("KAFKA_BOOTSTRAP_SERVERS")
    )
    kafka_security_protocol: str = Field(
        "PLAINTEXT",
        validation_alias=env("KAFKA_SECURITY_PROTOCOL"),
        description="PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.",
    )
    kafka_sasl_mechanism: str | None = Field(
        None, validation_alias=env("KAFKA_SASL_MECHANISM"), description="e.g. SCRAM-SHA-512."
    )
    kafka_sasl_username: str | None = Field(None, validation_alias=env("KAFKA_SASL_USERNAME"))
    kafka_sasl_password: SecretStr | None = Field(None, validation_alias=env("KAFKA_SASL_PASSWORD"))
    kafka_ssl_cafile: str | None = Field(
        None, validation_alias=env("KAFKA_SSL_CAFILE"), description="CA bundle for TLS listeners."
    )
    kafka_topic_prefix: str = Field(
        "", validation_alias=env("KAFKA_TOPIC_PREFIX"), description="Prefix on every topic name."
    )
    kafka_partitions: int = Field(6, validation_alias=env("KAFKA_PARTITIONS"))
    kafka_replication_factor: int = Field(1, validation_alias=env("KAFKA_REPLICATION_FACTOR"))
    kafka_create_topics: bool = Field(True, validation_alias=env("KAFKA_CREATE_TOPICS"))
    kafka_session_timeout_ms: int = Field(10_000, validation_alias=env("KAFKA_SESSION_TIMEOUT_MS"))
    kafka_heartbeat_interval_ms: int = Field(
        1_000, validation_alias=env("KAFKA_HEARTBEAT_INTERVAL_MS")
    )
    kafka_idempotence: bool = Field(
        True,
        validation_alias=env("KAFKA_IDEMPOTENCE"),
        description="Idempotent producer; off only for brokers without it (Tansu).",
    )
    kafka_fetch_max_wait_ms: int = Field(
        100,
        validation_alias=env("KAFKA_FETCH_MAX_WAIT_MS"),
        description="Longest a fetch waits for data; bounds latency on brokers that wait it out.",
    )
    kafka_consumer_lanes: int = Field(
        3,
        ge=1,
        validation_alias=env("KAFKA_CONSUMER_LANES"),
        description="Transactions a consumer that allows lanes handles a batch in while behind.",
    )
    kafka_consumer_max_batch: int = Field(
        500,
        ge=1,
        validation_alias=env("KAFKA_CONSUMER_MAX_BATCH"),
        description="Records a consumer handles in one transaction; a full one means behind.",
    )
    kafka_commit_interval_ms: int = Field(
        200,
        ge=0,
        validation_alias=env("KAFKA_COMMIT_INTERVAL_MS"),
        description="Least time between a consumer's offset commits; what is not committed yet "
        "when a consumer dies is redelivered and dropped by the inbox.",
    )
    handler_attempts: int = Field(
        3, validation_alias=env("HANDLER_ATTEMPTS"), description="Tries before a dead letter."
    )
    inbox_retention_days: float = Field(
        35.0,
        validation_alias=env("INBOX_RETENTION_DAYS"),
        description="How long a handled event's id stays in the inbox to catch redeliveries.",
    )
    inbox_purge_interval_s: float = Field(
        3600.0,
        validation_alias=env("INBOX_PURGE_INTERVAL_S"),
        description="How often ids older than the retention are purged from the inbox.",
    )
    parking_timeout_s: float = Field(
        86_400.0,
        validation_alias=env("PARKING_TIMEOUT_S"),
        description="How long an event waits for the entity it is about before a dead letter.",
    )
    parking_retry_interval_s: float = Field(
        1.0,
        validation_alias=env("PARKING_RETRY_INTERVAL_S"),
        description="How often parked events whose entity arrived are retried.",
    )
    outbox_batch_size: int = Field(500, validation_alias=env("OUTBOX_BATCH_SIZE"))
    outbox_poll_interval_s: float = Field(1.0, validation_alias=env("OUTBOX_POLL_INTERVAL_S"))
    http_host: str = Field("0.0.0.0", validation_alias=env("HTTP_HOST"))  # noqa: S104
    http_port: int = Field(8000, validation_alias=env("HTTP_PORT"))
    metrics_port: int | None = Field(
        None,
        validation_alias=env("METRICS_PORT"),
        description="Port of the Prometheus scrape listener (/metrics, no token); none if unset.",
    )
    http_max_body_bytes: int = Field(
        1024 * 1024,
        validation_alias=env("HTTP_MAX_BODY_BYTES"),
        description="Largest request body read (413 beyond); some routes set their own.",
    )
    http_head_timeout_s: float = Field(
        10.0,
        validation_alias=env("HTTP_HEAD_TIMEOUT_S"),
        description="A connection whose request head has not arrived by then is closed.",
    )
    jwt_public_key: SecretStr | None = Field(
        None,
        validation_alias=env("JWT_PUBLIC_KEY"),
        description="PEM key that signs tokens (dev).",
    )
    jwt_jwks_url: str | None = Field(None, validation_alias=env("JWT_JWKS_URL"))
    jwt_issuer: str = Field("lattice", validation_alias=env("JWT_ISSUER"))
    jwt_audience: str = Field("lattice", validation_alias=env("JWT_AUDIENCE"))
    log_level: str = Field("INFO", validation_alias=env("LOG_LEVEL"))
    log_json: bool = Field(True, validation_alias=env("LOG_JSON"))
    otel_exporter_otlp_endpoint: str | None = Field(
        None, validation_alias=env("OTEL_EXPORTER_OTLP_ENDPOINT")
    )
    shutdown_grace_s: float = Field(20.0, validation_alias=env("SHUTDOWN_GRACE_S"))
    dev_clock: bool = Field(
        False,
        validation_alias=env("LATTICE_DEV_CLOCK"),
        description="Let the clock be moved forward over HTTP: the dev stack only, never "
        "production.",
    )

    @property
    def db_schema(self) -> str:
        return self.service_name.replace("-", "_")

    @property
    def event_source(self) -> str:
        return f"/lattice/{self.service_name}"
