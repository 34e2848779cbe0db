"""The console's settings, from the environment like every service's."""

from __future__ import annotations

from lattice_platform.settings import ServiceSettings, env
from pydantic import Field, SecretStr


class ConsoleSettings(ServiceSettings):
    service_name: str = "console"
    http_port: int = Field(8010, validation_alias=env("HTTP_PORT"))
    profile_url: str = Field("http://127.0.0.1:8001", validation_alias=env("LATTICE_PROFILE_URL"))
    openings_url: str = Field("http://127.0.0.1:8002", validation_alias=env("LATTICE_OPENINGS_URL"))
    learning_url: str = Field("http://127.0.0.1:8003", validation_alias=env("LATTICE_LEARNING_URL"))
    notifier_url: str = Field("http://127.0.0.1:8004", validation_alias=env("LATTICE_NOTIFIER_URL"))
    insights_url: str = Field("http://127.0.0.1:8005", validation_alias=env("LATTICE_INSIGHTS_URL"))
    webhooks_url: str = Field("http://127.0.0.1:8006", validation_alias=env("LATTICE_WEBHOOKS_URL"))
    session_ttl_s: int = Field(8 * 3600, validation_alias=env("CONSOLE_SESSION_TTL_S"))
    cookie_secure: bool = Field(
        True,
        validation_alias=env("CONSOLE_COOKIE_SECURE"),
        description="Send the session cookie over TLS only; false only on a loopback dev stack.",
    )
    dev_signing_key: SecretStr | None = Field(
        None,
        validation_alias=env("CONSOLE_DEV_SIGNING_KEY"),
        description="The dev stack's private key (PEM): enables the persona picker. Refused "
        "unless LATTICE_DEV_STACK is true.",
    )
    dev_stack: bool = Field(False, validation_alias=env("LATTICE_DEV_STACK"))
    dev_personas: str = Field(
        "",
        validation_alias=env("CONSOLE_DEV_PERSONAS"),
        description="The picker's personas: 'E0004=Ben Costa=employee;E0001=Ana=manager+hr'.",
    )
    internal_fill_baseline: float = Field(
        0.2,
        ge=0.0,
        le=1.0,
        validation_alias=env("CONSOLE_INTERNAL_FILL_BASELINE"),
        description="The internal fill rate HR measures against (a fraction): most companies "
        "fill about a fifth of their positions from inside.",
    )
    oidc_issuer: str | None = Field(None, validation_alias=env("OIDC_ISSUER"))
    oidc_client_id: str | None = Field(None, validation_alias=env("OIDC_CLIENT_ID"))
    oidc_client_secret: SecretStr | None = Field(None, validation_alias=env("OIDC_CLIENT_SECRET"))
    oidc_redirect_url: str | None = Field(
        None,
        validation_alias=env("OIDC_REDIRECT_URL"),
        description="This console's callback as registered with the provider: "
        "https://console.example.com/signin/callback.",
    )
    oidc_scopes: str = Field("openid profile", validation_alias=env("OIDC_SCOPES"))
