"""CloudEvents 1.0 in Kafka binary content mode.

Attributes travel as ``ce_*`` headers, the payload as the JSON record value, the entity id as the
record key, and the W3C ``traceparent`` as its own header. The payload's schema is named by the
standard ``dataschema`` attribute, the URI of its published JSON Schema; the private
``ce_schemaversion`` extension still travels beside it for consumers that predate it. ``time`` is
optional, as in CloudEvents 1.0. Decoding is strict: every failure is a
:class:`MalformedEventError` whose message is the reason a dead-letter record carries. A record
whose key is not its event's key is malformed: per-key order (one partition per entity) holds
only for records keyed by their entity.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

import pydantic

from lattice_platform.contracts.base import Event, UnsupportedSchemaVersionError
from lattice_platform.contracts.topics import Topic, event_types

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"
SCHEMA_VERSION_HEADER = "ce_schemaversion"
DATASCHEMA_HEADER = "ce_dataschema"
TRACEPARENT_HEADER = "traceparent"
REQUIRED_HEADERS = ("ce_id", "ce_source", "ce_type", "ce_specversion")
_REQUIRED = frozenset(REQUIRED_HEADERS)
SCHEMA_BASE_URI = "https://lattice.dev/"
"""Base of the published schemas' ``$id``: an identifier, the same wherever docs/ is served."""
_SCHEMA_URI = re.compile(
    re.escape(SCHEMA_BASE_URI) + r"schemas/(?P<type>[A-Za-z0-9.-]+)\.v(?P<version>[0-9]{1,9})\.json"
)
MAX_EVENT_ID_LENGTH = 256
"""Longest ``ce_id`` accepted: ids are stored (inbox) and indexed, and ours are UUIDs."""
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")

Headers = list[tuple[str, bytes]]


class MalformedEventError(ValueError):
    """A record that is not a valid Lattice event. The message says why."""


@dataclass(frozen=True, slots=True)
class Record:
    key: bytes
    value: bytes
    headers: Headers


@dataclass(frozen=True, slots=True)
class Envelope:
    id: str
    source: str
    time: datetime | None
    """When it happened, if the producer said (ours always do; CloudEvents does not require it)."""
    event: Event
    traceparent: str | None = None

    @property
    def type(self) -> str:
        return self.event.event_type


def new_event_id() -> str:
    [event_id] = new_event_ids(1)
    return event_id


def new_event_ids(count: int) -> list[str]:
    """``count`` time-ordered UUIDs (version 7, RFC 9562: the Unix time in milliseconds, then 74
    random bits) from one read of the clock and of the system's random source.

    Every consumer keeps the ids it handled in its inbox for weeks, and every outbox row has a
    unique id: ids that grow with time go in at the right edge of those indexes, where random
    ones (version 4) land on any page of an index far larger than memory, and dirty a page each
    (a full-page image in the WAL after every checkpoint). In text as in bytes they sort by
    time, to the millisecond."""
    raw = bytearray(os.urandom(16 * count))
    stamp = (time.time_ns() // 1_000_000).to_bytes(6, "big")
    for k, byte in enumerate(stamp):
        raw[k::16] = bytes((byte,)) * count
    raw[6::16] = bytes(b & 0x0F | 0x70 for b in raw[6::16])  # version 7
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])  # the RFC 9562 variant
    h = raw.hex()
    return [
        f"{h[i : i + 8]}-{h[i + 8 : i + 12]}-{h[i + 12 : i + 16]}"
        f"-{h[i + 16 : i + 20]}-{h[i + 20 : i + 32]}"
        for i in range(0, 32 * count, 32)
    ]


def schema_path(event_type: str, version: int) -> str:
    """Where the JSON Schema of ``event_type`` at ``version`` is published, under docs/."""
    return f"schemas/{event_type}.v{version}.json"


def schema_uri(event_type: str, version: int) -> str:
    """The ``dataschema`` of such an event: the ``$id`` of its published JSON Schema."""
    return SCHEMA_BASE_URI + schema_path(event_type, version)


