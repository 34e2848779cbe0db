from __future__ import annotations

from lattice_platform.settings import ServiceSettings, env
from pydantic import Field


class OpeningsSettings(ServiceSettings):
    service_name: str = "openings"
    http_port: int = Field(8002, validation_alias=env("HTTP_PORT"))
    default_page_size: int = Field(
        20,
        ge=1,
        le=100,
        validation_alias=env("LATTICE_OPENINGS_DEFAULT_PAGE_SIZE"),
        description="Items per page when a reader asks for no limit (the cap is 100).",
    )
