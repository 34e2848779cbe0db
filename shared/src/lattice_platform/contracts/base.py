"""The base every wire event shares: frozen, strict about unknown fields, versioned."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, TypeVar

from annotated_types import MaxLen
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

JsonDict = dict[str, Any]
Upcaster = Callable[[JsonDict], JsonDict]
T = TypeVar("T")

# Every string that crosses a boundary (events, HTTP) is bounded and NUL-free: PostgreSQL cannot
# store a NUL, and an unbounded string is stored and published whole.
NO_NUL = r"^[^\x00]*$"
ID_LENGTH = 128
NAME_LENGTH = 200
EMAIL_LENGTH = 254
TEXT_LENGTH = 2000
MANY = 500


def bounded(max_length: int) -> StringConstraints:
    return StringConstraints(max_length=max_length, pattern=NO_NUL)


Id = Annotated[str, bounded(ID_LENGTH)]
Key = Annotated[str, bounded(2 * ID_LENGTH + 32)]  # an id made of ids, e.g. employee:opening:n
Name = Annotated[str, bounded(NAME_LENGTH)]
Email = Annotated[str, bounded(EMAIL_LENGTH)]
Text = Annotated[str, bounded(TEXT_LENGTH)]
Many = Annotated[tuple[T, ...], MaxLen(MANY)]


class Track(StrEnum):
    """The two tracks of the dual career ladder."""

    MANAGEMENT = "management"
    INDIVIDUAL_CONTRIBUTOR = "individual_contributor"


class EmployeeStatus(StrEnum):
    ACTIVE = "active"
    ON_LEAVE = "on_leave"
    LEFT = "left"


class MoveKind(StrEnum):
    """Kinds of career move; also the mobility type of a surfaced opportunity."""

    PROMOTION = "promotion"
    LATERAL = "lateral"
    TRACK_SWITCH = "track_switch"
    TEMPORARY = "temporary"


class SkillSource(StrEnum):
    SELF = "self"
    MANAGER = "manager"
    HRIS = "hris"
    LEARNING = "learning"


class OpeningKind(StrEnum):
    ROLE = "role"
    TEMPORARY = "temporary"


class TemporaryKind(StrEnum):
    SECONDMENT = "secondment"
    STRETCH = "stretch"
    ACTING = "acting"
    PROJECT = "project"


class Event(BaseModel):
    """A wire event. Subclasses set the class variables that tie them to the catalogue.

    ``event_type`` is the CloudEvents ``type``; ``schema_version`` is the current version of the
    payload; ``upcasters[n]`` turns a payload of version ``n`` into version ``n + 1``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1
    key_field: ClassVar[str]
    upcasters: ClassVar[dict[int, Upcaster]] = {}

    def key(self) -> str:
        """The Kafka record key: the id of the entity the event is about."""
        return str(getattr(self, self.key_field))

    @classmethod
    def upcast(cls, payload: JsonDict, version: int) -> JsonDict:
        """Bring a payload written at ``version`` up to :attr:`schema_version`."""
        if version > cls.schema_version or version < 1:
            raise UnsupportedSchemaVersionError(cls.event_type, version, cls.schema_version)
        for step in range(version, cls.schema_version):
            upcaster = cls.upcasters.get(step)
            if upcaster is None:
                raise UnsupportedSchemaVersionError(cls.event_type, version, cls.schema_version)
            payload = upcaster(payload)
        return payload


class UnsupportedSchemaVersionError(ValueError):
    def __init__(self, event_type: str, version: int, current: int) -> None:
        super().__init__(
            f"{event_type} schema version {version} is not supported "
            f"(current {current}; upcasting covers 1..{current})"
        )


def described(description: str, example: Any, **kwargs: Any) -> Any:
    """A ``Field`` with the description and example that AsyncAPI and JSON Schema publish."""
    return Field(description=description, examples=[example], **kwargs)


def example_of(model: type[BaseModel]) -> JsonDict:
    """An example payload of ``model`` assembled from its fields' first examples."""
    example: JsonDict = {}
    for name, field in model.model_fields.items():
        if field.examples:
            value = field.examples[0]
            example[name] = value.isoformat() if isinstance(value, date | datetime) else value
    return example


EXAMPLE_TIME = datetime(2026, 3, 2, 9, 30)
EXAMPLE_DATE = date(2024, 5, 1)
