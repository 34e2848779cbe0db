"""Lattice's wire contracts: the event catalogue, topics and the CloudEvents envelope."""

from lattice_platform.contracts.base import (
    EmployeeStatus,
    Event,
    MoveKind,
    OpeningKind,
    SkillSource,
    TemporaryKind,
    Track,
)
from lattice_platform.contracts.envelope import (
    Envelope,
    MalformedEventError,
    Record,
    decode,
    encode,
)
from lattice_platform.contracts.topics import ALL_TOPICS, Topic

__all__ = [
    "ALL_TOPICS",
    "EmployeeStatus",
    "Envelope",
    "Event",
    "MalformedEventError",
    "MoveKind",
    "OpeningKind",
    "Record",
    "SkillSource",
    "TemporaryKind",
    "Topic",
    "Track",
    "decode",
    "encode",
]