def encode(
    event: Event,
    *,
    source: str,
    event_id: str | None = None,
    time: datetime | None = None,
    traceparent: str | None = None,
) -> Record:
    headers = [
        (name, text.encode())
        for name, text in attributes(
            event,
            source=source,
            event_id=event_id or new_event_id(),
            time=rfc3339(time or datetime.now(UTC)),
            traceparent=traceparent,
        )
    ]
    return Record(key=event.key().encode(), value=event.model_dump_json().encode(), headers=headers)


def attributes(
    event: Event, *, source: str, event_id: str, time: str, traceparent: str | None
) -> list[tuple[str, str]]:
    """The record headers of ``event`` as text, in order; ``time`` is already RFC 3339."""
    return attributes_of(
        type(event),
        source=source,
        event_id=event_id,
        time=time,
        subject=event.key(),
        traceparent=traceparent,
    )


def attributes_of(
    model: type[Event],
    *,
    source: str,
    event_id: str,
    time: str,
    subject: str,
    traceparent: str | None,
) -> list[tuple[str, str]]:
    """The record headers of an event of ``model`` whose key is ``subject``."""
    pairs = [
        ("ce_specversion", SPEC_VERSION),
        ("ce_id", event_id),
        ("ce_source", source),
        ("ce_type", model.event_type),
        ("ce_time", time),
        ("ce_subject", subject),
        (DATASCHEMA_HEADER, schema_uri(model.event_type, model.schema_version)),
        (SCHEMA_VERSION_HEADER, str(model.schema_version)),
        ("content-type", CONTENT_TYPE),
    ]
    if traceparent:
        pairs.append((TRACEPARENT_HEADER, traceparent))
    return pairs


def decode(topic: Topic, key: bytes | None, value: bytes | None, headers: Headers) -> Envelope:
    """The event a record of ``topic`` carries; ``key`` is the record's key."""
    attributes = _attributes(headers)
    if not attributes.keys() >= _REQUIRED:
        missing = [name for name in REQUIRED_HEADERS if name not in attributes]
        raise MalformedEventError(f"missing CloudEvents headers: {', '.join(missing)}")
    if attributes["ce_specversion"] != SPEC_VERSION:
        raise MalformedEventError(
            f"unsupported CloudEvents specversion {attributes['ce_specversion']!r}"
        )
    content_type = attributes.get("content-type", CONTENT_TYPE)
    if not content_type.startswith(CONTENT_TYPE):
        raise MalformedEventError(
            f"unsupported content-type {content_type!r}; expected {CONTENT_TYPE}"
        )
    event_id = _event_id(attributes["ce_id"])
    model, version = _kind(
        topic,
        attributes["ce_type"],
        attributes.get(DATASCHEMA_HEADER),
        attributes.get(SCHEMA_VERSION_HEADER),
    )
    time = _time(attributes.get("ce_time"))
    event = payload_of(model, value, version)
    _check_key(key, event)
    return Envelope(
        id=event_id,
        source=attributes["ce_source"],
        time=time,
        event=event,
        traceparent=attributes.get(TRACEPARENT_HEADER),
    )


@lru_cache(maxsize=256)
def _kind(
    topic: Topic, event_type: str, dataschema: str | None, schemaversion: str | None
) -> tuple[type[Event], int]:
    """The model and payload version these attributes name on ``topic``. The same few
    combinations arrive on every record, so each is worked out once (a failure, every time)."""
    model = _model_for(topic, event_type)
    return model, schema_version_of(model, dataschema=dataschema, schemaversion=schemaversion)


def _event_id(text: str) -> str:
    """CloudEvents ``id`` is a non-empty string; ours must also be storable as an inbox key."""
    if not text:
        raise MalformedEventError("ce_id is empty")
    if len(text) > MAX_EVENT_ID_LENGTH:
        raise MalformedEventError(
            f"ce_id is {len(text)} characters long; at most {MAX_EVENT_ID_LENGTH} are accepted"
        )
    if _CONTROL_CHARACTERS.search(text):
        raise MalformedEventError("ce_id contains control characters")
    return text


