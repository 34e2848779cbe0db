"""Published documentation of the contracts: a JSON Schema per event and an AsyncAPI 3 document.

Both are generated from the models (FastStream builds the AsyncAPI document) and committed under
``docs/``; a test fails when the committed files are stale. Regenerate with ``lattice docs``.
"""

from __future__ import annotations

import json
from typing import Any

from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI
from lattice_platform.contracts.base import Event
from lattice_platform.contracts.envelope import (
    DATASCHEMA_HEADER,
    REQUIRED_HEADERS,
    SCHEMA_VERSION_HEADER,
    schema_path,
    schema_uri,
)
from lattice_platform.contracts.topics import ALL_TOPICS, Topic

DocFiles = dict[str, str]

CLOUDEVENTS_HEADERS: dict[str, Any] = {
    "type": "object",
    "description": "CloudEvents 1.0 attributes, Kafka binary content mode, and W3C trace context.",
    "required": [*REQUIRED_HEADERS, "content-type"],
    "properties": {
        "ce_specversion": {"const": "1.0"},
        "ce_id": {"type": "string", "description": "Unique event id; consumers deduplicate on it."},
        "ce_source": {"type": "string", "examples": ["/lattice/profile"]},
        "ce_type": {"type": "string", "description": "The event type (see the message title)."},
        "ce_time": {
            "type": "string",
            "format": "date-time",
            "description": "When it happened. Lattice always sends it; events without it are read.",
        },
        "ce_subject": {"type": "string", "description": "The record key: the entity id."},
        DATASCHEMA_HEADER: {
            "type": "string",
            "format": "uri",
            "description": "The $id of the payload's published JSON Schema, which names its "
            "version; older versions are upcast by consumers. Without it (and without "
            f"{SCHEMA_VERSION_HEADER}) the payload is read as the current version.",
            "examples": [schema_uri("io.lattice.skill.acquired", 1)],
        },
        SCHEMA_VERSION_HEADER: {
            "type": "string",
            "deprecated": True,
            "description": f"Payload schema version, the one {DATASCHEMA_HEADER} names; still "
            "sent for consumers that predate dataschema, read when dataschema is absent.",
        },
        "content-type": {"const": "application/json"},
        "traceparent": {"type": "string", "description": "W3C trace context of the producer."},
    },
}


KAFKA_BINDING = "0.4.0"

DEAD_LETTER_HEADERS: dict[str, Any] = {
    "type": "object",
    "description": "The original record's headers (CloudEventsKafkaHeaders when it had them; "
    "none when the dead letter is a reference), and why and where it failed.",
    "required": [
        "dlq_reason",
        "dlq_original_topic",
        "dlq_original_partition",
        "dlq_original_offset",
        "dlq_consumer",
        "dlq_failed_at",
    ],
    "properties": {
        "dlq_reason": {"type": "string", "description": "Why it was not applied (bounded)."},
        "dlq_original_topic": {"type": "string"},
        "dlq_original_partition": {"type": "string", "description": "An integer, as text."},
        "dlq_original_offset": {"type": "string", "description": "An integer, as text."},
        "dlq_consumer": {"type": "string", "description": "The consumer that gave up."},
        "dlq_failed_at": {"type": "string", "format": "date-time"},
        "dlq_dead_letter_id": {
            "type": "string",
            "description": "Set when the record was too large: its row in dead_letter.",
        },
    },
}

DEAD_LETTER_REFERENCE: dict[str, Any] = {
    "type": "object",
    "description": "Stands in for a dead letter too large for its topic.",
    "required": [
        "dead_letter_id",
        "original_topic",
        "original_partition",
        "original_offset",
        "reason",
    ],
    "properties": {
        "dead_letter_id": {"type": "integer"},
        "original_topic": {"type": "string"},
        "original_partition": {"type": "integer"},
        "original_offset": {"type": "integer"},
        "reason": {"type": "string"},
    },
}


def schema_file(model: type[Event]) -> str:
    return schema_path(model.event_type, model.schema_version)


def json_schema(model: type[Event]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="serialization")
    topics = [t for t in ALL_TOPICS if model in t.events]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_uri(model.event_type, model.schema_version),
        **schema,
        "x-cloudevents-type": model.event_type,
        "x-schema-version": model.schema_version,
        "x-kafka-topics": [t.name for t in topics],
        "x-kafka-key": topics[0].keyed_by,
    }


