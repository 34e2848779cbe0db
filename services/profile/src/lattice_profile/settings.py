from __future__ import annotations

from lattice_platform.settings import ServiceSettings, env
from pydantic import Field, SecretStr


class ProfileSettings(ServiceSettings):
    service_name: str = "profile"
    http_port: int = Field(8001, validation_alias=env("HTTP_PORT"))
    default_discoverable: bool = Field(
        False,
        validation_alias=env("LATTICE_PROFILE_DEFAULT_DISCOVERABLE"),
        description="Policy: new employees start discoverable (default no: privacy first).",
    )
    hris_webhook_secret: SecretStr | None = Field(
        None,
        validation_alias=env("LATTICE_PROFILE_HRIS_WEBHOOK_SECRET"),
        description="Secret the HRIS signs webhook pushes with; without it the webhook is off.",
    )
    hris_webhook_previous_secret: SecretStr | None = Field(
        None,
        validation_alias=env("LATTICE_PROFILE_HRIS_WEBHOOK_SECRET_PREVIOUS"),
        description="During a rotation, the secret being replaced: pushes signed with either "
        "are accepted. Unset it once the HRIS signs with the new one.",
    )
    hris_webhook_tolerance_s: int = Field(
        300,
        validation_alias=env("LATTICE_PROFILE_HRIS_WEBHOOK_TOLERANCE_S"),
        description="Replay window: pushes signed longer ago (or further ahead) are refused.",
        gt=0,
    )
    scim_token_sha256: SecretStr | None = Field(
        None,
        validation_alias=env("LATTICE_PROFILE_SCIM_TOKEN_SHA256"),
        description="SHA-256 (hex) of the bearer token the SCIM provisioning client sends; "
        "without it /scim/v2 is off. The token itself is never stored.",
    )
    import_batch_size: int = Field(
        2000,
        validation_alias=env("LATTICE_PROFILE_IMPORT_BATCH_SIZE"),
        description="Employees written (with their events) per transaction by the bulk import.",
        gt=0,
    )

    def hris_webhook_secrets(self) -> list[bytes]:
        """The secrets a push may be signed with: the current one first."""
        given = (self.hris_webhook_secret, self.hris_webhook_previous_secret)
        return [secret.get_secret_value().encode() for secret in given if secret is not None]
