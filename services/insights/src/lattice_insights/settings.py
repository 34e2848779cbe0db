from __future__ import annotations

from lattice_platform.settings import ServiceSettings, env
from pydantic import Field


class InsightsSettings(ServiceSettings):
    service_name: str = "insights"
    http_port: int = Field(8005, validation_alias=env("HTTP_PORT"))
    gauge_interval_s: float = Field(
        30.0,
        gt=0,
        validation_alias=env("LATTICE_INSIGHTS_GAUGE_INTERVAL_S"),
        description="How often the Prometheus gauges of the figures are recomputed.",
    )
