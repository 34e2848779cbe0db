"""Request and response bodies of the figures."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

R = TypeVar("R", bound=BaseModel)


class Table(BaseModel, Generic[R]):
    items: list[R]


class FillRateRow(BaseModel):
    month: str | None = Field(None, description="YYYY-MM the opening was filled (UTC).")
    department: str | None = Field(None, description="Department that owns the opening.")
    kind: str | None = Field(None, description="role or temporary.")
    internal_fills: int = Field(description="Filled by an internal placement.")
    external_fills: int = Field(description="Filled from outside.")
    fills: int
    internal_fill_rate: float | None = Field(description="internal_fills / fills.")


class TimeToFillRow(BaseModel):
    month: str | None = None
    department: str | None = None
    kind: str | None = None
    fills: int = Field(description="Fills whose posting is known.")
    p50_days: float = Field(description="Median days from posted to filled.")
    p90_days: float = Field(description="90th percentile of days from posted to filled.")


class FunnelRow(BaseModel):
    opening_id: str | None = Field(None, description="None for the funnel of every opening.")
    title: str | None = None
    department: str | None = None
    kind: str | None = None
    surfaced: int = Field(description="Candidates surfaced (or further: every candidate).")
    interested: int = Field(description="Candidates who expressed interest, or got further.")
    shortlisted: int
    offered: int
    placed: int
    interested_rate: float | None = Field(description="interested / surfaced.")
    shortlisted_rate: float | None = Field(description="shortlisted / interested.")
    offered_rate: float | None = Field(description="offered / shortlisted.")
    placed_rate: float | None = Field(description="placed / offered.")


class ReleaseCounts(BaseModel):
    approved: int
    declined: int
    automatic: int = Field(description="Not answered by the deadline: released automatically.")
    pending: int
    on_behalf: int = Field(description="Of the answers, those HR gave on the manager's behalf.")
    given: int
    received: int


class ManagerReleasesRow(ReleaseCounts):
    manager_id: str
    given: int = Field(description="People this manager released who were placed.")
    received: int = Field(description="Placements into the openings this manager hires for.")


class DepartmentReleasesRow(ReleaseCounts):
    department: str
    given: int = Field(description="The department's people placed in another department.")
    received: int = Field(description="People of other departments placed in this one.")


class LearningPathRow(BaseModel):
    near_missed: int = Field(description="Employees who nearly matched an opening.")
    learned: int = Field(description="Of them, those who completed learning afterwards.")
    placed: int = Field(description="Of those, the ones placed (anywhere) after that learning.")
    learned_rate: float | None
    placed_rate: float | None
