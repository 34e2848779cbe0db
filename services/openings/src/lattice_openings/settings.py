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
    release_working_days: int = Field(
        10,
        ge=1,
        le=60,
        validation_alias=env("LATTICE_OPENINGS_RELEASE_WORKING_DAYS"),
        description="Working days a current manager has to answer a release request before "
        "the candidate is released automatically.",
    )
    release_permanent_moves: bool = Field(
        False,
        validation_alias=env("LATTICE_OPENINGS_RELEASE_PERMANENT_MOVES"),
        description="Whether an offer for a permanent opening also needs the current manager's "
        "release (a temporary assignment always does).",
    )
    deadline_check_interval_s: float = Field(
        60.0,
        gt=0,
        validation_alias=env("LATTICE_OPENINGS_DEADLINE_CHECK_INTERVAL_S"),
        description="How often release deadlines and assignment and opening end dates are checked.",
    )