def asyncapi() -> dict[str, Any]:
    broker = KafkaBroker("kafka:9092", description="The organisation's Kafka cluster.")
    for topic in ALL_TOPICS:
        for model in topic.events:
            broker.publisher(
                topic.name,
                title=f"{topic.name}:{model.__name__}",
                description=f"{(model.__doc__ or '').strip()} Keyed by {topic.keyed_by}. "
                f"Written by {', '.join(topic.producers)}; read by {', '.join(topic.consumers)}.",
                schema=model,
                include_in_schema=True,
            )
    document: dict[str, Any] = json.loads(
        AsyncAPI(
            broker,
            title="Lattice events",
            version="1.0.0",
            description="Every event of the Lattice suite. CloudEvents 1.0, Kafka binary mode; "
            "dead letters go to <topic>.dlq with the original record and a dlq_reason header.",
            schema_version="3.0.0",
        )
        .to_specification()
        .to_json()
    )
    document["components"]["schemas"]["CloudEventsKafkaHeaders"] = CLOUDEVENTS_HEADERS
    for topic in ALL_TOPICS:
        for model in topic.events:
            message = document["components"]["messages"][f"{_channel(topic, model)}:Message"]
            message.pop("correlationId", None)  # FastStream's default names a header never sent
            message["headers"] = {"$ref": "#/components/schemas/CloudEventsKafkaHeaders"}
            message["bindings"] = {"kafka": {"bindingVersion": KAFKA_BINDING, "key": _key(topic)}}
    _add_receive_operations(document)
    _add_dead_letters(document)
    return document


def _channel(topic: Topic, model: type[Event]) -> str:
    return f"{topic.name}:{model.__name__}"


def _key(topic: Topic) -> dict[str, Any]:
    return {
        "type": "string",
        "description": f"The record key: the event's {topic.keyed_by}. One entity's events share "
        "a partition, which keeps them in order; a record keyed otherwise is dead-lettered.",
    }


def _add_receive_operations(document: dict[str, Any]) -> None:
    """FastStream documents publishers only: what each service reads is added from the topics."""
    for topic in ALL_TOPICS:
        for model in topic.events:
            channel = _channel(topic, model)
            for service in topic.consumers:
                document["operations"][f"{channel}:{service}"] = {
                    "action": "receive",
                    "summary": f"The {service} service reads it.",
                    "channel": {"$ref": f"#/channels/{channel}"},
                    "messages": [{"$ref": f"#/channels/{channel}/messages/Message"}],
                }


def _add_dead_letters(document: dict[str, Any]) -> None:
    """A channel per dead-letter topic, written by the services that read the topic."""
    document["components"]["schemas"]["DeadLetterHeaders"] = DEAD_LETTER_HEADERS
    document["components"]["schemas"]["DeadLetterReference"] = DEAD_LETTER_REFERENCE
    for topic in ALL_TOPICS:
        if not topic.consumers:
            continue
        channel = topic.dead_letter
        document["components"]["messages"][f"{channel}:Message"] = {
            "title": f"{channel}:Message",
            "summary": f"A record of {topic.name} that could not be applied, with the reason.",
            "headers": {"$ref": "#/components/schemas/DeadLetterHeaders"},
            "payload": {
                "description": "The original record's value, byte for byte; or, when the dead "
                "letter would be too large for the topic, a reference to the whole record kept "
                "in the consumer's dead_letter table (the dlq_dead_letter_id header is then set).",
                "anyOf": [
                    {"description": "The original value (any bytes, not necessarily JSON)."},
                    {"$ref": "#/components/schemas/DeadLetterReference"},
                ],
            },
            "bindings": {
                "kafka": {
                    "bindingVersion": KAFKA_BINDING,
                    "key": {"type": "string", "description": "The original record's key."},
                }
            },
        }
        document["channels"][channel] = {
            "address": channel,
            "description": f"Dead letters of {topic.name}: records that are malformed, whose "
            "handler kept failing, or whose entity never arrived. Replay them once fixed.",
            "bindings": {"kafka": {"bindingVersion": KAFKA_BINDING, "topic": channel}},
            "messages": {"Message": {"$ref": f"#/components/messages/{channel}:Message"}},
            "servers": [{"$ref": "#/servers/development"}],
        }
        for service in topic.consumers:
            document["operations"][f"{channel}:{service}"] = {
                "action": "send",
                "summary": f"The {service} service dead-letters the {topic.name} records it "
                "cannot apply.",
                "channel": {"$ref": f"#/channels/{channel}"},
                "messages": [{"$ref": f"#/channels/{channel}/messages/Message"}],
            }


def generate() -> DocFiles:
    files = {
        "asyncapi.json": _dump(asyncapi()),
    }
    for topic in ALL_TOPICS:
        for model in topic.events:
            files[schema_file(model)] = _dump(json_schema(model))
    return files


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, default=str) + "\n"
