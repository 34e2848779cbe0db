"""Every topic of the suite, declared once: name, key, events, who writes and who reads it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache

from lattice_platform.contracts import events as ev
from lattice_platform.contracts.base import Event

PROFILE = "profile"
OPENINGS = "openings"
LEARNING = "learning"
NOTIFIER = "notifier"
INSIGHTS = "insights"
WEBHOOKS = "webhooks"
HRIS = "hris"
LMS = "lms"
SERVICES = (PROFILE, OPENINGS, LEARNING, NOTIFIER, INSIGHTS, WEBHOOKS)

RETENTION = timedelta(days=30)
"""How long a delete-policy topic or a dead-letter topic keeps a record, unless it says less."""
PII_RETENTION = timedelta(days=7)
"""The bound for topics whose records carry names and email addresses: the HRIS inbound topic
and its dead-letter topic (docs/operations.md, Personal data)."""


@dataclass(frozen=True)
class Topic:
    name: str
    description: str
    keyed_by: str
    events: tuple[type[Event], ...]
    producers: tuple[str, ...]
    consumers: tuple[str, ...] = field(default=())
    employee_keyed: bool = False
    retention: timedelta | None = RETENTION  # None: a compacted changelog, kept per key
    dead_letter_retention: timedelta = RETENTION

    @property
    def dead_letter(self) -> str:
        return f"{self.name}.dlq"

    def configs(self) -> dict[str, str]:
        """Topic configs requested when the topic is created."""
        if self.retention is None:
            return {"cleanup.policy": "compact"}
        return _retention_configs(self.retention)

    def dead_letter_configs(self) -> dict[str, str]:
        return _retention_configs(self.dead_letter_retention)

    def carries(self, event: Event) -> bool:
        return type(event) in self.events


EMPLOYEES = Topic(
    name="lattice.employees",
    description="Employee facts from the profile service: hires, changes, goals, skills, leavers.",
    keyed_by="employee_id",
    events=(ev.EmployeeUpserted, ev.EmployeeLeft, ev.CareerGoalSet, ev.SkillAcquired),
    producers=(PROFILE,),
    consumers=(NOTIFIER, LEARNING, OPENINGS, WEBHOOKS),
    employee_keyed=True,
)
ROLES = Topic(
    name="lattice.roles",
    description="The job architecture: roles with skill profiles and career paths.",
    keyed_by="role_id",
    events=(ev.RoleDefined,),
    producers=(OPENINGS,),
    consumers=(LEARNING, WEBHOOKS),
    retention=None,
)
OPENINGS_TOPIC = Topic(
    name="lattice.openings",
    description="Openings from posting to filled/closed.",
    keyed_by="opening_id",
    events=(ev.OpeningPosted, ev.OpeningUpdated, ev.OpeningClosed),
    producers=(OPENINGS,),
    consumers=(NOTIFIER, INSIGHTS, WEBHOOKS),
    retention=None,
)
LEARNING_TOPIC = Topic(
    name="lattice.learning",
    description="Completions, skills acquired by learning, recommendations, mentor suggestions.",
    keyed_by="employee_id",
    events=(ev.LearningCompleted, ev.SkillAcquired, ev.LearningRecommended, ev.MentorSuggested),
    producers=(LEARNING,),
    consumers=(NOTIFIER, PROFILE, INSIGHTS, WEBHOOKS),
    employee_keyed=True,
)
CATALOGUE = Topic(
    name="lattice.catalogue",
    description="The learning catalogue: what each item teaches, for pointing people at learning.",
    keyed_by="item_id",
    events=(ev.CatalogueItemChanged,),
    producers=(LEARNING,),
    consumers=(NOTIFIER, WEBHOOKS),
    retention=None,
)
OPPORTUNITIES = Topic(
    name="lattice.opportunities",
    description="The opportunity feed: surfaced, withdrawn, daily digests and near misses.",
    keyed_by="employee_id",
    events=(
        ev.OpportunitySurfaced,
        ev.OpportunityWithdrawn,
        ev.OpportunityDigested,
        ev.NearMissDetected,
    ),
    producers=(NOTIFIER,),
    consumers=(LEARNING, OPENINGS, INSIGHTS, WEBHOOKS),
    employee_keyed=True,
)
FEED_ACTIONS = Topic(
    name="lattice.feed-actions",
    description="What employees do with opportunities: interest, withdrawal, saves, dismissals.",
    keyed_by="employee_id",
    events=(
        ev.InterestExpressed,
        ev.InterestWithdrawn,
        ev.OpportunitySaved,
        ev.OpportunityDismissed,
    ),
    producers=(NOTIFIER,),
    consumers=(OPENINGS, INSIGHTS, WEBHOOKS),
    employee_keyed=True,
)
APPLICATIONS = Topic(
    name="lattice.applications",
    description="Candidates' applications to openings and their current managers' releases.",
    keyed_by="employee_id",
    events=(ev.ApplicationChanged, ev.ReleaseRequested, ev.ReleaseDecided),
    producers=(OPENINGS,),
    consumers=(NOTIFIER, INSIGHTS, WEBHOOKS),
    employee_keyed=True,
)
PLACEMENTS = Topic(
    name="lattice.placements",
    description="Moves into openings, for the HRIS to apply, and temporary assignments ending.",
    keyed_by="employee_id",
    events=(ev.PlacementMade, ev.AssignmentEnded),
    producers=(OPENINGS,),
    consumers=(PROFILE, INSIGHTS, WEBHOOKS),
    employee_keyed=True,
)
HRIS_INBOUND = Topic(
    name="lattice.hris.inbound",
    description="Inbound HRIS integration: hires, changes and leavers pushed by the HRIS.",
    keyed_by="hris_id",
    events=(ev.HrisEmployeeRecord, ev.HrisEmployeeTerminated),
    producers=(HRIS,),
    consumers=(PROFILE,),
    retention=PII_RETENTION,
    dead_letter_retention=PII_RETENTION,
)
LMS_INBOUND = Topic(
    name="lattice.lms.inbound",
    description="Inbound LMS integration: completions reported by an external learning platform.",
    keyed_by="employee_id",
    events=(ev.LmsCompletionReported,),
    producers=(LMS,),
    consumers=(LEARNING,),
    retention=timedelta(days=7),
)

ALL_TOPICS: tuple[Topic, ...] = (
    EMPLOYEES,
    ROLES,
    OPENINGS_TOPIC,
    LEARNING_TOPIC,
    CATALOGUE,
    OPPORTUNITIES,
    FEED_ACTIONS,
    APPLICATIONS,
    PLACEMENTS,
    HRIS_INBOUND,
    LMS_INBOUND,
)


def _retention_configs(retention: timedelta) -> dict[str, str]:
    return {"cleanup.policy": "delete", "retention.ms": str(retention // timedelta(milliseconds=1))}


@cache
def event_types() -> dict[str, type[Event]]:
    """Every CloudEvents type the suite knows, to its model; built once (decode asks per record)."""
    return {model.event_type: model for topic in ALL_TOPICS for model in topic.events}


def topic_named(name: str) -> Topic:
    for topic in ALL_TOPICS:
        if name in (topic.name, topic.dead_letter):
            return topic
    raise KeyError(name)
