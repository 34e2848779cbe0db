from __future__ import annotations

from lattice_platform.settings import ServiceSettings, env
from pydantic import Field


class NotifierSettings(ServiceSettings):
    service_name: str = "notifier"
    http_port: int = Field(8004, validation_alias=env("HTTP_PORT"))
    match_threshold: float = Field(
        0.75,
        ge=0,
        le=1,
        validation_alias=env("LATTICE_NOTIFIER_MATCH_THRESHOLD"),
        description="Organisation default score needed to surface an opening.",
    )
    decay_months: int = Field(
        24,
        ge=1,
        validation_alias=env("LATTICE_NOTIFIER_DECAY_MONTHS"),
        description="A skill unused for longer counts one level lower ('use it or lose it').",
    )
    optional_bonus: float = Field(
        0.05, ge=0, le=0.2, validation_alias=env("LATTICE_NOTIFIER_OPTIONAL_BONUS")
    )
    near_miss_margin: float = Field(
        0.15, ge=0, le=1, validation_alias=env("LATTICE_NOTIFIER_NEAR_MISS_MARGIN")
    )
    recent_skill_days: int = Field(
        90, ge=1, validation_alias=env("LATTICE_NOTIFIER_RECENT_SKILL_DAYS")
    )
    daily_cap: int = Field(
        5,
        ge=0,
        validation_alias=env("LATTICE_NOTIFIER_DAILY_CAP"),
        description="Surfacings notified per employee per day; the rest go to the daily digest.",
    )
    digest_interval_s: float = Field(
        60.0, gt=0, validation_alias=env("LATTICE_NOTIFIER_DIGEST_INTERVAL_S")
    )
    feed_page_max: int = Field(100, ge=1, validation_alias=env("LATTICE_NOTIFIER_FEED_PAGE_MAX"))