def _check_key(key: bytes | None, event: Event) -> None:
    if key is None:
        raise MalformedEventError(
            f"record has no key; a {event.event_type} is keyed by its {event.key_field}"
        )
    if key != event.key().encode():
        raise MalformedEventError(
            f"record key is not the event's {event.key_field}: per-key order would not hold"
        )


def payload_of(model: type[Event], value: bytes | None, version: int) -> Event:
    """The event a JSON payload of ``version`` carries, upcast to the current model."""
    if not value:
        raise MalformedEventError("empty record value; expected a JSON object")
    try:
        if version == model.schema_version:
            return model.model_validate_json(value)
        raw = pydantic.TypeAdapter(dict[str, object]).validate_json(value)
        return model.model_validate(model.upcast(raw, version))
    except UnsupportedSchemaVersionError as exc:
        raise MalformedEventError(str(exc)) from exc
    except pydantic.ValidationError as exc:
        if any(error["type"] == "json_invalid" for error in exc.errors()):
            raise MalformedEventError(f"value is not valid JSON: {exc.errors()[0]['msg']}") from exc
        if any(error["type"] == "dict_type" for error in exc.errors()):
            raise MalformedEventError("value is not a JSON object") from exc
        raise MalformedEventError(
            f"{model.event_type} violates its contract: {_summary(exc)}"
        ) from exc


def _model_for(topic: Topic, event_type: str) -> type[Event]:
    model = event_types().get(event_type)
    if model is None:
        raise MalformedEventError(f"unknown ce_type {event_type!r}")
    if model not in topic.events:
        raise MalformedEventError(f"ce_type {event_type!r} does not belong on topic {topic.name}")
    return model


def schema_version_of(
    model: type[Event], *, dataschema: str | None, schemaversion: str | None
) -> int:
    """The payload's version: the one ``dataschema`` names when present, else ``schemaversion``,
    else the current one. When both are present they must agree."""
    version = None if schemaversion is None else _integer(schemaversion)
    if dataschema is None:
        return model.schema_version if version is None else version
    named = _version_named_by(dataschema, model)
    if version is not None and version != named:
        raise MalformedEventError(
            f"{DATASCHEMA_HEADER} names version {named} but {SCHEMA_VERSION_HEADER} says {version}"
        )
    return named


def _version_named_by(uri: str, model: type[Event]) -> int:
    found = _SCHEMA_URI.fullmatch(uri)
    if found is None:
        raise MalformedEventError(
            f"{DATASCHEMA_HEADER} {uri!r} is not one of Lattice's published schemas"
            f" ({SCHEMA_BASE_URI}schemas/<type>.v<N>.json)"
        )
    if found["type"] != model.event_type:
        raise MalformedEventError(
            f"{DATASCHEMA_HEADER} is the schema of {found['type']!r}, not of {model.event_type!r}"
        )
    return int(found["version"])


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError as exc:
        raise MalformedEventError(f"{SCHEMA_VERSION_HEADER} is not an integer: {text!r}") from exc


def _time(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError as exc:
        raise MalformedEventError(f"ce_time is not an RFC 3339 timestamp: {exc}") from exc


def _attributes(headers: Headers) -> dict[str, str]:
    try:  # the common case, in one pass
        return {name.lower(): raw.decode() for name, raw in headers}
    except UnicodeDecodeError:
        return _attributes_naming_the_bad_header(headers)


def _attributes_naming_the_bad_header(headers: Headers) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for name, raw in headers:
        try:
            attributes[name.lower()] = raw.decode()
        except UnicodeDecodeError as exc:
            raise MalformedEventError(f"header {name!r} is not UTF-8") from exc
    return attributes


def _summary(exc: pydantic.ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in error['loc']) or '<root>'}: {error['msg']}"
        for error in exc.errors()[:5]
    )


def rfc3339(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat().replace("+00:00", "Z")
